//! The "not home" doors to knock again, the ones due first.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::canvass::{self, local_time, Canvass};
use crate::domain::canvass::{address, retry_list};
use crate::i18n::CanvassMsg;
use crate::ui::hooks::use_app;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct RetryDoorsProps {
    pub canvass: Rc<Canvass>,
}

#[function_component(RetryDoors)]
pub fn retry_doors(props: &RetryDoorsProps) -> Html {
    let lang = use_app().lang;
    let data = &props.canvass;
    let retries = retry_list(
        data.doors.iter().map(|(id, _)| id.as_str()),
        &data.states,
        data.settings.retry_days,
    );
    let now = canvass::now();
    html! {
        <section class="card" data-testid="doors-retry">
            <h2>{ CanvassMsg::Retry.get(lang) }{ " " }<span class="muted small">{ retries.len() }</span></h2>
            if retries.is_empty() {
                <p class="muted">{ CanvassMsg::RetryNone.get(lang) }</p>
            } else {
                <ul class="rows">
                    { for retries.iter().take(100).map(|retry| {
                        let door = data.door(&retry.id);
                        let due = retry.due <= now;
                        html! {
                            <li data-testid="retry-door" class={classes!(due.then_some("due"))}>
                                <a href={Route::Household { id: retry.id.clone() }.href()}>
                                    { door.map(|h| format!("{} {}", data.community_name(&h.community_id), address(h))).unwrap_or_default() }
                                </a>
                                <span class="muted small">
                                    { " " }{ CanvassMsg::LastKnock.get(lang) }{ " " }{ local_time(retry.last) }{ " · " }
                                    if due { <strong>{ CanvassMsg::RetryDue.get(lang) }</strong> }
                                    else { { CanvassMsg::RetryWait.get(lang) }{ " " }{ local_time(retry.due) } }
                                </span>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
