//! The capture form's banner when it was opened from a door in the walk
//! view: which door, the way back to its building, and — once saved — that
//! the visit was written with the demand.

use yew::prelude::*;

use crate::domain::canvass::{address, building_key};
use crate::domain::kinds::Household;
use crate::i18n::CanvassMsg;
use crate::ui::hooks::use_lang;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct DoorBannerProps {
    pub household: Household,
    /// The demand was saved, and its visit with it.
    pub linked: bool,
}

#[function_component(DoorBanner)]
pub fn door_banner(props: &DoorBannerProps) -> Html {
    let lang = use_lang();
    let h = &props.household;
    let walk = Route::Walk {
        community: h.community_id.clone(),
        building: building_key(&h.building),
    };
    html! {
        <div class="notice door-banner" data-testid="capture-door">
            <span>{ CanvassMsg::CaptureAtDoor.get(lang) }{ lang.colon() }<strong>{ address(h) }</strong></span>
            { " " }<a href={walk.href()} data-testid="capture-back-to-building">{ CanvassMsg::BackToBuilding.get(lang) }</a>
            if props.linked {
                <p class="small" data-testid="capture-visit-linked">{ CanvassMsg::VisitLinked.get(lang) }</p>
            }
        </div>
    }
}
