//! Which records a record points at: for the store's reference index, for
//! filtering by community, and for checking references before saving.

use serde_json::Value;

use super::Kind;
use crate::i18n::Text;

use super::Problem;

/// How a kind refers to other records: (field, kind it points at, is a list).
/// `ref.id` of a points entry is handled apart: its kind is in the data.
fn reference_fields(kind: Kind) -> &'static [(&'static str, Kind, bool)] {
    match kind {
        Kind::Community | Kind::Member | Kind::PointsRule | Kind::Reward | Kind::DutyFund => &[],
        Kind::Honour => &[("member_id", Kind::Member, false)],
        Kind::Household => &[("assigned_to", Kind::Member, false)],
        Kind::Visit => &[
            ("household_id", Kind::Household, false),
            ("member_id", Kind::Member, false),
            ("demand_ids", Kind::Demand, true),
        ],
        Kind::Demand => &[
            ("household_id", Kind::Household, false),
            ("reported_by", Kind::Member, false),
        ],
        Kind::DemandEvent => &[
            ("demand_id", Kind::Demand, false),
            ("by", Kind::Member, false),
            ("to_member", Kind::Member, false),
            ("to_topic", Kind::Topic, false),
            // Not in the spec's core fields: a referral to a roundtable names it here.
            ("to_activity", Kind::Activity, false),
        ],
        Kind::Topic => &[
            ("demand_ids", Kind::Demand, true),
            ("expert_ids", Kind::Member, true),
            // Extension: the consultation a 专题咨询 topic came from.
            ("consultation_id", Kind::Consultation, false),
        ],
        Kind::Opinion => &[
            ("topic_id", Kind::Topic, false),
            ("member_id", Kind::Member, false),
        ],
        Kind::Activity => &[
            ("member_ids", Kind::Member, true),
            ("demand_ids", Kind::Demand, true),
        ],
        Kind::Outcome => &[
            ("demand_ids", Kind::Demand, true),
            ("topic_id", Kind::Topic, false),
            ("activity_ids", Kind::Activity, true),
            ("member_ids", Kind::Member, true),
        ],
        Kind::PointsEntry => &[
            ("member_id", Kind::Member, false),
            ("rule_id", Kind::PointsRule, false),
        ],
        Kind::PointsReview => &[
            ("entry_id", Kind::PointsEntry, false),
            ("by", Kind::Member, false),
        ],
        Kind::Consultation => &[
            ("expert_ids", Kind::Member, true),
            ("citizen_ids", Kind::Member, true),
            ("adopted_ids", Kind::ConsultationResponse, true),
        ],
        Kind::ConsultationResponse => &[
            ("consultation_id", Kind::Consultation, false),
            ("member_id", Kind::Member, false),
        ],
        Kind::LegalReview => &[("envoy_id", Kind::Member, false)],
        Kind::LegalArticle => &[("author_id", Kind::Member, false)],
    }
}

/// Further references checked by [`validate_refs`] but not indexed: the
/// community a record belongs to.
fn checked_only_fields(kind: Kind) -> &'static [(&'static str, Kind, bool)] {
    match kind {
        Kind::Member
        | Kind::Household
        | Kind::Demand
        | Kind::Opinion
        | Kind::Activity
        | Kind::Outcome
        | Kind::LegalReview => &[("community_id", Kind::Community, false)],
        _ => &[],
    }
}

/// (field path, id, expected kind) for every id-valued reference present.
fn targets(
    kind: Kind,
    data: &Value,
    fields: &[(&'static str, Kind, bool)],
) -> Vec<(String, String, Option<Kind>)> {
    let mut out = Vec::new();
    for &(field, target, is_list) in fields {
        match data.get(field) {
            Some(Value::String(id)) if !is_list => {
                out.push((field.to_owned(), id.clone(), Some(target)))
            }
            Some(Value::Array(items)) if is_list => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(id) = item.as_str() {
                        out.push((format!("{field}[{i}]"), id.to_owned(), Some(target)));
                    }
                }
            }
            _ => {}
        }
    }
    if kind == Kind::PointsEntry {
        if let Some(id) = data.pointer("/ref/id").and_then(Value::as_str) {
            let target = data
                .pointer("/ref/kind")
                .and_then(Value::as_str)
                .and_then(Kind::parse);
            out.push(("ref.id".to_owned(), id.to_owned(), target));
        }
    }
    out
}

