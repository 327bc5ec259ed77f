//! The demand summaries a connection keeps in memory (issue 12: opening the
//! demand list or the dashboard again read every `demand_state` row, a
//! second or more at 100,000 revisions). Every read must answer exactly what
//! a connection that keeps nothing reads from the rows: after this tab's own
//! writes (kept rows updated in place; kept from nothing when the store had
//! no demand), after another tab's writes (the
//! stored mark moved), after an upgrade from schema 8, and never while
//! locked.
#![cfg(target_arch = "wasm32")]

#[path = "support/export.rs"]
mod export_support;
use doorstep::app::demo::load;
use doorstep::app::{lock, records, Db};
use doorstep::domain::kinds::Kind;
use doorstep::store::{DemandFilter, DemandState, Store, StoreError, DB_VERSION};
use export_support::canonical_export;
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEVICE: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const PASS: &str = "correct horse battery";

/// Every live demand's state as a connection that keeps nothing reads it.
async fn from_rows(name: &str) -> Vec<DemandState> {
    let fresh = Store::open_named(name).await.expect("a second connection");
    let states = fresh
        .demand_states(&Default::default())
        .await
        .expect("rows");
    fresh.close();
    states
}

/// The demand list's first page (at least `limit`, whole dates) as a
/// connection that keeps nothing reads it from the index.
async fn first_page_from_rows(name: &str, limit: usize) -> Vec<DemandState> {
    let fresh = Store::open_named(name).await.expect("a second connection");
    let page = fresh.newest_demand_states(limit, 500).await.expect("page");
    fresh.close();
    page
}

/// How many live demands a connection that keeps nothing counts (the index).
async fn count_from_rows(name: &str) -> u32 {
    let fresh = Store::open_named(name).await.expect("a second connection");
    let count = fresh.live_demand_count().await.expect("count");
    fresh.close();
    count
}

/// What `store` answers now (kept or read).
async fn answered(store: &Store) -> Vec<DemandState> {
    store
        .demand_states(&Default::default())
        .await
        .expect("states")
}

/// The live demands' ids, in order.
fn ids(states: &[DemandState]) -> Vec<String> {
    states.iter().map(|s| s.demand_id.clone()).collect()
}

/// `id`'s data with its title changed to `title`.
async fn retitled(store: &Store, id: &str, title: &str) -> Value {
    let current = store.current(id).await.expect("read").expect("the demand");
    let mut data = current.data.expect("a live demand");
    data["title"] = Value::from(title);
    data
}

async fn fresh(name: &str) -> Store {
    let _ = Store::delete_database(name).await;
    Store::open_named(name).await.expect("open")
}

#[wasm_bindgen_test]
async fn kept_summaries_follow_this_tabs_writes_and_another_tabs() {
    let name = "doorstep-test-kept-summaries";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    load(&db).await.expect("the demo");
    // The demo went into a store with no demand: the states it wrote are
    // every live state, kept with no read.
    let kept = store.kept_summaries().expect("kept from nothing");
    assert!(kept > 10, "the demo has demands: {kept}");

    let first = answered(&store).await;
    assert_eq!(first.len(), kept);
    assert_eq!(store.kept_summaries(), Some(first.len()));
    assert_eq!(first, from_rows(name).await);
    assert_eq!(answered(&store).await, first, "the kept rows answer again");

    // This tab's own writes: an edit, a deletion and a new demand. The kept
    // rows follow in place (still kept) and equal the stored rows.
    let (a, b) = (first[0].demand_id.clone(), first[1].demand_id.clone());
    let data = retitled(&store, &a, "楼道灯又坏了").await;
    records::edit(&db, DEVICE, &a, data).await.expect("edit");
    let mut data = store
        .current(&b)
        .await
        .expect("read")
        .and_then(|rev| rev.data)
        .expect("data");
    records::delete(&db, DEVICE, &b).await.expect("delete");
    data["title"] = Value::from("新的诉求");
    let new = records::create(&db, DEVICE, Kind::Demand, data)
        .await
        .expect("create");
    assert!(store.kept_summaries().is_some(), "updated in place");
    let after = answered(&store).await;
    assert_eq!(after, from_rows(name).await);
    assert_eq!(after.len(), first.len(), "one gone, one new");
    let titles = |states: &[DemandState], id: &str| {
        states
            .iter()
            .find(|s| s.demand_id == id)
            .and_then(|s| s.summary.demand.as_ref())
            .map(|facts| facts.title.clone())
    };
    assert_eq!(titles(&after, &a).as_deref(), Some("楼道灯又坏了"));
    // The list's first page comes from the kept rows in the index's order.
    for limit in [1, 3, 10] {
        let page = store.newest_demand_states(limit, 500).await.expect("page");
        assert!(page.len() >= limit);
        assert_eq!(
            page,
            first_page_from_rows(name, limit).await,
            "limit {limit}"
        );
    }
    assert_eq!(
        store.newest_demand_states(5, 2).await.expect("cut").len(),
        2
    );
    // The list's total comes from the kept rows too, and equals the index's count.
    assert_eq!(
        store.live_demand_count().await.expect("count"),
        count_from_rows(name).await
    );
    assert_eq!(
        store.live_demand_count().await.expect("count") as usize,
        after.len()
    );
    assert!(!ids(&after).contains(&b));
    assert!(ids(&after).contains(&new.id));

    // Another tab (a second connection) writes: this one's kept rows are
    // stale and must not answer.
    let other = Store::open_named(name).await.expect("another tab");
    let other_db = Db::new(other.clone());
    let data = retitled(&other, &a, "另一个标签页改的").await;
    records::edit(&other_db, DEVICE, &a, data)
        .await
        .expect("edit there");
    let seen = answered(&store).await;
    assert_eq!(titles(&seen, &a).as_deref(), Some("另一个标签页改的"));
    assert_eq!(seen, from_rows(name).await);
    assert_eq!(
        store.live_demand_count().await.expect("count"),
        count_from_rows(name).await
    );
    // Reading by id goes through the same check.
    let some = vec![a.clone(), new.id.clone(), b.clone()];
    let by_id: Vec<DemandState> = (store.demand_states_of(&some).await.expect("by id"))
        .iter()
        .map(|state| DemandState::clone(state))
        .collect();
    assert_eq!(ids(&by_id).len(), 2, "the deleted demand is left out");
    assert_eq!(titles(&by_id, &a).as_deref(), Some("另一个标签页改的"));
    // Another tab's deletion: this tab's total follows (the kept rows are stale).
    records::delete(&other_db, DEVICE, &new.id)
        .await
        .expect("delete there");
    assert_eq!(
        store.live_demand_count().await.expect("count") as usize,
        after.len() - 1
    );
    // This tab writes while its kept rows are stale (the store is not empty):
    // nothing is carried, and the next read answers every state again.
    let data = retitled(&store, &a, "这个标签页再改").await;
    records::edit(&db, DEVICE, &a, data)
        .await
        .expect("edit here");
    let seen = answered(&store).await;
    assert_eq!(seen.len(), after.len() - 1);
    assert_eq!(titles(&seen, &a).as_deref(), Some("这个标签页再改"));
    assert_eq!(seen, from_rows(name).await);
    other.close();
}

