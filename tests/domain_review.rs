//! Reviewed points (评审赋分): entries needing review count only once approved;
//! one review travels by bundle and settles the entry everywhere; two devices
//! reviewing differently make one visible conflict.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::{validate, Kind, PointsEntry, PointsRule};
use doorstep::domain::merge::{classify, merge_revisions, Change, MergeReport};
use doorstep::domain::points::{awards_for_activity, manual_entry};
use doorstep::domain::review::{
    review, review_id, review_state, reviewed_balance, rule_needs_review, with_needs_review,
    ReviewError, ReviewState, Verdict, NEEDS_REVIEW,
};
use doorstep::domain::revision::{self, Revision};
use serde_json::json;

const MEMBER: &str = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const COORDINATOR: &str = "8d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a";
const PHONE: &str = "11111111-1111-4111-8111-111111111111";
const OFFICE_A: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const OFFICE_B: &str = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

/// A representative's claim of 5 points and an ordinary award of 3, with ids.
fn entries() -> Vec<(String, PointsEntry)> {
    let claim = with_needs_review(
        manual_entry(MEMBER, 5, "组织楼道清洁志愿活动", "2026-11-20").unwrap(),
        true,
    );
    let ordinary = manual_entry(MEMBER, 3, "参加圆桌会议", "2026-11-21").unwrap();
    vec![
        ("e1000000-0000-4000-8000-000000000001".into(), claim),
        ("e2000000-0000-4000-8000-000000000002".into(), ordinary),
    ]
}

/// The review of the claim as device `device` writes it: a revision of the one review record.
fn review_on(device: &str, verdict: Verdict, reason: &str, wall_ms: u64) -> Revision {
    let (entry_id, entry) = &entries()[0];
    let data = review(
        entry_id,
        entry,
        verdict,
        reason,
        "2026-11-22",
        Some(COORDINATOR),
    )
    .unwrap();
    let mut clock = HlcClock::new(device);
    let mut rev = revision::create(
        Kind::PointsReview,
        serde_json::to_value(&data).unwrap(),
        &mut clock,
        wall_ms,
    );
    rev.id = review_id(entry_id);
    assert_eq!(rev.problems(), vec![], "a valid revision");
    rev
}

fn by_id(revs: Vec<Revision>) -> BTreeMap<String, Vec<Revision>> {
    let mut map: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    for rev in revs {
        map.entry(rev.id.clone()).or_default().push(rev);
    }
    map.into_iter()
        .map(|(id, revs)| (id, merge_revisions(revs)))
        .collect()
}

#[test]
fn pending_entries_do_not_count() {
    let entries = entries();
    assert_eq!(review_state(&entries[0].1, &[]), ReviewState::Pending);
    assert_eq!(review_state(&entries[1].1, &[]), ReviewState::NotNeeded);
    assert_eq!(
        reviewed_balance(MEMBER, &entries, &BTreeMap::new()),
        3,
        "only the ordinary entry counts while the claim waits"
    );
    assert_eq!(
        serde_json::to_value(&entries[0].1).unwrap()[NEEDS_REVIEW],
        json!(true)
    );
    assert_eq!(
        validate(
            "points_entry",
            &serde_json::to_value(&entries[0].1).unwrap()
        ),
        vec![]
    );
}

#[test]
fn an_approval_counts_a_rejection_does_not_and_both_need_a_reason() {
    let entries = entries();
    let approved = by_id(vec![review_on(
        OFFICE_A,
        Verdict::Approved,
        "有活动照片和签到表",
        1_000,
    )]);
    assert_eq!(reviewed_balance(MEMBER, &entries, &approved), 8);
    let rejected = by_id(vec![review_on(
        OFFICE_A,
        Verdict::Rejected,
        "活动未在社区登记",
        1_000,
    )]);
    assert_eq!(reviewed_balance(MEMBER, &entries, &rejected), 3);
    let (id, claim) = &entries[0];
    assert_eq!(
        review(id, claim, Verdict::Approved, "  ", "2026-11-22", None),
        Err(ReviewError::NoReason)
    );
    assert_eq!(
        review(
            &entries[1].0,
            &entries[1].1,
            Verdict::Approved,
            "ok",
            "2026-11-22",
            None
        ),
        Err(ReviewError::NotNeeded)
    );
}

