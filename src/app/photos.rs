//! Photos: compressing a chosen or taken picture on the phone, storing it by
//! its hash, reading it back for a thumbnail, and the room photos take.
//!
//! Compression never blocks the page for long: `createImageBitmap` decodes
//! the file off the main thread (and resizes it there), an `OffscreenCanvas`
//! holds only the small picture, and `convertToBlob` encodes asynchronously.
//! Re-encoding keeps only pixels: EXIF (camera, time, GPS location) is not
//! copied; the orientation is applied to the pixels first.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::{AppError, Db};
use serde_json::{Map, Value};

use crate::domain::kinds::Kind;
use crate::domain::photos::{photo_ids, set_photo_ids, Photo, MAX_SIDE, TARGET_BYTES};
use crate::i18n::{Lang, PhotoMsg, Text};

pub use crate::store::photos::PhotoTotal;

fn text(msg: PhotoMsg) -> Text {
    Text::new(msg.get(Lang::Zh), msg.get(Lang::En))
}

fn refused(msg: PhotoMsg) -> AppError {
    AppError::Refused(text(msg))
}

/// The side lengths of a `width` × `height` picture scaled so its long side
/// is at most [`MAX_SIDE`] (never enlarged).
pub fn scaled(width: u32, height: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= MAX_SIDE || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(MAX_SIDE) + u64::from(long) / 2) / u64::from(long)).max(1)
            as u32
    };
    (scale(width), scale(height))
}

async fn bitmap(
    window: &web_sys::Window,
    file: &web_sys::Blob,
    size: Option<(u32, u32)>,
) -> Result<web_sys::ImageBitmap, AppError> {
    let options = web_sys::ImageBitmapOptions::new();
    options.set_image_orientation(web_sys::ImageOrientation::FromImage);
    if let Some((w, h)) = size {
        options.set_resize_width(w);
        options.set_resize_height(h);
        options.set_resize_quality(web_sys::ResizeQuality::High);
    }
    let promise = window
        .create_image_bitmap_with_blob_and_image_bitmap_options(file, &options)
        .map_err(|_| refused(PhotoMsg::Unsupported))?;
    JsFuture::from(promise)
        .await
        .map_err(|_| refused(PhotoMsg::NotAnImage))?
        .dyn_into::<web_sys::ImageBitmap>()
        .map_err(|_| refused(PhotoMsg::NotAnImage))
}

async fn encode(
    canvas: &web_sys::OffscreenCanvas,
    quality: f64,
) -> Result<(Vec<u8>, String), AppError> {
    let options = web_sys::ImageEncodeOptions::new();
    options.set_type("image/jpeg");
    options.set_quality(quality);
    let promise = canvas
        .convert_to_blob_with_options(&options)
        .map_err(|_| refused(PhotoMsg::Unsupported))?;
    let blob: web_sys::Blob = JsFuture::from(promise)
        .await
        .map_err(|_| refused(PhotoMsg::Unsupported))?
        .unchecked_into();
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| refused(PhotoMsg::Unsupported))?;
    Ok((js_sys::Uint8Array::new(&buffer).to_vec(), blob.type_()))
}

/// Compresses `file` to a JPEG of at most [`MAX_SIDE`] px on the long side,
/// aiming at [`TARGET_BYTES`] (lower qualities are tried while it is larger).
pub async fn compress(file: &web_sys::Blob) -> Result<Photo, AppError> {
    let window = web_sys::window().ok_or_else(|| refused(PhotoMsg::Unsupported))?;
    // Decoded off the main thread; only its size is read before it is released.
    let full = bitmap(&window, file, None).await?;
    let (width, height) = scaled(full.width(), full.height());
    let small = if (width, height) == (full.width(), full.height()) {
        full
    } else {
        full.close();
        bitmap(&window, file, Some((width, height))).await?
    };
    let canvas =
        web_sys::OffscreenCanvas::new(width, height).map_err(|_| refused(PhotoMsg::Unsupported))?;
    let context: web_sys::OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or_else(|| refused(PhotoMsg::Unsupported))?
        .unchecked_into();
    // A transparent PNG becomes white, not black, as a JPEG.
    context.set_fill_style_str("#fff");
    context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    let drawn = context.draw_image_with_image_bitmap_and_dw_and_dh(
        &small,
        0.0,
        0.0,
        f64::from(width),
        f64::from(height),
    );
    small.close();
    drawn.map_err(|_| refused(PhotoMsg::NotAnImage))?;
    let mut best = encode(&canvas, 0.8).await?;
    for quality in [0.65, 0.5] {
        if best.0.len() <= TARGET_BYTES {
            break;
        }
        best = encode(&canvas, quality).await?;
    }
    // Release the canvas memory now (Safari caps the total).
    canvas.set_width(0);
    canvas.set_height(0);
    let media_type = if best.1.is_empty() {
        "image/jpeg".to_owned()
    } else {
        best.1
    };
    Ok(Photo::new(best.0, &media_type))
}

