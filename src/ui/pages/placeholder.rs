//! A section whose page a later version fills; it says so plainly.

use yew::prelude::*;

use crate::i18n::Msg;
use crate::ui::hooks::use_lang;

#[derive(Properties, PartialEq)]
pub struct PlaceholderProps {
    pub title: Msg,
}

#[function_component(Placeholder)]
pub fn placeholder(props: &PlaceholderProps) -> Html {
    let lang = use_lang();
    html! {
        <section data-testid="page-placeholder">
            <h1 data-testid="page-title">{ props.title.get(lang) }</h1>
            <p class="muted">{ Msg::PageComing.get(lang) }</p>
        </section>
    }
}
