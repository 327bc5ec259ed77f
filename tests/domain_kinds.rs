#![cfg(not(target_arch = "wasm32"))]
//! Every kind's data is validated field by field, problems are bilingual,
//! and fields this app does not know survive a round trip.

use doorstep::domain::kinds::{
    self, community_of, domain_label, followed_references, references, validate, validate_refs,
    Activity, ActivityType, Community, Consultation, ConsultationMatter, ConsultationResponse,
    ConsultationStatus, ConsultationWay, Demand, DemandEvent, DemandSource, DemandStatus,
    EventType, Household, Kind, LegalArticle, LegalReview, LegalReviewType, Member, Opinion,
    Outcome, OutcomeType, PointsEntry, PointsRule, Profession, Reward, Stance, Team, Topic,
    TopicOrigin, TopicStatus, Urgency, Visit, VisitOutcome, DOMAINS,
};
use doorstep::domain::revision::Revision;
use doorstep::i18n::Lang;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const COMMUNITY: &str = "1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9";
const MEMBER: &str = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const MEMBER_2: &str = "8d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a";
const HOUSEHOLD: &str = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d";
const DEMAND: &str = "3f2a9c1e-7b4d-4e8a-9c6f-1a2b3c4d5e6f";
const TOPIC: &str = "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8";
const ACTIVITY: &str = "5f6a7b8c-9d0e-4f1a-b2c3-d4e5f6a7b8c9";
const RULE: &str = "6a7b8c9d-0e1f-4a2b-c3d4-e5f6a7b8c9d0";
const ENTRY: &str = "9b0c1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";
const CONSULTATION: &str = "7b8c9d0e-1f2a-4b3c-8d4e-f5a6b7c8d9e0";
const RESPONSE: &str = "8c9d0e1f-2a3b-4c4d-9e5f-a6b7c8d9e0f1";

