#![cfg(not(target_arch = "wasm32"))]
//! Bundles: what is written reads back the same; every file BUNDLE_FORMAT §5
//! says to reject is rejected with the right error and a message saying what to do.

use doorstep::domain::bundle::{
    parse_bundle, records_digest, write_bundle, Bundle, BundleError, DeviceInfo, Scope, FORMAT,
    MAX_BUNDLE_BYTES,
};
use doorstep::domain::canonical::{canonical_json, sha256_hex};
use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::revision::{self, Revision};
use serde_json::{json, Value};

const DEVICE: &str = "6f1c2a7e-3b9d-4c1e-8a2f-0d5b7e9c1a01";
const COMMUNITY: &str = "1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9";
const T0: u64 = 1_795_685_400_000;

fn device() -> DeviceInfo {
    DeviceInfo {
        id: DEVICE.into(),
        label: "张丽 · 汤边社区".into(),
    }
}

fn sample_records() -> Vec<Revision> {
    let mut clock = HlcClock::new(DEVICE);
    let community = revision::create(
        Kind::Community,
        json!({ "name": "汤边社区", "street": "温泉街道" }),
        &mut clock,
        T0,
    );
    // Fixed ids: every call gives the same records.
    let mut community = community;
    community.id = "4bb44d78-1367-4089-b10c-95d98ce183c4".into();
    let mut demand = revision::create(
        Kind::Demand,
        json!({
            "community_id": COMMUNITY, "reported_on": "2026-11-26", "source": "door_visit",
            "category": "livable_homes", "urgency": "normal", "title": "小区缺少休闲健身场地",
            "description": "居民反映附近没有可以休息和锻炼的广场\n老人只能在路边坐 \"急\""
        }),
        &mut clock,
        T0 + 1,
    );
    demand.id = "7e378475-74b9-4e70-86b7-f96d981a3ffe".into();
    let edited = revision::edit(
        std::slice::from_ref(&demand),
        json!({
            "community_id": COMMUNITY, "reported_on": "2026-11-26", "source": "door_visit",
            "category": "livable_homes", "urgency": "urgent", "title": "小区缺少休闲健身场地",
            "description": "已有60户联名"
        }),
        &mut clock,
        T0 + 2,
    );
    let gone = revision::delete(std::slice::from_ref(&community), &mut clock, T0 + 3);
    vec![community, demand, edited, gone]
}

fn written(records: &[Revision]) -> String {
    write_bundle(
        "0.1.0",
        "2026-12-26T09:30:00.000Z",
        &device(),
        &Scope::Full,
        records,
    )
}

fn parse(text: &str) -> Result<Bundle, BundleError> {
    parse_bundle(text.as_bytes())
}

fn parse_value(value: &Value) -> Result<Bundle, BundleError> {
    parse(&value.to_string())
}

/// A valid envelope around raw record values, digest computed from them.
fn envelope(records: Value) -> Value {
    json!({
        "format": FORMAT, "format_version": 1, "app_version": "0.1.0",
        "exported_at": "2026-12-26T09:30:00.000Z",
        "device": { "id": DEVICE, "label": "张丽 · 汤边社区" },
        "scope": { "kind": "full" },
        "digest": records_digest(&records),
        "records": records,
    })
}

fn raw_records() -> Value {
    Value::Array(sample_records().iter().map(Revision::to_value).collect())
}

fn error_of(result: Result<Bundle, BundleError>) -> BundleError {
    match result {
        Ok(bundle) => panic!("expected a rejection, got {} records", bundle.records.len()),
        Err(error) => error,
    }
}

