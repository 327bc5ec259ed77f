//! The IndexedDB schema: one version number, the object stores and indexes, and the upgrade path.
//!
//! indexed_db_futures cannot add an index to an object store that already
//! exists (its issue #66), so version 1 creates every store and index the app
//! needs up front. A later version adds a step to [`upgrade`] that creates new
//! stores (or works on the raw `web_sys` upgrade transaction); it never
//! rewrites what an older step made.

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

/// The schema version this build creates and expects.
pub const DB_VERSION: u32 = 13;

/// Meta key holding the version of the derived rows (`demand_state`); when it
/// is not [`DERIVED_VERSION`], opening the store rebuilds them from the revisions.
pub const DERIVED_VERSION_KEY: &str = "store.derived_version";
/// The shape of the derived rows this build writes.
pub const DERIVED_VERSION: u32 = 4;
/// The first schema version whose `demand_state` holds those rows.
pub const DERIVED_SINCE_SCHEMA: u32 = 2;

/// The database the app uses; tests use their own names.
pub const DB_NAME: &str = "doorstep";

/// Every stored revision head, one row per (record id, content hash).
pub const REVISIONS: &str = "revisions";
/// Derived status of every demand, kept in step with its events.
pub const DEMAND_STATE: &str = "demand_state";
/// Small key/value settings: device identity, language, clock, drafts, counters.
pub const META: &str = "meta";
/// One entry per imported bundle, by digest.
pub const LEDGER: &str = "ledger";
/// Photos by id (SHA-256 hex of their bytes), from version 5 (`store::photos`).
pub const PHOTOS: &str = "photos";
/// The number every write of `demand_state` moves (schema version 9,
/// `store::summaries`): read with the rows, in the same transaction.
pub const STATE_MARK: &str = "demand_state_mark";

/// One number per kind that every apply writing that kind moves, and one
/// every lock switch moves (schema version 10, `store::kept_lists`): read
/// with the live rows of a kind, in the same transaction.
pub const RECORD_MARKS: &str = "record_marks";

/// Arrival order of every stored head (schema version 12): rows of
/// `{last, seqs, ids, revs}`, each listing in arrival order the heads one
/// apply stored, keyed by the last arrival number in it (`rows::ArrivalRow`).
/// What delta export, sync push and the unexported count read; it replaced
/// the `by_seq` index.
pub const ARRIVAL_ORDER: &str = "arrival_order";
/// Back references (schema version 12): for each record some live record
/// follows a reference to, the ids of those records (`rows::BackRefRow`),
/// except an event's reference to its demand, which the demand's
/// `demand_state` row lists. Derived from the live heads; it replaced the
/// `by_ref` index.
pub const BACK_REFS: &str = "back_refs";
/// The first schema version that keeps [`ARRIVAL_ORDER`] and [`BACK_REFS`]
/// instead of the indexes [`BY_SEQ`] and [`BY_REF`].
pub const KEPT_REFS_SINCE_SCHEMA: u32 = 12;

/// The first schema version whose `revisions` is keyed `[id, rev_key]`
/// (`rows::short_keys`) instead of `[id, rev]`.
pub const SHORT_KEYS_SINCE_SCHEMA: u32 = 13;
/// What the upgrade to version 13 calls `revisions` while it copies its rows
/// into the store made anew; deleted once every row is copied.
const REVISIONS_BEFORE_13: &str = "revisions_before_13";
/// How many rows the upgrade to version 13 reads at once.
const COPY_BATCH: u32 = 2_000;

