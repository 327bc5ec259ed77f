//! Service points across devices: automatic awards two devices wrote
//! differently settle into one entry, and the negative list's deductions
//! (overdue demands, roundtables missed after sign-up) are made once.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use doorstep::domain::kinds::{validate, Activity, Demand, DemandEvent, PointsEntry, PointsRule};
use doorstep::domain::merge::{merge_all, Change, MergeReport};
use doorstep::domain::points::{
    awards_for_event, balance, is_seed_award, manual_entry, missed_roundtable_awards,
    overdue_awards, responsible_member, settle_award, signed_up, with_signed_up, SIGNED_UP,
};
use doorstep::domain::revision::Revision;
use serde_json::json;

const ALICE: &str = "11111111-1111-4111-8111-111111111111";
const BOB: &str = "22222222-2222-4222-8222-222222222222";
const CAROL: &str = "77777777-7777-4777-8777-777777777777";
const DEMAND: &str = "33333333-3333-4333-8333-333333333333";
const ACTIVITY: &str = "88888888-8888-4888-8888-888888888888";

/// A device's store: record id -> heads (shown first).
type Device = BTreeMap<String, Vec<Revision>>;

fn demand() -> Demand {
    serde_json::from_value(json!({
        "community_id": "55555555-5555-4555-8555-555555555555", "reported_on": "2026-11-01",
        "reported_by": ALICE, "source": "door_visit", "category": "wellbeing", "urgency": "normal",
        "title": "楼道灯不亮", "description": "3号楼2单元",
    }))
    .unwrap()
}

fn event(at: &str, value: serde_json::Value) -> DemandEvent {
    let mut data = json!({ "demand_id": DEMAND, "at": at });
    data.as_object_mut()
        .unwrap()
        .extend(value.as_object().unwrap().clone());
    serde_json::from_value(data).unwrap()
}

fn resolved_on(day: &str) -> DemandEvent {
    event(
        &format!("{day}T09:30:00+08:00"),
        json!({ "by": BOB, "type": "status", "status": "resolved" }),
    )
}

fn all(device: &Device) -> Vec<Revision> {
    device.values().flatten().cloned().collect()
}

/// Imports `incoming` into `device`, then runs the award sweep's settlement
/// (what `sweep_awards` does after an import).
fn import(device: &Device, incoming: &Device) -> Device {
    let mut merged = merge_all(all(device), all(incoming));
    let settled: Vec<Revision> = merged.values().filter_map(|h| settle_award(h)).collect();
    if !settled.is_empty() {
        merged = merge_all(merged.into_values().flatten().collect(), settled);
    }
    merged
}

fn device_with(revs: Vec<Revision>) -> Device {
    merge_all(Vec::new(), revs)
}

fn entries(device: &Device) -> Vec<PointsEntry> {
    // The reader counts the shown head of each record.
    device
        .values()
        .filter_map(|heads| heads.first())
        .filter(|r| r.kind == "points_entry" && !r.deleted)
        .map(|r| serde_json::from_value(r.data.clone().unwrap()).unwrap())
        .collect()
}

fn resolution_award(day: &str, rules: &[PointsRule]) -> Revision {
    let awards = awards_for_event(
        "44444444-4444-4444-8444-444444444444",
        &resolved_on(day),
        Some(&demand()),
        rules,
    );
    assert_eq!(awards.len(), 1);
    awards[0].revision()
}

