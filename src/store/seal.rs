//! The store's sealing codec: converting the stored bodies between plain and
//! sealed text (docs/app-lock.md, "Design of sealing the store").
//!
//! Two fields hold what people typed: a `revisions` row's `json` and a
//! `demand_state` row's `summary`. A plain body is JSON (it starts with `{`),
//! a sealed one starts with `sealed1:` (`domain::lock::is_sealed`), so every
//! row is readable, plain or sealed, at every moment, and a conversion cut
//! short is resumed by running it again: the rows already converted are
//! skipped.
//!
//! WebCrypto is asynchronous and IndexedDB commits a transaction as soon as
//! the page awaits anything else, so each batch is three steps: (1) one
//! read-only transaction reads a page of rows; (2) outside any transaction,
//! the [`Sealer`] seals or opens their bodies; (3) one readwrite transaction
//! reads each row again and writes the converted body only if the stored
//! body is still the one read in step 1 (a row rewritten in between is left
//! as it is and converted by the next run). A batch commits whole or not at all.
//!
//! The key itself lives above the store (`app::crypto::DataKey`), which
//! implements [`Sealer`]; the store never sees key bytes.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use serde_json::{json, Value};

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};

use super::codec::{is_sealed_meta, nonce};
use super::query::collect;
use super::rows::{DemandStateRow, LedgerEntry, MetaRow, RevisionRow};
use super::schema::{DEMAND_STATE, LEDGER, META, PHOTOS, REVISIONS};
use super::{commit, Store, StoreError};
use crate::domain::lock::{are_sealed_bytes, is_sealed, BodyKey};

/// Seals and opens many bodies at once (one batch of WebCrypto requests in
/// flight, not one round trip per row: see the figures in docs/app-lock.md).
#[allow(async_fn_in_trait)]
pub trait Sealer {
    /// Each plain text sealed, in order (`sealed1:` form).
    async fn seal_all(&self, plain: &[&str]) -> Result<Vec<String>, String>;
    /// Each sealed text opened to its plain text, in order; an error when
    /// one does not open (another key, altered bytes, WebCrypto failing).
    async fn open_all(&self, sealed: &[&str]) -> Result<Vec<String>, String>;
}

/// Which way [`Store::convert_bodies`] converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Plain bodies become sealed (turning the lock on).
    Seal,
    /// Sealed bodies become plain (turning the lock off).
    Open,
}

impl Direction {
    fn wants(self, body: &str) -> bool {
        match self {
            Direction::Seal => !is_sealed(body),
            Direction::Open => is_sealed(body),
        }
    }
}

/// One text converted with the key held; `id` names it in errors.
fn convert_one(
    key: &BodyKey,
    direction: Direction,
    id: &str,
    text: &str,
) -> Result<String, StoreError> {
    match direction {
        Direction::Seal => Ok(key.seal(&nonce()?, text.as_bytes())),
        Direction::Open => key
            .open(text)
            .and_then(|plain| String::from_utf8(plain).ok())
            .ok_or_else(|| StoreError::Sealing(format!("{id} does not open with this key"))),
    }
}

/// The key held by the store, as a [`Sealer`] for [`Store::convert_bodies`].
struct KeySealer(Rc<BodyKey>);

impl Sealer for KeySealer {
    async fn seal_all(&self, plain: &[&str]) -> Result<Vec<String>, String> {
        plain
            .iter()
            .map(|text| {
                let iv = nonce().map_err(|err| err.to_string())?;
                Ok(self.0.seal(&iv, text.as_bytes()))
            })
            .collect()
    }

    async fn open_all(&self, sealed: &[&str]) -> Result<Vec<String>, String> {
        sealed
            .iter()
            .map(|text| {
                self.0
                    .open(text)
                    .and_then(|plain| String::from_utf8(plain).ok())
                    .ok_or_else(|| "a body does not open with this key".to_owned())
            })
            .collect()
    }
}

/// What one run of [`Store::convert_bodies`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Conversion {
    /// Bodies rewritten by this run.
    pub converted: u64,
    /// Rows not converted because they changed or went while being
    /// converted; running again converts what took their place.
    pub skipped: u64,
    /// True when every row was visited and nothing was skipped: the store
    /// holds only bodies of the wanted form.
    pub done: bool,
}

/// Rows read per batch when the caller does not say.
pub const CONVERT_BATCH: u32 = 500;

// A row written as a NEW key during a run, behind the page the run has
// reached, is not seen by that run: only the lock's "on" flag (new writes
// sealed, not built yet, docs/app-lock.md) keeps new plain rows from
// appearing. `done` reports what this run saw.

