//! Service points: default rules, balances, automatic awards that never count twice, redemption.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::domain::kinds::{validate, Demand, DemandEvent, PointsEntry};
use doorstep::domain::merge::{merge_all, merge_revisions};
use doorstep::domain::points::{
    awards_for_demand, awards_for_event, balance, default_rule_revisions, edited_rule,
    manual_entry, redemption, rule_id, rule_name, split_lists, PointsError, DEFAULT_RULES,
};
use doorstep::domain::revision::Revision;
use serde_json::json;

const ALICE: &str = "11111111-1111-4111-8111-111111111111";
const BOB: &str = "22222222-2222-4222-8222-222222222222";
const DEMAND: &str = "33333333-3333-4333-8333-333333333333";
const EVENT: &str = "44444444-4444-4444-8444-444444444444";

fn demand() -> Demand {
    serde_json::from_value(json!({
        "community_id": "55555555-5555-4555-8555-555555555555", "reported_on": "2026-11-01",
        "reported_by": ALICE, "source": "door_visit", "category": "wellbeing", "urgency": "normal",
        "title": "楼道灯不亮", "description": "3号楼2单元",
    }))
    .unwrap()
}

fn resolved_event() -> DemandEvent {
    serde_json::from_value(json!({
        "demand_id": DEMAND, "at": "2026-11-10T09:30:00+08:00", "by": BOB,
        "type": "status", "status": "resolved",
    }))
    .unwrap()
}

fn entry(member: &str, points: i64) -> PointsEntry {
    manual_entry(member, points, "test", "2026-11-20").unwrap()
}

#[test]
fn default_rules_are_the_same_valid_records_on_every_device() {
    let first = default_rule_revisions();
    let second = default_rule_revisions();
    assert_eq!(first, second);
    assert_eq!(first.len(), DEFAULT_RULES.len());
    let mut ids: Vec<&str> = first.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), DEFAULT_RULES.len(), "one id per rule");
    for rev in &first {
        assert!(rev.problems().is_empty(), "{:?}", rev.problems());
    }
    // Seeding twice, from two devices, stores each rule once.
    let merged = merge_all(first, second);
    assert!(merged.values().all(|heads| heads.len() == 1));
    let rules: Vec<(String, _)> = default_rule_revisions()
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                serde_json::from_value(r.data.clone().unwrap()).unwrap(),
            )
        })
        .collect();
    let (positive, negative) = split_lists(&rules);
    assert_eq!(positive.len(), 7);
    assert_eq!(negative.len(), 2);
    assert!(negative.iter().all(|(_, r)| r.points < 0));
}

#[test]
fn balance_sums_only_the_members_entries() {
    let entries = vec![
        entry(ALICE, 5),
        entry(BOB, 3),
        entry(ALICE, -2),
        entry(ALICE, 10),
    ];
    assert_eq!(balance(ALICE, &entries), 13);
    assert_eq!(balance(BOB, &entries), 3);
    assert_eq!(balance("nobody", &entries), 0);
}

#[test]
fn a_resolution_awards_the_reporter_with_a_valid_entry() {
    let awards = awards_for_event(EVENT, &resolved_event(), Some(&demand()), &[]);
    assert_eq!(awards.len(), 1);
    let award = &awards[0];
    assert_eq!(
        award.entry.member_id, ALICE,
        "the reporter, not who resolved it"
    );
    assert_eq!(award.entry.points, 5);
    assert_eq!(award.entry.on, "2026-11-10");
    assert_eq!(
        award.entry.rule_id.as_deref(),
        Some(rule_id("demand_resolved").as_str())
    );
    assert_eq!(award.entry.reference.as_ref().unwrap().id, DEMAND);
    let rev = award.revision();
    assert!(validate("points_entry", rev.data.as_ref().unwrap()).is_empty());
    // A demand without a reporter, or a mere note, earns nothing.
    let mut anonymous = demand();
    anonymous.reported_by = None;
    assert!(awards_for_event(EVENT, &resolved_event(), Some(&anonymous), &[]).is_empty());
    let mut note = resolved_event();
    note.status = None;
    note.event_type = doorstep::domain::kinds::EventType::Note;
    assert!(awards_for_event(EVENT, &note, Some(&demand()), &[]).is_empty());
    assert_eq!(awards_for_demand(DEMAND, &demand(), &[])[0].entry.points, 2);
}

