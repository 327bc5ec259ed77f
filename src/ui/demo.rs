//! Loading and removing the pilot-demo district (see `domain::demo`).

use crate::domain::demo::{demo_district, is_demo};
use crate::domain::kinds::Kind;
use crate::store::{ListFilter, Store};
use crate::ui::platform::today_local;
use crate::ui::records::{self, SaveError};

/// Writes the demo district in one transaction; returns how many records it holds.
pub async fn load(store: &Store) -> Result<usize, SaveError> {
    let revisions = demo_district(&today_local());
    let count = revisions.len();
    store.apply(revisions, None).await?;
    Ok(count)
}

/// The ids of every live demo record.
pub async fn demo_ids(store: &Store) -> Result<Vec<String>, SaveError> {
    let mut ids = Vec::new();
    for kind in Kind::ALL {
        for rev in store.list(*kind, &ListFilter::default()).await? {
            if is_demo(rev.data.as_ref()) {
                ids.push(rev.id);
            }
        }
    }
    Ok(ids)
}

/// Deletes every demo record (and nothing else) in one transaction.
pub async fn remove(store: &Store, device_id: &str) -> Result<usize, SaveError> {
    let ids = demo_ids(store).await?;
    records::delete_many(store, device_id, &ids).await
}
