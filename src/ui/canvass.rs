//! What the canvassing pages read: doors, visits, members and the round's
//! settings, with each door's state in the current round already worked out.
//! The rules themselves are in `domain::canvass` (tested natively).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::domain::canvass::{
    community_round, door_states_by_round, quarter_start, round_start, DoorState, VisitRef,
    DEFAULT_RETRY_DAYS,
};
use crate::domain::kinds::{Community, Household, Kind, Member, Visit, VisitOutcome};
use crate::domain::revision::Revision;
use crate::store::{ListFilter, Store, StoreError};
use crate::ui::components::record_pickers::{load_communities, load_kind};
use crate::ui::platform::today_local;
use crate::ui::records::decode;

const SETTINGS_KEY: &str = "canvass:settings";

/// This phone's own canvassing preference. (The round itself is the
/// community's: see [`crate::domain::canvass::ROUND_FIELD`].)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundSettings {
    /// Days after a "not home" before the door is due again.
    pub retry_days: u32,
}

pub async fn load_settings(store: &Store) -> RoundSettings {
    let stored = store
        .get_meta::<RoundSettings>(SETTINGS_KEY)
        .await
        .ok()
        .flatten();
    stored.unwrap_or(RoundSettings {
        retry_days: DEFAULT_RETRY_DAYS,
    })
}

pub async fn save_settings(store: &Store, settings: &RoundSettings) -> Result<(), StoreError> {
    store.put_meta(SETTINGS_KEY, settings).await
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
pub async fn load(store: &Store) -> Canvass {
    let communities = load_communities(store).await;
    let mut doors: Vec<(String, Household)> = load_kind(store, Kind::Household).await;
    doors.sort_by(|a, b| {
        (a.1.community_id.as_str())
            .cmp(b.1.community_id.as_str())
            .then_with(|| crate::domain::canvass::door_order(&a.1, &b.1))
    });
    let visits: Vec<(Revision, Visit)> = store
        .list(Kind::Visit, &ListFilter::default())
        .await
        .unwrap_or_default()
        .into_iter()
        .filter_map(|rev| decode::<Visit>(&rev).map(|v| (rev, v)))
        .collect();
    let members = load_kind(store, Kind::Member).await;
    let settings = load_settings(store).await;
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
    canvass
}

/// What the walk view needs for one building of `community`: that
/// community's doors (by the community index) and only the visits of the
/// building's doors (by the reference index) — not the whole district's,
/// so opening a building stays quick at the door whatever the district's size.
/// `building` is the [`crate::domain::canvass::building_key`].
pub async fn load_building(store: &Store, community: &str, building: &str) -> Canvass {
    let communities = load_communities(store).await;
    let filter = ListFilter {
        community: Some(community.to_string()),
        limit: None,
    };
    let mut doors: Vec<(String, Household)> = store
        .list(Kind::Household, &filter)
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|r| decode::<Household>(r).map(|h| (r.id.clone(), h)))
        .collect();
    doors.sort_by(|a, b| crate::domain::canvass::door_order(&a.1, &b.1));
    let mut visits = Vec::new();
    for (id, h) in &doors {
        if crate::domain::canvass::building_key(&h.building) != building {
            continue;
        }
        for rev in store.referring(id).await.unwrap_or_default() {
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
        settings: load_settings(store).await,
        default_round: default_round(),
        states: HashMap::new(),
    };
    canvass.recompute();
    canvass
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
    let ms = crate::ui::platform::now_ms() as i128;
    OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
