#![cfg(target_arch = "wasm32")]
//! The app lock's keys against real WebCrypto and real IndexedDB: a body
//! sealed with the data key round-trips and its stored text holds none of
//! the plain text; a wrong passphrase is refused and counted, the wait after
//! five survives reopening the database; changing the passphrase re-wraps
//! the same key, so what was sealed before still opens and is not rewritten.

use doorstep::app::crypto::{unlock_data_key, LockKeyError};
use doorstep::app::demands::{load_local, save_local};
use doorstep::app::lock::{self, attempts, change_passphrase, unlock_key, wrapped_key};
use doorstep::app::{AppError, Db};
use doorstep::domain::envelope::KDF_ITERATIONS;
use doorstep::domain::lock::{is_sealed, Attempts, WrappedKey};
use doorstep::store::Store;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const T0: u64 = 1_764_149_400_000;
const PASS: &str = "汤边社区 horse 2026";
const PLAIN: &str =
    "{\"name\":\"欧阳秀英\",\"phone\":\"13912345678\",\"address\":\"鼓楼街道汤边路17号\"}";

async fn fresh(name: &str) -> Store {
    Store::delete_database(name)
        .await
        .expect("delete old test database");
    Store::open_named(name).await.expect("open test database")
}

fn refused_text(err: &AppError) -> String {
    match err {
        AppError::Refused(text) => text.en.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_sealed_body_round_trips_and_its_stored_text_holds_no_plain_text() {
    let name = "doorstep-test-lock-round-trip";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    assert_eq!(
        wrapped_key(&db).await,
        Ok(None),
        "no lock until one is made"
    );

    lock::turn_on(&db, PASS, PASS)
        .await
        .expect("turn the lock on");
    let key = unlock_key(&db, PASS, T0).await.expect("the key");
    let wrapped = wrapped_key(&db).await.expect("read").expect("stored");
    assert_eq!(wrapped.iterations, KDF_ITERATIONS);

    let sealed = key.seal(PLAIN.as_bytes()).await.expect("seal");
    save_local(&db, "test.draft", &sealed)
        .await
        .expect("store it");
    let raw: String = store
        .get_meta("test.draft")
        .await
        .expect("read")
        .expect("there");
    assert!(is_sealed(&raw));
    for needle in ["欧阳秀英", "13912345678", "汤边路", "name", "phone"] {
        assert!(!raw.contains(needle), "{needle} is not stored in the clear");
    }
    let key_text: String = store
        .get_meta(lock::KEY_KEY)
        .await
        .expect("read")
        .expect("there");
    assert!(!key_text.contains("horse") && !key_text.contains("汤边"));

    // A fresh unlock (as after a reload) opens what the first key sealed.
    let again = unlock_key(&db, PASS, T0).await.expect("unlock");
    let stored: String = load_local(&db, "test.draft")
        .await
        .expect("read")
        .expect("there");
    assert_eq!(again.open(&stored).await.expect("open"), PLAIN.as_bytes());

    // One altered character of the ciphertext: refused as damaged, never garbage.
    let mut altered = stored.clone();
    let last = altered.pop().expect("not empty");
    altered.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(again.open(&altered).await, Err(LockKeyError::Damaged));

    // A second key would orphan everything sealed with the first.
    let err = lock::turn_on(&db, "another passphrase", "another passphrase")
        .await
        .expect_err("refused");
    assert!(refused_text(&err).contains("already has an app lock"));

    store.close();
    Store::delete_database(name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn a_weak_or_mistyped_passphrase_is_refused_before_any_key_is_made() {
    let name = "doorstep-test-lock-choose";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    for (first, again, field) in [
        ("12345", "12345", "passphrase"),
        ("short", "short", "passphrase"),
        ("horse battery", "horse batterY", "passphrase_again"),
    ] {
        let err = lock::turn_on(&db, first, again).await.expect_err("refused");
        assert!(err.for_field(field).is_some(), "{first}: {err:?}");
    }
    assert_eq!(wrapped_key(&db).await, Ok(None), "nothing was stored");
    store.close();
    Store::delete_database(name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn wrong_passphrases_are_counted_and_the_wait_survives_a_reopen() {
    let name = "doorstep-test-lock-backoff";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    lock::turn_on(&db, "123456", "123456").await.expect("a PIN");

    for n in 1..=4u32 {
        let err = unlock_key(&db, "654321", T0).await.expect_err("wrong");
        let text = refused_text(&err);
        assert!(text.starts_with("Wrong passphrase"), "{text}");
        assert!(text.contains(&format!("({} more", 5 - n)), "{text}");
    }
    let err = unlock_key(&db, "654321", T0).await.expect_err("fifth");
    assert!(refused_text(&err).contains("wait 30 seconds"));

    // Reopening the database (as a reload would) keeps the count and the wait.
    store.close();
    let store = Store::open_named(name).await.expect("reopen");
    let db = Db::new(store.clone());
    assert_eq!(
        attempts(&db).await,
        Ok(Attempts {
            failures: 5,
            wait_until_ms: T0 + 30_000
        })
    );
    // Even the right PIN waits, so a guesser learns nothing during the wait.
    let err = unlock_key(&db, "123456", T0 + 10_000)
        .await
        .expect_err("wait");
    assert!(refused_text(&err).contains("wait 20 seconds"));
    let err = unlock_key(&db, "000000", T0 + 30_000)
        .await
        .expect_err("sixth");
    assert!(refused_text(&err).contains("wait 60 seconds"));
    assert!(unlock_key(&db, "123456", T0 + 90_000).await.is_ok());
    assert_eq!(
        attempts(&db).await,
        Ok(Attempts::default()),
        "the right PIN clears the count"
    );

    store.close();
    Store::delete_database(name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn changing_the_passphrase_rewraps_the_same_key_without_touching_sealed_data() {
    let name = "doorstep-test-lock-rewrap";
    let store = fresh(name).await;
    let db = Db::new(store.clone());
    lock::turn_on(&db, PASS, PASS)
        .await
        .expect("turn the lock on");
    let key = unlock_key(&db, PASS, T0).await.expect("the key");
    let before = wrapped_key(&db).await.expect("read").expect("stored");
    let sealed = key.seal(PLAIN.as_bytes()).await.expect("seal");
    save_local(&db, "test.draft", &sealed).await.expect("store");

    let err = change_passphrase(
        &db,
        "not it at all",
        "新的口令 battery",
        "新的口令 battery",
        T0,
    )
    .await
    .expect_err("wrong old passphrase");
    assert!(refused_text(&err).starts_with("Wrong passphrase"));
    assert_eq!(
        wrapped_key(&db).await,
        Ok(Some(before.clone())),
        "unchanged"
    );

    change_passphrase(&db, PASS, "新的口令 battery", "新的口令 battery", T0)
        .await
        .expect("change");
    let after: WrappedKey = wrapped_key(&db).await.expect("read").expect("stored");
    assert_ne!(after.salt, before.salt, "a fresh salt");
    assert_ne!(after.wrapped, before.wrapped, "wrapped anew");
    assert_eq!(
        after.check, before.check,
        "the same data key: its check value is untouched"
    );
    let stored: String = load_local(&db, "test.draft")
        .await
        .expect("read")
        .expect("there");
    assert_eq!(stored, sealed, "sealed data was not rewritten");

    assert_eq!(
        unlock_data_key(&after, PASS).await.err(),
        Some(LockKeyError::WrongPassphrase),
        "the old passphrase no longer opens it"
    );
    let key = unlock_key(&db, "新的口令 battery", T0)
        .await
        .expect("the new one does");
    assert_eq!(key.open(&stored).await.expect("open"), PLAIN.as_bytes());

    store.close();
    Store::delete_database(name).await.expect("delete");
}
