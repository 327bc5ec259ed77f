//! Demands: a demand's page (its record, events and what its actions offer),
//! the actions' writes with the points they earned, and the doorstep capture
//! (a demand, and at a door the visit that links it).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::app::device::Device;
use crate::app::file_io::yield_now;
use crate::app::lists::{load_kind, typed};
use crate::app::points::award_points;
use crate::app::records::{self, decode};
use crate::app::{AppError, Db};
use crate::domain::canvass::capture_visit;
use crate::domain::kinds::{
    Activity, ActivityType, Community, Demand, DemandEvent, Kind, Member, Team, Topic,
};
use crate::domain::revision::Revision;
use crate::store::{DemandState, ListFilter};

/// What a demand's page shows, and nothing more: the demand, its events and
/// the few records they name (read by id, not by listing a whole kind).
#[derive(Clone, PartialEq)]
pub struct DemandDetail {
    /// `None` when the demand is not on this device (or deleted).
    pub demand: Option<(Revision, Demand)>,
    /// How many versions (siblings) the demand has: more than one is a conflict.
    pub versions: usize,
    /// Its events with their clocks, in order.
    pub events: Vec<(DemandEvent, String)>,
    /// "name · street" of its community.
    pub community: Option<String>,
    /// The names of the members its events refer to, by id (those on this device).
    pub member_names: BTreeMap<String, String>,
    /// The titles of the topics its events refer to, by id (those on this device).
    pub topic_titles: BTreeMap<String, String>,
}

/// Reads demand `id`, its events, its community and the members and topics
/// its events name.
pub async fn demand_detail(db: &Db, id: &str) -> Result<DemandDetail, AppError> {
    let store = db.store();
    let demand = records::find_as::<Demand>(db, id, Kind::Demand).await?;
    let versions = store.heads(id).await?.len();
    let mut events: Vec<(DemandEvent, String)> = store
        .referring(id)
        .await?
        .iter()
        .filter(|r| r.kind == Kind::DemandEvent.as_str())
        .filter_map(|r| decode::<DemandEvent>(r).map(|e| (e, r.hlc.clone())))
        .filter(|(e, _)| e.demand_id == id)
        .collect();
    events.sort_by(|a, b| (&a.0.at, &a.1).cmp(&(&b.0.at, &b.1)));
    let community = match &demand {
        Some((_, d)) => records::find_as::<Community>(db, &d.community_id, Kind::Community)
            .await?
            .map(|(_, c)| format!("{} · {}", c.name, c.street)),
        None => None,
    };
    let mut member_names = BTreeMap::new();
    let member_ids: BTreeSet<&String> = events
        .iter()
        .filter_map(|(e, _)| e.to_member.as_ref())
        .collect();
    for member in member_ids {
        if let Some((_, m)) = records::find_as::<Member>(db, member, Kind::Member).await? {
            member_names.insert(member.clone(), m.name);
        }
    }
    let mut topic_titles = BTreeMap::new();
    let topic_ids: BTreeSet<&String> = events
        .iter()
        .filter_map(|(e, _)| e.to_topic.as_ref())
        .collect();
    for topic in topic_ids {
        if let Some((_, t)) = records::find_as::<Topic>(db, topic, Kind::Topic).await? {
            topic_titles.insert(topic.clone(), t.title);
        }
    }
    Ok(DemandDetail {
        demand,
        versions,
        events,
        community,
        member_names,
        topic_titles,
    })
}

/// Where a demand can be referred: the active legal envoys (id, name), the
/// roundtables and the research topics. Read when the referral form opens.
#[derive(Clone, PartialEq)]
pub struct ReferralTargets {
    pub envoys: Vec<(String, String)>,
    pub roundtables: Vec<(String, Activity)>,
    pub topics: Vec<(String, Topic)>,
}

/// What the referral form offers.
pub async fn referral_targets(db: &Db) -> Result<ReferralTargets, AppError> {
    let envoys = load_kind::<Member>(db, Kind::Member)
        .await?
        .into_iter()
        .filter(|(_, m)| m.team == Team::LegalEnvoy && m.active)
        .map(|(id, m)| (id, m.name))
        .collect();
    let roundtables = load_kind::<Activity>(db, Kind::Activity)
        .await?
        .into_iter()
        .filter(|(_, a)| a.activity_type == ActivityType::Roundtable)
        .collect();
    let topics = load_kind::<Topic>(db, Kind::Topic).await?;
    Ok(ReferralTargets {
        envoys,
        roundtables,
        topics,
    })
}

/// Writes a demand action's events and edits in ONE transaction, then the
/// points they earned (a resolution: its reporter's), never twice.
pub async fn act(
    db: &Db,
    device_id: &str,
    creates: Vec<(Kind, Value)>,
    edits: Vec<(String, Value)>,
) -> Result<Vec<Revision>, AppError> {
    let revs = records::write_batch(db, device_id, creates, edits).await?;
    award_points(db, &revs).await?;
    Ok(revs)
}