#[test]
fn a_rule_changed_by_a_coordinator_sets_the_points() {
    let mut rule: doorstep::domain::kinds::PointsRule =
        serde_json::from_value(default_rule_revisions()[1].data.clone().unwrap()).unwrap();
    assert_eq!(rule.code, "demand_resolved");
    rule.points = 8;
    let awards = awards_for_event(EVENT, &resolved_event(), Some(&demand()), &[rule]);
    assert_eq!(awards[0].entry.points, 8);
}

#[test]
fn two_devices_importing_the_same_resolved_demand_make_one_entry() {
    // Each device computes the award from the same imported event.
    let on_a: Vec<Revision> = awards_for_event(EVENT, &resolved_event(), Some(&demand()), &[])
        .iter()
        .map(|a| a.revision())
        .collect();
    let on_b: Vec<Revision> = awards_for_event(EVENT, &resolved_event(), Some(&demand()), &[])
        .iter()
        .map(|a| a.revision())
        .collect();
    assert_eq!(on_a, on_b, "identical content, identical revision");
    // A exports to B, B to A, and both to a third device: still one record, one head.
    let merged = merge_all(on_a.clone(), on_b.clone());
    assert_eq!(merged.len(), 1);
    let heads = merge_revisions(
        on_a.into_iter()
            .chain(on_b)
            .chain(merged.into_values().flatten()),
    );
    assert_eq!(heads.len(), 1, "no conflict, no second entry");
    let entries: Vec<PointsEntry> = heads
        .iter()
        .map(|r| serde_json::from_value(r.data.clone().unwrap()).unwrap())
        .collect();
    assert_eq!(balance(ALICE, &entries), 5, "awarded once");

    // Resolving again later (reopened, then resolved) is the same award: one entry.
    let mut again = resolved_event();
    again.at = "2026-11-10T17:00:00+08:00".into();
    let later = awards_for_event(
        "66666666-6666-4666-8666-666666666666",
        &again,
        Some(&demand()),
        &[],
    );
    assert_eq!(later[0].id, heads[0].id);
}

#[test]
fn redemption_refuses_to_go_below_zero() {
    let entries = vec![entry(ALICE, 12)];
    let have = balance(ALICE, &entries);
    assert_eq!(
        redemption(ALICE, have, 15, "餐券", "2026-11-20"),
        Err(PointsError::NotEnough {
            balance: 12,
            cost: 15
        })
    );
    assert_eq!(
        redemption(ALICE, have, 0, "餐券", "2026-11-20"),
        Err(PointsError::BadCost)
    );
    let spent = redemption(ALICE, have, 12, "餐券", "2026-11-20").unwrap();
    assert_eq!(spent.points, -12);
    let after = [entries, vec![spent]].concat();
    assert_eq!(balance(ALICE, &after), 0, "down to exactly zero is allowed");
    assert!(matches!(
        redemption(ALICE, 0, 1, "餐券", "2026-11-20"),
        Err(PointsError::NotEnough { .. })
    ));
    assert!(!PointsError::NotEnough {
        balance: 0,
        cost: 1
    }
    .text()
    .zh
    .is_empty());
    assert_eq!(
        manual_entry(ALICE, 0, "x", "2026-11-20"),
        Err(PointsError::Incomplete)
    );
    assert_eq!(
        manual_entry(ALICE, 3, "  ", "2026-11-20"),
        Err(PointsError::Incomplete)
    );
}

