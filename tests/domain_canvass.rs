#![cfg(not(target_arch = "wasm32"))]
//! Canvassing: the compound generator, coverage in a round, the latest outcome
//! of a door across bundles from several devices, next door, retries, walk lists.

use std::collections::HashMap;

use doorstep::domain::bundle::{parse_bundle, write_bundle, DeviceInfo, Scope};
use doorstep::domain::canvass::{
    address, building_grid, coverage, coverage_by, door_states, floor_of, generate, household_id,
    household_revision, next_unvisited, quarter_start, read_walk_list, retry_list, round_start,
    CompoundPattern, PatternError, VisitRef, MAX_GENERATED,
};
use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::{validate, Household, Kind, Visit, VisitOutcome};
use doorstep::domain::merge::merge_revisions;
use doorstep::domain::revision::{self, Revision};
use serde_json::json;

const COMMUNITY: &str = "c0000000-0000-4000-8000-000000000001";

fn pattern() -> CompoundPattern {
    CompoundPattern {
        buildings: (1, 12),
        units: Some((1, 3)),
        floors: (1, 6),
        doors: (1, 2),
    }
}

fn doors_of(pattern: &CompoundPattern) -> Vec<(String, Household)> {
    generate(COMMUNITY, pattern)
        .unwrap()
        .into_iter()
        .map(|h| (household_revision(&h).id, h))
        .collect()
}

fn visit(household: &str, at: &str, outcome: VisitOutcome) -> Visit {
    serde_json::from_value(json!({
        "household_id": household, "at": at, "outcome": outcome.as_str(), "demand_ids": [],
    }))
    .unwrap()
}

fn start() -> time::OffsetDateTime {
    round_start("2026-10-01", 480).unwrap()
}

#[test]
fn the_generator_makes_every_door_of_the_pattern_with_readable_labels() {
    let doors = generate(COMMUNITY, &pattern()).unwrap();
    assert_eq!(doors.len(), 12 * 3 * 6 * 2);
    assert_eq!(pattern().count(), doors.len());
    assert_eq!(address(&doors[0]), "1号楼 1单元 101");
    assert_eq!(address(&doors[1]), "1号楼 1单元 102");
    assert_eq!(address(&doors[2]), "1号楼 1单元 201");
    assert_eq!(address(doors.last().unwrap()), "12号楼 3单元 602");
    assert!(
        doors.iter().any(|d| address(d) == "3号楼 2单元 502"),
        "the issue's example door exists"
    );
    // Every door is a valid household record with its own id.
    let ids: std::collections::HashSet<String> =
        doors.iter().map(|d| household_revision(d).id).collect();
    assert_eq!(ids.len(), doors.len());
    for door in &doors {
        let data = serde_json::to_value(door).unwrap();
        assert!(validate("household", &data).is_empty(), "{data}");
        assert!(!door.vulnerable);
    }
    // High-rise doors and buildings without units.
    let tower = generate(
        COMMUNITY,
        &CompoundPattern {
            buildings: (7, 7),
            units: None,
            floors: (11, 12),
            doors: (1, 4),
        },
    )
    .unwrap();
    assert_eq!(tower.len(), 8);
    assert_eq!(address(&tower[0]), "7号楼 1101");
    assert_eq!(address(&tower[7]), "7号楼 1204");
    assert_eq!(floor_of("1204"), Some(12));
    assert_eq!(floor_of("502室"), Some(5));
    assert_eq!(floor_of("A"), None);
}

#[test]
fn the_generator_refuses_backwards_empty_and_huge_patterns() {
    let mut p = pattern();
    p.floors = (6, 1);
    assert_eq!(generate(COMMUNITY, &p), Err(PatternError::Backwards));
    p.floors = (0, 3);
    assert_eq!(generate(COMMUNITY, &p), Err(PatternError::Backwards));
    p.floors = (1, 60);
    let expected = 12 * 3 * 60 * 2;
    assert!(expected > MAX_GENERATED);
    assert_eq!(
        generate(COMMUNITY, &p),
        Err(PatternError::TooMany(expected))
    );
    assert_eq!(generate("", &pattern()), Err(PatternError::NoCommunity));
}

#[test]
fn generating_the_same_compound_on_two_devices_makes_the_same_records() {
    let a: Vec<Revision> = generate(COMMUNITY, &pattern())
        .unwrap()
        .iter()
        .map(household_revision)
        .collect();
    let b: Vec<Revision> = generate(COMMUNITY, &pattern())
        .unwrap()
        .iter()
        .map(household_revision)
        .collect();
    assert_eq!(a, b);
    let merged = merge_revisions(a[..2].iter().cloned().chain(b[..1].iter().cloned()));
    assert_eq!(merged.len(), 2, "one record per door, no conflicts");
    // The id depends on the address, so a walk-list import of the same door matches it.
    assert_eq!(
        a[0].id,
        household_id(COMMUNITY, "1号楼", Some("1单元"), "101")
    );
}

