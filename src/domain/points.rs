//! Service points (积分): the default positive and negative rules, balances, the
//! entries that actions earn automatically, and redemption that never goes below zero.
//!
//! Rules and automatic entries are *deterministic revisions*, like
//! [`crate::domain::community`]: their id is a UUID v5 of what they are about
//! and their first revision is "written" by the seed pseudo-device at clock
//! zero. So every device holds the same rule records, and when two devices
//! (or two imports) award the same rule for the same record to the same
//! member, they make byte-for-byte the same revision: merging keeps one
//! (BUNDLE_FORMAT §3 removes duplicates by content hash), never two entries
//! and never a conflict. A coordinator's later edit of a rule is an ordinary
//! revision that dominates the seed one.

use serde_json::{json, Map, Value};

use crate::domain::community::SEED_DEVICE;
use crate::domain::demand_summary::DemandSummary;
use crate::domain::kinds::is_date;
use crate::domain::kinds::{
    Activity, ActivityType, Demand, DemandEvent, DemandStatus, EventType, Kind, Outcome,
    OutcomeType, PointsEntry, PointsRule, RecordRef, Reward, Team,
};
use crate::domain::revision::Revision;
use crate::domain::status::{overdue_since, Overdue};
use crate::domain::vv::VersionVector;
use crate::i18n::{Lang, Text};

/// Namespace for rule ids (a fixed UUID; changing it would duplicate every rule).
const RULE_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x5c2e_91d4_0a7b_4f63_b8e1_7d30_26a9_f4c1);
/// Namespace for automatic entry ids (changing it would award everything again).
const ENTRY_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x9a41_6e0b_c35d_4b82_a7f9_1e84_d2c6_03b5);

/// Field of a rule's `data` that carries its English name (`name` is Chinese).
pub const NAME_EN: &str = "name_en";

/// One default rule: its code, names and points (negative for the negative list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DefaultRule {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub points: i64,
}

/// The rules every device starts with: the positive list, then the negative list.
pub const DEFAULT_RULES: &[DefaultRule] = &[
    rule("demand_recorded", "记录居民需求", "Demand recorded", 2),
    rule("demand_resolved", "需求办结", "Demand resolved", 5),
    rule("follow_up_made", "完成回访", "Follow-up visit made", 2),
    rule(
        "roundtable_attended",
        "参加一刻钟圆桌会议",
        "Roundtable attended",
        3,
    ),
    rule("mediation_joined", "参与矛盾调解", "Mediation joined", 5),
    rule(
        "legal_education_held",
        "开展普法宣传活动",
        "Legal-education event held",
        5,
    ),
    rule(
        "research_report_delivered",
        "提交调研报告",
        "Research report delivered",
        10,
    ),
    rule("demand_overdue", "需求超期未办", "Demand left overdue", -3),
    rule(
        "roundtable_missed",
        "报名后缺席圆桌会议",
        "Roundtable missed after sign-up",
        -2,
    ),
];

const fn rule(code: &'static str, zh: &'static str, en: &'static str, points: i64) -> DefaultRule {
    DefaultRule {
        code,
        zh,
        en,
        points,
    }
}

/// The default rule with `code`, if there is one.
pub fn default_rule(code: &str) -> Option<&'static DefaultRule> {
    DEFAULT_RULES.iter().find(|r| r.code == code)
}

/// The id of the rule `code`: the same on every device.
pub fn rule_id(code: &str) -> String {
    uuid::Uuid::new_v5(&RULE_NAMESPACE, code.trim().as_bytes()).to_string()
}

/// A rule's name in `lang`: `name_en` in English when it has one.
pub fn rule_name(rule: &PointsRule, lang: Lang) -> &str {
    match lang {
        Lang::En => rule
            .extra
            .get(NAME_EN)
            .and_then(Value::as_str)
            .unwrap_or(&rule.name),
        Lang::Zh => &rule.name,
    }
}