/// Valid data of every kind, with every optional field filled.
fn good(kind: Kind) -> Value {
    match kind {
        Kind::Community => json!({ "name": "汤边社区", "street": "温泉街道", "code": "350102001" }),
        Kind::Member => json!({
            "name": "张丽", "team": "citizen", "community_id": COMMUNITY,
            "domains": ["livable_homes", "dispute_mediation"], "expertise": "邻里调解",
            "profession": "volunteer", "phone": "13800000000", "joined_on": "2024-03-01",
            "active": true, "notes": "负责3号楼、5号楼",
            "roles": ["peacemaker", "grid_service"], "sub_teams": ["cultural_volunteers"]
        }),
        Kind::Household => json!({
            "community_id": COMMUNITY, "building": "3号楼", "unit": "2单元", "door": "502",
            "assigned_to": MEMBER, "vulnerable": true, "notes": "独居老人，行动不便"
        }),
        Kind::Visit => json!({
            "household_id": HOUSEHOLD, "member_id": MEMBER, "at": "2026-11-26T09:30:00+08:00",
            "outcome": "talked", "demand_ids": [DEMAND], "notes": "反映楼道灯不亮"
        }),
        Kind::Demand => json!({
            "community_id": COMMUNITY, "household_id": HOUSEHOLD, "reported_on": "2026-11-26",
            "reported_by": MEMBER, "source": "door_visit", "category": "livable_homes", "urgency": "urgent",
            "title": "卫生间漏水引发邻里纠纷", "description": "楼上卫生间漏水，楼下天花板发霉，双方协商未果",
            "resident": { "name": "王阿姨", "phone": "13900000000", "address": "3号楼2单元402", "consent": true }
        }),
        Kind::DemandEvent => json!({
            "demand_id": DEMAND, "at": "2026-11-27T15:00:00+08:00", "by": MEMBER,
            "type": "status", "text": "法务特派员已讲解相关法律规定", "status": "in_progress"
        }),
        Kind::Topic => json!({
            "title": "老旧小区公共用电分摊", "description": "一栋一户一灯", "origin": "demands",
            "demand_ids": [DEMAND], "expert_ids": [MEMBER], "due_on": "2027-03-31", "status": "researching"
        }),
        Kind::Opinion => json!({
            "topic_id": TOPIC, "member_id": MEMBER, "community_id": COMMUNITY,
            "stance": "support", "text": "赞成按户分摊", "on": "2026-12-01"
        }),
        Kind::Activity => json!({
            "type": "roundtable", "title": "一刻钟圆桌会议：睦邻广场选址", "community_id": COMMUNITY,
            "on": "2026-12-05", "member_ids": [MEMBER, MEMBER_2], "attendees": 23,
            "minutes": "与会居民同意在原停车场东侧建设广场", "demand_ids": [DEMAND], "materials": 40
        }),
        Kind::Outcome => json!({
            "type": "micro_project", "title": "睦邻广场建成", "summary": "走访20余家共建单位，筹资24.75万元",
            "on": "2027-05-01", "community_id": COMMUNITY, "demand_ids": [DEMAND], "topic_id": TOPIC,
            "activity_ids": [ACTIVITY], "member_ids": [MEMBER], "funds_fen": 24_750_000, "beneficiaries": 3200
        }),
        Kind::PointsRule => {
            json!({ "code": "P01", "name": "入户走访", "points": 2, "team": "citizen" })
        }
        Kind::Reward => json!({
            "name": "社区理发服务一次", "name_en": "One community haircut", "cost": 10, "active": true
        }),
        Kind::PointsEntry => json!({
            "member_id": MEMBER, "rule_id": RULE, "points": -5, "reason": "未按时回访",
            "on": "2026-12-10", "ref": { "kind": "demand", "id": DEMAND }
        }),
        Kind::PointsReview => json!({
            "entry_id": ENTRY, "verdict": "approved", "reason": "走访记录属实",
            "on": "2026-12-11", "by": MEMBER_2
        }),
        Kind::Honour => json!({
            "member_id": MEMBER, "title": "金牌调解员", "year": 2026, "reason": "全年调解纠纷30起"
        }),
        Kind::DutyFund => json!({
            "team": "citizen", "year": 2026, "allocated_fen": 5_000_000, "spent_fen": 1_250_000,
            "note": "履职交通与通讯补贴"
        }),
        Kind::Consultation => json!({
            "requested_by": "区政府办公室", "subject": "全域生态旅游示范区规划（征求意见稿）",
            "summary": "整合生态游、坊巷游、温泉游，构建一核两区三带四集群", "matter": "key_project",
            "way": "meeting", "requested_on": "2026-11-02", "due_on": "2026-11-20",
            "domains": ["tourism", "urban_planning"], "expert_ids": [MEMBER], "citizen_ids": [MEMBER_2],
            "closed_on": "2026-11-28", "adopted_ids": [RESPONSE], "result": "规划稿采纳专家意见 1 条",
            "internal": false
        }),
        Kind::ConsultationResponse => json!({
            "consultation_id": CONSULTATION, "member_id": MEMBER, "stance": "support",
            "text": "建议温泉游与坊巷游线路串联", "on": "2026-11-10"
        }),
        Kind::LegalReview => json!({
            "type": "rule_review", "title": "《杨桥河南新村公共用电分摊办法》", "community_id": COMMUNITY,
            "envoy_id": MEMBER, "on": "2026-11-15", "result": "符合《民法典》关于共有部分费用分摊的规定",
            "internal": true
        }),
        Kind::LegalArticle => json!({
            "title": "楼上卫生间漏水，谁来修？", "body": "依照《民法典》，因漏水造成他人损害的，由责任方承担维修和赔偿责任。",
            "author_id": MEMBER, "on": "2026-11-20", "tags": ["漏水", "相邻关系"], "featured": true,
            "internal": false
        }),
    }
}

/// Valid data with only the required fields.
fn minimal(kind: Kind) -> Value {
    let mut data = good(kind);
    let optional: &[&str] = match kind {
        Kind::Community => &["code"],
        Kind::Member => &[
            "community_id",
            "expertise",
            "profession",
            "phone",
            "joined_on",
            "notes",
            "roles",
            "sub_teams",
        ],
        Kind::Household => &["unit", "assigned_to", "notes"],
        Kind::Visit => &["member_id", "notes"],
        Kind::Demand => &["household_id", "reported_by", "resident"],
        Kind::DemandEvent => &["by", "text"],
        Kind::Topic => &["description", "due_on"],
        Kind::Opinion => &["member_id", "community_id", "text"],
        Kind::Activity => &["community_id", "minutes"],
        Kind::Outcome => &["summary", "community_id", "topic_id"],
        Kind::PointsRule => &["team"],
        Kind::Reward => &["name_en"],
        Kind::PointsEntry => &["rule_id", "ref"],
        Kind::PointsReview => &["by"],
        Kind::Honour => &["reason"],
        Kind::DutyFund => &["note"],
        Kind::Consultation => &["summary", "closed_on", "result", "internal"],
        Kind::ConsultationResponse => &[],
        Kind::LegalReview => &["internal"],
        Kind::LegalArticle => &["author_id", "featured", "internal"],
    };
    if kind == Kind::Consultation {
        // Adopted responses belong to a closed consultation.
        data["adopted_ids"] = json!([]);
    }
    for (i, field) in optional.iter().enumerate() {
        // Absent and null mean the same.
        if i % 2 == 0 {
            data.as_object_mut().map(|obj| obj.remove(*field));
        } else {
            data[*field] = Value::Null;
        }
    }
    data
}

