//! Adding a door the generated compound missed: a new household in this
//! building, refused when that address is already on this device.

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::canvass;
use crate::domain::canvass::new_household;
use crate::i18n::CanvassMsg;
use crate::ui::components::walk::WalkFeedback;
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct AddDoorFormProps {
    pub community: String,
    /// The building's name as stored.
    pub building: String,
    /// The unit the form starts with (the building's first).
    pub unit: String,
    /// What happened; `DoorAdded` means the page should read the building again.
    pub on_feedback: Callback<WalkFeedback>,
}

#[function_component(AddDoorForm)]
pub fn add_door_form(props: &AddDoorFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let unit_ref = use_node_ref();
    let door_ref = use_node_ref();
    let on_submit = {
        let (state, unit_ref, door_ref) = (state.clone(), unit_ref.clone(), door_ref.clone());
        let (community, building, on_feedback) = (
            props.community.clone(),
            props.building.clone(),
            props.on_feedback.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default()
            };
            let (unit, door) = (value(&unit_ref), value(&door_ref));
            if door.is_empty() {
                on_feedback.emit(WalkFeedback::Text(CanvassMsg::DoorRequired));
                return;
            }
            let household = new_household(
                &community,
                &building,
                Some(&unit).filter(|u| !u.is_empty()).map(String::as_str),
                &door,
            );
            let (on_feedback, door_ref) = (on_feedback.clone(), door_ref.clone());
            spawn_local(async move {
                on_feedback.emit(
                    match canvass::add_household(&store, &device.id, household).await {
                        Ok(true) => {
                            if let Some(input) = door_ref.cast::<HtmlInputElement>() {
                                input.set_value("");
                            }
                            WalkFeedback::DoorAdded
                        }
                        Ok(false) => WalkFeedback::Text(CanvassMsg::DoorExists),
                        Err(err) => WalkFeedback::Failed(err),
                    },
                );
            });
        })
    };
    html! {
        <details class="add-door">
            <summary data-testid="add-door-open">{ CanvassMsg::AddDoor.get(lang) }</summary>
            <form class="form inline" onsubmit={on_submit} data-testid="add-door-form">
                <label><span>{ CanvassMsg::Unit.get(lang) }</span>
                    <input type="text" ref={unit_ref} maxlength="20" data-testid="add-door-unit"
                        value={props.unit.clone()} /></label>
                <label><span>{ CanvassMsg::Door.get(lang) }</span>
                    <input type="text" ref={door_ref} maxlength="20" data-testid="add-door-door" /></label>
                <button type="submit" class="button">{ CanvassMsg::AddDoorButton.get(lang) }</button>
            </form>
        </details>
    }
}
