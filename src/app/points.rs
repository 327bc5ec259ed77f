//! Service points: the awards an action earned, the sweep of deductions and
//! settled awards, what the Points page shows, and its writes (entries, rules,
//! rewards). The rules themselves are `domain::points`.

use std::collections::{BTreeMap, BTreeSet};

use crate::app::lists::typed;
use crate::app::platform::today_local;
use crate::app::records::{self, decode};
use crate::app::{AppError, Db};
use crate::domain::kinds::{
    Activity, Community, Demand, DemandEvent, Kind, Member, Outcome, PointsEntry, PointsRule,
    Reward, Team,
};
use crate::domain::points::{
    awards_for_activity, awards_for_demand, awards_for_event, awards_for_outcome, check_redemption,
    default_rule_revisions, missed_roundtable_awards, missing_defaults, overdue_awards_from,
    redeem_reward, settle_award, within_team, Award,
};
use crate::domain::revision::Revision;
use crate::domain::status::DEFAULT_OVERDUE_DAYS;
use crate::store::ListFilter;

/// Adds the points entries that the records just `written` earned: a demand
/// recorded (its reporter), resolved (its reporter), a follow-up (its maker), a
/// roundtable, mediation or legal-education activity (its members), a research
/// report (its members).
///
/// Each award is a deterministic revision (`domain::points`), so writing it
/// again — here, on another device, or by an import — changes nothing. That is
/// also why it is its own write after the action's batch rather than part of
/// it: a batch stamps revisions with this device's clock, which would make
/// two devices' awards for the same resolution two versions of one entry.
/// The default rules are written with it (also idempotent), so the entry's
/// `rule_id` always names a record on this device.
pub async fn award_points(db: &Db, written: &[Revision]) -> Result<usize, AppError> {
    let store = db.store();
    let earning = [
        Kind::DemandEvent,
        Kind::Demand,
        Kind::Activity,
        Kind::Outcome,
    ];
    if !written
        .iter()
        .any(|r| earning.iter().any(|k| r.kind == k.as_str()) && !r.deleted)
    {
        return Ok(0);
    }
    let rules: Vec<PointsRule> = store
        .list(Kind::PointsRule, &ListFilter::default())
        .await?
        .iter()
        .filter_map(decode::<PointsRule>)
        .collect();
    let mut awards: Vec<Award> = Vec::new();
    for rev in written.iter().filter(|r| !r.deleted) {
        match Kind::parse(&rev.kind) {
            Some(Kind::DemandEvent) => {
                let Some(event) = decode::<DemandEvent>(rev) else {
                    continue;
                };
                let demand = store
                    .current(&event.demand_id)
                    .await?
                    .and_then(|r| decode::<Demand>(&r));
                awards.extend(awards_for_event(&rev.id, &event, demand.as_ref(), &rules));
            }
            Some(Kind::Demand) => {
                if let Some(demand) = decode::<Demand>(rev) {
                    awards.extend(awards_for_demand(&rev.id, &demand, &rules));
                }
            }
            Some(Kind::Activity) => {
                if let Some(activity) = decode::<Activity>(rev) {
                    awards.extend(awards_for_activity(&rev.id, &activity, &rules));
                }
            }
            Some(Kind::Outcome) => {
                if let Some(outcome) = decode::<Outcome>(rev) {
                    awards.extend(awards_for_outcome(&rev.id, &outcome, &rules));
                }
            }
            _ => {}
        }
    }
    // A rule a coordinator limited to one team applies to that team's members only.
    if rules.iter().any(|r| r.team.is_some()) {
        let mut teams = BTreeMap::new();
        for award in &awards {
            let member = &award.entry.member_id;
            if let Some((_, m)) = records::find_as::<Member>(db, member, Kind::Member).await? {
                teams.insert(member.clone(), m.team);
            }
        }
        awards = within_team(awards, &rules, |m| teams.get(m).copied());
    }
    if awards.is_empty() {
        return Ok(0);
    }
    let count = awards.len();
    let mut revs = default_rule_revisions();
    revs.extend(awards.iter().map(Award::revision));
    store.apply(revs, None).await?;
    Ok(count)
}

/// The award sweep, run when the Points page or the Home dashboard loads (and
/// after an import): writes the deductions the records call for — demands
/// left overdue, roundtables missed after sign-up — and the settled revision
/// of any automatic award that two devices wrote differently
/// (`points::settle_award`). Every one of them is a deterministic revision, so
/// sweeps on several devices, on different days, make the same entries.
/// Returns how many revisions it wrote.
///
/// One sweep at a time: an import, Home and the Points page may each ask for
/// one moments apart, and two would write the same awards twice over
/// (harmless, but every batch makes the pages' reads wait). A caller that
/// finds one running waits for it to end, then sweeps what is left.
pub async fn sweep_awards(db: &Db, today: &str) -> Result<usize, AppError> {
    one_at_a_time(sweep_marked(db, today)).await
}

