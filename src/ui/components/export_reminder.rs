//! "N records not exported yet" where representatives spend their day (Home,
//! Doors), now that Exchange lives under More: a phone lost before its
//! records were exported loses them (LESSONS #1). After a day it says so plainly.

use yew::prelude::*;

use crate::app::exchange;
use crate::app::platform::now_ms;
use crate::i18n::ExchangeMsg;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[function_component(ExportReminder)]
pub fn export_reminder() -> Html {
    let state = use_app();
    let lang = state.lang;
    let device = state.device.as_ref().map(|d| d.id.clone());
    let status = use_load(device, |db, device| async move {
        match device {
            Some(device) => exchange::export_status(&db, &device, now_ms())
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    // A reminder that cannot be worked out is left out: Exchange shows the error.
    let Some(status) = status
        .data()
        .and_then(|s| (*s).clone())
        .filter(|s| s.unexported > 0)
    else {
        return html! {};
    };
    html! {
        <p class={classes!("notice", "export-reminder", status.nag.then_some("warn"))} role="status" data-testid="export-reminder">
            if status.nag { { ExchangeMsg::ExportNag.get(lang) }<br /> }
            <strong data-testid="export-reminder-count">{ status.unexported }</strong>{ " " }{ ExchangeMsg::ExportUnexported.get(lang) }
            { " · " }<a href={Route::Exchange.href()} data-testid="export-reminder-link">{ ExchangeMsg::ExportNow.get(lang) }{ " →" }</a>
        </p>
    }
}
