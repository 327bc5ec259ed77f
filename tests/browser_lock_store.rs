#![cfg(target_arch = "wasm32")]
//! The app lock over the whole store, on real IndexedDB and WebCrypto:
//! turning it on seals every body, meta value, ledger label and photo while
//! every read stays whole; locked, nothing personal can be read and an
//! import is refused with the store unchanged; unlocking (also from a new
//! connection, as after a restart) opens it all again; a turn-on cut short
//! is finished by the next unlock; turning it off gives back every body
//! byte for byte.

#[path = "support/export.rs"]
mod export_support;
#[path = "support/ledger.rs"]
mod ledger_support;
use doorstep::app::crypto::new_data_key;
use doorstep::app::lock::{self, LockState, PENDING_KEY};
use doorstep::app::Db;
use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::lock::{are_sealed_bytes, is_sealed};
use doorstep::domain::photos::Photo;
use doorstep::domain::revision::{self, Revision};
use doorstep::store::{DemandFilter, Direction, LedgerEntry, Store, StoreError, LOCK_KEY_META};
use export_support::canonical_export;
use ledger_support::ledger_entry;
use serde_json::{json, Value};
use wasm_bindgen_test::*;

#[path = "support/typed_records.rs"]
mod typed_records;
use typed_records::*;

wasm_bindgen_test_configure!(run_in_browser);

const REP: &str = "代表李明华";
const PHOTO_MARK: &[u8] = b"PHOTO-BYTES-OF-A-LEAKING-PIPE";

fn ledger(digest: &str) -> LedgerEntry {
    ledger_entry(digest, &format!("{REP} · 汤边社区"))
}

/// Everything the lock covers, each holding typed text: a vulnerable
/// household with a note, a demand with the resident's name, phone and
/// address and its status event (imported, so a ledger entry names the
/// representative), this device's identity, a capture draft and a photo.
async fn fill(store: &Store) -> (Revision, HlcClock) {
    let mut clock = HlcClock::new("dev-lock-store-test");
    let [community, household, demand, event] = typed_records(&mut clock);
    store
        .apply(
            vec![community, household, demand.clone(), event],
            Some(ledger("digest-1")),
        )
        .await
        .expect("store the records");
    store
        .put_meta(
            "device",
            &json!({"id": "dev-1", "label": REP, "member_id": "m-1"}),
        )
        .await
        .expect("device");
    store
        .put_meta(
            "draft:capture",
            &json!({"resident_name": NAME, "phone": PHONE}),
        )
        .await
        .expect("draft");
    let mut bytes = vec![0xFF, 0xD8];
    bytes.extend_from_slice(PHOTO_MARK);
    store
        .put_photos(&[Photo {
            id: "photo-1".into(),
            media_type: "image/jpeg".into(),
            bytes,
        }])
        .await
        .expect("photo");
    (demand, clock)
}

fn holds_typed_text(text: &str) -> bool {
    [NAME, PHONE, ADDRESS, NOTE, REP]
        .iter()
        .any(|typed| text.contains(typed))
}

fn holds_mark(bytes: &[u8]) -> bool {
    bytes.windows(PHOTO_MARK.len()).any(|w| w == PHOTO_MARK)
}

/// What the store holds, read through its ordinary reads.
async fn readings(store: &Store, demand: &Revision) -> Value {
    let heads = store.heads(&demand.id).await.expect("heads");
    let states = store
        .demand_states(&DemandFilter::default())
        .await
        .expect("states");
    let device: Option<Value> = store.get_meta("device").await.expect("device");
    let draft: Option<Value> = store.get_meta("draft:capture").await.expect("draft");
    let labels: Vec<String> = store
        .ledger()
        .await
        .expect("ledger")
        .into_iter()
        .map(|e| e.device_label)
        .collect();
    let photo = store.get_photo("photo-1").await.expect("photo");
    json!({
        "heads": serde_json::to_value(&heads).expect("json"),
        "states": serde_json::to_value(&states).expect("json"),
        "device": device, "draft": draft, "labels": labels,
        "photo": photo.map(|p| p.bytes),
    })
}

async fn assert_all_sealed(store: &Store) {
    let bodies = store.raw_bodies().await.expect("raw bodies");
    assert!(!bodies.is_empty());
    for body in &bodies {
        assert!(is_sealed(body), "every stored body is sealed: {body}");
        assert!(!holds_typed_text(body));
    }
    let (texts, photos) = store.raw_sensitive().await.expect("raw");
    assert_eq!(texts.len(), 3, "device, draft and one ledger label");
    for text in &texts {
        assert!(is_sealed(text), "sealed: {text}");
        assert!(!holds_typed_text(text));
    }
    assert_eq!(photos.len(), 1);
    assert!(are_sealed_bytes(&photos[0]) && !holds_mark(&photos[0]));
}

