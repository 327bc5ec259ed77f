//! The walk view: one building's doors as a grid by unit and floor, each
//! coloured by its latest visit in the current round. Tap a door, tap what
//! happened: an append-only `visit` is written. "Talked, has a need" opens the
//! doorstep capture for that door, which writes the demand and the visit together.

use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::canvass::{self, Canvass};
use crate::domain::canvass::{address, building_grid, building_key, coverage, next_unvisited};
use crate::domain::kinds::{Visit, VisitOutcome};
use crate::domain::revision::Revision;
use crate::i18n::CanvassMsg;
use crate::ui::components::door_sheet::DoorSheet;
use crate::ui::components::walk::{AddDoorForm, DoorGrid, WalkFeedback, WalkFeedbackView};
use crate::ui::components::walk_legend::WalkLegend;
use crate::ui::hooks::{use_app, use_busy, use_load};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct WalkProps {
    pub community: String,
    /// [`building_key`] of the building.
    pub building: String,
}

#[function_component(WalkPage)]
pub fn walk_page(props: &WalkProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load(
        (props.community.clone(), props.building.clone()),
        |db, (community, building)| async move {
            canvass::load_building(&db, &community, &building).await
        },
    );
    // Visits written here since the last load: shown at once, without reading
    // the building again. A reducer, so two quick taps both land.
    let written = use_reducer(Written::default);
    let selected = use_state(|| None::<String>);
    let feedback = use_state(|| None::<WalkFeedback>);
    let busy = use_busy();

    // Keep the chosen door in view (the grid may be taller than the phone).
    use_effect_with((*selected).clone(), |selected| {
        if let Some(id) = selected {
            let found = gloo::utils::document()
                .query_selector(&format!("[data-door-id=\"{id}\"]"))
                .ok()
                .flatten();
            if let Some(el) = found {
                // Near the top, below the sticky header: the door sheet covers the bottom.
                let top = el.get_bounding_client_rect().top();
                if !(120.0..=300.0).contains(&top) {
                    gloo::utils::window().scroll_by_with_x_and_y(0.0, top - 140.0);
                }
            }
        }
    });

    let Some(base) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let canvass = Rc::new(with_written(&base, &written.0));
    let doors = canvass.doors_of(&props.community);
    let Some(building) = doors
        .iter()
        .map(|(_, h)| h.building.clone())
        .find(|b| building_key(b) == props.building)
    else {
        return html! {
            <section data-testid="page-walk">
                <p class="notice" data-testid="walk-not-found">{ CanvassMsg::BuildingNotFound.get(lang) }</p>
                <a href={Route::Doors.href()}>{ CanvassMsg::Title.get(lang) }</a>
            </section>
        };
    };
    let in_building: Vec<(String, crate::domain::kinds::Household)> = doors
        .iter()
        .filter(|(_, h)| h.building == building)
        .cloned()
        .collect();
    let grid = Rc::new(building_grid(&in_building, &building));
    let cover = coverage(
        in_building.iter().map(|(id, h)| (id.as_str(), h)),
        &canvass.states,
    );

    let record = {
        let (state, written, feedback, busy, canvass) = (
            state.clone(),
            written.clone(),
            feedback.clone(),
            busy.clone(),
            canvass.clone(),
        );
        move |door: String, outcome: VisitOutcome| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            if !busy.start() {
                return;
            }
            let label = canvass.door(&door).map(address).unwrap_or_default();
            let (written, feedback, busy) = (written.clone(), feedback.clone(), busy.clone());
            spawn_local(async move {
                match canvass::record_visit(&db, &device, &door, outcome).await {
                    Ok(written_visit) => {
                        written.dispatch(written_visit);
                        feedback.set(Some(WalkFeedback::Recorded(label, outcome)));
                    }
                    Err(err) => feedback.set(Some(WalkFeedback::Failed(err))),
                }
                busy.finish();
            });
        }
    };

    let go_next = {
        let (selected, feedback, canvass, in_building) = (
            selected.clone(),
            feedback.clone(),
            canvass.clone(),
            in_building.clone(),
        );
        Callback::from(move |_| {
            let from = (*selected)
                .clone()
                .or_else(|| in_building.first().map(|(id, _)| id.clone()));
            let next = from.and_then(|from| {
                if !canvass.states.contains_key(&from) && selected.is_none() {
                    Some(from)
                } else {
                    next_unvisited(&in_building, &canvass.states, &from).map(str::to_string)
                }
            });
            match next {
                Some(id) => selected.set(Some(id)),
                None => feedback.set(Some(WalkFeedback::Text(CanvassMsg::AllVisited))),
            }
        })
    };

    // A door added: read the building again; anything else is only said.
    let on_add_feedback = {
        let (reload, feedback) = (loaded.clone(), feedback.clone());
        Callback::from(move |result: WalkFeedback| {
            if result == WalkFeedback::DoorAdded {
                reload.reload();
            }
            feedback.set(Some(result));
        })
    };
    let on_select = {
        let (selected, feedback) = (selected.clone(), feedback.clone());
        Callback::from(move |id: String| {
            feedback.set(None);
            selected.set(Some(id));
        })
    };

    let legend_counts: Vec<(Option<VisitOutcome>, usize)> = std::iter::once(None)
        .chain(VisitOutcome::ALL.iter().map(|o| Some(*o)))
        .map(|o| {
            let n = in_building
                .iter()
                .filter(|(id, _)| canvass.outcome(id) == o)
                .count();
            (o, n)
        })
        .collect();

    let sheet = selected.as_ref().and_then(|id| {
        let household = canvass.door(id)?.clone();
        let on_record = {
            let (record, id) = (record.clone(), id.clone());
            Callback::from(move |outcome: VisitOutcome| record(id.clone(), outcome))
        };
        let on_close = {
            let selected = selected.clone();
            Callback::from(move |()| selected.set(None))
        };
        Some(html! {
            <DoorSheet id={id.clone()} {household} outcome={canvass.outcome(id)}
                visits={canvass.states.get(id).map(|s| s.visits).unwrap_or(0)} busy={busy.is_busy()}
                {on_record} on_next={go_next.clone()} {on_close} />
        })
    });

    html! {
        <section data-testid="page-walk" class={classes!("walk", sheet.is_some().then_some("with-sheet"))}>
            <p class="muted small"><a href={Route::Doors.href()}>{ CanvassMsg::Title.get(lang) }</a>{ " › " }{ canvass.community_name(&props.community) }</p>
            <h1 data-testid="page-title">{ building.clone() }</h1>
            <p class="coverage-line" data-testid="walk-coverage">
                { CanvassMsg::Coverage.get(lang) }{ " " }
                <strong data-testid="walk-coverage-percent">{ format!("{}%", cover.percent()) }</strong>
                { format!(" · {} / {} {}", cover.visited, cover.doors, CanvassMsg::Doors.get(lang)) }
                <progress max={cover.doors.max(1).to_string()} value={cover.visited.to_string()}></progress>
            </p>
            <WalkFeedbackView feedback={(*feedback).clone()} />
            <button type="button" class="button" onclick={go_next} data-testid="walk-next">
                { CanvassMsg::NextUnvisited.get(lang) }{ " →" }
            </button>
            <WalkLegend counts={legend_counts} />
            <DoorGrid grid={grid.clone()} canvass={canvass.clone()} selected={(*selected).clone()} {on_select} />
            <AddDoorForm community={props.community.clone()} building={building.clone()}
                unit={grid.first().and_then(|u| u.unit.clone()).unwrap_or_default()} on_feedback={on_add_feedback} />
            { sheet.unwrap_or_default() }
        </section>
    }
}

/// Visits written on this page since its data was read, oldest first.
#[derive(Default, PartialEq)]
struct Written(Vec<(Revision, Visit)>);

impl Reducible for Written {
    type Action = (Revision, Visit);
    fn reduce(self: Rc<Self>, visit: (Revision, Visit)) -> Rc<Self> {
        let mut next = self.0.clone();
        next.push(visit);
        Rc::new(Written(next))
    }
}

/// The building as read, with the visits written since that it does not hold yet.
fn with_written(base: &Canvass, written: &[(Revision, Visit)]) -> Canvass {
    let mut canvass = base.clone();
    let fresh: Vec<_> = written
        .iter()
        .filter(|(rev, _)| !base.visits.iter().any(|(r, _)| r.id == rev.id))
        .cloned()
        .collect();
    if !fresh.is_empty() {
        canvass.visits.extend(fresh);
        canvass.recompute();
    }
    canvass
}
