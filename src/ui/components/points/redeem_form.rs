//! Redeeming a reward from the catalogue.

use yew::prelude::*;

use super::shared::{member_select, FormProps};
use crate::domain::kinds::Reward;
use crate::domain::points::{reward_name, PointsError};
use crate::i18n::PointsMsg;
use crate::ui::components::office_form::select_into;
use crate::ui::hooks::use_app;

/// Redeems a reward from the catalogue: a negative entry, never below zero.
#[function_component(RedeemForm)]
pub fn redeem_form(props: &FormProps) -> Html {
    let lang = use_app().lang;
    let member = use_state(String::new);
    let offered: Vec<(String, Reward)> = props
        .rewards
        .iter()
        .filter(|(_, r)| r.active)
        .cloned()
        .collect();
    // The chosen reward's id; empty means the first one offered.
    let reward = use_state(String::new);
    let on_submit = {
        let (member, reward) = (member.clone(), reward.clone());
        let (on_redeem, on_refuse) = (props.on_redeem.clone(), props.on_refuse.clone());
        let members = props.members.clone();
        let offered = offered.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !members.iter().any(|(id, _, _)| *id == *member) {
                on_refuse.emit(PointsError::Incomplete.text());
                return;
            }
            let chosen = offered
                .iter()
                .find(|(id, _)| *id == *reward)
                .or_else(|| offered.first());
            if let Some((reward_id, _)) = chosen {
                on_redeem.emit(((*member).clone(), reward_id.clone()));
            }
        })
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="points-redeem-form">
            <h2>{ PointsMsg::RedeemTitle.get(lang) }</h2>
            { member_select(&props.members, &member, select_into(&member), "points-redeem-member", lang) }
            <label>
                <span>{ PointsMsg::Reward.get(lang) }</span>
                <select onchange={select_into(&reward)} data-testid="points-redeem-reward">
                    { for offered.iter().map(|(id, r)| html! {
                        <option value={id.clone()} selected={*reward == *id}>
                            { format!("{} · {} {}", reward_name(r, lang), r.cost, PointsMsg::Points.get(lang)) }
                        </option>
                    }) }
                </select>
            </label>
            if offered.is_empty() {
                <p class="muted">{ PointsMsg::NoRewards.get(lang) }</p>
            }
            <button type="submit" class="primary" disabled={offered.is_empty()} data-testid="points-redeem-save">{ PointsMsg::RedeemSave.get(lang) }</button>
        </form>
    }
}
