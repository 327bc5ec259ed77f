//! The open database as the UI holds it: an opaque handle that only the
//! service layer can look into, so a page cannot reach the store around it.

use std::cell::RefCell;
use std::rc::Rc;

use crate::app::error::AppError;
use crate::app::exchange::KeptChecks;
use crate::store::Store;

/// The app's open database, shared by every page. Cheap to clone; equal when
/// it is the same connection.
#[derive(Clone)]
pub struct Db {
    store: Rc<Store>,
    /// The bundles the last check of chosen files parsed, until they are
    /// imported, the check is cancelled or the app locks
    /// (`app::exchange`).
    checked: Rc<RefCell<KeptChecks>>,
}

impl Db {
    /// Opens (creating or upgrading as needed) the app's database.
    pub async fn open() -> Result<Db, AppError> {
        Ok(Db::new(Store::open().await?))
    }

    /// Wraps a store opened elsewhere (tests open their own, by name).
    pub fn new(store: Store) -> Db {
        Db {
            store: Rc::new(store),
            checked: Rc::default(),
        }
    }

    /// The store itself, for the service functions only.
    pub(in crate::app) fn store(&self) -> &Store {
        &self.store
    }

    /// The checked bundles kept for the import, for `app::exchange` only.
    pub(in crate::app) fn checked(&self) -> &RefCell<KeptChecks> {
        &self.checked
    }
}

/// While the app's database is being upgraded to this build's schema (the
/// first open after an update): how many rows are done so far.
pub fn upgrade_progress() -> Option<u64> {
    crate::store::upgrade_progress()
}

impl From<Store> for Db {
    fn from(store: Store) -> Self {
        Db::new(store)
    }
}

impl PartialEq for Db {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.store, &other.store)
    }
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.store.fmt(f)
    }
}
