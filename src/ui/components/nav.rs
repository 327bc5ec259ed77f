//! Navigation: a bottom bar for the thumb on phones (with a large "new demand"
//! button in the middle) and a side list of every section on wide screens.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::Msg;
use crate::ui::hooks::use_lang;
use crate::ui::route::Route;

/// Every section, in the order the side navigation and the "More" page show them.
pub const SECTIONS: &[(Route, Msg, &str)] = &[
    (Route::Home, Msg::NavHome, "home"),
    (Route::Demands, Msg::NavDemands, "demands"),
    (Route::Doors, Msg::NavDoors, "doors"),
    (Route::Members, Msg::NavMembers, "members"),
    (Route::Communities, Msg::NavCommunities, "communities"),
    (Route::Topics, Msg::NavTopics, "topics"),
    (Route::Activities, Msg::NavActivities, "activities"),
    (Route::Outcomes, Msg::NavOutcomes, "outcomes"),
    (Route::Points, Msg::NavPoints, "points"),
    (Route::Honours, Msg::NavHonours, "honours"),
    (Route::Exchange, Msg::NavExchange, "exchange"),
    (Route::Settings, Msg::NavSettings, "settings"),
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
            { for SECTIONS.iter().map(|(route, msg, id)| {
                nav_link(&current, route.clone(), msg.get(lang), format!("nav-{id}"), "side")
            }) }
        </nav>
    }
}
