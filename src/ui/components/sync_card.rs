//! Settings → sync with the district server: on/off (off by default), the
//! address on this origin, sign-in, "sync now", live mode, progress, the last
//! sync and what went wrong. Makes no request while sync is off.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::sync::{self, Phase, SyncProgress, SyncSettings, SyncStatus};
use crate::i18n::{Lang, SyncMsg, Text};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::state::Action;

/// What the card shows under its controls.
#[derive(Clone, PartialEq, Default)]
struct View {
    settings: Option<SyncSettings>,
    status: SyncStatus,
    progress: Option<SyncProgress>,
    running: bool,
    /// How many "sync now" sessions this card started (tests wait on it).
    runs: u32,
    signed_in: bool,
    /// The last error: its code and text.
    error: Option<(&'static str, Text)>,
}

/// The card's model, shared by its async tasks: each change is made to the
/// latest value (never to a copy taken at some earlier render) and redraws.
#[derive(Clone)]
struct Model {
    view: Rc<RefCell<View>>,
    redraw: UseForceUpdateHandle,
}

impl Model {
    fn update(&self, change: impl FnOnce(&mut View)) {
        change(&mut self.view.borrow_mut());
        self.redraw.force_update();
    }

    fn get(&self) -> View {
        self.view.borrow().clone()
    }
}

#[function_component(SyncCard)]
pub fn sync_card() -> Html {
    let state = use_app();
    let lang = state.lang;
    let model = Model {
        view: use_mut_ref(View::default),
        redraw: use_force_update(),
    };
    // Live mode's loop runs while this holds true; cleared on unmount.
    let live_flag = use_mut_ref(|| Rc::new(Cell::new(false)));
    // How many settings saves this card has started (the newest one wins).
    let saves = use_mut_ref(|| Rc::new(Cell::new(0u32))).borrow().clone();
    let target_ref = use_node_ref();
    let user_ref = use_node_ref();
    let password_ref = use_node_ref();

    // Reading settings touches only IndexedDB, never the network. A failed
    // read is shown with a retry, not taken for "sync off".
    let loaded = use_load((), |db, _| async move {
        Ok((sync::settings(&db).await?, sync::status(&db).await?))
    });
    {
        let model = model.clone();
        use_effect_with(loaded.data(), move |data| {
            // Once: afterwards the card's own model is the newer word (a sync
            // may be running and updating it).
            if let (Some(data), None) = (data, model.get().settings) {
                let (settings, status) = data.as_ref().clone();
                model.update(|v| {
                    v.settings = Some(settings);
                    v.status = status;
                });
            }
        });
    }
    {
        let live_flag = live_flag.clone();
        use_effect_with((), move |_| move || live_flag.borrow().set(false));
    }

    let current = model.get();
    let Some(settings) = current.settings.clone() else {
        return html! {
            <div class="card" data-testid="sync-card">
                <h2>{ SyncMsg::Title.get(lang) }</h2>
                { loaded.view(lang, |_| Html::default()) }
            </div>
        };
    };

    // Saves settings changed by `change` (from the latest ones). The card
    // shows the change at once, so a redraw caused by an earlier save still
    // finishing cannot undo what the person just did (a box just ticked
    // unticking itself); a save that fails puts back what is stored, unless
    // a newer change was made meanwhile, and shows the error.
    let save = {
        let (state, model, saves) = (state.clone(), model.clone(), saves.clone());
        move |change: Box<dyn FnOnce(&mut SyncSettings)>| {
            let Some(db) = state.db() else { return };
            let model = model.clone();
            let before = model.get().settings;
            let mut next = before.clone().unwrap_or_default();
            change(&mut next);
            saves.set(saves.get() + 1);
            let this_save = saves.get();
            model.update(|v| v.settings = Some(next.clone()));
            let saves = saves.clone();
            spawn_local(async move {
                let result = sync::save_settings(&db, &next).await;
                model.update(|v| match result {
                    Ok(()) => v.error = None,
                    Err(err) => {
                        if saves.get() == this_save {
                            v.settings = before;
                        }
                        v.error = Some(("bad_target", err.text()));
                    }
                });
            });
        }
    };

    let on_enabled = {
        let (save, live_flag, target_ref) = (save.clone(), live_flag.clone(), target_ref.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let target = target_ref
                .cast::<HtmlInputElement>()
                .map(|input| input.value().trim().to_owned());
            if !on {
                live_flag.borrow().set(false);
            }
            save(Box::new(move |next| {
                next.enabled = on;
                if let Some(target) = target {
                    next.target = target;
                }
                if !on {
                    next.live = false;
                }
            }));
        })
    };
    let on_target = {
        let save = save.clone();
        Callback::from(move |e: Event| {
            let target = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .trim()
                .to_owned();
            save(Box::new(move |next| next.target = target));
        })
    };

