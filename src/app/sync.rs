//! District sync: replicates this device's revisions with a CouchDB database
//! on the app's own origin (for example `/couchdb/doorstep-gulou`, proxied by
//! nginx or Caddy; docs/district-server.md), over `fetch`.
//!
//! - Sign-in is CouchDB's cookie session (`POST /_session`); the password is
//!   sent once and never stored.
//! - Push: heads that arrived since the push checkpoint, in arrival order →
//!   `_revs_diff` → `_bulk_docs` with `new_edits: false`, in batches capped in
//!   documents and bytes, halved on 413.
//! - Pull: `_changes?style=all_docs&limit` from the pull checkpoint → the
//!   documents this device lacks through `_bulk_get` (or `_all_docs` with
//!   keys) → each checked (hash = id; refused otherwise) → merged by the same
//!   atomic apply as a bundle import, with one ledger entry per session.
//! - After every batch, both sides' checkpoints (`_local` documents in
//!   PouchDB's format; the local copy in the store's meta) move on, so an
//!   interrupted sync resumes from the last batch that completed.
//!
//! The pure parts (document mapping, checkpoints, batching, wire models) are
//! in `domain::couch`, natively tested. Nothing here runs unless sync is on.

use std::cell::Cell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::app::file_io::yield_now;
use crate::app::records::now_rfc3339;
use crate::app::{AppError, Db};
use crate::domain::bundle::Scope;
use crate::domain::couch::{
    self, doc_from, missing_docs, read_bulk_get, revision_from, revs_diff_request, split_doc_id,
    BatchSize, BulkDocsResult, BulkGetItem, BulkGetRequest, ChangesResponse, Checkpoint,
    RevsDiffResponse,
};
use crate::domain::revision::Revision;
use crate::i18n::Text;
use crate::store::{LedgerEntry, StoreError};

/// Meta key of the sync settings.
const SETTINGS_KEY: &str = "sync.settings";
/// Meta key of the last session's outcome.
const STATUS_KEY: &str = "sync.status";
/// Meta key prefix of this device's copy of a checkpoint.
const CHECKPOINT_PREFIX: &str = "sync.checkpoint.";
/// Changes per `_changes` read.
const CHANGES_LIMIT: u32 = 500;
/// How long a live-mode longpoll waits before it is cut and started again
/// (pouchdb-server ignores `timeout=`, so the request is aborted here).
const LONGPOLL_MS: u32 = 25_000;
/// How long live mode waits after a failure before trying again.
const RETRY_MS: u32 = 30_000;
/// How many refused documents the status keeps.
const REFUSED_KEPT: usize = 50;

/// What the user set up. Off by default; the password is not here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSettings {
    pub enabled: bool,
    /// The database's path on this origin, e.g. `/couchdb/doorstep-gulou`.
    pub target: String,
    /// The CouchDB user name last signed in with.
    #[serde(default)]
    pub user: String,
    /// Keep syncing while the page is open (longpoll).
    #[serde(default)]
    pub live: bool,
}

/// A document refused in either direction, with what happened and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedDoc {
    pub doc_id: String,
    pub text: Text,
}

/// The outcome of the last sync session, kept for the Settings page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    /// When a session last completed (RFC 3339).
    pub last_ok_at: Option<String>,
    /// Revisions sent and received by the last session.
    pub pushed: u64,
    pub pulled: u64,
    /// Documents refused by the last session (at most [`REFUSED_KEPT`]).
    pub refused: Vec<RefusedDoc>,
    /// Why the last session stopped, when it did not complete.
    pub last_error: Option<Text>,
}

/// Where a running session is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    #[default]
    Connecting,
    Pushing,
    Pulling,
    /// Live mode: up to date, waiting for changes.
    Waiting,
    Done,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Connecting => "connecting",
            Phase::Pushing => "pushing",
            Phase::Pulling => "pulling",
            Phase::Waiting => "waiting",
            Phase::Done => "done",
        }
    }
}

