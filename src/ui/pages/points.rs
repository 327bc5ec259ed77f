//! Service points (积分): both rule lists, each member's balance and history
//! ranked per community or team, manual entries and redemption.

use std::collections::BTreeMap;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::platform::today_local;
use crate::app::points as service;
use crate::domain::kinds::{Member, PointsEntry, PointsRule};
use crate::domain::points::{rule_name, split_lists};
use crate::domain::review::{reviewed_balance, rule_needs_review, ReviewState};
use crate::i18n::{DecisionMsg, Lang, PointsMsg, Text};
use crate::ui::components::points::{ManualForm, RedeemForm, RewardCatalogue, RuleForm};
use crate::ui::components::points_review::{states as review_states, ClaimForm, ReviewQueue};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

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
    let loaded = use_load((), |db, ()| async move { service::overview(&db).await });
    let by_team = use_state(|| false);
    let feedback = use_state(|| None::<Feedback>);
    // The id of the rule being edited.
    let editing = use_state(|| None::<String>);

    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
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
        let (reload, feedback) = (loaded.clone(), feedback.clone());
        Callback::from(move |_: ()| {
            feedback.set(Some(Feedback::Done(PointsMsg::Saved)));
            reload.reload();
        })
    };
    let rule_names: BTreeMap<&str, String> = data
        .rules
        .iter()
        .map(|(id, r)| (id.as_str(), rule_name(r, lang).to_string()))
        .collect();

    // Writes one entry, then reloads.
    let write = {
        let (state, reload, feedback) = (state.clone(), loaded.clone(), feedback.clone());
        Callback::from(move |(entry, done): (PointsEntry, PointsMsg)| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let (reload, feedback) = (reload.clone(), feedback.clone());
            spawn_local(async move {
                match service::add_entry(&db, &device.id, &entry)
                    .await
                    .map_err(|e| e.text())
                {
                    Ok(_) => {
                        feedback.set(Some(Feedback::Done(done)));
                        reload.reload();
                    }
                    Err(text) => feedback.set(Some(Feedback::Refused(text))),
                }
            });
        })
    };
    // Redeems a reward: the balance is checked when the entry is written.
    let on_redeem = {
        let (state, reload, feedback) = (state.clone(), loaded.clone(), feedback.clone());
        Callback::from(move |(member, reward): (String, String)| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let (reload, feedback) = (reload.clone(), feedback.clone());
            spawn_local(async move {
                match service::redeem(&db, &device.id, &member, &reward, &today_local()).await {
                    Ok(()) => {
                        feedback.set(Some(Feedback::Done(PointsMsg::Redeemed)));
                        reload.reload();
                    }
                    Err(err) => feedback.set(Some(Feedback::Refused(err.text()))),
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
        let (reload, feedback, editing) = (loaded.clone(), feedback.clone(), editing.clone());
        Callback::from(move |_: ()| {
            editing.set(None);
            feedback.set(Some(Feedback::Done(PointsMsg::RuleSaved)));
            reload.reload();
        })
    };
    let on_reward_saved = {
        let (reload, feedback) = (loaded.clone(), feedback.clone());
        Callback::from(move |_: ()| {
            feedback.set(Some(Feedback::Done(PointsMsg::RewardSaved)));
            reload.reload();
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
            <RedeemForm {members} rewards={data.rewards.clone()} {on_redeem} on_refuse={refuse.clone()} />
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
