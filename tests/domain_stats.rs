//! Dashboard figures on a hand-built dataset where every figure is known.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use doorstep::domain::demand_summary::DemandSummary;
use doorstep::domain::kinds::{ActivityType, Community, DemandStatus, Team};
use doorstep::domain::stats::{
    citizens_per_community, dashboard, definition, demand_summaries, label, value, Counting,
    Dataset, DemandFigures, MonthBar, Period, Scope, CHART_MONTHS, FIGURES,
};
use doorstep::domain::status::DEFAULT_OVERDUE_DAYS;
use proptest::prelude::*;
use serde_json::{json, Value};

const A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const B: &str = "bbbbbbbb-0000-4000-8000-000000000002";

fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

fn member(
    id: &str,
    team: &str,
    community: Option<&str>,
    active: bool,
) -> (String, doorstep::domain::kinds::Member) {
    (
        id.into(),
        from(
            json!({ "name": "x", "team": team, "community_id": community, "domains": [], "active": active }),
        ),
    )
}

const C1: &str = "c1000000-0000-4000-8000-000000000001";
const C2: &str = "c2000000-0000-4000-8000-000000000002";
const C3: &str = "c3000000-0000-4000-8000-000000000003";
const E1: &str = "e1000000-0000-4000-8000-000000000001";
const L1: &str = "11000000-0000-4000-8000-000000000001";

/// `item` with `members` as its `member_ids`.
fn with_members<T: serde::Serialize + serde::de::DeserializeOwned>(item: T, members: &[&str]) -> T {
    let mut data = serde_json::to_value(item).unwrap();
    data["member_ids"] = json!(members);
    from(data)
}

fn activity(
    kind: &str,
    community: Option<&str>,
    on: &str,
    attendees: u64,
    materials: u64,
) -> doorstep::domain::kinds::Activity {
    from(
        json!({ "type": kind, "title": "t", "community_id": community, "on": on,
        "attendees": attendees, "materials": materials }),
    )
}

fn outcome(kind: &str, community: &str, on: &str, funds: u64) -> doorstep::domain::kinds::Outcome {
    from(
        json!({ "type": kind, "title": "t", "community_id": community, "on": on,
        "funds_fen": funds, "beneficiaries": 0 }),
    )
}

fn funded(
    outcome: doorstep::domain::kinds::Outcome,
    funding: Value,
) -> doorstep::domain::kinds::Outcome {
    let mut data = serde_json::to_value(outcome).unwrap();
    data["funding_fen"] = funding;
    from(data)
}

fn review(community: &str, on: &str) -> doorstep::domain::kinds::LegalReview {
    from(
        json!({ "type": "rule_review", "title": "《居民公约》修订稿", "community_id": community,
        "envoy_id": "eeeeeeee-0000-4000-8000-000000000009", "on": on, "result": "删去违法的罚款条款" }),
    )
}

fn consultation(
    requested_on: &str,
    closed_on: Option<&str>,
    adopted: &[&str],
) -> doorstep::domain::kinds::Consultation {
    from(
        json!({ "requested_by": "区政府", "subject": "s", "matter": "key_project", "way": "written",
        "requested_on": requested_on, "due_on": requested_on, "domains": [], "expert_ids": [],
        "citizen_ids": [], "closed_on": closed_on, "adopted_ids": adopted }),
    )
}

fn demand(id: &str, community: &str, on: &str) -> (String, doorstep::domain::kinds::Demand) {
    (
        id.into(),
        from(
            json!({ "community_id": community, "reported_on": on, "source": "door_visit",
        "category": "wellbeing", "urgency": "normal", "title": "t", "description": "d" }),
        ),
    )
}

fn event(demand: &str, at: &str, fields: Value) -> (doorstep::domain::kinds::DemandEvent, String) {
    let mut data = json!({ "demand_id": demand, "at": at });
    data.as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    (from(data), format!("{at}-hlc"))
}

