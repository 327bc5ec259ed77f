//! The topic list (课题清单): each topic's stage, how many demands it groups and
//! how many opinions it has collected.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::platform::today_local;
use crate::app::{lists, office};
use crate::domain::consultation::topic_overdue;
use crate::domain::kinds::{Consultation, Kind, Topic};
use crate::i18n::{ModuleMsg, TopicMsg};
use crate::ui::components::new_topic::NewTopic;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[derive(PartialEq)]
struct Loaded {
    topics: Vec<(String, Topic, usize)>,
    /// The consultations a new topic can be raised from.
    consultations: Rc<Vec<(String, Consultation)>>,
}

#[function_component(TopicsPage)]
pub fn topics_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load((), |db, ()| async move {
        let topics = office::topic_list(&db).await?;
        let consultations: Vec<(String, Consultation)> =
            lists::load_kind(&db, Kind::Consultation).await?;
        Ok(Loaded {
            topics,
            consultations: Rc::new(consultations),
        })
    });
    let adding = use_state(|| false);
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let list = &data.topics;
    let today = today_local();
    let toggle = {
        let adding = adding.clone();
        Callback::from(move |_: MouseEvent| adding.set(!*adding))
    };
    html! {
        <section data-testid="page-topics">
            <div class="page-head">
                <h1 data-testid="page-title">{ TopicMsg::Title.get(lang) }</h1>
                <button type="button" class="primary" onclick={toggle} data-testid="topic-new">{ ModuleMsg::TopicNew.get(lang) }</button>
            </div>
            <p class="muted">{ TopicMsg::Intro.get(lang) }</p>
            if *adding {
                <NewTopic consultations={data.consultations.clone()} />
            }
            if list.is_empty() {
                <p class="notice" data-testid="topics-none">{ TopicMsg::None.get(lang) }</p>
            }
            <ul class="cards">
                { for list.iter().map(|(id, topic, opinions)| html! {
                    <li>
                        <a class="card row-card" href={Route::Topic { id: id.clone() }.href()} data-testid="topic-row">
                            <strong>{ topic.title.clone() }</strong>
                            <span class="vrow-meta">
                                <span class="tag">{ topic.status.label(lang) }</span>
                                if topic_overdue(topic.status, topic.due_on.as_deref(), &today) {
                                    <span class="tag warn" data-testid="topic-overdue">{ ModuleMsg::TopicOverdue.get(lang) }</span>
                                }
                                <span>{ topic_origin_label(topic, lang) }</span>
                                if let Some(due) = &topic.due_on {
                                    <span data-testid="topic-due">{ ModuleMsg::TopicDue.get(lang) }{ lang.colon() }{ due.clone() }</span>
                                }
                                <span>{ format!("{} {}", topic.demand_ids.len(), TopicMsg::DemandCount.get(lang)) }</span>
                                <span>{ format!("{opinions} {}", TopicMsg::OpinionCount.get(lang)) }</span>
                            </span>
                        </a>
                    </li>
                }) }
            </ul>
        </section>
    }
}

/// The topic's origin as the seed names it: a `government` topic raised from a
/// consultation (it names one in `consultation_id`) is 专题咨询.
pub fn topic_origin_label(topic: &Topic, lang: crate::i18n::Lang) -> &'static str {
    if topic
        .extra
        .get("consultation_id")
        .is_some_and(|v| v.is_string())
    {
        match lang {
            crate::i18n::Lang::Zh => "专题咨询",
            crate::i18n::Lang::En => "Special consultation",
        }
    } else {
        topic.origin.label(lang)
    }
}