#[test]
fn a_written_bundle_reads_back_the_same() {
    let records = sample_records();
    for scope in [
        Scope::Full,
        Scope::Delta {
            since: "2026-12-01T08:00:00.000Z".into(),
        },
        Scope::Filtered {
            communities: vec![COMMUNITY.into()],
        },
    ] {
        let text = write_bundle(
            "0.1.0",
            "2026-12-26T09:30:00.000Z",
            &device(),
            &scope,
            &records,
        );
        let bundle = parse(&text).expect("own output parses");
        assert_eq!(bundle.records, records);
        assert_eq!(bundle.scope, scope);
        assert_eq!(bundle.device, device());
        assert_eq!(bundle.app_version, "0.1.0");
        assert_eq!(bundle.exported_at, "2026-12-26T09:30:00.000Z");
        // Writing what was read gives the same file.
        let again = write_bundle(
            &bundle.app_version,
            &bundle.exported_at,
            &bundle.device,
            &bundle.scope,
            &bundle.records,
        );
        assert_eq!(again, text);
    }
    let empty = parse(&written(&[])).expect("an empty export is fine");
    assert!(empty.records.is_empty());
}

#[test]
fn the_digest_is_sha256_of_the_canonical_records() {
    // sha256("[]")
    assert_eq!(
        records_digest(&json!([])),
        "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
    );
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // Sorted keys, compact, non-ASCII as is.
    let value = json!({ "b": [1, { "z": "汤边", "a": null }], "a": true, "é": "\"\n" });
    assert_eq!(
        canonical_json(&value),
        r#"{"a":true,"b":[1,{"a":null,"z":"汤边"}],"é":"\"\n"}"#
    );
    let records = raw_records();
    let text = written(&sample_records());
    let bundle = parse(&text).expect("parses");
    assert_eq!(bundle.digest, records_digest(&records));
    assert_eq!(
        bundle.digest,
        format!("sha256:{}", sha256_hex(canonical_json(&records).as_bytes()))
    );
}

#[test]
fn layout_and_key_order_in_the_file_do_not_matter() {
    let value = envelope(raw_records());
    let pretty = serde_json::to_string_pretty(&value).expect("writes");
    let a = parse(&pretty).expect("pretty file parses");
    let b = parse(&written(&sample_records())).expect("compact file parses");
    assert_eq!(a.records, b.records);
    // A byte-order mark from a Windows editor is tolerated.
    let with_bom = format!("\u{feff}{pretty}");
    assert!(parse(&with_bom).is_ok());
    // The digest is case-insensitive hex.
    let mut upper = value.clone();
    upper["digest"] = json!(value["digest"]
        .as_str()
        .map(str::to_uppercase)
        .map(|d| d.replace("SHA256:", "sha256:")));
    assert!(parse_value(&upper).is_ok());
}

#[test]
fn a_missing_deleted_is_read_as_false_and_the_digest_covers_the_file_as_is() {
    let mut records = raw_records();
    records[1].as_object_mut().map(|obj| obj.remove("deleted"));
    let file = envelope(records);
    let bundle = parse_value(&file).expect("a missing `deleted` is allowed");
    assert!(!bundle.records[1].deleted);
    assert_eq!(bundle.digest, file["digest"]);
    // Written again, the record says `deleted: false`, and the new digest covers that.
    let again = write_bundle("0.1.0", "", &bundle.device, &bundle.scope, &bundle.records);
    assert_ne!(parse(&again).expect("parses").digest, bundle.digest);
    // A tombstone may leave `data` out.
    let mut records = raw_records();
    records[3].as_object_mut().map(|obj| obj.remove("data"));
    let bundle = parse_value(&envelope(records)).expect("a tombstone without data is allowed");
    assert!(bundle.records[3].deleted && bundle.records[3].data.is_none());
}

