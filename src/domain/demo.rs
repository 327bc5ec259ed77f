//! The pilot-demo district: a realistic Gulou-style district in Chinese, made
//! on the device in one step and removed in one step.
//!
//! Every demo record carries `"demo": true` in its data (an extra field,
//! kept by every app version), so removing the demo never touches real
//! records. Ids are derived from a fixed namespace and the record's place in
//! the demo (UUID v5), so two devices that both load the demo and then
//! exchange files get one demo district, not two.

use serde_json::{json, Value};
use time::{Date, Duration};

use crate::domain::community::community_revision;
use crate::domain::kinds::Kind;
use crate::domain::revision::Revision;
use crate::domain::vv::VersionVector;

/// The pseudo-device that writes demo records.
pub const DEMO_DEVICE: &str = "00000000-0000-4000-8000-0000000de770";
/// The data field that marks a demo record.
pub const DEMO_FLAG: &str = "demo";

const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x7b1f_43a2_9c0d_4e55_8a61_0f2d_c3e4_9b17);

/// Whether a record's data marks it as demo data.
pub fn is_demo(data: Option<&Value>) -> bool {
    data.and_then(|d| d.get(DEMO_FLAG))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// A small deterministic generator (SplitMix64): the demo is the same every time.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Builds revisions with deterministic ids, clocks and version vectors.
struct Builder {
    revisions: Vec<Revision>,
    base_ms: u64,
    counter: u32,
}

impl Builder {
    fn id(key: &str) -> String {
        uuid::Uuid::new_v5(&NAMESPACE, key.as_bytes()).to_string()
    }

    fn add(&mut self, kind: Kind, key: &str, data: Value) -> String {
        self.add_with_id(kind, Self::id(key), data)
    }

    fn add_with_id(&mut self, kind: Kind, id: String, mut data: Value) -> String {
        if let Some(obj) = data.as_object_mut() {
            obj.insert(DEMO_FLAG.into(), Value::Bool(true));
            obj.retain(|_, v| !v.is_null());
        }
        self.counter += 1;
        self.revisions.push(Revision {
            id: id.clone(),
            kind: kind.as_str().into(),
            hlc: format!(
                "{:013}-{:05}-{DEMO_DEVICE}",
                self.base_ms,
                self.counter % 100_000
            ),
            vv: VersionVector::single(DEMO_DEVICE, 1),
            deleted: false,
            data: Some(data),
            extra: Default::default(),
        });
        id
    }
}

const STREETS: &[(&str, &[&str])] = &[
    ("温泉街道", &["汤边社区", "温泉社区", "五四北社区"]),
    ("南街街道", &["灵响社区", "杨桥河南新村", "光禄坊社区"]),
    ("东街街道", &["军门社区", "庆城社区"]),
];

const SURNAMES: &[&str] = &[
    "陈", "林", "黄", "张", "李", "王", "吴", "刘", "郑", "蔡", "许", "杨",
];
const GIVEN: &[&str] = &[
    "丽", "建国", "秀英", "志强", "美华", "伟", "芳", "国平", "淑贞", "明", "小燕", "德福", "文",
];

const DEMANDS: &[(&str, &[(&str, &str)])] = &[
    (
        "livable_homes",
        &[
            (
                "楼道灯不亮",
                "楼道照明损坏，老人夜间上下楼不便，请求尽快维修。",
            ),
            (
                "小区缺少休闲广场",
                "居民没有休息、锻炼的地方，希望利用空地建设小广场。",
            ),
            (
                "老旧楼栋公共用电分摊纠纷",
                "公共照明电费长期由几户垫付，希望实行一楼一表一灯。",
            ),
            ("雨天巷口积水", "每逢下雨巷口积水没过脚踝，影响出行。"),
            (
                "电动车充电难",
                "楼下私拉电线充电，存在火灾隐患，希望增设充电桩。",
            ),
            ("外墙瓷砖脱落", "临街外墙瓷砖松动，有坠落风险。"),
        ],
    ),
    (
        "wellbeing",
        &[
            (
                "独居老人助餐需求",
                "几位独居老人行动不便，希望社区提供助餐服务。",
            ),
            (
                "儿童放学后无人照看",
                "双职工家庭孩子放学后无人看护，希望开设四点半课堂。",
            ),
            ("健身器材损坏", "小区健身器材螺丝松动，存在安全隐患。"),
            (
                "希望开展健康义诊",
                "老年居民希望定期有医生来社区量血压、义诊。",
            ),
        ],
    ),
    (
        "volunteering",
        &[
            ("招募楼道清洁志愿者", "楼道堆物多，希望组织志愿者定期清理。"),
            (
                "助老志愿服务对接",
                "有居民愿意陪伴独居老人，希望社区统一对接。",
            ),
            ("垃圾分类督导人手不足", "早晚投放高峰需要志愿者督导。"),
        ],
    ),
    (
        "cultural_integration",
        &[
            (
                "新市民融入活动",
                "外来务工家庭希望参加社区文化活动、认识邻居。",
            ),
            (
                "社区书屋开放时间短",
                "书屋只在工作日白天开放，上班族无法使用。",
            ),
            ("邻里节活动建议", "建议举办邻里节，增进邻里感情。"),
        ],
    ),
    (
        "dispute_mediation",
        &[
            (
                "卫生间漏水邻里纠纷",
                "楼上卫生间漏水至楼下，双方对维修费用分担有争议。",
            ),
            ("噪音扰民", "楼上夜间噪音影响休息，多次沟通无果。"),
            (
                "公共楼道堆放杂物纠纷",
                "邻居在楼道堆放杂物，影响通行和消防安全。",
            ),
            ("宠物扰民", "小区内犬只未牵绳，吓到老人和儿童。"),
        ],
    ),
];

const EXPERTISE: &[&str] = &[
    "城市规划",
    "社会学",
    "法学",
    "公共管理",
    "建筑工程",
    "养老服务",
    "旅游规划",
    "财务审计",
];
const STATIONS: &[&str] = &[
    "温泉街道法务工作站",
    "南街街道法务工作站",
    "东街街道法务工作站",
];

fn date_minus(today: Date, days: i64) -> String {
    (today - Duration::days(days)).to_string()
}

fn at(date: &str, hour: u32, minute: u32) -> String {
    // Beijing time, written as RFC 3339 with its offset.
    format!("{date}T{hour:02}:{minute:02}:00+08:00")
}

/// The whole demo district as revisions, dated relative to `today` ("YYYY-MM-DD").
/// Returns an empty list when `today` is not a date.
pub fn demo_district(today: &str) -> Vec<Revision> {
    let Ok(today) = Date::parse(
        today,
        &time::macros::format_description!("[year]-[month]-[day]"),
    ) else {
        return Vec::new();
    };
    let base_ms = (today.to_julian_day() as i64 - 2_440_588).max(0) as u64 * 86_400_000;
    let mut b = Builder {
        revisions: Vec::new(),
        base_ms,
        counter: 0,
    };
    let mut dice = Dice(0x5eed_d00d);

    // Communities: the same ids as when a device adds them by name and street.
    let mut communities: Vec<(String, &str, &str)> = Vec::new();
    for (street, names) in STREETS {
        for name in names.iter() {
            let mut rev = community_revision(name, street);
            if let Some(Value::Object(obj)) = rev.data.as_mut() {
                obj.insert(DEMO_FLAG.into(), Value::Bool(true));
            }
            rev.vv = VersionVector::single(DEMO_DEVICE, 1);
            rev.hlc = format!("{base_ms:013}-00000-{DEMO_DEVICE}");
            communities.push((rev.id.clone(), name, street));
            b.revisions.push(rev);
        }
    }
    let community_of = |name: &str| {
        communities
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(id, _, _)| id.clone())
            .unwrap_or_default()
    };

    // Members of all three teams.
    let mut name_dice = Dice(0xface);
    let mut person = move || format!("{}{}", name_dice.pick(SURNAMES), name_dice.pick(GIVEN));
    let mut experts = Vec::new();
    for i in 0..12 {
        let id = b.add(Kind::Member, &format!("expert-{i}"), json!({
            "name": person(), "team": "expert", "domains": [], "expertise": EXPERTISE[i % EXPERTISE.len()],
            "joined_on": date_minus(today, 400 + i as i64 * 7), "active": true,
        }));
        experts.push(id);
    }
    let mut citizens: Vec<(String, String)> = Vec::new();
    for (c_index, (community_id, _, _)) in communities.iter().enumerate() {
        for i in 0..6 {
            let domains: Vec<&str> = vec![
                crate::domain::kinds::DOMAINS[(c_index + i) % 5],
                crate::domain::kinds::DOMAINS[(c_index + i + 2) % 5],
            ];
            let id = b.add(Kind::Member, &format!("citizen-{c_index}-{i}"), json!({
                "name": person(), "team": "citizen", "community_id": community_id, "domains": domains,
                "phone": format!("1390591{:04}", c_index * 10 + i), "joined_on": date_minus(today, 300 + i as i64 * 11),
                "active": i != 5 || c_index % 3 != 0,
            }));
            citizens.push((id, community_id.clone()));
        }
    }
    let professions = [
        "lawyer",
        "judge",
        "prosecutor",
        "police",
        "notary",
        "volunteer",
        "lawyer",
        "lawyer",
    ];
    let mut envoys = Vec::new();
    for i in 0..10 {
        let community = &communities[i % communities.len()].0;
        let id = b.add(Kind::Member, &format!("envoy-{i}"), json!({
            "name": person(), "team": "legal_envoy", "community_id": community, "domains": ["dispute_mediation"],
            "profession": professions[i % professions.len()], "expertise": STATIONS[i % STATIONS.len()],
            "joined_on": date_minus(today, 500 - i as i64 * 13), "active": true,
        }));
        envoys.push(id);
    }

    // A few hundred demands over the last six months, across domains and statuses.
    let mut demand_ids = Vec::new();
    let mut by_title: Vec<(String, &str)> = Vec::new();
    for i in 0..320 {
        let (category, items) = dice.pick(DEMANDS);
        let (title, description) = *dice.pick(items);
        let (reporter, community) = dice.pick(&citizens).clone();
        let age = dice.below(180) as i64;
        let reported_on = date_minus(today, age);
        let building = 1 + dice.below(12);
        let consent = dice.chance(60);
        let resident = consent.then(|| json!({
            "name": format!("{}{}", dice.pick(SURNAMES), if dice.chance(50) { "阿姨" } else { "伯" }),
            "address": format!("{building}号楼{}单元{}0{}", 1 + dice.below(3), 1 + dice.below(6), 1 + dice.below(2)),
            "consent": true,
        }));
        let id = b.add(Kind::Demand, &format!("demand-{i}"), json!({
            "community_id": community, "reported_on": reported_on, "reported_by": reporter,
            "source": *dice.pick(&["door_visit", "door_visit", "door_visit", "talk_day", "roundtable", "hotline", "walk_in"]),
            "category": category, "urgency": if dice.chance(15) { "urgent" } else { "normal" },
            "title": format!("{building}号楼{title}"), "description": description, "resident": resident,
        }));
        // Its story so far: older demands are further along.
        let mut events: Vec<(i64, Value)> = Vec::new();
        let roll = dice.below(100);
        let days_open = age.min(60);
        if age > 3 && roll < 85 {
            events.push((1, json!({ "type": "status", "status": "in_progress", "by": reporter, "text": "已与物业/社区沟通" })));
        }
        if *category == "dispute_mediation" && age > 5 && roll < 70 {
            let envoy = dice.pick(&envoys).clone();
            events.push((2, json!({ "type": "referral", "to_team": "legal_envoy", "to_member": envoy, "text": "转法务特派员联合调解" })));
            events.push((2, json!({ "type": "status", "status": "referred" })));
        }
        if age > 10 && roll < 65 {
            events.push((days_open.min(age - 1).max(3), json!({ "type": "status", "status": "resolved", "by": reporter, "text": "问题已解决，居民确认" })));
            if roll < 45 {
                let satisfaction = 3 + dice.below(3) as u64;
                events.push((days_open.min(age - 1).max(4), json!({ "type": "follow_up", "by": reporter, "satisfaction": satisfaction, "text": "回访：居民表示满意" })));
            }
        }
        for (n, (offset, mut event)) in events.into_iter().enumerate() {
            let day = date_minus(today, (age - offset).max(0));
            if let Some(obj) = event.as_object_mut() {
                obj.insert("demand_id".into(), json!(id));
                obj.insert("at".into(), json!(at(&day, 9 + n as u32, 10 * n as u32)));
            }
            b.add(Kind::DemandEvent, &format!("demand-{i}-event-{n}"), event);
        }
        by_title.push((id.clone(), title));
        demand_ids.push(id);
    }
    let demands_about = |needle: &str, max: usize| -> Vec<String> {
        by_title
            .iter()
            .filter(|(_, t)| t.contains(needle))
            .take(max)
            .map(|(id, _)| id.clone())
            .collect()
    };

    // Topics from the worked examples.
    let electricity = b.add(Kind::Topic, "topic-electricity", json!({
        "title": "老旧小区公共用电“一楼一表一灯”改造", "origin": "demands",
        "description": "杨桥河南新村等老旧楼栋公共照明电费分摊长期由少数住户垫付，专家研究分摊方案。",
        "demand_ids": demands_about("公共用电", 6), "expert_ids": [experts[0].clone(), experts[4].clone()],
        "due_on": date_minus(today, -30), "status": "adopted",
    }));
    let square = b.add(Kind::Topic, "topic-square", json!({
        "title": "汤边社区睦邻广场选址与筹建", "origin": "demands",
        "description": "居民缺少休闲锻炼场所，征集选址意见与共建单位。",
        "demand_ids": demands_about("休闲广场", 5), "expert_ids": [experts[1].clone()], "status": "closed",
    }));
    let tourism = b.add(
        Kind::Topic,
        "topic-tourism",
        json!({
            "title": "全域生态旅游示范区规划建议", "origin": "government",
            "demand_ids": [], "expert_ids": [experts[6].clone(), experts[3].clone()],
            "due_on": date_minus(today, -60), "status": "researching",
        }),
    );
    let stances = ["support", "support", "support", "neutral", "oppose"];
    for (t, topic) in [&electricity, &square].into_iter().enumerate() {
        for i in 0..9 {
            let (member, community) = dice.pick(&citizens).clone();
            b.add(Kind::Opinion, &format!("opinion-{t}-{i}"), json!({
                "topic_id": topic, "member_id": member, "community_id": community,
                "stance": stances[dice.below(stances.len())], "text": "同意方案，建议先在一栋楼试点。",
                "on": date_minus(today, 20 + i),
            }));
        }
    }

    // Activities: roundtables, talk days, legal services, expert meetings.
    let kinds: &[(&str, &str)] = &[
        ("roundtable", "一刻钟圆桌会议：楼道照明与用电"),
        ("talk_day", "居民恳谈日"),
        ("participatory_budget", "微实事项目参与式预算投票"),
        ("legal_consultation", "法律咨询进社区"),
        ("mediation", "邻里纠纷联合调解"),
        ("legal_education", "民法典宣传讲座"),
        ("home_visit", "独居老人上门走访"),
        ("expert_meeting", "专家委员会专题会议"),
        ("volunteer_service", "志愿服务日"),
    ];
    let mut activity_ids = Vec::new();
    for i in 0..48 {
        let (kind, title) = kinds[i % kinds.len()];
        let (community, name, _) = &communities[dice.below(communities.len())];
        let mut members: Vec<String> = citizens
            .iter()
            .filter(|(_, c)| c == community)
            .take(3)
            .map(|(id, _)| id.clone())
            .collect();
        if matches!(
            kind,
            "legal_consultation" | "mediation" | "legal_education" | "home_visit"
        ) {
            members.push(dice.pick(&envoys).clone());
        }
        if kind == "expert_meeting" {
            members = experts.iter().take(5).cloned().collect();
        }
        let linked: Vec<String> = if kind == "roundtable" || kind == "mediation" {
            (0..2).map(|_| dice.pick(&demand_ids).clone()).collect()
        } else {
            Vec::new()
        };
        let id = b.add(Kind::Activity, &format!("activity-{i}"), json!({
            "type": kind, "title": format!("{name}{title}"), "community_id": community,
            "on": date_minus(today, dice.below(170) as i64), "member_ids": members,
            "attendees": 8 + dice.below(60) as u64, "demand_ids": linked,
            "materials": if kind == "legal_education" { 80 + dice.below(200) as u64 } else { dice.below(20) as u64 },
            "minutes": "会议记录：与会居民充分发表意见，形成处理建议。",
        }));
        activity_ids.push(id);
    }

    // Outcomes, starting with the case's own.
    b.add(Kind::Outcome, "outcome-square", json!({
        "type": "micro_project", "title": "汤边社区睦邻广场建成", "on": date_minus(today, 40),
        "summary": "市民代表选址、征求意见，走访20余家共建单位筹资，建成睦邻广场。",
        "community_id": community_of("汤边社区"), "demand_ids": demands_about("休闲广场", 5), "topic_id": square,
        "activity_ids": [activity_ids[2].clone()], "member_ids": [citizens[0].0.clone()],
        "funds_fen": 24_750_000u64, "beneficiaries": 3200u64,
    }));
    b.add(Kind::Outcome, "outcome-leak", json!({
        "type": "mediation_agreement", "title": "灵响社区卫生间漏水纠纷调解协议", "on": date_minus(today, 25),
        "summary": "法务特派员释法说理，双方同意共同承担维修费用。",
        "community_id": community_of("灵响社区"), "demand_ids": demands_about("漏水", 1),
        "activity_ids": [activity_ids[4].clone()], "member_ids": [envoys[0].clone()],
        "funds_fen": 0u64, "beneficiaries": 2u64,
    }));
    b.add(Kind::Outcome, "outcome-electricity", json!({
        "type": "policy", "title": "“一楼一表一灯”公共用电分摊办法", "on": date_minus(today, 15),
        "summary": "专家设计方案，法务特派员解读民法典相关规定，代表先行垫付，全体业主签字确认。",
        "community_id": community_of("杨桥河南新村"), "demand_ids": demands_about("公共用电", 6), "topic_id": electricity,
        "activity_ids": [], "member_ids": [experts[0].clone(), envoys[1].clone()],
        "funds_fen": 0u64, "beneficiaries": 180u64,
    }));
    b.add(Kind::Outcome, "outcome-tourism", json!({
        "type": "research_report", "title": "全域生态旅游示范区规划调研报告", "on": date_minus(today, 5),
        "topic_id": tourism, "demand_ids": [], "activity_ids": [activity_ids[7].clone()],
        "member_ids": [experts[6].clone(), experts[3].clone()], "funds_fen": 0u64, "beneficiaries": 0u64,
    }));
    for i in 0..10 {
        let (community, _, _) = &communities[i % communities.len()];
        b.add(Kind::Outcome, &format!("outcome-case-{i}"), json!({
            "type": if i % 3 == 0 { "suggestion" } else { "resolved_case" },
            "title": if i % 3 == 0 { "关于增设电动车充电桩的建议" } else { "楼道照明修复" },
            "on": date_minus(today, 10 + i as i64 * 9), "community_id": community,
            "demand_ids": [demand_ids[i * 7].clone()], "activity_ids": [], "member_ids": [citizens[i].0.clone()],
            "funds_fen": (dice.below(50) as u64) * 10_000, "beneficiaries": 20 + dice.below(200) as u64,
        }));
    }
    canvass_round(&mut b, &mut dice, today, &communities, &citizens);
    // The seed's modules (issue 18): kept in their own function.
    let square_demand = demands_about("休闲广场", 1);
    seed_modules(
        &mut b,
        today,
        &community_of,
        &SeedPeople {
            experts: &experts,
            citizens: &citizens,
            envoys: &envoys,
        },
        &square_demand,
    );
    b.revisions
}

