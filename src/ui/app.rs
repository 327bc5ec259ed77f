//! The root component: opens the store, loads this device and the language,
//! provides app state to every page, and lays out the shell around the router.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo::timers::callback::Interval;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::device;
use crate::app::lock::{self, LockState};
use crate::app::platform;
use crate::app::Db;
use crate::i18n::{Lang, LockMsg, Msg};
use crate::ui::components::device_setup::DeviceSetup;
use crate::ui::components::lock_screen::LockScreen;
use crate::ui::components::nav::{BottomNav, SideNav};
use crate::ui::components::update_banner::UpdateBanner;
use crate::ui::hooks::{lock_app, set_lang, use_app, use_wide, AppContext};
use crate::ui::office::{self, is_office, Office, OfficeView};
use crate::ui::pages;
use crate::ui::route::Route;
use crate::ui::state::{Action, AppState, StoreStatus};

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::HomePage /> },
        Route::More => html! { <pages::more::MorePage /> },
        Route::NotFound => html! { <pages::not_found::NotFoundPage /> },
        route if is_office(&route) => html! { <Office view={OfficeView::Page(route)} /> },
        // The other field pages are in the field module, fetched right after start.
        route => html! { <Office view={OfficeView::Field(route)} /> },
    }
}

/// Opens the database and reads the saved language; then, unless the app lock
/// holds it locked, opens the session (this device, storage).
async fn start(state: AppContext) {
    // The first open after an update may upgrade the database's format, a
    // minute or more on a district's store: the opening screen says so, and
    // how many rows are done, every half second until the store is open.
    let opened = Rc::new(Cell::new(false));
    {
        let (state, opened) = (state.clone(), Rc::clone(&opened));
        spawn_local(async move {
            while !opened.get() {
                gloo::timers::future::TimeoutFuture::new(500).await;
                match crate::app::db::upgrade_progress() {
                    Some(rows) if !opened.get() => state.dispatch(Action::Upgrading(rows)),
                    _ => {}
                }
            }
        });
    }
    let opened_db = Db::open().await;
    opened.set(true);
    let store = match opened_db {
        Ok(db) => db,
        Err(err) => {
            state.dispatch(Action::StoreFailed(err.text()));
            return;
        }
    };
    // The language is kept in the clear: the lock screen speaks it too.
    if let Ok(Some(lang)) = device::load_lang(&store).await {
        state.dispatch(Action::SetLang(lang));
    }
    if lock::state(&store) == LockState::Locked {
        // The device's record is sealed: nothing more is read until unlocked.
        state.dispatch(Action::Locked(store));
        return;
    }
    open_session(state, store).await;
}

/// Reads (or makes) this device and shows the pages: at start, and after each unlock.
async fn open_session(state: AppContext, store: Db) {
    let lock_on = lock::state(&store) != LockState::Off;
    state.dispatch(Action::LockOn(lock_on));
    if lock_on {
        if let Ok(minutes) = lock::idle_minutes(&store).await {
            state.dispatch(Action::IdleMinutes(minutes));
        }
    }
    match device::load_or_create(&store).await {
        Ok(dev) => state.dispatch(Action::DeviceLoaded(dev)),
        Err(err) => {
            state.dispatch(Action::StoreFailed(err.text()));
            return;
        }
    }
    state.dispatch(Action::StoreOpened(store));
    // Ask once per start: browsers remember a grant, and a refusal may turn into a
    // grant later (e.g. after the app is installed to the home screen).
    if platform::storage_info().await.persisted != Some(true) {
        platform::request_persist().await;
    }
    state.dispatch(Action::Storage(platform::storage_info().await));
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let wide = use_wide();

    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if platform::update_waiting() {
                state.dispatch(Action::UpdateReady);
            }
            let on_update = {
                let state = state.clone();
                EventListener::new(&gloo::utils::window(), platform::UPDATE_EVENT, move |_| {
                    state.dispatch(Action::UpdateReady)
                })
            };
            spawn_local(async move {
                start(state).await;
                // The lazy modules once the first screen is drawn: fetching and
                // compiling them while the store opens delayed that screen (by
                // half a second at 4x CPU throttle). A page opened before they
                // arrive loads its module itself.
                gloo::timers::future::TimeoutFuture::new(50).await;
                office::preload();
            });
            move || drop(on_update)
        });
    }

    {
        let lang = state.lang;
        use_effect_with(lang, move |lang| {
            if let Some(html) = gloo::utils::document().document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
            gloo::utils::document().set_title(Msg::AppName.get(*lang));
        });
    }

    let lang = state.lang;
    let body = match &state.store {
        StoreStatus::Opening(upgrading) => html! {
            <div class="notice" role="status" data-testid="store-opening">
                <p>{ Msg::Loading.get(lang) }</p>
                if let Some(done) = upgrading {
                    <p data-testid="store-upgrading">{ Msg::Upgrading.get(lang) }</p>
                    <p>
                        { Msg::UpgradedRows.get(lang) }{ lang.colon() }
                        <span data-testid="store-upgraded-rows">{ done }</span>
                    </p>
                }
            </div>
        },
        StoreStatus::Failed(text) => html! {
            <div class="notice error" role="alert" data-testid="store-error">
                <strong>{ Msg::StoreFailed.get(lang) }</strong>
                <p>{ text.get(lang) }</p>
            </div>
        },
        StoreStatus::Ready(_) => html! { <Switch<Route> render={switch} /> },
        StoreStatus::Locked(db) => {
            let on_unlocked = {
                let (state, db) = (state.clone(), db.clone());
                Callback::from(move |()| spawn_local(open_session(state.clone(), db.clone())))
            };
            html! { <LockScreen db={db.clone()} {on_unlocked} /> }
        }
    };
    let locked = matches!(state.store, StoreStatus::Locked(_));
    let show_lock_now = state.lock_on && matches!(state.store, StoreStatus::Ready(_));
    let needs_setup = state.device.as_ref().is_some_and(|d| d.needs_label());

    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <HashRouter>
                <div class="shell" data-testid="app-shell" data-lang={lang.tag()}>
                    <header class="topbar">
                        <a class="brand" href="#/">{ Msg::AppName.get(lang) }</a>
                        <div class="topbar-actions">
                            if show_lock_now { <LockNow /> }
                            <LangToggle />
                        </div>
                    </header>
                    <UpdateBanner />
                    <IdleLock />
                    if !locked && wide { <SideNav /> }
                    <main class="page" id="main">
                        if needs_setup { <DeviceSetup /> }
                        { body }
                    </main>
                    if !locked && !wide { <BottomNav /> }
                </div>
            </HashRouter>
        </ContextProvider<AppContext>>
    }
}

