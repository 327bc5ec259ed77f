//! "New version — reload": shown when the service worker has a new build waiting,
//! so the user never runs half of an old app and half of a new one.

use yew::prelude::*;

use crate::app::platform;
use crate::i18n::Msg;
use crate::ui::hooks::use_app;

#[function_component(UpdateBanner)]
pub fn update_banner() -> Html {
    let state = use_app();
    if !state.update_ready {
        return html! {};
    }
    let lang = state.lang;
    html! {
        <div class="update-banner" role="status" data-testid="update-banner">
            <span>{ Msg::UpdateReady.get(lang) }</span>
            <button type="button" class="primary" data-testid="update-reload"
                onclick={Callback::from(|_| platform::apply_update())}>
                { Msg::UpdateReload.get(lang) }
            </button>
        </div>
    }
}
