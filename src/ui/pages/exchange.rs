//! Exchange: export bundles, import and consolidate them, the import ledger.

use yew::prelude::*;

use crate::i18n::ExchangeMsg;
use crate::ui::hooks::use_lang;

#[function_component(ExchangePage)]
pub fn exchange_page() -> Html {
    let lang = use_lang();
    html! {
        <section data-testid="page-exchange">
            <h1 data-testid="page-title">{ ExchangeMsg::Title.get(lang) }</h1>
        </section>
    }
}
