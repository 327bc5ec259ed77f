//! Settings → sync with the district server: on/off (off by default), the
//! address on this origin, sign-in, "sync now", live mode, progress, the last
//! sync and what went wrong. Makes no request while sync is off.

use std::cell::Cell;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::sync::{self, Phase, SyncProgress, SyncSettings, SyncStatus};
use crate::i18n::{Lang, SyncMsg, Text};
use crate::ui::hooks::use_app;
use crate::ui::state::Action;

/// What the card shows under its controls.
#[derive(Clone, PartialEq, Default)]
struct View {
    settings: Option<SyncSettings>,
    status: SyncStatus,
    progress: Option<SyncProgress>,
    running: bool,
    signed_in: bool,
    /// The last error: its code and text.
    error: Option<(&'static str, Text)>,
}

#[function_component(SyncCard)]
pub fn sync_card() -> Html {
    let state = use_app();
    let lang = state.lang;
    let view = use_state(View::default);
    // Live mode's loop runs while this holds true; cleared on unmount.
    let live_flag = use_mut_ref(|| Rc::new(Cell::new(false)));
    let target_ref = use_node_ref();
    let user_ref = use_node_ref();
    let password_ref = use_node_ref();

    // Reading settings touches only IndexedDB, never the network.
    {
        let (state, view) = (state.clone(), view.clone());
        use_effect_with((), move |_| {
            if let Some(db) = state.db() {
                spawn_local(async move {
                    let settings = sync::settings(&db).await.unwrap_or_default();
                    let status = sync::status(&db).await.unwrap_or_default();
                    view.set(View {
                        settings: Some(settings),
                        status,
                        ..View::default()
                    });
                });
            }
        });
    }
    {
        let live_flag = live_flag.clone();
        use_effect_with((), move |_| move || live_flag.borrow().set(false));
    }

    let current = (*view).clone();
    let Some(settings) = current.settings.clone() else {
        return html! { <div class="card" data-testid="sync-card"><h2>{ SyncMsg::Title.get(lang) }</h2></div> };
    };

    // Saves `next` and shows it (or the error).
    let save = {
        let (state, view) = (state.clone(), view.clone());
        move |next: SyncSettings| {
            let Some(db) = state.db() else { return };
            let view = view.clone();
            spawn_local(async move {
                let mut shown = (*view).clone();
                match sync::save_settings(&db, &next).await {
                    Ok(()) => {
                        shown.settings = Some(next);
                        shown.error = None;
                    }
                    Err(err) => shown.error = Some(("bad_target", err.text())),
                }
                view.set(shown);
            });
        }
    };

    let on_enabled = {
        let (save, settings, live_flag, target_ref) = (
            save.clone(),
            settings.clone(),
            live_flag.clone(),
            target_ref.clone(),
        );
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = settings.clone();
            next.enabled = on;
            if let Some(input) = target_ref.cast::<HtmlInputElement>() {
                next.target = input.value().trim().to_owned();
            }
            if !on {
                live_flag.borrow().set(false);
                next.live = false;
            }
            save(next);
        })
    };
    let on_target = {
        let (save, settings) = (save.clone(), settings.clone());
        Callback::from(move |e: Event| {
            let mut next = settings.clone();
            next.target = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .trim()
                .to_owned();
            save(next);
        })
    };

    let on_sign_in = {
        let (view, settings, save) = (view.clone(), settings.clone(), save.clone());
        let (user_ref, password_ref) = (user_ref.clone(), password_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(user), Some(password)) = (
                user_ref.cast::<HtmlInputElement>(),
                password_ref.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            let name = user.value().trim().to_owned();
            let secret = password.value();
            // The password leaves the field now and is kept nowhere.
            password.set_value("");
            let (view, settings, save) = (view.clone(), settings.clone(), save.clone());
            spawn_local(async move {
                let result = sync::sign_in(&settings.target, &name, &secret).await;
                let mut shown = (*view).clone();
                match result {
                    Ok(()) => {
                        shown.signed_in = true;
                        shown.error = None;
                        let mut next = settings.clone();
                        next.user = name;
                        view.set(shown);
                        save(next);
                    }
                    Err(err) => {
                        shown.signed_in = false;
                        shown.error = Some((err.code(), err.text()));
                        view.set(shown);
                    }
                }
            });
        })
    };

    let on_sync_now = {
        let (state, view, settings) = (state.clone(), view.clone(), settings.clone());
        Callback::from(move |_| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            if view.running {
                return;
            }
            let (state, view, settings) = (state.clone(), view.clone(), settings.clone());
            let mut shown = (*view).clone();
            shown.running = true;
            shown.error = None;
            shown.progress = Some(SyncProgress::default());
            view.set(shown.clone());
            spawn_local(async move {
                let progress_view = view.clone();
                let base = shown.clone();
                let result = sync::sync_now(&db, &device.id, &settings, move |p| {
                    let mut shown = base.clone();
                    shown.progress = Some(p.clone());
                    progress_view.set(shown);
                })
                .await;
                let mut shown = base_after(&db, &shown).await;
                shown.running = false;
                match result {
                    Ok(done) => shown.progress = Some(done),
                    Err(err) => shown.error = Some((err.code(), err.text())),
                }
                view.set(shown);
                state.dispatch(Action::DataChanged);
            });
        })
    };

    let on_live = {
        let (state, view, settings, save, live_flag) = (
            state.clone(),
            view.clone(),
            settings.clone(),
            save.clone(),
            live_flag.clone(),
        );
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = settings.clone();
            next.live = on;
            save(next.clone());
            live_flag.borrow().set(false);
            if !on {
                return;
            }
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let flag = Rc::new(Cell::new(true));
            *live_flag.borrow_mut() = flag.clone();
            let (state, view) = (state.clone(), view.clone());
            spawn_local(async move {
                let base = (*view).clone();
                let shown_settings = next.clone();
                sync::sync_live(&db, &device.id, &next, flag, move |update| {
                    let mut shown = base.clone();
                    shown.settings = Some(shown_settings.clone());
                    match update {
                        Ok(p) => {
                            shown.progress = Some(p.clone());
                            shown.error = None;
                            if matches!(p.phase, Phase::Waiting | Phase::Done) {
                                state.dispatch(Action::DataChanged);
                            }
                        }
                        Err(err) => shown.error = Some((err.code(), err.text())),
                    }
                    view.set(shown);
                })
                .await;
            });
        })
    };

    let enabled = settings.enabled;
    let running = current.running;
    let progress = current.progress.clone();
    let refused = progress
        .as_ref()
        .map(|p| p.refused.clone())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| current.status.refused.clone());

    html! {
        <div class="card" data-testid="sync-card">
            <h2>{ SyncMsg::Title.get(lang) }</h2>
            <p class="muted">{ SyncMsg::Intro.get(lang) }</p>
            <label class="check">
                <input type="checkbox" checked={enabled} onchange={on_enabled} data-testid="sync-enabled" />
                { SyncMsg::Enabled.get(lang) }
            </label>
            <label for="sync-target">{ SyncMsg::Target.get(lang) }</label>
            <input id="sync-target" type="text" ref={target_ref} value={settings.target.clone()}
                placeholder="/couchdb/doorstep-gulou" autocomplete="off" spellcheck="false"
                aria-describedby="sync-target-hint" onchange={on_target} data-testid="sync-target" />
            <p class="muted" id="sync-target-hint">{ SyncMsg::TargetHint.get(lang) }</p>
            if enabled {
                <form onsubmit={on_sign_in} data-testid="sync-sign-in-form">
                    <label for="sync-user">{ SyncMsg::User.get(lang) }</label>
                    <input id="sync-user" type="text" ref={user_ref} value={settings.user.clone()}
                        autocomplete="username" data-testid="sync-user" />
                    <label for="sync-password">{ SyncMsg::Password.get(lang) }</label>
                    <input id="sync-password" type="password" ref={password_ref}
                        autocomplete="current-password" data-testid="sync-password" />
                    <button type="submit" data-testid="sync-sign-in">{ SyncMsg::SignIn.get(lang) }</button>
                </form>
                if current.signed_in {
                    <p class="notice ok" role="status" data-testid="sync-signed-in">{ SyncMsg::SignedIn.get(lang) }</p>
                }
                <div class="choices">
                    <button type="button" class="primary" disabled={running} onclick={on_sync_now} data-testid="sync-now">
                        { SyncMsg::SyncNow.get(lang) }
                    </button>
                </div>
                <label class="check">
                    <input type="checkbox" checked={settings.live} onchange={on_live} data-testid="sync-live" />
                    { SyncMsg::Live.get(lang) }
                </label>
            }
            if let Some(p) = progress {
                { progress_view(&p, lang) }
            }
            <dl class="facts">
                <dt>{ SyncMsg::LastSync.get(lang) }</dt>
                <dd data-testid="sync-last">
                    { current.status.last_ok_at.clone().unwrap_or_else(|| SyncMsg::Never.get(lang).to_owned()) }
                </dd>
            </dl>
            if let Some((code, text)) = current.error.clone() {
                <p class="notice error" role="alert" data-testid="sync-error" data-code={code}>{ text.get(lang).to_owned() }</p>
            }
            if !refused.is_empty() {
                <h3>{ SyncMsg::Refused.get(lang) }</h3>
                <ul data-testid="sync-refused">
                    { for refused.iter().map(|r| html! {
                        <li data-testid="sync-refused-item" data-doc={r.doc_id.clone()}>{ r.text.get(lang).to_owned() }</li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// The view with the status as now stored (after a session recorded it).
async fn base_after(db: &crate::app::Db, shown: &View) -> View {
    let mut next = shown.clone();
    if let Ok(status) = sync::status(db).await {
        next.status = status;
    }
    next
}

fn progress_view(p: &SyncProgress, lang: Lang) -> Html {
    let phase = match p.phase {
        Phase::Connecting => SyncMsg::Connecting,
        Phase::Pushing => SyncMsg::Pushing,
        Phase::Pulling => SyncMsg::Pulling,
        Phase::Waiting => SyncMsg::Waiting,
        Phase::Done => SyncMsg::Done,
    };
    let colon = lang.colon();
    html! {
        <p role="status" data-testid="sync-progress" data-phase={p.phase.as_str()}
            data-pushed={p.pushed.to_string()} data-pulled={p.pulled.to_string()}
            data-refused={p.refused.len().to_string()}>
            { phase.get(lang) }
            { format!(" {}{colon}{} · {}{colon}{}", SyncMsg::Sent.get(lang), p.pushed, SyncMsg::Received.get(lang), p.pulled) }
            if let Some(pending) = p.pending.filter(|n| *n > 0) {
                { format!(" · {}{colon}{pending}", SyncMsg::Pending.get(lang)) }
            }
        </p>
    }
}