#[test]
fn coverage_counts_visits_in_the_round_once_per_door() {
    let doors = doors_of(&CompoundPattern {
        buildings: (1, 2),
        units: Some((1, 1)),
        floors: (1, 2),
        doors: (1, 2),
    });
    assert_eq!(doors.len(), 8);
    let id = |n: usize| doors[n].0.clone();
    let visits = [
        // Before the round (30 Sep, 23:30 Beijing): does not count.
        (
            "v0",
            "h-a",
            visit(&id(0), "2026-09-30T23:30:00+08:00", VisitOutcome::Talked),
        ),
        // 1 Oct 00:10 Beijing is 30 Sep 16:10 UTC: inside the round.
        (
            "v1",
            "h-b",
            visit(&id(1), "2026-09-30T16:10:00Z", VisitOutcome::NotHome),
        ),
        // Two devices knock on door 2: one door covered, two visits.
        (
            "v2",
            "h-c",
            visit(&id(2), "2026-10-05T10:00:00+08:00", VisitOutcome::NotHome),
        ),
        (
            "v3",
            "h-d",
            visit(&id(2), "2026-10-06T10:00:00+08:00", VisitOutcome::Talked),
        ),
        (
            "v4",
            "h-e",
            visit(&id(5), "2026-10-07T10:00:00+08:00", VisitOutcome::Refused),
        ),
    ];
    let refs: Vec<VisitRef> = visits
        .iter()
        .map(|(vid, hlc, v)| VisitRef {
            id: vid,
            hlc,
            visit: v,
        })
        .collect();
    let states = door_states(refs.iter().copied(), start());
    assert!(
        !states.contains_key(&id(0)),
        "a visit before the round does not count"
    );
    assert_eq!(states[&id(1)].outcome, VisitOutcome::NotHome);
    assert_eq!(
        states[&id(2)].outcome,
        VisitOutcome::Talked,
        "the later visit decides"
    );
    assert_eq!(states[&id(2)].visits, 2, "both visits are in its history");

    let all = coverage(doors.iter().map(|(id, h)| (id.as_str(), h)), &states);
    assert_eq!((all.visited, all.doors), (3, 8));
    assert_eq!(all.percent(), 37, "3 of 8 is 37.5 %, shown rounded down");

    let by_building = coverage_by(doors.iter().map(|(id, h)| (id.as_str(), h)), &states, |h| {
        Some(h.building.clone())
    });
    assert_eq!(by_building["1号楼"].visited, 2);
    assert_eq!(by_building["2号楼"].visited, 1);
    assert_eq!(by_building["2号楼"].doors, 4);

    // Per representative: only assigned doors count, and under their assignee.
    let mut assigned = doors.clone();
    for (_, h) in assigned.iter_mut().take(4) {
        h.assigned_to = Some("rep-1".into());
    }
    let by_rep = coverage_by(
        assigned.iter().map(|(id, h)| (id.as_str(), h)),
        &states,
        |h| h.assigned_to.clone(),
    );
    assert_eq!(by_rep.len(), 1);
    assert_eq!((by_rep["rep-1"].visited, by_rep["rep-1"].doors), (2, 4));
    let none = coverage(std::iter::empty(), &HashMap::new());
    assert_eq!(
        (none.doors, none.percent()),
        (0, 0),
        "no doors: 0 %, not a division by zero"
    );
}

