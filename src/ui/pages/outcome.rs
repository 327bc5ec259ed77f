//! One outcome: its type, date, community, funds (shown in yuan) and
//! beneficiaries, summary, and the demands, topic, activities and members it links.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::domain::decision::{decisions, started_by};
use crate::domain::funding::{funding, spent, SOURCES};
use crate::domain::kinds::{Activity, Demand, Kind, Member, Outcome, Topic};
use crate::domain::money::{format_fen_as_yuan, group_thousands};
use crate::i18n::{DecisionMsg, Msg, OfficeMsg};
use crate::store::Store;
use crate::ui::components::record_pickers::{community_label, load_communities, resolve_ids};
use crate::ui::hooks::use_app;
use crate::ui::records::{current_as, decode};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct OutcomePageProps {
    pub id: String,
}

#[derive(Clone, PartialEq)]
struct Loaded {
    outcome: Option<Outcome>,
    community: Option<String>,
    topic: Option<Topic>,
    demands: Vec<(String, Option<Demand>)>,
    activities: Vec<(String, Option<Activity>)>,
    members: Vec<(String, Option<Member>)>,
    /// The question of the decision that started it, when on this device.
    decision: Option<String>,
}

async fn load(store: &Store, id: &str) -> Loaded {
    let outcome = current_as::<Outcome>(store, id, Kind::Outcome)
        .await
        .map(|(_, r)| r);
    let Some(o) = outcome.clone() else {
        return Loaded {
            outcome,
            community: None,
            topic: None,
            demands: Vec::new(),
            activities: Vec::new(),
            members: Vec::new(),
            decision: None,
        };
    };
    let communities = load_communities(store).await;
    let topic = match &o.topic_id {
        Some(tid) => store
            .current(tid)
            .await
            .ok()
            .flatten()
            .and_then(|r| decode::<Topic>(&r)),
        None => None,
    };
    let mut members = resolve_ids::<Member>(store, &o.member_ids).await;
    members.sort_by_key(|(_, m)| m.as_ref().map(|m| m.team));
    let decision = match started_by(&o) {
        Some((activity_id, decision_id)) => {
            current_as::<Activity>(store, &activity_id, Kind::Activity)
                .await
                .and_then(|(_, a)| decisions(&a).into_iter().find(|d| d.id == decision_id))
                .map(|d| format!("{} → {}", d.question, d.result))
        }
        None => None,
    };
    Loaded {
        decision,
        community: community_label(&communities, o.community_id.as_deref()),
        topic,
        demands: resolve_ids::<Demand>(store, &o.demand_ids).await,
        activities: resolve_ids::<Activity>(store, &o.activity_ids).await,
        members,
        outcome,
    }
}

