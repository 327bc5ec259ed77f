//! What the programme gives its members back (the seed: "设置专项经费……评选
//! '智囊团''金牌调解员'"), and the roles citizens' representatives take
//! ("担任'和事佬''大管家'……网格管理服务", "组建政策法规宣传队、文化志愿服务队").
//!
//! - An **honour** (`honour` record) names a member, a title and a year.
//! - A **duty fund** (`duty_fund` record) is money allocated to a team for a
//!   year, and what was spent of it, in fen.
//! - **Roles and sub-teams** are extension fields of a `member`: `roles`
//!   (keys of [`Role`]) and `sub_teams` (keys of [`SubTeam`]); activities and
//!   figures are filtered by them with [`MemberGroup`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::kinds::{Member, Team};
use crate::domain::stats::Dataset;
use crate::i18n::{Lang, Text};

/// Field of a member's `data` listing their roles.
pub const ROLES: &str = "roles";
/// Field of a member's `data` listing their sub-teams.
pub const SUB_TEAMS: &str = "sub_teams";

/// The honours the seed names; a coordinator may give others.
pub const HONOUR_TITLES: [(&str, &str); 2] = [
    ("智囊团", "Think tank"),
    ("金牌调解员", "Gold-medal mediator"),
];

/// A citizens' representative's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 和事佬: settles neighbours' disputes.
    Peacemaker,
    /// 大管家: looks after the compound's affairs.
    Steward,
    /// 网格服务: grid management and service.
    GridService,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Peacemaker, Role::Steward, Role::GridService];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Peacemaker => "peacemaker",
            Role::Steward => "steward",
            Role::GridService => "grid_service",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Peacemaker, Lang::Zh) => "和事佬",
            (Role::Peacemaker, Lang::En) => "Peacemaker",
            (Role::Steward, Lang::Zh) => "大管家",
            (Role::Steward, Lang::En) => "Steward",
            (Role::GridService, Lang::Zh) => "网格服务",
            (Role::GridService, Lang::En) => "Grid service",
        }
    }
}

/// A sub-team of the citizens' committee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubTeam {
    /// 政策法规宣传队.
    PolicyPublicity,
    /// 文化志愿服务队.
    CulturalVolunteers,
}

impl SubTeam {
    pub const ALL: [SubTeam; 2] = [SubTeam::PolicyPublicity, SubTeam::CulturalVolunteers];

    pub fn as_str(self) -> &'static str {
        match self {
            SubTeam::PolicyPublicity => "policy_publicity",
            SubTeam::CulturalVolunteers => "cultural_volunteers",
        }
    }

    pub fn parse(text: &str) -> Option<SubTeam> {
        SubTeam::ALL.into_iter().find(|t| t.as_str() == text)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SubTeam::PolicyPublicity, Lang::Zh) => "政策法规宣传队",
            (SubTeam::PolicyPublicity, Lang::En) => "Policy and law publicity team",
            (SubTeam::CulturalVolunteers, Lang::Zh) => "文化志愿服务队",
            (SubTeam::CulturalVolunteers, Lang::En) => "Cultural volunteer team",
        }
    }
}

fn keys(member: &Member, field: &str) -> Vec<String> {
    member
        .extra
        .get(field)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A member's roles (unknown keys, from a newer version, are left out).
pub fn roles(member: &Member) -> Vec<Role> {
    keys(member, ROLES)
        .iter()
        .filter_map(|k| Role::parse(k))
        .collect()
}

/// A member's sub-teams (unknown keys are left out).
pub fn sub_teams(member: &Member) -> Vec<SubTeam> {
    keys(member, SUB_TEAMS)
        .iter()
        .filter_map(|k| SubTeam::parse(k))
        .collect()
}

/// `member` with `roles` and `sub_teams` (each removed when empty); every
/// other field kept, including keys this version does not know.
pub fn with_roles(mut member: Member, roles: &[Role], sub_teams: &[SubTeam]) -> Member {
    let keep_unknown = |field: &str, known: &dyn Fn(&str) -> bool| -> Vec<String> {
        keys(&member, field)
            .into_iter()
            .filter(|k| !known(k))
            .collect()
    };
    let mut role_keys: Vec<String> = roles.iter().map(|r| r.as_str().to_string()).collect();
    role_keys.extend(keep_unknown(ROLES, &|k| Role::parse(k).is_some()));
    let mut team_keys: Vec<String> = sub_teams.iter().map(|t| t.as_str().to_string()).collect();
    team_keys.extend(keep_unknown(SUB_TEAMS, &|k| SubTeam::parse(k).is_some()));
    for (field, list) in [(ROLES, role_keys), (SUB_TEAMS, team_keys)] {
        if list.is_empty() {
            member.extra.remove(field);
        } else {
            member.extra.insert(field.into(), Value::from(list));
        }
    }
    member
}

/// A group of members to filter activities and figures by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemberGroup {
    Role(Role),
    SubTeam(SubTeam),
}

