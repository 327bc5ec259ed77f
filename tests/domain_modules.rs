#![cfg(not(target_arch = "wasm32"))]
//! The seed's three modules in the domain: a decision consultation's responses
//! merged from several devices and its status; the legal-knowledge library's
//! Chinese search; the community notice, which never shows a resident's personal
//! data nor anything internal; and the new kinds passed on byte-exact.

use std::collections::BTreeMap;

use doorstep::domain::bundle::{parse_bundle, write_bundle, DeviceInfo, Scope};
use doorstep::domain::clock::HlcClock;
use doorstep::domain::consultation::{
    adopted_count, answered_count, consultation_overdue, consultation_status, current_responses,
    topic_overdue, ResponseRow,
};
use doorstep::domain::kinds::{
    Consultation, ConsultationResponse, ConsultationStatus, Demand, DemandEvent, Kind,
    LegalArticle, Outcome, Topic, TopicStatus,
};
use doorstep::domain::library::search;
use doorstep::domain::merge::merge_revisions;
use doorstep::domain::notice::{build_notice, NoticeSource, REDACTED};
use doorstep::domain::revision::{self, Revision};
use serde_json::{json, Value};

const DEV_A: &str = "6f1c2a7e-3b9d-4c1e-8a2f-0d5b7e9c1a01";
const DEV_B: &str = "a90e4b3c-1d2e-4f3a-8b4c-5d6e7f8a9b0c";
const DEV_C: &str = "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e";
const EXPERT_1: &str = "11111111-1111-4111-8111-111111111111";
const EXPERT_2: &str = "22222222-2222-4222-8222-222222222222";
const CITIZEN: &str = "33333333-3333-4333-8333-333333333333";
const COMMUNITY: &str = "44444444-4444-4444-8444-444444444444";
const OTHER_COMMUNITY: &str = "55555555-5555-4555-8555-555555555555";
const T0: u64 = 1_795_685_400_000;

fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("valid test data")
}

fn consultation_data(experts: &[&str], citizens: &[&str]) -> Value {
    json!({
        "requested_by": "区政府办公室", "subject": "全域生态旅游示范区规划（征求意见稿）",
        "summary": "一核两区三带四集群", "matter": "key_project", "way": "written",
        "requested_on": "2026-11-02", "due_on": "2026-11-20", "domains": ["tourism"],
        "expert_ids": experts, "citizen_ids": citizens, "adopted_ids": []
    })
}

fn response(member: &str, on: &str, text: &str, consultation: &str) -> Value {
    json!({ "consultation_id": consultation, "member_id": member, "stance": "support",
        "text": text, "on": on })
}

fn rows(revs: &[Revision]) -> Vec<ResponseRow> {
    revs.iter()
        .filter(|r| r.kind == "consultation_response" && !r.deleted)
        .map(|r| {
            let data: ConsultationResponse = from(r.data.clone().expect("a response has data"));
            (r.id.clone(), data, r.hlc.clone())
        })
        .collect()
}

/// Every revision per id, as a store would hold them after importing all of `sets`.
fn merged(sets: &[&[Revision]]) -> BTreeMap<String, Vec<Revision>> {
    let mut by_id: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    for rev in sets.iter().flat_map(|s| s.iter()) {
        by_id.entry(rev.id.clone()).or_default().push(rev.clone());
    }
    by_id
        .into_iter()
        .map(|(id, revs)| (id, merge_revisions(revs)))
        .collect()
}

