//! Revisions: one immutable version of one record, as stored and as carried in bundles.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::canonical::{canonical_json, sha256_hex};
use super::clock::{Hlc, HlcClock};
use super::kinds::{self, brief, Kind, Problem};
use super::vv::VersionVector;
use crate::i18n::Text;

/// One version of one record (BUNDLE_FORMAT §2).
///
/// Fields this app does not know, at the revision level, are kept in `extra`
/// and written out again unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub id: String,
    pub kind: String,
    pub hlc: String,
    pub vv: VersionVector,
    #[serde(default)]
    pub deleted: bool,
    /// `None` is written as `null`: tombstones carry no personal data.
    #[serde(default)]
    pub data: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Revision {
    /// The revision as a JSON value, exactly as a bundle carries it.
    pub fn to_value(&self) -> Value {
        let mut map = self.extra.clone();
        map.insert("id".into(), Value::String(self.id.clone()));
        map.insert("kind".into(), Value::String(self.kind.clone()));
        map.insert("hlc".into(), Value::String(self.hlc.clone()));
        let vv = self
            .vv
            .0
            .iter()
            .map(|(device, &n)| (device.clone(), Value::from(n)))
            .collect();
        map.insert("vv".into(), Value::Object(vv));
        map.insert("deleted".into(), Value::Bool(self.deleted));
        map.insert("data".into(), self.data.clone().unwrap_or(Value::Null));
        Value::Object(map)
    }

    /// Canonical JSON text (sorted keys, compact): exactly
    /// `canonical_json(&self.to_value())`, written without first copying the
    /// revision into a JSON value (an import writes it once per revision).
    pub fn canonical(&self) -> String {
        enum Part<'a> {
            Text(&'a str),
            Vv,
            Deleted,
            Data,
            Extra(&'a Value),
        }
        const FIXED: [&str; 6] = ["data", "deleted", "hlc", "id", "kind", "vv"];
        let mut parts: Vec<(&str, Part)> = self
            .extra
            .iter()
            .filter(|(key, _)| !FIXED.contains(&key.as_str()))
            .map(|(key, value)| (key.as_str(), Part::Extra(value)))
            .collect();
        parts.extend([
            ("id", Part::Text(&self.id)),
            ("kind", Part::Text(&self.kind)),
            ("hlc", Part::Text(&self.hlc)),
            ("vv", Part::Vv),
            ("deleted", Part::Deleted),
            ("data", Part::Data),
        ]);
        parts.sort_by(|a, b| a.0.cmp(b.0));
        let mut out: Vec<u8> = Vec::with_capacity(512);
        out.push(b'{');
        for (index, (key, part)) in parts.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            // Writing strings, maps with sorted keys, numbers and booleans
            // into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, key);
            out.push(b':');
            let _ = match part {
                Part::Text(text) => serde_json::to_writer(&mut out, text),
                Part::Vv => serde_json::to_writer(&mut out, &self.vv.0),
                Part::Deleted => serde_json::to_writer(&mut out, &self.deleted),
                Part::Data => serde_json::to_writer(&mut out, &self.data),
                Part::Extra(value) => serde_json::to_writer(&mut out, value),
            };
        }
        out.push(b'}');
        String::from_utf8(out).unwrap_or_else(|_| canonical_json(&self.to_value()))
    }

    /// Lowercase hex SHA-256 of [`canonical`](Self::canonical): the revision's
    /// identity in the store, and the last tie-breaker for which sibling is shown.
    pub fn content_hash(&self) -> String {
        sha256_hex(self.canonical().as_bytes())
    }

    /// The known kind, if this app knows it.
    pub fn known_kind(&self) -> Option<Kind> {
        Kind::parse(&self.kind)
    }

    /// The parsed clock, if well formed.
    pub fn parsed_hlc(&self) -> Option<Hlc> {
        Hlc::parse(&self.hlc)
    }

    /// This revision has seen everything `other` has, and more (same record).
    pub fn dominates(&self, other: &Revision) -> bool {
        self.vv.dominates(&other.vv)
    }

    /// Whether this revision is shown before `other` among siblings: greater
    /// `hlc` (string order), then greater content hash, so every device agrees.
    pub fn is_shown_over(&self, other: &Revision) -> bool {
        match self.hlc.cmp(&other.hlc) {
            std::cmp::Ordering::Equal => self.content_hash() > other.content_hash(),
            order => order == std::cmp::Ordering::Greater,
        }
    }

    /// Everything wrong with this revision; empty when it may be stored and exported.
    pub fn problems(&self) -> Vec<Problem> {
        problems(&self.to_value())
    }
}

/// A new record of `kind` made on this device: a fresh UUID v4, `vv = {device: 1}`.
pub fn create(kind: Kind, data: Value, clock: &mut HlcClock, wall_ms: u64) -> Revision {
    Revision {
        id: uuid::Uuid::new_v4().to_string(),
        kind: kind.as_str().to_owned(),
        hlc: clock.tick(wall_ms).to_string(),
        vv: VersionVector::single(&clock.device, 1),
        deleted: false,
        data: Some(data),
        extra: Map::new(),
    }
}

/// A new version of the record whose current heads are `current_heads`
/// (resolving a conflict when there are several): its `vv` dominates them all.
///
/// # Panics
/// If `current_heads` is empty: there is no record to edit. Use [`create`].
pub fn edit(
    current_heads: &[Revision],
    data: Value,
    clock: &mut HlcClock,
    wall_ms: u64,
) -> Revision {
    successor(current_heads, Some(data), clock, wall_ms)
}

