//! One building's doors as a grid by unit and floor, each door coloured by
//! its latest visit in the current round; tapping a door selects it.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::canvass::{outcome_class, Canvass};
use crate::domain::canvass::{address, UnitGrid};
use crate::i18n::CanvassMsg;
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct DoorGridProps {
    /// The building's units, floors and door ids (`domain::canvass::building_grid`).
    pub grid: Rc<Vec<UnitGrid>>,
    /// The building's doors and their states.
    pub canvass: Rc<Canvass>,
    /// The selected door's id.
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

#[function_component(DoorGrid)]
pub fn door_grid(props: &DoorGridProps) -> Html {
    let lang = use_app().lang;
    let canvass = &props.canvass;
    let door_button = |id: &String| {
        let Some(h) = canvass.door(id) else {
            return html! {};
        };
        let outcome = canvass.outcome(id);
        let is_selected = props.selected.as_deref() == Some(id.as_str());
        let onclick = {
            let (on_select, id) = (props.on_select.clone(), id.clone());
            Callback::from(move |_| on_select.emit(id.clone()))
        };
        let state_label = outcome
            .map(|o| o.label(lang))
            .unwrap_or(CanvassMsg::NotVisited.get(lang));
        html! {
            <button type="button"
                class={classes!("door", outcome_class(outcome), h.vulnerable.then_some("vulnerable"), is_selected.then_some("selected"))}
                aria-pressed={is_selected.to_string()}
                aria-label={format!("{} · {}", address(h), state_label)}
                data-testid="door" data-door-id={id.clone()} data-address={address(h)}
                data-outcome={outcome.map(|o| o.as_str()).unwrap_or("none")} {onclick}>
                { h.door.clone() }
                if h.vulnerable { <span class="door-flag" aria-hidden="true">{ "★" }</span> }
            </button>
        }
    };
    html! {
        <div class="units">
            { for props.grid.iter().map(|unit| html! {
                <div class="unit" data-testid="walk-unit">
                    if let Some(name) = &unit.unit { <h2>{ name.clone() }</h2> }
                    <table class="door-grid">
                        <tbody>
                            { for unit.floors.iter().map(|(floor, ids)| html! {
                                <tr>
                                    <th scope="row">{ floor.map(|f| format!("{f}F")).unwrap_or_else(|| "·".into()) }</th>
                                    <td>{ for ids.iter().map(door_button) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }) }
        </div>
    }
}