/// A running session's progress, reported after every batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncProgress {
    pub phase: Phase,
    pub pushed: u64,
    pub pulled: u64,
    /// Changes the server still has after the last read, when it says.
    pub pending: Option<u64>,
    pub refused: Vec<RefusedDoc>,
}

/// Why a sync stopped. What was synced before it stays synced.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncError {
    /// The sync address is not a database path on this origin.
    BadTarget,
    /// `POST /_session` answered 401: wrong user name or password.
    WrongCredentials,
    /// A data request answered 401: not signed in, or the session expired.
    SignInNeeded,
    /// 403: this account may not use the database.
    Forbidden(String),
    /// The database does not exist on the server.
    NoDatabase(String),
    /// No answer: offline, or the server (or its proxy) is down.
    Offline,
    /// Any other answer.
    Server(u16, String),
    /// This device's storage failed.
    Store(StoreError),
}

impl SyncError {
    /// A stable name for tests and the page.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::BadTarget => "bad_target",
            SyncError::WrongCredentials => "wrong_credentials",
            SyncError::SignInNeeded => "sign_in_needed",
            SyncError::Forbidden(_) => "forbidden",
            SyncError::NoDatabase(_) => "no_database",
            SyncError::Offline => "offline",
            SyncError::Server(..) => "server",
            SyncError::Store(_) => "store",
        }
    }

    pub fn text(&self) -> Text {
        const KEPT_ZH: &str = "已同步的部分都已保存，本机数据没有丢失。";
        const KEPT_EN: &str = "What was synced so far is kept; nothing on this device was lost.";
        match self {
            SyncError::BadTarget => Text::new(
                "同步地址应是本站上的数据库路径，例如 /couchdb/doorstep-gulou。",
                "The sync address must be a database path on this site, for example /couchdb/doorstep-gulou.",
            ),
            SyncError::WrongCredentials => Text::new(
                "用户名或密码不对（服务器答复 401）。请核对后重新登录；本机数据没有改变。",
                "The user name or password is wrong (the server answered 401). Check them and sign in again; nothing on this device changed.",
            ),
            SyncError::SignInNeeded => Text::new(
                format!("服务器要求登录（401）：尚未登录，或登录已过期。请在下方登录后再同步。{KEPT_ZH}"),
                format!("The server asks you to sign in (401): not signed in, or the session expired. Sign in below, then sync again. {KEPT_EN}"),
            ),
            SyncError::Forbidden(reason) => Text::new(
                format!("服务器不允许这个账号使用该数据库（403：{reason}）。请联系区服务器管理员开通权限。{KEPT_ZH}"),
                format!("The server does not let this account use the database (403: {reason}). Ask the district server's administrator for access. {KEPT_EN}"),
            ),
            SyncError::NoDatabase(target) => Text::new(
                format!("服务器上没有数据库 {target}。请检查同步地址，或请管理员创建它。本机数据没有改变。"),
                format!("The server has no database {target}. Check the sync address, or ask the administrator to create it. Nothing on this device changed."),
            ),
            SyncError::Offline => Text::new(
                format!("连不上同步服务器：本机没有网络，或服务器没有运行。{KEPT_ZH}有网络后再点“立即同步”，会从中断处继续。"),
                format!("Cannot reach the sync server: this phone is offline or the server is down. {KEPT_EN} Sync again when there is a network; it resumes where it stopped."),
            ),
            SyncError::Server(status, reason) => Text::new(
                format!("同步服务器出错（{status}：{reason}）。{KEPT_ZH}请稍后再试；如果一直出错，请联系区服务器管理员。"),
                format!("The sync server failed ({status}: {reason}). {KEPT_EN} Try again later; if it keeps failing, tell the district server's administrator."),
            ),
            SyncError::Store(err) => err.text(),
        }
    }
}

impl From<StoreError> for SyncError {
    fn from(err: StoreError) -> Self {
        SyncError::Store(err)
    }
}

impl From<SyncError> for AppError {
    fn from(err: SyncError) -> Self {
        match err {
            SyncError::Store(err) => AppError::Store(err),
            other => AppError::Refused(other.text()),
        }
    }
}

