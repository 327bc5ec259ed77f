//! The walk view: one building's doors as a grid by unit and floor, each
//! coloured by its latest visit in the current round. Tap a door, tap what
//! happened: an append-only `visit` is written. "Talked, has a need" opens the
//! doorstep capture for that door, which writes the demand and the visit together.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::canvass::{self, outcome_class, Canvass};
use crate::app::AppError;
use crate::domain::canvass::{
    address, building_grid, building_key, coverage, new_household, next_unvisited,
};
use crate::domain::kinds::{Visit, VisitOutcome};
use crate::domain::revision::Revision;
use crate::i18n::{CanvassMsg, Lang};
use crate::ui::components::door_sheet::DoorSheet;
use crate::ui::components::walk_legend::WalkLegend;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct WalkProps {
    pub community: String,
    /// [`building_key`] of the building.
    pub building: String,
}

#[derive(Clone, PartialEq)]
enum Feedback {
    Recorded(String, VisitOutcome),
    DoorAdded,
    Failed(AppError),
    Text(CanvassMsg),
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
    let feedback = use_state(|| None::<Feedback>);
    let busy = use_state(|| false);
    let unit_ref = use_node_ref();
    let door_ref = use_node_ref();

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
    let canvass = with_written(&base, &written.0);
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
    let grid = building_grid(&in_building, &building);
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
            if *busy {
                return;
            }
            busy.set(true);
            let label = canvass.door(&door).map(address).unwrap_or_default();
            let (written, feedback, busy) = (written.clone(), feedback.clone(), busy.clone());
            spawn_local(async move {
                match canvass::record_visit(&db, &device, &door, outcome).await {
                    Ok(written_visit) => {
                        written.dispatch(written_visit);
                        feedback.set(Some(Feedback::Recorded(label, outcome)));
                    }
                    Err(err) => feedback.set(Some(Feedback::Failed(err))),
                }
                busy.set(false);
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
                None => feedback.set(Some(Feedback::Text(CanvassMsg::AllVisited))),
            }
        })
    };

    let add_door = {
        let (state, reload, feedback, unit_ref, door_ref, community, building) = (
            state.clone(),
            loaded.clone(),
            feedback.clone(),
            unit_ref.clone(),
            door_ref.clone(),
            props.community.clone(),
            building.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default()
            };
            let (unit, door) = (value(&unit_ref), value(&door_ref));
            if door.is_empty() {
                feedback.set(Some(Feedback::Text(CanvassMsg::DoorRequired)));
                return;
            }
            let household = new_household(
                &community,
                &building,
                Some(&unit).filter(|u| !u.is_empty()).map(String::as_str),
                &door,
            );
            let (reload, feedback, door_ref) = (reload.clone(), feedback.clone(), door_ref.clone());
            spawn_local(async move {
                match canvass::add_household(&store, &device.id, household).await {
                    Ok(true) => {
                        if let Some(input) = door_ref.cast::<HtmlInputElement>() {
                            input.set_value("");
                        }
                        reload.reload();
                        feedback.set(Some(Feedback::DoorAdded));
                    }
                    Ok(false) => feedback.set(Some(Feedback::Text(CanvassMsg::DoorExists))),
                    Err(err) => feedback.set(Some(Feedback::Failed(err))),
                }
            });
        })
    };

    let door_button = |id: &String| {
        let household = canvass.door(id).cloned();
        let Some(h) = household else { return html! {} };
        let outcome = canvass.outcome(id);
        let is_selected = selected.as_deref() == Some(id.as_str());
        let onclick = {
            let (selected, feedback, id) = (selected.clone(), feedback.clone(), id.clone());
            Callback::from(move |_| {
                feedback.set(None);
                selected.set(Some(id.clone()));
            })
        };
        let state_label = outcome
            .map(|o| o.label(lang))
            .unwrap_or(CanvassMsg::NotVisited.get(lang));
        html! {
            <button type="button"
                class={classes!("door", outcome_class(outcome), h.vulnerable.then_some("vulnerable"), is_selected.then_some("selected"))}
                aria-pressed={is_selected.to_string()}
                aria-label={format!("{} · {}", address(&h), state_label)}
                data-testid="door" data-door-id={id.clone()} data-address={address(&h)}
                data-outcome={outcome.map(|o| o.as_str()).unwrap_or("none")} {onclick}>
                { h.door.clone() }
                if h.vulnerable { <span class="door-flag" aria-hidden="true">{ "★" }</span> }
            </button>
        }
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
                visits={canvass.states.get(id).map(|s| s.visits).unwrap_or(0)} busy={*busy}
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
            { feedback_view(&feedback, lang) }
            <button type="button" class="button" onclick={go_next} data-testid="walk-next">
                { CanvassMsg::NextUnvisited.get(lang) }{ " →" }
            </button>
            <WalkLegend counts={legend_counts} />
            <div class="units">
                { for grid.iter().map(|unit| html! {
                    <div class="unit" data-testid="walk-unit">
                        if let Some(name) = &unit.unit { <h2>{ name.clone() }</h2> }
                        <table class="door-grid">
                            <tbody>
                                { for unit.floors.iter().map(|(floor, ids)| html! {
                                    <tr>
                                        <th scope="row">{ floor.map(|f| format!("{f}F")).unwrap_or_else(|| "·".into()) }</th>
                                        <td>{ for ids.iter().map(door_button) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }) }
            </div>
            <details class="add-door">
                <summary data-testid="add-door-open">{ CanvassMsg::AddDoor.get(lang) }</summary>
                <form class="form inline" onsubmit={add_door} data-testid="add-door-form">
                    <label><span>{ CanvassMsg::Unit.get(lang) }</span>
                        <input type="text" ref={unit_ref} maxlength="20" data-testid="add-door-unit"
                            value={grid.first().and_then(|u| u.unit.clone()).unwrap_or_default()} /></label>
                    <label><span>{ CanvassMsg::Door.get(lang) }</span>
                        <input type="text" ref={door_ref} maxlength="20" data-testid="add-door-door" /></label>
                    <button type="submit" class="button">{ CanvassMsg::AddDoorButton.get(lang) }</button>
                </form>
            </details>
            { sheet.unwrap_or_default() }
        </section>
    }
}

fn feedback_view(feedback: &Option<Feedback>, lang: Lang) -> Html {
    match feedback {
        Some(Feedback::Recorded(label, outcome)) => html! {
            <p class="notice ok" role="status" data-testid="walk-feedback">
                { "✓ " }{ CanvassMsg::Recorded.get(lang) }{ format!("{label} · {}", outcome.label(lang)) }
            </p>
        },
        Some(Feedback::DoorAdded) => html! {
            <p class="notice ok" role="status" data-testid="walk-feedback">{ "✓ " }{ CanvassMsg::DoorAdded.get(lang) }</p>
        },
        Some(Feedback::Text(msg)) => html! {
            <p class="notice" role="status" data-testid="walk-feedback">{ msg.get(lang) }</p>
        },
        Some(Feedback::Failed(err)) => html! {
            <p class="notice error" role="alert" data-testid="walk-error">
                { CanvassMsg::FailedNothingSaved.get(lang) }{ err.message(lang) }
            </p>
        },
        None => html! {},
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
