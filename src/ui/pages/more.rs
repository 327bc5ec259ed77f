//! "More": every section as a large tappable list, for phones.

use yew::prelude::*;

use crate::i18n::Msg;
use crate::ui::components::nav::SECTIONS;
use crate::ui::hooks::use_lang;

#[function_component(MorePage)]
pub fn more_page() -> Html {
    let lang = use_lang();
    html! {
        <section data-testid="page-more">
            <h1 data-testid="page-title">{ Msg::NavMore.get(lang) }</h1>
            <ul class="big-list">
                { for SECTIONS.iter().map(|(route, msg, id)| html! {
                    <li><a href={route.href()} data-testid={format!("more-{id}")}>{ msg.get(lang) }</a></li>
                }) }
            </ul>
        </section>
    }
}