#[wasm_bindgen_test]
async fn turning_the_lock_on_seals_everything_and_every_read_stays_whole() {
    let name = "doorstep-test-lock-store-on";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    let (demand, mut clock) = fill(&store).await;
    let before = readings(&store, &demand).await;
    // The control: the same checks find the typed text while the lock is off.
    let plain = store.raw_bodies().await.expect("raw");
    assert!(plain.iter().filter(|b| holds_typed_text(b)).count() >= 3);
    let (texts, photos) = store.raw_sensitive().await.expect("raw");
    assert!(texts.iter().all(|t| holds_typed_text(t)));
    assert!(holds_mark(&photos[0]));
    assert_eq!(lock::state(&db), LockState::Off);

    lock::turn_on(&db, PASS, PASS).await.expect("turn on");
    assert_eq!(lock::state(&db), LockState::Unlocked);
    assert_all_sealed(&store).await;
    assert_eq!(readings(&store, &demand).await, before, "reads unchanged");

    // A new write while unlocked is sealed too, and reads back.
    let heads = store.heads(&demand.id).await.expect("heads");
    let mut data = heads[0].data.clone().expect("data");
    data["description"] = json!(format!("{NAME}又来电，电话{PHONE}"));
    store
        .put_local(revision::edit(&heads, data, &mut clock, T0 + 10))
        .await
        .expect("edit while unlocked");
    assert_all_sealed(&store).await;
    let edited = store.heads(&demand.id).await.expect("heads");
    assert!(edited[0].data.as_ref().expect("data")["description"]
        .as_str()
        .expect("text")
        .contains("又来电"));
}

#[wasm_bindgen_test]
async fn locked_nothing_personal_is_read_an_import_is_refused_and_unlock_opens_it_all() {
    let name = "doorstep-test-lock-store-locked";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    let (demand, mut clock) = fill(&store).await;
    let before = readings(&store, &demand).await;
    lock::turn_on(&db, PASS, PASS).await.expect("turn on");
    lock::lock_now(&db);
    assert_eq!(lock::state(&db), LockState::Locked);

    assert_eq!(
        store.heads(&demand.id).await.err(),
        Some(StoreError::Locked)
    );
    assert_eq!(
        store.demand_states(&DemandFilter::default()).await.err(),
        Some(StoreError::Locked)
    );
    assert_eq!(
        store.get_meta::<Value>("device").await.err(),
        Some(StoreError::Locked)
    );
    assert_eq!(store.ledger().await.err(), Some(StoreError::Locked));
    assert_eq!(
        store.get_photo("photo-1").await.err(),
        Some(StoreError::Locked)
    );

    // An import while locked is refused and changes nothing.
    let raw_before = (
        store.raw_bodies().await.expect("raw"),
        store.raw_sensitive().await.expect("raw"),
    );
    let newcomer = revision::create(
        Kind::Member,
        json!({"name": "王小红", "team": "representative"}),
        &mut clock,
        T0 + 20,
    );
    assert_eq!(
        store
            .apply(vec![newcomer.clone()], Some(ledger("digest-2")))
            .await
            .err(),
        Some(StoreError::Locked)
    );
    assert_eq!(
        store
            .put_meta("draft:capture", &json!({"resident_name": "x"}))
            .await
            .err(),
        Some(StoreError::Locked)
    );
    let raw_after = (
        store.raw_bodies().await.expect("raw"),
        store.raw_sensitive().await.expect("raw"),
    );
    assert_eq!(raw_after, raw_before, "nothing written while locked");

    // A wrong passphrase keeps it locked; a new connection (a restart) starts locked.
    assert!(lock::unlock(&db, "not the passphrase", T0).await.is_err());
    assert_eq!(lock::state(&db), LockState::Locked);
    let reopened = Store::open_named(name).await.expect("reopen");
    let db2 = Db::new(reopened.clone());
    assert_eq!(lock::state(&db2), LockState::Locked);
    lock::unlock(&db2, PASS, T0 + 1).await.expect("unlock");
    assert_eq!(lock::state(&db2), LockState::Unlocked);
    assert_eq!(readings(&reopened, &demand).await, before);

    // Unlocked, the import goes ahead, sealed.
    reopened
        .apply(vec![newcomer.clone()], Some(ledger("digest-2")))
        .await
        .expect("import after unlocking");
    assert_eq!(
        reopened.heads(&newcomer.id).await.expect("heads"),
        vec![newcomer]
    );
    for body in reopened.raw_bodies().await.expect("raw") {
        assert!(is_sealed(&body));
    }
}

