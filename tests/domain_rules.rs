//! Rules that used to live in the pages, now in `domain/`: what a referral
//! writes, that a capture at a door is a demand plus a visit, which default
//! rules and rewards a device still needs, and the redemption check made
//! against the entries as stored.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::domain::canvass::capture_visit;
use doorstep::domain::kinds::{
    validate, Activity, DemandStatus, EventType, Kind, Team, Topic, VisitOutcome,
};
use doorstep::domain::points::{
    check_redemption, default_reward_id, default_reward_revisions, default_rule_revisions,
    is_redemption, manual_entry, missing_defaults, redemption, rule_id, PointsError,
    DEFAULT_REWARDS, DEFAULT_RULES,
};
use doorstep::domain::referral::{
    referral_events, roundtable_with, topic_with, ReferralTarget, TO_ACTIVITY, TO_BODY,
};
use serde_json::json;

const DEMAND: &str = "33333333-3333-4333-8333-333333333333";
const ENVOY: &str = "11111111-1111-4111-8111-111111111111";
const TOPIC: &str = "66666666-6666-4666-8666-666666666666";
const ROUNDTABLE: &str = "77777777-7777-4777-8777-777777777777";
const DOOR: &str = "88888888-8888-4888-8888-888888888888";
const AT: &str = "2026-11-20T09:30:00.000Z";

#[test]
fn a_referral_is_the_referral_and_the_status_change_as_valid_typed_events() {
    let [referral, status] = referral_events(
        DEMAND,
        AT,
        Some(ENVOY),
        &ReferralTarget::LegalEnvoy {
            member_id: Some(ENVOY.into()),
        },
        Some("  请法务特派员联系  "),
    );
    assert_eq!(referral.event_type, EventType::Referral);
    assert_eq!(referral.to_team, Some(Team::LegalEnvoy));
    assert_eq!(referral.to_member.as_deref(), Some(ENVOY));
    assert_eq!(referral.text.as_deref(), Some("请法务特派员联系"));
    assert_eq!(status.event_type, EventType::Status);
    assert_eq!(status.status, Some(DemandStatus::Referred));
    for event in [&referral, &status] {
        assert_eq!((event.demand_id.as_str(), event.at.as_str()), (DEMAND, AT));
        assert_eq!(event.by.as_deref(), Some(ENVOY));
        let data = serde_json::to_value(event).unwrap();
        assert!(validate("demand_event", &data).is_empty(), "{data}");
        // Absent fields are absent, not null.
        assert!(data.as_object().unwrap().values().all(|v| !v.is_null()));
    }
    // The status event says nothing but the status.
    assert_eq!(status.text, None);
    assert_eq!(status.to_team, None);
}

#[test]
fn a_referral_to_the_party_committee_is_carried_by_the_citizens_committee_and_names_the_body() {
    let [referral, status] = referral_events(
        DEMAND,
        AT,
        None,
        &ReferralTarget::PartyCommittee,
        Some("提请社区党委研究"),
    );
    // Older versions read a referral to the citizens' committee they know.
    assert_eq!(referral.to_team, Some(Team::Citizen));
    assert_eq!(
        referral.extra.get(TO_BODY).and_then(|v| v.as_str()),
        Some(doorstep::domain::kinds::PARTY_COMMITTEE)
    );
    assert_eq!(referral.to_member, None);
    assert_eq!(status.status, Some(DemandStatus::Referred));
    let data = serde_json::to_value(&referral).unwrap();
    assert!(validate("demand_event", &data).is_empty(), "{data}");
}

#[test]
fn a_referral_names_its_roundtable_or_topic_and_writes_no_ui_text() {
    let [to_roundtable, _] = referral_events(
        DEMAND,
        AT,
        None,
        &ReferralTarget::Roundtable {
            activity_id: Some(ROUNDTABLE.into()),
        },
        None,
    );
    assert_eq!(to_roundtable.to_team, Some(Team::Citizen));
    assert_eq!(to_roundtable.extra[TO_ACTIVITY], json!(ROUNDTABLE));
    assert_eq!(to_roundtable.by, None);

    let [to_topic, _] = referral_events(
        DEMAND,
        AT,
        None,
        &ReferralTarget::Topic {
            topic_id: Some(TOPIC.into()),
        },
        Some("   "),
    );
    assert_eq!(to_topic.to_team, Some(Team::Expert));
    assert_eq!(to_topic.to_topic.as_deref(), Some(TOPIC));
    assert_eq!(
        to_topic.text, None,
        "a blank note is no text, in no language"
    );
}

