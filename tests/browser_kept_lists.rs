//! The live records a connection keeps in memory after `Store::lists`
//! (issue 12: at a district's 42,500 members, the demand list and the
//! dashboard each read every member again, 4–5 s inside IndexedDB). Every
//! read must answer exactly what a connection that keeps nothing reads:
//! after this tab's writes of the kind (kept rows carry them) and of other
//! kinds (kept rows still used), after an import into a store with none of
//! the kind (kept from nothing), after a failed apply (kept rows as they
//! were), after another tab's writes (the stored number moved), after an
//! upgrade from schema 9, and never while locked.
#![cfg(target_arch = "wasm32")]

#[path = "support/export.rs"]
mod export_support;
use doorstep::app::demo::load;
use doorstep::app::{lock, records, Db};
use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::revision::{self, Revision};
use doorstep::store::{ListFilter, Store, StoreError, DB_VERSION};
use export_support::canonical_export;
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEVICE: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const PASS: &str = "correct horse battery";
const KINDS: [Kind; 2] = [Kind::Member, Kind::Activity];

/// The live records of [`KINDS`] as a connection that keeps nothing reads them.
async fn from_rows(name: &str) -> Vec<Vec<Revision>> {
    let fresh = Store::open_named(name).await.expect("a second connection");
    let lists = fresh.lists(&KINDS).await.expect("rows");
    fresh.close();
    lists
}

/// What `store` answers now (kept or read).
async fn answered(store: &Store) -> Vec<Vec<Revision>> {
    store.lists(&KINDS).await.expect("lists")
}

/// The name of member `id` in `lists`, if it is live there.
fn name_in(lists: &[Vec<Revision>], id: &str) -> Option<String> {
    lists[0]
        .iter()
        .find(|rev| rev.id == id)
        .and_then(|rev| rev.data.as_ref())
        .and_then(|data| data["name"].as_str().map(str::to_owned))
}

/// `id`'s data with its name changed to `name`.
async fn renamed(store: &Store, id: &str, name: &str) -> Value {
    let current = store.current(id).await.expect("read").expect("the member");
    let mut data = current.data.expect("a live member");
    data["name"] = Value::from(name);
    data
}

async fn fresh(name: &str) -> Store {
    let _ = Store::delete_database(name).await;
    Store::open_named(name).await.expect("open")
}

