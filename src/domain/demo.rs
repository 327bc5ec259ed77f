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
    "桂兰", "晓东", "玉珍", "海峰", "春梅", "立新", "雅琴", "振华", "慧", "金水", "月娥", "学勤",
    "宝珠",
];

/// The seed: "全区共有市民委员1660人，每个社区20-30人". Citizens per demo
/// community (all active but one in every third community): each between 20 and 30.
pub const CITIZENS_PER_COMMUNITY: [usize; 8] = [21, 24, 27, 30, 23, 26, 29, 22];

/// The seed's words for the electricity mechanism of 杨桥河南新村 (实例4).
pub const ELECTRICITY_MECHANISM: &str = "一楼栋·一缴费·一亮灯";

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
                "老旧楼栋公摊公用电费问题",
                "楼道公共照明电费分摊不清，有住户不愿缴交，楼道灯常因欠费熄灭。",
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

/// District meetings experts attend ("参与区委、区政府会议及活动"): they
/// belong to no community.
const EXPERT_MEETINGS: &[&str] = &[
    "区委、区政府重点项目建设决策咨询会（专家列席）",
    "重大改革创新专题座谈会（专家列席）",
    "重要文件起草书面征求意见会",
    "区政府常务会议（专家列席）",
    "养老服务体系建设专题咨询会",
];

fn date_minus(today: Date, days: i64) -> String {
    (today - Duration::days(days)).to_string()
}

fn at(date: &str, hour: u32, minute: u32) -> String {
    // Beijing time, written as RFC 3339 with its offset.
    format!("{date}T{hour:02}:{minute:02}:00+08:00")
}

/// A demo demand: id, title (without the building), community, reporter.
struct DemoDemand {
    id: String,
    title: &'static str,
    community: String,
    reporter: String,
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

