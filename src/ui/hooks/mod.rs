//! Hooks that pages use to reach app state: the language, the database, dispatch.

mod busy;
mod form_start;
mod load;
mod lock;
mod wide;

pub use busy::{use_busy, Busy};
pub use form_start::{use_form_start, FormData, FormStart};
pub use load::{failed_view, use_load, Load, LoadHandle};
pub use lock::{lock_app, spawn_draft_save};
pub use wide::use_wide;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::device;
use crate::i18n::Lang;
use crate::ui::state::{Action, AppState};

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

/// Switches the language now and remembers the choice on this device. A
/// failed save leaves the switch in place for this session; the next start
/// shows the language saved before.
pub fn set_lang(state: &AppContext, lang: Lang) {
    state.dispatch(Action::SetLang(lang));
    // The language is kept in the clear, so the lock screen's switch is remembered too.
    if let Some(db) = state.db_even_locked() {
        spawn_local(async move {
            let _ = device::save_lang(&db, lang).await;
        });
    }
}