/// The revision a seed pseudo-device writes at clock zero: identical on every
/// device for identical `data`, so merging dedups it instead of making two.
fn seed_revision(id: String, kind: Kind, data: Value) -> Revision {
    Revision {
        id,
        kind: kind.as_str().to_string(),
        hlc: format!("{:013}-{:05}-{SEED_DEVICE}", 0, 0),
        vv: VersionVector::single(SEED_DEVICE, 1),
        deleted: false,
        data: Some(data),
        extra: Map::new(),
    }
}

/// The first revision of a default rule.
pub fn default_rule_revision(rule: &DefaultRule) -> Revision {
    let mut extra = Map::new();
    extra.insert(NAME_EN.into(), Value::String(rule.en.into()));
    let data = PointsRule {
        code: rule.code.into(),
        name: rule.zh.into(),
        points: rule.points,
        team: None,
        extra,
    };
    seed_revision(
        rule_id(rule.code),
        Kind::PointsRule,
        serde_json::to_value(data).unwrap_or(Value::Null),
    )
}

/// Every default rule as its first revision (what a device stores to seed the lists).
pub fn default_rule_revisions() -> Vec<Revision> {
    DEFAULT_RULES.iter().map(default_rule_revision).collect()
}

/// Rules with their ids.
pub type RuleList<T> = Vec<(T, PointsRule)>;

/// The positive and the negative list of `rules`, each sorted by points (largest first).
pub fn split_lists<T: Clone>(rules: &[(T, PointsRule)]) -> (RuleList<T>, RuleList<T>) {
    let (mut positive, mut negative): (Vec<_>, Vec<_>) =
        rules.iter().cloned().partition(|(_, r)| r.points >= 0);
    positive.sort_by(|a, b| b.1.points.cmp(&a.1.points).then(a.1.code.cmp(&b.1.code)));
    negative.sort_by(|a, b| a.1.points.cmp(&b.1.points).then(a.1.code.cmp(&b.1.code)));
    (positive, negative)
}

/// A member's balance: the sum of the points of their entries.
pub fn balance(member_id: &str, entries: &[PointsEntry]) -> i64 {
    entries
        .iter()
        .filter(|e| e.member_id == member_id)
        .map(|e| e.points)
        .sum()
}

/// The id of the entry awarding rule `code` for record `record_id` to `member_id`:
/// the same wherever and however often the award is made.
pub fn award_id(code: &str, record_id: &str, member_id: &str) -> String {
    let key = format!("{code}/{record_id}/{member_id}");
    uuid::Uuid::new_v5(&ENTRY_NAMESPACE, key.as_bytes()).to_string()
}

/// An entry an action earned: its deterministic id and its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Award {
    pub id: String,
    pub entry: PointsEntry,
}

impl Award {
    /// The award's only revision, the same on every device (see the module doc).
    pub fn revision(&self) -> Revision {
        seed_revision(
            self.id.clone(),
            Kind::PointsEntry,
            serde_json::to_value(&self.entry).unwrap_or(Value::Null),
        )
    }
}

/// Whether `rev` is an automatic award as [`Award::revision`] (or
/// [`settle_award`]) writes it: a live `points_entry` whose version vector
/// names only the seed pseudo-device and whose id is the [`award_id`] of its
/// own rule code, record and member. Manual entries and redemptions are
/// stamped by a real device and never match.
pub fn is_seed_award(rev: &Revision) -> bool {
    if rev.kind != Kind::PointsEntry.as_str()
        || rev.deleted
        || rev.vv.0.keys().any(|device| device != SEED_DEVICE)
        || rev.vv.get(SEED_DEVICE) == 0
    {
        return false;
    }
    let Some(entry) = rev
        .data
        .as_ref()
        .and_then(|d| <PointsEntry as serde::Deserialize>::deserialize(d).ok())
    else {
        return false;
    };
    match &entry.reference {
        Some(reference) => {
            rev.id == award_id(&entry.reason, &reference.id, award_member_key(&entry))
        }
        None => false,
    }
}

