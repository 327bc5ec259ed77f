//! Components mounted for real in headless Chromium: the whole app shell with
//! its store, language switch and navigation, and the capture form's
//! validation. Real IndexedDB, real DOM events.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use doorstep::ui::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    gloo::utils::document()
}

/// Waits (up to 10 s) until `selector` matches an element under `root`.
async fn find(root: &Element, selector: &str) -> Element {
    for _ in 0..200 {
        if let Ok(Some(el)) = root.query_selector(selector) {
            return el;
        }
        gloo::timers::future::sleep(Duration::from_millis(50)).await;
    }
    panic!("{selector} did not appear");
}

/// Waits until the text of `selector` is `expected`.
async fn text_becomes(root: &Element, selector: &str, expected: &str) {
    let mut last = String::new();
    for _ in 0..200 {
        if let Ok(Some(el)) = root.query_selector(selector) {
            last = el.text_content().unwrap_or_default().trim().to_string();
            if last == expected {
                return;
            }
        }
        gloo::timers::future::sleep(Duration::from_millis(50)).await;
    }
    panic!("{selector}: expected {expected:?}, last saw {last:?}");
}

fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>()
        .expect("an HTML element")
        .click();
}

fn mount() -> Element {
    let root = document().create_element("div").expect("a div");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

#[wasm_bindgen_test]
async fn shell_opens_in_chinese_switches_language_and_navigates() {
    let root = mount();
    find(&root, "[data-testid=app-shell]").await;
    text_becomes(&root, "[data-testid=tab-demands]", "需求").await;
    assert_eq!(
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .as_deref(),
        Some("zh-CN")
    );

    click(&find(&root, "[data-testid=lang-toggle]").await);
    text_becomes(&root, "[data-testid=tab-demands]", "Demands").await;
    assert_eq!(
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .as_deref(),
        Some("en")
    );
    click(&find(&root, "[data-testid=lang-toggle]").await);
    text_becomes(&root, "[data-testid=tab-demands]", "需求").await;

    // Hash routing: the More page lists every section, and links go there.
    gloo::utils::window()
        .location()
        .set_hash("#/more")
        .expect("hash set");
    find(&root, "[data-testid=page-more]").await;
    click(&find(&root, "[data-testid=more-settings]").await);
    text_becomes(&root, "[data-testid=page-title]", "设置").await;
    let device_id = find(&root, "[data-testid=device-id]")
        .await
        .text_content()
        .unwrap_or_default();
    assert_eq!(device_id.trim().len(), 36, "a UUID device id: {device_id}");
    root.remove();
}

#[wasm_bindgen_test]
async fn capture_refuses_a_half_filled_form_and_names_each_missing_field() {
    gloo::utils::window()
        .location()
        .set_hash("#/capture")
        .expect("hash set");
    let root = mount();
    let form = find(&root, "[data-testid=capture-form]").await;
    click(&find(&form, "[data-testid=capture-save]").await);
    find(&root, "[data-testid=capture-error]").await;
    for field in ["error-title", "error-category", "error-description"] {
        find(&root, &format!("[data-testid={field}]")).await;
    }
    assert!(
        root.query_selector("[data-testid=capture-saved]")
            .ok()
            .flatten()
            .is_none(),
        "nothing may be reported saved"
    );
    root.remove();
}