#[test]
fn the_roundtable_and_topic_list_the_demand_once() {
    let activity: Activity = serde_json::from_value(json!({
        "type": "roundtable", "title": "议事会", "on": "2026-11-25",
        "member_ids": [], "demand_ids": [], "attendees": 0, "materials": 0,
    }))
    .unwrap();
    let listed = roundtable_with(&activity, DEMAND).expect("added");
    assert_eq!(listed.demand_ids, vec![DEMAND.to_string()]);
    assert_eq!(roundtable_with(&listed, DEMAND), None, "already there");

    let topic: Topic = serde_json::from_value(json!({
        "title": "加装电梯", "origin": "demands", "demand_ids": [DEMAND],
        "expert_ids": [], "status": "proposed",
    }))
    .unwrap();
    assert_eq!(topic_with(&topic, DEMAND), None);
    let other = "99999999-9999-4999-8999-999999999999";
    assert_eq!(topic_with(&topic, other).unwrap().demand_ids.len(), 2);
}

#[test]
fn a_capture_at_a_door_is_a_talked_visit_linking_the_demand() {
    let visit = capture_visit(DOOR, Some(ENVOY), AT, DEMAND);
    assert_eq!(visit.household_id, DOOR);
    assert_eq!(visit.outcome, VisitOutcome::Talked);
    assert_eq!(visit.demand_ids, vec![DEMAND.to_string()]);
    assert_eq!(visit.member_id.as_deref(), Some(ENVOY));
    assert!(validate("visit", &serde_json::to_value(&visit).unwrap()).is_empty());
    // A phone not linked to a member still records the visit, with no member.
    let anonymous = serde_json::to_value(capture_visit(DOOR, None, AT, DEMAND)).unwrap();
    assert!(anonymous.get("member_id").is_none());
    assert!(validate("visit", &anonymous).is_empty());
}

fn ids(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

#[test]
fn a_device_is_seeded_with_the_defaults_only_while_one_is_missing() {
    let rules: Vec<String> = DEFAULT_RULES.iter().map(|d| rule_id(d.code)).collect();
    let rewards: Vec<String> = DEFAULT_REWARDS
        .iter()
        .map(|(zh, _, _)| default_reward_id(zh))
        .collect();

    // A new device: every default rule and reward.
    let all = missing_defaults([], []);
    assert_eq!(all.len(), DEFAULT_RULES.len() + DEFAULT_REWARDS.len());
    let mut expected = default_rule_revisions();
    expected.extend(default_reward_revisions());
    assert_eq!(all, expected);

    // Everything there: nothing to write.
    assert!(missing_defaults(ids(&rules), ids(&rewards)).is_empty());

    // One rule deleted (no longer live): the rules are written again (the
    // deletion dominates the seed), the rewards are not.
    let again = missing_defaults(ids(&rules[1..]), ids(&rewards));
    assert_eq!(again, default_rule_revisions());
    assert!(again.iter().all(|r| r.kind == Kind::PointsRule.as_str()));

    // A coordinator's own extra rule does not stand in for a default one.
    let mut with_extra = ids(&rules[1..]);
    with_extra.push("an-extra-rule");
    assert_eq!(
        missing_defaults(with_extra, ids(&rewards)),
        default_rule_revisions()
    );
}

#[test]
fn a_redemption_is_checked_against_the_entries_as_stored() {
    let member = ENVOY;
    let earned = manual_entry(member, 12, "议事会", "2026-11-01").unwrap();
    // Shown a balance of 12, the member redeems 10 …
    let first = redemption(member, 12, 10, "理发", "2026-11-20").unwrap();
    assert!(is_redemption(&first));
    assert_eq!(
        check_redemption(&first, std::slice::from_ref(&earned)),
        Ok(())
    );
    // … and, from the same stale page, 10 again: as stored, only 2 are left.
    let second = redemption(member, 12, 10, "理发", "2026-11-20").unwrap();
    assert_eq!(
        check_redemption(&second, &[earned.clone(), first.clone()]),
        Err(PointsError::NotEnough {
            balance: 2,
            cost: 10
        })
    );
    // Another member's entries do not count towards this member's balance.
    let other = manual_entry(DOOR, 100, "x", "2026-11-01").unwrap();
    assert_eq!(
        check_redemption(&second, &[other, first.clone()]),
        Err(PointsError::NotEnough {
            balance: -10,
            cost: 10
        })
    );
    // Entries that are not redemptions are not limited (a coordinator's correction).
    let correction = manual_entry(member, -50, "更正", "2026-11-21").unwrap();
    assert!(!is_redemption(&correction));
    assert_eq!(check_redemption(&correction, &[]), Ok(()));
}
