//! A demand's timeline: when it was reported, then each event in order, with
//! the member or topic it was referred to.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::demands::DemandDetail;
use crate::domain::kinds::{DemandEvent, PARTY_COMMITTEE};
use crate::i18n::{Lang, ModuleMsg, Msg};
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct DemandTimelineProps {
    /// The demand's page data (its record, events and the names they refer to).
    pub detail: Rc<DemandDetail>,
}

#[function_component(DemandTimeline)]
pub fn demand_timeline(props: &DemandTimelineProps) -> Html {
    let lang = use_app().lang;
    let data = &props.detail;
    let reported_on = data
        .demand
        .as_ref()
        .map(|(_, d)| d.reported_on.clone())
        .unwrap_or_default();
    html! {
        <>
            <h2>{ Msg::DemandTimeline.get(lang) }</h2>
            <ol class="timeline" data-testid="demand-timeline">
                <li><span class="when">{ reported_on }</span>{ Msg::DemandReported.get(lang) }</li>
                { for data.events.iter().map(|(e, _)| timeline_item(e, data, lang)) }
            </ol>
        </>
    }
}

fn timeline_item(event: &DemandEvent, data: &DemandDetail, lang: Lang) -> Html {
    let when = event.at.get(..16).unwrap_or(&event.at).replace('T', " ");
    let mut parts: Vec<String> = vec![event.event_type.label(lang).to_string()];
    if let Some(status) = event.status {
        parts.push(status.label(lang).to_string());
    }
    if event.extra.get("to_body").and_then(|v| v.as_str()) == Some(PARTY_COMMITTEE) {
        parts.push(ModuleMsg::ReferParty.get(lang).to_string());
    } else if let Some(team) = event.to_team {
        parts.push(team.label(lang).to_string());
    }
    if let Some(name) = event
        .to_member
        .as_ref()
        .and_then(|m| data.member_names.get(m))
    {
        parts.push(name.clone());
    }
    if let Some(title) = event
        .to_topic
        .as_ref()
        .and_then(|t| data.topic_titles.get(t))
    {
        parts.push(title.clone());
    }
    if let Some(s) = event.satisfaction {
        parts.push(format!(
            "{}{}{s}/5",
            Msg::DemandSatisfaction.get(lang),
            lang.colon()
        ));
    }
    html! {
        <li data-testid="timeline-event" data-type={event.event_type.as_str()}>
            <span class="when">{ when }</span>
            <strong>{ parts.join(" · ") }</strong>
            if let Some(text) = event.text.clone() { <p class="event-text">{ text }</p> }
        </li>
    }
}
