//! Whether the window is wide enough for the side navigation.

use gloo::events::EventListener;
use yew::prelude::*;

/// The same breakpoint as `styles/app.css`: from 900 px the side list replaces
/// the bottom bar.
const WIDE: &str = "(min-width: 900px)";

/// True while the window is at least 900 px wide; follows resizes and rotation.
/// Only the navigation that shows is built, so a phone's first screen has the
/// five tabs to draw and not the side list's twenty links as well.
#[hook]
pub fn use_wide() -> bool {
    let query = use_memo((), |_| {
        gloo::utils::window().match_media(WIDE).ok().flatten()
    });
    let wide = use_state(|| query.as_ref().as_ref().is_some_and(|q| q.matches()));
    {
        let wide = wide.clone();
        use_effect_with(query, move |query| {
            let listener = query.as_ref().as_ref().map(|q| {
                let q2 = q.clone();
                EventListener::new(q, "change", move |_| wide.set(q2.matches()))
            });
            move || drop(listener)
        });
    }
    *wide
}