#[wasm_bindgen_test]
async fn kept_lists_follow_this_tabs_writes_and_another_tabs() {
    let name = "doorstep-test-kept-lists";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    load(&db).await.expect("the demo");
    // The demo went into a store with no member: the members it wrote are
    // every live member, kept with no read.
    let members = store.kept_list(Kind::Member).expect("kept from nothing");
    assert!(members > 5, "the demo has members: {members}");
    assert_eq!(store.kept_list(Kind::Demand), None, "demands are not kept");

    let first = answered(&store).await;
    assert_eq!(first[0].len(), members);
    assert!(!first[1].is_empty(), "and activities");
    assert_eq!(store.kept_list(Kind::Member), Some(first[0].len()));
    assert_eq!(store.kept_list(Kind::Activity), Some(first[1].len()));
    assert_eq!(first, from_rows(name).await);
    assert_eq!(answered(&store).await, first, "the kept rows answer again");
    // `list` over every community answers from the same kept rows, its
    // limit cut after the same order; one community's list reads the index.
    let members = store
        .list(Kind::Member, &Default::default())
        .await
        .expect("list");
    assert_eq!(members, first[0]);
    let two = ListFilter {
        limit: Some(2),
        ..Default::default()
    };
    assert_eq!(
        store.list(Kind::Member, &two).await.expect("two"),
        first[0][..2].to_vec()
    );
    let community = first[0][0].data.as_ref().expect("data")["community_id"]
        .as_str()
        .expect("a community")
        .to_owned();
    let theirs = ListFilter {
        community: Some(community.clone()),
        ..Default::default()
    };
    let in_one: Vec<Revision> = first[0]
        .iter()
        .filter(|rev| rev.data.as_ref().expect("data")["community_id"] == community.as_str())
        .cloned()
        .collect();
    assert_eq!(
        store.list(Kind::Member, &theirs).await.expect("one"),
        in_one
    );
    // Demands are not kept (their summaries are).
    store
        .list(Kind::Demand, &Default::default())
        .await
        .expect("demands");
    assert_eq!(store.kept_list(Kind::Demand), None);

    // A write of another kind (a demand) leaves the kept members current.
    let demand = store
        .list(Kind::Demand, &Default::default())
        .await
        .expect("demands")[0]
        .clone();
    let mut data = demand.data.clone().expect("a live demand");
    data["title"] = Value::from("楼道灯又坏了");
    records::edit(&db, DEVICE, &demand.id, data)
        .await
        .expect("edit a demand");
    assert_eq!(store.kept_list(Kind::Member), Some(first[0].len()));
    assert_eq!(answered(&store).await, first);
    assert_eq!(first, from_rows(name).await);

    // This tab renames a member: its kept members take the new row in (the
    // renamed member moves to the front, newest first), its activities stay.
    let (a, b) = (first[0][0].id.clone(), first[0][1].id.clone());
    let c = first[0][first[0].len() - 1].id.clone();
    let data = renamed(&store, &c, "王新名").await;
    records::edit(&db, DEVICE, &c, data).await.expect("rename");
    assert_eq!(store.kept_list(Kind::Member), Some(first[0].len()));
    assert_eq!(store.kept_list(Kind::Activity), Some(first[1].len()));
    let after = answered(&store).await;
    assert_eq!(name_in(&after, &c).as_deref(), Some("王新名"));
    assert_eq!(after[0][0].id, c, "newest first");
    assert_eq!(after, from_rows(name).await);

    // A rename that fails mid-write changes neither the store nor the kept rows.
    let heads = vec![store.current(&a).await.expect("read").expect("a")];
    let mut clock = HlcClock::new(DEVICE);
    let failed = revision::edit(&heads, renamed(&store, &a, "没写成").await, &mut clock, 1);
    let fault = store.apply_with_fault(vec![failed], None, Some(1)).await;
    assert!(fault.is_err(), "the injected fault fails the apply");
    assert_eq!(store.kept_list(Kind::Member), Some(after[0].len()));
    assert_eq!(answered(&store).await, after);
    assert_eq!(after, from_rows(name).await);

    // This tab deletes a member and adds one: the kept rows follow both.
    records::delete(&db, DEVICE, &c).await.expect("delete");
    assert_eq!(store.kept_list(Kind::Member), Some(after[0].len() - 1));
    assert_eq!(name_in(&answered(&store).await, &c), None);
    let mut data = renamed(&store, &a, "新来的委员").await;
    data["phone"] = Value::from("13900000000");
    let added = records::create(&db, DEVICE, Kind::Member, data)
        .await
        .expect("add a member")
        .id;
    let after = answered(&store).await;
    assert_eq!(store.kept_list(Kind::Member), Some(first[0].len()));
    assert_eq!(name_in(&after, &added).as_deref(), Some("新来的委员"));
    assert_eq!(after, from_rows(name).await);

    // Another tab (a second connection) renames and deletes: this one's
    // kept members are stale and must not answer.
    let other = Store::open_named(name).await.expect("another tab");
    let other_db = Db::new(other.clone());
    let data = renamed(&other, &a, "另一个标签页改的").await;
    records::edit(&other_db, DEVICE, &a, data)
        .await
        .expect("rename there");
    let seen = answered(&store).await;
    assert_eq!(name_in(&seen, &a).as_deref(), Some("另一个标签页改的"));
    assert_eq!(seen, from_rows(name).await);
    records::delete(&other_db, DEVICE, &b)
        .await
        .expect("delete there");
    let seen = answered(&store).await;
    assert_eq!(
        seen[0].len(),
        after[0].len() - 1,
        "the deleted member is gone"
    );
    assert_eq!(name_in(&seen, &b), None);
    assert_eq!(seen, from_rows(name).await);
    // This tab writes a member after another tab's write, before reading
    // again: its kept rows were stale, so nothing is carried.
    records::delete(&other_db, DEVICE, &added)
        .await
        .expect("delete there");
    let data = renamed(&store, &a, "这个标签页再改").await;
    records::edit(&db, DEVICE, &a, data)
        .await
        .expect("rename here");
    let seen = answered(&store).await;
    assert_eq!(seen[0].len(), after[0].len() - 2);
    assert_eq!(name_in(&seen, &a).as_deref(), Some("这个标签页再改"));
    assert_eq!(seen, from_rows(name).await);
    other.close();
}

