//! Door-to-door coverage as people read it: a percentage with its bar, and
//! "my doors" (the buildings assigned to one member) with their walk links.

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::app::canvass::Canvass;
use crate::domain::canvass::{building_key, coverage, Coverage};
use crate::domain::kinds::Household;
use crate::i18n::{CanvassMsg, Lang};
use crate::ui::route::Route;

/// "37% · 30 / 80 户" with a progress bar (no inline styles: CSP).
pub fn coverage_view(cover: &Coverage, lang: Lang, testid: &str) -> Html {
    html! {
        <span class="coverage" data-testid={testid.to_string()} data-visited={cover.visited.to_string()} data-doors={cover.doors.to_string()}>
            <progress max={cover.doors.max(1).to_string()} value={cover.visited.to_string()}></progress>
            <strong>{ format!("{}%", cover.percent()) }</strong>
            <span class="muted small">{ format!(" {} / {} {}", cover.visited, cover.doors, CanvassMsg::Doors.get(lang)) }</span>
        </span>
    }
}

/// The buildings assigned to `member`, by community, each with its coverage and a walk link.
pub fn my_doors_view(data: &Canvass, member: &str, lang: Lang) -> Html {
    let mine: Vec<&(String, Household)> = data
        .doors
        .iter()
        .filter(|(_, h)| h.assigned_to.as_deref() == Some(member))
        .collect();
    if mine.is_empty() {
        return html! { <p class="muted" data-testid="my-doors-none">{ CanvassMsg::MyDoorsNone.get(lang) }</p> };
    }
    // (community, building in natural order) → its doors.
    type BuildingKey = (String, (u64, String));
    let mut by_building: BTreeMap<BuildingKey, Vec<&(String, Household)>> = BTreeMap::new();
    for entry in &mine {
        let key = (
            entry.1.community_id.clone(),
            crate::domain::canvass::natural_key(&entry.1.building),
        );
        by_building.entry(key).or_default().push(entry);
    }
    let total = coverage(mine.iter().map(|(id, h)| (id.as_str(), h)), &data.states);
    html! {
        <div data-testid="my-doors">
            <p>{ CanvassMsg::Coverage.get(lang) }{ " " }{ coverage_view(&total, lang, "my-coverage") }</p>
            <ul class="big-list buildings">
                { for by_building.iter().map(|((community, (_, building)), doors)| {
                    let cover = coverage(doors.iter().map(|(id, h)| (id.as_str(), h)), &data.states);
                    let route = Route::Walk { community: community.clone(), building: building_key(building) };
                    html! {
                        <li>
                            <a href={route.href()} data-testid="my-building" data-building={building.clone()}>
                                <span>{ format!("{} {}", data.community_name(community), building) }</span>
                                { coverage_view(&cover, lang, "my-building-coverage") }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
