//! Typed `data` of each kind. Unknown fields land in `extra` and are written back unchanged.
//!
//! Deserialize only data that [`super::validate`] accepted; these types are
//! for reading and building records, the checks live in `validate`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{
    ActivityType, ConsultationMatter, ConsultationWay, DemandSource, DemandStatus, EventType,
    LegalReviewType, OutcomeType, Profession, Stance, Team, TopicOrigin, TopicStatus, Urgency,
    VisitOutcome,
};

/// An optional flag: absent and `null` both read as `false` (BUNDLE_FORMAT §4:
/// a `?` field may be either).
fn null_as_false<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
}

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

/// A decision consultation (决策征询): the district or a department asks chosen
/// experts (and, where asked, citizens' representatives) about a project, a
/// reform or a draft, at a meeting or in writing, by a due date. Responses are
/// records of their own ([`ConsultationResponse`]); closing it names the ones adopted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    /// Who asks: 区委、区政府 or a department.
    pub requested_by: String,
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub matter: ConsultationMatter,
    pub way: ConsultationWay,
    pub requested_on: String,
    pub due_on: String,
    /// The domains the experts were chosen by.
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub expert_ids: Vec<String>,
    #[serde(default)]
    pub citizen_ids: Vec<String>,
    /// Set when the requesting body has decided; with it, the adopted responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<String>,
    /// The ids of the responses adopted ("采纳 n 条").
    #[serde(default)]
    pub adopted_ids: Vec<String>,
    /// What the requesting body did with the advice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// Kept off the community notice.
    #[serde(default, deserialize_with = "null_as_false")]
    pub internal: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One member's response to a consultation. Append-only: a member who changes
/// their mind adds a new response, and the latest one is theirs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationResponse {
    pub consultation_id: String,
    pub member_id: String,
    pub stance: Stance,
    pub text: String,
    pub on: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A legal envoy's service to a community organisation: a document drafted, a
/// rule reviewed for compliance, an opinion on a decision (依法决策).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalReview {
    #[serde(rename = "type")]
    pub review_type: LegalReviewType,
    /// The document or rule, e.g. 《居民公约》修订稿.
    pub title: String,
    pub community_id: String,
    pub envoy_id: String,
    pub on: String,
    /// What the envoy concluded or delivered.
    pub result: String,
    #[serde(default, deserialize_with = "null_as_false")]
    pub internal: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A short article or question-and-answer of the legal-knowledge library (法务知识),
/// written by an envoy, carried in bundles so every phone has it offline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalArticle {
    /// The headline, or the question of a Q&A.
    pub title: String,
    /// The text, or the answer.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<String>,
    pub on: String,
    /// Free words to find it by (e.g. 漏水, 物业费).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Chosen for the community notice.
    #[serde(default, deserialize_with = "null_as_false")]
    pub featured: bool,
    #[serde(default, deserialize_with = "null_as_false")]
    pub internal: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
