//! The dashboard's figures for a scope (district, street, communities) and a period,
//! each with ONE written definition (LESSONS #12), computed from the records alone.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use crate::domain::demand_summary::DemandSummary;
use crate::domain::kinds::{
    Activity, ActivityType, Community, Consultation, Demand, DemandEvent, DemandStatus,
    LegalReview, Member, Outcome, OutcomeType, Team,
};
use crate::domain::status::{age_in_days, Overdue};
use crate::i18n::{Lang, Text};

/// Which communities the figures cover.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// The whole district, including records that name no community.
    #[default]
    All,
    /// Only records of these communities (a street is the set of its communities).
    Communities(BTreeSet<String>),
}

impl Scope {
    /// The communities of sub-district `street`.
    pub fn street(street: &str, communities: &[(String, Community)]) -> Scope {
        Scope::Communities(
            communities
                .iter()
                .filter(|(_, c)| c.street == street)
                .map(|(id, _)| id.clone())
                .collect(),
        )
    }

    /// Whether a record of `community` is counted. A record with no community
    /// counts only for the whole district.
    pub fn covers(&self, community: Option<&str>) -> bool {
        match (self, community) {
            (Scope::All, _) => true,
            (Scope::Communities(set), Some(id)) => set.contains(id),
            (Scope::Communities(_), None) => false,
        }
    }
}

/// A period of days, both ends included (`YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: String,
    pub to: String,
}

impl Period {
    pub fn contains(&self, date: &str) -> bool {
        let day = date.get(..10).unwrap_or(date);
        self.from.as_str() <= day && day <= self.to.as_str()
    }
}

/// The records the figures are computed from (live, decoded records).
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// Members with their ids (activities and outcomes name their members by id).
    pub members: Vec<(String, Member)>,
    pub activities: Vec<Activity>,
    pub outcomes: Vec<Outcome>,
    /// Demands with their ids.
    pub demands: Vec<(String, Demand)>,
    /// Demand events with the `hlc` of their revision.
    pub events: Vec<(DemandEvent, String)>,
    pub legal_reviews: Vec<LegalReview>,
    pub consultations: Vec<Consultation>,
}

/// The dashboard's figures. See [`definition`] for what each one counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dashboard {
    pub members_by_team: BTreeMap<Team, u64>,
    pub activities_by_type: BTreeMap<ActivityType, u64>,
    /// Citizens' committee activities (see [`is_citizens_activity`]).
    pub activities: u64,
    /// Attendees of those activities.
    pub attendees: u64,
    /// Citizens' suggestions: suggestion outcomes with no expert among their members.
    pub suggestions: u64,
    pub micro_projects: u64,
    /// Social funds raised (撬动社会资金), from outcomes' funding by source.
    pub funds_fen: u64,
    /// Meetings and activities experts took part in.
    pub expert_meetings: u64,
    /// Experts' research results and suggestions.
    pub expert_results: u64,
    /// People served by legal envoys (人次): attendees of consultations, mediations
    /// and home visits with an envoy.
    pub legal_served: u64,
    pub demands_received: u64,
    pub demands_resolved: u64,
    pub demands_overdue: u64,
    /// Percent, when any demand was received.
    pub resolution_rate: Option<f64>,
    pub median_days_to_resolve: Option<f64>,
    pub mean_satisfaction: Option<f64>,
    pub consultations: u64,
    pub mediations: u64,
    pub education_events: u64,
    pub leaflets: u64,
    /// 依法决策: legal reviews for community organisations.
    pub legal_decisions: u64,
    /// 决策征询 requested in the period.
    pub decision_consultations: u64,
    /// Responses adopted in consultations closed in the period.
    pub advice_adopted: u64,
}

/// Computes every figure for `scope` and `period`; `today` decides which
/// waiting demands are overdue (after `overdue_days`).
pub fn dashboard(
    data: &Dataset,
    scope: &Scope,
    period: &Period,
    today: &str,
    overdue_days: u32,
) -> Dashboard {
    let summaries = demand_summaries(data);
    let figures = DemandFigures::count(&summaries, scope, period, today, overdue_days);
    dashboard_with(data, &figures, scope, period)
}

