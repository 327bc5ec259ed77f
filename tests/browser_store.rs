#![cfg(target_arch = "wasm32")]
//! The store against real IndexedDB in headless Chromium: round trips of every
//! kind, siblings, atomic and idempotent imports, reopening and upgrading,
//! derived demand status, queries, and delta export by arrival.

#[path = "support/ledger.rs"]
mod ledger_support;
use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::merge::KindCounts;
use doorstep::domain::revision::{self, Revision};
use doorstep::store::{DemandFilter, LedgerEntry, ListFilter, Store, StoreError, DB_VERSION};
use ledger_support::ledger_entry;
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2025-11-26 09:30 UTC, and later moments from it.
const T0: u64 = 1_764_149_400_000;

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

fn community(clock: &mut HlcClock, wall: u64, name: &str) -> Revision {
    revision::create(
        Kind::Community,
        json!({"name": name, "street": "鼓楼街道"}),
        clock,
        wall,
    )
}

fn household(clock: &mut HlcClock, wall: u64, community_id: &str, door: &str) -> Revision {
    revision::create(
        Kind::Household,
        json!({"community_id": community_id, "building": "3号楼", "door": door, "vulnerable": false}),
        clock,
        wall,
    )
}

fn demand(clock: &mut HlcClock, wall: u64, community_id: &str) -> Revision {
    revision::create(
        Kind::Demand,
        json!({
            "community_id": community_id, "reported_on": "2025-11-26", "source": "door_visit",
            "category": "livable_homes", "urgency": "urgent", "title": "楼道灯坏了",
            "description": "三楼楼道灯不亮，老人晚上上下楼不安全"
        }),
        clock,
        wall,
    )
}

fn status_event(
    clock: &mut HlcClock,
    wall: u64,
    demand_id: &str,
    at: &str,
    status: &str,
) -> Revision {
    revision::create(
        Kind::DemandEvent,
        json!({"demand_id": demand_id, "at": at, "type": "status", "status": status}),
        clock,
        wall,
    )
}

/// A plausible record of every kind, each with an unknown field, a `u64`
/// beyond 2^53, a `null` and Chinese text, which must all come back exactly.
fn one_of_each(clock: &mut HlcClock, community_id: &str) -> Vec<Revision> {
    Kind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let mut data = match kind {
                Kind::Community => json!({"name": "汤边社区", "street": "鼓楼街道"}),
                Kind::Demand => json!({
                    "community_id": community_id, "reported_on": "2025-11-26", "source": "talk_day",
                    "category": "wellbeing", "urgency": "normal", "title": "t", "description": "d"
                }),
                _ => json!({"community_id": community_id, "name": "张丽", "title": "标题"}),
            };
            if let Value::Object(map) = &mut data {
                map.insert("future_field".into(), json!({"nested": [1, "二", null]}));
                map.insert("big".into(), json!(u64::MAX));
                map.insert("nothing".into(), Value::Null);
            }
            revision::create(*kind, data, clock, T0 + i as u64)
        })
        .collect()
}

fn ledger(digest: &str) -> LedgerEntry {
    ledger_entry(digest, "李明 · 汤边社区")
}

#[wasm_bindgen_test]
async fn fresh_database_has_current_schema() {
    let store = fresh("test-schema").await;
    assert_eq!(store.version(), DB_VERSION);
    assert!(store.export_all().await.unwrap().is_empty());
    assert_eq!(store.last_seq().await.unwrap(), 0);
    finish(store).await;
}

