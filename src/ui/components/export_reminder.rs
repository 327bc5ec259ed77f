//! "N records not exported yet" where representatives spend their day (Home,
//! Doors), now that Exchange lives under More: a phone lost before its
//! records were exported loses them (LESSONS #1). After a day it says so plainly.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::exchange::{self, ExportStatus};
use crate::app::platform::now_ms;
use crate::i18n::ExchangeMsg;
use crate::ui::hooks::use_app;
use crate::ui::route::Route;

#[function_component(ExportReminder)]
pub fn export_reminder() -> Html {
    let state = use_app();
    let lang = state.lang;
    let status = use_state(|| None::<ExportStatus>);
    {
        let (state, status) = (state.clone(), status.clone());
        let device = state.device.as_ref().map(|d| d.id.clone());
        use_effect_with((state.data_version, device), move |(_, device)| {
            if let (Some(store), Some(device)) = (state.db(), device.clone()) {
                spawn_local(async move {
                    // A reminder that cannot be worked out is left out: Exchange shows the error.
                    status.set(
                        exchange::export_status(&store, &device, now_ms())
                            .await
                            .ok(),
                    );
                });
            }
        });
    }
    let Some(status) = (*status).clone().filter(|s| s.unexported > 0) else {
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