fn assert_bilingual(kind: Kind, data: &Value) {
    for problem in validate(kind.as_str(), data) {
        let zh = &problem.text.zh;
        let en = &problem.text.en;
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "Chinese text: {zh}"
        );
        assert!(
            en.is_ascii() || en.contains('"') || en.contains('“'),
            "English text: {en}"
        );
        let field = problem.field.split('[').next().unwrap_or_default();
        assert!(
            zh.contains(field) && en.contains(field),
            "both name the field {field}: {zh} / {en}"
        );
    }
}

/// `(kind, field, bad value)`: each must give a problem naming `field`.
/// `Value::Null` as the bad value means "remove the field".
fn bad_cases() -> Vec<(Kind, &'static str, Value)> {
    let missing = Value::Null;
    vec![
        (Kind::Community, "name", missing.clone()),
        (Kind::Community, "name", json!("  ")),
        (Kind::Community, "street", json!(3)),
        (Kind::Community, "code", json!(350102001)),
        (Kind::Member, "name", json!("")),
        (Kind::Member, "team", json!("committee")),
        (Kind::Member, "team", json!("Citizen")),
        (Kind::Member, "community_id", json!("汤边社区")),
        (Kind::Member, "domains", json!("livable_homes")),
        (Kind::Member, "domains", json!(["宜居家园"])),
        (Kind::Member, "domains", missing.clone()),
        (Kind::Member, "profession", json!("doctor")),
        (Kind::Member, "joined_on", json!("2024-02-30")),
        (Kind::Member, "active", json!("yes")),
        (Kind::Member, "active", missing.clone()),
        (Kind::Household, "community_id", missing.clone()),
        (Kind::Household, "building", json!("")),
        (Kind::Household, "door", json!(502)),
        (Kind::Household, "assigned_to", json!("张丽")),
        (Kind::Household, "vulnerable", json!(1)),
        (Kind::Visit, "household_id", json!("3号楼502")),
        (Kind::Visit, "at", json!("2026-11-26 09:30")),
        (Kind::Visit, "at", json!("2026-11-26T09:30:00")),
        (Kind::Visit, "outcome", json!("absent")),
        (Kind::Visit, "demand_ids", json!([DEMAND, "not-a-uuid"])),
        (Kind::Visit, "demand_ids", missing.clone()),
        (Kind::Demand, "community_id", json!(null)),
        (Kind::Demand, "reported_on", json!("2026-11-31")),
        (Kind::Demand, "reported_on", json!("26-11-2026")),
        (Kind::Demand, "reported_on", json!("2026-1-5")),
        (Kind::Demand, "source", json!("wechat")),
        (Kind::Demand, "category", json!("Livable Homes")),
        (Kind::Demand, "urgency", json!("high")),
        (Kind::Demand, "title", json!("")),
        (Kind::Demand, "description", json!(["漏水"])),
        (Kind::Demand, "resident", json!("王阿姨")),
        (
            Kind::Demand,
            "resident.consent",
            json!({ "name": "王阿姨" }),
        ),
        (
            Kind::Demand,
            "resident.phone",
            json!({ "phone": 13900000000u64, "consent": true }),
        ),
        (Kind::DemandEvent, "demand_id", json!(42)),
        (Kind::DemandEvent, "at", json!("yesterday")),
        (Kind::DemandEvent, "type", json!("comment")),
        (Kind::DemandEvent, "status", json!("done")),
        (Kind::DemandEvent, "status", missing.clone()),
        (Kind::DemandEvent, "by", json!("张丽")),
        (Kind::Topic, "title", missing.clone()),
        (Kind::Topic, "origin", json!("residents")),
        (Kind::Topic, "demand_ids", json!(DEMAND)),
        (Kind::Topic, "expert_ids", json!([1, 2])),
        (Kind::Topic, "due_on", json!("2027-02-29")),
        (Kind::Topic, "status", json!("open")),
        (Kind::Opinion, "topic_id", missing.clone()),
        (Kind::Opinion, "stance", json!("agree")),
        (Kind::Opinion, "on", json!("2026/12/01")),
        (Kind::Activity, "type", json!("meeting")),
        (Kind::Activity, "on", missing.clone()),
        (Kind::Activity, "attendees", json!(-3)),
        (Kind::Activity, "attendees", json!(2.5)),
        (Kind::Activity, "attendees", json!("23")),
        (Kind::Activity, "materials", missing.clone()),
        (Kind::Activity, "member_ids", json!(["张丽"])),
        (Kind::Outcome, "type", json!("report")),
        (Kind::Outcome, "funds_fen", json!(-100)),
        (Kind::Outcome, "funds_fen", json!(2475.0)),
        (Kind::Outcome, "beneficiaries", missing.clone()),
        (Kind::Outcome, "activity_ids", json!([ACTIVITY, null])),
        (Kind::Outcome, "topic_id", json!("课题一")),
        (Kind::PointsRule, "code", json!("")),
        (Kind::PointsRule, "points", json!(1.5)),
        (Kind::PointsRule, "points", json!("2")),
        (Kind::PointsRule, "team", json!("resident")),
        (Kind::Reward, "name", json!("")),
        (Kind::Reward, "cost", json!(-10)),
        (Kind::Reward, "active", json!("yes")),
        (Kind::PointsEntry, "member_id", missing.clone()),
        (Kind::PointsEntry, "points", missing.clone()),
        (Kind::PointsEntry, "reason", json!("")),
        (Kind::PointsEntry, "on", json!("2026-12-32")),
        (Kind::PointsEntry, "ref", json!(DEMAND)),
        (
            Kind::PointsEntry,
            "ref.id",
            json!({ "kind": "demand", "id": "D-1" }),
        ),
        (Kind::PointsEntry, "ref.kind", json!({ "id": DEMAND })),
        (Kind::PointsEntry, "needs_review", json!("yes")),
        (Kind::PointsReview, "entry_id", json!("E-1")),
        (Kind::PointsReview, "verdict", json!("maybe")),
        (Kind::PointsReview, "reason", json!(" ")),
        (Kind::PointsReview, "on", json!("2026-02-30")),
        (Kind::PointsReview, "by", json!(7)),
        (Kind::Honour, "member_id", json!("M-1")),
        (Kind::Honour, "title", json!("")),
        (Kind::Honour, "year", json!(26)),
        (Kind::Honour, "reason", json!(1)),
        (Kind::DutyFund, "team", json!("envoys")),
        (Kind::DutyFund, "year", json!("2026")),
        (Kind::DutyFund, "allocated_fen", json!(12.5)),
        (Kind::DutyFund, "spent_fen", json!(-1)),
        (Kind::Member, "roles", json!(["和事佬"])),
        (Kind::Member, "sub_teams", json!("policy_publicity")),
        (Kind::Consultation, "requested_by", json!("")),
        (Kind::Consultation, "subject", missing.clone()),
        (Kind::Consultation, "matter", json!("project")),
        (Kind::Consultation, "way", json!("email")),
        (Kind::Consultation, "requested_on", json!("2026-11-31")),
        (Kind::Consultation, "due_on", missing.clone()),
        (Kind::Consultation, "due_on", json!("2026-11-01")), // before the request
        (Kind::Consultation, "closed_on", json!("2026-10-01")), // before the request
        (Kind::Consultation, "expert_ids", json!(["张教授"])),
        (Kind::Consultation, "citizen_ids", missing.clone()),
        (Kind::Consultation, "domains", json!(["旅游"])),
        (Kind::Consultation, "adopted_ids", json!("all")),
        (Kind::Consultation, "internal", json!("no")),
        (
            Kind::ConsultationResponse,
            "consultation_id",
            missing.clone(),
        ),
        (Kind::ConsultationResponse, "member_id", json!(null)),
        (Kind::ConsultationResponse, "stance", json!("agree")),
        (Kind::ConsultationResponse, "text", json!("  ")),
        (Kind::ConsultationResponse, "on", json!("2026-11")),
        (Kind::LegalReview, "type", json!("audit")),
        (Kind::LegalReview, "title", json!("")),
        (Kind::LegalReview, "community_id", missing.clone()),
        (Kind::LegalReview, "envoy_id", json!("李律师")),
        (Kind::LegalReview, "result", missing.clone()),
        (Kind::LegalReview, "on", json!("2026-13-01")),
        (Kind::LegalArticle, "title", missing.clone()),
        (Kind::LegalArticle, "body", json!("")),
        (Kind::LegalArticle, "tags", json!("漏水")),
        (Kind::LegalArticle, "tags", json!(["漏水", ""])),
        (Kind::LegalArticle, "featured", json!(1)),
        (Kind::LegalArticle, "tags", missing.clone()),
        (Kind::LegalArticle, "author_id", json!("李律师")),
    ]
}

