#![cfg(target_arch = "wasm32")]
//! The demand list's first page against real IndexedDB (issue 12): the
//! newest demands read through the `by_reported` index are exactly the first
//! rows of the whole sorted list, a crowded day is cut at the cap, the live
//! count is an index count, and a database from schema 5 gains the index
//! with every record kept.

#[path = "support/export.rs"]
mod export_support;
use doorstep::domain::clock::HlcClock;
use doorstep::domain::demand_list::{sort_rows, DemandRow};
use doorstep::domain::kinds::{DemandStatus, Kind};
use doorstep::domain::revision::{self, Revision};
use doorstep::store::{DemandFilter, DemandState, Store};
use export_support::canonical_export;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const T0: u64 = 1_764_149_400_000;

/// Demand `i`, reported on one of `days` days of October.
fn demand(i: u32, days: u32, clock: &mut HlcClock) -> Revision {
    revision::create(
        Kind::Demand,
        json!({
            "community_id": format!("c{}", i % 7), "reported_on": format!("2026-10-{:02}", 1 + i % days),
            "source": "door_visit", "category": "livable_homes", "urgency": "normal",
            "title": format!("楼道灯坏了 {i}"), "description": "三楼楼道灯不亮",
            "reported_by": format!("m{}", i % 5)
        }),
        clock,
        T0 + u64::from(i),
    )
}

/// The rows as the list shows them, in its order.
fn rows(states: &[DemandState]) -> Vec<(String, String)> {
    let mut rows: Vec<DemandRow> = states
        .iter()
        .filter_map(|s| {
            let status = DemandStatus::parse(&s.status).unwrap_or_default();
            Some(DemandRow::from_facts(
                &s.demand_id,
                s.summary.demand.as_ref()?,
                status,
            ))
        })
        .collect();
    sort_rows(&mut rows);
    rows.into_iter().map(|r| (r.id, r.reported_on)).collect()
}

