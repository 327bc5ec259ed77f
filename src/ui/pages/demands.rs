//! The demand list: search (any substring, Chinese included), filters, counts per
//! status, and a virtualised list that renders only the rows in view, so it
//! stays fast at 50,000 demands.

use std::collections::BTreeSet;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::demands;
use crate::app::platform::today_local;
use crate::domain::demand_list::{filter_demands, DemandQuery};
use crate::domain::kinds::{domain_label, DemandStatus, Urgency, DOMAINS};
use crate::domain::status::DEFAULT_OVERDUE_DAYS;
use crate::i18n::{Msg, TopicMsg};
use crate::ui::components::make_topic::MakeTopic;
use crate::ui::hooks::{use_app, use_load, Load};
use crate::ui::route::Route;

/// Height of one row in pixels (kept in step with `.vrow` in the CSS).
const ROW_HEIGHT: f64 = 76.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 8;

#[function_component(DemandsPage)]
pub fn demands_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    // The newest rows first (one index read), then every row for search,
    // filters and counts: at 50,000 demands the full read takes seconds. The
    // full read starts once the first page is in, so the two do not compete.
    let first_page = use_load(
        (),
        |db, ()| async move { demands::demand_list_first(&db).await },
    );
    let first_done = !matches!(first_page.state(), Load::Loading);
    let data = use_load(first_done, |db, first_done| async move {
        if !first_done {
            return Ok(None);
        }
        demands::demand_list(&db).await.map(Some)
    });
    let query = use_state(DemandQuery::default);
    let scroll_top = use_state(|| 0.0f64);
    let viewport = use_state(|| 600.0f64);
    let list_ref = use_node_ref();
    let inner_ref = use_node_ref();
    // The CSP allows no inline style attributes, so row positions are set
    // through the CSSOM after each render (from data-top / data-height).
    {
        let inner_ref = inner_ref.clone();
        use_effect(move || {
            if let Some(inner) = inner_ref.cast::<HtmlElement>() {
                place_rows(&inner);
            }
        });
    }
    // Selecting demands to group them into a research topic.
    let selecting = use_state(|| false);
    let selected = use_state(BTreeSet::<String>::new);

    // Every row, or the first page with the number of all live demands while
    // the rest loads.
    // A first page that failed to read is not shown as an error: the full
    // read follows and says what went wrong, if anything.
    let full = data.data().and_then(|full| full.as_ref().clone());
    let (loaded, partial): (demands::DemandList, Option<u32>) = match (full, first_page.data()) {
        (Some(full), _) => (full, None),
        (None, Some(first)) if matches!(data.state(), Load::Loading | Load::Ready(_)) => {
            (first.0.clone(), Some(first.1))
        }
        _ if matches!(first_page.state(), Load::Loading) => {
            return first_page.view(lang, |_| html! {})
        }
        _ => return data.view(lang, |_| html! {}),
    };
    let today = today_local();
    let (hits, counts) = filter_demands(&loaded.rows, &query, &today, DEFAULT_OVERDUE_DAYS);

    let set_query = {
        let (query, scroll_top, list_ref) = (query.clone(), scroll_top.clone(), list_ref.clone());
        move |change: Box<dyn Fn(&mut DemandQuery)>| {
            let mut next = (*query).clone();
            change(&mut next);
            query.set(next);
            scroll_top.set(0.0);
            if let Some(el) = list_ref.cast::<HtmlElement>() {
                el.set_scroll_top(0);
            }
        }
    };
    let on_search = {
        let set_query = set_query.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            set_query(Box::new(move |q| q.text = text.clone()));
        })
    };
    let select = |apply: fn(&mut DemandQuery, String)| {
        let set_query = set_query.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            set_query(Box::new(move |q| apply(q, value.clone())));
        })
    };
    let on_scroll = {
        let (scroll_top, viewport) = (scroll_top.clone(), viewport.clone());
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<HtmlElement>();
            scroll_top.set(el.scroll_top() as f64);
            viewport.set(el.client_height() as f64);
        })
    };

    let status_chip = |status: Option<DemandStatus>, overdue: bool| {
        let (label, count, id) = match (status, overdue) {
            (_, true) => (
                Msg::DemandsOverdue.get(lang).to_string(),
                counts.overdue,
                "overdue".to_string(),
            ),
            (Some(s), _) => (
                s.label(lang).to_string(),
                counts.get(s),
                s.as_str().to_string(),
            ),
            (None, _) => (
                Msg::DemandsAllStatuses.get(lang).to_string(),
                counts.total,
                "all".to_string(),
            ),
        };
        let selected = if overdue {
            query.overdue_only
        } else {
            query.status == status && !query.overdue_only
        };
        let set_query = set_query.clone();
        let onclick = Callback::from(move |_| {
            set_query(Box::new(move |q| {
                if overdue {
                    q.overdue_only = !q.overdue_only;
                    q.status = None;
                } else {
                    q.overdue_only = false;
                    q.status = status;
                }
            }))
        });
        html! {
            <button type="button" class={classes!("chip", selected.then_some("selected"), overdue.then_some("warn"))}
                aria-pressed={selected.to_string()} data-testid={format!("status-{id}")} {onclick}>
                { label }{ " " }<span class="count" data-testid={format!("count-status-{id}")}>
                    // Counts over the first page alone would mislead: the total
                    // is an index count, the others wait for every row.
                    { match (partial, status, overdue) {
                        (None, _, _) => count.to_string(),
                        (Some(total), None, false) => total.to_string(),
                        _ => "…".to_string(),
                    } }
                </span>
            </button>
        }
    };

    // Only the rows in view (plus a margin) are rendered.
    let first = ((*scroll_top / ROW_HEIGHT) as usize)
        .saturating_sub(OVERSCAN)
        .min(hits.len());
    let visible = (*viewport / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
    let last = (first + visible).min(hits.len());
    let rows_html = hits[first..last].iter().enumerate().map(|(offset, &index)| {
        let row = &loaded.rows[index];
        let top = (first + offset) as f64 * ROW_HEIGHT;
        let community = loaded.communities.get(&row.community_id).cloned().unwrap_or_default();
        let overdue = crate::domain::status::is_overdue(row.status, &row.reported_on, &today, DEFAULT_OVERDUE_DAYS);
        let body = html! {
            <>
                <span class="vrow-title">
                    if row.urgency == Urgency::Urgent { <span class="tag urgent">{ Urgency::Urgent.label(lang) }</span> }
                    { row.title.clone() }
                </span>
                <span class="vrow-meta">
                    <span class={classes!("tag", format!("status-{}", row.status.as_str()))} data-testid="demand-row-status">{ row.status.label(lang) }</span>
                    if overdue { <span class="tag warn">{ Msg::DemandsOverdue.get(lang) }</span> }
                    <span>{ domain_label(&row.category, lang) }</span>
                    <span>{ community }</span>
                    <span>{ row.reported_on.clone() }</span>
                </span>
            </>
        };
        if *selecting {
            let checked = selected.contains(&row.id);
            let (selected, id) = (selected.clone(), row.id.clone());
            let onchange = Callback::from(move |_: Event| {
                let mut next = (*selected).clone();
                if !next.remove(&id) {
                    next.insert(id.clone());
                }
                selected.set(next);
            });
            html! {
                <label class={classes!("vrow", "selectable", checked.then_some("checked"))} data-top={top.to_string()}
                    data-testid="demand-row" data-id={row.id.clone()}>
                    <input type="checkbox" {checked} {onchange} data-testid="demand-check" />
                    <span class="vrow-body">{ body }</span>
                </label>
            }
        } else {
            html! {
                <a class="vrow" data-top={top.to_string()} href={Route::Demand { id: row.id.clone() }.href()}
                    data-testid="demand-row" data-id={row.id.clone()}>
                    { body }
                </a>
            }
        }
    });
    let on_select_mode = {
        let (selecting, selected) = (selecting.clone(), selected.clone());
        Callback::from(move |_| {
            selecting.set(!*selecting);
            selected.set(BTreeSet::new());
        })
    };

    html! {
        <section data-testid="page-demands">
            <h1 data-testid="page-title">{ Msg::NavDemands.get(lang) }</h1>
            <input type="search" class="search" placeholder={Msg::DemandsSearch.get(lang)} value={query.text.clone()}
                oninput={on_search} data-testid="demands-search" aria-label={Msg::DemandsSearch.get(lang)} />
            <div class="chips">
                { status_chip(None, false) }
                { for DemandStatus::ALL.iter().map(|s| status_chip(Some(*s), false)) }
                { status_chip(None, true) }
            </div>
            <div class="filters">
                <select onchange={select(|q, v| q.community_id = (!v.is_empty()).then_some(v))} data-testid="filter-community" aria-label={Msg::CaptureCommunity.get(lang)}>
                    <option value="" selected={query.community_id.is_none()}>{ Msg::DemandsAnyCommunity.get(lang) }</option>
                    { for loaded.communities.iter().map(|(id, name)| html! {
                        <option value={id.clone()} selected={query.community_id.as_ref() == Some(id)}>{ name.clone() }</option>
                    }) }
                </select>
                <select onchange={select(|q, v| q.category = (!v.is_empty()).then_some(v))} data-testid="filter-category" aria-label={Msg::CaptureCategory.get(lang)}>
                    <option value="" selected={query.category.is_none()}>{ Msg::DemandsAnyCategory.get(lang) }</option>
                    { for DOMAINS.iter().map(|key| html! {
                        <option value={*key} selected={query.category.as_deref() == Some(*key)}>{ domain_label(key, lang) }</option>
                    }) }
                </select>
                <select onchange={select(|q, v| q.urgency = Urgency::parse(&v))} data-testid="filter-urgency" aria-label={Msg::CaptureUrgency.get(lang)}>
                    <option value="" selected={query.urgency.is_none()}>{ Msg::DemandsAnyUrgency.get(lang) }</option>
                    { for Urgency::ALL.iter().map(|u| html! {
                        <option value={u.as_str()} selected={query.urgency == Some(*u)}>{ u.label(lang) }</option>
                    }) }
                </select>
                if !loaded.reporters.is_empty() {
                    <select onchange={select(|q, v| q.reported_by = (!v.is_empty()).then_some(v))} data-testid="filter-reporter" aria-label={Msg::DemandsAnyReporter.get(lang)}>
                        <option value="" selected={query.reported_by.is_none()}>{ Msg::DemandsAnyReporter.get(lang) }</option>
                        { for loaded.reporters.iter().map(|(id, name)| html! {
                            <option value={id.clone()} selected={query.reported_by.as_ref() == Some(id)}>{ name.clone() }</option>
                        }) }
                    </select>
                }
            </div>
            <div class="list-tools">
                <button type="button" class={classes!("chip", selecting.then_some("selected"))} onclick={on_select_mode} data-testid="demands-select">
                    { if *selecting { TopicMsg::StopSelecting.get(lang) } else { TopicMsg::SelectDemands.get(lang) } }
                </button>
            </div>
            if *selecting && !selected.is_empty() {
                <MakeTopic demand_ids={selected.iter().cloned().collect::<Vec<_>>()} />
            }
            if let Some(total) = partial {
                <p class="muted small" role="status" data-testid="demands-partial">
                    { format!("{} {} / {}…", Msg::DemandsPartial.get(lang), loaded.rows.len(), total) }
                </p>
            } else {
                <p class="muted small" data-testid="demands-shown">{ format!("{} {}", hits.len(), Msg::DemandsShown.get(lang)) }</p>
                <crate::ui::components::csv_download::CsvDownload list="demands" build={crate::ui::components::csv_download::demands_csv(state.db(), loaded.rows.clone(), Rc::new(hits.clone()))} />
            }
            if partial.is_some() && hits.is_empty() {
                // Not "nothing matches": the rows not yet read may match.
                <p class="notice" role="status" data-testid="demands-partial-search">{ Msg::DemandsPartialSearch.get(lang) }</p>
            } else if loaded.rows.is_empty() {
                <p class="notice" data-testid="demands-none">{ Msg::DemandsNone.get(lang) }</p>
            } else if hits.is_empty() {
                <p class="notice" data-testid="demands-empty">{ Msg::DemandsEmpty.get(lang) }</p>
            }
            <div class="vlist" ref={list_ref} onscroll={on_scroll} data-testid="demands-list">
                <div class="vlist-inner" ref={inner_ref.clone()} data-height={(hits.len() as f64 * ROW_HEIGHT).to_string()}>
                    { for rows_html }
                </div>
            </div>
        </section>
    }
}

/// Positions the rendered rows of a virtualised list (see the CSP note above).
fn place_rows(inner: &HtmlElement) {
    if let Some(height) = inner.get_attribute("data-height") {
        let _ = inner.style().set_property("height", &format!("{height}px"));
    }
    let Ok(rows) = inner.query_selector_all("[data-top]") else {
        return;
    };
    for i in 0..rows.length() {
        let row = rows.get(i).and_then(|n| n.dyn_into::<HtmlElement>().ok());
        if let Some(row) = row {
            if let Some(top) = row.get_attribute("data-top") {
                let _ = row.style().set_property("top", &format!("{top}px"));
            }
        }
    }
}
