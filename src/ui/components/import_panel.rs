//! Import: pick or drop one or many bundle files; each is read, parsed and
//! checked one at a time (the page repaints between files, with a progress
//! bar), refused files are listed with their reason, and a preview says per
//! file and in total what would change. Nothing is written before "confirm";
//! then all accepted files are imported in one transaction, each with its
//! ledger entry: all of them are stored, or none.

use std::rc::Rc;

use web_sys::{DragEvent, HtmlInputElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::exchange::{apply_files, check_files, forget_checked};
use crate::app::file_io::files_of;
use crate::domain::exchange::{
    scope_text, FileCheck, FileResult, ImportBatch, ImportFile, ReadyBundle,
};
use crate::i18n::{ExchangeMsg, Lang};
use crate::ui::components::merge_table::MergeTable;
use crate::ui::components::office_form::input_into;
use crate::ui::hooks::use_app;
use crate::ui::office::{Office, OfficeView};

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Idle,
    Checking { done: usize, total: usize },
    Preview,
    Applying { done: usize, total: usize },
    Done,
}

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    /// Called after an import wrote to the store.
    pub on_imported: Callback<()>,
}

#[function_component(ImportPanel)]
pub fn import_panel(props: &ImportPanelProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let phase = use_state(|| Phase::Idle);
    let batch = use_state(ImportBatch::default);
    let files = use_mut_ref(Vec::<web_sys::File>::new);
    let running = use_mut_ref(|| false);
    let dragging = use_state(|| false);
    // The passphrase for encrypted files, as typed; the one used to check the
    // chosen files is kept with them, so the import opens them the same way.
    let passphrase = use_state(String::new);
    let used_passphrase = use_mut_ref(String::new);

    let start = {
        let (state, phase, batch, files, running, used_passphrase) = (
            state.clone(),
            phase.clone(),
            batch.clone(),
            files.clone(),
            running.clone(),
            used_passphrase.clone(),
        );
        let typed = (*passphrase).clone();
        Rc::new(move |chosen: Vec<web_sys::File>| {
            if chosen.is_empty() || *running.borrow() {
                return;
            }
            let Some(store) = state.db() else { return };
            *running.borrow_mut() = true;
            *files.borrow_mut() = chosen.clone();
            *used_passphrase.borrow_mut() = typed.clone();
            let typed = typed.clone();
            let total = chosen.len();
            phase.set(Phase::Checking { done: 0, total });
            batch.set(ImportBatch::default());
            let (phase, batch, running) = (phase.clone(), batch.clone(), running.clone());
            spawn_local(async move {
                let checked = check_files(&store, &chosen, &typed, |so_far| {
                    phase.set(Phase::Checking {
                        done: so_far.files.len(),
                        total,
                    });
                    // A file that will not be imported is shown as it is
                    // found; a ready one waits for the preview. (Copying the
                    // batch after every file cost a district's 1,700 files
                    // 1,700 copies of a growing list.)
                    let ready = so_far
                        .files
                        .last()
                        .is_some_and(|f| matches!(f.check, FileCheck::Ready(_)));
                    if !ready {
                        batch.set(so_far.clone());
                    }
                })
                .await;
                batch.set(checked);
                phase.set(Phase::Preview);
                *running.borrow_mut() = false;
            });
        })
    };

    // A bundle received as QR codes goes through the same checks as a chosen file.
    let on_scanned = {
        let start = start.clone();
        Callback::from(move |file: web_sys::File| start(vec![file]))
    };
    let on_change = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let chosen = files_of(input.files());
            // Cleared so that choosing the same files again fires `change` again.
            input.set_value("");
            start(chosen);
        })
    };
    let on_drop = {
        let (start, dragging) = (start.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            start(files_of(e.data_transfer().and_then(|dt| dt.files())));
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };

    let on_confirm = {
        let (state, phase, batch, files, running, on_imported, used_passphrase) = (
            state.clone(),
            phase.clone(),
            batch.clone(),
            files.clone(),
            running.clone(),
            props.on_imported.clone(),
            used_passphrase.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *running.borrow() || *phase != Phase::Preview {
                return;
            }
            let Some(store) = state.db() else { return };
            *running.borrow_mut() = true;
            let mut local = (*batch).clone();
            let total = local.ready().count();
            phase.set(Phase::Applying { done: 0, total });
            let chosen = files.borrow().clone();
            let secret = used_passphrase.borrow().clone();
            let (phase, batch, running, on_imported) = (
                phase.clone(),
                batch.clone(),
                running.clone(),
                on_imported.clone(),
            );
            spawn_local(async move {
                let progress_phase = phase.clone();
                // Only the count moves while the files are gathered (the
                // checked bundles, or files read again): the results show
                // once the import is done.
                apply_files(&store, &chosen, &secret, &mut local, move |done| {
                    progress_phase.set(Phase::Applying { done, total });
                })
                .await;
                batch.set(local);
                phase.set(Phase::Done);
                *running.borrow_mut() = false;
                on_imported.emit(());
            });
        })
    };
    let on_cancel = {
        let (state, phase, batch, files) =
            (state.clone(), phase.clone(), batch.clone(), files.clone());
        Callback::from(move |_: MouseEvent| {
            phase.set(Phase::Idle);
            batch.set(ImportBatch::default());
            files.borrow_mut().clear();
            if let Some(db) = state.db() {
                forget_checked(&db);
            }
        })
    };
    // Left with a preview open: the checked bundles it kept go too.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(db) = state.db() {
                    forget_checked(&db);
                }
            }
        });
    }

    let busy = matches!(*phase, Phase::Checking { .. } | Phase::Applying { .. });
    let progress = match *phase {
        Phase::Checking { done, total } => Some((ExchangeMsg::ImportChecking, done, total)),
        Phase::Applying { done, total } => Some((ExchangeMsg::ImportApplying, done, total)),
        _ => None,
    };

    html! {
        <section class="card exchange-import" data-testid="exchange-import">
            <h2>{ ExchangeMsg::ImportTitle.get(lang) }</h2>
            <p class="muted small">{ ExchangeMsg::ImportHint.get(lang) }</p>
            <label class="passphrase">
                <span class="muted small">{ ExchangeMsg::ImportPassphrase.get(lang) }</span>
                <input type="password" autocomplete="off" value={(*passphrase).clone()} disabled={busy}
                    oninput={input_into(&passphrase)}
                    data-testid="import-passphrase" />
            </label>
            <label class={classes!("dropzone", dragging.then_some("dragging"), busy.then_some("disabled"))}
                ondragover={on_drag_over.clone()} ondragenter={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}
                data-testid="import-dropzone">
                <span class="dropzone-main">{ ExchangeMsg::ImportPick.get(lang) }</span>
                <span class="muted small">{ ExchangeMsg::ImportDrop.get(lang) }</span>
                <input type="file" multiple=true accept=".json,application/json" disabled={busy}
                    onchange={on_change} data-testid="import-file" />
            </label>
            <Office view={OfficeView::QrScan { on_bundle: on_scanned, disabled: busy }} />
            if let Some((label, done, total)) = progress {
                <div class="import-progress" role="status" aria-live="polite">
                    <p>{ label.get(lang) }{ format!(" {done}/{total}") }</p>
                    <progress max={total.max(1).to_string()} value={done.to_string()} data-testid="import-progress" />
                </div>
            }
            { problems(&batch, lang) }
            if *phase == Phase::Preview {
                { preview(&batch, lang, on_confirm, on_cancel) }
            }
            if *phase == Phase::Done {
                { result(&batch, lang) }
            }
        </section>
    }
}

