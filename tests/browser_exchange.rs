#![cfg(target_arch = "wasm32")]
//! Exchange against real IndexedDB in headless Chromium, through the same
//! functions the Import panel calls (`check_files`, `apply_files`, with real
//! `File` objects): every fixture in `tests/fixtures/bundles/` applies with
//! the expected record counts or is refused with the store unchanged; imports
//! are idempotent, order-independent and recorded in the ledger; exports
//! (full, delta, filtered) re-import to the same state; a conflict is resolved.

use std::collections::BTreeSet;

use doorstep::app::exchange::{apply_files, check_files, forget_checked, kept_check_count};
use doorstep::domain::bundle::{parse_bundle, DeviceInfo};
use doorstep::domain::exchange::{ExportKind, FileCheck, FileResult, ImportBatch};
use doorstep::domain::kinds::Kind;
use doorstep::domain::revision::Revision;
use doorstep::store::exchange::ExportRequest;
use doorstep::store::Store;
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every fixture, by name, embedded at compile time.
const FIXTURES: [(&str, &str); 21] = [
    (
        "valid_full_tangbian.json",
        include_str!("fixtures/bundles/valid_full_tangbian.json"),
    ),
    (
        "valid_filtered_lingxiang.json",
        include_str!("fixtures/bundles/valid_filtered_lingxiang.json"),
    ),
    (
        "valid_delta_tangbian.json",
        include_str!("fixtures/bundles/valid_delta_tangbian.json"),
    ),
    (
        "valid_tombstones.json",
        include_str!("fixtures/bundles/valid_tombstones.json"),
    ),
    (
        "valid_concurrent_demand.json",
        include_str!("fixtures/bundles/valid_concurrent_demand.json"),
    ),
    (
        "valid_unknown_kind_and_fields.json",
        include_str!("fixtures/bundles/valid_unknown_kind_and_fields.json"),
    ),
    (
        "broken_truncated.json",
        include_str!("fixtures/bundles/broken_truncated.json"),
    ),
    (
        "broken_not_an_object.json",
        include_str!("fixtures/bundles/broken_not_an_object.json"),
    ),
    (
        "broken_wrong_format.json",
        include_str!("fixtures/bundles/broken_wrong_format.json"),
    ),
    (
        "broken_encrypted.json",
        include_str!("fixtures/bundles/broken_encrypted.json"),
    ),
    (
        "broken_newer_version.json",
        include_str!("fixtures/bundles/broken_newer_version.json"),
    ),
    (
        "broken_missing_records.json",
        include_str!("fixtures/bundles/broken_missing_records.json"),
    ),
    (
        "broken_digest_mismatch.json",
        include_str!("fixtures/bundles/broken_digest_mismatch.json"),
    ),
    (
        "broken_revision_missing_id.json",
        include_str!("fixtures/bundles/broken_revision_missing_id.json"),
    ),
    (
        "broken_revision_missing_kind.json",
        include_str!("fixtures/bundles/broken_revision_missing_kind.json"),
    ),
    (
        "broken_revision_missing_hlc.json",
        include_str!("fixtures/bundles/broken_revision_missing_hlc.json"),
    ),
    (
        "broken_revision_missing_vv.json",
        include_str!("fixtures/bundles/broken_revision_missing_vv.json"),
    ),
    (
        "broken_revision_malformed_hlc.json",
        include_str!("fixtures/bundles/broken_revision_malformed_hlc.json"),
    ),
    (
        "broken_revision_malformed_vv.json",
        include_str!("fixtures/bundles/broken_revision_malformed_vv.json"),
    ),
    (
        "broken_revision_invalid_demand.json",
        include_str!("fixtures/bundles/broken_revision_invalid_demand.json"),
    ),
    (
        "broken_revision_tombstone_with_data.json",
        include_str!("fixtures/bundles/broken_revision_tombstone_with_data.json"),
    ),
];

const EXPECTED: &str = include_str!("fixtures/bundles/expected.json");

/// The valid fixtures, in the order the multi-file tests choose them.
const VALID: [&str; 6] = [
    "valid_full_tangbian.json",
    "valid_filtered_lingxiang.json",
    "valid_delta_tangbian.json",
    "valid_tombstones.json",
    "valid_concurrent_demand.json",
    "valid_unknown_kind_and_fields.json",
];

