#![cfg(not(target_arch = "wasm32"))]
//! Exchange bookkeeping: export file names, the unexported-records reminder,
//! the import batch (duplicates, totals) and the ledger's latest bundle per
//! device; and conflict resolution's field-by-field combination.

use doorstep::domain::bundle::{BundleError, Scope};
use doorstep::domain::exchange::{
    export_file_name, latest_per_device, should_nag, unexported_age_ms, ArrivalLog, ExportKind,
    FileCheck, FileResult, ImportBatch, ReadyBundle, NAG_AFTER_MS,
};
use doorstep::domain::merge::{Change, MergeReport};
use doorstep::domain::resolve::{combine, field_rows, record_title};
use doorstep::domain::revision::Revision;
use serde_json::json;

const DAY: u64 = NAG_AFTER_MS;

#[test]
fn file_names_follow_the_pattern_and_are_safe() {
    assert_eq!(
        export_file_name("张丽", "汤边社区", &ExportKind::Delta, "2026-11-26"),
        "doorstep-张丽-汤边社区-delta-2026-11-26.json"
    );
    assert_eq!(
        export_file_name("", "", &ExportKind::Full, "2026-11-26"),
        "doorstep-device-all-full-2026-11-26.json"
    );
    let kind = ExportKind::Community {
        id: "x".into(),
        name: "灵响/社区".into(),
    };
    assert_eq!(
        export_file_name("陈 明", "汤边社区", &kind, "2026-11-26"),
        "doorstep-陈_明-灵响_社区-filtered-2026-11-26.json",
        "the filtered community names the file; separators and slashes are replaced"
    );
    let name = export_file_name("a:b*c?\"<>|\\", "x-y", &ExportKind::Full, "2026-11-26");
    assert!(
        !name[..name.len() - 5].contains(['\\', '/', ':', '*', '?', '"', '<', '>', '|']),
        "{name}"
    );
    assert_eq!(
        name.matches('-').count(),
        6,
        "exactly the pattern's dashes (date included): {name}"
    );
}

#[test]
fn the_reminder_waits_a_day_and_never_guesses_early() {
    let mut log = ArrivalLog::default();
    assert!(!log.note(0, 1_000), "nothing stored, nothing to note");
    assert!(log.note(5, 10 * DAY));
    assert!(!log.note(5, 11 * DAY), "no new arrivals, no new checkpoint");
    assert!(log.note(9, 12 * DAY));
    // Exported up to 5: the first checkpoint after is seq 9, noted at day 12.
    assert_eq!(unexported_age_ms(5, &log, None, 12 * DAY + 3), Some(3));
    assert_eq!(unexported_age_ms(5, &log, None, 13 * DAY), Some(DAY));
    assert!(should_nag(4, unexported_age_ms(5, &log, None, 13 * DAY)));
    assert!(!should_nag(
        4,
        unexported_age_ms(5, &log, None, 12 * DAY + 10)
    ));
    assert!(!should_nag(0, Some(5 * DAY)), "nothing unexported, no nag");
    // A record made on this device dates itself by its clock.
    assert_eq!(
        unexported_age_ms(9, &log, Some(11 * DAY), 12 * DAY),
        Some(DAY)
    );
    assert_eq!(
        unexported_age_ms(0, &ArrivalLog::default(), None, 12 * DAY),
        None
    );
    log.prune(9);
    assert!(log.checkpoints.is_empty());
    // The log stays small, and keeps its earliest checkpoint.
    let mut log = ArrivalLog::default();
    for seq in 1..500 {
        log.note(seq, seq * 1000);
    }
    assert!(log.checkpoints.len() <= 64);
    assert_eq!(log.checkpoints[0].seq, 1);
    assert!(log.checkpoints.windows(2).all(|w| w[0].seq < w[1].seq));
}

fn ready(digest: &str, new: u32) -> FileCheck {
    let mut preview = MergeReport::default();
    for _ in 0..new {
        preview.add("demand", Change::New);
    }
    preview.add("member", Change::Conflicted);
    FileCheck::Ready(ReadyBundle {
        digest: digest.into(),
        device_id: "d".into(),
        device_label: "张丽".into(),
        scope: Scope::Full,
        exported_at: "2026-11-26T00:00:00.000Z".into(),
        records: new as usize + 1,
        preview,
    })
}

