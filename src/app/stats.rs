//! The district's figures: the records `domain::stats` counts, read for the dashboard.

use std::rc::Rc;

use crate::app::platform::Slices;
use crate::app::records::decode;
use crate::app::{AppError, Db};
use crate::domain::kinds::{Activity, Community, Consultation, Kind, LegalReview, Member, Outcome};
use crate::domain::stats::Dataset;
use crate::store::DemandState;

/// A demand as the dashboard counts it: its state, shared with the store's
/// kept states (the figures read its summary).
pub type CountedDemand = Rc<DemandState>;

/// How many members are decoded between looks at the clock.
const DECODE_STEP: usize = 500;

/// The records the district's figures count, each demand as its compact
/// state (`demand_state`: no demand or event revision is decoded; the
/// figures read its summary), and the communities (for the scope picker).
pub async fn dashboard_data(
    db: &Db,
) -> Result<(Dataset, Vec<CountedDemand>, Vec<(String, Community)>), AppError> {
    let store = db.store();
    let since = crate::store::profile::now();
    // The revisions in one read-only transaction, the summaries in another:
    // right after an import the award sweep writes in batches, and each
    // separate read would wait behind one.
    let mut lists = store
        .lists(&[
            Kind::Member,
            Kind::Activity,
            Kind::Outcome,
            Kind::Community,
            Kind::LegalReview,
            Kind::Consultation,
        ])
        .await?
        .into_iter();
    let since = crate::store::profile::lap("read dashboard: records, read", since);
    // One list per kind asked for, in that order.
    let mut next = || lists.next().unwrap_or_default();
    let (members, activities, outcomes) = (next(), next(), next());
    let (communities, legal_reviews, consultations) = (next(), next(), next());
    // In slices, each revision dropped once decoded: a district's 42,500
    // members decoded (and their revisions dropped) at once held the page
    // for 0.2 s.
    let mut slices = Slices::new();
    let mut decoded = Vec::with_capacity(members.len());
    let mut members = members.into_iter();
    while members.len() > 0 {
        slices.breathe().await;
        decoded.extend(members.by_ref().take(DECODE_STEP).filter_map(|r| {
            let member = decode::<Member>(&r)?;
            Some((r.id, member))
        }));
    }
    let members = decoded;
    let activities = activities.iter().filter_map(decode::<Activity>).collect();
    let outcomes = outcomes.iter().filter_map(decode::<Outcome>).collect();
    let since = crate::store::profile::lap("read dashboard: records, decoded", since);
    // Shared with the store's kept states, not copied; in any order.
    let summaries = store.demand_states_by_id().await?;
    crate::store::profile::lap("read dashboard: summaries", since);
    crate::store::profile::publish();
    slices.breathe().await;
    let communities = communities
        .iter()
        .filter_map(|r| Some((r.id.clone(), decode::<Community>(r)?)))
        .collect();
    let legal_reviews = legal_reviews
        .iter()
        .filter_map(decode::<LegalReview>)
        .collect();
    let consultations = consultations
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
