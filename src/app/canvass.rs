//! What the canvassing pages read: doors, visits, members and the round's
//! settings, with each door's state in the current round already worked out.
//! The rules themselves are in `domain::canvass` (tested natively).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::app::lists::{load_communities, load_kind, typed};
use crate::app::platform::today_local;
use crate::app::records::{self, decode};
use crate::app::{AppError, Db};
use crate::domain::canvass::{
    bare, community_round, door_states_by_round, household_revision, quarter_start, round_start,
    visit_time, DoorState, VisitRef, DEFAULT_RETRY_DAYS,
};
use crate::domain::kinds::{Community, Demand, Household, Kind, Member, Visit, VisitOutcome};
use crate::domain::revision::Revision;
use crate::store::ListFilter;

const SETTINGS_KEY: &str = "canvass:settings";

/// This phone's own canvassing preference. (The round itself is the
/// community's: see [`crate::domain::canvass::ROUND_FIELD`].)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundSettings {
    /// Days after a "not home" before the door is due again.
    pub retry_days: u32,
}

pub async fn load_settings(db: &Db) -> Result<RoundSettings, AppError> {
    let stored = db.store().get_meta::<RoundSettings>(SETTINGS_KEY).await?;
    Ok(stored.unwrap_or(RoundSettings {
        retry_days: DEFAULT_RETRY_DAYS,
    }))
}

pub async fn save_settings(db: &Db, settings: &RoundSettings) -> Result<(), AppError> {
    Ok(db.store().put_meta(SETTINGS_KEY, settings).await?)
}

/// The first instant of `date` at this device's UTC offset.
pub fn start_instant(date: &str) -> OffsetDateTime {
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    round_start(date, offset)
        .or_else(|| round_start(&today_local(), offset))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The round start when a coordinator has set none: this quarter's first day.
pub fn default_round() -> String {
    quarter_start(&today_local()).unwrap_or_else(today_local)
}

/// Everything the canvassing pages show.
#[derive(Clone, PartialEq)]
pub struct Canvass {
    pub communities: Vec<(String, Community)>,
    /// Every live door, in walking order.
    pub doors: Vec<(String, Household)>,
    /// Every live visit with its revision (for `hlc`).
    pub visits: Vec<(Revision, Visit)>,
    /// Every live member (empty when read by [`load_without_members`]).
    pub members: Vec<(String, Member)>,
    pub settings: RoundSettings,
    /// Where no community round is set.
    pub default_round: String,
    /// Each door's latest visit in its community's current round.
    pub states: HashMap<String, DoorState>,
}

impl Canvass {
    pub fn door(&self, id: &str) -> Option<&Household> {
        self.doors.iter().find(|(d, _)| d == id).map(|(_, h)| h)
    }

    pub fn member_name(&self, id: Option<&str>) -> Option<String> {
        let id = id?;
        self.members
            .iter()
            .find(|(m, _)| m == id)
            .map(|(_, m)| m.name.clone())
    }

    pub fn community_name(&self, id: &str) -> String {
        self.communities
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, c)| c.name.clone())
            .unwrap_or_default()
    }

    /// Doors of one community, in walking order.
    pub fn doors_of(&self, community: &str) -> Vec<(String, Household)> {
        self.doors
            .iter()
            .filter(|(_, h)| h.community_id == community)
            .cloned()
            .collect()
    }

    /// The day `community`'s current round started (`YYYY-MM-DD`).
    pub fn round_of(&self, community: &str) -> String {
        self.communities
            .iter()
            .find(|(id, _)| id == community)
            .and_then(|(_, c)| community_round(c))
            .map(str::to_string)
            .unwrap_or_else(|| self.default_round.clone())
    }

    pub fn outcome(&self, door: &str) -> Option<VisitOutcome> {
        self.states.get(door).map(|s| s.outcome)
    }

    /// Works the states out again (after recording a visit on this page).
    pub fn recompute(&mut self) {
        let starts: HashMap<&str, OffsetDateTime> = self
            .communities
            .iter()
            .map(|(id, _)| (id.as_str(), start_instant(&self.round_of(id))))
            .collect();
        let default = start_instant(&self.default_round);
        let door_start: HashMap<&str, OffsetDateTime> = self
            .doors
            .iter()
            .map(|(id, h)| {
                let start = starts
                    .get(h.community_id.as_str())
                    .copied()
                    .unwrap_or(default);
                (id.as_str(), start)
            })
            .collect();
        self.states = door_states_by_round(
            self.visits.iter().map(|(rev, visit)| VisitRef {
                id: &rev.id,
                hlc: &rev.hlc,
                visit,
            }),
            |door| door_start.get(door).copied(),
        );
    }
}