#[wasm_bindgen_test]
async fn a_turn_on_cut_short_is_finished_by_the_next_unlock() {
    let name = "doorstep-test-lock-store-resume";
    let store = fresh(name).await;
    let (demand, _) = fill(&store).await;
    let before = readings(&store, &demand).await;
    // The first steps of turn_on, then the page closes after two rows.
    let (wrapped, key) = new_data_key(PASS).await.expect("key");
    store.put_meta(PENDING_KEY, "seal").await.expect("pending");
    store
        .begin_lock(&wrapped.to_json(), key.body_key())
        .await
        .expect("begin");
    let cut = store
        .convert_bodies(&key, Direction::Seal, 1, Some(2))
        .await
        .expect("part");
    assert!(!cut.done);
    let raw = store.raw_bodies().await.expect("raw");
    assert!(raw.iter().any(|b| !is_sealed(b)), "part-way: some plain");
    drop(store);

    let reopened = Store::open_named(name).await.expect("reopen");
    let db = Db::new(reopened.clone());
    assert_eq!(lock::state(&db), LockState::Locked);
    lock::unlock(&db, PASS, T0)
        .await
        .expect("unlock finishes sealing");
    assert_all_sealed(&reopened).await;
    assert!(!reopened.has_meta(PENDING_KEY).await.expect("meta"));
    assert_eq!(readings(&reopened, &demand).await, before);
}

#[wasm_bindgen_test]
async fn turning_the_lock_off_gives_back_every_body_byte_for_byte() {
    let name = "doorstep-test-lock-store-off";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    let (demand, _) = fill(&store).await;
    let before = readings(&store, &demand).await;
    let mut plain = store.raw_bodies().await.expect("raw");
    plain.sort();
    let plain_sensitive = store.raw_sensitive().await.expect("raw");

    lock::turn_on(&db, PASS, PASS).await.expect("turn on");
    assert!(lock::turn_off(&db, "wrong passphrase!", T0).await.is_err());
    assert_eq!(lock::state(&db), LockState::Unlocked, "still on");
    assert_all_sealed(&store).await;

    lock::turn_off(&db, PASS, T0 + 1).await.expect("turn off");
    assert_eq!(lock::state(&db), LockState::Off);
    assert!(!store.has_meta(LOCK_KEY_META).await.expect("meta"));
    let mut after = store.raw_bodies().await.expect("raw");
    after.sort();
    assert_eq!(after, plain, "every body back byte for byte");
    let mut sensitive = store.raw_sensitive().await.expect("raw");
    sensitive.0.sort();
    let mut expected = plain_sensitive;
    expected.0.sort();
    assert_eq!(sensitive, expected);
    assert_eq!(readings(&store, &demand).await, before);
    let reopened = Store::open_named(name).await.expect("reopen");
    assert_eq!(reopened.lock_state(), LockState::Off);
}

#[wasm_bindgen_test]
async fn another_tab_that_missed_the_switch_writes_nothing_in_the_old_form() {
    let name = "doorstep-test-lock-store-tabs";
    let store = fresh(name).await;
    let (demand, mut clock) = fill(&store).await;
    // A second tab, opened while the lock is off.
    let other = Store::open_named(name).await.expect("second tab");
    let db = Db::new(store.clone());
    lock::turn_on(&db, PASS, PASS)
        .await
        .expect("turn on in the first tab");

    let newcomer = revision::create(
        Kind::Member,
        json!({"name": NAME, "team": "representative"}),
        &mut clock,
        T0 + 30,
    );
    // The second tab still thinks the lock is off: its writes are refused,
    // not stored plain behind the sealing.
    assert_eq!(
        other.apply(vec![newcomer.clone()], None).await.err(),
        Some(StoreError::LockChanged)
    );
    assert_eq!(
        other
            .put_meta("draft:capture", &json!({"resident_name": NAME}))
            .await
            .err(),
        Some(StoreError::LockChanged)
    );
    assert_all_sealed(&store).await;
    // Reloaded, it starts locked like any start.
    let reloaded = Store::open_named(name).await.expect("reload");
    assert_eq!(reloaded.lock_state(), LockState::Locked);

    // Both unlocked; the first tab turns the lock off: the second tab's
    // sealed writes would be unreadable once the key is deleted, so they are refused.
    let db2 = Db::new(reloaded.clone());
    lock::unlock(&db2, PASS, T0)
        .await
        .expect("unlock the second tab");
    lock::turn_off(&db, PASS, T0 + 1)
        .await
        .expect("turn off in the first tab");
    assert_eq!(
        reloaded.apply(vec![newcomer.clone()], None).await.err(),
        Some(StoreError::LockChanged)
    );
    for body in store.raw_bodies().await.expect("raw") {
        assert!(!is_sealed(&body), "nothing sealed is left behind: {body}");
    }
    // The first tab writes on, plain.
    store
        .apply(vec![newcomer.clone()], None)
        .await
        .expect("write");
    assert_eq!(
        store.heads(&newcomer.id).await.expect("heads"),
        vec![newcomer]
    );
    assert_eq!(store.heads(&demand.id).await.expect("heads").len(), 1);
}

