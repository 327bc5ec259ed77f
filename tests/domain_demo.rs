//! The demo district: valid, realistic, deterministic and marked as demo.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use doorstep::domain::decision::{decisions, started_by};
use doorstep::domain::demo::{demo_district, is_demo, ELECTRICITY_MECHANISM};
use doorstep::domain::kinds::{
    Activity, ActivityType, Demand, DemandEvent, DemandStatus, Kind, Member, Outcome, Team, Topic,
    TopicStatus,
};
use doorstep::domain::stats::{dashboard, value, Dataset, Period, Scope};
use doorstep::domain::status::demand_status;
use serde_json::Value;

#[test]
fn every_demo_record_is_valid_and_marked() {
    let revs = demo_district("2026-11-26");
    assert!(
        revs.len() > 500,
        "a district, not a handful: {}",
        revs.len()
    );
    for rev in &revs {
        assert_eq!(rev.problems(), vec![], "{} {} is invalid", rev.kind, rev.id);
        assert!(
            is_demo(rev.data.as_ref()),
            "{} {} is not marked demo",
            rev.kind,
            rev.id
        );
    }
    let ids: BTreeSet<&str> = revs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), revs.len(), "ids are unique");
}

#[test]
fn demo_covers_every_team_domain_status_and_the_worked_examples() {
    let revs = demo_district("2026-11-26");
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for rev in &revs {
        *per_kind.entry(rev.kind.as_str()).or_default() += 1;
    }
    for kind in [
        Kind::Community,
        Kind::Member,
        Kind::Demand,
        Kind::DemandEvent,
        Kind::Topic,
        Kind::Opinion,
        Kind::Activity,
        Kind::Outcome,
    ] {
        assert!(
            per_kind.get(kind.as_str()).copied().unwrap_or(0) > 0,
            "no {kind:?}"
        );
    }
    assert!(per_kind["demand"] >= 200, "a few hundred demands");
    let teams: BTreeSet<String> = revs
        .iter()
        .filter(|r| r.kind == "member")
        .filter_map(|r| r.data.as_ref()?.get("team")?.as_str().map(String::from))
        .collect();
    assert_eq!(teams.len(), 3);

    // Statuses derived from the demo's events cover the whole workflow.
    let mut events: BTreeMap<String, Vec<(DemandEvent, String)>> = BTreeMap::new();
    for rev in revs.iter().filter(|r| r.kind == "demand_event") {
        let event: DemandEvent = serde_json::from_value(rev.data.clone().unwrap()).unwrap();
        events
            .entry(event.demand_id.clone())
            .or_default()
            .push((event, rev.hlc.clone()));
    }
    let statuses: BTreeSet<DemandStatus> = revs
        .iter()
        .filter(|r| r.kind == "demand")
        .map(|r| demand_status(events.get(&r.id).map(Vec::as_slice).unwrap_or(&[])))
        .collect();
    for status in [
        DemandStatus::Open,
        DemandStatus::InProgress,
        DemandStatus::Referred,
        DemandStatus::Resolved,
    ] {
        assert!(statuses.contains(&status), "no demand is {status:?}");
    }
    let text: String = revs
        .iter()
        .filter_map(|r| r.data.as_ref().map(|d| d.to_string()))
        .collect();
    for example in [
        "汤边社区",
        "睦邻广场",
        "灵响社区",
        "漏水",
        "杨桥河南新村",
        "一楼栋·一缴费·一亮灯",
        "带头缴交公摊费用",
        "电费缴交意愿书",
        "成功获评首批",
    ] {
        assert!(text.contains(example), "the demo lacks {example}");
    }
    // ¥247,500 raised for the square, stored in fen.
    assert!(text.contains("\"funds_fen\":24750000"));
}

#[test]
fn demo_is_deterministic_so_two_devices_get_one_district() {
    assert_eq!(demo_district("2026-11-26"), demo_district("2026-11-26"));
    assert!(demo_district("not a date").is_empty());
}

