//! An activity's decisions (issue 19): recording a vote on the activity and
//! starting the micro-project a decision calls for. The rules are `domain::decision`'s.

use crate::app::records::{self, current_as};
use crate::app::{AppError, Db};
use crate::domain::decision::{self, micro_project, with_decision, Decision};
use crate::domain::kinds::{Activity, Kind};

/// Records `decision` on activity `activity_id` (a new version of the activity):
/// refused, with nothing written, when the votes exceed the attendance.
pub async fn record_decision(
    db: &Db,
    device_id: &str,
    activity_id: &str,
    decision: Decision,
) -> Result<(), AppError> {
    let (_, activity) = current_as::<Activity>(db, activity_id, Kind::Activity).await?;
    let activity = with_decision(activity, decision).map_err(|e| AppError::Refused(e.text()))?;
    let data = serde_json::to_value(&activity)?;
    records::edit(db, device_id, activity_id, data)
        .await
        .map(|_| ())
}

/// Creates the micro-project outcome that decision `decision_id` of activity
/// `activity_id` starts, dated `on`; returns its id.
pub async fn start_micro_project(
    db: &Db,
    device_id: &str,
    activity_id: &str,
    decision_id: &str,
    on: &str,
) -> Result<String, AppError> {
    let (_, activity) = current_as::<Activity>(db, activity_id, Kind::Activity).await?;
    let decision = decision::decisions(&activity)
        .into_iter()
        .find(|d| d.id == decision_id)
        .ok_or(AppError::Missing)?;
    let outcome = micro_project(activity_id, &activity, &decision, on);
    let data = serde_json::to_value(&outcome)?;
    records::create(db, device_id, Kind::Outcome, data)
        .await
        .map(|rev| rev.id)
}