/// Upgrades rewrite rows of a locked store without the key: version 6
/// touches only the clear `community` field, and version 13 copies every
/// row as it is into a store keyed anew (`[id, rev_key]`). Every sealed body
/// stays sealed, and once unlocked every reading — and the export and the
/// counts on the folded kind index — is what it was.
#[wasm_bindgen_test]
async fn upgrades_keep_a_locked_store_sealed_and_whole() {
    for from in [5, 12] {
        let name = format!("doorstep-test-lock-store-upgrade-{from}");
        let _ = Store::delete_database(&name).await;
        let old = Store::open_named_with_version(&name, from)
            .await
            .expect("open at the old version");
        let db = Db::new(old.clone());
        let (demand, _) = fill(&old).await;
        lock::turn_on(&db, PASS, PASS).await.expect("turn on");
        let before = readings(&old, &demand).await;
        let export_before = old.export_all().await.expect("export");
        let counts_before = old.recount(Kind::ALL).await.expect("recount");
        assert!(counts_before.iter().sum::<u32>() >= 4);
        drop(db);
        old.close();

        let store = Store::open_named(&name).await.expect("upgrade");
        assert_eq!(store.version(), doorstep::store::DB_VERSION);
        let db = Db::new(store.clone());
        assert_eq!(lock::state(&db), LockState::Locked);
        let raw = store.raw_bodies().await.expect("raw");
        assert!(
            raw.len() >= 4,
            "every revision body is still there: {}",
            raw.len()
        );
        for body in raw {
            assert!(
                is_sealed(&body),
                "still sealed after the upgrade from {from}"
            );
        }
        lock::unlock(&db, PASS, T0).await.expect("unlock");
        assert_eq!(readings(&store, &demand).await, before);
        assert_eq!(store.export_all().await.expect("export"), export_before);
        assert_eq!(
            store.recount(Kind::ALL).await.expect("recount"),
            counts_before
        );
        drop(db);
        store.close();
        Store::delete_database(&name).await.expect("delete");
    }
}

#[wasm_bindgen_test]
async fn bodies_stored_as_bytes_and_as_strings_read_seal_and_open_alike() {
    let name = "doorstep-test-lock-store-body-forms";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    let (demand, _) = fill(&store).await;
    assert_eq!(
        store.body_forms().await.expect("forms"),
        (0, 5),
        "an apply stores every body (4 revisions, 1 demand summary) as its UTF-8 bytes"
    );
    let before = readings(&store, &demand).await;
    let export = canonical_export(&store).await;
    let mut plain = store.raw_bodies().await.expect("raw");
    plain.sort();
    assert!(plain.iter().filter(|b| holds_typed_text(b)).count() >= 3);

    // Rows as stored before bodies went as bytes: every other one a string.
    assert_eq!(store.bodies_as_strings(2).await.expect("rewrite"), 3);
    assert_eq!(store.body_forms().await.expect("forms"), (3, 2));
    let mut mixed = store.raw_bodies().await.expect("raw");
    mixed.sort();
    assert_eq!(mixed, plain, "the same texts in either form");
    assert_eq!(readings(&store, &demand).await, before);
    assert_eq!(canonical_export(&store).await, export);
    let reopened = Store::open_named(name).await.expect("reopen");
    assert_eq!(canonical_export(&reopened).await, export);

    // The lock seals both forms, reads stay whole, and turning it off gives
    // every body back.
    lock::turn_on(&db, PASS, PASS).await.expect("turn on");
    assert_all_sealed(&store).await;
    assert_eq!(readings(&store, &demand).await, before);
    assert_eq!(canonical_export(&store).await, export);
    lock::turn_off(&db, PASS, T0 + 1).await.expect("turn off");
    let mut after = store.raw_bodies().await.expect("raw");
    after.sort();
    assert_eq!(after, plain, "every body back byte for byte");
    assert_eq!(canonical_export(&store).await, export);
    assert_eq!(
        store.body_forms().await.expect("forms"),
        (5, 0),
        "the lock's conversion writes strings, which read as well"
    );
}