/// Visits recorded on two devices, exported as bundles, and imported by a
/// third: each door's latest outcome is the same whichever order they arrive in.
#[test]
fn latest_outcome_per_door_across_merged_bundles() {
    let doors = doors_of(&CompoundPattern {
        buildings: (1, 1),
        units: None,
        floors: (1, 1),
        doors: (1, 3),
    });
    let (d1, d2, d3) = (&doors[0].0, &doors[1].0, &doors[2].0);
    let record = |clock: &mut HlcClock, ms: u64, door: &str, at: &str, outcome| {
        let data = serde_json::to_value(visit(door, at, outcome)).unwrap();
        revision::create(Kind::Visit, data, clock, ms)
    };
    let mut phone_a = HlcClock::new("aaaaaaaa-0000-4000-8000-000000000001");
    let mut phone_b = HlcClock::new("bbbbbbbb-0000-4000-8000-000000000002");
    let base = 1_791_000_000_000;
    let from_a = vec![
        record(
            &mut phone_a,
            base,
            d1,
            "2026-10-10T09:00:00+08:00",
            VisitOutcome::NotHome,
        ),
        record(
            &mut phone_a,
            base + 1,
            d2,
            "2026-10-10T09:05:00+08:00",
            VisitOutcome::Talked,
        ),
        // Two visits at the same instant: the greater hlc decides, on every device.
        record(
            &mut phone_a,
            base + 2,
            d3,
            "2026-10-11T09:00:00+08:00",
            VisitOutcome::NoNeed,
        ),
    ];
    let from_b = vec![
        record(
            &mut phone_b,
            base + 5,
            d1,
            "2026-10-12T18:00:00+08:00",
            VisitOutcome::Talked,
        ),
        // Recorded later on B, but the visit itself was earlier: A's visit stays the latest.
        record(
            &mut phone_b,
            base + 6,
            d2,
            "2026-10-09T18:00:00+08:00",
            VisitOutcome::Refused,
        ),
        record(
            &mut phone_b,
            base + 7,
            d3,
            "2026-10-11T09:00:00+08:00",
            VisitOutcome::Moved,
        ),
    ];
    let device = |id: &str| DeviceInfo {
        id: id.into(),
        label: id[..8].into(),
    };
    let file_a = write_bundle(
        "test",
        "2026-10-12T20:00:00Z",
        &device(&phone_a.device),
        &Scope::Full,
        &from_a,
    );
    let file_b = write_bundle(
        "test",
        "2026-10-12T20:00:00Z",
        &device(&phone_b.device),
        &Scope::Full,
        &from_b,
    );

    let import = |files: &[&String]| -> HashMap<String, VisitOutcome> {
        let revisions: Vec<Revision> = files
            .iter()
            .flat_map(|f| parse_bundle(f.as_bytes()).unwrap().records)
            .collect();
        // As the store does: group by id, keep the heads.
        let mut by_id: HashMap<String, Vec<Revision>> = HashMap::new();
        for rev in revisions {
            by_id.entry(rev.id.clone()).or_default().push(rev);
        }
        let heads: Vec<Revision> = by_id
            .into_values()
            .map(|revs| merge_revisions(revs).remove(0))
            .collect();
        let visits: Vec<(Revision, Visit)> = heads
            .into_iter()
            .map(|r| {
                let v = serde_json::from_value(r.data.clone().unwrap()).unwrap();
                (r, v)
            })
            .collect();
        door_states(
            visits.iter().map(|(r, v)| VisitRef {
                id: &r.id,
                hlc: &r.hlc,
                visit: v,
            }),
            start(),
        )
        .into_iter()
        .map(|(id, s)| (id, s.outcome))
        .collect()
    };
    let ab = import(&[&file_a, &file_b]);
    let ba = import(&[&file_b, &file_a, &file_b]);
    assert_eq!(
        ab, ba,
        "the order and repetition of imports does not matter"
    );
    assert_eq!(ab[d1], VisitOutcome::Talked, "B's later visit");
    assert_eq!(ab[d2], VisitOutcome::Talked, "A's visit is the later one");
    assert_eq!(ab[d3], VisitOutcome::Moved, "same instant: B's greater hlc");
}

#[test]
fn next_unvisited_door_is_the_nearest_in_the_same_unit_then_the_building() {
    let doors = doors_of(&CompoundPattern {
        buildings: (1, 1),
        units: Some((1, 2)),
        floors: (1, 3),
        doors: (1, 2),
    });
    let find = |unit: &str, door: &str| {
        doors
            .iter()
            .find(|(_, h)| h.unit.as_deref() == Some(unit) && h.door == door)
            .unwrap()
            .0
            .clone()
    };
    let at = "2026-10-05T10:00:00+08:00";
    let mut visits = vec![
        visit(&find("1单元", "201"), at, VisitOutcome::Talked),
        visit(&find("1单元", "202"), at, VisitOutcome::NotHome),
    ];
    let states = |visits: &[Visit]| {
        door_states(
            visits.iter().enumerate().map(|(i, v)| VisitRef {
                id: ["a", "b", "c", "d", "e", "f", "g", "h"][i],
                hlc: "x",
                visit: v,
            }),
            start(),
        )
    };
    // Walking order in unit 1: 101 102 201 202 301 302.
    let s = states(&visits);
    assert_eq!(
        next_unvisited(&doors, &s, &find("1单元", "201")),
        Some(find("1单元", "102").as_str()),
        "from 201 the nearest unvisited door is 102, next to it in walking order"
    );
    // From 202: 102 and 301 are both two doors away; the one ahead wins.
    assert_eq!(
        next_unvisited(&doors, &s, &find("1单元", "202")),
        Some(find("1单元", "301").as_str())
    );
    // When the unit is done, the building's other unit.
    for door in ["101", "102", "301", "302"] {
        visits.push(visit(&find("1单元", door), at, VisitOutcome::NoNeed));
    }
    let s = states(&visits);
    assert_eq!(
        next_unvisited(&doors, &s, &find("1单元", "302")),
        Some(find("2单元", "101").as_str())
    );
}