#[wasm_bindgen_test]
async fn every_kind_reads_back_exactly() {
    let store = fresh("test-every-kind").await;
    let mut clock = HlcClock::new("device-a");
    let community_id = "0192f7d2-0000-4000-8000-000000000001";
    let written = one_of_each(&mut clock, community_id);
    for rev in &written {
        store.put_local(rev.clone()).await.unwrap();
    }
    // A kind this app does not know is kept and passed on, not dropped.
    let mut unknown = written[0].clone();
    unknown.id = "0192f7d2-0000-4000-8000-0000000000ff".to_owned();
    unknown.kind = "budget_line".to_owned();
    unknown.extra.insert("signature".into(), json!("abc"));
    store.apply(vec![unknown.clone()], None).await.unwrap();

    for rev in &written {
        let current = store.current(&rev.id).await.unwrap();
        assert_eq!(current.as_ref(), Some(rev), "{} reads back", rev.kind);
        assert_eq!(current.unwrap().canonical(), rev.canonical());
        let kind = Kind::parse(&rev.kind).unwrap();
        assert_eq!(store.count(kind).await.unwrap(), 1, "count of {}", rev.kind);
        let listed = store.list(kind, &ListFilter::default()).await.unwrap();
        assert_eq!(listed, vec![rev.clone()]);
    }
    assert_eq!(
        store.current(&unknown.id).await.unwrap(),
        Some(unknown.clone())
    );
    let exported = store.export_all().await.unwrap();
    assert_eq!(exported.len(), written.len() + 1);
    for rev in written.iter().chain([&unknown]) {
        assert!(exported.contains(rev), "{} exported", rev.kind);
    }
    assert!(store
        .current("0192f7d2-0000-4000-8000-00000000dead")
        .await
        .unwrap()
        .is_none());
    finish(store).await;
}

#[wasm_bindgen_test]
async fn siblings_are_kept_and_the_shown_one_comes_first() {
    let store = fresh("test-siblings").await;
    let mut a = HlcClock::new("device-a");
    let mut b = HlcClock::new("device-b");
    let base = household(&mut a, T0, "c1", "502");
    store.put_local(base.clone()).await.unwrap();

    // Two devices edit the same household without seeing each other.
    let edit_a = revision::edit(
        std::slice::from_ref(&base),
        json!({"community_id": "c1", "building": "3号楼", "door": "502A", "vulnerable": true}),
        &mut a,
        T0 + 1_000,
    );
    let edit_b = revision::edit(
        std::slice::from_ref(&base),
        json!({"community_id": "c1", "building": "3号楼", "door": "502B", "vulnerable": false}),
        &mut b,
        T0 + 2_000,
    );
    store.put_local(edit_a.clone()).await.unwrap();
    let report = store.apply(vec![edit_b.clone()], None).await.unwrap();
    assert_eq!(report.per_kind["household"].conflicted, 1);

    let heads = store.heads(&base.id).await.unwrap();
    assert_eq!(
        heads,
        vec![edit_b.clone(), edit_a.clone()],
        "greatest hlc shown first"
    );
    assert_eq!(store.current(&base.id).await.unwrap(), Some(edit_b.clone()));
    assert_eq!(
        store.conflicts().await.unwrap(),
        vec![vec![edit_b.clone(), edit_a.clone()]]
    );
    assert_eq!(store.conflict_count().await.unwrap(), 1);
    // Both siblings travel in exports; the record counts once.
    assert_eq!(store.export_all().await.unwrap().len(), 2);
    assert_eq!(store.count(Kind::Household).await.unwrap(), 1);
    assert_eq!(
        store
            .list(Kind::Household, &ListFilter::default())
            .await
            .unwrap(),
        vec![edit_b.clone()]
    );

    // Importing the siblings again in the other order changes nothing.
    let again = store
        .apply(vec![edit_b.clone(), edit_a.clone(), base.clone()], None)
        .await
        .unwrap();
    assert_eq!(
        again.total(),
        KindCounts {
            unchanged: 1,
            ..Default::default()
        }
    );

    // A resolution dominates both and ends the conflict.
    let resolved = revision::edit(
        &heads,
        json!({"community_id": "c1", "building": "3号楼", "door": "502", "vulnerable": true}),
        &mut a,
        T0 + 3_000,
    );
    store.put_local(resolved.clone()).await.unwrap();
    assert_eq!(store.heads(&base.id).await.unwrap(), vec![resolved]);
    assert!(store.conflicts().await.unwrap().is_empty());
    assert_eq!(store.conflict_count().await.unwrap(), 0);
    assert_eq!(store.export_all().await.unwrap().len(), 1);
    finish(store).await;
}

