//! The topic list (课题清单): each topic's stage, how many demands it groups and
//! how many opinions it has collected.

use yew::prelude::*;

use crate::app::office;
use crate::i18n::TopicMsg;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[function_component(TopicsPage)]
pub fn topics_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let topics = use_load((), |db, ()| async move { office::topic_list(&db).await });
    let Some(list) = topics.data() else {
        return topics.view(lang, |_| html! {});
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
