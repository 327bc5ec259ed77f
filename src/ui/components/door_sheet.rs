//! The walk view's sheet for the door just tapped: two taps record what
//! happened; "talked, has a need" opens the capture for that door.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::canvass::outcome_class;
use crate::domain::canvass::address;
use crate::domain::kinds::{Household, VisitOutcome};
use crate::i18n::CanvassMsg;
use crate::ui::hooks::use_lang;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct DoorSheetProps {
    pub id: String,
    pub household: Household,
    /// Its latest outcome in the current round.
    pub outcome: Option<VisitOutcome>,
    /// How many visits it had in the current round.
    pub visits: usize,
    /// A knock is being written: the outcome buttons wait.
    pub busy: bool,
    pub on_record: Callback<VisitOutcome>,
    pub on_next: Callback<MouseEvent>,
    pub on_close: Callback<()>,
}

#[function_component(DoorSheet)]
pub fn door_sheet(props: &DoorSheetProps) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let h = &props.household;
    let outcome_button = |outcome: VisitOutcome| {
        let on_record = props.on_record.clone();
        let onclick = Callback::from(move |_| on_record.emit(outcome));
        html! {
            <button type="button" class={classes!("outcome-button", outcome_class(Some(outcome)))}
                disabled={props.busy} data-testid={format!("outcome-{}", outcome.as_str())} {onclick}>
                { outcome.label(lang) }
            </button>
        }
    };
    let need = {
        let id = props.id.clone();
        Callback::from(move |_| {
            if let Some(nav) = &navigator {
                nav.push(&Route::CaptureAtDoor {
                    household: id.clone(),
                });
            }
        })
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    html! {
        <div class="door-sheet" role="dialog" aria-label={address(h)} data-testid="door-sheet">
            <div class="sheet-head">
                <strong data-testid="sheet-address">{ address(h) }</strong>
                if h.vulnerable { <span class="tag warn">{ CanvassMsg::VulnerableShort.get(lang) }</span> }
                <span class="muted small">
                    { props.outcome.map(|o| o.label(lang)).unwrap_or(CanvassMsg::NotVisited.get(lang)) }
                    if props.visits > 1 { { format!(" ×{}", props.visits) } }
                </span>
                <button type="button" class="small-button" onclick={close} data-testid="sheet-close">{ CanvassMsg::Close.get(lang) }</button>
            </div>
            <button type="button" class="primary big" onclick={need} data-testid="outcome-talked-need">
                { CanvassMsg::TalkedNeed.get(lang) }
            </button>
            <div class="outcome-grid">
                { for VisitOutcome::ALL.iter().map(|o| outcome_button(*o)) }
            </div>
            <div class="sheet-foot">
                <button type="button" class="button" onclick={props.on_next.clone()} data-testid="next-unvisited">
                    { CanvassMsg::NextUnvisited.get(lang) }{ " →" }
                </button>
                <a href={Route::Household { id: props.id.clone() }.href()} data-testid="open-household">
                    { CanvassMsg::OpenHousehold.get(lang) }
                </a>
            </div>
        </div>
    }
}
