//! Records or edits an outcome: a research report, suggestion, resolved case,
//! micro-project, mediation agreement or policy — linked to demands, a topic,
//! activities and members, with funds typed in yuan (stored in fen) and beneficiaries.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::platform::today_local;
use crate::app::AppError;
use crate::app::{lists, records};
use crate::domain::funding::{funding, spent, with_funding, Funding};
use crate::domain::kinds::{
    Activity, Community, Demand, Kind, Member, Outcome, OutcomeType, Problem, Topic,
};
use crate::domain::money::{fen_to_yuan_input, format_fen_as_yuan, parse_count, parse_yuan_to_fen};
use crate::i18n::{DecisionMsg, Msg, OfficeMsg};
use crate::ui::components::office_form::{
    area_input, field_error, list_change, optional, record_data, save_problems, select_change,
    submit_handler, text_input, FormState, SaveState,
};
use crate::ui::components::record_pickers::{
    demand_items, CommunitySelect, Listed, MemberPicker, PickItem, SearchPicker,
};
use crate::ui::hooks::{use_app, use_form_start, use_load, FormStart};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct OutcomeFormProps {
    /// The outcome to edit; `None` records a new one.
    #[prop_or_default]
    pub id: Option<String>,
}

#[derive(Clone, PartialEq)]
struct OutcomeForm {
    outcome_type: OutcomeType,
    title: String,
    summary: String,
    on: String,
    community_id: String,
    demand_ids: Vec<String>,
    topic_id: String,
    activity_ids: Vec<String>,
    member_ids: Vec<String>,
    /// Yuan, as typed.
    funds: String,
    /// Funding by source and money spent, in yuan as typed (`domain::funding`).
    government: String,
    social: String,
    residents: String,
    spent: String,
    beneficiaries: String,
    /// Kept off the community notice (the extension field `internal`).
    internal: bool,
    base: Option<Outcome>,
}

impl OutcomeForm {
    fn fresh() -> Self {
        OutcomeForm {
            outcome_type: OutcomeType::MicroProject,
            title: String::new(),
            summary: String::new(),
            on: today_local(),
            community_id: String::new(),
            demand_ids: Vec::new(),
            topic_id: String::new(),
            activity_ids: Vec::new(),
            member_ids: Vec::new(),
            funds: String::new(),
            government: String::new(),
            social: String::new(),
            residents: String::new(),
            spent: String::new(),
            beneficiaries: String::new(),
            internal: false,
            base: None,
        }
    }

    fn from_outcome(o: &Outcome) -> Self {
        let sources = funding(o);
        OutcomeForm {
            outcome_type: o.outcome_type,
            title: o.title.clone(),
            summary: o.summary.clone().unwrap_or_default(),
            on: o.on.clone(),
            community_id: o.community_id.clone().unwrap_or_default(),
            demand_ids: o.demand_ids.clone(),
            topic_id: o.topic_id.clone().unwrap_or_default(),
            activity_ids: o.activity_ids.clone(),
            member_ids: o.member_ids.clone(),
            funds: fen_to_yuan_input(o.funds_fen),
            government: sources
                .map(|f| fen_to_yuan_input(f.government_fen))
                .unwrap_or_default(),
            social: sources
                .map(|f| fen_to_yuan_input(f.social_fen))
                .unwrap_or_default(),
            residents: sources
                .map(|f| fen_to_yuan_input(f.residents_fen))
                .unwrap_or_default(),
            spent: spent(o).map(fen_to_yuan_input).unwrap_or_default(),
            beneficiaries: o.beneficiaries.to_string(),
            internal: crate::domain::notice::is_internal(&o.extra),
            base: Some(o.clone()),
        }
    }

    /// Blank funds are none at all; anything typed must read as an amount.
    fn funds_fen(&self) -> Result<u64, Problem> {
        if self.funds.trim().is_empty() {
            return Ok(0);
        }
        parse_yuan_to_fen(&self.funds).map_err(|err| Problem::new("funds_fen", err.text()))
    }

    /// Whether any funding source is typed: then the total is their sum.
    fn has_sources(&self) -> bool {
        [&self.government, &self.social, &self.residents]
            .iter()
            .any(|v| !v.trim().is_empty())
    }

    /// Blank is zero (or, for `spent`, not recorded); anything typed must read as an amount.
    fn amount(text: &str, field: &str, problems: &mut Vec<Problem>) -> Option<u64> {
        if text.trim().is_empty() {
            return None;
        }
        parse_yuan_to_fen(text)
            .map_err(|err| problems.push(Problem::new(field, err.text())))
            .ok()
    }

