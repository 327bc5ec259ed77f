//! Which records a record points at: for the store's reference index, for
//! filtering by community, and for checking references before saving.

use serde_json::Value;

use super::Kind;
use crate::i18n::Text;

use super::Problem;

/// One reference field of a kind.
#[derive(Clone, Copy)]
struct RefField {
    field: &'static str,
    /// The kind of the record it names.
    target: Kind,
    /// Whether it holds a list of ids rather than one.
    list: bool,
    /// Whether some screen or the store follows it back ("what points at this
    /// record"): only these go into the store's `by_ref` index (schema
    /// version 6). Every other reference is still validated
    /// ([`validate_refs`]) and stays in the record; it is just not indexed,
    /// since each indexed id costs a write per revision on every import.
    ///
    /// Who follows them: the store's demand summaries and the demand page (an
    /// event's `demand_id`), the member page (`reported_by`, `by`,
    /// `to_member`, `member_ids`, `expert_ids`, an honour's `member_id`), the
    /// door page and the building walk (`household_id` of visits and
    /// demands), the topic page (an opinion's `topic_id`), the activity page
    /// (an outcome's `activity_ids`) and the consultation page (a response's
    /// `consultation_id`).
    followed: bool,
}

const fn one(field: &'static str, target: Kind) -> RefField {
    RefField {
        field,
        target,
        list: false,
        followed: false,
    }
}

const fn many(field: &'static str, target: Kind) -> RefField {
    RefField {
        list: true,
        ..one(field, target)
    }
}

impl RefField {
    const fn followed(self) -> RefField {
        RefField {
            followed: true,
            ..self
        }
    }
}

fn reference_fields(kind: Kind) -> &'static [RefField] {
    match kind {
        Kind::Community | Kind::Member | Kind::PointsRule | Kind::Reward | Kind::DutyFund => &[],
        Kind::Honour => const { &[one("member_id", Kind::Member).followed()] },
        Kind::Household => const { &[one("assigned_to", Kind::Member)] },
        Kind::Visit => {
            const {
                &[
                    one("household_id", Kind::Household).followed(),
                    one("member_id", Kind::Member),
                    many("demand_ids", Kind::Demand),
                ]
            }
        }
        Kind::Demand => {
            const {
                &[
                    one("household_id", Kind::Household).followed(),
                    one("reported_by", Kind::Member).followed(),
                ]
            }
        }
        Kind::DemandEvent => {
            const {
                &[
                    one("demand_id", Kind::Demand).followed(),
                    one("by", Kind::Member).followed(),
                    one("to_member", Kind::Member).followed(),
                    one("to_topic", Kind::Topic),
                    // Not in the spec's core fields: a referral to a roundtable names it here.
                    one("to_activity", Kind::Activity),
                ]
            }
        }
        Kind::Topic => {
            const {
                &[
                    many("demand_ids", Kind::Demand),
                    many("expert_ids", Kind::Member).followed(),
                    // Extension: the consultation a 专题咨询 topic came from.
                    one("consultation_id", Kind::Consultation),
                ]
            }
        }
        Kind::Opinion => {
            const {
                &[
                    one("topic_id", Kind::Topic).followed(),
                    one("member_id", Kind::Member),
                ]
            }
        }
        Kind::Activity => {
            const {
                &[
                    many("member_ids", Kind::Member).followed(),
                    many("demand_ids", Kind::Demand),
                ]
            }
        }
        Kind::Outcome => {
            const {
                &[
                    many("demand_ids", Kind::Demand),
                    one("topic_id", Kind::Topic),
                    many("activity_ids", Kind::Activity).followed(),
                    many("member_ids", Kind::Member).followed(),
                ]
            }
        }
        Kind::PointsEntry => {
            const {
                &[
                    one("member_id", Kind::Member),
                    one("rule_id", Kind::PointsRule),
                ]
            }
        }
        Kind::PointsReview => {
            const { &[one("entry_id", Kind::PointsEntry), one("by", Kind::Member)] }
        }
        Kind::Consultation => {
            const {
                &[
                    many("expert_ids", Kind::Member),
                    many("citizen_ids", Kind::Member),
                    many("adopted_ids", Kind::ConsultationResponse),
                ]
            }
        }
        Kind::ConsultationResponse => {
            const {
                &[
                    one("consultation_id", Kind::Consultation).followed(),
                    one("member_id", Kind::Member),
                ]
            }
        }
        Kind::LegalReview => const { &[one("envoy_id", Kind::Member)] },
        Kind::LegalArticle => const { &[one("author_id", Kind::Member)] },
    }
}

/// Further references checked by [`validate_refs`] but not indexed: the
/// community a record belongs to.
fn checked_only_fields(kind: Kind) -> &'static [RefField] {
    match kind {
        Kind::Member
        | Kind::Household
        | Kind::Demand
        | Kind::Opinion
        | Kind::Activity
        | Kind::Outcome
        | Kind::LegalReview => const { &[one("community_id", Kind::Community)] },
        _ => &[],
    }
}

/// (field path, id, expected kind) for every id-valued reference present.
fn targets<'a>(
    kind: Kind,
    data: &Value,
    fields: impl IntoIterator<Item = &'a RefField>,
) -> Vec<(String, String, Option<Kind>)> {
    let mut out = Vec::new();
    for &RefField {
        field,
        target,
        list,
        ..
    } in fields
    {
        match data.get(field) {
            Some(Value::String(id)) if !list => {
                out.push((field.to_owned(), id.clone(), Some(target)))
            }
            Some(Value::Array(items)) if list => {
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

/// The ids a record of `kind` points at: a demand event's demand, an
/// opinion's topic, a visit's household, ... Sorted, without repeats; unknown
/// kinds point at nothing.
pub fn references(kind: &str, data: &Value) -> Vec<String> {
    ids_in(kind, data, false)
}

/// The ids a record of `kind` points at that a screen follows back
/// ([`RefField::followed`]): what the store's `by_ref` index holds. A subset
/// of [`references`]; sorted, without repeats.
pub fn followed_references(kind: &str, data: &Value) -> Vec<String> {
    ids_in(kind, data, true)
}

fn ids_in(kind: &str, data: &Value, followed_only: bool) -> Vec<String> {
    let Some(kind) = Kind::parse(kind) else {
        return Vec::new();
    };
    let fields = reference_fields(kind)
        .iter()
        .filter(|f| f.followed || !followed_only);
    // `targets` adds a points entry's `ref.id`, which no screen follows back.
    let as_kind = if followed_only { Kind::Community } else { kind };
    let mut ids: Vec<String> = targets(as_kind, data, fields)
        .into_iter()
        .map(|(_, id, _)| id)
        .filter(|id| !id.is_empty())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Whether records of `kind` have any reference a screen follows back: the
/// kinds whose live records the store's back references are made from.
pub fn follows_back(kind: Kind) -> bool {
    reference_fields(kind).iter().any(|field| field.followed)
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
    let fields = reference_fields(kind)
        .iter()
        .chain(checked_only_fields(kind));
    let mut problems = Vec::new();
    for (field, id, expected) in targets(kind, data, fields) {
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
