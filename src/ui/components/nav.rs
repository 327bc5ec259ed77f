//! Navigation: a bottom bar for the thumb on phones (with a large "new demand"
//! button in the middle) and a side list of every section on wide screens.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{Lang, ModuleMsg, Msg};
use crate::ui::hooks::use_lang;
use crate::ui::route::Route;

/// A navigation entry's text: from the main catalogue or the modules' one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavLabel {
    Main(Msg),
    Module(ModuleMsg),
}

impl NavLabel {
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            NavLabel::Main(msg) => msg.get(lang),
            NavLabel::Module(msg) => msg.get(lang),
        }
    }
}

/// One entry: where it leads, its text, and its test-id suffix (`nav-…`, `more-…`).
pub type NavEntry = (Route, NavLabel, &'static str);

/// A titled group of entries (the first, Home, has no title).
pub type NavGroup = (Option<ModuleMsg>, &'static [NavEntry]);

/// Every section grouped as the seed builds the platform: its three modules
/// (决策征询, 参政议政, 法务服务) and four databases (成员库, 需求库, 信息库,
/// 成果库), then the rest. The side list and the "More" page show these; the
/// representative's bottom bar keeps its own five tabs.
pub const GROUPS: &[NavGroup] = &[
    (None, &[(Route::Home, NavLabel::Main(Msg::NavHome), "home")]),
    (
        Some(ModuleMsg::ModuleConsultation),
        &[
            (
                Route::Consultations,
                NavLabel::Module(ModuleMsg::ConsultationsTitle),
                "consultations",
            ),
            (
                Route::Topics,
                NavLabel::Module(ModuleMsg::TopicList),
                "topics",
            ),
        ],
    ),
    (
        Some(ModuleMsg::ModuleParticipation),
        &[
            (Route::Doors, NavLabel::Main(Msg::NavDoors), "doors"),
            (
                Route::Activities,
                NavLabel::Main(Msg::NavActivities),
                "activities",
            ),
            (
                Route::Notice,
                NavLabel::Module(ModuleMsg::InfoNotice),
                "notice",
            ),
        ],
    ),
    (
        Some(ModuleMsg::ModuleLegal),
        &[
            (
                Route::Legal,
                NavLabel::Module(ModuleMsg::LegalReviews),
                "legal",
            ),
            (
                Route::Library,
                NavLabel::Module(ModuleMsg::LibraryTitle),
                "library",
            ),
        ],
    ),
    (
        Some(ModuleMsg::ModuleDatabases),
        &[
            (
                Route::Members,
                NavLabel::Module(ModuleMsg::DbMembers),
                "members",
            ),
            (
                Route::Demands,
                NavLabel::Module(ModuleMsg::DbDemands),
                "demands",
            ),
            (
                Route::Info,
                NavLabel::Module(ModuleMsg::DbInformation),
                "info",
            ),
            (
                Route::Outcomes,
                NavLabel::Module(ModuleMsg::DbOutcomes),
                "outcomes",
            ),
        ],
    ),
    (
        Some(ModuleMsg::ModuleOther),
        &[
            (
                Route::Communities,
                NavLabel::Main(Msg::NavCommunities),
                "communities",
            ),
            (Route::Points, NavLabel::Main(Msg::NavPoints), "points"),
            (Route::Honours, NavLabel::Main(Msg::NavHonours), "honours"),
            (
                Route::Exchange,
                NavLabel::Main(Msg::NavExchange),
                "exchange",
            ),
            (
                Route::Settings,
                NavLabel::Main(Msg::NavSettings),
                "settings",
            ),
        ],
    ),
];

fn nav_link(
    current: &Option<Route>,
    route: Route,
    label: &str,
    testid: String,
    class: &str,
) -> Html {
    let active = current.as_ref().map(Route::section).as_ref() == Some(&route);
    html! {
        <a href={route.href()} class={classes!(class.to_string(), active.then_some("active"))}
            data-testid={testid} aria-current={active.then_some("page")}>
            { label.to_string() }
        </a>
    }
}

#[function_component(BottomNav)]
pub fn bottom_nav() -> Html {
    let lang = use_lang();
    let current = use_route::<Route>();
    let items = [
        (Route::Home, Msg::NavHome, "home"),
        (Route::Doors, Msg::NavDoors, "doors"),
        (Route::Capture, Msg::NavCapture, "capture"),
        (Route::Demands, Msg::NavDemands, "demands"),
        (Route::More, Msg::NavMore, "more"),
    ];
    html! {
        <nav class="bottom-nav" aria-label={Msg::NavMain.get(lang)}>
            { for items.into_iter().map(|(route, msg, id)| {
                let class = if route == Route::Capture { "tab capture" } else { "tab" };
                nav_link(&current, route, msg.get(lang), format!("tab-{id}"), class)
            }) }
        </nav>
    }
}

#[function_component(SideNav)]
pub fn side_nav() -> Html {
    let lang = use_lang();
    let current = use_route::<Route>();
    html! {
        <nav class="side-nav" aria-label={Msg::NavMain.get(lang)}>
            { nav_link(&current, Route::Capture, Msg::NavCapture.get(lang), "side-capture".into(), "side capture") }
            { for GROUPS.iter().map(|(group, items)| html! {
                <>
                    if let Some(group) = group {
                        <span class="side-group">{ group.get(lang) }</span>
                    }
                    { for items.iter().map(|(route, label, id)| {
                        nav_link(&current, route.clone(), label.get(lang), format!("nav-{id}"), "side")
                    }) }
                </>
            }) }
        </nav>
    }
}
