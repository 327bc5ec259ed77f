#![cfg(not(target_arch = "wasm32"))]
//! Photos in bundles (bundle-format §10): the optional `photos` section reads
//! back byte for byte; a photo whose bytes do not hash to its id is refused by
//! name while the others and the records still come; a record whose photo
//! did not travel is reported missing; plain bundles and every fixture are
//! unchanged by the section's existence.

use doorstep::domain::bundle::{parse_bundle, write_bundle, DeviceInfo, Scope};
use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::{Demand, Kind};
use doorstep::domain::photos::{
    add_section, has_room, missing, photo_id, photo_ids, read_section, referenced, set_photo_ids,
    Photo, Refusal,
};
use doorstep::domain::revision::{self, Revision};
use serde_json::{json, Value};

const DEVICE: &str = "6f1c2a7e-3b9d-4c1e-8a2f-0d5b7e9c1a01";

fn jpeg(seed: u8) -> Photo {
    // Not a real picture: the section checks hashes, never pixels.
    let bytes: Vec<u8> = [0xFF, 0xD8, 0xFF, 0xE0]
        .into_iter()
        .chain((0..3000u32).map(|i| (i as u8).wrapping_mul(seed)))
        .collect();
    Photo::new(bytes, "image/jpeg")
}

fn demand_with(photos: &[&Photo]) -> Revision {
    let mut clock = HlcClock::new(DEVICE);
    let ids: Vec<String> = photos.iter().map(|p| p.id.clone()).collect();
    revision::create(
        Kind::Demand,
        json!({
            "community_id": "1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9", "reported_on": "2026-11-26",
            "source": "door_visit", "category": "livable_homes", "urgency": "normal",
            "title": "楼道灯坏了", "description": "3号楼二单元", "photos": ids
        }),
        &mut clock,
        1_795_685_400_000,
    )
}

fn bundle(records: &[Revision]) -> String {
    write_bundle(
        "0.1.0",
        "2026-12-26T09:30:00.000Z",
        &DeviceInfo {
            id: DEVICE.into(),
            label: "张丽".into(),
        },
        &Scope::Full,
        records,
    )
}

#[test]
fn a_valid_section_reads_back_and_leaves_the_records_and_digest_alone() {
    let (a, b) = (jpeg(3), jpeg(7));
    let records = vec![demand_with(&[&a, &b])];
    let plain = bundle(&records);
    let with = add_section(&plain, &[a.clone(), b.clone()]);
    assert!(with.len() > plain.len() + 2 * 3000);

    let parsed_plain = parse_bundle(plain.as_bytes()).unwrap();
    let parsed_with = parse_bundle(with.as_bytes()).unwrap();
    // The import reads the section from the file only when it has one.
    assert!(parsed_with.has_photos && !parsed_plain.has_photos);
    let without_flag = |mut bundle: doorstep::domain::bundle::Bundle| {
        bundle.has_photos = false;
        bundle
    };
    assert_eq!(
        without_flag(parsed_plain.clone()),
        without_flag(parsed_with.clone()),
        "the section is not part of the records"
    );

    let section = read_section(with.as_bytes());
    assert_eq!(section.photos, vec![a.clone(), b.clone()]);
    assert!(section.refused.is_empty());
    assert!(missing(&parsed_with.records, &section, |_| false).is_empty());
    assert_eq!(referenced(&parsed_with.records), vec![a.id, b.id]);
}

#[test]
fn a_plain_bundle_has_no_section_and_is_unchanged_without_photos() {
    let records = vec![demand_with(&[])];
    let plain = bundle(&records);
    assert_eq!(add_section(&plain, &[]), plain);
    let envelope: Value = serde_json::from_str(&plain).unwrap();
    assert!(
        envelope.get("photos").is_none(),
        "no empty section is written"
    );
    let section = read_section(plain.as_bytes());
    assert!(section.photos.is_empty() && section.refused.is_empty());
}

