//! The award sweep after an import is incremental (issue 12): the import
//! returns the demands whose summary it changed, and the sweep reads and
//! writes for those only; every other demand waits for the next full sweep.
#![cfg(target_arch = "wasm32")]

#[path = "support/ledger.rs"]
mod ledger_support;
use std::rc::Rc;

use doorstep::app::lists::load_kind;
use doorstep::app::points::{sweep_awards, sweep_touched};
use doorstep::app::Db;
use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::{Kind, PointsEntry};
use doorstep::domain::revision::{self, Revision};
use doorstep::store::{DemandState, LedgerEntry, Store};
use ledger_support::ledger_entry;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const T0: u64 = 1_764_149_400_000;
const TODAY: &str = "2026-11-30";

/// An open demand reported long ago by member `m{i}`: overdue today.
fn overdue_demand(i: u32, clock: &mut HlcClock) -> Revision {
    revision::create(
        Kind::Demand,
        json!({
            "community_id": "c1", "reported_on": "2026-01-05", "source": "door_visit",
            "category": "livable_homes", "urgency": "normal",
            "title": format!("楼道灯坏了 {i}"), "description": "三楼楼道灯不亮",
            "reported_by": format!("m{i}")
        }),
        clock,
        T0 + u64::from(i),
    )
}

fn ledger(digest: &str) -> LedgerEntry {
    ledger_entry(digest, "李明 · 汤边社区")
}

/// The overdue deductions stored, as the demand ids they are for.
async fn deducted(db: &Db) -> Vec<String> {
    let mut ids: Vec<String> = load_kind::<PointsEntry>(db, Kind::PointsEntry)
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, e)| e.rule_id.is_some())
        .filter_map(|(_, e)| {
            let r = e.reference?;
            (r.kind == Kind::Demand.as_str()).then_some(r.id)
        })
        .collect();
    ids.sort();
    ids
}

#[wasm_bindgen_test]
async fn the_sweep_after_an_import_looks_only_at_the_demands_it_touched() {
    let name = "doorstep-test-sweep-incremental";
    let _ = Store::delete_database(name).await;
    let store = Store::open_named(name).await.unwrap();
    let db = Db::new(store.clone());
    let mut a = HlcClock::new("device-a");
    // Ten overdue demands already stored, never swept.
    let old: Vec<Revision> = (0..10).map(|i| overdue_demand(i, &mut a)).collect();
    store.apply(old.clone(), None).await.unwrap();

    // An import brings two new overdue demands and an event of one stored
    // demand; it reports exactly those three as touched.
    let mut b = HlcClock::new("device-b");
    let new: Vec<Revision> = (10..12).map(|i| overdue_demand(i, &mut b)).collect();
    let note = revision::create(
        Kind::DemandEvent,
        json!({"demand_id": old[3].id, "at": "2026-02-01T09:00:00Z", "type": "note", "text": "回访"}),
        &mut b,
        T0 + 50_000,
    );
    let mut batch = new.clone();
    batch.push(note);
    let (report, touched) = store
        .apply_bundles(batch, vec![ledger("sha256:one")])
        .await
        .unwrap();
    assert_eq!(report.per_kind["demand"].new, 2);
    let mut expected = vec![new[0].id.clone(), new[1].id.clone(), old[3].id.clone()];
    expected.sort();
    assert_eq!(touched, expected);

    // Reading summaries by id: every one (read as key ranges), a few
    // (id by id, or a range filtered), unknown ids, in any order.
    let mut every = store
        .demand_states(&doorstep::store::DemandFilter::default())
        .await
        .unwrap();
    every.sort_by(|x, y| x.demand_id.cmp(&y.demand_id));
    let mut all_ids: Vec<String> = every.iter().map(|s| s.demand_id.clone()).collect();
    all_ids.reverse();
    let every: Vec<Rc<DemandState>> = every.into_iter().map(Rc::new).collect();
    assert_eq!(store.demand_states_of(&all_ids).await.unwrap(), every);
    let mut some = vec![
        expected[2].clone(),
        "no-such-demand".to_owned(),
        expected[0].clone(),
    ];
    some.push(expected[2].clone());
    let got: Vec<String> = store
        .demand_states_of(&some)
        .await
        .unwrap()
        .iter()
        .map(|s| s.demand_id.clone())
        .collect();
    assert_eq!(got, vec![expected[0].clone(), expected[2].clone()]);

    // The sweep after it writes the deductions of those three only: the
    // other nine overdue demands are neither read nor written.
    assert_eq!(sweep_touched(&db, TODAY, &touched).await.unwrap(), 3);
    assert_eq!(deducted(&db).await, expected);
    // Again: nothing more to write for them.
    assert_eq!(sweep_touched(&db, TODAY, &touched).await.unwrap(), 0);

    // The full sweep (Home, the Points page) catches the other nine.
    assert_eq!(sweep_awards(&db, TODAY).await.unwrap(), 9);
    let mut all: Vec<String> = old.iter().chain(&new).map(|r| r.id.clone()).collect();
    all.sort();
    assert_eq!(deducted(&db).await, all);
    assert_eq!(sweep_awards(&db, TODAY).await.unwrap(), 0);
    drop(db);
    store.close();
    Store::delete_database(name).await.unwrap();
}
