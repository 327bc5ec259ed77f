//! The only code that touches IndexedDB: schema, typed reads, atomic imports.
//!
//! Every write is one transaction that either commits whole or leaves the
//! database as it was; nothing unrelated is awaited while a transaction is open.
//! [`Store::apply`] merges revisions into the stored heads with
//! `domain::merge` (BUNDLE_FORMAT §3) and keeps the derived rows — flags,
//! arrival numbers, demand status, import ledger — in the same transaction.

mod apply;
mod codec;
mod error;
pub mod exchange;
mod kept_lists;
pub mod photos;
pub mod profile;
mod query;
mod rows;
mod schema;
mod seal;
pub mod slices;
mod summaries;
mod sync;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::domain::lock::BodyKey;

pub use codec::{LockState, LOCK_KEY_META};
pub use error::StoreError;
pub use rows::{DemandState, LedgerEntry};
pub use schema::{upgrade_progress, DB_NAME, DB_VERSION};
pub use seal::{Conversion, Direction, CONVERT_BATCH};

use rows::{KeptInMeta, MetaRow};
use schema::META;

/// Which live records [`Store::list`] returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Only records of this community (`community_id`, or the community itself).
    pub community: Option<String>,
    /// At most this many, newest first.
    pub limit: Option<u32>,
}

/// Which demands [`Store::demand_states`] returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemandFilter {
    pub community: Option<String>,
    /// A status as stored (`open`, `in_progress`, ...).
    pub status: Option<String>,
}

/// An open connection to the app's database. Cheap to clone; the connection
/// closes when the last clone is dropped, or when another tab needs to upgrade.
#[derive(Clone)]
pub struct Store {
    inner: Rc<Connection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("name", &self.inner.name)
            .field("version", &self.version())
            .finish()
    }
}

struct Connection {
    db: Database,
    name: String,
    /// Set when another tab opened a newer schema and this connection closed for it.
    superseded: Rc<Cell<bool>>,
    /// Whether new bodies are sealed, and the key while unlocked (store::codec).
    codec: RefCell<codec::Codec>,
    /// How many applies this connection has committed: lets a caller tell
    /// whether anything else in this tab wrote while it worked.
    applies: Cell<u64>,
    /// The demand summaries read last, while they are current (`summaries`).
    summaries: RefCell<summaries::SummaryCache>,
    /// The live records of the kinds `lists` read last, while current (`kept_lists`).
    lists: RefCell<kept_lists::ListCache>,
    /// Closes this connection when another tab opens a newer schema, so that
    /// tab's upgrade is not blocked by us. Kept here so it lives as long as `db`.
    _on_version_change: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.db.as_sys().set_onversionchange(None);
        self.db.clone().close();
    }
}

impl Store {
    /// Opens (creating or upgrading as needed) the app's database.
    pub async fn open() -> Result<Store, StoreError> {
        Store::open_named(DB_NAME).await
    }

    /// Opens the database `name` at [`DB_VERSION`]; tests give each their own name.
    pub async fn open_named(name: &str) -> Result<Store, StoreError> {
        Store::open_named_with_version(name, DB_VERSION).await
    }

