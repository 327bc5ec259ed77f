//! A revision's canonical text, written field by field on the import's hot
//! path, is byte for byte the canonical JSON of the revision as a value.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::domain::canonical::canonical_json;
use doorstep::domain::revision::Revision;
use serde_json::json;

fn revision(value: serde_json::Value) -> Revision {
    serde_json::from_value(value).unwrap()
}

#[test]
fn canonical_text_equals_the_canonical_json_of_the_value() {
    let cases = [
        json!({"id": "0192f7d2-0000-4000-8000-000000000001", "kind": "demand",
               "hlc": "1764149400000-00003-6f1c", "vv": {"b": 2, "a": 18446744073709551615u64},
               "deleted": false,
               "data": {"title": "楼道灯坏了 \"急\"\n\t\u{1}", "z": [1, {"y": null, "b": true}], "a": -3}}),
        // Unknown revision-level fields sort among the known ones.
        json!({"id": "x", "kind": "library_article", "hlc": "h", "vv": {"d": 1},
               "aaa": 1, "deleted_at": "2026", "id_x": [], "zzz": {"é": "ü"}, "kind2": null,
               "data": {}}),
        // A tombstone: data is null.
        json!({"id": "y", "kind": "visit", "hlc": "h", "vv": {"d": 3}, "deleted": true, "data": null}),
        // `deleted` and `data` absent: written as false and null.
        json!({"id": "z", "kind": "member", "hlc": "h", "vv": {"d": 1}}),
    ];
    for case in cases {
        let rev = revision(case);
        assert_eq!(rev.canonical(), canonical_json(&rev.to_value()));
    }
}
