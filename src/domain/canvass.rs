//! Door-to-door canvassing: a compound's doors (households), what happened at
//! each door (visits), rounds and coverage.
//!
//! - Doors are generated from a pattern (buildings × units × floors × doors per
//!   floor). A door's id is a UUID v5 of its community and address, and its
//!   first revision is written by the seed pseudo-device at clock zero (as
//!   [`crate::domain::community`] does): two coordinators who generate the same
//!   compound, or import the same walk list, hold the same records — not two
//!   copies of every door. Assigning, editing or removing a door is an ordinary
//!   revision that dominates the seed one.
//! - Visits are append-only. A door's *state in a round* is its latest visit
//!   (greatest `at` as an instant, then greatest `hlc`) at or after the round's
//!   start; visits before the round do not count.
//! - Coverage = doors with at least one visit in the round ÷ doors: two visits
//!   to one door (from two phones, say) cover it once and show twice in its history.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::domain::community::SEED_DEVICE;
use crate::domain::kinds::{Community, Household, Kind, Visit, VisitOutcome};
use crate::domain::revision::Revision;
use crate::domain::vv::VersionVector;
use crate::i18n::Text;

/// Namespace of door ids (a fixed UUID; changing it would duplicate every door).
const DOOR_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x3d8a_7c41_e5b2_4f09_9c6e_12ab_84f0_d7e3);

/// The most doors one pattern may generate (a typo like floors 1–600 should not
/// write a hundred thousand records).
pub const MAX_GENERATED: usize = 3000;

/// Days after a "not home" before the door is due for another knock, unless configured.
pub const DEFAULT_RETRY_DAYS: u32 = 2;

/// `3号楼` from `3`, and any other text unchanged (trimmed).
pub fn building_label(text: &str) -> String {
    label(text, "号楼")
}

/// `2单元` from `2`, and any other text unchanged (trimmed).
pub fn unit_label(text: &str) -> String {
    label(text, "单元")
}

fn label(text: &str, suffix: &str) -> String {
    let text = text.trim();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        let number = text.trim_start_matches('0');
        format!("{}{suffix}", if number.is_empty() { "0" } else { number })
    } else {
        text.to_string()
    }
}

/// A door's number from its floor and its place on the floor: floor 5, door 2 → `502`.
pub fn door_label(floor: u32, door: u32) -> String {
    format!("{floor}{door:02}")
}

/// The floor of a door numbered like `502` or `1201` (the digits before the
/// last two); `None` for doors numbered otherwise (`A`, `12`, `东侧`).
pub fn floor_of(door: &str) -> Option<u32> {
    let digits: String = door
        .trim()
        .trim_end_matches('室')
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.len() >= 3 {
        digits[..digits.len() - 2].parse().ok()
    } else {
        None
    }
}

/// A sort key that puts `2号楼` before `10号楼`: the first number in the text, then the text.
pub fn natural_key(text: &str) -> (u64, String) {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    (digits.parse().unwrap_or(u64::MAX), text.to_string())
}

/// Walking order of doors: building, unit, floor, door.
pub fn door_order(a: &Household, b: &Household) -> std::cmp::Ordering {
    (
        natural_key(&a.building),
        a.unit.as_deref().map(natural_key),
        floor_of(&a.door),
        natural_key(&a.door),
    )
        .cmp(&(
            natural_key(&b.building),
            b.unit.as_deref().map(natural_key),
            floor_of(&b.door),
            natural_key(&b.door),
        ))
}

/// The address as people say it: `3号楼 2单元 502`.
pub fn address(household: &Household) -> String {
    match household.unit.as_deref().filter(|u| !u.is_empty()) {
        Some(unit) => format!("{} {} {}", household.building, unit, household.door),
        None => format!("{} {}", household.building, household.door),
    }
}

/// The id of the door at this address of this community, the same on every device.
pub fn household_id(community_id: &str, building: &str, unit: Option<&str>, door: &str) -> String {
    let key = format!(
        "{community_id}/{}/{}/{}",
        building.trim(),
        unit.map(str::trim).unwrap_or(""),
        door.trim()
    );
    uuid::Uuid::new_v5(&DOOR_NAMESPACE, key.as_bytes()).to_string()
}

/// A short stable key for a building of a community, for links (`/walk/…/<key>`).
pub fn building_key(building: &str) -> String {
    let id = uuid::Uuid::new_v5(&DOOR_NAMESPACE, building.trim().as_bytes());
    id.simple().to_string()[..12].to_string()
}

