//! The district's figures: the records `domain::stats` counts, read for the dashboard.

use crate::app::records::decode;
use crate::app::{AppError, Db};
use crate::domain::demand_summary::DemandSummary;
use crate::domain::kinds::{Activity, Community, Consultation, Kind, LegalReview, Member, Outcome};
use crate::domain::stats::Dataset;
use crate::store::{DemandFilter, ListFilter};

/// The records the district's figures count, each demand as its compact summary
/// (`demand_state`: no demand or event revision is decoded), and the
/// communities (for the scope picker).
pub async fn dashboard_data(
    db: &Db,
) -> Result<(Dataset, Vec<DemandSummary>, Vec<(String, Community)>), AppError> {
    let store = db.store();
    let all = ListFilter::default();
    let members = store
        .list(Kind::Member, &all)
        .await?
        .iter()
        .filter_map(|r| Some((r.id.clone(), decode::<Member>(r)?)))
        .collect();
    let activities = store
        .list(Kind::Activity, &all)
        .await?
        .iter()
        .filter_map(decode::<Activity>)
        .collect();
    let outcomes = store
        .list(Kind::Outcome, &all)
        .await?
        .iter()
        .filter_map(decode::<Outcome>)
        .collect();
    let summaries = store
        .demand_states(&DemandFilter::default())
        .await?
        .into_iter()
        .map(|state| state.summary)
        .collect();
    let communities = store
        .list(Kind::Community, &all)
        .await?
        .iter()
        .filter_map(|r| Some((r.id.clone(), decode::<Community>(r)?)))
        .collect();
    let legal_reviews = store
        .list(Kind::LegalReview, &all)
        .await?
        .iter()
        .filter_map(decode::<LegalReview>)
        .collect();
    let consultations = store
        .list(Kind::Consultation, &all)
        .await?
        .iter()
        .filter_map(decode::<Consultation>)
        .collect();
    let data = Dataset {
        members,
        activities,
        outcomes,
        legal_reviews,
        consultations,
        // Demands and their events come as summaries, not revisions.
        ..Dataset::default()
    };
    Ok((data, summaries, communities))
}
