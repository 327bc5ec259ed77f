//! One research topic: its demands, its experts, its stage, and the residents'
//! opinions collected on it with their tally (overall and per community).

use serde_json::json;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::office;
use crate::app::platform::today_local;
use crate::app::records::{self};
use crate::app::AppError;
use crate::domain::kinds::{Kind, Stance, Topic};
use crate::domain::topics::{next_status, tally};
use crate::i18n::{Msg, TopicMsg};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct TopicPageProps {
    pub id: String,
}

#[function_component(TopicPage)]
pub fn topic_page(props: &TopicPageProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load(props.id.clone(), |db, id| async move {
        office::topic_detail(&db, &id).await
    });
    let feedback = use_state(|| None::<Result<(), AppError>>);
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let Some(topic) = data.topic.clone() else {
        return html! {
            <section data-testid="page-topic">
                <h1 data-testid="page-title">{ TopicMsg::Title.get(lang) }</h1>
                <p class="notice" data-testid="topic-missing">{ TopicMsg::NotFound.get(lang) }</p>
            </section>
        };
    };

    // Saves a new version of the topic, then reloads.
    let save_topic = {
        let (state, reload, feedback, id) = (
            state.clone(),
            loaded.clone(),
            feedback.clone(),
            props.id.clone(),
        );
        Callback::from(move |next: Topic| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let data = match serde_json::to_value(&next) {
                Ok(data) => data,
                Err(err) => return feedback.set(Some(Err(AppError::from(err)))),
            };
            let (reload, feedback, id) = (reload.clone(), feedback.clone(), id.clone());
            spawn_local(async move {
                let result = records::edit(&db, &device.id, &id, data).await.map(|_| ());
                feedback.set(Some(result));
                reload.reload();
            });
        })
    };

    let advance = next_status(topic.status).map(|next| {
        let (save_topic, topic) = (save_topic.clone(), topic.clone());
        let onclick = Callback::from(move |_| {
            let mut t = topic.clone();
            t.status = next;
            save_topic.emit(t);
        });
        html! {
            <button type="button" class="primary" {onclick} data-testid="topic-advance">
                { format!("{} → {}", TopicMsg::Advance.get(lang), next.label(lang)) }
            </button>
        }
    });

    // Kept off the community notice: an extension field of the topic record.
    let internal = crate::domain::notice::is_internal(&topic.extra);
    let on_internal = {
        let (save_topic, topic) = (save_topic.clone(), topic.clone());
        Callback::from(move |_: MouseEvent| {
            let mut t = topic.clone();
            if internal {
                t.extra.remove("internal");
            } else {
                t.extra
                    .insert("internal".into(), serde_json::Value::Bool(true));
            }
            save_topic.emit(t);
        })
    };

    let counts = tally(&props.id, &data.opinions);
    let community_name = |id: &Option<String>| -> String {
        id.as_ref()
            .and_then(|id| data.communities.iter().find(|(c, _)| c == id))
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| TopicMsg::AnyCommunity.get(lang).to_string())
    };

    html! {
        <section data-testid="page-topic">
            <a class="back" href={Route::Topics.href()}>{ "‹ " }{ TopicMsg::Title.get(lang) }</a>
            <h1 data-testid="page-title">{ topic.title.clone() }</h1>
            <p>
                <span class="tag" data-testid="topic-status">{ topic.status.label(lang) }</span>
                { " " }<span class="tag" data-testid="topic-origin">{ crate::ui::pages::topics::topic_origin_label(&topic, lang) }</span>
                if crate::domain::consultation::topic_overdue(topic.status, topic.due_on.as_deref(), &crate::app::platform::today_local()) {
                    { " " }<span class="tag warn" data-testid="topic-overdue">{ crate::i18n::ModuleMsg::TopicOverdue.get(lang) }</span>
                }
                if let Some(due) = &topic.due_on {
                    { " " }<span data-testid="topic-due">{ crate::i18n::ModuleMsg::TopicDue.get(lang) }{ lang.colon() }{ due.clone() }</span>
                }
                if let Some(consultation) = topic.extra.get("consultation_id").and_then(|v| v.as_str()) {
                    { " " }<a href={Route::Consultation { id: consultation.to_string() }.href()} data-testid="topic-consultation">{ crate::i18n::ModuleMsg::ConsultationsTitle.get(lang) }</a>
                }
            </p>
            if let Some(d) = topic.description.clone() { <p class="description">{ d }</p> }
            <p class="muted small">
                if internal { <span class="tag" data-testid="topic-internal">{ crate::i18n::ModuleMsg::NoticeInternal.get(lang) }</span>{ " " } }
                <button type="button" class="small-button" onclick={on_internal} data-testid="topic-toggle-internal">
                    { if internal { crate::i18n::ModuleMsg::NoticeMarkPublic.get(lang) } else { crate::i18n::ModuleMsg::NoticeMarkInternal.get(lang) } }
                </button>
            </p>
            if let Some(result) = (*feedback).clone() {
                {
                    match result {
                        Ok(()) => html! { <p class="notice ok" role="status" data-testid="topic-feedback">{ "✓ " }{ Msg::Saved.get(lang) }</p> },
                        Err(err) => html! { <p class="notice error" role="alert" data-testid="topic-error">{ err.message(lang) }</p> },
                    }
                }
            }
            <div class="card">
                <h2>{ TopicMsg::Status.get(lang) }</h2>
                <ol class="stages">
                    { for crate::domain::kinds::TopicStatus::ALL.iter().map(|s| html! {
                        <li class={classes!((*s == topic.status).then_some("current"))}>{ s.label(lang) }</li>
                    }) }
                </ol>
                { for advance }
            </div>
            <div class="card">
                <h2>{ TopicMsg::Demands.get(lang) }</h2>
                <ul class="plain" data-testid="topic-demands">
                    { for data.demands.iter().map(|(id, title)| html! {
                        <li><a href={Route::Demand { id: id.clone() }.href()}>{ title.clone() }</a></li>
                    }) }
                </ul>
            </div>
            <ExpertPicker topic={topic.clone()} experts={data.experts.clone()} on_save={save_topic.clone()} />
            <div class="card">
                <h2>{ TopicMsg::Tally.get(lang) }</h2>
                <table class="tally" data-testid="topic-tally">
                    <thead><tr>
                        <th>{ TopicMsg::Community.get(lang) }</th>
                        { for Stance::ALL.iter().map(|s| html! { <th>{ s.label(lang) }</th> }) }
                        <th>{ TopicMsg::Total.get(lang) }</th>
                    </tr></thead>
                    <tbody>
                        { for counts.by_community.iter().map(|(c, n)| html! {
                            <tr><td>{ community_name(c) }</td>
                                { for Stance::ALL.iter().map(|s| html! { <td>{ n.get(*s) }</td> }) }
                                <td>{ n.total() }</td></tr>
                        }) }
                        <tr class="total">
                            <td>{ TopicMsg::Total.get(lang) }</td>
                            { for Stance::ALL.iter().map(|s| html! { <td data-testid={format!("tally-{}", s.as_str())}>{ counts.overall.get(*s) }</td> }) }
                            <td data-testid="tally-total">{ counts.overall.total() }</td>
                        </tr>
                    </tbody>
                </table>
                <ul class="plain opinions" data-testid="topic-opinions">
                    { for data.opinions.iter().map(|o| html! {
                        <li data-testid="opinion"><span class="tag">{ o.stance.label(lang) }</span>{ " " }
                            <span class="muted">{ format!("{} · {}", o.on, community_name(&o.community_id)) }</span>
                            if let Some(t) = o.text.clone() { <p class="event-text">{ t }</p> }
                        </li>
                    }) }
                </ul>
            </div>
            <OpinionForm topic_id={props.id.clone()} communities={data.communities.clone()} on_saved={
                let (reload, feedback) = (loaded.clone(), feedback.clone());
                Callback::from(move |result: Result<(), AppError>| { feedback.set(Some(result)); reload.reload(); })
            } />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ExpertPickerProps {
    topic: Topic,
    experts: Vec<(String, String)>,
    on_save: Callback<Topic>,
}

/// Assigns experts from the expert committee to the topic.
#[function_component(ExpertPicker)]
fn expert_picker(props: &ExpertPickerProps) -> Html {
    let lang = use_app().lang;
    let chosen = use_state(|| props.topic.expert_ids.clone());
    {
        let chosen = chosen.clone();
        use_effect_with(props.topic.expert_ids.clone(), move |ids| {
            chosen.set(ids.clone())
        });
    }
    let on_save = {
        let (chosen, topic, on_save) = (chosen.clone(), props.topic.clone(), props.on_save.clone());
        Callback::from(move |_| {
            let mut t = topic.clone();
            t.expert_ids = (*chosen).clone();
            on_save.emit(t);
        })
    };
    html! {
        <div class="card" data-testid="topic-experts">
            <h2>{ TopicMsg::Experts.get(lang) }</h2>
            if props.experts.is_empty() {
                <p class="muted">{ TopicMsg::NoExperts.get(lang) }</p>
            } else {
                <div class="checks">
                    { for props.experts.iter().map(|(id, name)| {
                        let checked = chosen.contains(id);
                        let (chosen, id2) = (chosen.clone(), id.clone());
                        let onchange = Callback::from(move |_: Event| {
                            let mut next = (*chosen).clone();
                            if let Some(pos) = next.iter().position(|x| *x == id2) { next.remove(pos); } else { next.push(id2.clone()); }
                            chosen.set(next);
                        });
                        html! {
                            <label class="check"><input type="checkbox" {checked} {onchange} data-testid="expert-check" /><span>{ name.clone() }</span></label>
                        }
                    }) }
                </div>
                <button type="button" onclick={on_save} data-testid="experts-save">{ TopicMsg::SaveExperts.get(lang) }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct OpinionFormProps {
    topic_id: String,
    communities: Vec<(String, String)>,
    on_saved: Callback<Result<(), AppError>>,
}

/// Records one resident's opinion (paper forms and talk days count too).
#[function_component(OpinionForm)]
fn opinion_form(props: &OpinionFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let stance = use_state(|| Stance::Support);
    let text = use_state(String::new);
    let community = use_state(String::new);
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_community = {
        let community = community.clone();
        Callback::from(move |e: Event| {
            community.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_submit = {
        let (state, stance, text, community) = (
            state.clone(),
            stance.clone(),
            text.clone(),
            community.clone(),
        );
        let (topic_id, on_saved) = (props.topic_id.clone(), props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let mut data =
                json!({ "topic_id": topic_id, "stance": stance.as_str(), "on": today_local() });
            if !text.trim().is_empty() {
                data["text"] = json!(text.trim());
            }
            if !community.is_empty() {
                data["community_id"] = json!(*community);
            }
            let (on_saved, text) = (on_saved.clone(), text.clone());
            spawn_local(async move {
                let result = records::create(&db, &device.id, Kind::Opinion, data)
                    .await
                    .map(|_| ());
                if result.is_ok() {
                    text.set(String::new());
                }
                on_saved.emit(result);
            });
        })
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="opinion-form">
            <h2>{ TopicMsg::AddOpinion.get(lang) }</h2>
            <fieldset>
                <legend>{ TopicMsg::Stance.get(lang) }</legend>
                <div class="choices">
                    { for Stance::ALL.iter().map(|s| {
                        let (stance, value) = (stance.clone(), *s);
                        html! {
                            <button type="button" class={classes!("choice", (*stance == value).then_some("selected"))}
                                data-testid={format!("stance-{}", s.as_str())} onclick={Callback::from(move |_| stance.set(value))}>
                                { s.label(lang) }
                            </button>
                        }
                    }) }
                </div>
            </fieldset>
            <label>
                <span>{ TopicMsg::Community.get(lang) }</span>
                <select onchange={on_community} data-testid="opinion-community">
                    <option value="" selected={community.is_empty()}>{ TopicMsg::AnyCommunity.get(lang) }</option>
                    { for props.communities.iter().map(|(id, name)| html! {
                        <option value={id.clone()} selected={*community == *id}>{ name.clone() }</option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ TopicMsg::OpinionText.get(lang) }</span>
                <textarea rows="3" value={(*text).clone()} oninput={on_text} data-testid="opinion-text" />
            </label>
            <button type="submit" class="primary" data-testid="opinion-save">{ TopicMsg::AddOpinion.get(lang) }</button>
        </form>
    }
}