#[test]
fn good_data_of_every_kind_passes() {
    for &kind in Kind::ALL {
        assert_eq!(
            validate(kind.as_str(), &good(kind)),
            vec![],
            "{kind:?} full"
        );
        assert_eq!(
            validate(kind.as_str(), &minimal(kind)),
            vec![],
            "{kind:?} minimal"
        );
    }
}

#[test]
fn every_bad_value_is_named_in_both_languages() {
    let cases = bad_cases();
    for &kind in Kind::ALL {
        assert!(
            cases.iter().any(|(k, _, _)| *k == kind),
            "{kind:?} has bad cases"
        );
    }
    for (kind, field, bad) in cases {
        let mut data = good(kind);
        let (top, _) = field.split_once('.').unwrap_or((field, ""));
        match (&bad, field.contains('.')) {
            (Value::Null, _) => {
                data.as_object_mut().map(|obj| obj.remove(field));
            }
            (_, true) => data[top] = bad.clone(),
            (_, false) => data[field] = bad.clone(),
        }
        let problems = validate(kind.as_str(), &data);
        assert!(
            problems
                .iter()
                .any(|p| p.field == field || p.field.starts_with(&format!("{field}["))),
            "{kind:?}.{field} = {bad}: expected a problem, got {problems:?}"
        );
        assert_bilingual(kind, &data);
    }
}

