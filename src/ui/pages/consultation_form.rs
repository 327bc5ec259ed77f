//! Records a decision consultation: who asks, about what, how (meeting or in
//! writing), by when, and whom it invites — experts chosen by domain from the
//! expert list and, where asked, citizens' representatives.

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::modules::load_members;
use crate::app::platform::today_local;
use crate::app::AppError;
use crate::domain::kinds::{
    domain_label, Consultation, ConsultationMatter, ConsultationWay, Kind, Member, Team,
};
use crate::i18n::{ModuleMsg, Msg};
use crate::ui::components::office_form::{
    area_input, field_error, list_change, optional, record_data, save_problems, select_change,
    submit_handler, text_input, FormState, SaveState,
};
use crate::ui::components::record_pickers::MemberPicker;
use crate::ui::hooks::{use_app, use_load};

use crate::ui::route::Route;

#[derive(Clone, PartialEq)]
struct ConsultationForm {
    requested_by: String,
    subject: String,
    summary: String,
    matter: ConsultationMatter,
    way: ConsultationWay,
    requested_on: String,
    due_on: String,
    domains: Vec<String>,
    expert_ids: Vec<String>,
    citizen_ids: Vec<String>,
    internal: bool,
}

impl ConsultationForm {
    fn fresh() -> Self {
        ConsultationForm {
            requested_by: String::new(),
            subject: String::new(),
            summary: String::new(),
            matter: ConsultationMatter::KeyProject,
            way: ConsultationWay::Written,
            requested_on: today_local(),
            due_on: String::new(),
            domains: Vec::new(),
            expert_ids: Vec::new(),
            citizen_ids: Vec::new(),
            internal: false,
        }
    }

    fn to_consultation(&self) -> Result<Consultation, AppError> {
        Ok(Consultation {
            requested_by: self.requested_by.trim().to_string(),
            subject: self.subject.trim().to_string(),
            summary: optional(&self.summary),
            matter: self.matter,
            way: self.way,
            requested_on: self.requested_on.trim().to_string(),
            due_on: self.due_on.trim().to_string(),
            domains: self.domains.clone(),
            expert_ids: self.expert_ids.clone(),
            citizen_ids: self.citizen_ids.clone(),
            closed_on: None,
            adopted_ids: Vec::new(),
            result: None,
            internal: self.internal,
            extra: Default::default(),
        })
    }
}

/// The domain keys experts are listed under, the five citizens' domains first.
fn expert_domains(members: &[(String, Member)]) -> Vec<String> {
    let mut keys: Vec<String> = crate::domain::kinds::DOMAINS
        .iter()
        .map(|k| k.to_string())
        .collect();
    let extra: BTreeSet<&String> = members
        .iter()
        .filter(|(_, m)| m.team == Team::Expert && m.active)
        .flat_map(|(_, m)| &m.domains)
        .filter(|k| !keys.contains(k))
        .collect();
    keys.extend(extra.into_iter().cloned());
    keys
}