#[function_component(OutcomePage)]
pub fn outcome_page(props: &OutcomePageProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_state(|| None::<Loaded>);
    {
        let (state, loaded, id) = (state.clone(), loaded.clone(), props.id.clone());
        use_effect_with(props.id.clone(), move |_| {
            if let Some(store) = state.store() {
                spawn_local(async move { loaded.set(Some(load(&store, &id).await)) });
            }
        });
    }
    let Some(data) = (*loaded).clone() else {
        return html! { <p class="notice">{ Msg::Loading.get(lang) }</p> };
    };
    let Some(outcome) = data.outcome.clone() else {
        return html! {
            <section data-testid="page-outcome">
                <h1 data-testid="page-title">{ OfficeMsg::OutcomesTitle.get(lang) }</h1>
                <p class="notice" data-testid="outcome-missing">{ OfficeMsg::OutcomeNotFound.get(lang) }</p>
                <a class="button" href={Route::Outcomes.href()}>{ Msg::Back.get(lang) }</a>
            </section>
        };
    };
    let not_here = OfficeMsg::NotOnDevice.get(lang);
    let links = |title: OfficeMsg, testid: &str, items: Vec<Html>| {
        html! {
            <section class="card" data-testid={testid.to_string()}>
                <h2>{ title.get(lang) }{ " " }<span class="muted">{ items.len() }</span></h2>
                if items.is_empty() {
                    <p class="muted small">{ OfficeMsg::NoneYet.get(lang) }</p>
                } else {
                    <ul class="link-list">{ for items }</ul>
                }
            </section>
        }
    };
    let demands = data.demands.iter().map(|(id, d)| html! {
        <li><a href={Route::Demand { id: id.clone() }.href()}>{ d.as_ref().map(|d| d.title.clone()).unwrap_or_else(|| not_here.to_string()) }</a></li>
    }).collect();
    let activities = data.activities.iter().map(|(id, a)| html! {
        <li>
            <a href={Route::Activity { id: id.clone() }.href()}>{ a.as_ref().map(|a| a.title.clone()).unwrap_or_else(|| not_here.to_string()) }</a>
            if let Some(a) = a { { " " }<span class="muted small">{ format!("{} · {}", a.on, a.activity_type.label(lang)) }</span> }
        </li>
    }).collect();
    let members = data.members.iter().map(|(id, m)| html! {
        <li>
            <a href={Route::Member { id: id.clone() }.href()}>{ m.as_ref().map(|m| m.name.clone()).unwrap_or_else(|| not_here.to_string()) }</a>
            if let Some(m) = m { { " " }<span class={classes!("tag", format!("team-{}", m.team.as_str()))}>{ m.team.label(lang) }</span> }
        </li>
    }).collect();
    html! {
        <section data-testid="page-outcome">
            <a class="back" href={Route::Outcomes.href()}>{ "‹ " }{ OfficeMsg::OutcomesTitle.get(lang) }</a>
            <h1 data-testid="page-title">{ outcome.title.clone() }</h1>
            <p><span class="tag" data-testid="outcome-type-text">{ outcome.outcome_type.label(lang) }</span></p>
            <dl class="facts">
                <dt>{ OfficeMsg::Date.get(lang) }</dt>
                <dd>{ outcome.on.clone() }</dd>
                <dt>{ Msg::CaptureCommunity.get(lang) }</dt>
                <dd data-testid="outcome-community-text">{ data.community.clone().unwrap_or_default() }</dd>
                <dt>{ OfficeMsg::OutcomeFundsShort.get(lang) }</dt>
                <dd data-testid="outcome-funds-text">{ format_fen_as_yuan(outcome.funds_fen) }</dd>
                if let Some(f) = funding(&outcome) {
                    { for SOURCES.iter().map(|key| html! {
                        <>
                            <dt>{ source_label(key).get(lang) }</dt>
                            <dd data-testid={format!("outcome-funding-{key}")}>{ format_fen_as_yuan(f.get(key)) }</dd>
                        </>
                    }) }
                } else if outcome.funds_fen > 0 {
                    <dt></dt>
                    <dd class="muted small" data-testid="outcome-funding-none">{ DecisionMsg::NoSource.get(lang) }</dd>
                }
                if let Some(fen) = spent(&outcome) {
                    <dt>{ DecisionMsg::Spent.get(lang) }</dt>
                    <dd data-testid="outcome-spent-text">{ format_fen_as_yuan(fen) }</dd>
                }
                if let Some((activity_id, _)) = started_by(&outcome) {
                    <dt>{ DecisionMsg::StartedBy.get(lang) }</dt>
                    <dd data-testid="outcome-decision">
                        <a href={Route::Activity { id: activity_id.clone() }.href()}>{ data.decision.clone().unwrap_or_else(|| not_here.to_string()) }</a>
                    </dd>
                }
                <dt>{ OfficeMsg::OutcomeBeneficiaries.get(lang) }</dt>
                <dd data-testid="outcome-beneficiaries-text">{ group_thousands(outcome.beneficiaries) }</dd>
                if let Some(topic) = data.topic.clone() {
                    <dt>{ OfficeMsg::OutcomeTopic.get(lang) }</dt>
                    <dd data-testid="outcome-topic-text">{ topic.title }</dd>
                }
            </dl>
            if let Some(summary) = outcome.summary.clone() {
                <p class="description" data-testid="outcome-summary-text">{ summary }</p>
            }
            <div class="actions">
                <a class="button" href={Route::OutcomeEdit { id: props.id.clone() }.href()} data-testid="outcome-edit">{ Msg::Edit.get(lang) }</a>
            </div>
            { links(OfficeMsg::LinkedDemands, "outcome-demands", demands) }
            { links(OfficeMsg::OutcomeActivities, "outcome-activities", activities) }
            { links(OfficeMsg::OutcomeMembers, "outcome-members", members) }
        </section>
    }
}

/// The name of a funding source.
pub fn source_label(key: &str) -> DecisionMsg {
    match key {
        "government" => DecisionMsg::Government,
        "social" => DecisionMsg::Social,
        _ => DecisionMsg::Residents,
    }
}