/// November 2026, two communities A and B, plus records outside the period or scope.
fn dataset() -> Dataset {
    Dataset {
        members: vec![
            member(C1, "citizen", Some(A), true),
            member(C2, "citizen", Some(A), true),
            member(C3, "citizen", Some(B), true),
            member("c4", "citizen", Some(A), false), // inactive: never counted
            member(E1, "expert", None, true),        // no community: district only
            member(L1, "legal_envoy", Some(B), true),
        ],
        activities: vec![
            // Citizens' committee: 1, 3, 8, 9, 10 (attendees 12+4+3+20+30 = 69).
            with_members(activity("roundtable", Some(A), "2026-11-03", 12, 0), &[C1]),
            // Legal: served 8 + 4 + 2 = 14 people; leaflets 30 + 200 = 230.
            with_members(
                activity("legal_consultation", Some(A), "2026-11-05", 8, 30),
                &[L1],
            ),
            with_members(
                activity("mediation", Some(B), "2026-11-06", 4, 0),
                &[L1, C3],
            ),
            with_members(
                activity("legal_education", Some(B), "2026-11-20", 40, 200),
                &[L1],
            ),
            // Experts: 5 and 10.
            with_members(activity("expert_meeting", None, "2026-11-21", 9, 0), &[E1]),
            activity("roundtable", Some(A), "2026-10-31", 99, 99), // before the period
            with_members(activity("home_visit", Some(A), "2026-11-22", 2, 0), &[L1]),
            with_members(activity("home_visit", Some(A), "2026-11-23", 3, 0), &[C2]),
            // A citizens' type with no member listed; its 15 leaflets are not legal ones.
            activity("volunteer_service", Some(B), "2026-11-24", 20, 15),
            with_members(
                activity("talk_day", Some(A), "2026-11-25", 30, 0),
                &[C1, E1],
            ),
        ],
        outcomes: vec![
            with_members(outcome("suggestion", A, "2026-11-10", 0), &[C1]),
            outcome("research_report", B, "2026-11-11", 0),
            with_members(outcome("suggestion", B, "2026-11-15", 0), &[E1]), // an expert's
            funded(
                outcome("micro_project", A, "2026-11-12", 1_250_050),
                json!({ "government": 1_000_000, "social": 250_050, "residents": 0 }),
            ),
            // An older record: a total and no sources, so no social funds known.
            outcome("micro_project", A, "2026-11-13", 500_000),
            outcome("micro_project", B, "2026-12-01", 500_000), // after the period
        ],
        demands: vec![
            demand("d1", A, "2026-11-01"), // resolved after 4 days, satisfaction 5
            demand("d2", A, "2026-11-02"), // resolved after 10 days, satisfaction 3
            demand("d3", B, "2026-11-25"), // open, 5 days old on 11-30: not overdue
            demand("d4", B, "2026-11-05"), // in progress, overdue
            demand("d5", A, "2026-11-08"), // resolved, then reopened: open and overdue
            demand("d6", A, "2026-10-20"), // before the period: not counted at all
        ],
        events: vec![
            event(
                "d1",
                "2026-11-05T10:00:00+08:00",
                json!({ "type": "status", "status": "resolved" }),
            ),
            event(
                "d1",
                "2026-11-06T10:00:00+08:00",
                json!({ "type": "follow_up", "satisfaction": 5 }),
            ),
            event(
                "d2",
                "2026-11-03T10:00:00+08:00",
                json!({ "type": "status", "status": "in_progress" }),
            ),
            event(
                "d2",
                "2026-11-12T10:00:00+08:00",
                json!({ "type": "status", "status": "resolved" }),
            ),
            event(
                "d2",
                "2026-11-13T10:00:00+08:00",
                json!({ "type": "follow_up", "satisfaction": 3 }),
            ),
            event(
                "d4",
                "2026-11-06T10:00:00+08:00",
                json!({ "type": "status", "status": "in_progress" }),
            ),
            event(
                "d5",
                "2026-11-09T10:00:00+08:00",
                json!({ "type": "status", "status": "resolved" }),
            ),
            event(
                "d5",
                "2026-11-10T10:00:00+08:00",
                json!({ "type": "status", "status": "open" }),
            ),
            event(
                "d6",
                "2026-10-21T10:00:00+08:00",
                json!({ "type": "status", "status": "resolved" }),
            ),
            event(
                "d6",
                "2026-10-22T10:00:00+08:00",
                json!({ "type": "follow_up", "satisfaction": 1 }),
            ),
        ],
        legal_reviews: vec![
            review(A, "2026-11-02"),
            review(A, "2026-11-30"),
            review(B, "2026-11-15"),
            review(B, "2026-10-31"), // before the period
        ],
        consultations: vec![
            // Requested and closed in November, two responses adopted (one named twice).
            consultation(
                "2026-11-03",
                Some("2026-11-20"),
                &[
                    "11111111-0000-4000-8000-000000000001",
                    "11111111-0000-4000-8000-000000000002",
                    "11111111-0000-4000-8000-000000000001",
                ],
            ),
            // Requested in October, closed in November: its adoption counts, its request not.
            consultation(
                "2026-10-20",
                Some("2026-11-02"),
                &["11111111-0000-4000-8000-000000000003"],
            ),
            // Requested in November, still open.
            consultation("2026-11-25", None, &[]),
        ],
    }
}

