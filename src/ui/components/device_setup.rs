//! First start: ask for the representative's name and community, which label
//! every bundle this device exports.

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::device;
use crate::i18n::{LockMsg, Msg};
use crate::ui::hooks::use_app;
use crate::ui::state::Action;

#[derive(Properties, PartialEq)]
pub struct DeviceFormProps {
    /// Called after a successful save (e.g. to close an editor).
    #[prop_or_default]
    pub on_done: Callback<()>,
    /// Show a "later" button that closes without saving.
    #[prop_or_default]
    pub cancellable: bool,
}

/// The first-start card shown above every page until the device has a name.
#[function_component(DeviceSetup)]
pub fn device_setup() -> Html {
    let state = use_app();
    let dismissed = use_state(|| false);
    if *dismissed {
        return html! {};
    }
    let lang = state.lang;
    let on_later = {
        let dismissed = dismissed.clone();
        Callback::from(move |_| dismissed.set(true))
    };
    html! {
        <section class="card setup" data-testid="device-setup">
            <h2>{ Msg::SetupTitle.get(lang) }</h2>
            <p class="muted">{ Msg::SetupIntro.get(lang) }</p>
            <DeviceForm cancellable=true on_done={on_later} />
            if !state.lock_on {
                <div class="setup-lock" data-testid="setup-lock-offer">
                    <p class="muted small">
                        <span aria-hidden="true">{ "🔒 " }</span>{ LockMsg::SetupOffer.get(lang) }
                    </p>
                    <a class="button" href="#/settings" data-testid="setup-lock-link">{ LockMsg::SetupOfferLink.get(lang) }</a>
                </div>
            }
        </section>
    }
}

/// Name + community inputs; saves the device label to the store.
#[function_component(DeviceForm)]
pub fn device_form(props: &DeviceFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let current = state.device.clone();
    let name = use_state(|| current.as_ref().map(|d| d.name.clone()).unwrap_or_default());
    let community = use_state(|| {
        current
            .as_ref()
            .map(|d| d.community.clone())
            .unwrap_or_default()
    });
    let error = use_state(|| None::<String>);

    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_community = {
        let community = community.clone();
        Callback::from(move |e: InputEvent| {
            community.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_submit = {
        let (name, community, error, state) = (
            name.clone(),
            community.clone(),
            error.clone(),
            state.clone(),
        );
        let on_done = props.on_done.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let lang = state.lang;
            if name.trim().is_empty() {
                error.set(Some(Msg::SetupNameMissing.get(lang).to_string()));
                return;
            }
            let (Some(store), Some(mut dev)) = (state.db(), state.device.clone()) else {
                return;
            };
            dev.name = name.trim().to_string();
            dev.community = community.trim().to_string();
            let (state, error, on_done) = (state.clone(), error.clone(), on_done.clone());
            spawn_local(async move {
                match device::save(&store, &dev).await {
                    Ok(()) => {
                        error.set(None);
                        state.dispatch(Action::DeviceLoaded(dev));
                        on_done.emit(());
                    }
                    Err(err) => error.set(Some(err.text().get(lang).to_string())),
                }
            });
        })
    };
    let on_cancel = {
        let on_done = props.on_done.clone();
        Callback::from(move |_| on_done.emit(()))
    };

    html! {
        <form class="form" onsubmit={on_submit} data-testid="device-form">
            <label>
                <span>{ Msg::SetupName.get(lang) }</span>
                <input type="text" value={(*name).clone()} oninput={on_name}
                    data-testid="device-name" autocomplete="name" maxlength="40" />
            </label>
            <label>
                <span>{ Msg::SetupCommunity.get(lang) }</span>
                <input type="text" value={(*community).clone()} oninput={on_community}
                    data-testid="device-community" maxlength="40" />
            </label>
            if let Some(message) = (*error).clone() {
                <p class="field-error" role="alert" data-testid="device-error">{ message }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" data-testid="device-save">
                    { Msg::SetupSave.get(lang) }
                </button>
                if props.cancellable {
                    <button type="button" onclick={on_cancel} data-testid="device-later">
                        { Msg::SetupLater.get(lang) }
                    </button>
                }
            </div>
        </form>
    }
}
