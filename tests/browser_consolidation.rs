#![cfg(target_arch = "wasm32")]
//! A district's consolidation against real IndexedDB (issue 12): a 10,000+
//! revision import that fails at several points and leaves everything as it
//! was, the same import's exact counts and single conflict, derived rows
//! that equal a rebuild from scratch, and the upgrade from schema 1.

#[path = "support/ledger.rs"]
mod ledger_support;
use ledger_support::ledger_entry;
use std::collections::BTreeSet;

use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::revision::{self, Revision};
use doorstep::store::{DemandFilter, DemandState, LedgerEntry, Store};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const T0: u64 = 1_764_149_400_000;
/// Demands stored before the big import, each with one status event.
const BASE: u32 = 120;
/// New demands in the big import, each with one status event.
const NEW: u32 = 5_000;

fn demand(i: u32, clock: &mut HlcClock) -> Revision {
    revision::create(
        Kind::Demand,
        json!({
            "community_id": format!("c{}", i % 69), "reported_on": "2026-10-01",
            "source": "door_visit", "category": "livable_homes", "urgency": "normal",
            "title": format!("楼道灯坏了 {i}"), "description": "三楼楼道灯不亮",
            "reported_by": format!("m{}", i % 25)
        }),
        clock,
        T0 + u64::from(i),
    )
}

fn event(demand_id: &str, status: &str, day: u32, clock: &mut HlcClock) -> Revision {
    revision::create(
        Kind::DemandEvent,
        json!({"demand_id": demand_id, "at": format!("2026-10-{day:02}T09:00:00Z"), "type": "status", "status": status}),
        clock,
        T0 + u64::from(day) * 1000,
    )
}

fn ledger(digest: &str) -> LedgerEntry {
    ledger_entry(digest, "李明 · 汤边社区")
}

/// What the base store holds (applied before), and the big batch: new
/// demands with their events, edits of base demands, one concurrent edit (a
/// conflict), new events of base demands, a deleted base event, and a record
/// of a kind this app does not know, with fields it does not know.
fn fixtures() -> (Vec<Revision>, Vec<Revision>) {
    let mut a = HlcClock::new("device-a");
    let mut b = HlcClock::new("device-b");
    let mut base = Vec::new();
    let mut base_demands = Vec::new();
    let mut base_events = Vec::new();
    for i in 0..BASE {
        let d = demand(i, &mut a);
        let e = event(&d.id, "in_progress", 2, &mut a);
        base.push(d.clone());
        base.push(e.clone());
        base_demands.push(d);
        base_events.push(e);
    }
    let mut batch = Vec::new();
    for i in 0..NEW {
        let d = demand(BASE + i, &mut b);
        let e = event(
            &d.id,
            ["in_progress", "referred", "resolved"][i as usize % 3],
            3,
            &mut b,
        );
        batch.push(d);
        batch.push(e);
    }
    // 40 base demands edited on device b after seeing them: updates.
    for d in &base_demands[..40] {
        let mut data = d.data.clone().unwrap();
        data["title"] = json!("楼道灯已报修");
        batch.push(revision::edit(
            std::slice::from_ref(d),
            data,
            &mut b,
            T0 + 9_000_000,
        ));
    }
    // One base demand edited on device c without seeing device a's latest: still
    // dominated by nothing, concurrent with the stored one — a conflict.
    let mut c = HlcClock::new("device-c");
    let mut sibling = base_demands[50].clone();
    sibling.vv = doorstep::domain::vv::VersionVector::single("device-c", 1);
    sibling.hlc = c.tick(T0 + 9_500_000).to_string();
    sibling.data.as_mut().unwrap()["title"] = json!("另一台设备的修改");
    batch.push(sibling);
    // New events for 30 other base demands: resolved later.
    for d in &base_demands[60..90] {
        batch.push(event(&d.id, "resolved", 20, &mut b));
    }
    // One base event deleted: its demand falls back to open.
    batch.push(revision::delete(
        std::slice::from_ref(&base_events[100]),
        &mut b,
        T0 + 9_900_000,
    ));
    // A kind from a newer app, with fields this app does not know: kept byte-exact.
    let mut future: Revision = serde_json::from_value(json!({
        "id": "0192f7d2-0000-4000-8000-00000000f00d", "kind": "library_article",
        "hlc": format!("{T0}-00000-device-b"), "vv": {"device-b": 1}, "deleted": false,
        "data": {"title": "物业条例", "pages": 12, "nested": {"z": 1, "a": [null, true]}},
        "signature": "abc"
    }))
    .unwrap();
    future.hlc = b.tick(T0 + 9_950_000).to_string();
    batch.push(future);
    (base, batch)
}