/// Meta key of the last complete sweep: its day and the arrival number
/// (`seq`) of the newest revision it took into account.
const SWEEP_MARK_KEY: &str = "store.sweep_mark";

#[derive(serde::Serialize, serde::Deserialize, PartialEq)]
struct SweepMark {
    day: String,
    seq: u64,
}

/// A full sweep, unless one already ran today over everything stored now:
/// Home and the Points page ask for one each time they open, and after a
/// district import re-reading every demand each time kept those pages (and
/// every other read) waiting behind it. A new day or any new revision makes
/// the next call sweep again.
async fn sweep_marked(db: &Db, today: &str) -> Result<usize, AppError> {
    let store = db.store();
    let seq = store.last_seq().await?;
    let mark: Option<SweepMark> = store.get_meta(SWEEP_MARK_KEY).await?;
    let current = SweepMark {
        day: today.to_owned(),
        seq,
    };
    if mark.as_ref() == Some(&current) {
        return Ok(0);
    }
    let applies = store.applies();
    let (written, batches) = sweep_once(db, today, Demands::All).await?;
    // Only the sweep's own batches wrote in this tab meanwhile: what it wrote
    // is covered too. Otherwise only what it read is, and the next call
    // sweeps again.
    let seq = if store.applies() == applies + batches {
        store.last_seq().await?
    } else {
        seq
    };
    store
        .put_meta(
            SWEEP_MARK_KEY,
            &SweepMark {
                day: today.to_owned(),
                seq,
            },
        )
        .await?;
    Ok(written)
}

/// The award sweep after an import: as [`sweep_awards`], but the overdue
/// deductions are looked for among `demand_ids` only — the demands whose
/// summary the import changed (`Store::import_bundles`) — read by id, not by
/// reading every demand's summary. A demand the import did not touch is
/// swept as before by the next full sweep (Home, the Points page), which
/// also catches demands that became overdue since with the passing days.
/// Roundtables and automatic awards to settle are swept in full (few rows).
pub async fn sweep_touched(db: &Db, today: &str, demand_ids: &[String]) -> Result<usize, AppError> {
    // A partial sweep: it leaves the full sweep's mark as it was.
    one_at_a_time(async {
        let (written, _) = sweep_once(db, today, Demands::Only(demand_ids)).await?;
        Ok(written)
    })
    .await
}

