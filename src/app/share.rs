//! The system share sheet (Web Share API level 2, files): whether this
//! browser can share a file, and sharing it. Looked up at run time, since
//! most desktop browsers have no `navigator.share`.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A bundle's text as a `File` named `file_name` (JSON).
pub fn bundle_file(text: &str, file_name: &str) -> Option<web_sys::File> {
    let parts = Array::of1(&JsValue::from_str(text));
    bytes_or_text_file(&parts, file_name)
}

/// Bytes (a bundle received by QR codes) as a `File` named `file_name`.
pub fn bytes_file(bytes: &[u8], file_name: &str) -> Option<web_sys::File> {
    let parts = Array::of1(&js_sys::Uint8Array::from(bytes));
    bytes_or_text_file(&parts, file_name)
}

fn bytes_or_text_file(parts: &Array, file_name: &str) -> Option<web_sys::File> {
    let options = web_sys::FilePropertyBag::new();
    options.set_type("application/json");
    web_sys::File::new_with_blob_sequence_and_options(parts, file_name, &options).ok()
}

/// `{ files: [file] }`, the argument of `canShare` and `share`.
fn share_data(file: &web_sys::File) -> Object {
    let data = Object::new();
    let _ = Reflect::set(&data, &"files".into(), &Array::of1(file));
    data
}

fn navigator_method(name: &str) -> Option<(JsValue, Function)> {
    let navigator: JsValue = gloo::utils::window().navigator().into();
    let method = Reflect::get(&navigator, &name.into()).ok()?;
    method.dyn_into::<Function>().ok().map(|f| (navigator, f))
}

/// Whether `navigator.canShare({ files: [file] })` says yes.
pub fn can_share(file: &web_sys::File) -> bool {
    navigator_method("canShare")
        .and_then(|(navigator, can)| can.call1(&navigator, &share_data(file)).ok())
        .is_some_and(|answer| answer.as_bool() == Some(true))
}

/// Opens the share sheet with `file`. `Err` when the person cancelled it or
/// the browser refused.
pub async fn share(file: &web_sys::File) -> Result<(), JsValue> {
    let (navigator, share) =
        navigator_method("share").ok_or_else(|| JsValue::from_str("no navigator.share"))?;
    let promise: js_sys::Promise = share.call1(&navigator, &share_data(file))?.dyn_into()?;
    JsFuture::from(promise).await.map(|_| ())
}