/// Everything a person could notice about the store, comparable.
#[derive(Debug, PartialEq)]
struct Snapshot {
    export: Vec<String>,
    since: (Vec<String>, u64),
    counts: Vec<u32>,
    conflicts: u32,
    states: Vec<DemandState>,
    ledger: Vec<LedgerEntry>,
}

async fn snapshot(store: &Store) -> Snapshot {
    let sorted = |revs: Vec<Revision>| {
        let mut out: Vec<String> = revs.iter().map(Revision::canonical).collect();
        out.sort();
        out
    };
    let (since, last) = store.export_since(0).await.unwrap();
    let mut counts = Vec::new();
    for kind in Kind::ALL {
        counts.push(store.count(*kind).await.unwrap());
    }
    // From the rows, through a connection that keeps no summaries in memory.
    let rows = Store::open_named_with_version(store.name(), store.version())
        .await
        .unwrap();
    let mut states = rows.demand_states(&DemandFilter::default()).await.unwrap();
    rows.close();
    states.sort_by(|x, y| x.demand_id.cmp(&y.demand_id));
    Snapshot {
        export: sorted(store.export_all().await.unwrap()),
        since: (sorted(since), last),
        counts,
        conflicts: store.conflict_count().await.unwrap(),
        states,
        ledger: store.ledger().await.unwrap(),
    }
}

/// The derived rows a store would have if everything it holds arrived at once.
async fn rebuilt_states(store: &Store, name: &str) -> Vec<DemandState> {
    Store::delete_database(name).await.unwrap();
    let fresh = Store::open_named(name).await.unwrap();
    fresh
        .apply(store.export_all().await.unwrap(), None)
        .await
        .unwrap();
    let mut states = fresh.demand_states(&DemandFilter::default()).await.unwrap();
    states.sort_by(|x, y| x.demand_id.cmp(&y.demand_id));
    fresh.close();
    Store::delete_database(name).await.unwrap();
    states
}

