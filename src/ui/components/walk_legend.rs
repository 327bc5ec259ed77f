//! The walk view's legend: each door colour with how many doors of the
//! building have it, and the mark of a vulnerable household.

use yew::prelude::*;

use crate::app::canvass::outcome_class;
use crate::domain::kinds::VisitOutcome;
use crate::i18n::CanvassMsg;
use crate::ui::hooks::use_lang;

#[derive(Properties, PartialEq)]
pub struct WalkLegendProps {
    /// Each latest outcome (`None`: not visited) with how many doors have it.
    pub counts: Vec<(Option<VisitOutcome>, usize)>,
}

#[function_component(WalkLegend)]
pub fn walk_legend(props: &WalkLegendProps) -> Html {
    let lang = use_lang();
    html! {
        <ul class="legend" aria-label={CanvassMsg::LegendTitle.get(lang)} data-testid="walk-legend">
            { for props.counts.iter().map(|(o, n)| {
                let label = o.map(|o| o.label(lang)).unwrap_or(CanvassMsg::NotVisited.get(lang));
                html! {
                    <li data-testid={format!("legend-{}", o.map(|o| o.as_str()).unwrap_or("none"))}>
                        <span class={classes!("swatch", outcome_class(*o))}></span>
                        { label }{ " " }<strong>{ *n }</strong>
                    </li>
                }
            }) }
            <li><span class="swatch door-none vulnerable-swatch">{ "★" }</span>{ CanvassMsg::VulnerableShort.get(lang) }</li>
        </ul>
    }
}
