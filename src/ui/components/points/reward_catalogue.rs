//! The reward catalogue.

use yew::prelude::*;

use super::reward_form::RewardForm;
use super::shared::save_reward;
use crate::domain::kinds::Reward;
use crate::domain::points::reward_name;
use crate::i18n::{PointsMsg, Text};
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct CatalogueProps {
    pub rewards: Vec<(String, Reward)>,
    pub coordinator: bool,
    pub on_saved: Callback<()>,
    pub on_refuse: Callback<Text>,
}

/// The reward catalogue: everyone sees it; a coordinator adds, edits, retires
/// and restores rewards (a retired one stays for the history, not offered).
#[function_component(RewardCatalogue)]
pub fn reward_catalogue(props: &CatalogueProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    // The reward being edited: Some("") adds a new one.
    let editing = use_state(|| None::<String>);
    let saved = {
        let (editing, on_saved) = (editing.clone(), props.on_saved.clone());
        Callback::from(move |_: ()| {
            editing.set(None);
            on_saved.emit(());
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_: ()| editing.set(None))
    };
    let open = |id: String| {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(Some(id.clone())))
    };
    html! {
        <div class="card" data-testid="points-rewards">
            <h2>{ PointsMsg::RewardsTitle.get(lang) }</h2>
            if props.rewards.is_empty() {
                <p class="muted">{ PointsMsg::NoRewards.get(lang) }</p>
            }
            <table class="tally">
                <tbody>
                    { for props.rewards.iter().map(|(id, r)| {
                        let toggle = {
                            let (state, id, r) = (state.clone(), id.clone(), r.clone());
                            let (saved, on_refuse) = (saved.clone(), props.on_refuse.clone());
                            Callback::from(move |_: MouseEvent| {
                                let mut next = r.clone();
                                next.active = !r.active;
                                save_reward(&state, Some(id.clone()), next, saved.clone(), on_refuse.clone());
                            })
                        };
                        html! {
                            <>
                                <tr data-testid="points-reward" data-id={id.clone()} class={classes!((!r.active).then_some("muted"))}>
                                    <td>
                                        { reward_name(r, lang).to_string() }
                                        if !r.active {
                                            { " " }<span class="tag" data-testid="points-reward-retired">{ PointsMsg::RewardRetired.get(lang) }</span>
                                        }
                                    </td>
                                    <td class="num" data-testid="points-reward-cost">{ r.cost }</td>
                                    if props.coordinator {
                                        <td class="num">
                                            <button type="button" class="small" onclick={open(id.clone())}
                                                data-testid={format!("points-reward-edit-{id}")}>{ PointsMsg::RewardEdit.get(lang) }</button>
                                            { " " }
                                            <button type="button" class="small" onclick={toggle}
                                                data-testid={format!("points-reward-toggle-{id}")}>
                                                { if r.active { PointsMsg::RewardRetire.get(lang) } else { PointsMsg::RewardRestore.get(lang) } }
                                            </button>
                                        </td>
                                    }
                                </tr>
                                if props.coordinator && editing.as_deref() == Some(id.as_str()) {
                                    <tr class="rule-edit-row">
                                        <td colspan="3">
                                            <RewardForm id={Some(id.clone())} base={Some(r.clone())} on_saved={saved.clone()}
                                                on_cancel={cancel.clone()} on_refuse={props.on_refuse.clone()} />
                                        </td>
                                    </tr>
                                }
                            </>
                        }
                    }) }
                </tbody>
            </table>
            if props.coordinator {
                if editing.as_deref() == Some("") {
                    <RewardForm id={None::<String>} base={None::<Reward>} on_saved={saved.clone()}
                        on_cancel={cancel.clone()} on_refuse={props.on_refuse.clone()} />
                } else {
                    <button type="button" onclick={open(String::new())} data-testid="points-reward-add">{ PointsMsg::RewardAdd.get(lang) }</button>
                }
            }
        </div>
    }
}
