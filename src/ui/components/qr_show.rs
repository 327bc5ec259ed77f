//! The sending phone's side of the QR hand-off: a full-screen, bright,
//! animated sequence of QR codes carrying one bundle file (see
//! `domain::qr_hand_off`), with its frame rate, count and a speed control —
//! auto-exposure blends frames that change too fast, so people can slow it.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::domain::qr_hand_off::{frame_to_qr, Sender};
use crate::i18n::{Lang, QrMsg};
use crate::ui::hooks::use_app;

/// Milliseconds a frame stays on screen: the choices, and the default (5 a second).
const SPEEDS_MS: [u32; 7] = [100, 150, 200, 300, 500, 1000, 2000];
const DEFAULT_SPEED: usize = 2;
/// Screen pixels a module: 77 modules (version 13 and its quiet zone) at 5 px
/// is a 385 px canvas, drawn to the width of a 360 px phone.
const MODULE_PX: usize = 5;

#[derive(Properties, PartialEq)]
pub struct QrShowProps {
    /// The exact text of the bundle file.
    pub text: Rc<String>,
    pub on_close: Callback<()>,
}

#[function_component(QrShow)]
pub fn qr_show(props: &QrShowProps) -> Html {
    let lang = use_app().lang;
    let sender = use_memo(props.text.clone(), |text| Sender::new(text.as_bytes()));
    let index = use_state(|| 0u32);
    let speed = use_state(|| DEFAULT_SPEED);
    let canvas = use_node_ref();

    {
        // The next frame after each interval; a new interval when the speed changes.
        let index = index.clone();
        use_effect_with(*speed, move |speed| {
            let ms = SPEEDS_MS[*speed];
            let interval = gloo::timers::callback::Interval::new(ms, move || {
                index.set(index.wrapping_add(1));
            });
            move || drop(interval)
        });
    }
    {
        let (canvas, sender) = (canvas.clone(), sender.clone());
        use_effect_with(*index, move |index| {
            if let (Ok(sender), Some(canvas)) =
                (&*sender, canvas.cast::<web_sys::HtmlCanvasElement>())
            {
                draw(&canvas, &sender.frame(*index));
            }
        });
    }

    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let body = match &*sender {
        Err(err) => html! {
            <p class="notice error" role="alert" data-testid="qr-too-large">{ err.text().get(lang).to_owned() }</p>
        },
        Ok(sender) => {
            let ms = SPEEDS_MS[*speed];
            let k = sender.fragment_count();
            let shown = *index as u64 + 1;
            html! {
                <>
                    <canvas ref={canvas} class="qr-canvas" data-testid="qr-canvas"
                        data-frame={index.to_string()} data-fragments={k.to_string()} />
                    <p class="qr-figures" data-testid="qr-figures">
                        { QrMsg::Frame.get(lang) }{ " " }<strong data-testid="qr-frame">{ shown }</strong>
                        if lang == Lang::Zh { { " 帧" } }
                        { " · " }<span data-testid="qr-rate">{ rate(ms) }</span>{ " " }{ QrMsg::FramesPerSecond.get(lang) }
                        { " · " }{ QrMsg::FirstPass.get(lang) }{ " " }<span data-testid="qr-count">{ k }</span>{ " " }{ QrMsg::Frames.get(lang) }
                        { format!(" ≈ {} ", (k * ms as usize).div_ceil(1000)) }{ QrMsg::Seconds.get(lang) }
                    </p>
                    <p class="muted small" data-testid="qr-sizes">
                        { QrMsg::Sizes.get(lang) }{ " " }{ kb(sender.original_len()) }
                        { " · " }{ QrMsg::Compressed.get(lang) }{ " " }{ kb(sender.compressed_len()) }
                    </p>
                    <div class="qr-speed">
                        <button type="button" disabled={*speed + 1 >= SPEEDS_MS.len()} data-testid="qr-slower"
                            onclick={{ let speed = speed.clone(); Callback::from(move |_: MouseEvent| speed.set((*speed + 1).min(SPEEDS_MS.len() - 1))) }}>
                            { QrMsg::Slower.get(lang) }
                        </button>
                        <button type="button" disabled={*speed == 0} data-testid="qr-faster"
                            onclick={{ let speed = speed.clone(); Callback::from(move |_: MouseEvent| speed.set(speed.saturating_sub(1))) }}>
                            { QrMsg::Faster.get(lang) }
                        </button>
                    </div>
                </>
            }
        }
    };
    html! {
        <div class="qr-overlay" role="dialog" aria-modal="true" aria-label={QrMsg::ShowTitle.get(lang)} data-testid="qr-show">
            <h2>{ QrMsg::ShowTitle.get(lang) }</h2>
            <p class="small">{ QrMsg::ShowAim.get(lang) }</p>
            { body }
            <button type="button" class="big" onclick={close} data-testid="qr-close">{ QrMsg::Close.get(lang) }</button>
        </div>
    }
}

/// Frames a second, e.g. "5" or "6.6" (integers only: no float formatting in the wasm).
fn rate(ms: u32) -> String {
    tenths(10_000 / ms.max(1) as usize)
}

/// Kilobytes with one decimal.
fn kb(bytes: usize) -> String {
    format!("{} KB", tenths(bytes / 100))
}

/// `n` tenths as "x" or "x.y".
fn tenths(n: usize) -> String {
    match n % 10 {
        0 => format!("{}", n / 10),
        d => format!("{}.{d}", n / 10),
    }
}

/// Draws one frame as a QR code: black modules on white with a 4-module quiet zone.
fn draw(canvas: &web_sys::HtmlCanvasElement, frame: &[u8]) {
    let Some(modules) = frame_to_qr(frame) else {
        return;
    };
    let side = (modules.width + 8) * MODULE_PX;
    if canvas.width() as usize != side {
        canvas.set_width(side as u32);
        canvas.set_height(side as u32);
    }
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    context.set_fill_style_str("#fff");
    context.fill_rect(0.0, 0.0, side as f64, side as f64);
    context.set_fill_style_str("#000");
    let px = MODULE_PX as f64;
    for y in 0..modules.width {
        // One rectangle per run of dark modules: a few hundred calls a frame.
        let row = &modules.dark[y * modules.width..(y + 1) * modules.width];
        let mut x = 0;
        while x < modules.width {
            if row[x] {
                let start = x;
                while x < modules.width && row[x] {
                    x += 1;
                }
                context.fill_rect(
                    (start + 4) as f64 * px,
                    (y + 4) as f64 * px,
                    (x - start) as f64 * px,
                    px,
                );
            } else {
                x += 1;
            }
        }
    }
}