#[test]
fn a_photo_whose_bytes_do_not_match_its_id_is_refused_by_name_and_the_rest_come() {
    let (good, bad) = (jpeg(3), jpeg(7));
    let records = vec![demand_with(&[&good, &bad])];
    let mut tampered = bad.clone();
    tampered.bytes[100] ^= 0x01; // one bit flipped on the way; the id stays
    let text = add_section(&bundle(&records), &[good.clone(), tampered]);

    let parsed = parse_bundle(text.as_bytes()).expect("the records still import");
    assert_eq!(parsed.records.len(), 1);
    let section = read_section(text.as_bytes());
    assert_eq!(section.photos, vec![good]);
    assert_eq!(section.refused.len(), 1);
    assert_eq!(section.refused[0].name, bad.id);
    assert_eq!(section.refused[0].reason, Refusal::HashMismatch);
    let message = section.refused[0].text();
    assert!(message.zh.contains(&bad.id[..12]) && message.en.contains(&bad.id[..12]));
    assert_eq!(missing(&parsed.records, &section, |_| false), vec![bad.id]);
}

#[test]
fn malformed_entries_are_refused_alone() {
    let good = jpeg(5);
    let records = vec![demand_with(&[&good])];
    let mut value: Value =
        serde_json::from_str(&add_section(&bundle(&records), std::slice::from_ref(&good))).unwrap();
    let list = value["photos"].as_array_mut().unwrap();
    list.push(json!({ "id": good.id, "type": "text/html", "data": "AAAA" }));
    list.push(json!({ "type": "image/jpeg", "data": "AAAA" }));
    list.push(json!({ "id": "nothex", "type": "image/jpeg", "data": "!!" }));
    let section = read_section(serde_json::to_string(&value).unwrap().as_bytes());
    assert_eq!(section.photos, vec![good.clone()]);
    let names: Vec<&str> = section.refused.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec![good.id.as_str(), "#3", "nothex"]);
    assert!(section
        .refused
        .iter()
        .all(|r| r.reason == Refusal::Malformed));
}

#[test]
fn a_bundle_without_its_photos_imports_and_names_them_missing() {
    let (a, b) = (jpeg(3), jpeg(9));
    let records = vec![demand_with(&[&a, &b])];
    let plain = bundle(&records);
    let parsed = parse_bundle(plain.as_bytes()).unwrap();
    let section = read_section(plain.as_bytes());
    assert_eq!(
        missing(&parsed.records, &section, |_| false),
        vec![a.id.clone(), b.id.clone()]
    );
    // One of them is already on this device.
    let on_device = a.id.clone();
    assert_eq!(
        missing(&parsed.records, &section, |id| id == on_device),
        vec![b.id]
    );
}

#[test]
fn the_photo_list_is_kept_as_an_unknown_field_and_written_back_unchanged() {
    let a = jpeg(3);
    let rev = demand_with(&[&a]);
    let demand: Demand = serde_json::from_value(rev.data.clone().unwrap()).unwrap();
    assert_eq!(photo_ids(&demand.extra), vec![a.id.clone()]);
    assert_eq!(serde_json::to_value(&demand).unwrap(), rev.data.unwrap());

    let mut extra = demand.extra.clone();
    set_photo_ids(&mut extra, &[a.id.clone(), a.id.clone()]);
    assert_eq!(photo_ids(&extra), vec![a.id.clone()], "listed once");
    set_photo_ids(&mut extra, &[]);
    assert!(
        !extra.contains_key("photos"),
        "removing the last photo removes the field"
    );
    assert_eq!(photo_id(&a.bytes), a.id);
}

#[test]
fn every_fixture_bundle_reads_with_an_empty_section() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bundles");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let section = read_section(&bytes);
        assert!(section.photos.is_empty() && section.refused.is_empty());
        seen += 1;
    }
    assert!(seen > 5);
}

#[test]
fn a_photo_is_refused_when_storage_is_nearly_full() {
    const MB: f64 = 1024.0 * 1024.0;
    assert!(has_room(100.0 * MB, 2000.0 * MB, 12.0 * MB));
    assert!(!has_room(1985.0 * MB, 2000.0 * MB, 0.2 * MB), "15 MB left");
    assert!(
        !has_room(50.0 * MB, 60.0 * MB, 0.0),
        "a small quota nearly used"
    );
}
