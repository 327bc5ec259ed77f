//! The `photos` object store (schema version 5): one row per photo, keyed by
//! its id (the SHA-256 hex of its bytes), holding the compressed bytes as an
//! ArrayBuffer (blob writes failed on some phones and in Safari), its media
//! type and size. The room photos take is kept in `meta` under
//! [`TOTAL_KEY`], updated in the same transaction as every new row.
//!
//! Everything that reads or writes photo bytes goes through the functions
//! here; while the app lock is on the bytes are sealed (`store::codec`:
//! a marker byte, the nonce, the ciphertext), and the id, type and plain
//! size stay clear.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::codec::Codec;
use super::rows::MetaRow;
use super::schema::{META, PHOTOS};
use super::{commit, Store, StoreError};
use crate::domain::photos::Photo;

/// Meta key of the running total of stored photos.
pub const TOTAL_KEY: &str = "photos.total";

/// How many photos are stored and how many bytes they take.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoTotal {
    pub count: u32,
    pub bytes: u64,
}

fn row_of(photo: &Photo, codec: &Codec) -> Result<JsValue, StoreError> {
    let row = js_sys::Object::new();
    let stored = codec.seal_bytes(&photo.bytes)?;
    let buffer = js_sys::Uint8Array::from(stored.as_slice()).buffer();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&row, &JsValue::from_str(key), value)
            .map(|_| ())
            .map_err(|e| StoreError::from_js(&e))
    };
    set("id", &JsValue::from_str(&photo.id))?;
    set("type", &JsValue::from_str(&photo.media_type))?;
    set("size", &JsValue::from_f64(photo.bytes.len() as f64))?;
    set("bytes", &buffer)?;
    Ok(row.into())
}

/// The photo a stored row holds (`None`: a row of the wrong shape), its bytes opened.
fn photo_of(row: &JsValue, codec: &Codec) -> Result<Option<Photo>, StoreError> {
    let get = |key: &str| js_sys::Reflect::get(row, &JsValue::from_str(key)).ok();
    let (Some(id), Some(media_type), Some(buffer)) = (
        get("id").and_then(|v| v.as_string()),
        get("type").and_then(|v| v.as_string()),
        get("bytes").and_then(|v| v.dyn_into::<js_sys::ArrayBuffer>().ok()),
    ) else {
        return Ok(None);
    };
    let bytes = codec.open_bytes(&id, js_sys::Uint8Array::new(&buffer).to_vec())?;
    Ok(Some(Photo {
        id,
        media_type,
        bytes,
    }))
}

impl Store {
    /// Stores the photos not stored yet (one transaction: all or none) and
    /// returns how many were new. The same bytes twice are stored once.
    pub async fn put_photos(&self, photos: &[Photo]) -> Result<usize, StoreError> {
        let codec = self.codec();
        codec.writable()?;
        let tx = self.tx(&[PHOTOS, META], TransactionMode::Readwrite)?;
        let mut added = 0;
        {
            let store = tx.object_store(PHOTOS)?;
            let meta = tx.object_store(META)?;
            codec.check_epoch(&meta).await?;
            let row: Option<MetaRow> = meta.get(TOTAL_KEY).serde()?.await?;
            let mut total: PhotoTotal = row
                .and_then(|row| serde_json::from_str(&row.value).ok())
                .unwrap_or_default();
            for photo in photos {
                let stored: u32 = store
                    .count()
                    .with_query(photo.id.clone())
                    .primitive()?
                    .await?;
                if stored > 0 {
                    continue;
                }
                store.put(row_of(photo, &codec)?).primitive()?;
                total.count = total.count.saturating_add(1);
                total.bytes = total.bytes.saturating_add(photo.bytes.len() as u64);
                added += 1;
            }
            if added > 0 {
                let value = serde_json::to_string(&total)
                    .map_err(|err| StoreError::Other(err.to_string()))?;
                meta.put(&MetaRow {
                    key: TOTAL_KEY.to_owned(),
                    value,
                })
                .serde()?;
            }
        }
        commit(tx).await?;
        Ok(added)
    }

    /// The photo `id`, or `None` when it is not on this device.
    pub async fn get_photo(&self, id: &str) -> Result<Option<Photo>, StoreError> {
        let tx = self.tx(&[PHOTOS], TransactionMode::Readonly)?;
        let store = tx.object_store(PHOTOS)?;
        let row: Option<JsValue> = store.get(id.to_owned()).primitive()?.await?;
        match row {
            None => Ok(None),
            Some(row) if row.is_undefined() || row.is_null() => Ok(None),
            Some(row) => photo_of(&row, &self.codec())?
                .map(Some)
                .ok_or_else(|| StoreError::Corrupt { id: id.to_owned() }),
        }
    }

    /// Which of `ids` are on this device (without reading their bytes).
    pub async fn has_photos(&self, ids: &[String]) -> Result<Vec<bool>, StoreError> {
        let tx = self.tx(&[PHOTOS], TransactionMode::Readonly)?;
        let store = tx.object_store(PHOTOS)?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let n: u32 = store.count().with_query(id.clone()).primitive()?.await?;
            found.push(n > 0);
        }
        Ok(found)
    }

    /// How many photos this device holds and the bytes they take.
    pub async fn photo_total(&self) -> Result<PhotoTotal, StoreError> {
        Ok(self
            .get_meta::<PhotoTotal>(TOTAL_KEY)
            .await?
            .unwrap_or_default())
    }
}
