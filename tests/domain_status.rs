#![cfg(not(target_arch = "wasm32"))]
//! A demand's status comes from its latest status event; old open demands are overdue.

use doorstep::domain::kinds::{DemandEvent, DemandStatus, EventType};
use doorstep::domain::status::{
    demand_status, is_overdue, latest_status_event, DEFAULT_OVERDUE_DAYS,
};
use serde_json::json;

const DEMAND: &str = "3f2a9c1e-7b4d-4e8a-9c6f-1a2b3c4d5e6f";

fn event(event_type: &str, status: Option<&str>, at: &str) -> DemandEvent {
    let mut data = json!({ "demand_id": DEMAND, "at": at, "type": event_type });
    if let Some(status) = status {
        data["status"] = json!(status);
    }
    serde_json::from_value(data).expect("valid event")
}

fn hlc(millis: u64, device: &str) -> String {
    format!("{millis:013}-00000-{device}")
}

#[test]
fn no_status_event_means_open() {
    assert_eq!(demand_status(&[]), DemandStatus::Open);
    let notes = [
        (
            event("note", None, "2026-11-26T09:30:00+08:00"),
            hlc(1, "a"),
        ),
        (
            event("follow_up", None, "2026-11-27T09:30:00+08:00"),
            hlc(2, "a"),
        ),
    ];
    assert_eq!(demand_status(&notes), DemandStatus::Open);
}

#[test]
fn the_latest_status_event_by_time_wins_whatever_the_order() {
    let events = vec![
        (
            event("status", Some("resolved"), "2026-11-28T10:00:00+08:00"),
            hlc(5, "a"),
        ),
        (
            event("status", Some("in_progress"), "2026-11-27T10:00:00+08:00"),
            hlc(9, "b"),
        ),
        (
            event("note", None, "2026-11-29T10:00:00+08:00"),
            hlc(10, "b"),
        ),
    ];
    assert_eq!(demand_status(&events), DemandStatus::Resolved);
    let mut reversed = events.clone();
    reversed.reverse();
    assert_eq!(demand_status(&reversed), DemandStatus::Resolved);
}

#[test]
fn times_compare_as_instants_across_offsets() {
    // 09:00 in Fuzhou is 01:00 UTC, so the UTC event at 02:00 is later.
    let events = [
        (
            event("status", Some("referred"), "2026-11-26T09:00:00+08:00"),
            hlc(9, "b"),
        ),
        (
            event("status", Some("resolved"), "2026-11-26T02:00:00Z"),
            hlc(1, "a"),
        ),
    ];
    assert_eq!(demand_status(&events), DemandStatus::Resolved);
}

#[test]
fn ties_in_time_are_broken_by_hlc() {
    let at = "2026-11-26T09:30:00+08:00";
    let a = (event("status", Some("closed"), at), hlc(100, "6f1c"));
    let b = (event("status", Some("in_progress"), at), hlc(100, "a90e"));
    assert_eq!(
        demand_status(&[a.clone(), b.clone()]),
        DemandStatus::InProgress
    );
    assert_eq!(
        demand_status(&[b.clone(), a.clone()]),
        DemandStatus::InProgress
    );
    let events = [a, b];
    let latest = latest_status_event(&events).expect("has status events");
    assert_eq!(latest.0.event_type, EventType::Status);
    assert_eq!(latest.1, hlc(100, "a90e"));
}

#[test]
fn overdue_only_while_waiting_and_after_the_limit() {
    let days = DEFAULT_OVERDUE_DAYS;
    assert!(
        !is_overdue(DemandStatus::Open, "2026-11-19", "2026-11-26", days),
        "exactly 7 days is not yet overdue"
    );
    assert!(is_overdue(
        DemandStatus::Open,
        "2026-11-18",
        "2026-11-26",
        days
    ));
    assert!(is_overdue(
        DemandStatus::InProgress,
        "2026-10-01",
        "2026-11-26",
        days
    ));
    assert!(!is_overdue(
        DemandStatus::Referred,
        "2026-10-01",
        "2026-11-26",
        days
    ));
    assert!(!is_overdue(
        DemandStatus::Resolved,
        "2026-10-01",
        "2026-11-26",
        days
    ));
    assert!(!is_overdue(
        DemandStatus::Closed,
        "2026-10-01",
        "2026-11-26",
        days
    ));
    // Across a month end and a leap day.
    assert!(is_overdue(
        DemandStatus::Open,
        "2028-02-22",
        "2028-03-01",
        days
    ));
    assert!(!is_overdue(
        DemandStatus::Open,
        "2028-02-23",
        "2028-03-01",
        days
    ));
    assert!(is_overdue(
        DemandStatus::Open,
        "2026-11-25",
        "2026-11-26",
        0
    ));
    assert!(!is_overdue(
        DemandStatus::Open,
        "not a date",
        "2026-11-26",
        days
    ));
    assert!(!is_overdue(
        DemandStatus::Open,
        "2026-11-01",
        "2026-13-01",
        days
    ));
}
