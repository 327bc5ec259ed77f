//! The lock screen, shown in place of every page while the app lock is on and
//! the key is not held. It shows nothing personal: a passphrase field, and
//! for a forgotten passphrase the only way out, erasing this phone's data,
//! after saying how many records would be lost.

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::platform::now_ms;
use crate::app::{lock, AppError, Db};
use crate::i18n::{Lang, LockMsg};
use crate::ui::hooks::{use_busy, use_lang};

#[derive(Properties, PartialEq)]
pub struct LockScreenProps {
    /// The open, locked database.
    pub db: Db,
    /// Called once the key is held again; the app then loads the device and the pages.
    pub on_unlocked: Callback<()>,
}

#[function_component(LockScreen)]
pub fn lock_screen(props: &LockScreenProps) -> Html {
    let lang = use_lang();
    let passphrase = use_state(String::new);
    let error = use_state(|| None::<AppError>);
    let busy = use_busy();
    let forgot = use_state(|| false);
    let count = use_state(|| None::<Result<u64, AppError>>);
    let input_ref = use_node_ref();

    if *forgot {
        let on_back = {
            let forgot = forgot.clone();
            Callback::from(move |_| forgot.set(false))
        };
        return html! { <EraseDevice db={props.db.clone()} count={(*count).clone()} {on_back} /> };
    }

    let on_input = {
        let passphrase = passphrase.clone();
        Callback::from(move |e: InputEvent| {
            passphrase.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_submit = {
        let (db, passphrase, error, busy, done, input_ref) = (
            props.db.clone(),
            passphrase.clone(),
            error.clone(),
            busy.clone(),
            props.on_unlocked.clone(),
            input_ref.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !busy.start() {
                return;
            }
            error.set(None);
            let (db, passphrase, error, busy, done, input_ref) = (
                db.clone(),
                passphrase.clone(),
                error.clone(),
                busy.clone(),
                done.clone(),
                input_ref.clone(),
            );
            spawn_local(async move {
                let typed = (*passphrase).clone();
                let result = lock::unlock(&db, &typed, now_ms()).await;
                busy.finish();
                match result {
                    Ok(()) => {
                        passphrase.set(String::new());
                        done.emit(());
                    }
                    Err(err) => {
                        error.set(Some(err));
                        if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                            input.select();
                        }
                    }
                }
            });
        })
    };
    // Counted when asked: only counts, readable while locked.
    let on_forgot = {
        let (db, forgot, count) = (props.db.clone(), forgot.clone(), count.clone());
        Callback::from(move |_| {
            forgot.set(true);
            count.set(None);
            let (db, count) = (db.clone(), count.clone());
            spawn_local(async move {
                count.set(Some(lock::unexported_count(&db).await));
            });
        })
    };
    let running = busy.is_busy();

    html! {
        <section class="card lock-screen" data-testid="lock-screen" aria-labelledby="lock-title">
            <h1 id="lock-title" data-testid="page-title">
                <span aria-hidden="true">{ "🔒 " }</span>{ LockMsg::ScreenTitle.get(lang) }
            </h1>
            <p class="muted">{ LockMsg::ScreenIntro.get(lang) }</p>
            <form onsubmit={on_submit} data-testid="unlock-form">
                <label class="form-row" for="unlock-passphrase">
                    <span>{ LockMsg::Passphrase.get(lang) }</span>
                </label>
                <input id="unlock-passphrase" type="password" autocomplete="current-password"
                    data-testid="unlock-passphrase" ref={input_ref}
                    value={(*passphrase).clone()} oninput={on_input} autofocus=true
                    aria-invalid={error.is_some().to_string()}
                    aria-describedby={error.is_some().then_some("unlock-error")} />
                if let Some(err) = &*error {
                    <p class="notice error" role="alert" id="unlock-error" data-testid="unlock-error">
                        { err.message(lang) }
                    </p>
                }
                if running {
                    <p class="notice" role="status" data-testid="unlock-busy">{ LockMsg::Unlocking.get(lang) }</p>
                }
                <button type="submit" class="primary" disabled={running} data-testid="unlock-submit">
                    { LockMsg::Unlock.get(lang) }
                </button>
            </form>
            <button type="button" class="link-button" onclick={on_forgot} data-testid="lock-forgot">
                { LockMsg::Forgot.get(lang) }
            </button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EraseProps {
    db: Db,
    /// Records not exported yet: `None` while counting.
    count: Option<Result<u64, AppError>>,
    on_back: Callback<()>,
}

/// The confirmation word, in the language shown (either language's word is accepted).
fn word_matches(typed: &str) -> bool {
    let typed = typed.trim();
    [Lang::Zh, Lang::En]
        .iter()
        .any(|l| typed.eq_ignore_ascii_case(LockMsg::EraseWord.get(*l)))
}

/// "Forgot the passphrase": says plainly what erasing costs, counts the
/// records not exported, and erases only after the word is typed.
#[function_component(EraseDevice)]
fn erase_device(props: &EraseProps) -> Html {
    let lang = use_lang();
    let typed = use_state(String::new);
    let busy = use_busy();
    let error = use_state(|| None::<AppError>);

    let on_typed = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_erase = {
        let (db, busy, error) = (props.db.clone(), busy.clone(), error.clone());
        Callback::from(move |_| {
            if !busy.start() {
                return;
            }
            let (db, busy, error) = (db.clone(), busy.clone(), error.clone());
            spawn_local(async move {
                match lock::erase_device(db).await {
                    Ok(()) => {
                        let _ = gloo::utils::window().location().reload();
                    }
                    Err(err) => {
                        busy.finish();
                        error.set(Some(err));
                    }
                }
            });
        })
    };
    let on_back = {
        let back = props.on_back.clone();
        Callback::from(move |_| back.emit(()))
    };
    let word = LockMsg::EraseWord.get(lang);
    let ready = word_matches(&typed) && !busy.is_busy();

    html! {
        <section class="card lock-screen" data-testid="lock-erase" aria-labelledby="erase-title">
            <h1 id="erase-title" data-testid="page-title">{ LockMsg::ForgotTitle.get(lang) }</h1>
            <p>{ LockMsg::ForgotBody.get(lang) }</p>
            { match &props.count {
                None => html! { <p class="notice" role="status">{ LockMsg::UnexportedCounting.get(lang) }</p> },
                Some(Ok(n)) => html! {
                    <p class="notice warn">
                        { LockMsg::Unexported.get(lang) }
                        <strong data-testid="lock-unexported">{ n.to_string() }</strong>
                        <br />
                        { LockMsg::UnexportedLost.get(lang) }
                    </p>
                },
                Some(Err(err)) => html! {
                    <p class="notice error" role="alert" data-testid="lock-unexported-error">{ err.message(lang) }</p>
                },
            } }
            <label class="form-row" for="erase-confirm-text">
                <span>{ LockMsg::EraseWordPrompt.get(lang) }<strong>{ word }</strong></span>
            </label>
            <input id="erase-confirm-text" type="text" autocomplete="off" data-testid="erase-confirm-text"
                value={(*typed).clone()} oninput={on_typed} />
            if let Some(err) = &*error {
                <p class="notice error" role="alert" data-testid="erase-error">{ err.message(lang) }</p>
            }
            if busy.is_busy() {
                <p class="notice" role="status">{ LockMsg::Erasing.get(lang) }</p>
            }
            <div class="actions">
                <button type="button" class="danger" disabled={!ready} onclick={on_erase} data-testid="erase-confirm">
                    { LockMsg::EraseConfirm.get(lang) }
                </button>
                <button type="button" onclick={on_back} disabled={busy.is_busy()} data-testid="erase-cancel">
                    { LockMsg::EraseCancel.get(lang) }
                </button>
            </div>
        </section>
    }
}