/// A new door with nothing known about it yet.
pub fn new_household(
    community_id: &str,
    building: &str,
    unit: Option<&str>,
    door: &str,
) -> Household {
    Household {
        community_id: community_id.to_string(),
        building: building_label(building),
        unit: unit.map(unit_label).filter(|u| !u.is_empty()),
        door: door.trim().to_string(),
        assigned_to: None,
        vulnerable: false,
        notes: None,
        extra: Map::new(),
    }
}

/// The door alone, as the generator makes it: what a walk list adds
/// (vulnerable, notes) and the turf (assigned_to) left out.
pub fn bare(household: &Household) -> Household {
    new_household(
        &household.community_id,
        &household.building,
        household.unit.as_deref(),
        &household.door,
    )
}

/// The first revision of a door: the same bytes on every device that makes
/// it, because it holds only the bare door (see [`bare`]). Anything more —
/// a vulnerable flag from a walk list, an assignment — is an ordinary edit
/// on top, so two devices that disagree about it make a visible conflict,
/// never two seed revisions with equal version vectors and different data.
pub fn household_revision(household: &Household) -> Revision {
    let household = &bare(household);
    Revision {
        id: household_id(
            &household.community_id,
            &household.building,
            household.unit.as_deref(),
            &household.door,
        ),
        kind: Kind::Household.as_str().to_string(),
        hlc: format!("{:013}-{:05}-{SEED_DEVICE}", 0, 0),
        vv: VersionVector::single(SEED_DEVICE, 1),
        deleted: false,
        data: Some(serde_json::to_value(household).unwrap_or(Value::Null)),
        extra: Map::new(),
    }
}

/// A compound's pattern: inclusive ranges of building numbers, unit numbers
/// (`None`: the buildings have no units), floors and doors per floor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompoundPattern {
    pub buildings: (u32, u32),
    pub units: Option<(u32, u32)>,
    pub floors: (u32, u32),
    pub doors: (u32, u32),
}

impl CompoundPattern {
    /// How many doors the pattern makes.
    pub fn count(&self) -> usize {
        let span = |(a, b): (u32, u32)| (b.saturating_sub(a) as usize + 1) * usize::from(a <= b);
        span(self.buildings)
            * self.units.map(span).unwrap_or(1)
            * span(self.floors)
            * span(self.doors)
    }
}

/// Why a pattern makes no doors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// A range runs backwards ("from 6 to 1") or starts at zero where zero means nothing.
    Backwards,
    /// More doors than [`MAX_GENERATED`].
    TooMany(usize),
    /// No community chosen.
    NoCommunity,
}

impl PatternError {
    pub fn text(&self) -> Text {
        match self {
            PatternError::Backwards => Text::new(
                "每一项的“到”不能小于“从”，楼层和门号从 1 开始。未生成任何门户。",
                "Each “to” must not be less than its “from”; floors and doors start at 1. No doors were made.",
            ),
            PatternError::TooMany(n) => Text::new(
                format!("这会生成 {n} 户，超过一次最多 {MAX_GENERATED} 户。请分几次生成。未生成任何门户。"),
                format!("That would make {n} doors, more than {MAX_GENERATED} at once. Generate the compound in parts. No doors were made."),
            ),
            PatternError::NoCommunity => Text::new(
                "请先选择社区。",
                "Choose a community first.",
            ),
        }
    }
}

