//! One community on the Doors page: its coverage, its round (a coordinator
//! starts a new one) and its buildings, each with its coverage, a link to walk
//! it and who it is assigned to (a coordinator assigns).

use std::rc::Rc;

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::canvass::Canvass;
use crate::app::{records, AppError};
use crate::domain::canvass::{building_key, buildings, coverage, with_round};
use crate::domain::kinds::{Community, Household};
use crate::i18n::CanvassMsg;
use crate::ui::components::coverage_view::coverage_view;
use crate::ui::components::doors::DoorsResult;
use crate::ui::hooks::use_app;
use crate::ui::route::Route;

/// A representative one can assign: (member id, name, in the citizens' committee).
pub type Rep = (String, String, bool);

#[derive(Properties, PartialEq)]
pub struct CommunityDoorsProps {
    pub canvass: Rc<Canvass>,
    pub community_id: String,
    pub community: Community,
    /// Starting rounds and assigning buildings are a coordinator's.
    pub coordinator: bool,
    /// Whom buildings can be assigned to, citizens' committee members first.
    pub reps: Rc<Vec<Rep>>,
    pub on_result: Callback<DoorsResult>,
}

#[function_component(CommunityDoors)]
pub fn community_doors(props: &CommunityDoorsProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let data = &props.canvass;
    let community_id = &props.community_id;
    let coordinator = props.coordinator;

    // A coordinator starts the community's round: an edit of the community
    // record, so it travels in bundles and every phone counts the same round.
    let set_round = {
        let (state, on_result) = (state.clone(), props.on_result.clone());
        let (id, community) = (community_id.clone(), props.community.clone());
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
                on_result.emit(Ok(CanvassMsg::RoundDateMissing));
                return;
            }
            let data = match serde_json::to_value(with_round(&community, &date)) {
                Ok(data) => data,
                Err(err) => return on_result.emit(Err(AppError::from(err))),
            };
            let (on_result, id) = (on_result.clone(), id.clone());
            spawn_local(async move {
                let result = records::edit(&store, &device.id, &id, data).await;
                on_result.emit(result.map(|_| CanvassMsg::RoundSaved));
            });
        })
    };

    let doors = data.doors_of(community_id);
    // Assigns every door of a building to one representative (or to none), in one batch.
    let assign = |building: &str| {
        let in_building: Vec<(String, Household)> = doors
            .iter()
            .filter(|(_, h)| h.building == building)
            .cloned()
            .collect();
        let (state, on_result) = (state.clone(), props.on_result.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let assigned = (!value.is_empty()).then_some(value);
            let edits: Result<Vec<(String, Value)>, serde_json::Error> = in_building
                .iter()
                .filter(|(_, h)| h.assigned_to != assigned)
                .map(|(id, h)| {
                    let mut h = h.clone();
                    h.assigned_to = assigned.clone();
                    Ok((id.clone(), serde_json::to_value(&h)?))
                })
                .collect();
            let edits = match edits {
                Ok(edits) => edits,
                Err(err) => return on_result.emit(Err(AppError::from(err))),
            };
            let on_result = on_result.clone();
            spawn_local(async move {
                let result = records::write_batch(&store, &device.id, Vec::new(), edits).await;
                on_result.emit(result.map(|_| CanvassMsg::Assigned));
            });
        })
    };

    let total = coverage(doors.iter().map(|(id, h)| (id.as_str(), h)), &data.states);
    let rows = buildings(doors.iter().map(|(_, h)| h)).into_iter().map(|building| {
        let in_building: Vec<&(String, Household)> =
            doors.iter().filter(|(_, h)| h.building == building).collect();
        let cover = coverage(
            in_building.iter().map(|(id, h)| (id.as_str(), h)),
            &data.states,
        );
        let assigned = in_building.first().and_then(|(_, h)| h.assigned_to.clone());
        let mixed = in_building.iter().any(|(_, h)| h.assigned_to != assigned);
        let route = Route::Walk {
            community: community_id.clone(),
            building: building_key(&building),
        };
        html! {
            <tr data-testid="building-row" data-building={building.clone()}>
                <td><a href={route.href()} data-testid="walk-link">{ building.clone() }</a></td>
                <td>{ coverage_view(&cover, lang, "building-coverage") }</td>
                <td>
                    if !coordinator {
                        { data.member_name(assigned.as_deref()).unwrap_or_else(|| if mixed { "…".into() } else { CanvassMsg::Unassigned.get(lang).to_string() }) }
                    } else {
                    <select onchange={assign(&building)} data-testid="assign-building"
                        aria-label={format!("{} {}", CanvassMsg::AssignedTo.get(lang), building)}>
                        <option value="" selected={assigned.is_none() && !mixed}>{ CanvassMsg::Unassigned.get(lang) }</option>
                        if mixed { <option value="-" selected=true disabled=true>{ "…" }</option> }
                        { for props.reps.iter().map(|(id, name, _)| html! {
                            <option value={id.clone()} selected={!mixed && assigned.as_deref() == Some(id.as_str())}>{ name.clone() }</option>
                        }) }
                    </select>
                    }
                </td>
            </tr>
        }
    });
    html! {
        <section class="card community-doors" data-testid="doors-community" data-community={props.community.name.clone()}>
            <h2>{ props.community.name.clone() }{ " " }{ coverage_view(&total, lang, "community-coverage") }</h2>
            if coordinator {
                <form class="form inline round" onsubmit={set_round} data-testid="round-form">
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
                <tbody>{ for rows }</tbody>
            </table>
            </div>
        </section>
    }
}
