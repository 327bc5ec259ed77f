//! Ways to hand an exported bundle over besides the download: the system
//! share sheet ("Send…", only where the browser can share files) and, for a
//! delta or one community's bundle, animated QR codes for a phone with no
//! signal.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::share::{bundle_file, can_share, share};
use crate::i18n::{QrMsg, Text};
use crate::ui::components::qr_show::QrShow;
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct HandOffProps {
    /// The exact text of the exported bundle file.
    pub text: Rc<String>,
    pub file_name: String,
    /// Offer QR codes (a delta or a filtered bundle; a full one is for files).
    pub qr: bool,
}

#[function_component(HandOff)]
pub fn hand_off(props: &HandOffProps) -> Html {
    let lang = use_app().lang;
    let showing = use_state(|| false);
    let failed = use_state(|| None::<Text>);
    let file = use_memo(
        (props.text.clone(), props.file_name.clone()),
        |(text, name)| bundle_file(text, name),
    );
    let shareable = file.as_ref().as_ref().is_some_and(can_share);

    let on_send = {
        let (file, failed) = (file.clone(), failed.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(file) = (*file).clone() else { return };
            let failed = failed.clone();
            failed.set(None);
            spawn_local(async move {
                if let Err(err) = share(&file).await {
                    // Closing the sheet is a choice, not a failure.
                    let cancelled = err
                        .dyn_ref::<web_sys::DomException>()
                        .is_some_and(|e| e.name() == "AbortError");
                    if !cancelled {
                        failed.set(Some(Text::new(
                            QrMsg::ShareFailed.get(crate::i18n::Lang::Zh),
                            QrMsg::ShareFailed.get(crate::i18n::Lang::En),
                        )));
                    }
                }
            });
        })
    };
    let on_show = {
        let showing = showing.clone();
        Callback::from(move |_: MouseEvent| showing.set(true))
    };
    let on_close = {
        let showing = showing.clone();
        Callback::from(move |_| showing.set(false))
    };

    html! {
        <div class="hand-off" data-testid="hand-off">
            if shareable {
                <button type="button" class="primary big" onclick={on_send} data-testid="export-share">
                    { QrMsg::ShareButton.get(lang) }
                </button>
                <p class="muted small">{ QrMsg::ShareHint.get(lang) }</p>
            }
            if let Some(text) = &*failed {
                <p class="notice error" role="alert" data-testid="export-share-error">{ text.get(lang) }</p>
            }
            if props.qr {
                <button type="button" class="big" onclick={on_show} data-testid="export-qr">
                    { QrMsg::ShowButton.get(lang) }
                </button>
                <p class="muted small">{ QrMsg::ShowHint.get(lang) }</p>
            }
            if *showing {
                <QrShow text={props.text.clone()} {on_close} />
            }
        </div>
    }
}
