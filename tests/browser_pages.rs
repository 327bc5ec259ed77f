//! The pages that used to load through their own effect, mounted for real on
//! IndexedDB: a storage failure is shown with its words and a retry (never as
//! an empty page), and a page reads again when many records changed at once
//! (an import, the demo data), without being opened again.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::time::Duration;

use doorstep::app::{records, Db};
use doorstep::domain::kinds::Kind;
use doorstep::store::{Store, DB_VERSION};
use doorstep::ui::hooks::AppContext;
use doorstep::ui::pages::consultations::ConsultationsPage;
use doorstep::ui::pages::honours::HonoursPage;
use doorstep::ui::pages::legal::LegalPage;
use doorstep::ui::pages::library::LibraryPage;
use doorstep::ui::pages::notice::NoticePage;
use doorstep::ui::state::{Action, AppState, StoreStatus};
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEVICE: &str = "b7e1c0de-0000-4000-8000-000000000011";

thread_local! {
    /// The mounted app state, to announce "many records changed" as an import does.
    static STATE: RefCell<Option<AppContext>> = const { RefCell::new(None) };
}

#[derive(Clone, Copy, PartialEq)]
enum Page {
    Library,
    Consultations,
    Legal,
    Honours,
    Notice,
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    db: Db,
    page: Page,
}

#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let db = props.db.clone();
    let state = use_reducer(move || AppState {
        store: StoreStatus::Ready(db),
        ..AppState::default()
    });
    STATE.with(|s| *s.borrow_mut() = Some(state.clone()));
    let page = match props.page {
        Page::Library => html! { <LibraryPage /> },
        Page::Consultations => html! { <ConsultationsPage /> },
        Page::Legal => html! { <LegalPage /> },
        Page::Honours => html! { <HonoursPage /> },
        Page::Notice => html! { <NoticePage /> },
    };
    html! {
        <ContextProvider<AppContext> context={state}>{ page }</ContextProvider<AppContext>>
    }
}

fn mount(db: Db, page: Page) -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<Harness>::with_root_and_props(root.clone(), HarnessProps { db, page }).render();
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

fn absent(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).expect("a selector").is_none()
}

#[wasm_bindgen_test]
async fn a_store_failure_is_shown_with_a_retry_on_every_migrated_page() {
    let name = "doorstep-test-pages-failure";
    let _ = Store::delete_database(name).await;
    let store = Store::open_named(name).await.expect("a test database");
    // A newer version of the app takes the database over (as from another
    // tab): this connection's reads now fail with "the app was updated".
    let newer = Store::open_named_with_version(name, DB_VERSION + 1)
        .await
        .expect("the newer version opens");
    let db = Db::new(store);
    for (page, section) in [
        (Page::Library, "page-library"),
        (Page::Consultations, "page-consultations"),
        (Page::Legal, "page-legal"),
        (Page::Honours, "page-honours"),
        (Page::Notice, "page-notice"),
    ] {
        let root = mount(db.clone(), page);
        let error = find(&root, "[data-testid=load-error]").await;
        assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
        assert!(
            !find(&root, "[data-testid=load-error-text]")
                .await
                .text_content()
                .unwrap_or_default()
                .is_empty(),
            "{section}: the failure says what happened"
        );
        find(&root, "[data-testid=load-retry]").await;
        assert!(
            absent(&root, &format!("[data-testid={section}]")),
            "{section}: a failure is not an empty page"
        );
        root.remove();
    }
    drop(newer);
}

#[wasm_bindgen_test]
async fn the_library_reads_again_after_an_import() {
    let name = "doorstep-test-pages-import";
    let _ = Store::delete_database(name).await;
    let store = Store::open_named(name).await.expect("a test database");
    let db = Db::new(store);
    let root = mount(db.clone(), Page::Library);
    find(&root, "[data-testid=library-none]").await;

    // Records arrive as an import writes them, then the app says "many changed".
    records::create(
        &db,
        DEVICE,
        Kind::LegalArticle,
        serde_json::json!({ "title": "漏水谁来修", "body": "先找物业。", "on": "2026-05-01", "tags": [] }),
    )
    .await
    .expect("an article is stored");
    assert!(
        absent(&root, "[data-testid=library-article]"),
        "not shown before the app says the data changed"
    );
    STATE.with(|s| {
        s.borrow()
            .clone()
            .expect("mounted")
            .dispatch(Action::DataChanged)
    });
    let article = find(&root, "[data-testid=library-article-title]").await;
    assert_eq!(article.text_content().as_deref(), Some("漏水谁来修"));
    assert!(absent(&root, "[data-testid=library-none]"));
    root.remove();
}