/// One converted body: the row as read, and its new body.
struct Change<R> {
    row: R,
    body: String,
}

impl Store {
    /// Converts every stored body (`revisions.json`, `demand_state.summary`)
    /// into the form `direction` asks for, `batch` rows per transaction.
    ///
    /// `max_batches` stops after that many batches (a test hook that cuts a
    /// conversion short, as closing the page would); running again resumes.
    /// Any error stops the run with the batches before it committed and the
    /// failing one not written: every row stays readable.
    pub async fn convert_bodies<S: Sealer>(
        &self,
        sealer: &S,
        direction: Direction,
        batch: u32,
        max_batches: Option<u32>,
    ) -> Result<Conversion, StoreError> {
        let batch = batch.max(1);
        let mut out = Conversion::default();
        let mut batches = 0u32;
        let mut revisions_after: Option<Value> = None;
        let mut revisions_done = false;
        let mut states_after: Option<Value> = None;
        let mut states_done = false;
        while !(revisions_done && states_done) {
            if max_batches.is_some_and(|max| batches >= max) {
                return Ok(out);
            }
            batches += 1;
            if !revisions_done {
                let (rows, last, full) = self
                    .read_page::<RevisionRow>(REVISIONS, revisions_after.take(), batch)
                    .await?;
                revisions_done = !full;
                revisions_after = last;
                let wanted: Vec<RevisionRow> = rows
                    .into_iter()
                    .filter(|row| direction.wants(&row.json))
                    .collect();
                let bodies: Vec<&str> = wanted.iter().map(|row| row.json.as_str()).collect();
                let converted = convert(sealer, direction, &bodies).await?;
                let changes = wanted
                    .into_iter()
                    .zip(converted)
                    .map(|(row, body)| Change { row, body })
                    .collect();
                let (written, skipped) = self.write_revisions(changes).await?;
                out.converted += written;
                out.skipped += skipped;
            } else {
                let (rows, last, full) = self
                    .read_page::<DemandStateRow>(DEMAND_STATE, states_after.take(), batch)
                    .await?;
                states_done = !full;
                states_after = last;
                let wanted: Vec<DemandStateRow> = rows
                    .into_iter()
                    .filter(|row| direction.wants(&row.summary))
                    .collect();
                let bodies: Vec<&str> = wanted.iter().map(|row| row.summary.as_str()).collect();
                let converted = convert(sealer, direction, &bodies).await?;
                let changes = wanted
                    .into_iter()
                    .zip(converted)
                    .map(|(row, body)| Change { row, body })
                    .collect();
                let (written, skipped) = self.write_states(changes).await?;
                out.converted += written;
                out.skipped += skipped;
            }
        }
        out.done = out.skipped == 0;
        Ok(out)
    }

    /// Step 1: up to `batch` rows of `store` after the primary key `after`,
    /// with the last row's key and whether the page was full.
    async fn read_page<R: serde::de::DeserializeOwned + RowKey>(
        &self,
        store_name: &str,
        after: Option<Value>,
        batch: u32,
    ) -> Result<(Vec<R>, Option<Value>, bool), StoreError> {
        let tx = self.tx(&[store_name], TransactionMode::Readonly)?;
        let store = tx.object_store(store_name)?;
        let rows: Vec<R> = match after {
            Some(key) => collect(
                store
                    .get_all()
                    .with_query(KeyRange::LowerBound(key, true))
                    .with_limit(batch)
                    .serde()?
                    .await?,
            )?,
            None => collect(store.get_all().with_limit(batch).serde()?.await?)?,
        };
        let full = rows.len() as u32 >= batch;
        let last = rows.last().map(RowKey::primary_key);
        Ok((rows, last, full))
    }

    /// Step 3 for `revisions`: each row rewritten only if its stored body is
    /// still the one converted. Returns (written, skipped).
    async fn write_revisions(
        &self,
        changes: Vec<Change<RevisionRow>>,
    ) -> Result<(u64, u64), StoreError> {
        if changes.is_empty() {
            return Ok((0, 0));
        }
        let tx = self.tx(&[REVISIONS], TransactionMode::Readwrite)?;
        let (mut written, mut skipped) = (0, 0);
        {
            let store = tx.object_store(REVISIONS)?;
            let mut reads = Vec::with_capacity(changes.len());
            for change in &changes {
                reads.push(store.get_all().with_query(change.row.key()).serde()?);
            }
            for (change, read) in changes.into_iter().zip(reads) {
                let now: Vec<RevisionRow> = collect(read.await?)?;
                match now.into_iter().next() {
                    Some(stored) if stored.json == change.row.json => {
                        store
                            .put(&RevisionRow {
                                json: change.body,
                                ..stored
                            })
                            .serde()?;
                        written += 1;
                    }
                    // Rewritten or replaced since (a merge dominated it): its
                    // successor may be a new row behind this run, so the run
                    // does not call itself done.
                    _ => skipped += 1,
                }
            }
        }
        commit(tx).await?;
        Ok((written, skipped))
    }