#[test]
fn two_experts_answering_on_two_devices_merge_without_conflict() {
    let mut a = HlcClock::new(DEV_A);
    let mut b = HlcClock::new(DEV_B);
    let mut c = HlcClock::new(DEV_C);
    // The coordinator (device A) records the request; B and C receive it in a bundle.
    let request = revision::create(
        Kind::Consultation,
        consultation_data(&[EXPERT_1, EXPERT_2], &[]),
        &mut a,
        T0,
    );
    let id = request.id.clone();
    let on_b = vec![revision::create(
        Kind::ConsultationResponse,
        response(EXPERT_1, "2026-11-10", "建议温泉游与坊巷游线路串联", &id),
        &mut b,
        T0 + 10,
    )];
    let on_c = vec![revision::create(
        Kind::ConsultationResponse,
        response(EXPERT_2, "2026-11-11", "核心区应控制机动车流量", &id),
        &mut c,
        T0 + 11,
    )];
    let consultation: Consultation = from(request.data.clone().expect("data"));
    // Before any response: open.
    assert_eq!(
        consultation_status(&id, &consultation, &[]),
        ConsultationStatus::Open
    );
    // One response in: still open, 1 of 2.
    assert_eq!(answered_count(&id, &consultation, &rows(&on_b)), (1, 2));
    assert_eq!(
        consultation_status(&id, &consultation, &rows(&on_b)),
        ConsultationStatus::Open
    );

    // Imported in either order, the same state: one head per record, no siblings.
    let request_set = [request.clone()];
    let one = merged(&[&request_set, &on_b, &on_c]);
    let other = merged(&[&on_c, &on_b, &request_set, &on_c]);
    assert_eq!(one, other);
    assert!(one.values().all(|heads| heads.len() == 1), "no conflicts");
    let all: Vec<Revision> = one.values().flatten().cloned().collect();
    let responses = rows(&all);
    assert_eq!(answered_count(&id, &consultation, &responses), (2, 2));
    assert_eq!(
        consultation_status(&id, &consultation, &responses),
        ConsultationStatus::Answered
    );

    // The coordinator closes it, adopting expert 1's response.
    let adopted = on_b[0].id.clone();
    let mut closed_data = consultation_data(&[EXPERT_1, EXPERT_2], &[]);
    closed_data["closed_on"] = json!("2026-11-28");
    closed_data["adopted_ids"] = json!([adopted]);
    closed_data["result"] = json!("采纳专家意见 1 条，写入规划");
    assert_eq!(
        doorstep::domain::kinds::validate("consultation", &closed_data),
        vec![]
    );
    let closed = revision::edit(std::slice::from_ref(&request), closed_data, &mut a, T0 + 20);
    let after = merged(&[&request_set, &on_b, &on_c, std::slice::from_ref(&closed)]);
    let heads = &after[&id];
    assert_eq!(heads.len(), 1, "the close dominates the request");
    let closed: Consultation = from(heads[0].data.clone().expect("data"));
    assert_eq!(
        consultation_status(&id, &closed, &responses),
        ConsultationStatus::Closed
    );
    assert_eq!(adopted_count(&closed), 1);
}

#[test]
fn a_member_who_answers_again_is_counted_once_with_the_latest_answer() {
    let consultation: Consultation = from(consultation_data(&[EXPERT_1], &[CITIZEN]));
    let id = "66666666-6666-4666-8666-666666666666";
    let other = "77777777-7777-4777-8777-777777777777";
    let responses: Vec<ResponseRow> = vec![
        (
            "r1".into(),
            from(response(EXPERT_1, "2026-11-05", "初稿意见", id)),
            "0002-b".into(),
        ),
        (
            "r2".into(),
            from(response(EXPERT_1, "2026-11-09", "修改后意见", id)),
            "0001-a".into(),
        ),
        // Same day: the greater hlc wins.
        (
            "r3".into(),
            from(response(CITIZEN, "2026-11-09", "甲", id)),
            "0005-a".into(),
        ),
        (
            "r4".into(),
            from(response(CITIZEN, "2026-11-09", "乙", id)),
            "0006-b".into(),
        ),
        // Another consultation's response is not this one's.
        (
            "r5".into(),
            from(response(EXPERT_2, "2026-11-09", "别处", other)),
            "0007-a".into(),
        ),
    ];
    let current = current_responses(id, &responses);
    assert_eq!(current.len(), 2);
    assert_eq!(current[EXPERT_1].0, "r2");
    assert_eq!(current[CITIZEN].0, "r4");
    assert_eq!(answered_count(id, &consultation, &responses), (2, 2));
    assert_eq!(
        consultation_status(id, &consultation, &responses),
        ConsultationStatus::Answered
    );
    // Nobody invited: answered as soon as anyone answers.
    let open_call: Consultation = from(consultation_data(&[], &[]));
    assert_eq!(
        consultation_status(other, &open_call, &responses),
        ConsultationStatus::Answered
    );
    assert_eq!(
        consultation_status(
            "88888888-8888-4888-8888-888888888888",
            &open_call,
            &responses
        ),
        ConsultationStatus::Open
    );
    // Adopted ids count once each.
    let mut closed_data = consultation_data(&[EXPERT_1], &[]);
    closed_data["closed_on"] = json!("2026-11-28");
    closed_data["adopted_ids"] = json!(["r2", "r4", "r2"]);
    assert_eq!(adopted_count(&from(closed_data)), 2);
}

