//! Hooks that pages use to reach app state: the language, the store, dispatch.

use yew::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::ui::state::AppState;

pub type AppContext = UseReducerHandle<AppState>;

/// The app's state and dispatcher. Panics only if used outside `<App>`, a programming error.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("use_app must be called inside <App>")
}

/// The current UI language.
#[hook]
pub fn use_lang() -> Lang {
    use_app().lang
}

/// A translator for the current language: `t(Msg::NavHome)`.
#[hook]
pub fn use_t() -> impl Fn(Msg) -> &'static str {
    let lang = use_lang();
    move |msg: Msg| msg.get(lang)
}
