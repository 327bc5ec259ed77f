//! Editing one points rule.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::points as service;
use crate::domain::kinds::{PointsRule, Team};
use crate::domain::points::{edited_rule, NAME_EN};
use crate::domain::review::{rule_needs_review, NEEDS_REVIEW};
use crate::i18n::{DecisionMsg, Lang, PointsMsg, Text};
use crate::ui::components::office_form::{input_into, select_into};
use crate::ui::hooks::use_app;

#[derive(Properties, PartialEq)]
pub struct RuleFormProps {
    pub id: String,
    pub rule: PointsRule,
    pub on_saved: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_refuse: Callback<Text>,
}

/// A coordinator's edit of one rule (names, points, team): a normal new
/// revision of the rule's record via `records::edit`.
#[function_component(RuleForm)]
pub fn rule_form(props: &RuleFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let rule = &props.rule;
    let name = use_state(|| rule.name.clone());
    let name_en = use_state(|| {
        rule.extra
            .get(NAME_EN)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    });
    let points = use_state(|| rule.points.to_string());
    let needs_review = use_state(|| rule_needs_review(rule));
    let team = use_state(|| {
        rule.team
            .map(|t| t.as_str().to_string())
            .unwrap_or_default()
    });
    let on_submit = {
        let (name, name_en, points, team, needs_review) = (
            name.clone(),
            name_en.clone(),
            points.clone(),
            team.clone(),
            needs_review.clone(),
        );
        let (id, rule) = (props.id.clone(), props.rule.clone());
        let (on_saved, on_refuse) = (props.on_saved.clone(), props.on_refuse.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(value) = points.trim().parse::<i64>() else {
                let msg = PointsMsg::RuleBadPoints;
                on_refuse.emit(Text::new(msg.get(Lang::Zh), msg.get(Lang::En)));
                return;
            };
            let mut edited = match edited_rule(&rule, &name, &name_en, value, Team::parse(&team)) {
                Ok(edited) => edited,
                Err(err) => return on_refuse.emit(err.text()),
            };
            if *needs_review {
                edited
                    .extra
                    .insert(NEEDS_REVIEW.into(), serde_json::Value::Bool(true));
            } else {
                edited.extra.remove(NEEDS_REVIEW);
            }
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let (id, on_saved, on_refuse) = (id.clone(), on_saved.clone(), on_refuse.clone());
            spawn_local(async move {
                match service::save_rule(&db, &device.id, &id, &edited).await {
                    Ok(_) => on_saved.emit(()),
                    Err(err) => on_refuse.emit(err.text()),
                }
            });
        })
    };
    let on_cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    html! {
        <form class="form rule-form" onsubmit={on_submit} data-testid="points-rule-form">
            <label>
                <span>{ PointsMsg::RuleName.get(lang) }</span>
                <input type="text" value={(*name).clone()} oninput={input_into(&name)} data-testid="points-rule-name" />
            </label>
            <label>
                <span>{ PointsMsg::RuleNameEn.get(lang) }</span>
                <input type="text" value={(*name_en).clone()} oninput={input_into(&name_en)} data-testid="points-rule-name-en" />
            </label>
            <label>
                <span>{ PointsMsg::Points.get(lang) }</span>
                <input type="number" step="1" value={(*points).clone()} oninput={input_into(&points)} data-testid="points-rule-points" />
            </label>
            <label>
                <span>{ PointsMsg::RuleTeam.get(lang) }</span>
                <select onchange={select_into(&team)} data-testid="points-rule-team">
                    <option value="" selected={team.is_empty()}>{ PointsMsg::RuleAllTeams.get(lang) }</option>
                    { for Team::ALL.iter().map(|t| html! {
                        <option value={t.as_str()} selected={*team == t.as_str()}>{ t.label(lang) }</option>
                    }) }
                </select>
            </label>
            <label class="check">
                <input type="checkbox" checked={*needs_review} data-testid="points-rule-needs-review"
                    onchange={{ let needs_review = needs_review.clone(); Callback::from(move |_: Event| needs_review.set(!*needs_review)) }} />
                <span>{ DecisionMsg::RuleNeedsReview.get(lang) }</span>
            </label>
            <div class="dash-actions">
                <button type="submit" class="primary" data-testid="points-rule-save">{ PointsMsg::RuleSave.get(lang) }</button>
                <button type="button" onclick={on_cancel} data-testid="points-rule-cancel">{ PointsMsg::RuleCancel.get(lang) }</button>
            </div>
        </form>
    }
}
