//! One activity: what, when, where, who took part (by team), how many came,
//! leaflets handed out, the minutes, the decisions voted, the demands it took up and its outcomes.

use yew::prelude::*;

use crate::app::office;
use crate::domain::decision::{decisions as decisions_of, started_by, takes_decisions};
use crate::i18n::{Msg, OfficeMsg, PointsMsg};
use crate::ui::components::decisions::Decisions;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct ActivityPageProps {
    pub id: String,
}

#[function_component(ActivityPage)]
pub fn activity_page(props: &ActivityPageProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load(props.id.clone(), |db, id| async move {
        office::activity_detail(&db, &id).await
    });
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let Some(activity) = data.activity.clone() else {
        return html! {
            <section data-testid="page-activity">
                <h1 data-testid="page-title">{ OfficeMsg::ActivitiesTitle.get(lang) }</h1>
                <p class="notice" data-testid="activity-missing">{ OfficeMsg::ActivityNotFound.get(lang) }</p>
                <a class="button" href={Route::Activities.href()}>{ Msg::Back.get(lang) }</a>
            </section>
        };
    };
    let not_here = OfficeMsg::NotOnDevice.get(lang);
    let started: Vec<(String, String, String)> = data
        .outcomes
        .iter()
        .filter_map(|(oid, o)| {
            let (activity, decision) = started_by(o)?;
            (activity == props.id).then(|| (decision, oid.clone(), o.title.clone()))
        })
        .collect();
    // A saved vote reads the activity again.
    let on_saved = loaded.reloader();
    let decisions = takes_decisions(activity.activity_type) || !decisions_of(&activity).is_empty();
    html! {
        <section data-testid="page-activity">
            <a class="back" href={Route::Activities.href()}>{ "‹ " }{ OfficeMsg::ActivitiesTitle.get(lang) }</a>
            <h1 data-testid="page-title">{ activity.title.clone() }</h1>
            <p><span class="tag" data-testid="activity-type-text">{ activity.activity_type.label(lang) }</span></p>
            <dl class="facts">
                <dt>{ OfficeMsg::Date.get(lang) }</dt>
                <dd data-testid="activity-date-text">{ activity.on.clone() }</dd>
                <dt>{ Msg::CaptureCommunity.get(lang) }</dt>
                <dd data-testid="activity-community-text">{ data.community.clone().unwrap_or_default() }</dd>
                <dt>{ OfficeMsg::ActivityAttendees.get(lang) }</dt>
                <dd data-testid="activity-attendees-text">{ activity.attendees }</dd>
                <dt>{ OfficeMsg::ActivityMaterials.get(lang) }</dt>
                <dd data-testid="activity-materials-text">{ activity.materials }</dd>
            </dl>
            <div class="actions">
                <a class="button" href={Route::ActivityEdit { id: props.id.clone() }.href()} data-testid="activity-edit">{ Msg::Edit.get(lang) }</a>
                <a class="button" href={Route::OutcomeNew.href()} data-testid="activity-to-outcome">{ OfficeMsg::OutcomeNew.get(lang) }</a>
            </div>
            if let Some(minutes) = activity.minutes.clone() {
                <section class="card">
                    <h2>{ OfficeMsg::ActivityMinutes.get(lang) }</h2>
                    <p class="description" data-testid="activity-minutes-text">{ minutes }</p>
                </section>
            }
            if decisions {
                <Decisions activity_id={props.id.clone()} activity={activity.clone()} {started} {on_saved} />
            }
            <section class="card" data-testid="activity-members">
                <h2>{ OfficeMsg::ActivityMembers.get(lang) }{ " " }<span class="muted">{ data.members.len() }</span></h2>
                if data.members.is_empty() {
                    <p class="muted small">{ OfficeMsg::NoneYet.get(lang) }</p>
                }
                <ul class="link-list">
                    { for data.members.iter().map(|(id, m)| html! {
                        <li data-testid="activity-member-item">
                            <a href={Route::Member { id: id.clone() }.href()}>{ m.as_ref().map(|m| m.name.clone()).unwrap_or_else(|| not_here.to_string()) }</a>
                            if let Some(m) = m {
                                { " " }<span class={classes!("tag", format!("team-{}", m.team.as_str()))}>{ m.team.label(lang) }</span>
                            }
                        </li>
                    }) }
                </ul>
            </section>
            if !data.signed_up.is_empty() {
                <section class="card" data-testid="activity-signed-up">
                    <h2>{ PointsMsg::SignedUp.get(lang) }{ " " }<span class="muted">{ data.signed_up.len() }</span></h2>
                    <ul class="link-list">
                        { for data.signed_up.iter().map(|(id, m)| {
                            let came = activity.member_ids.contains(id);
                            html! {
                                <li data-testid="activity-signed-up-item">
                                    <a href={Route::Member { id: id.clone() }.href()}>{ m.as_ref().map(|m| m.name.clone()).unwrap_or_else(|| not_here.to_string()) }</a>
                                    if !came {
                                        { " " }<span class="tag" data-testid="activity-signed-up-absent">{ PointsMsg::Absent.get(lang) }</span>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                </section>
            }
            <section class="card" data-testid="activity-demands">
                <h2>{ OfficeMsg::LinkedDemands.get(lang) }{ " " }<span class="muted">{ data.demands.len() }</span></h2>
                if data.demands.is_empty() {
                    <p class="muted small">{ OfficeMsg::NoneYet.get(lang) }</p>
                }
                <ul class="link-list">
                    { for data.demands.iter().map(|(id, d)| html! {
                        <li><a href={Route::Demand { id: id.clone() }.href()}>{ d.as_ref().map(|d| d.title.clone()).unwrap_or_else(|| not_here.to_string()) }</a></li>
                    }) }
                </ul>
            </section>
            if !data.outcomes.is_empty() {
                <section class="card" data-testid="activity-outcomes">
                    <h2>{ OfficeMsg::OutcomesTitle.get(lang) }</h2>
                    <ul class="link-list">
                        { for data.outcomes.iter().map(|(id, o)| html! {
                            <li><a href={Route::Outcome { id: id.clone() }.href()}>{ o.title.clone() }</a></li>
                        }) }
                    </ul>
                </section>
            }
        </section>
    }
}
