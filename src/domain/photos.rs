//! Photos (bundle-format §10): a demand or household names its photos by the
//! SHA-256 of their compressed bytes in a `photos` list in its data; a bundle
//! exported "with photos" carries the bytes in an optional `photos` section of
//! its envelope, each checked against its id on import.
//!
//! Pure: the browser compresses and stores; this module names, writes, reads
//! and checks.

use std::collections::BTreeSet;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::canonical::sha256_hex;
use super::revision::Revision;
use crate::i18n::Text;

/// The data field (of a `demand` or `household`) listing its photo ids.
pub const PHOTOS_FIELD: &str = "photos";
/// The envelope field holding the photos of a bundle exported with photos.
pub const SECTION: &str = "photos";
/// The media types a photo may have.
pub const MEDIA_TYPES: [&str; 3] = ["image/jpeg", "image/webp", "image/png"];
/// The longest side of a stored photo, in pixels.
pub const MAX_SIDE: u32 = 1280;
/// A compressed photo above this many bytes is encoded again at a lower quality.
pub const TARGET_BYTES: usize = 200 * 1024;

/// A photo is refused when the origin's free room would drop below this.
pub const MIN_FREE_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// Whether a photo of about `extra` bytes may be stored when the browser
/// reports `usage` of `quota` bytes: at least [`MIN_FREE_BYTES`] must stay free.
pub fn has_room(usage: f64, quota: f64, extra: f64) -> bool {
    quota - usage - extra >= MIN_FREE_BYTES
}

/// A photo's id: lowercase hex SHA-256 of its bytes.
pub fn photo_id(bytes: &[u8]) -> String {
    sha256_hex(bytes)
}

/// True for 64 lowercase hex digits.
pub fn is_photo_id(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The photo ids a record's data lists (kept in the data's unknown fields,
/// so every app version passes them on). Entries that are not ids are skipped.
pub fn photo_ids(extra: &Map<String, Value>) -> Vec<String> {
    match extra.get(PHOTOS_FIELD) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .filter(|id| is_photo_id(id))
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Sets the photo list; an empty list removes the field, so a record without
/// photos is written exactly as before photos existed.
pub fn set_photo_ids(extra: &mut Map<String, Value>, ids: &[String]) {
    if ids.is_empty() {
        extra.remove(PHOTOS_FIELD);
    } else {
        let mut seen = BTreeSet::new();
        let list = ids
            .iter()
            .filter(|id| seen.insert(id.as_str()))
            .map(|id| Value::String(id.clone()))
            .collect();
        extra.insert(PHOTOS_FIELD.to_owned(), Value::Array(list));
    }
}

/// Every photo id the live revisions among `records` list, in order, once.
pub fn referenced<'a>(records: impl IntoIterator<Item = &'a Revision>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut ids = Vec::new();
    for rev in records {
        if rev.deleted {
            continue;
        }
        if let Some(Value::Object(data)) = &rev.data {
            for id in photo_ids(data) {
                if seen.insert(id.clone()) {
                    ids.push(id);
                }
            }
        }
    }
    ids
}

/// One photo: its bytes and media type. Its id is [`photo_id`] of the bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    pub id: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl Photo {
    /// A photo named by the hash of `bytes`.
    pub fn new(bytes: Vec<u8>, media_type: &str) -> Photo {
        Photo {
            id: photo_id(&bytes),
            media_type: media_type.to_owned(),
            bytes,
        }
    }
}

/// Writes `photos` into an exported bundle's text as its `photos` section.
/// The records and their digest are untouched: an app that does not know
/// the section ignores it (unknown envelope fields are ignored, §1).
pub fn add_section(bundle_text: &str, photos: &[Photo]) -> String {
    if photos.is_empty() {
        return bundle_text.to_owned();
    }
    let entries: Vec<Value> = photos
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id,
                "type": p.media_type,
                "data": STANDARD.encode(&p.bytes),
            })
        })
        .collect();
    let section = serde_json::to_string(&entries).unwrap_or_else(|_| String::from("[]"));
    let body = bundle_text.trim_end();
    // The exporter writes one JSON object: insert the section before its closing brace.
    match body.strip_suffix('}') {
        Some(open) => format!("{open},\"{SECTION}\":{section}}}\n"),
        None => bundle_text.to_owned(),
    }
}