impl MemberGroup {
    /// Every group, roles first.
    pub fn all() -> Vec<MemberGroup> {
        Role::ALL
            .into_iter()
            .map(MemberGroup::Role)
            .chain(SubTeam::ALL.into_iter().map(MemberGroup::SubTeam))
            .collect()
    }

    /// `role:<key>` or `sub_team:<key>`, for a `<select>`'s value.
    pub fn key(self) -> String {
        match self {
            MemberGroup::Role(r) => format!("role:{}", r.as_str()),
            MemberGroup::SubTeam(t) => format!("sub_team:{}", t.as_str()),
        }
    }

    pub fn parse(key: &str) -> Option<MemberGroup> {
        if let Some(r) = key.strip_prefix("role:") {
            return Role::parse(r).map(MemberGroup::Role);
        }
        key.strip_prefix("sub_team:")
            .and_then(SubTeam::parse)
            .map(MemberGroup::SubTeam)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MemberGroup::Role(r) => r.label(lang),
            MemberGroup::SubTeam(t) => t.label(lang),
        }
    }

    /// Whether `member` belongs to the group.
    pub fn contains(self, member: &Member) -> bool {
        match self {
            MemberGroup::Role(r) => roles(member).contains(&r),
            MemberGroup::SubTeam(t) => sub_teams(member).contains(&t),
        }
    }
}

/// The part of `data` that concerns `group`: its members, the activities and
/// outcomes one of them took part in, the demands one of them reported (with
/// their events). The dashboard computes its figures from it unchanged.
pub fn within_group(data: &Dataset, group: MemberGroup) -> Dataset {
    let ids: BTreeSet<&str> = data
        .members
        .iter()
        .filter(|(_, m)| group.contains(m))
        .map(|(id, _)| id.as_str())
        .collect();
    let any = |list: &[String]| list.iter().any(|id| ids.contains(id.as_str()));
    let demands: Vec<_> = data
        .demands
        .iter()
        .filter(|(_, d)| d.reported_by.as_deref().is_some_and(|id| ids.contains(id)))
        .cloned()
        .collect();
    let demand_ids: BTreeSet<&str> = demands.iter().map(|(id, _)| id.as_str()).collect();
    Dataset {
        members: data
            .members
            .iter()
            .filter(|(id, _)| ids.contains(id.as_str()))
            .cloned()
            .collect(),
        activities: data
            .activities
            .iter()
            .filter(|a| any(&a.member_ids))
            .cloned()
            .collect(),
        outcomes: data
            .outcomes
            .iter()
            .filter(|o| any(&o.member_ids))
            .cloned()
            .collect(),
        events: data
            .events
            .iter()
            .filter(|(e, _)| demand_ids.contains(e.demand_id.as_str()))
            .cloned()
            .collect(),
        demands,
        legal_reviews: data
            .legal_reviews
            .iter()
            .filter(|r| ids.contains(r.envoy_id.as_str()))
            .cloned()
            .collect(),
        consultations: data
            .consultations
            .iter()
            .filter(|c| any(&c.expert_ids) || any(&c.citizen_ids))
            .cloned()
            .collect(),
    }
}

/// The demand summaries reported by a member of `group`: the same slice of the
/// demands as [`within_group`] takes, for figures computed from summaries.
pub fn summaries_within_group<S>(
    members: &[(String, Member)],
    summaries: &[S],
    group: MemberGroup,
) -> Vec<S>
where
    S: std::borrow::Borrow<crate::domain::demand_summary::DemandSummary> + Clone,
{
    let ids: BTreeSet<&str> = members
        .iter()
        .filter(|(_, m)| group.contains(m))
        .map(|(id, _)| id.as_str())
        .collect();
    summaries
        .iter()
        .filter(|s| {
            let summary: &crate::domain::demand_summary::DemandSummary = (*s).borrow();
            summary
                .demand
                .as_ref()
                .and_then(|d| d.reported_by.as_deref())
                .is_some_and(|id| ids.contains(id))
        })
        .cloned()
        .collect()
}