/// `revisions` index: `[kind, live]`, for listing and counting the live
/// records of a kind. Versions 1 to 5; folded into [`BY_KIND_LIVE_COMMUNITY`]
/// by version 6.
pub const BY_KIND_LIVE: &str = "by_kind_live";
/// `revisions` index: `[kind, community, live]`, for one community's records
/// of a kind. Versions 1 to 5; folded into [`BY_KIND_LIVE_COMMUNITY`] by version 6.
pub const BY_KIND_COMMUNITY_LIVE: &str = "by_kind_community_live";
/// `revisions` index: `[kind, live, community]`, from version 6: the live
/// records of a kind (a key range over every community), of one community,
/// and a community's every row (`live` 0 and 1) for its export. Every row is
/// in it: a record of no community stores `rows::NO_COMMUNITY`.
pub const BY_KIND_LIVE_COMMUNITY: &str = "by_kind_live_community";
/// `revisions` index: `[kind, hlc]`, made by version 1 and removed by
/// version 2: no screen read it, and every index costs a write per revision.
const BY_KIND_HLC: &str = "by_kind_hlc";
/// A store that exists only during the upgrade to version 2, to reach its transaction.
const UPGRADE_SCRATCH: &str = "upgrade_scratch";
/// `revisions` index: `seq`, local arrival order, for delta export.
/// Versions 1 to 11; replaced by [`ARRIVAL_ORDER`] in version 12.
pub const BY_SEQ: &str = "by_seq";
/// `revisions` index: `refs` (multi-entry), for "what points at this record".
/// Versions 1 to 11; replaced by [`BACK_REFS`] in version 12.
pub const BY_REF: &str = "by_ref";
/// `revisions` index: `conflict` (sparse: only rows of records with siblings).
pub const BY_CONFLICT: &str = "by_conflict";
/// `demand_state` index: `status`. Versions 1 to 10; removed by version 11.
const BY_STATUS: &str = "by_status";
/// `demand_state` index: `[community, status]`. Versions 1 to 10; removed by
/// version 11.
const BY_COMMUNITY_STATUS: &str = "by_community_status";
/// `demand_state` index: `reported_on` (live demands only), from version 7:
/// the demand list's first page, newest first.
pub const BY_REPORTED: &str = "by_reported";
/// `ledger` index: `device_id`.
pub const BY_DEVICE: &str = "by_device";

/// Brings a database at `old_version` up to `new_version`, one step per version.
///
/// Runs inside the browser's `versionchange` transaction: every step is
/// synchronous schema work, and if any step fails the whole upgrade is rolled
/// back and the database stays at `old_version`. A step that rewrites rows
/// queues a walk over them ([`Walks`]); the walks run one after another once
/// every step has run, still inside that transaction.
pub(crate) fn upgrade(
    db: &Database,
    old_version: u32,
    new_version: u32,
) -> indexed_db_futures::Result<()> {
    if old_version > 0 {
        set_upgrading(true);
    }
    let walks = Walks::default();
    for version in old_version.saturating_add(1)..=new_version {
        // One step per version; a version above this build's DB_VERSION is only
        // reached through the test hook `Store::open_named_with_version` and has
        // no schema step of its own.
        if version == 1 {
            create_v1(db)?;
        }
        if version == 2 {
            renew_demand_state(db)?;
            drop_unused_index(db)?;
        }
        if version == 3 {
            drop_live_counts(db)?;
        }
        if version == 5 {
            create_photos(db)?;
        }
        if version == 6 {
            fold_kind_indexes(db, &walks)?;
        }
        if version == 7 {
            // `demand_state` gains `reported_on` and its index: the store is
            // derived, so it is made anew and refilled from the revisions when
            // the store opens (DERIVED_VERSION 3), or after unlocking.
            renew_demand_state(db)?;
            forget_derived_version(db)?;
        }
        if version == 8 {
            drop_kept_counts(db)?;
        }
        if version == 9 {
            create_state_mark(db)?;
        }
        if version == 10 {
            create_record_marks(db)?;
        }
        if version == 11 {
            drop_state_indexes(db)?;
        }
        if version == 12 {
            keep_arrivals_and_refs(db, &walks)?;
        }
        if version == 13 {
            shorten_revision_keys(db, &walks)?;
        }
    }
    walks.next()?;
    Ok(())
}

