//! Home's first card on a representative's phone: the doors assigned to them.

use yew::prelude::*;

use crate::app::canvass;
use crate::i18n::CanvassMsg;
use crate::ui::components::coverage_view::my_doors_view;
use crate::ui::hooks::{failed_view, use_app, use_load, Load};
use crate::ui::route::Route;

/// Home's first card on a representative's phone: the doors assigned to them.
#[function_component(MyDoorsCard)]
pub fn my_doors_card() -> Html {
    let state = use_app();
    let lang = state.lang;
    let member = state.device.as_ref().and_then(|d| d.member_id.clone());
    // Read only on a phone that names its member.
    let loaded = use_load(member.clone(), |db, member| async move {
        match member {
            Some(_) => Ok(Some(canvass::load(&db).await?)),
            None => Ok(None),
        }
    });
    let data = match loaded.state() {
        Load::Loading => return html! {},
        Load::Failed(err) => return failed_view(err, lang, loaded.reloader()),
        Load::Ready(data) => data.clone(),
    };
    let (Some(data), Some(member)) = ((*data).clone(), member) else {
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