#[test]
fn overdue_consultations_and_topics() {
    let open: Consultation = from(consultation_data(&[EXPERT_1], &[]));
    assert!(
        !consultation_overdue(&open, "2026-11-20"),
        "due today is not late"
    );
    assert!(consultation_overdue(&open, "2026-11-21"));
    let mut closed_data = consultation_data(&[EXPERT_1], &[]);
    closed_data["closed_on"] = json!("2026-11-25");
    assert!(!consultation_overdue(&from(closed_data), "2026-12-01"));

    assert!(topic_overdue(
        TopicStatus::Researching,
        Some("2026-11-01"),
        "2026-11-02"
    ));
    assert!(topic_overdue(
        TopicStatus::Proposed,
        Some("2026-11-01"),
        "2026-11-02"
    ));
    assert!(!topic_overdue(
        TopicStatus::Reported,
        Some("2026-11-01"),
        "2026-11-02"
    ));
    assert!(!topic_overdue(TopicStatus::Researching, None, "2026-11-02"));
    assert!(!topic_overdue(
        TopicStatus::Researching,
        Some("2026-11-01"),
        "2026-11-01"
    ));
    assert!(!topic_overdue(
        TopicStatus::Researching,
        Some("soon"),
        "2026-11-02"
    ));
}

fn article(
    title: &str,
    body: &str,
    tags: &[&str],
    on: &str,
    featured: bool,
) -> (String, LegalArticle) {
    (
        format!("id-{title}"),
        from(json!({ "title": title, "body": body, "tags": tags, "on": on, "featured": featured })),
    )
}

#[test]
fn the_library_finds_articles_by_chinese_substrings() {
    let articles = vec![
        article(
            "楼上卫生间漏水，谁来修？",
            "依照《民法典》第二百八十八条，相邻关系……",
            &["相邻关系"],
            "2026-11-01",
            false,
        ),
        article(
            "公摊电费怎么分？",
            "《民法典》规定共有部分的费用按专有部分面积比例分担。",
            &["物业费", "电费"],
            "2026-11-10",
            true,
        ),
        article(
            "Tenancy deposits",
            "A landlord must return the deposit.",
            &["租房"],
            "2026-11-05",
            false,
        ),
    ];
    let titles = |q: &str| -> Vec<String> {
        search(&articles, q)
            .iter()
            .map(|(_, a)| a.title.clone())
            .collect()
    };
    assert_eq!(titles("漏水"), ["楼上卫生间漏水，谁来修？"]);
    assert_eq!(
        titles("民法典"),
        ["公摊电费怎么分？", "楼上卫生间漏水，谁来修？"],
        "featured first"
    );
    assert_eq!(titles("电费"), ["公摊电费怎么分？"], "tags count too");
    assert_eq!(titles("租房"), ["Tenancy deposits"]);
    assert_eq!(titles("DEPOSIT"), ["Tenancy deposits"], "any case");
    assert_eq!(
        titles("民法典　漏水"),
        ["楼上卫生间漏水，谁来修？"],
        "every word, full-width space too"
    );
    assert!(titles("燃气").is_empty());
    assert_eq!(titles("  ").len(), 3, "blank finds all");
}

const NAME: &str = "王秀英";
const PHONE: &str = "13905912345";
const ADDRESS: &str = "公益南路3号楼2单元402";

