//! The counts Home shows beside the dashboard (issue 12, the dashboard's
//! round). Home's demo card read and decoded every live record to count the
//! demo ones, and its export reminder counted the `by_seq` index over every
//! row never exported; at 100k revisions the dashboard's read waited seconds
//! behind both. The store now keeps both counts in `meta`, updated by every
//! apply in the same transaction as the records (schema version 8). These
//! tests hold each equal to a full count after each kind of write, after an
//! export, and across the upgrade from schema 7.
#![cfg(target_arch = "wasm32")]

#[path = "support/export.rs"]
mod export_support;
use doorstep::app::demo::{demo_count, demo_ids, load, remove};
use doorstep::app::records;
use doorstep::app::Db;
use doorstep::domain::bundle::DeviceInfo;
use doorstep::domain::demo::DEMO_FLAG;
use doorstep::domain::exchange::ExportKind;
use doorstep::domain::kinds::Kind;
use doorstep::domain::revision::Revision;
use doorstep::store::exchange::ExportRequest;
use doorstep::store::{Store, DB_VERSION};
use export_support::canonical_export;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEVICE: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const NOW_MS: u64 = 1_795_685_400_000;

/// The kept count of rows not exported yet, and the index counted afresh.
async fn unexported(store: &Store) -> (u64, u64) {
    let kept = store.unexported_count().await.expect("the kept count");
    let status = store.export_status(DEVICE, NOW_MS).await.expect("status");
    assert_eq!(status.unexported, kept, "the reminder shows the kept count");
    let counted = store.recount_unexported().await.expect("the index count");
    (kept, counted)
}

fn request(kind: ExportKind) -> ExportRequest {
    ExportRequest {
        kind,
        device: DeviceInfo {
            id: DEVICE.into(),
            label: "测试 · 汤边社区".into(),
        },
        device_name: "测试".into(),
        device_community: "汤边社区".into(),
        exported_at: "2026-11-26T09:30:00.000Z".into(),
        now_ms: NOW_MS,
        date: "2026-11-26".into(),
    }
}

/// The kept count and the count read from every live record.
async fn both(db: &Db) -> (usize, usize) {
    let kept = demo_count(db).await.expect("the kept count");
    let full = demo_ids(db).await.expect("every demo id").len();
    (kept, full)
}

/// A community of this device's own (not demo data).
async fn real_community(db: &Db, name: &str) -> Revision {
    records::create(
        db,
        DEVICE,
        Kind::Community,
        json!({ "name": name, "street": "温泉街道" }),
    )
    .await
    .expect("a community")
}

