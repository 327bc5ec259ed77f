//! The coordinator's office screens live in a second wasm module, loaded on demand
//! (issue 17, docs/size.md "Code splitting"). Field screens never pay for them.
//!
//! One split point: [`office_renderer`] is moved by the post-link splitter
//! (`tools/wasm-split`, run by `scripts/build`) into its own module together with
//! everything only it reaches. The [`Office`] component shows "loading…" until that
//! module has arrived, then renders through the returned function pointer on every
//! later render, synchronously. The service worker precaches every module, so this
//! works offline; a failed load (e.g. an old cache during an update) says so and
//! offers to retry.

use std::cell::Cell;

use wasm_split_helpers::SplitLoaderError;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::canvass::Canvass;
use crate::domain::kinds::Community;
use crate::i18n::Msg;
use crate::ui::components;
use crate::ui::hooks::{use_lang, LoadHandle};
use crate::ui::pages;
use crate::ui::route::Route;

/// What an office screen shows: a whole page, or an office card inside a field page.
#[derive(Clone, PartialEq)]
pub enum OfficeView {
    /// A field page other than Home: in the field module, loaded (and preloaded) on demand.
    Field(Route),
    /// One of the office routes (see [`is_office`]).
    Page(Route),
    /// The district dashboard on Home.
    Dashboard { canvass: LoadHandle<Canvass> },
    /// The demo district loader (Home, Settings).
    Demo,
    /// District sync settings.
    Sync,
    /// The compound generator and walk-list import on Doors.
    Compound {
        communities: Vec<(String, Community)>,
        on_changed: Callback<()>,
    },
    /// Sending an exported bundle: share sheet and QR codes.
    HandOff {
        text: std::rc::Rc<String>,
        file_name: String,
        qr: bool,
    },
    /// Receiving a bundle by scanning QR codes.
    QrScan {
        on_bundle: Callback<web_sys::File>,
        disabled: bool,
    },
}

/// The office routes: rendered by the lazily loaded module.
pub fn is_office(route: &Route) -> bool {
    matches!(
        route,
        Route::Members
            | Route::MemberNew
            | Route::Member { .. }
            | Route::MemberEdit { .. }
            | Route::Communities
            | Route::Topics
            | Route::Topic { .. }
            | Route::Activities
            | Route::ActivityNew
            | Route::Activity { .. }
            | Route::ActivityEdit { .. }
            | Route::Outcomes
            | Route::OutcomeNew
            | Route::Outcome { .. }
            | Route::OutcomeEdit { .. }
            | Route::Consultations
            | Route::ConsultationNew
            | Route::Consultation { .. }
            | Route::Legal
            | Route::Library
            | Route::Info
            | Route::Notice
            | Route::NoticeOf { .. }
            | Route::NoticePrint { .. }
            | Route::Points
            | Route::Honours
    )
}

type Renderer = fn(&OfficeView) -> Html;

/// Which lazily loaded module renders a view.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    Field,
    Office,
}

impl OfficeView {
    fn part(&self) -> Part {
        match self {
            OfficeView::Field(_) => Part::Field,
            _ => Part::Office,
        }
    }
}

/// The field module's split point: the field pages other than Home.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(field, fallible)]
fn field_renderer() -> Result<Renderer, SplitLoaderError> {
    Ok(render_field)
}

/// Without the `split` feature (`cargo build`, the browser tests) there is one module:
/// nothing to load. Only `scripts/build-wasm` turns the feature on, since only it runs the
/// splitter that resolves the loader's imports.
#[cfg(not(feature = "split"))]
async fn field_renderer() -> Result<Renderer, SplitLoaderError> {
    Ok(render_field)
}

fn render_field(view: &OfficeView) -> Html {
    let OfficeView::Field(route) = view.clone() else {
        return html! {};
    };
    match route {
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
        Route::Exchange => html! { <pages::exchange::ExchangePage /> },
        Route::Conflicts => html! { <pages::conflicts::ConflictsPage /> },
        Route::Settings => html! { <pages::settings::SettingsPage /> },
        _ => html! { <pages::not_found::NotFoundPage /> },
    }
}

async fn load(part: Part) -> Result<Renderer, SplitLoaderError> {
    match part {
        Part::Field => field_renderer().await,
        Part::Office => office_renderer().await,
    }
}