fn november() -> Period {
    Period {
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
    }
}

#[test]
fn every_figure_for_the_whole_district() {
    let d = dashboard(&dataset(), &Scope::All, &november(), "2026-11-30", 7);
    let expected = [
        ("members_expert", "1"),
        ("members_citizen", "3"),
        ("members_legal_envoy", "1"),
        ("activities", "5"),
        ("attendees", "69"),
        ("suggestions", "1"),
        ("micro_projects", "2"),
        ("funds", "¥2500.50"),
        ("expert_meetings", "2"),
        ("expert_results", "2"),
        ("demands_received", "5"),
        ("demands_resolved", "2"),
        ("demands_overdue", "2"),
        ("resolution_rate", "40.0%"),
        ("median_days", "7.0"),
        ("satisfaction", "4.0 / 5"),
        ("legal_served", "14"),
        ("consultations", "1"),
        ("mediations", "1"),
        ("education_events", "1"),
        ("leaflets", "230"),
        ("legal_decisions", "3"),
        ("decision_consultations", "2"),
        ("advice_adopted", "3"),
    ];
    for (key, want) in expected {
        assert_eq!(value(&d, key), want, "{key}");
    }
    assert_eq!(expected.len(), FIGURES.len(), "every figure is checked");
    assert_eq!(
        d.activities_by_type.get(&ActivityType::Roundtable),
        Some(&1)
    );
    assert_eq!(
        d.activities_by_type.get(&ActivityType::ExpertMeeting),
        Some(&1)
    );
}

#[test]
fn one_community_and_one_street() {
    let scope = Scope::Communities(BTreeSet::from([B.to_string()]));
    let d = dashboard(&dataset(), &scope, &november(), "2026-11-30", 7);
    assert_eq!(d.members_by_team.get(&Team::Citizen), Some(&1));
    assert_eq!(
        d.members_by_team.get(&Team::Expert),
        None,
        "no community: district only"
    );
    assert_eq!(
        d.activities, 2,
        "the mediation with a citizen and the volunteer day"
    );
    assert_eq!(d.attendees, 24);
    assert_eq!(
        d.leaflets, 200,
        "the volunteer day's materials are not legal leaflets"
    );
    assert_eq!(d.legal_served, 4);
    assert_eq!(d.suggestions, 0, "B's suggestion is an expert's");
    assert_eq!(d.expert_results, 2);
    assert_eq!(
        d.expert_meetings, 0,
        "district meetings belong to no community"
    );
    assert_eq!(d.micro_projects, 0);
    assert_eq!(d.demands_received, 2);
    assert_eq!(d.demands_resolved, 0);
    assert_eq!(d.demands_overdue, 1);
    assert_eq!(d.resolution_rate, Some(0.0));
    assert_eq!(value(&d, "median_days"), "–");
    assert_eq!(value(&d, "satisfaction"), "–");
    assert_eq!(d.legal_decisions, 1, "B's review in November only");
    assert_eq!(
        (d.decision_consultations, d.advice_adopted),
        (0, 0),
        "consultations belong to no community: district only"
    );

    let communities: Vec<(String, Community)> = vec![
        (
            A.into(),
            from(json!({ "name": "汤边社区", "street": "汤湖街道" })),
        ),
        (
            B.into(),
            from(json!({ "name": "柏树社区", "street": "柏树街道" })),
        ),
    ];
    let street = Scope::street("汤湖街道", &communities);
    let d = dashboard(&dataset(), &street, &november(), "2026-11-30", 7);
    assert_eq!(d.demands_received, 3);
    assert_eq!(d.demands_resolved, 2);
    assert_eq!(d.demands_overdue, 1);
}

#[test]
fn the_period_bounds_are_included_and_empty_data_gives_no_rates() {
    let day = Period {
        from: "2026-11-01".into(),
        to: "2026-11-01".into(),
    };
    let d = dashboard(&dataset(), &Scope::All, &day, "2026-11-30", 7);
    assert_eq!(d.demands_received, 1);
    let empty = dashboard(
        &Dataset::default(),
        &Scope::All,
        &november(),
        "2026-11-30",
        7,
    );
    assert_eq!(empty.resolution_rate, None);
    assert_eq!(value(&empty, "resolution_rate"), "–");
}