#[test]
fn two_devices_resolving_one_demand_on_different_days_end_with_one_identical_entry() {
    let a = device_with(vec![resolution_award("2026-11-10", &[])]);
    let b = device_with(vec![resolution_award("2026-11-12", &[])]);
    let id = a.keys().next().unwrap().clone();
    assert_eq!(b.keys().next(), Some(&id), "one entry id on both devices");
    assert_ne!(a[&id], b[&id], "but different data: the days differ");

    // Merged without the sweep, they are siblings; the sweep settles them.
    let unswept = merge_all(all(&a), all(&b));
    assert_eq!(unswept[&id].len(), 2);
    assert_eq!(
        balance(ALICE, &entries(&unswept)),
        5,
        "the reader counts one head"
    );

    // Both ways round.
    let a2 = import(&a, &b);
    let b2 = import(&b, &a);
    assert_eq!(a2[&id].len(), 1, "one live head on A");
    assert_eq!(b2[&id].len(), 1, "one live head on B");
    assert_eq!(a2[&id][0].canonical(), b2[&id][0].canonical(), "same bytes");
    let settled = &a2[&id][0];
    assert_eq!(
        settled.data.as_ref().unwrap()["on"],
        json!("2026-11-10"),
        "the earliest day is kept"
    );
    assert!(settled.problems().is_empty(), "{:?}", settled.problems());
    assert!(is_seed_award(settled));
    assert_eq!(balance(ALICE, &entries(&a2)), 5);
    assert_eq!(balance(ALICE, &entries(&b2)), 5);

    // Exchanging again, or an old bundle with a stale version, changes nothing.
    assert_eq!(import(&a2, &b2), a2);
    assert_eq!(import(&b2, &a), b2);
    // Re-awarding on either device afterwards is dominated.
    let again = import(&a2, &device_with(vec![resolution_award("2026-11-15", &[])]));
    assert_eq!(again, a2);
}

#[test]
fn three_devices_converge_whatever_order_they_exchange_in() {
    let rule_changed: PointsRule = serde_json::from_value(json!({
        "code": "demand_resolved", "name": "需求办结", "points": 8
    }))
    .unwrap();
    let a = device_with(vec![resolution_award("2026-11-10", &[])]);
    let b = device_with(vec![resolution_award("2026-11-12", &[])]);
    // C had a coordinator's new points for the rule: same day as A, other points.
    let c = device_with(vec![resolution_award(
        "2026-11-10",
        std::slice::from_ref(&rule_changed),
    )]);
    let ab = import(&a, &b);
    let ca = import(&c, &a);
    // Then everyone gets everything.
    let x = import(&import(&ab, &ca), &c);
    let y = import(&import(&ca, &b), &ab);
    let z = import(&import(&c, &ab), &ca);
    assert_eq!(x, y);
    assert_eq!(y, z);
    assert!(x.values().all(|heads| heads.len() == 1));
    let total = balance(ALICE, &entries(&x));
    assert!(total == 5 || total == 8, "counted once, got {total}");
}

#[test]
fn an_import_of_two_award_versions_is_no_conflict_in_the_report() {
    let a = resolution_award("2026-11-10", &[]);
    let b = resolution_award("2026-11-12", &[]);
    let after = merge_all(vec![a.clone()], vec![b])
        .into_values()
        .next()
        .unwrap();
    let mut report = MergeReport::default();
    assert_eq!(report.record("points_entry", &[a], &after), Change::Updated);
    assert!(report.equal_vv_conflicts.is_empty(), "not a damaged file");
    assert_eq!(report.total().conflicted, 0);
}

#[test]
fn only_automatic_awards_are_settled() {
    let manual = manual_entry(ALICE, 5, "组织志愿服务日", "2026-11-20").unwrap();
    let rev = |hlc: &str, device: &str, on: &str| {
        let mut e = manual.clone();
        e.on = on.into();
        serde_json::from_value::<Revision>(json!({
            "id": "99999999-9999-4999-8999-999999999999", "kind": "points_entry",
            "hlc": hlc, "vv": { device: 1 }, "deleted": false, "data": e,
        }))
        .unwrap()
    };
    let one = rev(
        "1764149400000-00000-aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
        "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
        "2026-11-20",
    );
    let two = rev(
        "1764149400001-00000-bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
        "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
        "2026-11-21",
    );
    assert!(!is_seed_award(&one));
    assert_eq!(
        settle_award(&[one.clone(), two]),
        None,
        "a person resolves those"
    );
    // A seed-looking entry whose id is not its award id is not settled either.
    let mut forged = resolution_award("2026-11-10", &[]);
    forged.id = "99999999-9999-4999-8999-999999999999".into();
    assert!(!is_seed_award(&forged));
    assert_eq!(settle_award(&[forged.clone(), forged]), None);
    // One head is nothing to settle.
    assert_eq!(settle_award(&[resolution_award("2026-11-10", &[])]), None);
}

