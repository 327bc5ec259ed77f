//! The root component: opens the store, loads this device and the language,
//! provides app state to every page, and lays out the shell around the router.

use gloo::events::EventListener;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::device;
use crate::app::platform;
use crate::app::Db;
use crate::i18n::{Lang, Msg};
use crate::ui::components::device_setup::DeviceSetup;
use crate::ui::components::nav::{BottomNav, SideNav};
use crate::ui::components::update_banner::UpdateBanner;
use crate::ui::hooks::{set_lang, AppContext};
use crate::ui::pages;
use crate::ui::route::Route;
use crate::ui::state::{Action, AppState, StoreStatus};

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::HomePage /> },
        Route::Demands => html! { <pages::demands::DemandsPage /> },
        Route::Demand { id } => html! { <pages::demand::DemandPage {id} /> },
        Route::Capture => html! { <pages::capture::CapturePage /> },
        Route::CaptureAtDoor { household } => {
            html! { <pages::capture::CapturePage household={Some(household)} /> }
        }
        Route::Doors => html! { <pages::doors::DoorsPage /> },
        Route::Walk {
            community,
            building,
        } => {
            html! { <pages::walk::WalkPage {community} {building} /> }
        }
        Route::Household { id } => html! { <pages::household::HouseholdPage {id} /> },
        Route::Members => html! { <pages::members::MembersPage /> },
        Route::MemberNew => html! { <pages::member_form::MemberFormPage /> },
        Route::Member { id } => html! { <pages::member::MemberPage {id} /> },
        Route::MemberEdit { id } => html! { <pages::member_form::MemberFormPage id={Some(id)} /> },
        Route::Communities => html! { <pages::communities::CommunitiesPage /> },
        Route::Topics => html! { <pages::topics::TopicsPage /> },
        Route::Topic { id } => html! { <pages::topic::TopicPage {id} /> },
        Route::Activities => html! { <pages::activities::ActivitiesPage /> },
        Route::ActivityNew => html! { <pages::activity_form::ActivityFormPage /> },
        Route::Activity { id } => html! { <pages::activity::ActivityPage {id} /> },
        Route::ActivityEdit { id } => {
            html! { <pages::activity_form::ActivityFormPage id={Some(id)} /> }
        }
        Route::Outcomes => html! { <pages::outcomes::OutcomesPage /> },
        Route::OutcomeNew => html! { <pages::outcome_form::OutcomeFormPage /> },
        Route::Outcome { id } => html! { <pages::outcome::OutcomePage {id} /> },
        Route::OutcomeEdit { id } => {
            html! { <pages::outcome_form::OutcomeFormPage id={Some(id)} /> }
        }
        Route::Consultations => html! { <pages::consultations::ConsultationsPage /> },
        Route::ConsultationNew => html! { <pages::consultation_form::ConsultationFormPage /> },
        Route::Consultation { id } => html! { <pages::consultation::ConsultationPage {id} /> },
        Route::Legal => html! { <pages::legal::LegalPage /> },
        Route::Library => html! { <pages::library::LibraryPage /> },
        Route::Info => html! { <pages::info::InfoPage /> },
        Route::Notice => html! { <pages::notice::NoticePage /> },
        Route::NoticeOf { community } => {
            html! { <pages::notice::NoticePage community={Some(community)} /> }
        }
        Route::NoticePrint { community } => {
            html! { <pages::notice::NoticePage community={Some(community)} print=true /> }
        }
        Route::Points => html! { <pages::points::PointsPage /> },
        Route::Honours => html! { <pages::honours::HonoursPage /> },
        Route::Exchange => html! { <pages::exchange::ExchangePage /> },
        Route::Conflicts => html! { <pages::conflicts::ConflictsPage /> },
        Route::Settings => html! { <pages::settings::SettingsPage /> },
        Route::More => html! { <pages::more::MorePage /> },
        Route::NotFound => html! { <pages::not_found::NotFoundPage /> },
    }
}

/// Opens the database, then reads (or makes) this device and the saved language.
async fn start(state: AppContext) {
    let store = match Db::open().await {
        Ok(db) => db,
        Err(err) => {
            state.dispatch(Action::StoreFailed(err.text()));
            return;
        }
    };
    if let Ok(Some(lang)) = device::load_lang(&store).await {
        state.dispatch(Action::SetLang(lang));
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
            spawn_local(start(state));
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
        StoreStatus::Opening => html! {
            <p class="notice" data-testid="store-opening">{ Msg::Loading.get(lang) }</p>
        },
        StoreStatus::Failed(text) => html! {
            <div class="notice error" role="alert" data-testid="store-error">
                <strong>{ Msg::StoreFailed.get(lang) }</strong>
                <p>{ text.get(lang) }</p>
            </div>
        },
        StoreStatus::Ready(_) => html! { <Switch<Route> render={switch} /> },
    };
    let needs_setup = state.device.as_ref().is_some_and(|d| d.needs_label());

    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <HashRouter>
                <div class="shell" data-testid="app-shell" data-lang={lang.tag()}>
                    <header class="topbar">
                        <a class="brand" href="#/">{ Msg::AppName.get(lang) }</a>
                        <LangToggle />
                    </header>
                    <UpdateBanner />
                    <SideNav />
                    <main class="page" id="main">
                        if needs_setup { <DeviceSetup /> }
                        { body }
                    </main>
                    <BottomNav />
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
