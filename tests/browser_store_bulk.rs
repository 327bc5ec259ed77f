#![cfg(target_arch = "wasm32")]
//! A district-sized import against real IndexedDB: 10,000 revisions in one
//! transaction (the whole-store read paths of `apply`), re-imported unchanged.
//! Run with `-- --nocapture` to see the timings.

use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::revision::{self, Revision};
use doorstep::store::{DemandFilter, Store};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const T0: u64 = 1_764_149_400_000;
const DEMANDS: u32 = 5_000;
const COMMUNITIES: u32 = 20;

/// Milliseconds taken by `future`, and its output.
async fn timed<T>(future: impl std::future::Future<Output = T>) -> (T, f64) {
    let started = js_sys::Date::now();
    let out = future.await;
    (out, js_sys::Date::now() - started)
}

fn demands_with_events(clock: &mut HlcClock) -> Vec<Revision> {
    let mut batch = Vec::new();
    for i in 0..DEMANDS {
        let demand = revision::create(
            Kind::Demand,
            json!({
                "community_id": format!("c{}", i % COMMUNITIES), "reported_on": "2025-11-26",
                "source": "door_visit", "category": "livable_homes", "urgency": "normal",
                "title": "楼道灯坏了", "description": "三楼楼道灯不亮"
            }),
            clock,
            T0 + u64::from(i),
        );
        let event = revision::create(
            Kind::DemandEvent,
            json!({"demand_id": demand.id, "at": "2025-11-27T09:00:00Z", "type": "status", "status": "in_progress"}),
            clock,
            T0 + u64::from(i),
        );
        batch.push(demand);
        batch.push(event);
    }
    batch
}

#[wasm_bindgen_test]
async fn a_large_import_is_one_transaction_and_reimports_as_unchanged() {
    let name = "test-bulk";
    Store::delete_database(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let mut clock = HlcClock::new("device-b");
    let batch = demands_with_events(&mut clock);

    let (report, import_ms) = timed(store.apply(batch.clone(), None)).await;
    assert_eq!(report.unwrap().total().new, 2 * DEMANDS);
    assert_eq!(store.count(Kind::Demand).await.unwrap(), DEMANDS);
    assert_eq!(store.count(Kind::DemandEvent).await.unwrap(), DEMANDS);
    let in_progress = DemandFilter {
        community: Some("c3".into()),
        status: Some("in_progress".into()),
    };
    assert_eq!(
        store.demand_states(&in_progress).await.unwrap().len(),
        (DEMANDS / COMMUNITIES) as usize
    );

    let (preview, preview_ms) = timed(store.preview(&batch)).await;
    assert_eq!(preview.unwrap().total().unchanged, 2 * DEMANDS);
    let (again, reimport_ms) = timed(store.apply(batch.clone(), None)).await;
    assert_eq!(again.unwrap().total().unchanged, 2 * DEMANDS);
    let (all, export_ms) = timed(store.export_all()).await;
    assert_eq!(all.unwrap().len(), batch.len());
    assert_eq!(
        store.export_since(0).await.unwrap().1,
        u64::from(2 * DEMANDS)
    );

    console_log!(
        "{} revisions: import {import_ms} ms, preview {preview_ms} ms, re-import {reimport_ms} ms, export {export_ms} ms",
        batch.len()
    );
    store.close();
    Store::delete_database(name).await.unwrap();
}