/// The ids a record of `kind` points at (for the store's multi-entry index):
/// a demand event's demand, an opinion's topic, a visit's household, ...
/// Sorted, without repeats; unknown kinds point at nothing.
pub fn references(kind: &str, data: &Value) -> Vec<String> {
    let Some(kind) = Kind::parse(kind) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = targets(kind, data, reference_fields(kind))
        .into_iter()
        .map(|(_, id, _)| id)
        .filter(|id| !id.is_empty())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The references some screen or the store follows back ("what points at
/// this record"), per kind: the only ones the store's `by_ref` index keeps
/// (schema version 6). Every other reference is still validated
/// ([`validate_refs`]) and stays in the record; it is just not indexed, since
/// each indexed id costs a write per revision on every import.
///
/// Who reads them: the store's demand summaries and the demand page (an
/// event's `demand_id`), the member page (`reported_by`, `by`, `to_member`,
/// `member_ids`, `expert_ids`, an honour's `member_id`), the door page and the
/// building walk (`household_id` of visits and demands), the topic page (an
/// opinion's `topic_id`), the activity page (an outcome's `activity_ids`) and
/// the consultation page (a response's `consultation_id`).
fn followed_fields(kind: Kind) -> &'static [(&'static str, Kind, bool)] {
    match kind {
        Kind::Honour => &[("member_id", Kind::Member, false)],
        Kind::Visit => &[("household_id", Kind::Household, false)],
        Kind::Demand => &[
            ("household_id", Kind::Household, false),
            ("reported_by", Kind::Member, false),
        ],
        Kind::DemandEvent => &[
            ("demand_id", Kind::Demand, false),
            ("by", Kind::Member, false),
            ("to_member", Kind::Member, false),
        ],
        Kind::Topic => &[("expert_ids", Kind::Member, true)],
        Kind::Opinion => &[("topic_id", Kind::Topic, false)],
        Kind::Activity => &[("member_ids", Kind::Member, true)],
        Kind::Outcome => &[
            ("activity_ids", Kind::Activity, true),
            ("member_ids", Kind::Member, true),
        ],
        Kind::ConsultationResponse => &[("consultation_id", Kind::Consultation, false)],
        _ => &[],
    }
}

/// The ids a record of `kind` points at that a screen follows back
/// ([`followed_fields`]): what the store's `by_ref` index holds. A subset of
/// [`references`]; sorted, without repeats.
pub fn followed_references(kind: &str, data: &Value) -> Vec<String> {
    let Some(kind) = Kind::parse(kind) else {
        return Vec::new();
    };
    // `targets` adds a points entry's `ref.id` for that kind only; no screen
    // follows it back, so the fields are read as for a kind without it.
    let mut ids: Vec<String> = targets(Kind::Community, data, followed_fields(kind))
        .into_iter()
        .map(|(_, id, _)| id)
        .filter(|id| !id.is_empty())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The community a record belongs to, from its `community_id`. A community
/// record itself has no such field: `None`.
pub fn community_of(kind: &str, data: &Value) -> Option<String> {
    if kind == Kind::Community.as_str() {
        return None;
    }
    data.get("community_id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// Problems with the references of a record: ids that `resolve` does not
/// know, or that name a record of another kind. `resolve` gives the kind of
/// the record with that id on this device.
pub fn validate_refs(
    kind: &str,
    data: &Value,
    resolve: &dyn Fn(&str) -> Option<Kind>,
) -> Vec<Problem> {
    let Some(kind) = Kind::parse(kind) else {
        return Vec::new();
    };
    let mut fields = reference_fields(kind).to_vec();
    fields.extend_from_slice(checked_only_fields(kind));
    let mut problems = Vec::new();
    for (field, id, expected) in targets(kind, data, &fields) {
        match (resolve(&id), expected) {
            (None, _) => problems.push(Problem::new(
                field.clone(),
                Text::new(
                    format!("“{field}”指向的记录 {id} 不在本设备上；请先导入或创建它，或改选其他记录"),
                    format!("`{field}` points at record {id}, which is not on this device; import or create it first, or choose another"),
                ),
            )),
            (Some(found), Some(expected)) if found != expected => problems.push(Problem::new(
                field.clone(),
                Text::new(
                    format!(
                        "“{field}”应指向{}，但记录 {id} 是{}",
                        expected.label(crate::i18n::Lang::Zh),
                        found.label(crate::i18n::Lang::Zh)
                    ),
                    format!(
                        "`{field}` must point at a {}, but record {id} is a {}",
                        expected.label(crate::i18n::Lang::En).to_lowercase(),
                        found.label(crate::i18n::Lang::En).to_lowercase()
                    ),
                ),
            )),
            _ => {}
        }
    }
    problems
}
