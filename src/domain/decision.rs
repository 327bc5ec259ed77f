//! Decisions taken by residents (民事民定): a roundtable, a residents' talk day
//! or a participatory-budgeting meeting holds one or more decisions — the
//! question, the options, the votes of those present and the decision taken.
//!
//! Decisions are an extension field of an `activity` (`decisions`, a list;
//! BUNDLE_FORMAT §2: other app versions keep and pass it on), so they travel
//! with the meeting that took them and are edited with it. Votes are counted
//! against the meeting's attendance (`attendees`): more votes than people
//! present is refused. A decision can start a micro-project: the outcome
//! names it in its extension field `decision` (`{activity_id, decision_id}`).

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::domain::kinds::{Activity, ActivityType, Outcome, OutcomeType, Problem};
use crate::i18n::Text;

/// Field of an activity's `data` holding its decisions.
pub const DECISIONS: &str = "decisions";
/// Field of an outcome's `data` naming the decision that started it.
pub const STARTED_BY: &str = "decision";

/// How a decision is voted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VoteMethod {
    /// For / against / abstain on one proposal; carried by a majority of those present.
    #[serde(rename = "yes_no")]
    YesNo,
    /// One of several options; the most votes wins.
    #[serde(rename = "choice")]
    Choice,
    /// Participatory budgeting: proposals with estimated costs, funded by
    /// votes within the budget.
    #[serde(rename = "budget")]
    Budget,
}

impl VoteMethod {
    pub const ALL: [VoteMethod; 3] = [VoteMethod::YesNo, VoteMethod::Choice, VoteMethod::Budget];

    pub fn as_str(self) -> &'static str {
        match self {
            VoteMethod::YesNo => "yes_no",
            VoteMethod::Choice => "choice",
            VoteMethod::Budget => "budget",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        VoteMethod::ALL.into_iter().find(|m| m.as_str() == text)
    }

    pub fn label(self) -> Text {
        match self {
            VoteMethod::YesNo => Text::new("赞成 / 反对 / 弃权", "For / against / abstain"),
            VoteMethod::Choice => Text::new("多选一", "Choose one option"),
            VoteMethod::Budget => Text::new(
                "参与式预算（按票数在预算内立项）",
                "Participatory budget (funded by votes within the budget)",
            ),
        }
    }
}

/// An option of a choice, or a proposal of a participatory budget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteOption {
    pub label: String,
    pub votes: u64,
    /// Estimated cost in fen (budget proposals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_fen: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One decision of a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// A UUID, unique within the activity (outcomes refer to it).
    pub id: String,
    pub question: String,
    pub method: VoteMethod,
    /// Yes/no votes.
    #[serde(rename = "for", default, skip_serializing_if = "Option::is_none")]
    pub votes_for: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abstain: Option<u64>,
    /// Options (choice) or proposals (budget), in the order they were put.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<VoteOption>,
    /// The money available (budget), in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_fen: Option<u64>,
    /// The decision taken, in the meeting's words.
    pub result: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why a decision cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecisionError {
    NoQuestion,
    NoResult,
    /// A choice needs two options, a budget one proposal; every one named.
    TooFewOptions,
    /// A budget proposal without its estimated cost, or a budget without its amount.
    MissingCost,
    /// More votes than people present.
    VotesOverAttendance {
        cast: u64,
        attendance: u64,
    },
}

impl DecisionError {
    pub fn text(&self) -> Text {
        match self {
            DecisionError::NoQuestion => Text::new("请填写表决事项。未保存。", "Enter the question put to the vote. Nothing was saved."),
            DecisionError::NoResult => Text::new("请填写表决结果（形成的决定）。未保存。", "Enter the decision taken. Nothing was saved."),
            DecisionError::TooFewOptions => Text::new(
                "多选一至少需要两个选项，参与式预算至少一个项目；每项都要有名称。未保存。",
                "A choice needs at least two options and a budget at least one proposal, each with a name. Nothing was saved.",
            ),
            DecisionError::MissingCost => Text::new(
                "参与式预算需填写可用预算和每个项目的预估费用（元）。未保存。",
                "A participatory budget needs the money available and each proposal's estimated cost (yuan). Nothing was saved.",
            ),
            DecisionError::VotesOverAttendance { cast, attendance } => Text::new(
                format!("票数合计 {cast} 票，超过到会人数 {attendance} 人：每位到会者最多投一票。请核对票数或到会人数。未保存。"),
                format!("{cast} votes in all, more than the {attendance} people present: each person present votes once at most. Check the votes or the attendance. Nothing was saved."),
            ),
        }
    }
}