async fn base_store(name: &str) -> (Store, Vec<Revision>) {
    Store::delete_database(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let (base, batch) = fixtures();
    store
        .apply(base, Some(ledger("sha256:base")))
        .await
        .unwrap();
    (store, batch)
}

#[wasm_bindgen_test]
async fn a_fault_anywhere_in_a_10k_import_leaves_the_store_as_it_was() {
    let name = "test-consolidation-fault";
    let (store, batch) = base_store(name).await;
    assert!(batch.len() >= 10_000);
    let before = snapshot(&store).await;
    // Writes: 10,000 new rows, 40 updates (put + delete), the sibling (its
    // row, and the stored head's row again, now flagged), 30 events, the
    // tombstone (put + delete), the unknown record; the arrival order's rows
    // (schema 12: the 10,073 new heads in rows of 2,000, and the base's one
    // row, which loses the 41 heads removed); the back references of the 25
    // members the new demands name; then one demand_state per touched
    // demand, the mark of the demand_state writes (schema 9), the
    // numbers of the three kinds written (demand, demand_event and the
    // unknown kind; schema 10), the arrival number, the kept counts per kind,
    // the kept count of rows not exported yet (schema 8; no demo record
    // here: the demo count is unchanged and not written), the ledger entry.
    let rows = 2 * NEW as usize + 40 * 2 + 2 + 30 + 2 + 1;
    let states = NEW as usize + 40 + 1 + 30 + 1;
    let arrivals = 10_073_usize.div_ceil(2_000) + 1;
    let back_refs = 25;
    let total = rows + arrivals + back_refs + states + 1 + 3 + 4;
    for fail_after in [
        0,
        1,
        4_321,
        rows - 1,
        rows + 17,
        rows + states,
        rows + states + 2,
        total - 2,
        total - 1,
    ] {
        let result = store
            .apply_with_fault(batch.clone(), Some(ledger("sha256:big")), Some(fail_after))
            .await;
        assert!(
            result.is_err(),
            "a fault after {fail_after} writes must fail the import"
        );
        assert_eq!(
            snapshot(&store).await,
            before,
            "fault after {fail_after} writes"
        );
    }
    // With no fault (the budget is exactly what the import writes), it commits.
    store
        .apply_with_fault(batch, Some(ledger("sha256:big")), Some(total))
        .await
        .unwrap();
    assert_ne!(snapshot(&store).await, before);
    store.close();
    Store::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_10k_import_counts_exactly_with_one_conflict() {
    let name = "test-consolidation-counts";
    let (store, batch) = base_store(name).await;
    let report = store
        .apply(batch.clone(), Some(ledger("sha256:big")))
        .await
        .unwrap();
    let demands = &report.per_kind[Kind::Demand.as_str()];
    assert_eq!(
        (demands.new, demands.updated, demands.conflicted),
        (NEW, 40, 1)
    );
    let events = &report.per_kind[Kind::DemandEvent.as_str()];
    assert_eq!((events.new, events.deleted), (NEW + 30, 1));
    assert_eq!(report.per_kind["library_article"].new, 1);

    assert_eq!(store.count(Kind::Demand).await.unwrap(), BASE + NEW);
    assert_eq!(
        store.count(Kind::DemandEvent).await.unwrap(),
        BASE - 1 + NEW + 30
    );
    assert_eq!(store.conflict_count().await.unwrap(), 1);
    let conflicts = store.conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].len(), 2);

    // Statuses, as a person reads them on the demand list.
    let count = |status: &str| {
        let filter = DemandFilter {
            community: None,
            status: Some(status.to_owned()),
        };
        let store = store.clone();
        async move { store.demand_states(&filter).await.unwrap().len() as u32 }
    };
    assert_eq!(count("resolved").await, NEW / 3 + 30);
    assert_eq!(count("open").await, 1);
    assert_eq!(count("in_progress").await, NEW.div_ceil(3) + BASE - 30 - 1);
    assert_eq!(count("referred").await, (NEW + 1) / 3);
    // The incremental derived rows equal those built from everything at once.
    let mut states = store.demand_states(&DemandFilter::default()).await.unwrap();
    states.sort_by(|x, y| x.demand_id.cmp(&y.demand_id));
    assert_eq!(states.len(), (BASE + NEW) as usize);
    // Those were the kept states (kept from nothing by the base's apply into
    // the empty store, then carried through this large one in a task of its
    // own), and they equal the states built from everything at once.
    assert_eq!(store.kept_summaries(), Some(states.len()));
    assert_eq!(
        states,
        rebuilt_states(&store, "test-consolidation-rebuilt").await
    );
    // The unknown record comes back byte for byte.
    let future = store
        .heads("0192f7d2-0000-4000-8000-00000000f00d")
        .await
        .unwrap();
    let sent = batch.last().unwrap();
    assert_eq!(future[0].canonical(), sent.canonical());
    // Importing it again changes nothing.
    let again = store.apply(batch, None).await.unwrap();
    assert_eq!(again.total().unchanged, again.total().records());
    store.close();
    Store::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn upgrading_from_schema_1_keeps_every_record_and_rebuilds_the_derived_rows() {
    let name = "test-consolidation-upgrade";
    Store::delete_database(name).await.unwrap();
    let old = Store::open_named_with_version(name, 1).await.unwrap();
    assert_eq!(old.version(), 1);
    let (base, batch) = fixtures();
    old.apply(base, Some(ledger("sha256:base"))).await.unwrap();
    old.apply(batch, Some(ledger("sha256:big"))).await.unwrap();
    let before = snapshot(&old).await;
    old.close();

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.version(), doorstep::store::DB_VERSION);
    assert!(store.version() > 1);
    let after = snapshot(&store).await;
    assert_eq!(after.export, before.export, "every record, byte for byte");
    assert_eq!(after.since, before.since, "arrival order kept");
    assert_eq!(after.counts, before.counts);
    assert_eq!(after.conflicts, before.conflicts);
    assert_eq!(after.ledger, before.ledger);
    assert_eq!(after.states.len(), (BASE + NEW) as usize);
    assert_eq!(
        after.states,
        rebuilt_states(&store, "test-consolidation-upgrade-rebuilt").await
    );
    let ids: BTreeSet<&str> = after.states.iter().map(|s| s.demand_id.as_str()).collect();
    assert_eq!(ids.len(), after.states.len());
    store.close();
    Store::delete_database(name).await.unwrap();
}