    // Members of all three teams. Names are a permutation of surname × given
    // name, so no two demo members share one.
    let name_count = SURNAMES.len() * GIVEN.len();
    let mut next_person = 0usize;
    let mut person = move || {
        let k = (next_person * 97 + 13) % name_count;
        next_person += 1;
        format!(
            "{}{}",
            SURNAMES[k % SURNAMES.len()],
            GIVEN[k / SURNAMES.len()]
        )
    };
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
        let count = CITIZENS_PER_COMMUNITY[c_index % CITIZENS_PER_COMMUNITY.len()];
        for i in 0..count {
            let domains: Vec<&str> = vec![
                crate::domain::kinds::DOMAINS[(c_index + i) % 5],
                crate::domain::kinds::DOMAINS[(c_index + i + 2) % 5],
            ];
            let id = b.add(Kind::Member, &format!("citizen-{c_index}-{i}"), json!({
                "name": person(), "team": "citizen", "community_id": community_id, "domains": domains,
                "phone": format!("1390591{:04}", c_index * 100 + i), "joined_on": date_minus(today, 300 + (i % 10) as i64 * 11),
                "active": i + 1 != count || c_index % 3 != 0,
            }));
            citizens.push((id, community_id.clone()));
        }
    }
    let citizens_of = |community: &str, n: usize| -> Vec<String> {
        citizens
            .iter()
            .filter(|(_, c)| c == community)
            .take(n)
            .map(|(id, _)| id.clone())
            .collect()
    };
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
    // The seed: "在69个社区设立法务特派员工作站": each envoy serves at the
    // workstation of the community they belong to.
    let mut envoys: Vec<(String, String)> = Vec::new();
    for i in 0..10 {
        let (community, name, _) = &communities[i % communities.len()];
        let id = b.add(Kind::Member, &format!("envoy-{i}"), json!({
            "name": person(), "team": "legal_envoy", "community_id": community, "domains": ["dispute_mediation"],
            "profession": professions[i % professions.len()], "expertise": format!("{name}法务特派员工作站"),
            "joined_on": date_minus(today, 500 - i as i64 * 13), "active": true,
        }));
        envoys.push((id, community.clone()));
    }
    let envoy_of = |community: &str| -> String {
        envoys
            .iter()
            .find(|(_, c)| c == community)
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    };

    // A few hundred demands over the last six months, across domains and statuses.
    let mut demands: Vec<DemoDemand> = Vec::new();
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
            // Referred to the envoy at the workstation of the demand's own community.
            let envoy = envoy_of(&community);
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
        demands.push(DemoDemand {
            id,
            title,
            community,
            reporter,
        });
    }

    // The case's own stories (实例2–4), each in its own community.
    let tangbian = community_of("汤边社区");
    let lingxiang = community_of("灵响社区");
    let yangqiao = community_of("杨桥河南新村");
    let story_demand = |b: &mut Builder, key: &str, community: &str, days: i64, fields: Value| {
        let reporter = citizens_of(community, 1).pop();
        let mut data = json!({
            "community_id": community, "reported_on": date_minus(today, days), "reported_by": reporter,
            "source": "door_visit", "urgency": "normal",
        });
        if let (Some(obj), Some(more)) = (data.as_object_mut(), fields.as_object()) {
            obj.extend(more.clone());
        }
        b.add(Kind::Demand, key, data)
    };
    let square_demand = story_demand(
        &mut b,
        "demand-story-square",
        &tangbian,
        170,
        json!({
            "category": "livable_homes", "title": "公益南路附近小区缺少休闲广场",
            "description": "小区长期缺少供居民休憩锻炼的休闲广场，周边居民呼声强烈。",
        }),
    );
    let leak_demand = story_demand(
        &mut b,
        "demand-story-leak",
        &lingxiang,
        60,
        json!({
            "category": "dispute_mediation", "title": "卫生间漏水渗水邻里纠纷",
            "description": "楼上卫生间漏水渗水至楼下，社区工作人员多次上门调解，双方僵持不下，楼上业主要求提供法律依据。",
        }),
    );
    let electricity_demand = story_demand(
        &mut b,
        "demand-story-electricity",
        &yangqiao,
        150,
        json!({
            "category": "livable_homes", "title": "老旧小区公摊公用电费问题",
            "description": "老旧小区公用电费分摊不清，缴交困难，楼道公共照明难以为继。",
        }),
    );
    for (key, demand, days, text) in [
        ("square", &square_demand, 40, "睦邻广场建成"),
        ("leak", &leak_demand, 25, "双方同意共同出资解决漏水问题"),
        (
            "electricity",
            &electricity_demand,
            15,
            "全体业主签署“电费缴交意愿书”",
        ),
    ] {
        let day = date_minus(today, days);
        b.add(Kind::DemandEvent, &format!("demand-story-{key}-resolved"), json!({
            "demand_id": demand, "type": "status", "status": "resolved", "text": text, "at": at(&day, 10, 0),
        }));
    }
    let same_community = |needle: &str, community: &str, max: usize| -> Vec<String> {
        demands
            .iter()
            .filter(|d| d.title.contains(needle) && d.community == community)
            .take(max)
            .map(|d| d.id.clone())
            .collect()
    };
    let mut electricity_demands = vec![electricity_demand.clone()];
    electricity_demands.extend(same_community("公摊公用电费", &yangqiao, 5));
    let mut square_demands = vec![square_demand.clone()];
    square_demands.extend(same_community("休闲广场", &tangbian, 4));

    // Topics from the worked examples.
    let electricity = b.add(Kind::Topic, "topic-electricity", json!({
        "title": "杨桥河南新村老旧小区公摊公用电费问题", "origin": "demands",
        "description": format!("邀请专家实地调研，制定“{ELECTRICITY_MECHANISM}”机制，将公用电费精准分摊到每户居民。"),
        "demand_ids": electricity_demands, "expert_ids": [experts[0].clone(), experts[4].clone()],
        "status": "adopted",
    }));
    let square = b.add(Kind::Topic, "topic-square", json!({
        "title": "汤边社区睦邻广场选址与筹建", "origin": "demands",
        "description": "市民代表主动在小区周边寻找合适场地，积极征集居民群众的意见建议，形成初步意见后将诉求反映给社区党委。",
        "demand_ids": square_demands, "expert_ids": [], "status": "closed",
    }));
    let tourism = b.add(
        Kind::Topic,
        "topic-tourism",
        json!({
            "title": "打造全域生态旅游示范区", "origin": "government",
            "description": "邀请省旅游协会、规划设计研究院等相关领域专家全程指导，通过召开座谈会、实地调研旅游核心区域等方式，整合生态游、坊巷游、温泉游等旅游模式，构建“一核两区三带四集群”的全域文旅融合大格局，成功获评首批福建省全域生态旅游示范区。",
            "demand_ids": [], "expert_ids": [experts[6].clone(), experts[3].clone()],
            "status": "closed",
        }),
    );
    let stances = ["support", "support", "support", "neutral", "oppose"];
    for (t, topic, community, text) in [
        (
            0,
            &electricity,
            &yangqiao,
            "同意按户分摊公用电费，愿意签署电费缴交意愿书。",
        ),
        (
            1,
            &square,
            &tangbian,
            "支持在公益南路附近建休闲广场，希望多设休息座椅。",
        ),
    ] {
        let voices = citizens_of(community, 9);
        for (i, member) in voices.iter().enumerate() {
            b.add(
                Kind::Opinion,
                &format!("opinion-{t}-{i}"),
                json!({
                    "topic_id": topic, "member_id": member, "community_id": community,
                    "stance": stances[dice.below(stances.len())], "text": text,
                    "on": date_minus(today, 60 + i as i64),
                }),
            );
        }
    }

    // Activities in the communities: roundtables, talk days, budgeting,
    // legal services, volunteering. Envoys serve in their own community;
    // leaflets are handed out only at legal events.
    let kinds: &[(&str, &str)] = &[
        ("roundtable", "一刻钟圆桌会议：楼道照明与用电"),
        ("talk_day", "居民恳谈日"),
        ("participatory_budget", "微实事项目参与式预算"),
        ("legal_consultation", "法务特派员工作站“家门口”法律咨询"),
        ("mediation", "邻里纠纷联合调解"),
        ("legal_education", "“法律+课堂”以案说法"),
        ("home_visit", "法务特派员上门服务独居老人"),
        ("volunteer_service", "文化志愿服务日"),
    ];
    let mut budget_activity = None;
    for i in 0..48 {
        let (kind, title) = kinds[i % kinds.len()];
        let (community, name, _) = &communities[dice.below(communities.len())];
        let mut members = citizens_of(community, 3);
        let legal = matches!(
            kind,
            "legal_consultation" | "mediation" | "legal_education" | "home_visit"
        );
        if legal {
            members.push(envoy_of(community));
        }
        let linked: Vec<String> = {
            let wanted = |d: &&DemoDemand| match kind {
                "mediation" => DEMANDS[4].1.iter().any(|(t, _)| *t == d.title),
                "roundtable" => true,
                _ => false,
            };
            demands
                .iter()
                .filter(|d| &d.community == community)
                .filter(wanted)
                .skip(dice.below(3))
                .take(2)
                .map(|d| d.id.clone())
                .collect()
        };
        let attendees = match kind {
            "mediation" => 2 + dice.below(4) as u64,
            "home_visit" => 1 + dice.below(2) as u64,
            "legal_consultation" => 5 + dice.below(25) as u64,
            _ => 15 + dice.below(50) as u64,
        };
        let materials = match kind {
            "legal_education" => 80 + dice.below(200) as u64,
            "legal_consultation" => 10 + dice.below(30) as u64,
            _ => 0,
        };
        let key = format!("activity-{i}");
        let mut data = json!({
            "type": kind, "title": format!("{name}{title}"), "community_id": community,
            "on": date_minus(today, dice.below(170) as i64), "member_ids": members,
            "attendees": attendees, "demand_ids": linked, "materials": materials,
            "minutes": "会议记录：与会居民充分发表意见，形成处理建议。",
        });
        if kind == "participatory_budget" && budget_activity.is_none() {
            // 微实事 proposals from the community's own demands, voted within a budget.
            let decision = json!({
                "id": Builder::id("decision-budget"),
                "question": "本季度微实事项目立项", "method": "budget", "budget_fen": 5_000_000u64,
                "options": [
                    { "label": "楼道灯维修", "cost_fen": 800_000u64, "votes": 26u64 },
                    { "label": "增设电动车充电桩", "cost_fen": 3_500_000u64, "votes": 19u64 },
                    { "label": "开设四点半课堂", "cost_fen": 1_200_000u64, "votes": 11u64 },
                ],
                "result": "楼道灯维修、增设电动车充电桩两个项目立项",
            });
            if let Some(obj) = data.as_object_mut() {
                obj.insert("attendees".into(), json!(attendees.max(56)));
                obj.insert(crate::domain::decision::DECISIONS.into(), json!([decision]));
            }
            budget_activity = Some((key.clone(), community.clone(), members.clone()));
        }
        b.add(Kind::Activity, &key, data);
    }
    // Experts' district meetings ("参与区委、区政府会议及活动"): no community.
    for (i, title) in EXPERT_MEETINGS.iter().enumerate() {
        let members: Vec<String> = (0..4)
            .map(|k| experts[(i * 3 + k) % experts.len()].clone())
            .collect();
        b.add(Kind::Activity, &format!("expert-meeting-{i}"), json!({
            "type": "expert_meeting", "title": title, "on": date_minus(today, 20 + i as i64 * 31),
            "member_ids": members, "attendees": 20 + dice.below(20) as u64, "demand_ids": [], "materials": 0u64,
        }));
    }
    // The stories' own meetings.
    let square_decision = Builder::id("decision-square");
    let square_talk = b.add(Kind::Activity, "activity-story-square", json!({
        "type": "talk_day", "title": "汤边社区居民恳谈日：公益南路休闲广场选址", "community_id": tangbian,
        "on": date_minus(today, 150), "member_ids": citizens_of(&tangbian, 3), "attendees": 36u64,
        "demand_ids": [square_demand], "materials": 0u64,
        "minutes": "市民代表介绍在小区周边找到的场地和征集到的居民意见，与会居民讨论选址。",
        "decisions": [{
            "id": square_decision, "question": "是否在公益南路附近空地建设睦邻广场", "method": "yes_no",
            "for": 31u64, "against": 2u64, "abstain": 3u64,
            "result": "同意选址建设睦邻广场，由市民代表走访辖区党建共建单位争取资金",
        }],
    }));
    let mut leak_members = vec![envoy_of(&lingxiang)];
    leak_members.extend(citizens_of(&lingxiang, 1));
    let leak_mediation = b.add(Kind::Activity, "activity-story-leak", json!({
        "type": "mediation", "title": "灵响社区卫生间漏水纠纷联合调解", "community_id": lingxiang,
        "on": date_minus(today, 27), "member_ids": leak_members, "attendees": 2u64,
        "demand_ids": [leak_demand], "materials": 0u64,
        "minutes": "法务特派员为业主解读建筑结构和建筑法等有关规定，双方同意共同出资解决漏水问题。",
    }));
    let electricity_lecture = b.add(Kind::Activity, "activity-story-electricity-law", json!({
        "type": "legal_education", "title": "杨桥河南新村《民法典》公摊水电费标准宣讲", "community_id": yangqiao,
        "on": date_minus(today, 45), "member_ids": [envoy_of(&yangqiao)], "attendees": 60u64,
        "demand_ids": [electricity_demand], "materials": 120u64,
    }));
    let mut roundtable_members = citizens_of(&yangqiao, 3);
    roundtable_members.push(envoy_of(&yangqiao));
    let electricity_roundtable = b.add(Kind::Activity, "activity-story-electricity-vote", json!({
        "type": "roundtable", "title": format!("一刻钟圆桌会议：“{ELECTRICITY_MECHANISM}”机制"), "community_id": yangqiao,
        "on": date_minus(today, 30), "member_ids": roundtable_members, "attendees": 25u64,
        "demand_ids": [electricity_demand], "materials": 0u64,
        "minutes": "专家介绍实地调研制定的分摊机制，市民代表带头缴交公摊费用。",
        "decisions": [{
            "id": Builder::id("decision-electricity"), "question": format!("是否实行“{ELECTRICITY_MECHANISM}”机制，将公用电费精准分摊到每户"),
            "method": "yes_no", "for": 22u64, "against": 1u64, "abstain": 2u64,
            "result": "实行该机制；市民代表带头缴交公摊费用，动员全体业主签署“电费缴交意愿书”",
        }],
    }));
    let tourism_meeting = b.add(Kind::Activity, "activity-story-tourism", json!({
        "type": "expert_meeting", "title": "全域生态旅游示范区创建专家座谈会",
        "on": date_minus(today, 90), "member_ids": [experts[6].clone(), experts[3].clone()], "attendees": 24u64,
        "demand_ids": [], "materials": 0u64,
    }));

    // Outcomes, starting with the case's own.
    b.add(Kind::Outcome, "outcome-square", json!({
        "type": "micro_project", "title": "汤边社区睦邻广场建成", "on": date_minus(today, 40),
        "summary": "市民代表主动在小区周边寻找合适场地，征集居民意见建议，将诉求反映给社区党委，全过程参与广场选址及建设，共同走访20余家辖区党建共建单位争取资金24.75万元，建成深受群众欢迎的睦邻广场。",
        "community_id": tangbian, "demand_ids": [square_demand], "topic_id": square,
        "activity_ids": [square_talk.clone()], "member_ids": citizens_of(&tangbian, 1),
        "funds_fen": 24_750_000u64, "beneficiaries": 0u64,
        "funding_fen": { "government": 0u64, "social": 24_750_000u64, "residents": 0u64 },
        "decision": { "activity_id": square_talk, "decision_id": square_decision },
    }));
    b.add(Kind::Outcome, "outcome-leak", json!({
        "type": "mediation_agreement", "title": "灵响社区卫生间漏水纠纷调解协议", "on": date_minus(today, 25),
        "summary": "社区干部联系法务特派员介入，耐心为业主解读建筑结构和建筑法等有关规定，最终双方同意共同出资解决漏水问题。",
        "community_id": lingxiang, "demand_ids": [leak_demand],
        "activity_ids": [leak_mediation], "member_ids": [envoy_of(&lingxiang)],
        "funds_fen": 0u64, "beneficiaries": 2u64,
    }));
    b.add(Kind::Outcome, "outcome-electricity", json!({
        "type": "policy", "title": format!("“{ELECTRICITY_MECHANISM}”公摊公用电费机制"), "on": date_minus(today, 15),
        "summary": format!("邀请专家实地调研，制定“{ELECTRICITY_MECHANISM}”机制，将公用电费精准分摊到每户居民；法务特派员宣传讲解《民法典》中公摊水电费的标准；市民代表带头缴交公摊费用，小区全体业主签署“电费缴交意愿书”。"),
        "community_id": yangqiao, "demand_ids": electricity_demands, "topic_id": electricity,
        "activity_ids": [electricity_lecture, electricity_roundtable],
        "member_ids": [experts[0].clone(), experts[4].clone(), envoy_of(&yangqiao)],
        "funds_fen": 0u64, "beneficiaries": 0u64,
    }));
    b.add(Kind::Outcome, "outcome-tourism", json!({
        "type": "research_report", "title": "“一核两区三带四集群”全域文旅融合大格局", "on": date_minus(today, 5),
        "summary": "成功获评首批福建省全域生态旅游示范区。",
        "topic_id": tourism, "demand_ids": [], "activity_ids": [tourism_meeting],
        "member_ids": [experts[6].clone(), experts[3].clone()], "funds_fen": 0u64, "beneficiaries": 0u64,
    }));
    if let Some((key, community, members)) = budget_activity {
        let activity = Builder::id(&key);
        b.add(Kind::Outcome, "outcome-budget", json!({
            "type": "micro_project", "title": "楼道灯维修、增设电动车充电桩", "on": date_minus(today, 8),
            "summary": "参与式预算投票立项的微实事项目。", "community_id": community,
            "demand_ids": [], "activity_ids": [activity.clone()], "member_ids": members,
            "funds_fen": 4_300_000u64, "beneficiaries": 0u64,
            "funding_fen": { "government": 3_000_000u64, "social": 800_000u64, "residents": 500_000u64 },
            "spent_fen": 3_920_000u64,
            "decision": { "activity_id": activity, "decision_id": Builder::id("decision-budget") },
        }));
    }
    // Resolved cases and citizens' suggestions, each in its demand's own community.
    for i in 0..10 {
        let demand = &demands[i * 7];
        let suggestion = i % 3 == 0;
        b.add(Kind::Outcome, &format!("outcome-case-{i}"), json!({
            "type": if suggestion { "suggestion" } else { "resolved_case" },
            "title": if suggestion { format!("关于“{}”的建议", demand.title) } else { demand.title.to_string() },
            "on": date_minus(today, 10 + i as i64 * 9), "community_id": demand.community,
            "demand_ids": [demand.id.clone()], "activity_ids": [], "member_ids": [demand.reporter.clone()],
            "funds_fen": 0u64, "beneficiaries": 0u64,
        }));
    }
    honours_and_roles(
        &mut b,
        today,
        &communities,
        &citizens,
        &experts,
        &envoy_of(&lingxiang),
    );
    canvass_round(&mut b, &mut dice, today, &communities, &citizens);
    // The seed's modules (issue 18): kept in their own function.
    let envoy_ids: Vec<String> = envoys.iter().map(|(id, _)| id.clone()).collect();
    seed_modules(
        &mut b,
        today,
        &community_of,
        &SeedPeople {
            experts: &experts,
            citizens: &citizens,
            envoys: &envoy_ids,
            envoy_of: &envoy_of,
        },
        std::slice::from_ref(&square_demand),
    );
    b.revisions
}

