//! "Make a research topic" from selected demands: the topic and a referral of
//! each demand into it are written in one transaction.

use serde_json::json;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::records::{self, now_rfc3339};
use crate::domain::kinds::Kind;
use crate::domain::referral::{referral_events, ReferralTarget};
use crate::i18n::TopicMsg;
use crate::ui::hooks::use_app;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct MakeTopicProps {
    pub demand_ids: Vec<String>,
}

#[function_component(MakeTopic)]
pub fn make_topic(props: &MakeTopicProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let title = use_state(String::new);
    let error = use_state(|| None::<String>);
    let navigator = use_navigator();

    let on_title = {
        let title = title.clone();
        Callback::from(move |e: InputEvent| {
            title.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_submit = {
        let (state, title, error, ids) = (
            state.clone(),
            title.clone(),
            error.clone(),
            props.demand_ids.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let topic = json!({
                "title": title.trim(), "origin": "demands", "demand_ids": ids,
                "expert_ids": [], "status": "proposed",
            });
            let (error, navigator, ids) = (error.clone(), navigator.clone(), ids.clone());
            let by = device.member_id.clone();
            spawn_local(async move {
                let topic_id = records::new_id();
                let at = now_rfc3339();
                let mut creates = vec![(Some(topic_id.clone()), Kind::Topic, topic)];
                let target = ReferralTarget::Topic {
                    topic_id: Some(topic_id.clone()),
                };
                for id in &ids {
                    for event in referral_events(id, &at, by.as_deref(), &target, None) {
                        match serde_json::to_value(&event) {
                            Ok(value) => creates.push((None, Kind::DemandEvent, value)),
                            Err(err) => return error.set(Some(err.to_string())),
                        }
                    }
                }
                match records::write_batch_with_ids(&store, &device.id, creates, Vec::new()).await {
                    Ok(_) => {
                        if let Some(nav) = navigator {
                            nav.push(&Route::Topic { id: topic_id });
                        }
                    }
                    Err(err) => error.set(Some(err.message(lang))),
                }
            });
        })
    };

    html! {
        <form class="card form make-topic" onsubmit={on_submit} data-testid="make-topic-form">
            <p><strong>{ format!("{} {}", TopicMsg::Selected.get(lang), props.demand_ids.len()) }</strong></p>
            <label>
                <span>{ TopicMsg::TopicTitle.get(lang) }</span>
                <input type="text" value={(*title).clone()} oninput={on_title} maxlength="80"
                    placeholder={TopicMsg::TopicTitleHint.get(lang)} data-testid="topic-title" />
            </label>
            if let Some(message) = (*error).clone() {
                <p class="field-error" role="alert" data-testid="make-topic-error">{ message }</p>
            }
            <button type="submit" class="primary" data-testid="make-topic">{ TopicMsg::MakeTopic.get(lang) }</button>
        </form>
    }
}