/// Every door of a compound, in walking order: `3号楼`, `2单元`, `502`.
pub fn generate(
    community_id: &str,
    pattern: &CompoundPattern,
) -> Result<Vec<Household>, PatternError> {
    if community_id.is_empty() {
        return Err(PatternError::NoCommunity);
    }
    let ranges = [
        Some(pattern.buildings),
        pattern.units,
        Some(pattern.floors),
        Some(pattern.doors),
    ];
    if ranges.iter().flatten().any(|&(a, b)| a > b || a == 0) {
        return Err(PatternError::Backwards);
    }
    let count = pattern.count();
    if count > MAX_GENERATED {
        return Err(PatternError::TooMany(count));
    }
    let units: Vec<Option<String>> = match pattern.units {
        Some((a, b)) => (a..=b).map(|u| Some(u.to_string())).collect(),
        None => vec![None],
    };
    let mut out = Vec::with_capacity(count);
    for building in pattern.buildings.0..=pattern.buildings.1 {
        for unit in &units {
            for floor in pattern.floors.0..=pattern.floors.1 {
                for door in pattern.doors.0..=pattern.doors.1 {
                    out.push(new_household(
                        community_id,
                        &building.to_string(),
                        unit.as_deref(),
                        &door_label(floor, door),
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// One visit as stored: its record id, its revision's `hlc` and its data.
#[derive(Clone, Copy, Debug)]
pub struct VisitRef<'a> {
    pub id: &'a str,
    pub hlc: &'a str,
    pub visit: &'a Visit,
}

/// A capture at a door is a demand plus a visit: the "talked" visit, by
/// `member_id` at `at`, that links the demand `demand_id` to door
/// `household_id`. Written with the demand in one transaction, so the door
/// shows "talked, has a need" exactly when the demand is stored.
pub fn capture_visit(
    household_id: &str,
    member_id: Option<&str>,
    at: &str,
    demand_id: &str,
) -> Visit {
    Visit {
        household_id: household_id.to_owned(),
        member_id: member_id.map(str::to_owned),
        at: at.to_owned(),
        outcome: VisitOutcome::Talked,
        demand_ids: vec![demand_id.to_owned()],
        notes: None,
        extra: Map::new(),
    }
}

/// A visit's time as an instant; `None` when unreadable.
pub fn visit_time(visit: &Visit) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(&visit.at, &Rfc3339).ok()
}

/// The latest of some visits: greatest `at` as an instant, then greatest `hlc`.
/// A visit with an unreadable time never wins over a readable one.
pub fn latest<'a>(visits: impl IntoIterator<Item = VisitRef<'a>>) -> Option<VisitRef<'a>> {
    visits
        .into_iter()
        .max_by_key(|v| (visit_time(v.visit), v.hlc, v.id))
}

/// A door's latest visit in the round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoorState {
    pub outcome: VisitOutcome,
    pub at: OffsetDateTime,
    /// Visits to the door in the round (each device's knock counts here).
    pub visits: usize,
}

/// Each door's state in the round that started at `round_start`: its latest
/// visit at or after the start. Doors without such a visit are absent.
pub fn door_states<'a>(
    visits: impl IntoIterator<Item = VisitRef<'a>>,
    round_start: OffsetDateTime,
) -> HashMap<String, DoorState> {
    door_states_by_round(visits, |_| Some(round_start))
}

/// [`door_states`] where each door's round may start at another time (each
/// community runs its own round): `round_start(door id)`, `None` for a door
/// that is not known (its visits are left out).
pub fn door_states_by_round<'a>(
    visits: impl IntoIterator<Item = VisitRef<'a>>,
    round_start: impl Fn(&str) -> Option<OffsetDateTime>,
) -> HashMap<String, DoorState> {
    let mut by_door: HashMap<&str, Vec<VisitRef<'a>>> = HashMap::new();
    for v in visits {
        let start = round_start(&v.visit.household_id);
        if visit_time(v.visit).is_some_and(|at| start.is_some_and(|s| at >= s)) {
            by_door
                .entry(v.visit.household_id.as_str())
                .or_default()
                .push(v);
        }
    }
    by_door
        .into_iter()
        .filter_map(|(door, visits)| {
            let count = visits.len();
            let last = latest(visits)?;
            Some((
                door.to_string(),
                DoorState {
                    outcome: last.visit.outcome,
                    at: visit_time(last.visit)?,
                    visits: count,
                },
            ))
        })
        .collect()
}

/// Doors visited in a round out of doors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub doors: usize,
    pub visited: usize,
}

impl Coverage {
    /// Whole percent, rounded down (so 99.6 % is not shown as done); 0 without doors.
    pub fn percent(&self) -> u32 {
        (self.visited * 100).checked_div(self.doors).unwrap_or(0) as u32
    }

    fn add(&mut self, visited: bool) {
        self.doors += 1;
        self.visited += usize::from(visited);
    }
}

/// Coverage of `doors` grouped by `key` (a building, a community, the assigned
/// representative...); a door whose key is `None` is left out.
pub fn coverage_by<'a, K: Ord>(
    doors: impl IntoIterator<Item = (&'a str, &'a Household)>,
    states: &HashMap<String, DoorState>,
    key: impl Fn(&Household) -> Option<K>,
) -> BTreeMap<K, Coverage> {
    let mut out: BTreeMap<K, Coverage> = BTreeMap::new();
    for (id, household) in doors {
        if let Some(k) = key(household) {
            out.entry(k).or_default().add(states.contains_key(id));
        }
    }
    out
}

