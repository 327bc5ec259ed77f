//! Adds a community by name and street (街道); the same community on every device
//! (its id derives from the two, see `domain::community`). Used by capture and Communities.

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::office;
use crate::domain::kinds::Community;
use crate::i18n::{Msg, OfficeMsg};
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct AddCommunityProps {
    /// Called with the new community once it is stored.
    pub on_added: Callback<(String, Community)>,
    /// The line above the inputs; without it, capture's "no communities yet" text.
    #[prop_or_default]
    pub intro: Option<OfficeMsg>,
}

/// Name + street inputs; writes the community's first revision, then reports it.
#[function_component(AddCommunity)]
pub fn add_community(props: &AddCommunityProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let name = use_state(String::new);
    let street = use_state(String::new);
    let error = use_state(|| None::<String>);
    let on_submit = {
        let (state, name, street, error) =
            (state.clone(), name.clone(), street.clone(), error.clone());
        let on_added = props.on_added.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(db) = state.db() else { return };
            let (error, on_added, name, street) = (
                error.clone(),
                on_added.clone(),
                name.clone(),
                street.clone(),
            );
            spawn_local(async move {
                match office::add_community(&db, &name, &street).await {
                    Ok(added) => {
                        error.set(None);
                        name.set(String::new());
                        street.set(String::new());
                        on_added.emit(added);
                    }
                    Err(err) => error.set(Some(err.message(lang))),
                }
            });
        })
    };
    let input = |handle: UseStateHandle<String>| {
        Callback::from(move |e: InputEvent| {
            handle.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let intro = match props.intro {
        Some(msg) => msg.get(lang),
        None => Msg::CaptureNoCommunity.get(lang),
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="community-add">
            <p>{ intro }</p>
            <label>
                <span>{ Msg::CommunityName.get(lang) }</span>
                <input type="text" value={(*name).clone()} oninput={input(name.clone())} data-testid="community-name" maxlength="40" />
            </label>
            <label>
                <span>{ Msg::CommunityStreet.get(lang) }</span>
                <input type="text" value={(*street).clone()} oninput={input(street.clone())} data-testid="community-street" maxlength="40" />
            </label>
            if let Some(message) = (*error).clone() {
                <p class="field-error" role="alert">{ message }</p>
            }
            <button type="submit" class="primary" data-testid="community-save">{ Msg::CommunityAdd.get(lang) }</button>
        </form>
    }
}