/// Roles and sub-teams of the first citizens of each community ("发动市民代表
/// 担任'和事佬''大管家'……组建政策法规宣传队、文化志愿服务队"), and this
/// year's honours ("评选'智囊团''金牌调解员'") for the expert of the
/// electricity research and the envoy of the 灵响 mediation.
fn honours_and_roles(
    b: &mut Builder,
    today: Date,
    communities: &[(String, &str, &str)],
    citizens: &[(String, String)],
    experts: &[String],
    lingxiang_envoy: &str,
) {
    use crate::domain::honours::{ROLES, SUB_TEAMS};
    for (community, _, _) in communities {
        let ids: Vec<&String> = citizens
            .iter()
            .filter(|(_, c)| c == community)
            .map(|(id, _)| id)
            .collect();
        for (n, id) in ids.iter().enumerate() {
            let (field, key) = match n {
                0 => (ROLES, "peacemaker"),
                1 => (ROLES, "steward"),
                2 => (ROLES, "grid_service"),
                3..=6 => (SUB_TEAMS, "policy_publicity"),
                7..=10 => (SUB_TEAMS, "cultural_volunteers"),
                _ => continue,
            };
            if let Some(Value::Object(data)) = b
                .revisions
                .iter_mut()
                .find(|r| &r.id == *id)
                .and_then(|r| r.data.as_mut())
            {
                data.insert(field.into(), json!([key]));
            }
        }
    }
    let year = today.year();
    b.add(
        Kind::Honour,
        "honour-think-tank",
        json!({
            "member_id": experts[0], "title": "智囊团", "year": year,
            "reason": "实地调研杨桥河南新村公摊公用电费问题",
        }),
    );
    b.add(
        Kind::Honour,
        "honour-mediator",
        json!({
            "member_id": lingxiang_envoy, "title": "金牌调解员", "year": year,
            "reason": "化解灵响社区卫生间漏水邻里纠纷",
        }),
    );
}