#[wasm_bindgen_test]
async fn a_batch_that_fails_part_way_leaves_the_store_as_before() {
    let store = fresh("test-atomic").await;
    let mut a = HlcClock::new("device-a");
    let mut b = HlcClock::new("device-b");
    let seed_demand = demand(&mut a, T0, "c1");
    store.put_local(seed_demand.clone()).await.unwrap();
    store
        .put_local(household(&mut a, T0 + 1, "c1", "101"))
        .await
        .unwrap();

    let before_export = store.export_all().await.unwrap();
    let before_states = store.demand_states(&DemandFilter::default()).await.unwrap();
    let before_seq = store.last_seq().await.unwrap();

    let mut batch: Vec<Revision> = (0..12)
        .map(|i| household(&mut b, T0 + 10 + i, "c2", &format!("{i}01")))
        .collect();
    batch.push(status_event(
        &mut b,
        T0 + 50,
        &seed_demand.id,
        "2025-11-27T08:00:00Z",
        "resolved",
    ));
    let edited = json!({
        "community_id": "c1", "reported_on": "2025-11-26", "source": "door_visit",
        "category": "livable_homes", "urgency": "normal", "title": "改", "description": "d"
    });
    batch.push(revision::edit(
        std::slice::from_ref(&seed_demand),
        edited,
        &mut b,
        T0 + 60,
    ));

    for fail_after in [0, 1, 5, 13] {
        let result = store
            .apply_with_fault(
                batch.clone(),
                Some(ledger("sha256:atomic")),
                Some(fail_after),
            )
            .await;
        assert!(
            matches!(result, Err(StoreError::Other(_))),
            "fault after {fail_after} writes: {result:?}"
        );
        assert_eq!(
            store.export_all().await.unwrap(),
            before_export,
            "fault after {fail_after}"
        );
        assert_eq!(
            store.demand_states(&DemandFilter::default()).await.unwrap(),
            before_states
        );
        assert_eq!(store.last_seq().await.unwrap(), before_seq);
        assert!(store.ledger().await.unwrap().is_empty());
    }

    // The same batch without the fault goes in whole.
    let report = store
        .apply(batch.clone(), Some(ledger("sha256:atomic")))
        .await
        .unwrap();
    assert_eq!(report.per_kind["household"].new, 12);
    assert_eq!(
        store.export_all().await.unwrap().len(),
        before_export.len() + 13
    );
    assert_eq!(
        store
            .demand_state(&seed_demand.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        "resolved"
    );
    let entries = store.ledger().await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].counts, report.per_kind,
        "ledger counts are what the import did"
    );
    assert_eq!(
        store.ledger_entry("sha256:atomic").await.unwrap(),
        Some(entries[0].clone())
    );
    assert_eq!(store.ledger_from_device("device-b").await.unwrap(), entries);
    assert!(store
        .ledger_from_device("device-a")
        .await
        .unwrap()
        .is_empty());
    finish(store).await;
}

#[wasm_bindgen_test]
async fn the_same_batch_twice_changes_nothing_the_second_time() {
    let store = fresh("test-idempotent").await;
    let mut b = HlcClock::new("device-b");
    let c = community(&mut b, T0, "汤边社区");
    let d = demand(&mut b, T0 + 1, &c.id);
    let mut batch = vec![
        c.clone(),
        d.clone(),
        status_event(
            &mut b,
            T0 + 2,
            &d.id,
            "2025-11-26T10:00:00+08:00",
            "in_progress",
        ),
    ];
    batch.extend((0..5).map(|i| household(&mut b, T0 + 10 + i, &c.id, &format!("{i}02"))));
    let tombstone = revision::delete(&[batch[3].clone()], &mut b, T0 + 20);
    batch.push(tombstone);

    let first = store
        .apply(batch.clone(), Some(ledger("sha256:twice")))
        .await
        .unwrap();
    assert_eq!(first.total().records(), 8);
    assert_eq!(first.total().unchanged, 0);
    let export = store.export_all().await.unwrap();
    let states = store.demand_states(&DemandFilter::default()).await.unwrap();
    let (_, seq) = store.export_since(0).await.unwrap();

    let second = store
        .apply(batch.clone(), Some(ledger("sha256:twice")))
        .await
        .unwrap();
    assert_eq!(
        second.total(),
        KindCounts {
            unchanged: 8,
            ..Default::default()
        }
    );
    assert!(second.equal_vv_conflicts.is_empty());
    assert_eq!(store.export_all().await.unwrap(), export);
    assert_eq!(
        store.demand_states(&DemandFilter::default()).await.unwrap(),
        states
    );
    assert!(
        store.export_since(seq).await.unwrap().0.is_empty(),
        "nothing new arrived"
    );
    assert_eq!(store.preview(&batch).await.unwrap(), second);
    finish(store).await;
}

