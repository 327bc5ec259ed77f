//! Conflicts: every record that has sibling versions after an import, in one
//! place. A person compares the versions field by field, picks one per field
//! (or a whole version, a deletion included), and saves a resolution: a new
//! revision whose version vector dominates every sibling.

use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::exchange;
use crate::app::records;
use crate::app::AppError;
use crate::domain::clock::Hlc;
use crate::domain::resolve::{combine, field_rows, record_title, show_value, FieldRow};
use crate::domain::revision::Revision;
use crate::i18n::ExchangeMsg;
use crate::ui::components::merge_table::kind_label;
use crate::ui::hooks::{use_app, use_load, Load};
use crate::ui::route::Route;

#[function_component(ConflictsPage)]
pub fn conflicts_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let conflicts = use_load((), |db, ()| async move { exchange::conflicts(&db).await });
    let open = use_state(|| None::<String>);
    let saved = use_state(|| false);
    let on_saved = {
        let (open, saved, conflicts) = (open.clone(), saved.clone(), conflicts.clone());
        Callback::from(move |()| {
            open.set(None);
            saved.set(true);
            conflicts.reload();
        })
    };

    let body = match conflicts.state() {
        Load::Loading => html! { <p class="muted">{ crate::i18n::Msg::Loading.get(lang) }</p> },
        Load::Failed(err) => html! {
            <div class="notice error" role="alert" data-testid="conflicts-error">
                <strong>{ ExchangeMsg::ConflictLoadFailed.get(lang) }</strong>{ lang.colon() }{ err.message(lang) }
                <button type="button" onclick={conflicts.reloader()} data-testid="load-retry">{ crate::i18n::Msg::TryAgain.get(lang) }</button>
            </div>
        },
        Load::Ready(list) if list.is_empty() => html! {
            <p class="notice ok" data-testid="conflicts-empty">{ ExchangeMsg::ConflictsEmpty.get(lang) }</p>
        },
        Load::Ready(list) => html! {
            <ul class="plain conflict-list" data-testid="conflicts-list">
                { for list.iter().filter_map(|heads| {
                    let shown = heads.first()?;
                    let id = shown.id.clone();
                    let is_open = open.as_deref() == Some(id.as_str());
                    let toggle = {
                        let (open, saved, id) = (open.clone(), saved.clone(), id.clone());
                        Callback::from(move |_: MouseEvent| {
                            saved.set(false);
                            open.set(if is_open { None } else { Some(id.clone()) });
                        })
                    };
                    Some(html! {
                        <li class="card conflict-item" data-testid="conflict-item" data-id={id.clone()}>
                            <p class="conflict-head">
                                <span class="tag">{ kind_label(&shown.kind, lang) }</span>{ " " }
                                <strong data-testid="conflict-title">{ record_title(shown) }</strong>
                                <span class="muted small">{ format!(" · {} {}", heads.len(), ExchangeMsg::ConflictVersions.get(lang)) }</span>
                            </p>
                            <button type="button" class="big" aria-expanded={is_open.to_string()} onclick={toggle} data-testid="conflict-open">
                                { ExchangeMsg::ConflictOpen.get(lang) }
                            </button>
                            if is_open {
                                <Resolver heads={Rc::new(heads.clone())} on_saved={on_saved.clone()} />
                            }
                        </li>
                    })
                }) }
            </ul>
        },
    };

    html! {
        <section class="conflicts" data-testid="page-conflicts">
            <h1 data-testid="page-title">{ ExchangeMsg::ConflictsTitle.get(lang) }</h1>
            <p class="muted small">{ ExchangeMsg::ConflictsIntro.get(lang) }</p>
            if *saved {
                <p class="notice ok" role="status" data-testid="conflict-saved">{ "✓ " }{ ExchangeMsg::ConflictSaved.get(lang) }</p>
            }
            { body }
            <p><a href={Route::Exchange.href()} data-testid="conflicts-back">{ ExchangeMsg::ConflictBack.get(lang) }</a></p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ResolverProps {
    /// The record's heads, the shown one first.
    heads: Rc<Vec<Revision>>,
    on_saved: Callback<()>,
}

/// What the person has chosen so far.
#[derive(Clone, PartialEq)]
enum Choice {
    /// Per field, the index of the version whose value is kept.
    Fields(Vec<usize>),
    /// Keep the deletion (version `usize` is a tombstone).
    Delete(usize),
}

#[function_component(Resolver)]
fn resolver(props: &ResolverProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let rows: Rc<Vec<FieldRow>> = use_memo(props.heads.clone(), |heads| field_rows(heads));
    let choice = use_state(|| Choice::Fields(vec![0; rows.len()]));
    let saving = use_state(|| false);
    let error = use_state(|| None::<AppError>);

    let on_save = {
        let (state, heads, rows, choice, saving, error, on_saved) = (
            state.clone(),
            props.heads.clone(),
            rows.clone(),
            choice.clone(),
            saving.clone(),
            error.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *saving {
                return;
            }
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let Some(id) = heads.first().map(|h| h.id.clone()) else {
                return;
            };
            saving.set(true);
            error.set(None);
            let data = match &*choice {
                Choice::Fields(picks) => Some(combine(&rows, picks)),
                Choice::Delete(_) => None,
            };
            let (saving, error, on_saved) = (saving.clone(), error.clone(), on_saved.clone());
            spawn_local(async move {
                let result = match data {
                    Some(data) => records::edit(&store, &device.id, &id, data).await,
                    None => records::delete(&store, &device.id, &id).await,
                };
                saving.set(false);
                match result {
                    Ok(_) => on_saved.emit(()),
                    Err(err) => error.set(Some(err)),
                }
            });
        })
    };

    let version_head = |i: usize, rev: &Revision| {
        let take = {
            let (choice, rows_len, deleted) = (choice.clone(), rows.len(), rev.deleted);
            Callback::from(move |_: MouseEvent| {
                choice.set(if deleted {
                    Choice::Delete(i)
                } else {
                    Choice::Fields(vec![i; rows_len])
                });
            })
        };
        let (when, device) = match Hlc::parse(&rev.hlc) {
            Some(hlc) => (
                iso_minutes(hlc.millis),
                crate::ui::components::import_panel::short(&hlc.device),
            ),
            None => (String::new(), String::new()),
        };
        html! {
            <th scope="col" class="version-head">
                { format!("{} {}", ExchangeMsg::ConflictVersion.get(lang), i + 1) }
                if i == 0 { <span class="muted small">{ format!(" ({})", ExchangeMsg::ConflictShown.get(lang)) }</span> }
                if rev.deleted { <span class="tag warn">{ ExchangeMsg::ConflictDeleted.get(lang) }</span> }
                <br /><span class="muted small">{ format!("{when} · {device}") }</span>
                <br /><button type="button" class="small-button" onclick={take} data-testid={format!("conflict-take-{i}")}>
                    { ExchangeMsg::ConflictTakeAll.get(lang) }
                </button>
            </th>
        }
    };

    let field_row = |(r, row): (usize, &FieldRow)| {
        let same = row.same();
        html! {
            <tr class={classes!(same.then_some("same"))} data-testid={format!("conflict-row-{}", row.field)}>
                <th scope="row">{ row.field.clone() }
                    if same { <span class="muted small">{ format!(" ({})", ExchangeMsg::ConflictSame.get(lang)) }</span> }
                </th>
                { for row.values.iter().enumerate().map(|(i, value)| {
                    let text = value.as_ref().map(show_value).unwrap_or_else(|| ExchangeMsg::ConflictMissing.get(lang).to_owned());
                    let checked = matches!(&*choice, Choice::Fields(picks) if picks.get(r).copied().unwrap_or(0) == i);
                    let pick = {
                        let choice = choice.clone();
                        let len = rows.len();
                        Callback::from(move |_: Event| {
                            let mut picks = match &*choice {
                                Choice::Fields(picks) => picks.clone(),
                                Choice::Delete(_) => vec![0; len],
                            };
                            if let Some(slot) = picks.get_mut(r) {
                                *slot = i;
                            }
                            choice.set(Choice::Fields(picks));
                        })
                    };
                    html! {
                        <td class={classes!(checked.then_some("chosen"))}>
                            if same {
                                <span>{ text }</span>
                            } else {
                                <label class="pick">
                                    <input type="radio" name={format!("pick-{}", row.field)} checked={checked} onchange={pick}
                                        data-testid={format!("conflict-pick-{}-{i}", row.field)} />
                                    <span>{ text }</span>
                                </label>
                            }
                        </td>
                    }
                }) }
            </tr>
        }
    };

    html! {
        <div class="conflict-resolver" data-testid="conflict-resolver">
            <div class="table-scroll">
                <table class="compare-table">
                    <thead>
                        <tr>
                            <th scope="col">{ ExchangeMsg::ConflictField.get(lang) }</th>
                            { for props.heads.iter().enumerate().map(|(i, rev)| version_head(i, rev)) }
                        </tr>
                    </thead>
                    <tbody>{ for rows.iter().enumerate().map(field_row) }</tbody>
                </table>
            </div>
            if let Choice::Delete(_) = &*choice {
                <p class="notice warn" data-testid="conflict-delete-note">{ ExchangeMsg::ConflictResolveDelete.get(lang) }</p>
            }
            if let Some(err) = &*error {
                <p class="notice error" role="alert" data-testid="conflict-error">{ err.message(lang) }</p>
            }
            <button type="button" class="primary big" disabled={*saving} onclick={on_save} data-testid="conflict-save">
                { if *saving { ExchangeMsg::ConflictSaving.get(lang) } else { ExchangeMsg::ConflictSave.get(lang) } }
            </button>
        </div>
    }
}

/// "2026-11-26 09:30" (UTC) from Unix milliseconds, for telling versions apart.
fn iso_minutes(millis: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    let iso = String::from(date.to_iso_string());
    iso.get(..16).map(|s| s.replace('T', " ")).unwrap_or(iso)
}
