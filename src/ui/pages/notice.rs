//! The community notice (信息库 · 晒事): a community's page for residents and its
//! printable A4 sheet for the board. What it shows is decided by
//! `domain::notice::build_notice`, which never lets a resident's name, phone or
//! address through, nor anything marked internal.

use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::modules::load_notice;
use crate::app::platform::today_local;
use crate::domain::kinds::{domain_label, Community};
use crate::domain::money::format_fen_as_yuan;
use crate::domain::notice::{build_notice, days_before, Notice, DEFAULT_DAYS};
use crate::i18n::{Lang, ModuleMsg, Msg};
use crate::ui::components::record_pickers::CommunitySelect;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::pages::consultations::adopted_text;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The community shown; `None` picks this device's community.
    #[prop_or_default]
    pub community: Option<String>,
    /// The bare A4 sheet, for printing.
    #[prop_or_default]
    pub print: bool,
}

#[function_component(NoticePage)]
pub fn notice_page(props: &NoticeProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let navigator = use_navigator();
    let loaded = use_load((), |db, ()| async move { load_notice(&db).await });
    let since = use_state(|| days_before(&today_local(), DEFAULT_DAYS));
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let (source, communities) = (&data.source, &data.communities);
    let own = state
        .device
        .as_ref()
        .map(|d| d.community.trim().to_string())
        .unwrap_or_default();
    let community_id = props.community.clone().or_else(|| {
        communities
            .iter()
            .find(|(_, c)| !own.is_empty() && c.name == own)
            .or(communities.first())
            .map(|(id, _)| id.clone())
    });
    let on_community = {
        let navigator = navigator.clone();
        Callback::from(move |id: String| {
            if let Some(nav) = &navigator {
                if !id.is_empty() {
                    nav.push(&Route::NoticeOf { community: id });
                }
            }
        })
    };
    let on_since = {
        let since = since.clone();
        Callback::from(move |e: InputEvent| {
            since.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let community = community_id
        .as_ref()
        .and_then(|id| communities.iter().find(|(c, _)| c == id));
    let sheet = match (&community_id, community) {
        (Some(id), Some((_, c))) => {
            let notice = build_notice(source, id, &since);
            html! { <NoticeSheet notice={notice} community={c.clone()} since={(*since).clone()} /> }
        }
        _ => {
            html! { <p class="notice" data-testid="notice-no-community">{ ModuleMsg::NoticePickCommunity.get(lang) }</p> }
        }
    };
    let on_print = Callback::from(|_: MouseEvent| {
        let _ = gloo::utils::window().print();
    });
    if props.print {
        let back = community_id
            .clone()
            .map(|community| Route::NoticeOf { community })
            .unwrap_or(Route::Notice);
        return html! {
            <section data-testid="page-notice-print" class="notice-print">
                <p class="no-print">
                    <a class="back" href={back.href()}>{ "‹ " }{ Msg::Back.get(lang) }</a>{ " " }
                    <button type="button" class="primary" onclick={on_print} data-testid="notice-print-now">{ ModuleMsg::NoticePrint.get(lang) }</button>
                </p>
                { sheet }
            </section>
        };
    }
    html! {
        <section data-testid="page-notice">
            <h1 data-testid="page-title">{ ModuleMsg::NoticeTitle.get(lang) }</h1>
            <p class="muted">{ ModuleMsg::NoticeIntro.get(lang) }</p>
            <div class="filters">
                <CommunitySelect communities={std::rc::Rc::new(communities.clone())} value={community_id.clone().unwrap_or_default()}
                    onchange={on_community} testid="notice-community" empty_label={ModuleMsg::NoticePickCommunity.get(lang)}
                    label={Some(AttrValue::from(ModuleMsg::NoticePickCommunity.get(lang)))} />
                <label>
                    <span class="muted small">{ ModuleMsg::NoticeSince.get(lang) }</span>{ " " }
                    <input type="date" value={(*since).clone()} oninput={on_since} data-testid="notice-since" />
                </label>
                if let Some(community) = community_id.clone() {
                    <a class="button" href={Route::NoticePrint { community }.href()} data-testid="notice-print">{ ModuleMsg::NoticePrintView.get(lang) }</a>
                }
            </div>
            { sheet }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SheetProps {
    notice: Notice,
    community: Community,
    since: String,
}

/// The notice itself: the same on screen and on the A4 sheet.
#[function_component(NoticeSheet)]
fn notice_sheet(props: &SheetProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let n = &props.notice;
    let empty = || html! { <p class="muted">{ ModuleMsg::NoticeEmpty.get(lang) }</p> };
    html! {
        <article class="notice-sheet" data-testid="notice-sheet">
            <header>
                <h2 data-testid="notice-heading">{ format!("{} · {}", props.community.name, ModuleMsg::NoticeTitle.get(lang)) }</h2>
                <p class="muted small">{ props.community.street.clone() }{ " · " }{ ModuleMsg::NoticeSince.get(lang) }{ " " }{ props.since.clone() }{ " · " }{ today_local() }</p>
            </header>
            <h3>{ ModuleMsg::NoticeDemands.get(lang) }</h3>
            if n.demands.is_empty() { { empty() } }
            <ul class="notice-list" data-testid="notice-demands">
                { for n.demands.iter().map(|d| html! {
                    <li data-testid="notice-demand">
                        <span class="muted small">{ d.reported_on.clone() }{ " · " }{ domain_label(&d.category, lang).to_string() }</span>{ " " }
                        <strong>{ d.title.clone() }</strong>{ " " }
                        <span class={classes!("tag", format!("status-{}", d.status.as_str()))}>{ d.status.label(lang) }</span>
                        if let Some(result) = &d.result { <div class="small">{ result.clone() }</div> }
                    </li>
                }) }
            </ul>
            <h3>{ ModuleMsg::NoticeTopics.get(lang) }</h3>
            if n.topics.is_empty() { { empty() } }
            <ul class="notice-list" data-testid="notice-topics">
                { for n.topics.iter().map(|t| html! {
                    <li>
                        <strong>{ t.title.clone() }</strong>{ " " }<span class="tag">{ t.status.label(lang) }</span>
                        { for t.findings.iter().map(|f| html! { <div class="small">{ f.clone() }</div> }) }
                    </li>
                }) }
            </ul>
            <h3>{ ModuleMsg::NoticeConsultations.get(lang) }</h3>
            if n.consultations.is_empty() { { empty() } }
            <ul class="notice-list" data-testid="notice-consultations">
                { for n.consultations.iter().map(|c| html! {
                    <li>
                        <strong>{ c.subject.clone() }</strong>{ " · " }{ c.requested_by.clone() }{ " " }
                        <span class="tag">{ c.status.label(lang) }</span>{ " " }
                        <span class="small">{ responses_text(c.responses, lang) }{ "，" }{ adopted_text(c.adopted, lang) }</span>
                        if let Some(result) = &c.result { <div class="small">{ result.clone() }</div> }
                    </li>
                }) }
            </ul>
            <h3>{ ModuleMsg::NoticeOutcomes.get(lang) }</h3>
            if n.outcomes.is_empty() { { empty() } }
            <ul class="notice-list" data-testid="notice-outcomes">
                { for n.outcomes.iter().map(|o| html! {
                    <li>
                        <span class="muted small">{ o.on.clone() }{ " · " }{ o.outcome_type.label(lang) }</span>{ " " }
                        <strong>{ o.title.clone() }</strong>
                        if o.funds_fen > 0 { { " · " }{ format_fen_as_yuan(o.funds_fen) } }
                        if let Some(summary) = &o.summary { <div class="small">{ summary.clone() }</div> }
                    </li>
                }) }
            </ul>
            <h3>{ ModuleMsg::NoticeArticles.get(lang) }</h3>
            if n.articles.is_empty() { { empty() } }
            <ul class="notice-list" data-testid="notice-articles">
                { for n.articles.iter().map(|a| html! {
                    <li><strong>{ a.title.clone() }</strong><div class="small pre">{ a.body.clone() }</div></li>
                }) }
            </ul>
            <p class="muted small">{ ModuleMsg::NoticeFooter.get(lang) }</p>
        </article>
    }
}

fn responses_text(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("收到意见 {n} 条"),
        Lang::En => format!("{n} responses"),
    }
}
