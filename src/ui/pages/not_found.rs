//! An unknown link: say so and offer the way home.

use yew::prelude::*;

use crate::i18n::Msg;
use crate::ui::hooks::use_lang;
use crate::ui::route::Route;

#[function_component(NotFoundPage)]
pub fn not_found_page() -> Html {
    let lang = use_lang();
    html! {
        <section data-testid="page-not-found">
            <h1 data-testid="page-title">{ Msg::NotFoundTitle.get(lang) }</h1>
            <p>{ Msg::NotFoundBody.get(lang) }</p>
            <a class="button" href={Route::Home.href()}>{ Msg::BackHome.get(lang) }</a>
        </section>
    }
}