#[test]
fn unknown_kinds_and_fields_survive_parse_then_write() {
    let mut records = raw_records();
    records[1]["data"]["photo_ids"] = json!(["a1b2c3d4-0000-4000-8000-000000000001"]);
    records[1]["signature"] = json!({ "alg": "ed25519" });
    if let Some(list) = records.as_array_mut() {
        list.push(json!({
            "id": "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a", "kind": "petition",
            "hlc": "1795685400000-00009-6f1c2a7e-3b9d-4c1e-8a2f-0d5b7e9c1a01",
            "vv": { DEVICE: 1 }, "deleted": false,
            "data": { "title": "关于增设电动车充电桩的联名信", "signatures": 57 }
        }));
    }
    let mut file = envelope(records.clone());
    file["compression"] = json!("none");
    file["scope"] = json!({ "kind": "by_topic", "topic": "x" });
    let bundle = parse_value(&file).expect("a newer app's bundle opens");
    assert_eq!(bundle.scope, Scope::Unknown);
    let out = write_bundle(
        "0.1.0",
        &bundle.exported_at,
        &bundle.device,
        &bundle.scope,
        &bundle.records,
    );
    let reread: Value = serde_json::from_str(&out).expect("writes JSON");
    assert_eq!(
        reread["records"], records,
        "every record written back exactly"
    );
    assert_eq!(reread["digest"], file["digest"]);
    assert!(parse(&out).is_ok());
}

#[test]
fn too_large_files_are_refused_before_reading() {
    let huge = vec![b' '; MAX_BUNDLE_BYTES + 1];
    let error = error_of(parse_bundle(&huge));
    assert_eq!(error.code(), "too_large");
    assert!(
        matches!(error, BundleError::TooLarge { bytes, .. } if bytes == MAX_BUNDLE_BYTES as u64 + 1)
    );
    assert!(error.text().zh.contains("64.0 MB") && error.text().en.contains("64.0 MB"));
}

#[test]
fn json_errors_name_line_and_column() {
    let text =
        "{\n  \"format\": \"doorstep.bundle\",\n  \"format_version\": 1,\n  \"records\": [,]\n}";
    let error = error_of(parse(text));
    assert_eq!(
        error,
        BundleError::NotJson {
            line: 4,
            column: 15
        }
    );
    assert!(error.text().zh.contains("第 4 行第 15 列"));
    assert!(error.text().en.contains("line 4, column 15"));
    let full = written(&sample_records());
    let error = error_of(parse(&full[..full.len() / 2]));
    assert_eq!(error.code(), "not_json");
    assert_eq!(error_of(parse("")).code(), "not_json");
    assert_eq!(
        error_of(parse_bundle(b"{\"format\": \"\xff\"}")).code(),
        "not_json"
    );
}

#[test]
fn envelope_rejections() {
    let ok = envelope(raw_records());
    let with = |change: &dyn Fn(&mut Value)| {
        let mut value = ok.clone();
        change(&mut value);
        error_of(parse_value(&value))
    };
    let remove = |field: &'static str| {
        move |v: &mut Value| {
            v.as_object_mut().map(|obj| obj.remove(field));
        }
    };
    assert_eq!(error_of(parse("[1, 2]")), BundleError::NotAnObject);
    assert_eq!(error_of(parse("\"doorstep\"")), BundleError::NotAnObject);
    assert_eq!(
        with(&|v| v["format"] = json!("wechat.chat_history")),
        BundleError::WrongFormat {
            found: "\"wechat.chat_history\"".into()
        }
    );
    assert_eq!(with(&|v| v["format"] = json!(7)).code(), "wrong_format");
    assert_eq!(
        with(&remove("format")),
        BundleError::MissingField {
            field: "format".into()
        }
    );
    assert_eq!(
        with(&|v| v["format_version"] = json!(2)),
        BundleError::NewerVersion { found: 2 }
    );
    assert_eq!(
        with(&remove("format_version")),
        BundleError::MissingField {
            field: "format_version".into()
        }
    );
    assert_eq!(
        with(&|v| v["format_version"] = json!("1")).code(),
        "bad_envelope"
    );
    assert_eq!(
        with(&|v| v["format_version"] = json!(0)).code(),
        "bad_envelope"
    );
    assert_eq!(
        with(&remove("records")),
        BundleError::MissingField {
            field: "records".into()
        }
    );
    assert_eq!(
        with(&|v| v["records"] = json!({})),
        BundleError::BadEnvelope {
            field: "records".into()
        }
    );
    assert_eq!(
        with(&remove("digest")),
        BundleError::MissingField {
            field: "digest".into()
        }
    );
    assert_eq!(
        with(&|v| v["digest"] = json!("md5:abc")),
        BundleError::BadEnvelope {
            field: "digest".into()
        }
    );
    assert_eq!(
        with(&remove("device")),
        BundleError::MissingField {
            field: "device".into()
        }
    );
    assert_eq!(
        with(&|v| v["device"] = json!({ "label": "张丽" })),
        BundleError::MissingField {
            field: "device.id".into()
        }
    );
    assert_eq!(with(&|v| v["scope"] = json!("full")).code(), "bad_envelope");
    // Missing scope, app version and export time are tolerated.
    let mut lenient = ok.clone();
    for field in ["scope", "app_version", "exported_at"] {
        lenient.as_object_mut().map(|obj| obj.remove(field));
    }
    let bundle = parse_value(&lenient).expect("optional envelope fields");
    assert_eq!(bundle.scope, Scope::Full);
}

