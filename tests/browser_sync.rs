#![cfg(target_arch = "wasm32")]
//! The store's side of CouchDB sync against real IndexedDB: heads in arrival
//! order with a limit, which revisions are already here, and the pull's apply
//! writing one ledger entry per session whose counts add up over batches.

use doorstep::domain::bundle::Scope;
use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::revision::{self, Revision};
use doorstep::store::{LedgerEntry, Store};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const T0: u64 = 1_764_149_400_000;
const DEVICE: &str = "6f1c2a7e-3b9d-4c1e-8a2f-0d5b7e9c1a01";

async fn fresh(name: &str) -> Store {
    Store::delete_database(name)
        .await
        .expect("delete old test database");
    Store::open_named(name).await.expect("open test database")
}

fn community(clock: &mut HlcClock, wall: u64, name: &str) -> Revision {
    revision::create(
        Kind::Community,
        json!({"name": name, "street": "鼓楼街道"}),
        clock,
        wall,
    )
}

fn session(digest: &str) -> LedgerEntry {
    LedgerEntry {
        digest: digest.into(),
        device_id: "couchdb:/couchdb/doorstep-gulou".into(),
        device_label: "/couchdb/doorstep-gulou".into(),
        scope: Scope::Delta { since: "0".into() },
        exported_at: "2025-11-26T09:30:00.000Z".into(),
        imported_at: "2025-11-26T09:30:00.000Z".into(),
        counts: Default::default(),
    }
}

#[wasm_bindgen_test]
async fn heads_after_pages_in_arrival_order() {
    let store = fresh("doorstep-test-sync-heads").await;
    let mut clock = HlcClock::new(DEVICE);
    let revs: Vec<Revision> = (0..5)
        .map(|i| community(&mut clock, T0 + i, &format!("社区{i}")))
        .collect();
    for rev in &revs {
        store.put_local(rev.clone()).await.unwrap();
    }
    let (first, last) = store.heads_after(0, 2).await.unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0], revs[0]);
    assert_eq!(first[1], revs[1]);
    let (rest, end) = store.heads_after(last, 10).await.unwrap();
    assert_eq!(rest, revs[2..].to_vec());
    let (none, same) = store.heads_after(end, 10).await.unwrap();
    assert!(none.is_empty());
    assert_eq!(same, end, "nothing after the end: the same sequence back");

    // An edit replaces its head: the new head arrives last, the old is gone.
    let edited = revision::edit(
        std::slice::from_ref(&revs[0]),
        json!({"name": "社区0改", "street": "鼓楼街道"}),
        &mut clock,
        T0 + 100,
    );
    store.put_local(edited.clone()).await.unwrap();
    let (after, _) = store.heads_after(end, 10).await.unwrap();
    assert_eq!(after, vec![edited]);
    store.close();
    Store::delete_database("doorstep-test-sync-heads")
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn have_revisions_and_session_ledger() {
    let store = fresh("doorstep-test-sync-apply").await;
    let mut clock = HlcClock::new(DEVICE);
    let a = community(&mut clock, T0, "汤边社区");
    let b = community(&mut clock, T0 + 1, "鼓东社区");
    let c = community(&mut clock, T0 + 2, "鼓西社区");

    let report = store
        .apply_sync(vec![a.clone(), b.clone()], session("couchdb:s1"))
        .await
        .unwrap();
    assert_eq!(report.per_kind["community"].new, 2);
    let keys = vec![
        (a.id.clone(), a.content_hash()),
        (c.id.clone(), c.content_hash()),
        (b.id.clone(), "0".repeat(64)),
    ];
    assert_eq!(
        store.have_revisions(&keys).await.unwrap(),
        vec![true, false, false]
    );

    // A second batch of the same session: one entry, the counts added up.
    store
        .apply_sync(vec![c.clone(), a.clone()], session("couchdb:s1"))
        .await
        .unwrap();
    let ledger = store.ledger().await.unwrap();
    assert_eq!(ledger.len(), 1, "one ledger entry per session");
    let counts = &ledger[0].counts["community"];
    assert_eq!((counts.new, counts.unchanged), (3, 1));
    // Another session gets its own entry.
    store
        .apply_sync(vec![a], session("couchdb:s2"))
        .await
        .unwrap();
    assert_eq!(store.ledger().await.unwrap().len(), 2);
    store.close();
    Store::delete_database("doorstep-test-sync-apply")
        .await
        .unwrap();
}