/// Current (live) records per kind after importing one valid fixture into an empty store.
fn expected_counts(file: &str) -> Vec<(Kind, u32)> {
    use Kind::*;
    match file {
        "valid_full_tangbian.json" => vec![
            (Community, 1),
            (Member, 2),
            (Household, 1),
            (Visit, 1),
            (Demand, 1),
            (DemandEvent, 1),
            (Activity, 1),
            (Outcome, 1),
            (PointsRule, 1),
            (PointsEntry, 1),
        ],
        "valid_filtered_lingxiang.json" => {
            vec![
                (Community, 1),
                (Member, 1),
                (Demand, 1),
                (DemandEvent, 3),
                (Activity, 1),
                (Outcome, 1),
            ]
        }
        "valid_delta_tangbian.json" => vec![(Demand, 1), (DemandEvent, 1)],
        // Three tombstones count for nothing; the revision without `deleted` is live.
        "valid_tombstones.json" => vec![(Member, 1)],
        // Two siblings of one demand: one current record.
        "valid_concurrent_demand.json" => vec![(Demand, 1)],
        // The unknown kind is kept but belongs to no known kind's count.
        "valid_unknown_kind_and_fields.json" => vec![(Demand, 1)],
        other => panic!("no expected counts for {other}"),
    }
}

async fn fresh(name: &str) -> Store {
    Store::delete_database(name)
        .await
        .expect("delete old test database");
    Store::open_named(name).await.expect("open test database")
}

async fn finish(store: Store) {
    let name = store.name().to_owned();
    store.close();
    Store::delete_database(&name)
        .await
        .expect("delete test database");
}

fn file(name: &str, text: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    web_sys::File::new_with_str_sequence(&parts, name).expect("make a File")
}

/// The Import panel's path: check every file, then apply the ready ones.
async fn import(store: &Store, files: &[web_sys::File]) -> ImportBatch {
    let db = doorstep::app::Db::new(store.clone());
    let mut batch = check_files(&db, files, "", |_| {}).await;
    apply_files(&db, files, "", &mut batch, |_| {}).await;
    batch
}

/// The stored state as a set of canonical revisions (order-free).
async fn state(store: &Store) -> BTreeSet<String> {
    store
        .export_all()
        .await
        .expect("export_all")
        .iter()
        .map(Revision::canonical)
        .collect()
}

async fn counts(store: &Store) -> Vec<(Kind, u32)> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let n = store.count(*kind).await.expect("count");
        if n > 0 {
            out.push((*kind, n));
        }
    }
    out
}

fn fixture(name: &str) -> &'static str {
    FIXTURES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .expect("fixture exists")
}

#[wasm_bindgen_test]
async fn every_fixture_is_listed_here() {
    let expected: Vec<Value> = serde_json::from_str(EXPECTED).expect("expected.json");
    let listed: BTreeSet<&str> = expected.iter().filter_map(|c| c["file"].as_str()).collect();
    let embedded: BTreeSet<&str> = FIXTURES.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        listed, embedded,
        "tests/browser_exchange.rs embeds every fixture of expected.json"
    );
}

#[wasm_bindgen_test]
async fn valid_fixtures_import_with_their_counts_and_only_once() {
    let expected: Vec<Value> = serde_json::from_str(EXPECTED).expect("expected.json");
    for case in expected.iter().filter(|c| c["ok"] == Value::Bool(true)) {
        let name = case["file"].as_str().expect("file");
        let store = fresh(&format!("exchange-valid-{name}")).await;
        let files = [file(name, fixture(name))];
        let batch = import(&store, &files).await;
        match (&batch.files[0].check, &batch.files[0].result) {
            (FileCheck::Ready(ready), Some(FileResult::Imported(report))) => {
                assert_eq!(
                    ready.records as u64,
                    case["records"].as_u64().expect("records"),
                    "{name}"
                );
                assert_eq!(
                    ready.preview, *report,
                    "{name}: the preview said what the import did"
                );
            }
            other => panic!("{name}: expected an import, got {other:?}"),
        }
        assert_eq!(counts(&store).await, expected_counts(name), "{name}");
        let concurrent = name == "valid_concurrent_demand.json";
        assert_eq!(
            store.conflict_count().await.expect("conflicts"),
            u32::from(concurrent),
            "{name}"
        );
        let ledger = store.ledger().await.expect("ledger");
        assert_eq!(ledger.len(), 1, "{name}: one ledger entry");

        // Again: recognised by its digest, nothing changes.
        let before = state(&store).await;
        let again = import(&store, &files).await;
        assert!(
            matches!(again.files[0].check, FileCheck::Known { .. }),
            "{name}: {:?}",
            again.files[0].check
        );
        assert!(again.files[0].result.is_none());
        assert_eq!(state(&store).await, before, "{name}");
        assert_eq!(store.ledger().await.expect("ledger").len(), 1);
        finish(store).await;
    }
}