/// Coverage of all of `doors`.
pub fn coverage<'a>(
    doors: impl IntoIterator<Item = (&'a str, &'a Household)>,
    states: &HashMap<String, DoorState>,
) -> Coverage {
    coverage_by(doors, states, |_| Some(()))
        .remove(&())
        .unwrap_or_default()
}

/// A "not home" door to knock on again, and from when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retry {
    pub id: String,
    pub last: OffsetDateTime,
    pub due: OffsetDateTime,
}

/// Doors whose latest visit in the round found nobody home, oldest knock
/// first; `due` is `retry_days` after that knock.
pub fn retry_list<'a>(
    doors: impl IntoIterator<Item = &'a str>,
    states: &HashMap<String, DoorState>,
    retry_days: u32,
) -> Vec<Retry> {
    let mut out: Vec<Retry> = doors
        .into_iter()
        .filter_map(|id| {
            let state = states.get(id)?;
            (state.outcome == VisitOutcome::NotHome).then(|| Retry {
                id: id.to_string(),
                last: state.at,
                due: state.at + Duration::days(i64::from(retry_days)),
            })
        })
        .collect();
    out.sort_by(|a, b| a.last.cmp(&b.last).then_with(|| a.id.cmp(&b.id)));
    out
}

/// The nearest door not yet visited in the round, in the same building and
/// unit as `current` (nearest in walking order, the one after on a tie); then
/// elsewhere in the same building. `doors` is every door of the community.
pub fn next_unvisited<'a>(
    doors: &'a [(String, Household)],
    states: &HashMap<String, DoorState>,
    current: &str,
) -> Option<&'a str> {
    let here = doors.iter().find(|(id, _)| id == current)?.1.clone();
    let mut building: Vec<&(String, Household)> = doors
        .iter()
        .filter(|(_, h)| h.building == here.building)
        .collect();
    building.sort_by(|a, b| door_order(&a.1, &b.1));
    let position = building.iter().position(|(id, _)| id == current)?;
    let nearest = |same_unit: bool| {
        building
            .iter()
            .enumerate()
            .filter(|(_, (id, h))| {
                id != current && !states.contains_key(id) && (h.unit == here.unit) == same_unit
            })
            .min_by_key(|(i, _)| (i.abs_diff(position), *i < position))
            .map(|(_, (id, _))| id.as_str())
    };
    nearest(true).or_else(|| nearest(false))
}

/// One unit of a building as the walk view draws it: floors from the top down,
/// each floor's doors left to right. Doors whose floor cannot be read go in a
/// last row (`floor: None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitGrid {
    pub unit: Option<String>,
    pub floors: Vec<(Option<u32>, Vec<String>)>,
}

/// The walk view of one building: its units, each as a grid of floors and doors.
pub fn building_grid(doors: &[(String, Household)], building: &str) -> Vec<UnitGrid> {
    let mut in_building: Vec<&(String, Household)> = doors
        .iter()
        .filter(|(_, h)| h.building == building)
        .collect();
    in_building.sort_by(|a, b| door_order(&a.1, &b.1));
    let mut units: Vec<UnitGrid> = Vec::new();
    for (id, h) in in_building {
        if units.last().is_none_or(|u| u.unit != h.unit) {
            units.push(UnitGrid {
                unit: h.unit.clone(),
                floors: Vec::new(),
            });
        }
        let Some(unit) = units.last_mut() else {
            continue;
        };
        let floor = floor_of(&h.door);
        match unit.floors.iter_mut().find(|(f, _)| *f == floor) {
            Some((_, row)) => row.push(id.clone()),
            None => unit.floors.push((floor, vec![id.clone()])),
        }
    }
    for unit in &mut units {
        // Top floor first, as the building stands; unreadable floors last.
        unit.floors
            .sort_by_key(|(f, _)| (f.is_none(), std::cmp::Reverse(*f)));
    }
    units
}

/// The buildings of some doors, in natural order (`2号楼` before `10号楼`).
pub fn buildings<'a>(doors: impl IntoIterator<Item = &'a Household>) -> Vec<String> {
    let mut out: Vec<String> = doors.into_iter().map(|h| h.building.clone()).collect();
    out.sort_by_key(|b| natural_key(b));
    out.dedup();
    out
}

/// The field of a community's data that holds its current canvass round's
/// start (`YYYY-MM-DD`): set by a coordinator, it travels in bundles like any
/// edit, so every phone counts the same round. Other app versions keep it.
pub const ROUND_FIELD: &str = "canvass_round_start";

