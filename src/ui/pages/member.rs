//! One member: their details, deactivate or reactivate, and what they did —
//! demands reported, demands handled, activities attended, outcomes produced,
//! research topics taken, honours given — from the store's reference index.

use std::collections::BTreeMap;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::domain::honours::{roles, sub_teams, Honour};
use crate::domain::kinds::{
    domain_label, Activity, Demand, DemandEvent, Kind, Member, Outcome, Team, Topic,
};
use crate::domain::money::format_fen_as_yuan;
use crate::domain::revision::Revision;
use crate::i18n::{HonourMsg, Msg, OfficeMsg};
use crate::store::Store;
use crate::ui::components::record_pickers::{community_label, load_communities};
use crate::ui::hooks::use_app;
use crate::ui::records::{self, decode, SaveError};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct MemberPageProps {
    pub id: String,
}

#[derive(Clone, PartialEq)]
struct Loaded {
    member: Option<Member>,
    community: Option<String>,
    reported: Vec<(String, Demand)>,
    /// Demands this member handled: (demand id, its title if on this device, what they did).
    handled: Vec<(String, Option<String>, String)>,
    attended: Vec<(String, Activity)>,
    produced: Vec<(String, Outcome)>,
    topics: Vec<(String, Topic)>,
    /// Honours given to this member, newest year first.
    honours: Vec<Honour>,
}

fn newest_first<T>(list: &mut [(String, T)], date: fn(&T) -> &str) {
    list.sort_by(|a, b| date(&b.1).cmp(date(&a.1)));
}

async fn load(store: &Store, id: &str, lang: crate::i18n::Lang) -> Loaded {
    let member = records::current_as::<Member>(store, id, Kind::Member)
        .await
        .map(|(_, r)| r);
    let communities = load_communities(store).await;
    let community = member
        .as_ref()
        .and_then(|m| community_label(&communities, m.community_id.as_deref()));
    let referring = store.referring(id).await.unwrap_or_default();
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
            .await
            .ok()
            .flatten()
            .and_then(|r| decode::<Demand>(&r))
            .map(|d| d.title);
        let what = by_demand.remove(&demand_id).unwrap_or_default().join("、");
        handled.push((demand_id, title, what));
    }
    Loaded {
        member,
        community,
        reported,
        handled,
        attended,
        produced,
        topics,
        honours,
    }
}

