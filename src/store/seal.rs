//! Converting the stored bodies between plain and sealed text when the app
//! lock is turned on or off (docs/app-lock.md, "Converting the store").
//!
//! Two fields hold what people typed: a `revisions` row's `json` and a
//! `demand_state` row's `summary`. A plain body is JSON (it starts with `{`),
//! a sealed one starts with `sealed1:` (`domain::lock::is_sealed`), so every
//! row is readable, plain or sealed, at every moment, and a conversion cut
//! short is resumed by running it again: the rows already converted are
//! skipped.
//!
//! The cipher is synchronous (`domain::lock::BodyKey`), so each batch is one
//! readwrite transaction: it reads the next page of rows, converts the bodies
//! not yet in the wanted form and puts them back, and commits whole or not at
//! all. Nothing can change a row between its read and its write.

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;

use wasm_bindgen::{JsCast, JsValue};

use super::codec::{is_sealed_meta, nonce};
use super::query::collect;
use super::rows::{body_text, DemandStateRow, LedgerEntry, MetaRow, RevisionRow};
use super::schema::{DEMAND_STATE, LEDGER, META, PHOTOS, REVISIONS};
use super::{commit, Store, StoreError};
use crate::domain::lock::{are_sealed_bytes, is_sealed, BodyKey};

/// The stores that hold bodies, and each one's body field.
const BODIES: [(&str, &str); 2] = [(REVISIONS, "json"), (DEMAND_STATE, "summary")];

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

/// One text converted with `key`; `id` names it in errors. A text that does
/// not open (another key, altered bytes) is [`StoreError::Sealing`].
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

/// What one run of [`Store::convert_bodies`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Conversion {
    /// Bodies rewritten by this run.
    pub converted: u64,
    /// True when the run visited every row (it was not cut short): every
    /// row it passed is in the wanted form. Rows written meanwhile are in
    /// the wanted form already, because the codec's `on` switch is set
    /// before a conversion starts.
    pub done: bool,
}

/// Rows read per batch when the caller does not say.
pub const CONVERT_BATCH: u32 = 500;

impl Store {
    /// Converts every stored body (`revisions.json`, then
    /// `demand_state.summary`) into the form `direction` asks for with `key`,
    /// in primary-key order, `batch` rows per readwrite transaction.
    ///
    /// `max_batches` stops after that many batches (a test hook that cuts a
    /// conversion short, as closing the page would); running again resumes.
    /// A body that does not open with `key` stops the run with
    /// [`StoreError::Sealing`], its batch not written and the batches before
    /// it committed: every row stays readable.
    pub async fn convert_bodies(
        &self,
        key: &BodyKey,
        direction: Direction,
        batch: u32,
        max_batches: Option<u32>,
    ) -> Result<Conversion, StoreError> {
        let batch = batch.max(1);
        let mut out = Conversion::default();
        let mut batches = 0u32;
        for (store_name, field) in BODIES {
            // Every key of these stores (a string or an array) sorts above any number.
            let mut after = JsValue::from_f64(f64::NEG_INFINITY);
            loop {
                if max_batches.is_some_and(|max| batches >= max) {
                    return Ok(out);
                }
                batches += 1;
                let (converted, last) = self
                    .convert_page(store_name, field, after, batch, key, direction)
                    .await?;
                out.converted += converted;
                match last {
                    Some(last) => after = last,
                    None => break,
                }
            }
        }
        out.done = true;
        Ok(out)
    }

    /// One batch, in one readwrite transaction: up to `batch` rows of
    /// `store_name` after the key `after`, each `field` not yet in the wanted
    /// form converted and put back. Returns the bodies converted and, when
    /// the page was full, its last key (where the next page starts). An error
    /// drops the transaction uncommitted, which aborts it: nothing is written.
    async fn convert_page(
        &self,
        store_name: &str,
        field: &str,
        after: JsValue,
        batch: u32,
        key: &BodyKey,
        direction: Direction,
    ) -> Result<(u64, Option<JsValue>), StoreError> {
        let tx = self.tx(&[store_name], TransactionMode::Readwrite)?;
        let mut converted = 0;
        let last = {
            let store = tx.object_store(store_name)?;
            let keys = store
                .get_all_keys()
                .with_query::<JsValue, _>(KeyRange::LowerBound(after.clone(), true))
                .with_limit(batch)
                .primitive()?;
            let rows = store
                .get_all()
                .with_query::<JsValue, _>(KeyRange::LowerBound(after, true))
                .with_limit(batch)
                .primitive()?;
            let keys: Vec<JsValue> = collect(keys.await?)?;
            let rows: Vec<JsValue> = collect(rows.await?)?;
            let name = JsValue::from_str(field);
            for (row, row_key) in rows.iter().zip(&keys) {
                let id = || format!("{store_name} {row_key:?}");
                let body = js_sys::Reflect::get(row, &name)
                    .ok()
                    .and_then(|body| body_text(&body))
                    .ok_or_else(|| StoreError::Corrupt { id: id() })?;
                if !direction.wants(&body) {
                    continue;
                }
                let new = convert_one(key, direction, &id(), &body)?;
                js_sys::Reflect::set(row, &name, &JsValue::from_str(&new))
                    .map_err(|e| StoreError::from_js(&e))?;
                store.put(row).primitive()?;
                converted += 1;
            }
            (keys.len() as u32 >= batch)
                .then(|| keys.last().cloned())
                .flatten()
        };
        commit(tx).await?;
        Ok((converted, last))
    }