thread_local! {
    /// While this page upgrades a database that had rows: how many rows its
    /// walks have copied so far (`Some(0)` before the first). `None`
    /// otherwise. Read by [`upgrade_progress`].
    static PROGRESS: Cell<Option<u64>> = const { Cell::new(None) };
}

/// Whether this page is upgrading an existing database, and how many rows
/// the upgrade has copied so far: the opening screen says so, since a
/// district's store takes a minute or more (docs/performance.md).
pub fn upgrade_progress() -> Option<u64> {
    PROGRESS.with(Cell::get)
}

/// Marks an upgrade as running (`Some(0)`) or over (`None`).
pub(crate) fn set_upgrading(running: bool) {
    PROGRESS.with(|progress| progress.set(running.then_some(0)));
}

fn note_copied(rows: u64) {
    PROGRESS.with(|progress| {
        if let Some(done) = progress.get() {
            progress.set(Some(done + rows));
        }
    });
}

/// The walks over rows that an upgrade's steps queue, in step order. Each
/// walk's requests go on after the step returns (the transaction stays open
/// while requests are pending), and the requests of two walks at once would
/// interleave: the copy of version 13 could copy a row before version 6
/// gives it its community, or delete the store version 12 still reads. So
/// each walk starts when the one before has ended.
#[derive(Clone, Default)]
struct Walks(Rc<RefCell<VecDeque<Walk>>>);

/// Starts one walk; given the queue, to start the next when it ends.
type Walk = Box<dyn FnOnce(Walks) -> Result<(), wasm_bindgen::JsValue>>;

impl Walks {
    fn queue(&self, start: impl FnOnce(Walks) -> Result<(), wasm_bindgen::JsValue> + 'static) {
        self.0.borrow_mut().push_back(Box::new(start));
    }

    /// Starts the next walk, if any is left.
    fn next(&self) -> Result<(), wasm_bindgen::JsValue> {
        let start = self.0.borrow_mut().pop_front();
        match start {
            Some(start) => start(self.clone()),
            None => Ok(()),
        }
    }
}

/// Version 2: `demand_state` rows became summaries (`domain::demand_summary`)
/// kept for every demand id with a live demand or live events. The store is
/// derived data only: it is made anew, empty, here, and refilled from the
/// revisions — which this step never touches — when the store opens
/// ([`DERIVED_VERSION_KEY`]).
fn renew_demand_state(db: &Database) -> indexed_db_futures::Result<()> {
    if db.object_store_names().any(|name| name == DEMAND_STATE) {
        db.delete_object_store(DEMAND_STATE)?;
    }
    create_demand_state(db)
}

/// Version 2 drops `by_kind_hlc`. Deleting an index needs the upgrade's
/// transaction, which only an object store made in it leads to: a scratch
/// store is made for that and deleted again. The revisions stay as they are.
fn drop_unused_index(db: &Database) -> indexed_db_futures::Result<()> {
    let scratch = db.create_object_store(UPGRADE_SCRATCH).build()?;
    let revisions = scratch.transaction().object_store(REVISIONS)?;
    if revisions.index_names().any(|name| name == BY_KIND_HLC) {
        revisions.delete_index(BY_KIND_HLC)?;
    }
    db.delete_object_store(UPGRADE_SCRATCH)
}

/// Version 5: the `photos` store. Version 4 was kept for the app lock, which
/// needed no schema step; nothing here depends on it.
fn create_photos(db: &Database) -> indexed_db_futures::Result<()> {
    if !db.object_store_names().any(|name| name == PHOTOS) {
        db.create_object_store(PHOTOS)
            .with_key_path(KeyPath::from("id"))
            .build()?;
    }
    Ok(())
}