fn data_of(revs: &[doorstep::domain::revision::Revision], kind: &str) -> Vec<(String, Value)> {
    revs.iter()
        .filter(|r| r.kind == kind)
        .map(|r| (r.id.clone(), r.data.clone().unwrap()))
        .collect()
}

fn decoded<T: serde::de::DeserializeOwned>(
    revs: &[doorstep::domain::revision::Revision],
    kind: &str,
) -> Vec<(String, T)> {
    data_of(revs, kind)
        .into_iter()
        .map(|(id, d)| (id, serde_json::from_value(d).unwrap()))
        .collect()
}

#[test]
fn every_demo_community_has_20_to_30_citizens_as_the_seed_says() {
    // "全区共有市民委员1660人，每个社区20-30人".
    let revs = demo_district("2026-11-26");
    let members: Vec<(String, Member)> = decoded(&revs, "member");
    let communities = data_of(&revs, "community");
    assert_eq!(communities.len(), 8);
    for (id, community) in &communities {
        let active = members
            .iter()
            .filter(|(_, m)| m.team == Team::Citizen && m.active)
            .filter(|(_, m)| m.community_id.as_deref() == Some(id.as_str()))
            .count();
        assert!(
            (20..=30).contains(&active),
            "{} has {active} active citizens",
            community["name"]
        );
    }
    let names: BTreeSet<&str> = members.iter().map(|(_, m)| m.name.as_str()).collect();
    assert_eq!(
        names.len(),
        members.len(),
        "no two demo members share a name"
    );
}

#[test]
fn the_electricity_mechanism_is_worded_as_in_the_seed() {
    // 实例4: "制定“一楼栋·一缴费·一亮灯”机制……市民代表带头缴交公摊费用".
    assert_eq!(ELECTRICITY_MECHANISM, "一楼栋·一缴费·一亮灯");
    let revs = demo_district("2026-11-26");
    let text: String = revs
        .iter()
        .filter_map(|r| r.data.as_ref().map(|d| d.to_string()))
        .collect();
    assert!(!text.contains("一楼一表一灯"), "the misquote is gone");
    assert!(
        !text.contains("垫付"),
        "representatives led in paying, they did not advance money"
    );
    let outcomes: Vec<(String, Outcome)> = decoded(&revs, "outcome");
    let policy = outcomes
        .iter()
        .find(|(_, o)| o.title.contains(ELECTRICITY_MECHANISM))
        .expect("the electricity outcome");
    let summary = policy.1.summary.as_deref().unwrap();
    for words in [
        "将公用电费精准分摊到每户居民",
        "《民法典》中公摊水电费的标准",
        "市民代表带头缴交公摊费用",
        "全体业主签署“电费缴交意愿书”",
    ] {
        assert!(summary.contains(words), "the summary lacks {words}");
    }
}

#[test]
fn envoys_serve_in_their_own_community_and_experts_meet_at_district_level() {
    let revs = demo_district("2026-11-26");
    let members: BTreeMap<String, Member> = decoded(&revs, "member").into_iter().collect();
    let communities: BTreeMap<String, Value> = data_of(&revs, "community").into_iter().collect();
    for member in members.values().filter(|m| m.team == Team::LegalEnvoy) {
        let community = member.community_id.as_ref().expect("an envoy's community");
        let name = communities[community]["name"].as_str().unwrap();
        assert_eq!(
            member.expertise.as_deref(),
            Some(format!("{name}法务特派员工作站").as_str()),
            "the workstation is in the envoy's own community"
        );
    }
    let activities: Vec<(String, Activity)> = decoded(&revs, "activity");
    for (_, activity) in &activities {
        if activity.activity_type == ActivityType::ExpertMeeting {
            assert_eq!(
                activity.community_id, None,
                "{}: not a community activity",
                activity.title
            );
            continue;
        }
        for id in &activity.member_ids {
            let member = &members[id];
            if member.team != Team::Expert {
                assert_eq!(
                    member.community_id, activity.community_id,
                    "{}: a member from another community",
                    activity.title
                );
            }
        }
        if !crate_is_legal(activity.activity_type) {
            assert_eq!(
                activity.materials, 0,
                "{}: leaflets only at legal events",
                activity.title
            );
        }
    }
    // Referrals go to the envoy of the demand's own community.
    let demands: BTreeMap<String, Demand> = decoded(&revs, "demand").into_iter().collect();
    for (_, event) in decoded::<DemandEvent>(&revs, "demand_event") {
        if let Some(envoy) = &event.to_member {
            assert_eq!(
                members[envoy].community_id.as_deref(),
                Some(demands[&event.demand_id].community_id.as_str())
            );
        }
    }
}

