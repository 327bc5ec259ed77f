//! Adding or editing one reward.

use yew::prelude::*;

use super::shared::save_reward;
use crate::domain::kinds::Reward;
use crate::domain::points::edited_reward;
use crate::i18n::{PointsMsg, Text};
use crate::ui::components::office_form::input_into;
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct RewardFormProps {
    pub id: Option<String>,
    pub base: Option<Reward>,
    pub on_saved: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_refuse: Callback<Text>,
}

/// A coordinator's new reward, or edit of one (names and cost).
#[function_component(RewardForm)]
pub fn reward_form(props: &RewardFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let base = props.base.clone();
    let name = use_state(|| base.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let name_en = use_state(|| {
        base.as_ref()
            .and_then(|r| r.name_en.clone())
            .unwrap_or_default()
    });
    let cost = use_state(|| {
        base.as_ref()
            .map(|r| r.cost.to_string())
            .unwrap_or_default()
    });
    let on_submit = {
        let (name, name_en, cost) = (name.clone(), name_en.clone(), cost.clone());
        let (id, base) = (props.id.clone(), props.base.clone());
        let (on_saved, on_refuse) = (props.on_saved.clone(), props.on_refuse.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = cost.trim().parse::<i64>().unwrap_or(0);
            let active = base.as_ref().is_none_or(|b| b.active);
            match edited_reward(base.as_ref(), &name, &name_en, value, active) {
                Ok(reward) => save_reward(
                    &state,
                    id.clone(),
                    reward,
                    on_saved.clone(),
                    on_refuse.clone(),
                ),
                Err(err) => on_refuse.emit(err.text()),
            }
        })
    };
    let on_cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    html! {
        <form class="form rule-form" onsubmit={on_submit} data-testid="points-reward-form">
            <label>
                <span>{ PointsMsg::RuleName.get(lang) }</span>
                <input type="text" value={(*name).clone()} oninput={input_into(&name)} data-testid="points-reward-name" />
            </label>
            <label>
                <span>{ PointsMsg::RuleNameEn.get(lang) }</span>
                <input type="text" value={(*name_en).clone()} oninput={input_into(&name_en)} data-testid="points-reward-name-en" />
            </label>
            <label>
                <span>{ PointsMsg::RewardCost.get(lang) }</span>
                <input type="number" step="1" min="1" value={(*cost).clone()} oninput={input_into(&cost)} data-testid="points-reward-cost-input" />
            </label>
            <div class="dash-actions">
                <button type="submit" class="primary" data-testid="points-reward-save">{ PointsMsg::RewardSave.get(lang) }</button>
                <button type="button" onclick={on_cancel} data-testid="points-reward-cancel">{ PointsMsg::RuleCancel.get(lang) }</button>
            </div>
        </form>
    }
}
