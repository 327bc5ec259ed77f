//! Reviewed points (评审赋分): the review records on this device and the
//! writing of one. The rules are `domain::review`'s.

use std::collections::BTreeMap;

use crate::app::platform::today_local;
use crate::app::records;
use crate::app::{AppError, Db};
use crate::domain::kinds::{Kind, PointsEntry};
use crate::domain::review::{review, review_id, Verdict};
use crate::domain::revision::Revision;
use crate::store::ListFilter;

/// The heads of every review record on this device, by review id: the shown
/// version of each, or all versions of one two devices wrote concurrently.
pub async fn load_reviews(db: &Db) -> Result<BTreeMap<String, Vec<Revision>>, AppError> {
    let store = db.store();
    let mut reviews: BTreeMap<String, Vec<Revision>> = store
        .list(Kind::PointsReview, &ListFilter::default())
        .await?
        .into_iter()
        .map(|rev| (rev.id.clone(), vec![rev]))
        .collect();
    for heads in store.conflicts().await? {
        if let Some(first) = heads.first() {
            if first.kind == Kind::PointsReview.as_str() {
                reviews.insert(first.id.clone(), heads);
            }
        }
    }
    Ok(reviews)
}

/// Writes the review of entry `entry_id` (a version of its one review record).
pub async fn save_review(
    db: &Db,
    device_id: &str,
    entry_id: &str,
    entry: &PointsEntry,
    verdict: Verdict,
    reason: &str,
    by: Option<&str>,
) -> Result<(), AppError> {
    let data = review(entry_id, entry, verdict, reason, &today_local(), by)
        .map_err(|e| AppError::Refused(e.text()))?;
    let value = serde_json::to_value(&data)?;
    records::put_with_id(
        db,
        device_id,
        &review_id(entry_id),
        Kind::PointsReview,
        value,
    )
    .await
    .map(|_| ())
}
