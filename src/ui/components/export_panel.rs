//! Export: full, delta (what arrived since the last export) and one community.
//! The bundle is written, read back and checked before it is offered as a
//! download; only then is it remembered as exported. The panel says when the
//! last export was made and reminds gently when records wait too long.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::exchange::{self, ExportRequest, ExportStatus};
use crate::app::file_io::download_text;
use crate::app::platform::{now_ms, today_local};
use crate::app::records::now_rfc3339;
use crate::domain::bundle::DeviceInfo;
use crate::domain::envelope::MIN_PASSPHRASE_CHARS;
use crate::domain::exchange::{ago, ExportKind, LastExport};
use crate::i18n::{ExchangeMsg, Lang, Text};
use crate::ui::components::office_form::input_into;
use crate::ui::hooks::{failed_view, use_app, use_busy, use_load, Load};
use crate::ui::office::{Office, OfficeView};

#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    /// Changes whenever the store changed (an import), to re-read the status.
    pub version: u32,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    Idle,
    Busy,
    Done(LastExport),
    Failed(Text),
}

#[function_component(ExportPanel)]
pub fn export_panel(props: &ExportPanelProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let device = state.device.as_ref().map(|d| d.id.clone());
    // `version` changes with an import; `reload()` after an export.
    let status = use_load((props.version, device), |db, (_, device)| async move {
        match device {
            Some(device) => exchange::export_status(&db, &device, now_ms())
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    let communities = use_load(props.version, |db, _| async move {
        exchange::export_communities(&db).await
    });
    let busy = use_busy();
    let chosen = use_state(String::new);
    let outcome = use_state(|| Outcome::Idle);
    // Optional encryption (BUNDLE_FORMAT §6): the passphrase, typed twice.
    let encrypt = use_state(|| false);
    // "Export with photos" (bundle-format §10); plain bundles stay as small as before.
    let with_photos = use_state(|| false);
    let pass1 = use_state(String::new);
    let pass2 = use_state(String::new);
    // The last exported file, for the share sheet and QR codes (a delta or filtered one).
    let handed = use_state(|| None::<(std::rc::Rc<String>, String, bool)>);

    let run = {
        let (state, outcome, status, handed, busy) = (
            state.clone(),
            outcome.clone(),
            status.clone(),
            handed.clone(),
            busy.clone(),
        );
        let secret = (*encrypt).then(|| ((*pass1).clone(), (*pass2).clone()));
        let with_photos = *with_photos;
        move |kind: ExportKind| {
            let (state, outcome, status, handed, busy) = (
                state.clone(),
                outcome.clone(),
                status.clone(),
                handed.clone(),
                busy.clone(),
            );
            let secret = secret.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some((first, again)) = &secret {
                    if first.chars().count() < MIN_PASSPHRASE_CHARS {
                        outcome.set(Outcome::Failed(ExchangeMsg::ExportPassphraseShort.text()));
                        return;
                    }
                    if first != again {
                        outcome.set(Outcome::Failed(
                            ExchangeMsg::ExportPassphraseMismatch.text(),
                        ));
                        return;
                    }
                }
                let passphrase = secret.as_ref().map(|(p, _)| p.clone());
                let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                    outcome.set(Outcome::Failed(ExchangeMsg::ExportNoDevice.text()));
                    return;
                };
                if !busy.start() {
                    return;
                }
                outcome.set(Outcome::Busy);
                let (outcome, status, kind, handed, busy) = (
                    outcome.clone(),
                    status.clone(),
                    kind.clone(),
                    handed.clone(),
                    busy.clone(),
                );
                let qr = !matches!(kind, ExportKind::Full);
                spawn_local(async move {
                    let request = ExportRequest {
                        kind,
                        device: DeviceInfo {
                            id: device.id.clone(),
                            label: device.label(),
                        },
                        device_name: device.name.clone(),
                        device_community: device.community.clone(),
                        exported_at: now_rfc3339(),
                        now_ms: now_ms(),
                        date: today_local(),
                    };
                    // Encrypted, when asked, then opened again and compared before it is handed out.
                    let exported = match exchange::export_bundle_with(
                        &store,
                        &request,
                        passphrase.as_deref(),
                        with_photos,
                    )
                    .await
                    {
                        Ok(exported) => exported,
                        Err(err) => {
                            outcome.set(Outcome::Failed(err.text()));
                            busy.finish();
                            return;
                        }
                    };
                    handed.set(Some((
                        std::rc::Rc::new(exported.text.clone()),
                        exported.file_name.clone(),
                        qr,
                    )));
                    if download_text(&exported.text, &exported.file_name, "application/json")
                        .is_err()
                    {
                        outcome.set(Outcome::Failed(ExchangeMsg::DownloadFailed.text()));
                        busy.finish();
                        return;
                    }
                    match exchange::note_export(&store, &exported).await {
                        Ok(()) => outcome.set(Outcome::Done(exported.last.clone())),
                        Err(err) => outcome.set(Outcome::Failed(err.text())),
                    }
                    busy.finish();
                    status.reload();
                });
            })
        }
    };

    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            chosen.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let (communities, communities_error) = match communities.state() {
        Load::Ready(list) => ((**list).clone(), None),
        Load::Failed(err) => (Vec::new(), Some(err.clone())),
        Load::Loading => (Vec::new(), None),
    };
    let community_kind = communities
        .iter()
        .find(|(id, _)| *id == *chosen)
        .map(|(id, name)| ExportKind::Community {
            id: id.clone(),
            name: name.split(" · ").next().unwrap_or_default().to_owned(),
        });
    let busy = busy.is_busy();

    let status_html = match status.state() {
        Load::Failed(err) => failed_view(err, lang, status.reloader()),
        Load::Ready(ready) => match ready.as_ref() {
            Some(status) => status_view(status, lang),
            None => html! {},
        },
        Load::Loading => html! {},
    };

    let outcome_html = match &*outcome {
        Outcome::Idle => html! {},
        Outcome::Busy => {
            html! { <p class="notice" role="status" data-testid="export-busy">{ ExchangeMsg::ExportBusy.get(lang) }</p> }
        }
        Outcome::Done(last) => html! {
            <div class="notice ok" role="status" data-testid="export-done">
                <p>{ "✓ " }{ ExchangeMsg::ExportDone.get(lang) }{ " " }<strong data-testid="export-done-count">{ last.records }</strong>{ " " }{ ExchangeMsg::ExportRecords.get(lang) }</p>
                <p class="small">{ ExchangeMsg::ExportFileLabel.get(lang) }{ lang.colon() }<span class="file-name" data-testid="export-file-name">{ last.file_name.clone() }</span></p>
                <p class="small">{ ExchangeMsg::ExportSaveHint.get(lang) }</p>
                if last.file_name.ends_with(".encrypted.json") {
                    <p class="small" data-testid="export-encrypted"><strong>{ "🔒 " }{ ExchangeMsg::ExportEncryptedNote.get(lang) }</strong></p>
                }
                if let Some((text, file_name, qr)) = &*handed {
                    <Office view={OfficeView::HandOff { text: text.clone(), file_name: file_name.clone(), qr: *qr }} />
                }
            </div>
        },
        Outcome::Failed(text) => {
            html! { <p class="notice error" role="alert" data-testid="export-error">{ text.get(lang) }</p> }
        }
    };

    html! {
        <section class="card exchange-export" data-testid="exchange-export">
            <h2>{ ExchangeMsg::ExportTitle.get(lang) }</h2>
            { status_html }
            <div class="export-encrypt form">
                <label class="check">
                    <input type="checkbox" checked={*with_photos} data-testid="export-with-photos"
                        onchange={{
                            let with_photos = with_photos.clone();
                            Callback::from(move |e: Event| with_photos.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
                        }} />
                    <span>{ crate::i18n::PhotoMsg::ExportWith.get(lang) }</span>
                </label>
                <label class="check">
                    <input type="checkbox" checked={*encrypt} data-testid="export-encrypt"
                        onchange={{
                            let encrypt = encrypt.clone();
                            Callback::from(move |e: Event| encrypt.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
                        }} />
                    <span>{ ExchangeMsg::ExportEncrypt.get(lang) }</span>
                </label>
                if *encrypt {
                    <label>
                        <span>{ ExchangeMsg::ExportPassphrase.get(lang) }</span>
                        <input type="password" autocomplete="new-password" value={(*pass1).clone()} data-testid="export-passphrase"
                            oninput={input_into(&pass1)} />
                    </label>
                    <label>
                        <span>{ ExchangeMsg::ExportPassphraseAgain.get(lang) }</span>
                        <input type="password" autocomplete="new-password" value={(*pass2).clone()} data-testid="export-passphrase-again"
                            oninput={input_into(&pass2)} />
                    </label>
                }
            </div>
            <div class="export-buttons">
                <button type="button" class="primary big" disabled={busy} onclick={run(ExportKind::Delta)} data-testid="export-delta">
                    { ExchangeMsg::ExportDelta.get(lang) }
                </button>
                <p class="muted small">{ ExchangeMsg::ExportDeltaHint.get(lang) }</p>
                <button type="button" class="big" disabled={busy} onclick={run(ExportKind::Full)} data-testid="export-full">
                    { ExchangeMsg::ExportFull.get(lang) }
                </button>
                <p class="muted small">{ ExchangeMsg::ExportFullHint.get(lang) }</p>
            </div>
            <div class="export-community">
                <label for="export-community">{ ExchangeMsg::ExportCommunity.get(lang) }</label>
                if let Some(err) = communities_error {
                    <p class="notice error" role="alert">{ err.message(lang) }</p>
                } else if communities.is_empty() {
                    <p class="muted small">{ ExchangeMsg::ExportNoCommunities.get(lang) }</p>
                } else {
                    <select id="export-community" onchange={on_choose} data-testid="export-community">
                        <option value="" selected={chosen.is_empty()}>{ ExchangeMsg::ExportCommunityPick.get(lang) }</option>
                        { for communities.iter().map(|(id, name)| html! {
                            <option value={id.clone()} selected={*chosen == *id}>{ name.clone() }</option>
                        }) }
                    </select>
                    <button type="button" disabled={busy || community_kind.is_none()} data-testid="export-filtered"
                        onclick={match community_kind { Some(kind) => run(kind), None => Callback::noop() }}>
                        { ExchangeMsg::ExportCommunityButton.get(lang) }
                    </button>
                }
            </div>
            { outcome_html }
        </section>
    }
}

/// When this device last exported and how many records wait.
fn status_view(status: &ExportStatus, lang: Lang) -> Html {
    let last = match &status.last {
        Some(last) => html! {
            <p data-testid="export-last">
                { ExchangeMsg::ExportLast.get(lang) }{ lang.colon() }
                <time datetime={last.exported_at.clone()}>{ ago(now_ms().saturating_sub(last.at_ms)).get(lang).to_owned() }</time>
                { format!(" · {} {}", last.records, ExchangeMsg::ExportRecords.get(lang)) }
                <br /><span class="muted small file-name">{ last.file_name.clone() }</span>
            </p>
        },
        None => {
            html! { <p data-testid="export-last">{ ExchangeMsg::ExportNeverDone.get(lang) }</p> }
        }
    };
    let pending = if status.unexported > 0 {
        html! {
            <p data-testid="export-pending">
                <strong data-testid="export-unexported">{ status.unexported }</strong>{ " " }{ ExchangeMsg::ExportUnexported.get(lang) }
            </p>
        }
    } else {
        html! { <p class="muted" data-testid="export-pending"><span class="visually-hidden" data-testid="export-unexported">{ 0 }</span>{ ExchangeMsg::ExportAllExported.get(lang) }</p> }
    };
    html! {
        <>
            { last }
            { pending }
            if status.nag {
                <p class="notice warn" role="status" data-testid="export-nag">{ ExchangeMsg::ExportNag.get(lang) }</p>
            }
        </>
    }
}
