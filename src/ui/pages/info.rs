//! The information database (信息库): where the seed publishes research topics,
//! decision requests, residents' demands, legal knowledge and results, and the
//! community notice that shows them to residents (晒事).

use yew::prelude::*;

use crate::i18n::ModuleMsg;
use crate::ui::hooks::use_lang;
use crate::ui::route::Route;

#[function_component(InfoPage)]
pub fn info_page() -> Html {
    let lang = use_lang();
    let entries = [
        (Route::Topics, ModuleMsg::InfoTopics, "topics"),
        (
            Route::Consultations,
            ModuleMsg::InfoConsultations,
            "consultations",
        ),
        (Route::Demands, ModuleMsg::InfoDemands, "demands"),
        (Route::Library, ModuleMsg::InfoLibrary, "library"),
        (Route::Outcomes, ModuleMsg::InfoOutcomes, "outcomes"),
        (Route::Notice, ModuleMsg::InfoNotice, "notice"),
    ];
    html! {
        <section data-testid="page-info">
            <h1 data-testid="page-title">{ ModuleMsg::DbInformation.get(lang) }</h1>
            <p class="muted">{ ModuleMsg::InfoIntro.get(lang) }</p>
            <ul class="big-list">
                { for entries.into_iter().map(|(route, msg, id)| html! {
                    <li><a href={route.href()} data-testid={format!("info-{id}")}>{ msg.get(lang) }</a></li>
                }) }
            </ul>
        </section>
    }
}