/// Each demand of `data` summarised with its events (`domain::demand_summary`).
pub fn demand_summaries(data: &Dataset) -> Vec<DemandSummary> {
    let mut events_of: BTreeMap<&str, Vec<(DemandEvent, String)>> = BTreeMap::new();
    for (event, hlc) in &data.events {
        events_of
            .entry(event.demand_id.as_str())
            .or_default()
            .push((event.clone(), hlc.clone()));
    }
    data.demands
        .iter()
        .map(|(id, demand)| {
            let events = events_of.get(id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            DemandSummary::from_parts(Some(demand), events)
        })
        .collect()
}

/// [`dashboard`] with the demands already counted (from the summaries the
/// store keeps, [`DemandFigures::count`]); `data.demands` and `data.events`
/// are not read.
pub fn dashboard_with(
    data: &Dataset,
    figures: &DemandFigures,
    scope: &Scope,
    period: &Period,
) -> Dashboard {
    let mut d = Dashboard::default();
    for (_, member) in data
        .members
        .iter()
        .filter(|(_, m)| m.active && scope.covers(m.community_id.as_deref()))
    {
        *d.members_by_team.entry(member.team).or_default() += 1;
    }
    // The teams of the members activities and outcomes name, only: a
    // district has 42,500 members, and a map of them all took 0.2 s to make.
    let named: BTreeSet<&str> = data
        .activities
        .iter()
        .flat_map(|a| &a.member_ids)
        .chain(data.outcomes.iter().flat_map(|o| &o.member_ids))
        .map(String::as_str)
        .collect();
    let teams: BTreeMap<&str, Team> = data
        .members
        .iter()
        .filter(|(id, _)| named.contains(id.as_str()))
        .map(|(id, m)| (id.as_str(), m.team))
        .collect();
    let has_team = |ids: &[String], team: Team| {
        ids.iter()
            .any(|id| teams.get(id.as_str()).copied() == Some(team))
    };
    for activity in data
        .activities
        .iter()
        .filter(|a| period.contains(&a.on) && scope.covers(a.community_id.as_deref()))
    {
        *d.activities_by_type
            .entry(activity.activity_type)
            .or_default() += 1;
        if is_citizens_activity(activity, has_team(&activity.member_ids, Team::Citizen)) {
            d.activities += 1;
            d.attendees += activity.attendees;
        }
        if activity.activity_type == ActivityType::ExpertMeeting
            || has_team(&activity.member_ids, Team::Expert)
        {
            d.expert_meetings += 1;
        }
        let envoy = has_team(&activity.member_ids, Team::LegalEnvoy);
        match activity.activity_type {
            ActivityType::LegalConsultation => d.consultations += 1,
            ActivityType::Mediation => d.mediations += 1,
            ActivityType::LegalEducation => d.education_events += 1,
            _ => {}
        }
        match activity.activity_type {
            ActivityType::LegalConsultation | ActivityType::Mediation => {
                d.legal_served += activity.attendees
            }
            ActivityType::HomeVisit if envoy => d.legal_served += activity.attendees,
            _ => {}
        }
        if is_legal_event(activity.activity_type) {
            d.leaflets += activity.materials;
        }
    }
    for outcome in data
        .outcomes
        .iter()
        .filter(|o| period.contains(&o.on) && scope.covers(o.community_id.as_deref()))
    {
        let by_expert = has_team(&outcome.member_ids, Team::Expert);
        match outcome.outcome_type {
            OutcomeType::ResearchReport => d.expert_results += 1,
            OutcomeType::Suggestion if by_expert => d.expert_results += 1,
            OutcomeType::Suggestion => d.suggestions += 1,
            OutcomeType::MicroProject => d.micro_projects += 1,
            _ => {}
        }
        d.funds_fen += crate::domain::funding::funding(outcome)
            .map(|f| f.social_fen)
            .unwrap_or(0);
    }

    d.demands_received = figures.received;
    d.demands_resolved = figures.resolved;
    d.demands_overdue = figures.overdue;
    d.median_days_to_resolve = median(&figures.days_to_resolve);
    d.mean_satisfaction = figures.mean_satisfaction();
    d.legal_decisions = data
        .legal_reviews
        .iter()
        .filter(|r| period.contains(&r.on) && scope.covers(Some(&r.community_id)))
        .count() as u64;
    // A consultation is the district's: it names no community, so it counts
    // only for the whole district (like any record without a community).
    if scope.covers(None) {
        d.decision_consultations = data
            .consultations
            .iter()
            .filter(|c| period.contains(&c.requested_on))
            .count() as u64;
        d.advice_adopted = data
            .consultations
            .iter()
            .filter(|c| c.closed_on.as_deref().is_some_and(|on| period.contains(on)))
            .map(|c| crate::domain::consultation::adopted_count(c) as u64)
            .sum();
    }
    d.resolution_rate = (d.demands_received > 0)
        .then(|| d.demands_resolved as f64 * 100.0 / d.demands_received as f64);
    d
}

/// The activity types that are the citizens' committee's own (the seed's
/// "参与'居民恳谈日''参与式预算'等各类活动").
pub const CITIZENS_TYPES: [ActivityType; 4] = [
    ActivityType::Roundtable,
    ActivityType::TalkDay,
    ActivityType::ParticipatoryBudget,
    ActivityType::VolunteerService,
];

/// Whether an activity counts for the citizens' committee: a citizens'
/// committee member took part (`with_citizen`), or it is of one of the
/// committee's own types.
pub fn is_citizens_activity(activity: &Activity, with_citizen: bool) -> bool {
    with_citizen || CITIZENS_TYPES.contains(&activity.activity_type)
}

/// The legal envoys' events where leaflets are handed out: consultations,
/// mediations and legal-education events.
pub fn is_legal_event(kind: ActivityType) -> bool {
    matches!(
        kind,
        ActivityType::LegalConsultation | ActivityType::Mediation | ActivityType::LegalEducation
    )
}

fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

/// The keys of the dashboard's figures, in display order (`dash-<key>` in the UI).
pub const FIGURES: &[&str] = &[
    "members_expert",
    "members_citizen",
    "members_legal_envoy",
    "activities",
    "attendees",
    "suggestions",
    "micro_projects",
    "funds",
    "expert_meetings",
    "expert_results",
    "demands_received",
    "demands_resolved",
    "demands_overdue",
    "resolution_rate",
    "median_days",
    "satisfaction",
    "legal_served",
    "consultations",
    "mediations",
    "education_events",
    "leaflets",
    "legal_decisions",
    "decision_consultations",
    "advice_adopted",
];

/// A figure's value as shown: counts as integers, money in yuan, rates with one decimal;
/// `–` when there is nothing to compute it from.
pub fn value(d: &Dashboard, key: &str) -> String {
    let count = |n: u64| n.to_string();
    let team = |t: Team| count(d.members_by_team.get(&t).copied().unwrap_or(0));
    let decimal = |v: Option<f64>, unit: &str| {
        v.map(|v| format!("{v:.1}{unit}"))
            .unwrap_or_else(|| "–".into())
    };
    match key {
        "members_expert" => team(Team::Expert),
        "members_citizen" => team(Team::Citizen),
        "members_legal_envoy" => team(Team::LegalEnvoy),
        "activities" => count(d.activities),
        "attendees" => count(d.attendees),
        "suggestions" => count(d.suggestions),
        "micro_projects" => count(d.micro_projects),
        "funds" => format!("¥{}.{:02}", d.funds_fen / 100, d.funds_fen % 100),
        "expert_meetings" => count(d.expert_meetings),
        "expert_results" => count(d.expert_results),
        "legal_served" => count(d.legal_served),
        "demands_received" => count(d.demands_received),
        "demands_resolved" => count(d.demands_resolved),
        "demands_overdue" => count(d.demands_overdue),
        "resolution_rate" => decimal(d.resolution_rate, "%"),
        "median_days" => decimal(d.median_days_to_resolve, ""),
        "satisfaction" => decimal(d.mean_satisfaction, " / 5"),
        "consultations" => count(d.consultations),
        "mediations" => count(d.mediations),
        "education_events" => count(d.education_events),
        "leaflets" => count(d.leaflets),
        "legal_decisions" => count(d.legal_decisions),
        "decision_consultations" => count(d.decision_consultations),
        "advice_adopted" => count(d.advice_adopted),
        _ => "–".into(),
    }
}

/// A figure's name.
pub fn label(key: &str) -> Text {
    let (zh, en) = match key {
        "members_expert" => ("专家委员会成员", "Expert committee members"),
        "members_citizen" => ("市民委员会成员", "Citizens' committee members"),
        "members_legal_envoy" => ("法务特派员", "Legal envoys"),
        "activities" => ("市民委员会参与活动", "Citizens' committee activities"),
        "attendees" => ("活动参与人次", "Attendees at those activities"),
        "suggestions" => ("市民意见建议", "Citizens' suggestions"),
        "micro_projects" => ("微实事项目", "Micro-projects"),
        "funds" => ("撬动社会资金", "Social funds raised"),
        "expert_meetings" => ("专家参与会议及活动", "Meetings and activities with experts"),
        "expert_results" => ("专家研究成果及意见建议", "Experts' results and suggestions"),
        "legal_served" => ("法务服务人次", "People served by legal envoys"),
        "demands_received" => ("收到需求", "Demands received"),
        "demands_resolved" => ("已解决需求", "Demands resolved"),
        "demands_overdue" => ("超期需求", "Demands overdue"),
        "resolution_rate" => ("解决率", "Resolution rate"),
        "median_days" => ("解决天数中位数", "Median days to resolve"),
        "satisfaction" => ("回访满意度", "Follow-up satisfaction"),
        "consultations" => ("法律咨询（场次）", "Legal consultations (sessions)"),
        "mediations" => ("矛盾调解（场次）", "Mediations (sessions)"),
        "education_events" => ("法治宣传活动（场）", "Legal-education events"),
        "leaflets" => ("发放宣传资料", "Leaflets handed out"),
        "legal_decisions" => ("依法决策", "Legal reviews for community decisions"),
        "decision_consultations" => ("决策征询", "Decision consultations"),
        "advice_adopted" => ("意见被采纳", "Responses adopted"),
        _ => (key, key),
    };
    Text::new(zh, en)
}

/// What a figure counts: the one definition, shown next to it.
pub fn definition(key: &str) -> Text {
    const SCOPE_ZH: &str = "未注明社区的记录只计入全区。";
    const SCOPE_EN: &str = "Records naming no community count only for the whole district.";
    let (zh, en) = match key {
        "members_expert" | "members_citizen" | "members_legal_envoy" => (
            "该队伍中在册（active）且所属社区在范围内的成员人数；按当前名册计算，不受时段影响。",
            "Active members of this team whose community is in scope; the current roster, whatever the period.",
        ),
        "activities" => (
            "日期在时段内、社区在范围内、有市民委员会成员参加或类型为圆桌会议、居民恳谈日、参与式预算、志愿服务的活动场次（对应案例“参与各类活动3000余场”）。专家会议和没有市民代表参加的法务活动不计。",
            "Activities dated in the period in a community in scope that a citizens' committee member took part in, or of type roundtable, talk day, participatory budgeting or volunteer service (the case's \"3,000+ activities\"). Expert meetings and legal events without a citizen representative are not counted.",
        ),
        "attendees" => (
            "上述市民委员会活动登记的参与人数之和（人次，含纸质签到）。",
            "Sum of the attendee counts recorded on those citizens' committee activities (people-times, paper sign-ins included).",
        ),
        "suggestions" => (
            "日期在时段内、类型为“意见建议”且参与成员中没有专家的成果条数（对应案例“提出意见建议7000余条”）。课题征询中收集的意见不在此计；专家的建议计入“专家研究成果及意见建议”。",
            "Outcomes dated in the period of type suggestion with no expert among their members (the case's \"7,000+ suggestions\"). Opinions collected on topics are not counted here; experts' suggestions count under experts' results.",
        ),
        "micro_projects" => (
            "日期在时段内、类型为“微实事项目”的成果条数。",
            "Outcomes dated in the period of type micro-project.",
        ),
        "funds" => (
            "日期在时段内的成果按来源登记的“社会资金”（共建单位、企业、社会组织等筹集的资金）之和，以元显示（对应案例“撬动社会资金140万余元”）。政府投入、居民自筹和已支出金额不计；只登记了总额、未分来源的旧记录也不计。",
            "Sum of the social funds (raised from partner units, companies, social organisations) recorded by source on outcomes dated in the period, in yuan (the case's \"¥1.4M+ social funds raised\"). Government money, residents' contributions and money spent are not counted; older records with only a total and no sources are not counted either.",
        ),
        "expert_meetings" => (
            "日期在时段内、类型为“专家会议”或有专家委员会成员参加的活动场次（对应案例“参与区委、区政府会议及活动23场”）。区级会议不属于任何社区，只计入全区。",
            "Activities dated in the period of type expert meeting or with an expert committee member taking part (the case's \"23 meetings and activities\"). District meetings belong to no community, so they count only for the whole district.",
        ),
        "expert_results" => (
            "日期在时段内、类型为“调研报告”的成果，加上参与成员中有专家的“意见建议”成果条数（对应案例“提出研究成果及意见建议46个”）。",
            "Outcomes dated in the period of type research report, plus suggestions with an expert among their members (the case's \"46 results and suggestions\").",
        ),
        "legal_served" => (
            "日期在时段内的法律咨询、矛盾调解活动，以及有法务特派员参加的上门走访，登记的参与人数之和（人次，对应案例“各类服务5600余人次”）。",
            "Sum of the attendees recorded on legal consultations, mediations, and home visits with a legal envoy, dated in the period (people-times: the case's \"5,600+ people served\").",
        ),
        "demands_received" => (
            "上报日期在时段内、社区在范围内的需求条数。以下需求指标都只看这批需求。",
            "Demands reported in the period in a community in scope. The demand figures below all count this same set.",
        ),
        "demands_resolved" => (
            "收到的需求中，当前状态（最新一条状态变更）为“已解决”的条数；“已关闭”不计。",
            "Of the demands received, those whose current status (latest status event) is resolved; closed ones do not count.",
        ),
        "demands_overdue" => (
            "收到的需求中，仍为“待处理”或“处理中”且上报已超过 7 天（截至今天）的条数。",
            "Of the demands received, those still open or in progress and reported more than 7 days before today.",
        ),
        "resolution_rate" => (
            "已解决需求 ÷ 收到需求 × 100%。",
            "Demands resolved ÷ demands received × 100%.",
        ),
        "median_days" => (
            "已解决需求从上报日到“已解决”状态变更日的天数的中位数。",
            "Median number of days from the report date to the date of the resolving status event, over resolved demands.",
        ),
        "satisfaction" => (
            "收到的需求的所有回访记录中，满意度（1–5）的平均值。",
            "Mean satisfaction (1–5) of every follow-up recorded on the demands received.",
        ),
        "consultations" => (
            "日期在时段内、类型为“法律咨询”的活动场次。",
            "Activities dated in the period of type legal consultation.",
        ),
        "mediations" => (
            "日期在时段内、类型为“矛盾调解”的活动场次。",
            "Activities dated in the period of type mediation.",
        ),
        "education_events" => (
            "日期在时段内、类型为“普法宣传”的活动场次。",
            "Activities dated in the period of type legal education.",
        ),
        "leaflets" => (
            "日期在时段内的法律咨询、矛盾调解和普法宣传活动登记的发放资料份数之和（对应案例“发放宣传资料1.3万余份”）；其他活动登记的资料不计。",
            "Sum of the leaflets (materials) recorded on legal consultations, mediations and legal-education events dated in the period (the case's \"13,000+ leaflets\"); materials recorded on other activities are not counted.",
        ),
        "legal_decisions" => (
            "日期在时段内、社区在范围内的依法决策服务（法律文书起草、规章制度合规性审查、依法决策法律意见）次数，每条记录计一次。",
            "Legal reviews (documents drafted, rules reviewed, opinions on decisions) dated in the period for a community in scope, one per record.",
        ),
        "decision_consultations" => (
            "征询日期在时段内的决策征询件数（区委、区政府及部门发起）。决策征询不属于某个社区。",
            "Decision consultations requested in the period (by the district or a department). They belong to no community.",
        ),
        "advice_adopted" => (
            "办结日期在时段内的决策征询中，登记为采纳的意见条数之和。决策征询不属于某个社区。",
            "Sum of the responses recorded as adopted in decision consultations closed in the period. They belong to no community.",
        ),
        _ => ("", ""),
    };
    Text::new(format!("{zh}{SCOPE_ZH}"), format!("{en} {SCOPE_EN}"))
}

/// A figure's name and definition in `lang`.
pub fn describe(key: &str, lang: Lang) -> (String, String) {
    (
        label(key).get(lang).to_string(),
        definition(key).get(lang).to_string(),
    )
}

/// The figures as a table for CSV: key, name, value as shown, definition.
pub fn figures_table(d: &Dashboard, lang: Lang) -> crate::domain::csv::Table {
    use crate::domain::csv::{Cell, Table};
    let headers = match lang {
        Lang::Zh => ["代码", "指标", "数值", "统计口径"],
        Lang::En => ["key", "figure", "value", "definition"],
    };
    Table {
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows: FIGURES
            .iter()
            .map(|key| {
                let (name, definition) = describe(key, lang);
                vec![
                    Cell::Text(key.to_string()),
                    Cell::Text(name),
                    Cell::Text(value(d, key)),
                    Cell::Text(definition),
                ]
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------
// Chart series: pure aggregations the dashboard draws as SVG bars.

/// The statuses the month chart stacks, in drawing order.
pub const CHART_STATUSES: [DemandStatus; 5] = [
    DemandStatus::Resolved,
    DemandStatus::Closed,
    DemandStatus::Referred,
    DemandStatus::InProgress,
    DemandStatus::Open,
];

/// How many months the month chart shows at most.
pub const CHART_MONTHS: usize = 12;

/// One month of the month chart: `YYYY-MM` and the demands reported in it, by current status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthBar {
    pub month: String,
    pub by_status: BTreeMap<DemandStatus, u64>,
}

impl MonthBar {
    pub fn total(&self) -> u64 {
        self.by_status.values().sum()
    }

    pub fn count(&self, status: DemandStatus) -> u64 {
        self.by_status.get(&status).copied().unwrap_or(0)
    }
}

/// What the dashboard counts of the demands received in a period and scope,
/// counted in one pass: a district has 127,500 demands, and a pass per
/// figure and chart (each comparing every demand's date) held the opening
/// dashboard for over half a second.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DemandFigures<'a> {
    /// Demands reported in the period, in the scope.
    pub received: u64,
    /// Of those, resolved now.
    pub resolved: u64,
    /// Of those, waiting longer than the overdue days.
    pub overdue: u64,
    /// Days from report to resolution of each resolved one, shortest first.
    pub days_to_resolve: Vec<i64>,
    satisfaction_sum: f64,
    satisfaction_n: u64,
    /// Per month of report, split by current status: the last
    /// [`CHART_MONTHS`] months of the period, ending with the month of the
    /// period's end or of `today`, whichever is earlier, and never starting
    /// before the period's first month. Every month is listed, oldest first,
    /// also when it has no demands.
    pub by_month: Vec<MonthBar>,
    by_domain: BTreeMap<&'a str, u64>,
    by_community: BTreeMap<&'a str, u64>,
}

impl<'a> DemandFigures<'a> {
    /// Counts `demands` reported in `period` and `scope`; `today` decides
    /// which waiting demands are overdue (after `overdue_days`) and where the
    /// month chart ends.
    pub fn count<S: Borrow<DemandSummary>>(
        demands: &'a [S],
        scope: &Scope,
        period: &Period,
        today: &str,
        overdue_days: u32,
    ) -> DemandFigures<'a> {
        let mut counting = Counting::new(period, today, overdue_days);
        counting.add(demands, scope);
        counting.done()
    }

    /// The mean satisfaction score given, when any was.
    pub fn mean_satisfaction(&self) -> Option<f64> {
        (self.satisfaction_n > 0).then(|| self.satisfaction_sum / self.satisfaction_n as f64)
    }

    /// Per domain (their `category`): the five domains of the citizens'
    /// committee always, in their order, then any other key found.
    pub fn by_domain(&self) -> Vec<(String, u64)> {
        let mut counts = self.by_domain.clone();
        let mut out: Vec<(String, u64)> = crate::domain::kinds::DOMAINS
            .iter()
            .map(|d| (d.to_string(), counts.remove(d).unwrap_or(0)))
            .collect();
        out.extend(counts.into_iter().map(|(k, n)| (k.to_string(), n)));
        out
    }

    /// Per community id (only communities with demands).
    pub fn by_community(&self) -> BTreeMap<String, u64> {
        self.by_community
            .iter()
            .map(|(id, n)| (id.to_string(), *n))
            .collect()
    }
}

/// [`DemandFigures::count`] a part of the demands at a time, so a page can
/// count a district's 127,500 in slices and paint between them: the
/// figures of the parts added are those of all of them counted at once.
#[derive(Clone, Debug)]
pub struct Counting<'a> {
    figures: DemandFigures<'a>,
    period: Period,
    first_month: Option<(i32, u32)>,
    overdue: Overdue,
}

impl<'a> Counting<'a> {
    /// Nothing counted yet, of demands reported in `period`; `today` decides
    /// which waiting demands are overdue (after `overdue_days`) and where the
    /// month chart ends.
    pub fn new(period: &Period, today: &str, overdue_days: u32) -> Counting<'a> {
        let by_month = chart_months(period, today);
        let first_month = by_month.first().and_then(|bar| year_month(&bar.month));
        Counting {
            figures: DemandFigures {
                by_month,
                ..DemandFigures::default()
            },
            period: period.clone(),
            first_month,
            overdue: Overdue::on(today, overdue_days),
        }
    }

    /// Counts those of `demands` in the period and in `scope`.
    pub fn add<S: Borrow<DemandSummary>>(&mut self, demands: &'a [S], scope: &Scope) {
        let figures = &mut self.figures;
        for (summary, facts) in demands
            .iter()
            .map(Borrow::borrow)
            .filter_map(|s: &DemandSummary| Some((s, s.demand.as_ref()?)))
        {
            if !(self.period.contains(&facts.reported_on)
                && scope.covers(Some(&facts.community_id)))
            {
                continue;
            }
            figures.received += 1;
            let status = summary.status();
            if status == DemandStatus::Resolved {
                figures.resolved += 1;
                if let Some(days) = summary
                    .status_day()
                    .and_then(|day| age_in_days(&facts.reported_on, day))
                {
                    figures.days_to_resolve.push(days.max(0));
                }
            }
            if self.overdue.is(status, &facts.reported_on) {
                figures.overdue += 1;
            }
            for score in &summary.satisfaction {
                figures.satisfaction_sum += f64::from(*score);
                figures.satisfaction_n += 1;
            }
            // The month's bar by arithmetic, not by trying each month's prefix.
            let bar = self
                .first_month
                .zip(year_month(&facts.reported_on))
                .and_then(|(first, month)| months_between(first, month))
                .and_then(|at| figures.by_month.get_mut(at))
                .filter(|bar| facts.reported_on.starts_with(bar.month.as_str()));
            if let Some(bar) = bar {
                *bar.by_status.entry(status).or_default() += 1;
            }
            *figures
                .by_domain
                .entry(facts.category.as_str())
                .or_default() += 1;
            *figures
                .by_community
                .entry(facts.community_id.as_str())
                .or_default() += 1;
        }
    }

    /// The figures of every demand added.
    pub fn done(mut self) -> DemandFigures<'a> {
        self.figures.days_to_resolve.sort_unstable();
        self.figures
    }
}

