//! What the Points forms share: their props, the member picker and the reward save.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::points as service;
use crate::ui::hooks::AppContext;

use crate::domain::kinds::{PointsEntry, Reward};
use crate::i18n::{Lang, PointsMsg, Text};

#[derive(Properties, PartialEq)]
pub struct FormProps {
    /// (id, name, balance)
    pub members: Vec<(String, String, i64)>,
    /// The reward catalogue (the redeem form offers the active ones).
    #[prop_or_default]
    pub rewards: Vec<(String, Reward)>,
    #[prop_or_default]
    pub on_write: Callback<(PointsEntry, PointsMsg)>,
    /// (member id, reward id): the redemption, checked against the balance as stored.
    #[prop_or_default]
    pub on_redeem: Callback<(String, String)>,
    pub on_refuse: Callback<Text>,
}

pub fn member_select(
    members: &[(String, String, i64)],
    value: &str,
    onchange: Callback<Event>,
    testid: &'static str,
    lang: Lang,
) -> Html {
    html! {
        <label>
            <span>{ PointsMsg::Member.get(lang) }</span>
            <select {onchange} data-testid={testid}>
                <option value="" selected={value.is_empty()}>{ PointsMsg::ChooseMember.get(lang) }</option>
                { for members.iter().map(|(id, name, balance)| html! {
                    <option value={id.clone()} selected={value == id}>{ format!("{name} ({balance})") }</option>
                }) }
            </select>
        </label>
    }
}

/// Writes a new reward (`id` None) or a new version of one: a normal revision
/// made on this device, so it travels in bundles and dominates the seed.
pub fn save_reward(
    state: &AppContext,
    id: Option<String>,
    reward: Reward,
    on_saved: Callback<()>,
    on_refuse: Callback<Text>,
) {
    let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
        return;
    };
    spawn_local(async move {
        match service::save_reward(&db, &device.id, id.as_deref(), &reward)
            .await
            .map_err(|e| e.text())
        {
            Ok(_) => on_saved.emit(()),
            Err(text) => on_refuse.emit(text),
        }
    });
}