/// Reads every door and visit (hundreds to a few thousand in a district).
pub async fn load(db: &Db) -> Result<Canvass, AppError> {
    load_with(db, true).await
}

/// [`load`] for Home's cards (this phone's doors, the coverage), which name
/// no member: `members` is left empty. At a district's 42,500 members their
/// read and decoding held Home's opening for 0.4 s, and dropping them
/// another 0.2 s.
pub async fn load_without_members(db: &Db) -> Result<Canvass, AppError> {
    load_with(db, false).await
}

async fn load_with(db: &Db, with_members: bool) -> Result<Canvass, AppError> {
    let communities = load_communities(db).await?;
    let mut doors: Vec<(String, Household)> = load_kind(db, Kind::Household).await?;
    doors.sort_by(|a, b| {
        (a.1.community_id.as_str())
            .cmp(b.1.community_id.as_str())
            .then_with(|| crate::domain::canvass::door_order(&a.1, &b.1))
    });
    let visits: Vec<(Revision, Visit)> = db
        .store()
        .list(Kind::Visit, &ListFilter::default())
        .await?
        .into_iter()
        .filter_map(|rev| decode::<Visit>(&rev).map(|v| (rev, v)))
        .collect();
    let members = match with_members {
        true => load_kind(db, Kind::Member).await?,
        false => Vec::new(),
    };
    let settings = load_settings(db).await?;
    let mut canvass = Canvass {
        communities,
        doors,
        visits,
        members,
        settings,
        default_round: default_round(),
        states: HashMap::new(),
    };
    canvass.recompute();
    Ok(canvass)
}

/// What the walk view needs for one building of `community`: that
/// community's doors (by the community index) and only the visits of the
/// building's doors (by the reference index) — not the whole district's,
/// so opening a building stays quick at the door whatever the district's size.
/// `building` is the [`crate::domain::canvass::building_key`].
pub async fn load_building(db: &Db, community: &str, building: &str) -> Result<Canvass, AppError> {
    let communities = load_communities(db).await?;
    let filter = ListFilter {
        community: Some(community.to_string()),
        limit: None,
    };
    let mut doors: Vec<(String, Household)> =
        typed(&db.store().list(Kind::Household, &filter).await?);
    doors.sort_by(|a, b| crate::domain::canvass::door_order(&a.1, &b.1));
    let mut visits = Vec::new();
    for (id, h) in &doors {
        if crate::domain::canvass::building_key(&h.building) != building {
            continue;
        }
        for rev in db.store().referring(id).await? {
            if rev.kind == Kind::Visit.as_str() {
                if let Some(v) = decode::<Visit>(&rev) {
                    visits.push((rev, v));
                }
            }
        }
    }
    let mut canvass = Canvass {
        communities,
        doors,
        visits,
        members: Vec::new(),
        settings: load_settings(db).await?,
        default_round: default_round(),
        states: HashMap::new(),
    };
    canvass.recompute();
    Ok(canvass)
}

/// What a door's page shows.
#[derive(Clone, PartialEq)]
pub struct HouseholdDetail {
    pub household: Option<Household>,
    pub community: String,
    pub assigned: Option<String>,
    pub visits: Vec<(Revision, Visit)>,
    pub demands: Vec<(String, Demand)>,
    pub members: Vec<(String, String)>,
    /// The day this door's community round started.
    pub round: String,
}

