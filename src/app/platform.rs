//! Browser glue that is not IndexedDB: persistent-storage requests, usage estimates,
//! and the service worker's "new version" signal (set by static/boot.js).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Long work cut into slices with the page painting between them.
pub use crate::store::slices::Slices;

/// What the browser says about this origin's storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageInfo {
    /// `None` when the browser cannot tell.
    pub persisted: Option<bool>,
    pub usage_bytes: Option<f64>,
    pub quota_bytes: Option<f64>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Older browsers and some private modes have no `navigator.storage`.
    let storage = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    if storage.is_undefined() || storage.is_null() {
        return None;
    }
    Some(navigator.storage())
}

async fn promise_value(promise: Result<js_sys::Promise, JsValue>) -> Option<JsValue> {
    JsFuture::from(promise.ok()?).await.ok()
}

/// Asks the browser not to evict this origin's data; returns whether it agreed.
pub async fn request_persist() -> Option<bool> {
    let manager = storage_manager()?;
    promise_value(manager.persist()).await?.as_bool()
}

/// Reads the current persistence, usage and quota.
pub async fn storage_info() -> StorageInfo {
    let Some(manager) = storage_manager() else {
        return StorageInfo::default();
    };
    let persisted = promise_value(manager.persisted())
        .await
        .and_then(|v| v.as_bool());
    let estimate = promise_value(manager.estimate()).await;
    let field = |name: &str| {
        estimate
            .as_ref()
            .and_then(|e| js_sys::Reflect::get(e, &JsValue::from_str(name)).ok())
            .and_then(|v| v.as_f64())
    };
    StorageInfo {
        persisted,
        usage_bytes: field("usage"),
        quota_bytes: field("quota"),
    }
}

/// Formats a byte count for people: "1.2 MB".
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The event `static/boot.js` fires on `window` when a new version is installed and waiting.
pub const UPDATE_EVENT: &str = "doorstep-update";

/// Whether a new version was already waiting before the app mounted.
pub fn update_waiting() -> bool {
    gloo::utils::document()
        .document_element()
        .and_then(|el| el.get_attribute("data-update-ready"))
        .is_some()
}

/// Activates the waiting version; boot.js reloads the page once it controls it.
pub fn apply_update() {
    let window = gloo::utils::window();
    if let Ok(f) = js_sys::Reflect::get(&window, &JsValue::from_str("doorstepApplyUpdate")) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call0(&JsValue::NULL);
        }
    }
}

/// Today's date in the device's local time zone, "YYYY-MM-DD".
pub fn today_local() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// Milliseconds since the Unix epoch from the device clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}
