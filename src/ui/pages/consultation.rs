//! One decision consultation: what is asked, each invited member's current
//! response (a member may answer from any phone; the latest answer is theirs),
//! recording a response, closing it with the responses adopted ("采纳 n 条"),
//! and raising a 专题咨询 research topic from it.

use std::collections::BTreeSet;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::modules::{load_consultation, make_topic_from_consultation};
use crate::app::platform::today_local;
use crate::app::records;
use crate::app::AppError;
use crate::domain::consultation::{
    adopted_count, answered_count, consultation_overdue, consultation_status, current_responses,
    invited,
};
use crate::domain::kinds::{domain_label, Consultation, ConsultationStatus, Kind, Member, Stance};
use crate::i18n::{ModuleMsg, Msg};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::pages::consultations::{adopted_text, answered_text};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct ConsultationProps {
    pub id: String,
}

fn member_name(members: &[(String, Member)], id: &str) -> String {
    members
        .iter()
        .find(|(m, _)| m == id)
        .map(|(_, m)| m.name.clone())
        .unwrap_or_else(|| id.chars().take(8).collect())
}

#[function_component(ConsultationPage)]
pub fn consultation_page(props: &ConsultationProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let navigator = use_navigator();
    let loaded = use_load(props.id.clone(), |db, id| async move {
        load_consultation(&db, &id).await
    });
    let message = use_state(|| None::<Result<ModuleMsg, AppError>>);
    // The response form.
    let member = use_state(String::new);
    let stance = use_state(|| Stance::Support);
    let text = use_state(String::new);
    // The close form.
    let closed_on = use_state(today_local);
    let adopt = use_state(BTreeSet::<String>::new);
    let result = use_state(String::new);
    let busy = use_state(|| false);

    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let detail = match &*data {
        None => {
            return html! {
                <section data-testid="page-consultation">
                    <p class="notice" data-testid="consultation-missing">{ ModuleMsg::ConsultationNotFound.get(lang) }</p>
                    <a class="button" href={Route::Consultations.href()}>{ Msg::Back.get(lang) }</a>
                </section>
            }
        }
        Some(detail) => detail.clone(),
    };
    let id = props.id.clone();
    let c = detail.consultation.clone();
    let status = consultation_status(&id, &c, &detail.responses);
    let (answered, invited_count) = answered_count(&id, &c, &detail.responses);
    let current = current_responses(&id, &detail.responses);
    let invited_ids = invited(&c);
    let adopted: BTreeSet<&String> = c.adopted_ids.iter().collect();
    let overdue = consultation_overdue(&c, &today_local());

    let response_row = |member_id: &str| {
        let name = member_name(&detail.members, member_id);
        match current.get(member_id) {
            Some((rid, r, _)) => html! {
                <li class="card" data-testid="consultation-response" data-member={member_id.to_string()} data-id={rid.clone()}>
                    <strong>{ name }</strong>{ " " }
                    <span class="tag">{ r.stance.label(lang) }</span>{ " " }
                    <span class="muted small">{ r.on.clone() }</span>
                    if adopted.contains(rid) { { " " }<span class="tag status-resolved" data-testid="response-adopted">{ ModuleMsg::ConsultationAdopted.get(lang) }</span> }
                    <p data-testid="consultation-response-text">{ r.text.clone() }</p>
                </li>
            },
            None => html! {
                <li class="card muted" data-testid="consultation-waiting" data-member={member_id.to_string()}>
                    <strong>{ name }</strong>{ " · " }{ ModuleMsg::ConsultationNotAnswered.get(lang) }
                </li>
            },
        }
    };
    let others: Vec<&str> = current
        .keys()
        .copied()
        .filter(|m| !invited_ids.contains(m))
        .collect();

    // Record a response: a new record, so two phones never edit the same one.
    let on_respond = {
        let (state, loaded, message, busy) =
            (state.clone(), loaded.clone(), message.clone(), busy.clone());
        let (member, stance, text, id) = (member.clone(), stance.clone(), text.clone(), id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let data = serde_json::json!({
                "consultation_id": id, "member_id": *member, "stance": stance.as_str(),
                "text": text.trim(), "on": today_local(),
            });
            let (loaded, message, busy, text) =
                (loaded.clone(), message.clone(), busy.clone(), text.clone());
            busy.set(true);
            spawn_local(async move {
                match records::create(&db, &device.id, Kind::ConsultationResponse, data).await {
                    Ok(_) => {
                        text.set(String::new());
                        message.set(Some(Ok(ModuleMsg::ConsultationRespondSaved)));
                        loaded.reload();
                    }
                    Err(err) => message.set(Some(Err(err))),
                }
                busy.set(false);
            });
        })
    };
    // Close: a new version of the consultation naming the adopted responses.
    let on_close = {
        let (state, loaded, message, busy) =
            (state.clone(), loaded.clone(), message.clone(), busy.clone());
        let (closed_on, adopt, result, id, c) = (
            closed_on.clone(),
            adopt.clone(),
            result.clone(),
            id.clone(),
            c.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let mut next: Consultation = c.clone();
            next.closed_on = Some(closed_on.trim().to_string()).filter(|d| !d.is_empty());
            next.adopted_ids = adopt.iter().cloned().collect();
            next.result = crate::ui::components::office_form::optional(&result);
            let data = match serde_json::to_value(&next) {
                Ok(data) => data,
                Err(err) => return message.set(Some(Err(AppError::from(err)))),
            };
            let (loaded, message, busy, id) =
                (loaded.clone(), message.clone(), busy.clone(), id.clone());
            busy.set(true);
            spawn_local(async move {
                match records::edit(&db, &device.id, &id, data).await {
                    Ok(_) => {
                        message.set(Some(Ok(ModuleMsg::ConsultationClosed)));
                        loaded.reload();
                    }
                    Err(err) => message.set(Some(Err(err))),
                }
                busy.set(false);
            });
        })
    };
    let on_topic = {
        let (state, message, id, c) = (state.clone(), message.clone(), id.clone(), c.clone());
        Callback::from(move |_: MouseEvent| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let (message, navigator, id, c) =
                (message.clone(), navigator.clone(), id.clone(), c.clone());
            spawn_local(async move {
                match make_topic_from_consultation(&db, &device.id, &id, &c).await {
                    Ok(topic) => {
                        if let Some(nav) = navigator {
                            nav.push(&Route::Topic { id: topic });
                        }
                    }
                    Err(err) => message.set(Some(Err(err))),
                }
            });
        })
    };

    // Whom the response form offers: the invited first, then everyone else.
    let mut choices: Vec<(String, String)> = invited_ids
        .iter()
        .map(|m| (m.to_string(), member_name(&detail.members, m)))
        .collect();
    choices.extend(
        detail
            .members
            .iter()
            .filter(|(m, member)| member.active && !invited_ids.contains(&m.as_str()))
            .map(|(m, member)| {
                (
                    m.clone(),
                    format!("{} · {}", member.name, member.team.label(lang)),
                )
            }),
    );
    let on_member = {
        let member = member.clone();
        Callback::from(move |e: Event| {
            member.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_stance = {
        let stance = stance.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = Stance::parse(&e.target_unchecked_into::<HtmlSelectElement>().value())
            {
                stance.set(s)
            }
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_closed_on = {
        let closed_on = closed_on.clone();
        Callback::from(move |e: InputEvent| {
            closed_on.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_result = {
        let result = result.clone();
        Callback::from(move |e: InputEvent| {
            result.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let adopt_box = |rid: &String, name: String, text: &str| {
        let checked = adopt.contains(rid);
        let onchange = {
            let (adopt, rid) = (adopt.clone(), rid.clone());
            Callback::from(move |e: Event| {
                let mut next = (*adopt).clone();
                if e.target_unchecked_into::<HtmlInputElement>().checked() {
                    next.insert(rid.clone());
                } else {
                    next.remove(&rid);
                }
                adopt.set(next);
            })
        };
        let brief: String = text.chars().take(40).collect();
        html! {
            <label class="check">
                <input type="checkbox" {checked} {onchange} data-testid={format!("adopt-{rid}")} />
                <span>{ name }{ "：" }{ brief }</span>
            </label>
        }
    };
    let feedback = match &*message {
        Some(Ok(msg)) => {
            html! { <p class="notice ok" role="status" data-testid="consultation-message">{ msg.get(lang) }</p> }
        }
        Some(Err(err)) => {
            html! { <p class="notice error" role="alert" data-testid="consultation-error">{ err.message(lang) }</p> }
        }
        None => html! {},
    };

    html! {
        <section data-testid="page-consultation" data-status={status.as_str()}>
            <a class="back" href={Route::Consultations.href()}>{ "‹ " }{ ModuleMsg::ConsultationsTitle.get(lang) }</a>
            <h1 data-testid="page-title">{ c.subject.clone() }</h1>
            <p class="vrow-meta">
                <span class={classes!("tag", format!("consult-{}", status.as_str()))} data-testid="consultation-status">{ status.label(lang) }</span>
                if overdue { <span class="tag warn" data-testid="consultation-overdue">{ ModuleMsg::ConsultationOverdue.get(lang) }</span> }
                <span data-testid="consultation-answered">{ answered_text(answered, invited_count, lang) }</span>
                if status == ConsultationStatus::Closed {
                    <span class="tag status-resolved" data-testid="consultation-adopted">{ adopted_text(adopted_count(&c), lang) }</span>
                }
            </p>
            <dl class="facts">
                <div><dt>{ ModuleMsg::ConsultationRequestedBy.get(lang) }</dt><dd>{ c.requested_by.clone() }</dd></div>
                <div><dt>{ ModuleMsg::ConsultationMatter.get(lang) }</dt><dd>{ c.matter.label(lang) }</dd></div>
                <div><dt>{ ModuleMsg::ConsultationWay.get(lang) }</dt><dd>{ c.way.label(lang) }</dd></div>
                <div><dt>{ ModuleMsg::ConsultationRequestedOn.get(lang) }</dt><dd>{ c.requested_on.clone() }</dd></div>
                <div><dt>{ ModuleMsg::ConsultationDueOn.get(lang) }</dt><dd data-testid="consultation-due">{ c.due_on.clone() }</dd></div>
                if !c.domains.is_empty() {
                    <div><dt>{ ModuleMsg::ConsultationDomains.get(lang) }</dt>
                        <dd>{ c.domains.iter().map(|d| domain_label(d, lang).to_string()).collect::<Vec<_>>().join("、") }</dd></div>
                }
                if let Some(closed) = &c.closed_on {
                    <div><dt>{ ModuleMsg::ConsultationClosedOn.get(lang) }</dt><dd>{ closed.clone() }</dd></div>
                }
                if c.internal {
                    <div><dt>{ ModuleMsg::NoticeInternal.get(lang) }</dt><dd>{ "✓" }</dd></div>
                }
            </dl>
            if let Some(summary) = &c.summary { <p class="pre">{ summary.clone() }</p> }
            if let Some(result) = &c.result {
                <p class="notice ok" data-testid="consultation-result">{ result.clone() }</p>
            }
            { feedback }

            <h2>{ ModuleMsg::ConsultationResponses.get(lang) }</h2>
            if invited_ids.is_empty() && current.is_empty() {
                <p class="muted">{ ModuleMsg::ConsultationNoResponses.get(lang) }</p>
            }
            <ul class="cards" data-testid="consultation-responses">
                { for invited_ids.iter().map(|m| response_row(m)) }
                { for others.iter().map(|m| response_row(m)) }
            </ul>

            if status != ConsultationStatus::Closed {
                <form class="form card" onsubmit={on_respond} data-testid="respond-form" novalidate=true>
                    <h2>{ ModuleMsg::ConsultationRespond.get(lang) }</h2>
                    <label>
                        <span>{ ModuleMsg::ConsultationRespondMember.get(lang) }</span>
                        <select onchange={on_member} data-testid="respond-member">
                            <option value="" selected={member.is_empty()}>{ ModuleMsg::ConsultationChoose.get(lang) }</option>
                            { for choices.iter().map(|(m, name)| html! {
                                <option value={m.clone()} selected={*member == *m}>{ name.clone() }</option>
                            }) }
                        </select>
                    </label>
                    <label>
                        <span>{ ModuleMsg::ConsultationRespondStance.get(lang) }</span>
                        <select onchange={on_stance} data-testid="respond-stance">
                            { for Stance::ALL.iter().map(|s| html! {
                                <option value={s.as_str()} selected={*stance == *s}>{ s.label(lang) }</option>
                            }) }
                        </select>
                    </label>
                    <label>
                        <span>{ ModuleMsg::ConsultationRespondText.get(lang) }</span>
                        <textarea rows="4" value={(*text).clone()} oninput={on_text} data-testid="respond-text" />
                    </label>
                    <button type="submit" class="primary" disabled={*busy} data-testid="respond-save">{ ModuleMsg::ConsultationRespondSave.get(lang) }</button>
                </form>

                <form class="form card" onsubmit={on_close} data-testid="close-form" novalidate=true>
                    <h2>{ ModuleMsg::ConsultationClose.get(lang) }</h2>
                    <label>
                        <span>{ ModuleMsg::ConsultationClosedOn.get(lang) }</span>
                        <input type="date" value={(*closed_on).clone()} oninput={on_closed_on} data-testid="close-date" />
                    </label>
                    <fieldset>
                        <legend>{ ModuleMsg::ConsultationAdoptPick.get(lang) }</legend>
                        { for current.values().map(|(rid, r, _)| adopt_box(rid, member_name(&detail.members, &r.member_id), &r.text)) }
                    </fieldset>
                    <label>
                        <span>{ ModuleMsg::ConsultationResult.get(lang) }</span>
                        <textarea rows="3" value={(*result).clone()} oninput={on_result} data-testid="close-result" />
                    </label>
                    <button type="submit" class="primary" disabled={*busy} data-testid="close-save">{ ModuleMsg::ConsultationCloseSave.get(lang) }</button>
                </form>
            }
            <p>
                <button type="button" onclick={on_topic} data-testid="consultation-make-topic">{ ModuleMsg::ConsultationMakeTopic.get(lang) }</button>
            </p>
        </section>
    }
}