#[test]
fn one_review_carried_by_a_bundle_settles_the_entry_on_every_device() {
    let entries = entries();
    let approval = review_on(OFFICE_A, Verdict::Approved, "属实", 1_000);
    // The phone that made the claim imports the office's bundle: same review id, one head.
    let on_phone = by_id(vec![approval.clone()]);
    let on_office = by_id(vec![approval.clone(), approval]);
    assert_eq!(on_phone, on_office, "importing twice changes nothing");
    assert_eq!(reviewed_balance(MEMBER, &entries, &on_phone), 8);
    // A later change of mind on the same device supersedes it everywhere.
    let first = review_on(OFFICE_A, Verdict::Approved, "属实", 1_000);
    let data = serde_json::to_value(
        review(
            &entries[0].0,
            &entries[0].1,
            Verdict::Rejected,
            "重复申报",
            "2026-11-23",
            None,
        )
        .unwrap(),
    )
    .unwrap();
    let mut clock = HlcClock::new(OFFICE_A);
    let second = revision::edit(std::slice::from_ref(&first), data, &mut clock, 2_000);
    let merged = by_id(vec![second, first]);
    assert_eq!(merged[&review_id(&entries[0].0)].len(), 1);
    assert_eq!(reviewed_balance(MEMBER, &entries, &merged), 3);
}

#[test]
fn two_devices_reviewing_differently_make_one_visible_conflict() {
    let entries = entries();
    let a = review_on(OFFICE_A, Verdict::Approved, "属实", 1_000);
    let b = review_on(OFFICE_B, Verdict::Rejected, "未登记", 1_500);
    let heads = merge_revisions(vec![a.clone(), b.clone()]);
    assert_eq!(heads.len(), 2, "neither review has seen the other");
    assert_eq!(
        classify(std::slice::from_ref(&a), &heads),
        Change::Conflicted
    );
    let mut report = MergeReport::default();
    report.record("points_review", &[a], &heads);
    assert_eq!(report.total().conflicted, 1, "one conflict, for one record");
    assert_eq!(review_state(&entries[0].1, &heads), ReviewState::Disputed);
    let reviews = BTreeMap::from([(review_id(&entries[0].0), heads)]);
    assert_eq!(
        reviewed_balance(MEMBER, &entries, &reviews),
        3,
        "a disputed claim does not count until resolved"
    );
    // Two devices that agree are not a dispute.
    let agree = merge_revisions(vec![
        review_on(OFFICE_A, Verdict::Approved, "属实", 1_000),
        review_on(OFFICE_B, Verdict::Approved, "核实无误", 1_500),
    ]);
    assert_eq!(review_state(&entries[0].1, &agree), ReviewState::Approved);
}

#[test]
fn a_rule_marked_needs_review_awards_pending_entries() {
    let activity: doorstep::domain::kinds::Activity = serde_json::from_value(json!({
        "type": "mediation", "title": "邻里纠纷联合调解", "on": "2026-11-20",
        "member_ids": [MEMBER], "attendees": 3, "materials": 0, "demand_ids": [],
    }))
    .unwrap();
    let plain: PointsRule = serde_json::from_value(
        json!({ "code": "mediation_joined", "name": "参与矛盾调解", "points": 5 }),
    )
    .unwrap();
    let awards = awards_for_activity(PHONE, &activity, std::slice::from_ref(&plain));
    assert!(!doorstep::domain::review::needs_review(&awards[0].entry));
    let mut reviewed = plain.clone();
    reviewed.extra.insert(NEEDS_REVIEW.into(), json!(true));
    assert!(rule_needs_review(&reviewed));
    let awards = awards_for_activity(PHONE, &activity, &[reviewed]);
    assert_eq!(awards.len(), 1);
    assert!(doorstep::domain::review::needs_review(&awards[0].entry));
    let list = vec![(awards[0].id.clone(), awards[0].entry.clone())];
    assert_eq!(reviewed_balance(MEMBER, &list, &BTreeMap::new()), 0);
}
