//! The activities: filter by type, community, title and a members' role or sub-team, newest first, with the
//! totals (attendees, leaflets) of what is shown.

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::domain::csv::activities_table;
use crate::ui::components::csv_download::{list_csv, CsvDownload};

use crate::app::lists;
use crate::app::office::community_label;
use crate::domain::honours::MemberGroup;
use crate::domain::kinds::{Activity, ActivityType, Community, Kind, Member};
use crate::domain::money::group_thousands;
use crate::domain::roster::{activity_totals, ActivityQuery};
use crate::i18n::{HonourMsg, Msg, OfficeMsg};
use crate::ui::components::office_form::select_into;
use crate::ui::components::record_pickers::{CommunitySelect, Listed};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

/// Rows rendered at most; the filters narrow the rest (the totals count them all).
const ROWS_SHOWN: usize = 300;

#[derive(Clone, PartialEq)]
struct Loaded {
    activities: Listed<Activity>,
    communities: Listed<Community>,
    members: Listed<Member>,
}

#[function_component(ActivitiesPage)]
pub fn activities_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load((), |db, ()| async move {
        let mut activities: Vec<(String, Activity)> = lists::load_kind(&db, Kind::Activity).await?;
        activities.sort_by(|a, b| b.1.on.cmp(&a.1.on));
        let communities = lists::load_communities(&db).await?;
        let members: Vec<(String, Member)> = lists::load_kind(&db, Kind::Member).await?;
        Ok(Loaded {
            activities: Rc::new(activities),
            communities: Rc::new(communities),
            members: Rc::new(members),
        })
    });
    let query = use_state(ActivityQuery::default);
    // A role or sub-team (`domain::honours::MemberGroup`): activities one of its members took part in.
    let group = use_state(String::new);
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let on_type = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let mut next = (*query).clone();
            next.activity_type =
                ActivityType::parse(&e.target_unchecked_into::<HtmlSelectElement>().value());
            query.set(next);
        })
    };
    let on_community = {
        let query = query.clone();
        Callback::from(move |v: String| {
            let mut next = (*query).clone();
            next.community_id = (!v.is_empty()).then_some(v);
            query.set(next);
        })
    };
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*query).clone();
            next.text = e.target_unchecked_into::<HtmlInputElement>().value();
            query.set(next);
        })
    };

    let in_group: Option<BTreeSet<&str>> = MemberGroup::parse(&group).map(|g| {
        data.members
            .iter()
            .filter(|(_, m)| g.contains(m))
            .map(|(id, _)| id.as_str())
            .collect()
    });
    let hits: Vec<&(String, Activity)> = data
        .activities
        .iter()
        .filter(|(_, a)| query.matches(a))
        .filter(|(_, a)| {
            in_group
                .as_ref()
                .is_none_or(|ids| a.member_ids.iter().any(|m| ids.contains(m.as_str())))
        })
        .collect();
    let totals = activity_totals(hits.iter().map(|(_, a)| a));
    let rows = hits.iter().take(ROWS_SHOWN).map(|(id, a)| html! {
        <li>
            <a class="row-link" href={Route::Activity { id: id.clone() }.href()} data-testid="activity-row" data-id={id.clone()}>
                <span class="row-title">{ a.title.clone() }</span>
                <span class="row-meta">
                    <span class="tag">{ a.activity_type.label(lang) }</span>
                    <span>{ a.on.clone() }</span>
                    <span>{ community_label(&data.communities, a.community_id.as_deref()).unwrap_or_default() }</span>
                    <span>{ format!("{} {}", a.attendees, OfficeMsg::PeopleUnit.get(lang)) }</span>
                </span>
            </a>
        </li>
    });

    html! {
        <section data-testid="page-activities">
            <div class="page-head">
                <h1 data-testid="page-title">{ OfficeMsg::ActivitiesTitle.get(lang) }</h1>
                <a class="button primary" href={Route::ActivityNew.href()} data-testid="activity-new">{ OfficeMsg::ActivityNew.get(lang) }</a>
            </div>
            <input type="search" class="search" placeholder={OfficeMsg::ActivitySearch.get(lang)} value={query.text.clone()}
                oninput={on_search} data-testid="activity-search" aria-label={OfficeMsg::ActivitySearch.get(lang)} />
            <div class="filters">
                <select onchange={on_type} data-testid="activity-filter-type" aria-label={OfficeMsg::ActivityType.get(lang)}>
                    <option value="" selected={query.activity_type.is_none()}>{ OfficeMsg::AnyType.get(lang) }</option>
                    { for ActivityType::ALL.iter().map(|t| html! {
                        <option value={t.as_str()} selected={query.activity_type == Some(*t)}>{ t.label(lang) }</option>
                    }) }
                </select>
                <CommunitySelect communities={data.communities.clone()} value={query.community_id.clone().unwrap_or_default()}
                    onchange={on_community} testid="activity-filter-community" empty_label={Msg::DemandsAnyCommunity.get(lang)}
                    label={Some(AttrValue::from(Msg::CaptureCommunity.get(lang)))} />
                <select onchange={select_into(&group)} data-testid="activity-filter-group" aria-label={HonourMsg::Group.get(lang)}>
                    <option value="" selected={group.is_empty()}>{ HonourMsg::AllGroups.get(lang) }</option>
                    { for MemberGroup::all().into_iter().map(|g| html! {
                        <option value={g.key()} selected={*group == g.key()}>{ g.label(lang) }</option>
                    }) }
                </select>
            </div>
            <dl class="totals" data-testid="activity-totals">
                <div><dt>{ OfficeMsg::TotalCount.get(lang) }</dt><dd data-testid="activity-count">{ totals.count }</dd></div>
                <div><dt>{ OfficeMsg::ActivityAttendees.get(lang) }</dt><dd data-testid="activity-attendees-total">{ group_thousands(totals.attendees) }</dd></div>
                <div><dt>{ OfficeMsg::ActivityMaterials.get(lang) }</dt><dd data-testid="activity-materials-total">{ group_thousands(totals.materials) }</dd></div>
            </dl>
            if data.activities.is_empty() {
                <p class="notice" data-testid="activities-none">{ OfficeMsg::ActivitiesNone.get(lang) }</p>
            } else if hits.is_empty() {
                <p class="notice" data-testid="activities-empty">{ OfficeMsg::NothingMatches.get(lang) }</p>
            }
            <ul class="rows" data-testid="activities-list">{ for rows }</ul>
            <CsvDownload list="activities" build={list_csv(
                state.db(),
                Rc::new(hits.iter().map(|(id, r)| (id.clone(), r.clone())).collect::<Vec<_>>()),
                Rc::new(|rows, names, lang, _redacted| activities_table(rows, names, lang)),
            )} />
            if hits.len() > ROWS_SHOWN {
                <p class="muted small">{ OfficeMsg::ListCapped.get(lang) }</p>
            }
        </section>
    }
}
