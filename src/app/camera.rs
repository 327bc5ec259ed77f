//! The rear camera for scanning QR codes: opening it with getUserMedia,
//! stopping it, and grabbing a scaled-down greyscale picture of the current
//! video frame for the wasm decoder.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{QrMsg, Text};

/// Why the camera did not open, each with what to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraError {
    Denied,
    NoCamera,
    Busy,
    Unsupported,
    Failed,
}

impl CameraError {
    pub fn text(self) -> Text {
        let msg = match self {
            CameraError::Denied => QrMsg::CameraDenied,
            CameraError::NoCamera => QrMsg::CameraNone,
            CameraError::Busy => QrMsg::CameraBusy,
            CameraError::Unsupported => QrMsg::CameraUnsupported,
            CameraError::Failed => QrMsg::CameraFailed,
        };
        Text::new(
            msg.get(crate::i18n::Lang::Zh),
            msg.get(crate::i18n::Lang::En),
        )
    }

    pub fn code(self) -> &'static str {
        match self {
            CameraError::Denied => "denied",
            CameraError::NoCamera => "none",
            CameraError::Busy => "busy",
            CameraError::Unsupported => "unsupported",
            CameraError::Failed => "failed",
        }
    }

    fn of(err: &JsValue) -> CameraError {
        let name = err
            .dyn_ref::<web_sys::DomException>()
            .map(|e| e.name())
            .unwrap_or_default();
        match name.as_str() {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => CameraError::Denied,
            "NotFoundError" | "OverconstrainedError" | "DevicesNotFoundError" => {
                CameraError::NoCamera
            }
            "NotReadableError" | "AbortError" | "TrackStartError" => CameraError::Busy,
            _ => CameraError::Failed,
        }
    }
}

/// Opens the rear camera (`facingMode: environment`), or the camera
/// `device_id` when one was chosen; a preferred 1280 px wide picture: enough
/// for a QR code at arm's length, small enough to decode.
pub async fn open_camera(device_id: Option<&str>) -> Result<web_sys::MediaStream, CameraError> {
    let devices = gloo::utils::window()
        .navigator()
        .media_devices()
        .map_err(|_| CameraError::Unsupported)?;
    // Absent on insecure pages and in some built-in browsers.
    if js_sys::Reflect::get(&devices, &"getUserMedia".into())
        .map(|f| !f.is_function())
        .unwrap_or(true)
    {
        return Err(CameraError::Unsupported);
    }
    let video = js_sys::Object::new();
    let ideal = |value: JsValue| {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"ideal".into(), &value);
        o
    };
    match device_id {
        Some(id) => {
            let exact = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&exact, &"exact".into(), &id.into());
            let _ = js_sys::Reflect::set(&video, &"deviceId".into(), &exact);
        }
        None => {
            let _ =
                js_sys::Reflect::set(&video, &"facingMode".into(), &ideal("environment".into()));
        }
    }
    let _ = js_sys::Reflect::set(&video, &"width".into(), &ideal(1280.into()));
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| CameraError::of(&e))?;
    let stream = JsFuture::from(promise)
        .await
        .map_err(|e| CameraError::of(&e))?;
    stream.dyn_into().map_err(|_| CameraError::Failed)
}

/// The ids of the cameras, once permission is granted (before it, browsers
/// hide them). `facingMode: environment` often opens an ultra-wide lens that
/// cannot focus close, so people may switch to another.
pub async fn camera_ids() -> Vec<String> {
    let Ok(devices) = gloo::utils::window().navigator().media_devices() else {
        return Vec::new();
    };
    let Ok(promise) = devices.enumerate_devices() else {
        return Vec::new();
    };
    let Ok(list) = JsFuture::from(promise).await else {
        return Vec::new();
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|d| d.dyn_into::<web_sys::MediaDeviceInfo>().ok())
        .filter(|d| d.kind() == web_sys::MediaDeviceKind::Videoinput && !d.device_id().is_empty())
        .map(|d| d.device_id())
        .collect()
}

/// The id of the camera a stream comes from.
pub fn device_of(stream: &web_sys::MediaStream) -> Option<String> {
    let track: web_sys::MediaStreamTrack = stream.get_video_tracks().get(0).dyn_into().ok()?;
    let settings = track.get_settings();
    js_sys::Reflect::get(&settings, &"deviceId".into())
        .ok()?
        .as_string()
}

/// Stops every track, which turns the camera (and its light) off.
pub fn stop(stream: &web_sys::MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// Longest side of the picture handed to the decoder: smaller decodes faster
/// and a QR code filling a third of the view still has ≥ 4 px a module.
const DECODE_SIDE: u32 = 960;

/// The current video frame, scaled to at most [`DECODE_SIDE`], as greyscale
/// (width, height, one byte a pixel). `None` before the video has a frame.
pub fn grab_luma(
    video: &web_sys::HtmlVideoElement,
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<(usize, usize, Vec<u8>)> {
    let (vw, vh) = (video.video_width(), video.video_height());
    if vw == 0 || vh == 0 || video.ready_state() < 2 {
        return None;
    }
    let scale = (DECODE_SIDE as f64 / vw.max(vh) as f64).min(1.0);
    let (w, h) = (
        ((vw as f64 * scale) as u32).max(1),
        ((vh as f64 * scale) as u32).max(1),
    );
    canvas.set_width(w);
    canvas.set_height(h);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w as f64, h as f64)
        .ok()?;
    let rgba = context
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .ok()?
        .data();
    let luma = rgba
        .chunks_exact(4)
        .map(|p| ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8)
        .collect();
    Some((w as usize, h as usize, luma))
}
