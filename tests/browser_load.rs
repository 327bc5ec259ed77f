//! The one loading hook, mounted for real: a failed load shows the error's own
//! words and a retry (never an empty list), the retry loads again, and every
//! reload request — even from a callback made by an old render — reads again.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::time::Duration;

use doorstep::app::{AppError, Db};
use doorstep::i18n::Lang;
use doorstep::store::{Store, StoreError};
use doorstep::ui::hooks::{use_lang, use_load, AppContext};
use doorstep::ui::state::{AppState, StoreStatus};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    /// How many of the next loads fail.
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    /// How many loads ran.
    static LOADS: Cell<u32> = const { Cell::new(0) };
    /// The reload callback of the first render, kept to call it later.
    static FIRST_RELOAD: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    db: Db,
}

/// Provides the app state around the probe, with the store open.
#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let db = props.db.clone();
    let state = use_reducer(move || AppState {
        store: StoreStatus::Ready(db),
        ..AppState::default()
    });
    html! {
        <ContextProvider<AppContext> context={state}>
            <Probe />
        </ContextProvider<AppContext>>
    }
}

/// A page in miniature: loads a list through the hook.
#[function_component(Probe)]
fn probe() -> Html {
    let lang = use_lang();
    let loaded = use_load((), |_db, ()| async move {
        LOADS.with(|n| n.set(n.get() + 1));
        if FAILURES.with(|f| f.get()) > 0 {
            FAILURES.with(|f| f.set(f.get() - 1));
            return Err(AppError::Store(StoreError::QuotaExceeded));
        }
        Ok(vec![format!("load {}", LOADS.with(Cell::get))])
    });
    FIRST_RELOAD.with(|first| {
        first.borrow_mut().get_or_insert_with(|| loaded.reloader());
    });
    loaded.view(lang, |items| {
        html! {
            <ul data-testid="items">
                { for items.iter().map(|i| html! { <li>{ i.clone() }</li> }) }
            </ul>
        }
    })
}

async fn mount(name: &str) -> Element {
    let _ = Store::delete_database(name).await;
    let store = Store::open_named(name).await.expect("a test database");
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        HarnessProps { db: Db::new(store) },
    )
    .render();
    root
}

/// Waits (up to 10 s) until `selector` matches under `root`.
async fn find(root: &Element, selector: &str) -> Element {
    for _ in 0..200 {
        if let Ok(Some(el)) = root.query_selector(selector) {
            return el;
        }
        gloo::timers::future::sleep(Duration::from_millis(50)).await;
    }
    panic!("{selector} did not appear");
}

/// Waits until the list reads `expected`.
async fn items_become(root: &Element, expected: &str) {
    let mut last = String::new();
    for _ in 0..200 {
        if let Ok(Some(el)) = root.query_selector("[data-testid=items]") {
            last = el.text_content().unwrap_or_default();
            if last == expected {
                return;
            }
        }
        gloo::timers::future::sleep(Duration::from_millis(50)).await;
    }
    panic!("items: expected {expected:?}, last saw {last:?}");
}

#[wasm_bindgen_test]
async fn a_failed_load_says_why_offers_a_retry_and_never_shows_an_empty_list() {
    FAILURES.with(|f| f.set(1));
    LOADS.with(|n| n.set(0));
    FIRST_RELOAD.with(|f| *f.borrow_mut() = None);
    let root = mount("doorstep-test-load").await;

    let error = find(&root, "[data-testid=load-error]").await;
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    let text = find(&root, "[data-testid=load-error-text]")
        .await
        .text_content()
        .unwrap_or_default();
    let expected = StoreError::QuotaExceeded.text();
    assert_eq!(
        text,
        expected.get(Lang::Zh),
        "the store's own words, in Chinese"
    );
    assert!(
        root.query_selector("[data-testid=items]")
            .expect("a selector")
            .is_none(),
        "a failure is not an empty list"
    );

    let retry = find(&root, "[data-testid=load-retry]").await;
    retry.dyn_ref::<HtmlElement>().expect("a button").click();
    items_become(&root, "load 2").await;
    assert!(root
        .query_selector("[data-testid=load-error]")
        .expect("a selector")
        .is_none());

    // A callback made by the first render still reads again, every time it is called.
    let first = FIRST_RELOAD.with(|f| f.borrow().clone()).expect("kept");
    first.emit(());
    items_become(&root, "load 3").await;
    first.emit(());
    items_become(&root, "load 4").await;
    root.remove();
}