#[test]
fn a_batch_spots_repeats_and_adds_up_previews_and_results() {
    let mut batch = ImportBatch::default();
    batch.push("a.json".into(), 10, ready("sha256:a", 2));
    batch.push(
        "b.json".into(),
        10,
        FileCheck::Refused(BundleError::DigestMismatch),
    );
    batch.push("a-copy.json".into(), 10, ready("sha256:a", 2));
    batch.push("c.json".into(), 10, ready("sha256:c", 3));
    assert_eq!(
        batch.files[2].check,
        FileCheck::Duplicate {
            first: "a.json".into()
        }
    );
    assert_eq!(
        batch.ready().map(|(i, _)| i).collect::<Vec<_>>(),
        vec![0, 3]
    );
    assert_eq!(batch.refused().count(), 1);
    let total = batch.total_preview();
    assert_eq!(total.per_kind["demand"].new, 5);
    assert_eq!(total.per_kind["member"].conflicted, 2);
    assert_eq!(batch.ready_records(), 7);
    assert!(!batch.finished());
    let mut report = MergeReport::default();
    report.add("demand", Change::New);
    batch.files[0].result = Some(FileResult::Imported(report.clone()));
    batch.files[3].result = Some(FileResult::Imported(report));
    assert!(batch.finished());
    assert_eq!(batch.total_result().per_kind["demand"].new, 2);
}

#[test]
fn the_ledger_lists_each_device_once_stalest_first() {
    let entries = [
        ("a", "2026-11-20T00:00:00Z"),
        ("b", "2026-11-25T00:00:00Z"),
        ("a", "2026-11-26T00:00:00Z"),
        ("c", "2026-11-01T00:00:00Z"),
        ("a", "2026-11-21T00:00:00Z"),
    ];
    let latest = latest_per_device(&entries, |e| e.0, |e| e.1);
    assert_eq!(
        latest,
        vec![
            &("c", "2026-11-01T00:00:00Z"),
            &("b", "2026-11-25T00:00:00Z"),
            &("a", "2026-11-26T00:00:00Z")
        ]
    );
}

fn version(vv: serde_json::Value, data: serde_json::Value) -> Revision {
    serde_json::from_value(json!({
        "id": "0192f7d2-0000-4000-8000-000000000001", "kind": "demand",
        "hlc": "1764149400000-00000-a", "vv": vv, "deleted": data.is_null(), "data": data
    }))
    .expect("revision")
}

#[test]
fn a_resolution_combines_fields_from_several_versions() {
    let a = version(
        json!({"a": 2}),
        json!({"title": "A 标题", "urgency": "urgent", "x_new": 1}),
    );
    let b = version(
        json!({"a": 1, "b": 1}),
        json!({"title": "B 标题", "urgency": "urgent", "description": "B"}),
    );
    let rows = field_rows(&[a.clone(), b.clone()]);
    let fields: Vec<&str> = rows.iter().map(|r| r.field.as_str()).collect();
    assert_eq!(fields, vec!["title", "urgency", "x_new", "description"]);
    assert!(!rows[0].same());
    assert!(rows[1].same());
    // Title from B, the rest from A (where B has a field A lacks and A is chosen, it stays out).
    let data = combine(&rows, &[1, 0, 0, 0]);
    assert_eq!(
        data,
        json!({"title": "B 标题", "urgency": "urgent", "x_new": 1})
    );
    let data = combine(&rows, &[0, 0, 1, 1]);
    assert_eq!(
        data,
        json!({"title": "A 标题", "urgency": "urgent", "description": "B"}),
        "unknown fields are kept when chosen"
    );
    // A deletion has no fields.
    let tomb = version(json!({"a": 1, "c": 1}), serde_json::Value::Null);
    let rows = field_rows(&[tomb, a.clone()]);
    assert!(rows.iter().all(|r| r.values[0].is_none()));
    assert_eq!(record_title(&a), "A 标题");
}