/// The count of one decision, against the attendance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    pub cast: u64,
    pub attendance: u64,
    /// Yes/no: whether more than half of those present voted for.
    pub carried: Option<bool>,
    /// Choice: the index of the option with the most votes (`None` on a tie for first).
    pub winner: Option<usize>,
    /// Budget: the proposals funded, in the order they were funded.
    pub funded: Vec<usize>,
    /// Budget: the money the funded proposals take, in fen.
    pub funded_fen: u64,
}

/// Votes cast on `decision`, all options together (abstentions included).
pub fn votes_cast(decision: &Decision) -> u64 {
    match decision.method {
        VoteMethod::YesNo => [decision.votes_for, decision.against, decision.abstain]
            .iter()
            .map(|v| v.unwrap_or(0))
            .fold(0u64, u64::saturating_add),
        VoteMethod::Choice | VoteMethod::Budget => decision
            .options
            .iter()
            .map(|o| o.votes)
            .fold(0u64, u64::saturating_add),
    }
}

/// Whether `decision` can be recorded at a meeting of `attendance` people.
pub fn check(decision: &Decision, attendance: u64) -> Result<(), DecisionError> {
    if decision.question.trim().is_empty() {
        return Err(DecisionError::NoQuestion);
    }
    let named = decision.options.iter().all(|o| !o.label.trim().is_empty());
    match decision.method {
        VoteMethod::YesNo => {}
        VoteMethod::Choice if decision.options.len() < 2 || !named => {
            return Err(DecisionError::TooFewOptions)
        }
        VoteMethod::Budget if decision.options.is_empty() || !named => {
            return Err(DecisionError::TooFewOptions)
        }
        VoteMethod::Budget
            if decision.budget_fen.is_none()
                || decision.options.iter().any(|o| o.cost_fen.is_none()) =>
        {
            return Err(DecisionError::MissingCost)
        }
        _ => {}
    }
    let cast = votes_cast(decision);
    if cast > attendance {
        return Err(DecisionError::VotesOverAttendance { cast, attendance });
    }
    if decision.result.trim().is_empty() {
        return Err(DecisionError::NoResult);
    }
    Ok(())
}

/// Counts `decision` at a meeting of `attendance` people.
///
/// Yes/no is carried when those for are more than half of those present (not
/// of the votes cast: staying silent is not agreeing). A budget funds its
/// proposals by votes, most first (ties: the cheaper, then the one put
/// first), each one that still fits in what is left of the budget; a proposal
/// with no vote is never funded.
pub fn tally(decision: &Decision, attendance: u64) -> Tally {
    let cast = votes_cast(decision);
    let mut tally = Tally {
        cast,
        attendance,
        carried: None,
        winner: None,
        funded: Vec::new(),
        funded_fen: 0,
    };
    match decision.method {
        VoteMethod::YesNo => {
            tally.carried = Some(decision.votes_for.unwrap_or(0).saturating_mul(2) > attendance);
        }
        VoteMethod::Choice => {
            let best = decision.options.iter().map(|o| o.votes).max().unwrap_or(0);
            let leaders: Vec<usize> = (0..decision.options.len())
                .filter(|&i| decision.options[i].votes == best)
                .collect();
            if best > 0 && leaders.len() == 1 {
                tally.winner = Some(leaders[0]);
            }
        }
        VoteMethod::Budget => {
            let mut order: Vec<usize> = (0..decision.options.len()).collect();
            order.sort_by_key(|&i| {
                let o = &decision.options[i];
                (
                    std::cmp::Reverse(o.votes),
                    o.cost_fen.unwrap_or(u64::MAX),
                    i,
                )
            });
            let mut left = decision.budget_fen.unwrap_or(0);
            for i in order {
                let option = &decision.options[i];
                let Some(cost) = option.cost_fen else {
                    continue;
                };
                if option.votes > 0 && cost <= left {
                    left -= cost;
                    tally.funded_fen += cost;
                    tally.funded.push(i);
                }
            }
        }
    }
    tally
}

