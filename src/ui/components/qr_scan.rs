//! The receiving device's side of the QR hand-off: the rear camera, frames
//! decoded in wasm (quircs) and reassembled (`domain::qr_hand_off`), with
//! progress "n of about m". The complete bundle is handed over as a file to
//! the import panel, which previews, checks and imports it like any other.

use std::cell::RefCell;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::camera::{camera_ids, device_of, grab_luma, open_camera, stop};
use crate::app::share::bytes_file;
use crate::domain::qr_hand_off::{decode_luma, Receiver};
use crate::i18n::{QrMsg, Text};
use crate::ui::hooks::use_app;

/// Pause between two decoded pictures: about 10 a second at most, leaving the
/// phone time to paint and the camera time to settle.
const SCAN_PAUSE_MS: u32 = 60;

#[derive(Properties, PartialEq)]
pub struct QrScanProps {
    /// Receives the complete bundle file.
    pub on_bundle: Callback<web_sys::File>,
    /// While the import panel is busy, no new scan starts.
    #[prop_or_default]
    pub disabled: bool,
}

#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    Starting,
    Scanning,
    Complete,
    Failed(Text, &'static str),
}

#[derive(Clone, Copy, Default, PartialEq)]
struct Progress {
    have: usize,
    need: usize,
    damaged: usize,
    other: usize,
}

#[function_component(QrScan)]
pub fn qr_scan(props: &QrScanProps) -> Html {
    let lang = use_app().lang;
    let phase = use_state(|| Phase::Idle);
    let progress = use_state(Progress::default);
    let video = use_node_ref();
    let canvas = use_node_ref();
    let stream = use_mut_ref(|| None::<web_sys::MediaStream>);
    let active = use_mut_ref(|| false);
    // The cameras to switch between (more than one), once the first is open.
    let cameras = use_state(Vec::<String>::new);

    {
        // Leaving the page turns the camera off.
        let (stream, active) = (stream.clone(), active.clone());
        use_effect_with((), move |_| {
            move || {
                *active.borrow_mut() = false;
                if let Some(s) = stream.borrow_mut().take() {
                    stop(&s);
                }
            }
        });
    }

    let on_start = {
        let (phase, progress, video, canvas, stream, active, on_bundle, cameras) = (
            phase.clone(),
            progress.clone(),
            video.clone(),
            canvas.clone(),
            stream.clone(),
            active.clone(),
            props.on_bundle.clone(),
            cameras.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *active.borrow() {
                return;
            }
            *active.borrow_mut() = true;
            phase.set(Phase::Starting);
            progress.set(Progress::default());
            let (phase, progress, video, canvas, stream, active, on_bundle, cameras) = (
                phase.clone(),
                progress.clone(),
                video.clone(),
                canvas.clone(),
                stream.clone(),
                active.clone(),
                on_bundle.clone(),
                cameras.clone(),
            );
            spawn_local(async move {
                let opened = match open_camera(None).await {
                    Ok(opened) => opened,
                    Err(err) => {
                        *active.borrow_mut() = false;
                        phase.set(Phase::Failed(err.text(), err.code()));
                        return;
                    }
                };
                *stream.borrow_mut() = Some(opened);
                phase.set(Phase::Scanning);
                cameras.set(camera_ids().await);
                let outcome = scan(&stream, &video, &canvas, &active, |p| progress.set(p)).await;
                *active.borrow_mut() = false;
                if let Some(s) = stream.borrow_mut().take() {
                    stop(&s);
                }
                match outcome {
                    None => phase.set(Phase::Idle),
                    Some(Err(text)) => phase.set(Phase::Failed(text, "data")),
                    Some(Ok(bytes)) => {
                        let name = format!("qr-{}.json", crate::app::platform::today_local());
                        match bytes_file(&bytes, &name) {
                            Some(file) => {
                                phase.set(Phase::Complete);
                                on_bundle.emit(file);
                            }
                            None => phase.set(Phase::Failed(
                                crate::i18n::ExchangeMsg::ImportReadFailed.text(),
                                "file",
                            )),
                        }
                    }
                }
            });
        })
    };
    let on_stop = {
        let active = active.clone();
        Callback::from(move |_: MouseEvent| *active.borrow_mut() = false)
    };

    let on_switch = {
        let (stream, cameras, phase) = (stream.clone(), cameras.clone(), phase.clone());
        Callback::from(move |_: MouseEvent| {
            let current = stream.borrow().as_ref().and_then(device_of);
            let at = cameras
                .iter()
                .position(|id| Some(id) == current.as_ref())
                .map_or(0, |i| i + 1);
            let Some(next) = cameras.get(at % cameras.len().max(1)).cloned() else {
                return;
            };
            let (stream, phase) = (stream.clone(), phase.clone());
            spawn_local(async move {
                match open_camera(Some(&next)).await {
                    // The scan loop shows the new stream; what was received is kept.
                    Ok(opened) => {
                        let mut current = stream.borrow_mut();
                        match current.as_ref() {
                            Some(old) => {
                                stop(old);
                                *current = Some(opened);
                            }
                            // Scanning ended meanwhile: this camera goes off again.
                            None => stop(&opened),
                        }
                    }
                    Err(err) => phase.set(Phase::Failed(err.text(), err.code())),
                }
            });
        })
    };

    let live = matches!(*phase, Phase::Starting | Phase::Scanning);
    let p = *progress;
    html! {
        <div class="qr-scan" data-testid="qr-scan">
            if !live {
                <button type="button" class="big" disabled={props.disabled} onclick={on_start} data-testid="import-qr">
                    { QrMsg::ScanButton.get(lang) }
                </button>
                <p class="muted small">{ QrMsg::ScanHint.get(lang) }</p>
            }
            if live {
                <div class="qr-scan-live">
                    <video ref={video} class="qr-video" autoplay=true playsinline=true data-testid="qr-video" />
                    <canvas ref={canvas} hidden=true />
                    <p role="status" aria-live="polite" data-testid="qr-scan-status">
                        if *phase == Phase::Starting {
                            { QrMsg::ScanStarting.get(lang) }
                        } else if p.need == 0 {
                            { QrMsg::ScanWaiting.get(lang) }
                        } else {
                            { QrMsg::ScanReceived.get(lang) }{ " " }<strong data-testid="qr-scan-have">{ p.have }</strong>
                            { " / " }{ QrMsg::ScanOfAbout.get(lang) }{ " " }<strong data-testid="qr-scan-need">{ p.need }</strong>
                        }
                    </p>
                    if p.need > 0 {
                        <progress max={p.need.to_string()} value={p.have.to_string()} data-testid="qr-scan-progress" />
                    }
                    if p.damaged > 0 {
                        <p class="muted small" data-testid="qr-scan-damaged">{ QrMsg::ScanDamaged.get(lang) }{ lang.colon() }{ p.damaged }</p>
                    }
                    if p.other > 0 {
                        <p class="muted small" data-testid="qr-scan-other">{ QrMsg::ScanOther.get(lang) }{ lang.colon() }{ p.other }</p>
                    }
                    <div class="qr-scan-buttons">
                        if cameras.len() > 1 {
                            <button type="button" onclick={on_switch} data-testid="qr-scan-switch">{ QrMsg::CameraSwitch.get(lang) }</button>
                        }
                        <button type="button" onclick={on_stop} data-testid="qr-scan-stop">{ QrMsg::ScanStop.get(lang) }</button>
                    </div>
                </div>
            }
            if *phase == Phase::Complete {
                <p class="notice ok" role="status" data-testid="qr-scan-complete">{ "✓ " }{ QrMsg::ScanComplete.get(lang) }</p>
            }
            if let Phase::Failed(text, code) = &*phase {
                <p class="notice error" role="alert" data-testid="qr-scan-error" data-code={*code}>{ text.get(lang) }</p>
            }
        </div>
    }
}

