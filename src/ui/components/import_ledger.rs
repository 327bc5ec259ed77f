//! The import ledger: per device the latest bundle seen (stalest first, the
//! coordinator's "who hasn't handed in this week?"), then every import with
//! its device, scope, export and import times, digest and counts.

use yew::prelude::*;

use crate::app::exchange::{self, LedgerEntry};
use crate::app::platform::now_ms;
use crate::domain::exchange::{latest_per_device, scope_text};
use crate::domain::merge::MergeReport;
use crate::i18n::{ExchangeMsg, Lang};
use crate::ui::components::import_panel::short;
use crate::ui::components::merge_table::MergeTable;
use crate::ui::hooks::{failed_view, use_app, use_load, Load};

/// A device that sent nothing for this long is highlighted.
const STALE_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
/// Imports listed before "show all".
const FIRST_ROWS: usize = 30;
/// Devices listed before "show all devices": the stalest, the ones a
/// coordinator chases. A district's consolidation is 1,700 phones; drawing
/// them all at once held the page for a third of a second after the import.
const FIRST_DEVICES: usize = 30;

#[derive(Properties, PartialEq)]
pub struct ImportLedgerProps {
    /// Changes whenever an import was made, to read the ledger again.
    pub version: u32,
}

#[function_component(ImportLedger)]
pub fn import_ledger(props: &ImportLedgerProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let entries = use_load(
        props.version,
        |db, _| async move { exchange::ledger(&db).await },
    );
    let show_all = use_state(|| false);
    let show_all_devices = use_state(|| false);
    let body = match entries.state() {
        Load::Loading => html! {},
        Load::Failed(err) => failed_view(err, lang, entries.reloader()),
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="muted" data-testid="ledger-empty">{ ExchangeMsg::LedgerEmpty.get(lang) }</p> }
        }
        Load::Ready(list) => {
            let latest =
                latest_per_device(list, |e| e.device_id.as_str(), |e| e.exported_at.as_str());
            let now = now_ms() as f64;
            let shown = if *show_all {
                list.len()
            } else {
                list.len().min(FIRST_ROWS)
            };
            let toggle = {
                let show_all = show_all.clone();
                Callback::from(move |_| show_all.set(true))
            };
            let devices_shown = if *show_all_devices {
                latest.len()
            } else {
                latest.len().min(FIRST_DEVICES)
            };
            let toggle_devices = {
                let show_all_devices = show_all_devices.clone();
                Callback::from(move |_| show_all_devices.set(true))
            };
            // Bundles per device, counted once (not once per device shown).
            let mut per_device: std::collections::HashMap<&str, usize> = Default::default();
            for entry in list.iter() {
                *per_device.entry(entry.device_id.as_str()).or_default() += 1;
            }
            html! {
                <>
                    <h3>{ ExchangeMsg::LedgerLatestTitle.get(lang) }</h3>
                    <p class="muted small">{ ExchangeMsg::LedgerLatestHint.get(lang) }</p>
                    <ul class="plain ledger-devices" data-testid="ledger-devices">
                        { for latest.iter().take(devices_shown).map(|entry| {
                            let bundles = per_device.get(entry.device_id.as_str()).copied().unwrap_or(0);
                            let exported = js_sys::Date::parse(&entry.exported_at);
                            let stale = exported.is_finite() && now - exported > STALE_MS;
                            html! {
                                <li class={classes!("ledger-device", stale.then_some("stale"))} data-testid="ledger-device" data-device={entry.device_id.clone()}>
                                    <strong>{ label(entry, lang) }</strong>
                                    <span class="muted small">{ format!(" {}", short(&entry.device_id)) }</span>
                                    <br />
                                    <span>{ ExchangeMsg::ExportedAt.get(lang) }{ lang.colon() }{ entry.exported_at.clone() }</span>
                                    <span class="muted small">{ format!(" · {bundles} {}", ExchangeMsg::LedgerBundles.get(lang)) }</span>
                                    if stale { <span class="tag warn">{ ExchangeMsg::LedgerStale.get(lang) }</span> }
                                </li>
                            }
                        }) }
                    </ul>
                    if devices_shown < latest.len() {
                        <button type="button" onclick={toggle_devices} data-testid="ledger-devices-show-all">
                            { format!("{} ({})", ExchangeMsg::LedgerAllDevices.get(lang), latest.len()) }
                        </button>
                    }
                    <h3>{ ExchangeMsg::LedgerAll.get(lang) }</h3>
                    <ul class="plain ledger-entries">
                        { for list.iter().take(shown).map(|entry| html! {
                            <li class="ledger-entry" data-testid="ledger-entry" data-digest={entry.digest.clone()}>
                                <details>
                                    <summary>
                                        <strong>{ label(entry, lang) }</strong>
                                        { format!(" · {} · ", scope_text(&entry.scope).get(lang)) }
                                        { changes(entry, lang) }
                                    </summary>
                                    <dl class="bundle-meta">
                                        <dt>{ ExchangeMsg::Device.get(lang) }</dt><dd>{ entry.device_id.clone() }</dd>
                                        <dt>{ ExchangeMsg::ExportedAt.get(lang) }</dt><dd>{ entry.exported_at.clone() }</dd>
                                        <dt>{ ExchangeMsg::ImportedAt.get(lang) }</dt><dd>{ entry.imported_at.clone() }</dd>
                                        <dt>{ ExchangeMsg::Digest.get(lang) }</dt><dd class="digest">{ entry.digest.clone() }</dd>
                                    </dl>
                                    <MergeTable report={MergeReport { per_kind: entry.counts.clone(), equal_vv_conflicts: Vec::new() }}
                                        testid={format!("ledger-counts-{}", short(&entry.digest))} />
                                </details>
                            </li>
                        }) }
                    </ul>
                    if shown < list.len() {
                        <button type="button" onclick={toggle} data-testid="ledger-show-all">
                            { format!("{} ({})", ExchangeMsg::LedgerAll.get(lang), list.len()) }
                        </button>
                    }
                </>
            }
        }
    };
    html! {
        <section class="card exchange-ledger" data-testid="import-ledger">
            <h2>{ ExchangeMsg::LedgerTitle.get(lang) }</h2>
            { body }
        </section>
    }
}

fn label(entry: &LedgerEntry, lang: Lang) -> String {
    if entry.device_label.trim().is_empty() {
        ExchangeMsg::Unlabelled.get(lang).to_owned()
    } else {
        entry.device_label.clone()
    }
}

/// "新增 3 · 更新 1 · 删除 0 · 冲突 1": what an import changed, all kinds together.
fn changes(entry: &LedgerEntry, lang: Lang) -> String {
    let mut total = crate::domain::merge::KindCounts::default();
    for counts in entry.counts.values() {
        total.absorb(counts);
    }
    format!(
        "{} {} · {} {} · {} {} · {} {}",
        ExchangeMsg::ColNew.get(lang),
        total.new,
        ExchangeMsg::ColUpdated.get(lang),
        total.updated,
        ExchangeMsg::ColDeleted.get(lang),
        total.deleted,
        ExchangeMsg::ColConflicts.get(lang),
        total.conflicted
    )
}
