#![cfg(not(target_arch = "wasm32"))]
//! CSV exports: RFC 4180 quoting, the BOM Excel needs, CRLF, Chinese headers,
//! formula guarding, and the redacted option that leaves residents out.

use doorstep::domain::csv::{
    activities_table, csv_file_name, demands_table, members_table, outcomes_table, points_table,
    yuan, Cell, DemandLine, Names, Table, BOM,
};
use doorstep::domain::kinds::{Activity, Demand, DemandStatus, Member, Outcome, PointsEntry};
use doorstep::i18n::Lang;
use serde_json::json;

/// Splits CSV text into records of fields, per RFC 4180 (a tiny reader for the tests).
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix(BOM).expect("starts with a BOM");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR is always followed by LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare LF outside quotes ends no record in RFC 4180"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last record ends with CRLF"
    );
    rows
}

fn demand(resident: bool) -> Demand {
    let mut data = json!({
        "community_id": "c1", "reported_on": "2026-11-26", "source": "door_visit",
        "category": "livable_homes", "urgency": "urgent", "title": "楼道灯坏了, \"急\"",
        "description": "三楼楼道灯不亮\n老人晚上不安全", "reported_by": "m1"
    });
    if resident {
        data["resident"] = json!({ "name": "李阿姨", "phone": "13800000000", "address": "3号楼502", "consent": true });
    }
    serde_json::from_value(data).expect("valid demand")
}

fn names() -> Names {
    let mut names = Names::default();
    names.communities.insert("c1".into(), "汤边社区".into());
    names.members.insert("m1".into(), "张丽".into());
    names
}

#[test]
fn writer_quotes_per_rfc_4180_and_starts_with_a_bom() {
    let table = Table {
        headers: vec!["标题".into(), "数量".into()],
        rows: vec![
            vec![Cell::from("a,b"), Cell::Number(-3)],
            vec![Cell::from("say \"hi\""), Cell::Number(0)],
            vec![Cell::from("line1\r\nline2"), Cell::Number(7)],
            vec![Cell::from("=HYPERLINK(\"x\")"), Cell::Number(1)],
            vec![Cell::from(""), Cell::Number(2)],
        ],
    };
    let text = table.to_csv();
    assert!(
        text.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 BOM for Excel"
    );
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        read_csv(&text),
        vec![
            vec!["标题", "数量"],
            vec!["a,b", "-3"],
            vec!["say \"hi\"", "0"],
            vec!["line1\r\nline2", "7"],
            vec!["'=HYPERLINK(\"x\")", "1"],
            vec!["", "2"],
        ]
    );
    assert!(
        text.contains("\"say \"\"hi\"\"\""),
        "quotes are doubled inside quotes"
    );
}

#[test]
fn demands_have_chinese_headers_every_field_and_the_given_order() {
    let (d1, d2) = (demand(true), demand(false));
    let lines = [
        DemandLine {
            id: "id-2",
            demand: &d2,
            status: DemandStatus::Resolved,
        },
        DemandLine {
            id: "id-1",
            demand: &d1,
            status: DemandStatus::Open,
        },
    ];
    let rows = read_csv(&demands_table(&lines, &names(), Lang::Zh, false).to_csv());
    assert_eq!(
        rows[0],
        vec![
            "编号",
            "反映日期",
            "社区",
            "类别",
            "紧急程度",
            "状态",
            "来源",
            "标题",
            "描述",
            "反映人",
            "居民同意登记",
            "居民姓名",
            "居民电话",
            "居民地址"
        ]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][0], "id-2", "the list's order is kept");
    assert_eq!(rows[1][5], "已解决");
    assert_eq!(rows[2][0], "id-1");
    assert_eq!(rows[2][2], "汤边社区");
    assert_eq!(rows[2][3], "宜居家园");
    assert_eq!(rows[2][4], "紧急");
    assert_eq!(rows[2][7], "楼道灯坏了, \"急\"");
    assert_eq!(rows[2][8], "三楼楼道灯不亮\n老人晚上不安全");
    assert_eq!(rows[2][9], "张丽");
    assert_eq!(&rows[2][11..], &["李阿姨", "13800000000", "3号楼502"]);
}