#[wasm_bindgen_test]
async fn nothing_is_kept_or_answered_while_locked() {
    let name = "doorstep-test-kept-lists-lock";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    load(&db).await.expect("the demo");
    let before = answered(&store).await;
    assert!(store.kept_list(Kind::Member).is_some());

    lock::turn_on(&db, PASS, PASS).await.expect("turn on");
    assert_eq!(answered(&store).await, before, "unlocked: the same records");
    lock::lock_now(&db);
    assert_eq!(store.kept_list(Kind::Member), None, "dropped with the key");
    match store.lists(&KINDS).await {
        Err(StoreError::Locked) => {}
        other => panic!("a locked store answered: {other:?}"),
    }
    assert_eq!(
        store.kept_list(Kind::Member),
        None,
        "nothing kept while locked"
    );
    lock::unlock(&db, PASS, 1_795_685_400_000)
        .await
        .expect("unlock");
    assert_eq!(answered(&store).await, before);
}

/// A read decodes its rows in slices, the event loop running between them:
/// when the page locks while a read is under way, the rest of the read
/// opens nothing with the dropped key, and keeps nothing.
#[wasm_bindgen_test]
async fn a_read_under_way_when_the_page_locks_answers_and_keeps_nothing() {
    use std::future::Future;
    use std::task::Poll;
    let name = "doorstep-test-kept-lists-lock-midway";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    load(&db).await.expect("the demo");
    lock::turn_on(&db, PASS, PASS).await.expect("turn on");
    for kept in [true, false] {
        if kept {
            answered(&store).await;
            assert!(
                store.kept_list(Kind::Member).is_some(),
                "kept while unlocked"
            );
        }
        // The read starts while unlocked and waits on IndexedDB...
        let mut read = Box::pin(store.lists(&KINDS));
        let first =
            std::future::poll_fn(|cx| Poll::Ready(read.as_mut().poll(cx).is_pending())).await;
        assert!(first, "the read waits on IndexedDB");
        // ...and the page locks before it has its rows.
        lock::lock_now(&db);
        match read.await {
            Err(StoreError::Locked) => {}
            other => panic!("a read finished after the lock answered: {other:?}"),
        }
        assert_eq!(store.kept_list(Kind::Member), None, "kept rows: {kept}");
        lock::unlock(&db, PASS, 1_795_685_400_000)
            .await
            .expect("unlock");
    }
}

#[wasm_bindgen_test]
async fn a_store_of_schema_9_upgrades_with_every_record() {
    let name = "doorstep-test-kept-lists-v9";
    let _ = Store::delete_database(name).await;
    let old = Store::open_named_with_version(name, 9).await.expect("v9");
    load(&Db::new(old.clone())).await.expect("the demo");
    let export_before = canonical_export(&old).await;
    let lists_before = answered(&old).await;
    assert_eq!(old.kept_list(Kind::Member), None, "nothing kept before 10");
    old.close();

    let store = Store::open_named(name).await.expect("upgrade");
    assert_eq!(store.version(), DB_VERSION);
    assert_eq!(canonical_export(&store).await, export_before);
    assert_eq!(answered(&store).await, lists_before);
    assert!(
        store.kept_list(Kind::Member).is_some(),
        "kept from version 10 on"
    );
    assert_eq!(from_rows(name).await, lists_before);
    store.close();
}