/// A photo of the section that was refused, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedPhoto {
    /// The id the entry claimed (or `#n` for an entry without one, 1-based).
    pub name: String,
    pub reason: Refusal,
}

/// Why a photo of the section was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The bytes do not hash to the id: damaged or altered.
    HashMismatch,
    /// The entry is not `{id, type, data}` with a known type and base64 data.
    Malformed,
}

impl RefusedPhoto {
    /// What happened and what to do, in both languages.
    pub fn text(&self) -> Text {
        let short: String = self.name.chars().take(12).collect();
        match self.reason {
            Refusal::HashMismatch => Text::new(
                format!("照片 {short} 的内容与编号不符（文件损坏或被改动），这张照片没有保存；记录照常导入。请让发送方重新导出含照片的数据包。"),
                format!("Photo {short} does not match its id (damaged or altered), so it was not stored; the records were imported. Ask the sender to export with photos again."),
            ),
            Refusal::Malformed => Text::new(
                format!("照片 {short} 格式不正确，没有保存；记录照常导入。请让发送方重新导出含照片的数据包。"),
                format!("Photo {short} is malformed and was not stored; the records were imported. Ask the sender to export with photos again."),
            ),
        }
    }
}

/// The photos section of a bundle, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// Photos whose bytes match their id.
    pub photos: Vec<Photo>,
    /// Entries refused, by name.
    pub refused: Vec<RefusedPhoto>,
}

#[derive(Deserialize)]
struct OnlySection {
    #[serde(default)]
    photos: Option<Vec<Value>>,
}

/// Reads the `photos` section of a bundle's bytes (a plain bundle, already
/// decrypted). A bundle without one gives an empty section; every entry is
/// checked on its own, so one bad photo never refuses the others or the
/// records. Bytes that are not a JSON object give an empty section: the
/// bundle's own check (`parse_bundle`) reports that.
pub fn read_section(bytes: &[u8]) -> Section {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(only) = serde_json::from_slice::<OnlySection>(bytes) else {
        return Section::default();
    };
    let mut section = Section::default();
    for (index, entry) in only.photos.unwrap_or_default().iter().enumerate() {
        match check_entry(entry) {
            Ok(photo) => {
                if !section.photos.iter().any(|p| p.id == photo.id) {
                    section.photos.push(photo);
                }
            }
            Err(reason) => section.refused.push(RefusedPhoto {
                name: entry
                    .get("id")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("#{}", index + 1), str::to_owned),
                reason,
            }),
        }
    }
    section
}

fn check_entry(entry: &Value) -> Result<Photo, Refusal> {
    let id = entry.get("id").and_then(Value::as_str);
    let media_type = entry.get("type").and_then(Value::as_str);
    let data = entry.get("data").and_then(Value::as_str);
    let (Some(id), Some(media_type), Some(data)) = (id, media_type, data) else {
        return Err(Refusal::Malformed);
    };
    if !is_photo_id(id) || !MEDIA_TYPES.contains(&media_type) {
        return Err(Refusal::Malformed);
    }
    let bytes = STANDARD.decode(data).map_err(|_| Refusal::Malformed)?;
    if photo_id(&bytes) != id {
        return Err(Refusal::HashMismatch);
    }
    Ok(Photo {
        id: id.to_owned(),
        media_type: media_type.to_owned(),
        bytes,
    })
}

/// The photo ids `records` list that are neither in `section` nor accepted
/// by `on_device`: the ones to show as "photo not on this device".
pub fn missing<'a>(
    records: impl IntoIterator<Item = &'a Revision>,
    section: &Section,
    on_device: impl Fn(&str) -> bool,
) -> Vec<String> {
    referenced(records)
        .into_iter()
        .filter(|id| !section.photos.iter().any(|p| &p.id == id) && !on_device(id))
        .collect()
}