#[test]
fn data_that_is_not_an_object_is_refused() {
    for &kind in Kind::ALL {
        for data in [Value::Null, json!([]), json!("汤边社区")] {
            let problems = validate(kind.as_str(), &data);
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].field, "data");
            assert_bilingual(kind, &data);
        }
    }
}

#[test]
fn unknown_kinds_are_not_validated() {
    assert_eq!(
        validate("petition", &json!({ "anything": [1, 2, 3] })),
        vec![]
    );
    assert_eq!(validate("petition", &json!("text")), vec![]);
    assert_eq!(
        references("petition", &json!({ "demand_id": DEMAND })),
        Vec::<String>::new()
    );
}

fn event(extra: Value) -> Value {
    let mut data =
        json!({ "demand_id": DEMAND, "at": "2026-11-27T15:00:00+08:00", "type": "note" });
    for (key, value) in extra.as_object().into_iter().flatten() {
        data[key] = value.clone();
    }
    data
}

fn event_fields(extra: Value) -> Vec<String> {
    validate("demand_event", &event(extra))
        .into_iter()
        .map(|p| p.field)
        .collect()
}

#[test]
fn demand_event_fields_depend_on_the_event_type() {
    assert_eq!(
        event_fields(json!({ "text": "已电话联系居民" })),
        Vec::<String>::new()
    );
    // status only on status events
    assert_eq!(event_fields(json!({ "status": "resolved" })), ["status"]);
    assert_eq!(event_fields(json!({ "type": "status" })), ["status"]);
    assert_eq!(
        event_fields(json!({ "type": "status", "status": "closed" })),
        Vec::<String>::new()
    );
    // referral needs a target, and only referrals have one
    assert_eq!(
        event_fields(json!({ "type": "referral", "to_team": "legal_envoy" })),
        Vec::<String>::new()
    );
    assert_eq!(
        event_fields(json!({ "type": "referral", "to_member": MEMBER })),
        Vec::<String>::new()
    );
    assert_eq!(
        event_fields(json!({ "type": "referral", "to_topic": TOPIC })),
        Vec::<String>::new()
    );
    assert_eq!(event_fields(json!({ "type": "referral" })), ["to_team"]);
    assert_eq!(
        event_fields(json!({ "type": "referral", "to_team": "lawyers" })),
        ["to_team"]
    );
    assert_eq!(
        event_fields(json!({ "type": "referral", "to_member": "张律师" })),
        ["to_member"]
    );
    assert_eq!(event_fields(json!({ "to_member": MEMBER })), ["to_member"]);
    // satisfaction 1..=5, only on follow-ups
    for n in 1..=5 {
        assert_eq!(
            event_fields(json!({ "type": "follow_up", "satisfaction": n })),
            Vec::<String>::new()
        );
    }
    assert_eq!(
        event_fields(json!({ "type": "follow_up" })),
        Vec::<String>::new()
    );
    for bad in [json!(0), json!(6), json!(-1), json!(4.5), json!("5")] {
        assert_eq!(
            event_fields(json!({ "type": "follow_up", "satisfaction": bad })),
            ["satisfaction"]
        );
    }
    assert_eq!(
        event_fields(json!({ "type": "status", "status": "open", "satisfaction": 5 })),
        ["satisfaction"]
    );
    assert_bilingual(Kind::DemandEvent, &event(json!({ "type": "referral" })));
    assert_bilingual(Kind::DemandEvent, &event(json!({ "satisfaction": 5 })));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let data = json!({ "name": "", "team": "x", "domains": "y", "active": "z" });
    let fields: Vec<String> = validate("member", &data)
        .into_iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(fields, ["name", "team", "domains", "active"]);
}

fn with_unknown_fields(kind: Kind) -> Value {
    let mut data = good(kind);
    data["x_added_in_v2"] = json!({ "楼长": "李伯", "flags": [1, 2, 3] });
    data["survey_score"] = json!(87);
    if kind == Kind::Demand {
        data["resident"]["wechat"] = json!("wang_ayi");
    }
    if kind == Kind::PointsEntry {
        data["ref"]["note"] = json!("回访超期");
    }
    data
}