/// The one revision every device makes of an automatic award that has
/// sibling heads, or `None` when `heads` are not (at least two) seed awards.
///
/// Siblings arise when two devices award the same rule for the same record to
/// the same member with different data — the resolution was recorded on
/// different days (`on`), or one device had a coordinator's new points for the
/// rule. They are one entry, not a conflict for a person: the settled revision
/// keeps the data of the sibling with the earliest `on` (ties: the smallest
/// content hash), has the seed device's count one above the greatest sibling's
/// (so it dominates them all) and a seed clock with that count as counter. It
/// is a function of the heads alone, so every device holding the same heads
/// writes byte-identical revisions and merging keeps one.
pub fn settle_award(heads: &[Revision]) -> Option<Revision> {
    let first = heads.first()?;
    if heads.len() < 2 || !heads.iter().all(|h| h.id == first.id && is_seed_award(h)) {
        return None;
    }
    let on = |rev: &Revision| {
        rev.data
            .as_ref()
            .and_then(|d| d.get("on"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let keep = heads
        .iter()
        .map(|h| (on(h), h.content_hash(), h))
        .min_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)))?
        .2;
    let count = heads
        .iter()
        .map(|h| h.vv.get(SEED_DEVICE))
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    Some(Revision {
        id: first.id.clone(),
        kind: Kind::PointsEntry.as_str().to_string(),
        hlc: format!("{:013}-{:05}-{SEED_DEVICE}", 0, count.min(99_999)),
        vv: VersionVector::single(SEED_DEVICE, count),
        deleted: false,
        data: keep.data.clone(),
        extra: Map::new(),
    })
}

/// The rule `code`'s points: the current rule record if there is one (a
/// coordinator may have changed it), else the default; `None` when neither exists.
fn points_of(code: &str, rules: &[PointsRule]) -> Option<i64> {
    rules
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.points)
        .or_else(|| default_rule(code).map(|r| r.points))
}

/// Rules awarded once per record whoever the member is: their award id leaves
/// the member out, so two devices that disagree about who was responsible make
/// two versions of ONE entry (settled by [`settle_award`]), never two deductions.
const ONCE_PER_RECORD: &[&str] = &["demand_overdue"];

/// The member part of an entry's award id (empty for [`ONCE_PER_RECORD`] rules).
fn award_member_key(entry: &PointsEntry) -> &str {
    if ONCE_PER_RECORD.contains(&entry.reason.as_str()) {
        ""
    } else {
        &entry.member_id
    }
}

fn award(
    code: &str,
    member_id: &str,
    reference: (Kind, &str),
    on: &str,
    rules: &[PointsRule],
) -> Option<Award> {
    let points = points_of(code, rules)?;
    // A rule the coordinator marked "needs review" awards entries that count once approved.
    let reviewed = rules
        .iter()
        .find(|r| r.code == code)
        .is_some_and(crate::domain::review::rule_needs_review);
    let (kind, record_id) = reference;
    let key = if ONCE_PER_RECORD.contains(&code) {
        ""
    } else {
        member_id
    };
    Some(Award {
        id: award_id(code, record_id, key),
        entry: PointsEntry {
            member_id: member_id.to_string(),
            rule_id: Some(rule_id(code)),
            points,
            reason: code.to_string(),
            on: on.to_string(),
            reference: Some(RecordRef {
                kind: kind.as_str().to_string(),
                id: record_id.to_string(),
                extra: Map::new(),
            }),
            extra: if reviewed {
                Map::from_iter([(
                    crate::domain::review::NEEDS_REVIEW.to_string(),
                    Value::Bool(true),
                )])
            } else {
                Map::new()
            },
        },
    })
}