#[function_component(MemberPage)]
pub fn member_page(props: &MemberPageProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_state(|| None::<Loaded>);
    let reload = use_state(|| 0u32);
    let feedback = use_state(|| None::<Result<OfficeMsg, SaveError>>);

    {
        let (state, loaded, id) = (state.clone(), loaded.clone(), props.id.clone());
        use_effect_with((props.id.clone(), *reload, lang), move |_| {
            if let Some(store) = state.store() {
                spawn_local(async move { loaded.set(Some(load(&store, &id, lang).await)) });
            }
        });
    }

    let Some(data) = (*loaded).clone() else {
        return html! { <p class="notice">{ Msg::Loading.get(lang) }</p> };
    };
    let Some(member) = data.member.clone() else {
        return html! {
            <section data-testid="page-member">
                <h1 data-testid="page-title">{ OfficeMsg::MembersTitle.get(lang) }</h1>
                <p class="notice" data-testid="member-missing">{ OfficeMsg::MemberNotFound.get(lang) }</p>
                <a class="button" href={Route::Members.href()}>{ Msg::Back.get(lang) }</a>
            </section>
        };
    };

    let on_toggle_active = {
        let (state, reload, feedback, id, member) = (
            state.clone(),
            reload.clone(),
            feedback.clone(),
            props.id.clone(),
            member.clone(),
        );
        Callback::from(move |_| {
            let (Some(store), Some(device)) = (state.store(), state.device.clone()) else {
                return;
            };
            let mut next = member.clone();
            next.active = !member.active;
            let Ok(data) = serde_json::to_value(&next) else {
                return;
            };
            let (reload, feedback, id) = (reload.clone(), feedback.clone(), id.clone());
            spawn_local(async move {
                match records::edit(&store, &device.id, &id, data).await {
                    Ok(_) => {
                        feedback.set(Some(Ok(if next.active {
                            OfficeMsg::MemberReactivated
                        } else {
                            OfficeMsg::MemberDeactivated
                        })));
                        reload.set(*reload + 1);
                    }
                    Err(err) => feedback.set(Some(Err(err))),
                }
            });
        })
    };

    let team_detail = match member.team {
        Team::Citizen => html! {
            <>
                <dt>{ OfficeMsg::MemberDomains.get(lang) }</dt>
                <dd data-testid="member-domains-text">{ member.domains.iter().map(|d| domain_label(d, lang).to_string()).collect::<Vec<_>>().join("、") }</dd>
                if !roles(&member).is_empty() {
                    <dt>{ HonourMsg::Roles.get(lang) }</dt>
                    <dd data-testid="member-roles-text">{ roles(&member).iter().map(|r| r.label(lang)).collect::<Vec<_>>().join("、") }</dd>
                }
                if !sub_teams(&member).is_empty() {
                    <dt>{ HonourMsg::SubTeams.get(lang) }</dt>
                    <dd data-testid="member-sub-teams-text">{ sub_teams(&member).iter().map(|t| t.label(lang)).collect::<Vec<_>>().join("、") }</dd>
                }
            </>
        },
        Team::Expert => html! {
            <>
                <dt>{ OfficeMsg::MemberExpertise.get(lang) }</dt>
                <dd data-testid="member-expertise-text">{ member.expertise.clone().unwrap_or_default() }</dd>
            </>
        },
        Team::LegalEnvoy => html! {
            <>
                <dt>{ OfficeMsg::MemberProfession.get(lang) }</dt>
                <dd>{ member.profession.map(|p| p.label(lang)).unwrap_or_default() }</dd>
                <dt>{ OfficeMsg::MemberStation.get(lang) }</dt>
                <dd data-testid="member-station-text">{ member.expertise.clone().unwrap_or_default() }</dd>
            </>
        },
    };

    let section = |title: OfficeMsg, testid: &str, items: Vec<Html>| {
        let count = items.len();
        html! {
            <section class="card" data-testid={testid.to_string()}>
                <h2>{ title.get(lang) }{ " " }<span class="count muted" data-testid={format!("{testid}-count")}>{ count }</span></h2>
                if items.is_empty() {
                    <p class="muted small">{ OfficeMsg::NoneYet.get(lang) }</p>
                } else {
                    <ul class="link-list">{ for items }</ul>
                }
            </section>
        }
    };
    let reported = data.reported.iter().map(|(id, d)| html! {
        <li><a href={Route::Demand { id: id.clone() }.href()}>{ d.title.clone() }</a>{ " " }<span class="muted small">{ d.reported_on.clone() }</span></li>
    }).collect();
    let handled = data.handled.iter().map(|(id, title, what)| html! {
        <li>
            <a href={Route::Demand { id: id.clone() }.href()}>{ title.clone().unwrap_or_else(|| OfficeMsg::NotOnDevice.get(lang).to_string()) }</a>
            { " " }<span class="muted small">{ what.clone() }</span>
        </li>
    }).collect();
    let attended = data.attended.iter().map(|(id, a)| html! {
        <li><a href={Route::Activity { id: id.clone() }.href()}>{ a.title.clone() }</a>{ " " }<span class="muted small">{ format!("{} · {}", a.on, a.activity_type.label(lang)) }</span></li>
    }).collect();
    let produced = data.produced.iter().map(|(id, o)| html! {
        <li>
            <a href={Route::Outcome { id: id.clone() }.href()}>{ o.title.clone() }</a>{ " " }
            <span class="muted small">{ format!("{} · {}", o.on, o.outcome_type.label(lang)) }
                if o.funds_fen > 0 { { " · " }{ format_fen_as_yuan(o.funds_fen) } }
            </span>
        </li>
    }).collect();
    let topics = data.topics.iter().map(|(_, t)| html! {
        <li>{ t.title.clone() }{ " " }<span class="muted small">{ t.status.label(lang) }</span></li>
    }).collect::<Vec<Html>>();

    html! {
        <section data-testid="page-member">
            <a class="back" href={Route::Members.href()}>{ "‹ " }{ OfficeMsg::MembersTitle.get(lang) }</a>
            <h1 data-testid="page-title">{ member.name.clone() }</h1>
            <p>
                <span class={classes!("tag", format!("team-{}", member.team.as_str()))} data-testid="member-team-text">{ member.team.label(lang) }</span>
                { " " }
                if member.active {
                    <span class="tag status-resolved" data-testid="member-status">{ OfficeMsg::MemberActive.get(lang) }</span>
                } else {
                    <span class="tag status-closed" data-testid="member-status">{ OfficeMsg::MemberInactive.get(lang) }</span>
                }
            </p>
            <dl class="facts">
                if let Some(community) = data.community.clone() {
                    <dt>{ OfficeMsg::MemberCommunity.get(lang) }</dt>
                    <dd data-testid="member-community-text">{ community }</dd>
                }
                { team_detail }
                if let Some(phone) = member.phone.clone() {
                    <dt>{ OfficeMsg::MemberPhone.get(lang) }</dt>
                    <dd>{ phone }</dd>
                }
                if let Some(joined) = member.joined_on.clone() {
                    <dt>{ OfficeMsg::MemberJoinedOn.get(lang) }</dt>
                    <dd>{ joined }</dd>
                }
            </dl>
            if let Some(notes) = member.notes.clone() {
                <p class="description" data-testid="member-notes-text">{ notes }</p>
            }
            <div class="actions">
                <a class="button" href={Route::MemberEdit { id: props.id.clone() }.href()} data-testid="member-edit">{ Msg::Edit.get(lang) }</a>
                if member.active {
                    <button type="button" onclick={on_toggle_active} data-testid="member-deactivate">{ OfficeMsg::MemberDeactivate.get(lang) }</button>
                } else {
                    <button type="button" onclick={on_toggle_active} data-testid="member-reactivate">{ OfficeMsg::MemberReactivate.get(lang) }</button>
                }
            </div>
            if let Some(result) = (*feedback).clone() {
                {
                    match result {
                        Ok(msg) => html! { <p class="notice ok" role="status" data-testid="member-feedback">{ "✓ " }{ msg.get(lang) }</p> },
                        Err(err) => html! { <p class="notice error" role="alert" data-testid="member-error">{ err.message(lang) }</p> },
                    }
                }
            }
            if !data.honours.is_empty() {
                <section class="card" data-testid="member-honours">
                    <h2>{ HonourMsg::Honours.get(lang) }</h2>
                    <ul class="link-list">
                        { for data.honours.iter().map(|h| html! {
                            <li data-testid="member-honour">
                                <strong>{ format!("{} · {}", h.year, h.title) }</strong>
                                if let Some(reason) = h.reason.clone() { { " " }<span class="muted small">{ reason }</span> }
                            </li>
                        }) }
                    </ul>
                </section>
            }
            { section(OfficeMsg::MemberReported, "member-reported", reported) }
            { section(OfficeMsg::MemberHandled, "member-handled", handled) }
            { section(OfficeMsg::MemberAttended, "member-attended", attended) }
            { section(OfficeMsg::MemberProduced, "member-produced", produced) }
            if !topics.is_empty() {
                { section(OfficeMsg::MemberTopics, "member-topics", topics) }
            }
        </section>
    }
}