#[wasm_bindgen_test]
async fn broken_fixtures_are_refused_and_change_nothing() {
    let expected: Vec<Value> = serde_json::from_str(EXPECTED).expect("expected.json");
    let store = fresh("exchange-broken").await;
    // Something stored first, so "unchanged" means something.
    import(
        &store,
        &[file("base.json", fixture("valid_full_tangbian.json"))],
    )
    .await;
    let before = state(&store).await;
    let ledger_before = store.ledger().await.expect("ledger");
    let broken: Vec<&Value> = expected
        .iter()
        .filter(|c| c["ok"] == Value::Bool(false))
        .collect();
    assert!(broken.len() >= 10);
    // All at once, with one valid file among them: refusals do not block it.
    let mut files: Vec<web_sys::File> = broken
        .iter()
        .map(|c| c["file"].as_str().expect("file"))
        .map(|n| file(n, fixture(n)))
        .collect();
    files.push(file(
        "lingxiang.json",
        fixture("valid_filtered_lingxiang.json"),
    ));
    let batch = import(&store, &files).await;
    for (case, checked) in broken.iter().zip(&batch.files) {
        match &checked.check {
            FileCheck::Refused(err) => {
                assert_eq!(Some(err.code()), case["error"].as_str(), "{}", checked.name);
                assert!(!err.text().zh.is_empty() && !err.text().en.is_empty());
            }
            other => panic!("{}: expected a refusal, got {other:?}", checked.name),
        }
        assert!(
            checked.result.is_none(),
            "{}: a refused file is not applied",
            checked.name
        );
    }
    let last = batch.files.last().expect("the valid file");
    assert!(
        matches!(last.result, Some(FileResult::Imported(_))),
        "{:?}",
        last.result
    );
    assert_eq!(
        store.ledger().await.expect("ledger").len(),
        ledger_before.len() + 1
    );

    // Refused alone: exactly the state before.
    let store2 = fresh("exchange-broken-alone").await;
    import(
        &store2,
        &[file("base.json", fixture("valid_full_tangbian.json"))],
    )
    .await;
    let files: Vec<web_sys::File> = broken
        .iter()
        .map(|c| c["file"].as_str().expect("file"))
        .map(|n| file(n, fixture(n)))
        .collect();
    let batch = import(&store2, &files).await;
    assert_eq!(batch.ready().count(), 0);
    assert_eq!(state(&store2).await, before);
    assert_eq!(store2.ledger().await.expect("ledger").len(), 1);
    finish(store).await;
    finish(store2).await;
}

#[wasm_bindgen_test]
async fn any_order_any_number_of_times_gives_the_same_state() {
    let valid = VALID;
    let forward: Vec<web_sys::File> = valid.iter().map(|n| file(n, fixture(n))).collect();
    let backward: Vec<web_sys::File> = valid.iter().rev().map(|n| file(n, fixture(n))).collect();
    let a = fresh("exchange-order-a").await;
    let batch = import(&a, &forward).await;
    // All six files in one transaction, one ledger entry each.
    let applied = batch
        .applied
        .clone()
        .expect("the batch was applied in one transaction");
    assert_eq!(applied, batch.total_result());
    assert_eq!(a.ledger().await.expect("ledger").len(), valid.len());
    let b = fresh("exchange-order-b").await;
    // One at a time, backwards, each twice.
    for f in &backward {
        import(&b, std::slice::from_ref(f)).await;
        import(&b, std::slice::from_ref(f)).await;
    }
    assert_eq!(state(&a).await, state(&b).await);
    assert_eq!(counts(&a).await, counts(&b).await);
    assert_eq!(
        a.conflict_count().await.expect("a"),
        b.conflict_count().await.expect("b")
    );
    finish(a).await;
    finish(b).await;
}