/// Version 7: `demand_state` was made anew (empty), so the mark saying its
/// rows are current goes too, whichever build wrote it: the store refills
/// the rows when it opens (or after unlocking).
fn forget_derived_version(db: &Database) -> indexed_db_futures::Result<()> {
    let scratch = db.create_object_store(UPGRADE_SCRATCH).build()?;
    let meta = scratch.transaction().object_store(META)?;
    meta.delete(DERIVED_VERSION_KEY).primitive()?;
    db.delete_object_store(UPGRADE_SCRATCH)
}

/// Version 6: one index entry per revision row for kind and community
/// instead of two. `by_kind_live_community` replaces `by_kind_live` and
/// `by_kind_community_live`, and every row without a `community` (records of
/// no community: demand events, points, ...) gets [`super::rows::NO_COMMUNITY`] so
/// the new index holds it. Rows are rewritten by a cursor in the upgrade's
/// own transaction: if any write fails the transaction is aborted and the
/// whole upgrade rolls back (the database stays at the version it had). The
/// rewrite touches the clear `community` field only, never a revision's body,
/// so it needs no key when the app lock seals the bodies.
fn fold_kind_indexes(db: &Database, walks: &Walks) -> indexed_db_futures::Result<()> {
    let scratch = db.create_object_store(UPGRADE_SCRATCH).build()?;
    let revisions = scratch.transaction().object_store(REVISIONS)?;
    for old in [BY_KIND_LIVE, BY_KIND_COMMUNITY_LIVE] {
        if revisions.index_names().any(|name| name == old) {
            revisions.delete_index(old)?;
        }
    }
    if !revisions
        .index_names()
        .any(|name| name == BY_KIND_LIVE_COMMUNITY)
    {
        revisions
            .create_index(
                BY_KIND_LIVE_COMMUNITY,
                KeyPath::from(["kind", "live", "community"]),
            )
            .build()?;
    }
    let revisions = revisions.as_sys().clone();
    walks.queue(move |walks| fill_missing_communities(&revisions, walks));
    db.delete_object_store(UPGRADE_SCRATCH)
}

/// Walks every revision row with a cursor and gives the rows that have no
/// `community` [`super::rows::NO_COMMUNITY`]. Runs on after this function
/// returns, inside the upgrade's transaction (which stays open while its
/// requests are pending); a failed write aborts it.
fn fill_missing_communities(
    revisions: &web_sys::IdbObjectStore,
    walks: Walks,
) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::{JsCast, JsValue};

    let request = revisions.open_cursor()?;
    let community = JsValue::from_str("community");
    let placeholder = JsValue::from_str(super::rows::NO_COMMUNITY);
    walk_in_upgrade(&request, revisions.transaction(), walks, move |cursor| {
        let Some(cursor) = cursor else {
            return Ok(()); // every row seen
        };
        let cursor: web_sys::IdbCursorWithValue = cursor.dyn_into()?;
        let row = cursor.value()?;
        let has = js_sys::Reflect::get(&row, &community)?;
        if has.is_undefined() || has.is_null() {
            js_sys::Reflect::set(&row, &community, &placeholder)?;
            cursor.update(&row)?;
        }
        cursor.continue_()
    });
    Ok(())
}

/// Runs `step` on each answer of the cursor `request` (`None` once the
/// cursor has ended, and then the next of `walks`) inside an upgrade's
/// `transaction`. A step that fails aborts the transaction, which rolls the
/// whole upgrade back: no row is half rewritten, and the database stays at
/// the version it had.
fn walk_in_upgrade(
    request: &web_sys::IdbRequest,
    transaction: web_sys::IdbTransaction,
    walks: Walks,
    mut step: impl FnMut(Option<wasm_bindgen::JsValue>) -> Result<(), wasm_bindgen::JsValue> + 'static,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let on_success = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(request) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::IdbRequest>().ok())
        else {
            return;
        };
        let cursor = request
            .result()
            .map(|cursor| (!cursor.is_null() && !cursor.is_undefined()).then_some(cursor));
        let outcome = cursor.and_then(|cursor| {
            let ended = cursor.is_none();
            step(cursor)?;
            if ended {
                walks.next()?;
            }
            Ok(())
        });
        if outcome.is_err() {
            let _ = transaction.abort();
        }
    });
    request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    // Called once per row until the cursor ends, for this one upgrade: kept
    // alive for the page's life (one small closure per migration).
    on_success.forget();
}

