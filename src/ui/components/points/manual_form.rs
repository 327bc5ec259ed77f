//! A coordinator's manual points entry.

use yew::prelude::*;

use super::shared::{member_select, FormProps};
use crate::app::platform::today_local;
use crate::domain::points::manual_entry;
use crate::i18n::PointsMsg;
use crate::ui::components::office_form::{input_into, select_into};
use crate::ui::hooks::use_app;

/// A coordinator's manual entry; a correction is an entry with the opposite points.
#[function_component(ManualForm)]
pub fn manual_form(props: &FormProps) -> Html {
    let lang = use_app().lang;
    let member = use_state(String::new);
    let points = use_state(String::new);
    let reason = use_state(String::new);
    let on_submit = {
        let (member, points, reason) = (member.clone(), points.clone(), reason.clone());
        let (on_write, on_refuse) = (props.on_write.clone(), props.on_refuse.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = points.trim().parse::<i64>().unwrap_or(0);
            match manual_entry(&member, value, &reason, &today_local()) {
                Ok(entry) => {
                    on_write.emit((entry, PointsMsg::Saved));
                    points.set(String::new());
                    reason.set(String::new());
                }
                Err(err) => on_refuse.emit(err.text()),
            }
        })
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="points-manual-form">
            <h2>{ PointsMsg::ManualTitle.get(lang) }</h2>
            { member_select(&props.members, &member, select_into(&member), "points-manual-member", lang) }
            <label>
                <span>{ PointsMsg::Points.get(lang) }</span>
                <input type="number" step="1" value={(*points).clone()} oninput={input_into(&points)} data-testid="points-manual-points" />
            </label>
            <label>
                <span>{ PointsMsg::Reason.get(lang) }</span>
                <input type="text" value={(*reason).clone()} oninput={input_into(&reason)} data-testid="points-manual-reason" />
            </label>
            <button type="submit" class="primary" data-testid="points-manual-save">{ PointsMsg::ManualSave.get(lang) }</button>
        </form>
    }
}