/// Edits demand `id`'s own fields (a new revision; unknown fields are kept).
pub async fn edit_demand(
    db: &Db,
    device_id: &str,
    id: &str,
    demand: &Demand,
) -> Result<(), AppError> {
    records::edit(db, device_id, id, serde_json::to_value(demand)?).await?;
    Ok(())
}

/// The live demands of one community, newest first (the capture's
/// "possible duplicate" hint reads them by the community index).
pub async fn demands_of(db: &Db, community: &str) -> Result<Vec<(String, Demand)>, AppError> {
    let filter = ListFilter {
        community: Some(community.to_owned()),
        limit: None,
    };
    Ok(typed(&db.store().list(Kind::Demand, &filter).await?))
}

/// A value this device keeps for itself under `key` (a form's draft, the
/// last community chosen); `None` when there is none yet.
pub async fn load_local<T: DeserializeOwned>(db: &Db, key: &str) -> Result<Option<T>, AppError> {
    Ok(db.store().get_meta::<T>(key).await?)
}

/// Keeps `value` on this device under `key` (never exported).
pub async fn save_local<T: Serialize + ?Sized>(
    db: &Db,
    key: &str,
    value: &T,
) -> Result<(), AppError> {
    Ok(db.store().put_meta(key, value).await?)
}

/// What the capture saved: the demand's revision, and — the demand being
/// stored either way — why its points could not be recorded, if so.
pub struct Captured {
    pub demand: Revision,
    pub award_failed: Option<AppError>,
}

/// Writes a captured demand; at a door, together with the "talked" visit
/// that links it (one transaction: both or neither). Then the reporter's
/// "demand recorded" points.
pub async fn capture(
    db: &Db,
    device: &Device,
    data: Value,
    door: Option<&str>,
    at: &str,
) -> Result<Captured, AppError> {
    let demand = match door {
        None => records::create(db, &device.id, Kind::Demand, data).await?,
        Some(door) => {
            let demand_id = records::new_id();
            let visit = capture_visit(door, device.member_id.as_deref(), at, &demand_id);
            let revs = records::write_batch_with_ids(
                db,
                &device.id,
                vec![
                    (Some(demand_id.clone()), Kind::Demand, data),
                    (None, Kind::Visit, serde_json::to_value(&visit)?),
                ],
                Vec::new(),
            )
            .await?;
            revs.into_iter()
                .find(|r| r.id == demand_id)
                .ok_or(AppError::Missing)?
        }
    };
    let award_failed = award_points(db, std::slice::from_ref(&demand)).await.err();
    Ok(Captured {
        demand,
        award_failed,
    })
}

/// What the capture form starts from.
pub struct CaptureStart<D> {
    /// By street and name.
    pub communities: Vec<(String, Community)>,
    /// The door the capture was opened from, when it is on this device.
    pub door: Option<(String, crate::domain::kinds::Household)>,
    /// The draft kept under the form's key, if any.
    pub draft: Option<D>,
    /// The community chosen last, when it still exists.
    pub last_community: Option<String>,
}

impl<D: PartialEq> PartialEq for CaptureStart<D> {
    fn eq(&self, other: &Self) -> bool {
        self.communities == other.communities
            && self.door == other.door
            && self.draft == other.draft
            && self.last_community == other.last_community
    }
}

/// Reads what the capture form starts from: the communities, the door
/// `household` (when given), the draft under `draft_key` and the community
/// kept under `last_key` (or the first one).
pub async fn capture_start<D: DeserializeOwned>(
    db: &Db,
    household: Option<&str>,
    draft_key: &str,
    last_key: &str,
) -> Result<CaptureStart<D>, AppError> {
    let communities = crate::app::lists::load_communities(db).await?;
    let draft = load_local::<D>(db, draft_key).await?;
    let door = match household {
        Some(id) => records::find_as::<crate::domain::kinds::Household>(db, id, Kind::Household)
            .await?
            .map(|(_, h)| (id.to_owned(), h)),
        None => None,
    };
    let last_community = load_local::<String>(db, last_key)
        .await?
        .filter(|id| communities.iter().any(|(c, _)| c == id))
        .or_else(|| communities.first().map(|(id, _)| id.clone()));
    Ok(CaptureStart {
        communities,
        door,
        draft,
        last_community,
    })
}

/// Everything the demand list needs, read once per visit.
#[derive(Clone, Default, PartialEq)]
pub struct DemandList {
    /// Sorted as the list shows them.
    pub rows: Rc<Vec<crate::domain::demand_list::DemandRow>>,
    /// Community id → name.
    pub communities: Rc<BTreeMap<String, String>>,
    /// Member id → name, for the members who reported a demand.
    pub reporters: Rc<BTreeMap<String, String>>,
}

/// How many rows the demand list's first page reads: a phone screen shows
/// about ten, so this fills several screens while the rest loads.
pub const FIRST_PAGE: usize = 60;