    fn to_outcome(&self) -> Result<Outcome, AppError> {
        let mut problems = Vec::new();
        let funds_fen = if self.has_sources() {
            0
        } else {
            self.funds_fen().unwrap_or_else(|p| {
                problems.push(p);
                0
            })
        };
        let sources = self.has_sources().then(|| Funding {
            government_fen: Self::amount(&self.government, "funding_fen.government", &mut problems)
                .unwrap_or(0),
            social_fen: Self::amount(&self.social, "funding_fen.social", &mut problems)
                .unwrap_or(0),
            residents_fen: Self::amount(&self.residents, "funding_fen.residents", &mut problems)
                .unwrap_or(0),
        });
        let spent_fen = Self::amount(&self.spent, "spent_fen", &mut problems);
        let beneficiaries = parse_count(&self.beneficiaries).unwrap_or_else(|err| {
            problems.push(Problem::new("beneficiaries", err.text()));
            0
        });
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let mut extra = self
            .base
            .as_ref()
            .map(|o| o.extra.clone())
            .unwrap_or_default();
        if self.internal {
            extra.insert("internal".into(), serde_json::Value::Bool(true));
        } else {
            extra.remove("internal");
        }
        let outcome = Outcome {
            outcome_type: self.outcome_type,
            title: self.title.trim().to_string(),
            summary: optional(&self.summary),
            on: self.on.trim().to_string(),
            community_id: optional(&self.community_id),
            demand_ids: self.demand_ids.clone(),
            topic_id: optional(&self.topic_id),
            activity_ids: self.activity_ids.clone(),
            member_ids: self.member_ids.clone(),
            funds_fen,
            beneficiaries,
            extra,
        };
        Ok(with_funding(outcome, sources, spent_fen))
    }
}

#[derive(Clone, PartialEq)]
struct Lists {
    communities: Listed<Community>,
    members: Listed<Member>,
    topics: Listed<Topic>,
    demands: Rc<Vec<PickItem>>,
    activities: Rc<Vec<PickItem>>,
}

