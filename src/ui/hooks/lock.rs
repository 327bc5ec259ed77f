//! Locking the app from the UI: the header's button and the idle timer both
//! call [`lock_app`], which first lets the drafts being saved reach the store
//! (they are sealed there), then has the store drop the key and the app drop
//! everything it holds: the device, the routed page and its state.

use std::cell::Cell;
use std::future::Future;

use yew::platform::spawn_local;

use crate::app::lock;
use crate::ui::hooks::AppContext;
use crate::ui::state::Action;

thread_local! {
    /// Draft saves started and not finished yet.
    static PENDING: Cell<u32> = const { Cell::new(0) };
}

/// Runs a draft's save, counted, so that locking waits for it: the last
/// thing typed is kept (sealed) across the lock.
pub fn spawn_draft_save(save: impl Future<Output = ()> + 'static) {
    PENDING.with(|p| p.set(p.get() + 1));
    spawn_local(async move {
        save.await;
        PENDING.with(|p| p.set(p.get().saturating_sub(1)));
    });
}

/// Waits (at most about 3 s) until no draft save is running.
async fn drafts_saved() {
    for _ in 0..150 {
        if PENDING.with(Cell::get) == 0 {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
}

/// Locks now: waits for the drafts being saved, drops the key in the store,
/// and shows the lock screen in place of every page.
pub fn lock_app(state: &AppContext) {
    let Some(db) = state.db() else {
        return;
    };
    let state = state.clone();
    spawn_local(async move {
        drafts_saved().await;
        lock::lock_now(&db);
        state.dispatch(Action::Locked(db));
    });
}