fn crate_is_legal(kind: ActivityType) -> bool {
    doorstep::domain::stats::is_legal_event(kind) || kind == ActivityType::HomeVisit
}

#[test]
fn outcomes_link_their_own_community_and_the_tourism_topic_is_achieved() {
    let revs = demo_district("2026-11-26");
    let activities: BTreeMap<String, Activity> = decoded(&revs, "activity").into_iter().collect();
    let demands: BTreeMap<String, Demand> = decoded(&revs, "demand").into_iter().collect();
    let outcomes: Vec<(String, Outcome)> = decoded(&revs, "outcome");
    for (_, outcome) in &outcomes {
        for id in &outcome.activity_ids {
            assert_eq!(
                activities[id].community_id, outcome.community_id,
                "{}",
                outcome.title
            );
        }
        for id in &outcome.demand_ids {
            assert_eq!(
                Some(&demands[id].community_id),
                outcome.community_id.as_ref(),
                "{}",
                outcome.title
            );
        }
        if let Some((activity, decision)) = started_by(outcome) {
            assert!(
                decisions(&activities[&activity])
                    .iter()
                    .any(|d| d.id == decision),
                "{}: its decision exists",
                outcome.title
            );
        }
    }
    let topics: Vec<(String, Topic)> = decoded(&revs, "topic");
    let tourism = topics
        .iter()
        .find(|(_, t)| t.title.contains("全域生态旅游示范区"))
        .unwrap();
    assert_eq!(
        tourism.1.status,
        TopicStatus::Closed,
        "成功获评首批: achieved"
    );
    assert!(tourism
        .1
        .description
        .as_deref()
        .unwrap()
        .contains("成功获评首批福建省全域生态旅游示范区"));
    // The square: ¥247,500 raised from 20+ partner units, i.e. social funds, by a talk-day decision.
    let square = outcomes
        .iter()
        .find(|(_, o)| o.title.contains("睦邻广场"))
        .unwrap();
    let funding = doorstep::domain::funding::funding(&square.1).unwrap();
    assert_eq!(funding.social_fen, 24_750_000);
    assert_eq!(funding.total_fen(), square.1.funds_fen);
    assert!(started_by(&square.1).is_some(), "a decision started it");
}

