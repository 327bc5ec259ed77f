//! One door: its address, whether the household is vulnerable, notes, who
//! walks it, every visit (all rounds, newest first) and every demand recorded for it.

use crate::ui::components::photos::RecordPhotos;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::canvass::{self, local_time, outcome_class};
use crate::app::records::{self};
use crate::app::AppError;
use crate::domain::canvass::{address, building_key, visit_time};
use crate::i18n::{CanvassMsg, Msg};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct HouseholdProps {
    pub id: String,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Saved,
    ConfirmRemove,
    Removed,
    Failed(AppError),
}

#[function_component(HouseholdPage)]
pub fn household_page(props: &HouseholdProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    // Removing a door is a coordinator's (adding one found at the door is anyone's).
    let coordinator = state.is_coordinator();
    let loaded = use_load(props.id.clone(), |db, id| async move {
        canvass::household_detail(&db, &id).await
    });
    let status = use_state(|| Status::Idle);
    let navigator = use_navigator();
    let notes_ref = use_node_ref();
    let vulnerable_ref = use_node_ref();

    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let Some(household) = data.household.clone() else {
        return html! {
            <section data-testid="page-household">
                if *status == Status::Removed {
                    <p class="notice ok" role="status" data-testid="household-removed">{ "✓ " }{ CanvassMsg::Removed.get(lang) }</p>
                } else {
                    <p class="notice" data-testid="household-not-found">{ CanvassMsg::HouseholdNotFound.get(lang) }</p>
                }
                <a href={Route::Doors.href()}>{ CanvassMsg::Title.get(lang) }</a>
            </section>
        };
    };
    let walk = Route::Walk {
        community: household.community_id.clone(),
        building: building_key(&household.building),
    };
    let round_start = canvass::start_instant(&data.round);

    let on_save = {
        let (state, status, loaded, id, notes_ref, vulnerable_ref, household) = (
            state.clone(),
            status.clone(),
            loaded.clone(),
            props.id.clone(),
            notes_ref.clone(),
            vulnerable_ref.clone(),
            household.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let mut next = household.clone();
            next.notes = notes_ref
                .cast::<HtmlTextAreaElement>()
                .map(|t| t.value().trim().to_string())
                .filter(|n| !n.is_empty());
            next.vulnerable = vulnerable_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.checked())
                .unwrap_or(next.vulnerable);
            let data = match serde_json::to_value(&next) {
                Ok(data) => data,
                Err(err) => return status.set(Status::Failed(AppError::from(err))),
            };
            let (status, loaded, id) = (status.clone(), loaded.clone(), id.clone());
            spawn_local(async move {
                match records::edit(&store, &device.id, &id, data).await {
                    Ok(_) => {
                        status.set(Status::Saved);
                        loaded.reload();
                    }
                    Err(err) => status.set(Status::Failed(err)),
                }
            });
        })
    };
    let on_remove = {
        let (state, status, loaded, id) = (
            state.clone(),
            status.clone(),
            loaded.clone(),
            props.id.clone(),
        );
        Callback::from(move |_| {
            if *status != Status::ConfirmRemove {
                status.set(Status::ConfirmRemove);
                return;
            }
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let (status, loaded, id) = (status.clone(), loaded.clone(), id.clone());
            spawn_local(async move {
                match records::delete(&store, &device.id, &id).await {
                    Ok(_) => {
                        status.set(Status::Removed);
                        loaded.reload();
                    }
                    Err(err) => status.set(Status::Failed(err)),
                }
            });
        })
    };
    let record_need = {
        let (navigator, id) = (navigator.clone(), props.id.clone());
        Callback::from(move |_| {
            if let Some(nav) = &navigator {
                nav.push(&Route::CaptureAtDoor {
                    household: id.clone(),
                });
            }
        })
    };
    let member_name = |id: Option<&str>| {
        id.and_then(|id| data.members.iter().find(|(m, _)| m == id))
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
    };

    html! {
        <section data-testid="page-household">
            <p class="muted small">
                <a href={Route::Doors.href()}>{ CanvassMsg::Title.get(lang) }</a>{ " › " }
                <a href={walk.href()} data-testid="household-building">{ format!("{} {}", data.community, household.building) }</a>
            </p>
            <h1 data-testid="page-title">{ address(&household) }</h1>
            <p>
                if household.vulnerable { <span class="tag warn" data-testid="household-vulnerable">{ CanvassMsg::Vulnerable.get(lang) }</span>{ " " } }
                <span class="muted">{ CanvassMsg::AssignedTo.get(lang) }{ lang.colon() }
                    { data.assigned.clone().unwrap_or_else(|| CanvassMsg::Unassigned.get(lang).to_string()) }</span>
            </p>
            <div class="actions">
                <a class="button" href={walk.href()} data-testid="household-walk">{ CanvassMsg::BackToBuilding.get(lang) }</a>
                <button type="button" class="button primary" onclick={record_need} data-testid="household-capture">{ CanvassMsg::TalkedNeed.get(lang) }</button>
            </div>
            <RecordPhotos id={props.id.clone()} kind={crate::domain::kinds::Kind::Household} on_saved={loaded.reloader()} />

            <h2>{ CanvassMsg::Demands.get(lang) }{ " " }<span class="muted small">{ data.demands.len() }</span></h2>
            if data.demands.is_empty() {
                <p class="muted" data-testid="household-no-demands">{ CanvassMsg::NoDemands.get(lang) }</p>
            } else {
                <ul class="rows" data-testid="household-demands">
                    { for data.demands.iter().map(|(id, d)| html! {
                        <li data-testid="household-demand">
                            <a href={Route::Demand { id: id.clone() }.href()}>{ d.title.clone() }</a>
                            <span class="muted small">{ " " }{ d.reported_on.clone() }</span>
                        </li>
                    }) }
                </ul>
            }

            <h2>{ CanvassMsg::Visits.get(lang) }{ " " }<span class="muted small">{ data.visits.len() }</span></h2>
            if data.visits.is_empty() {
                <p class="muted" data-testid="household-no-visits">{ CanvassMsg::NoVisits.get(lang) }</p>
            } else {
                <ul class="rows" data-testid="household-visits">
                    { for data.visits.iter().map(|(_, v)| {
                        let time = visit_time(v);
                        let in_round = time.is_some_and(|t| t >= round_start);
                        html! {
                            <li data-testid="household-visit" data-outcome={v.outcome.as_str()}>
                                <span class={classes!("swatch", outcome_class(Some(v.outcome)))}></span>
                                <strong>{ v.outcome.label(lang) }</strong>
                                <span class="muted small">
                                    { " " }{ time.map(local_time).unwrap_or_else(|| v.at.clone()) }
                                    { " · " }{ if in_round { CanvassMsg::InRound.get(lang) } else { CanvassMsg::EarlierRound.get(lang) } }
                                    if v.member_id.is_some() { { " · " }{ member_name(v.member_id.as_deref()) } }
                                </span>
                                if !v.demand_ids.is_empty() {
                                    { for v.demand_ids.iter().map(|d| html! {
                                        <a class="small" href={Route::Demand { id: d.clone() }.href()}>{ " →" }{ Msg::NavDemands.get(lang) }</a>
                                    }) }
                                }
                            </li>
                        }
                    }) }
                </ul>
            }

            // autocomplete off: keeps the notes out of the browser's session and autofill files.
            <form class="form" onsubmit={on_save} data-testid="household-form" autocomplete="off">
                <label class="check">
                    <input type="checkbox" ref={vulnerable_ref} checked={household.vulnerable} data-testid="household-vulnerable-input" />
                    <span>{ CanvassMsg::Vulnerable.get(lang) }</span>
                </label>
                <label>
                    <span>{ CanvassMsg::Notes.get(lang) }</span>
                    <textarea ref={notes_ref} rows="2" value={household.notes.clone().unwrap_or_default()} data-testid="household-notes" />
                </label>
                <button type="submit" class="button">{ CanvassMsg::SaveDoor.get(lang) }</button>
            </form>
            { match &*status {
                Status::Saved => html! { <p class="notice ok" role="status" data-testid="household-saved">{ "✓ " }{ CanvassMsg::DoorSaved.get(lang) }</p> },
                Status::Failed(err) => html! { <p class="notice error" role="alert">{ CanvassMsg::FailedNothingSaved.get(lang) }{ err.message(lang) }</p> },
                _ => html! {},
            } }
            if coordinator {
                <p>
                    <button type="button" class={classes!("button", "danger")} onclick={on_remove} data-testid="household-remove">
                        { if *status == Status::ConfirmRemove { CanvassMsg::RemoveConfirm.get(lang) } else { CanvassMsg::RemoveDoor.get(lang) } }
                    </button>
                </p>
            }
        </section>
    }
}