/// The counts kept by every apply (what the Exchange page shows) equal a
/// fresh count on the index after every kind of write: a big import, the
/// same import again, edits, deletions, a restored record and siblings.
#[wasm_bindgen_test]
async fn kept_counts_equal_a_recount_after_imports_and_edits() {
    let name = "test-consolidation-kept-counts";
    let (store, batch) = base_store(name).await;
    let check = |when: &'static str| {
        let store = store.clone();
        async move {
            let kept = store.counts(Kind::ALL).await.unwrap();
            let recounted = store.recount(Kind::ALL).await.unwrap();
            assert_eq!(kept, recounted, "after {when}");
            kept
        }
    };
    check("the base import").await;
    store
        .apply(batch.clone(), Some(ledger("sha256:big")))
        .await
        .unwrap();
    let after_big = check("the big import").await;
    let demands = Kind::ALL.iter().position(|k| *k == Kind::Demand).unwrap();
    assert_eq!(after_big[demands], BASE + NEW);
    store.apply(batch.clone(), None).await.unwrap();
    assert_eq!(check("the same import again").await, after_big);

    // Delete ten demands, then bring one back with a later edit.
    let mut clock = HlcClock::new("device-d");
    let mut deletions = Vec::new();
    for rev in batch.iter().filter(|r| r.kind == "demand").take(10) {
        deletions.push(revision::delete(
            std::slice::from_ref(rev),
            &mut clock,
            T0 + 9_990_000,
        ));
    }
    store.apply(deletions.clone(), None).await.unwrap();
    let after_delete = check("ten deletions").await;
    assert_eq!(after_delete[demands], BASE + NEW - 10);
    let data = batch
        .iter()
        .find(|r| r.id == deletions[0].id)
        .and_then(|r| r.data.clone())
        .unwrap();
    let back = revision::edit(
        std::slice::from_ref(&deletions[0]),
        data,
        &mut clock,
        T0 + 9_995_000,
    );
    store.put_local(back).await.unwrap();
    assert_eq!(check("a record restored").await[demands], BASE + NEW - 9);
    store.close();

    // Reopening keeps them as they are (nothing is recounted).
    let reopened = Store::open_named(name).await.unwrap();
    assert_eq!(
        reopened.counts(Kind::ALL).await.unwrap(),
        reopened.recount(Kind::ALL).await.unwrap()
    );
    reopened.close();
    Store::delete_database(name).await.unwrap();
}

/// A store written at schema version 2 (before the kept counts) comes to
/// version 3 with every record, its arrival order, ledger and derived rows
/// unchanged, and counts equal to a recount.
#[wasm_bindgen_test]
async fn upgrading_from_schema_2_keeps_every_record_and_counts_afresh() {
    let name = "test-consolidation-upgrade-2";
    Store::delete_database(name).await.unwrap();
    let old = Store::open_named_with_version(name, 2).await.unwrap();
    assert_eq!(old.version(), 2);
    let (base, batch) = fixtures();
    old.apply(base, Some(ledger("sha256:base"))).await.unwrap();
    old.apply(batch, Some(ledger("sha256:big"))).await.unwrap();
    let before = snapshot(&old).await;
    let recount_before = old.recount(Kind::ALL).await.unwrap();
    old.close();

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.version(), doorstep::store::DB_VERSION);
    let after = snapshot(&store).await;
    assert_eq!(
        after, before,
        "export, arrival order, counts, conflicts, states, ledger"
    );
    assert_eq!(after.counts, recount_before);
    assert_eq!(
        store.counts(Kind::ALL).await.unwrap(),
        store.recount(Kind::ALL).await.unwrap()
    );
    store.close();
    Store::delete_database(name).await.unwrap();
}

