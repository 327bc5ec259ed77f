//! Coverage in the current round per representative (the doors assigned to each).

use std::rc::Rc;

use yew::prelude::*;

use crate::app::canvass::Canvass;
use crate::domain::canvass::coverage_by;
use crate::i18n::CanvassMsg;
use crate::ui::components::coverage_view::coverage_view;
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct RepCoverageProps {
    pub canvass: Rc<Canvass>,
}

#[function_component(RepCoverage)]
pub fn rep_coverage(props: &RepCoverageProps) -> Html {
    let lang = use_app().lang;
    let data = &props.canvass;
    let per_rep = coverage_by(
        data.doors.iter().map(|(id, h)| (id.as_str(), h)),
        &data.states,
        |h| h.assigned_to.clone(),
    );
    if per_rep.is_empty() {
        return html! {};
    }
    html! {
        <section class="card" data-testid="doors-per-rep">
            <h2>{ CanvassMsg::CoveragePerRep.get(lang) }</h2>
            <ul class="rows">
                { for per_rep.iter().map(|(member, cover)| html! {
                    <li data-testid="rep-coverage" data-member={member.clone()}>
                        <span class="row-title">{ data.member_name(Some(member)).unwrap_or_else(|| member.clone()) }</span>
                        { coverage_view(cover, lang, "rep-coverage-value") }
                    </li>
                }) }
            </ul>
        </section>
    }
}
