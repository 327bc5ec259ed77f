//! Typed `data` of each kind. Unknown fields land in `extra` and are written back unchanged.
//!
//! Deserialize only data that [`super::validate`] accepted; these types are
//! for reading and building records, the checks live in `validate`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{
    ActivityType, DemandSource, DemandStatus, EventType, OutcomeType, Profession, Stance, Team,
    TopicOrigin, TopicStatus, Urgency, VisitOutcome,
};

/// A community (社区) and its sub-district (街道).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Community {
    pub name: String,
    pub street: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A member of one of the three teams.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub team: Team,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<String>,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expertise: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profession: Option<Profession>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_on: Option<String>,
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One door in a building of a community.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    pub community_id: String,
    pub building: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub door: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    pub vulnerable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One knock on one door.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub household_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<String>,
    pub at: String,
    pub outcome: VisitOutcome,
    #[serde(default)]
    pub demand_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The resident who raised a demand, recorded only with consent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resident {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub consent: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A resident's need (民情民意).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demand {
    pub community_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_id: Option<String>,
    pub reported_on: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    pub source: DemandSource,
    pub category: String,
    pub urgency: Urgency,
    pub title: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident: Option<Resident>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Something that happened to a demand: a note, a status change, a referral, a follow-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandEvent {
    pub demand_id: String,
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DemandStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_team: Option<Team>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_member: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<u8>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A research topic on the topic list (课题清单).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub origin: TopicOrigin,
    #[serde(default)]
    pub demand_ids: Vec<String>,
    #[serde(default)]
    pub expert_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<String>,
    pub status: TopicStatus,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An opinion collected in a consultation on a topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    pub topic_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<String>,
    pub stance: Stance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub on: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A roundtable, talk day, consultation, mediation, ...
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    #[serde(rename = "type")]
    pub activity_type: ActivityType,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<String>,
    pub on: String,
    #[serde(default)]
    pub member_ids: Vec<String>,
    pub attendees: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<String>,
    #[serde(default)]
    pub demand_ids: Vec<String>,
    /// Leaflets handed out.
    pub materials: u64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A result: a report, a resolved case, a micro-project, a mediation agreement, ...
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    #[serde(rename = "type")]
    pub outcome_type: OutcomeType,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub on: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<String>,
    #[serde(default)]
    pub demand_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_id: Option<String>,
    #[serde(default)]
    pub activity_ids: Vec<String>,
    #[serde(default)]
    pub member_ids: Vec<String>,
    /// Money raised or spent, in fen (分).
    pub funds_fen: u64,
    pub beneficiaries: u64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A line of the positive or negative points list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsRule {
    pub code: String,
    pub name: String,
    /// Negative for the negative list.
    pub points: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<Team>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A line of the reward catalogue: a public service or benefit that points
/// are redeemed for. An extension kind of this app (BUNDLE_FORMAT §2: other
/// versions keep and pass it on). `name` is Chinese; `name_en` optional;
/// a retired reward (`active: false`) stays for the history but is not offered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reward {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Points it costs: a whole number above zero.
    pub cost: i64,
    pub active: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Points given to (or taken from) a member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsEntry {
    pub member_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<String>,
    pub points: i64,
    pub reason: String,
    pub on: String,
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<RecordRef>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A pointer to another record: its kind and id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRef {
    pub kind: String,
    pub id: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