/// Every answer a screen reads from the revisions' indexes, comparable: the
/// lists by kind (all, one community, several kinds at once), the live ids,
/// what refers to a demand and to a member, the conflicts, a community's
/// export and the export since an arrival mark.
#[derive(Debug, PartialEq)]
struct ScreenAnswers {
    export_in_order: Vec<String>,
    demands: Vec<String>,
    events: Vec<String>,
    demands_of_c5: Vec<String>,
    lists: Vec<Vec<String>>,
    live_event_ids: BTreeSet<String>,
    referring_demand: Vec<String>,
    referring_member: Vec<String>,
    conflicts: Vec<Vec<String>>,
    communities_export: Vec<String>,
    since_mark: (Vec<String>, u64),
    recount: Vec<u32>,
}

async fn screen_answers(store: &Store, demand_id: &str) -> ScreenAnswers {
    let text = |revs: Vec<Revision>| revs.iter().map(Revision::canonical).collect::<Vec<_>>();
    let all = doorstep::store::ListFilter::default();
    let c5 = doorstep::store::ListFilter {
        community: Some("c5".to_owned()),
        limit: None,
    };
    let (since, last) = store.export_since(200).await.unwrap();
    ScreenAnswers {
        export_in_order: text(store.export_all().await.unwrap()),
        demands: text(store.list(Kind::Demand, &all).await.unwrap()),
        events: text(store.list(Kind::DemandEvent, &all).await.unwrap()),
        demands_of_c5: text(store.list(Kind::Demand, &c5).await.unwrap()),
        lists: store
            .lists(&[Kind::Demand, Kind::DemandEvent])
            .await
            .unwrap()
            .into_iter()
            .map(text)
            .collect(),
        live_event_ids: store.live_ids(Kind::DemandEvent).await.unwrap(),
        referring_demand: text(store.referring(demand_id).await.unwrap()),
        referring_member: text(store.referring("m3").await.unwrap()),
        conflicts: store
            .conflicts()
            .await
            .unwrap()
            .into_iter()
            .map(text)
            .collect(),
        communities_export: text(
            store
                .export_communities(&["c5".to_owned(), "c7".to_owned()])
                .await
                .unwrap(),
        ),
        since_mark: (text(since), last),
        recount: store.recount(Kind::ALL).await.unwrap(),
    }
}

/// Schema version 6 folds the two kind indexes into one and gives every row
/// of no community a placeholder, rewriting rows in the upgrade: the export
/// stays byte-identical (in its order too), and every screen's query —
/// lists by kind and by community, references, conflicts, a community's
/// export, the export since a mark, counts on the index — answers the same.
#[wasm_bindgen_test]
async fn upgrading_from_schema_5_folds_the_kind_indexes_and_keeps_every_answer() {
    let name = "test-consolidation-upgrade-5";
    Store::delete_database(name).await.unwrap();
    let old = Store::open_named_with_version(name, 5).await.unwrap();
    assert_eq!(old.version(), 5);
    let (base, batch) = fixtures();
    let demand_id = base[0].id.clone();
    old.apply(base, Some(ledger("sha256:base"))).await.unwrap();
    old.apply(batch, Some(ledger("sha256:big"))).await.unwrap();
    let before = snapshot(&old).await;
    let answers_before = screen_answers(&old, &demand_id).await;
    old.close();
    // The fixtures reach every query: none of these is trivially equal.
    assert!(answers_before.events.len() > 5_000);
    assert!(!answers_before.demands_of_c5.is_empty());
    assert!(!answers_before.referring_demand.is_empty());
    assert!(!answers_before.referring_member.is_empty());
    assert_eq!(answers_before.conflicts.len(), 1);
    assert!(!answers_before.communities_export.is_empty());
    assert!(!answers_before.since_mark.0.is_empty());

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.version(), doorstep::store::DB_VERSION);
    assert!(store.version() >= 6);
    assert_eq!(snapshot(&store).await, before);
    let answers_after = screen_answers(&store, &demand_id).await;
    // Events belong to no community: counted on the folded index only if
    // the upgrade gave each of them the placeholder.
    assert_eq!(answers_after.recount, answers_before.recount);
    assert_eq!(answers_after, answers_before);

    // Writing at version 6 goes on from there: a new event of a base demand
    // is listed, referred to and counted.
    let mut clock = HlcClock::new("device-d");
    let more = event(&demand_id, "closed", 25, &mut clock);
    store.apply(vec![more.clone()], None).await.unwrap();
    let after_write = screen_answers(&store, &demand_id).await;
    assert_eq!(after_write.events.len(), answers_before.events.len() + 1);
    assert!(after_write.referring_demand.contains(&more.canonical()));
    assert_eq!(
        store.counts(Kind::ALL).await.unwrap(),
        store.recount(Kind::ALL).await.unwrap()
    );
    store.close();
    Store::delete_database(name).await.unwrap();
}

