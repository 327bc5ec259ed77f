//! The store's one narrow codec for bodies at rest (docs/app-lock.md): every
//! text a person typed or chose passes through it on its way into and out of
//! IndexedDB — a revision's canonical JSON, a demand's summary, the sealed
//! meta values (drafts, this device), a ledger entry's device label and a
//! photo's bytes. Nothing else in the store knows whether the lock is on.
//!
//! Two switches, kept apart so that turning the lock on or off has no window
//! where data is lost or left unreadable:
//! - `on`: new writes are sealed. Set when the wrapped key is stored (from
//!   then on every new row is sealed), cleared at the start of turning the
//!   lock off (from then on new rows are plain while the old ones are opened).
//! - `key`: sealed rows can be opened. Held only while unlocked; locking drops it.
//!
//! Reads accept plain and sealed bodies alike, so a store part-way through a
//! conversion reads whole. A sealed body met without the key is
//! [`StoreError::Locked`], never an empty or partial answer; so is any write
//! while the lock is on and the key is not held.
//!
//! The cipher is synchronous (`domain::lock::BodyKey`), so a write seals its
//! rows inside its one transaction and stays atomic, exactly as with the lock off.

use std::borrow::Cow;
use std::rc::Rc;

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;

use super::rows::MetaRow;
use super::StoreError;
use crate::domain::lock::{are_sealed_bytes, is_sealed, BodyKey, IV_BYTES};

/// Meta key of the wrapped data key (`domain::lock::WrappedKey` as JSON).
/// Its presence is the lock's "on" flag across restarts.
pub const LOCK_KEY_META: &str = "lock.key";

/// Meta keys whose values stay in the clear with the lock on: what must be
/// read while locked (the language, the lock's own rows, the last export's
/// arrival mark for the erase warning), the counters the store reads and
/// writes as raw rows inside its transactions, and the clock. None of them
/// holds anything a person typed: ids, numbers, a language tag, the wrapped key.
const CLEAR_META: [&str; 5] = [
    "lang",
    "clock",
    "exchange.mark",
    "exchange.arrivals",
    "photos.total",
];
const CLEAR_META_PREFIXES: [&str; 2] = ["lock.", "store."];

/// Meta keys whose values are sealed while the lock is on: every key not
/// named clear above, so a value a later change adds is sealed by default
/// (the device's name, community and member link, capture drafts, the last
/// community picked, canvass settings, the last export's file name, sync
/// settings and status).
pub(crate) fn is_sealed_meta(key: &str) -> bool {
    !(CLEAR_META.contains(&key) || CLEAR_META_PREFIXES.iter().any(|p| key.starts_with(p)))
}

/// Where the app lock stands on this device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockState {
    /// No lock: bodies are stored plain.
    Off,
    /// The lock is on and the key is not held: nothing personal can be read or written.
    Locked,
    /// The lock is on and the key is held for this session.
    Unlocked,
}

/// Meta key of the lock's switch counter: one more every time the lock is
/// turned on, starts turning off, or is off. Each tab keeps the count it saw;
/// a write whose tab saw another count is refused ([`Codec::check_epoch`]).
pub(crate) const LOCK_EPOCH_META: &str = "lock.epoch";

#[derive(Clone, Default)]
pub(crate) struct Codec {
    pub on: bool,
    pub key: Option<Rc<BodyKey>>,
    /// The switch counter this tab last saw (`LOCK_EPOCH_META`).
    pub epoch: u64,
}

/// The stored switch counter, read in the caller's transaction.
pub(crate) async fn stored_epoch(meta: &ObjectStore<'_>) -> Result<u64, StoreError> {
    let row: Option<MetaRow> = meta.get(LOCK_EPOCH_META).serde()?.await?;
    Ok(row.and_then(|row| row.value.parse().ok()).unwrap_or(0))
}

impl Codec {
    pub fn state(&self) -> LockState {
        match (self.on, self.key.is_some()) {
            (false, false) => LockState::Off,
            (_, true) => LockState::Unlocked,
            (true, false) => LockState::Locked,
        }
    }

    /// Refuses a write while locked, before anything is read or written.
    pub fn writable(&self) -> Result<(), StoreError> {
        if self.on && self.key.is_none() {
            return Err(StoreError::Locked);
        }
        Ok(())
    }

    /// Inside a write's transaction, before anything is written: refuses
    /// when another tab turned the lock on or off since this tab last looked,
    /// because this tab would write in the old form (plain behind a sealing,
    /// or sealed behind an opening whose key is then deleted).
    pub async fn check_epoch(&self, meta: &ObjectStore<'_>) -> Result<(), StoreError> {
        if stored_epoch(meta).await? != self.epoch {
            return Err(StoreError::LockChanged);
        }
        Ok(())
    }

    /// The plain text of a stored body (`id` names it in errors).
    pub fn open<'a>(&self, id: &str, body: &'a str) -> Result<Cow<'a, str>, StoreError> {
        if !is_sealed(body) {
            return Ok(Cow::Borrowed(body));
        }
        let key = self.key.as_ref().ok_or(StoreError::Locked)?;
        let plain = key
            .open(body)
            .ok_or_else(|| StoreError::Corrupt { id: id.to_owned() })?;
        String::from_utf8(plain)
            .map(Cow::Owned)
            .map_err(|_| StoreError::Corrupt { id: id.to_owned() })
    }

    /// What to store for the plain text `plain`: sealed while the lock is on.
    pub fn seal(&self, plain: String) -> Result<String, StoreError> {
        if !self.on {
            return Ok(plain);
        }
        let key = self.key.as_ref().ok_or(StoreError::Locked)?;
        Ok(key.seal(&nonce()?, plain.as_bytes()))
    }

    /// A photo's stored bytes, opened when sealed.
    pub fn open_bytes(&self, id: &str, bytes: Vec<u8>) -> Result<Vec<u8>, StoreError> {
        if !are_sealed_bytes(&bytes) {
            return Ok(bytes);
        }
        let key = self.key.as_ref().ok_or(StoreError::Locked)?;
        key.open_bytes(&bytes)
            .ok_or_else(|| StoreError::Corrupt { id: id.to_owned() })
    }

    /// What to store for a photo's bytes: sealed while the lock is on.
    pub fn seal_bytes(&self, bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
        if !self.on {
            return Ok(bytes.to_vec());
        }
        let key = self.key.as_ref().ok_or(StoreError::Locked)?;
        Ok(key.seal_bytes(&nonce()?, bytes))
    }
}

/// 12 fresh random bytes from the browser's CSPRNG: a nonce never repeats
/// under one key (2^-32 odds only after billions of seals).
pub(crate) fn nonce() -> Result<[u8; IV_BYTES], StoreError> {
    let crypto = web_sys::window()
        .ok_or_else(|| StoreError::Sealing("no window".into()))?
        .crypto()
        .map_err(|err| StoreError::Sealing(format!("{err:?}")))?;
    let mut iv = [0u8; IV_BYTES];
    crypto
        .get_random_values_with_u8_array(&mut iv)
        .map_err(|err| StoreError::Sealing(format!("{err:?}")))?;
    Ok(iv)
}
