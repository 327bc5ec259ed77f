//! Service points (积分): both rule lists, each member's balance and history
//! ranked per community or team, manual entries and redemption; and
//! [`award_points`], which adds the entries an action earned.

use std::collections::{BTreeMap, BTreeSet};

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::domain::demand_summary::DemandSummary;
use crate::domain::kinds::{
    Activity, Community, Demand, DemandEvent, Kind, Member, Outcome, PointsEntry, PointsRule,
    Reward, Team,
};
use crate::domain::points::{
    awards_for_activity, awards_for_demand, awards_for_event, awards_for_outcome,
    default_reward_id, default_reward_revisions, default_rule_revisions, edited_reward,
    edited_rule, manual_entry, missed_roundtable_awards, overdue_awards_from, redeem_reward,
    reward_name, rule_id, rule_name, settle_award, split_lists, within_team, Award, PointsError,
    DEFAULT_REWARDS, DEFAULT_RULES, NAME_EN,
};
use crate::domain::review::{reviewed_balance, rule_needs_review, ReviewState, NEEDS_REVIEW};
use crate::domain::revision::Revision;
use crate::domain::status::DEFAULT_OVERDUE_DAYS;
use crate::i18n::{DecisionMsg, Lang, Msg, PointsMsg, Text};
use crate::store::{DemandFilter, ListFilter, Store, StoreError};
use crate::ui::components::office_form::{input_into, select_into};
use crate::ui::components::points_review::{
    load_reviews, states as review_states, ClaimForm, ReviewQueue,
};
use crate::ui::hooks::use_app;
use crate::ui::platform::today_local;
use crate::ui::records::{self, decode};
use crate::ui::route::Route;

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
pub async fn award_points(store: &Store, written: &[Revision]) -> Result<usize, StoreError> {
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
            if let Some((_, m)) = records::current_as::<Member>(store, member, Kind::Member).await {
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
/// after an import): writes, in ONE batch, the deductions the records call for
/// — demands left overdue, roundtables missed after sign-up — and the settled
/// revision of any automatic award that two devices wrote differently
/// (`points::settle_award`). Every one of them is a deterministic revision, so
/// sweeps on several devices, on different days, make the same entries.
/// Returns how many revisions it wrote.
pub async fn sweep_awards(store: &Store, today: &str) -> Result<usize, StoreError> {
    // One sweep at a time: an import, Home and the Points page may each ask
    // for one moments apart, and two would write the same awards twice over
    // (harmless, but every batch makes the pages' reads wait). A caller that
    // finds one running waits for it to end, then sweeps what is left.
    thread_local! {
        static SWEEPING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    while SWEEPING.with(|flag| flag.replace(true)) {
        gloo::timers::future::TimeoutFuture::new(50).await;
    }
    let result = sweep_once(store, today).await;
    SWEEPING.with(|flag| flag.set(false));
    result
}

async fn sweep_once(store: &Store, today: &str) -> Result<usize, StoreError> {
    let all = ListFilter::default();
    let rules: Vec<PointsRule> = store
        .list(Kind::PointsRule, &all)
        .await?
        .iter()
        .filter_map(decode::<PointsRule>)
        .collect();
    // Each live demand's compact summary: the sweep decodes no demand or event.
    let demands: Vec<(String, DemandSummary)> = store
        .demand_states(&DemandFilter::default())
        .await?
        .into_iter()
        .map(|state| (state.demand_id, state.summary))
        .collect();
    let activities: Vec<(String, Activity)> = store
        .list(Kind::Activity, &all)
        .await?
        .iter()
        .filter_map(|r| Some((r.id.clone(), decode::<Activity>(r)?)))
        .collect();
    let mut awards = overdue_awards_from(&demands, today, DEFAULT_OVERDUE_DAYS, &rules);
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
        return Ok(0);
    }
    let count = revs.len();
    // Written in batches, each its own transaction: every award is a
    // deterministic revision on its own, and between batches the pages that
    // read the store (counts, lists) are not kept waiting behind thousands of
    // deductions. The rules go first, so every entry's rule is stored.
    let mut batch = default_rule_revisions();
    for rev in revs {
        batch.push(rev);
        if batch.len() >= SWEEP_BATCH {
            store.apply(std::mem::take(&mut batch), None).await?;
        }
    }
    if !batch.is_empty() {
        store.apply(batch, None).await?;
    }
    Ok(count)
}

/// How many award revisions one transaction of the sweep writes.
const SWEEP_BATCH: usize = 1000;

/// What the page shows, loaded from the store.
#[derive(Clone, PartialEq, Default)]
struct Loaded {
    rules: Vec<(String, PointsRule)>,
    members: Vec<(String, Member)>,
    communities: BTreeMap<String, String>,
    entries: Vec<(String, PointsEntry)>,
    /// The reward catalogue, retired ones included: offered ones first, by cost.
    rewards: Vec<(String, Reward)>,
    /// Heads of the review records (`domain::review`), by review id.
    reviews: BTreeMap<String, Vec<Revision>>,
}

async fn load(store: &Store) -> Result<Loaded, StoreError> {
    sweep_awards(store, &today_local()).await?;
    let all = ListFilter::default();
    let mut rules = store.list(Kind::PointsRule, &all).await?;
    // Every device holds the same default rules (deterministic: no duplicates).
    // Writing a seed again is a no-op, also for a rule a coordinator changed or deleted.
    let missing = DEFAULT_RULES
        .iter()
        .any(|d| !rules.iter().any(|r| r.id == rule_id(d.code)));
    if missing {
        store.apply(default_rule_revisions(), None).await?;
        rules = store.list(Kind::PointsRule, &all).await?;
    }
    // The default reward catalogue, seeded the same way.
    let mut rewards = store.list(Kind::Reward, &all).await?;
    if DEFAULT_REWARDS
        .iter()
        .any(|(zh, _, _)| !rewards.iter().any(|r| r.id == default_reward_id(zh)))
    {
        store.apply(default_reward_revisions(), None).await?;
        rewards = store.list(Kind::Reward, &all).await?;
    }
    fn typed<T: serde::de::DeserializeOwned>(revs: &[Revision]) -> Vec<(String, T)> {
        revs.iter()
            .filter_map(|r| Some((r.id.clone(), decode::<T>(r)?)))
            .collect()
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
    Ok(Loaded {
        rules: typed(&rules),
        members,
        communities,
        entries,
        rewards,
        reviews: load_reviews(store).await?,
    })
}

/// Feedback after a write: what was done, or why not.
#[derive(Clone, PartialEq)]
enum Feedback {
    Done(PointsMsg),
    Refused(Text),
}

#[function_component(PointsPage)]
pub fn points_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    // Rule editing, manual entries and the reward catalogue are a coordinator's.
    let coordinator = state.is_coordinator();
    let loaded = use_state(|| None::<Result<Loaded, StoreError>>);
    let reload = use_state(|| 0u32);
    let by_team = use_state(|| false);
    let feedback = use_state(|| None::<Feedback>);
    // The id of the rule being edited.
    let editing = use_state(|| None::<String>);

    {
        let (state, loaded) = (state.clone(), loaded.clone());
        use_effect_with(*reload, move |_| {
            if let Some(store) = state.store() {
                spawn_local(async move { loaded.set(Some(load(&store).await)) });
            }
        });
    }

    let data = match (*loaded).clone() {
        None => return html! { <p class="notice">{ Msg::Loading.get(lang) }</p> },
        Some(Err(err)) => {
            return html! { <p class="notice error" role="alert">{ err.text().get(lang).to_string() }</p> }
        }
        Some(Ok(data)) => data,
    };
    // Balances count approved entries only: claims and reviewed rules' awards
    // wait for a coordinator (评审赋分).
    let balances: BTreeMap<&str, i64> = data
        .members
        .iter()
        .map(|(id, _)| {
            (
                id.as_str(),
                reviewed_balance(id, &data.entries, &data.reviews),
            )
        })
        .collect();
    let review_states = review_states(&data.entries, &data.reviews);
    let names: BTreeMap<&str, &str> = data
        .members
        .iter()
        .map(|(id, m)| (id.as_str(), m.name.as_str()))
        .collect();
    let waiting: Vec<(String, PointsEntry, String, ReviewState)> = data
        .entries
        .iter()
        .filter_map(|(id, e)| {
            let state = review_states.get(id).copied()?;
            matches!(state, ReviewState::Pending | ReviewState::Disputed).then(|| {
                let name = names
                    .get(e.member_id.as_str())
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                (id.clone(), e.clone(), name, state)
            })
        })
        .collect();
    let on_reviewed = {
        let (reload, feedback) = (reload.clone(), feedback.clone());
        Callback::from(move |_: ()| {
            feedback.set(Some(Feedback::Done(PointsMsg::Saved)));
            reload.set(*reload + 1);
        })
    };
    let rule_names: BTreeMap<&str, String> = data
        .rules
        .iter()
        .map(|(id, r)| (id.as_str(), rule_name(r, lang).to_string()))
        .collect();

    // Writes one entry, then reloads.
    let write = {
        let (state, reload, feedback) = (state.clone(), reload.clone(), feedback.clone());
        Callback::from(move |(entry, done): (PointsEntry, PointsMsg)| {
            let (Some(store), Some(device)) = (state.store(), state.device.clone()) else {
                return;
            };
            let (reload, feedback) = (reload.clone(), feedback.clone());
            spawn_local(async move {
                let result = match serde_json::to_value(&entry) {
                    Ok(value) => records::create(&store, &device.id, Kind::PointsEntry, value)
                        .await
                        .map_err(|e| e.text()),
                    Err(e) => Err(Text::new(e.to_string(), e.to_string())),
                };
                match result {
                    Ok(_) => {
                        feedback.set(Some(Feedback::Done(done)));
                        reload.set(*reload + 1);
                    }
                    Err(text) => feedback.set(Some(Feedback::Refused(text))),
                }
            });
        })
    };
    let refuse = {
        let feedback = feedback.clone();
        Callback::from(move |text: Text| feedback.set(Some(Feedback::Refused(text))))
    };

    // Ranking groups: per community or per team, each sorted by balance.
    let mut groups: BTreeMap<String, Vec<&(String, Member)>> = BTreeMap::new();
    for m in &data.members {
        let key = if *by_team {
            m.1.team.label(lang).to_string()
        } else {
            m.1.community_id
                .as_ref()
                .and_then(|c| data.communities.get(c).cloned())
                .unwrap_or_else(|| PointsMsg::NoCommunity.get(lang).to_string())
        };
        groups.entry(key).or_default().push(m);
    }
    for list in groups.values_mut() {
        list.sort_by_key(|(id, _)| -balances.get(id.as_str()).copied().unwrap_or(0));
    }
    let (positive, negative) = split_lists(&data.rules);
    let on_rule_saved = {
        let (reload, feedback, editing) = (reload.clone(), feedback.clone(), editing.clone());
        Callback::from(move |_: ()| {
            editing.set(None);
            feedback.set(Some(Feedback::Done(PointsMsg::RuleSaved)));
            reload.set(*reload + 1);
        })
    };
    let on_reward_saved = {
        let (reload, feedback) = (reload.clone(), feedback.clone());
        Callback::from(move |_: ()| {
            feedback.set(Some(Feedback::Done(PointsMsg::RewardSaved)));
            reload.set(*reload + 1);
        })
    };
    let on_rule_cancel = {
        let editing = editing.clone();
        Callback::from(move |_: ()| editing.set(None))
    };
    let rule_table = |title: PointsMsg, list: &[(String, PointsRule)], testid: &'static str| {
        html! {
            <div class="card">
                <h2>{ title.get(lang) }</h2>
                <table class="tally" data-testid={testid}>
                    <tbody>
                        { for list.iter().map(|(id, r)| {
                            let open = editing.as_deref() == Some(id.as_str());
                            let on_edit = {
                                let (editing, id) = (editing.clone(), id.clone());
                                Callback::from(move |_: MouseEvent| editing.set(Some(id.clone())))
                            };
                            html! {
                                <>
                                    <tr data-testid={format!("points-rule-{}", r.code)}>
                                        <td>
                                            { rule_name(r, lang).to_string() }
                                            if let Some(team) = r.team {
                                                { " " }<span class="tag">{ team.label(lang) }</span>
                                            }
                                            if rule_needs_review(r) {
                                                { " " }<span class="tag warn" data-testid="points-rule-reviewed">{ DecisionMsg::RuleNeedsReview.get(lang) }</span>
                                            }
                                        </td>
                                        <td class="num" data-testid={format!("points-rule-{}-points", r.code)}>{ format!("{:+}", r.points) }</td>
                                        if coordinator {
                                            <td class="num">
                                                <button type="button" class="small" onclick={on_edit} disabled={open}
                                                    data-testid={format!("points-rule-edit-{}", r.code)}>{ PointsMsg::EditRule.get(lang) }</button>
                                            </td>
                                        }
                                    </tr>
                                    if open {
                                        <tr class="rule-edit-row">
                                            <td colspan="3">
                                                <RuleForm id={id.clone()} rule={r.clone()} on_saved={on_rule_saved.clone()}
                                                    on_cancel={on_rule_cancel.clone()} on_refuse={refuse.clone()} />
                                            </td>
                                        </tr>
                                    }
                                </>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        }
    };
    let members: Vec<(String, String, i64)> = data
        .members
        .iter()
        .map(|(id, m)| {
            (
                id.clone(),
                m.name.clone(),
                balances.get(id.as_str()).copied().unwrap_or(0),
            )
        })
        .collect();
    let set_grouping = |team: bool| {
        let by_team = by_team.clone();
        Callback::from(move |_| by_team.set(team))
    };

    html! {
        <section data-testid="page-points">
            <h1 data-testid="page-title">{ PointsMsg::Title.get(lang) }</h1>
            <p class="muted">{ PointsMsg::Intro.get(lang) }</p>
            { match (*feedback).clone() {
                Some(Feedback::Done(msg)) => html! { <p class="notice ok" role="status" data-testid="points-feedback">{ "✓ " }{ msg.get(lang) }</p> },
                Some(Feedback::Refused(text)) => html! { <p class="notice error" role="alert" data-testid="points-error">{ text.get(lang).to_string() }</p> },
                None => html! {},
            } }
            <h2>{ PointsMsg::Ranking.get(lang) }</h2>
            if data.members.is_empty() {
                <p class="notice">{ PointsMsg::NoMembers.get(lang) }</p>
            } else {
                <div class="choices" role="group" aria-label={PointsMsg::GroupBy.get(lang)}>
                    <button type="button" class={classes!("choice", (!*by_team).then_some("selected"))} onclick={set_grouping(false)} data-testid="points-by-community">{ PointsMsg::ByCommunity.get(lang) }</button>
                    <button type="button" class={classes!("choice", (*by_team).then_some("selected"))} onclick={set_grouping(true)} data-testid="points-by-team">{ PointsMsg::ByTeam.get(lang) }</button>
                </div>
                { for groups.iter().map(|(group, list)| html! {
                    <details class="card points-group" data-testid="points-group">
                        <summary><strong>{ group.clone() }</strong>{ format!(" · {}", list.len()) }</summary>
                        <ol class="plain points-ranking">
                            { for list.iter().map(|(id, m)| {
                                let history: Vec<(&PointsEntry, ReviewState)> = data.entries.iter()
                                    .filter(|(_, e)| e.member_id == *id)
                                    .map(|(eid, e)| (e, review_states.get(eid).copied().unwrap_or(ReviewState::NotNeeded)))
                                    .collect();
                                html! {
                                    <li>
                                        <details data-testid={format!("points-member-{id}")}>
                                            <summary>
                                                <a href={Route::Member { id: id.clone() }.href()}>{ m.name.clone() }</a>
                                                { " " }<span class="tag">{ m.team.label(lang) }</span>{ " " }
                                                <strong class="points-balance" data-testid={format!("points-balance-{id}")}>{ balances.get(id.as_str()).copied().unwrap_or(0) }</strong>
                                            </summary>
                                            if history.is_empty() {
                                                <p class="muted">{ PointsMsg::NoEntries.get(lang) }</p>
                                            } else {
                                                <ul class="plain points-history">
                                                    { for history.iter().map(|(e, review)| entry_line(e, *review, &rule_names, lang)) }
                                                </ul>
                                            }
                                        </details>
                                    </li>
                                }
                            }) }
                        </ol>
                    </details>
                }) }
            }
            if coordinator {
                <ReviewQueue {waiting} reviewer={state.device.as_ref().and_then(|d| d.member_id.clone())}
                    on_saved={on_reviewed} on_refuse={refuse.clone()} />
                <ManualForm members={members.clone()} on_write={write.clone()} on_refuse={refuse.clone()} />
            } else {
                <p class="notice" data-testid="points-coordinator-only">{ PointsMsg::CoordinatorOnly.get(lang) }</p>
                <ClaimForm members={members.clone()} own={state.device.as_ref().and_then(|d| d.member_id.clone())}
                    on_write={write.clone()} on_refuse={refuse.clone()} />
            }
            <RedeemForm {members} rewards={data.rewards.clone()} on_write={write} on_refuse={refuse.clone()} />
            <RewardCatalogue rewards={data.rewards.clone()} {coordinator} on_saved={on_reward_saved} on_refuse={refuse.clone()} />
            <h2>{ PointsMsg::Rules.get(lang) }</h2>
            { rule_table(PointsMsg::PositiveList, &positive, "points-rules-positive") }
            { rule_table(PointsMsg::NegativeList, &negative, "points-rules-negative") }
        </section>
    }
}

fn entry_line(
    entry: &PointsEntry,
    review: ReviewState,
    rule_names: &BTreeMap<&str, String>,
    lang: Lang,
) -> Html {
    let (how, what) = match entry.rule_id.as_deref() {
        Some(rule) => (
            PointsMsg::Automatic,
            rule_names
                .get(rule)
                .cloned()
                .unwrap_or_else(|| entry.reason.clone()),
        ),
        None if entry.extra.contains_key("redemption") => {
            (PointsMsg::Redemption, entry.reason.clone())
        }
        None => (PointsMsg::Manual, entry.reason.clone()),
    };
    html! {
        <li data-testid="points-entry">
            <span class="muted">{ entry.on.clone() }</span>{ " " }
            <span class="tag">{ how.get(lang) }</span>{ " " }
            <span>{ what }</span>{ " " }
            <strong class="num">{ format!("{:+}", entry.points) }</strong>
            if review != ReviewState::NotNeeded {
                { " " }<span class={classes!("tag", if review.counts() { "ok" } else { "warn" })} data-testid="points-entry-review">{ review.label().get(lang).to_string() }</span>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    /// (id, name, balance)
    members: Vec<(String, String, i64)>,
    /// The reward catalogue (the redeem form offers the active ones).
    #[prop_or_default]
    rewards: Vec<(String, Reward)>,
    on_write: Callback<(PointsEntry, PointsMsg)>,
    on_refuse: Callback<Text>,
}

fn member_select(
    members: &[(String, String, i64)],
    value: &str,
    onchange: Callback<Event>,
    testid: &'static str,
    lang: Lang,
) -> Html {
    html! {
        <label>
            <span>{ PointsMsg::Member.get(lang) }</span>
            <select {onchange} data-testid={testid}>
                <option value="" selected={value.is_empty()}>{ PointsMsg::ChooseMember.get(lang) }</option>
                { for members.iter().map(|(id, name, balance)| html! {
                    <option value={id.clone()} selected={value == id}>{ format!("{name} ({balance})") }</option>
                }) }
            </select>
        </label>
    }
}

/// A coordinator's manual entry; a correction is an entry with the opposite points.
#[function_component(ManualForm)]
fn manual_form(props: &FormProps) -> Html {
    let lang = use_app().lang;
    let member = use_state(String::new);
    let points = use_state(String::new);
    let reason = use_state(String::new);
    let on_submit = {
        let (member, points, reason) = (member.clone(), points.clone(), reason.clone());
        let (on_write, on_refuse) = (props.on_write.clone(), props.on_refuse.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = points.trim().parse::<i64>().unwrap_or(0);
            match manual_entry(&member, value, &reason, &today_local()) {
                Ok(entry) => {
                    on_write.emit((entry, PointsMsg::Saved));
                    points.set(String::new());
                    reason.set(String::new());
                }
                Err(err) => on_refuse.emit(err.text()),
            }
        })
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="points-manual-form">
            <h2>{ PointsMsg::ManualTitle.get(lang) }</h2>
            { member_select(&props.members, &member, select_into(&member), "points-manual-member", lang) }
            <label>
                <span>{ PointsMsg::Points.get(lang) }</span>
                <input type="number" step="1" value={(*points).clone()} oninput={input_into(&points)} data-testid="points-manual-points" />
            </label>
            <label>
                <span>{ PointsMsg::Reason.get(lang) }</span>
                <input type="text" value={(*reason).clone()} oninput={input_into(&reason)} data-testid="points-manual-reason" />
            </label>
            <button type="submit" class="primary" data-testid="points-manual-save">{ PointsMsg::ManualSave.get(lang) }</button>
        </form>
    }
}

/// Redeems a reward from the catalogue: a negative entry, never below zero.
#[function_component(RedeemForm)]
fn redeem_form(props: &FormProps) -> Html {
    let lang = use_app().lang;
    let member = use_state(String::new);
    let offered: Vec<(String, Reward)> = props
        .rewards
        .iter()
        .filter(|(_, r)| r.active)
        .cloned()
        .collect();
    // The chosen reward's id; empty means the first one offered.
    let reward = use_state(String::new);
    let on_submit = {
        let (member, reward) = (member.clone(), reward.clone());
        let (on_write, on_refuse) = (props.on_write.clone(), props.on_refuse.clone());
        let members = props.members.clone();
        let offered = offered.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some((_, _, have)) = members.iter().find(|(id, _, _)| *id == *member) else {
                on_refuse.emit(PointsError::Incomplete.text());
                return;
            };
            let chosen = offered
                .iter()
                .find(|(id, _)| *id == *reward)
                .or_else(|| offered.first());
            let Some((reward_id, chosen)) = chosen else {
                return;
            };
            match redeem_reward(&member, *have, reward_id, chosen, &today_local()) {
                Ok(entry) => on_write.emit((entry, PointsMsg::Redeemed)),
                Err(err) => on_refuse.emit(err.text()),
            }
        })
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="points-redeem-form">
            <h2>{ PointsMsg::RedeemTitle.get(lang) }</h2>
            { member_select(&props.members, &member, select_into(&member), "points-redeem-member", lang) }
            <label>
                <span>{ PointsMsg::Reward.get(lang) }</span>
                <select onchange={select_into(&reward)} data-testid="points-redeem-reward">
                    { for offered.iter().map(|(id, r)| html! {
                        <option value={id.clone()} selected={*reward == *id}>
                            { format!("{} · {} {}", reward_name(r, lang), r.cost, PointsMsg::Points.get(lang)) }
                        </option>
                    }) }
                </select>
            </label>
            if offered.is_empty() {
                <p class="muted">{ PointsMsg::NoRewards.get(lang) }</p>
            }
            <button type="submit" class="primary" disabled={offered.is_empty()} data-testid="points-redeem-save">{ PointsMsg::RedeemSave.get(lang) }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct RuleFormProps {
    id: String,
    rule: PointsRule,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
    on_refuse: Callback<Text>,
}

/// A coordinator's edit of one rule (names, points, team): a normal new
/// revision of the rule's record via `records::edit`.
#[function_component(RuleForm)]
fn rule_form(props: &RuleFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let rule = &props.rule;
    let name = use_state(|| rule.name.clone());
    let name_en = use_state(|| {
        rule.extra
            .get(NAME_EN)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    });
    let points = use_state(|| rule.points.to_string());
    let needs_review = use_state(|| rule_needs_review(rule));
    let team = use_state(|| {
        rule.team
            .map(|t| t.as_str().to_string())
            .unwrap_or_default()
    });
    let on_submit = {
        let (name, name_en, points, team, needs_review) = (
            name.clone(),
            name_en.clone(),
            points.clone(),
            team.clone(),
            needs_review.clone(),
        );
        let (id, rule) = (props.id.clone(), props.rule.clone());
        let (on_saved, on_refuse) = (props.on_saved.clone(), props.on_refuse.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(value) = points.trim().parse::<i64>() else {
                let msg = PointsMsg::RuleBadPoints;
                on_refuse.emit(Text::new(msg.get(Lang::Zh), msg.get(Lang::En)));
                return;
            };
            let mut edited = match edited_rule(&rule, &name, &name_en, value, Team::parse(&team)) {
                Ok(edited) => edited,
                Err(err) => return on_refuse.emit(err.text()),
            };
            if *needs_review {
                edited
                    .extra
                    .insert(NEEDS_REVIEW.into(), serde_json::Value::Bool(true));
            } else {
                edited.extra.remove(NEEDS_REVIEW);
            }
            let (Some(store), Some(device)) = (state.store(), state.device.clone()) else {
                return;
            };
            let (id, on_saved, on_refuse) = (id.clone(), on_saved.clone(), on_refuse.clone());
            spawn_local(async move {
                let result = match serde_json::to_value(&edited) {
                    Ok(data) => records::edit(&store, &device.id, &id, data)
                        .await
                        .map_err(|e| e.text()),
                    Err(e) => Err(Text::new(e.to_string(), e.to_string())),
                };
                match result {
                    Ok(_) => on_saved.emit(()),
                    Err(text) => on_refuse.emit(text),
                }
            });
        })
    };
    let on_cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    html! {
        <form class="form rule-form" onsubmit={on_submit} data-testid="points-rule-form">
            <label>
                <span>{ PointsMsg::RuleName.get(lang) }</span>
                <input type="text" value={(*name).clone()} oninput={input_into(&name)} data-testid="points-rule-name" />
            </label>
            <label>
                <span>{ PointsMsg::RuleNameEn.get(lang) }</span>
                <input type="text" value={(*name_en).clone()} oninput={input_into(&name_en)} data-testid="points-rule-name-en" />
            </label>
            <label>
                <span>{ PointsMsg::Points.get(lang) }</span>
                <input type="number" step="1" value={(*points).clone()} oninput={input_into(&points)} data-testid="points-rule-points" />
            </label>
            <label>
                <span>{ PointsMsg::RuleTeam.get(lang) }</span>
                <select onchange={select_into(&team)} data-testid="points-rule-team">
                    <option value="" selected={team.is_empty()}>{ PointsMsg::RuleAllTeams.get(lang) }</option>
                    { for Team::ALL.iter().map(|t| html! {
                        <option value={t.as_str()} selected={*team == t.as_str()}>{ t.label(lang) }</option>
                    }) }
                </select>
            </label>
            <label class="check">
                <input type="checkbox" checked={*needs_review} data-testid="points-rule-needs-review"
                    onchange={{ let needs_review = needs_review.clone(); Callback::from(move |_: Event| needs_review.set(!*needs_review)) }} />
                <span>{ DecisionMsg::RuleNeedsReview.get(lang) }</span>
            </label>
            <div class="dash-actions">
                <button type="submit" class="primary" data-testid="points-rule-save">{ PointsMsg::RuleSave.get(lang) }</button>
                <button type="button" onclick={on_cancel} data-testid="points-rule-cancel">{ PointsMsg::RuleCancel.get(lang) }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct CatalogueProps {
    rewards: Vec<(String, Reward)>,
    coordinator: bool,
    on_saved: Callback<()>,
    on_refuse: Callback<Text>,
}

/// Writes a new reward (`id` None) or a new version of one: a normal revision
/// made on this device, so it travels in bundles and dominates the seed.
fn save_reward(
    state: &crate::ui::hooks::AppContext,
    id: Option<String>,
    reward: Reward,
    on_saved: Callback<()>,
    on_refuse: Callback<Text>,
) {
    let (Some(store), Some(device)) = (state.store(), state.device.clone()) else {
        return;
    };
    spawn_local(async move {
        let result = match serde_json::to_value(&reward) {
            Ok(data) => records::save(&store, &device.id, id.as_deref(), Kind::Reward, data)
                .await
                .map_err(|e| e.text()),
            Err(e) => Err(Text::new(e.to_string(), e.to_string())),
        };
        match result {
            Ok(_) => on_saved.emit(()),
            Err(text) => on_refuse.emit(text),
        }
    });
}

/// The reward catalogue: everyone sees it; a coordinator adds, edits, retires
/// and restores rewards (a retired one stays for the history, not offered).
#[function_component(RewardCatalogue)]
fn reward_catalogue(props: &CatalogueProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    // The reward being edited: Some("") adds a new one.
    let editing = use_state(|| None::<String>);
    let saved = {
        let (editing, on_saved) = (editing.clone(), props.on_saved.clone());
        Callback::from(move |_: ()| {
            editing.set(None);
            on_saved.emit(());
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_: ()| editing.set(None))
    };
    let open = |id: String| {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(Some(id.clone())))
    };
    html! {
        <div class="card" data-testid="points-rewards">
            <h2>{ PointsMsg::RewardsTitle.get(lang) }</h2>
            if props.rewards.is_empty() {
                <p class="muted">{ PointsMsg::NoRewards.get(lang) }</p>
            }
            <table class="tally">
                <tbody>
                    { for props.rewards.iter().map(|(id, r)| {
                        let toggle = {
                            let (state, id, r) = (state.clone(), id.clone(), r.clone());
                            let (saved, on_refuse) = (saved.clone(), props.on_refuse.clone());
                            Callback::from(move |_: MouseEvent| {
                                let mut next = r.clone();
                                next.active = !r.active;
                                save_reward(&state, Some(id.clone()), next, saved.clone(), on_refuse.clone());
                            })
                        };
                        html! {
                            <>
                                <tr data-testid="points-reward" data-id={id.clone()} class={classes!((!r.active).then_some("muted"))}>
                                    <td>
                                        { reward_name(r, lang).to_string() }
                                        if !r.active {
                                            { " " }<span class="tag" data-testid="points-reward-retired">{ PointsMsg::RewardRetired.get(lang) }</span>
                                        }
                                    </td>
                                    <td class="num" data-testid="points-reward-cost">{ r.cost }</td>
                                    if props.coordinator {
                                        <td class="num">
                                            <button type="button" class="small" onclick={open(id.clone())}
                                                data-testid={format!("points-reward-edit-{id}")}>{ PointsMsg::RewardEdit.get(lang) }</button>
                                            { " " }
                                            <button type="button" class="small" onclick={toggle}
                                                data-testid={format!("points-reward-toggle-{id}")}>
                                                { if r.active { PointsMsg::RewardRetire.get(lang) } else { PointsMsg::RewardRestore.get(lang) } }
                                            </button>
                                        </td>
                                    }
                                </tr>
                                if props.coordinator && editing.as_deref() == Some(id.as_str()) {
                                    <tr class="rule-edit-row">
                                        <td colspan="3">
                                            <RewardForm id={Some(id.clone())} base={Some(r.clone())} on_saved={saved.clone()}
                                                on_cancel={cancel.clone()} on_refuse={props.on_refuse.clone()} />
                                        </td>
                                    </tr>
                                }
                            </>
                        }
                    }) }
                </tbody>
            </table>
            if props.coordinator {
                if editing.as_deref() == Some("") {
                    <RewardForm id={None::<String>} base={None::<Reward>} on_saved={saved.clone()}
                        on_cancel={cancel.clone()} on_refuse={props.on_refuse.clone()} />
                } else {
                    <button type="button" onclick={open(String::new())} data-testid="points-reward-add">{ PointsMsg::RewardAdd.get(lang) }</button>
                }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RewardFormProps {
    id: Option<String>,
    base: Option<Reward>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
    on_refuse: Callback<Text>,
}

/// A coordinator's new reward, or edit of one (names and cost).
#[function_component(RewardForm)]
fn reward_form(props: &RewardFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let base = props.base.clone();
    let name = use_state(|| base.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let name_en = use_state(|| {
        base.as_ref()
            .and_then(|r| r.name_en.clone())
            .unwrap_or_default()
    });
    let cost = use_state(|| {
        base.as_ref()
            .map(|r| r.cost.to_string())
            .unwrap_or_default()
    });
    let on_submit = {
        let (name, name_en, cost) = (name.clone(), name_en.clone(), cost.clone());
        let (id, base) = (props.id.clone(), props.base.clone());
        let (on_saved, on_refuse) = (props.on_saved.clone(), props.on_refuse.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = cost.trim().parse::<i64>().unwrap_or(0);
            let active = base.as_ref().is_none_or(|b| b.active);
            match edited_reward(base.as_ref(), &name, &name_en, value, active) {
                Ok(reward) => save_reward(
                    &state,
                    id.clone(),
                    reward,
                    on_saved.clone(),
                    on_refuse.clone(),
                ),
                Err(err) => on_refuse.emit(err.text()),
            }
        })
    };
    let on_cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    html! {
        <form class="form rule-form" onsubmit={on_submit} data-testid="points-reward-form">
            <label>
                <span>{ PointsMsg::RuleName.get(lang) }</span>
                <input type="text" value={(*name).clone()} oninput={input_into(&name)} data-testid="points-reward-name" />
            </label>
            <label>
                <span>{ PointsMsg::RuleNameEn.get(lang) }</span>
                <input type="text" value={(*name_en).clone()} oninput={input_into(&name_en)} data-testid="points-reward-name-en" />
            </label>
            <label>
                <span>{ PointsMsg::RewardCost.get(lang) }</span>
                <input type="number" step="1" min="1" value={(*cost).clone()} oninput={input_into(&cost)} data-testid="points-reward-cost-input" />
            </label>
            <div class="dash-actions">
                <button type="submit" class="primary" data-testid="points-reward-save">{ PointsMsg::RewardSave.get(lang) }</button>
                <button type="button" onclick={on_cancel} data-testid="points-reward-cancel">{ PointsMsg::RuleCancel.get(lang) }</button>
            </div>
        </form>
    }
}