/// More writes after the fixtures' big one: an event moved to the demand
/// `target`, an event deleted, a demand's reporter changed. Each takes a
/// head out of the arrival order and a reference out of a record's list.
async fn later_writes(store: Store, base: &[Revision], target: String) {
    let (moved, gone, reporter) = (base[3].clone(), base[5].clone(), base[8].clone());
    let mut clock = HlcClock::new("device-e");
    let mut data = moved.data.clone().unwrap();
    data["demand_id"] = json!(target);
    let moved = revision::edit(
        std::slice::from_ref(&moved),
        data,
        &mut clock,
        T0 + 20_000_000,
    );
    let gone = revision::delete(std::slice::from_ref(&gone), &mut clock, T0 + 20_000_001);
    let mut data = reporter.data.clone().unwrap();
    data["reported_by"] = json!("m24");
    let reporter = revision::edit(
        std::slice::from_ref(&reporter),
        data,
        &mut clock,
        T0 + 20_000_002,
    );
    store
        .apply(vec![moved, gone, reporter], None)
        .await
        .unwrap();
}

/// What a store answers from its arrival order and its back references:
/// exports since several marks, a sync push's batches, what refers to the
/// first 60 demands of `ids` and to three members, two communities' export,
/// the unexported count. Each reads rows by the keys the arrival order lists.
async fn arrival_answers(store: Store, ids: &[String]) -> Vec<String> {
    let text = |revs: Vec<Revision>| revs.iter().map(Revision::canonical).collect::<Vec<_>>();
    let mut out = Vec::new();
    for mark in [0, 1, 150, 240, 5_000, 10_239, 10_300, 20_000] {
        let (since, last) = store.export_since(mark).await.unwrap();
        out.push(format!("since {mark}: {last} {:?}", text(since)));
    }
    // A sync push's batches, from the start: every head once, in
    // arrival order, each batch starting where the last one ended.
    let (mut pushed, mut mark) = (Vec::new(), 0);
    loop {
        let (batch, last) = store.heads_after(mark, 997).await.unwrap();
        if batch.is_empty() {
            break;
        }
        assert!(batch.len() <= 997 && last > mark);
        pushed.extend(text(batch));
        mark = last;
    }
    assert_eq!(pushed, text(store.export_since(0).await.unwrap().0));
    out.push(format!("pushed: {mark} {}", pushed.len()));
    for id in ids
        .iter()
        .take(60)
        .chain(&["m3".to_owned(), "m24".to_owned(), "m7".to_owned()])
    {
        out.push(format!(
            "{id}: {:?}",
            text(store.referring(id).await.unwrap())
        ));
    }
    let mut community = text(
        store
            .export_communities(&["c5".to_owned(), "c8".to_owned()])
            .await
            .unwrap(),
    );
    community.sort();
    out.push(format!("communities: {community:?}"));
    out.push(format!(
        "unexported: {}",
        store.unexported_count().await.unwrap()
    ));
    out.push(format!(
        "recount: {}",
        store.recount_unexported().await.unwrap()
    ));
    out
}

