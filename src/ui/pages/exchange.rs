//! Exchange: export bundles, import and consolidate them, the import ledger,
//! and the summary of what this device holds. Each part is a component; the
//! page only tells them when an import changed the store.

use yew::prelude::*;

use crate::i18n::ExchangeMsg;
use crate::ui::components::export_panel::ExportPanel;
use crate::ui::components::import_ledger::ImportLedger;
use crate::ui::components::import_panel::ImportPanel;
use crate::ui::components::record_counts::RecordCounts;
use crate::ui::hooks::use_lang;

#[function_component(ExchangePage)]
pub fn exchange_page() -> Html {
    let lang = use_lang();
    // Bumped after every import, so the counts, the ledger and the export status re-read.
    let version = use_state(|| 0u32);
    let on_imported = {
        let version = version.clone();
        Callback::from(move |()| version.set(version.wrapping_add(1)))
    };
    html! {
        <section class="exchange" data-testid="page-exchange">
            <h1 data-testid="page-title">{ ExchangeMsg::Title.get(lang) }</h1>
            <p class="muted small">{ ExchangeMsg::Intro.get(lang) }</p>
            <ExportPanel version={*version} />
            <ImportPanel {on_imported} />
            <RecordCounts version={*version} />
            <ImportLedger version={*version} />
        </section>
    }
}
