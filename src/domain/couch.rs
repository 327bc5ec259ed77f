//! CouchDB replication, the pure part: how a revision becomes a CouchDB
//! document and back, PouchDB-format checkpoints, batching and the
//! `_revs_diff` / `_bulk_docs` / `_changes` / `_bulk_get` wire models.
//!
//! Each revision is one immutable document (docs/district-server.md):
//! - `_id` = `<record id>:<revision hash>`, the hash being
//!   [`Revision::content_hash`] (SHA-256 of the revision's canonical JSON);
//! - `_rev` = `1-<first 32 hex of that hash>`, so pushing twice is a no-op;
//! - the body = the revision exactly as a bundle carries it (`id`, `kind`,
//!   `hlc`, `vv`, `deleted`, `data` and any revision-level field this app does
//!   not know); never `_deleted`, so CouchDB never hides or conflicts one.
//!
//! A pulled document is accepted only when the hash recomputed from its body
//! equals the hash in its `_id`.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::canonical::canonical_hash;
use super::kinds::is_uuid;
use super::revision::Revision;
use crate::i18n::Text;

/// Length of a revision hash: lowercase hex SHA-256.
pub const HASH_LEN: usize = 64;

/// Fields CouchDB may add to a document it returns; they are not part of the revision.
const SERVER_FIELDS: [&str; 6] = [
    "_id",
    "_rev",
    "_revisions",
    "_revs_info",
    "_conflicts",
    "_local_seq",
];

/// Why a revision cannot be pushed, or a pulled document cannot be accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CouchError {
    /// The document is not a JSON object.
    NotAnObject { doc_id: Option<String> },
    /// `_id` is missing or not `<uuid>:<64 lowercase hex>`.
    BadId { doc_id: Option<String> },
    /// The document is a deletion (`_deleted: true`): Doorstep never writes one.
    Deleted { doc_id: String },
    /// A field starting with `_` that CouchDB reserves (for example
    /// `_attachments`), in a pulled document or in a revision to push.
    ReservedField { doc_id: String, field: String },
    /// The body is not a revision (missing or malformed fields).
    NotARevision { doc_id: String, reason: String },
    /// The body's `id` is not the record id in `_id`.
    IdMismatch { doc_id: String, body_id: String },
    /// The hash recomputed from the body is not the hash in `_id`: the
    /// document was altered after it was written.
    HashMismatch { doc_id: String, computed: String },
}

impl CouchError {
    /// A stable name for tests and logs.
    pub fn code(&self) -> &'static str {
        match self {
            CouchError::NotAnObject { .. } => "not_an_object",
            CouchError::BadId { .. } => "bad_id",
            CouchError::Deleted { .. } => "deleted",
            CouchError::ReservedField { .. } => "reserved_field",
            CouchError::NotARevision { .. } => "not_a_revision",
            CouchError::IdMismatch { .. } => "id_mismatch",
            CouchError::HashMismatch { .. } => "hash_mismatch",
        }
    }

    /// The document concerned, when it has an id.
    pub fn doc_id(&self) -> Option<&str> {
        match self {
            CouchError::NotAnObject { doc_id } | CouchError::BadId { doc_id } => doc_id.as_deref(),
            CouchError::Deleted { doc_id }
            | CouchError::ReservedField { doc_id, .. }
            | CouchError::NotARevision { doc_id, .. }
            | CouchError::IdMismatch { doc_id, .. }
            | CouchError::HashMismatch { doc_id, .. } => Some(doc_id),
        }
    }

    /// What happened and what to do, in both languages, naming the document.
    pub fn text(&self) -> Text {
        const REFUSED_ZH: &str = "这份文档没有被接收，本机数据未受影响。";
        const REFUSED_EN: &str = "This document was refused; nothing on this device changed.";
        const ASK_ZH: &str = "请联系区服务器管理员检查这份文档。";
        const ASK_EN: &str = "Ask the district server's administrator to check this document.";
        let name = self.doc_id().unwrap_or("?");
        match self {
            CouchError::NotAnObject { .. } => Text::new(
                format!("服务器上的文档 {name} 不是 JSON 对象。{REFUSED_ZH}{ASK_ZH}"),
                format!("Document {name} on the server is not a JSON object. {REFUSED_EN} {ASK_EN}"),
            ),
            CouchError::BadId { .. } => Text::new(
                format!("文档编号 {name} 不是 Doorstep 的格式（应为“记录编号:64位校验值”）。{REFUSED_ZH}{ASK_ZH}"),
                format!("Document id {name} is not a Doorstep id (expected \"<record id>:<64-hex hash>\"). {REFUSED_EN} {ASK_EN}"),
            ),
            CouchError::Deleted { .. } => Text::new(
                format!("文档 {name} 在服务器上被删除了；Doorstep 从不删除服务器上的文档。{REFUSED_ZH}{ASK_ZH}"),
                format!("Document {name} was deleted on the server; Doorstep never deletes server documents. {REFUSED_EN} {ASK_EN}"),
            ),
            CouchError::ReservedField { field, .. } => Text::new(
                format!("文档 {name} 带有 CouchDB 保留字段“{field}”，不能作为记录同步。{REFUSED_ZH}{ASK_ZH}"),
                format!("Document {name} carries the CouchDB-reserved field `{field}` and cannot be synced as a record. {REFUSED_EN} {ASK_EN}"),
            ),
            CouchError::NotARevision { reason, .. } => Text::new(
                format!("文档 {name} 不是 Doorstep 的记录版本（{reason}）。{REFUSED_ZH}{ASK_ZH}"),
                format!("Document {name} is not a Doorstep revision ({reason}). {REFUSED_EN} {ASK_EN}"),
            ),
            CouchError::IdMismatch { body_id, .. } => Text::new(
                format!("文档 {name} 的内容属于另一条记录（{body_id}）。{REFUSED_ZH}{ASK_ZH}"),
                format!("Document {name} holds a different record ({body_id}). {REFUSED_EN} {ASK_EN}"),
            ),
            CouchError::HashMismatch { computed, .. } => Text::new(
                format!("文档 {name} 的内容与其校验值不符（按内容算得 {computed}）：它在写入服务器后被改动过。{REFUSED_ZH}{ASK_ZH}"),
                format!("Document {name} does not match its hash (its content hashes to {computed}): it was altered after it was written. {REFUSED_EN} {ASK_EN}"),
            ),
        }
    }
}

