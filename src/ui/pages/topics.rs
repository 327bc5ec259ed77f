//! The topic list (课题清单): each topic's stage, how many demands it groups and
//! how many opinions it has collected.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::domain::consultation::topic_overdue;
use crate::domain::kinds::{Consultation, Kind, Opinion, Topic};
use crate::i18n::{ModuleMsg, TopicMsg};
use crate::store::ListFilter;
use crate::ui::components::new_topic::NewTopic;
use crate::ui::hooks::use_app;
use crate::ui::platform::today_local;
use crate::ui::records::decode;
use crate::ui::route::Route;

#[function_component(TopicsPage)]
pub fn topics_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let topics = use_state(|| None::<Vec<(String, Topic, usize)>>);
    let consultations = use_state(|| Rc::new(Vec::<(String, Consultation)>::new()));
    let adding = use_state(|| false);

    {
        let (state, topics, consultations) = (state.clone(), topics.clone(), consultations.clone());
        use_effect_with((), move |_| {
            if let Some(store) = state.store() {
                spawn_local(async move {
                    let all = ListFilter::default();
                    let mut opinions: BTreeMap<String, usize> = BTreeMap::new();
                    for rev in store.list(Kind::Opinion, &all).await.unwrap_or_default() {
                        if let Some(o) = decode::<Opinion>(&rev) {
                            *opinions.entry(o.topic_id).or_default() += 1;
                        }
                    }
                    let mut list: Vec<(String, Topic, usize)> = store
                        .list(Kind::Topic, &all)
                        .await
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|r| {
                            let t = decode::<Topic>(r)?;
                            Some((r.id.clone(), t, opinions.get(&r.id).copied().unwrap_or(0)))
                        })
                        .collect();
                    list.sort_by(|a, b| (a.1.status, &a.1.title).cmp(&(b.1.status, &b.1.title)));
                    let found: Vec<(String, Consultation)> = store
                        .list(Kind::Consultation, &all)
                        .await
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|r| Some((r.id.clone(), decode::<Consultation>(r)?)))
                        .collect();
                    consultations.set(Rc::new(found));
                    topics.set(Some(list));
                });
            }
        });
    }

    let Some(list) = (*topics).clone() else {
        return html! { <p class="notice">{ crate::i18n::Msg::Loading.get(lang) }</p> };
    };
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
                <NewTopic consultations={(*consultations).clone()} />
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
