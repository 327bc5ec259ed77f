//! How many days before a "not home" door is due again (the round's setting).

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::canvass::{self, RoundSettings};
use crate::i18n::{CanvassMsg, Msg};
use crate::ui::components::doors::DoorsResult;
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct RetryFormProps {
    /// The stored setting.
    pub retry_days: u32,
    pub on_result: Callback<DoorsResult>,
}

#[function_component(RetryForm)]
pub fn retry_form(props: &RetryFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let retry_ref = use_node_ref();
    let on_submit = {
        let (state, retry_ref, on_result, current) = (
            state.clone(),
            retry_ref.clone(),
            props.on_result.clone(),
            props.retry_days,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(store) = state.db() else { return };
            let retry_days = retry_ref
                .cast::<HtmlInputElement>()
                .and_then(|i| i.value().trim().parse::<u32>().ok())
                .filter(|d| *d <= 365)
                .unwrap_or(current);
            let on_result = on_result.clone();
            spawn_local(async move {
                let settings = RoundSettings { retry_days };
                on_result.emit(
                    canvass::save_settings(&store, &settings)
                        .await
                        .map(|()| CanvassMsg::RetrySaved),
                );
            });
        })
    };
    html! {
        <form class="form inline card" onsubmit={on_submit} data-testid="retry-form">
            <label><span>{ CanvassMsg::RetryDays.get(lang) }</span>
                <input type="number" min="0" max="365" ref={retry_ref} value={props.retry_days.to_string()} data-testid="round-retry-days" /></label>
            <button type="submit" class="button" data-testid="retry-save">{ Msg::SetupSave.get(lang) }</button>
            <p class="muted small">{ CanvassMsg::CoverageDef.get(lang) }</p>
        </form>
    }
}