    /// Converts everything the lock covers with the key held for this
    /// session: the bodies ([`convert_bodies`](Self::convert_bodies)), then
    /// the sealed meta values, the ledger's device labels and the photos.
    /// Returns how many were converted. Resumable like `convert_bodies`: each
    /// step commits whole, every row stays readable, and running again skips
    /// what is done.
    ///
    /// One run is enough: the codec's `on` switch already writes every new
    /// row in the wanted form (set by `begin_lock` before sealing, cleared by
    /// `begin_unlock_for_good` before opening), so no row can fall behind the
    /// run in the old form; a run asked the other way is refused.
    /// `Locked` without the key.
    pub async fn convert_all(&self, direction: Direction) -> Result<u64, StoreError> {
        let codec = self.codec();
        let key = codec.key.ok_or(StoreError::Locked)?;
        if codec.on != (direction == Direction::Seal) {
            return Err(StoreError::Sealing(
                "new writes are not yet stored in the form asked for".into(),
            ));
        }
        let bodies = self
            .convert_bodies(&key, direction, CONVERT_BATCH, None)
            .await?;
        let small = self.convert_small(&key, direction).await?;
        let photos = self.convert_photos(&key, direction).await?;
        Ok(bodies.converted + small + photos)
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
        let photos = raw_rows(&tx.object_store(PHOTOS)?).await?;
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

    /// Test hook: how many bodies (`revisions.json` and
    /// `demand_state.summary`) are stored as a string, and how many as
    /// UTF-8 bytes.
    #[doc(hidden)]
    pub async fn body_forms(&self) -> Result<(usize, usize), StoreError> {
        let tx = self.tx(&[REVISIONS, DEMAND_STATE], TransactionMode::Readonly)?;
        let mut forms = (0, 0);
        for (store_name, field) in BODIES {
            let rows = raw_rows(&tx.object_store(store_name)?).await?;
            let name = JsValue::from_str(field);
            for row in &rows {
                let body = js_sys::Reflect::get(row, &name).map_err(|e| StoreError::from_js(&e))?;
                if body.is_string() {
                    forms.0 += 1;
                } else if body.is_instance_of::<js_sys::Uint8Array>() {
                    forms.1 += 1;
                }
            }
        }
        Ok(forms)
    }

    /// Test hook: rewrites every `every`-th body stored as bytes (in
    /// `revisions`, then `demand_state`) with the same body as a string, as
    /// rows were stored before bodies went as bytes. Returns how many it
    /// rewrote.
    #[doc(hidden)]
    pub async fn bodies_as_strings(&self, every: usize) -> Result<usize, StoreError> {
        let tx = self.tx(&[REVISIONS, DEMAND_STATE], TransactionMode::Readwrite)?;
        let (mut seen, mut rewritten) = (0, 0);
        for (store_name, field) in BODIES {
            let store = tx.object_store(store_name)?;
            let name = JsValue::from_str(field);
            for row in raw_rows(&store).await?.iter() {
                let body = js_sys::Reflect::get(row, &name).map_err(|e| StoreError::from_js(&e))?;
                if !body.is_instance_of::<js_sys::Uint8Array>() {
                    continue;
                }
                // The 1st, then every `every`-th body found as bytes.
                let nth = seen;
                seen += 1;
                if nth % every.max(1) != 0 {
                    continue;
                }
                let text = body_text(&body).ok_or_else(|| StoreError::Corrupt {
                    id: "a body that is not UTF-8".into(),
                })?;
                js_sys::Reflect::set(row, &name, &JsValue::from_str(&text))
                    .map_err(|e| StoreError::from_js(&e))?;
                store.put(row).primitive()?;
                rewritten += 1;
            }
        }
        commit(tx).await?;
        Ok(rewritten)
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

/// Every row of `store` as it is stored.
async fn raw_rows(store: &ObjectStore<'_>) -> Result<Vec<JsValue>, StoreError> {
    collect(store.get_all().primitive()?.await?)
}