/// The month chart's empty bars (see [`DemandFigures::by_month`]).
fn chart_months(period: &Period, today: &str) -> Vec<MonthBar> {
    let end = period.to.as_str().min(today.get(..10).unwrap_or(today));
    let (Some(mut month), first) = (year_month(end), year_month(&period.from)) else {
        return Vec::new();
    };
    let mut months = Vec::new();
    while months.len() < CHART_MONTHS && first.is_none_or(|f| month >= f) {
        months.push(month);
        month = previous_month(month);
    }
    months.reverse();
    months
        .iter()
        .map(|(y, m)| MonthBar {
            month: format!("{y:04}-{m:02}"),
            by_status: BTreeMap::new(),
        })
        .collect()
}

/// How many months `month` comes after `first`, if not before it.
fn months_between(first: (i32, u32), month: (i32, u32)) -> Option<usize> {
    let number = |(year, month): (i32, u32)| i64::from(year) * 12 + i64::from(month);
    usize::try_from(number(month) - number(first)).ok()
}

/// `(year, month)` of a `YYYY-MM…` date.
fn year_month(date: &str) -> Option<(i32, u32)> {
    let year = date.get(..4)?.parse().ok()?;
    let month = date.get(5..7)?.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

fn previous_month((year, month): (i32, u32)) -> (i32, u32) {
    if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    }
}

/// Active citizens' committee members per community in scope (`None`: no
/// community, counted only for the whole district); the current roster, whatever the period.
pub fn citizens_per_community(data: &Dataset, scope: &Scope) -> BTreeMap<Option<String>, u64> {
    let mut counts: BTreeMap<Option<&str>, u64> = BTreeMap::new();
    for member in
        data.members.iter().map(|(_, m)| m).filter(|m| {
            m.active && m.team == Team::Citizen && scope.covers(m.community_id.as_deref())
        })
    {
        *counts.entry(member.community_id.as_deref()).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(id, n)| (id.map(str::to_string), n))
        .collect()
}
