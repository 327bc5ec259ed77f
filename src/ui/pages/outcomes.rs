//! The outcomes: filter by type and community, newest first, with the totals
//! (funds raised, beneficiaries) of exactly the outcomes shown.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::domain::csv::outcomes_table;
use crate::ui::components::csv_download::{list_csv, CsvDownload};

use crate::app::lists;
use crate::app::office::community_label;
use crate::domain::kinds::{Community, Kind, Outcome, OutcomeType};
use crate::domain::money::{format_fen_as_yuan, group_thousands};
use crate::domain::roster::{outcome_totals, OutcomeQuery};
use crate::i18n::{Msg, OfficeMsg};
use crate::ui::components::record_pickers::{CommunitySelect, Listed};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

/// Rows rendered at most; the totals always count every outcome that matches.
const ROWS_SHOWN: usize = 300;

#[derive(Clone, PartialEq)]
struct Loaded {
    outcomes: Listed<Outcome>,
    communities: Listed<Community>,
}

#[function_component(OutcomesPage)]
pub fn outcomes_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load((), |db, ()| async move {
        let mut outcomes: Vec<(String, Outcome)> = lists::load_kind(&db, Kind::Outcome).await?;
        outcomes.sort_by(|a, b| b.1.on.cmp(&a.1.on));
        let communities = lists::load_communities(&db).await?;
        Ok(Loaded {
            outcomes: Rc::new(outcomes),
            communities: Rc::new(communities),
        })
    });
    let query = use_state(OutcomeQuery::default);
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let on_type = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let mut next = (*query).clone();
            next.outcome_type =
                OutcomeType::parse(&e.target_unchecked_into::<HtmlSelectElement>().value());
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

    let hits: Vec<&(String, Outcome)> = data
        .outcomes
        .iter()
        .filter(|(_, o)| query.matches(o))
        .collect();
    let totals = outcome_totals(hits.iter().map(|(_, o)| o));
    let rows = hits.iter().take(ROWS_SHOWN).map(|(id, o)| html! {
        <li>
            <a class="row-link" href={Route::Outcome { id: id.clone() }.href()} data-testid="outcome-row" data-id={id.clone()}>
                <span class="row-title">{ o.title.clone() }</span>
                <span class="row-meta">
                    <span class="tag">{ o.outcome_type.label(lang) }</span>
                    <span>{ o.on.clone() }</span>
                    <span>{ community_label(&data.communities, o.community_id.as_deref()).unwrap_or_default() }</span>
                    if o.funds_fen > 0 { <span data-testid="outcome-row-funds">{ format_fen_as_yuan(o.funds_fen) }</span> }
                    if o.beneficiaries > 0 { <span>{ format!("{} {}", group_thousands(o.beneficiaries), OfficeMsg::PeopleUnit.get(lang)) }</span> }
                </span>
            </a>
        </li>
    });

    html! {
        <section data-testid="page-outcomes">
            <div class="page-head">
                <h1 data-testid="page-title">{ OfficeMsg::OutcomesTitle.get(lang) }</h1>
                <a class="button primary" href={Route::OutcomeNew.href()} data-testid="outcome-new">{ OfficeMsg::OutcomeNew.get(lang) }</a>
            </div>
            <div class="filters">
                <select onchange={on_type} data-testid="outcome-filter-type" aria-label={OfficeMsg::OutcomeType.get(lang)}>
                    <option value="" selected={query.outcome_type.is_none()}>{ OfficeMsg::AnyType.get(lang) }</option>
                    { for OutcomeType::ALL.iter().map(|t| html! {
                        <option value={t.as_str()} selected={query.outcome_type == Some(*t)}>{ t.label(lang) }</option>
                    }) }
                </select>
                <CommunitySelect communities={data.communities.clone()} value={query.community_id.clone().unwrap_or_default()}
                    onchange={on_community} testid="outcome-filter-community" empty_label={Msg::DemandsAnyCommunity.get(lang)}
                    label={Some(AttrValue::from(Msg::CaptureCommunity.get(lang)))} />
            </div>
            <dl class="totals" data-testid="outcome-totals">
                <div><dt>{ OfficeMsg::TotalCount.get(lang) }</dt><dd data-testid="outcome-count">{ totals.count }</dd></div>
                <div><dt>{ OfficeMsg::TotalFunds.get(lang) }</dt><dd data-testid="outcome-funds-total">{ format_fen_as_yuan(totals.funds_fen) }</dd></div>
                <div><dt>{ OfficeMsg::TotalBeneficiaries.get(lang) }</dt><dd data-testid="outcome-beneficiaries-total">{ group_thousands(totals.beneficiaries) }</dd></div>
            </dl>
            <p class="muted small">{ OfficeMsg::TotalsExplain.get(lang) }</p>
            if data.outcomes.is_empty() {
                <p class="notice" data-testid="outcomes-none">{ OfficeMsg::OutcomesNone.get(lang) }</p>
            } else if hits.is_empty() {
                <p class="notice" data-testid="outcomes-empty">{ OfficeMsg::NothingMatches.get(lang) }</p>
            }
            <ul class="rows" data-testid="outcomes-list">{ for rows }</ul>
            <CsvDownload list="outcomes" build={list_csv(
                state.db(),
                Rc::new(hits.iter().map(|(id, r)| (id.clone(), r.clone())).collect::<Vec<_>>()),
                Rc::new(|rows, names, lang, _redacted| outcomes_table(rows, names, lang)),
            )} />
            if hits.len() > ROWS_SHOWN {
                <p class="muted small">{ OfficeMsg::ListCapped.get(lang) }</p>
            }
        </section>
    }
}
