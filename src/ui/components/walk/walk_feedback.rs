//! What the walk page's last action did: a visit recorded, a door added, a
//! hint, or a failure (nothing was saved).

use yew::prelude::*;

use crate::app::AppError;
use crate::domain::kinds::VisitOutcome;
use crate::i18n::CanvassMsg;
use crate::ui::hooks::use_app;

#[derive(Clone, PartialEq)]
pub enum WalkFeedback {
    /// A visit was written: the door's address and what happened.
    Recorded(String, VisitOutcome),
    DoorAdded,
    Failed(AppError),
    Text(CanvassMsg),
}

#[derive(Properties, PartialEq)]
pub struct WalkFeedbackProps {
    pub feedback: Option<WalkFeedback>,
}

#[function_component(WalkFeedbackView)]
pub fn walk_feedback_view(props: &WalkFeedbackProps) -> Html {
    let lang = use_app().lang;
    match &props.feedback {
        Some(WalkFeedback::Recorded(label, outcome)) => html! {
            <p class="notice ok" role="status" data-testid="walk-feedback">
                { "✓ " }{ CanvassMsg::Recorded.get(lang) }{ format!("{label} · {}", outcome.label(lang)) }
            </p>
        },
        Some(WalkFeedback::DoorAdded) => html! {
            <p class="notice ok" role="status" data-testid="walk-feedback">{ "✓ " }{ CanvassMsg::DoorAdded.get(lang) }</p>
        },
        Some(WalkFeedback::Text(msg)) => html! {
            <p class="notice" role="status" data-testid="walk-feedback">{ msg.get(lang) }</p>
        },
        Some(WalkFeedback::Failed(err)) => html! {
            <p class="notice error" role="alert" data-testid="walk-error">
                { CanvassMsg::FailedNothingSaved.get(lang) }{ err.message(lang) }
            </p>
        },
        None => html! {},
    }
}