#[function_component(ConsultationFormPage)]
pub fn consultation_form_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let navigator = use_navigator();
    let form = use_reducer(|| FormState(ConsultationForm::fresh()));
    let loaded = use_load((), |db, ()| async move { load_members(&db).await });
    let save_state = use_state(|| SaveState::Idle);
    let Some(members) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let current = form.0.clone();
    let chosen_domains: BTreeSet<&String> = current.domains.iter().collect();
    // Experts of the chosen domains (all experts when none is chosen); the
    // picker always keeps the ones already ticked.
    let experts: Rc<Vec<(String, Member)>> = Rc::new(
        members
            .iter()
            .filter(|(id, m)| {
                m.team == Team::Expert
                    && (chosen_domains.is_empty()
                        || m.domains.iter().any(|d| chosen_domains.contains(d))
                        || current.expert_ids.contains(id))
            })
            .cloned()
            .collect(),
    );
    let citizens: Rc<Vec<(String, Member)>> = Rc::new(
        members
            .iter()
            .filter(|(_, m)| m.team == Team::Citizen)
            .cloned()
            .collect(),
    );
    let domain_box = |key: String| {
        let checked = chosen_domains.contains(&key);
        let onchange = {
            let (form, key) = (form.clone(), key.clone());
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                let key = key.clone();
                form.dispatch(Box::new(move |f| {
                    f.domains.retain(|d| *d != key);
                    if on {
                        f.domains.push(key);
                    }
                }))
            })
        };
        html! {
            <label class="check">
                <input type="checkbox" {checked} {onchange} data-testid={format!("consultation-domain-{key}")} />
                <span>{ domain_label(&key, lang).to_string() }</span>
            </label>
        }
    };
    let on_submit = submit_handler(
        state.clone(),
        save_state.clone(),
        navigator,
        None,
        Kind::Consultation,
        {
            let form = form.clone();
            Rc::new(move || record_data(&form.0.to_consultation()?))
        },
        |id| Route::Consultation { id },
    );
    let on_internal = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            form.dispatch(Box::new(move |f| f.internal = on))
        })
    };
    let saving = *save_state == SaveState::Saving;
    html! {
        <section data-testid="page-consultation-form">
            <a class="back" href={Route::Consultations.href()}>{ "‹ " }{ Msg::Back.get(lang) }</a>
            <h1 data-testid="page-title">{ ModuleMsg::ConsultationNew.get(lang) }</h1>
            <form class="form" onsubmit={on_submit} data-testid="consultation-form" novalidate=true>
                <label>
                    <span>{ ModuleMsg::ConsultationRequestedBy.get(lang) }</span>
                    <input type="text" value={current.requested_by.clone()} maxlength="60"
                        placeholder={ModuleMsg::ConsultationRequestedByHint.get(lang)}
                        oninput={text_input(&form, |f, v| f.requested_by = v)} data-testid="consultation-requested-by" />
                    { field_error(&save_state, "requested_by", lang) }
                </label>
                <label>
                    <span>{ ModuleMsg::ConsultationSubject.get(lang) }</span>
                    <input type="text" value={current.subject.clone()} maxlength="100"
                        placeholder={ModuleMsg::ConsultationSubjectHint.get(lang)}
                        oninput={text_input(&form, |f, v| f.subject = v)} data-testid="consultation-subject" />
                    { field_error(&save_state, "subject", lang) }
                </label>
                <label>
                    <span>{ ModuleMsg::ConsultationSummary.get(lang) }</span>
                    <textarea rows="4" value={current.summary.clone()}
                        oninput={area_input(&form, |f, v| f.summary = v)} data-testid="consultation-summary" />
                </label>
                <div class="two">
                    <label>
                        <span>{ ModuleMsg::ConsultationMatter.get(lang) }</span>
                        <select data-testid="consultation-matter"
                            onchange={select_change(&form, |f, v| if let Some(m) = ConsultationMatter::parse(&v) { f.matter = m })}>
                            { for ConsultationMatter::ALL.iter().map(|m| html! {
                                <option value={m.as_str()} selected={current.matter == *m}>{ m.label(lang) }</option>
                            }) }
                        </select>
                    </label>
                    <label>
                        <span>{ ModuleMsg::ConsultationWay.get(lang) }</span>
                        <select data-testid="consultation-way"
                            onchange={select_change(&form, |f, v| if let Some(w) = ConsultationWay::parse(&v) { f.way = w })}>
                            { for ConsultationWay::ALL.iter().map(|w| html! {
                                <option value={w.as_str()} selected={current.way == *w}>{ w.label(lang) }</option>
                            }) }
                        </select>
                    </label>
                </div>
                <div class="two">
                    <label>
                        <span>{ ModuleMsg::ConsultationRequestedOn.get(lang) }</span>
                        <input type="date" value={current.requested_on.clone()}
                            oninput={text_input(&form, |f, v| f.requested_on = v)} data-testid="consultation-requested-on" />
                        { field_error(&save_state, "requested_on", lang) }
                    </label>
                    <label>
                        <span>{ ModuleMsg::ConsultationDueOn.get(lang) }</span>
                        <input type="date" value={current.due_on.clone()}
                            oninput={text_input(&form, |f, v| f.due_on = v)} data-testid="consultation-due-on" />
                        { field_error(&save_state, "due_on", lang) }
                    </label>
                </div>
                <fieldset>
                    <legend>{ ModuleMsg::ConsultationDomains.get(lang) }</legend>
                    <div class="choices grid">{ for expert_domains(&members).into_iter().map(domain_box) }</div>
                </fieldset>
                <fieldset>
                    <legend>{ ModuleMsg::ConsultationExperts.get(lang) }</legend>
                    <MemberPicker members={experts} selected={current.expert_ids.clone()}
                        onchange={list_change(&form, |f, ids| f.expert_ids = ids)} testid="consultation-expert" />
                </fieldset>
                <fieldset>
                    <legend>{ ModuleMsg::ConsultationCitizens.get(lang) }</legend>
                    <MemberPicker members={citizens} selected={current.citizen_ids.clone()}
                        onchange={list_change(&form, |f, ids| f.citizen_ids = ids)} testid="consultation-citizen" />
                </fieldset>
                <label class="check">
                    <input type="checkbox" checked={current.internal} onchange={on_internal} data-testid="consultation-internal" />
                    <span>{ ModuleMsg::ConsultationInternal.get(lang) }</span>
                </label>
                { save_problems(&save_state, "consultation-error", lang) }
                <button type="submit" class="primary big" disabled={saving} data-testid="consultation-save">
                    { if saving { Msg::CaptureSaving.get(lang) } else { ModuleMsg::ConsultationSave.get(lang) } }
                </button>
            </form>
        </section>
    }
}
