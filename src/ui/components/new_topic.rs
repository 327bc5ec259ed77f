//! "New topic" on the topic list: a topic the district sets (点题调研), one the
//! experts propose (荐题献策), or a 专题咨询 raised from a decision consultation —
//! with its due date. Topics from residents' demands are made in the demand list.

use serde_json::json;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::records;
use crate::app::AppError;
use crate::domain::kinds::{Consultation, Kind};
use crate::i18n::ModuleMsg;
use crate::ui::hooks::use_app;
use crate::ui::route::Route;

/// The origins offered here, as (choice key, wire origin).
const CHOICES: [(&str, &str); 4] = [
    ("government", "government"),
    ("expert", "expert"),
    ("consultation", "government"),
    ("demands", "demands"),
];

fn choice_label(key: &str, lang: crate::i18n::Lang) -> &'static str {
    use crate::domain::kinds::TopicOrigin;
    match key {
        "government" => TopicOrigin::Government.label(lang),
        "expert" => TopicOrigin::Expert.label(lang),
        "consultation" => ModuleMsg::TopicOriginConsultation.get(lang),
        _ => TopicOrigin::Demands.label(lang),
    }
}

#[derive(Properties, PartialEq)]
pub struct NewTopicProps {
    /// The consultations a 专题咨询 topic may come from.
    pub consultations: std::rc::Rc<Vec<(String, Consultation)>>,
}

#[function_component(NewTopic)]
pub fn new_topic(props: &NewTopicProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let navigator = use_navigator();
    let choice = use_state(|| "government".to_string());
    let title = use_state(String::new);
    let description = use_state(String::new);
    let due_on = use_state(String::new);
    let consultation = use_state(String::new);
    let error = use_state(|| None::<AppError>);

    let input = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |e: InputEvent| {
            handle.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let select = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |e: Event| {
            handle.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_description = {
        let description = description.clone();
        Callback::from(move |e: InputEvent| {
            description.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_submit = {
        let (state, error) = (state.clone(), error.clone());
        let (choice, title, description, due_on, consultation) = (
            choice.clone(),
            title.clone(),
            description.clone(),
            due_on.clone(),
            consultation.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let origin = CHOICES
                .iter()
                .find(|(key, _)| **key == *choice)
                .map(|(_, origin)| *origin)
                .unwrap_or("government");
            let mut data = json!({
                "title": title.trim(), "origin": origin, "demand_ids": [], "expert_ids": [],
                "status": "proposed",
            });
            if !description.trim().is_empty() {
                data["description"] = json!(description.trim());
            }
            if !due_on.trim().is_empty() {
                data["due_on"] = json!(due_on.trim());
            }
            if *choice == "consultation" && !consultation.is_empty() {
                data["consultation_id"] = json!(*consultation);
            }
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                match records::create(&db, &device.id, Kind::Topic, data).await {
                    Ok(rev) => {
                        if let Some(nav) = navigator {
                            nav.push(&Route::Topic { id: rev.id });
                        }
                    }
                    Err(err) => error.set(Some(err)),
                }
            });
        })
    };
    let from_demands = *choice == "demands";
    html! {
        <form class="form card" onsubmit={on_submit} data-testid="new-topic-form" novalidate=true>
            <h2>{ ModuleMsg::TopicNew.get(lang) }</h2>
            <label>
                <span>{ ModuleMsg::TopicOriginPick.get(lang) }</span>
                <select onchange={select(&choice)} data-testid="new-topic-origin">
                    { for CHOICES.iter().map(|(key, _)| html! {
                        <option value={*key} selected={*choice == *key}>{ choice_label(key, lang) }</option>
                    }) }
                </select>
            </label>
            if from_demands {
                <p class="muted" data-testid="new-topic-demands-hint">
                    { ModuleMsg::TopicNewFromDemandsHint.get(lang) }{ " " }
                    <a href={Route::Demands.href()}>{ ModuleMsg::DbDemands.get(lang) }</a>
                </p>
            } else {
                if *choice == "consultation" {
                    <label>
                        <span>{ ModuleMsg::ConsultationsTitle.get(lang) }</span>
                        <select onchange={select(&consultation)} data-testid="new-topic-consultation">
                            <option value="" selected={consultation.is_empty()}>{ ModuleMsg::ConsultationChoose.get(lang) }</option>
                            { for props.consultations.iter().map(|(id, c)| html! {
                                <option value={id.clone()} selected={*consultation == *id}>{ c.subject.clone() }</option>
                            }) }
                        </select>
                    </label>
                }
                <label>
                    <span>{ ModuleMsg::TopicNewTitle.get(lang) }</span>
                    <input type="text" value={(*title).clone()} maxlength="80" oninput={input(&title)} data-testid="new-topic-title" />
                </label>
                <label>
                    <span>{ ModuleMsg::TopicNewDescription.get(lang) }</span>
                    <textarea rows="3" value={(*description).clone()} oninput={on_description} data-testid="new-topic-description" />
                </label>
                <label>
                    <span>{ ModuleMsg::TopicNewDue.get(lang) }</span>
                    <input type="date" value={(*due_on).clone()} oninput={input(&due_on)} data-testid="new-topic-due" />
                </label>
                if let Some(err) = &*error {
                    <p class="notice error" role="alert" data-testid="new-topic-error">{ err.message(lang) }</p>
                }
                <button type="submit" class="primary" data-testid="new-topic-save">{ ModuleMsg::TopicNewSave.get(lang) }</button>
            }
        </form>
    }
}