/// The round start a coordinator set for `community`, if any (and if it is a date).
pub fn community_round(community: &Community) -> Option<&str> {
    community
        .extra
        .get(ROUND_FIELD)
        .and_then(Value::as_str)
        .filter(|d| {
            time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
        })
}

/// `community` with its round starting on `date`.
pub fn with_round(community: &Community, date: &str) -> Community {
    let mut next = community.clone();
    next.extra
        .insert(ROUND_FIELD.into(), Value::String(date.trim().to_string()));
    next
}

/// The first day of the quarter `today` (`YYYY-MM-DD`) is in: the default round start.
pub fn quarter_start(today: &str) -> Option<String> {
    let year = today.get(..4)?;
    let month: u32 = today.get(5..7)?.parse().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    Some(format!("{year}-{:02}-01", (month - 1) / 3 * 3 + 1))
}

/// The instant a round starts: midnight at the start of `date` (`YYYY-MM-DD`)
/// at the given UTC offset in minutes (the device's; Beijing is +480).
pub fn round_start(date: &str, offset_minutes: i32) -> Option<OffsetDateTime> {
    let date = time::Date::parse(
        date,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    let offset = time::UtcOffset::from_whole_seconds(offset_minutes.checked_mul(60)?).ok()?;
    Some(date.midnight().assume_offset(offset))
}

/// One line of a walk-list CSV that could not be taken, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    /// 1-based line number in the file (the header is line 1).
    pub line: usize,
    pub text: Text,
}

/// A walk list read from CSV: the doors, and the lines that were left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WalkList {
    pub doors: Vec<Household>,
    pub problems: Vec<LineProblem>,
}

/// Reads a walk list: a header naming the columns `community, building, unit,
/// door, vulnerable, notes` (or 社区, 楼栋, 单元, 门牌/室, 困难/重点, 备注; any
/// order; unit, vulnerable and notes optional), then one door per line.
/// `community_id` maps a community name (or id) to its id. Lines naming an
/// unknown community or missing a building or door are listed, not guessed.
pub fn read_walk_list(
    text: &str,
    community_id: impl Fn(&str) -> Option<String>,
) -> Result<WalkList, Text> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let community = column(&["community", "社区"]);
    let building = column(&["building", "楼栋", "楼号"]);
    let unit = column(&["unit", "单元"]);
    let door = column(&["door", "门牌", "室", "门牌号", "房号"]);
    let vulnerable = column(&["vulnerable", "困难", "重点", "重点户"]);
    let notes = column(&["notes", "备注"]);
    let (Some(community), Some(building), Some(door)) = (community, building, door) else {
        return Err(Text::new(
            "第 1 行应是列名，至少包括 社区、楼栋、门牌（或 community, building, door）。未导入任何门户。",
            "Line 1 must name the columns, at least community, building and door (or 社区, 楼栋, 门牌). No doors were imported.",
        ));
    };
    let mut list = WalkList::default();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(csv_error)?;
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let community_name = cell(Some(community));
        let Some(community_id) = community_id(community_name) else {
            list.problems.push(LineProblem {
                line,
                text: Text::new(
                    format!("第 {line} 行：找不到社区“{community_name}”。请先在“社区”页添加它，再导入这一行。"),
                    format!("Line {line}: there is no community “{community_name}”. Add it on the Communities page first, then import this line."),
                ),
            });
            continue;
        };
        let (b, d) = (cell(Some(building)), cell(Some(door)));
        if b.is_empty() || d.is_empty() {
            list.problems.push(LineProblem {
                line,
                text: Text::new(
                    format!("第 {line} 行：缺少楼栋或门牌，已跳过。"),
                    format!("Line {line}: the building or door is missing; skipped."),
                ),
            });
            continue;
        }
        let u = cell(unit);
        let mut household = new_household(&community_id, b, (!u.is_empty()).then_some(u), d);
        household.vulnerable = matches!(
            cell(vulnerable).to_lowercase().as_str(),
            "是" | "y" | "yes" | "1" | "true" | "√" | "✓"
        );
        household.notes = Some(cell(notes).to_string()).filter(|n| !n.is_empty());
        list.doors.push(household);
    }
    Ok(list)
}

fn csv_error(err: csv::Error) -> Text {
    let line = err.position().map(|p| p.line()).unwrap_or(0);
    Text::new(
        format!("这个文件不是可读的 CSV（第 {line} 行附近出错）。请从表格软件另存为“CSV UTF-8”后再试。未导入任何门户。"),
        format!("This file is not readable CSV (error near line {line}). Save it from your spreadsheet as “CSV UTF-8” and try again. No doors were imported."),
    )
}
