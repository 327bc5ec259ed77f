//! Files in and out of the browser, with no network: a download made from a
//! Blob and an object URL, reading a chosen or dropped file, and a pause that
//! lets the page repaint between long steps.

use wasm_bindgen::{JsCast, JsValue};

/// Hands `text` to the browser as a download named `file_name`.
///
/// Builds a Blob, an object URL and a hidden `<a download>`, clicks it and
/// revokes the URL a minute later (revoking at once can cancel the download).
pub fn download_text(text: &str, file_name: &str, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    // `hidden`, not a style attribute: the CSP allows no inline styles.
    anchor.set_hidden(true);
    let body = gloo::utils::body();
    body.append_child(&anchor)?;
    anchor.click();
    let _ = body.remove_child(&anchor);
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// The files of a `FileList` (from an `<input type=file>` or a drop), in order.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads a whole file. `None` when the browser cannot read it any more
/// (moved, deleted, permission withdrawn).
pub async fn read_bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let blob = gloo::file::Blob::from(web_sys::Blob::from(file.clone()));
    gloo::file::futures::read_as_bytes(&blob).await.ok()
}

/// Gives the event loop a turn, so the page repaints and stays responsive
/// between steps of a long job.
pub async fn yield_now() {
    gloo::timers::future::TimeoutFuture::new(0).await;
}