/// The members the seed's modules draw on.
struct SeedPeople<'a> {
    experts: &'a [String],
    citizens: &'a [(String, String)],
    envoys: &'a [String],
}

/// The seed's three modules from its own story (issue 18): decision
/// consultations (决策征询) — the tourism plan the experts advised on, a draft
/// put to experts and citizens' representatives, one past its due date with a
/// 专题咨询 topic; legal reviews for communities (依法决策); the legal-knowledge
/// library (法务知识); and the square's demand raised with the community Party
/// committee (社区党委), as in 实例2.
fn seed_modules(
    b: &mut Builder,
    today: Date,
    community_of: &dyn Fn(&str) -> String,
    people: &SeedPeople<'_>,
    square_demand: &[String],
) {
    let (experts, envoys) = (people.experts, people.envoys);
    let reps_of = |community: &str| -> Vec<String> {
        let id = community_of(community);
        people
            .citizens
            .iter()
            .filter(|(_, c)| *c == id)
            .take(2)
            .map(|(m, _)| m.clone())
            .collect()
    };

    // 实例1: the district's eco-tourism plan, advised on at a meeting and
    // adopted. Demo ids are known in advance, so it is written closed at once.
    let tourism_responses = [
        (
            6,
            "support",
            "建议以三坊七巷为核心，串联温泉游与坊巷游线路，形成“一核两区”。",
        ),
        (
            0,
            "support",
            "沿闽江、白马河、琴亭湖形成三条滨水景观带，与城市更新同步规划。",
        ),
        (
            3,
            "neutral",
            "核心区节假日人流集中，需同步制定交通疏导和停车方案。",
        ),
    ];
    let response_key = |n: usize| format!("consultation-tourism-response-{n}");
    let tourism = b.add(Kind::Consultation, "consultation-tourism", json!({
        "requested_by": "区政府办公室", "subject": "全域生态旅游示范区建设规划（征求意见稿）",
        "summary": "整合生态游、坊巷游、温泉游等旅游模式，提出“一核两区三带四集群”的全域文旅融合格局，请专家委员列席座谈会并提出意见。",
        "matter": "key_project", "way": "meeting",
        "requested_on": date_minus(today, 75), "due_on": date_minus(today, 55),
        "domains": ["tourism", "urban_planning"],
        "expert_ids": [experts[6].clone(), experts[0].clone(), experts[3].clone()], "citizen_ids": [],
        "closed_on": date_minus(today, 50),
        "adopted_ids": [Builder::id(&response_key(0)), Builder::id(&response_key(1))],
        "result": "规划采纳专家意见 2 条，形成“一核两区三带四集群”的全域文旅融合格局，获评首批福建省全域生态旅游示范区。",
    }));
    for (n, (expert, stance, text)) in tourism_responses.iter().enumerate() {
        b.add(
            Kind::ConsultationResponse,
            &response_key(n),
            json!({
                "consultation_id": tourism, "member_id": experts[*expert], "stance": stance,
                "text": text, "on": date_minus(today, 62 - n as i64),
            }),
        );
    }

    // A draft touching residents' lives: experts and citizens' representatives, still open.
    let mut invited_reps = reps_of("温泉社区");
    invited_reps.extend(reps_of("军门社区"));
    let elderly = b.add(Kind::Consultation, "consultation-elderly-care", json!({
        "requested_by": "区民政局", "subject": "鼓楼区居家养老服务补贴实施办法（征求意见稿）",
        "summary": "拟对高龄、独居、失能老人按评估等级发放居家养老服务补贴，请专家委员和市民代表书面提出意见。",
        "matter": "document", "way": "written",
        "requested_on": date_minus(today, 12), "due_on": date_minus(today, -10),
        "domains": ["wellbeing"], "expert_ids": [experts[5].clone(), experts[1].clone()],
        "citizen_ids": invited_reps, "adopted_ids": [],
    }));
    b.add(Kind::ConsultationResponse, "consultation-elderly-care-response-0", json!({
        "consultation_id": elderly, "member_id": experts[5], "stance": "support",
        "text": "建议把“独居”纳入评估加分项，并允许补贴用于社区助餐。", "on": date_minus(today, 6),
    }));
    if let Some(rep) = people
        .citizens
        .iter()
        .find(|(_, c)| *c == community_of("温泉社区"))
    {
        b.add(Kind::ConsultationResponse, "consultation-elderly-care-response-1", json!({
            "consultation_id": elderly, "member_id": rep.0, "stance": "support",
            "text": "楼里好几位独居老人不会用手机申请，希望社区代为办理。", "on": date_minus(today, 4),
        }));
    }

    // A reform past its due date, with a 专题咨询 topic raised from it.
    let lift = b.add(Kind::Consultation, "consultation-lift", json!({
        "requested_by": "区住建局", "subject": "老旧小区加装电梯实施细则（修订稿）",
        "summary": "修订加装电梯的业主表决比例和费用分摊方式。",
        "matter": "reform", "way": "written",
        "requested_on": date_minus(today, 30), "due_on": date_minus(today, 3),
        "domains": ["livable_homes"], "expert_ids": [experts[4].clone(), experts[2].clone()], "citizen_ids": [],
        "adopted_ids": [],
    }));
    b.add(
        Kind::ConsultationResponse,
        "consultation-lift-response-0",
        json!({
            "consultation_id": lift, "member_id": experts[4], "stance": "neutral",
            "text": "低层住户受益少，建议按楼层设置分摊系数。", "on": date_minus(today, 8),
        }),
    );
    b.add(
        Kind::Topic,
        "topic-lift",
        json!({
            "title": "老旧小区加装电梯费用分摊专题咨询", "origin": "government",
            "description": "区住建局点题：不同楼层住户的费用分摊与低层住户补偿。",
            "demand_ids": [], "expert_ids": [experts[4].clone(), experts[2].clone()],
            "due_on": date_minus(today, 2), "status": "researching", "consultation_id": lift,
        }),
    );

    // 依法决策: envoys' legal reviews for community organisations.
    let reviews = [
        ("rule_review", "杨桥河南新村", 1, 16, "《公共用电“一楼一表一灯”分摊办法》", "符合《民法典》关于建筑物共有部分费用分摊的规定；建议写明按户分摊的计算方式并张榜公示。", false),
        ("drafting", "汤边社区", 0, 44, "睦邻广场共建协议", "起草共建协议，写明共建单位出资用途、验收和公示方式。", false),
        ("rule_review", "灵响社区", 2, 33, "《居民公约》修订稿", "删去“罚款”条款（居民公约不能设定罚款），改为倡议和服务积分激励。", false),
        ("decision_opinion", "军门社区", 3, 21, "微实事项目资金使用决定", "程序合规：经居民议事会表决并公示七日，无异议。", false),
        ("decision_opinion", "温泉社区", 4, 9, "物业服务合同续签", "续签须经业主共同决定；建议先核对原合同的违约条款。", true),
        ("drafting", "庆城社区", 5, 3, "小区停车管理告知书", "起草告知书，写明收费依据和业主大会决议。", false),
    ];
    for (n, (kind, community, envoy, days, title, result, internal)) in reviews.iter().enumerate() {
        b.add(
            Kind::LegalReview,
            &format!("legal-review-{n}"),
            json!({
                "type": kind, "title": title, "community_id": community_of(community),
                "envoy_id": envoys[*envoy], "on": date_minus(today, *days), "result": result,
                "internal": internal,
            }),
        );
    }

    // 法务知识: short Q&A by envoys, carried to every phone.
    let articles = [
        (0, 20, true, "楼上卫生间漏水，谁来修？", &["漏水", "相邻关系", "维修"][..],
            "《民法典》第二百八十八条：不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。\n漏水多由楼上防水层或管道引起，先请物业或专业人员查明原因；因一方过错造成损害的，由其承担维修和赔偿责任（第一千一百六十五条）。协商不成，可找社区和法务特派员调解。"),
        (1, 14, true, "老旧小区公共用电费用怎么分摊？", &["电费", "公摊", "物业费"][..],
            "《民法典》第二百八十三条：建筑物及其附属设施的费用分摊、收益分配等事项，有约定的，按照约定；没有约定或者约定不明确的，按照业主专有部分面积所占比例确定。\n楼栋可以先开会约定“一楼一表一灯”，写成书面协议，全体业主签字。"),
        (2, 9, false, "子女不赡养老人，老人能怎么办？", &["赡养", "老人"][..],
            "《民法典》第一千零六十七条：成年子女不履行赡养义务的，缺乏劳动能力或者生活困难的父母，有要求成年子女给付赡养费的权利。\n可先请社区调解；调解不成，可向法院起诉，法务特派员可以帮助写诉状。"),
        (3, 5, false, "邻居装修噪音太大怎么办？", &["噪音", "装修"][..],
            "先与邻居沟通装修时间；小区管理规约一般规定了装修时段，可请物业劝止。仍不改正的，可向公安机关反映，或找社区和法务特派员调解。"),
        (4, 2, false, "租房押金不退怎么办？", &["租房", "押金"][..],
            "保留好租赁合同、付款记录和退房时的房屋照片。房东无正当理由不退押金的，可先协商，再申请调解，必要时向法院起诉。"),
    ];
    for (n, (envoy, days, featured, title, tags, body)) in articles.iter().enumerate() {
        b.add(
            Kind::LegalArticle,
            &format!("legal-article-{n}"),
            json!({
                "title": title, "body": body, "author_id": envoys[*envoy],
                "on": date_minus(today, *days), "tags": tags, "featured": featured,
            }),
        );
    }

    // 实例2: a representative raises the square with the community Party committee.
    for (n, demand) in square_demand.iter().enumerate() {
        // The day after the demand was reported.
        let reported = b
            .revisions
            .iter()
            .find(|r| r.id == *demand)
            .and_then(|r| {
                r.data
                    .as_ref()?
                    .get("reported_on")?
                    .as_str()
                    .map(str::to_string)
            })
            .and_then(|d| {
                Date::parse(
                    &d,
                    &time::macros::format_description!("[year]-[month]-[day]"),
                )
                .ok()
            })
            .map(|d| (d + Duration::days(1)).to_string())
            .unwrap_or_else(|| date_minus(today, 1));
        b.add(
            Kind::DemandEvent,
            &format!("square-party-referral-{n}"),
            json!({
                "demand_id": demand, "at": at(&reported, 10, 0), "type": "referral",
                "to_team": "citizen", "to_body": crate::domain::kinds::PARTY_COMMITTEE,
                "text": "市民代表征集居民意见后，将诉求反映给社区党委，参与广场选址。",
            }),
        );
    }
}

