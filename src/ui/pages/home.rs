//! Home: a welcome, this device's summary and the district dashboard.

use yew::prelude::*;

use crate::app::canvass;
use crate::i18n::Msg;
use crate::ui::components::export_reminder::ExportReminder;
use crate::ui::components::my_doors_card::MyDoorsCard;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::office::{Office, OfficeView};
use crate::ui::route::Route;

#[function_component(HomePage)]
pub fn home_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let label = state.device.as_ref().map(|d| d.label()).unwrap_or_default();
    // Read once for the representative's card and the dashboard's coverage;
    // neither names a member, so the members are not read.
    let canvass = use_load((), |db, ()| async move {
        canvass::load_without_members(&db).await
    });
    html! {
        <section data-testid="page-home">
            <h1 data-testid="page-title">{ Msg::HomeWelcome.get(lang) }</h1>
            <ExportReminder />
            <MyDoorsCard canvass={canvass.clone()} />
            <p>{ Msg::HomeIntro.get(lang) }</p>
            <a class="button primary big" href={Route::Capture.href()} data-testid="home-capture">
                { Msg::NavCapture.get(lang) }
            </a>
            if !label.is_empty() {
                <p class="muted" data-testid="home-device">
                    { format!("{}{}{label}", Msg::HomeThisDevice.get(lang), lang.colon()) }
                </p>
            }
            <Office view={OfficeView::Dashboard { canvass }} />
            <Office view={OfficeView::Demo} />
        </section>
    }
}
