//! A per-kind table of what an import would do (preview) or did (result, ledger):
//! new, updated, unchanged, deleted, conflicts.

use yew::prelude::*;

use crate::domain::kinds::Kind;
use crate::domain::merge::{KindCounts, MergeReport};
use crate::i18n::{ExchangeMsg, Lang};

#[derive(Properties, PartialEq)]
pub struct MergeTableProps {
    pub report: MergeReport,
    /// Prefix of the cells' test ids: `<prefix>-<kind>-<column>`.
    pub testid: AttrValue,
}

/// The columns, in order, with the test-id word of each.
const COLUMNS: [(ExchangeMsg, &str); 5] = [
    (ExchangeMsg::ColNew, "new"),
    (ExchangeMsg::ColUpdated, "updated"),
    (ExchangeMsg::ColUnchanged, "unchanged"),
    (ExchangeMsg::ColDeleted, "deleted"),
    (ExchangeMsg::ColConflicts, "conflicts"),
];

fn cell(counts: &KindCounts, column: &str) -> u32 {
    match column {
        "new" => counts.new,
        "updated" => counts.updated,
        "unchanged" => counts.unchanged,
        "deleted" => counts.deleted,
        _ => counts.conflicted,
    }
}

/// A kind's label, or the kind as written when this app does not know it.
pub fn kind_label(kind: &str, lang: Lang) -> String {
    Kind::parse(kind).map_or_else(|| kind.to_owned(), |k| k.label(lang).to_owned())
}

#[function_component(MergeTable)]
pub fn merge_table(props: &MergeTableProps) -> Html {
    let lang = crate::ui::hooks::use_lang();
    let total = props.report.total();
    let prefix = props.testid.clone();
    let row = |kind: &str, label: String, counts: &KindCounts| {
        html! {
            <tr>
                <th scope="row">{ label }</th>
                { for COLUMNS.iter().map(|(_, column)| {
                    let n = cell(counts, column);
                    html! {
                        <td class={classes!("num", (n > 0 && *column == "conflicts").then_some("warn"))}
                            data-testid={format!("{prefix}-{kind}-{column}")}>{ n }</td>
                    }
                }) }
            </tr>
        }
    };
    html! {
        <div class="table-scroll">
            <table class="merge-table" data-testid={prefix.clone()}>
                <thead>
                    <tr>
                        <th scope="col">{ ExchangeMsg::ColKind.get(lang) }</th>
                        { for COLUMNS.iter().map(|(msg, _)| html! { <th scope="col" class="num">{ msg.get(lang) }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for props.report.per_kind.iter().map(|(kind, counts)| row(kind, kind_label(kind, lang), counts)) }
                </tbody>
                <tfoot>
                    { row("all", ExchangeMsg::PreviewTotal.get(lang).to_owned(), &total) }
                </tfoot>
            </table>
        </div>
    }
}
