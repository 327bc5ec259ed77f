#![cfg(not(target_arch = "wasm32"))]
//! The CouchDB mapping (src/domain/couch.rs): revision ↔ document, checks on
//! pulled documents, PouchDB checkpoints and replication ids, batching and the
//! wire models.

use doorstep::domain::couch::{
    self, batches, bulk_docs_failures, couch_rev, doc_from, md5, missing_docs, read_bulk_get,
    replication_id, revision_from, revs_diff_request, split_doc_id, start_seq, BatchSize,
    BulkDocsRequest, BulkDocsResult, ChangesResponse, Checkpoint, CouchError, HistoryEntry,
    RevsDiffResponse,
};
use doorstep::domain::revision::Revision;
use doorstep::domain::vv::VersionVector;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const RECORD: &str = "0192f7d2-6c1e-4b7a-9d3e-2f4a5b6c7d8e";
const DEVICE: &str = "6f1c2a7e-3b9d-4c1e-8a2f-0d5b7e9c1a01";

fn demand() -> Revision {
    serde_json::from_value(json!({
        "id": RECORD,
        "kind": "demand",
        "hlc": format!("1764149400000-00003-{DEVICE}"),
        "vv": { DEVICE: 3, "a90e4b3c-1d2f-4e5a-9b6c-7d8e9f0a1b02": 1 },
        "deleted": false,
        "data": { "title": "楼道灯坏了", "urgency": "urgent", "resident": { "consent": false } }
    }))
    .unwrap()
}

#[test]
fn a_document_is_the_bundle_revision_with_id_and_rev_from_its_hash() {
    let rev = demand();
    let hash = rev.content_hash();
    let doc = doc_from(&rev).unwrap();
    assert_eq!(doc["_id"], json!(format!("{RECORD}:{hash}")));
    assert_eq!(doc["_rev"], json!(format!("1-{}", &hash[..32])));
    assert_eq!(couch_rev(&hash).len(), 34);
    assert!(doc.get("_deleted").is_none());
    let mut body = doc.as_object().unwrap().clone();
    body.remove("_id");
    body.remove("_rev");
    assert_eq!(
        Value::Object(body),
        rev.to_value(),
        "body = revision as in a bundle"
    );
    assert_eq!(revision_from(&doc).unwrap(), rev);
}

#[test]
fn a_tombstone_is_a_plain_document_never_deleted() {
    let mut rev = demand();
    rev.deleted = true;
    rev.data = None;
    let doc = doc_from(&rev).unwrap();
    assert!(doc.get("_deleted").is_none());
    assert_eq!(doc["deleted"], json!(true));
    assert_eq!(doc["data"], Value::Null);
    assert_eq!(revision_from(&doc).unwrap(), rev);
}

#[test]
fn unknown_revision_fields_travel_and_reserved_ones_are_refused() {
    let mut rev = demand();
    rev.extra.insert("signed_by".into(), json!("x"));
    let doc = doc_from(&rev).unwrap();
    assert_eq!(doc["signed_by"], json!("x"));
    assert_eq!(revision_from(&doc).unwrap(), rev);

    rev.extra.insert("_attachments".into(), json!({}));
    let err = doc_from(&rev).unwrap_err();
    assert_eq!(err.code(), "reserved_field");

    let mut rev = demand();
    rev.id = "not-a-uuid".into();
    assert_eq!(doc_from(&rev).unwrap_err().code(), "bad_id");
}

#[test]
fn server_metadata_is_tolerated_but_deletion_and_attachments_are_not() {
    let doc = doc_from(&demand()).unwrap();
    let mut with_meta = doc.clone();
    with_meta["_revisions"] = json!({ "start": 1, "ids": ["abc"] });
    with_meta["_conflicts"] = json!([]);
    with_meta["_deleted"] = json!(false);
    with_meta["_rev"] = json!("2-ffff");
    assert_eq!(revision_from(&with_meta).unwrap(), demand());

    let mut deleted = doc.clone();
    deleted["_deleted"] = json!(true);
    assert_eq!(revision_from(&deleted).unwrap_err().code(), "deleted");

    let mut attached = doc.clone();
    attached["_attachments"] = json!({ "a.txt": {} });
    let err = revision_from(&attached).unwrap_err();
    assert_eq!(
        err,
        CouchError::ReservedField {
            doc_id: doc["_id"].as_str().unwrap().into(),
            field: "_attachments".into()
        }
    );
}

