//! Loading and removing the pilot-demo district (see `domain::demo`).

use crate::app::platform::today_local;
use crate::app::records;
use crate::app::AppError;
use crate::app::Db;
use crate::domain::demo::{demo_district, is_demo};
use crate::domain::kinds::Kind;
use crate::store::ListFilter;

/// Writes the demo district in one transaction; returns how many records it holds.
pub async fn load(db: &Db) -> Result<usize, AppError> {
    let revisions = demo_district(&today_local());
    let count = revisions.len();
    db.store().apply(revisions, None).await?;
    Ok(count)
}

/// How many live demo records there are (one row the store keeps: Home
/// shows it on every visit, so it must not read every record).
pub async fn demo_count(db: &Db) -> Result<usize, AppError> {
    Ok(db.store().demo_count().await? as usize)
}

/// The ids of every live demo record (reads every live record: for removing them).
pub async fn demo_ids(db: &Db) -> Result<Vec<String>, AppError> {
    let mut ids = Vec::new();
    for kind in Kind::ALL {
        for rev in db.store().list(*kind, &ListFilter::default()).await? {
            if is_demo(rev.data.as_ref()) {
                ids.push(rev.id);
            }
        }
    }
    Ok(ids)
}

/// Deletes every demo record (and nothing else) in one transaction.
pub async fn remove(db: &Db, device_id: &str) -> Result<usize, AppError> {
    let ids = demo_ids(db).await?;
    records::delete_many(db, device_id, &ids).await
}