#[test]
fn every_figure_has_a_name_and_a_definition_in_both_languages() {
    for key in FIGURES {
        for text in [label(key), definition(key)] {
            assert!(!text.zh.is_empty() && !text.en.is_empty(), "{key}");
            assert_ne!(text.zh, text.en, "{key}");
        }
    }
}

#[test]
fn the_csv_has_one_line_per_figure_with_its_value_and_definition() {
    let d = dashboard(&dataset(), &Scope::All, &november(), "2026-11-30", 7);
    let csv = doorstep::domain::stats::figures_table(&d, doorstep::i18n::Lang::Zh).to_csv();
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), FIGURES.len() + 1);
    assert!(lines[0].contains("统计口径"));
    let rate = lines
        .iter()
        .find(|l| l.starts_with("resolution_rate,"))
        .unwrap();
    assert!(
        rate.contains("解决率") && rate.contains("40.0%") && rate.contains("已解决需求 ÷ 收到需求")
    );
}

/// The month chart of `data`'s demands.
fn month_chart(data: &Dataset, scope: &Scope, period: &Period, today: &str) -> Vec<MonthBar> {
    let summaries = demand_summaries(data);
    DemandFigures::count(&summaries, scope, period, today, DEFAULT_OVERDUE_DAYS).by_month
}

/// `summaries` counted in November 2026.
fn in_november<'a>(summaries: &'a [DemandSummary], scope: &Scope) -> DemandFigures<'a> {
    DemandFigures::count(
        summaries,
        scope,
        &november(),
        "2026-11-30",
        DEFAULT_OVERDUE_DAYS,
    )
}

#[test]
fn demands_by_month_split_by_current_status() {
    let bars = month_chart(&dataset(), &Scope::All, &november(), "2026-11-30");
    assert_eq!(bars.len(), 1, "the period is one month");
    assert_eq!(bars[0].month, "2026-11");
    assert_eq!(bars[0].total(), 5);
    assert_eq!(bars[0].count(DemandStatus::Resolved), 2); // d1, d2
    assert_eq!(bars[0].count(DemandStatus::Open), 2); // d3, d5 (reopened)
    assert_eq!(bars[0].count(DemandStatus::InProgress), 1); // d4

    // All time: the last 12 months up to today, every month listed, oldest first.
    let all = Period {
        from: "0000-01-01".into(),
        to: "9999-12-31".into(),
    };
    let bars = month_chart(&dataset(), &Scope::All, &all, "2027-02-14");
    assert_eq!(bars.len(), CHART_MONTHS);
    assert_eq!(bars[0].month, "2026-03");
    assert_eq!(bars[11].month, "2027-02");
    let october = bars.iter().find(|b| b.month == "2026-10").unwrap();
    assert_eq!(october.total(), 1);
    assert_eq!(october.count(DemandStatus::Resolved), 1); // d6
    let november = bars.iter().find(|b| b.month == "2026-11").unwrap();
    assert_eq!(november.total(), 5);
    assert_eq!(bars.iter().map(|b| b.total()).sum::<u64>(), 6);
    assert_eq!(
        bars.iter().find(|b| b.month == "2026-12").unwrap().total(),
        0
    );

    // A period across a year boundary, ending before today; scoped to community B.
    let winter = Period {
        from: "2026-10-15".into(),
        to: "2027-01-10".into(),
    };
    let scope = Scope::Communities(BTreeSet::from([B.to_string()]));
    let bars = month_chart(&dataset(), &scope, &winter, "2027-06-01");
    let months: Vec<&str> = bars.iter().map(|b| b.month.as_str()).collect();
    assert_eq!(months, ["2026-10", "2026-11", "2026-12", "2027-01"]);
    assert_eq!(bars[1].total(), 2); // d3, d4
    assert_eq!(bars[0].total(), 0, "d6 is in community A");

    // A period ending before it starts: no months at all.
    let backwards = Period {
        from: "2026-12-01".into(),
        to: "2026-11-01".into(),
    };
    assert!(month_chart(&dataset(), &Scope::All, &backwards, "2026-12-31").is_empty());
}