/// Reads door `id`: its visits and demands (by the reference index), its
/// community (name and round) and the members — not the district's doors
/// and visits. `household` is `None` when the door is not on this device.
pub async fn household_detail(db: &Db, id: &str) -> Result<HouseholdDetail, AppError> {
    let store = db.store();
    let household = records::find_as::<Household>(db, id, Kind::Household)
        .await?
        .map(|(_, h)| h);
    let mut visits = Vec::new();
    let mut demands = Vec::new();
    for rev in store.referring(id).await? {
        match Kind::parse(&rev.kind) {
            Some(Kind::Visit) => {
                if let Some(v) = decode::<Visit>(&rev) {
                    visits.push((rev, v));
                }
            }
            Some(Kind::Demand) => {
                if let Some(d) = decode::<Demand>(&rev) {
                    demands.push((rev.id.clone(), d));
                }
            }
            _ => {}
        }
    }
    visits.sort_by(|a, b| (visit_time(&b.1), &b.0.hlc).cmp(&(visit_time(&a.1), &a.0.hlc)));
    demands.sort_by(|a, b| b.1.reported_on.cmp(&a.1.reported_on));
    let community = match &household {
        Some(h) => records::find_as::<Community>(db, &h.community_id, Kind::Community)
            .await?
            .map(|(_, c)| c),
        None => None,
    };
    let round = community
        .as_ref()
        .and_then(community_round)
        .map(str::to_string)
        .unwrap_or_else(default_round);
    let community = community.map(|c| c.name).unwrap_or_default();
    let members: Vec<(String, String)> = load_kind::<Member>(db, Kind::Member)
        .await?
        .into_iter()
        .map(|(id, m)| (id, m.name))
        .collect();
    let assigned = household
        .as_ref()
        .and_then(|h| h.assigned_to.as_deref())
        .and_then(|a| members.iter().find(|(id, _)| id == a))
        .map(|(_, name)| name.clone());
    Ok(HouseholdDetail {
        household,
        community,
        assigned,
        visits,
        demands,
        members,
        round,
    })
}

/// The CSS class of a door's state (`door-talked`, `door-none`...).
pub fn outcome_class(outcome: Option<VisitOutcome>) -> String {
    match outcome {
        Some(o) => format!("door-{}", o.as_str()),
        None => "door-none".into(),
    }
}

/// A visit's time as people read it: `2026-10-12 09:05` in this device's time zone.
pub fn local_time(at: OffsetDateTime) -> String {
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    let local = time::UtcOffset::from_whole_seconds(offset * 60)
        .map(|o| at.to_offset(o))
        .unwrap_or(at);
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        local.year(),
        local.month() as u8,
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// Now, from the device clock (`time`'s own clock does not exist in the browser).
pub fn now() -> OffsetDateTime {
    let ms = crate::app::platform::now_ms() as i128;
    OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Adds one door: its seed revision when it never existed, a new version when
/// it was removed before; `Ok(false)` when it is already there.
pub async fn add_household(
    db: &Db,
    device_id: &str,
    household: Household,
) -> Result<bool, AppError> {
    let store = db.store();
    let rev = crate::domain::canvass::household_revision(&household);
    let heads = store.heads(&rev.id).await?;
    match heads.first() {
        Some(head) if !head.deleted => Ok(false),
        Some(_) => {
            let data = serde_json::to_value(&household)?;
            records::edit(db, device_id, &rev.id, data).await?;
            Ok(true)
        }
        None => {
            store.apply(vec![rev], None).await?;
            Ok(true)
        }
    }
}

/// Records that `device`'s member knocked at `door` with `outcome`: an
/// append-only visit. Returns it, as stored, for the page to show at once.
pub async fn record_visit(
    db: &Db,
    device: &crate::app::device::Device,
    door: &str,
    outcome: VisitOutcome,
) -> Result<(Revision, Visit), AppError> {
    let visit = Visit {
        household_id: door.to_owned(),
        member_id: device.member_id.clone(),
        at: records::now_rfc3339(),
        outcome,
        demand_ids: Vec::new(),
        notes: None,
        extra: serde_json::Map::new(),
    };
    let rev = records::create(db, &device.id, Kind::Visit, serde_json::to_value(&visit)?).await?;
    Ok((rev, visit))
}

/// Writes doors in one transaction: each door's seed revision, and where a
/// walk list says more (vulnerable, notes) than the stored door, an edit that
/// adds it (keeping the turf and anything else stored). Returns (new, already there).
pub async fn write_doors(
    db: &Db,
    device_id: &str,
    doors: &[Household],
) -> Result<(u32, u32), AppError> {
    let seeds: Vec<_> = doors.iter().map(household_revision).collect();
    let mut edits = Vec::new();
    for (door, seed) in doors.iter().zip(&seeds) {
        if !door.vulnerable && door.notes.is_none() {
            continue;
        }
        let current = db
            .store()
            .current(&seed.id)
            .await?
            .and_then(|r| decode::<Household>(&r))
            .unwrap_or_else(|| bare(door));
        let mut next = current.clone();
        next.vulnerable = door.vulnerable;
        next.notes = door.notes.clone().or(current.notes.clone());
        if next != current {
            edits.push((seed.id.clone(), serde_json::to_value(&next)?));
        }
    }
    let report = records::apply_with_edits(db, device_id, seeds, edits).await?;
    let counts = report
        .per_kind
        .get(Kind::Household.as_str())
        .cloned()
        .unwrap_or_default();
    Ok((counts.new, doors.len() as u32 - counts.new))
}