#[test]
fn an_altered_document_is_refused_naming_it_in_both_languages() {
    let doc = doc_from(&demand()).unwrap();
    let id = doc["_id"].as_str().unwrap().to_owned();
    let mut altered = doc.clone();
    altered["data"]["title"] = json!("楼道灯修好了");
    let err = revision_from(&altered).unwrap_err();
    assert_eq!(err.code(), "hash_mismatch");
    assert_eq!(err.doc_id(), Some(id.as_str()));
    let text = err.text();
    assert!(
        text.zh.contains(&id) && text.zh.contains("被改动"),
        "{}",
        text.zh
    );
    assert!(
        text.en.contains(&id) && text.en.contains("altered"),
        "{}",
        text.en
    );

    let mut moved = doc.clone();
    moved["id"] = json!("11111111-2222-4333-8444-555555555555");
    assert_eq!(revision_from(&moved).unwrap_err().code(), "id_mismatch");

    let mut dropped = doc.clone();
    dropped.as_object_mut().unwrap().remove("deleted");
    assert_eq!(revision_from(&dropped).unwrap_err().code(), "hash_mismatch");
}

#[test]
fn ids_that_are_not_doorstep_ids_are_refused() {
    for id in [
        json!("_design/doorstep"),
        json!(RECORD),
        json!(format!("{RECORD}:{}", "A".repeat(64))),
        json!(format!("{RECORD}:{}", "a".repeat(63))),
        json!(format!("not-a-uuid:{}", "a".repeat(64))),
        json!(7),
    ] {
        let doc = json!({ "_id": id, "kind": "demand" });
        assert_eq!(revision_from(&doc).unwrap_err().code(), "bad_id", "{id}");
    }
    assert_eq!(
        revision_from(&json!({ "kind": "x" })).unwrap_err().code(),
        "bad_id"
    );
    assert_eq!(
        revision_from(&json!([1])).unwrap_err().code(),
        "not_an_object"
    );
    let hash = "0".repeat(64);
    assert_eq!(
        split_doc_id(&format!("{RECORD}:{hash}")),
        Some((RECORD, hash.as_str()))
    );
    // A body that hashes right but is not a revision (a forged id over junk).
    let junk = json!({ "id": RECORD, "kind": 5 });
    let hash = doorstep::domain::canonical::canonical_hash(&junk);
    let mut doc = junk.clone();
    doc["_id"] = json!(format!("{RECORD}:{hash}"));
    assert_eq!(revision_from(&doc).unwrap_err().code(), "not_a_revision");
}