#[test]
fn encrypted_bundles_are_recognised() {
    let encrypted = json!({
        "format": "doorstep.bundle.encrypted", "format_version": 1,
        "kdf": { "name": "PBKDF2-SHA256", "iterations": 600000, "salt": "c2FsdA==" },
        "cipher": { "name": "AES-256-GCM", "iv": "AAECAwQFBgcICQoL" },
        "ciphertext": "3q2+7w=="
    });
    let error = error_of(parse_value(&encrypted));
    assert_eq!(error, BundleError::Encrypted);
    // The app opens encrypted bundles (app::crypto): the message asks for the passphrase.
    assert!(error.text().zh.contains("需要口令"));
    assert!(error.text().en.contains("Enter the passphrase"));
}

#[test]
fn a_changed_record_fails_the_digest() {
    let mut value = envelope(raw_records());
    value["records"][1]["data"]["title"] = json!("小区缺少停车位");
    assert_eq!(error_of(parse_value(&value)), BundleError::DigestMismatch);
    let mut value = envelope(raw_records());
    value["records"].as_array_mut().map(Vec::pop);
    assert_eq!(error_of(parse_value(&value)), BundleError::DigestMismatch);
    // The digest is checked before the records: damage is reported as damage.
    let mut value = envelope(raw_records());
    value["records"][0]["hlc"] = json!("nonsense");
    assert_eq!(error_of(parse_value(&value)), BundleError::DigestMismatch);
}

fn bad_revision(change: impl FnOnce(&mut Value)) -> (usize, Option<String>, Vec<String>) {
    let mut records = raw_records();
    change(&mut records);
    match error_of(parse_value(&envelope(records))) {
        BundleError::BadRevision {
            index,
            id,
            problems,
        } => {
            for problem in &problems {
                assert!(!problem.zh.is_empty() && !problem.en.is_empty());
            }
            (index, id, problems.into_iter().map(|p| p.en).collect())
        }
        other => panic!("expected a bad revision, got {other:?}"),
    }
}

