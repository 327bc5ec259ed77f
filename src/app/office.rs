//! The office pages' reads: one activity, outcome, member or research topic
//! with the records it links (resolved by id or by the reference index).

use std::collections::BTreeMap;

use crate::app::lists::{load_communities, resolve_ids};
use crate::app::records::{self, decode};
use crate::app::{AppError, Db};
use crate::domain::decision::{decisions, started_by};
use crate::domain::honours::Honour;
use crate::domain::kinds::{
    Activity, Community, Demand, DemandEvent, Kind, Member, Opinion, Outcome, Team, Topic,
};
use crate::domain::points::signed_up as signed_up_ids;
use crate::domain::revision::Revision;
use crate::store::ListFilter;

/// "汤边社区 · 温泉街道" for a community id; `None` when it is not on this device.
pub fn community_label(list: &[(String, Community)], id: Option<&str>) -> Option<String> {
    let id = id?;
    list.iter()
        .find(|(c, _)| c == id)
        .map(|(_, c)| format!("{} · {}", c.name, c.street))
}

/// What the activity page shows.
#[derive(Clone, PartialEq)]
pub struct ActivityDetail {
    pub activity: Option<Activity>,
    pub community: Option<String>,
    /// (id, the member if on this device)
    pub members: Vec<(String, Option<Member>)>,
    /// Signed up beforehand (`points::SIGNED_UP`): (id, the member if on this device).
    pub signed_up: Vec<(String, Option<Member>)>,
    pub demands: Vec<(String, Option<Demand>)>,
    pub outcomes: Vec<(String, Outcome)>,
}

pub async fn activity_detail(db: &Db, id: &str) -> Result<ActivityDetail, AppError> {
    let store = db.store();
    let activity = records::find_as::<Activity>(db, id, Kind::Activity)
        .await?
        .map(|(_, r)| r);
    let Some(a) = activity.clone() else {
        return Ok(ActivityDetail {
            activity,
            community: None,
            members: Vec::new(),
            signed_up: Vec::new(),
            demands: Vec::new(),
            outcomes: Vec::new(),
        });
    };
    let communities = load_communities(db).await?;
    let mut members = resolve_ids::<Member>(db, &a.member_ids).await?;
    members.sort_by_key(|(_, m)| m.as_ref().map(|m| m.team));
    let signed_up = resolve_ids::<Member>(db, &signed_up_ids(&a)).await?;
    let demands = resolve_ids::<Demand>(db, &a.demand_ids).await?;
    let outcomes = store
        .referring(id)
        .await?
        .iter()
        .filter(|r| r.kind == Kind::Outcome.as_str())
        .filter_map(|r| decode::<Outcome>(r).map(|o| (r.id.clone(), o)))
        .filter(|(_, o)| o.activity_ids.iter().any(|a| a == id))
        .collect();
    Ok(ActivityDetail {
        community: community_label(&communities, a.community_id.as_deref()),
        activity,
        members,
        signed_up,
        demands,
        outcomes,
    })
}

/// What the outcome page shows.
#[derive(Clone, PartialEq)]
pub struct OutcomeDetail {
    pub outcome: Option<Outcome>,
    pub community: Option<String>,
    pub topic: Option<Topic>,
    pub demands: Vec<(String, Option<Demand>)>,
    pub activities: Vec<(String, Option<Activity>)>,
    pub members: Vec<(String, Option<Member>)>,
    /// The question of the decision that started it, when on this device.
    pub decision: Option<String>,
}

pub async fn outcome_detail(db: &Db, id: &str) -> Result<OutcomeDetail, AppError> {
    let store = db.store();
    let outcome = records::find_as::<Outcome>(db, id, Kind::Outcome)
        .await?
        .map(|(_, r)| r);
    let Some(o) = outcome.clone() else {
        return Ok(OutcomeDetail {
            outcome,
            community: None,
            topic: None,
            demands: Vec::new(),
            activities: Vec::new(),
            members: Vec::new(),
            decision: None,
        });
    };
    let communities = load_communities(db).await?;
    let topic = match &o.topic_id {
        Some(tid) => store.current(tid).await?.and_then(|r| decode::<Topic>(&r)),
        None => None,
    };
    let mut members = resolve_ids::<Member>(db, &o.member_ids).await?;
    members.sort_by_key(|(_, m)| m.as_ref().map(|m| m.team));
    let decision = match started_by(&o) {
        Some((activity_id, decision_id)) => {
            records::find_as::<Activity>(db, &activity_id, Kind::Activity)
                .await?
                .and_then(|(_, a)| decisions(&a).into_iter().find(|d| d.id == decision_id))
                .map(|d| format!("{} → {}", d.question, d.result))
        }
        None => None,
    };
    Ok(OutcomeDetail {
        decision,
        community: community_label(&communities, o.community_id.as_deref()),
        topic,
        demands: resolve_ids::<Demand>(db, &o.demand_ids).await?,
        activities: resolve_ids::<Activity>(db, &o.activity_ids).await?,
        members,
        outcome,
    })
}