#[wasm_bindgen_test]
async fn the_kept_count_follows_every_write() {
    let name = "doorstep-test-demo-count";
    let _ = Store::delete_database(name).await;
    let store = Store::open_named(name).await.unwrap();
    let db = Db::new(store.clone());
    assert_eq!(both(&db).await, (0, 0), "an empty store");

    real_community(&db, "汤边社区").await;
    let loaded = load(&db).await.unwrap();
    let (kept, full) = both(&db).await;
    assert!(full > 300, "the demo district is here: {full}");
    assert!(full <= loaded);
    assert_eq!(kept, full, "after loading the demo");

    // Loading it again changes nothing (the same deterministic revisions).
    load(&db).await.unwrap();
    assert_eq!(both(&db).await, (full, full));

    // A demo record edited keeps its flag (and still counts); one whose
    // flag an edit removed no longer counts; a deleted one no longer counts.
    let ids = demo_ids(&db).await.unwrap();
    let mut edited = store.current(&ids[0]).await.unwrap().unwrap();
    let mut data = edited.data.clone().unwrap();
    data["note"] = json!("改过");
    records::edit(&db, DEVICE, &edited.id, data).await.unwrap();
    assert_eq!(both(&db).await, (full, full), "an edit keeps the flag");
    edited = store.current(&ids[1]).await.unwrap().unwrap();
    let mut data = edited.data.clone().unwrap();
    data.as_object_mut().unwrap().remove(DEMO_FLAG);
    records::edit(&db, DEVICE, &edited.id, data).await.unwrap();
    assert_eq!(both(&db).await, (full - 1, full - 1), "the flag removed");
    records::delete_many(&db, DEVICE, &ids[2..5]).await.unwrap();
    assert_eq!(both(&db).await, (full - 4, full - 4), "three deleted");

    // Removing the demo leaves a count of 0 (and the record whose flag
    // was removed, as real data).
    remove(&db, DEVICE).await.unwrap();
    assert_eq!(both(&db).await, (0, 0), "the demo removed");
    assert!(store
        .current(&ids[1])
        .await
        .unwrap()
        .is_some_and(|r| !r.deleted));

    // Loading it again after the removal: whatever the merge keeps (the
    // removal's tombstones are newer), both counts agree.
    load(&db).await.unwrap();
    let (kept, again) = both(&db).await;
    assert_eq!(kept, again);
    store.close();
    Store::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_store_of_schema_7_counts_once_after_the_upgrade() {
    let name = "doorstep-test-demo-count-upgrade";
    let _ = Store::delete_database(name).await;
    let old = Store::open_named_with_version(name, 7).await.unwrap();
    let old_db = Db::new(old.clone());
    real_community(&old_db, "汤边社区").await;
    load(&old_db).await.unwrap();
    // A count a version-7 build could have left behind (none keeps it; a
    // row found at version 7 cannot be trusted): the upgrade drops it.
    old.put_meta("store.demo_count", &12).await.unwrap();
    let before = canonical_export(&old).await;
    let full = demo_ids(&old_db).await.unwrap().len();
    old.close();

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.version(), DB_VERSION);
    let db = Db::new(store.clone());
    assert_eq!(both(&db).await, (full, full), "counted afresh");
    assert_eq!(
        canonical_export(&store).await,
        before,
        "every record, byte for byte"
    );
    // Kept from then on.
    let ids = demo_ids(&db).await.unwrap();
    records::delete_many(&db, DEVICE, &ids[..2]).await.unwrap();
    assert_eq!(both(&db).await, (full - 2, full - 2));
    store.close();
    Store::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_unexported_count_follows_every_write_and_export() {
    let name = "doorstep-test-unexported-count";
    let _ = Store::delete_database(name).await;
    let store = Store::open_named(name).await.unwrap();
    let db = Db::new(store.clone());
    assert_eq!(unexported(&store).await, (0, 0), "an empty store");

    let community = real_community(&db, "汤边社区").await;
    let second = real_community(&db, "岭乡社区").await;
    assert_eq!(unexported(&store).await, (2, 2));
    // An edit replaces the head's row (a new arrival) and drops the old one.
    records::edit(
        &db,
        DEVICE,
        &community.id,
        json!({ "name": "汤边社区", "street": "温泉街道", "note": "改" }),
    )
    .await
    .unwrap();
    assert_eq!(unexported(&store).await, (2, 2), "an edit");
    records::delete_many(&db, DEVICE, std::slice::from_ref(&second.id))
        .await
        .unwrap();
    assert_eq!(unexported(&store).await, (2, 2), "a deletion");
    let loaded = load(&db).await.unwrap() as u64;
    assert_eq!(
        unexported(&store).await,
        (loaded + 2, loaded + 2),
        "the demo"
    );

    // A full export noted: nothing is left to export; the next write counts.
    let full = store
        .export_bundle(&request(ExportKind::Full))
        .await
        .expect("a full export");
    store.note_export(&full).await.expect("noted");
    assert_eq!(unexported(&store).await, (0, 0), "after the export");
    real_community(&db, "新村社区").await;
    assert_eq!(unexported(&store).await, (1, 1), "one write after it");
    records::delete_many(&db, DEVICE, std::slice::from_ref(&community.id))
        .await
        .unwrap();
    // The tombstone is a new arrival; the row it replaced was exported.
    assert_eq!(unexported(&store).await, (2, 2), "a deletion after it");
    store.close();
    Store::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_stale_unexported_count_of_schema_7_is_counted_afresh() {
    let name = "doorstep-test-unexported-upgrade";
    let _ = Store::delete_database(name).await;
    let old = Store::open_named_with_version(name, 7).await.unwrap();
    let old_db = Db::new(old.clone());
    real_community(&old_db, "汤边社区").await;
    real_community(&old_db, "岭乡社区").await;
    // What a version-7 build could leave: a count it did not keep.
    old.put_meta("store.unexported", &json!({ "after": 0, "count": 40 }))
        .await
        .unwrap();
    old.close();
    let store = Store::open_named(name).await.unwrap();
    assert_eq!(unexported(&store).await, (2, 2), "counted afresh");
    store.close();
    Store::delete_database(name).await.unwrap();
}