/// Schema version 12 keeps arrival order and back references in stores of
/// their own instead of the `by_seq` and `by_ref` indexes. The same writes
/// made at version 11 (the indexes) and at 12 (the stores) give every
/// answer alike — exports since several marks, what refers to each demand
/// and member, a community's export, the unexported count — and so does
/// the version-11 store once upgraded, with its export byte-identical.
#[wasm_bindgen_test]
async fn schema_12_answers_as_the_indexes_did_before_and_after_the_upgrade() {
    let old_name = "test-consolidation-upgrade-11";
    let new_name = "test-consolidation-schema-12";
    Store::delete_database(old_name).await.unwrap();
    Store::delete_database(new_name).await.unwrap();
    let old = Store::open_named_with_version(old_name, 11).await.unwrap();
    let new = Store::open_named(new_name).await.unwrap();
    assert_eq!(old.version(), 11);
    assert_eq!(new.version(), doorstep::store::DB_VERSION);
    let (base, batch) = fixtures();
    let demand_id = base[0].id.clone();
    let demand_ids: Vec<String> = base
        .iter()
        .filter(|rev| rev.kind == "demand")
        .map(|rev| rev.id.clone())
        .collect();
    let later = |store: &Store| later_writes(store.clone(), &base, demand_ids[1].clone());
    for store in [&old, &new] {
        store
            .apply(base.clone(), Some(ledger("sha256:base")))
            .await
            .unwrap();
        store
            .apply(batch.clone(), Some(ledger("sha256:big")))
            .await
            .unwrap();
        later(store).await;
    }
    let answers = |store: Store| {
        let ids = demand_ids.clone();
        async move { arrival_answers(store, &ids).await }
    };
    let at_11 = answers(old.clone()).await;
    let at_12 = answers(new.clone()).await;
    // The writes reached every answer: none is trivially empty.
    assert!(at_11.iter().any(|line| line.starts_with("m24: [\"{")));
    assert!(at_11[0].len() > 100_000);
    assert_eq!(at_12, at_11);
    let before = snapshot(&old).await;
    let in_order = old.export_all().await.unwrap();
    old.close();

    let upgraded = Store::open_named(old_name).await.unwrap();
    assert_eq!(upgraded.version(), doorstep::store::DB_VERSION);
    assert_eq!(upgraded.export_all().await.unwrap(), in_order);
    assert_eq!(snapshot(&upgraded).await, before);
    assert_eq!(answers(upgraded.clone()).await, at_11);
    let indexes = upgraded.index_names("revisions").unwrap();
    assert!(!indexes
        .iter()
        .any(|name| name == "by_seq" || name == "by_ref"));

    // Both go on alike: a new event of a demand is referred to, exported
    // since the last mark and counted.
    let mut clock = HlcClock::new("device-f");
    let more = event(&demand_id, "closed", 26, &mut clock);
    for store in [&upgraded, &new] {
        store.apply(vec![more.clone()], None).await.unwrap();
        assert!(store
            .referring(&demand_id)
            .await
            .unwrap()
            .iter()
            .any(|rev| rev.id == more.id));
    }
    assert_eq!(answers(upgraded.clone()).await, answers(new.clone()).await);
    upgraded.close();
    new.close();
    Store::delete_database(old_name).await.unwrap();
    Store::delete_database(new_name).await.unwrap();
}