impl std::fmt::Display for CouchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for CouchError {}

/// `<record id>:<revision hash>`.
pub fn doc_id(record_id: &str, hash: &str) -> String {
    format!("{record_id}:{hash}")
}

/// `1-<first 32 hex of the hash>`: the only CouchDB revision a Doorstep document has.
pub fn couch_rev(hash: &str) -> String {
    format!("1-{}", &hash[..hash.len().min(32)])
}

/// The record id and the revision hash of a Doorstep document id, when it is
/// `<uuid>:<64 lowercase hex>`.
pub fn split_doc_id(doc_id: &str) -> Option<(&str, &str)> {
    let (record, hash) = doc_id.split_once(':')?;
    let hash_ok = hash.len() == HASH_LEN
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (is_uuid(record) && hash_ok).then_some((record, hash))
}

/// The CouchDB document of one revision, ready for `_bulk_docs` with
/// `new_edits: false`.
///
/// Refused when the revision's id is not a UUID, or when it carries an
/// unknown revision-level field starting with `_` (CouchDB reserves those).
pub fn doc_from(revision: &Revision) -> Result<Value, CouchError> {
    let hash = revision.content_hash();
    let id = doc_id(&revision.id, &hash);
    if !is_uuid(&revision.id) {
        return Err(CouchError::BadId { doc_id: Some(id) });
    }
    if let Some(field) = revision.extra.keys().find(|k| k.starts_with('_')) {
        return Err(CouchError::ReservedField {
            doc_id: id,
            field: field.clone(),
        });
    }
    let Value::Object(mut body) = revision.to_value() else {
        unreachable!("Revision::to_value is always an object")
    };
    body.insert("_rev".into(), Value::String(couch_rev(&hash)));
    body.insert("_id".into(), Value::String(id));
    Ok(Value::Object(body))
}

