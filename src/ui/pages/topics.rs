//! The topic list (课题清单): each topic's stage, how many demands it groups and
//! how many opinions it has collected.

use std::collections::BTreeMap;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::domain::kinds::{Kind, Opinion, Topic};
use crate::i18n::TopicMsg;
use crate::store::ListFilter;
use crate::ui::hooks::use_app;
use crate::ui::records::decode;
use crate::ui::route::Route;

#[function_component(TopicsPage)]
pub fn topics_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let topics = use_state(|| None::<Vec<(String, Topic, usize)>>);

    {
        let (state, topics) = (state.clone(), topics.clone());
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
                    topics.set(Some(list));
                });
            }
        });
    }

    let Some(list) = (*topics).clone() else {
        return html! { <p class="notice">{ crate::i18n::Msg::Loading.get(lang) }</p> };
    };
    html! {
        <section data-testid="page-topics">
            <h1 data-testid="page-title">{ TopicMsg::Title.get(lang) }</h1>
            <p class="muted">{ TopicMsg::Intro.get(lang) }</p>
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
                                <span>{ topic.origin.label(lang) }</span>
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