/// The files that will not be imported, each with its reason.
fn problems(batch: &ImportBatch, lang: Lang) -> Html {
    let items: Vec<Html> = batch
        .files
        .iter()
        .filter_map(|file| match &file.check {
            FileCheck::Refused(err) => Some(html! {
                <li class="notice error" data-testid="import-error" data-code={err.code()}>
                    <strong class="file-name">{ file.name.clone() }</strong>
                    <p>{ err.text().get(lang).to_owned() }</p>
                </li>
            }),
            FileCheck::Unchecked(text) => Some(html! {
                <li class="notice error" data-testid="import-error" data-code="unreadable">
                    <strong class="file-name">{ file.name.clone() }</strong>
                    <p>{ text.get(lang).to_owned() }</p>
                </li>
            }),
            FileCheck::Known { imported_at } => Some(html! {
                <li class="notice" data-testid="import-known">
                    <strong class="file-name">{ file.name.clone() }</strong>
                    <p>{ ExchangeMsg::ImportKnown.get(lang) }{ " " }{ imported_at.clone() }</p>
                </li>
            }),
            FileCheck::Duplicate { first } => Some(html! {
                <li class="notice" data-testid="import-duplicate">
                    <strong class="file-name">{ file.name.clone() }</strong>
                    <p>{ ExchangeMsg::ImportDuplicate.get(lang) }{ " " }{ first.clone() }</p>
                </li>
            }),
            FileCheck::Ready(_) => None,
        })
        .collect();
    if items.is_empty() {
        return html! {};
    }
    html! {
        <div class="import-problems">
            if batch.refused().next().is_some() {
                <h3>{ ExchangeMsg::ImportRefused.get(lang) }</h3>
            }
            <ul class="plain">{ for items }</ul>
        </div>
    }
}

