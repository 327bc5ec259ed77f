#![cfg(target_arch = "wasm32")]
//! The store's conversion against real IndexedDB: sealing leaves no plain
//! text in the stored bodies, a conversion cut short resumes where it stopped
//! with every row readable in between, a write between two batches is stored
//! sealed, the wrong key changes nothing, and converting back gives every
//! body back byte for byte.

use doorstep::app::crypto::new_data_key;
use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::lock::is_sealed;
use doorstep::domain::revision::{self, Revision};
use doorstep::store::{Direction, Store, StoreError};
use serde_json::json;
use wasm_bindgen_test::*;

#[path = "support/typed_records.rs"]
mod typed_records;
use typed_records::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The typed records, stored: returns the household and the demand.
async fn fill(store: &Store) -> (Revision, Revision) {
    let mut clock = HlcClock::new("dev-seal-test");
    let [community, household, demand, event] = typed_records(&mut clock);
    store
        .apply(
            vec![community, household.clone(), demand.clone(), event],
            None,
        )
        .await
        .expect("store the records");
    (household, demand)
}

fn holds_typed_text(body: &str) -> bool {
    [NAME, PHONE, ADDRESS, NOTE]
        .iter()
        .any(|typed| body.contains(typed))
}

fn sorted(mut bodies: Vec<String>) -> Vec<String> {
    bodies.sort();
    bodies
}

#[wasm_bindgen_test]
async fn sealing_leaves_no_plain_text_resumes_after_a_cut_and_opens_back_exactly() {
    let name = "doorstep-test-seal-convert";
    let store = fresh(name).await;
    let (household, demand) = fill(&store).await;
    let plain = sorted(store.raw_bodies().await.expect("read raw"));
    assert_eq!(plain.len(), 5, "4 revisions and 1 demand summary");
    assert!(
        plain.iter().filter(|body| holds_typed_text(body)).count() >= 3,
        "the control: before sealing, the stored bodies hold the typed text"
    );

    let (_, key) = new_data_key(PASS).await.expect("make the key");

    // Cut short after two batches of one row, as closing the page would.
    let cut = store
        .convert_bodies(&key, Direction::Seal, 1, Some(2))
        .await
        .expect("first part");
    assert_eq!(cut.converted, 2);
    assert!(!cut.done);
    let halfway = store.raw_bodies().await.expect("read raw");
    assert_eq!(halfway.len(), 5, "no row lost halfway");
    assert_eq!(halfway.iter().filter(|b| is_sealed(b)).count(), 2);
    for body in halfway.iter().filter(|b| !is_sealed(b)) {
        assert!(plain.contains(body), "a row not yet sealed is intact");
    }

    // Resumed: the two sealed rows are skipped, the rest converted.
    let resumed = store
        .convert_bodies(&key, Direction::Seal, 2, None)
        .await
        .expect("resume");
    assert_eq!(resumed.converted, 3);
    assert!(resumed.done);
    let sealed = store.raw_bodies().await.expect("read raw");
    assert_eq!(sealed.len(), 5);
    for body in &sealed {
        assert!(is_sealed(body), "stored plain: {body}");
        assert!(!holds_typed_text(body), "typed text in a sealed body");
    }

    // Again: nothing left to do.
    let again = store
        .convert_bodies(&key, Direction::Seal, 500, None)
        .await
        .expect("again");
    assert_eq!((again.converted, again.done), (0, true));

    // Opened in memory with the key, the bodies are exactly the plain ones.
    let mut opened = Vec::new();
    for body in &sealed {
        let bytes = key.open(body).await.expect("open with the key");
        opened.push(String::from_utf8(bytes).expect("UTF-8"));
    }
    assert_eq!(sorted(opened), plain);

    // Another key opens nothing and changes nothing.
    let (_, other) = new_data_key("another passphrase 99").await.expect("key");
    let refused = store
        .convert_bodies(&other, Direction::Open, 500, None)
        .await;
    assert!(
        matches!(refused, Err(StoreError::Sealing(_))),
        "{refused:?}"
    );
    assert_eq!(
        sorted(store.raw_bodies().await.expect("read raw")),
        sorted(sealed),
        "a failed batch writes nothing"
    );

    // Turning the lock off: every body back byte for byte, and the records read.
    let off = store
        .convert_bodies(&key, Direction::Open, 3, None)
        .await
        .expect("open back");
    assert_eq!((off.converted, off.done), (5, true));
    assert_eq!(sorted(store.raw_bodies().await.expect("read raw")), plain);
    assert_eq!(store.current(&demand.id).await, Ok(Some(demand.clone())));
    assert_eq!(store.current(&household.id).await, Ok(Some(household)));
    let state = store
        .demand_state(&demand.id)
        .await
        .expect("read state")
        .expect("live demand");
    assert_eq!(state.status, "in_progress");

    store.close();
    Store::delete_database(name).await.expect("delete");
}

