//! The members of the three teams: search by name, filter by team, community,
//! domain and whether they are active; each row opens the member's page.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::domain::csv::members_table;
use crate::ui::components::csv_download::{list_csv, CsvDownload};

use crate::app::lists;
use crate::app::office::community_label;
use crate::domain::kinds::{domain_label, Community, Kind, Member, Team, DOMAINS};
use crate::domain::roster::{sort_members, Activeness, MemberQuery};
use crate::i18n::{Msg, OfficeMsg};
use crate::ui::components::record_pickers::{CommunitySelect, Listed};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

/// Rows rendered at most; the search and filters narrow the rest.
const ROWS_SHOWN: usize = 300;

#[derive(Clone, PartialEq)]
struct Loaded {
    members: Listed<Member>,
    communities: Listed<Community>,
}

#[function_component(MembersPage)]
pub fn members_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load((), |db, ()| async move {
        let mut members: Vec<(String, Member)> = lists::load_kind(&db, Kind::Member).await?;
        sort_members(&mut members);
        let communities = lists::load_communities(&db).await?;
        Ok(Loaded {
            members: Rc::new(members),
            communities: Rc::new(communities),
        })
    });
    let query = use_state(MemberQuery::default);
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };

    let set_query = |apply: fn(&mut MemberQuery, String)| {
        let query = query.clone();
        move |value: String| {
            let mut next = (*query).clone();
            apply(&mut next, value);
            query.set(next);
        }
    };
    let on_search = {
        let set = set_query(|q, v| q.text = v);
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let select = |apply: fn(&mut MemberQuery, String)| {
        let set = set_query(apply);
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_community = {
        let set = set_query(|q, v| q.community_id = (!v.is_empty()).then_some(v));
        Callback::from(set)
    };

    let hits: Vec<&(String, Member)> = data
        .members
        .iter()
        .filter(|(_, m)| query.matches(m))
        .collect();
    let rows = hits.iter().take(ROWS_SHOWN).map(|(id, m)| {
        let detail = match m.team {
            Team::Citizen => m.domains.iter().map(|d| domain_label(d, lang).to_string()).collect::<Vec<_>>().join("、"),
            Team::Expert => m.expertise.clone().unwrap_or_default(),
            Team::LegalEnvoy => [m.profession.map(|p| p.label(lang).to_string()), m.expertise.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
        };
        html! {
            <li>
                <a class={classes!("row-link", (!m.active).then_some("inactive"))} href={Route::Member { id: id.clone() }.href()}
                    data-testid="member-row" data-id={id.clone()}>
                    <span class="row-title">
                        { m.name.clone() }{ " " }
                        <span class={classes!("tag", format!("team-{}", m.team.as_str()))}>{ m.team.label(lang) }</span>
                        if !m.active { { " " }<span class="tag" data-testid="member-row-inactive">{ OfficeMsg::MemberInactive.get(lang) }</span> }
                    </span>
                    <span class="row-meta">
                        <span>{ community_label(&data.communities, m.community_id.as_deref()).unwrap_or_default() }</span>
                        <span>{ detail }</span>
                    </span>
                </a>
            </li>
        }
    });

    html! {
        <section data-testid="page-members">
            <div class="page-head">
                <h1 data-testid="page-title">{ OfficeMsg::MembersTitle.get(lang) }</h1>
                <a class="button primary" href={Route::MemberNew.href()} data-testid="member-new">{ OfficeMsg::MemberNew.get(lang) }</a>
            </div>
            <input type="search" class="search" placeholder={OfficeMsg::MembersSearch.get(lang)} value={query.text.clone()}
                oninput={on_search} data-testid="member-search" aria-label={OfficeMsg::MembersSearch.get(lang)} />
            <div class="filters">
                <select onchange={select(|q, v| q.team = Team::parse(&v))} data-testid="member-filter-team" aria-label={OfficeMsg::MemberTeam.get(lang)}>
                    <option value="" selected={query.team.is_none()}>{ OfficeMsg::AnyTeam.get(lang) }</option>
                    { for Team::ALL.iter().map(|t| html! {
                        <option value={t.as_str()} selected={query.team == Some(*t)}>{ t.label(lang) }</option>
                    }) }
                </select>
                <CommunitySelect communities={data.communities.clone()} value={query.community_id.clone().unwrap_or_default()}
                    onchange={on_community} testid="member-filter-community" empty_label={Msg::DemandsAnyCommunity.get(lang)}
                    label={Some(AttrValue::from(Msg::CaptureCommunity.get(lang)))} />
                <select onchange={select(|q, v| q.domain = (!v.is_empty()).then_some(v))} data-testid="member-filter-domain" aria-label={OfficeMsg::MemberDomains.get(lang)}>
                    <option value="" selected={query.domain.is_none()}>{ OfficeMsg::AnyDomain.get(lang) }</option>
                    { for DOMAINS.iter().map(|key| html! {
                        <option value={*key} selected={query.domain.as_deref() == Some(*key)}>{ domain_label(key, lang) }</option>
                    }) }
                </select>
                <select onchange={select(|q, v| q.active = Activeness::parse(&v))} data-testid="member-filter-active" aria-label={OfficeMsg::MemberActive.get(lang)}>
                    { for [(Activeness::Any, OfficeMsg::AnyStatus), (Activeness::Active, OfficeMsg::OnlyActive), (Activeness::Inactive, OfficeMsg::OnlyInactive)]
                        .into_iter().map(|(a, msg)| html! {
                            <option value={a.as_str()} selected={query.active == a}>{ msg.get(lang) }</option>
                        }) }
                </select>
            </div>
            <p class="muted small" data-testid="members-shown">{ format!("{} {}", hits.len(), Msg::DemandsShown.get(lang)) }</p>
            if data.members.is_empty() {
                <p class="notice" data-testid="members-none">{ OfficeMsg::MembersNone.get(lang) }</p>
            } else if hits.is_empty() {
                <p class="notice" data-testid="members-empty">{ OfficeMsg::NothingMatches.get(lang) }</p>
            }
            <ul class="rows" data-testid="members-list">{ for rows }</ul>
            <CsvDownload list="members" build={list_csv(
                state.db(),
                Rc::new(hits.iter().map(|(id, r)| (id.clone(), r.clone())).collect::<Vec<_>>()),
                Rc::new(members_table),
            )} />
            if hits.len() > ROWS_SHOWN {
                <p class="muted small">{ OfficeMsg::ListCapped.get(lang) }</p>
            }
        </section>
    }
}