/// The decisions recorded on `activity` (those that cannot be read are left out:
/// validation refuses them before they are stored).
pub fn decisions(activity: &Activity) -> Vec<Decision> {
    activity
        .extra
        .get(DECISIONS)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|d| serde_json::from_value(d.clone()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The activity types that take decisions by vote.
pub fn takes_decisions(kind: ActivityType) -> bool {
    matches!(
        kind,
        ActivityType::Roundtable | ActivityType::TalkDay | ActivityType::ParticipatoryBudget
    )
}

/// `activity` with `decision` added (or replacing the one with its id), after
/// checking it against the activity's attendance. Every other field is kept.
pub fn with_decision(
    mut activity: Activity,
    decision: Decision,
) -> Result<Activity, DecisionError> {
    check(&decision, activity.attendees)?;
    let mut list = decisions(&activity);
    match list.iter_mut().find(|d| d.id == decision.id) {
        Some(slot) => *slot = decision,
        None => list.push(decision),
    }
    activity.extra.insert(
        DECISIONS.into(),
        serde_json::to_value(list).unwrap_or(Value::Null),
    );
    Ok(activity)
}

/// The decision that started `outcome`: (activity id, decision id).
pub fn started_by(outcome: &Outcome) -> Option<(String, String)> {
    let obj = outcome.extra.get(STARTED_BY)?.as_object()?;
    Some((
        obj.get("activity_id")?.as_str()?.to_string(),
        obj.get("decision_id")?.as_str()?.to_string(),
    ))
}

/// The micro-project a decision starts, dated `on`: titled by the decision
/// taken, in the meeting's community, linked to the meeting, its demands and
/// members, and naming the decision. A budget's funded proposals become its
/// summary. Funds are left for the coordinator to record by source.
pub fn micro_project(
    activity_id: &str,
    activity: &Activity,
    decision: &Decision,
    on: &str,
) -> Outcome {
    let tally = tally(decision, activity.attendees);
    let funded: Vec<String> = tally
        .funded
        .iter()
        .map(|&i| decision.options[i].label.clone())
        .collect();
    let summary = if funded.is_empty() {
        decision.question.clone()
    } else {
        format!("{}：{}", decision.question, funded.join("、"))
    };
    let mut extra = Map::new();
    extra.insert(
        STARTED_BY.into(),
        json!({ "activity_id": activity_id, "decision_id": decision.id }),
    );
    Outcome {
        outcome_type: OutcomeType::MicroProject,
        title: decision.result.trim().to_string(),
        summary: Some(summary),
        on: on.to_string(),
        community_id: activity.community_id.clone(),
        demand_ids: activity.demand_ids.clone(),
        topic_id: None,
        activity_ids: vec![activity_id.to_string()],
        member_ids: activity.member_ids.clone(),
        funds_fen: 0,
        beneficiaries: 0,
        extra,
    }
}

/// The problems of an activity's `decisions` field as found in a record
/// (validation, BUNDLE_FORMAT §4 style): each must read as a [`Decision`]
/// with a UUID id, and pass [`check`] against `attendance`.
pub fn problems(value: &Value, attendance: Option<u64>) -> Vec<Problem> {
    let Some(list) = value.as_array() else {
        return vec![Problem::new(
            DECISIONS,
            Text::new("“decisions”应为列表", "`decisions` must be a list"),
        )];
    };
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let field = format!("{DECISIONS}[{i}]");
        let decision: Decision = match serde_json::from_value(item.clone()) {
            Ok(d) => d,
            Err(err) => {
                out.push(Problem::new(
                    field,
                    Text::new(
                        format!("表决记录无法读取：{err}"),
                        format!("the decision cannot be read: {err}"),
                    ),
                ));
                continue;
            }
        };
        if !crate::domain::kinds::is_uuid(&decision.id) {
            out.push(Problem::new(
                format!("{field}.id"),
                Text::new("表决记录的编号应为 UUID", "a decision's id must be a UUID"),
            ));
        }
        if let Err(err) = check(&decision, attendance.unwrap_or(0)) {
            out.push(Problem::new(field, err.text()));
        }
    }
    out
}