#[test]
fn every_malformed_revision_is_named_by_index_and_id() {
    let ids: Vec<String> = sample_records().into_iter().map(|r| r.id).collect();
    let remove = |index: usize, field: &'static str| {
        move |records: &mut Value| {
            records[index].as_object_mut().map(|obj| obj.remove(field));
        }
    };
    let (index, id, problems) = bad_revision(remove(2, "id"));
    assert_eq!((index, id), (2, None));
    assert!(problems[0].contains("`id` is missing"), "{problems:?}");
    for field in ["kind", "hlc", "vv"] {
        let (index, id, problems) = bad_revision(remove(1, field));
        assert_eq!((index, id.as_deref()), (1, Some(ids[1].as_str())));
        assert!(
            problems
                .iter()
                .any(|p| p.contains(&format!("`{field}` is missing"))),
            "{problems:?}"
        );
    }
    let cases: Vec<(&str, Value, &str)> = vec![
        ("id", json!("D-0001"), "`id` must be a UUID"),
        ("id", json!(42), "`id` must be a UUID"),
        ("kind", json!(""), "`kind` must be non-empty"),
        ("hlc", json!("2026-11-26 09:30"), "`hlc` is malformed"),
        ("hlc", json!("1795685400000-1-dev"), "`hlc` is malformed"),
        ("vv", json!({}), "`vv` (version vector) is malformed"),
        (
            "vv",
            json!({ DEVICE: -1 }),
            "`vv` (version vector) is malformed",
        ),
        (
            "vv",
            json!({ DEVICE: "2" }),
            "`vv` (version vector) is malformed",
        ),
        ("vv", json!([1]), "`vv` (version vector) is malformed"),
        ("deleted", json!("no"), "`deleted` must be true or false"),
    ];
    for (field, bad, message) in cases {
        let (index, _, problems) = bad_revision(|records| records[1][field] = bad.clone());
        assert_eq!(index, 1);
        assert!(
            problems.iter().any(|p| p.contains(message)),
            "{field}={bad}: {problems:?}"
        );
    }
    let (index, _, problems) =
        bad_revision(|records| records[1]["data"]["reported_on"] = json!("2026-02-30"));
    assert_eq!(index, 1);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`reported_on` must be a real date")),
        "{problems:?}"
    );
    let (index, _, problems) = bad_revision(|records| records[0]["deleted"] = json!(true));
    assert_eq!(index, 0);
    assert!(
        problems.iter().any(|p| p.contains("must carry no data")),
        "{problems:?}"
    );
    let (_, _, problems) = bad_revision(|records| records[2]["data"] = json!(null));
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`data` must be an object")),
        "{problems:?}"
    );
    let (index, _, _) = bad_revision(|records| records[3] = json!("not a record"));
    assert_eq!(index, 3);
}

#[test]
fn every_error_says_what_happened_and_what_to_do() {
    let errors = [
        BundleError::TooLarge {
            bytes: 70 * 1024 * 1024,
            limit: MAX_BUNDLE_BYTES as u64,
        },
        BundleError::NotJson { line: 3, column: 7 },
        BundleError::NotAnObject,
        BundleError::WrongFormat {
            found: "\"x\"".into(),
        },
        BundleError::Encrypted,
        BundleError::NewerVersion { found: 2 },
        BundleError::MissingField {
            field: "records".into(),
        },
        BundleError::BadEnvelope {
            field: "digest".into(),
        },
        BundleError::DigestMismatch,
        BundleError::BadRevision {
            index: 4,
            id: Some("3f2a9c1e-7b4d-4e8a-9c6f-1a2b3c4d5e6f".into()),
            problems: vec![doorstep::i18n::Text::new(
                "缺少必填字段“hlc”",
                "required field `hlc` is missing",
            )],
        },
    ];
    let mut codes: Vec<&str> = errors.iter().map(BundleError::code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), errors.len(), "codes are distinct");
    for error in &errors {
        let text = error.text();
        assert!(
            text.zh.contains("请"),
            "Chinese says what to do: {}",
            text.zh
        );
        let en = text.en.to_lowercase();
        assert!(
            ["ask", "check", "choose", "update"]
                .iter()
                .any(|verb| en.contains(verb)),
            "{en}"
        );
        assert_eq!(error.to_string(), text.en);
    }
    let text = errors[9].text();
    assert!(
        text.zh.contains("第 5 条记录") && text.zh.contains("3f2a9c1e-7b4d-4e8a-9c6f-1a2b3c4d5e6f")
    );
    assert!(text.en.contains("Record 5") && text.en.contains("`hlc` is missing"));
}