fn round_trip<T: DeserializeOwned + Serialize>(data: &Value) -> Value {
    let typed: T = serde_json::from_value(data.clone()).expect("valid data reads into its type");
    serde_json::to_value(&typed).expect("writes back")
}

#[test]
fn unknown_fields_survive_the_typed_structs() {
    for &kind in Kind::ALL {
        let data = with_unknown_fields(kind);
        assert_eq!(
            validate(kind.as_str(), &data),
            vec![],
            "{kind:?}: unknown fields are allowed"
        );
        let back = match kind {
            Kind::Community => round_trip::<Community>(&data),
            Kind::Member => round_trip::<Member>(&data),
            Kind::Household => round_trip::<Household>(&data),
            Kind::Visit => round_trip::<Visit>(&data),
            Kind::Demand => round_trip::<Demand>(&data),
            Kind::DemandEvent => round_trip::<DemandEvent>(&data),
            Kind::Topic => round_trip::<Topic>(&data),
            Kind::Opinion => round_trip::<Opinion>(&data),
            Kind::Activity => round_trip::<Activity>(&data),
            Kind::Outcome => round_trip::<Outcome>(&data),
            Kind::PointsRule => round_trip::<PointsRule>(&data),
            Kind::PointsEntry => round_trip::<PointsEntry>(&data),
            Kind::Reward => round_trip::<Reward>(&data),
            Kind::PointsReview => round_trip::<doorstep::domain::review::PointsReview>(&data),
            Kind::Honour => round_trip::<doorstep::domain::honours::Honour>(&data),
            Kind::DutyFund => round_trip::<doorstep::domain::honours::DutyFund>(&data),
            Kind::Consultation => round_trip::<Consultation>(&data),
            Kind::ConsultationResponse => round_trip::<ConsultationResponse>(&data),
            Kind::LegalReview => round_trip::<LegalReview>(&data),
            Kind::LegalArticle => round_trip::<LegalArticle>(&data),
        };
        assert_eq!(back, data, "{kind:?}");
    }
}

#[test]
fn minimal_data_reads_into_the_typed_structs() {
    let member: Member = serde_json::from_value(minimal(Kind::Member)).expect("reads");
    assert_eq!(
        (member.team, member.profession, member.active),
        (Team::Citizen, None, true)
    );
    let demand: Demand = serde_json::from_value(minimal(Kind::Demand)).expect("reads");
    assert_eq!(
        (demand.source, demand.urgency, demand.resident),
        (DemandSource::DoorVisit, Urgency::Urgent, None)
    );
    let event: DemandEvent = serde_json::from_value(minimal(Kind::DemandEvent)).expect("reads");
    assert_eq!(
        (event.event_type, event.status),
        (EventType::Status, Some(DemandStatus::InProgress))
    );
    let entry: PointsEntry = serde_json::from_value(good(Kind::PointsEntry)).expect("reads");
    assert_eq!(entry.points, -5);
    assert_eq!(entry.reference.map(|r| r.id), Some(DEMAND.to_owned()));
}

#[test]
fn unknown_fields_survive_a_revision_round_trip() {
    let text = json!({
        "id": DEMAND, "kind": "demand", "hlc": "1764149400000-00003-6f1c2a7e",
        "vv": { "6f1c2a7e": 3, "a90e4b3c": 1 }, "deleted": false,
        "data": with_unknown_fields(Kind::Demand),
        "signed_by": { "coordinator": "温泉街道" }
    });
    let rev: Revision = serde_json::from_value(text.clone()).expect("reads");
    assert_eq!(rev.extra.get("signed_by"), text.get("signed_by"));
    assert_eq!(serde_json::to_value(&rev).expect("writes"), text);
    assert_eq!(rev.to_value(), text);
    assert!(rev.problems().is_empty());
    // An unknown kind and its data pass through untouched.
    let unknown = json!({
        "id": TOPIC, "kind": "petition", "hlc": "1764149400000-00000-a90e4b3c",
        "vv": { "a90e4b3c": 1 }, "deleted": false, "data": { "联名": 57, "nested": { "a": [true] } }
    });
    let rev: Revision = serde_json::from_value(unknown.clone()).expect("reads");
    assert_eq!(rev.known_kind(), None);
    assert_eq!(rev.to_value(), unknown);
    assert!(rev.problems().is_empty());
}

