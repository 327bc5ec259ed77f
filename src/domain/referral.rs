//! What a referral means: a demand handed to one of the three teams — a legal
//! envoy, a roundtable of the citizens' committee, or the expert committee
//! through a research topic. It is two events written together (the referral,
//! saying to whom, and the status change to "referred"), and the roundtable or
//! topic it names lists the demand.

use serde_json::{Map, Value};

use crate::domain::kinds::{
    Activity, DemandEvent, DemandStatus, EventType, Team, Topic, PARTY_COMMITTEE,
};

/// The field of a referral event naming the roundtable (an `activity`) it went to.
pub const TO_ACTIVITY: &str = "to_activity";

/// The extension field of a referral event naming a body outside the three
/// teams (the community Party committee, `kinds::PARTY_COMMITTEE`).
pub const TO_BODY: &str = "to_body";

/// Whom a demand is referred to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReferralTarget {
    /// The legal envoys; one of them when chosen.
    LegalEnvoy { member_id: Option<String> },
    /// A roundtable (an activity) of the citizens' committee.
    Roundtable { activity_id: Option<String> },
    /// The expert committee, through a research topic.
    Topic { topic_id: Option<String> },
    /// The community Party committee: carried by the citizens' committee (so
    /// older versions read a referral they know), named in `to_body`.
    PartyCommittee,
}

/// One event of demand `demand_id` at `at` by `by`, of `event_type`.
fn event(demand_id: &str, at: &str, by: Option<&str>, event_type: EventType) -> DemandEvent {
    DemandEvent {
        demand_id: demand_id.to_owned(),
        at: at.to_owned(),
        by: by.map(str::to_owned),
        event_type,
        text: None,
        status: None,
        to_team: None,
        to_member: None,
        to_topic: None,
        satisfaction: None,
        extra: Map::new(),
    }
}

/// The two events a referral writes, in order: the referral itself (to
/// whom, with the note) and the status change to "referred". `note` is what
/// the person wrote; stored text is never made up in the UI's language.
pub fn referral_events(
    demand_id: &str,
    at: &str,
    by: Option<&str>,
    target: &ReferralTarget,
    note: Option<&str>,
) -> [DemandEvent; 2] {
    let mut referral = event(demand_id, at, by, EventType::Referral);
    referral.text = note
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    match target {
        ReferralTarget::LegalEnvoy { member_id } => {
            referral.to_team = Some(Team::LegalEnvoy);
            referral.to_member = member_id.clone();
        }
        ReferralTarget::Roundtable { activity_id } => {
            referral.to_team = Some(Team::Citizen);
            if let Some(id) = activity_id {
                referral
                    .extra
                    .insert(TO_ACTIVITY.into(), Value::String(id.clone()));
            }
        }
        ReferralTarget::Topic { topic_id } => {
            referral.to_team = Some(Team::Expert);
            referral.to_topic = topic_id.clone();
        }
        ReferralTarget::PartyCommittee => {
            referral.to_team = Some(Team::Citizen);
            referral
                .extra
                .insert(TO_BODY.into(), Value::String(PARTY_COMMITTEE.into()));
        }
    }
    let mut status = event(demand_id, at, by, EventType::Status);
    status.status = Some(DemandStatus::Referred);
    [referral, status]
}

/// The roundtable with demand `demand_id` on its list; `None` when it is there already.
pub fn roundtable_with(activity: &Activity, demand_id: &str) -> Option<Activity> {
    if activity.demand_ids.iter().any(|d| d == demand_id) {
        return None;
    }
    let mut next = activity.clone();
    next.demand_ids.push(demand_id.to_owned());
    Some(next)
}

/// The topic with demand `demand_id` among its demands; `None` when it is there already.
pub fn topic_with(topic: &Topic, demand_id: &str) -> Option<Topic> {
    if topic.demand_ids.iter().any(|d| d == demand_id) {
        return None;
    }
    let mut next = topic.clone();
    next.demand_ids.push(demand_id.to_owned());
    Some(next)
}