#[test]
fn a_coordinator_edit_of_a_rule_is_a_new_revision_that_dominates_the_seed() {
    use doorstep::domain::clock::HlcClock;
    use doorstep::domain::kinds::{PointsRule, Team};
    use doorstep::domain::revision;
    use doorstep::i18n::Lang;

    let seed = default_rule_revisions()
        .into_iter()
        .find(|r| r.id == rule_id("demand_resolved"))
        .unwrap();
    let rule: PointsRule = serde_json::from_value(seed.data.clone().unwrap()).unwrap();
    assert_eq!(rule_name(&rule, Lang::En), "Demand resolved");

    let edited = edited_rule(
        &rule,
        " 需求办结（含回访） ",
        "Demand resolved and followed up",
        8,
        Some(Team::Citizen),
    )
    .unwrap();
    assert_eq!(
        edited.code, "demand_resolved",
        "the code is kept: awards still find it"
    );
    assert_eq!(edited.name, "需求办结（含回访）");
    assert_eq!(
        rule_name(&edited, Lang::En),
        "Demand resolved and followed up"
    );
    assert_eq!((edited.points, edited.team), (8, Some(Team::Citizen)));
    let data = serde_json::to_value(&edited).unwrap();
    assert!(
        validate("points_rule", &data).is_empty(),
        "{:?}",
        validate("points_rule", &data)
    );

    // Stored as an ordinary edit: same id, it dominates the seed, and merging
    // it with the seed (also re-seeded on another device) keeps only the edit.
    let mut clock = HlcClock::new(ALICE);
    let rev = revision::edit(
        std::slice::from_ref(&seed),
        data,
        &mut clock,
        1_795_000_000_000,
    );
    assert_eq!(rev.id, seed.id);
    assert!(rev.dominates(&seed));
    let heads = merge_revisions(
        [
            seed.clone(),
            rev.clone(),
            default_rule_revisions().remove(1),
        ]
        .into_iter()
        .filter(|r| r.id == seed.id),
    );
    assert_eq!(heads, vec![rev]);

    // The edited points are what an award now gives.
    let awards = awards_for_event(
        EVENT,
        &resolved_event(),
        Some(&demand()),
        std::slice::from_ref(&edited),
    );
    assert_eq!(awards[0].entry.points, 8);

    // A negative value moves it to the negative list; an empty English name is removed; a name is required.
    let negative = edited_rule(&edited, "需求办结", "", -1, None).unwrap();
    assert_eq!(rule_name(&negative, Lang::En), "需求办结");
    let (positive, negative_list) = split_lists(&[("x".to_string(), negative)]);
    assert!(positive.is_empty() && negative_list.len() == 1);
    assert_eq!(
        edited_rule(&rule, "  ", "x", 3, None),
        Err(PointsError::NoRuleName)
    );
}

#[test]
fn a_rule_for_one_team_awards_only_that_teams_members() {
    use doorstep::domain::kinds::{PointsRule, Team};
    use doorstep::domain::points::within_team;
    let awards = awards_for_demand(DEMAND, &demand(), &[]);
    assert_eq!(awards.len(), 1);
    let for_envoys = PointsRule {
        code: "demand_recorded".into(),
        name: "记录需求".into(),
        points: 2,
        team: Some(Team::LegalEnvoy),
        extra: Default::default(),
    };
    let rules = [for_envoys.clone()];
    let citizen = |_: &str| Some(Team::Citizen);
    assert!(
        within_team(awards.clone(), &rules, citizen).is_empty(),
        "the reporter is a citizen"
    );
    let envoy = |_: &str| Some(Team::LegalEnvoy);
    assert_eq!(within_team(awards.clone(), &rules, envoy).len(), 1);
    let unknown = |_: &str| None;
    assert_eq!(
        within_team(awards.clone(), &rules, unknown).len(),
        1,
        "an unknown member is not held back"
    );
    let any_team = [PointsRule {
        team: None,
        ..for_envoys
    }];
    assert_eq!(within_team(awards, &any_team, citizen).len(), 1);
}
