#![cfg(not(target_arch = "wasm32"))]
//! Fuzzing parse + validate + merge as property tests: arbitrary bytes, and
//! valid fixture bundles mutated at the byte level (flips, cuts, inserts) and
//! at the JSON level (fields dropped, numbers and strings changed, values
//! nulled — with the digest recomputed, so the damage reaches revision
//! validation and merging instead of stopping at the digest check).
//!
//! Asserted: nothing panics; every accepted bundle's records merge
//! idempotently and commutatively with another accepted bundle; a bundle
//! written back by `write_bundle` parses to the same records.
//!
//! `FUZZ_CASES` sets the number of cases per property (default 1,000; the
//! exchange note reports a long run).

use std::collections::BTreeMap;

use doorstep::domain::bundle::{
    parse_bundle, records_digest, write_bundle, Bundle, DeviceInfo, Scope,
};
use doorstep::domain::merge::merge_all;
use doorstep::domain::revision::Revision;
use proptest::prelude::*;
use serde_json::{json, Value};

const VALID: [&str; 6] = [
    include_str!("fixtures/bundles/valid_full_tangbian.json"),
    include_str!("fixtures/bundles/valid_filtered_lingxiang.json"),
    include_str!("fixtures/bundles/valid_delta_tangbian.json"),
    include_str!("fixtures/bundles/valid_tombstones.json"),
    include_str!("fixtures/bundles/valid_concurrent_demand.json"),
    include_str!("fixtures/bundles/valid_unknown_kind_and_fields.json"),
];

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

fn state(map: &BTreeMap<String, Vec<Revision>>) -> Vec<Revision> {
    map.values().flatten().cloned().collect()
}

/// The laws every accepted bundle must keep.
fn check_accepted(bundle: &Bundle, other: &Bundle) {
    let once = merge_all(Vec::new(), bundle.records.clone());
    let twice = merge_all(state(&once), bundle.records.clone());
    assert_eq!(once, twice, "merging a bundle twice changes nothing");
    let ab = merge_all(
        state(&merge_all(Vec::new(), bundle.records.clone())),
        other.records.clone(),
    );
    let ba = merge_all(
        state(&merge_all(Vec::new(), other.records.clone())),
        bundle.records.clone(),
    );
    assert_eq!(ab, ba, "merge order does not matter");
    for heads in once.values() {
        assert!(!heads.is_empty());
        for (i, a) in heads.iter().enumerate() {
            for b in &heads[i + 1..] {
                assert!(
                    !a.dominates(b) && !b.dominates(a),
                    "heads never dominate each other"
                );
            }
        }
    }
    // What the importer accepts, the exporter writes back identically.
    let device = DeviceInfo {
        id: "fuzz".into(),
        label: String::new(),
    };
    let text = write_bundle(
        "0.0.0",
        "2026-11-26T00:00:00.000Z",
        &device,
        &Scope::Full,
        &bundle.records,
    );
    let again = parse_bundle(text.as_bytes()).expect("a re-written accepted bundle parses");
    assert_eq!(again.records, bundle.records);
}

fn fixture_bundle(index: usize) -> Bundle {
    parse_bundle(VALID[index % VALID.len()].as_bytes()).expect("valid fixture")
}

/// One JSON-level mutation somewhere in `value`, chosen by `path` (a list of
/// random numbers that pick the branch at each level) and `how`.
fn mutate(value: &mut Value, path: &[usize], how: u8) {
    let (here, rest) = match path.split_first() {
        Some(split) => split,
        None => (&0, &[][..]),
    };
    let child_count = match value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    // Stop here when the path runs out, at a leaf, or by chance.
    if rest.is_empty() || child_count == 0 || here % 5 == 0 {
        apply(value, *here, how);
        return;
    }
    let index = here % child_count;
    match value {
        Value::Object(map) => {
            if let Some(key) = map.keys().nth(index).cloned() {
                if let Some(child) = map.get_mut(&key) {
                    mutate(child, rest, how);
                }
            }
        }
        Value::Array(items) => {
            if let Some(child) = items.get_mut(index) {
                mutate(child, rest, how);
            }
        }
        _ => {}
    }
}

fn apply(value: &mut Value, pick: usize, how: u8) {
    match (how % 9, &mut *value) {
        (0, Value::Object(map)) if !map.is_empty() => {
            if let Some(key) = map.keys().nth(pick % map.len()).cloned() {
                map.remove(&key);
            }
        }
        (0, Value::Array(items)) if !items.is_empty() => {
            items.remove(pick % items.len());
        }
        (1, _) => *value = Value::Null,
        (2, Value::Number(n)) => *value = json!(n.as_i64().unwrap_or(0).wrapping_neg() - 1),
        (3, Value::Number(_)) => *value = json!(u64::MAX),
        (4, Value::Number(_)) => *value = json!(1.5),
        (5, Value::String(s)) => s.push_str("\u{0}é-99"),
        (6, Value::String(s)) => {
            let cut: String = s.chars().take(pick % (s.chars().count() + 1)).collect();
            *s = cut;
        }
        (7, _) => *value = json!(["x", 1, null, { "k": true }]),
        (8, Value::Object(map)) => {
            map.insert("zz_unknown".into(), json!({ "nested": [1, 2, 3] }));
        }
        (_, other) => *other = json!("mutated"),
    }
}

