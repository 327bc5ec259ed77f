//! The dashboard's door-to-door figure: coverage in the current round per community.

use yew::prelude::*;

use crate::app::canvass::Canvass;
use crate::domain::canvass::{coverage, coverage_by};
use crate::i18n::CanvassMsg;
use crate::ui::components::coverage_view::coverage_view;
use crate::ui::hooks::{failed_view, use_app, Load, LoadHandle};

#[derive(Properties, PartialEq)]
pub struct CoverageCardProps {
    /// The canvassing data, as the page loaded it.
    pub canvass: LoadHandle<Canvass>,
    /// Only these communities; `None`: the whole district.
    #[prop_or_default]
    pub communities: Option<std::collections::BTreeSet<String>>,
}

/// The dashboard's door-to-door figure: coverage in the current round per community.
#[function_component(CoverageCard)]
pub fn coverage_card(props: &CoverageCardProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = &props.canvass;
    let data = match loaded.state() {
        Load::Loading => return html! {},
        Load::Failed(err) => return failed_view(err, lang, loaded.reloader()),
        Load::Ready(data) => data.clone(),
    };
    let shown = |id: &str| {
        props
            .communities
            .as_ref()
            .is_none_or(|set| set.contains(id))
    };
    let per_community = coverage_by(
        data.doors
            .iter()
            .filter(|(_, h)| shown(&h.community_id))
            .map(|(id, h)| (id.as_str(), h)),
        &data.states,
        |h| Some(h.community_id.clone()),
    );
    if per_community.is_empty() {
        return html! {};
    }
    let total = coverage(
        data.doors
            .iter()
            .filter(|(_, h)| shown(&h.community_id))
            .map(|(id, h)| (id.as_str(), h)),
        &data.states,
    );
    html! {
        <div class="card dash-section" data-testid="dash-coverage">
            <h3>{ CanvassMsg::DashboardCoverage.get(lang) }{ " " }{ coverage_view(&total, lang, "dash-coverage-total") }</h3>
            <p class="muted small">{ CanvassMsg::CoverageDef.get(lang) }</p>
            <ul class="rows">
                { for per_community.iter().map(|(id, cover)| html! {
                    <li data-testid="dash-coverage-community" data-community={data.community_name(id)}>
                        <span class="row-title">{ data.community_name(id) }</span>{ " " }
                        { coverage_view(cover, lang, "dash-coverage-value") }
                        <span class="muted small">{ format!(" · {} {}", CanvassMsg::RoundFrom.get(lang), data.round_of(id)) }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