/// Runs `sweep` when no other sweep of this page runs (see [`sweep_awards`]).
async fn one_at_a_time(
    sweep: impl std::future::Future<Output = Result<usize, AppError>>,
) -> Result<usize, AppError> {
    thread_local! {
        static SWEEPING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    while SWEEPING.with(|flag| flag.replace(true)) {
        gloo::timers::future::TimeoutFuture::new(50).await;
    }
    crate::store::profile::flag("sweeping", true);
    let result = sweep.await;
    SWEEPING.with(|flag| flag.set(false));
    crate::store::profile::flag("sweeping", false);
    result
}

/// Which demands a sweep looks at for overdue deductions.
#[derive(Clone, Copy)]
enum Demands<'a> {
    /// Every live demand (every `demand_state` row).
    All,
    /// These ids only (unknown or deleted ones are skipped).
    Only(&'a [String]),
}

/// How many award revisions one transaction of the sweep writes: a page's
/// read that arrives while the sweep writes waits behind at most one batch.
/// At 100k revisions, the demand list opened right after the import showed
/// its first rows in 1.3–1.4 s behind batches of 500, 0.5–0.7 s behind
/// batches of 100 (docs/performance.md).
const SWEEP_BATCH: usize = 100;
/// The pause between two batches of the sweep, in milliseconds: the reads a
/// page queued behind a batch, and its drawing, run before the next batch
/// (after a district import the sweep writes tens of thousands of deductions).
const SWEEP_PAUSE_MS: u32 = 50;

/// One sweep; returns how many revisions it wrote, and in how many applies.
async fn sweep_once(db: &Db, today: &str, scope: Demands<'_>) -> Result<(usize, u64), AppError> {
    let store = db.store();
    let started = crate::store::profile::now();
    let all = ListFilter::default();
    // The sweep's reads are large too (every touched or live demand): a
    // page that is reading goes first, here and before each batch below.
    crate::app::priority::after_page_reads().await;
    let rules: Vec<PointsRule> = store
        .list(Kind::PointsRule, &all)
        .await?
        .iter()
        .filter_map(decode::<PointsRule>)
        .collect();
    // Each live demand's compact summary (`demand_state`): the sweep decodes
    // no demand or event revision.
    crate::app::priority::after_page_reads().await;
    // Shared with the kept states, not copied.
    let states = match scope {
        Demands::All => store.demand_states_by_id().await?,
        Demands::Only(ids) => store.demand_states_of(ids).await?,
    };
    let demands = states
        .iter()
        .map(|state| (state.demand_id.as_str(), &state.summary));
    let activities: Vec<(String, Activity)> = store
        .list(Kind::Activity, &all)
        .await?
        .iter()
        .filter_map(|r| Some((r.id.clone(), decode::<Activity>(r)?)))
        .collect();
    let mut awards = overdue_awards_from(demands, today, DEFAULT_OVERDUE_DAYS, &rules);
    awards.extend(missed_roundtable_awards(&activities, today, &rules));
    if rules.iter().any(|r| r.team.is_some()) && !awards.is_empty() {
        let teams: BTreeMap<String, Team> = store
            .list(Kind::Member, &all)
            .await?
            .iter()
            .filter_map(|r| Some((r.id.clone(), decode::<Member>(r)?.team)))
            .collect();
        awards = within_team(awards, &rules, |m| teams.get(m).copied());
    }
    // The ids of the entries already stored: index keys only, no entry decoded.
    crate::app::priority::after_page_reads().await;
    let existing: BTreeSet<String> = if awards.is_empty() {
        BTreeSet::new()
    } else {
        store.live_ids(Kind::PointsEntry).await?
    };
    let mut revs: Vec<Revision> = awards
        .iter()
        .filter(|a| !existing.contains(&a.id))
        .map(Award::revision)
        .collect();
    revs.extend(
        store
            .unsettled_awards()
            .await?
            .iter()
            .filter_map(|heads| settle_award(heads)),
    );
    if revs.is_empty() {
        return Ok((0, 0));
    }
    let count = revs.len();
    let mut batches = 0;
    // Written in batches, each its own transaction: every award is a
    // deterministic revision on its own, and between batches the pages that
    // read the store (counts, lists) are not kept waiting behind thousands of
    // deductions. The rules go first, so every entry's rule is stored.
    use crate::store::profile::lap;
    let mut since = lap("sweep 1 reads and awards", started);
    let mut batch = default_rule_revisions();
    for rev in revs {
        batch.push(rev);
        if batch.len() >= SWEEP_BATCH {
            crate::app::priority::after_page_reads().await;
            since = lap("sweep 3 waiting for pages, pauses", since);
            store.apply(std::mem::take(&mut batch), None).await?;
            batches += 1;
            since = lap("sweep 2 batches' applies", since);
            gloo::timers::future::TimeoutFuture::new(SWEEP_PAUSE_MS).await;
        }
    }
    if !batch.is_empty() {
        crate::app::priority::after_page_reads().await;
        since = lap("sweep 3 waiting for pages, pauses", since);
        store.apply(batch, None).await?;
        batches += 1;
        since = lap("sweep 2 batches' applies", since);
    }
    lap("sweep 3 waiting for pages, pauses", since);
    crate::store::profile::publish();
    Ok((count, batches))
}

/// What the Points page shows.
#[derive(Clone, PartialEq, Default)]
pub struct PointsOverview {
    pub rules: Vec<(String, PointsRule)>,
    /// By name.
    pub members: Vec<(String, Member)>,
    /// Community id → name.
    pub communities: BTreeMap<String, String>,
    /// Newest first.
    pub entries: Vec<(String, PointsEntry)>,
    /// The reward catalogue, retired ones included: offered ones first, by cost.
    pub rewards: Vec<(String, Reward)>,
    /// Heads of the review records (`domain::review`), by review id.
    pub reviews: BTreeMap<String, Vec<Revision>>,
}

/// Runs the award sweep, writes any default rule or reward missing on this
/// device, then reads everything the Points page shows.
pub async fn overview(db: &Db) -> Result<PointsOverview, AppError> {
    // This page waits for the sweep: it goes at full speed meanwhile.
    let _urgent = crate::app::priority::Urgent::hold();
    sweep_awards(db, &today_local()).await?;
    let store = db.store();
    let all = ListFilter::default();
    let mut rules = store.list(Kind::PointsRule, &all).await?;
    // Every device holds the same default rules (deterministic: no duplicates).
    // Writing a seed again is a no-op, also for a rule a coordinator changed or deleted.
    // The default reward catalogue, seeded the same way.
    let mut rewards = store.list(Kind::Reward, &all).await?;
    let seeds = missing_defaults(
        rules.iter().map(|r| r.id.as_str()),
        rewards.iter().map(|r| r.id.as_str()),
    );
    if !seeds.is_empty() {
        store.apply(seeds, None).await?;
        rules = store.list(Kind::PointsRule, &all).await?;
        rewards = store.list(Kind::Reward, &all).await?;
    }
    let mut members: Vec<(String, Member)> = typed(&store.list(Kind::Member, &all).await?);
    members.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let communities = typed::<Community>(&store.list(Kind::Community, &all).await?)
        .into_iter()
        .map(|(id, c)| (id, c.name))
        .collect();
    let mut entries: Vec<(String, PointsEntry)> =
        typed(&store.list(Kind::PointsEntry, &all).await?);
    entries.sort_by(|a, b| b.1.on.cmp(&a.1.on));
    let mut rewards: Vec<(String, Reward)> = typed(&rewards);
    rewards.sort_by(|a, b| {
        (!a.1.active, a.1.cost, &a.1.name).cmp(&(!b.1.active, b.1.cost, &b.1.name))
    });
    Ok(PointsOverview {
        rules: typed(&rules),
        members,
        communities,
        entries,
        rewards,
        reviews: crate::app::review::load_reviews(db).await?,
    })
}

/// Writes one points entry (a manual entry or a redemption) made on this device.
pub async fn add_entry(db: &Db, device_id: &str, entry: &PointsEntry) -> Result<(), AppError> {
    let value = serde_json::to_value(entry)?;
    records::create(db, device_id, Kind::PointsEntry, value).await?;
    Ok(())
}

/// A coordinator's new version of rule `id`.
pub async fn save_rule(
    db: &Db,
    device_id: &str,
    id: &str,
    rule: &PointsRule,
) -> Result<(), AppError> {
    records::edit(db, device_id, id, serde_json::to_value(rule)?).await?;
    Ok(())
}

/// Writes a new reward (`id` None) or a new version of one: a normal revision
/// made on this device, so it travels in bundles and dominates the seed.
pub async fn save_reward(
    db: &Db,
    device_id: &str,
    id: Option<&str>,
    reward: &Reward,
) -> Result<(), AppError> {
    records::save(
        db,
        device_id,
        id,
        Kind::Reward,
        serde_json::to_value(reward)?,
    )
    .await?;
    Ok(())
}

/// Redeems reward `reward_id` for `member_id`: a negative entry, written only
/// if the member's balance, as stored at the moment of the write (checked in
/// the same transaction), covers the cost.
pub async fn redeem(
    db: &Db,
    device_id: &str,
    member_id: &str,
    reward_id: &str,
    today: &str,
) -> Result<(), AppError> {
    let (_, reward) = records::current_as::<Reward>(db, reward_id, Kind::Reward).await?;
    let stored: Vec<(String, PointsEntry)> =
        crate::app::lists::load_kind::<PointsEntry>(db, Kind::PointsEntry).await?;
    // What the member can spend counts approved entries only (`domain::review`):
    // a claim or a reviewed rule's award waiting for a coordinator does not.
    let reviews = crate::app::review::load_reviews(db).await?;
    let have = crate::domain::review::reviewed_balance(member_id, &stored, &reviews);
    let entry = redeem_reward(member_id, have, reward_id, &reward, today)
        .map_err(|err| AppError::Refused(err.text()))?;
    let value = serde_json::to_value(&entry)?;
    let check = move |live: &[Revision]| {
        let stored: Vec<PointsEntry> = live.iter().filter_map(decode::<PointsEntry>).collect();
        check_redemption(&entry, &stored).map_err(|err| AppError::Refused(err.text()))
    };
    records::create_checked(
        db,
        device_id,
        Kind::PointsEntry,
        value,
        Kind::PointsEntry,
        check,
    )
    .await?;
    Ok(())
}

/// A form's save (a new version of `editing`, else a new record of `kind`)
/// followed by the points it earned (taking part in a roundtable, a
/// report…). A failed award leaves the saved record and says so.
pub async fn save_and_award(
    db: &Db,
    device_id: &str,
    editing: Option<&str>,
    kind: Kind,
    data: serde_json::Value,
) -> Result<Revision, AppError> {
    let rev = records::save(db, device_id, editing, kind, data).await?;
    award_points(db, std::slice::from_ref(&rev)).await?;
    Ok(rev)
}