/// The import takes each ready file's bundle as its check parsed it. When
/// those are let go (`forget_checked`: the preview was cancelled or left),
/// or the files handed to the import are other `File` objects, the files
/// are read and checked again: the stored state, counts, ledger and every
/// file's result are the same either way.
#[wasm_bindgen_test]
async fn the_import_stores_the_same_with_or_without_the_checked_bundles() {
    let valid = VALID;
    let chosen = || -> Vec<web_sys::File> { valid.iter().map(|n| file(n, fixture(n))).collect() };
    let kept = fresh("exchange-kept-checks").await;
    let with_kept = import(&kept, &chosen()).await;

    let let_go = fresh("exchange-kept-checks-let-go").await;
    let db = doorstep::app::Db::new(let_go.clone());
    let files = chosen();
    let mut batch = check_files(&db, &files, "", |_| {}).await;
    forget_checked(&db);
    apply_files(&db, &files, "", &mut batch, |_| {}).await;

    let other = fresh("exchange-kept-checks-other-files").await;
    let db = doorstep::app::Db::new(other.clone());
    let mut other_batch = check_files(&db, &chosen(), "", |_| {}).await;
    apply_files(&db, &chosen(), "", &mut other_batch, |_| {}).await;

    for (store, batch) in [(&let_go, &batch), (&other, &other_batch)] {
        assert_eq!(state(store).await, state(&kept).await);
        assert_eq!(counts(store).await, counts(&kept).await);
        let results: Vec<_> = batch.files.iter().map(|f| f.result.clone()).collect();
        let expected: Vec<_> = with_kept.files.iter().map(|f| f.result.clone()).collect();
        assert_eq!(results, expected);
        assert!(results
            .iter()
            .all(|r| matches!(r, Some(FileResult::Imported(_)))));
        assert_eq!(batch.applied, with_kept.applied);
        let digests = |ledger: Vec<doorstep::store::LedgerEntry>| -> Vec<String> {
            ledger.into_iter().map(|e| e.digest).collect()
        };
        assert_eq!(
            digests(store.ledger().await.expect("ledger")),
            digests(kept.ledger().await.expect("ledger"))
        );
    }
    finish(kept).await;
    finish(let_go).await;
    finish(other).await;
}

/// A check let go while it still reads files (the Import panel left, the app
/// locked: both call `forget_checked`) keeps none of the bundles it checks
/// afterwards, so no plain text stays in memory; the import then reads the
/// files again and stores everything. Without the let-go, every ready file's
/// bundle is kept.
#[wasm_bindgen_test]
async fn a_check_let_go_while_running_keeps_nothing_more() {
    let valid = VALID;
    let chosen = || -> Vec<web_sys::File> { valid.iter().map(|n| file(n, fixture(n))).collect() };
    let whole = fresh("exchange-check-whole").await;
    let db = doorstep::app::Db::new(whole.clone());
    let files = chosen();
    let mut batch = check_files(&db, &files, "", |_| {}).await;
    assert_eq!(kept_check_count(&db), valid.len());
    apply_files(&db, &files, "", &mut batch, |_| {}).await;
    assert_eq!(kept_check_count(&db), 0);

    let cut = fresh("exchange-check-let-go").await;
    let db = doorstep::app::Db::new(cut.clone());
    let files = chosen();
    let mut batch = check_files(&db, &files, "", |batch| {
        if batch.files.len() == 1 {
            forget_checked(&db);
        }
    })
    .await;
    assert_eq!(kept_check_count(&db), 0);
    assert_eq!(batch.ready().count(), valid.len());
    apply_files(&db, &files, "", &mut batch, |_| {}).await;
    assert_eq!(state(&cut).await, state(&whole).await);
    assert_eq!(counts(&cut).await, counts(&whole).await);
    finish(whole).await;
    finish(cut).await;
}

fn request(kind: ExportKind) -> ExportRequest {
    ExportRequest {
        kind,
        device: DeviceInfo {
            id: "6f1c0000-0000-4000-8000-000000000001".into(),
            label: "测试 · 汤边社区".into(),
        },
        device_name: "测试".into(),
        device_community: "汤边社区".into(),
        exported_at: "2026-11-26T09:30:00.000Z".into(),
        now_ms: 1_795_685_400_000,
        date: "2026-11-26".into(),
    }
}

