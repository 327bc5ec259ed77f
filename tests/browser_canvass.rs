#![cfg(target_arch = "wasm32")]
//! Canvassing against real IndexedDB: a walk list's doors written as seed
//! revisions with the list's extras as edits in one transaction (no conflict,
//! nothing doubled when written again), and the walk view's loader reading one
//! building's visits without the rest of the district's.

use doorstep::app::canvass::{load, load_building};
use doorstep::app::records::{apply_with_edits, decode, now_rfc3339};
use doorstep::app::Db;
use doorstep::domain::canvass::{building_key, household_revision, new_household};
use doorstep::domain::clock::HlcClock;
use doorstep::domain::community::community_revision;
use doorstep::domain::kinds::{Household, Kind};
use doorstep::domain::revision;
use doorstep::store::Store;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEVICE: &str = "c4a5e0de-0000-4000-8000-000000000001";

#[wasm_bindgen_test]
async fn walk_list_doors_and_one_buildings_visits() {
    let name = "test-canvass";
    Store::delete_database(name)
        .await
        .expect("delete old test database");
    let store = Store::open_named(name).await.expect("open test database");

    let community = community_revision("汤边社区", "温泉街道");
    let community_id = community.id.clone();
    store
        .apply(vec![community], None)
        .await
        .expect("store community");

    // Two doors in 1号楼, one in 2号楼; the walk list flags the first as vulnerable.
    let doors: Vec<Household> = [("1", "101"), ("1", "102"), ("2", "101")]
        .iter()
        .map(|(b, d)| new_household(&community_id, b, Some("1"), d))
        .collect();
    let seeds: Vec<_> = doors.iter().map(household_revision).collect();
    let mut flagged = doors[0].clone();
    flagged.vulnerable = true;
    flagged.notes = Some("独居老人".into());
    let edit = (seeds[0].id.clone(), serde_json::to_value(&flagged).unwrap());
    let report = apply_with_edits(&Db::new(store.clone()), DEVICE, seeds.clone(), vec![edit])
        .await
        .expect("write the walk list");
    assert_eq!(report.per_kind["household"].new, 3);
    let heads = store.heads(&seeds[0].id).await.unwrap();
    assert_eq!(heads.len(), 1, "the edit dominates the seed: no conflict");
    let stored: Household = decode(&heads[0]).unwrap();
    assert!(stored.vulnerable);
    assert_eq!(stored.notes.as_deref(), Some("独居老人"));
    assert!(store.conflicts().await.unwrap().is_empty());

    // The same compound generated again: nothing new, the flag stays.
    let again = apply_with_edits(&Db::new(store.clone()), DEVICE, seeds.clone(), Vec::new())
        .await
        .expect("write again");
    assert_eq!(again.per_kind["household"].new, 0);
    let stored: Household = decode(&store.current(&seeds[0].id).await.unwrap().unwrap()).unwrap();
    assert!(stored.vulnerable, "a seed never undoes a later edit");

    // One knock in each building.
    let mut clock = HlcClock::new(DEVICE);
    let wall = js_sys::Date::now() as u64;
    let visits = [&seeds[0].id, &seeds[2].id].map(|door| {
        revision::create(
            Kind::Visit,
            json!({ "household_id": door, "at": now_rfc3339(), "outcome": "not_home", "demand_ids": [] }),
            &mut clock,
            wall,
        )
    });
    store
        .apply(visits.to_vec(), None)
        .await
        .expect("store visits");

    let building = load_building(
        &Db::new(store.clone()),
        &community_id,
        &building_key("1号楼"),
    )
    .await
    .expect("read the building");
    assert_eq!(building.doors.len(), 3, "the community's doors");
    assert_eq!(
        building.visits.len(),
        1,
        "only the visits of 1号楼's doors are read"
    );
    assert!(building.states.contains_key(&seeds[0].id));
    assert!(!building.states.contains_key(&seeds[1].id));

    let all = load(&Db::new(store.clone())).await.expect("read the doors");
    assert_eq!(all.visits.len(), 2);
    assert_eq!(all.states.len(), 2, "both knocks are in the current round");

    store.close();
    Store::delete_database(name)
        .await
        .expect("delete test database");
}