/// A tombstone for the record whose current heads are `current_heads`: its
/// `data` is null, so personal data leaves the device.
///
/// # Panics
/// If `current_heads` is empty.
pub fn delete(current_heads: &[Revision], clock: &mut HlcClock, wall_ms: u64) -> Revision {
    successor(current_heads, None, clock, wall_ms)
}

fn successor(
    heads: &[Revision],
    data: Option<Value>,
    clock: &mut HlcClock,
    wall_ms: u64,
) -> Revision {
    let Some(first) = heads.first() else {
        panic!(
            "edit/delete need the record's current heads; use revision::create for a new record"
        );
    };
    let mut vv = VersionVector::default();
    for head in heads {
        vv = vv.merged(&head.vv);
        // The new version must come after what it replaces, whatever the wall clock says.
        if let Some(hlc) = head.parsed_hlc() {
            clock.observe(&hlc, wall_ms);
        }
    }
    Revision {
        id: first.id.clone(),
        kind: first.kind.clone(),
        hlc: clock.tick(wall_ms).to_string(),
        vv: vv.incremented(&clock.device),
        deleted: data.is_none(),
        data,
        extra: first.extra.clone(),
    }
}

/// Everything wrong with one revision as found in a bundle (BUNDLE_FORMAT §2):
/// `id` a UUID, `kind` non-empty text, `hlc` well formed, `vv` a non-empty
/// object of non-negative integers, `deleted` a boolean, a tombstone without
/// data, and for known kinds data that passes [`kinds::validate`].
pub fn problems(value: &Value) -> Vec<Problem> {
    let Some(obj) = value.as_object() else {
        return vec![Problem::new(
            "",
            Text::new(
                "记录不是一个 JSON 对象",
                "the revision is not a JSON object",
            ),
        )];
    };
    let mut out = Vec::new();
    match obj.get("id") {
        None | Some(Value::Null) => out.push(missing("id")),
        Some(Value::String(id)) if kinds::is_uuid(id) => {}
        Some(other) => out.push(Problem::new(
            "id",
            Text::new(
                format!("“id”应为 UUID 格式的记录编号，而不是 {o}", o = brief(other)),
                format!("`id` must be a UUID, not {o}", o = brief(other)),
            ),
        )),
    }
    let kind = match obj.get("kind") {
        None | Some(Value::Null) => {
            out.push(missing("kind"));
            None
        }
        Some(Value::String(kind)) if !kind.trim().is_empty() => Some(kind.as_str()),
        Some(other) => {
            out.push(Problem::new(
                "kind",
                Text::new(
                    format!("“kind”应为非空文本，而不是 {o}", o = brief(other)),
                    format!("`kind` must be non-empty text, not {o}", o = brief(other)),
                ),
            ));
            None
        }
    };
    match obj.get("hlc") {
        None | Some(Value::Null) => out.push(missing("hlc")),
        Some(Value::String(hlc)) if Hlc::parse(hlc).is_some() => {}
        Some(other) => out.push(Problem::new(
            "hlc",
            Text::new(
                format!("“hlc”格式不正确：{o}（应为“13位毫秒-5位计数-设备编号”）", o = brief(other)),
                format!("`hlc` is malformed: {o} (expected \"<13-digit millis>-<5-digit counter>-<device id>\")", o = brief(other)),
            ),
        )),
    }
    match obj.get("vv") {
        None | Some(Value::Null) => out.push(missing("vv")),
        Some(vv) if vv_ok(vv) => {}
        Some(other) => out.push(Problem::new(
            "vv",
            Text::new(
                format!("“vv”（版本向量）格式不正确：{o}（应为非空对象，值为非负整数）", o = brief(other)),
                format!("`vv` (version vector) is malformed: {o} (expected a non-empty object of non-negative integers)", o = brief(other)),
            ),
        )),
    }
    let deleted = match obj.get("deleted") {
        None => false,
        Some(Value::Bool(deleted)) => *deleted,
        Some(other) => {
            out.push(Problem::new(
                "deleted",
                Text::new(
                    format!("“deleted”应为 true 或 false，而不是 {o}", o = brief(other)),
                    format!("`deleted` must be true or false, not {o}", o = brief(other)),
                ),
            ));
            false
        }
    };
    let data = obj.get("data").unwrap_or(&Value::Null);
    if deleted {
        if !data.is_null() {
            out.push(Problem::new(
                "data",
                Text::new(
                    "已删除的记录（deleted 为 true）不能再带有数据，“data”应为 null",
                    "a deleted revision (deleted: true) must carry no data: `data` must be null",
                ),
            ));
        }
    } else if let Some(kind) = kind {
        if Kind::parse(kind).is_some() {
            out.extend(kinds::validate(kind, data));
        } else if !data.is_null() && !data.is_object() {
            out.push(Problem::new(
                "data",
                Text::new(
                    format!("“data”应为对象或 null，而不是 {d}", d = brief(data)),
                    format!("`data` must be an object or null, not {d}", d = brief(data)),
                ),
            ));
        }
    }
    out
}

fn vv_ok(vv: &Value) -> bool {
    match vv {
        Value::Object(map) => {
            !map.is_empty() && map.iter().all(|(k, n)| !k.is_empty() && n.is_u64())
        }
        _ => false,
    }
}

fn missing(field: &str) -> Problem {
    Problem::new(
        field,
        Text::new(
            format!("缺少必填字段“{field}”"),
            format!("required field `{field}` is missing"),
        ),
    )
}