    /// Step 3 for `demand_state`, as [`write_revisions`](Self::write_revisions).
    async fn write_states(
        &self,
        changes: Vec<Change<DemandStateRow>>,
    ) -> Result<(u64, u64), StoreError> {
        if changes.is_empty() {
            return Ok((0, 0));
        }
        let tx = self.tx(&[DEMAND_STATE], TransactionMode::Readwrite)?;
        let (mut written, mut skipped) = (0, 0);
        {
            let store = tx.object_store(DEMAND_STATE)?;
            let mut reads = Vec::with_capacity(changes.len());
            for change in &changes {
                let key = KeyRange::Only(json!(change.row.demand_id));
                reads.push(store.get_all().with_query(key).serde()?);
            }
            for (change, read) in changes.into_iter().zip(reads) {
                let now: Vec<DemandStateRow> = collect(read.await?)?;
                match now.into_iter().next() {
                    Some(stored) if stored.summary == change.row.summary => {
                        store
                            .put(&DemandStateRow {
                                summary: change.body,
                                ..stored
                            })
                            .serde()?;
                        written += 1;
                    }
                    _ => skipped += 1,
                }
            }
        }
        commit(tx).await?;
        Ok((written, skipped))
    }

    /// Converts everything the lock covers with the key held for this
    /// session: the bodies ([`convert_bodies`](Self::convert_bodies), run
    /// until a run saw every row converted), then the sealed meta values,
    /// the ledger's device labels and the photos. Resumable like
    /// `convert_bodies`: each step commits whole, every row stays readable,
    /// and running again skips what is done. `Locked` without the key.
    pub async fn convert_all(&self, direction: Direction) -> Result<Conversion, StoreError> {
        let key = self.codec().key.ok_or(StoreError::Locked)?;
        let sealer = KeySealer(key);
        let mut total = Conversion::default();
        // Writes that land while a run is under way are converted by the next
        // run (or written in the wanted form already: the codec's flag is set
        // before the first run); a few runs always reach a quiet moment.
        for _ in 0..8 {
            let run = self
                .convert_bodies(&sealer, direction, CONVERT_BATCH, None)
                .await?;
            total.converted += run.converted;
            total.skipped += run.skipped;
            if run.done {
                total.done = true;
                break;
            }
        }
        total.converted += self.convert_small(&sealer.0, direction).await?;
        total.converted += self.convert_photos(&sealer.0, direction).await?;
        Ok(total)
    }

    /// The sealed meta values and the ledger's device labels, in one transaction.
    async fn convert_small(&self, key: &BodyKey, direction: Direction) -> Result<u64, StoreError> {
        let tx = self.tx(&[META, LEDGER], TransactionMode::Readwrite)?;
        let mut converted = 0;
        {
            let meta = tx.object_store(META)?;
            let rows: Vec<MetaRow> = collect(meta.get_all().serde()?.await?)?;
            for mut row in rows {
                if !is_sealed_meta(&row.key) || !direction.wants(&row.value) {
                    continue;
                }
                row.value = convert_one(key, direction, &row.key, &row.value)?;
                meta.put(&row).serde()?;
                converted += 1;
            }
            let ledger = tx.object_store(LEDGER)?;
            let entries: Vec<LedgerEntry> = collect(ledger.get_all().serde()?.await?)?;
            for mut entry in entries {
                if !direction.wants(&entry.device_label) {
                    continue;
                }
                entry.device_label =
                    convert_one(key, direction, &entry.digest, &entry.device_label)?;
                ledger.put(&entry).serde()?;
                converted += 1;
            }
        }
        commit(tx).await?;
        Ok(converted)
    }

