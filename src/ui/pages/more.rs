//! "More": every section as a large tappable list, for phones, grouped by the
//! seed's three modules and four databases.

use yew::prelude::*;

use crate::i18n::Msg;
use crate::ui::components::nav::GROUPS;
use crate::ui::hooks::use_lang;

#[function_component(MorePage)]
pub fn more_page() -> Html {
    let lang = use_lang();
    html! {
        <section data-testid="page-more">
            <h1 data-testid="page-title">{ Msg::NavMore.get(lang) }</h1>
            { for GROUPS.iter().map(|(group, items)| html! {
                <>
                    if let Some(group) = group {
                        <h2 class="more-group" data-testid="more-group">{ group.get(lang) }</h2>
                    }
                    <ul class="big-list">
                        { for items.iter().map(|(route, label, id)| html! {
                            <li><a href={route.href()} data-testid={format!("more-{id}")}>{ label.get(lang) }</a></li>
                        }) }
                    </ul>
                </>
            }) }
        </section>
    }
}