#[test]
fn the_walk_view_grid_stands_like_the_building() {
    let doors = doors_of(&CompoundPattern {
        buildings: (3, 3),
        units: Some((1, 2)),
        floors: (1, 6),
        doors: (1, 2),
    });
    let grid = building_grid(&doors, "3号楼");
    assert_eq!(grid.len(), 2);
    assert_eq!(grid[0].unit.as_deref(), Some("1单元"));
    let floors: Vec<Option<u32>> = grid[0].floors.iter().map(|(f, _)| *f).collect();
    assert_eq!(floors, [6, 5, 4, 3, 2, 1].map(Some));
    let top: Vec<&str> = grid[0].floors[0]
        .1
        .iter()
        .map(|id| doors.iter().find(|(i, _)| i == id).unwrap().1.door.as_str())
        .collect();
    assert_eq!(top, ["601", "602"]);
}

#[test]
fn not_home_doors_come_back_after_the_retry_days() {
    let doors = doors_of(&CompoundPattern {
        buildings: (1, 1),
        units: None,
        floors: (1, 1),
        doors: (1, 3),
    });
    let visits = [
        visit(
            &doors[0].0,
            "2026-10-05T10:00:00+08:00",
            VisitOutcome::NotHome,
        ),
        visit(
            &doors[1].0,
            "2026-10-03T10:00:00+08:00",
            VisitOutcome::NotHome,
        ),
        visit(
            &doors[1].0,
            "2026-10-04T10:00:00+08:00",
            VisitOutcome::Talked,
        ),
        visit(
            &doors[2].0,
            "2026-10-02T10:00:00+08:00",
            VisitOutcome::NotHome,
        ),
    ];
    let states = door_states(
        visits.iter().enumerate().map(|(i, v)| VisitRef {
            id: ["a", "b", "c", "d"][i],
            hlc: "x",
            visit: v,
        }),
        start(),
    );
    let list = retry_list(doors.iter().map(|(id, _)| id.as_str()), &states, 2);
    let ids: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [doors[2].0.as_str(), doors[0].0.as_str()],
        "talked-to door is off the list"
    );
    assert_eq!(
        list[0].due,
        time::OffsetDateTime::parse(
            "2026-10-04T10:00:00+08:00",
            &time::format_description::well_known::Rfc3339
        )
        .unwrap()
    );
}

#[test]
fn rounds_start_at_the_quarter_by_default() {
    assert_eq!(quarter_start("2026-11-26").as_deref(), Some("2026-10-01"));
    assert_eq!(quarter_start("2026-01-01").as_deref(), Some("2026-01-01"));
    assert_eq!(quarter_start("2026-06-30").as_deref(), Some("2026-04-01"));
    assert_eq!(quarter_start("nonsense"), None);
    assert_eq!(
        round_start("2026-10-01", 480).unwrap().unix_timestamp(),
        round_start("2026-09-30", 0).unwrap().unix_timestamp() + 16 * 3600
    );
}

#[test]
fn a_walk_list_csv_becomes_doors_and_lists_what_it_left_out() {
    let csv = "\u{feff}社区,楼栋,单元,门牌,重点户,备注\n\
               汤边社区,3,2,502,是,独居老人\n\
               汤边社区,3号楼,2单元,501,,\n\
               \"汤边社区\",\"3\",\"\",\"东侧平房\",否,\"有狗, 请敲门\"\n\
               不存在社区,1,1,101,,\n\
               汤边社区,,1,101,,\n\
               \n";
    let list = read_walk_list(csv, |name| {
        (name == "汤边社区").then(|| COMMUNITY.to_string())
    })
    .unwrap();
    assert_eq!(list.doors.len(), 3);
    assert_eq!(address(&list.doors[0]), "3号楼 2单元 502");
    assert!(list.doors[0].vulnerable);
    assert_eq!(list.doors[0].notes.as_deref(), Some("独居老人"));
    assert_eq!(address(&list.doors[1]), "3号楼 2单元 501");
    assert!(!list.doors[1].vulnerable);
    assert_eq!(address(&list.doors[2]), "3号楼 东侧平房");
    assert_eq!(list.doors[2].notes.as_deref(), Some("有狗, 请敲门"));
    // The same address as the generator makes: the same record.
    let generated = generate(
        COMMUNITY,
        &CompoundPattern {
            buildings: (3, 3),
            units: Some((2, 2)),
            floors: (5, 5),
            doors: (2, 2),
        },
    )
    .unwrap();
    assert_eq!(
        household_revision(&generated[0]),
        household_revision(&list.doors[0]),
        "the seed revision holds only the bare door: identical, so never an equal-vv conflict"
    );
    let lines: Vec<usize> = list.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [5, 6]);
    assert!(list.problems[0].text.zh.contains("不存在社区"));

    let english = "community,building,unit,door,vulnerable,notes\nTangbian,1,,101,yes,\n";
    let list = read_walk_list(english, |_| Some(COMMUNITY.to_string())).unwrap();
    assert_eq!(address(&list.doors[0]), "1号楼 101");
    assert!(list.doors[0].vulnerable);

    let err = read_walk_list("name,phone\nA,1\n", |_| None).unwrap_err();
    assert!(err.en.contains("community, building and door"));
}