/// What the member page shows.
#[derive(Clone, PartialEq)]
pub struct MemberDetail {
    pub member: Option<Member>,
    pub community: Option<String>,
    pub reported: Vec<(String, Demand)>,
    /// Demands this member handled: (demand id, its title if on this device, what they did).
    pub handled: Vec<(String, Option<String>, String)>,
    pub attended: Vec<(String, Activity)>,
    pub produced: Vec<(String, Outcome)>,
    pub topics: Vec<(String, Topic)>,
    /// Honours given to this member, newest year first.
    pub honours: Vec<Honour>,
}

fn newest_first<T>(list: &mut [(String, T)], date: fn(&T) -> &str) {
    list.sort_by(|a, b| date(&b.1).cmp(date(&a.1)));
}

pub async fn member_detail(
    db: &Db,
    id: &str,
    lang: crate::i18n::Lang,
) -> Result<MemberDetail, AppError> {
    let store = db.store();
    let member = records::find_as::<Member>(db, id, Kind::Member)
        .await?
        .map(|(_, r)| r);
    let communities = load_communities(db).await?;
    let community = member
        .as_ref()
        .and_then(|m| community_label(&communities, m.community_id.as_deref()));
    let referring = store.referring(id).await?;
    let of_kind = |kind: Kind| referring.iter().filter(move |r| r.kind == kind.as_str());
    let typed = |r: &Revision| r.id.clone();

    let mut reported: Vec<(String, Demand)> = of_kind(Kind::Demand)
        .filter_map(|r| decode::<Demand>(r).map(|d| (typed(r), d)))
        .filter(|(_, d)| d.reported_by.as_deref() == Some(id))
        .collect();
    newest_first(&mut reported, |d| &d.reported_on);
    let mut attended: Vec<(String, Activity)> = of_kind(Kind::Activity)
        .filter_map(|r| decode::<Activity>(r).map(|a| (typed(r), a)))
        .filter(|(_, a)| a.member_ids.iter().any(|m| m == id))
        .collect();
    newest_first(&mut attended, |a| &a.on);
    let mut produced: Vec<(String, Outcome)> = of_kind(Kind::Outcome)
        .filter_map(|r| decode::<Outcome>(r).map(|o| (typed(r), o)))
        .filter(|(_, o)| o.member_ids.iter().any(|m| m == id))
        .collect();
    newest_first(&mut produced, |o| &o.on);
    let topics: Vec<(String, Topic)> = of_kind(Kind::Topic)
        .filter_map(|r| decode::<Topic>(r).map(|t| (typed(r), t)))
        .filter(|(_, t)| t.expert_ids.iter().any(|m| m == id))
        .collect();
    let mut honours: Vec<Honour> = of_kind(Kind::Honour)
        .filter_map(decode::<Honour>)
        .filter(|h| h.member_id == id)
        .collect();
    honours.sort_by(|a, b| b.year.cmp(&a.year).then(a.title.cmp(&b.title)));

    // Events this member wrote (`by`) or was referred (`to_member`): both are indexed references.
    let mut events: Vec<DemandEvent> = of_kind(Kind::DemandEvent)
        .filter_map(decode::<DemandEvent>)
        .filter(|e| e.to_member.as_deref() == Some(id) || e.by.as_deref() == Some(id))
        .collect();
    events.sort_by(|a, b| b.at.cmp(&a.at));
    let mut by_demand: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut order = Vec::new();
    for e in &events {
        let what = by_demand.entry(e.demand_id.clone()).or_insert_with(|| {
            order.push(e.demand_id.clone());
            Vec::new()
        });
        let label = e.event_type.label(lang).to_string();
        if !what.contains(&label) {
            what.push(label);
        }
    }
    let mut handled = Vec::new();
    for demand_id in order {
        let title = store
            .current(&demand_id)
            .await?
            .and_then(|r| decode::<Demand>(&r))
            .map(|d| d.title);
        let what = by_demand.remove(&demand_id).unwrap_or_default().join("、");
        handled.push((demand_id, title, what));
    }
    Ok(MemberDetail {
        member,
        community,
        reported,
        handled,
        attended,
        produced,
        topics,
        honours,
    })
}