#[test]
fn names_parse_back_and_every_value_has_two_labels() {
    fn check<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
        label: fn(T, Lang) -> &'static str,
    ) {
        for &value in all {
            assert_eq!(parse(as_str(value)), Some(value));
            assert_eq!(
                parse(&as_str(value).to_uppercase()),
                None,
                "exact match only"
            );
            assert!(!label(value, Lang::Zh).is_empty() && !label(value, Lang::En).is_empty());
            assert_ne!(label(value, Lang::Zh), label(value, Lang::En));
        }
    }
    check(Kind::ALL, Kind::as_str, Kind::parse, Kind::label);
    check(Team::ALL, Team::as_str, Team::parse, Team::label);
    check(
        Profession::ALL,
        Profession::as_str,
        Profession::parse,
        Profession::label,
    );
    check(
        VisitOutcome::ALL,
        VisitOutcome::as_str,
        VisitOutcome::parse,
        VisitOutcome::label,
    );
    check(
        DemandSource::ALL,
        DemandSource::as_str,
        DemandSource::parse,
        DemandSource::label,
    );
    check(
        Urgency::ALL,
        Urgency::as_str,
        Urgency::parse,
        Urgency::label,
    );
    check(
        EventType::ALL,
        EventType::as_str,
        EventType::parse,
        EventType::label,
    );
    check(
        DemandStatus::ALL,
        DemandStatus::as_str,
        DemandStatus::parse,
        DemandStatus::label,
    );
    check(
        TopicOrigin::ALL,
        TopicOrigin::as_str,
        TopicOrigin::parse,
        TopicOrigin::label,
    );
    check(
        TopicStatus::ALL,
        TopicStatus::as_str,
        TopicStatus::parse,
        TopicStatus::label,
    );
    check(Stance::ALL, Stance::as_str, Stance::parse, Stance::label);
    check(
        ActivityType::ALL,
        ActivityType::as_str,
        ActivityType::parse,
        ActivityType::label,
    );
    check(
        OutcomeType::ALL,
        OutcomeType::as_str,
        OutcomeType::parse,
        OutcomeType::label,
    );
    check(
        ConsultationMatter::ALL,
        ConsultationMatter::as_str,
        ConsultationMatter::parse,
        ConsultationMatter::label,
    );
    check(
        ConsultationWay::ALL,
        ConsultationWay::as_str,
        ConsultationWay::parse,
        ConsultationWay::label,
    );
    check(
        ConsultationStatus::ALL,
        ConsultationStatus::as_str,
        ConsultationStatus::parse,
        ConsultationStatus::label,
    );
    check(
        LegalReviewType::ALL,
        LegalReviewType::as_str,
        LegalReviewType::parse,
        LegalReviewType::label,
    );
    assert_eq!(Kind::ALL.len(), 20);
    assert_eq!(
        serde_json::to_value(Kind::DemandEvent).ok(),
        Some(json!("demand_event"))
    );
    assert_eq!(
        serde_json::to_value(DemandStatus::InProgress).ok(),
        Some(json!("in_progress"))
    );
    let append_only: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|k| k.is_append_only())
        .collect();
    assert_eq!(
        append_only,
        [
            Kind::Visit,
            Kind::DemandEvent,
            Kind::Opinion,
            Kind::PointsEntry,
            Kind::ConsultationResponse
        ]
    );
    assert_eq!(domain_label("livable_homes", Lang::Zh), "宜居家园");
    assert_eq!(
        domain_label("dispute_mediation", Lang::En),
        "Dispute mediation"
    );
    assert_eq!(domain_label("public_health", Lang::Zh), "public_health");
    assert_eq!(domain_label("urban_planning", Lang::Zh), "城市规划");
    for key in DOMAINS {
        assert_ne!(domain_label(key, Lang::Zh), key);
    }
}