/// Schema version 13 keys `revisions` by `[id, rev_key]` (the first 16
/// characters of the hash) instead of `[id, rev]`: the upgrade copies every
/// row into a store made anew. A store filled at version 12 — two imports,
/// later edits, a deletion, a conflict — exports byte-identical rows in the
/// same order after it, and every count, derived row, ledger entry, export
/// since a mark, sync batch and back reference answers alike; the old store
/// is gone, and resolving the conflict afterwards takes its sibling out
/// under its short key.
#[wasm_bindgen_test]
async fn upgrading_to_schema_13_shortens_the_keys_and_keeps_every_row_and_answer() {
    let name = "test-consolidation-upgrade-12";
    Store::delete_database(name).await.unwrap();
    let old = Store::open_named_with_version(name, 12).await.unwrap();
    assert_eq!(old.version(), 12);
    assert_eq!(old.key_path("revisions").unwrap(), ["id", "rev"]);
    let (base, batch) = fixtures();
    let demand_ids: Vec<String> = base
        .iter()
        .filter(|rev| rev.kind == "demand")
        .map(|rev| rev.id.clone())
        .collect();
    old.apply(base.clone(), Some(ledger("sha256:base")))
        .await
        .unwrap();
    old.apply(batch, Some(ledger("sha256:big"))).await.unwrap();
    later_writes(old.clone(), &base, demand_ids[1].clone()).await;
    let before = snapshot(&old).await;
    let in_order = old.export_all().await.unwrap();
    let answers_before = arrival_answers(old.clone(), &demand_ids).await;
    let conflicts_before = old.conflicts().await.unwrap();
    old.close();
    // The fixtures reach what the copy must keep: none is trivially equal.
    assert!(in_order.len() > 10_000);
    assert!(!conflicts_before.is_empty());
    assert!(conflicts_before.iter().all(|heads| heads.len() == 2));
    assert_eq!(before.conflicts as usize, conflicts_before.len());
    assert!(answers_before
        .iter()
        .any(|line| line.starts_with("m24: [\"{")));

    // While the upgrade copies, the page can tell (the opening screen shows
    // how many records are done): sampled between the copy's batches.
    assert_eq!(doorstep::store::upgrade_progress(), None);
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let done = std::rc::Rc::new(std::cell::Cell::new(false));
    {
        let (seen, done) = (seen.clone(), done.clone());
        wasm_bindgen_futures::spawn_local(async move {
            while !done.get() {
                if let Some(rows) = doorstep::store::upgrade_progress() {
                    seen.borrow_mut().push(rows);
                }
                gloo::timers::future::TimeoutFuture::new(0).await;
            }
        });
    }
    let store = Store::open_named(name).await.unwrap();
    done.set(true);
    assert_eq!(doorstep::store::upgrade_progress(), None, "over once open");
    let seen = seen.borrow().clone();
    assert!(
        seen.iter().any(|rows| *rows > 0),
        "the progress moved while the rows were copied: {seen:?}"
    );
    assert!(seen.windows(2).all(|pair| pair[0] <= pair[1]));
    assert_eq!(store.version(), doorstep::store::DB_VERSION);
    assert_eq!(store.key_path("revisions").unwrap(), ["id", "rev_key"]);
    assert!(
        !store
            .store_names()
            .iter()
            .any(|name| name.starts_with("revisions_")),
        "the store before the copy is deleted: {:?}",
        store.store_names()
    );
    let mut indexes = store.index_names("revisions").unwrap();
    indexes.sort();
    assert_eq!(indexes, ["by_conflict", "by_kind_live_community"]);
    assert_eq!(store.export_all().await.unwrap(), in_order);
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(
        arrival_answers(store.clone(), &demand_ids).await,
        answers_before
    );
    assert_eq!(store.conflicts().await.unwrap(), conflicts_before);

    // Resolving the conflict: one head replaces both, the sibling is
    // deleted by its short key.
    let heads = &conflicts_before[0];
    let mut clock = HlcClock::new("device-g");
    let resolved = revision::edit(
        heads,
        heads[0].data.clone().unwrap(),
        &mut clock,
        T0 + 30_000_000,
    );
    store.apply(vec![resolved.clone()], None).await.unwrap();
    assert_eq!(
        store.conflict_count().await.unwrap() as usize,
        conflicts_before.len() - 1
    );
    let after = store.export_all().await.unwrap();
    assert_eq!(after.len(), in_order.len() - 1);
    assert!(after.contains(&resolved));
    assert!(heads.iter().all(|head| !after.contains(head)));
    assert_eq!(
        store.counts(Kind::ALL).await.unwrap(),
        store.recount(Kind::ALL).await.unwrap()
    );
    store.close();
    // Reopened, the rows read the same.
    let again = Store::open_named(name).await.unwrap();
    assert_eq!(again.export_all().await.unwrap(), after);
    again.close();
    Store::delete_database(name).await.unwrap();
}