// --- properties ------------------------------------------------------------

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Printable text, Chinese included, quotes and backslashes too. (Control
        // characters are left out: their `\u001f` escapes can be re-cased by one
        // byte without changing the text, which is no change at all.)
        "[ -~楼道灯坏了社区居民]{0,12}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

prop_compose! {
    fn revision()(
        id in "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        kind in "[a-z_]{1,12}",
        millis in 1_000_000_000_000u64..9_999_999_999_999,
        counter in 0u32..99_999,
        vv in prop::collection::btree_map("[0-9a-f]{8}", 1u64..1_000_000, 1..4),
        deleted in any::<bool>(),
        data in prop::collection::btree_map("[a-z_]{1,8}", json_value(), 0..5),
        extra in prop::collection::btree_map("[a-z][a-z_]{0,6}", leaf(), 0..2),
    ) -> Revision {
        let device = vv.keys().next().unwrap().clone();
        let mut extra: Map<String, Value> = extra.into_iter().collect();
        for field in ["id", "kind", "hlc", "vv", "deleted", "data"] {
            extra.remove(field);
        }
        Revision {
            id,
            kind,
            hlc: format!("{millis:013}-{counter:05}-{device}"),
            vv: VersionVector(vv),
            deleted,
            data: if deleted { None } else { Some(Value::Object(data.into_iter().collect())) },
            extra,
        }
    }
}

/// Byte range of the `_rev` value in the serialized document: it is not
/// checked (the hash in `_id` proves the content), so changes there are allowed.
fn rev_value_range(text: &str) -> std::ops::Range<usize> {
    let start = text.find("\"_rev\":\"").unwrap() + "\"_rev\":\"".len();
    let len = text[start..].find('"').unwrap();
    start..start + len
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn doc_then_revision_is_identity(rev in revision()) {
        let doc = doc_from(&rev).unwrap();
        // Through the wire, as text.
        let text = serde_json::to_string(&doc).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(revision_from(&back).unwrap(), rev);
    }

    #[test]
    fn any_single_byte_change_is_refused(
        rev in revision(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let doc = doc_from(&rev).unwrap();
        let text = serde_json::to_string(&doc).unwrap();
        let mut bytes = text.clone().into_bytes();
        let i = at.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        prop_assume!(!rev_value_range(&text).contains(&i));
        bytes[i] = byte;
        let accepted = serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| revision_from(&v).ok());
        prop_assert!(
            accepted.is_none(),
            "byte {} changed to {:?} was accepted: {}",
            i,
            byte as char,
            String::from_utf8_lossy(&bytes)
        );
    }
}

// --- checkpoints ---------------------------------------------------------

#[test]
fn md5_matches_rfc_1321() {
    let hex = |d: [u8; 16]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let cases = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        (
            "abcdefghijklmnopqrstuvwxyz",
            "c3fcd3d76192e4007dfb496cca67e13b",
        ),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(hex(md5(input.as_bytes())), want, "{input:?}");
    }
}

#[test]
fn replication_ids_follow_pouchdb() {
    // PouchDB: base64(md5(source id + target id)), '/' → '.', '+' → '_'.
    // Expected values from node: crypto.createHash('md5').update(s, 'binary')
    // .digest('base64') with the same replacements, as pouchdb-md5 does.
    assert_eq!(replication_id("a", "b"), "_local/GH70Q2Ei0cwvQNwrkvDroA==");
    let local = couch::local_db_id(DEVICE);
    let remote = couch::remote_db_id(
        Some("c34e942d"),
        "doorstep-gulou",
        "/couchdb/doorstep-gulou",
    );
    assert_eq!(remote, "c34e942ddoorstep-gulou");
    assert_eq!(
        couch::remote_db_id(None, "doorstep-gulou", "/couchdb/doorstep-gulou"),
        "/couchdb/doorstep-gulou"
    );
    let push = replication_id(&local, &remote);
    assert_eq!(push, "_local/3fk6iA8WkPnyoVvUpxLoDw==");
    let pull = replication_id(&remote, &local);
    assert_ne!(push, pull);
    for id in [&push, &pull] {
        let tail = id.strip_prefix("_local/").unwrap();
        assert_eq!(tail.len(), 24);
        assert!(!tail.contains('/') && !tail.contains('+'), "{id}");
    }
    // Some input whose base64 has '/' or '+': they are replaced.
    let found = (0..200)
        .map(|i| replication_id("x", &i.to_string()))
        .any(|id| {
            let tail = &id["_local/".len()..];
            tail.contains('.') || tail.contains('_')
        });
    assert!(found);
}