fn bundle_meta(ready: &ReadyBundle, lang: Lang) -> Html {
    let label = if ready.device_label.trim().is_empty() {
        ExchangeMsg::Unlabelled.get(lang).to_owned()
    } else {
        ready.device_label.clone()
    };
    html! {
        <dl class="bundle-meta">
            <dt>{ ExchangeMsg::Device.get(lang) }</dt><dd>{ label }<span class="muted small">{ format!(" {}", short(&ready.device_id)) }</span></dd>
            <dt>{ ExchangeMsg::Scope.get(lang) }</dt><dd>{ scope_text(&ready.scope).get(lang).to_owned() }</dd>
            <dt>{ ExchangeMsg::ExportedAt.get(lang) }</dt><dd>{ ready.exported_at.clone() }</dd>
            <dt>{ ExchangeMsg::Records.get(lang) }</dt><dd>{ ready.records }</dd>
        </dl>
    }
}

/// The first 8 characters of an id or digest, enough to tell two apart.
pub fn short(text: &str) -> String {
    let text = text.strip_prefix("sha256:").unwrap_or(text);
    text.chars().take(8).collect()
}

fn preview(
    batch: &UseStateHandle<ImportBatch>,
    lang: Lang,
    on_confirm: Callback<MouseEvent>,
    on_cancel: Callback<MouseEvent>,
) -> Html {
    let ready: Vec<(usize, &ReadyBundle)> = batch.ready().collect();
    let total = batch.total_preview();
    html! {
        <div class="import-preview" data-testid="import-preview">
            <h3>{ ExchangeMsg::PreviewTitle.get(lang) }</h3>
            if ready.is_empty() {
                <p class="notice" data-testid="preview-nothing">{ ExchangeMsg::PreviewNothing.get(lang) }</p>
                <button type="button" onclick={on_cancel}>{ ExchangeMsg::ImportCancel.get(lang) }</button>
            } else {
                <p data-testid="preview-summary">
                    <strong data-testid="preview-files">{ ready.len() }</strong>{ " " }{ ExchangeMsg::PreviewFiles.get(lang) }{ " " }
                    <strong data-testid="preview-revisions">{ batch.ready_records() }</strong>{ " " }{ ExchangeMsg::PreviewRevisions.get(lang) }
                </p>
                <MergeTable report={total.clone()} testid="preview-total" />
                if ready.len() > 1 {
                    <p class="muted small">{ ExchangeMsg::PreviewTotalNote.get(lang) }</p>
                }
                if !total.equal_vv_conflicts.is_empty() {
                    <p class="notice warn" data-testid="preview-equal-vv">
                        { ExchangeMsg::EqualVvWarning.get(lang) }{ " " }{ total.equal_vv_conflicts.join(", ") }
                    </p>
                }
                <PerFile open={ready.len() <= 3} summary={ExchangeMsg::ResultPerFile.get(lang)}
                    content={per_file_previews(batch, lang)} />
                <div class="actions">
                    <button type="button" class="primary big" onclick={on_confirm} data-testid="import-confirm">
                        { ExchangeMsg::ImportConfirm.get(lang) }
                    </button>
                    <button type="button" onclick={on_cancel} data-testid="import-cancel">{ ExchangeMsg::ImportCancel.get(lang) }</button>
                </div>
            }
        </div>
    }
}