#[test]
fn demands_by_domain_and_by_community() {
    let mut data = dataset();
    data.demands[1].1.category = "livable_homes".into();
    data.demands[2].1.category = "parking".into(); // not one of the five domains
    let summaries = demand_summaries(&data);
    let by_domain = in_november(&summaries, &Scope::All).by_domain();
    assert_eq!(
        by_domain,
        vec![
            ("livable_homes".to_string(), 1),
            ("wellbeing".to_string(), 3),
            ("volunteering".to_string(), 0),
            ("cultural_integration".to_string(), 0),
            ("dispute_mediation".to_string(), 0),
            ("parking".to_string(), 1),
        ]
    );
    assert_eq!(by_domain.iter().map(|(_, n)| n).sum::<u64>(), 5);

    let by_community = in_november(&summaries, &Scope::All).by_community();
    assert_eq!(by_community.get(A), Some(&3));
    assert_eq!(by_community.get(B), Some(&2));
    assert_eq!(by_community.len(), 2);
    let scope = Scope::Communities(BTreeSet::from([B.to_string()]));
    let only_b = in_november(&summaries, &scope).by_community();
    assert_eq!(
        only_b.into_iter().collect::<Vec<_>>(),
        vec![(B.to_string(), 2)]
    );
}

#[test]
fn citizens_per_community_counts_active_citizens_only() {
    let mut data = dataset();
    data.members.push(member("c5", "citizen", None, true));
    let all = citizens_per_community(&data, &Scope::All);
    assert_eq!(
        all.get(&Some(A.to_string())),
        Some(&2),
        "the inactive one is left out"
    );
    assert_eq!(
        all.get(&Some(B.to_string())),
        Some(&1),
        "the legal envoy is not a citizen"
    );
    assert_eq!(all.get(&None), Some(&1));
    assert_eq!(all.values().sum::<u64>(), 4);
    let scope = Scope::Communities(BTreeSet::from([A.to_string()]));
    let only_a = citizens_per_community(&data, &scope);
    assert_eq!(
        only_a.into_iter().collect::<Vec<_>>(),
        vec![(Some(A.to_string()), 2)]
    );
}

/// The dashboard counts a district's demands in slices (`Counting`): the
/// parts added one after another, cut anywhere, give exactly the figures of
/// all of them counted at once, in every scope.
#[test]
fn counting_in_parts_gives_the_figures_of_counting_at_once() {
    let summaries = demand_summaries(&dataset());
    assert!(summaries.len() >= 5, "the fixture has demands to cut");
    for scope in [Scope::All, Scope::Communities([A.to_string()].into())] {
        let at_once = in_november(&summaries, &scope);
        for cut in 0..=summaries.len() {
            for step in 1..=summaries.len() {
                let mut counting = Counting::new(&november(), "2026-11-30", DEFAULT_OVERDUE_DAYS);
                counting.add(&summaries[..cut], &scope);
                for part in summaries[cut..].chunks(step) {
                    counting.add(part, &scope);
                }
                assert_eq!(
                    counting.done(),
                    at_once,
                    "cut at {cut}, then parts of {step}"
                );
            }
        }
    }
}

/// A report date: mostly well formed, sometimes not (a phone's clock or a
/// hand-typed import), which no month's bar counts.
fn report_date() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (2024i32..2028, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => prop::sample::select(vec!["", "2026-1-05", "2026-13-01", "2026-11", "20261105"])
            .prop_map(str::to_string),
    ]
}

proptest! {
    /// The month chart finds a demand's bar by arithmetic; each bar must
    /// still hold exactly the demands its definition names: reported in the
    /// period, on a date that starts with the bar's `YYYY-MM`.
    #[test]
    fn each_month_bar_counts_the_demands_reported_in_its_month(
        dates in prop::collection::vec(report_date(), 0..40),
        (from_year, from_month) in (2024i32..2028, 1u32..=12),
        (to_year, to_month) in (2024i32..2028, 1u32..=12),
        (today_year, today_month) in (2024i32..2029, 1u32..=12),
    ) {
        let data = Dataset {
            demands: dates
                .iter()
                .enumerate()
                .map(|(i, on)| demand(&format!("d{i}"), A, on))
                .collect(),
            ..Dataset::default()
        };
        let period = Period {
            from: format!("{from_year:04}-{from_month:02}-10"),
            to: format!("{to_year:04}-{to_month:02}-20"),
        };
        let today = format!("{today_year:04}-{today_month:02}-15");
        let bars = month_chart(&data, &Scope::All, &period, &today);
        prop_assert!(bars.len() <= CHART_MONTHS);
        for bar in &bars {
            let expected = dates
                .iter()
                .filter(|on| on.starts_with(bar.month.as_str()) && period.contains(on))
                .count() as u64;
            prop_assert_eq!(bar.total(), expected, "month {}", bar.month);
        }
    }
}