    /// Every photo's bytes, a few photos per transaction (each may be large).
    async fn convert_photos(&self, key: &BodyKey, direction: Direction) -> Result<u64, StoreError> {
        let ids: Vec<String> = {
            let tx = self.tx(&[PHOTOS], TransactionMode::Readonly)?;
            let keys: Vec<String> =
                collect(tx.object_store(PHOTOS)?.get_all_keys().serde()?.await?)?;
            keys
        };
        let mut converted = 0;
        for chunk in ids.chunks(8) {
            let tx = self.tx(&[PHOTOS], TransactionMode::Readwrite)?;
            {
                let store = tx.object_store(PHOTOS)?;
                for id in chunk {
                    let row: Option<JsValue> = store.get(id.clone()).primitive()?.await?;
                    let Some(row) = row.filter(|row| row.is_object()) else {
                        continue;
                    };
                    let bytes = js_sys::Reflect::get(&row, &JsValue::from_str("bytes"))
                        .ok()
                        .and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok())
                        .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                        .ok_or_else(|| StoreError::Corrupt { id: id.clone() })?;
                    let sealed = are_sealed_bytes(&bytes);
                    let new = match direction {
                        Direction::Seal if !sealed => key.seal_bytes(&nonce()?, &bytes),
                        Direction::Open if sealed => key.open_bytes(&bytes).ok_or_else(|| {
                            StoreError::Sealing(format!("photo {id} does not open"))
                        })?,
                        _ => continue,
                    };
                    let buffer = js_sys::Uint8Array::from(new.as_slice()).buffer();
                    js_sys::Reflect::set(&row, &JsValue::from_str("bytes"), &buffer)
                        .map_err(|e| StoreError::from_js(&e))?;
                    store.put(row).primitive()?;
                    converted += 1;
                }
            }
            commit(tx).await?;
        }
        Ok(converted)
    }

    /// Test hook: everything else the lock covers, as it is on disk: the
    /// sealed meta values (`device`, drafts), the ledger's device labels and
    /// every photo's stored bytes.
    #[doc(hidden)]
    pub async fn raw_sensitive(&self) -> Result<(Vec<String>, Vec<Vec<u8>>), StoreError> {
        let tx = self.tx(&[META, LEDGER, PHOTOS], TransactionMode::Readonly)?;
        let meta: Vec<MetaRow> = collect(tx.object_store(META)?.get_all().serde()?.await?)?;
        let ledger: Vec<LedgerEntry> = collect(tx.object_store(LEDGER)?.get_all().serde()?.await?)?;
        let photos: Vec<JsValue> = tx
            .object_store(PHOTOS)?
            .get_all()
            .primitive()?
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        let texts = meta
            .into_iter()
            .filter(|row| is_sealed_meta(&row.key))
            .map(|row| row.value)
            .chain(ledger.into_iter().map(|entry| entry.device_label))
            .collect();
        let bytes = photos
            .iter()
            .filter_map(|row| js_sys::Reflect::get(row, &JsValue::from_str("bytes")).ok())
            .filter_map(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok())
            .map(|b| js_sys::Uint8Array::new(&b).to_vec())
            .collect();
        Ok((texts, bytes))
    }

    /// Test hook: every stored body as it is on disk (`revisions.json`, then
    /// `demand_state.summary`), to check what a copied profile would hold.
    #[doc(hidden)]
    pub async fn raw_bodies(&self) -> Result<Vec<String>, StoreError> {
        let tx = self.tx(&[REVISIONS, DEMAND_STATE], TransactionMode::Readonly)?;
        let revisions: Vec<RevisionRow> =
            collect(tx.object_store(REVISIONS)?.get_all().serde()?.await?)?;
        let states: Vec<DemandStateRow> =
            collect(tx.object_store(DEMAND_STATE)?.get_all().serde()?.await?)?;
        Ok(revisions
            .into_iter()
            .map(|row| row.json)
            .chain(states.into_iter().map(|row| row.summary))
            .collect())
    }
}

/// Step 2: the bodies in the other form, outside any transaction.
async fn convert<S: Sealer>(
    sealer: &S,
    direction: Direction,
    bodies: &[&str],
) -> Result<Vec<String>, StoreError> {
    if bodies.is_empty() {
        return Ok(Vec::new());
    }
    let out = match direction {
        Direction::Seal => sealer.seal_all(bodies).await,
        Direction::Open => sealer.open_all(bodies).await,
    }
    .map_err(StoreError::Sealing)?;
    if out.len() != bodies.len() {
        return Err(StoreError::Sealing(format!(
            "{} bodies given, {} returned",
            bodies.len(),
            out.len()
        )));
    }
    // A body must never be written in a form the next read would not expect.
    if out.iter().any(|body| direction.wants(body)) {
        return Err(StoreError::Sealing(
            "a converted body is still in the old form".into(),
        ));
    }
    Ok(out)
}

/// The primary key of a row, to read the next page after it.
trait RowKey {
    fn primary_key(&self) -> Value;
}

impl RowKey for RevisionRow {
    fn primary_key(&self) -> Value {
        json!([self.id, self.rev])
    }
}

impl RowKey for DemandStateRow {
    fn primary_key(&self) -> Value {
        json!(self.demand_id)
    }
}