/// The revision a pulled document holds, checked: `_id` well formed, no
/// `_deleted` or other reserved field, the body's `id` equal to the record id
/// in `_id`, and the hash recomputed from the body equal to the hash in `_id`.
///
/// `_rev` is not checked: the hash alone proves the content.
pub fn revision_from(doc: &Value) -> Result<Revision, CouchError> {
    let raw_id = doc.get("_id").and_then(Value::as_str).map(str::to_owned);
    let Some(obj) = doc.as_object() else {
        return Err(CouchError::NotAnObject { doc_id: raw_id });
    };
    let Some(doc_id) = raw_id else {
        return Err(CouchError::BadId { doc_id: None });
    };
    let Some((record_id, hash)) = split_doc_id(&doc_id) else {
        return Err(CouchError::BadId {
            doc_id: Some(doc_id),
        });
    };
    if obj
        .get("_deleted")
        .is_some_and(|d| d != &Value::Bool(false))
    {
        return Err(CouchError::Deleted { doc_id });
    }
    let mut body = Map::new();
    for (key, value) in obj {
        if SERVER_FIELDS.contains(&key.as_str()) || key == "_deleted" {
            continue;
        }
        if key.starts_with('_') {
            return Err(CouchError::ReservedField {
                doc_id,
                field: key.clone(),
            });
        }
        body.insert(key.clone(), value.clone());
    }
    match body.get("id") {
        Some(Value::String(body_id)) if body_id == record_id => {}
        Some(Value::String(body_id)) => {
            return Err(CouchError::IdMismatch {
                body_id: body_id.clone(),
                doc_id,
            })
        }
        _ => {
            return Err(CouchError::NotARevision {
                doc_id,
                reason: "id".into(),
            })
        }
    }
    let body = Value::Object(body);
    let computed = canonical_hash(&body);
    if computed != hash {
        return Err(CouchError::HashMismatch { doc_id, computed });
    }
    let revision: Revision =
        serde_json::from_value(body).map_err(|e| CouchError::NotARevision {
            doc_id: doc_id.clone(),
            reason: e.to_string(),
        })?;
    // The body hashed as written; it must also be exactly what this revision
    // writes (no field this app would silently normalise).
    let again = revision.content_hash();
    if again != hash {
        return Err(CouchError::NotARevision {
            doc_id,
            reason: "not in canonical revision form".into(),
        });
    }
    Ok(revision)
}

// ---------------------------------------------------------------------------
// Checkpoints (PouchDB's pouchdb-checkpointer, CHECKPOINT_VERSION 1)
// ---------------------------------------------------------------------------

/// How many past sessions a checkpoint keeps (PouchDB's `CHECKPOINT_HISTORY_SIZE`).
pub const CHECKPOINT_HISTORY_SIZE: usize = 5;

/// The `replicator` field Doorstep writes. PouchDB writes `"pouchdb"`; the
/// comparison never reads it.
pub const REPLICATOR: &str = "doorstep";

/// One past session in a checkpoint's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub last_seq: Value,
    pub session_id: String,
}

/// A replication checkpoint as PouchDB stores it in `_local/<replication id>`
/// on both sides: `last_seq` is opaque (an integer for PouchDB and for this
/// app's local arrival sequence, a string for CouchDB 2+).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `_local` document's revision (`0-N`), needed to overwrite it.
    #[serde(rename = "_rev", default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
    pub session_id: String,
    #[serde(default)]
    pub last_seq: Value,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    #[serde(default)]
    pub replicator: Option<String>,
    #[serde(default)]
    pub version: Option<u64>,
}

impl Checkpoint {
    /// A first checkpoint for `local_id` (`_local/…`), as PouchDB makes one when
    /// the document does not exist yet.
    pub fn new(local_id: &str, session_id: &str) -> Self {
        Checkpoint {
            id: Some(local_id.to_owned()),
            rev: None,
            session_id: session_id.to_owned(),
            last_seq: Value::Null,
            history: Vec::new(),
            replicator: Some(REPLICATOR.into()),
            version: Some(1),
        }
    }

    /// The checkpoint after `session` reached `seq`, or `None` when it is
    /// already there (PouchDB then skips the write). The session's own older
    /// entry leaves the history, the new one goes first, five are kept.
    pub fn advanced(&self, seq: &Value, session: &str) -> Option<Checkpoint> {
        if &self.last_seq == seq {
            return None;
        }
        let mut next = self.clone();
        next.history.retain(|h| h.session_id != session);
        next.history.insert(
            0,
            HistoryEntry {
                last_seq: seq.clone(),
                session_id: session.to_owned(),
            },
        );
        next.history.truncate(CHECKPOINT_HISTORY_SIZE);
        next.version = Some(1);
        next.replicator = Some(REPLICATOR.into());
        next.session_id = session.to_owned();
        next.last_seq = seq.clone();
        Some(next)
    }
}

/// Where a replication starts, given the checkpoints read from its source and
/// its target (`None` when that side has none): PouchDB's `getCheckpoint`,
/// itself ported from CouchDB's `compare_replication_logs`. `0` means from the
/// beginning.
pub fn start_seq(source: Option<&Checkpoint>, target: Option<&Checkpoint>) -> Value {
    let (Some(source), Some(target)) = (source, target) else {
        return Value::from(0);
    };
    if source.version != target.version {
        return Value::from(0);
    }
    if source.version != Some(1) {
        // Pre-history checkpoints: only an exact agreement counts.
        return if source.last_seq == target.last_seq && !source.last_seq.is_null() {
            source.last_seq.clone()
        } else {
            Value::from(0)
        };
    }
    if source.session_id == target.session_id {
        return source.last_seq.clone();
    }
    compare_history(&source.history, &target.history)
}

