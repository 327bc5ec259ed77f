#![cfg(target_arch = "wasm32")]
//! Photos against real IndexedDB: a photo round-trips byte for byte; the
//! same bytes twice are stored once and counted once; an older database
//! upgrades to the photos store with its records untouched.

use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::photos::Photo;
use doorstep::domain::revision;
use doorstep::store::photos::PhotoTotal;
use doorstep::store::{Store, DB_VERSION};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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

fn photo(seed: u8, len: usize) -> Photo {
    let bytes: Vec<u8> = (0..len)
        .map(|i| (i as u8).wrapping_mul(seed) ^ seed)
        .collect();
    Photo::new(bytes, "image/jpeg")
}

#[wasm_bindgen_test]
async fn a_photo_round_trips_byte_for_byte() {
    let store = fresh("photos-round-trip").await;
    assert_eq!(store.version(), DB_VERSION);
    let a = photo(3, 150_000);
    assert_eq!(store.get_photo(&a.id).await.unwrap(), None);
    assert_eq!(store.put_photos(std::slice::from_ref(&a)).await.unwrap(), 1);
    let back = store.get_photo(&a.id).await.unwrap().expect("stored");
    assert_eq!(back, a);
    let b = photo(5, 10);
    assert_eq!(
        store
            .has_photos(&[a.id.clone(), b.id.clone()])
            .await
            .unwrap(),
        vec![true, false]
    );
    finish(store).await;
}

#[wasm_bindgen_test]
async fn the_same_bytes_twice_are_stored_once() {
    let store = fresh("photos-once").await;
    let a = photo(7, 120_000);
    let same = Photo::new(a.bytes.clone(), "image/jpeg");
    assert_eq!(store.put_photos(&[a.clone(), same]).await.unwrap(), 1);
    assert_eq!(store.put_photos(std::slice::from_ref(&a)).await.unwrap(), 0);
    assert_eq!(
        store.photo_total().await.unwrap(),
        PhotoTotal {
            count: 1,
            bytes: 120_000
        }
    );
    let b = photo(9, 1_000);
    assert_eq!(store.put_photos(&[a.clone(), b]).await.unwrap(), 1);
    assert_eq!(
        store.photo_total().await.unwrap(),
        PhotoTotal {
            count: 2,
            bytes: 121_000
        }
    );
    finish(store).await;
}

#[wasm_bindgen_test]
async fn an_older_database_upgrades_to_photos_with_its_records_kept() {
    let name = "photos-upgrade";
    Store::delete_database(name).await.unwrap();
    let old = Store::open_named_with_version(name, 2).await.unwrap();
    let mut clock = HlcClock::new("6f1c2a7e-3b9d-4c1e-8a2f-0d5b7e9c1a01");
    let community = revision::create(
        Kind::Community,
        json!({"name": "汤边社区", "street": "温泉街道"}),
        &mut clock,
        1_764_149_400_000,
    );
    old.apply(vec![community.clone()], None).await.unwrap();
    old.close();
    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.version(), DB_VERSION);
    assert_eq!(store.current(&community.id).await.unwrap(), Some(community));
    let a = photo(11, 5_000);
    assert_eq!(store.put_photos(std::slice::from_ref(&a)).await.unwrap(), 1);
    finish(store).await;
}
