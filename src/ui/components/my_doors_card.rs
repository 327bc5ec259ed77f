//! Home's first card on a representative's phone: the doors assigned to them.

use yew::prelude::*;

use crate::app::canvass::Canvass;
use crate::i18n::CanvassMsg;
use crate::ui::components::coverage_view::my_doors_view;
use crate::ui::hooks::{use_app, LoadHandle};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct MyDoorsCardProps {
    /// The canvassing data, as Home loaded it (once, for this card and the dashboard).
    pub canvass: LoadHandle<Canvass>,
}

/// Home's first card on a representative's phone: the doors assigned to them.
#[function_component(MyDoorsCard)]
pub fn my_doors_card(props: &MyDoorsCardProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let member = state.device.as_ref().and_then(|d| d.member_id.clone());
    // Shown only on a phone that names its member; the dashboard below shows a failure.
    let (Some(data), Some(member)) = (props.canvass.data(), member) else {
        return html! {};
    };
    if !data
        .doors
        .iter()
        .any(|(_, h)| h.assigned_to.as_deref() == Some(member.as_str()))
    {
        return html! {};
    }
    html! {
        <section class="card" data-testid="home-my-doors">
            <h2><a href={Route::Doors.href()}>{ CanvassMsg::MyDoors.get(lang) }</a></h2>
            { my_doors_view(&data, &member, lang) }
        </section>
    }
}
