//! Reviewed points (评审赋分) on the points page: a representative's claim, and
//! the coordinator's queue of entries awaiting review with approve / reject
//! and a reason. The review is a `points_review` record whose id is derived
//! from the entry's (`domain::review`), so it settles the entry on every device.

use std::collections::BTreeMap;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::platform::today_local;
use crate::app::records::decode;
use crate::app::review::save_review;
use crate::domain::kinds::PointsEntry;
use crate::domain::points::manual_entry;
use crate::domain::review::{review_id, review_state, with_needs_review, ReviewState, Verdict};
use crate::domain::revision::Revision;
use crate::i18n::{DecisionMsg, PointsMsg, Text};
use crate::ui::components::office_form::{input_into, select_into};
use crate::ui::hooks::use_app;
use crate::ui::route::Route;

/// The review state of every entry, by entry id.
pub fn states(
    entries: &[(String, PointsEntry)],
    reviews: &BTreeMap<String, Vec<Revision>>,
) -> BTreeMap<String, ReviewState> {
    entries
        .iter()
        .map(|(id, e)| {
            let heads = reviews
                .get(&review_id(id))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            (id.clone(), review_state(e, heads))
        })
        .collect()
}

/// The reason a review gave, when one version is shown.
pub fn review_reason(heads: &[Revision]) -> Option<String> {
    let rev = heads.first()?;
    decode::<crate::domain::review::PointsReview>(rev).map(|r| r.reason)
}

#[derive(Properties, PartialEq)]
pub struct ClaimFormProps {
    /// (id, name, balance)
    pub members: Vec<(String, String, i64)>,
    /// This device's member, chosen first.
    pub own: Option<String>,
    pub on_write: Callback<(PointsEntry, PointsMsg)>,
    pub on_refuse: Callback<Text>,
}

/// A representative's claim: an entry that counts once a coordinator approves it.
#[function_component(ClaimForm)]
pub fn claim_form(props: &ClaimFormProps) -> Html {
    let lang = use_app().lang;
    let member = use_state(|| props.own.clone().unwrap_or_default());
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
                    on_write.emit((with_needs_review(entry, true), PointsMsg::Saved));
                    points.set(String::new());
                    reason.set(String::new());
                }
                Err(err) => on_refuse.emit(err.text()),
            }
        })
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="points-claim-form">
            <h2>{ DecisionMsg::ClaimTitle.get(lang) }</h2>
            <label>
                <span>{ PointsMsg::Member.get(lang) }</span>
                <select onchange={select_into(&member)} data-testid="points-claim-member">
                    <option value="" selected={member.is_empty()}>{ PointsMsg::ChooseMember.get(lang) }</option>
                    { for props.members.iter().map(|(id, name, balance)| html! {
                        <option value={id.clone()} selected={*member == *id}>{ format!("{name} ({balance})") }</option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ PointsMsg::Points.get(lang) }</span>
                <input type="number" step="1" value={(*points).clone()} oninput={input_into(&points)} data-testid="points-claim-points" />
            </label>
            <label>
                <span>{ PointsMsg::Reason.get(lang) }</span>
                <input type="text" value={(*reason).clone()} oninput={input_into(&reason)} data-testid="points-claim-reason" />
            </label>
            <button type="submit" class="primary" data-testid="points-claim-save">{ DecisionMsg::ClaimSave.get(lang) }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReviewQueueProps {
    /// Entries awaiting review or disputed: (id, entry, member name, state).
    pub waiting: Vec<(String, PointsEntry, String, ReviewState)>,
    /// This device's member (the reviewer), if set.
    pub reviewer: Option<String>,
    pub on_saved: Callback<()>,
    pub on_refuse: Callback<Text>,
}

/// The coordinator's queue: approve or reject each waiting entry, with a reason.
#[function_component(ReviewQueue)]
pub fn review_queue(props: &ReviewQueueProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let reasons = use_state(BTreeMap::<String, String>::new);
    let decide = |entry_id: String, entry: PointsEntry, verdict: Verdict| {
        let (state, reasons, on_saved, on_refuse, reviewer) = (
            state.clone(),
            reasons.clone(),
            props.on_saved.clone(),
            props.on_refuse.clone(),
            props.reviewer.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let reason = reasons.get(&entry_id).cloned().unwrap_or_default();
            let (entry_id, entry, on_saved, on_refuse, reviewer) = (
                entry_id.clone(),
                entry.clone(),
                on_saved.clone(),
                on_refuse.clone(),
                reviewer.clone(),
            );
            spawn_local(async move {
                match save_review(
                    &db,
                    &device.id,
                    &entry_id,
                    &entry,
                    verdict,
                    &reason,
                    reviewer.as_deref(),
                )
                .await
                {
                    Ok(()) => on_saved.emit(()),
                    Err(err) => on_refuse.emit(err.text()),
                }
            });
        })
    };
    html! {
        <section class="card" data-testid="points-review-queue">
            <h2>{ DecisionMsg::ReviewTitle.get(lang) }{ " " }<span class="muted">{ props.waiting.len() }</span></h2>
            <p class="muted small">{ DecisionMsg::ReviewIntro.get(lang) }</p>
            if props.waiting.is_empty() {
                <p class="muted" data-testid="points-review-none">{ DecisionMsg::ReviewNone.get(lang) }</p>
            }
            <ul class="plain">
                { for props.waiting.iter().map(|(id, entry, name, review)| {
                    let on_reason = {
                        let (reasons, id) = (reasons.clone(), id.clone());
                        Callback::from(move |e: InputEvent| {
                            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                            let mut next = (*reasons).clone();
                            next.insert(id.clone(), value);
                            reasons.set(next);
                        })
                    };
                    html! {
                        <li class="review-item" data-testid="points-review-item" data-id={id.clone()}>
                            <p>
                                <strong>{ name.clone() }</strong>{ " · " }{ entry.reason.clone() }{ " " }
                                <strong class="num">{ format!("{:+}", entry.points) }</strong>{ " " }
                                <span class="muted small">{ entry.on.clone() }</span>
                            </p>
                            <p><span class="tag warn" data-testid="points-review-state">{ review.label().get(lang).to_string() }</span></p>
                            if *review == ReviewState::Disputed {
                                <a class="button" href={Route::Conflicts.href()} data-testid="points-review-conflict">{ DecisionMsg::ResolveConflict.get(lang) }</a>
                            } else {
                                <label>
                                    <span>{ DecisionMsg::ReviewReason.get(lang) }</span>
                                    <input type="text" maxlength="120" value={reasons.get(id).cloned().unwrap_or_default()}
                                        oninput={on_reason} data-testid="points-review-reason" />
                                </label>
                                <div class="actions">
                                    <button type="button" class="primary" onclick={decide(id.clone(), entry.clone(), Verdict::Approved)} data-testid="points-review-approve">{ DecisionMsg::Approve.get(lang) }</button>
                                    <button type="button" onclick={decide(id.clone(), entry.clone(), Verdict::Rejected)} data-testid="points-review-reject">{ DecisionMsg::Reject.get(lang) }</button>
                                </div>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
