//! App-wide state as a plain reducer: the language, the open store, this device,
//! storage status and whether a new version waits. Pages read it through context.

use std::rc::Rc;

use yew::Reducible;

use crate::app::device::Device;
use crate::app::platform::StorageInfo;
use crate::app::Db;
use crate::i18n::{Lang, Text};

#[derive(Clone, PartialEq)]
pub enum StoreStatus {
    /// The store is opening; `Some(rows)` while it upgrades an existing
    /// database's format, with how many rows are done.
    Opening(Option<u64>),
    Ready(Db),
    /// The app lock is on and the key is not held: only the lock screen shows.
    Locked(Db),
    Failed(Text),
}

#[derive(Clone, PartialEq)]
pub struct AppState {
    pub lang: Lang,
    pub store: StoreStatus,
    pub device: Option<Device>,
    pub storage: StorageInfo,
    pub update_ready: bool,
    /// Bumped when many records change at once (demo loaded or removed, an
    /// import), so pages that summarise everything read again.
    pub data_version: u32,
    /// Whether the app lock is on on this device (locked or not).
    pub lock_on: bool,
    /// Minutes idle before the app locks itself (read at unlock and from Settings).
    pub idle_minutes: u32,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            lang: Lang::Zh,
            store: StoreStatus::Opening(None),
            device: None,
            storage: StorageInfo::default(),
            update_ready: false,
            data_version: 0,
            lock_on: false,
            idle_minutes: 5,
        }
    }
}

impl AppState {
    /// Whether this device is set to the coordinator role (Settings): the
    /// coordinator's actions are offered only then.
    pub fn is_coordinator(&self) -> bool {
        self.device
            .as_ref()
            .is_some_and(|d| d.role == crate::app::device::Role::Coordinator)
    }

    /// The open database, also while locked: only for what is kept in the
    /// clear (the language), which the lock screen may change.
    pub fn db_even_locked(&self) -> Option<Db> {
        match &self.store {
            StoreStatus::Ready(db) | StoreStatus::Locked(db) => Some(db.clone()),
            _ => None,
        }
    }

    /// The open database, once it is open (and not locked).
    pub fn db(&self) -> Option<Db> {
        match &self.store {
            StoreStatus::Ready(db) => Some(db.clone()),
            _ => None,
        }
    }
}

pub enum Action {
    SetLang(Lang),
    StoreOpened(Db),
    StoreFailed(Text),
    /// The store, still opening, is upgrading the database: rows done so far.
    Upgrading(u64),
    DeviceLoaded(Device),
    Storage(StorageInfo),
    UpdateReady,
    DataChanged,
    /// The store is open but locked (at start, or after locking): nothing
    /// personal is held in memory; the routed page unmounts.
    Locked(Db),
    /// The lock was turned on or off (Settings).
    LockOn(bool),
    /// The idle minutes before the app locks itself.
    IdleMinutes(u32),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::StoreOpened(store) => next.store = StoreStatus::Ready(store),
            Action::StoreFailed(text) => next.store = StoreStatus::Failed(text),
            Action::Upgrading(rows) => {
                if matches!(next.store, StoreStatus::Opening(_)) {
                    next.store = StoreStatus::Opening(Some(rows));
                }
            }
            Action::DeviceLoaded(device) => next.device = Some(device),
            Action::Storage(info) => next.storage = info,
            Action::UpdateReady => next.update_ready = true,
            Action::DataChanged => next.data_version = next.data_version.wrapping_add(1),
            Action::Locked(db) => {
                next.store = StoreStatus::Locked(db);
                next.device = None;
                next.lock_on = true;
                next.data_version = next.data_version.wrapping_add(1);
            }
            Action::LockOn(on) => next.lock_on = on,
            Action::IdleMinutes(minutes) => next.idle_minutes = minutes,
        }
        Rc::new(next)
    }
}