fn compare_history(source: &[HistoryEntry], target: &[HistoryEntry]) -> Value {
    let (Some(s), Some(t)) = (source.first(), target.first()) else {
        return Value::from(0);
    };
    if target.iter().any(|h| h.session_id == s.session_id) {
        return s.last_seq.clone();
    }
    if source[1..].iter().any(|h| h.session_id == t.session_id) {
        return t.last_seq.clone();
    }
    compare_history(&source[1..], &target[1..])
}

/// A database's id in a replication id: PouchDB's http adapter uses the
/// server's `uuid` (from `GET /`) followed by the database name, or the
/// database URL when the server gives no uuid.
pub fn remote_db_id(server_uuid: Option<&str>, db_name: &str, db_url: &str) -> String {
    match server_uuid {
        Some(uuid) if !uuid.is_empty() => format!("{uuid}{db_name}"),
        _ => db_url.to_owned(),
    }
}

/// The local database's id in a replication id: this installation's device id.
pub fn local_db_id(device_id: &str) -> String {
    format!("doorstep-{device_id}")
}

/// `_local/<id>`: PouchDB's `generateReplicationId` for a replication without
/// filter, doc ids or selector: base64 MD5 of `source id + target id`, with
/// `/` written `.` and `+` written `_`. Push and pull have different ids.
pub fn replication_id(source_id: &str, target_id: &str) -> String {
    let digest = md5(format!("{source_id}{target_id}").as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
    format!("_local/{}", b64.replace('/', ".").replace('+', "_"))
}

/// MD5 (RFC 1321, RustCrypto's `md-5`), only for replication ids: PouchDB
/// derives them with it. Not used for anything that needs to resist forgery.
pub fn md5(input: &[u8]) -> [u8; 16] {
    use md5::{Digest, Md5};
    Md5::digest(input).into()
}

// ---------------------------------------------------------------------------
// Batching
// ---------------------------------------------------------------------------

/// Documents per `_bulk_docs` / `_bulk_get` request to start with.
pub const DEFAULT_BATCH_DOCS: usize = 500;
/// Bytes per request to stay under (nginx's `client_max_body_size` must be larger).
pub const DEFAULT_BATCH_BYTES: usize = 4 * 1024 * 1024;

/// Consecutive index ranges of `sizes` (each item's encoded size in bytes),
/// at most `max_docs` items and, unless one item alone is larger,
/// `max_bytes` bytes each. Every item is in exactly one range, in order.
pub fn batches(sizes: &[usize], max_docs: usize, max_bytes: usize) -> Vec<std::ops::Range<usize>> {
    let max_docs = max_docs.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0usize;
    for (i, &size) in sizes.iter().enumerate() {
        let count = i - start;
        if count > 0 && (count >= max_docs || bytes.saturating_add(size) > max_bytes) {
            out.push(start..i);
            start = i;
            bytes = 0;
        }
        bytes = bytes.saturating_add(size);
    }
    if start < sizes.len() {
        out.push(start..sizes.len());
    }
    out
}

/// The batch size of a push, halved each time the server answers 413
/// (request entity too large) and kept for the rest of the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchSize {
    pub docs: usize,
    pub bytes: usize,
}

impl Default for BatchSize {
    fn default() -> Self {
        BatchSize {
            docs: DEFAULT_BATCH_DOCS,
            bytes: DEFAULT_BATCH_BYTES,
        }
    }
}

impl BatchSize {
    /// After a 413 on a batch of `sent` documents: half of it (at least one).
    /// `None` when `sent` was already a single document: that document alone
    /// is too large for the server, and retrying cannot help.
    pub fn halved(self, sent: usize) -> Option<BatchSize> {
        if sent <= 1 {
            return None;
        }
        Some(BatchSize {
            docs: (sent / 2).max(1),
            bytes: (self.bytes / 2).max(1),
        })
    }
}

// ---------------------------------------------------------------------------
// Wire models
// ---------------------------------------------------------------------------

/// `POST /db/_revs_diff` body: for each document id, the revisions we have.
pub type RevsDiffRequest = BTreeMap<String, Vec<String>>;

/// One entry of the `_revs_diff` answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevsDiffEntry {
    #[serde(default)]
    pub missing: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_ancestors: Option<Vec<String>>,
}