#[wasm_bindgen_test]
async fn exports_round_trip_and_delta_carries_only_new_arrivals() {
    let source = fresh("exchange-export-source").await;
    import(
        &source,
        &[
            file("t.json", fixture("valid_full_tangbian.json")),
            file("l.json", fixture("valid_filtered_lingxiang.json")),
            file("c.json", fixture("valid_concurrent_demand.json")),
        ],
    )
    .await;

    // Full: written per spec, parses, re-imports to the same state (siblings included).
    let full = source
        .export_bundle(&request(ExportKind::Full))
        .await
        .expect("full export");
    assert_eq!(
        full.file_name,
        "doorstep-测试-汤边社区-full-2026-11-26.json"
    );
    let parsed = parse_bundle(full.text.as_bytes()).expect("the export parses");
    assert_eq!(parsed.records.len(), full.records);
    assert_eq!(parsed.digest, full.digest);
    let target = fresh("exchange-export-target").await;
    import(&target, &[file(&full.file_name, &full.text)]).await;
    assert_eq!(state(&target).await, state(&source).await);
    assert_eq!(target.conflict_count().await.expect("conflicts"), 1);

    // Delta before any export: everything. After noting the full export: nothing.
    let delta = source
        .export_bundle(&request(ExportKind::Delta))
        .await
        .expect("delta");
    assert_eq!(delta.records, full.records);
    source.note_export(&full).await.expect("note");
    let delta = source
        .export_bundle(&request(ExportKind::Delta))
        .await
        .expect("delta");
    assert_eq!(delta.records, 0);
    let status = source
        .export_status("someone", 1_795_685_400_000)
        .await
        .expect("status");
    assert_eq!(status.unexported, 0);
    assert!(!status.nag);

    // A new arrival (an imported delta with an OLD clock) travels in the next delta.
    import(
        &source,
        &[file("d.json", fixture("valid_delta_tangbian.json"))],
    )
    .await;
    let status = source
        .export_status("someone", 1_795_685_400_000)
        .await
        .expect("status");
    assert!(status.unexported >= 2, "{status:?}");
    // A day later the page reminds.
    let later = source
        .export_status("someone", 1_795_685_400_000 + 25 * 3_600_000)
        .await
        .expect("status");
    assert!(later.nag, "{later:?}");
    let delta = source
        .export_bundle(&request(ExportKind::Delta))
        .await
        .expect("delta");
    let parsed = parse_bundle(delta.text.as_bytes()).expect("delta parses");
    let kinds: BTreeSet<&str> = parsed.records.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["demand", "demand_event"]));
    assert!(delta
        .text
        .contains("\"since\":\"2026-11-26T09:30:00.000Z\""));
    import(&target, &[file(&delta.file_name, &delta.text)]).await;
    assert_eq!(
        state(&target).await,
        state(&source).await,
        "full + delta = everything"
    );

    // Filtered by community: only 灵响's records.
    let communities = source
        .list(Kind::Community, &Default::default())
        .await
        .expect("communities");
    let lingxiang = communities
        .iter()
        .find(|c| c.data.as_ref().and_then(|d| d["name"].as_str()) == Some("灵响社区"))
        .expect("灵响社区");
    let filtered = source
        .export_bundle(&request(ExportKind::Community {
            id: lingxiang.id.clone(),
            name: "灵响社区".into(),
        }))
        .await
        .expect("filtered");
    assert_eq!(filtered.records, 8);
    assert!(
        filtered.mark.is_none(),
        "a filtered export does not move the delta mark"
    );
    assert!(filtered.file_name.contains("-灵响社区-filtered-"));
    finish(source).await;
    finish(target).await;
}