/// The settings (default: off).
pub async fn settings(db: &Db) -> Result<SyncSettings, AppError> {
    Ok(db.store().get_meta(SETTINGS_KEY).await?.unwrap_or_default())
}

/// Saves the settings; the target is checked first.
pub async fn save_settings(db: &Db, settings: &SyncSettings) -> Result<(), AppError> {
    if settings.enabled && target_parts(&settings.target).is_none() {
        return Err(SyncError::BadTarget.into());
    }
    Ok(db.store().put_meta(SETTINGS_KEY, settings).await?)
}

/// The last session's outcome.
pub async fn status(db: &Db) -> Result<SyncStatus, AppError> {
    Ok(db.store().get_meta(STATUS_KEY).await?.unwrap_or_default())
}

/// `(server root, database name)` of a target like `/couchdb/doorstep-gulou`:
/// a path on this origin whose last segment is a CouchDB database name.
pub fn target_parts(target: &str) -> Option<(String, String)> {
    let target = target.trim().trim_end_matches('/');
    if !target.starts_with('/') || target.starts_with("//") {
        return None;
    }
    let (root, name) = target.rsplit_once('/')?;
    let name_ok = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-/".contains(c));
    name_ok.then(|| (root.to_owned(), name.to_owned()))
}

/// Signs in with CouchDB's cookie session. The password is sent in this one
/// request and kept nowhere.
pub async fn sign_in(target: &str, user: &str, password: &str) -> Result<(), SyncError> {
    let (root, _) = target_parts(target).ok_or(SyncError::BadTarget)?;
    let body = json!({ "name": user, "password": password }).to_string();
    let (status, answer) =
        fetch_json("POST", &format!("{root}/_session"), Some(&body), None).await?;
    match status {
        200..=299 => Ok(()),
        401 => Err(SyncError::WrongCredentials),
        _ => Err(http_error(status, &answer, target)),
    }
}

/// One sync session: push, then pull, reporting progress after each batch.
/// The outcome (or the error) is kept for the Settings page.
pub async fn sync_now(
    db: &Db,
    device_id: &str,
    settings: &SyncSettings,
    progress: impl FnMut(&SyncProgress),
) -> Result<SyncProgress, SyncError> {
    let mut progress = progress;
    let result = run_session(db, device_id, settings, &mut progress).await;
    record_outcome(db, &result).await;
    result.map(|(report, _)| report)
}

/// Live mode: sync, then wait for the server's next change (longpoll, cut
/// every 25 s to push what this device made meanwhile), until `keep_going`
/// says stop. A failure is reported and retried after 30 s.
pub async fn sync_live(
    db: &Db,
    device_id: &str,
    settings: &SyncSettings,
    keep_going: Rc<Cell<bool>>,
    mut progress: impl FnMut(Result<&SyncProgress, &SyncError>),
) {
    while keep_going.get() {
        let mut report = |p: &SyncProgress| progress(Ok(p));
        let result = run_session(db, device_id, settings, &mut report).await;
        record_outcome(db, &result).await;
        if !keep_going.get() {
            return;
        }
        match result {
            Ok((mut done, pull_seq)) => {
                done.phase = Phase::Waiting;
                progress(Ok(&done));
                // Any answer (a change, or the cut) starts the next round.
                let _ = longpoll(settings, &pull_seq, &keep_going).await;
            }
            Err(err) => {
                progress(Err(&err));
                sleep_while(RETRY_MS, &keep_going).await;
            }
        }
    }
}