/// What a topic's page shows.
#[derive(Clone, PartialEq)]
pub struct TopicDetail {
    /// `None` when the topic is not on this device (or deleted).
    pub topic: Option<Topic>,
    /// Its demands on this device: (id, title).
    pub demands: Vec<(String, String)>,
    /// The expert committee: (id, name).
    pub experts: Vec<(String, String)>,
    /// (id, name)
    pub communities: Vec<(String, String)>,
    pub opinions: Vec<Opinion>,
}

/// Reads topic `id`, its demands and opinions, the experts and communities.
pub async fn topic_detail(db: &Db, id: &str) -> Result<TopicDetail, AppError> {
    let store = db.store();
    let topic = records::find_as::<Topic>(db, id, Kind::Topic)
        .await?
        .map(|(_, r)| r);
    let mut demands = Vec::new();
    if let Some(t) = &topic {
        for demand_id in &t.demand_ids {
            if let Some(d) = store
                .current(demand_id)
                .await?
                .and_then(|r| decode::<Demand>(&r))
            {
                demands.push((demand_id.clone(), d.title));
            }
        }
    }
    let all = ListFilter::default();
    let experts = store
        .list(Kind::Member, &all)
        .await?
        .iter()
        .filter_map(|r| decode::<Member>(r).map(|m| (r.id.clone(), m)))
        .filter(|(_, m)| m.team == Team::Expert)
        .map(|(id, m)| (id, m.name))
        .collect();
    let communities = store
        .list(Kind::Community, &all)
        .await?
        .iter()
        .filter_map(|r| decode::<Community>(r).map(|c| (r.id.clone(), c.name)))
        .collect();
    let opinions = store
        .referring(id)
        .await?
        .iter()
        .filter(|r| r.kind == Kind::Opinion.as_str())
        .filter_map(decode::<Opinion>)
        .collect();
    Ok(TopicDetail {
        topic,
        demands,
        experts,
        communities,
        opinions,
    })
}

/// The topic list: each topic with how many opinions it has, by stage and title.
pub async fn topic_list(db: &Db) -> Result<Vec<(String, Topic, usize)>, AppError> {
    let store = db.store();
    let all = ListFilter::default();
    let mut opinions: BTreeMap<String, usize> = BTreeMap::new();
    for rev in store.list(Kind::Opinion, &all).await? {
        if let Some(o) = decode::<Opinion>(&rev) {
            *opinions.entry(o.topic_id).or_default() += 1;
        }
    }
    let mut list: Vec<(String, Topic, usize)> = store
        .list(Kind::Topic, &all)
        .await?
        .iter()
        .filter_map(|r| {
            let t = decode::<Topic>(r)?;
            Some((r.id.clone(), t, opinions.get(&r.id).copied().unwrap_or(0)))
        })
        .collect();
    list.sort_by(|a, b| (a.1.status, &a.1.title).cmp(&(b.1.status, &b.1.title)));
    Ok(list)
}

/// The communities, each with how many members it has (by the community index).
pub async fn communities_with_members(
    db: &Db,
) -> Result<(Vec<(String, Community)>, BTreeMap<String, usize>), AppError> {
    let communities = load_communities(db).await?;
    let mut members = BTreeMap::new();
    for (id, _) in &communities {
        let filter = ListFilter {
            community: Some(id.clone()),
            limit: None,
        };
        let count = db.store().list(Kind::Member, &filter).await?.len();
        members.insert(id.clone(), count);
    }
    Ok((communities, members))
}

/// Adds the community `name` in `street`: its first revision, the same on
/// every device (its id derives from the two). Checked before it is written.
pub async fn add_community(
    db: &Db,
    name: &str,
    street: &str,
) -> Result<(String, Community), AppError> {
    let rev = crate::domain::community::community_revision(name, street);
    let data = rev.data.clone().unwrap_or(serde_json::Value::Null);
    let problems = crate::domain::kinds::validate(Kind::Community.as_str(), &data);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let community = decode::<Community>(&rev).ok_or(AppError::Missing)?;
    let id = rev.id.clone();
    db.store().put_local(rev).await?;
    Ok((id, community))
}