/// Refuses when the browser says this origin is nearly out of room.
pub async fn check_room(extra_bytes: usize) -> Result<(), AppError> {
    let info = crate::app::platform::storage_info().await;
    if let (Some(usage), Some(quota)) = (info.usage_bytes, info.quota_bytes) {
        if !crate::domain::photos::has_room(usage, quota, extra_bytes as f64) {
            return Err(refused(PhotoMsg::NearlyFull));
        }
    }
    Ok(())
}

/// Compresses and stores `file`, returning its id. Nothing else is written:
/// the caller lists the id in the record it saves. A full device is refused
/// with [`PhotoMsg::NearlyFull`], before or (`QuotaExceededError`) during the write.
pub async fn add_photo(db: &Db, file: &web_sys::Blob) -> Result<String, AppError> {
    check_room(file.size().max(0.0) as usize).await?;
    let photo = compress(file).await?;
    store_photo(db, &photo).await?;
    Ok(photo.id)
}

/// Stores `photo` (once: the same bytes again change nothing).
pub async fn store_photo(db: &Db, photo: &Photo) -> Result<(), AppError> {
    match db.store().put_photos(std::slice::from_ref(photo)).await {
        Ok(_) => Ok(()),
        Err(crate::store::StoreError::QuotaExceeded) => Err(refused(PhotoMsg::NearlyFull)),
        Err(err) => Err(err.into()),
    }
}

/// The photo `id`, `None` when it is not on this device.
pub async fn photo(db: &Db, id: &str) -> Result<Option<Photo>, AppError> {
    Ok(db.store().get_photo(id).await?)
}

/// An object URL showing `photo` (revoke it with [`revoke_url`] when done).
pub fn object_url(photo: &Photo) -> Option<String> {
    let array = js_sys::Uint8Array::from(photo.bytes.as_slice());
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&photo.media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Releases a URL made by [`object_url`].
pub fn revoke_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// How many photos are on this device and the room they take.
pub async fn total(db: &Db) -> Result<PhotoTotal, AppError> {
    Ok(db.store().photo_total().await?)
}

/// Which of `ids` are on this device.
pub async fn on_device(db: &Db, ids: &[String]) -> Result<Vec<bool>, AppError> {
    Ok(db.store().has_photos(ids).await?)
}

/// The photo ids record `id` lists (empty when it lists none).
pub async fn record_photos(db: &Db, id: &str, kind: Kind) -> Result<Vec<String>, AppError> {
    let (_, data) = crate::app::records::current_as::<Map<String, Value>>(db, id, kind).await?;
    Ok(photo_ids(&data))
}

/// Writes a new version of record `id` listing `ids` as its photos — an
/// ordinary edit: every other field, known or not, is kept as it is.
pub async fn set_record_photos(
    db: &Db,
    device_id: &str,
    id: &str,
    kind: Kind,
    ids: &[String],
) -> Result<(), AppError> {
    let (_, mut data) = crate::app::records::current_as::<Map<String, Value>>(db, id, kind).await?;
    set_photo_ids(&mut data, ids);
    crate::app::records::edit(db, device_id, id, Value::Object(data)).await?;
    Ok(())
}
