//! A coordinator's two ways to put a compound's doors on the device: generate
//! them from the compound's pattern, or import a walk-list CSV. Both write the
//! doors' seed revisions in one transaction: all or none, and a door that
//! already exists (or was removed on purpose) stays as it is.

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::canvass;
use crate::app::file_io::{files_of, read_bytes};
use crate::domain::canvass::{address, generate, read_walk_list, CompoundPattern, WalkList};
use crate::domain::community::community_id;
use crate::domain::kinds::Community;
use crate::i18n::{CanvassMsg, Lang, Text};
use crate::ui::components::office_form::select_into;
use crate::ui::hooks::{use_app, use_busy};

#[derive(Properties, PartialEq)]
pub struct CompoundFormProps {
    pub communities: Vec<(String, Community)>,
    /// Called after doors were written.
    pub on_changed: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    /// What was done, doors made, doors already there, and which write this
    /// was (1, 2, ...: tells a new result from the last one).
    Made(CanvassMsg, u32, u32, u32),
    Failed(Text),
}

#[function_component(CompoundForm)]
pub fn compound_form(props: &CompoundFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let community = use_state(|| {
        props
            .communities
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    });
    let pattern = use_state(|| CompoundPattern {
        buildings: (1, 6),
        units: Some((1, 2)),
        floors: (1, 6),
        doors: (1, 2),
    });
    let outcome = use_state(|| None::<Outcome>);
    let walk_list = use_state(|| None::<Result<WalkList, Text>>);
    let busy = use_busy();
    let writes = use_mut_ref(|| 0u32);

    let number = |get: fn(&CompoundPattern) -> u32, set: fn(&mut CompoundPattern, u32)| {
        let pattern = pattern.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = *pattern;
            set(&mut next, value.trim().parse().unwrap_or(0));
            if get(&next) != get(&pattern) {
                pattern.set(next);
            }
        })
    };
    let field = |label: CanvassMsg, testid: &str, value: u32, oninput: Callback<InputEvent>| {
        html! {
            <label class="num">
                <span>{ label.get(lang) }</span>
                <input type="number" min="1" max="999" inputmode="numeric" value={value.to_string()}
                    data-testid={testid.to_string()} {oninput} />
            </label>
        }
    };
    let p = *pattern;
    let on_no_units = {
        let pattern = pattern.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = *pattern;
            next.units = if checked { None } else { Some((1, 2)) };
            pattern.set(next);
        })
    };
    let on_generate = {
        let writes = writes.clone();
        let (state, community, outcome, busy, on_changed) = (
            state.clone(),
            community.clone(),
            outcome.clone(),
            busy.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let doors = match generate(&community, &p) {
                Ok(doors) => doors,
                Err(err) => {
                    outcome.set(Some(Outcome::Failed(err.text())));
                    return;
                }
            };
            if !busy.start() {
                return;
            }
            *writes.borrow_mut() += 1;
            let seq = *writes.borrow();
            let (outcome, busy, on_changed) = (outcome.clone(), busy.clone(), on_changed.clone());
            spawn_local(async move {
                match canvass::write_doors(&store, &device.id, &doors).await {
                    Ok((made, kept)) => {
                        outcome.set(Some(Outcome::Made(CanvassMsg::Generated, made, kept, seq)));
                        on_changed.emit(());
                    }
                    Err(err) => outcome.set(Some(Outcome::Failed(err.text()))),
                }
                busy.finish();
            });
        })
    };

    let on_file = {
        let (walk_list, communities, outcome) = (
            walk_list.clone(),
            props.communities.clone(),
            outcome.clone(),
        );
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = files_of(input.files()).into_iter().next() else {
                return;
            };
            let (walk_list, communities, outcome) =
                (walk_list.clone(), communities.clone(), outcome.clone());
            outcome.set(None);
            spawn_local(async move {
                let Some(bytes) = read_bytes(&file).await else {
                    walk_list.set(Some(Err(Text::new(
                        "无法读取这个文件。请重新选择。",
                        "This file could not be read. Choose it again.",
                    ))));
                    return;
                };
                let text = String::from_utf8_lossy(&bytes).to_string();
                let find = |name: &str| {
                    communities
                        .iter()
                        .find(|(id, c)| c.name == name || id == name)
                        .map(|(id, _)| id.clone())
                        .or_else(|| {
                            // "名称 · 街道" as the app writes it elsewhere.
                            let (n, s) = name.split_once('·')?;
                            let id = community_id(n.trim(), s.trim());
                            communities.iter().any(|(c, _)| *c == id).then_some(id)
                        })
                };
                walk_list.set(Some(read_walk_list(&text, find)));
            });
        })
    };
    let on_import = {
        let writes = writes.clone();
        let (state, walk_list, outcome, busy, on_changed) = (
            state.clone(),
            walk_list.clone(),
            outcome.clone(),
            busy.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |_| {
            let (Some(store), Some(device), Some(Ok(list))) =
                (state.db(), state.device.clone(), (*walk_list).clone())
            else {
                return;
            };
            if !busy.start() {
                return;
            }
            *writes.borrow_mut() += 1;
            let seq = *writes.borrow();
            let (walk_list, outcome, busy, on_changed) = (
                walk_list.clone(),
                outcome.clone(),
                busy.clone(),
                on_changed.clone(),
            );
            spawn_local(async move {
                match canvass::write_doors(&store, &device.id, &list.doors).await {
                    Ok((made, kept)) => {
                        outcome.set(Some(Outcome::Made(CanvassMsg::Imported, made, kept, seq)));
                        walk_list.set(None);
                        on_changed.emit(());
                    }
                    Err(err) => outcome.set(Some(Outcome::Failed(err.text()))),
                }
                busy.finish();
            });
        })
    };

    html! {
        <section class="card" data-testid="compound-form">
            <h2>{ CanvassMsg::Generate.get(lang) }</h2>
            <p class="muted small">{ CanvassMsg::GenerateIntro.get(lang) }</p>
            <form class="form compound" onsubmit={on_generate} data-testid="generate-form" novalidate=true>
                <label>
                    <span>{ CanvassMsg::Community.get(lang) }</span>
                    <select onchange={select_into(&community)} data-testid="generate-community">
                        <option value="" selected={community.is_empty()}>{ CanvassMsg::ChooseCommunity.get(lang) }</option>
                        { for props.communities.iter().map(|(id, c)| html! {
                            <option value={id.clone()} selected={*id == *community}>{ format!("{} · {}", c.name, c.street) }</option>
                        }) }
                    </select>
                </label>
                <fieldset class="range"><legend>{ CanvassMsg::Buildings.get(lang) }</legend>
                    { field(CanvassMsg::From, "gen-buildings-from", p.buildings.0, number(|p| p.buildings.0, |p, v| p.buildings.0 = v)) }
                    { field(CanvassMsg::To, "gen-buildings-to", p.buildings.1, number(|p| p.buildings.1, |p, v| p.buildings.1 = v)) }
                </fieldset>
                <fieldset class="range"><legend>{ CanvassMsg::Unit.get(lang) }</legend>
                    if let Some((from, to)) = p.units {
                        { field(CanvassMsg::From, "gen-units-from", from, number(|p| p.units.map(|u| u.0).unwrap_or(0), |p, v| if let Some(u) = p.units.as_mut() { u.0 = v })) }
                        { field(CanvassMsg::To, "gen-units-to", to, number(|p| p.units.map(|u| u.1).unwrap_or(0), |p, v| if let Some(u) = p.units.as_mut() { u.1 = v })) }
                    }
                    <label class="check"><input type="checkbox" checked={p.units.is_none()} onchange={on_no_units} data-testid="gen-no-units" />
                        <span>{ CanvassMsg::NoUnits.get(lang) }</span></label>
                </fieldset>
                <fieldset class="range"><legend>{ CanvassMsg::Floors.get(lang) }</legend>
                    { field(CanvassMsg::From, "gen-floors-from", p.floors.0, number(|p| p.floors.0, |p, v| p.floors.0 = v)) }
                    { field(CanvassMsg::To, "gen-floors-to", p.floors.1, number(|p| p.floors.1, |p, v| p.floors.1 = v)) }
                </fieldset>
                <fieldset class="range"><legend>{ CanvassMsg::DoorsPerFloor.get(lang) }</legend>
                    { field(CanvassMsg::From, "gen-doors-from", p.doors.0, number(|p| p.doors.0, |p, v| p.doors.0 = v)) }
                    { field(CanvassMsg::To, "gen-doors-to", p.doors.1, number(|p| p.doors.1, |p, v| p.doors.1 = v)) }
                </fieldset>
                <p data-testid="generate-count">{ CanvassMsg::WillMake.get(lang) }{ " " }<strong>{ p.count() }</strong>{ " " }{ CanvassMsg::Doors.get(lang) }
                    if let Ok(doors) = generate(&community, &p) {
                        if let (Some(first), Some(last)) = (doors.first(), doors.last()) {
                            <span class="muted small">{ format!("（{} … {}）", address(first), address(last)) }</span>
                        }
                    }
                </p>
                <button type="submit" class="button primary" disabled={busy.is_busy()} data-testid="generate-submit">{ CanvassMsg::GenerateButton.get(lang) }</button>
            </form>
            { outcome_view(&outcome, lang) }

            <h2>{ CanvassMsg::ImportCsv.get(lang) }</h2>
            <p class="muted small">{ CanvassMsg::ImportCsvIntro.get(lang) }</p>
            <input type="file" accept=".csv,text/csv" onchange={on_file} data-testid="walklist-file"
                aria-label={CanvassMsg::ImportCsv.get(lang)} />
            { match &*walk_list {
                Some(Ok(list)) => html! {
                    <div data-testid="walklist-preview">
                        <p>{ CanvassMsg::CsvReady.get(lang) }{ lang.colon() }<strong data-testid="walklist-count">{ list.doors.len() }</strong></p>
                        if !list.problems.is_empty() {
                            <div class="notice warn" data-testid="walklist-problems">
                                <p>{ CanvassMsg::CsvSkipped.get(lang) }</p>
                                <ul>{ for list.problems.iter().map(|p| html! { <li>{ p.text.get(lang) }</li> }) }</ul>
                            </div>
                        }
                        if !list.doors.is_empty() {
                            <button type="button" class="button primary" disabled={busy.is_busy()} onclick={on_import} data-testid="walklist-import">
                                { CanvassMsg::ImportCsvButton.get(lang) }
                            </button>
                        }
                    </div>
                },
                Some(Err(text)) => html! { <p class="notice error" role="alert" data-testid="walklist-error">{ text.get(lang) }</p> },
                None => html! {},
            } }
        </section>
    }
}

fn outcome_view(outcome: &Option<Outcome>, lang: Lang) -> Html {
    match outcome {
        Some(Outcome::Made(msg, made, kept, seq)) => html! {
            <p class="notice ok" role="status" data-testid="compound-made" data-seq={seq.to_string()}>
                { "✓ " }{ msg.get(lang) }<strong data-testid="compound-made-count">{ made }</strong>
                if *kept > 0 {
                    { Text::new(format!("（{kept} 户已存在，未改动）"), format!(" ({kept} already there, left as they were)")).get(lang).to_string() }
                }
            </p>
        },
        Some(Outcome::Failed(text)) => html! {
            <p class="notice error" role="alert" data-testid="compound-error">{ text.get(lang) }</p>
        },
        None => html! {},
    }
}