/// The date part of an RFC 3339 time (or of a date).
fn date_of(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

/// Points a new demand earns: `demand_recorded` for its reporter.
pub fn awards_for_demand(demand_id: &str, demand: &Demand, rules: &[PointsRule]) -> Vec<Award> {
    demand
        .reported_by
        .as_deref()
        .and_then(|member| {
            award(
                "demand_recorded",
                member,
                (Kind::Demand, demand_id),
                &demand.reported_on,
                rules,
            )
        })
        .into_iter()
        .collect()
}

/// Points a new demand event earns. A resolution earns `demand_resolved` for
/// the demand's reporter, keyed by the demand, so resolving it again (or on
/// another device) awards nothing more; a follow-up earns `follow_up_made`
/// for whoever made it, keyed by the event.
pub fn awards_for_event(
    event_id: &str,
    event: &DemandEvent,
    demand: Option<&Demand>,
    rules: &[PointsRule],
) -> Vec<Award> {
    let on = date_of(&event.at);
    match event.event_type {
        EventType::Status if event.status == Some(DemandStatus::Resolved) => demand
            .and_then(|d| d.reported_by.as_deref())
            .and_then(|member| {
                award(
                    "demand_resolved",
                    member,
                    (Kind::Demand, &event.demand_id),
                    on,
                    rules,
                )
            })
            .into_iter()
            .collect(),
        EventType::FollowUp => event
            .by
            .as_deref()
            .and_then(|member| {
                award(
                    "follow_up_made",
                    member,
                    (Kind::DemandEvent, event_id),
                    on,
                    rules,
                )
            })
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// Points an activity earns each member who took part: roundtables, mediations,
/// legal-education events.
pub fn awards_for_activity(
    activity_id: &str,
    activity: &Activity,
    rules: &[PointsRule],
) -> Vec<Award> {
    let code = match activity.activity_type {
        ActivityType::Roundtable => "roundtable_attended",
        ActivityType::Mediation => "mediation_joined",
        ActivityType::LegalEducation => "legal_education_held",
        _ => return Vec::new(),
    };
    activity
        .member_ids
        .iter()
        .filter_map(|m| award(code, m, (Kind::Activity, activity_id), &activity.on, rules))
        .collect()
}

/// Points a research report earns each of its authors.
pub fn awards_for_outcome(outcome_id: &str, outcome: &Outcome, rules: &[PointsRule]) -> Vec<Award> {
    if outcome.outcome_type != OutcomeType::ResearchReport {
        return Vec::new();
    }
    outcome
        .member_ids
        .iter()
        .filter_map(|m| {
            award(
                "research_report_delivered",
                m,
                (Kind::Outcome, outcome_id),
                &outcome.on,
                rules,
            )
        })
        .collect()
}

/// Field of an activity's `data` listing the members who signed up for it (an
/// extension field: other app versions keep it and pass it on, BUNDLE_FORMAT §2).
pub const SIGNED_UP: &str = "signed_up_ids";

/// The members signed up for `activity`.
pub fn signed_up(activity: &Activity) -> Vec<String> {
    activity
        .extra
        .get(SIGNED_UP)
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// `activity` with `ids` as its sign-ups (removed when empty); every other field kept.
pub fn with_signed_up(mut activity: Activity, ids: &[String]) -> Activity {
    if ids.is_empty() {
        activity.extra.remove(SIGNED_UP);
    } else {
        activity.extra.insert(SIGNED_UP.into(), json!(ids));
    }
    activity
}

/// The member responsible for a demand: the one it was last referred to
/// (`to_member` of the latest referral by `at`, then `hlc`), else its reporter.
/// `events` are the demand's events, each with its revision's `hlc`.
pub fn responsible_member(demand: &Demand, events: &[(DemandEvent, String)]) -> Option<String> {
    events
        .iter()
        .filter(|(e, _)| e.event_type == EventType::Referral && e.to_member.is_some())
        .max_by(|(a, ha), (b, hb)| {
            let at = |e: &DemandEvent| {
                time::OffsetDateTime::parse(&e.at, &time::format_description::well_known::Rfc3339)
                    .ok()
            };
            at(a).cmp(&at(b)).then(ha.cmp(hb))
        })
        .and_then(|(e, _)| e.to_member.clone())
        .or_else(|| demand.reported_by.clone())
}

/// The `demand_overdue` deductions for demands still waiting (open or in
/// progress) past `days` on `today`: once per demand, from its responsible
/// member, dated the day it became overdue — so every device, on any day,
/// makes the same entry. `events` are (event, its `hlc`) of all demands.
pub fn overdue_awards(
    demands: &[(String, Demand)],
    events: &[(DemandEvent, String)],
    today: &str,
    days: u32,
    rules: &[PointsRule],
) -> Vec<Award> {
    let mut by_demand: std::collections::BTreeMap<&str, Vec<(DemandEvent, String)>> =
        std::collections::BTreeMap::new();
    for (event, hlc) in events {
        by_demand
            .entry(event.demand_id.as_str())
            .or_default()
            .push((event.clone(), hlc.clone()));
    }
    let summaries: Vec<(String, DemandSummary)> = demands
        .iter()
        .map(|(id, demand)| {
            let events = by_demand.get(id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            (id.clone(), DemandSummary::from_parts(Some(demand), events))
        })
        .collect();
    let summaries = summaries.iter().map(|(id, summary)| (id.as_str(), summary));
    overdue_awards_from(summaries, today, days, rules)
}

/// [`overdue_awards`] from the demands' summaries, as the store keeps them
/// (`domain::demand_summary`): no revision needs decoding.
pub fn overdue_awards_from<'a>(
    demands: impl IntoIterator<Item = (&'a str, &'a DemandSummary)>,
    today: &str,
    days: u32,
    rules: &[PointsRule],
) -> Vec<Award> {
    let overdue = Overdue::on(today, days);
    demands
        .into_iter()
        .filter_map(|(id, summary)| {
            let facts = summary.demand.as_ref()?;
            if !overdue.is(summary.status(), &facts.reported_on) {
                return None;
            }
            let member = summary.responsible()?;
            let on = overdue_since(&facts.reported_on, days)?;
            award("demand_overdue", &member, (Kind::Demand, id), &on, rules)
        })
        .collect()
}

/// The `roundtable_missed` deductions: for each roundtable dated before
/// `today`, each member signed up for it but not among those who took part.
pub fn missed_roundtable_awards(
    activities: &[(String, Activity)],
    today: &str,
    rules: &[PointsRule],
) -> Vec<Award> {
    activities
        .iter()
        .filter(|(_, a)| {
            a.activity_type == ActivityType::Roundtable && a.on.as_str() < today && is_date(&a.on)
        })
        .flat_map(|(id, a)| {
            signed_up(a)
                .into_iter()
                .filter(|m| !a.member_ids.contains(m))
                .filter_map(|m| award("roundtable_missed", &m, (Kind::Activity, id), &a.on, rules))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The awards whose rule applies to the member's team: a rule with a `team`
/// (set by a coordinator) earns or costs points only for members of that
/// team. A member this device does not know (or a rule without a team) is
/// not held back: leaving an award out because a record has not arrived yet
/// would make devices disagree for good, while an award once made stays one entry.
pub fn within_team(
    awards: Vec<Award>,
    rules: &[PointsRule],
    team_of: impl Fn(&str) -> Option<Team>,
) -> Vec<Award> {
    awards
        .into_iter()
        .filter(|award| {
            let rule_team = rules
                .iter()
                .find(|r| Some(rule_id(&r.code)) == award.entry.rule_id)
                .and_then(|r| r.team);
            match (rule_team, team_of(&award.entry.member_id)) {
                (Some(rule), Some(member)) => rule == member,
                _ => true,
            }
        })
        .collect()
}

/// Why an entry cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointsError {
    /// Redeeming `cost` would take the balance below zero.
    NotEnough { balance: i64, cost: i64 },
    /// The cost of a reward must be a whole number above zero.
    BadCost,
    /// A manual entry needs a reason and points other than zero.
    Incomplete,
    /// A rule needs a name.
    NoRuleName,
    /// A reward needs a name.
    NoRewardName,
    /// A retired reward is no longer offered.
    RewardRetired,
}

impl PointsError {
    pub fn text(&self) -> Text {
        match self {
            PointsError::NotEnough { balance, cost } => Text::new(
                format!("积分不足：余额 {balance} 分，兑换需要 {cost} 分。未作兑换。"),
                format!(
                    "Not enough points: the balance is {balance}, this reward costs {cost}. Nothing was redeemed."
                ),
            ),
            PointsError::BadCost => Text::new(
                "兑换所需积分应为大于零的整数。",
                "The cost of a reward must be a whole number above zero.",
            ),
            PointsError::Incomplete => Text::new(
                "请填写非零的积分和理由。",
                "Enter points other than zero and a reason.",
            ),
            PointsError::NoRuleName => Text::new(
                "请填写规则的中文名称。",
                "Enter the rule's Chinese name.",
            ),
            PointsError::NoRewardName => Text::new(
                "请填写奖励的中文名称。未保存。",
                "Enter the reward's Chinese name. Nothing was saved.",
            ),
            PointsError::RewardRetired => Text::new(
                "这项奖励已停用，不能兑换。",
                "This reward is retired and cannot be redeemed.",
            ),
        }
    }
}

/// The negative entry that redeems `reward` for `cost` points, or why not:
/// a redemption never takes a balance below zero.
pub fn redemption(
    member_id: &str,
    balance: i64,
    cost: i64,
    reward: &str,
    on: &str,
) -> Result<PointsEntry, PointsError> {
    if cost <= 0 {
        return Err(PointsError::BadCost);
    }
    if balance < cost {
        return Err(PointsError::NotEnough { balance, cost });
    }
    let mut extra = Map::new();
    extra.insert("redemption".into(), json!(true));
    Ok(PointsEntry {
        member_id: member_id.to_string(),
        rule_id: None,
        points: -cost,
        reason: reward.trim().to_string(),
        on: on.to_string(),
        reference: None,
        extra,
    })
}

/// Whether `entry` may be written next to the member's `stored` entries: a
/// redemption never takes the balance below zero. Checked again when the
/// entry is written, against the entries as stored at that moment (the
/// balance a page showed may be stale: another redemption, an import).
/// Entries other than redemptions are not limited.
pub fn check_redemption(entry: &PointsEntry, stored: &[PointsEntry]) -> Result<(), PointsError> {
    if !is_redemption(entry) || entry.points >= 0 {
        return Ok(());
    }
    let have = balance(&entry.member_id, stored);
    let cost = -entry.points;
    if have < cost {
        return Err(PointsError::NotEnough {
            balance: have,
            cost,
        });
    }
    Ok(())
}

/// Whether `entry` redeems a reward (rather than a rule's award or a manual entry).
pub fn is_redemption(entry: &PointsEntry) -> bool {
    entry.rule_id.is_none() && entry.extra.contains_key("redemption")
}

/// A coordinator's manual entry (or a correction: a compensating entry).
pub fn manual_entry(
    member_id: &str,
    points: i64,
    reason: &str,
    on: &str,
) -> Result<PointsEntry, PointsError> {
    if points == 0 || reason.trim().is_empty() || member_id.is_empty() {
        return Err(PointsError::Incomplete);
    }
    Ok(PointsEntry {
        member_id: member_id.to_string(),
        rule_id: None,
        points,
        reason: reason.trim().to_string(),
        on: on.to_string(),
        reference: None,
        extra: Map::new(),
    })
}

/// A coordinator's edit of `rule`: its names, points (negative puts it on the
/// negative list) and team (`None`: every team). The code — what the app awards
/// it for — and any other field are kept; an empty English name removes it.
/// Stored with `records::edit`, it is a normal new revision that dominates the seed.
pub fn edited_rule(
    rule: &PointsRule,
    name: &str,
    name_en: &str,
    points: i64,
    team: Option<Team>,
) -> Result<PointsRule, PointsError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(PointsError::NoRuleName);
    }
    let mut extra = rule.extra.clone();
    match name_en.trim() {
        "" => extra.remove(NAME_EN),
        en => extra.insert(NAME_EN.into(), Value::String(en.into())),
    };
    Ok(PointsRule {
        code: rule.code.clone(),
        name: name.to_string(),
        points,
        team,
        extra,
    })
}

/// Namespace for the default rewards' ids (changing it would duplicate the catalogue).
const REWARD_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x3f7d_b260_91c4_4e1a_8d53_c0a9_7e14_b682);

/// The catalogue every device starts with (public services and benefits): (zh, en, cost).
/// They become `reward` records seeded like the default rules; a coordinator
/// edits, adds and retires them from there.
pub const DEFAULT_REWARDS: &[(&str, &str, i64)] = &[
    ("社区理发服务一次", "One community haircut", 10),
    ("家电义务维修一次", "One free appliance repair", 20),
    ("社区食堂餐券一张", "One community canteen meal voucher", 15),
    ("图书馆文创礼品", "Library gift", 30),
];

/// The id of the default reward `zh`: the same on every device.
pub fn default_reward_id(zh: &str) -> String {
    uuid::Uuid::new_v5(&REWARD_NAMESPACE, zh.as_bytes()).to_string()
}

/// Every default reward as its first revision: byte-identical on every device,
/// so seeding on several devices stores each once, and a coordinator's edit dominates it.
pub fn default_reward_revisions() -> Vec<Revision> {
    DEFAULT_REWARDS
        .iter()
        .map(|(zh, en, cost)| {
            let reward = Reward {
                name: (*zh).into(),
                name_en: Some((*en).into()),
                cost: *cost,
                active: true,
                extra: Map::new(),
            };
            seed_revision(
                default_reward_id(zh),
                Kind::Reward,
                serde_json::to_value(reward).unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// The seed revisions a device still needs, given the ids of the live rules
/// and rewards it holds: every default rule when any default rule is missing,
/// every default reward when any default reward is missing, else nothing.
/// Writing a seed again is a no-op (deterministic revisions), also for a rule
/// or reward a coordinator has since edited or deleted: their later revision
/// dominates the seed.
pub fn missing_defaults<'a>(
    rule_ids: impl IntoIterator<Item = &'a str>,
    reward_ids: impl IntoIterator<Item = &'a str>,
) -> Vec<Revision> {
    let rules: std::collections::BTreeSet<&str> = rule_ids.into_iter().collect();
    let rewards: std::collections::BTreeSet<&str> = reward_ids.into_iter().collect();
    let mut out = Vec::new();
    if DEFAULT_RULES
        .iter()
        .any(|d| !rules.contains(rule_id(d.code).as_str()))
    {
        out.extend(default_rule_revisions());
    }
    if DEFAULT_REWARDS
        .iter()
        .any(|(zh, _, _)| !rewards.contains(default_reward_id(zh).as_str()))
    {
        out.extend(default_reward_revisions());
    }
    out
}

/// A reward's name in `lang`: `name_en` in English when it has one.
pub fn reward_name(reward: &Reward, lang: Lang) -> &str {
    match (lang, reward.name_en.as_deref()) {
        (Lang::En, Some(en)) if !en.trim().is_empty() => en,
        _ => &reward.name,
    }
}

/// A coordinator's new or edited reward (`base`: the version edited; its
/// unknown fields are kept). An empty English name removes it.
pub fn edited_reward(
    base: Option<&Reward>,
    name: &str,
    name_en: &str,
    cost: i64,
    active: bool,
) -> Result<Reward, PointsError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(PointsError::NoRewardName);
    }
    if cost <= 0 {
        return Err(PointsError::BadCost);
    }
    let name_en = name_en.trim();
    Ok(Reward {
        name: name.to_string(),
        name_en: (!name_en.is_empty()).then(|| name_en.to_string()),
        cost,
        active,
        extra: base.map(|b| b.extra.clone()).unwrap_or_default(),
    })
}

/// The entry that redeems reward `reward_id` for `member_id`: [`redemption`]
/// at the reward's cost, naming the reward in both languages and referring to its record.
pub fn redeem_reward(
    member_id: &str,
    balance: i64,
    reward_id: &str,
    reward: &Reward,
    on: &str,
) -> Result<PointsEntry, PointsError> {
    if !reward.active {
        return Err(PointsError::RewardRetired);
    }
    let name = match reward.name_en.as_deref() {
        Some(en) if !en.trim().is_empty() => format!("{} / {en}", reward.name),
        _ => reward.name.clone(),
    };
    let mut entry = redemption(member_id, balance, reward.cost, &name, on)?;
    entry.reference = Some(RecordRef {
        kind: Kind::Reward.as_str().to_string(),
        id: reward_id.to_string(),
        extra: Map::new(),
    });
    Ok(entry)
}
