//! Residents' decisions (民事民定): votes counted against the attendance, budgets
//! funded by votes, micro-projects started by a decision, and funding by source.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::domain::decision::{
    check, decisions, micro_project, started_by, tally, votes_cast, with_decision, Decision,
    DecisionError, VoteMethod, VoteOption,
};
use doorstep::domain::funding::{funding, spent, with_funding, Funding};
use doorstep::domain::kinds::{validate, Activity, Outcome, OutcomeType};
use serde_json::json;

const ACTIVITY: &str = "a0000000-0000-4000-8000-000000000001";
const DECISION: &str = "d0000000-0000-4000-8000-000000000001";

fn roundtable(attendees: u64) -> Activity {
    serde_json::from_value(json!({
        "type": "roundtable", "title": "一刻钟圆桌会议", "on": "2026-11-20",
        "community_id": "c0000000-0000-4000-8000-000000000001",
        "member_ids": ["ab000000-0000-4000-8000-000000000001"],
        "attendees": attendees, "materials": 0, "demand_ids": [],
    }))
    .unwrap()
}

fn yes_no(for_: u64, against: u64, abstain: u64) -> Decision {
    Decision {
        id: DECISION.into(),
        question: "是否在空地建设睦邻广场".into(),
        method: VoteMethod::YesNo,
        votes_for: Some(for_),
        against: Some(against),
        abstain: Some(abstain),
        options: Vec::new(),
        budget_fen: None,
        result: "同意建设".into(),
        extra: Default::default(),
    }
}

fn option(label: &str, votes: u64, cost_fen: Option<u64>) -> VoteOption {
    VoteOption {
        label: label.into(),
        votes,
        cost_fen,
        extra: Default::default(),
    }
}

fn budget(budget_fen: u64, options: Vec<VoteOption>) -> Decision {
    Decision {
        method: VoteMethod::Budget,
        votes_for: None,
        against: None,
        abstain: None,
        options,
        budget_fen: Some(budget_fen),
        ..yes_no(0, 0, 0)
    }
}

#[test]
fn yes_no_votes_are_counted_against_those_present() {
    let d = yes_no(13, 7, 5);
    assert_eq!(votes_cast(&d), 25);
    assert_eq!(check(&d, 25), Ok(()), "every one present voted");
    let t = tally(&d, 25);
    assert_eq!(t.carried, Some(true), "13 of 25 present is more than half");
    // Exactly half of those present is not a majority; silence is not agreement.
    assert_eq!(tally(&yes_no(13, 2, 0), 26).carried, Some(false));
    assert_eq!(tally(&yes_no(14, 2, 0), 26).carried, Some(true));
}

#[test]
fn more_votes_than_people_present_are_refused() {
    let d = yes_no(20, 5, 2);
    assert_eq!(
        check(&d, 25),
        Err(DecisionError::VotesOverAttendance {
            cast: 27,
            attendance: 25
        })
    );
    let text = DecisionError::VotesOverAttendance {
        cast: 27,
        attendance: 25,
    }
    .text();
    assert!(text.zh.contains("27") && text.zh.contains("25") && text.zh.contains("未保存"));
    assert!(text.en.contains("Nothing was saved"));
    // Recording it on the activity is refused too, and so is a record carrying it.
    assert_eq!(
        with_decision(roundtable(25), d.clone()).unwrap_err(),
        DecisionError::VotesOverAttendance {
            cast: 27,
            attendance: 25
        }
    );
    let mut data = serde_json::to_value(roundtable(25)).unwrap();
    data["decisions"] = json!([serde_json::to_value(&d).unwrap()]);
    let problems = validate("activity", &data);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].field, "decisions[0]");
    // Lowering the attendance below the votes already recorded is refused as well.
    let ok = with_decision(roundtable(30), d).unwrap();
    let mut lowered = serde_json::to_value(ok).unwrap();
    lowered["attendees"] = json!(26);
    assert_eq!(validate("activity", &lowered).len(), 1);
    lowered["attendees"] = json!(27);
    assert_eq!(validate("activity", &lowered), vec![]);
}

#[test]
fn a_choice_has_a_winner_unless_tied() {
    let mut d = yes_no(0, 0, 0);
    d.method = VoteMethod::Choice;
    d.votes_for = None;
    d.against = None;
    d.abstain = None;
    d.options = vec![
        option("公益南路空地", 18, None),
        option("停车场旁", 9, None),
    ];
    assert_eq!(check(&d, 30), Ok(()));
    assert_eq!(tally(&d, 30).winner, Some(0));
    d.options[1].votes = 18;
    assert_eq!(tally(&d, 36).winner, None, "a tie has no winner");
    d.options.pop();
    assert_eq!(check(&d, 36), Err(DecisionError::TooFewOptions));
}

