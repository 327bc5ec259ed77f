//! Edits a demand's own fields (a new revision; unknown fields are kept).

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::demands;
use crate::app::AppError;
use crate::domain::kinds::{domain_label, Demand};
use crate::i18n::Msg;
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub id: String,
    pub demand: Demand,
    pub on_saved: Callback<Result<(), AppError>>,
}

/// Edits the demand's own fields (a new revision; unknown fields are kept).
#[function_component(DemandEditor)]
pub fn demand_editor(props: &EditorProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let open = use_state(|| false);
    let draft = use_state(|| props.demand.clone());
    if !*open {
        let (open, draft, demand) = (open.clone(), draft.clone(), props.demand.clone());
        return html! {
            <button type="button" data-testid="demand-edit"
                onclick={Callback::from(move |_| { draft.set(demand.clone()); open.set(true); })}>
                { Msg::DemandEdit.get(lang) }
            </button>
        };
    }
    let set = |apply: fn(&mut Demand, String)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let on_description = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            next.description = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            draft.set(next);
        })
    };
    let on_category = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            next.category = e.target_unchecked_into::<HtmlSelectElement>().value();
            draft.set(next);
        })
    };
    let on_urgency = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            if let Some(u) = crate::domain::kinds::Urgency::parse(
                &e.target_unchecked_into::<HtmlSelectElement>().value(),
            ) {
                next.urgency = u;
            }
            draft.set(next);
        })
    };
    let on_submit = {
        let (state, draft, open, id, on_saved) = (
            state.clone(),
            draft.clone(),
            open.clone(),
            props.id.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let mut edited = (*draft).clone();
            edited.title = edited.title.trim().to_string();
            edited.description = edited.description.trim().to_string();
            let (open, id, on_saved) = (open.clone(), id.clone(), on_saved.clone());
            spawn_local(async move {
                let result = demands::edit_demand(&store, &device.id, &id, &edited).await;
                if result.is_ok() {
                    open.set(false);
                }
                on_saved.emit(result);
            });
        })
    };
    let on_cancel = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="demand-edit-form">
            <label>
                <span>{ Msg::CaptureShortTitle.get(lang) }</span>
                <input type="text" value={draft.title.clone()} oninput={set(|d, v| d.title = v)} maxlength="60" data-testid="edit-title" />
            </label>
            <label>
                <span>{ Msg::CaptureDescription.get(lang) }</span>
                <textarea rows="4" value={draft.description.clone()} oninput={on_description} data-testid="edit-description" />
            </label>
            <label>
                <span>{ Msg::CaptureCategory.get(lang) }</span>
                <select onchange={on_category} data-testid="edit-category">
                    { for crate::domain::kinds::DOMAINS.iter().map(|k| html! {
                        <option value={*k} selected={draft.category == *k}>{ domain_label(k, lang) }</option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ Msg::CaptureUrgency.get(lang) }</span>
                <select onchange={on_urgency} data-testid="edit-urgency">
                    { for crate::domain::kinds::Urgency::ALL.iter().map(|u| html! {
                        <option value={u.as_str()} selected={draft.urgency == *u}>{ u.label(lang) }</option>
                    }) }
                </select>
            </label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="edit-save">{ Msg::DemandEditSave.get(lang) }</button>
                <button type="button" onclick={on_cancel}>{ Msg::Cancel.get(lang) }</button>
            </div>
        </form>
    }
}