/// Meta key of the live-record counts (`rows::LIVE_COUNTS_KEY`).
const LIVE_COUNTS_KEY: &str = "store.live_counts";

/// Version 3: every apply keeps the live-record counts in `meta`. A build of
/// version 2 did not, and may have written after this build did, so counts
/// found at version 2 are dropped; the store counts them afresh when it
/// opens. Version 3 also keeps version-2 builds from opening (and writing
/// past) the kept counts. The revisions stay as they are.
fn drop_live_counts(db: &Database) -> indexed_db_futures::Result<()> {
    let scratch = db.create_object_store(UPGRADE_SCRATCH).build()?;
    let meta = scratch.transaction().object_store(META)?;
    // Issued in the upgrade's transaction, which commits (or fails) with it.
    meta.delete(LIVE_COUNTS_KEY).primitive()?;
    db.delete_object_store(UPGRADE_SCRATCH)
}

/// The first schema version whose `meta` keeps the demo and unexported counts.
pub(crate) const KEPT_COUNTS_SINCE_SCHEMA: u32 = 8;

/// Meta keys of the counts kept from version 8 (`rows::DEMO_COUNT_KEY`,
/// `rows::UNEXPORTED_KEY`).
const KEPT_FROM_V8: [&str; 2] = ["store.demo_count", "store.unexported"];

/// Version 8: every apply keeps two more counts in `meta` once they were
/// counted: the live demo records (Home's demo card read every record to
/// count them) and the rows that arrived after the export mark (Home's
/// export reminder counted the `by_seq` index). Home's dashboard read its
/// demand summaries behind both, for seconds at 100k revisions. A build of
/// version 7 does not keep them, so none may write past a kept count: the
/// version keeps them from opening, and counts found here are dropped and
/// counted afresh on the next read. The revisions stay as they are.
fn drop_kept_counts(db: &Database) -> indexed_db_futures::Result<()> {
    let scratch = db.create_object_store(UPGRADE_SCRATCH).build()?;
    let meta = scratch.transaction().object_store(META)?;
    for key in KEPT_FROM_V8 {
        meta.delete(key).primitive()?;
    }
    db.delete_object_store(UPGRADE_SCRATCH)
}

/// Version 9: the `demand_state_mark` store, one row holding the number
/// that every transaction writing `demand_state` (or switching the lock)
/// moves, so a tab can tell whether the demand summaries it keeps in memory
/// are current (`store::summaries`). A store of its own, so that reading it
/// with the summaries does not wait behind writes to `meta`. Empty at first:
/// a missing mark reads as 0. The version keeps version-8 builds, which do
/// not move the mark, from opening the database. No other row changes.
fn create_state_mark(db: &Database) -> indexed_db_futures::Result<()> {
    if !db.object_store_names().any(|name| name == STATE_MARK) {
        db.create_object_store(STATE_MARK)
            .with_key_path(KeyPath::from("key"))
            .build()?;
    }
    Ok(())
}

/// Version 10: the `record_marks` store, one row per kind holding the
/// number every apply that writes the kind moves, and one the lock switch
/// moves, so a tab can tell whether the live records it keeps in memory are
/// current (`store::kept_lists`). Empty at first: a missing number reads as
/// 0. The version keeps version-9 builds, which do not move the numbers,
/// from opening the database. No other row changes.
fn create_record_marks(db: &Database) -> indexed_db_futures::Result<()> {
    if !db.object_store_names().any(|name| name == RECORD_MARKS) {
        db.create_object_store(RECORD_MARKS)
            .with_key_path(KeyPath::from("key"))
            .build()?;
    }
    Ok(())
}