#[wasm_bindgen_test]
async fn the_first_page_is_exactly_the_first_rows_of_the_whole_list() {
    let name = "test-demand-list-first";
    Store::delete_database(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let mut clock = HlcClock::new("device-a");
    let demands: Vec<Revision> = (0..300).map(|i| demand(i, 12, &mut clock)).collect();
    // Ten of the newest day's demands deleted: they must not show.
    let deleted: Vec<Revision> = demands
        .iter()
        .filter(|d| d.data.as_ref().unwrap()["reported_on"] == "2026-10-12")
        .take(10)
        .map(|d| revision::delete(std::slice::from_ref(d), &mut clock, T0 + 10_000))
        .collect();
    store.apply(demands, None).await.unwrap();
    store.apply(deleted.clone(), None).await.unwrap();

    let all = rows(&store.demand_states(&DemandFilter::default()).await.unwrap());
    assert_eq!(all.len(), 290);
    assert_eq!(store.live_demand_count().await.unwrap(), 290);

    let first = rows(&store.newest_demand_states(40, 3_000).await.unwrap());
    // 25 demands a day (300 over 12 days), 15 left on the newest: 40 rows
    // end exactly on the second day, so 40 are read; 41 take in the third
    // day whole.
    assert_eq!(first.len(), 40);
    assert_eq!(first, all[..40]);
    let more = rows(&store.newest_demand_states(41, 3_000).await.unwrap());
    assert_eq!(more.len(), 65);
    assert_eq!(more, all[..65]);
    for gone in &deleted {
        assert!(more.iter().all(|(id, _)| *id != gone.id));
    }
    // A day with more demands than the cap is cut there.
    let capped = store.newest_demand_states(5, 12).await.unwrap();
    assert_eq!(capped.len(), 12);
    assert!(capped
        .iter()
        .all(|s| s.summary.demand.as_ref().unwrap().reported_on == "2026-10-12"));
    store.close();
    Store::delete_database(name).await.unwrap();
}

/// The edit of `demand` that moves it to another report date.
fn redated(demand: &Revision, date: &str, clock: &mut HlcClock, wall_ms: u64) -> Revision {
    let mut data = demand.data.clone().expect("a live demand");
    data["reported_on"] = json!(date);
    revision::edit(std::slice::from_ref(demand), data, clock, wall_ms)
}

/// The states as `demand_states_listed` hands them out, as (id, date).
fn listed(states: &[std::rc::Rc<DemandState>]) -> Vec<(String, String)> {
    states
        .iter()
        .map(|s| {
            let facts = s.summary.demand.as_ref().expect("a live demand");
            (s.demand_id.clone(), facts.reported_on.clone())
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_listed_states_come_in_the_lists_order_kept_or_read() {
    let name = "test-demand-list-listed";
    Store::delete_database(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let mut clock = HlcClock::new("device-a");
    let demands: Vec<Revision> = (0..150).map(|i| demand(i, 9, &mut clock)).collect();
    store.apply(demands.clone(), None).await.unwrap();
    let sorted = rows(&store.demand_states(&DemandFilter::default()).await.unwrap());
    assert_eq!(sorted.len(), 150);
    // Several demands share each date: within one the smaller id comes first.
    assert!(sorted.windows(2).any(|w| w[0].1 == w[1].1));
    assert_eq!(listed(&store.demand_states_listed().await.unwrap()), sorted);
    assert!(
        store.kept_summaries().is_some(),
        "answered from the kept states"
    );

    // A connection that keeps nothing reads the rows and orders them the same.
    let fresh = Store::open_named(name).await.unwrap();
    assert_eq!(listed(&fresh.demand_states_listed().await.unwrap()), sorted);
    fresh.close();

    // This tab's write moves a demand to another date and deletes another;
    // the kept order follows.
    let moved = redated(&demands[3], "2026-10-30", &mut clock, T0 + 20_000);
    let gone = revision::delete(std::slice::from_ref(&demands[4]), &mut clock, T0 + 20_001);
    store.apply(vec![moved.clone(), gone], None).await.unwrap();
    let after = listed(&store.demand_states_listed().await.unwrap());
    assert_eq!(after.len(), 149);
    assert_eq!(after[0], (moved.id.clone(), "2026-10-30".to_owned()));
    assert!(after.iter().all(|(id, _)| *id != demands[4].id));
    assert_eq!(
        after,
        rows(&store.demand_states(&DemandFilter::default()).await.unwrap())
    );
    store.close();
    Store::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_large_write_into_kept_states_leaves_them_in_order() {
    let name = "test-demand-list-large";
    Store::delete_database(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let mut clock = HlcClock::new("device-a");
    let first: Vec<Revision> = (0..40).map(|i| demand(i, 5, &mut clock)).collect();
    store.apply(first.clone(), None).await.unwrap();
    // Kept, with their order made.
    assert_eq!(store.demand_states_listed().await.unwrap().len(), 40);
    // Over 5,000 states at once: the kept order is dropped and made again.
    let mut more: Vec<Revision> = (40..5_100).map(|i| demand(i, 28, &mut clock)).collect();
    let moved = redated(&first[0], "2026-10-31", &mut clock, T0 + 30_000);
    more.push(moved.clone());
    more.push(revision::delete(
        std::slice::from_ref(&first[1]),
        &mut clock,
        T0 + 30_001,
    ));
    store.apply(more, None).await.unwrap();
    assert!(store.kept_summaries().is_some(), "still kept");
    let sorted = rows(&store.demand_states(&DemandFilter::default()).await.unwrap());
    assert_eq!(sorted.len(), 5_099);
    assert_eq!(sorted[0].0, moved.id);
    assert_eq!(listed(&store.demand_states_listed().await.unwrap()), sorted);
    let fresh = Store::open_named(name).await.unwrap();
    assert_eq!(listed(&fresh.demand_states_listed().await.unwrap()), sorted);
    for limit in [1, 60, 400] {
        assert_eq!(
            store.newest_demand_states(limit, 3_000).await.unwrap(),
            fresh.newest_demand_states(limit, 3_000).await.unwrap(),
            "limit {limit}"
        );
    }
    fresh.close();
    store.close();
    Store::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_empty_store_has_an_empty_first_page() {
    let name = "test-demand-list-empty";
    Store::delete_database(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    assert!(store
        .newest_demand_states(60, 3_000)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.live_demand_count().await.unwrap(), 0);
    store.close();
    Store::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn upgrading_from_schema_5_adds_the_first_page_index_and_keeps_every_record() {
    let name = "test-demand-list-upgrade";
    Store::delete_database(name).await.unwrap();
    let old = Store::open_named_with_version(name, 5).await.unwrap();
    let mut clock = HlcClock::new("device-a");
    let demands: Vec<Revision> = (0..120).map(|i| demand(i, 6, &mut clock)).collect();
    old.apply(demands, None).await.unwrap();
    let before = canonical_export(&old).await;
    let before_states = rows(&old.demand_states(&DemandFilter::default()).await.unwrap());
    old.close();

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.version(), doorstep::store::DB_VERSION);
    assert_eq!(
        canonical_export(&store).await,
        before,
        "every record, byte for byte"
    );
    let all = rows(&store.demand_states(&DemandFilter::default()).await.unwrap());
    assert_eq!(all, before_states, "the derived rows rebuilt the same");
    let first = rows(&store.newest_demand_states(30, 3_000).await.unwrap());
    assert_eq!(first.len(), 40, "two whole days of 20");
    assert_eq!(first, all[..40]);
    store.close();
    Store::delete_database(name).await.unwrap();
}