#[wasm_bindgen_test]
async fn preview_reports_without_writing() {
    let store = fresh("test-preview").await;
    let mut b = HlcClock::new("device-b");
    let h = household(&mut b, T0, "c1", "301");
    let gone = revision::delete(std::slice::from_ref(&h), &mut b, T0 + 5);
    let batch = vec![
        household(&mut b, T0 + 1, "c1", "302"),
        household(&mut b, T0 + 2, "c1", "303"),
    ];
    let report = store.preview(&batch).await.unwrap();
    assert_eq!(report.per_kind["household"].new, 2);
    assert!(store.export_all().await.unwrap().is_empty());

    store.put_local(h.clone()).await.unwrap();
    let report = store.preview(std::slice::from_ref(&gone)).await.unwrap();
    assert_eq!(report.per_kind["household"].deleted, 1);
    assert_eq!(store.current(&h.id).await.unwrap(), Some(h));
    finish(store).await;
}

#[wasm_bindgen_test]
async fn data_survives_closing_reopening_and_the_upgrade_path() {
    let name = "test-reopen";
    let store = fresh(name).await;
    let mut a = HlcClock::new("device-a");
    let written = one_of_each(&mut a, "c1");
    store
        .apply(written.clone(), Some(ledger("sha256:reopen")))
        .await
        .unwrap();
    store.put_meta("clock", &a).await.unwrap();
    let export = store.export_all().await.unwrap();
    let states = store.demand_states(&DemandFilter::default()).await.unwrap();
    assert_eq!(states.len(), 1);
    store.close();

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.export_all().await.unwrap(), export);
    assert_eq!(
        store.get_meta::<HlcClock>("clock").await.unwrap(),
        Some(a.clone())
    );
    store.close();

    // Through the upgrade path (stored version -> a higher one): every row intact.
    let store = Store::open_named_with_version(name, DB_VERSION + 1)
        .await
        .unwrap();
    assert_eq!(store.version(), DB_VERSION + 1);
    assert_eq!(store.export_all().await.unwrap(), export);
    assert_eq!(
        store.demand_states(&DemandFilter::default()).await.unwrap(),
        states
    );
    assert_eq!(store.ledger().await.unwrap().len(), 1);
    assert_eq!(store.get_meta::<HlcClock>("clock").await.unwrap(), Some(a));
    for rev in &written {
        assert_eq!(store.current(&rev.id).await.unwrap().as_ref(), Some(rev));
    }
    // This build cannot open what a newer schema wrote, and says so.
    let older = Store::open_named(name).await;
    assert!(matches!(older, Err(StoreError::VersionTooNew)), "{older:?}");
    assert!(!StoreError::VersionTooNew.text().zh.is_empty());
    finish(store).await;
}

#[wasm_bindgen_test]
async fn an_open_handle_does_not_block_an_upgrade() {
    let name = "test-no-block";
    let old = fresh(name).await;
    // `old` closes itself when the newer version asks, as another tab would.
    let new = Store::open_named_with_version(name, DB_VERSION + 1)
        .await
        .unwrap();
    assert_eq!(new.version(), DB_VERSION + 1);
    let stale = old.export_all().await;
    assert!(
        matches!(stale, Err(StoreError::VersionTooNew)),
        "the old handle closed and says a newer version took over: {stale:?}"
    );
    old.close();
    finish(new).await;
}