fn notice_source() -> NoticeSource {
    let demand = |title: &str, on: &str, community: &str, extra: Value| -> (String, Demand) {
        let mut data = json!({
            "community_id": community, "reported_on": on, "source": "door_visit",
            "category": "livable_homes", "urgency": "normal", "title": title,
            "description": format!("{NAME}说家里漏水，电话{PHONE}，住{ADDRESS}"),
            "resident": { "name": NAME, "phone": PHONE, "address": ADDRESS, "consent": true }
        });
        data.as_object_mut()
            .expect("object")
            .extend(extra.as_object().expect("object").clone());
        (format!("d-{title}"), from(data))
    };
    let demands = vec![
        // A title that carries the resident's name and phone, typed at the door.
        demand(
            &format!("{NAME}家卫生间漏水 {PHONE}"),
            "2026-11-20",
            COMMUNITY,
            json!({}),
        ),
        demand("小区缺少休闲广场", "2026-11-02", COMMUNITY, json!({})),
        demand(
            "邻里纠纷（内部）",
            "2026-11-03",
            COMMUNITY,
            json!({ "internal": true }),
        ),
        demand("别的社区的需求", "2026-11-04", OTHER_COMMUNITY, json!({})),
        demand("很久以前的需求", "2026-01-04", COMMUNITY, json!({})),
    ];
    let leak_id = demands[0].0.clone();
    let square_id = demands[1].0.clone();
    let events: Vec<(DemandEvent, String)> = vec![(
        from(
            json!({ "demand_id": leak_id, "at": "2026-11-22T10:00:00+08:00", "type": "status",
            "status": "resolved", "text": format!("法务特派员调解，{NAME}与楼上业主同意共同出资维修，联系 0591-8765 4321") }),
        ),
        "h1".into(),
    )];
    let topics: Vec<(String, Topic)> = vec![
        (
            "t1".into(),
            from(
                json!({ "title": "睦邻广场选址", "origin": "demands", "demand_ids": [square_id],
            "expert_ids": [], "status": "reported" }),
            ),
        ),
        (
            "t2".into(),
            from(
                json!({ "title": "内部课题", "origin": "demands", "demand_ids": [square_id],
            "expert_ids": [], "status": "researching", "internal": true }),
            ),
        ),
    ];
    let outcomes: Vec<(String, Outcome)> = vec![
        (
            "o1".into(),
            from(
                json!({ "type": "micro_project", "title": "睦邻广场建成", "summary": "筹资24.75万元",
            "on": "2026-11-25", "community_id": COMMUNITY, "demand_ids": [], "topic_id": "t1",
            "activity_ids": [], "member_ids": [], "funds_fen": 24_750_000, "beneficiaries": 3200 }),
            ),
        ),
        (
            "o2".into(),
            from(
                json!({ "type": "resolved_case", "title": "内部成果", "on": "2026-11-25",
            "community_id": COMMUNITY, "demand_ids": [], "activity_ids": [], "member_ids": [],
            "funds_fen": 0, "beneficiaries": 0, "internal": true }),
            ),
        ),
    ];
    let mut answered = consultation_data(&[EXPERT_1], &[]);
    answered["closed_on"] = json!("2026-11-28");
    answered["adopted_ids"] = json!(["r1"]);
    let mut secret = consultation_data(&[EXPERT_1], &[]);
    secret["subject"] = json!("保密的征询");
    secret["internal"] = json!(true);
    secret["closed_on"] = json!("2026-11-28");
    let consultations: Vec<(String, Consultation)> = vec![
        ("c1".into(), from(answered)),
        ("c2".into(), from(secret)),
        (
            "c3".into(),
            from(
                json!({ "requested_by": "区民政局", "subject": "尚无答复的征询", "matter": "document",
            "way": "meeting", "requested_on": "2026-11-02", "due_on": "2026-11-20", "domains": [],
            "expert_ids": [EXPERT_1], "citizen_ids": [], "adopted_ids": [] }),
            ),
        ),
    ];
    let responses: Vec<ResponseRow> = vec![(
        "r1".into(),
        from(response(EXPERT_1, "2026-11-10", "建议串联线路", "c1")),
        "h".into(),
    )];
    let articles = vec![
        article(
            "楼上卫生间漏水，谁来修？",
            &format!("例如{NAME}家的情况"),
            &[],
            "2026-11-01",
            true,
        ),
        article("未选的文章", "正文", &[], "2026-11-02", false),
    ];
    NoticeSource {
        demands,
        events,
        topics,
        outcomes,
        consultations,
        responses,
        articles,
    }
}

