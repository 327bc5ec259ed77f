//! The demo district: valid, realistic, deterministic and marked as demo.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use doorstep::domain::demo::{demo_district, is_demo};
use doorstep::domain::kinds::{DemandEvent, DemandStatus, Kind};
use doorstep::domain::status::demand_status;

#[test]
fn every_demo_record_is_valid_and_marked() {
    let revs = demo_district("2026-11-26");
    assert!(
        revs.len() > 500,
        "a district, not a handful: {}",
        revs.len()
    );
    for rev in &revs {
        assert_eq!(rev.problems(), vec![], "{} {} is invalid", rev.kind, rev.id);
        assert!(
            is_demo(rev.data.as_ref()),
            "{} {} is not marked demo",
            rev.kind,
            rev.id
        );
    }
    let ids: BTreeSet<&str> = revs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), revs.len(), "ids are unique");
}

#[test]
fn demo_covers_every_team_domain_status_and_the_worked_examples() {
    let revs = demo_district("2026-11-26");
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for rev in &revs {
        *per_kind.entry(rev.kind.as_str()).or_default() += 1;
    }
    for kind in [
        Kind::Community,
        Kind::Member,
        Kind::Demand,
        Kind::DemandEvent,
        Kind::Topic,
        Kind::Opinion,
        Kind::Activity,
        Kind::Outcome,
    ] {
        assert!(
            per_kind.get(kind.as_str()).copied().unwrap_or(0) > 0,
            "no {kind:?}"
        );
    }
    assert!(per_kind["demand"] >= 200, "a few hundred demands");
    let teams: BTreeSet<String> = revs
        .iter()
        .filter(|r| r.kind == "member")
        .filter_map(|r| r.data.as_ref()?.get("team")?.as_str().map(String::from))
        .collect();
    assert_eq!(teams.len(), 3);

    // Statuses derived from the demo's events cover the whole workflow.
    let mut events: BTreeMap<String, Vec<(DemandEvent, String)>> = BTreeMap::new();
    for rev in revs.iter().filter(|r| r.kind == "demand_event") {
        let event: DemandEvent = serde_json::from_value(rev.data.clone().unwrap()).unwrap();
        events
            .entry(event.demand_id.clone())
            .or_default()
            .push((event, rev.hlc.clone()));
    }
    let statuses: BTreeSet<DemandStatus> = revs
        .iter()
        .filter(|r| r.kind == "demand")
        .map(|r| demand_status(events.get(&r.id).map(Vec::as_slice).unwrap_or(&[])))
        .collect();
    for status in [
        DemandStatus::Open,
        DemandStatus::InProgress,
        DemandStatus::Referred,
        DemandStatus::Resolved,
    ] {
        assert!(statuses.contains(&status), "no demand is {status:?}");
    }
    let text: String = revs
        .iter()
        .filter_map(|r| r.data.as_ref().map(|d| d.to_string()))
        .collect();
    for example in [
        "汤边社区",
        "睦邻广场",
        "灵响社区",
        "漏水",
        "杨桥河南新村",
        "一楼一表一灯",
    ] {
        assert!(text.contains(example), "the demo lacks {example}");
    }
    // ¥247,500 raised for the square, stored in fen.
    assert!(text.contains("\"funds_fen\":24750000"));
}

#[test]
fn demo_is_deterministic_so_two_devices_get_one_district() {
    assert_eq!(demo_district("2026-11-26"), demo_district("2026-11-26"));
    assert!(demo_district("not a date").is_empty());
}
