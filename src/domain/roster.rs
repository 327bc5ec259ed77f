//! The office lists as pure functions: which members, activities and outcomes a
//! filter shows, and the totals of what is shown (so the figures match the rows).

use crate::domain::kinds::{Activity, ActivityType, Member, Outcome, OutcomeType, Team};

/// Whether a member is active, inactive, or either.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Activeness {
    #[default]
    Any,
    Active,
    Inactive,
}

impl Activeness {
    pub fn as_str(self) -> &'static str {
        match self {
            Activeness::Any => "",
            Activeness::Active => "active",
            Activeness::Inactive => "inactive",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "active" => Activeness::Active,
            "inactive" => Activeness::Inactive,
            _ => Activeness::Any,
        }
    }
}

/// The member list's search box and filters; the default shows everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberQuery {
    /// Any part of the name (Chinese substrings work), expertise or phone.
    pub text: String,
    pub team: Option<Team>,
    pub community_id: Option<String>,
    /// A domain key the member works in.
    pub domain: Option<String>,
    pub active: Activeness,
}

impl MemberQuery {
    /// Whether `member` is shown.
    pub fn matches(&self, member: &Member) -> bool {
        let text = self.text.trim().to_lowercase();
        let text_ok = text.is_empty()
            || [
                Some(&member.name),
                member.expertise.as_ref(),
                member.phone.as_ref(),
            ]
            .into_iter()
            .flatten()
            .any(|field| field.to_lowercase().contains(&text));
        text_ok
            && self.team.is_none_or(|t| member.team == t)
            && self
                .community_id
                .as_ref()
                .is_none_or(|c| member.community_id.as_ref() == Some(c))
            && self
                .domain
                .as_ref()
                .is_none_or(|d| member.domains.contains(d))
            && match self.active {
                Activeness::Any => true,
                Activeness::Active => member.active,
                Activeness::Inactive => !member.active,
            }
    }
}

/// Members sorted for a list: active first, then by team, then by name.
pub fn sort_members(members: &mut [(String, Member)]) {
    members.sort_by(|a, b| {
        (!a.1.active, a.1.team, &a.1.name, &a.0).cmp(&(!b.1.active, b.1.team, &b.1.name, &b.0))
    });
}

/// The activity list's filters; the default shows every activity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityQuery {
    pub activity_type: Option<ActivityType>,
    pub community_id: Option<String>,
    /// Any part of the title.
    pub text: String,
}

impl ActivityQuery {
    pub fn matches(&self, activity: &Activity) -> bool {
        let text = self.text.trim().to_lowercase();
        self.activity_type
            .is_none_or(|t| activity.activity_type == t)
            && self
                .community_id
                .as_ref()
                .is_none_or(|c| activity.community_id.as_ref() == Some(c))
            && (text.is_empty() || activity.title.to_lowercase().contains(&text))
    }
}

/// The outcome list's filters; the default shows every outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutcomeQuery {
    pub outcome_type: Option<OutcomeType>,
    pub community_id: Option<String>,
}

impl OutcomeQuery {
    pub fn matches(&self, outcome: &Outcome) -> bool {
        self.outcome_type.is_none_or(|t| outcome.outcome_type == t)
            && self
                .community_id
                .as_ref()
                .is_none_or(|c| outcome.community_id.as_ref() == Some(c))
    }
}

/// Sums over the activities shown: how many, people reached, leaflets handed out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActivityTotals {
    pub count: usize,
    pub attendees: u64,
    pub materials: u64,
}

pub fn activity_totals<'a>(shown: impl IntoIterator<Item = &'a Activity>) -> ActivityTotals {
    shown
        .into_iter()
        .fold(ActivityTotals::default(), |t, a| ActivityTotals {
            count: t.count + 1,
            attendees: t.attendees.saturating_add(a.attendees),
            materials: t.materials.saturating_add(a.materials),
        })
}

/// Sums over the outcomes shown: how many, funds raised (fen), beneficiaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutcomeTotals {
    pub count: usize,
    pub funds_fen: u64,
    pub beneficiaries: u64,
}

pub fn outcome_totals<'a>(shown: impl IntoIterator<Item = &'a Outcome>) -> OutcomeTotals {
    shown
        .into_iter()
        .fold(OutcomeTotals::default(), |t, o| OutcomeTotals {
            count: t.count + 1,
            funds_fen: t.funds_fen.saturating_add(o.funds_fen),
            beneficiaries: t.beneficiaries.saturating_add(o.beneficiaries),
        })
}

/// Whether `text` (already lower-cased and trimmed; empty matches all) is in any of `fields`.
pub fn text_matches(text: &str, fields: &[&str]) -> bool {
    text.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(text))
}