#[test]
fn the_notice_shows_what_became_of_demands_and_never_personal_data() {
    let notice = build_notice(&notice_source(), COMMUNITY, "2026-09-01");
    let demand_titles: Vec<&str> = notice.demands.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        demand_titles,
        [
            format!("{REDACTED}家卫生间漏水 {REDACTED}").as_str(),
            "小区缺少休闲广场"
        ],
        "newest first; internal, other communities' and old demands left out"
    );
    assert_eq!(
        notice.demands[0].result.as_deref(),
        Some(
            format!("法务特派员调解，{REDACTED}与楼上业主同意共同出资维修，联系 {REDACTED}")
                .as_str()
        )
    );
    assert_eq!(notice.demands[1].result, None, "open: no result yet");
    assert_eq!(notice.topics.len(), 1, "the internal topic is left out");
    assert_eq!(notice.topics[0].findings, ["睦邻广场建成：筹资24.75万元"]);
    assert_eq!(notice.outcomes.len(), 1);
    assert_eq!(notice.consultations.len(), 1, "answered, not internal");
    assert_eq!(
        (
            notice.consultations[0].responses,
            notice.consultations[0].adopted
        ),
        (1, 1)
    );
    assert_eq!(notice.articles.len(), 1, "featured only");
    let everything = format!("{notice:?}");
    for secret in [
        NAME,
        PHONE,
        ADDRESS,
        "8765 4321",
        "邻里纠纷（内部）",
        "内部课题",
        "内部成果",
        "保密的征询",
        "漏水，电话",
    ] {
        assert!(
            !everything.contains(secret),
            "the notice shows {secret}: {everything}"
        );
    }
}

/// Records of the new kinds, with fields a later version might add, as an older
/// app sees them: kinds it passes on as data. Parsing a bundle and writing it
/// again changes no byte, and the extension fields on older kinds stay too.
#[test]
fn new_kinds_and_fields_pass_through_a_bundle_byte_exact() {
    let mut clock = HlcClock::new(DEV_A);
    let mut consultation = consultation_data(&[EXPERT_1], &[]);
    consultation["x_later"] = json!({ "会议": [1, 2] });
    let records = vec![
        revision::create(Kind::Consultation, consultation, &mut clock, T0),
        revision::create(
            Kind::ConsultationResponse,
            response(
                EXPERT_1,
                "2026-11-10",
                "意见",
                "99999999-9999-4999-8999-999999999999",
            ),
            &mut clock,
            T0 + 1,
        ),
        revision::create(
            Kind::LegalReview,
            json!({ "type": "drafting", "title": "《居民公约》", "community_id": COMMUNITY,
                "envoy_id": EXPERT_2, "on": "2026-11-12", "result": "已起草", "internal": true }),
            &mut clock,
            T0 + 2,
        ),
        revision::create(
            Kind::LegalArticle,
            json!({ "title": "漏水谁来修", "body": "……", "on": "2026-11-12", "tags": ["漏水"], "featured": true }),
            &mut clock,
            T0 + 3,
        ),
        revision::create(
            Kind::Topic,
            json!({ "title": "专题咨询", "origin": "government", "demand_ids": [], "expert_ids": [],
                "status": "proposed", "consultation_id": "99999999-9999-4999-8999-999999999999", "internal": false }),
            &mut clock,
            T0 + 4,
        ),
        revision::create(
            Kind::DemandEvent,
            json!({ "demand_id": "99999999-9999-4999-8999-999999999998", "at": "2026-11-12T10:00:00+08:00",
                "type": "referral", "to_team": "citizen", "to_body": "party_committee", "text": "反映给社区党委" }),
            &mut clock,
            T0 + 5,
        ),
    ];
    let device = DeviceInfo {
        id: DEV_A.into(),
        label: "张丽 · 汤边社区".into(),
    };
    let text = write_bundle(
        "0.1.0",
        "2026-11-29T00:00:00.000Z",
        &device,
        &Scope::Full,
        &records,
    );
    let bundle = parse_bundle(text.as_bytes()).expect("this version accepts its own bundle");
    let again = write_bundle(
        "0.1.0",
        "2026-11-29T00:00:00.000Z",
        &device,
        &Scope::Full,
        &bundle.records,
    );
    assert_eq!(again, text, "byte-exact");
    // What an older app does with a kind it does not know: keep the revision as data.
    for rev in &records {
        let value = rev.to_value();
        let mut unknown = value.clone();
        unknown["kind"] = json!(format!("future_{}", rev.kind));
        let kept: Revision = serde_json::from_value(unknown.clone()).expect("reads");
        assert!(
            kept.problems().is_empty(),
            "an unknown kind is never refused"
        );
        assert_eq!(kept.to_value(), unknown);
    }
}