fn result(batch: &UseStateHandle<ImportBatch>, lang: Lang) -> Html {
    let mut imported = 0;
    let mut failed = 0;
    let mut already = 0;
    for file in &batch.files {
        match &file.result {
            Some(FileResult::Imported(_)) => imported += 1,
            Some(FileResult::Failed(_)) => failed += 1,
            Some(FileResult::AlreadyKnown) => already += 1,
            None => {}
        }
    }
    html! {
        <div class="import-result notice ok" role="status" data-testid="import-result">
            <h3>{ ExchangeMsg::ResultTitle.get(lang) }</h3>
            <p>
                <strong data-testid="result-imported">{ imported }</strong>{ " " }{ ExchangeMsg::ResultImported.get(lang) }
                if already > 0 { { format!(" · {already} ") }{ ExchangeMsg::ResultAlready.get(lang) } }
            </p>
            if failed > 0 {
                <p class="error" data-testid="result-failed"><strong>{ failed }</strong>{ " " }{ ExchangeMsg::ResultFailed.get(lang) }</p>
            }
            { photo_result(batch, lang) }
            <MergeTable report={batch.total_result()} testid="result-total" />
            <PerFile open={failed > 0} summary={ExchangeMsg::ResultPerFile.get(lang)}
                content={per_file_results(batch, lang)} />
        </div>
    }
}

/// What became of the photos: stored, refused by name, still missing.
fn photo_result(batch: &ImportBatch, lang: Lang) -> Html {
    use crate::i18n::PhotoMsg;
    let photos = &batch.photos;
    html! {
        <>
            if photos.stored > 0 {
                <p data-testid="result-photos"><strong>{ photos.stored }</strong>{ " " }{ PhotoMsg::ImportedPhotos.get(lang) }</p>
            }
            if photos.missing > 0 {
                <p data-testid="result-photos-missing"><strong>{ photos.missing }</strong>{ " " }{ PhotoMsg::MissingAfterImport.get(lang) }</p>
            }
            { for photos.refused.iter().map(|r| html! {
                <p class="error" data-testid="result-photo-refused">{ r.text().get(lang).to_owned() }</p>
            }) }
            if let Some(text) = &photos.failed {
                <p class="error" data-testid="result-photos-failed">{ text.get(lang).to_owned() }</p>
            }
        </>
    }
}

/// Each file's preview: what it would add, per kind.
fn per_file_previews(batch: &UseStateHandle<ImportBatch>, lang: Lang) -> Callback<(), Html> {
    let batch = batch.clone();
    Callback::from(move |()| {
        html! {
            { for batch.ready().map(|(i, r)| html! {
                <div class="file-preview" data-testid="preview-file">
                    <h4 class="file-name">{ batch.files[i].name.clone() }</h4>
                    { bundle_meta(r, lang) }
                    <MergeTable report={r.preview.clone()} testid={format!("preview-file-{i}")} />
                </div>
            }) }
        }
    })
}

/// Each file's result: what it added, or why it failed.
fn per_file_results(batch: &UseStateHandle<ImportBatch>, lang: Lang) -> Callback<(), Html> {
    let batch = batch.clone();
    Callback::from(move |()| {
        html! {
            <ul class="plain">
                { for batch.files.iter().enumerate()
                    .filter(|(_, f)| f.result.is_some())
                    .map(|(i, file)| file_result(i, file, lang)) }
            </ul>
        }
    })
}

#[derive(Properties, PartialEq)]
struct PerFileProps {
    /// Open at first (a few files, or some failed).
    open: bool,
    summary: AttrValue,
    /// Builds the content; called only while open.
    content: Callback<(), Html>,
}

/// The per-file part of a preview or result, folded: its content is built only
/// once it is opened. A district's consolidation is 1,700 files; their tables,
/// unseen behind a closed `<details>`, made the result take a second to draw.
#[function_component(PerFile)]
fn per_file(props: &PerFileProps) -> Html {
    let open = use_state(|| props.open);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            open.set(details.has_attribute("open"));
        })
    };
    html! {
        <details class="per-file" open={*open} {ontoggle} data-testid="per-file">
            <summary>{ props.summary.clone() }</summary>
            if *open { { props.content.emit(()) } }
        </details>
    }
}

fn file_result(index: usize, file: &ImportFile, lang: Lang) -> Html {
    let body = match &file.result {
        Some(FileResult::Imported(report)) => {
            html! { <MergeTable report={report.clone()} testid={format!("result-file-{index}")} /> }
        }
        Some(FileResult::AlreadyKnown) => html! { <p>{ ExchangeMsg::ResultAlready.get(lang) }</p> },
        Some(FileResult::Failed(text)) => {
            html! { <p class="error" data-testid="result-file-error">{ text.get(lang).to_owned() }</p> }
        }
        None => html! {},
    };
    html! {
        <li class="file-result">
            <strong class="file-name">{ file.name.clone() }</strong>
            { body }
        </li>
    }
}
