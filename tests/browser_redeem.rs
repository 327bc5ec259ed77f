//! A redemption is checked against the balance as stored, inside the write's
//! own transaction: a page showing a stale balance cannot take a member below
//! zero, and a refused redemption writes nothing.
#![cfg(target_arch = "wasm32")]

use doorstep::app::lists::load_kind;
use doorstep::app::points::redeem;
use doorstep::app::records::{self, create_checked};
use doorstep::app::{AppError, Db};
use doorstep::domain::kinds::{Kind, PointsEntry};
use doorstep::domain::points::{
    balance, check_redemption, default_reward_revisions, manual_entry, redemption, PointsError,
};
use doorstep::domain::revision::Revision;
use doorstep::store::Store;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEVICE: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const MEMBER: &str = "11111111-1111-4111-8111-111111111111";

async fn fresh(name: &str) -> Db {
    let _ = Store::delete_database(name).await;
    Db::new(Store::open_named(name).await.expect("a test database"))
}

async fn entries(db: &Db) -> Vec<PointsEntry> {
    load_kind::<PointsEntry>(db, Kind::PointsEntry)
        .await
        .expect("read the entries")
        .into_iter()
        .map(|(_, e)| e)
        .collect()
}

#[wasm_bindgen_test]
async fn a_redemption_never_takes_the_stored_balance_below_zero() {
    let db = fresh("doorstep-test-redeem").await;
    let earned = manual_entry(MEMBER, 12, "议事会", "2026-11-01").unwrap();
    records::create(
        &db,
        DEVICE,
        Kind::PointsEntry,
        serde_json::to_value(&earned).unwrap(),
    )
    .await
    .expect("12 points earned");
    let rewards = default_reward_revisions();
    records::apply_with_edits(&db, DEVICE, rewards.clone(), Vec::new())
        .await
        .expect("the reward catalogue");
    let haircut = &rewards[0].id; // 10 points

    // The service reads the balance itself: 12 covers 10 …
    redeem(&db, DEVICE, MEMBER, haircut, "2026-11-20")
        .await
        .expect("the first redemption");
    assert_eq!(balance(MEMBER, &entries(&db).await), 2);
    // … and refuses the second, writing nothing.
    let refused = redeem(&db, DEVICE, MEMBER, haircut, "2026-11-20").await;
    let expected = PointsError::NotEnough {
        balance: 2,
        cost: 10,
    };
    assert_eq!(refused, Err(AppError::Refused(expected.text())));
    assert_eq!(entries(&db).await.len(), 2);

    // A page that still shows 12 builds a valid-looking redemption; the check
    // inside the transaction sees the 2 points stored and refuses it.
    let stale = redemption(MEMBER, 12, 10, "理发", "2026-11-20").unwrap();
    let check = {
        let stale = stale.clone();
        move |live: &[Revision]| {
            let stored: Vec<PointsEntry> = live.iter().filter_map(records::decode).collect();
            check_redemption(&stale, &stored).map_err(|e| AppError::Refused(e.text()))
        }
    };
    let written = create_checked(
        &db,
        DEVICE,
        Kind::PointsEntry,
        serde_json::to_value(&stale).unwrap(),
        Kind::PointsEntry,
        check,
    )
    .await;
    assert_eq!(written, Err(AppError::Refused(expected.text())));
    assert_eq!(entries(&db).await.len(), 2, "nothing was written");
    assert_eq!(balance(MEMBER, &entries(&db).await), 2);
}