    /// Test hook: opens `name` at an explicit schema version, running the
    /// upgrade path from whatever version is stored. Opening below the stored
    /// version fails with [`StoreError::VersionTooNew`].
    #[doc(hidden)]
    pub async fn open_named_with_version(name: &str, version: u32) -> Result<Store, StoreError> {
        let blocked = Rc::new(BlockedSignal::default());
        let signal = Rc::clone(&blocked);
        let mut request = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_event| {
                signal.raise();
                Ok(())
            })
            .with_on_upgrade_needed(|event, db| {
                // Versions are small integers carried as f64 by the browser.
                let old = event.old_version() as u32;
                let new = event.new_version().map_or(old, |v| v as u32);
                schema::upgrade(&db, old, new)
            })
            .build()?;
        let outcome = std::future::poll_fn(|cx| {
            if let Poll::Ready(result) = Pin::new(&mut request).poll(cx) {
                schema::set_upgrading(false);
                return Poll::Ready(Some(result));
            }
            if blocked.is_raised() {
                return Poll::Ready(None);
            }
            blocked.wait(cx.waker());
            Poll::Pending
        })
        .await;
        match outcome {
            Some(result) => {
                let store = Store::from_db(result?, name);
                // The lock's flag first: the checks below may rewrite rows.
                let lock_on = store.has_meta(LOCK_KEY_META).await?;
                let epoch = store.lock_epoch().await?;
                {
                    let mut codec = store.inner.codec.borrow_mut();
                    codec.on = lock_on;
                    codec.epoch = epoch;
                }
                if lock_on {
                    // Rows that must be rebuilt are rebuilt after unlocking.
                    return Ok(store);
                }
                store.ensure_derived_rows().await?;
                store.ensure_live_counts().await?;
                store.ensure_kept_counts().await?;
                Ok(store)
            }
            None => {
                // The request stays queued until the other tab lets go; if it
                // ever succeeds, close that connection rather than leak it.
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(db) = request.await {
                        db.close();
                    }
                });
                Err(StoreError::Blocked)
            }
        }
    }

    fn from_db(db: Database, name: &str) -> Store {
        let handle = db.clone();
        let superseded = Rc::new(Cell::new(false));
        let flag = Rc::clone(&superseded);
        let on_version_change = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            // `newVersion` is null when the database is being deleted, not upgraded.
            let new_version = js_sys::Reflect::get(&event, &JsValue::from_str("newVersion"));
            flag.set(new_version.is_ok_and(|version| !version.is_null()));
            handle.clone().close();
        });
        db.as_sys()
            .set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Store {
            inner: Rc::new(Connection {
                db,
                name: name.to_owned(),
                superseded,
                codec: RefCell::new(codec::Codec::default()),
                applies: Cell::new(0),
                summaries: RefCell::new(summaries::SummaryCache::default()),
                lists: RefCell::new(kept_lists::ListCache::default()),
                _on_version_change: on_version_change,
            }),
        }
    }

    /// Rebuilds the derived rows from the revisions when they were made by
    /// an older build (after a schema upgrade, or an upgrade cut short), in
    /// one transaction with the mark that says they are current.
    async fn ensure_derived_rows(&self) -> Result<(), StoreError> {
        // The test hook may open an older schema, whose rows this build does not write.
        if self.version() < schema::DERIVED_SINCE_SCHEMA {
            return Ok(());
        }
        let current: Option<u32> = self.get_meta(schema::DERIVED_VERSION_KEY).await?;
        if current == Some(schema::DERIVED_VERSION) {
            return Ok(());
        }
        let mut scope = vec![schema::REVISIONS, schema::DEMAND_STATE, META];
        if self.marked() {
            scope.push(schema::STATE_MARK);
        }
        if self.kept_refs() {
            scope.push(schema::BACK_REFS);
        }
        let tx = self.tx(&scope, TransactionMode::Readwrite)?;
        {
            let revisions = tx.object_store(schema::REVISIONS)?;
            let states = tx.object_store(schema::DEMAND_STATE)?;
            let back_refs = if self.kept_refs() {
                Some(tx.object_store(schema::BACK_REFS)?)
            } else {
                None
            };
            apply::rebuild_demand_states(&revisions, &states, back_refs.as_ref(), &self.codec())
                .await?;
            let meta = tx.object_store(META)?;
            meta.put(&MetaRow {
                key: schema::DERIVED_VERSION_KEY.to_owned(),
                value: schema::DERIVED_VERSION.to_string(),
            })
            .serde()?;
            // Every row was rewritten: summaries kept by any tab are stale.
            if self.marked() {
                summaries::StateMark::advance(&tx).await?;
            }
        }
        commit(tx).await
    }

    /// Whether the database has the `demand_state_mark` store (schema 9):
    /// only then are demand summaries kept in memory.
    pub(crate) fn marked(&self) -> bool {
        self.version() >= summaries::MARKED_SINCE_SCHEMA
    }

    /// Whether the database keeps arrival order and back references in
    /// stores of their own (schema 12), not in indexes of `revisions`.
    pub(crate) fn kept_refs(&self) -> bool {
        self.version() >= schema::KEPT_REFS_SINCE_SCHEMA
    }

    /// Whether `revisions` is keyed `[id, rev_key]` (schema 13), not
    /// `[id, rev]` (`rows::short_keys`).
    pub(crate) fn short_keys(&self) -> bool {
        self.version() >= schema::SHORT_KEYS_SINCE_SCHEMA
    }

    /// Whether the database has the `record_marks` store (schema 10): only
    /// then are live records kept in memory.
    pub(crate) fn lists_kept(&self) -> bool {
        self.version() >= kept_lists::KEPT_SINCE_SCHEMA
    }

    /// Test hook: how many live records of `kind` this connection keeps in
    /// memory (`None`: none kept).
    #[doc(hidden)]
    pub fn kept_list(&self, kind: crate::domain::kinds::Kind) -> Option<usize> {
        self.inner.lists.borrow().len(kind.as_str())
    }

    /// Test hook: how many demand summaries this connection keeps in memory
    /// (`None`: none kept).
    #[doc(hidden)]
    pub fn kept_summaries(&self) -> Option<usize> {
        self.inner.summaries.borrow().len()
    }

    /// Test hook: the names of the indexes of the object store `name`.
    #[doc(hidden)]
    pub fn index_names(&self, name: &str) -> Result<Vec<String>, StoreError> {
        let tx = self.tx(&[name], TransactionMode::Readonly)?;
        Ok(tx.object_store(name)?.index_names().collect())
    }

    /// Test hook: the names of the database's object stores, sorted.
    #[doc(hidden)]
    pub fn store_names(&self) -> Vec<String> {
        self.inner.db.object_store_names().collect()
    }

    /// Test hook: the key path of the object store `name`, one entry per
    /// part (`["id", "rev_key"]`), empty if it has none.
    #[doc(hidden)]
    pub fn key_path(&self, name: &str) -> Result<Vec<String>, StoreError> {
        let tx = self.tx(&[name], TransactionMode::Readonly)?;
        let path = tx
            .object_store(name)?
            .as_sys()
            .key_path()
            .map_err(|error| StoreError::from_js(&error))?;
        Ok(match path.as_string() {
            Some(one) => vec![one],
            None => js_sys::Array::from(&path)
                .iter()
                .filter_map(|part| part.as_string())
                .collect(),
        })
    }

    /// Deletes the database `name` (tests; "erase everything on this device").
    /// Waits until every connection to it has closed.
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        Database::delete_by_name(name)?.await?;
        Ok(())
    }

    /// The database name this store was opened with.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// How many applies this connection has committed so far.
    pub fn applies(&self) -> u64 {
        self.inner.applies.get()
    }

    /// Counts one committed apply.
    pub(crate) fn count_apply(&self) {
        let applies = &self.inner.applies;
        applies.set(applies.get().wrapping_add(1));
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        // Versions are small integers carried as f64 by the browser.
        self.inner.db.version() as u32
    }

    /// A copy of the codec as it is now, for one read or write.
    pub(crate) fn codec(&self) -> codec::Codec {
        self.inner.codec.borrow().clone()
    }

    /// Where the app lock stands: off, locked or unlocked.
    pub fn lock_state(&self) -> LockState {
        self.inner.codec.borrow().state()
    }

    /// Holds the data key for this session: sealed bodies can be read and
    /// new ones are sealed. Brings the derived rows up to date if this start
    /// skipped that while locked.
    pub async fn unlock_with(&self, key: Rc<BodyKey>) -> Result<(), StoreError> {
        // Another tab may have changed the lock while this one was locked.
        let on = self.has_meta(LOCK_KEY_META).await?;
        let epoch = self.lock_epoch().await?;
        {
            let mut codec = self.inner.codec.borrow_mut();
            codec.key = Some(key);
            codec.on = on;
            codec.epoch = epoch;
        }
        self.ensure_derived_rows().await?;
        self.ensure_live_counts().await?;
        self.ensure_kept_counts().await
    }

    /// Drops the data key: nothing personal can be read or written until
    /// [`unlock_with`](Self::unlock_with). The lock stays on.
    pub fn lock(&self) {
        self.inner.codec.borrow_mut().key = None;
        // Plain summaries go with the key.
        self.inner.summaries.borrow_mut().clear();
        self.inner.lists.borrow_mut().clear();
    }

    /// Turns the lock on: stores the wrapped key (the flag that survives a
    /// restart) and, in the same step, starts sealing every new write with
    /// `key`. The rows already stored are sealed by [`convert_all`](Self::convert_all).
    pub async fn begin_lock(&self, wrapped_json: &str, key: Rc<BodyKey>) -> Result<(), StoreError> {
        if self.has_meta(LOCK_KEY_META).await? {
            return Err(StoreError::Other("the app lock is already on".into()));
        }
        let epoch = self.switch_lock(Some(wrapped_json)).await?;
        let mut codec = self.inner.codec.borrow_mut();
        codec.on = true;
        codec.key = Some(key);
        codec.epoch = epoch;
        Ok(())
    }

    /// The lock's switch counter as stored (0 when never switched).
    async fn lock_epoch(&self) -> Result<u64, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let meta = tx.object_store(META)?;
        codec::stored_epoch(&meta).await
    }

    /// One transaction: stores the wrapped key (`Some`), deletes it (`None`,
    /// the lock is off) or leaves it (`Keep`), and counts one more switch,
    /// so every other tab's next write sees the change and is refused
    /// instead of writing in the old form. Returns the new count.
    async fn switch_lock(&self, key: Option<&str>) -> Result<u64, StoreError> {
        self.switch_lock_rows(Some(key)).await
    }

    async fn switch_lock_rows(&self, key: Option<Option<&str>>) -> Result<u64, StoreError> {
        // The mark moves too: every tab's kept summaries are then stale,
        // and are read again in the form the switch asks for.
        let mut scope = vec![META];
        if self.marked() {
            scope.push(schema::STATE_MARK);
        }
        if self.lists_kept() {
            scope.push(schema::RECORD_MARKS);
        }
        let tx = self.tx(&scope, TransactionMode::Readwrite)?;
        let epoch;
        {
            if self.marked() {
                summaries::StateMark::advance(&tx).await?;
            }
            // Every kind's kept records too.
            if self.lists_kept() {
                kept_lists::Marks::read(&tx)
                    .await?
                    .advance(&tx, kept_lists::ALL)?;
            }
            let meta = tx.object_store(META)?;
            epoch = codec::stored_epoch(&meta).await? + 1;
            match key {
                Some(Some(json)) => {
                    meta.put(&MetaRow {
                        key: LOCK_KEY_META.to_owned(),
                        value: serde_json::to_string(json)
                            .map_err(|err| StoreError::Other(err.to_string()))?,
                    })
                    .serde()?;
                }
                Some(None) => {
                    meta.delete(LOCK_KEY_META).primitive()?;
                }
                None => {}
            }
            meta.put(&MetaRow {
                key: codec::LOCK_EPOCH_META.to_owned(),
                value: epoch.to_string(),
            })
            .serde()?;
        }
        commit(tx).await?;
        Ok(epoch)
    }

    /// Starts turning the lock off: new writes are stored plain from now on,
    /// while the key is still held to open the sealed rows.
    pub async fn begin_unlock_for_good(&self) -> Result<(), StoreError> {
        if self.inner.codec.borrow().key.is_none() {
            return Err(StoreError::Locked);
        }
        let epoch = self.switch_lock_rows(None).await?;
        let mut codec = self.inner.codec.borrow_mut();
        codec.on = false;
        codec.epoch = epoch;
        Ok(())
    }

    /// Finishes turning the lock off once [`convert_all`](Self::convert_all)
    /// opened everything: deletes the wrapped key and drops the key.
    pub async fn end_lock(&self) -> Result<(), StoreError> {
        let epoch = self.switch_lock(None).await?;
        let mut codec = self.inner.codec.borrow_mut();
        codec.on = false;
        codec.key = None;
        codec.epoch = epoch;
        Ok(())
    }

    /// Drops this handle; the connection closes once no clone is left.
    pub fn close(self) {}

    fn tx(&self, stores: &[&str], mode: TransactionMode) -> Result<Transaction<'_>, StoreError> {
        if self.inner.superseded.get() {
            // A newer version of the app took the database over in another tab.
            return Err(StoreError::VersionTooNew);
        }
        Ok(self.inner.db.transaction(stores).with_mode(mode).build()?)
    }

    /// Counts the live records of each kind once, when the store holds no
    /// kept counts (a new store, or one a version-2 build wrote: the upgrade
    /// to version 3 drops them), in one transaction that reads the index and
    /// writes the counts; every apply keeps them from then on.
    async fn ensure_live_counts(&self) -> Result<(), StoreError> {
        let tx = self.tx(&[schema::REVISIONS, META], TransactionMode::Readwrite)?;
        {
            let meta = tx.object_store(META)?;
            let row: Option<MetaRow> = meta.get(rows::LIVE_COUNTS_KEY).serde()?.await?;
            if row.is_some() {
                return Ok(());
            }
            let revisions = tx.object_store(schema::REVISIONS)?;
            let counts = apply::count_live(&revisions).await?;
            meta.put(&counts.row()).serde()?;
        }
        commit(tx).await
    }

    /// Counts the demo records and the rows not exported yet once, when the
    /// store keeps no such count (a new store: nothing to read; or one just
    /// upgraded to version 8: every live record is read once), so that Home's
    /// first visit reads two kept rows instead. Every apply keeps them from
    /// then on (`Store::demo_count`, `Store::unexported_count`).
    async fn ensure_kept_counts(&self) -> Result<(), StoreError> {
        // The test hook may open an older schema, which this build's counts
        // do not describe (it has no upgrade step for them yet).
        if self.version() < schema::KEPT_COUNTS_SINCE_SCHEMA {
            return Ok(());
        }
        self.demo_count().await?;
        self.unexported_count().await?;
        Ok(())
    }

    /// A small setting or value saved under `key`, e.g. the device identity.
    ///
    /// A value that no longer parses as `T` is an error, not `None`: callers
    /// must not overwrite what they cannot read.
    pub async fn get_meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let store = tx.object_store(META)?;
        let row: Option<MetaRow> = store.get(key).serde()?.await?;
        row.map(|row| {
            let value = self.codec().open(key, &row.value)?;
            serde_json::from_str(&value).map_err(|_| StoreError::Corrupt { id: key.to_owned() })
        })
        .transpose()
    }

    /// Whether a value is saved under `key`, without reading it (works while locked).
    pub async fn has_meta(&self, key: &str) -> Result<bool, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let store = tx.object_store(META)?;
        let row: Option<MetaRow> = store.get(key).serde()?.await?;
        Ok(row.is_some())
    }

    /// Saves `value` under `key` (one transaction).
    pub async fn put_meta<T: Serialize + ?Sized>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let value =
            serde_json::to_string(value).map_err(|err| StoreError::Other(err.to_string()))?;
        let codec = self.codec();
        let sealed = codec::is_sealed_meta(key);
        let value = if sealed { codec.seal(value)? } else { value };
        let tx = self.tx(&[META], TransactionMode::Readwrite)?;
        {
            let store = tx.object_store(META)?;
            if sealed {
                codec.check_epoch(&store).await?;
            }
            store
                .put(&MetaRow {
                    key: key.to_owned(),
                    value,
                })
                .serde()?;
        }
        commit(tx).await
    }

    /// Removes the value under `key`, if any (one transaction).
    pub async fn delete_meta(&self, key: &str) -> Result<(), StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readwrite)?;
        {
            let store = tx.object_store(META)?;
            store.delete(key).primitive()?;
        }
        commit(tx).await
    }
}

/// Commits `tx`, reporting why the browser aborted it (a full disk shows up
/// only on the transaction's `error`, not as a request error).
async fn commit(tx: Transaction<'_>) -> Result<(), StoreError> {
    let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    match tx.commit().await {
        Ok(()) => Ok(()),
        Err(err) => Err(match raw.error() {
            Some(dom) => StoreError::from_dom_name(&dom.name(), &dom.message()),
            None => err.into(),
        }),
    }
}

/// Set by the open request's `blocked` event; wakes the task waiting on the open.
#[derive(Default)]
struct BlockedSignal {
    raised: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl BlockedSignal {
    fn raise(&self) {
        self.raised.set(true);
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }

    fn is_raised(&self) -> bool {
        self.raised.get()
    }

    fn wait(&self, waker: &Waker) {
        *self.waker.borrow_mut() = Some(waker.clone());
    }
}
