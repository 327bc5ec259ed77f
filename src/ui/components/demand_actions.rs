//! A demand's actions: a note, a status change, a referral (legal envoy,
//! roundtable, research topic), a resolution, a follow-up with satisfaction.
//! The one form that is open builds the events; the page writes them.

use serde_json::{json, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::demands::{self, ReferralTargets};
use crate::app::records::now_rfc3339;
use crate::domain::kinds::{DemandStatus, Kind};
use crate::domain::referral::{referral_events, roundtable_with, topic_with, ReferralTarget};
use crate::i18n::{ModuleMsg, Msg};
use crate::ui::hooks::{failed_view, use_app, use_load, Load};

/// New records and edits to write together (see `app::demands::act`).
pub type Batch = (Vec<(Kind, Value)>, Vec<(String, Value)>);

#[derive(Properties, PartialEq)]
pub struct ActionsProps {
    pub id: String,
    pub status: DemandStatus,
    pub on_write: Callback<Batch>,
}

#[derive(Clone, Copy, PartialEq)]
enum Panel {
    Note,
    Status,
    Refer,
    Resolve,
    FollowUp,
}

/// The action buttons and the one form that is open.
#[function_component(DemandActions)]
pub fn demand_actions(props: &ActionsProps) -> Html {
    let app = use_app();
    let lang = app.lang;
    let state_device_member = || app.device.as_ref().and_then(|d| d.member_id.clone());
    let panel = use_state(|| None::<Panel>);
    let text = use_state(String::new);
    let choice = use_state(String::new);
    let target = use_state(|| "envoy".to_string());
    let satisfaction = use_state(|| 5u8);
    let reopen = use_state(|| false);
    // Where a demand can be referred: read only while the referral form is open.
    let refer_open = *panel == Some(Panel::Refer);
    let targets = use_load(refer_open, |db, open| async move {
        match open {
            true => demands::referral_targets(&db).await.map(Some),
            false => Ok(None),
        }
    });
    let data = targets
        .data()
        .and_then(|t| (*t).clone())
        .unwrap_or(ReferralTargets {
            envoys: Vec::new(),
            roundtables: Vec::new(),
            topics: Vec::new(),
        });

    let open = |p: Panel, msg: Msg, testid: &'static str| {
        let (panel, text, choice) = (panel.clone(), text.clone(), choice.clone());
        let selected = *panel == Some(p);
        html! {
            <button type="button" class={classes!(selected.then_some("selected"))} data-testid={testid}
                onclick={Callback::from(move |_| { panel.set(if selected { None } else { Some(p) }); text.set(String::new()); choice.set(String::new()); })}>
                { msg.get(lang) }
            </button>
        }
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_choice = {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            choice.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_target = {
        let (target, choice) = (target.clone(), choice.clone());
        Callback::from(move |e: Event| {
            target.set(e.target_unchecked_into::<HtmlSelectElement>().value());
            choice.set(String::new());
        })
    };

    let id = props.id.clone();
    let author = state_device_member();
    let event_author = author.clone();
    let event = move |fields: Value| -> (Kind, Value) {
        let mut data = json!({ "demand_id": id, "at": now_rfc3339(), "by": event_author });
        if let (Some(obj), Value::Object(extra)) = (data.as_object_mut(), fields) {
            obj.extend(extra);
        }
        (Kind::DemandEvent, data)
    };
    let trimmed =
        |s: &str| -> Option<String> { (!s.trim().is_empty()).then(|| s.trim().to_string()) };

    let on_submit = {
        let (panel, text, choice, target, satisfaction, reopen) = (
            panel.clone(),
            text.clone(),
            choice.clone(),
            target.clone(),
            satisfaction.clone(),
            reopen.clone(),
        );
        let on_write = props.on_write.clone();
        let data = data.clone();
        let demand_id = props.id.clone();
        let author = author.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(p) = *panel else { return };
            let note = trimmed(&text);
            let mut edits = Vec::new();
            let creates = match p {
                Panel::Note => vec![event(json!({ "type": "note", "text": note }))],
                Panel::Status => vec![event(
                    json!({ "type": "status", "status": *choice, "text": note }),
                )],
                Panel::Resolve => vec![event(
                    json!({ "type": "status", "status": "resolved", "text": note }),
                )],
                Panel::FollowUp => {
                    let mut list = vec![event(
                        json!({ "type": "follow_up", "satisfaction": *satisfaction, "text": note }),
                    )];
                    if *reopen {
                        list.push(event(json!({ "type": "status", "status": "open" })));
                    }
                    list
                }
                Panel::Refer => {
                    let chosen = trimmed(&choice);
                    let mut note = note;
                    let target = match target.as_str() {
                        "envoy" => ReferralTarget::LegalEnvoy { member_id: chosen },
                        "party" => ReferralTarget::PartyCommittee,
                        "topic" => {
                            // The topic lists the demands it groups.
                            if let Some((tid, topic)) =
                                data.topics.iter().find(|(tid, _)| *tid == *choice)
                            {
                                if let Some(v) = topic_with(topic, &demand_id)
                                    .and_then(|t| serde_json::to_value(t).ok())
                                {
                                    edits.push((tid.clone(), v));
                                }
                            }
                            ReferralTarget::Topic { topic_id: chosen }
                        }
                        _ => {
                            // A roundtable lists the demands it discusses.
                            if let Some((aid, activity)) =
                                data.roundtables.iter().find(|(aid, _)| *aid == *choice)
                            {
                                if let Some(v) = roundtable_with(activity, &demand_id)
                                    .and_then(|a| serde_json::to_value(a).ok())
                                {
                                    edits.push((aid.clone(), v));
                                }
                                // Without a note, the roundtable's own title says where it went.
                                note = note.or_else(|| Some(activity.title.clone()));
                            }
                            ReferralTarget::Roundtable {
                                activity_id: chosen,
                            }
                        }
                    };
                    let party = target == ReferralTarget::PartyCommittee;
                    if party {
                        // What the Party committee referral says when no note is written.
                        note = note
                            .or_else(|| Some(ModuleMsg::ReferPartyStatus.get(lang).to_string()));
                    }
                    let mut events = referral_events(
                        &demand_id,
                        &now_rfc3339(),
                        author.as_deref(),
                        &target,
                        note.as_deref(),
                    );
                    if party {
                        events[1].text = Some(ModuleMsg::ReferPartyStatus.get(lang).to_string());
                    }
                    events
                        .iter()
                        .filter_map(|e| Some((Kind::DemandEvent, serde_json::to_value(e).ok()?)))
                        .collect()
                }
            };
            // JSON nulls for empty optional fields are dropped: absent and null mean the same.
            let creates = creates
                .into_iter()
                .map(|(k, mut v)| {
                    if let Some(obj) = v.as_object_mut() {
                        obj.retain(|_, value| !value.is_null());
                    }
                    (k, v)
                })
                .collect();
            on_write.emit((creates, edits));
            panel.set(None);
            text.set(String::new());
            choice.set(String::new());
            reopen.set(false);
        })
    };

    let note_field = |label: Msg| {
        html! {
            <label>
                <span>{ label.get(lang) }</span>
                <textarea rows="3" value={(*text).clone()} oninput={on_text.clone()} data-testid="action-text" />
            </label>
        }
    };
    let options = |items: Vec<(String, String)>| {
        html! {
            <select onchange={on_choice.clone()} data-testid="action-choice">
                <option value="" selected={choice.is_empty()}>{ Msg::ChooseOne.get(lang) }</option>
                { for items.into_iter().map(|(id, label)| html! { <option value={id.clone()} selected={*choice == id}>{ label }</option> }) }
            </select>
        }
    };

    let form = match *panel {
        None => html! {},
        Some(Panel::Note) => note_field(Msg::DemandNoteText),
        Some(Panel::Status) => html! {
            <>
                { options(DemandStatus::ALL.iter().filter(|s| **s != props.status).map(|s| (s.as_str().to_string(), s.label(lang).to_string())).collect()) }
                { note_field(Msg::DemandNoteText) }
            </>
        },
        Some(Panel::Resolve) => note_field(Msg::DemandResolveSummary),
        Some(Panel::FollowUp) => html! {
            <>
                <fieldset>
                    <legend>{ Msg::DemandSatisfaction.get(lang) }</legend>
                    <div class="choices">
                        { for (1..=5u8).map(|n| {
                            let satisfaction = satisfaction.clone();
                            html! {
                                <button type="button" class={classes!("choice", (*satisfaction == n).then_some("selected"))}
                                    data-testid={format!("satisfaction-{n}")} onclick={Callback::from(move |_| satisfaction.set(n))}>{ n }</button>
                            }
                        }) }
                    </div>
                </fieldset>
                <label class="check">
                    <input type="checkbox" checked={*reopen} data-testid="followup-reopen"
                        onchange={{ let reopen = reopen.clone(); Callback::from(move |e: Event| reopen.set(e.target_unchecked_into::<HtmlInputElement>().checked())) }} />
                    <span>{ Msg::DemandReopen.get(lang) }</span>
                </label>
                { note_field(Msg::DemandNoteText) }
            </>
        },
        Some(Panel::Refer) => {
            let items: Vec<(String, String)> = match target.as_str() {
                "envoy" => data.envoys.clone(),
                "party" => Vec::new(),
                "topic" => data
                    .topics
                    .iter()
                    .map(|(id, t)| (id.clone(), t.title.clone()))
                    .collect(),
                _ => data
                    .roundtables
                    .iter()
                    .map(|(id, a)| (id.clone(), format!("{} {}", a.on, a.title)))
                    .collect(),
            };
            html! {
                <>
                    <label>
                        <span>{ Msg::DemandReferTo.get(lang) }</span>
                        <select onchange={on_target} data-testid="refer-target">
                            <option value="envoy" selected={*target == "envoy"}>{ Msg::DemandReferEnvoy.get(lang) }</option>
                            <option value="roundtable" selected={*target == "roundtable"}>{ Msg::DemandReferRoundtable.get(lang) }</option>
                            <option value="topic" selected={*target == "topic"}>{ Msg::DemandReferTopic.get(lang) }</option>
                            <option value="party" selected={*target == "party"}>{ ModuleMsg::ReferParty.get(lang) }</option>
                        </select>
                    </label>
                    if let Load::Failed(err) = targets.state() {
                        { failed_view(err, lang, targets.reloader()) }
                    } else if *target == "party" {
                        <p class="muted" data-testid="refer-party-hint">{ ModuleMsg::ReferPartyNote.get(lang) }</p>
                    } else if items.is_empty() {
                        <p class="muted">{ Msg::DemandReferNone.get(lang) }</p>
                    } else {
                        { options(items) }
                    }
                    { note_field(Msg::DemandNoteText) }
                </>
            }
        }
    };

    html! {
        <div class="card actions-card">
            <div class="actions">
                { open(Panel::Note, Msg::DemandAddNote, "action-note") }
                { open(Panel::Status, Msg::DemandChangeStatus, "action-status") }
                { open(Panel::Refer, Msg::DemandRefer, "action-refer") }
                { open(Panel::Resolve, Msg::DemandResolve, "action-resolve") }
                { open(Panel::FollowUp, Msg::DemandFollowUp, "action-followup") }
            </div>
            if panel.is_some() {
                <form class="form action-form" onsubmit={on_submit} data-testid="action-form">
                    { form }
                    <button type="submit" class="primary" data-testid="action-submit">{ Msg::Submit.get(lang) }</button>
                </form>
            }
        </div>
    }
}
