//! A demand's summary (what the store keeps per demand) folded one event at a
//! time equals the summary of all its events at once, in any order, and
//! agrees with the status and responsibility rules it stands in for.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::domain::demand_summary::DemandSummary;
use doorstep::domain::kinds::{Demand, DemandEvent, DemandStatus};
use doorstep::domain::points::responsible_member;
use doorstep::domain::status::demand_status;
use serde_json::json;

const DEMAND: &str = "33333333-3333-4333-8333-333333333333";

fn demand() -> Demand {
    serde_json::from_value(json!({
        "community_id": "c1", "reported_on": "2026-11-01", "reported_by": "alice",
        "source": "door_visit", "category": "wellbeing", "urgency": "urgent",
        "title": "楼道灯不亮", "description": "3号楼2单元",
        "resident": {"address": "3号楼 2-502", "consent": true}
    }))
    .unwrap()
}

fn event(at: &str, fields: serde_json::Value) -> DemandEvent {
    let mut data = json!({ "demand_id": DEMAND, "at": at });
    data.as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    serde_json::from_value(data).unwrap()
}

fn events() -> Vec<(DemandEvent, String)> {
    vec![
        (
            event(
                "2026-11-02T09:00:00+08:00",
                json!({"type": "status", "status": "in_progress"}),
            ),
            "h1".into(),
        ),
        // The same instant as the next one, written in another zone: the hlc decides.
        (
            event(
                "2026-11-05T01:00:00Z",
                json!({"type": "status", "status": "resolved"}),
            ),
            "h3".into(),
        ),
        (
            event(
                "2026-11-05T09:00:00+08:00",
                json!({"type": "status", "status": "referred"}),
            ),
            "h2".into(),
        ),
        (
            event(
                "2026-11-03T09:00:00+08:00",
                json!({"type": "referral", "to_member": "bob"}),
            ),
            "h4".into(),
        ),
        (
            event(
                "2026-11-04T09:00:00+08:00",
                json!({"type": "referral", "to_member": "carol"}),
            ),
            "h5".into(),
        ),
        (
            event(
                "2026-11-06T09:00:00+08:00",
                json!({"type": "follow_up", "satisfaction": 4}),
            ),
            "h6".into(),
        ),
        (
            event(
                "2026-11-07T09:00:00+08:00",
                json!({"type": "follow_up", "satisfaction": 2}),
            ),
            "h7".into(),
        ),
        (
            event("not a time", json!({"type": "status", "status": "closed"})),
            "h9".into(),
        ),
        (
            event(
                "2026-11-08T09:00:00+08:00",
                json!({"type": "note", "text": "回访"}),
            ),
            "h8".into(),
        ),
    ]
}

#[test]
fn folding_in_any_order_equals_summarising_at_once() {
    let all = events();
    let whole = DemandSummary::from_parts(Some(&demand()), &all);
    // Every rotation and its reverse: the order events arrive in must not matter.
    for shift in 0..all.len() {
        for reverse in [false, true] {
            let mut order = all.clone();
            order.rotate_left(shift);
            if reverse {
                order.reverse();
            }
            let mut folded = DemandSummary::from_parts(None, &[]);
            for (event, hlc) in &order {
                folded.fold_event(event, hlc);
            }
            let mut sorted = folded.clone();
            sorted.satisfaction.sort_unstable();
            let mut expected = whole.clone();
            expected.satisfaction.sort_unstable();
            assert_eq!(sorted.latest_status, expected.latest_status);
            assert_eq!(sorted.latest_referral, expected.latest_referral);
            assert_eq!(sorted.satisfaction, expected.satisfaction);
            // The demand arriving after its events gives the same summary.
            folded.demand = whole.demand.clone();
            folded.satisfaction.sort_unstable();
            assert_eq!(folded, expected, "shift {shift}, reverse {reverse}");
        }
    }
}

#[test]
fn the_summary_agrees_with_the_rules_it_stands_in_for() {
    let all = events();
    let summary = DemandSummary::from_parts(Some(&demand()), &all);
    assert_eq!(summary.status(), demand_status(&all));
    assert_eq!(summary.status(), DemandStatus::Resolved);
    assert_eq!(summary.status_day(), Some("2026-11-05"));
    assert_eq!(summary.responsible(), responsible_member(&demand(), &all));
    assert_eq!(summary.responsible().as_deref(), Some("carol"));
    let mut scores = summary.satisfaction.clone();
    scores.sort_unstable();
    assert_eq!(scores, vec![2, 4]);
    let facts = summary.demand.as_ref().unwrap();
    assert_eq!(facts.urgency, "urgent");
    assert!(facts.search.contains("3号楼 2-502"));

    // No events: open, and the reporter answers for it.
    let bare = DemandSummary::from_parts(Some(&demand()), &[]);
    assert_eq!(bare.status(), DemandStatus::Open);
    assert_eq!(bare.responsible().as_deref(), Some("alice"));
    assert_eq!(bare.status_day(), None);
}
