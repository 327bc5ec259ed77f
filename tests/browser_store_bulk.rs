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

/// A batch of 64+ records written into a store more than 16 times its size:
/// `apply` reads a bounded number of the store's keys, finds it too large
/// to know every id from them, and reads each id's rows. Every stored head
/// is found: an edit supersedes its record (one head, counted as updated),
/// a new id is new, for neighbouring ids and for ids across the store.
#[wasm_bindgen_test]
async fn a_batch_into_a_large_store_finds_every_stored_head() {
    let name = "test-bulk-narrow";
    Store::delete_database(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let mut clock = HlcClock::new("device-b");
    let batch = demands_with_events(&mut clock);
    store.apply(batch.clone(), None).await.unwrap();
    let mut demands: Vec<&Revision> = batch.iter().filter(|r| r.kind == "demand").collect();
    demands.sort_by(|a, b| a.id.cmp(&b.id));
    let mut editor = HlcClock::new("device-c");
    let edited = |rev: &Revision, editor: &mut HlcClock| {
        let mut data = rev.data.clone().unwrap();
        data["title"] = json!("楼道灯已修好");
        revision::edit(std::slice::from_ref(rev), data, editor, T0 + 100_000)
    };

    // Narrow: 64 neighbouring demands edited, and 64 new records whose ids
    // fall between theirs.
    let window = &demands[1_000..1_064];
    let mut narrow: Vec<Revision> = window.iter().map(|r| edited(r, &mut editor)).collect();
    for rev in window {
        let mut new = revision::create(
            Kind::Demand,
            rev.data.clone().unwrap(),
            &mut editor,
            T0 + 100_000,
        );
        new.id = format!("{}-new", rev.id);
        narrow.push(new);
    }
    let report = store.apply(narrow, None).await.unwrap().total();
    assert_eq!((report.updated, report.new, report.conflicted), (64, 64, 0));

    // Wide: 64 other demands from across the whole store edited.
    let spread: Vec<&Revision> = demands
        .iter()
        .enumerate()
        .filter(|(i, _)| !(1_000..1_064).contains(i))
        .step_by(demands.len() / 64)
        .map(|(_, rev)| *rev)
        .take(64)
        .collect();
    assert_eq!(spread.len(), 64);
    let wide: Vec<Revision> = spread.iter().map(|r| edited(r, &mut editor)).collect();
    let report = store.apply(wide, None).await.unwrap().total();
    assert_eq!((report.updated, report.new, report.conflicted), (64, 0, 0));

    for rev in window.iter().chain(spread.iter()) {
        let heads = store.heads(&rev.id).await.unwrap();
        assert_eq!(heads.len(), 1, "{} has one head", rev.id);
        assert_eq!(
            heads[0].data.as_ref().unwrap()["title"],
            json!("楼道灯已修好")
        );
    }
    assert_eq!(store.count(Kind::Demand).await.unwrap(), DEMANDS + 64);
    store.close();
    Store::delete_database(name).await.unwrap();
}
