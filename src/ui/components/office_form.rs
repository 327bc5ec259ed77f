//! What the office forms (members, activities, outcomes, communities) share: the
//! form's state as a reducer (so quick typing never loses a keystroke), input
//! callbacks, and the save state with its messages under each field.

use std::rc::Rc;

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::Navigator;

use crate::app::points::save_and_award;
use crate::app::AppError;
use crate::domain::kinds::{Kind, Problem};
use crate::i18n::{Lang, Msg, Text};
use crate::ui::hooks::AppContext;
use crate::ui::route::Route;

/// A form's fields, changed only through [`FormChange`]s applied to the latest value.
#[derive(Clone, PartialEq)]
pub struct FormState<F>(pub F);

/// One change to a form's fields.
pub type FormChange<F> = Box<dyn FnOnce(&mut F)>;

impl<F: Clone> Reducible for FormState<F> {
    type Action = FormChange<F>;

    fn reduce(self: Rc<Self>, change: FormChange<F>) -> Rc<Self> {
        let mut next = self.0.clone();
        change(&mut next);
        Rc::new(FormState(next))
    }
}

pub type FormHandle<F> = UseReducerHandle<FormState<F>>;

/// `oninput` of a text `<input>` that sets one field.
pub fn text_input<F: Clone + 'static>(
    form: &FormHandle<F>,
    apply: fn(&mut F, String),
) -> Callback<InputEvent> {
    let form = form.clone();
    Callback::from(move |e: InputEvent| {
        let value = e.target_unchecked_into::<HtmlInputElement>().value();
        form.dispatch(Box::new(move |f| apply(f, value)));
    })
}

/// `oninput` of an `<input>` kept in its own `use_state` (small forms).
pub fn input_into(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| {
        state.set(e.target_unchecked_into::<HtmlInputElement>().value())
    })
}

/// `onchange` of a `<select>` kept in its own `use_state` (small forms).
pub fn select_into(state: &UseStateHandle<String>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        state.set(e.target_unchecked_into::<HtmlSelectElement>().value())
    })
}

/// `oninput` of a `<textarea>` that sets one field.
pub fn area_input<F: Clone + 'static>(
    form: &FormHandle<F>,
    apply: fn(&mut F, String),
) -> Callback<InputEvent> {
    let form = form.clone();
    Callback::from(move |e: InputEvent| {
        let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
        form.dispatch(Box::new(move |f| apply(f, value)));
    })
}

/// `onchange` of a `<select>` that sets one field.
pub fn select_change<F: Clone + 'static>(
    form: &FormHandle<F>,
    apply: fn(&mut F, String),
) -> Callback<Event> {
    let form = form.clone();
    Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        form.dispatch(Box::new(move |f| apply(f, value)));
    })
}

/// A callback that replaces a list field (the pickers report the whole selection).
pub fn list_change<F: Clone + 'static>(
    form: &FormHandle<F>,
    apply: fn(&mut F, Vec<String>),
) -> Callback<Vec<String>> {
    let form = form.clone();
    Callback::from(move |ids: Vec<String>| form.dispatch(Box::new(move |f| apply(f, ids))))
}

/// Where a save stands. "Saved" is never shown here: a form that saved moves on
/// to the record's page, which then shows the stored record.
#[derive(Clone, PartialEq)]
pub enum SaveState {
    Idle,
    Saving,
    Failed(AppError),
}

/// A problem found by the form itself before anything is written (a bad amount, say).
pub fn problem(field: &str, text: Text) -> Problem {
    Problem::new(field, text)
}

/// The message under one field, when the last save failed because of it.
pub fn field_error(state: &SaveState, field: &str, lang: Lang) -> Html {
    match state {
        SaveState::Failed(err) => match err.for_field(field) {
            Some(problem) => html! {
                <span class="field-error" data-testid={format!("error-{field}")}>{ problem.text.get(lang) }</span>
            },
            None => html! {},
        },
        _ => html! {},
    }
}

/// The notice above the save button when the last save failed: every problem, or the store's error.
pub fn save_problems(state: &SaveState, testid: &str, lang: Lang) -> Html {
    match state {
        SaveState::Failed(AppError::Invalid(problems)) => html! {
            <div class="notice error" role="alert" data-testid={testid.to_string()}>
                <strong>{ Msg::CaptureFixProblems.get(lang) }</strong>
                <ul>{ for problems.iter().map(|p| html! { <li>{ p.text.get(lang) }</li> }) }</ul>
            </div>
        },
        SaveState::Failed(err) => html! {
            <div class="notice error" role="alert" data-testid={testid.to_string()}>
                <strong>{ Msg::SaveFailed.get(lang) }</strong>
                <p>{ err.message(lang) }</p>
            </div>
        },
        _ => html! {},
    }
}

/// Blank text is an absent optional field.
pub fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The submit handler every office form shares: `to_data` builds the record
/// (or says what is wrong), the record is saved — a new version of `editing`,
/// else a new record of `kind` — and only then does the page move to the
/// record (`route`); any problem stays on the form.
pub fn submit_handler(
    state: AppContext,
    save_state: UseStateHandle<SaveState>,
    navigator: Option<Navigator>,
    editing: Option<String>,
    kind: Kind,
    to_data: Rc<dyn Fn() -> Result<Value, AppError>>,
    route: fn(String) -> Route,
) -> Callback<SubmitEvent> {
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        if *save_state == SaveState::Saving {
            return;
        }
        let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
            return;
        };
        let data = match to_data() {
            Ok(data) => data,
            Err(err) => return save_state.set(SaveState::Failed(err)),
        };
        save_state.set(SaveState::Saving);
        let (save_state, navigator, editing) =
            (save_state.clone(), navigator.clone(), editing.clone());
        spawn_local(async move {
            match save_and_award(&store, &device.id, editing.as_deref(), kind, data).await {
                Ok(rev) => {
                    save_state.set(SaveState::Idle);
                    if let Some(nav) = navigator {
                        nav.push(&route(rev.id));
                    }
                }
                Err(err) => save_state.set(SaveState::Failed(err)),
            }
        });
    })
}

/// A typed record as data for [`submit_handler`].
pub fn record_data<T: serde::Serialize>(record: &T) -> Result<Value, AppError> {
    Ok(serde_json::to_value(record)?)
}