#[wasm_bindgen_test]
async fn a_connection_that_will_not_close_blocks_the_upgrade() {
    let name = "test-blocked";
    let store = fresh(name).await;
    store.close();
    // Like an old tab of the app: a connection with no `versionchange` handler.
    let stubborn = indexed_db_futures::database::Database::open(name)
        .with_version(DB_VERSION)
        .await
        .unwrap();
    let blocked = Store::open_named_with_version(name, DB_VERSION + 1).await;
    assert!(matches!(blocked, Err(StoreError::Blocked)), "{blocked:?}");
    stubborn.close();
    Store::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
fn every_error_says_what_happened_and_what_to_do() {
    let errors = [
        StoreError::QuotaExceeded,
        StoreError::Blocked,
        StoreError::Unavailable,
        StoreError::VersionTooNew,
        StoreError::Corrupt { id: "r1".into() },
        StoreError::Other("boom".into()),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for error in &errors {
        let text = error.text();
        assert!(
            text.zh.chars().count() > 20 && text.en.len() > 40,
            "{error:?}"
        );
        assert!(
            seen.insert(text.en.clone()),
            "{error:?} has its own message"
        );
        assert!(!error.to_string().is_empty());
    }
    assert!(errors[4].text().en.contains("r1") && errors[4].text().zh.contains("r1"));
    assert!(errors[5].text().en.contains("boom"));
}

#[wasm_bindgen_test]
async fn meta_values_round_trip() {
    let store = fresh("test-meta").await;
    assert_eq!(store.get_meta::<String>("lang").await.unwrap(), None);
    store.put_meta("lang", "en").await.unwrap();
    assert_eq!(
        store.get_meta::<String>("lang").await.unwrap(),
        Some("en".to_owned())
    );
    let draft = json!({"title": "草稿", "count": u64::MAX, "none": null});
    store.put_meta("draft", &draft).await.unwrap();
    assert_eq!(store.get_meta::<Value>("draft").await.unwrap(), Some(draft));
    // A value that does not read as the asked type is an error, never `None`.
    assert!(matches!(
        store.get_meta::<u32>("lang").await,
        Err(StoreError::Corrupt { .. })
    ));
    store.delete_meta("draft").await.unwrap();
    assert_eq!(store.get_meta::<Value>("draft").await.unwrap(), None);
    finish(store).await;
}

#[wasm_bindgen_test]
async fn demand_state_follows_its_events() {
    let store = fresh("test-demand-state").await;
    let mut a = HlcClock::new("device-a");
    let mut b = HlcClock::new("device-b");
    let d = demand(&mut a, T0, "c1");
    store.put_local(d.clone()).await.unwrap();
    let state = store.demand_state(&d.id).await.unwrap().unwrap();
    assert_eq!(state.status, "open");
    assert_eq!(state.community.as_deref(), Some("c1"));
    assert_eq!(state.category.as_deref(), Some("livable_homes"));
    assert_eq!(state.urgency.as_deref(), Some("urgent"));
    assert_eq!(state.reported_on.as_deref(), Some("2025-11-26"));

    let progress = status_event(
        &mut a,
        T0 + 10,
        &d.id,
        "2025-11-27T09:00:00+08:00",
        "in_progress",
    );
    store.put_local(progress.clone()).await.unwrap();
    assert_eq!(
        store.demand_state(&d.id).await.unwrap().unwrap().status,
        "in_progress"
    );

    // Written later (greater hlc) but about an earlier moment: `at` decides.
    let earlier = status_event(&mut b, T0 + 20, &d.id, "2025-11-27T00:30:00Z", "referred");
    store.apply(vec![earlier], None).await.unwrap();
    let state = store.demand_state(&d.id).await.unwrap().unwrap();
    assert_eq!(state.status, "in_progress");
    assert_eq!(state.status_hlc.as_deref(), Some(progress.hlc.as_str()));

    // A note is not a status change.
    let note = revision::create(
        Kind::DemandEvent,
        json!({"demand_id": d.id, "at": "2025-11-28T09:00:00Z", "type": "note", "text": "已联系物业"}),
        &mut a,
        T0 + 30,
    );
    store.put_local(note.clone()).await.unwrap();
    assert_eq!(
        store.demand_state(&d.id).await.unwrap().unwrap().status,
        "in_progress"
    );
    assert_eq!(store.referring(&d.id).await.unwrap().len(), 3);

    let resolved = status_event(&mut b, T0 + 40, &d.id, "2025-11-29T09:00:00Z", "resolved");
    store.apply(vec![resolved], None).await.unwrap();
    assert_eq!(
        store.demand_state(&d.id).await.unwrap().unwrap().status,
        "resolved"
    );

    // Events that arrive before their demand still count once it arrives.
    let d2 = demand(&mut b, T0 + 50, "c2");
    let closed = status_event(&mut b, T0 + 51, &d2.id, "2025-11-30T09:00:00Z", "closed");
    store.apply(vec![closed], None).await.unwrap();
    assert_eq!(
        store.demand_state(&d2.id).await.unwrap(),
        None,
        "no demand yet"
    );
    store.apply(vec![d2.clone()], None).await.unwrap();
    assert_eq!(
        store.demand_state(&d2.id).await.unwrap().unwrap().status,
        "closed"
    );

    let by_status = store
        .demand_states(&DemandFilter {
            community: None,
            status: Some("resolved".into()),
        })
        .await
        .unwrap();
    assert_eq!(
        by_status
            .iter()
            .map(|s| s.demand_id.as_str())
            .collect::<Vec<_>>(),
        vec![d.id.as_str()]
    );
    let in_c2 = store
        .demand_states(&DemandFilter {
            community: Some("c2".into()),
            status: None,
        })
        .await
        .unwrap();
    assert_eq!(in_c2.len(), 1);
    assert_eq!(in_c2[0].demand_id, d2.id);
    let c1_closed = store
        .demand_states(&DemandFilter {
            community: Some("c1".into()),
            status: Some("closed".into()),
        })
        .await
        .unwrap();
    assert!(c1_closed.is_empty());
    let counts = store.demand_status_counts(None).await.unwrap();
    assert_eq!(counts.get("resolved"), Some(&1));
    assert_eq!(counts.get("closed"), Some(&1));

    // A deleted demand has no state.
    let gone = revision::delete(std::slice::from_ref(&d), &mut a, T0 + 60);
    store.put_local(gone).await.unwrap();
    assert_eq!(store.demand_state(&d.id).await.unwrap(), None);
    assert_eq!(
        store
            .demand_states(&DemandFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
    finish(store).await;
}

#[wasm_bindgen_test]
async fn count_list_referring_and_community_export() {
    let store = fresh("test-queries").await;
    let mut a = HlcClock::new("device-a");
    let c1 = community(&mut a, T0, "汤边社区");
    let c2 = community(&mut a, T0 + 1, "安泰社区");
    let mut batch = vec![c1.clone(), c2.clone()];
    let in_c1: Vec<Revision> = (0..4)
        .map(|i| household(&mut a, T0 + 10 + i, &c1.id, &format!("{i}01")))
        .collect();
    let in_c2: Vec<Revision> = (0..3)
        .map(|i| household(&mut a, T0 + 20 + i, &c2.id, &format!("{i}02")))
        .collect();
    batch.extend(in_c1.iter().cloned());
    batch.extend(in_c2.iter().cloned());
    store.apply(batch, None).await.unwrap();

    // One household of c1 is deleted: it leaves lists and counts, not exports.
    let gone = revision::delete(&[in_c1[0].clone()], &mut a, T0 + 30);
    store.put_local(gone.clone()).await.unwrap();
    assert_eq!(store.count(Kind::Household).await.unwrap(), 6);
    assert_eq!(store.count(Kind::Community).await.unwrap(), 2);
    assert_eq!(store.count(Kind::Demand).await.unwrap(), 0);

    let all = store
        .list(Kind::Household, &ListFilter::default())
        .await
        .unwrap();
    let mut newest_first: Vec<Revision> = in_c2
        .iter()
        .rev()
        .chain(in_c1[1..].iter().rev())
        .cloned()
        .collect();
    assert_eq!(all, newest_first);
    let limited = store
        .list(
            Kind::Household,
            &ListFilter {
                community: None,
                limit: Some(2),
            },
        )
        .await
        .unwrap();
    newest_first.truncate(2);
    assert_eq!(limited, newest_first);
    let only_c1 = store
        .list(
            Kind::Household,
            &ListFilter {
                community: Some(c1.id.clone()),
                limit: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        only_c1,
        in_c1[1..].iter().rev().cloned().collect::<Vec<_>>()
    );
    let only_c1_one = store
        .list(
            Kind::Household,
            &ListFilter {
                community: Some(c1.id.clone()),
                limit: Some(1),
            },
        )
        .await
        .unwrap();
    assert_eq!(only_c1_one, vec![in_c1[3].clone()]);

    // References: the visits of a household, live ones only.
    let visit = |clock: &mut HlcClock, wall: u64, household_id: &str| {
        revision::create(
            Kind::Visit,
            json!({"household_id": household_id, "at": "2025-11-26T09:30:00Z", "outcome": "talked", "demand_ids": []}),
            clock,
            wall,
        )
    };
    let v1 = visit(&mut a, T0 + 40, &in_c2[0].id);
    let v2 = visit(&mut a, T0 + 41, &in_c2[0].id);
    let v3 = visit(&mut a, T0 + 42, &in_c2[1].id);
    store
        .apply(vec![v1.clone(), v2.clone(), v3.clone()], None)
        .await
        .unwrap();
    assert_eq!(
        store.referring(&in_c2[0].id).await.unwrap(),
        vec![v1.clone(), v2.clone()]
    );
    store
        .put_local(revision::delete(std::slice::from_ref(&v1), &mut a, T0 + 50))
        .await
        .unwrap();
    assert_eq!(
        store.referring(&in_c2[0].id).await.unwrap(),
        vec![v2.clone()]
    );
    assert!(store.referring("nobody").await.unwrap().is_empty());

    // A community's export: its records (the tombstone too) and the community itself.
    let exported = store
        .export_communities(std::slice::from_ref(&c1.id))
        .await
        .unwrap();
    let mut ids: Vec<&str> = exported.iter().map(|rev| rev.id.as_str()).collect();
    ids.sort();
    let mut expected: Vec<&str> = [c1.id.as_str()]
        .into_iter()
        .chain(in_c1.iter().map(|rev| rev.id.as_str()))
        .collect();
    expected.sort();
    assert_eq!(ids, expected);
    assert!(
        exported.contains(&gone),
        "the deletion travels with the community"
    );
    finish(store).await;
}

#[wasm_bindgen_test]
async fn export_since_follows_arrival_not_clocks() {
    let store = fresh("test-since").await;
    let mut a = HlcClock::new("device-a");
    let mine: Vec<Revision> = (0..3)
        .map(|i| household(&mut a, T0 + 1_000 + i, "c1", &format!("{i}03")))
        .collect();
    for rev in &mine {
        store.put_local(rev.clone()).await.unwrap();
    }
    let (first, seq1) = store.export_since(0).await.unwrap();
    assert_eq!(first.len(), 3);
    assert_eq!(seq1, 3);
    assert_eq!(store.last_seq().await.unwrap(), 3);

    // Imported revisions written long ago on another device still travel on.
    let mut old = HlcClock::new("device-old");
    let theirs: Vec<Revision> = (0..2)
        .map(|i| household(&mut old, 1_000 + i, "c2", &format!("{i}04")))
        .collect();
    store.apply(theirs.clone(), None).await.unwrap();
    let edit = revision::edit(
        &[mine[0].clone()],
        json!({"community_id": "c1", "building": "4号楼", "door": "1", "vulnerable": false}),
        &mut a,
        T0 + 2_000,
    );
    store.put_local(edit.clone()).await.unwrap();

    let (delta, seq2) = store.export_since(seq1).await.unwrap();
    // One import numbers its records by id; the later local edit comes after.
    let mut expected = theirs.clone();
    expected.sort_by(|x, y| x.id.cmp(&y.id));
    expected.push(edit.clone());
    assert_eq!(delta, expected, "in arrival order");
    assert_eq!(seq2, 6);
    assert!(store.export_since(seq2).await.unwrap().0.is_empty());
    assert_eq!(store.export_since(seq2).await.unwrap().1, seq2);
    // The replaced revision is gone; the full export has 5 heads.
    assert_eq!(store.export_all().await.unwrap().len(), 5);
    finish(store).await;
}