#[test]
fn a_participatory_budget_funds_by_votes_within_the_budget() {
    // Budget ¥50,000: 楼道灯 ¥8,000 (26 votes), 充电桩 ¥35,000 (19), 课堂 ¥12,000 (11).
    let d = budget(
        5_000_000,
        vec![
            option("楼道灯维修", 26, Some(800_000)),
            option("增设电动车充电桩", 19, Some(3_500_000)),
            option("开设四点半课堂", 11, Some(1_200_000)),
        ],
    );
    assert_eq!(check(&d, 56), Ok(()));
    let t = tally(&d, 56);
    // 8,000 + 35,000 = 43,000 funded; 12,000 more would exceed 50,000.
    assert_eq!(t.funded, vec![0, 1]);
    assert_eq!(t.funded_fen, 4_300_000);
    // A cheaper proposal further down still gets what is left.
    let d2 = budget(
        5_000_000,
        vec![
            option("A", 30, Some(4_000_000)),
            option("B", 20, Some(2_000_000)),
            option("C", 10, Some(900_000)),
            option("D", 0, Some(100)),
        ],
    );
    let t2 = tally(&d2, 60);
    assert_eq!(
        t2.funded,
        vec![0, 2],
        "B no longer fits, C does; D has no vote"
    );
    assert_eq!(t2.funded_fen, 4_900_000);
    // A proposal without its cost cannot be voted in a budget.
    let missing = budget(5_000_000, vec![option("A", 3, None)]);
    assert_eq!(check(&missing, 10), Err(DecisionError::MissingCost));
    assert_eq!(
        check(&d, 55),
        Err(DecisionError::VotesOverAttendance {
            cast: 56,
            attendance: 55
        })
    );
}

#[test]
fn a_decision_starts_a_micro_project_that_names_it() {
    let activity = with_decision(roundtable(36), yes_no(31, 2, 3)).unwrap();
    assert_eq!(decisions(&activity).len(), 1);
    let again = with_decision(activity.clone(), yes_no(30, 3, 3)).unwrap();
    assert_eq!(decisions(&again).len(), 1, "the same id replaces, not adds");
    assert_eq!(decisions(&again)[0].votes_for, Some(30));

    let outcome = micro_project(ACTIVITY, &activity, &decisions(&activity)[0], "2026-11-21");
    assert_eq!(outcome.outcome_type, OutcomeType::MicroProject);
    assert_eq!(outcome.title, "同意建设");
    assert_eq!(outcome.community_id, activity.community_id);
    assert_eq!(outcome.activity_ids, vec![ACTIVITY.to_string()]);
    assert_eq!(outcome.member_ids, activity.member_ids);
    assert_eq!(
        started_by(&outcome),
        Some((ACTIVITY.to_string(), DECISION.to_string()))
    );
    let data = serde_json::to_value(&outcome).unwrap();
    assert_eq!(validate("outcome", &data), vec![]);
    assert_eq!(data["decision"]["decision_id"], DECISION);
}

#[test]
fn funding_is_kept_by_source_and_apart_from_spending() {
    let old: Outcome = serde_json::from_value(json!({
        "type": "micro_project", "title": "睦邻广场", "on": "2026-10-01",
        "funds_fen": 24_750_000, "beneficiaries": 0,
    }))
    .unwrap();
    assert_eq!(funding(&old), None, "an older record has only a total");
    assert_eq!(spent(&old), None);
    assert_eq!(old.funds_fen, 24_750_000, "and it is still read");

    let sources = Funding {
        government_fen: 3_000_000,
        social_fen: 800_000,
        residents_fen: 500_050,
    };
    assert_eq!(sources.total_fen(), 4_300_050);
    let outcome = with_funding(old.clone(), Some(sources), Some(3_920_000));
    assert_eq!(funding(&outcome), Some(sources));
    assert_eq!(spent(&outcome), Some(3_920_000));
    assert_eq!(
        outcome.funds_fen, 4_300_050,
        "the total every version reads is the sum raised"
    );
    let data = serde_json::to_value(&outcome).unwrap();
    assert_eq!(
        data["funding_fen"],
        json!({ "government": 3_000_000, "social": 800_000, "residents": 500_050 })
    );
    assert_eq!(data["spent_fen"], 3_920_000);
    assert_eq!(validate("outcome", &data), vec![]);
    // Through a bundle's JSON and back: nothing is lost.
    let back: Outcome = serde_json::from_value(data.clone()).unwrap();
    assert_eq!(funding(&back), Some(sources));

    // Removing the sources keeps the outcome readable as before.
    let cleared = with_funding(outcome, None, None);
    assert_eq!(funding(&cleared), None);
    assert_eq!(spent(&cleared), None);

    // Money is whole fen, never negative.
    let mut bad = data;
    bad["funding_fen"]["social"] = json!(-1);
    bad["spent_fen"] = json!(1.5);
    let fields: Vec<String> = validate("outcome", &bad)
        .into_iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(fields, vec!["funding_fen.social", "spent_fen"]);
}