/// An honour given to a member for a year (`data` of an `honour` record).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Honour {
    pub member_id: String,
    /// 智囊团, 金牌调解员, or a title a coordinator defines.
    pub title: String,
    pub year: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Money allocated to a team's members for their duties in a year, and what
/// was spent (`data` of a `duty_fund` record).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyFund {
    pub team: Team,
    pub year: u16,
    pub allocated_fen: u64,
    pub spent_fen: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The years a record may name.
pub const YEARS: std::ops::RangeInclusive<u16> = 2000..=2100;

/// Why an honour or a fund cannot be recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HonourError {
    NoMember,
    NoTitle,
    BadYear,
}

impl HonourError {
    pub fn text(self) -> Text {
        match self {
            HonourError::NoMember => Text::new(
                "请选择成员。未保存。",
                "Choose a member. Nothing was saved.",
            ),
            HonourError::NoTitle => Text::new(
                "请填写荣誉名称。未保存。",
                "Enter the honour's title. Nothing was saved.",
            ),
            HonourError::BadYear => Text::new(
                "年份应为 2000 到 2100 之间的四位数。未保存。",
                "The year must be four digits between 2000 and 2100. Nothing was saved.",
            ),
        }
    }
}

/// A new honour, or why not.
pub fn honour(
    member_id: &str,
    title: &str,
    year: u16,
    reason: &str,
) -> Result<Honour, HonourError> {
    if member_id.trim().is_empty() {
        return Err(HonourError::NoMember);
    }
    if title.trim().is_empty() {
        return Err(HonourError::NoTitle);
    }
    if !YEARS.contains(&year) {
        return Err(HonourError::BadYear);
    }
    let reason = reason.trim();
    Ok(Honour {
        member_id: member_id.to_string(),
        title: title.trim().to_string(),
        year,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
        extra: Map::new(),
    })
}

/// Honours by year, newest year first; within a year by title.
pub fn honours_by_year(honours: &[(String, Honour)]) -> Vec<(u16, Vec<(String, Honour)>)> {
    let mut years: BTreeMap<std::cmp::Reverse<u16>, Vec<(String, Honour)>> = BTreeMap::new();
    for (id, h) in honours {
        years
            .entry(std::cmp::Reverse(h.year))
            .or_default()
            .push((id.clone(), h.clone()));
    }
    years
        .into_iter()
        .map(|(year, mut list)| {
            list.sort_by(|a, b| a.1.title.cmp(&b.1.title));
            (year.0, list)
        })
        .collect()
}

/// One team's duty funds for one year, all records together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FundTotals {
    pub allocated_fen: u64,
    pub spent_fen: u64,
}

impl FundTotals {
    /// What is left (negative when more was spent than allocated).
    pub fn balance_fen(&self) -> i128 {
        i128::from(self.allocated_fen) - i128::from(self.spent_fen)
    }
}

/// Duty funds per (year, team), newest year first.
pub fn funds_by_team_and_year(funds: &[DutyFund]) -> Vec<((u16, Team), FundTotals)> {
    let mut totals: BTreeMap<(std::cmp::Reverse<u16>, Team), FundTotals> = BTreeMap::new();
    for f in funds {
        let t = totals
            .entry((std::cmp::Reverse(f.year), f.team))
            .or_default();
        t.allocated_fen = t.allocated_fen.saturating_add(f.allocated_fen);
        t.spent_fen = t.spent_fen.saturating_add(f.spent_fen);
    }
    totals
        .into_iter()
        .map(|((year, team), t)| ((year.0, team), t))
        .collect()
}

/// A new duty-fund record, or why not.
pub fn duty_fund(
    team: Team,
    year: u16,
    allocated_fen: u64,
    spent_fen: u64,
    note: &str,
) -> Result<DutyFund, HonourError> {
    if !YEARS.contains(&year) {
        return Err(HonourError::BadYear);
    }
    let note = note.trim();
    Ok(DutyFund {
        team,
        year,
        allocated_fen,
        spent_fen,
        note: (!note.is_empty()).then(|| note.to_string()),
        extra: Map::new(),
    })
}
