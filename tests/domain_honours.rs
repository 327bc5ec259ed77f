//! Honours per year, duty funds per team and year, and the roles and sub-teams
//! that activities and figures are filtered by.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::domain::honours::{
    duty_fund, funds_by_team_and_year, honour, honours_by_year, roles, sub_teams, with_roles,
    within_group, FundTotals, HonourError, MemberGroup, Role, SubTeam, ROLES,
};
use doorstep::domain::kinds::{validate, Member, Team};
use doorstep::domain::stats::{dashboard, Dataset, Period, Scope};
use serde_json::json;

const A: &str = "a1000000-0000-4000-8000-000000000001";
const B: &str = "b1000000-0000-4000-8000-000000000002";
const C: &str = "c1000000-0000-4000-8000-000000000003";

fn citizen(name: &str) -> Member {
    serde_json::from_value(
        json!({ "name": name, "team": "citizen", "domains": [], "active": true }),
    )
    .unwrap()
}

#[test]
fn honours_are_listed_by_year_newest_first() {
    let list = vec![
        ("h1".to_string(), honour(A, "金牌调解员", 2025, "").unwrap()),
        (
            "h2".to_string(),
            honour(B, "智囊团", 2026, "提出养老服务建议").unwrap(),
        ),
        ("h3".to_string(), honour(C, "金牌调解员", 2026, "").unwrap()),
    ];
    let years = honours_by_year(&list);
    assert_eq!(
        years.iter().map(|(y, _)| *y).collect::<Vec<_>>(),
        vec![2026, 2025]
    );
    let titles: Vec<&str> = years[0].1.iter().map(|(_, h)| h.title.as_str()).collect();
    assert_eq!(titles, vec!["智囊团", "金牌调解员"]);
    assert_eq!(years[0].1[0].1.reason, Some("提出养老服务建议".into()));
    assert_eq!(honour("", "智囊团", 2026, ""), Err(HonourError::NoMember));
    assert_eq!(honour(A, " ", 2026, ""), Err(HonourError::NoTitle));
    assert_eq!(honour(A, "智囊团", 26, ""), Err(HonourError::BadYear));
    // A coordinator's own title is an honour like the seed's two.
    let own = honour(A, "优秀网格员", 2026, "").unwrap();
    assert_eq!(
        validate("honour", &serde_json::to_value(own).unwrap()),
        vec![]
    );
}

#[test]
fn duty_funds_add_up_per_team_and_year() {
    let funds = vec![
        duty_fund(Team::Citizen, 2026, 5_000_000, 1_200_000, "第一批").unwrap(),
        duty_fund(Team::Citizen, 2026, 2_000_000, 900_050, "").unwrap(),
        duty_fund(Team::LegalEnvoy, 2026, 3_000_000, 3_100_000, "").unwrap(),
        duty_fund(Team::Citizen, 2025, 4_000_000, 4_000_000, "").unwrap(),
    ];
    let totals = funds_by_team_and_year(&funds);
    assert_eq!(
        totals,
        vec![
            (
                (2026, Team::Citizen),
                FundTotals {
                    allocated_fen: 7_000_000,
                    spent_fen: 2_100_050
                }
            ),
            (
                (2026, Team::LegalEnvoy),
                FundTotals {
                    allocated_fen: 3_000_000,
                    spent_fen: 3_100_000
                }
            ),
            (
                (2025, Team::Citizen),
                FundTotals {
                    allocated_fen: 4_000_000,
                    spent_fen: 4_000_000
                }
            ),
        ]
    );
    assert_eq!(totals[0].1.balance_fen(), 4_899_950);
    assert_eq!(
        totals[1].1.balance_fen(),
        -100_000,
        "overspent shows as negative"
    );
    assert_eq!(
        duty_fund(Team::Expert, 1999, 0, 0, "").unwrap_err(),
        HonourError::BadYear
    );
    let data = serde_json::to_value(&funds[0]).unwrap();
    assert_eq!(data["allocated_fen"], 5_000_000);
    assert_eq!(validate("duty_fund", &data), vec![]);
}

#[test]
fn roles_and_sub_teams_are_kept_and_unknown_keys_survive() {
    let mut m = citizen("李伯");
    m.extra
        .insert(ROLES.into(), json!(["peacemaker", "x_new_role"]));
    assert_eq!(roles(&m), vec![Role::Peacemaker]);
    let m = with_roles(
        m,
        &[Role::Steward, Role::GridService],
        &[SubTeam::CulturalVolunteers],
    );
    assert_eq!(roles(&m), vec![Role::Steward, Role::GridService]);
    assert_eq!(sub_teams(&m), vec![SubTeam::CulturalVolunteers]);
    assert_eq!(
        m.extra[ROLES],
        json!(["steward", "grid_service", "x_new_role"]),
        "a newer version's role is passed on"
    );
    let cleared = with_roles(citizen("王姨"), &[], &[]);
    assert!(
        !cleared.extra.contains_key(ROLES),
        "no empty list is written"
    );
    assert_eq!(
        MemberGroup::parse(&MemberGroup::SubTeam(SubTeam::PolicyPublicity).key()),
        Some(MemberGroup::SubTeam(SubTeam::PolicyPublicity))
    );
    assert_eq!(MemberGroup::all().len(), 5);
}

#[test]
fn figures_filtered_by_a_role_count_only_what_its_members_did() {
    let peacemaker = with_roles(citizen("和事佬甲"), &[Role::Peacemaker], &[]);
    let publicist = with_roles(citizen("宣传员乙"), &[], &[SubTeam::PolicyPublicity]);
    let activity = |kind: &str, members: &[&str], attendees: u64| {
        serde_json::from_value(json!({
            "type": kind, "title": "t", "on": "2026-11-10", "member_ids": members,
            "attendees": attendees, "materials": 0, "demand_ids": [],
        }))
        .unwrap()
    };
    let data = Dataset {
        members: vec![
            (A.into(), peacemaker),
            (B.into(), publicist),
            (C.into(), citizen("丙")),
        ],
        activities: vec![
            activity("mediation", &[A], 3),
            activity("legal_education", &[B], 40),
            activity("roundtable", &[A, B], 20),
            activity("roundtable", &[C], 15),
        ],
        ..Dataset::default()
    };
    let all = Period {
        from: "2026-01-01".into(),
        to: "2026-12-31".into(),
    };
    let d = |data: &Dataset| dashboard(data, &Scope::All, &all, "2026-12-31", 7);
    let peacemakers = within_group(&data, MemberGroup::Role(Role::Peacemaker));
    assert_eq!(peacemakers.members.len(), 1);
    assert_eq!(
        d(&peacemakers).activities,
        2,
        "the mediation and the shared roundtable"
    );
    assert_eq!(d(&peacemakers).attendees, 23);
    assert_eq!(d(&peacemakers).mediations, 1);
    let publicity = within_group(&data, MemberGroup::SubTeam(SubTeam::PolicyPublicity));
    assert_eq!(d(&publicity).education_events, 1);
    assert_eq!(
        d(&publicity).activities,
        2,
        "the legal lecture has a citizen, and the roundtable"
    );
    assert_eq!(d(&data).activities, 4);
}
