//! Door-to-door canvassing overview: my doors, the round and its coverage per
//! community, building and representative, the "not home" doors to retry, and
//! for coordinators: assigning buildings, generating a compound, importing a walk list.

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::canvass::{self, local_time, RoundSettings};
use crate::app::records;
use crate::app::AppError;
use crate::domain::canvass::with_round;
use crate::domain::canvass::{
    address, building_key, buildings, coverage, coverage_by, door_states_by_round, retry_list,
    VisitRef,
};
use crate::domain::kinds::{Community, Household, Team, VisitOutcome};
use crate::i18n::{CanvassMsg, Msg};
use crate::ui::components::compound_form::CompoundForm;
use crate::ui::components::coverage_view::{coverage_view, my_doors_view};
use crate::ui::components::export_reminder::ExportReminder;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[function_component(DoorsPage)]
pub fn doors_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let reload = use_load((), |db, ()| async move { canvass::load(&db).await });
    let message = use_state(|| None::<Result<CanvassMsg, AppError>>);
    let retry_ref = use_node_ref();
    let Some(data) = reload.data() else {
        return reload.view(lang, |_| html! {});
    };
    let member = state.device.as_ref().and_then(|d| d.member_id.clone());
    // Generating, importing, assigning and starting rounds are a coordinator's.
    let coordinator = state.is_coordinator();
    let on_changed = {
        let reload = reload.clone();
        Callback::from(move |_| reload.reload())
    };

    let save_retry = {
        let (state, reload, message, retry_ref) = (
            state.clone(),
            reload.clone(),
            message.clone(),
            retry_ref.clone(),
        );
        let current = data.settings.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(store) = state.db() else { return };
            let retry_days = retry_ref
                .cast::<HtmlInputElement>()
                .and_then(|i| i.value().trim().parse::<u32>().ok())
                .filter(|d| *d <= 365)
                .unwrap_or(current.retry_days);
            let (reload, message) = (reload.clone(), message.clone());
            spawn_local(async move {
                let settings = RoundSettings { retry_days };
                match canvass::save_settings(&store, &settings).await {
                    Ok(()) => message.set(Some(Ok(CanvassMsg::RetrySaved))),
                    Err(err) => message.set(Some(Err(err))),
                }
                reload.reload();
            });
        })
    };
    // A coordinator starts a community's round: an edit of the community
    // record, so it travels in bundles and every phone counts the same round.
    let set_round = |community_id: &str, community: &Community| {
        let (state, reload, message) = (state.clone(), reload.clone(), message.clone());
        let (id, community) = (community_id.to_string(), community.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = e
                .target_unchecked_into::<web_sys::Element>()
                .query_selector("input[type=date]")
                .ok()
                .flatten()
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(el).ok());
            let date = input.map(|i| i.value()).unwrap_or_default();
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            if date.len() != 10 {
                message.set(Some(Ok(CanvassMsg::RoundDateMissing)));
                return;
            }
            let next = with_round(&community, &date);
            let (reload, message, id) = (reload.clone(), message.clone(), id.clone());
            spawn_local(async move {
                let data = serde_json::to_value(&next).unwrap_or_default();
                match records::edit(&store, &device.id, &id, data).await {
                    Ok(_) => message.set(Some(Ok(CanvassMsg::RoundSaved))),
                    Err(err) => message.set(Some(Err(err))),
                }
                reload.reload();
            });
        })
    };

    let assign = |community: &str, building: &str| {
        let in_building: Vec<(String, Household)> = data
            .doors
            .iter()
            .filter(|(_, h)| h.community_id == community && h.building == building)
            .cloned()
            .collect();
        let (state, reload, message) = (state.clone(), reload.clone(), message.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let assigned = (!value.is_empty()).then_some(value);
            let edits: Vec<(String, Value)> = in_building
                .iter()
                .filter(|(_, h)| h.assigned_to != assigned)
                .map(|(id, h)| {
                    let mut h = h.clone();
                    h.assigned_to = assigned.clone();
                    (id.clone(), serde_json::to_value(&h).unwrap_or_default())
                })
                .collect();
            let (reload, message) = (reload.clone(), message.clone());
            spawn_local(async move {
                match records::write_batch(&store, &device.id, Vec::new(), edits).await {
                    Ok(_) => message.set(Some(Ok(CanvassMsg::Assigned))),
                    Err(err) => message.set(Some(Err(err))),
                }
                reload.reload();
            });
        })
    };

    // Representatives to assign: citizens' committee members first.
    let mut reps: Vec<(String, String, bool)> = data
        .members
        .iter()
        .filter(|(_, m)| m.active)
        .map(|(id, m)| (id.clone(), m.name.clone(), m.team == Team::Citizen))
        .collect();
    reps.sort_by(|a, b| (!a.2, &a.1).cmp(&(!b.2, &b.1)));

    let communities_with_doors: Vec<&(String, Community)> = data
        .communities
        .iter()
        .filter(|(id, _)| data.doors.iter().any(|(_, h)| &h.community_id == id))
        .collect();
    let per_rep = coverage_by(
        data.doors.iter().map(|(id, h)| (id.as_str(), h)),
        &data.states,
        |h| h.assigned_to.clone(),
    );
    let retries = retry_list(
        data.doors.iter().map(|(id, _)| id.as_str()),
        &data.states,
        data.settings.retry_days,
    );
    let now = canvass::now();
    // Vulnerable households (for envoys' and volunteers' home visits), with
    // their last visit in any round, the longest unvisited first.
    // Their latest visit in any round: the round's rule with a round that
    // started at the epoch, in one pass over the visits.
    let vulnerable_ids: std::collections::HashSet<&str> = data
        .doors
        .iter()
        .filter(|(_, h)| h.vulnerable)
        .map(|(id, _)| id.as_str())
        .collect();
    let ever = door_states_by_round(
        data.visits.iter().map(|(rev, visit)| VisitRef {
            id: &rev.id,
            hlc: &rev.hlc,
            visit,
        }),
        |door| {
            vulnerable_ids
                .contains(door)
                .then_some(time::OffsetDateTime::UNIX_EPOCH)
        },
    );
    type LastVisit = Option<(VisitOutcome, time::OffsetDateTime)>;
    let mut vulnerable: Vec<(String, Household, LastVisit)> = data
        .doors
        .iter()
        .filter(|(_, h)| h.vulnerable)
        .map(|(id, h)| {
            let last = ever.get(id).map(|s| (s.outcome, s.at));
            (id.clone(), h.clone(), last)
        })
        .collect();
    vulnerable.sort_by_key(|(_, _, last)| last.map(|(_, at)| at));

    html! {
        <section data-testid="page-doors">
            <h1 data-testid="page-title">{ CanvassMsg::Title.get(lang) }</h1>
            <p class="muted">{ CanvassMsg::Intro.get(lang) }</p>
            <ExportReminder />
            if let Some(result) = &*message {
                { match result {
                    Ok(msg) => html! { <p class="notice ok" role="status" data-testid="doors-feedback">{ "✓ " }{ msg.get(lang) }</p> },
                    Err(err) => html! { <p class="notice error" role="alert" data-testid="doors-error">{ CanvassMsg::FailedNothingSaved.get(lang) }{ err.message(lang) }</p> },
                } }
            }

            <section class="card" data-testid="doors-mine">
                <h2>{ CanvassMsg::MyDoors.get(lang) }</h2>
                { match &member {
                    Some(member) => my_doors_view(&data, member, lang),
                    None => html! { <p class="muted" data-testid="my-doors-no-device">{ CanvassMsg::NoDevice.get(lang) }</p> },
                } }
            </section>

            <form class="form inline card" onsubmit={save_retry} data-testid="retry-form">
                <label><span>{ CanvassMsg::RetryDays.get(lang) }</span>
                    <input type="number" min="0" max="365" ref={retry_ref} value={data.settings.retry_days.to_string()} data-testid="round-retry-days" /></label>
                <button type="submit" class="button" data-testid="retry-save">{ Msg::SetupSave.get(lang) }</button>
                <p class="muted small">{ CanvassMsg::CoverageDef.get(lang) }</p>
            </form>
            if !coordinator {
                <p class="notice" data-testid="doors-coordinator-only">{ CanvassMsg::CoordinatorOnly.get(lang) }</p>
            }

            if data.doors.is_empty() {
                <p class="notice" data-testid="doors-none">{ CanvassMsg::NoCompounds.get(lang) }</p>
            }
            { for communities_with_doors.iter().map(|(community_id, community)| {
                let doors = data.doors_of(community_id);
                let total = coverage(doors.iter().map(|(id, h)| (id.as_str(), h)), &data.states);
                html! {
                    <section class="card community-doors" data-testid="doors-community" data-community={community.name.clone()}>
                        <h2>{ community.name.clone() }{ " " }{ coverage_view(&total, lang, "community-coverage") }</h2>
                        if coordinator {
                            <form class="form inline round" onsubmit={set_round(community_id, community)} data-testid="round-form">
                                <label><span>{ CanvassMsg::RoundSince.get(lang) }</span>
                                    <input type="date" value={data.round_of(community_id)} data-testid="round-start" /></label>
                                <button type="submit" class="button" data-testid="round-save">{ CanvassMsg::StartRound.get(lang) }</button>
                            </form>
                        } else {
                            <p class="muted small" data-testid="round-since">{ CanvassMsg::RoundSince.get(lang) }{ lang.colon() }{ data.round_of(community_id) }</p>
                        }
                        <div class="table-scroll">
                        <table class="table buildings-table">
                            <thead><tr>
                                <th>{ CanvassMsg::Building.get(lang) }</th>
                                <th>{ CanvassMsg::Coverage.get(lang) }</th>
                                <th>{ CanvassMsg::AssignedTo.get(lang) }</th>
                            </tr></thead>
                            <tbody>
                                { for buildings(doors.iter().map(|(_, h)| h)).into_iter().map(|building| {
                                    let in_building: Vec<&(String, Household)> = doors.iter().filter(|(_, h)| h.building == building).collect();
                                    let cover = coverage(in_building.iter().map(|(id, h)| (id.as_str(), h)), &data.states);
                                    let assigned = in_building.first().and_then(|(_, h)| h.assigned_to.clone());
                                    let mixed = in_building.iter().any(|(_, h)| h.assigned_to != assigned);
                                    let route = Route::Walk { community: (*community_id).clone(), building: building_key(&building) };
                                    html! {
                                        <tr data-testid="building-row" data-building={building.clone()}>
                                            <td><a href={route.href()} data-testid="walk-link">{ building.clone() }</a></td>
                                            <td>{ coverage_view(&cover, lang, "building-coverage") }</td>
                                            <td>
                                                if !coordinator {
                                                    { data.member_name(assigned.as_deref()).unwrap_or_else(|| if mixed { "…".into() } else { CanvassMsg::Unassigned.get(lang).to_string() }) }
                                                } else {
                                                <select onchange={assign(community_id, &building)} data-testid="assign-building"
                                                    aria-label={format!("{} {}", CanvassMsg::AssignedTo.get(lang), building)}>
                                                    <option value="" selected={assigned.is_none() && !mixed}>{ CanvassMsg::Unassigned.get(lang) }</option>
                                                    if mixed { <option value="-" selected=true disabled=true>{ "…" }</option> }
                                                    { for reps.iter().map(|(id, name, _)| html! {
                                                        <option value={id.clone()} selected={!mixed && assigned.as_deref() == Some(id.as_str())}>{ name.clone() }</option>
                                                    }) }
                                                </select>
                                                }
                                            </td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                        </div>
                    </section>
                }
            }) }

            if !per_rep.is_empty() {
                <section class="card" data-testid="doors-per-rep">
                    <h2>{ CanvassMsg::CoveragePerRep.get(lang) }</h2>
                    <ul class="rows">
                        { for per_rep.iter().map(|(member, cover)| html! {
                            <li data-testid="rep-coverage" data-member={member.clone()}>
                                <span class="row-title">{ data.member_name(Some(member)).unwrap_or_else(|| member.clone()) }</span>
                                { coverage_view(cover, lang, "rep-coverage-value") }
                            </li>
                        }) }
                    </ul>
                </section>
            }

            if !vulnerable.is_empty() {
                <section class="card" data-testid="doors-vulnerable">
                    <h2>{ CanvassMsg::Vulnerable.get(lang) }{ " " }<span class="muted small">{ vulnerable.len() }</span></h2>
                    <p class="muted small">{ CanvassMsg::VulnerableIntro.get(lang) }</p>
                    <ul class="rows">
                        { for vulnerable.iter().take(200).map(|(id, h, last)| html! {
                            <li data-testid="vulnerable-door">
                                <a href={Route::Household { id: id.clone() }.href()}>{ format!("{} {}", data.community_name(&h.community_id), address(h)) }</a>
                                <span class="muted small">
                                    if let Some(note) = &h.notes { { " · " }{ note.clone() } }
                                    { " · " }{ CanvassMsg::LastVisit.get(lang) }{ " " }
                                    { last.map(|(o, at)| format!("{} {}", local_time(at), o.label(lang))).unwrap_or_else(|| CanvassMsg::NoVisits.get(lang).to_string()) }
                                </span>
                            </li>
                        }) }
                    </ul>
                </section>
            }

            <section class="card" data-testid="doors-retry">
                <h2>{ CanvassMsg::Retry.get(lang) }{ " " }<span class="muted small">{ retries.len() }</span></h2>
                if retries.is_empty() {
                    <p class="muted">{ CanvassMsg::RetryNone.get(lang) }</p>
                } else {
                    <ul class="rows">
                        { for retries.iter().take(100).map(|retry| {
                            let door = data.door(&retry.id);
                            let due = retry.due <= now;
                            html! {
                                <li data-testid="retry-door" class={classes!(due.then_some("due"))}>
                                    <a href={Route::Household { id: retry.id.clone() }.href()}>
                                        { door.map(|h| format!("{} {}", data.community_name(&h.community_id), address(h))).unwrap_or_default() }
                                    </a>
                                    <span class="muted small">
                                        { " " }{ CanvassMsg::LastKnock.get(lang) }{ " " }{ local_time(retry.last) }{ " · " }
                                        if due { <strong>{ CanvassMsg::RetryDue.get(lang) }</strong> }
                                        else { { CanvassMsg::RetryWait.get(lang) }{ " " }{ local_time(retry.due) } }
                                    </span>
                                </li>
                            }
                        }) }
                    </ul>
                }
            </section>

            if coordinator {
                <CompoundForm communities={data.communities.clone()} on_changed={on_changed} />
            }
        </section>
    }
}