fn referral_to(member: &str, at: &str) -> DemandEvent {
    event(
        at,
        json!({ "by": ALICE, "type": "referral", "to_team": "legal_envoy", "to_member": member }),
    )
}

#[test]
fn an_overdue_demand_costs_its_responsible_member_once() {
    let demands = vec![(DEMAND.to_string(), demand())];
    // Reported 2026-11-01; overdue after 7 days: from 2026-11-09 on.
    assert!(overdue_awards(&demands, &[], "2026-11-08", 7, &[]).is_empty());
    let on_a = overdue_awards(&demands, &[], "2026-11-09", 7, &[]);
    assert_eq!(on_a.len(), 1);
    let award = &on_a[0];
    assert_eq!(
        award.entry.member_id, ALICE,
        "the reporter, when never referred"
    );
    assert_eq!(award.entry.points, -3);
    assert_eq!(
        award.entry.on, "2026-11-09",
        "dated the day it became overdue"
    );
    assert_eq!(award.entry.reason, "demand_overdue");
    assert!(validate("points_entry", &serde_json::to_value(&award.entry).unwrap()).is_empty());
    // Another device sweeping weeks later makes the same revision.
    let on_b = overdue_awards(&demands, &[], "2026-12-20", 7, &[]);
    assert_eq!(on_a[0].revision(), on_b[0].revision());

    // Referred to Bob, then to Carol: Carol is responsible.
    let events = vec![
        (
            referral_to(BOB, "2026-11-02T10:00:00+08:00"),
            "1761998400000-00000-a".to_string(),
        ),
        (
            referral_to(CAROL, "2026-11-03T10:00:00+08:00"),
            "1762084800000-00000-a".to_string(),
        ),
    ];
    assert_eq!(
        responsible_member(&demand(), &events).as_deref(),
        Some(CAROL)
    );
    let referred = overdue_awards(&demands, &events, "2026-11-20", 7, &[]);
    assert_eq!(referred[0].entry.member_id, CAROL);
    // Once per demand: a device that had not seen the referral makes another
    // version of the SAME entry, which the sweep settles into one deduction.
    assert_eq!(referred[0].id, on_a[0].id);
    let a = device_with(vec![on_a[0].revision()]);
    let b = device_with(vec![referred[0].revision()]);
    let a2 = import(&a, &b);
    assert_eq!(a2, import(&b, &a));
    let list = entries(&a2);
    assert_eq!(list.len(), 1);
    assert_eq!(balance(ALICE, &list) + balance(CAROL, &list), -3);

    // In progress still counts; resolved, referred or closed does not.
    for (status, overdue) in [
        ("in_progress", true),
        ("resolved", false),
        ("referred", false),
        ("closed", false),
    ] {
        let events = vec![(
            event(
                "2026-11-02T10:00:00+08:00",
                json!({ "type": "status", "status": status }),
            ),
            "1761998400000-00000-a".to_string(),
        )];
        assert_eq!(
            overdue_awards(&demands, &events, "2026-11-20", 7, &[]).len(),
            usize::from(overdue),
            "{status}"
        );
    }
}

fn roundtable(on: &str, took_part: &[&str], signed: &[&str]) -> Activity {
    let activity: Activity = serde_json::from_value(json!({
        "type": "roundtable", "title": "一刻钟圆桌会议", "on": on,
        "member_ids": took_part, "attendees": 12, "demand_ids": [], "materials": 0,
        "agenda_colour": "green",
    }))
    .unwrap();
    let ids: Vec<String> = signed.iter().map(|s| s.to_string()).collect();
    with_signed_up(activity, &ids)
}