fn redigest(bundle: &mut Value) {
    if let Some(records) = bundle.get("records").cloned() {
        bundle["digest"] = json!(records_digest(&records));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(bundle) = parse_bundle(&bytes) {
            check_accepted(&bundle, &fixture_bundle(0));
        }
    }

    #[test]
    fn arbitrary_json_envelopes_never_panic(records in proptest::collection::vec(
        prop_oneof![
            Just(json!(null)),
            any::<i64>().prop_map(|n| json!(n)),
            "[a-z0-9-]{0,40}".prop_map(|s| json!(s)),
            ("[a-z_]{1,12}", "[0-9a-f-]{0,40}", any::<u32>(), any::<bool>()).prop_map(|(kind, id, n, deleted)| json!({
                "id": id, "kind": kind, "hlc": format!("{:013}-{:05}-{}", n, n % 100_000, "d"),
                "vv": { "d": n }, "deleted": deleted, "data": if deleted { json!(null) } else { json!({ "title": id }) }
            })),
        ], 0..12)) {
        let records = Value::Array(records);
        let bundle = json!({
            "format": "doorstep.bundle", "format_version": 1, "device": { "id": "d" },
            "digest": records_digest(&records), "records": records,
        });
        let text = serde_json::to_vec(&bundle).expect("serialises");
        if let Ok(bundle) = parse_bundle(&text) {
            check_accepted(&bundle, &fixture_bundle(1));
        }
    }

    #[test]
    fn byte_mutations_of_valid_bundles_never_panic(
        which in 0usize..VALID.len(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 1..8),
    ) {
        let mut bytes = VALID[which].as_bytes().to_vec();
        for (at, byte, op) in edits {
            if bytes.is_empty() { break; }
            let at = at % bytes.len();
            match op {
                0 => bytes[at] ^= byte | 1,
                1 => { bytes.truncate(at); }
                2 => bytes.insert(at, byte),
                _ => { bytes.remove(at); }
            }
        }
        if let Ok(bundle) = parse_bundle(&bytes) {
            check_accepted(&bundle, &fixture_bundle(which + 1));
        }
    }

    #[test]
    fn json_mutations_of_valid_bundles_never_panic(
        which in 0usize..VALID.len(),
        mutations in proptest::collection::vec((proptest::collection::vec(any::<usize>(), 1..6), any::<u8>()), 1..5),
        keep_digest in any::<bool>(),
    ) {
        let mut bundle: Value = serde_json::from_str(VALID[which]).expect("fixture is JSON");
        for (path, how) in &mutations {
            // Mostly inside `records`, where validation and merging live.
            if path[0] % 4 != 0 {
                if let Some(records) = bundle.get_mut("records") {
                    mutate(records, &path[1..], *how);
                    continue;
                }
            }
            mutate(&mut bundle, path, *how);
        }
        if !keep_digest {
            redigest(&mut bundle);
        }
        let text = serde_json::to_vec(&bundle).expect("serialises");
        if let Ok(parsed) = parse_bundle(&text) {
            check_accepted(&parsed, &fixture_bundle(which + 2));
        }
    }
}

/// A deterministic run of the JSON mutations that counts what the importer
/// made of them, so a run shows the damage really reached validation and
/// merging (`cargo test --test domain_fuzz -- --nocapture` prints the tally).
#[test]
fn mutations_reach_validation_and_merge() {
    let mut seed: u64 = 0x5eed_d00d;
    let mut next = move || {
        // xorshift64*: enough randomness for a tally, no dependency.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_f491_4f6c_dd1d) as usize
    };
    let mut tally: BTreeMap<&'static str, u32> = BTreeMap::new();
    let runs = cases() * 2;
    for run in 0..runs {
        let which = run as usize % VALID.len();
        let mut bundle: Value = serde_json::from_str(VALID[which]).expect("fixture is JSON");
        let path: Vec<usize> = (0..1 + next() % 5).map(|_| next()).collect();
        if let Some(records) = bundle.get_mut("records") {
            mutate(records, &path, (next() % 256) as u8);
        }
        redigest(&mut bundle);
        let text = serde_json::to_vec(&bundle).expect("serialises");
        match parse_bundle(&text) {
            Ok(parsed) => {
                check_accepted(&parsed, &fixture_bundle(which + 1));
                *tally.entry("accepted").or_default() += 1;
            }
            Err(err) => *tally.entry(err.code()).or_default() += 1,
        }
    }
    eprintln!("json mutations, {runs} runs: {tally:?}");
    assert!(
        tally.get("accepted").copied().unwrap_or(0) > runs / 20,
        "{tally:?}"
    );
    assert!(
        tally.get("bad_revision").copied().unwrap_or(0) > runs / 20,
        "{tally:?}"
    );
}