#[test]
fn redacted_demands_carry_no_resident_name_phone_or_address() {
    let d = demand(true);
    let lines = [DemandLine {
        id: "id-1",
        demand: &d,
        status: DemandStatus::Open,
    }];
    let text = demands_table(&lines, &names(), Lang::Zh, true).to_csv();
    for secret in [
        "李阿姨",
        "13800000000",
        "3号楼502",
        "居民姓名",
        "居民电话",
        "居民地址",
    ] {
        assert!(!text.contains(secret), "redacted CSV leaks {secret}");
    }
    let rows = read_csv(&text);
    assert_eq!(rows[0].len(), rows[1].len());
    assert_eq!(rows[0].len(), 11);
}

#[test]
fn english_headers_when_asked() {
    let d = demand(false);
    let lines = [DemandLine {
        id: "x",
        demand: &d,
        status: DemandStatus::Open,
    }];
    let rows = read_csv(&demands_table(&lines, &names(), Lang::En, true).to_csv());
    assert_eq!(rows[0][1], "Reported on");
    assert_eq!(rows[1][5], "Open");
}

#[test]
fn other_lists_have_their_columns() {
    let member: Member = serde_json::from_value(json!({
        "name": "陈明", "team": "legal_envoy", "community_id": "c1", "domains": ["dispute_mediation"],
        "profession": "lawyer", "phone": "13900000000", "active": true
    }))
    .expect("member");
    let full = read_csv(&members_table(&[("m2", &member)], &names(), Lang::Zh, false).to_csv());
    assert_eq!(full[1][1], "陈明");
    assert_eq!(full[1][2], "法务特派员");
    assert_eq!(full[1].last().map(String::as_str), Some("13900000000"));
    let redacted = members_table(&[("m2", &member)], &names(), Lang::Zh, true).to_csv();
    assert!(!redacted.contains("13900000000"));

    let activity: Activity = serde_json::from_value(json!({
        "type": "roundtable", "title": "圆桌会", "community_id": "c1", "on": "2026-11-29",
        "member_ids": ["m1"], "attendees": 18, "demand_ids": [], "materials": 40
    }))
    .expect("activity");
    let rows = read_csv(&activities_table(&[("a1", &activity)], &names(), Lang::Zh).to_csv());
    assert_eq!(
        rows[1],
        vec![
            "a1",
            "2026-11-29",
            "一刻钟圆桌会议",
            "圆桌会",
            "汤边社区",
            "张丽",
            "18",
            "40",
            ""
        ]
    );

    let outcome: Outcome = serde_json::from_value(json!({
        "type": "micro_project", "title": "睦邻广场", "on": "2026-12-26", "demand_ids": [], "activity_ids": [],
        "member_ids": [], "funds_fen": 24_750_005u64, "beneficiaries": 3200
    }))
    .expect("outcome");
    let rows = read_csv(&outcomes_table(&[("o1", &outcome)], &names(), Lang::Zh).to_csv());
    assert_eq!(rows[0][8], "筹集资金（元）");
    assert_eq!(rows[1][8], "247500.05");

    let points: PointsEntry = serde_json::from_value(json!({
        "member_id": "m1", "points": -5, "reason": "缺席", "on": "2026-12-01"
    }))
    .expect("points");
    let rows = read_csv(&points_table(&[("p1", &points)], &names(), Lang::Zh).to_csv());
    assert_eq!(
        rows[1],
        vec!["p1", "2026-12-01", "张丽", "-5", "缺席"],
        "numbers are not formula-guarded"
    );
}

#[test]
fn money_and_file_names() {
    assert_eq!(yuan(0), "0.00");
    assert_eq!(yuan(5), "0.05");
    assert_eq!(yuan(24_750_000), "247500.00");
    assert_eq!(
        csv_file_name("demands", "2026-11-26", true),
        "doorstep-demands-2026-11-26-redacted.csv"
    );
}
