//! The resident's name, phone and address on the capture form: shown only
//! after the resident consented, and cleared when consent is withdrawn.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::Msg;
use crate::ui::hooks::use_lang;

/// Which of the resident's details changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResidentField {
    Name,
    Phone,
    Address,
}

#[derive(Properties, PartialEq)]
pub struct ResidentFieldsProps {
    pub name: String,
    pub phone: String,
    pub address: String,
    /// Every keystroke: which field, and its text.
    pub oninput: Callback<(ResidentField, String)>,
}

#[function_component(ResidentFields)]
pub fn resident_fields(props: &ResidentFieldsProps) -> Html {
    let lang = use_lang();
    let input = |field: ResidentField| {
        let oninput = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            oninput.emit((field, e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    html! {
        <div class="resident" data-testid="capture-resident">
            <label>
                <span>{ Msg::CaptureResidentName.get(lang) }</span>
                <input type="text" value={props.name.clone()} maxlength="40"
                    oninput={input(ResidentField::Name)} data-testid="capture-name" />
            </label>
            <label>
                <span>{ Msg::CaptureResidentPhone.get(lang) }</span>
                <input type="tel" value={props.phone.clone()} maxlength="20" inputmode="tel"
                    oninput={input(ResidentField::Phone)} data-testid="capture-phone" />
            </label>
            <label>
                <span>{ Msg::CaptureResidentAddress.get(lang) }</span>
                <input type="text" value={props.address.clone()} maxlength="80"
                    oninput={input(ResidentField::Address)} data-testid="capture-address" />
            </label>
        </div>
    }
}