/// Shows the stream in the video element (again whenever another camera is
/// chosen) and decodes its frames until the bundle is complete (`Some`) or
/// scanning is stopped (`None`).
async fn scan(
    stream: &Rc<RefCell<Option<web_sys::MediaStream>>>,
    video: &NodeRef,
    canvas: &NodeRef,
    active: &Rc<RefCell<bool>>,
    mut report: impl FnMut(Progress),
) -> Option<Result<Vec<u8>, Text>> {
    let mut receiver = Receiver::new();
    let mut attached: Option<web_sys::MediaStream> = None;
    let mut last = Progress::default();
    while *active.borrow() {
        gloo::timers::future::TimeoutFuture::new(SCAN_PAUSE_MS).await;
        let (Some(video), Some(canvas)) = (
            video.cast::<web_sys::HtmlVideoElement>(),
            canvas.cast::<web_sys::HtmlCanvasElement>(),
        ) else {
            continue;
        };
        let current = stream.borrow().clone();
        if current.is_some() && current != attached {
            video.set_muted(true);
            video.set_src_object(current.as_ref());
            let _ = video.play();
            attached = current;
        }
        let Some((width, height, luma)) = grab_luma(&video, &canvas) else {
            continue;
        };
        for code in decode_luma(width, height, &luma) {
            receiver.receive(&code);
        }
        let (have, need) = receiver.progress();
        let now = Progress {
            have,
            need,
            damaged: receiver.damaged,
            other: receiver.other,
        };
        if now != last {
            report(now);
            last = now;
        }
        if let Some(bundle) = receiver.bundle() {
            return Some(bundle.map_err(|err| err.text()));
        }
    }
    None
}