/// The members the seed's modules draw on.
struct SeedPeople<'a> {
    experts: &'a [String],
    citizens: &'a [(String, String)],
    envoys: &'a [String],
    /// The envoy stationed in a community (by community id): legal reviews are
    /// done by the community's own envoy.
    envoy_of: &'a dyn Fn(&str) -> String,
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
        ("rule_review", "杨桥河南新村", 16, "《公共用电“一楼栋·一缴费·一亮灯”分摊办法》", "符合《民法典》关于建筑物共有部分费用分摊的规定；建议写明按户分摊的计算方式并张榜公示。", false),
        ("drafting", "汤边社区", 44, "睦邻广场共建协议", "起草共建协议，写明共建单位出资用途、验收和公示方式。", false),
        ("rule_review", "灵响社区", 33, "《居民公约》修订稿", "删去“罚款”条款（居民公约不能设定罚款），改为倡议和服务积分激励。", false),
        ("decision_opinion", "军门社区", 21, "微实事项目资金使用决定", "程序合规：经居民议事会表决并公示七日，无异议。", false),
        ("decision_opinion", "温泉社区", 9, "物业服务合同续签", "续签须经业主共同决定；建议先核对原合同的违约条款。", true),
        ("drafting", "庆城社区", 3, "小区停车管理告知书", "起草告知书，写明收费依据和业主大会决议。", false),
    ];
    for (n, (kind, community, days, title, result, internal)) in reviews.iter().enumerate() {
        let community = community_of(community);
        b.add(
            Kind::LegalReview,
            &format!("legal-review-{n}"),
            json!({
                "type": kind, "title": title, "community_id": community,
                "envoy_id": (people.envoy_of)(&community), "on": date_minus(today, *days), "result": result,
                "internal": internal,
            }),
        );
    }

    // 法务知识: short Q&A by envoys, carried to every phone.
    let articles = [
        (0, 20, true, "楼上卫生间漏水，谁来修？", &["漏水", "相邻关系", "维修"][..],
            "《民法典》第二百八十八条：不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。\n漏水多由楼上防水层或管道引起，先请物业或专业人员查明原因；因一方过错造成损害的，由其承担维修和赔偿责任（第一千一百六十五条）。协商不成，可找社区和法务特派员调解。"),
        (1, 14, true, "老旧小区公共用电费用怎么分摊？", &["电费", "公摊", "物业费"][..],
            "《民法典》第二百八十三条：建筑物及其附属设施的费用分摊、收益分配等事项，有约定的，按照约定；没有约定或者约定不明确的，按照业主专有部分面积所占比例确定。\n楼栋可以先开会约定“一楼栋·一缴费·一亮灯”，写成书面协议，全体业主签字；市民代表可以带头缴交公摊费用。"),
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
