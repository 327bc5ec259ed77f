//! The Exchange page's summary: how many current (non-deleted) records of each
//! kind this device holds, and a link to the conflicts waiting to be resolved.

use yew::prelude::*;

use crate::app::exchange;
use crate::domain::kinds::Kind;
use crate::i18n::ExchangeMsg;
use crate::ui::hooks::{failed_view, use_app, use_load, Load};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct RecordCountsProps {
    /// Changes whenever the store changed (an import), to count again.
    pub version: u32,
}

#[derive(Clone, PartialEq)]
struct Counts {
    per_kind: Vec<(Kind, u32)>,
    conflicts: u32,
}

#[function_component(RecordCounts)]
pub fn record_counts(props: &RecordCountsProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let counts = use_load(props.version, |db, _| async move {
        exchange::record_counts(&db, Kind::ALL)
            .await
            .map(|(per_kind, conflicts)| Counts {
                per_kind,
                conflicts,
            })
    });
    let body = match counts.state() {
        Load::Loading => html! { <p class="muted">{ crate::i18n::Msg::Loading.get(lang) }</p> },
        Load::Failed(err) => failed_view(err, lang, counts.reloader()),
        Load::Ready(counts) => html! {
            <>
                <table class="counts-table" data-testid="record-counts">
                    <thead>
                        <tr>
                            <th scope="col">{ ExchangeMsg::CountsKind.get(lang) }</th>
                            <th scope="col" class="num">{ ExchangeMsg::CountsCurrent.get(lang) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for counts.per_kind.iter().map(|(kind, n)| html! {
                            <tr>
                                <th scope="row">{ kind.label(lang) }</th>
                                <td class="num" data-testid={format!("count-{}", kind.as_str())}>{ n }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <p class="muted small">{ ExchangeMsg::CountsNote.get(lang) }</p>
                <a class={classes!("conflicts-link", (counts.conflicts > 0).then_some("warn"))}
                    href={Route::Conflicts.href()} data-testid="conflicts-link">
                    if counts.conflicts > 0 {
                        { ExchangeMsg::ConflictsLink.get(lang) }{ lang.colon() }
                        <strong data-testid="conflict-count">{ counts.conflicts }</strong>
                    } else {
                        { ExchangeMsg::ConflictsNone.get(lang) }
                        <span class="visually-hidden" data-testid="conflict-count">{ 0 }</span>
                    }
                </a>
            </>
        },
    };
    html! {
        <section class="card" data-testid="exchange-counts">
            <h2>{ ExchangeMsg::CountsTitle.get(lang) }</h2>
            { body }
        </section>
    }
}
