//! The district's figures: the records `domain::stats` counts, read for the dashboard.

use crate::app::records::decode;
use crate::app::{AppError, Db};
use crate::domain::kinds::{
    Activity, Community, Consultation, Demand, DemandEvent, Kind, LegalReview, Member, Outcome,
};
use crate::domain::stats::Dataset;
use crate::store::ListFilter;

/// Every record the district's figures count, and the communities (for the
/// scope picker), read in full.
pub async fn dashboard_data(db: &Db) -> Result<(Dataset, Vec<(String, Community)>), AppError> {
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
    let demands = store
        .list(Kind::Demand, &all)
        .await?
        .iter()
        .filter_map(|r| Some((r.id.clone(), decode::<Demand>(r)?)))
        .collect();
    let events = store
        .list(Kind::DemandEvent, &all)
        .await?
        .iter()
        .filter_map(|r| Some((decode::<DemandEvent>(r)?, r.hlc.clone())))
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
        demands,
        events,
        legal_reviews,
        consultations,
    };
    Ok((data, communities))
}
