//! Settings' app lock card: what the lock protects and what forgetting the
//! passphrase costs; turning it on (sealing what is stored, with progress),
//! the idle time, changing the passphrase and turning it off.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::platform::now_ms;
use crate::app::{lock, AppError};
use crate::i18n::{Lang, LockMsg};
use crate::ui::hooks::{use_app, use_busy, AppContext};
use crate::ui::state::Action;

/// Which of the card's forms an answer belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    On,
    Idle,
    Change,
    Off,
}

type Outcome = Option<(Form, Result<LockMsg, AppError>)>;

/// Keeps a "leave the page?" prompt while data is being converted.
fn guard_unload(slot: &Rc<RefCell<Option<EventListener>>>, on: bool) {
    *slot.borrow_mut() = on.then(|| {
        EventListener::new_with_options(
            &gloo::utils::window(),
            "beforeunload",
            EventListenerOptions::enable_prevent_default(),
            |event| event.prevent_default(),
        )
    });
}

#[function_component(LockCard)]
pub fn lock_card() -> Html {
    let state = use_app();
    let lang = state.lang;
    let open = use_state(|| false);
    let outcome = use_state(|| -> Outcome { None });
    let busy = use_busy();
    let working = use_state(|| None::<LockMsg>);
    let unload = use_mut_ref(|| None::<EventListener>);
    let fields: [UseStateHandle<String>; 6] = [
        use_state(String::new), // 0 new passphrase (turning on)
        use_state(String::new), // 1 again
        use_state(String::new), // 2 old (change)
        use_state(String::new), // 3 new (change)
        use_state(String::new), // 4 again (change)
        use_state(String::new), // 5 passphrase (turning off)
    ];

    // Runs one lock action: one at a time, with its progress line, a page
    // leave guard while data is converted, and its answer.
    let run = {
        let (state, busy, outcome, working, unload) = (
            state.clone(),
            busy.clone(),
            outcome.clone(),
            working.clone(),
            unload.clone(),
        );
        let (fields, open) = (fields.clone(), open.clone());
        move |form: Form, progress: LockMsg, guard: bool, clear: &'static [usize]| {
            let (state, busy, outcome, working, unload, fields, open) = (
                state.clone(),
                busy.clone(),
                outcome.clone(),
                working.clone(),
                unload.clone(),
                fields.clone(),
                open.clone(),
            );
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                let Some(db) = state.db() else {
                    return;
                };
                if !busy.start() {
                    return;
                }
                outcome.set(None);
                working.set(Some(progress));
                guard_unload(&unload, guard);
                let values: Vec<String> = fields.iter().map(|f| (**f).clone()).collect();
                let (state, busy, outcome, working, unload, fields, open) = (
                    state.clone(),
                    busy.clone(),
                    outcome.clone(),
                    working.clone(),
                    unload.clone(),
                    fields.clone(),
                    open.clone(),
                );
                spawn_local(async move {
                    let result = match form {
                        Form::On => lock::turn_on(&db, &values[0], &values[1])
                            .await
                            .map(|()| LockMsg::TurnedOn),
                        Form::Change => lock::change_passphrase(
                            &db,
                            &values[2],
                            &values[3],
                            &values[4],
                            now_ms(),
                        )
                        .await
                        .map(|()| LockMsg::Changed),
                        Form::Off => lock::turn_off(&db, &values[5], now_ms())
                            .await
                            .map(|()| LockMsg::TurnedOff),
                        Form::Idle => Ok(LockMsg::IdleSaved),
                    };
                    guard_unload(&unload, false);
                    busy.finish();
                    working.set(None);
                    if result.is_ok() {
                        open.set(false);
                        for i in clear {
                            fields[*i].set(String::new());
                        }
                    }
                    refresh(&state, &db).await;
                    outcome.set(Some((form, result)));
                });
            })
        }
    };

    let on = state.lock_on;
    let running = busy.is_busy();
    let answer = |form: Form| -> Html {
        match &*outcome {
            Some((f, Ok(msg))) if *f == form => html! {
                <p class="notice ok" role="status" data-testid="lock-status">{ "✓ " }{ msg.get(lang) }</p>
            },
            Some((f, Err(err))) if *f == form && !matches!(err, AppError::Invalid(_)) => html! {
                <p class="notice error" role="alert" data-testid="lock-error">{ err.message(lang) }</p>
            },
            _ => html! {},
        }
    };
    let problem = |form: Form, field: &str| -> Option<String> {
        match &*outcome {
            Some((f, Err(err))) if *f == form => {
                err.for_field(field).map(|p| p.text.get(lang).to_string())
            }
            _ => None,
        }
    };
    let progress = (*working).map(|msg| {
        html! { <p class="notice warn" role="status" data-testid="lock-progress">{ msg.get(lang) }</p> }
    });

    let body = if !on {
        if !*open {
            let onclick = {
                let (open, outcome) = (open.clone(), outcome.clone());
                Callback::from(move |_| {
                    outcome.set(None);
                    open.set(true);
                })
            };
            html! {
                <>
                    { answer(Form::Off) }
                    <button type="button" class="primary" {onclick} data-testid="lock-setup">
                        { LockMsg::Setup.get(lang) }
                    </button>
                </>
            }
        } else {
            let on_cancel = {
                let open = open.clone();
                Callback::from(move |_| open.set(false))
            };
            html! {
                <form onsubmit={run(Form::On, LockMsg::Sealing, true, &[0, 1])} data-testid="lock-form">
                    { password(lang, "lock-passphrase", LockMsg::NewPassphrase, "new-password", &fields[0], problem(Form::On, "passphrase")) }
                    { password(lang, "lock-passphrase-again", LockMsg::NewPassphraseAgain, "new-password", &fields[1], problem(Form::On, "passphrase_again")) }
                    { progress.clone() }
                    { answer(Form::On) }
                    <div class="actions">
                        <button type="submit" class="primary" disabled={running} data-testid="lock-save">
                            { LockMsg::TurnOn.get(lang) }
                        </button>
                        <button type="button" onclick={on_cancel} disabled={running} data-testid="lock-cancel">
                            { LockMsg::Cancel.get(lang) }
                        </button>
                    </div>
                </form>
            }
        }
    } else {
        let idle = state.idle_minutes;
        let on_idle = {
            let (state, outcome) = (state.clone(), outcome.clone());
            Callback::from(move |e: Event| {
                let value = e.target_unchecked_into::<HtmlSelectElement>().value();
                let (Some(db), Ok(minutes)) = (state.db(), value.parse::<u32>()) else {
                    return;
                };
                let (state, outcome) = (state.clone(), outcome.clone());
                spawn_local(async move {
                    let result = lock::set_idle_minutes(&db, minutes).await;
                    if result.is_ok() {
                        state.dispatch(Action::IdleMinutes(minutes));
                    }
                    outcome.set(Some((Form::Idle, result.map(|()| LockMsg::IdleSaved))));
                });
            })
        };
        html! {
            <>
                <p class="notice ok" data-testid="lock-is-on">
                    <span aria-hidden="true">{ "🔒 " }</span>{ LockMsg::IsOn.get(lang) }
                </p>
                { answer(Form::On) }
                <label class="form-row" for="lock-idle">
                    <span>{ LockMsg::Idle.get(lang) }</span>
                </label>
                <select id="lock-idle" data-testid="lock-idle" onchange={on_idle} disabled={running}>
                    { for lock::IDLE_CHOICES.iter().map(|m| html! {
                        <option value={m.to_string()} selected={*m == idle}>
                            { format!("{m} {}", LockMsg::Minutes.get(lang)) }
                        </option>
                    }) }
                </select>
                { answer(Form::Idle) }

                <form onsubmit={run(Form::Change, LockMsg::Changing, false, &[2, 3, 4])} data-testid="lock-change-form">
                    <h3>{ LockMsg::ChangeTitle.get(lang) }</h3>
                    { password(lang, "lock-old-passphrase", LockMsg::OldPassphrase, "current-password", &fields[2], None) }
                    { password(lang, "lock-new-passphrase", LockMsg::NewPassphraseShort, "new-password", &fields[3], problem(Form::Change, "passphrase")) }
                    { password(lang, "lock-new-passphrase-again", LockMsg::NewPassphraseAgainShort, "new-password", &fields[4], problem(Form::Change, "passphrase_again")) }
                    if *working == Some(LockMsg::Changing) { { progress.clone() } }
                    { answer(Form::Change) }
                    <button type="submit" disabled={running} data-testid="lock-change-save">
                        { LockMsg::ChangeSave.get(lang) }
                    </button>
                </form>

                <form onsubmit={run(Form::Off, LockMsg::Opening, true, &[5])} data-testid="lock-off-form">
                    <h3>{ LockMsg::OffTitle.get(lang) }</h3>
                    <p class="muted small">{ LockMsg::OffIntro.get(lang) }</p>
                    { password(lang, "lock-off-passphrase", LockMsg::Passphrase, "current-password", &fields[5], None) }
                    if *working == Some(LockMsg::Opening) { { progress.clone() } }
                    { answer(Form::Off) }
                    <button type="submit" disabled={running} data-testid="lock-off">
                        { LockMsg::TurnOff.get(lang) }
                    </button>
                </form>
            </>
        }
    };

    html! {
        <div class="card lock-card" data-testid="lock-card" data-state={if on { "on" } else { "off" }}>
            <h2>{ LockMsg::CardTitle.get(lang) }</h2>
            <p class="muted">{ LockMsg::CardIntro.get(lang) }</p>
            <p class="muted small">{ LockMsg::CardWarning.get(lang) }</p>
            { body }
        </div>
    }
}

/// Reads the lock's state and idle time into the app state after an action.
async fn refresh(state: &AppContext, db: &crate::app::Db) {
    let on = lock::state(db) != lock::LockState::Off;
    state.dispatch(Action::LockOn(on));
    if on {
        if let Ok(minutes) = lock::idle_minutes(db).await {
            state.dispatch(Action::IdleMinutes(minutes));
        }
    }
}

/// A labelled password field, with its problem under it.
fn password(
    lang: Lang,
    id: &'static str,
    label: LockMsg,
    autocomplete: &'static str,
    value: &UseStateHandle<String>,
    problem: Option<String>,
) -> Html {
    let oninput = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| {
            value.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let error_id = format!("{id}-error");
    html! {
        <label class="form-row">
            <span>{ label.get(lang) }</span>
            <input type="password" {id} data-testid={id} {autocomplete} value={(**value).clone()} {oninput}
                aria-invalid={problem.is_some().to_string()}
                aria-describedby={problem.is_some().then(|| error_id.clone())} />
            if let Some(text) = problem {
                <span class="field-error" id={error_id} data-testid={format!("{id}-error")}>{ text }</span>
            }
        </label>
    }
}