async fn record_outcome(db: &Db, result: &Result<(SyncProgress, Value), SyncError>) {
    let mut status: SyncStatus = db
        .store()
        .get_meta(STATUS_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    match result {
        Ok((report, _)) => {
            status.last_ok_at = Some(now_rfc3339());
            status.pushed = report.pushed;
            status.pulled = report.pulled;
            status.refused = report.refused.iter().take(REFUSED_KEPT).cloned().collect();
            status.last_error = None;
        }
        Err(err) => status.last_error = Some(err.text()),
    }
    // The status is a note for the page; failing to keep it loses no data.
    let _ = db.store().put_meta(STATUS_KEY, &status).await;
}

/// Both sides of one replication direction's checkpoint.
struct Checkpoints {
    /// `_local/<replication id>`.
    id: String,
    local: Option<Checkpoint>,
    remote: Option<Checkpoint>,
}

impl Checkpoints {
    async fn read(db: &Db, database: &str, id: String) -> Result<Checkpoints, SyncError> {
        let local: Option<Checkpoint> = db
            .store()
            .get_meta(&format!("{CHECKPOINT_PREFIX}{id}"))
            .await?;
        let (status, answer) = fetch_json("GET", &format!("{database}/{id}"), None, None).await?;
        let remote = match status {
            200..=299 => serde_json::from_value(answer).ok(),
            404 => None,
            _ => return Err(http_error(status, &answer, database)),
        };
        Ok(Checkpoints { id, local, remote })
    }

    /// Moves both copies to `seq` for `session` (the server's first: PouchDB
    /// writes the target, then the source).
    async fn advance(
        &mut self,
        db: &Db,
        database: &str,
        seq: &Value,
        session: &str,
    ) -> Result<(), SyncError> {
        let base = self
            .remote
            .clone()
            .unwrap_or_else(|| Checkpoint::new(&self.id, session));
        if let Some(mut next) = base.advanced(seq, session) {
            let body = serde_json::to_string(&next).unwrap_or_default();
            let (status, answer) =
                fetch_json("PUT", &format!("{database}/{}", self.id), Some(&body), None).await?;
            if !(200..=299).contains(&status) {
                return Err(http_error(status, &answer, database));
            }
            next.rev = answer.get("rev").and_then(Value::as_str).map(str::to_owned);
            self.remote = Some(next);
        }
        let base = self
            .local
            .clone()
            .unwrap_or_else(|| Checkpoint::new(&self.id, session));
        if let Some(next) = base.advanced(seq, session) {
            db.store()
                .put_meta(&format!("{CHECKPOINT_PREFIX}{}", self.id), &next)
                .await?;
            self.local = Some(next);
        }
        Ok(())
    }
}

/// Push then pull; returns the progress and the pull's last sequence.
async fn run_session(
    db: &Db,
    device_id: &str,
    settings: &SyncSettings,
    progress: &mut dyn FnMut(&SyncProgress),
) -> Result<(SyncProgress, Value), SyncError> {
    let (root, name) = target_parts(&settings.target).ok_or(SyncError::BadTarget)?;
    let database = format!("{root}/{name}");
    let mut report = SyncProgress::default();
    progress(&report);

    // The server's uuid names the replication, as PouchDB does.
    let (status, info) = fetch_json("GET", &format!("{root}/"), None, None).await?;
    if !(200..=299).contains(&status) {
        return Err(http_error(status, &info, &database));
    }
    let uuid = info.get("uuid").and_then(Value::as_str);
    let (status, answer) = fetch_json("GET", &format!("{database}/"), None, None).await?;
    if !(200..=299).contains(&status) {
        return Err(http_error(status, &answer, &database));
    }
    let remote_id = couch::remote_db_id(uuid, &name, &database);
    let local_id = couch::local_db_id(device_id);
    let session = uuid::Uuid::new_v4().to_string();

    report.phase = Phase::Pushing;
    progress(&report);
    push(
        db,
        &database,
        &local_id,
        &remote_id,
        &session,
        &mut report,
        progress,
    )
    .await?;

    report.phase = Phase::Pulling;
    progress(&report);
    let last = pull(
        db,
        &settings.target,
        &database,
        &local_id,
        &remote_id,
        &session,
        &mut report,
        progress,
    )
    .await?;
    report.phase = Phase::Done;
    progress(&report);
    Ok((report, last))
}

async fn push(
    db: &Db,
    database: &str,
    local_id: &str,
    remote_id: &str,
    session: &str,
    report: &mut SyncProgress,
    progress: &mut dyn FnMut(&SyncProgress),
) -> Result<(), SyncError> {
    let rep_id = couch::replication_id(local_id, remote_id);
    let mut checkpoints = Checkpoints::read(db, database, rep_id).await?;
    let start = couch::start_seq(checkpoints.local.as_ref(), checkpoints.remote.as_ref());
    let mut since = start.as_u64().unwrap_or(0);
    let mut size = BatchSize::default();
    loop {
        let (revisions, last) = db
            .store()
            .heads_after(since, size.docs.min(u32::MAX as usize) as u32)
            .await?;
        if revisions.is_empty() {
            return Ok(());
        }
        let mut docs = Vec::with_capacity(revisions.len());
        for revision in &revisions {
            match doc_from(revision) {
                Ok(doc) => docs.push(doc),
                Err(err) => report.refused.push(RefusedDoc {
                    doc_id: err.doc_id().unwrap_or_default().to_owned(),
                    text: err.text(),
                }),
            }
        }
        let diff_body = serde_json::to_string(&revs_diff_request(&docs)).unwrap_or_default();
        let (status, answer) = fetch_json(
            "POST",
            &format!("{database}/_revs_diff"),
            Some(&diff_body),
            None,
        )
        .await?;
        if !(200..=299).contains(&status) {
            return Err(http_error(status, &answer, database));
        }
        let diff: RevsDiffResponse =
            serde_json::from_value(answer).map_err(|e| SyncError::Server(status, e.to_string()))?;
        let missing = missing_docs(&docs, &diff);
        send_docs(database, &missing, &mut size, report).await?;
        report.pushed += missing.len() as u64;
        checkpoints
            .advance(db, database, &Value::from(last), session)
            .await?;
        since = last;
        progress(report);
        yield_now().await;
    }
}

/// `_bulk_docs` with `new_edits: false` in batches; on 413 the batch is
/// halved and kept smaller for the rest of the session. A single document
/// the server still finds too large is refused, not retried for ever.
async fn send_docs(
    database: &str,
    docs: &[&Value],
    size: &mut BatchSize,
    report: &mut SyncProgress,
) -> Result<(), SyncError> {
    let encoded: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
    let mut start = 0;
    while start < docs.len() {
        let sizes: Vec<usize> = encoded[start..].iter().map(String::len).collect();
        let range = couch::batches(&sizes, size.docs, size.bytes)
            .into_iter()
            .next()
            .unwrap_or(0..sizes.len());
        let end = start + range.end;
        // `BulkDocsRequest::replicated`'s shape, from the documents already encoded.
        let body = format!(
            "{{\"new_edits\":false,\"docs\":[{}]}}",
            encoded[start..end].join(",")
        );
        let (status, answer) =
            fetch_json("POST", &format!("{database}/_bulk_docs"), Some(&body), None).await?;
        match status {
            200..=299 => {
                let results: Vec<BulkDocsResult> =
                    serde_json::from_value(answer).unwrap_or_default();
                for failed in couch::bulk_docs_failures(&results) {
                    let doc_id = failed.id.clone().unwrap_or_default();
                    let reason = failed
                        .reason
                        .clone()
                        .or_else(|| failed.error.clone())
                        .unwrap_or_default();
                    report.refused.push(RefusedDoc {
                        text: Text::new(
                            format!("服务器拒收了本机的版本 {doc_id}（{reason}）。它仍保存在本机；请联系区服务器管理员。"),
                            format!("The server refused this device's revision {doc_id} ({reason}). It is still kept on this device; tell the district server's administrator."),
                        ),
                        doc_id,
                    });
                }
                start = end;
            }
            413 => match size.halved(end - start) {
                Some(smaller) => *size = smaller,
                None => {
                    let doc_id = docs[start]
                        .get("_id")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    report.refused.push(RefusedDoc {
                        text: Text::new(
                            format!("本机的版本 {doc_id} 太大，服务器不接收（413）。它仍保存在本机，可以用数据包文件交换；请管理员调大服务器的请求上限。"),
                            format!("This device's revision {doc_id} is too large for the server (413). It is still kept on this device and can travel in a bundle file; ask the administrator to raise the server's request limit."),
                        ),
                        doc_id,
                    });
                    start += 1;
                }
            },
            _ => return Err(http_error(status, &answer, database)),
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn pull(
    db: &Db,
    target: &str,
    database: &str,
    local_id: &str,
    remote_id: &str,
    session: &str,
    report: &mut SyncProgress,
    progress: &mut dyn FnMut(&SyncProgress),
) -> Result<Value, SyncError> {
    let rep_id = couch::replication_id(remote_id, local_id);
    let mut checkpoints = Checkpoints::read(db, database, rep_id).await?;
    let start = couch::start_seq(checkpoints.remote.as_ref(), checkpoints.local.as_ref());
    let mut since = start.clone();
    let now = now_rfc3339();
    let entry = LedgerEntry {
        digest: format!("couchdb:{session}"),
        device_id: format!("couchdb:{target}"),
        device_label: target.to_owned(),
        scope: Scope::Delta {
            since: seq_param(&start),
        },
        exported_at: now.clone(),
        imported_at: now,
        counts: Default::default(),
    };
    loop {
        let url = format!(
            "{database}/_changes?style=all_docs&limit={CHANGES_LIMIT}&since={}",
            js_sys::encode_uri_component(&seq_param(&since))
        );
        let (status, answer) = fetch_json("GET", &url, None, None).await?;
        if !(200..=299).contains(&status) {
            return Err(http_error(status, &answer, database));
        }
        let changes: ChangesResponse =
            serde_json::from_value(answer).map_err(|e| SyncError::Server(status, e.to_string()))?;
        let keys: Vec<(String, String)> = changes
            .results
            .iter()
            .filter_map(|c| split_doc_id(&c.id))
            .map(|(id, hash)| (id.to_owned(), hash.to_owned()))
            .collect();
        let have = db.store().have_revisions(&keys).await?;
        let stored: std::collections::BTreeSet<String> = keys
            .iter()
            .zip(have)
            .filter(|(_, have)| *have)
            .map(|((id, hash), _)| couch::doc_id(id, hash))
            .collect();
        let wanted = changes.wanted(|id| stored.contains(id));
        let revisions = fetch_docs(database, &wanted, report).await?;
        if !revisions.is_empty() {
            let count = revisions.len() as u64;
            db.store().apply_sync(revisions, entry.clone()).await?;
            report.pulled += count;
        }
        report.pending = changes.pending;
        let done = (changes.results.len() as u32) < CHANGES_LIMIT || changes.pending == Some(0);
        checkpoints
            .advance(db, database, &changes.last_seq, session)
            .await?;
        since = changes.last_seq;
        progress(report);
        yield_now().await;
        if done {
            return Ok(since);
        }
    }
}

/// The wanted documents, checked: those that fail the check are refused.
async fn fetch_docs(
    database: &str,
    wanted: &BulkGetRequest,
    report: &mut SyncProgress,
) -> Result<Vec<Revision>, SyncError> {
    if wanted.docs.is_empty() {
        return Ok(Vec::new());
    }
    let body = serde_json::to_string(wanted).unwrap_or_default();
    let (status, answer) = fetch_json(
        "POST",
        &format!("{database}/_bulk_get?revs=false"),
        Some(&body),
        None,
    )
    .await?;
    let docs: Vec<Value> = match status {
        200..=299 => {
            let outcome = read_bulk_get(&answer);
            for id in outcome.failed {
                report.refused.push(missing_on_server(id));
            }
            outcome.docs
        }
        // A server without `_bulk_get`: `_all_docs` with the keys.
        400 | 404 | 405 | 501 => all_docs(database, &wanted.docs, report).await?,
        _ => return Err(http_error(status, &answer, database)),
    };
    let mut revisions = Vec::with_capacity(docs.len());
    for doc in &docs {
        match revision_from(doc) {
            Ok(revision) => revisions.push(revision),
            Err(err) => report.refused.push(RefusedDoc {
                doc_id: err.doc_id().unwrap_or_default().to_owned(),
                text: err.text(),
            }),
        }
    }
    Ok(revisions)
}

async fn all_docs(
    database: &str,
    items: &[BulkGetItem],
    report: &mut SyncProgress,
) -> Result<Vec<Value>, SyncError> {
    let keys: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let body = json!({ "keys": keys }).to_string();
    let (status, answer) = fetch_json(
        "POST",
        &format!("{database}/_all_docs?include_docs=true"),
        Some(&body),
        None,
    )
    .await?;
    if !(200..=299).contains(&status) {
        return Err(http_error(status, &answer, database));
    }
    let mut docs = Vec::new();
    for row in answer
        .get("rows")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match row.get("doc") {
            Some(doc) if doc.is_object() => docs.push(doc.clone()),
            _ => {
                let id = row.get("key").and_then(Value::as_str).unwrap_or_default();
                report.refused.push(missing_on_server(id.to_owned()));
            }
        }
    }
    Ok(docs)
}

fn missing_on_server(doc_id: String) -> RefusedDoc {
    RefusedDoc {
        text: Text::new(
            format!("服务器列出了文档 {doc_id}，却没有给出它的内容。下次同步不会再取它；请管理员检查。"),
            format!("The server listed document {doc_id} but did not give its content. It will not be fetched again; ask the administrator to check it."),
        ),
        doc_id,
    }
}

/// A sequence as a query parameter: strings as they are, numbers in decimal.
fn seq_param(seq: &Value) -> String {
    match seq {
        Value::String(s) => s.clone(),
        Value::Null => "0".into(),
        other => other.to_string(),
    }
}

/// Waits for the next change after `since` (or the 25 s cut, or a stop).
async fn longpoll(
    settings: &SyncSettings,
    since: &Value,
    keep_going: &Rc<Cell<bool>>,
) -> Result<(), SyncError> {
    let (root, name) = target_parts(&settings.target).ok_or(SyncError::BadTarget)?;
    let controller = web_sys::AbortController::new().map_err(|_| SyncError::Offline)?;
    let signal = controller.signal();
    {
        let controller = controller.clone();
        let keep_going = keep_going.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut waited = 0;
            while waited < LONGPOLL_MS && keep_going.get() {
                gloo::timers::future::TimeoutFuture::new(1_000).await;
                waited += 1_000;
            }
            controller.abort();
        });
    }
    let url = format!(
        "{root}/{name}/_changes?feed=longpoll&limit=1&timeout={LONGPOLL_MS}&since={}",
        js_sys::encode_uri_component(&seq_param(since))
    );
    let result = fetch_json("GET", &url, None, Some(&signal))
        .await
        .map(|_| ());
    controller.abort();
    result
}

async fn sleep_while(ms: u32, keep_going: &Rc<Cell<bool>>) {
    let mut waited = 0;
    while waited < ms && keep_going.get() {
        gloo::timers::future::TimeoutFuture::new(1_000).await;
        waited += 1_000;
    }
}

/// The error an unexpected answer means.
fn http_error(status: u16, answer: &Value, database: &str) -> SyncError {
    let reason = answer
        .get("reason")
        .or_else(|| answer.get("error"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    match status {
        401 => SyncError::SignInNeeded,
        403 => SyncError::Forbidden(reason),
        404 => SyncError::NoDatabase(database.to_owned()),
        // The proxy's answers when the server behind it is down.
        502..=504 => SyncError::Offline,
        _ => SyncError::Server(status, reason),
    }
}

/// One request on this origin with the session cookie; the answer's status
/// and JSON body (`null` when it is not JSON). No answer at all is `Offline`.
async fn fetch_json(
    method: &str,
    url: &str,
    body: Option<&str>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(u16, Value), SyncError> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = web_sys::Headers::new().map_err(|_| SyncError::Offline)?;
    let _ = headers.set("accept", "application/json");
    if let Some(body) = body {
        let _ = headers.set("content-type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    if let Some(signal) = signal {
        init.set_signal(Some(signal));
    }
    let window = web_sys::window().ok_or(SyncError::Offline)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| SyncError::Offline)?
        .dyn_into()
        .map_err(|_| SyncError::Offline)?;
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(|_| SyncError::Offline)?)
        .await
        .map_err(|_| SyncError::Offline)?
        .as_string()
        .unwrap_or_default();
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}