/// A one-tap language switch in the top bar (Settings has the same choice).
#[function_component(LangToggle)]
fn lang_toggle() -> Html {
    let state = use_context::<AppContext>().expect("inside App");
    let next = match state.lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let onclick = {
        let state = state.clone();
        Callback::from(move |_| set_lang(&state, next))
    };
    let label = match next {
        Lang::En => "EN",
        Lang::Zh => "中文",
    };
    html! {
        <button class="lang-toggle" type="button" data-testid="lang-toggle" {onclick}
            aria-label={format!("{label} · {}", Msg::SettingsLanguage.get(state.lang))}>{ label }</button>
    }
}

/// The header's lock button (shown while the lock is on and open): locks now.
#[function_component(LockNow)]
fn lock_now() -> Html {
    let state = use_app();
    let onclick = {
        let state = state.clone();
        Callback::from(move |_| lock_app(&state))
    };
    let label = LockMsg::LockNow.get(state.lang);
    html! {
        <button class="lock-now" type="button" data-testid="lock-now" aria-label={label} {onclick}>
            <span aria-hidden="true">{ "🔒" }</span>
            <span class="lock-now-label" aria-hidden="true">{ label }</span>
        </button>
    }
}

/// Locks the app after the chosen minutes without a touch, a key or a scroll,
/// while the lock is on and open. Checked every 5 s and when the page comes
/// back into view (a phone's timers sleep while the screen is off).
#[function_component(IdleLock)]
fn idle_lock() -> Html {
    let state = use_app();
    let active = state.lock_on && matches!(state.store, StoreStatus::Ready(_));
    let minutes = state.idle_minutes;
    use_effect_with((active, minutes), move |&(active, minutes)| {
        let mut listeners = Vec::new();
        let mut interval = None;
        if active {
            let last = Rc::new(Cell::new(js_sys::Date::now()));
            let document = gloo::utils::document();
            let capture = EventListenerOptions {
                phase: EventListenerPhase::Capture,
                passive: true,
            };
            for name in [
                "pointerdown",
                "keydown",
                "touchstart",
                "input",
                "wheel",
                "scroll",
            ] {
                let last = Rc::clone(&last);
                listeners.push(EventListener::new_with_options(
                    &document,
                    name,
                    capture,
                    move |_| last.set(js_sys::Date::now()),
                ));
            }
            let fired = Rc::new(Cell::new(false));
            let check = Rc::new(move || {
                let idle_ms = f64::from(minutes) * 60_000.0;
                if !fired.get() && js_sys::Date::now() - last.get() >= idle_ms {
                    fired.set(true);
                    lock_app(&state);
                }
            });
            interval = Some({
                let check = Rc::clone(&check);
                Interval::new(5_000, move || check())
            });
            listeners.push(EventListener::new(
                &document,
                "visibilitychange",
                move |_| {
                    if !gloo::utils::document().hidden() {
                        check();
                    }
                },
            ));
        }
        move || {
            drop(interval);
            drop(listeners);
        }
    });
    html! {}
}