/// The demo tells the seed's story in each new kind: a consultation of each
/// status (one overdue, with its 专题咨询 topic), legal reviews counted as
/// 依法决策, a searchable library, and the square raised with the Party committee.
#[test]
fn the_demo_has_each_module_from_the_seed() {
    use doorstep::domain::demo::demo_district;
    use doorstep::domain::kinds::{LegalReview, PARTY_COMMITTEE};
    use doorstep::domain::stats::{dashboard, Dataset, Period, Scope};

    let today = "2026-11-26";
    let revs = demo_district(today);
    let of = |kind: &str| -> Vec<&Revision> { revs.iter().filter(|r| r.kind == kind).collect() };
    let consultations: Vec<(String, Consultation)> = of("consultation")
        .iter()
        .map(|r| (r.id.clone(), from(r.data.clone().expect("data"))))
        .collect();
    let responses = rows(&revs);
    let statuses: Vec<ConsultationStatus> = consultations
        .iter()
        .map(|(id, c)| consultation_status(id, c, &responses))
        .collect();
    for status in [ConsultationStatus::Open, ConsultationStatus::Closed] {
        assert!(statuses.contains(&status), "no consultation is {status:?}");
    }
    let tourism = consultations
        .iter()
        .find(|(_, c)| c.subject.contains("全域生态旅游"))
        .expect("实例1 is a consultation");
    assert_eq!(adopted_count(&tourism.1), 2);
    for adopted in &tourism.1.adopted_ids {
        assert!(
            responses.iter().any(|(id, _, _)| id == adopted),
            "adopted ids name responses"
        );
    }
    assert!(
        consultations
            .iter()
            .any(|(_, c)| consultation_overdue(c, today)),
        "one is overdue"
    );
    let topics: Vec<Topic> = of("topic")
        .iter()
        .map(|r| from(r.data.clone().expect("data")))
        .collect();
    assert!(topics
        .iter()
        .any(|t| t.extra.contains_key("consultation_id")
            && topic_overdue(t.status, t.due_on.as_deref(), today)));

    let reviews: Vec<LegalReview> = of("legal_review")
        .iter()
        .map(|r| from(r.data.clone().expect("data")))
        .collect();
    assert!(reviews.len() >= 5);
    let data = Dataset {
        legal_reviews: reviews.clone(),
        ..Dataset::default()
    };
    let year = Period {
        from: "2026-01-01".into(),
        to: today.into(),
    };
    assert_eq!(
        dashboard(&data, &Scope::All, &year, today, 7).legal_decisions,
        reviews.len() as u64
    );

    let articles: Vec<(String, LegalArticle)> = of("legal_article")
        .iter()
        .map(|r| (r.id.clone(), from(r.data.clone().expect("data"))))
        .collect();
    assert_eq!(search(&articles, "漏水").len(), 1);
    assert!(articles.iter().any(|(_, a)| a.featured));

    assert!(of("demand_event").iter().any(|r| {
        r.data
            .as_ref()
            .and_then(|d| d.get("to_body"))
            .and_then(Value::as_str)
            == Some(PARTY_COMMITTEE)
    }));
}
