//! Choosing records in the office forms: the community select (grouped by street,
//! from the Communities list), members (filterable by team) and demands or
//! activities found by search. The lists come from `app::lists`.

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::domain::kinds::{Community, Demand, Member, Team};
use crate::domain::roster::text_matches;
use crate::i18n::{Msg, OfficeMsg};
use crate::ui::hooks::use_lang;

/// Records of one kind with their ids, shared between a page and its pickers.
pub type Listed<T> = Rc<Vec<(String, T)>>;

#[derive(Properties, PartialEq)]
pub struct CommunitySelectProps {
    pub communities: Listed<Community>,
    /// The chosen id; empty for none.
    pub value: String,
    pub onchange: Callback<String>,
    pub testid: AttrValue,
    /// The text of the empty choice ("all communities", "no community"...).
    pub empty_label: AttrValue,
    /// The select's name for screen readers when no `<label>` wraps it (a filter).
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// A `<select>` of the communities, grouped by street.
#[function_component(CommunitySelect)]
pub fn community_select(props: &CommunitySelectProps) -> Html {
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let mut streets: Vec<(&str, Vec<&(String, Community)>)> = Vec::new();
    for entry in props.communities.iter() {
        match streets.last_mut() {
            Some((street, list)) if *street == entry.1.street => list.push(entry),
            _ => streets.push((&entry.1.street, vec![entry])),
        }
    }
    // A value that is not in the list (a community not on this device) stays selectable.
    let unknown =
        !props.value.is_empty() && !props.communities.iter().any(|(id, _)| *id == props.value);
    html! {
        <select data-testid={props.testid.clone()} {onchange} aria-label={props.label.clone()}>
            <option value="" selected={props.value.is_empty()}>{ props.empty_label.clone() }</option>
            if unknown {
                <option value={props.value.clone()} selected=true>{ props.value.clone() }</option>
            }
            { for streets.into_iter().map(|(street, list)| html! {
                <optgroup label={street.to_string()}>
                    { for list.into_iter().map(|(id, c)| html! {
                        <option value={id.clone()} selected={*id == props.value}>{ c.name.clone() }</option>
                    }) }
                </optgroup>
            }) }
        </select>
    }
}

/// Adds or removes `id` in a selection.
fn toggled(selected: &[String], id: &str, on: bool) -> Vec<String> {
    let mut next: Vec<String> = selected.iter().filter(|s| *s != id).cloned().collect();
    if on {
        next.push(id.to_string());
    }
    next
}

/// Members listed before a search narrows them (phones stay quick with 1,700 members).
const MEMBERS_SHOWN: usize = 60;

#[derive(Properties, PartialEq)]
pub struct MemberPickerProps {
    pub members: Listed<Member>,
    pub selected: Vec<String>,
    pub onchange: Callback<Vec<String>>,
    /// Prefix of the test ids: `{testid}-team`, `{testid}-search`, `{testid}-{id}`.
    pub testid: AttrValue,
}

/// Checkboxes of members, filtered by team and name; the chosen ones always show.
#[function_component(MemberPicker)]
pub fn member_picker(props: &MemberPickerProps) -> Html {
    let lang = use_lang();
    let team = use_state(|| None::<Team>);
    let text = use_state(String::new);
    let prefix = props.testid.to_string();
    if props.members.is_empty() {
        return html! { <p class="muted" data-testid={format!("{prefix}-none")}>{ OfficeMsg::PickNoMembers.get(lang) }</p> };
    }
    let on_team = {
        let team = team.clone();
        Callback::from(move |e: Event| {
            team.set(Team::parse(
                &e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let needle = text.trim().to_lowercase();
    let chosen: BTreeSet<&String> = props.selected.iter().collect();
    // In the list's own order, so ticking a box never moves it: the chosen ones
    // always, the others when they match the filters (and are active).
    let mut rows: Vec<&(String, Member)> = Vec::new();
    let mut more = 0usize;
    let mut offered = 0usize;
    for entry in props.members.iter() {
        let (id, m) = entry;
        if chosen.contains(id) {
            rows.push(entry);
        } else if m.active
            && team.is_none_or(|t| m.team == t)
            && text_matches(&needle, &[&m.name, m.expertise.as_deref().unwrap_or("")])
        {
            if offered < MEMBERS_SHOWN {
                rows.push(entry);
                offered += 1;
            } else {
                more += 1;
            }
        }
    }
    let row = |(id, m): &(String, Member)| {
        let checked = chosen.contains(id);
        let onchange = {
            let (cb, selected, id) = (props.onchange.clone(), props.selected.clone(), id.clone());
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                cb.emit(toggled(&selected, &id, on));
            })
        };
        html! {
            <li class="pick" key={id.clone()}>
                <label class="check">
                    <input type="checkbox" {checked} {onchange} data-testid={format!("{prefix}-{id}")} />
                    <span>{ m.name.clone() }{ " " }<span class={classes!("tag", format!("team-{}", m.team.as_str()))}>{ m.team.label(lang) }</span></span>
                </label>
            </li>
        }
    };
    html! {
        <div class="picker" data-testid={prefix.clone()}>
            <div class="picker-tools">
                <select onchange={on_team} data-testid={format!("{prefix}-team")} aria-label={OfficeMsg::MemberTeam.get(lang)}>
                    <option value="" selected={team.is_none()}>{ OfficeMsg::AnyTeam.get(lang) }</option>
                    { for Team::ALL.iter().map(|t| html! {
                        <option value={t.as_str()} selected={*team == Some(*t)}>{ t.label(lang) }</option>
                    }) }
                </select>
                <input type="search" value={(*text).clone()} oninput={on_text} placeholder={OfficeMsg::PickMemberSearch.get(lang)}
                    aria-label={OfficeMsg::PickMemberSearch.get(lang)} data-testid={format!("{prefix}-search")} />
            </div>
            <p class="muted small">{ OfficeMsg::PickSelected.get(lang) }{ lang.colon() }<strong data-testid={format!("{prefix}-count")}>{ props.selected.len() }</strong></p>
            <ul class="picker-list">{ for rows.into_iter().map(row) }</ul>
            if more > 0 {
                <p class="muted small">{ OfficeMsg::PickNarrow.get(lang) }</p>
            }
        </div>
    }
}

/// One record a [`SearchPicker`] can offer.
#[derive(Clone, Debug, PartialEq)]
pub struct PickItem {
    pub id: String,
    /// What a person reads: "2025-05-01 卫生间漏水邻里纠纷".
    pub label: String,
    /// The text searched, lower-cased.
    pub search: String,
}

impl PickItem {
    pub fn new(id: &str, label: String, searchable: &[&str]) -> Self {
        PickItem {
            id: id.to_string(),
            label,
            search: searchable.join(" ").to_lowercase(),
        }
    }
}

/// Demands as search-picker items, newest first.
pub fn demand_items(demands: &[(String, Demand)]) -> Vec<PickItem> {
    let mut items: Vec<(&String, &Demand)> = demands.iter().map(|(id, d)| (id, d)).collect();
    items.sort_by(|a, b| b.1.reported_on.cmp(&a.1.reported_on));
    items
        .into_iter()
        .map(|(id, d)| {
            let address = d
                .resident
                .as_ref()
                .and_then(|r| r.address.clone())
                .unwrap_or_default();
            PickItem::new(
                id,
                format!("{} {}", d.reported_on, d.title),
                &[&d.title, &d.description, &address],
            )
        })
        .collect()
}

/// Offered when nothing is typed: the most recent few.
const RECENT_SHOWN: usize = 6;
/// Offered at most for a search.
const MATCHES_SHOWN: usize = 20;

#[derive(Properties, PartialEq)]
pub struct SearchPickerProps {
    /// Newest first.
    pub items: Rc<Vec<PickItem>>,
    pub selected: Vec<String>,
    pub onchange: Callback<Vec<String>>,
    /// Prefix of the test ids: `{testid}-search`, `{testid}-results`, `{testid}-{id}`.
    pub testid: AttrValue,
    pub placeholder: AttrValue,
}

/// A search box over many records (demands, activities); the chosen ones stay listed above.
#[function_component(SearchPicker)]
pub fn search_picker(props: &SearchPickerProps) -> Html {
    let lang = use_lang();
    let text = use_state(String::new);
    let prefix = props.testid.to_string();
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let chosen: BTreeSet<&String> = props.selected.iter().collect();
    let needle = text.trim().to_lowercase();
    // In the items' own order, so ticking a box never moves it. Without a search:
    // the chosen ones and the most recent few; with one: what matches.
    let mut offered: Vec<&PickItem> = Vec::new();
    let mut fresh = 0usize;
    for item in props.items.iter() {
        let is_chosen = chosen.contains(&item.id);
        let show = if needle.is_empty() {
            is_chosen || fresh < RECENT_SHOWN
        } else {
            item.search.contains(&needle) && offered.len() < MATCHES_SHOWN
        };
        if show {
            if !is_chosen {
                fresh += 1;
            }
            offered.push(item);
        }
    }
    let toggle = |id: &str| {
        let (cb, selected, id) = (
            props.onchange.clone(),
            props.selected.clone(),
            id.to_string(),
        );
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            cb.emit(toggled(&selected, &id, on));
        })
    };
    let remove = |id: &str| {
        let (cb, selected, id) = (
            props.onchange.clone(),
            props.selected.clone(),
            id.to_string(),
        );
        Callback::from(move |_: MouseEvent| cb.emit(toggled(&selected, &id, false)))
    };
    // The chosen ones, in the order chosen; an id not on this device still shows (and can be removed).
    let chips = props.selected.iter().map(|id| {
        let label = props
            .items
            .iter()
            .find(|item| item.id == *id)
            .map(|item| item.label.clone())
            .unwrap_or_else(|| OfficeMsg::NotOnDevice.get(lang).to_string());
        html! {
            <li key={id.clone()}>
                <span>{ label }</span>
                <button type="button" class="remove" onclick={remove(id)} aria-label={OfficeMsg::PickRemove.get(lang)}
                    data-testid={format!("{prefix}-remove-{id}")}>{ "×" }</button>
            </li>
        }
    });
    html! {
        <div class="picker" data-testid={prefix.clone()}>
            if !props.selected.is_empty() {
                <ul class="picked" data-testid={format!("{prefix}-selected")}>{ for chips }</ul>
            }
            <input type="search" value={(*text).clone()} oninput={on_text} placeholder={props.placeholder.clone()}
                aria-label={props.placeholder.clone()} data-testid={format!("{prefix}-search")} />
            <ul class="picker-list" data-testid={format!("{prefix}-results")}>
                { for offered.into_iter().map(|item| html! {
                    <li class="pick" key={item.id.clone()}>
                        <label class="check">
                            <input type="checkbox" checked={chosen.contains(&item.id)} onchange={toggle(&item.id)}
                                data-testid={format!("{prefix}-{}", item.id)} />
                            <span>{ item.label.clone() }</span>
                        </label>
                    </li>
                }) }
            </ul>
            if props.items.is_empty() {
                <p class="muted small">{ Msg::DemandReferNone.get(lang) }</p>
            } else if !needle.is_empty() && !props.items.iter().any(|i| i.search.contains(&needle)) {
                <p class="muted small">{ OfficeMsg::PickNoMatch.get(lang) }</p>
            }
        </div>
    }
}