#[test]
fn the_demo_district_has_a_partly_walked_compound_per_community() {
    let revs = doorstep::domain::demo::demo_district("2026-11-26");
    let households: Vec<(String, Household)> = revs
        .iter()
        .filter(|r| r.kind == "household")
        .map(|r| {
            (
                r.id.clone(),
                serde_json::from_value(r.data.clone().unwrap()).unwrap(),
            )
        })
        .collect();
    let visits: Vec<(&Revision, Visit)> = revs
        .iter()
        .filter(|r| r.kind == "visit")
        .map(|r| (r, serde_json::from_value(r.data.clone().unwrap()).unwrap()))
        .collect();
    assert_eq!(households.len(), 8 * 96);
    let states = door_states(
        visits.iter().map(|(r, v)| VisitRef {
            id: &r.id,
            hlc: &r.hlc,
            visit: v,
        }),
        start(),
    );
    let total = coverage(households.iter().map(|(id, h)| (id.as_str(), h)), &states);
    assert!(
        (25..=60).contains(&total.percent()),
        "half-walked, not empty or done: {}%",
        total.percent()
    );
    let before = visits
        .iter()
        .filter(|(_, v)| v.at.as_str() < "2026-10-01")
        .count();
    assert!(before > 0, "some visits belong to the previous round");
    let by_building = coverage_by(
        households.iter().map(|(id, h)| (id.as_str(), h)),
        &states,
        |h| Some(h.building.clone()),
    );
    assert!(by_building["1号楼"].percent() > by_building["3号楼"].percent());
    assert_eq!(by_building["4号楼"].visited, 0);
    assert!(households.iter().all(|(_, h)| h.assigned_to.is_some()));
}

#[test]
fn each_community_counts_its_own_round_set_by_a_coordinator() {
    use doorstep::domain::canvass::{community_round, door_states_by_round, with_round};
    use doorstep::domain::kinds::Community;
    let community: Community =
        serde_json::from_value(json!({ "name": "汤边社区", "street": "温泉街道" })).unwrap();
    assert_eq!(
        community_round(&community),
        None,
        "no round set: the app's default applies"
    );
    let set = with_round(&community, "2026-11-01");
    assert_eq!(community_round(&set), Some("2026-11-01"));
    let data = serde_json::to_value(&set).unwrap();
    assert!(validate("community", &data).is_empty());
    assert_eq!(
        data["canvass_round_start"], "2026-11-01",
        "a plain field other versions keep"
    );
    let bad = with_round(&community, "soon");
    assert_eq!(community_round(&bad), None);

    // Two doors in two communities; the same visit date counts in one round, not the other.
    let visits = [
        visit("door-a", "2026-10-15T10:00:00+08:00", VisitOutcome::Talked),
        visit("door-b", "2026-10-15T10:00:00+08:00", VisitOutcome::Talked),
        visit("door-x", "2026-10-15T10:00:00+08:00", VisitOutcome::Talked),
    ];
    let states = door_states_by_round(
        visits.iter().enumerate().map(|(i, v)| VisitRef {
            id: ["1", "2", "3"][i],
            hlc: "h",
            visit: v,
        }),
        |door| match door {
            "door-a" => round_start("2026-10-01", 480),
            "door-b" => round_start("2026-11-01", 480),
            _ => None,
        },
    );
    assert!(states.contains_key("door-a"));
    assert!(
        !states.contains_key("door-b"),
        "before its community's round"
    );
    assert!(
        !states.contains_key("door-x"),
        "an unknown door is not counted"
    );
}