/// Fetches and instantiates both lazy modules in the background after the first
/// screen, so later navigation does not wait (offline, the service worker serves them).
pub fn preload() {
    for part in [Part::Field, Part::Office] {
        spawn_local(async move {
            if let Ok(renderer) = load(part).await {
                set_renderer(part, renderer);
            }
        });
    }
}

/// The split point. Everything reachable only from here goes to the office module.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(office, fallible)]
fn office_renderer() -> Result<Renderer, SplitLoaderError> {
    Ok(render)
}

#[cfg(not(feature = "split"))]
async fn office_renderer() -> Result<Renderer, SplitLoaderError> {
    Ok(render)
}

fn render(view: &OfficeView) -> Html {
    match view.clone() {
        OfficeView::Page(route) => render_page(route),
        OfficeView::Field(_) => html! {},
        OfficeView::Dashboard { canvass } => html! { <pages::dashboard::Dashboard {canvass} /> },
        OfficeView::Demo => html! { <components::demo_card::DemoCard /> },
        OfficeView::Sync => html! { <components::sync_card::SyncCard /> },
        OfficeView::Compound {
            communities,
            on_changed,
        } => html! { <components::compound_form::CompoundForm {communities} {on_changed} /> },
        OfficeView::HandOff {
            text,
            file_name,
            qr,
        } => html! { <components::hand_off::HandOff {text} {file_name} {qr} /> },
        OfficeView::QrScan {
            on_bundle,
            disabled,
        } => html! { <components::qr_scan::QrScan {on_bundle} {disabled} /> },
    }
}

fn render_page(route: Route) -> Html {
    match route {
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
        _ => html! { <pages::not_found::NotFoundPage /> },
    }
}

thread_local! {
    /// Set once each module has loaded; every later render is synchronous.
    static FIELD: Cell<Option<Renderer>> = const { Cell::new(None) };
    static OFFICE: Cell<Option<Renderer>> = const { Cell::new(None) };
}

fn renderer(part: Part) -> Option<Renderer> {
    match part {
        Part::Field => FIELD.with(Cell::get),
        Part::Office => OFFICE.with(Cell::get),
    }
}

fn set_renderer(part: Part, renderer: Renderer) {
    match part {
        Part::Field => FIELD.with(|cell| cell.set(Some(renderer))),
        Part::Office => OFFICE.with(|cell| cell.set(Some(renderer))),
    }
}

#[derive(Properties, PartialEq)]
pub struct OfficeProps {
    pub view: OfficeView,
}

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Loading,
    Ready,
    Failed,
}

/// Shows an office view, loading the office module first if it is not here yet.
#[function_component(Office)]
pub fn office(props: &OfficeProps) -> Html {
    let lang = use_lang();
    let part = props.view.part();
    let phase = use_state(|| {
        if renderer(part).is_some() {
            Phase::Ready
        } else {
            Phase::Loading
        }
    });
    let attempt = use_state(|| 0u32);
    {
        let phase = phase.clone();
        use_effect_with((*attempt, part), move |&(_, part)| {
            if renderer(part).is_none() {
                spawn_local(async move {
                    match load(part).await {
                        Ok(loaded) => {
                            set_renderer(part, loaded);
                            phase.set(Phase::Ready);
                        }
                        Err(_) => phase.set(Phase::Failed),
                    }
                });
            }
        });
    }
    match (*phase, renderer(part)) {
        (_, Some(renderer)) => renderer(&props.view),
        (Phase::Failed, None) => {
            let retry = {
                let (phase, attempt) = (phase.clone(), attempt.clone());
                Callback::from(move |_| {
                    phase.set(Phase::Loading);
                    attempt.set(*attempt + 1);
                })
            };
            html! {
                <div class="notice error" role="alert" data-testid="office-load-failed">
                    <p>{ Msg::OfficeLoadFailed.get(lang) }</p>
                    <button type="button" class="button" data-testid="office-retry" onclick={retry}>
                        { Msg::TryAgain.get(lang) }
                    </button>
                </div>
            }
        }
        _ => html! {
            <p class="notice" role="status" data-testid="office-loading">{ Msg::OfficeLoading.get(lang) }</p>
        },
    }
}