/// Version 11: `demand_state` loses `by_status` and `by_community_status`.
/// No page read them (the demand list and the dashboard read every live
/// state, kept in memory once read, and filter there), and each cost an
/// index entry per demand written: 255,000 entries in a district's import.
/// The rows stay as they are; `by_reported` stays (the list's first page).
fn drop_state_indexes(db: &Database) -> indexed_db_futures::Result<()> {
    let scratch = db.create_object_store(UPGRADE_SCRATCH).build()?;
    let states = scratch.transaction().object_store(DEMAND_STATE)?;
    for old in [BY_STATUS, BY_COMMUNITY_STATUS] {
        if states.index_names().any(|name| name == old) {
            states.delete_index(old)?;
        }
    }
    db.delete_object_store(UPGRADE_SCRATCH)
}

/// How many heads one `arrival_order` row lists at most, as the upgrade to
/// version 12 fills it (an apply writes one row per slice: `apply`).
pub(crate) const ARRIVAL_ROW_MAX: usize = 2_000;

/// Version 12: the two indexes of `revisions` that cost an import the most
/// (docs/performance.md, thirteenth round) are replaced by stores written
/// once per slice or per referred record, not once per revision row:
/// - `arrival_order` is filled from `by_seq` by a key cursor (arrival
///   number and primary key only, no row is read), in rows of at most
///   [`ARRIVAL_ROW_MAX`] heads; then `by_seq` is dropped;
/// - `by_ref` is dropped and `back_refs` made empty: it is derived data,
///   refilled with the demand summaries (whose rows now list their events)
///   when the store opens, or after unlocking, since reading which fields a
///   reference comes from needs the bodies. The mark of the derived rows
///   goes for that.
///
/// Everything runs in the upgrade's transaction: a failed write aborts it
/// and the database stays at version 11, indexes and all.
fn keep_arrivals_and_refs(db: &Database, walks: &Walks) -> indexed_db_futures::Result<()> {
    if !db.object_store_names().any(|name| name == BACK_REFS) {
        db.create_object_store(BACK_REFS)
            .with_key_path(KeyPath::from("target"))
            .build()?;
    }
    let arrivals = db
        .create_object_store(ARRIVAL_ORDER)
        .with_key_path(KeyPath::from("last"))
        .build()?;
    let transaction = arrivals.transaction();
    let revisions = transaction.object_store(REVISIONS)?;
    if revisions.index_names().any(|name| name == BY_REF) {
        revisions.delete_index(BY_REF)?;
    }
    let meta = transaction.object_store(META)?;
    meta.delete(DERIVED_VERSION_KEY).primitive()?;
    if revisions.index_names().any(|name| name == BY_SEQ) {
        let (revisions, arrivals) = (revisions.as_sys().clone(), arrivals.as_sys().clone());
        walks.queue(move |walks| fill_arrivals(&revisions, &arrivals, walks));
    }
    Ok(())
}