#[test]
fn the_demo_dashboard_matches_figures_computed_by_hand() {
    let revs = demo_district("2026-11-26");
    let members: Vec<(String, Member)> = decoded(&revs, "member");
    let activities: Vec<Activity> = decoded(&revs, "activity")
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    let outcomes: Vec<Outcome> = decoded(&revs, "outcome")
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    let data = Dataset {
        members: members.clone(),
        activities: activities.clone(),
        outcomes,
        demands: decoded(&revs, "demand"),
        events: Vec::new(),
        legal_reviews: decoded(&revs, "legal_review")
            .into_iter()
            .map(|(_, r)| r)
            .collect(),
        consultations: decoded(&revs, "consultation")
            .into_iter()
            .map(|(_, c)| c)
            .collect(),
    };
    let all = Period {
        from: "0000-01-01".into(),
        to: "9999-12-31".into(),
    };
    let d = dashboard(&data, &Scope::All, &all, "2026-11-26", 7);
    // Social funds: the square's ¥247,500 and the budgeted projects' ¥8,000 from partners.
    assert_eq!(value(&d, "funds"), "¥255500.00");
    assert_eq!(d.micro_projects, 2);
    // Expert meetings: the five district meetings and the tourism talk, none in a community.
    assert_eq!(d.expert_meetings, 6);
    let scoped = dashboard(
        &data,
        &Scope::Communities(
            members
                .iter()
                .filter_map(|(_, m)| m.community_id.clone())
                .collect(),
        ),
        &all,
        "2026-11-26",
        7,
    );
    assert_eq!(
        scoped.expert_meetings, 0,
        "no district meeting is a community's activity"
    );
    // Legal people served and leaflets, summed by hand over the legal activities.
    let served: u64 = activities
        .iter()
        .filter(|a| {
            matches!(
                a.activity_type,
                ActivityType::LegalConsultation | ActivityType::Mediation | ActivityType::HomeVisit
            )
        })
        .map(|a| a.attendees)
        .sum();
    assert_eq!(d.legal_served, served);
    let leaflets: u64 = activities
        .iter()
        .filter(|a| {
            matches!(
                a.activity_type,
                ActivityType::LegalConsultation
                    | ActivityType::Mediation
                    | ActivityType::LegalEducation
            )
        })
        .map(|a| a.materials)
        .sum();
    assert_eq!(d.leaflets, leaflets);
    assert_eq!(
        d.leaflets,
        activities.iter().map(|a| a.materials).sum::<u64>(),
        "no leaflet recorded outside legal events"
    );
    // Citizens' committee activities: every non-expert demo activity has a citizen or is a citizens' type.
    let citizen_ids: BTreeSet<&str> = members
        .iter()
        .filter(|(_, m)| m.team == Team::Citizen)
        .map(|(id, _)| id.as_str())
        .collect();
    let by_hand = activities
        .iter()
        .filter(|a| {
            a.member_ids
                .iter()
                .any(|m| citizen_ids.contains(m.as_str()))
                || matches!(
                    a.activity_type,
                    ActivityType::Roundtable
                        | ActivityType::TalkDay
                        | ActivityType::ParticipatoryBudget
                        | ActivityType::VolunteerService
                )
        })
        .count() as u64;
    assert_eq!(d.activities, by_hand);
    assert!(
        d.activities < activities.len() as u64,
        "experts' meetings are not counted"
    );
}

#[test]
fn demo_citizens_have_roles_and_sub_teams_and_two_honours_are_given() {
    use doorstep::domain::honours::{roles, sub_teams, Honour, Role, SubTeam};
    let revs = demo_district("2026-11-26");
    let members: Vec<(String, Member)> = decoded(&revs, "member");
    let communities = data_of(&revs, "community");
    for (id, _) in &communities {
        let here: Vec<&Member> = members
            .iter()
            .map(|(_, m)| m)
            .filter(|m| m.community_id.as_deref() == Some(id.as_str()) && m.team == Team::Citizen)
            .collect();
        for role in Role::ALL {
            assert_eq!(
                here.iter().filter(|m| roles(m).contains(&role)).count(),
                1,
                "{role:?}"
            );
        }
        for team in SubTeam::ALL {
            assert_eq!(
                here.iter().filter(|m| sub_teams(m).contains(&team)).count(),
                4,
                "{team:?}"
            );
        }
    }
    let honours: Vec<(String, Honour)> = decoded(&revs, "honour");
    let titles: BTreeSet<&str> = honours.iter().map(|(_, h)| h.title.as_str()).collect();
    assert_eq!(titles, BTreeSet::from(["智囊团", "金牌调解员"]));
    assert!(honours.iter().all(|(_, h)| h.year == 2026));
}