#[test]
fn a_roundtable_missed_after_sign_up_costs_the_absent_member_once() {
    let activity = roundtable("2026-11-05", &[ALICE], &[ALICE, BOB]);
    assert_eq!(
        signed_up(&activity),
        vec![ALICE.to_string(), BOB.to_string()]
    );
    // Sign-ups are an extension field: unknown fields are kept, the record stays valid.
    let data = serde_json::to_value(&activity).unwrap();
    assert_eq!(data[SIGNED_UP], json!([ALICE, BOB]));
    assert_eq!(data["agenda_colour"], json!("green"));
    assert!(validate("activity", &data).is_empty());
    assert!(
        with_signed_up(activity.clone(), &[])
            .extra
            .get(SIGNED_UP)
            .is_none(),
        "no sign-ups, no field"
    );

    let list = vec![(ACTIVITY.to_string(), activity)];
    assert!(
        missed_roundtable_awards(&list, "2026-11-05", &[]).is_empty(),
        "not before the day is over"
    );
    let missed = missed_roundtable_awards(&list, "2026-11-06", &[]);
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].entry.member_id, BOB);
    assert_eq!(missed[0].entry.points, -2);
    assert_eq!(missed[0].entry.on, "2026-11-05");
    // Again, later, on another device: the same revision.
    assert_eq!(
        missed_roundtable_awards(&list, "2027-01-01", &[])[0].revision(),
        missed[0].revision()
    );

    // Other activity types have no sign-up penalty.
    let mut talk = list[0].1.clone();
    talk.activity_type = doorstep::domain::kinds::ActivityType::TalkDay;
    assert!(missed_roundtable_awards(&[(ACTIVITY.into(), talk)], "2026-12-01", &[]).is_empty());
}

#[test]
fn the_reward_catalogue_is_seeded_records_a_coordinator_edits() {
    use doorstep::domain::kinds::Reward;
    use doorstep::domain::points::{
        default_reward_revisions, edited_reward, redeem_reward, PointsError, DEFAULT_REWARDS,
    };
    // Seeded like the rules: the same valid revisions on every device, one record each.
    let seeds = default_reward_revisions();
    assert_eq!(seeds, default_reward_revisions());
    assert_eq!(seeds.len(), DEFAULT_REWARDS.len());
    assert!(seeds
        .iter()
        .all(|r| r.kind == "reward" && r.problems().is_empty()));
    let merged = merge_all(seeds.clone(), default_reward_revisions());
    assert_eq!(merged.len(), DEFAULT_REWARDS.len());
    assert!(merged.values().all(|heads| heads.len() == 1));

    let haircut: Reward = serde_json::from_value(seeds[0].data.clone().unwrap()).unwrap();
    assert_eq!((haircut.cost, haircut.active), (10, true));
    // Edits keep unknown fields; bad input is refused.
    let mut base = haircut.clone();
    base.extra.insert("sponsor".into(), json!("汤边社区"));
    let cheaper = edited_reward(Some(&base), "社区理发服务一次", "", 8, true).unwrap();
    assert_eq!(cheaper.cost, 8);
    assert_eq!(cheaper.name_en, None, "an empty English name removes it");
    assert_eq!(cheaper.extra["sponsor"], json!("汤边社区"));
    assert!(validate("reward", &serde_json::to_value(&cheaper).unwrap()).is_empty());
    assert_eq!(
        edited_reward(None, " ", "x", 5, true),
        Err(PointsError::NoRewardName)
    );
    assert_eq!(
        edited_reward(None, "电影票", "", 0, true),
        Err(PointsError::BadCost)
    );

    // Redeeming names and refers to the reward, never below zero, never a retired one.
    let entry = redeem_reward(ALICE, 12, &seeds[0].id, &haircut, "2026-11-20").unwrap();
    assert_eq!(entry.points, -10);
    assert_eq!(entry.reason, "社区理发服务一次 / One community haircut");
    let reference = entry.reference.clone().unwrap();
    assert_eq!(
        (reference.kind.as_str(), reference.id.as_str()),
        ("reward", seeds[0].id.as_str())
    );
    assert!(validate("points_entry", &serde_json::to_value(&entry).unwrap()).is_empty());
    assert_eq!(
        redeem_reward(ALICE, 9, &seeds[0].id, &haircut, "2026-11-20"),
        Err(PointsError::NotEnough {
            balance: 9,
            cost: 10
        })
    );
    let mut retired = haircut;
    retired.active = false;
    assert_eq!(
        redeem_reward(ALICE, 100, &seeds[0].id, &retired, "2026-11-20"),
        Err(PointsError::RewardRetired)
    );
}