/// Walks `by_seq` with a key cursor and writes its entries to
/// `arrival_order` in rows of [`ARRIVAL_ROW_MAX`], then drops `by_seq`.
/// Runs on after this function returns, inside the upgrade's transaction; a
/// failed step aborts it (the indexes stay, nothing is filled).
fn fill_arrivals(
    revisions: &web_sys::IdbObjectStore,
    arrivals: &web_sys::IdbObjectStore,
    walks: Walks,
) -> Result<(), wasm_bindgen::JsValue> {
    use super::rows::ArrivalRow;
    use wasm_bindgen::{JsCast, JsValue};

    let request = revisions.index(BY_SEQ)?.open_key_cursor()?;
    let arrivals = arrivals.clone();
    let write = move |row: &mut ArrivalRow| -> Result<(), JsValue> {
        if !row.seqs.is_empty() {
            arrivals.put(&serde_wasm_bindgen::to_value(&*row)?)?;
            *row = ArrivalRow::default();
        }
        Ok(())
    };
    let mut row = ArrivalRow::default();
    let index_of = revisions.clone();
    walk_in_upgrade(&request, revisions.transaction(), walks, move |cursor| {
        let Some(cursor) = cursor else {
            // Every entry seen: the last row, then the index goes.
            write(&mut row)?;
            return index_of.delete_index(BY_SEQ);
        };
        let cursor: web_sys::IdbCursor = cursor.dyn_into()?;
        let seq = cursor.key()?.as_f64().ok_or("arrival number")? as u64;
        let key = js_sys::Array::from(&cursor.primary_key()?);
        let id = key.get(0).as_string().ok_or("record id")?;
        let rev = key.get(1).as_string().ok_or("revision hash")?;
        row.push(seq, id, rev);
        if row.seqs.len() >= ARRIVAL_ROW_MAX {
            write(&mut row)?;
        }
        cursor.continue_()
    });
    Ok(())
}

/// Version 13: `revisions` is keyed `[id, rev_key]`, the first 16
/// characters of the revision's hash (`rows::short_keys`), instead of
/// `[id, rev]` with all 64: the key is written in the row's entry and in
/// every index entry, and the shorter one makes each put about 15% cheaper
/// (docs/performance.md, seventeenth round). A store's key cannot change, so
/// the store is renamed, made anew under its name with the same two indexes,
/// every row copied into it with its `rev_key` ([`copy_with_short_keys`]),
/// and the old store deleted. Rows are copied as they are, body and all
/// (sealed bodies too: no key is needed). It all runs in the upgrade's
/// transaction: if any write fails, the database stays at version 12 as it was.
fn shorten_revision_keys(db: &Database, walks: &Walks) -> indexed_db_futures::Result<()> {
    let scratch = db.create_object_store(UPGRADE_SCRATCH).build()?;
    let old = scratch
        .transaction()
        .object_store(REVISIONS)?
        .as_sys()
        .clone();
    db.delete_object_store(UPGRADE_SCRATCH)?;
    old.set_name(REVISIONS_BEFORE_13);
    let new = db
        .create_object_store(REVISIONS)
        .with_key_path(KeyPath::from(["id", "rev_key"]))
        .build()?;
    new.create_index(
        BY_KIND_LIVE_COMMUNITY,
        KeyPath::from(["kind", "live", "community"]),
    )
    .build()?;
    new.create_index(BY_CONFLICT, KeyPath::from("conflict"))
        .build()?;
    let new = new.as_sys().clone();
    walks.queue(move |walks| copy_with_short_keys(old, new, walks));
    Ok(())
}