#[test]
fn references_name_what_each_kind_points_at() {
    let refs = |kind: Kind| references(kind.as_str(), &good(kind));
    let sorted = |mut ids: Vec<&str>| {
        ids.sort();
        ids.dedup();
        ids.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(refs(Kind::Community), Vec::<String>::new());
    assert_eq!(refs(Kind::Member), Vec::<String>::new());
    assert_eq!(refs(Kind::PointsRule), Vec::<String>::new());
    assert_eq!(refs(Kind::Reward), Vec::<String>::new());
    assert_eq!(refs(Kind::Household), sorted(vec![MEMBER]));
    assert_eq!(refs(Kind::Visit), sorted(vec![HOUSEHOLD, MEMBER, DEMAND]));
    assert_eq!(refs(Kind::Demand), sorted(vec![HOUSEHOLD, MEMBER]));
    // Who wrote an event is indexed too: a member's page lists what they handled.
    let by = refs(Kind::DemandEvent);
    assert!(
        by.contains(&DEMAND.to_owned()),
        "an event points at its demand"
    );
    assert_eq!(by.len(), good(Kind::DemandEvent).get("by").map_or(1, |_| 2));
    let referral = event(json!({ "type": "referral", "to_member": MEMBER_2, "to_topic": TOPIC }));
    assert_eq!(
        references("demand_event", &referral),
        sorted(vec![DEMAND, MEMBER_2, TOPIC])
    );
    assert_eq!(refs(Kind::Topic), sorted(vec![DEMAND, MEMBER]));
    assert_eq!(refs(Kind::Opinion), sorted(vec![TOPIC, MEMBER]));
    assert_eq!(refs(Kind::Activity), sorted(vec![MEMBER, MEMBER_2, DEMAND]));
    assert_eq!(
        refs(Kind::Outcome),
        sorted(vec![DEMAND, TOPIC, ACTIVITY, MEMBER])
    );
    assert_eq!(refs(Kind::PointsEntry), sorted(vec![MEMBER, RULE, DEMAND]));
}

/// The store indexes only the references a page follows back (schema 6):
/// each kind's followed ids are among its references, and exactly the ones
/// the demand, member, door, topic, activity and consultation pages read.
#[test]
fn followed_references_are_the_ones_a_page_reads_back() {
    let followed = |kind: Kind| followed_references(kind.as_str(), &good(kind));
    let sorted = |mut ids: Vec<&str>| {
        ids.sort();
        ids.dedup();
        ids.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    for kind in Kind::ALL {
        let all = references(kind.as_str(), &good(*kind));
        for id in followed(*kind) {
            assert!(all.contains(&id), "{kind:?}: {id} is a reference");
        }
    }
    // A visit is read back from its door, not from its member or demands.
    assert_eq!(followed(Kind::Visit), sorted(vec![HOUSEHOLD]));
    // A demand from its door and its reporter's page.
    assert_eq!(followed(Kind::Demand), sorted(vec![HOUSEHOLD, MEMBER]));
    // An event from its demand, and from the pages of who wrote it and who it
    // was referred to; the topic or activity it was referred to is not.
    let referral = event(json!({ "type": "referral", "to_member": MEMBER_2, "to_topic": TOPIC }));
    assert_eq!(
        followed_references("demand_event", &referral),
        sorted(vec![DEMAND, MEMBER_2])
    );
    assert_eq!(followed(Kind::Topic), sorted(vec![MEMBER]));
    assert_eq!(followed(Kind::Opinion), sorted(vec![TOPIC]));
    assert_eq!(followed(Kind::Activity), sorted(vec![MEMBER, MEMBER_2]));
    assert_eq!(followed(Kind::Outcome), sorted(vec![ACTIVITY, MEMBER]));
    assert_eq!(followed(Kind::Honour), sorted(vec![MEMBER]));
    // Points entries are listed by kind, never followed back.
    assert!(followed(Kind::PointsEntry).is_empty());
    assert!(followed_references("library_article", &json!({"topic_id": TOPIC})).is_empty());
}

#[test]
fn community_of_reads_community_id() {
    assert_eq!(
        community_of("demand", &good(Kind::Demand)),
        Some(COMMUNITY.to_owned())
    );
    assert_eq!(
        community_of("household", &good(Kind::Household)),
        Some(COMMUNITY.to_owned())
    );
    assert_eq!(community_of("member", &minimal(Kind::Member)), None);
    assert_eq!(community_of("community", &good(Kind::Community)), None);
    assert_eq!(
        community_of("petition", &json!({ "community_id": COMMUNITY })),
        Some(COMMUNITY.to_owned())
    );
}

#[test]
fn validate_refs_finds_missing_and_wrong_kind_targets() {
    let resolve = |id: &str| match id {
        COMMUNITY => Some(Kind::Community),
        HOUSEHOLD => Some(Kind::Household),
        MEMBER => Some(Kind::Member),
        DEMAND => Some(Kind::Demand),
        TOPIC => Some(Kind::Household),
        _ => None,
    };
    assert_eq!(
        validate_refs("demand", &good(Kind::Demand), &resolve),
        vec![]
    );
    let problems = validate_refs("opinion", &good(Kind::Opinion), &resolve);
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["topic_id"], "the topic id names a household");
    assert!(problems[0].text.en.contains("research topic") && problems[0].text.zh.contains("课题"));
    let problems = validate_refs("activity", &good(Kind::Activity), &resolve);
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        ["member_ids[1]"],
        "the second member is not on this device"
    );
    assert!(problems[0].text.zh.contains(MEMBER_2) && problems[0].text.en.contains(MEMBER_2));
    assert_eq!(
        validate_refs("petition", &json!({ "topic_id": TOPIC }), &resolve),
        vec![]
    );
    assert!(kinds::is_uuid(MEMBER) && !kinds::is_uuid("7c1d2e3f4a5b4c6d8e7f9a0b1c2d3e4f"));
}

#[test]
fn honours_point_at_their_member_and_duty_funds_at_nothing() {
    assert_eq!(
        references(Kind::Honour.as_str(), &good(Kind::Honour)),
        vec![MEMBER.to_owned()]
    );
    assert_eq!(
        references(Kind::DutyFund.as_str(), &good(Kind::DutyFund)),
        Vec::<String>::new()
    );
}