#[wasm_bindgen_test]
async fn nothing_is_kept_or_answered_while_locked() {
    let name = "doorstep-test-kept-summaries-lock";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    load(&db).await.expect("the demo");
    let before = answered(&store).await;
    assert!(store.kept_summaries().is_some());

    lock::turn_on(&db, PASS, PASS).await.expect("turn on");
    assert_eq!(answered(&store).await, before, "unlocked: the same states");
    lock::lock_now(&db);
    assert_eq!(store.kept_summaries(), None, "dropped with the key");
    match store.demand_states(&Default::default()).await {
        Err(StoreError::Locked) => {}
        other => panic!("a locked store answered: {other:?}"),
    }
    lock::unlock(&db, PASS, 1_795_685_400_000)
        .await
        .expect("unlock");
    assert_eq!(answered(&store).await, before);
}

#[wasm_bindgen_test]
async fn a_store_of_schema_8_upgrades_with_every_record() {
    let name = "doorstep-test-kept-summaries-v8";
    let _ = Store::delete_database(name).await;
    let old = Store::open_named_with_version(name, 8).await.expect("v8");
    load(&Db::new(old.clone())).await.expect("the demo");
    let export_before = canonical_export(&old).await;
    let states_before = answered(&old).await;
    old.close();

    let store = Store::open_named(name).await.expect("upgrade");
    assert_eq!(store.version(), DB_VERSION);
    assert_eq!(canonical_export(&store).await, export_before);
    assert_eq!(answered(&store).await, states_before);
    assert!(store.kept_summaries().is_some(), "kept from version 9 on");
    assert_eq!(from_rows(name).await, states_before);
}

#[wasm_bindgen_test]
async fn a_store_of_schema_10_upgrades_without_the_status_indexes() {
    let name = "doorstep-test-kept-summaries-v10";
    let _ = Store::delete_database(name).await;
    let old = Store::open_named_with_version(name, 10).await.expect("v10");
    load(&Db::new(old.clone())).await.expect("the demo");
    let mut indexes = old.index_names("demand_state").expect("v10 indexes");
    indexes.sort();
    assert_eq!(indexes, ["by_community_status", "by_reported", "by_status"]);
    let export_before = canonical_export(&old).await;
    let states_before = answered(&old).await;
    let community = states_before[0].community.clone().expect("a community");
    let status = states_before[0].status.clone();
    let one = DemandFilter {
        community: Some(community.clone()),
        status: Some(status.clone()),
    };
    let theirs = old.demand_states(&one).await.expect("filtered");
    old.close();

    let store = Store::open_named(name).await.expect("upgrade");
    assert_eq!(store.version(), DB_VERSION);
    let indexes = store.index_names("demand_state").expect("v11 indexes");
    assert_eq!(
        indexes,
        ["by_reported"],
        "only the first page's index is left"
    );
    assert_eq!(canonical_export(&store).await, export_before);
    assert_eq!(answered(&store).await, states_before);
    assert_eq!(from_rows(name).await, states_before);
    // One community's and one status's states, filtered from every state,
    // are those the indexes answered.
    let filtered = store.demand_states(&one).await.expect("filtered");
    assert!(!filtered.is_empty());
    assert!(filtered
        .iter()
        .all(|s| s.community.as_deref() == Some(community.as_str()) && s.status == status));
    let mut expected: Vec<DemandState> = states_before
        .iter()
        .filter(|s| s.community.as_deref() == Some(community.as_str()) && s.status == status)
        .cloned()
        .collect();
    expected.sort_by(|a, b| a.demand_id.cmp(&b.demand_id));
    let mut got = filtered.clone();
    got.sort_by(|a, b| a.demand_id.cmp(&b.demand_id));
    assert_eq!(got, expected);
    let mut theirs = theirs;
    theirs.sort_by(|a, b| a.demand_id.cmp(&b.demand_id));
    assert_eq!(got, theirs);
    store.close();
}