/// A compound per community (4 buildings × 2 units × 6 floors × 2 doors) with
/// the current round partly walked: building 1 mostly, 2 half, 3 barely, 4
/// not yet — so the walk view shows a half-coloured grid. A few visits from
/// the previous round are in the doors' histories but not in the coverage.
fn canvass_round(
    b: &mut Builder,
    dice: &mut Dice,
    today: Date,
    communities: &[(String, &str, &str)],
    citizens: &[(String, String)],
) {
    use crate::domain::canvass::{generate, household_id, quarter_start, CompoundPattern};
    let round = quarter_start(&today.to_string())
        .and_then(|d| {
            Date::parse(
                &d,
                &time::macros::format_description!("[year]-[month]-[day]"),
            )
            .ok()
        })
        .unwrap_or(today);
    let round_days = (today - round).whole_days().max(0) as usize;
    let pattern = CompoundPattern {
        buildings: (1, 4),
        units: Some((1, 2)),
        floors: (1, 6),
        doors: (1, 2),
    };
    let outcomes = [
        "talked",
        "talked",
        "talked",
        "not_home",
        "not_home",
        "no_need",
        "no_need",
        "refused",
        "moved",
        "inaccessible",
    ];
    for (community_id, _, _) in communities {
        let reps: Vec<&String> = citizens
            .iter()
            .filter(|(_, c)| c == community_id)
            .map(|(id, _)| id)
            .take(2)
            .collect();
        let Ok(doors) = generate(community_id, &pattern) else {
            continue;
        };
        for (n, mut door) in doors.into_iter().enumerate() {
            let building: usize = door.building.trim_end_matches("号楼").parse().unwrap_or(4);
            let rep = reps.get(usize::from(building > 2)).map(|r| (*r).clone());
            door.assigned_to = rep.clone();
            door.vulnerable = dice.chance(8);
            if door.vulnerable {
                door.notes = Some("独居老人，行动不便".into());
            }
            let id = household_id(
                community_id,
                &door.building,
                door.unit.as_deref(),
                &door.door,
            );
            let data = serde_json::to_value(&door).unwrap_or(Value::Null);
            b.add_with_id(Kind::Household, id.clone(), data);
            let visited = [85, 50, 12, 0][building.clamp(1, 4) - 1];
            if dice.chance(visited) {
                let day = date_minus(today, dice.below(round_days + 1) as i64);
                b.add(Kind::Visit, &format!("visit-{community_id}-{n}"), json!({
                    "household_id": id, "member_id": rep, "at": at(&day, 9 + dice.below(9) as u32, dice.below(60) as u32),
                    "outcome": *dice.pick(&outcomes), "demand_ids": [],
                }));
            }
            if dice.chance(10) {
                let day = (round - Duration::days(20 + dice.below(60) as i64)).to_string();
                b.add(
                    Kind::Visit,
                    &format!("visit-{community_id}-{n}-before"),
                    json!({
                        "household_id": id, "member_id": rep, "at": at(&day, 10, 0),
                        "outcome": "talked", "demand_ids": [],
                    }),
                );
            }
        }
    }
}