    let on_sign_in = {
        let (model, save) = (model.clone(), save.clone());
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
            let target = model.get().settings.unwrap_or_default().target;
            let (model, save) = (model.clone(), save.clone());
            spawn_local(async move {
                match sync::sign_in(&target, &name, &secret).await {
                    Ok(()) => {
                        model.update(|v| {
                            v.signed_in = true;
                            v.error = None;
                        });
                        save(Box::new(move |next| next.user = name));
                    }
                    Err(err) => model.update(|v| {
                        v.signed_in = false;
                        v.error = Some((err.code(), err.text()));
                    }),
                }
            });
        })
    };

    let on_sync_now = {
        let (state, model) = (state.clone(), model.clone());
        Callback::from(move |_| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            if model.get().running {
                return;
            }
            let settings = model.get().settings.unwrap_or_default();
            model.update(|v| {
                v.running = true;
                v.runs += 1;
                v.error = None;
                v.progress = Some(SyncProgress::default());
            });
            let (state, model) = (state.clone(), model.clone());
            spawn_local(async move {
                let shown = model.clone();
                let result = sync::sync_now(&db, &device.id, &settings, move |p| {
                    shown.update(|v| v.progress = Some(p.clone()));
                })
                .await;
                let status = sync::status(&db).await.ok();
                model.update(|v| {
                    v.running = false;
                    if let Some(status) = status {
                        v.status = status;
                    }
                    match result {
                        Ok(done) => v.progress = Some(done),
                        Err(err) => v.error = Some((err.code(), err.text())),
                    }
                });
                state.dispatch(Action::DataChanged);
            });
        })
    };

    let on_live = {
        let (state, model, save, live_flag) = (
            state.clone(),
            model.clone(),
            save.clone(),
            live_flag.clone(),
        );
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            save(Box::new(move |next| next.live = on));
            live_flag.borrow().set(false);
            if !on {
                return;
            }
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let mut settings = model.get().settings.unwrap_or_default();
            settings.live = true;
            let flag = Rc::new(Cell::new(true));
            *live_flag.borrow_mut() = flag.clone();
            let (state, model) = (state.clone(), model.clone());
            spawn_local(async move {
                sync::sync_live(&db, &device.id, &settings, flag, move |update| {
                    model.update(|v| match update {
                        Ok(p) => {
                            v.progress = Some(p.clone());
                            v.error = None;
                        }
                        Err(err) => v.error = Some((err.code(), err.text())),
                    });
                    if let Ok(p) = update {
                        if matches!(p.phase, Phase::Waiting) {
                            state.dispatch(Action::DataChanged);
                        }
                    }
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
        <div class="card form" data-testid="sync-card" data-runs={current.runs.to_string()}
            data-running={running.to_string()}>
            <h2>{ SyncMsg::Title.get(lang) }</h2>
            <p class="muted">{ SyncMsg::Intro.get(lang) }</p>
            <label class="check">
                <input type="checkbox" checked={enabled} onchange={on_enabled} data-testid="sync-enabled" />
                <span>{ SyncMsg::Enabled.get(lang) }</span>
            </label>
            <label>
                <span>{ SyncMsg::Target.get(lang) }</span>
                <input type="text" ref={target_ref} value={settings.target.clone()}
                    placeholder="/couchdb/doorstep-gulou" autocomplete="off" spellcheck="false"
                    aria-describedby="sync-target-hint" onchange={on_target} data-testid="sync-target" />
            </label>
            <p class="muted" id="sync-target-hint">{ SyncMsg::TargetHint.get(lang) }</p>
            if enabled {
                <form onsubmit={on_sign_in} data-testid="sync-sign-in-form">
                    <label>
                        <span>{ SyncMsg::User.get(lang) }</span>
                        <input type="text" ref={user_ref} value={settings.user.clone()}
                            autocomplete="username" data-testid="sync-user" />
                    </label>
                    <label>
                        <span>{ SyncMsg::Password.get(lang) }</span>
                        <input type="password" ref={password_ref}
                            autocomplete="current-password" data-testid="sync-password" />
                    </label>
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
                    <span>{ SyncMsg::Live.get(lang) }</span>
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