/// The demand list's first page: the newest [`FIRST_PAGE`] demands (one
/// index cursor over `demand_state`, no other row read), with the names of
/// their communities and reporters, and how many live demands there are in
/// all. Shown while [`demand_list`] reads the rest.
pub async fn demand_list_first(db: &Db) -> Result<(DemandList, u32), AppError> {
    let store = db.store();
    let since = crate::store::profile::now();
    let states = store
        .newest_demand_states(FIRST_PAGE, FIRST_PAGE * 50)
        .await?;
    let since = crate::store::profile::lap("read list first page: rows", since);
    let total = store.live_demand_count().await?;
    let since = crate::store::profile::lap("read list first page: count", since);
    let rows = demand_rows(states.iter());
    let mut communities = BTreeMap::new();
    let mut reporters = BTreeMap::new();
    for row in rows.iter() {
        if !communities.contains_key(&row.community_id) {
            let name = match store.current(&row.community_id).await? {
                Some(rev) => decode::<Community>(&rev).map(|c| c.name),
                None => None,
            };
            communities.insert(row.community_id.clone(), name.unwrap_or_default());
        }
        if let Some(member) = &row.reported_by {
            if !reporters.contains_key(member) {
                let name = match store.current(member).await? {
                    Some(rev) => decode::<Named>(&rev).map(|n| n.name),
                    None => None,
                };
                reporters.insert(member.clone(), name.unwrap_or_default());
            }
        }
    }
    // An unknown id shows as the id, as in the full list.
    communities.retain(|_, name| !name.is_empty());
    reporters.retain(|_, name| !name.is_empty());
    crate::store::profile::lap("read list first page: names", since);
    crate::store::profile::publish();
    Ok((
        DemandList {
            rows: Rc::new(rows),
            communities: Rc::new(communities),
            reporters: Rc::new(reporters),
        },
        total,
    ))
}

/// The list's rows for these states, in list order (a sort that finds
/// them in that order already only checks it).
fn demand_rows<'a>(
    states: impl Iterator<Item = &'a DemandState>,
) -> Vec<crate::domain::demand_list::DemandRow> {
    let mut rows: Vec<_> = states.filter_map(demand_row).collect();
    crate::domain::demand_list::sort_rows(&mut rows);
    rows
}

/// The list's row for one live demand's state.
fn demand_row(state: &DemandState) -> Option<crate::domain::demand_list::DemandRow> {
    use crate::domain::kinds::DemandStatus;
    let status = DemandStatus::parse(&state.status).unwrap_or_default();
    let facts = state.summary.demand.as_ref()?;
    Some(crate::domain::demand_list::DemandRow::from_facts(
        &state.demand_id,
        facts,
        status,
    ))
}

/// How many rows or names the whole list makes in one task: a district's
/// 127,500 rows, or its 42,500 members' names, in one task held the page
/// for 0.2-0.3 s each.
const PER_TASK: usize = 10_000;

/// A member's name, read without the rest of the record.
#[derive(serde::Deserialize)]
struct Named {
    name: String,
}

/// Reads every demand's compact row (`demand_state`, kept by every write and
/// import: no revision is decoded to open the list), the communities and the
/// reporters. A large list is made in several tasks, so the page draws in
/// between.
pub async fn demand_list(db: &Db) -> Result<DemandList, AppError> {
    let store = db.store();
    let since = crate::store::profile::now();
    // In list order, shared with the kept states: no copy, no sort.
    let states = store.demand_states_listed().await?;
    let since = crate::store::profile::lap("read list all: rows", since);
    let mut rows = Vec::with_capacity(states.len());
    for chunk in states.chunks(PER_TASK) {
        if !rows.is_empty() {
            yield_now().await;
        }
        rows.extend(chunk.iter().filter_map(|state| demand_row(state)));
    }
    drop(states);
    crate::domain::demand_list::sort_rows(&mut rows);
    let since = crate::store::profile::lap("read list all: sort", since);
    // Communities and members in one read-only transaction (right after an
    // import the award sweep writes in batches; each read waits behind one).
    let mut lists = store
        .lists(&[Kind::Community, Kind::Member])
        .await?
        .into_iter();
    let (communities, members) = (
        lists.next().unwrap_or_default(),
        lists.next().unwrap_or_default(),
    );
    let communities = communities
        .iter()
        .filter_map(|r| decode::<Community>(r).map(|c| (r.id.clone(), c.name)))
        .collect();
    let used: HashSet<&str> = rows
        .iter()
        .filter_map(|r| r.reported_by.as_deref())
        .collect();
    let mut reporters = BTreeMap::new();
    for (done, member) in members.iter().enumerate() {
        if done > 0 && done % PER_TASK == 0 {
            yield_now().await;
        }
        if used.contains(member.id.as_str()) {
            if let Some(named) = decode::<Named>(member) {
                reporters.insert(member.id.clone(), named.name);
            }
        }
    }
    crate::store::profile::lap("read list all: names", since);
    crate::store::profile::publish();
    Ok(DemandList {
        rows: Rc::new(rows),
        communities: Rc::new(communities),
        reporters: Rc::new(reporters),
    })
}