/// The conversion's cost: 2,000 demands (2,001 revisions and 2,000
/// summaries) sealed and opened back in batches of 500, timed. The figure
/// is printed; the test checks that every body went and came back.
#[wasm_bindgen_test]
async fn converting_two_thousand_demands_is_timed_and_complete() {
    let name = "doorstep-test-seal-timing";
    let store = fresh(name).await;
    let mut clock = HlcClock::new("dev-seal-timing");
    let community = revision::create(
        Kind::Community,
        json!({"name": "汤边社区", "street": "鼓楼街道"}),
        &mut clock,
        T0,
    );
    let mut batch = vec![community.clone()];
    for n in 0..2_000u64 {
        batch.push(revision::create(
            Kind::Demand,
            json!({
                "community_id": community.id, "reported_on": "2025-11-26",
                "source": "door_visit", "category": "livable_homes", "urgency": "normal",
                "title": format!("楼道灯坏了 {n}"),
                "description": format!("{NAME}家门口楼道灯不亮，电话{PHONE}，第{n}号")
            }),
            &mut clock,
            T0 + n,
        ));
    }
    store.apply(batch, None).await.expect("store 2,000 demands");
    let plain = sorted(store.raw_bodies().await.expect("read raw"));
    assert_eq!(plain.len(), 4_001);
    let (_, key) = new_data_key(PASS).await.expect("make the key");

    let start = js_sys::Date::now();
    let on = store
        .convert_bodies(&key, Direction::Seal, 500, None)
        .await
        .expect("seal");
    let seal_ms = js_sys::Date::now() - start;
    assert_eq!((on.converted, on.done), (4_001, true));
    let sealed = store.raw_bodies().await.expect("read raw");
    assert!(sealed
        .iter()
        .all(|body| is_sealed(body) && !holds_typed_text(body)));

    let start = js_sys::Date::now();
    let off = store
        .convert_bodies(&key, Direction::Open, 500, None)
        .await
        .expect("open");
    let open_ms = js_sys::Date::now() - start;
    assert_eq!((off.converted, off.done), (4_001, true));
    assert_eq!(sorted(store.raw_bodies().await.expect("read raw")), plain);
    console_log!(
        "seal-timing: 4,001 bodies sealed in {seal_ms:.0} ms, opened back in {open_ms:.0} ms"
    );

    store.close();
    Store::delete_database(name).await.expect("delete");
}

/// A save between two batches of a run cut short (the lock on, as
/// `app::lock::turn_on` leaves it) is stored sealed by the codec, and the
/// next run seals the rest: the run needs no check for rows that changed.
#[wasm_bindgen_test]
async fn a_write_between_batches_is_stored_sealed_and_the_next_run_seals_the_rest() {
    let name = "doorstep-test-seal-between";
    let store = fresh(name).await;
    let (household, _) = fill(&store).await;
    let plain = store.raw_bodies().await.expect("read raw");
    let mut clock = HlcClock::new("dev-seal-test-2");
    let visits = "需每周探访";
    let edited = revision::edit(
        std::slice::from_ref(&household),
        json!({"community_id": household.data.as_ref().unwrap()["community_id"],
               "building": "3号楼", "door": "301", "vulnerable": true,
               "note": format!("{NOTE}，{visits}")}),
        &mut clock,
        T0 + 10,
    );
    let (wrapped, key) = new_data_key(PASS).await.expect("make the key");
    store
        .begin_lock(&wrapped.to_json(), key.body_key())
        .await
        .expect("begin");

    let cut = store
        .convert_bodies(&key, Direction::Seal, 1, Some(2))
        .await
        .expect("first part");
    assert_eq!((cut.converted, cut.done), (2, false));
    store.put_local(edited.clone()).await.expect("save midway");
    let midway = store.raw_bodies().await.expect("read raw");
    // The edit replaced the household's row (it dominates it); the new row is sealed.
    assert_eq!(midway.len(), 5, "{midway:?}");
    let still_plain = midway.iter().filter(|b| !is_sealed(b)).count();
    assert!((2..=3).contains(&still_plain), "{midway:?}");
    for body in midway.iter().filter(|b| !is_sealed(b)) {
        assert!(plain.contains(body), "only rows from before are plain");
    }
    assert!(
        !midway.iter().any(|b| b.contains(visits)),
        "the edit is not stored plain"
    );
    assert_eq!(
        store.current(&household.id).await,
        Ok(Some(edited.clone())),
        "the edit reads back"
    );

    // Opening while new writes are sealed would leave the store mixed: refused, nothing written.
    let refused = store.convert_all(Direction::Open).await;
    assert!(
        matches!(refused, Err(StoreError::Sealing(_))),
        "{refused:?}"
    );
    assert_eq!(
        sorted(store.raw_bodies().await.expect("read raw")),
        sorted(midway)
    );

    let rest = store
        .convert_bodies(&key, Direction::Seal, 500, None)
        .await
        .expect("second run");
    assert_eq!((rest.converted, rest.done), (still_plain as u64, true));
    for body in store.raw_bodies().await.expect("read raw") {
        assert!(
            is_sealed(&body) && !holds_typed_text(&body),
            "plain: {body}"
        );
    }
    // Turning it off the way `app::lock` does: new writes plain first, then everything opened.
    store.begin_unlock_for_good().await.expect("begin off");
    store.convert_all(Direction::Open).await.expect("open back");
    let opened = store.raw_bodies().await.expect("read raw");
    assert!(opened.iter().all(|b| !is_sealed(b)));
    assert!(opened.iter().any(|b| b.contains(visits)));
    assert_eq!(store.current(&household.id).await, Ok(Some(edited)));

    store.close();
    Store::delete_database(name).await.expect("delete");
}
