//! Vulnerable households (for envoys' and volunteers' home visits), with their
//! last visit in any round, the longest unvisited first.

use std::collections::HashSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::canvass::{local_time, Canvass};
use crate::domain::canvass::{address, door_states_by_round, VisitRef};
use crate::domain::kinds::{Household, VisitOutcome};
use crate::i18n::CanvassMsg;
use crate::ui::hooks::use_app;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct VulnerableDoorsProps {
    pub canvass: Rc<Canvass>,
}

type LastVisit = Option<(VisitOutcome, time::OffsetDateTime)>;

/// The vulnerable doors with their latest visit in any round (the round's rule
/// with a round that started at the epoch, in one pass over the visits).
fn vulnerable_doors(data: &Canvass) -> Vec<(String, Household, LastVisit)> {
    let ids: HashSet<&str> = data
        .doors
        .iter()
        .filter(|(_, h)| h.vulnerable)
        .map(|(id, _)| id.as_str())
        .collect();
    let ever = door_states_by_round(
        data.visits.iter().map(|(rev, visit)| VisitRef {
            id: &rev.id,
            hlc: &rev.hlc,
            visit,
        }),
        |door| {
            ids.contains(door)
                .then_some(time::OffsetDateTime::UNIX_EPOCH)
        },
    );
    let mut doors: Vec<(String, Household, LastVisit)> = data
        .doors
        .iter()
        .filter(|(_, h)| h.vulnerable)
        .map(|(id, h)| {
            (
                id.clone(),
                h.clone(),
                ever.get(id).map(|s| (s.outcome, s.at)),
            )
        })
        .collect();
    doors.sort_by_key(|(_, _, last)| last.map(|(_, at)| at));
    doors
}

#[function_component(VulnerableDoors)]
pub fn vulnerable_doors_card(props: &VulnerableDoorsProps) -> Html {
    let lang = use_app().lang;
    let data = &props.canvass;
    let vulnerable = vulnerable_doors(data);
    if vulnerable.is_empty() {
        return html! {};
    }
    html! {
        <section class="card" data-testid="doors-vulnerable">
            <h2>{ CanvassMsg::Vulnerable.get(lang) }{ " " }<span class="muted small">{ vulnerable.len() }</span></h2>
            <p class="muted small">{ CanvassMsg::VulnerableIntro.get(lang) }</p>
            <ul class="rows">
                { for vulnerable.iter().take(200).map(|(id, h, last)| html! {
                    <li data-testid="vulnerable-door">
                        <a href={Route::Household { id: id.clone() }.href()}>{ format!("{} {}", data.community_name(&h.community_id), address(h)) }</a>
                        <span class="muted small">
                            if let Some(note) = &h.notes { { " · " }{ note.clone() } }
                            { " · " }{ CanvassMsg::LastVisit.get(lang) }{ " " }
                            { last.map(|(o, at)| format!("{} {}", local_time(at), o.label(lang))).unwrap_or_else(|| CanvassMsg::NoVisits.get(lang).to_string()) }
                        </span>
                    </li>
                }) }
            </ul>
        </section>
    }
}