#[test]
fn a_checkpoint_advances_like_pouchdb_and_keeps_five_sessions() {
    let mut cp = Checkpoint::new("_local/x", "s0");
    for (n, session) in ["s1", "s2", "s1", "s3", "s4", "s5", "s6"]
        .iter()
        .enumerate()
    {
        cp = cp.advanced(&json!(n + 1), session).unwrap();
    }
    assert_eq!(cp.last_seq, json!(7));
    assert_eq!(cp.session_id, "s6");
    let sessions: Vec<&str> = cp.history.iter().map(|h| h.session_id.as_str()).collect();
    assert_eq!(sessions, ["s6", "s5", "s4", "s3", "s1"]);
    assert!(
        cp.advanced(&json!(7), "s7").is_none(),
        "unchanged seq: no write"
    );
    // The PouchDB document shape.
    let doc = serde_json::to_value(&cp).unwrap();
    assert_eq!(doc["_id"], json!("_local/x"));
    assert_eq!(doc["version"], json!(1));
    assert_eq!(
        doc["history"][0],
        json!({ "last_seq": 7, "session_id": "s6" })
    );
    // A document PouchDB wrote reads back (CouchDB seqs are strings).
    let pouch: Checkpoint = serde_json::from_value(json!({
        "_id": "_local/x", "_rev": "0-3", "session_id": "abc", "last_seq": "12-g1AAAA",
        "history": [{ "last_seq": "12-g1AAAA", "session_id": "abc" }],
        "replicator": "pouchdb", "version": 1
    }))
    .unwrap();
    assert_eq!(pouch.rev.as_deref(), Some("0-3"));
    assert_eq!(pouch.last_seq, json!("12-g1AAAA"));
}

fn cp(session: &str, seq: u64, history: &[(&str, u64)]) -> Checkpoint {
    Checkpoint {
        id: None,
        rev: None,
        session_id: session.into(),
        last_seq: json!(seq),
        history: history
            .iter()
            .map(|(s, n)| HistoryEntry {
                session_id: (*s).into(),
                last_seq: json!(n),
            })
            .collect(),
        replicator: Some("doorstep".into()),
        version: Some(1),
    }
}

#[test]
fn the_start_is_the_last_seq_both_sides_agree_on() {
    // Nothing on one side: from the beginning.
    assert_eq!(start_seq(None, Some(&cp("a", 5, &[("a", 5)]))), json!(0));
    assert_eq!(start_seq(Some(&cp("a", 5, &[("a", 5)])), None), json!(0));
    // Same last session.
    let both = cp("a", 5, &[("a", 5)]);
    assert_eq!(start_seq(Some(&both), Some(&both)), json!(5));
    // The target missed the last session (its write was interrupted): the
    // latest session both know.
    let source = cp("b", 9, &[("b", 9), ("a", 5)]);
    let target = cp("a", 5, &[("a", 5)]);
    assert_eq!(start_seq(Some(&source), Some(&target)), json!(5));
    // The source missed it.
    let source = cp("a", 5, &[("a", 5), ("z", 2)]);
    let target = cp("b", 9, &[("b", 9), ("a", 5)]);
    assert_eq!(start_seq(Some(&source), Some(&target)), json!(5));
    // No common session: from the beginning.
    let source = cp("c", 4, &[("c", 4)]);
    let target = cp("d", 8, &[("d", 8)]);
    assert_eq!(start_seq(Some(&source), Some(&target)), json!(0));
    // Different versions: from the beginning.
    let mut old = cp("a", 5, &[("a", 5)]);
    old.version = None;
    assert_eq!(
        start_seq(Some(&old), Some(&cp("a", 5, &[("a", 5)]))),
        json!(0)
    );
    assert_eq!(start_seq(Some(&old), Some(&old)), json!(5));
}

// --- batching and wire models ------------------------------------------

#[test]
fn batches_cover_every_item_once_within_limits() {
    assert!(batches(&[], 3, 100).is_empty());
    assert_eq!(batches(&[10; 7], 3, 1000), [0..3, 3..6, 6..7]);
    assert_eq!(batches(&[40, 40, 40, 10], 10, 100), [0..2, 2..4]);
    // One item larger than the byte limit goes alone, never dropped.
    assert_eq!(batches(&[10, 500, 10], 10, 100), [0..1, 1..2, 2..3]);
    assert_eq!(
        batches(&[1, 1], 0, 100),
        [0..1, 1..2],
        "zero docs means one"
    );
}

proptest! {
    #[test]
    fn batches_partition(sizes in prop::collection::vec(0usize..300, 0..60), docs in 1usize..10, bytes in 1usize..1000) {
        let ranges = batches(&sizes, docs, bytes);
        let mut next = 0;
        for r in &ranges {
            prop_assert_eq!(r.start, next);
            prop_assert!(!r.is_empty() && r.len() <= docs);
            let total: usize = sizes[r.clone()].iter().sum();
            prop_assert!(total <= bytes || r.len() == 1);
            next = r.end;
        }
        prop_assert_eq!(next, sizes.len());
    }
}

