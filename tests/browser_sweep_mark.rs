//! The award sweep's mark (issue 12): Home and the Points page ask for a sweep
//! each time they open, and a sweep re-reads every demand. A sweep that ran
//! today over everything stored now is not run again; a new revision or a
//! new day makes the next call sweep, so no deduction is ever skipped.
#![cfg(target_arch = "wasm32")]

use doorstep::app::lists::load_kind;
use doorstep::app::points::sweep_awards;
use doorstep::app::records;
use doorstep::app::Db;
use doorstep::domain::kinds::{Kind, PointsEntry};
use doorstep::store::Store;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEVICE: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const ALICE: &str = "11111111-1111-4111-8111-111111111111";
const COMMUNITY: &str = "55555555-5555-4555-8555-555555555555";

/// The service handle, and the same connection for the store's own reads.
async fn fresh(name: &str) -> (Db, Store) {
    let _ = Store::delete_database(name).await;
    let store = Store::open_named(name).await.expect("a test database");
    (Db::new(store.clone()), store)
}

/// An open demand reported by Alice on `day`: overdue seven days later.
async fn report(db: &Db, day: &str, title: &str) {
    records::create(
        db,
        DEVICE,
        Kind::Demand,
        json!({
            "community_id": COMMUNITY, "reported_on": day, "reported_by": ALICE,
            "source": "door_visit", "category": "wellbeing", "urgency": "normal",
            "title": title, "description": "3号楼2单元",
        }),
    )
    .await
    .expect("a demand");
}

/// The overdue deductions stored.
async fn deductions(db: &Db) -> usize {
    load_kind::<PointsEntry>(db, Kind::PointsEntry)
        .await
        .expect("read the entries")
        .into_iter()
        .filter(|(_, e)| e.points < 0)
        .count()
}

#[wasm_bindgen_test]
async fn a_sweep_runs_again_only_for_a_new_revision_or_a_new_day() {
    let name = "doorstep-test-sweep-mark";
    let (db, store) = fresh(name).await;
    report(&db, "2026-11-01", "楼道灯不亮").await;
    report(&db, "2026-11-18", "电梯异响").await;

    // On the 10th day of the first demand: one deduction.
    assert!(sweep_awards(&db, "2026-11-20").await.unwrap() >= 1);
    assert_eq!(deductions(&db).await, 1);
    // The mark covers what the sweep wrote itself.
    let mark: serde_json::Value = store
        .get_meta("store.sweep_mark")
        .await
        .unwrap()
        .expect("the sweep's mark");
    let last = store.last_seq().await.unwrap();
    assert_eq!(mark, json!({ "day": "2026-11-20", "seq": last }));

    // The same day, nothing new: nothing is written.
    let applies = store.applies();
    assert_eq!(sweep_awards(&db, "2026-11-20").await.unwrap(), 0);
    assert_eq!(store.applies(), applies);
    assert_eq!(deductions(&db).await, 1);

    // A new overdue demand the same day is swept.
    report(&db, "2026-11-02", "垃圾清运不及时").await;
    assert_eq!(sweep_awards(&db, "2026-11-20").await.unwrap(), 1);
    assert_eq!(deductions(&db).await, 2);

    // A later day with nothing new: the second demand has become overdue.
    assert_eq!(sweep_awards(&db, "2026-11-26").await.unwrap(), 1);
    assert_eq!(deductions(&db).await, 3);
    assert_eq!(sweep_awards(&db, "2026-11-26").await.unwrap(), 0);
    let _ = Store::delete_database(name).await;
}

/// Whether `future` finishes within `ms` milliseconds (it runs on after that).
async fn within(ms: u32, future: impl std::future::Future<Output = ()> + 'static) -> bool {
    use std::cell::Cell;
    use std::rc::Rc;
    let done = Rc::new(Cell::new(false));
    let flag = Rc::clone(&done);
    wasm_bindgen_futures::spawn_local(async move {
        future.await;
        flag.set(true);
    });
    gloo::timers::future::TimeoutFuture::new(ms).await;
    done.get()
}

#[wasm_bindgen_test]
async fn background_batches_wait_while_a_page_reads_unless_a_page_waits_for_them() {
    use doorstep::app::priority::{after_page_reads, reading, Foreground, Urgent};
    assert_eq!(reading(), 0);
    assert!(
        within(200, after_page_reads()).await,
        "nothing reads: no wait"
    );
    let page = Foreground::hold();
    assert_eq!(reading(), 1);
    assert!(
        !within(300, after_page_reads()).await,
        "a page reads: the batch waits"
    );
    let urgent = Urgent::hold();
    assert!(
        within(200, after_page_reads()).await,
        "a page waits for the sweep: no wait"
    );
    drop(urgent);
    drop(page);
    assert_eq!(reading(), 0);
    assert!(within(200, after_page_reads()).await);
}