#[wasm_bindgen_test]
async fn a_resolved_conflict_travels_and_ends_the_conflict_everywhere() {
    let coordinator = fresh("exchange-resolve").await;
    import(
        &coordinator,
        &[file("c.json", fixture("valid_concurrent_demand.json"))],
    )
    .await;
    let conflicts = coordinator.conflicts().await.expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    let heads = &conflicts[0];
    assert_eq!(heads.len(), 2);
    let rows = doorstep::domain::resolve::field_rows(heads);
    // Title from one version, urgency and description from the other.
    let title_row = rows.iter().position(|r| r.field == "title").expect("title");
    let mut picks = vec![0; rows.len()];
    picks[title_row] = 1;
    let data = doorstep::domain::resolve::combine(&rows, &picks);
    let device = "0000aaaa-0000-4000-8000-00000000c0de";
    let resolved = doorstep::app::records::edit(
        &doorstep::app::Db::new(coordinator.clone()),
        device,
        &heads[0].id,
        data.clone(),
    )
    .await
    .expect("resolution saved");
    assert!(heads.iter().all(|h| resolved.vv.dominates(&h.vv)));
    assert_eq!(coordinator.conflict_count().await.expect("count"), 0);
    assert_eq!(
        coordinator.heads(&heads[0].id).await.expect("heads").len(),
        1
    );

    // The resolution re-exports and ends the conflict on a device that has it.
    let out = coordinator
        .export_bundle(&request(ExportKind::Full))
        .await
        .expect("export");
    let other = fresh("exchange-resolve-other").await;
    import(
        &other,
        &[file("c.json", fixture("valid_concurrent_demand.json"))],
    )
    .await;
    assert_eq!(other.conflict_count().await.expect("count"), 1);
    import(&other, &[file(&out.file_name, &out.text)]).await;
    assert_eq!(other.conflict_count().await.expect("count"), 0);
    assert_eq!(state(&other).await, state(&coordinator).await);
    finish(coordinator).await;
    finish(other).await;
}

/// Not a test but a measurement for the exchange note (run by hand:
/// `cargo test --target wasm32-unknown-unknown --test browser_exchange -- --include-ignored one_transaction`):
/// 100,000 revisions applied in ONE transaction versus 70 transactions of one file each.
#[wasm_bindgen_test]
#[ignore]
async fn one_transaction_versus_one_per_file() {
    use doorstep::domain::clock::HlcClock;
    use doorstep::domain::revision;
    use serde_json::json;
    const FILES: usize = 70;
    const TOTAL: usize = 100_000;
    let mut files: Vec<Vec<Revision>> = Vec::new();
    let community = "0192f7d2-0000-4000-8000-00000000c001";
    for f in 0..FILES {
        let mut clock = HlcClock::new(&format!("bench-device-{f}"));
        let want = TOTAL * (f + 1) / FILES - TOTAL * f / FILES;
        let mut revs = Vec::with_capacity(want);
        let wall = 1_795_685_400_000 + f as u64 * 1000;
        while revs.len() < want {
            let demand = revision::create(
                Kind::Demand,
                json!({
                    "community_id": community, "reported_on": "2026-11-26", "source": "door_visit",
                    "category": "livable_homes", "urgency": "normal", "title": format!("楼道灯坏了（{}号楼）", revs.len() % 30),
                    "description": "居民反映楼道灯不亮，已有十几户联名，希望社区尽快协调解决。"
                }),
                &mut clock,
                wall,
            );
            let id = demand.id.clone();
            revs.push(demand);
            for e in 0..2 {
                if revs.len() < want {
                    revs.push(revision::create(
                        Kind::DemandEvent,
                        json!({ "demand_id": id, "at": "2026-11-27T09:00:00+08:00", "type": "note", "text": format!("第{e}次回访") }),
                        &mut clock,
                        wall,
                    ));
                }
            }
        }
        files.push(revs);
    }
    let one = fresh("exchange-bench-one").await;
    let all: Vec<Revision> = files.iter().flatten().cloned().collect();
    let t0 = js_sys::Date::now();
    one.apply(all, None).await.expect("one transaction");
    let t1 = js_sys::Date::now();
    let per_file = fresh("exchange-bench-per-file").await;
    let mut slowest = 0.0f64;
    for revs in &files {
        let start = js_sys::Date::now();
        per_file
            .apply(revs.clone(), None)
            .await
            .expect("per-file transaction");
        slowest = slowest.max(js_sys::Date::now() - start);
    }
    let t2 = js_sys::Date::now();
    assert_eq!(
        one.count(Kind::Demand).await.expect("count"),
        per_file.count(Kind::Demand).await.expect("count")
    );
    console_log!(
        "100,000 revisions: one transaction {:.1} s; 70 transactions (one per file) {:.1} s in total, the longest {:.2} s",
        (t1 - t0) / 1000.0,
        (t2 - t1) / 1000.0,
        slowest / 1000.0
    );
    finish(one).await;
    finish(per_file).await;
}