#[test]
fn a_413_halves_the_batch_down_to_one_document() {
    let size = BatchSize::default();
    let half = size.halved(500).unwrap();
    assert_eq!(half.docs, 250);
    assert_eq!(half.bytes, size.bytes / 2);
    assert_eq!(half.halved(3).unwrap().docs, 1);
    assert_eq!(
        BatchSize { docs: 1, bytes: 1 }.halved(2).unwrap(),
        BatchSize { docs: 1, bytes: 1 }
    );
    assert_eq!(
        half.halved(1),
        None,
        "a single document too large: give up on it"
    );
}

#[test]
fn revs_diff_selects_what_the_server_lacks() {
    let a = doc_from(&demand()).unwrap();
    let mut other = demand();
    other.hlc = format!("1764149400001-00000-{DEVICE}");
    let b = doc_from(&other).unwrap();
    let docs = vec![a.clone(), b.clone()];
    let request = revs_diff_request(&docs);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({ a["_id"].as_str().unwrap(): [a["_rev"]], b["_id"].as_str().unwrap(): [b["_rev"]] })
    );
    // pouchdb-server's answer when only b is missing.
    let answer: RevsDiffResponse =
        serde_json::from_value(json!({ b["_id"].as_str().unwrap(): { "missing": [b["_rev"]] } }))
            .unwrap();
    assert_eq!(missing_docs(&docs, &answer), vec![&b]);
    let body =
        serde_json::to_value(BulkDocsRequest::replicated(missing_docs(&docs, &answer))).unwrap();
    assert_eq!(body["new_edits"], json!(false));
    assert_eq!(body["docs"], json!([b]));
}

#[test]
fn bulk_docs_errors_are_read_per_document() {
    let results: Vec<BulkDocsResult> = serde_json::from_value(json!([
        { "id": "x", "rev": "1-a", "ok": true },
        { "id": "y", "error": "forbidden", "reason": "edits are refused" }
    ]))
    .unwrap();
    let failed = bulk_docs_failures(&results);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].id.as_deref(), Some("y"));
    let empty: Vec<BulkDocsResult> = serde_json::from_str("[]").unwrap();
    assert!(bulk_docs_failures(&empty).is_empty());
}

#[test]
fn changes_ask_only_for_doorstep_documents_not_yet_here() {
    let a = doc_from(&demand()).unwrap();
    let id = a["_id"].as_str().unwrap().to_owned();
    let rev = a["_rev"].as_str().unwrap().to_owned();
    let have = format!("{RECORD}:{}", "b".repeat(64));
    let changes: ChangesResponse = serde_json::from_value(json!({
        "results": [
            { "id": id, "changes": [{ "rev": rev }], "seq": 1 },
            { "id": "_design/doorstep", "changes": [{ "rev": "1-x" }], "seq": 2 },
            { "id": have, "changes": [{ "rev": "1-b" }], "seq": 3 },
            { "id": format!("{RECORD}:{}", "c".repeat(64)), "changes": [{ "rev": "2-c" }], "seq": "4-g1A", "deleted": true }
        ],
        "last_seq": "4-g1A"
    }))
    .unwrap();
    let wanted = changes.wanted(|doc| doc == have);
    assert_eq!(
        serde_json::to_value(&wanted).unwrap(),
        json!({ "docs": [{ "id": id, "rev": rev }] })
    );
    assert_eq!(changes.last_seq, json!("4-g1A"));
}

#[test]
fn bulk_get_reads_couchdb_and_pouchdb_server_answers() {
    let a = doc_from(&demand()).unwrap();
    let answer = json!({ "results": [
        { "id": a["_id"], "docs": [{ "ok": a }] },
        { "id": "gone", "docs": [{ "error": { "id": "gone", "rev": "1-x", "error": "not_found", "reason": "missing" } }] },
        { "id": "nope", "docs": [{}] }
    ]});
    let out = read_bulk_get(&answer);
    assert_eq!(out.docs, vec![a]);
    assert_eq!(out.failed, ["gone", "nope"]);
}