/// `_revs_diff` answer: only the ids the server lacks something of appear.
pub type RevsDiffResponse = BTreeMap<String, RevsDiffEntry>;

/// The `_revs_diff` request for these documents (as made by [`doc_from`]).
pub fn revs_diff_request<'a>(docs: impl IntoIterator<Item = &'a Value>) -> RevsDiffRequest {
    let mut out = RevsDiffRequest::new();
    for doc in docs {
        if let (Some(id), Some(rev)) = (
            doc.get("_id").and_then(Value::as_str),
            doc.get("_rev").and_then(Value::as_str),
        ) {
            out.entry(id.to_owned()).or_default().push(rev.to_owned());
        }
    }
    out
}

/// The documents of `docs` the server said it is missing, in their order.
pub fn missing_docs<'a>(docs: &'a [Value], diff: &RevsDiffResponse) -> Vec<&'a Value> {
    docs.iter()
        .filter(|doc| {
            let id = doc.get("_id").and_then(Value::as_str);
            let rev = doc.get("_rev").and_then(Value::as_str);
            match (id, rev) {
                (Some(id), Some(rev)) => diff
                    .get(id)
                    .is_some_and(|e| e.missing.iter().any(|m| m == rev)),
                _ => false,
            }
        })
        .collect()
}

/// `POST /db/_bulk_docs` body: documents written as they are, never given new revisions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BulkDocsRequest<'a> {
    pub docs: Vec<&'a Value>,
    pub new_edits: bool,
}

impl<'a> BulkDocsRequest<'a> {
    pub fn replicated(docs: Vec<&'a Value>) -> Self {
        BulkDocsRequest {
            docs,
            new_edits: false,
        }
    }
}

/// One entry of the `_bulk_docs` answer. With `new_edits: false` CouchDB
/// answers `[]` when all went well; errors (for example `forbidden` from the
/// design document's `validate_doc_update`) come back per document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkDocsResult {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub rev: Option<String>,
    #[serde(default)]
    pub ok: Option<bool>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// The failed entries of a `_bulk_docs` answer.
pub fn bulk_docs_failures(results: &[BulkDocsResult]) -> Vec<&BulkDocsResult> {
    results.iter().filter(|r| r.error.is_some()).collect()
}

/// One change of `GET /db/_changes?style=all_docs`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub id: String,
    pub seq: Value,
    #[serde(default)]
    pub changes: Vec<ChangeRev>,
    #[serde(default)]
    pub deleted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRev {
    pub rev: String,
}

/// `GET /db/_changes` answer (normal or longpoll feed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesResponse {
    pub results: Vec<Change>,
    pub last_seq: Value,
    #[serde(default)]
    pub pending: Option<u64>,
}

impl ChangesResponse {
    /// The `_bulk_get` request for every (id, rev) of these changes that this
    /// device lacks; `have(doc_id)` says whether a document is already stored
    /// (its id names its content, so one rev per id is all there is to fetch).
    /// Design documents and ids that are not Doorstep's are skipped.
    pub fn wanted(&self, have: impl Fn(&str) -> bool) -> BulkGetRequest {
        let mut docs = Vec::new();
        for change in &self.results {
            if change.deleted || split_doc_id(&change.id).is_none() || have(&change.id) {
                continue;
            }
            for rev in &change.changes {
                docs.push(BulkGetItem {
                    id: change.id.clone(),
                    rev: Some(rev.rev.clone()),
                });
            }
        }
        BulkGetRequest { docs }
    }
}

/// `POST /db/_bulk_get` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkGetRequest {
    pub docs: Vec<BulkGetItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkGetItem {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
}

/// What one `_bulk_get` answer holds: documents, and the ids the server could
/// not give (CouchDB writes `{"error": {...}}`, pouchdb-server an empty `{}`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BulkGetOutcome {
    pub docs: Vec<Value>,
    pub failed: Vec<String>,
}

/// Reads a `_bulk_get` answer: `{"results": [{"id", "docs": [{"ok": doc} | {"error": …}]}]}`.
pub fn read_bulk_get(answer: &Value) -> BulkGetOutcome {
    let mut out = BulkGetOutcome::default();
    let results = answer
        .get("results")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for result in results {
        let id = result
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let docs = result
            .get("docs")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut got = false;
        for entry in docs {
            if let Some(doc) = entry.get("ok") {
                out.docs.push(doc.clone());
                got = true;
            }
        }
        if !got {
            out.failed.push(id);
        }
    }
    out
}