#[function_component(OutcomeFormPage)]
pub fn outcome_form_page(props: &OutcomeFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let navigator = use_navigator();
    let form = use_reducer(|| FormState(OutcomeForm::fresh()));
    let save_state = use_state(|| SaveState::Idle);
    // The lists the form picks from and, when editing, the record (`Some(None)`: not on this device).
    let loaded = use_load(props.id.clone(), move |db, id| async move {
        let communities = lists::load_communities(&db).await?;
        let mut members: Vec<(String, Member)> = lists::load_kind(&db, Kind::Member).await?;
        members.sort_by(|a, b| (a.1.team, &a.1.name).cmp(&(b.1.team, &b.1.name)));
        let topics: Vec<(String, Topic)> = lists::load_kind(&db, Kind::Topic).await?;
        let demands: Vec<(String, Demand)> = lists::load_kind(&db, Kind::Demand).await?;
        let mut activities: Vec<(String, Activity)> = lists::load_kind(&db, Kind::Activity).await?;
        activities.sort_by(|a, b| b.1.on.cmp(&a.1.on));
        let activity_items = activities
            .iter()
            .map(|(aid, a)| {
                PickItem::new(
                    aid,
                    format!("{} {} · {}", a.on, a.title, a.activity_type.label(lang)),
                    &[&a.title, a.minutes.as_deref().unwrap_or("")],
                )
            })
            .collect();
        let lists = Lists {
            communities: Rc::new(communities),
            members: Rc::new(members),
            topics: Rc::new(topics),
            demands: Rc::new(demand_items(&demands)),
            activities: Rc::new(activity_items),
        };
        let editing = match id {
            Some(id) => Some(
                records::find_as::<Outcome>(&db, &id, Kind::Outcome)
                    .await?
                    .map(|(_, r)| r),
            ),
            None => None,
        };
        Ok((lists, editing))
    });
    // The form starts from them once per record.
    use_form_start(
        &form,
        props.id.clone(),
        loaded.data(),
        FormStart {
            communities: |l| &l.communities,
            from_record: OutcomeForm::from_outcome,
            set_community: |f, id| f.community_id = id,
        },
    );

    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let lists = data.0.clone();
    if matches!(data.1, Some(None)) {
        return html! {
            <section data-testid="page-outcome-form">
                <h1 data-testid="page-title">{ OfficeMsg::OutcomeEditTitle.get(lang) }</h1>
                <p class="notice" data-testid="outcome-missing">{ OfficeMsg::OutcomeNotFound.get(lang) }</p>
                <a class="button" href={Route::Outcomes.href()}>{ Msg::Back.get(lang) }</a>
            </section>
        };
    }
    let current = form.0.clone();

    let on_submit = submit_handler(
        state.clone(),
        save_state.clone(),
        navigator.clone(),
        props.id.clone(),
        Kind::Outcome,
        {
            let form = form.clone();
            Rc::new(move || record_data(&form.0.to_outcome()?))
        },
        |id| Route::Outcome { id },
    );
    let on_community = {
        let form = form.clone();
        Callback::from(move |v: String| form.dispatch(Box::new(move |f| f.community_id = v)))
    };
    // What the typed amount will be stored as, shown while typing.
    let sources_total = current.has_sources().then(|| {
        let fen = |t: &str| parse_yuan_to_fen(t).unwrap_or(0);
        Funding {
            government_fen: fen(&current.government),
            social_fen: fen(&current.social),
            residents_fen: fen(&current.residents),
        }
        .total_fen()
    });
    let funds_preview = match current.funds_fen() {
        _ if sources_total.is_some() => html! {
            <span class="muted small" data-testid="outcome-funds-preview">
                { DecisionMsg::FundingTotal.get(lang) }{ " = " }{ format_fen_as_yuan(sources_total.unwrap_or(0)) }
            </span>
        },
        Ok(fen) if !current.funds.trim().is_empty() => html! {
            <span class="muted small" data-testid="outcome-funds-preview">{ "= " }{ format_fen_as_yuan(fen) }</span>
        },
        Err(p) if !matches!(*save_state, SaveState::Failed(_)) => html! {
            <span class="field-error" data-testid="outcome-funds-hint">{ p.text.get(lang) }</span>
        },
        _ => html! {},
    };

    let saving = *save_state == SaveState::Saving;
    let title = if props.id.is_some() {
        OfficeMsg::OutcomeEditTitle
    } else {
        OfficeMsg::OutcomeNew
    };
    let back = match &props.id {
        Some(id) => Route::Outcome { id: id.clone() },
        None => Route::Outcomes,
    };
    html! {
        <section data-testid="page-outcome-form">
            <a class="back" href={back.href()}>{ "‹ " }{ Msg::Back.get(lang) }</a>
            <h1 data-testid="page-title">{ title.get(lang) }</h1>
            <form class="form" onsubmit={on_submit} data-testid="outcome-form" novalidate=true>
                <label>
                    <span>{ OfficeMsg::OutcomeType.get(lang) }</span>
                    <select data-testid="outcome-type"
                        onchange={select_change(&form, |f, v| if let Some(t) = OutcomeType::parse(&v) { f.outcome_type = t })}>
                        { for OutcomeType::ALL.iter().map(|t| html! {
                            <option value={t.as_str()} selected={current.outcome_type == *t}>{ t.label(lang) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ OfficeMsg::OutcomeTitle.get(lang) }</span>
                    <input type="text" value={current.title.clone()} maxlength="80" placeholder={OfficeMsg::OutcomeTitleHint.get(lang)}
                        oninput={text_input(&form, |f, v| f.title = v)} data-testid="outcome-title" />
                    { field_error(&save_state, "title", lang) }
                </label>
                <label>
                    <span>{ OfficeMsg::OutcomeSummary.get(lang) }</span>
                    <textarea rows="4" value={current.summary.clone()}
                        oninput={area_input(&form, |f, v| f.summary = v)} data-testid="outcome-summary" />
                </label>
                <div class="two">
                    <label>
                        <span>{ OfficeMsg::Date.get(lang) }</span>
                        <input type="date" value={current.on.clone()}
                            oninput={text_input(&form, |f, v| f.on = v)} data-testid="outcome-date" />
                        { field_error(&save_state, "on", lang) }
                    </label>
                    <label>
                        <span>{ Msg::CaptureCommunity.get(lang) }</span>
                        <CommunitySelect communities={lists.communities.clone()} value={current.community_id.clone()}
                            onchange={on_community} testid="outcome-community" empty_label={OfficeMsg::CommunityNone.get(lang)} />
                    </label>
                </div>
                <div class="two">
                    <label>
                        <span>{ OfficeMsg::OutcomeFunds.get(lang) }</span>
                        <input type="text" inputmode="decimal" value={current.funds.clone()} maxlength="24"
                            placeholder={OfficeMsg::OutcomeFundsHint.get(lang)} disabled={current.has_sources()}
                            oninput={text_input(&form, |f, v| f.funds = v)} data-testid="outcome-funds" />
                        { funds_preview }
                        { field_error(&save_state, "funds_fen", lang) }
                    </label>
                    <label>
                        <span>{ OfficeMsg::OutcomeBeneficiaries.get(lang) }</span>
                        <input type="text" inputmode="numeric" value={current.beneficiaries.clone()} maxlength="9" placeholder="0"
                            oninput={text_input(&form, |f, v| f.beneficiaries = v)} data-testid="outcome-beneficiaries" />
                        { field_error(&save_state, "beneficiaries", lang) }
                    </label>
                </div>
                <fieldset data-testid="outcome-funding">
                    <legend>{ DecisionMsg::Funding.get(lang) }</legend>
                    <p class="muted small">{ DecisionMsg::SourcesHint.get(lang) }</p>
                    <div class="three">
                        <label>
                            <span>{ DecisionMsg::Government.get(lang) }</span>
                            <input type="text" inputmode="decimal" maxlength="24" value={current.government.clone()}
                                oninput={text_input(&form, |f, v| f.government = v)} data-testid="outcome-funding-government" />
                            { field_error(&save_state, "funding_fen.government", lang) }
                        </label>
                        <label>
                            <span>{ DecisionMsg::Social.get(lang) }</span>
                            <input type="text" inputmode="decimal" maxlength="24" value={current.social.clone()}
                                oninput={text_input(&form, |f, v| f.social = v)} data-testid="outcome-funding-social" />
                            { field_error(&save_state, "funding_fen.social", lang) }
                        </label>
                        <label>
                            <span>{ DecisionMsg::Residents.get(lang) }</span>
                            <input type="text" inputmode="decimal" maxlength="24" value={current.residents.clone()}
                                oninput={text_input(&form, |f, v| f.residents = v)} data-testid="outcome-funding-residents" />
                            { field_error(&save_state, "funding_fen.residents", lang) }
                        </label>
                    </div>
                    <label>
                        <span>{ DecisionMsg::Spent.get(lang) }</span>
                        <input type="text" inputmode="decimal" maxlength="24" value={current.spent.clone()}
                            oninput={text_input(&form, |f, v| f.spent = v)} data-testid="outcome-spent" />
                        { field_error(&save_state, "spent_fen", lang) }
                    </label>
                </fieldset>
                <fieldset>
                    <legend>{ OfficeMsg::LinkedDemands.get(lang) }</legend>
                    <SearchPicker items={lists.demands.clone()} selected={current.demand_ids.clone()}
                        onchange={list_change(&form, |f, ids| f.demand_ids = ids)} testid="outcome-demand"
                        placeholder={OfficeMsg::PickDemandSearch.get(lang)} />
                </fieldset>
                <label>
                    <span>{ OfficeMsg::OutcomeTopic.get(lang) }</span>
                    <select data-testid="outcome-topic" onchange={select_change(&form, |f, v| f.topic_id = v)}>
                        <option value="" selected={current.topic_id.is_empty()}>{ OfficeMsg::OutcomeNoTopic.get(lang) }</option>
                        { for lists.topics.iter().map(|(id, t)| html! {
                            <option value={id.clone()} selected={current.topic_id == *id}>{ t.title.clone() }</option>
                        }) }
                    </select>
                </label>
                <fieldset>
                    <legend>{ OfficeMsg::OutcomeActivities.get(lang) }</legend>
                    <SearchPicker items={lists.activities.clone()} selected={current.activity_ids.clone()}
                        onchange={list_change(&form, |f, ids| f.activity_ids = ids)} testid="outcome-activity"
                        placeholder={OfficeMsg::PickActivitySearch.get(lang)} />
                </fieldset>
                <fieldset>
                    <legend>{ OfficeMsg::OutcomeMembers.get(lang) }</legend>
                    <MemberPicker members={lists.members.clone()} selected={current.member_ids.clone()}
                        onchange={list_change(&form, |f, ids| f.member_ids = ids)} testid="outcome-member" />
                </fieldset>
                <label class="check">
                    <input type="checkbox" checked={current.internal} data-testid="outcome-internal"
                        onchange={{
                            let form = form.clone();
                            Callback::from(move |e: Event| {
                                let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                                form.dispatch(Box::new(move |f| f.internal = on))
                            })
                        }} />
                    <span>{ crate::i18n::ModuleMsg::ConsultationInternal.get(lang) }</span>
                </label>
                { save_problems(&save_state, "outcome-error", lang) }
                <button type="submit" class="primary big" disabled={saving} data-testid="outcome-save">
                    { if saving { Msg::CaptureSaving.get(lang) } else { OfficeMsg::OutcomeSave.get(lang) } }
                </button>
            </form>
        </section>
    }
}
