//! One way for a page to load what it shows: [`use_load`] runs a service call
//! and gives loading / ready / failed (the error's own words and a retry).
//! A storage failure is shown as what it is — never as "not found" or as an
//! empty list — and every write's reload is its own step, so two writes
//! started from one render reload twice.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::{AppError, Db};
use crate::i18n::{Lang, Msg};
use crate::ui::hooks::use_app;

/// Where a page's data stands.
#[derive(Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(Rc<T>),
    Failed(AppError),
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Loading => Load::Loading,
            Load::Ready(data) => Load::Ready(Rc::clone(data)),
            Load::Failed(err) => Load::Failed(err.clone()),
        }
    }
}

/// How many reloads were asked for. A reducer, not a `use_state` read from
/// the render that made the callback: each request is applied to the latest
/// count, so none is lost.
#[derive(Default, PartialEq)]
struct Reloads(u32);

impl Reducible for Reloads {
    type Action = ();
    fn reduce(self: Rc<Self>, _: ()) -> Rc<Self> {
        Rc::new(Reloads(self.0.wrapping_add(1)))
    }
}

/// A page's data and the way to read it again.
pub struct LoadHandle<T> {
    state: Load<T>,
    reload: Callback<()>,
}

impl<T> Clone for LoadHandle<T> {
    fn clone(&self) -> Self {
        LoadHandle {
            state: self.state.clone(),
            reload: self.reload.clone(),
        }
    }
}

/// Equal when it is the same load: the same data (one `Rc`, not compared
/// field by field, so a large data set passed as a prop costs nothing to
/// compare), the same error, or both loading.
impl<T> PartialEq for LoadHandle<T> {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.state, &other.state) {
            (Load::Loading, Load::Loading) => true,
            (Load::Ready(a), Load::Ready(b)) => Rc::ptr_eq(a, b),
            (Load::Failed(a), Load::Failed(b)) => a == b,
            _ => false,
        };
        same && self.reload == other.reload
    }
}

impl<T: 'static> LoadHandle<T> {
    /// Where the data stands.
    pub fn state(&self) -> &Load<T> {
        &self.state
    }

    /// The data, once loaded (kept while a reload runs).
    pub fn data(&self) -> Option<Rc<T>> {
        match &self.state {
            Load::Ready(data) => Some(Rc::clone(data)),
            _ => None,
        }
    }

    /// Reads again (after a write). Safe to call from any callback, any number of times.
    pub fn reload(&self) {
        self.reload.emit(());
    }

    /// A callback that reads again, for a child's "saved" event.
    pub fn reloader<E: 'static>(&self) -> Callback<E> {
        let reload = self.reload.clone();
        Callback::from(move |_: E| reload.emit(()))
    }

    /// The page body: a loading line, the error with a retry, or `ready(data)`.
    pub fn view(&self, lang: Lang, ready: impl FnOnce(&T) -> Html) -> Html {
        match &self.state {
            Load::Loading => html! {
                <p class="notice" role="status" data-testid="load-loading">{ Msg::Loading.get(lang) }</p>
            },
            Load::Failed(err) => failed_view(err, lang, self.reloader()),
            Load::Ready(data) => ready(data),
        }
    }
}

/// A failed load: what happened, what to do, and a retry.
pub fn failed_view(err: &AppError, lang: Lang, retry: Callback<MouseEvent>) -> Html {
    html! {
        <div class="notice error" role="alert" data-testid="load-error">
            <strong>{ Msg::LoadFailed.get(lang) }</strong>
            <p data-testid="load-error-text">{ err.message(lang) }</p>
            <button type="button" onclick={retry} data-testid="load-retry">{ Msg::TryAgain.get(lang) }</button>
        </div>
    }
}

/// Loads `T` with `load(db, deps)` when the page opens, when `deps` change,
/// when many records changed at once (an import, the demo data), and on every
/// [`LoadHandle::reload`]. While a reload runs the last data stays on screen;
/// new `deps` show "loading" first. An answer that arrives after a newer
/// request started is dropped.
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, load: F) -> LoadHandle<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(Db, D) -> Fut + 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    let app = use_app();
    let data = use_state(|| Load::<T>::Loading);
    let reloads = use_reducer(Reloads::default);
    let latest = use_mut_ref(|| 0u64);
    let last_deps: Rc<RefCell<Option<D>>> = use_mut_ref(|| None);
    {
        let data = data.clone();
        let db = app.db();
        use_effect_with(
            (deps, reloads.0, app.data_version, db),
            move |(deps, _, _, db)| {
                let Some(db) = db.clone() else {
                    return;
                };
                let changed = last_deps.borrow().as_ref() != Some(deps);
                if changed {
                    *last_deps.borrow_mut() = Some(deps.clone());
                    data.set(Load::Loading);
                }
                let ticket = {
                    let mut latest = latest.borrow_mut();
                    *latest += 1;
                    *latest
                };
                let deps = deps.clone();
                spawn_local(async move {
                    // The award sweep's batches wait while a page reads.
                    let reading = crate::app::priority::Foreground::hold();
                    let result = load(db, deps).await;
                    drop(reading);
                    if *latest.borrow() == ticket {
                        data.set(match result {
                            Ok(value) => Load::Ready(Rc::new(value)),
                            Err(err) => Load::Failed(err),
                        });
                    }
                });
            },
        );
    }
    let reload = {
        let dispatcher = reloads.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(()))
    };
    LoadHandle {
        state: (*data).clone(),
        reload,
    }
}