/// Copies every row of `old` (keyed `[id, rev]`) into `new` (keyed
/// `[id, rev_key]`), [`COPY_BATCH`] rows per read, giving each its
/// `rev_key`; then deletes `old` and starts the next of `walks`. Rows come
/// in key order, so a record's heads come together and each gets a key of
/// its own (`rows::short_key`). Each row is added, never put: a key met
/// twice fails the request, which aborts the upgrade rather than lose a row.
fn copy_with_short_keys(
    old: web_sys::IdbObjectStore,
    new: web_sys::IdbObjectStore,
    walks: Walks,
) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    let transaction = old.transaction();
    let first = old.get_all_with_key_and_limit(&JsValue::NULL, COPY_BATCH)?;
    // The handler sets itself on the next batch's request.
    let handler: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let own = Rc::clone(&handler);
    let (id_field, rev_field, key_field) = (
        JsValue::from_str("id"),
        JsValue::from_str("rev"),
        JsValue::from_str("rev_key"),
    );
    let mut record = String::new();
    let mut taken = std::collections::BTreeSet::new();
    let mut batch = move |event: web_sys::Event| -> Result<(), JsValue> {
        let request: web_sys::IdbRequest = event.target().ok_or("no request")?.dyn_into()?;
        let rows = js_sys::Array::from(&request.result()?);
        let mut last = None;
        for row in rows.iter() {
            let id = js_sys::Reflect::get(&row, &id_field)?
                .as_string()
                .ok_or("record id")?;
            let rev = js_sys::Reflect::get(&row, &rev_field)?
                .as_string()
                .ok_or("revision hash")?;
            if id != record {
                record.clone_from(&id);
                taken.clear();
            }
            let key = super::rows::short_key(&rev, &taken);
            js_sys::Reflect::set(&row, &key_field, &JsValue::from_str(&key))?;
            taken.insert(key);
            new.add(&row)?;
            last = Some((id, rev));
        }
        note_copied(u64::from(rows.length()));
        match last {
            Some((id, rev)) if rows.length() == COPY_BATCH => {
                let after = js_sys::Array::of2(&JsValue::from_str(&id), &JsValue::from_str(&rev));
                let range = web_sys::IdbKeyRange::lower_bound_with_open(&after, true)?;
                let next = old.get_all_with_key_and_limit(&range, COPY_BATCH)?;
                next.set_onsuccess(own.borrow().as_ref());
                Ok(())
            }
            _ => {
                // Every row copied: the old store goes, and the next walk starts.
                old.transaction()
                    .db()
                    .delete_object_store(REVISIONS_BEFORE_13)?;
                walks.next()
            }
        }
    };
    let on_success = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if batch(event).is_err() {
            let _ = transaction.abort();
        }
    });
    let function: js_sys::Function = on_success
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    first.set_onsuccess(Some(&function));
    *handler.borrow_mut() = Some(function);
    // Called once per batch, for this one upgrade: kept alive for the
    // page's life (one small closure per migration).
    on_success.forget();
    Ok(())
}

/// `demand_state` as versions 2 to 10 made it (version 11 drops two of its
/// indexes).
fn create_demand_state(db: &Database) -> indexed_db_futures::Result<()> {
    let demand_state = db
        .create_object_store(DEMAND_STATE)
        .with_key_path(KeyPath::from("demand_id"))
        .build()?;
    demand_state
        .create_index(BY_STATUS, KeyPath::from("status"))
        .build()?;
    demand_state
        .create_index(BY_COMMUNITY_STATUS, KeyPath::from(["community", "status"]))
        .build()?;
    demand_state
        .create_index(BY_REPORTED, KeyPath::from("reported_on"))
        .build()?;
    Ok(())
}

fn create_v1(db: &Database) -> indexed_db_futures::Result<()> {
    let revisions = db
        .create_object_store(REVISIONS)
        .with_key_path(KeyPath::from(["id", "rev"]))
        .build()?;
    revisions
        .create_index(BY_KIND_LIVE, KeyPath::from(["kind", "live"]))
        .build()?;
    revisions
        .create_index(
            BY_KIND_COMMUNITY_LIVE,
            KeyPath::from(["kind", "community", "live"]),
        )
        .build()?;
    revisions
        .create_index(BY_KIND_HLC, KeyPath::from(["kind", "hlc"]))
        .build()?;
    revisions
        .create_index(BY_SEQ, KeyPath::from("seq"))
        .build()?;
    revisions
        .create_index(BY_REF, KeyPath::from("refs"))
        .with_multi_entry(true)
        .build()?;
    revisions
        .create_index(BY_CONFLICT, KeyPath::from("conflict"))
        .build()?;

    create_demand_state(db)?;

    db.create_object_store(META)
        .with_key_path(KeyPath::from("key"))
        .build()?;

    let ledger = db
        .create_object_store(LEDGER)
        .with_key_path(KeyPath::from("digest"))
        .build()?;
    ledger
        .create_index(BY_DEVICE, KeyPath::from("device_id"))
        .build()?;
    Ok(())
}
