//! One demand: its details, its timeline (events in order) and what a user does
//! next — a note, a status change, a referral (legal envoy, roundtable, research
//! topic), a resolution with a summary, a follow-up visit with satisfaction.

use serde_json::{json, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::domain::kinds::PARTY_COMMITTEE;
use crate::domain::kinds::{
    domain_label, Activity, ActivityType, Community, Demand, DemandEvent, DemandStatus, Kind,
    Member, Team, Topic,
};
use crate::domain::revision::Revision;
use crate::domain::status::demand_status;
use crate::i18n::{Lang, ModuleMsg, Msg};
use crate::store::ListFilter;
use crate::ui::hooks::use_app;
use crate::ui::pages::points::award_points;
use crate::ui::records::{self, decode, now_rfc3339, SaveError};
use crate::ui::route::Route;

/// New records and edits to write together (see `records::write_batch`).
type Batch = (Vec<(Kind, Value)>, Vec<(String, Value)>);

#[derive(Properties, PartialEq)]
pub struct DemandPageProps {
    pub id: String,
}

/// What the page shows, loaded from the store.
#[derive(Clone, PartialEq)]
struct Loaded {
    demand: Option<(Revision, Demand)>,
    /// How many versions (siblings) the demand has: more than one is a conflict.
    versions: usize,
    events: Vec<(DemandEvent, String)>,
    community: Option<String>,
    envoys: Vec<(String, String)>,
    roundtables: Vec<(String, Activity)>,
    topics: Vec<(String, Topic)>,
    members: Vec<(String, String)>,
}

async fn load(store: &crate::store::Store, id: &str) -> Loaded {
    let demand = records::current_as::<Demand>(store, id, Kind::Demand).await;
    let versions = store.heads(id).await.map(|h| h.len()).unwrap_or(0);
    let mut events: Vec<(DemandEvent, String)> = store
        .referring(id)
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.kind == Kind::DemandEvent.as_str())
        .filter_map(|r| decode::<DemandEvent>(r).map(|e| (e, r.hlc.clone())))
        .filter(|(e, _)| e.demand_id == id)
        .collect();
    events.sort_by(|a, b| (&a.0.at, &a.1).cmp(&(&b.0.at, &b.1)));
    let community = match &demand {
        Some((_, d)) => store
            .current(&d.community_id)
            .await
            .ok()
            .flatten()
            .and_then(|r| decode::<Community>(&r))
            .map(|c| format!("{} · {}", c.name, c.street)),
        None => None,
    };
    let all = |kind| async move {
        store
            .list(kind, &ListFilter::default())
            .await
            .unwrap_or_default()
    };
    let member_revs = all(Kind::Member).await;
    let members: Vec<(String, Member)> = member_revs
        .iter()
        .filter_map(|r| decode::<Member>(r).map(|m| (r.id.clone(), m)))
        .collect();
    let envoys = members
        .iter()
        .filter(|(_, m)| m.team == Team::LegalEnvoy && m.active)
        .map(|(id, m)| (id.clone(), m.name.clone()))
        .collect();
    let roundtables = all(Kind::Activity)
        .await
        .iter()
        .filter_map(|r| decode::<Activity>(r).map(|a| (r.id.clone(), a)))
        .filter(|(_, a)| a.activity_type == ActivityType::Roundtable)
        .collect();
    let topics = all(Kind::Topic)
        .await
        .iter()
        .filter_map(|r| decode::<Topic>(r).map(|t| (r.id.clone(), t)))
        .collect();
    Loaded {
        demand,
        versions,
        events,
        community,
        envoys,
        roundtables,
        topics,
        members: members.into_iter().map(|(id, m)| (id, m.name)).collect(),
    }
}

#[function_component(DemandPage)]
pub fn demand_page(props: &DemandPageProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_state(|| None::<Loaded>);
    let reload = use_state(|| 0u32);
    let feedback = use_state(|| None::<Result<Msg, SaveError>>);

    {
        let (state, loaded, id) = (state.clone(), loaded.clone(), props.id.clone());
        use_effect_with((props.id.clone(), *reload), move |_| {
            if let Some(store) = state.store() {
                spawn_local(async move { loaded.set(Some(load(&store, &id).await)) });
            }
        });
    }

    let Some(data) = (*loaded).clone() else {
        return html! { <p class="notice">{ Msg::Loading.get(lang) }</p> };
    };
    let Some((_rev, demand)) = data.demand.clone() else {
        return html! {
            <section data-testid="page-demand">
                <h1 data-testid="page-title">{ Msg::NavDemands.get(lang) }</h1>
                <p class="notice" data-testid="demand-missing">{ Msg::DemandNotFound.get(lang) }</p>
                <a class="button" href={Route::Demands.href()}>{ Msg::Back.get(lang) }</a>
            </section>
        };
    };
    let status = demand_status(&data.events);

    // Writes events (and edits) in one transaction, then reloads the page's data.
    let write = {
        let (state, reload, feedback) = (state.clone(), reload.clone(), feedback.clone());
        Callback::from(move |(creates, edits): Batch| {
            let (Some(store), Some(device)) = (state.store(), state.device.clone()) else {
                return;
            };
            let (reload, feedback) = (reload.clone(), feedback.clone());
            spawn_local(async move {
                let written = records::write_batch(&store, &device.id, creates, edits).await;
                // The points the action earned (a resolution: its reporter's), never twice.
                let awarded = match &written {
                    Ok(revs) => award_points(&store, revs).await.map_err(SaveError::from),
                    Err(_) => Ok(0),
                };
                match written.and(awarded) {
                    Ok(_) => {
                        feedback.set(Some(Ok(Msg::DemandActionSaved)));
                        reload.set(*reload + 1);
                    }
                    Err(err) => feedback.set(Some(Err(err))),
                }
            });
        })
    };

    // Kept off the community notice: an extension field of the demand record.
    let internal = crate::domain::notice::is_internal(&demand.extra);
    let on_internal = {
        let (write, id, demand) = (write.clone(), props.id.clone(), demand.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = demand.clone();
            if internal {
                next.extra.remove("internal");
            } else {
                next.extra
                    .insert("internal".into(), serde_json::Value::Bool(true));
            }
            if let Ok(value) = serde_json::to_value(&next) {
                write.emit((Vec::new(), vec![(id.clone(), value)]));
            }
        })
    };
    let resident = demand
        .resident
        .clone()
        .filter(|r| r.consent)
        .map(|r| {
            [r.name, r.phone, r.address]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .filter(|text| !text.is_empty());
    html! {
        <section data-testid="page-demand">
            <a class="back" href={Route::Demands.href()}>{ "‹ " }{ Msg::NavDemands.get(lang) }</a>
            <h1 data-testid="page-title">{ demand.title.clone() }</h1>
            <p>
                <span class={classes!("tag", format!("status-{}", status.as_str()))} data-testid="demand-status">{ status.label(lang) }</span>
                { " " }<span class="tag">{ domain_label(&demand.category, lang) }</span>
                { " " }<span class="tag">{ demand.urgency.label(lang) }</span>
            </p>
            <p class="description" data-testid="demand-description">{ demand.description.clone() }</p>
            <dl class="facts">
                <dt>{ Msg::CaptureCommunity.get(lang) }</dt>
                <dd>{ data.community.clone().unwrap_or_default() }</dd>
                <dt>{ Msg::DemandReportedOn.get(lang) }</dt>
                <dd>{ demand.reported_on.clone() }</dd>
                <dt>{ Msg::CaptureSource.get(lang) }</dt>
                <dd>{ demand.source.label(lang) }</dd>
                if let Some(text) = resident {
                    <dt>{ Msg::DemandResident.get(lang) }</dt>
                    <dd data-testid="demand-resident">{ text }</dd>
                }
            </dl>

            <p class="muted small">
                if internal { <span class="tag" data-testid="demand-internal">{ ModuleMsg::NoticeInternal.get(lang) }</span>{ " " } }
                <button type="button" class="small-button" onclick={on_internal} data-testid="demand-toggle-internal">
                    { if internal { ModuleMsg::NoticeMarkPublic.get(lang) } else { ModuleMsg::NoticeMarkInternal.get(lang) } }
                </button>
            </p>
            if data.versions > 1 {
                <p class="notice warn" data-testid="demand-conflict">{ Msg::DemandHasConflict.get(lang) }</p>
            }
            <DemandEditor id={props.id.clone()} demand={demand.clone()} on_saved={
                let (reload, feedback) = (reload.clone(), feedback.clone());
                Callback::from(move |result: Result<(), SaveError>| {
                    feedback.set(Some(result.map(|_| Msg::Saved)));
                    reload.set(*reload + 1);
                })
            } />

            if let Some(result) = (*feedback).clone() {
                {
                    match result {
                        Ok(msg) => html! { <p class="notice ok" role="status" data-testid="demand-feedback">{ "✓ " }{ msg.get(lang) }</p> },
                        Err(err) => html! { <p class="notice error" role="alert" data-testid="demand-error">{ err.message(lang) }</p> },
                    }
                }
            }

            <h2>{ Msg::DemandTimeline.get(lang) }</h2>
            <ol class="timeline" data-testid="demand-timeline">
                <li><span class="when">{ demand.reported_on.clone() }</span>{ Msg::DemandReported.get(lang) }</li>
                { for data.events.iter().map(|(e, _)| timeline_item(e, &data, lang)) }
            </ol>

            <DemandActions id={props.id.clone()} {status} data={data.clone()} on_write={write} />
        </section>
    }
}

fn name_of(list: &[(String, String)], id: &Option<String>) -> Option<String> {
    let id = id.as_ref()?;
    list.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone())
}

fn timeline_item(event: &DemandEvent, data: &Loaded, lang: Lang) -> Html {
    let when = event.at.get(..16).unwrap_or(&event.at).replace('T', " ");
    let mut parts: Vec<String> = vec![event.event_type.label(lang).to_string()];
    if let Some(status) = event.status {
        parts.push(status.label(lang).to_string());
    }
    if event.extra.get("to_body").and_then(|v| v.as_str()) == Some(PARTY_COMMITTEE) {
        parts.push(ModuleMsg::ReferParty.get(lang).to_string());
    } else if let Some(team) = event.to_team {
        parts.push(team.label(lang).to_string());
    }
    if let Some(name) = name_of(&data.members, &event.to_member) {
        parts.push(name);
    }
    if let Some(topic) = event
        .to_topic
        .as_ref()
        .and_then(|t| data.topics.iter().find(|(id, _)| id == t))
    {
        parts.push(topic.1.title.clone());
    }
    if let Some(s) = event.satisfaction {
        parts.push(format!(
            "{}{}{s}/5",
            Msg::DemandSatisfaction.get(lang),
            lang.colon()
        ));
    }
    html! {
        <li data-testid="timeline-event" data-type={event.event_type.as_str()}>
            <span class="when">{ when }</span>
            <strong>{ parts.join(" · ") }</strong>
            if let Some(text) = event.text.clone() { <p class="event-text">{ text }</p> }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct ActionsProps {
    id: String,
    status: DemandStatus,
    data: Loaded,
    on_write: Callback<Batch>,
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
fn demand_actions(props: &ActionsProps) -> Html {
    let app = use_app();
    let lang = app.lang;
    let state_device_member = || app.device.as_ref().and_then(|d| d.member_id.clone());
    let panel = use_state(|| None::<Panel>);
    let text = use_state(String::new);
    let choice = use_state(String::new);
    let target = use_state(|| "envoy".to_string());
    let satisfaction = use_state(|| 5u8);
    let reopen = use_state(|| false);

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
    let event = move |fields: Value| -> (Kind, Value) {
        let mut data = json!({ "demand_id": id, "at": now_rfc3339(), "by": author });
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
        let data = props.data.clone();
        let demand_id = props.id.clone();
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
                    let referral = match target.as_str() {
                        "envoy" => {
                            json!({ "type": "referral", "to_team": "legal_envoy", "to_member": trimmed(&choice), "text": note })
                        }
                        "topic" => {
                            json!({ "type": "referral", "to_team": "expert", "to_topic": trimmed(&choice), "text": note })
                        }
                        // The community Party committee: carried by the citizens'
                        // committee (so older versions read a referral they know),
                        // named in the extension field `to_body`.
                        "party" => json!({
                            "type": "referral", "to_team": "citizen", "to_body": PARTY_COMMITTEE,
                            "text": note.unwrap_or_else(|| ModuleMsg::ReferPartyStatus.get(lang).to_string())
                        }),
                        _ => {
                            // A roundtable lists the demands it discusses.
                            if let Some((aid, activity)) =
                                data.roundtables.iter().find(|(aid, _)| *aid == *choice)
                            {
                                let mut activity = activity.clone();
                                if !activity.demand_ids.contains(&demand_id) {
                                    activity.demand_ids.push(demand_id.clone());
                                    if let Ok(v) = serde_json::to_value(&activity) {
                                        edits.push((aid.clone(), v));
                                    }
                                }
                            }
                            let title = data
                                .roundtables
                                .iter()
                                .find(|(aid, _)| *aid == *choice)
                                .map(|(_, a)| a.title.clone());
                            json!({ "type": "referral", "to_team": "citizen", "text": note.or(title), "to_activity": trimmed(&choice) })
                        }
                    };
                    if target.as_str() == "topic" {
                        if let Some((tid, topic)) =
                            data.topics.iter().find(|(tid, _)| *tid == *choice)
                        {
                            let mut topic = topic.clone();
                            if !topic.demand_ids.contains(&demand_id) {
                                topic.demand_ids.push(demand_id.clone());
                                if let Ok(v) = serde_json::to_value(&topic) {
                                    edits.push((tid.clone(), v));
                                }
                            }
                        }
                    }
                    let status = if target.as_str() == "party" {
                        json!({ "type": "status", "status": "referred", "text": ModuleMsg::ReferPartyStatus.get(lang) })
                    } else {
                        json!({ "type": "status", "status": "referred" })
                    };
                    vec![event(referral), event(status)]
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
                "envoy" => props.data.envoys.clone(),
                "topic" => props
                    .data
                    .topics
                    .iter()
                    .map(|(id, t)| (id.clone(), t.title.clone()))
                    .collect(),
                _ => props
                    .data
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
                    if *target == "party" {
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

#[derive(Properties, PartialEq)]
struct EditorProps {
    id: String,
    demand: Demand,
    on_saved: Callback<Result<(), SaveError>>,
}

/// Edits the demand's own fields (a new revision; unknown fields are kept).
#[function_component(DemandEditor)]
fn demand_editor(props: &EditorProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let open = use_state(|| false);
    let draft = use_state(|| props.demand.clone());
    if !*open {
        let (open, draft, demand) = (open.clone(), draft.clone(), props.demand.clone());
        return html! {
            <button type="button" data-testid="demand-edit"
                onclick={Callback::from(move |_| { draft.set(demand.clone()); open.set(true); })}>
                { Msg::DemandEdit.get(lang) }
            </button>
        };
    }
    let set = |apply: fn(&mut Demand, String)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let on_description = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            next.description = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            draft.set(next);
        })
    };
    let on_category = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            next.category = e.target_unchecked_into::<HtmlSelectElement>().value();
            draft.set(next);
        })
    };
    let on_urgency = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            if let Some(u) = crate::domain::kinds::Urgency::parse(
                &e.target_unchecked_into::<HtmlSelectElement>().value(),
            ) {
                next.urgency = u;
            }
            draft.set(next);
        })
    };
    let on_submit = {
        let (state, draft, open, id, on_saved) = (
            state.clone(),
            draft.clone(),
            open.clone(),
            props.id.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(store), Some(device)) = (state.store(), state.device.clone()) else {
                return;
            };
            let mut edited = (*draft).clone();
            edited.title = edited.title.trim().to_string();
            edited.description = edited.description.trim().to_string();
            let Ok(data) = serde_json::to_value(&edited) else {
                return;
            };
            let (open, id, on_saved) = (open.clone(), id.clone(), on_saved.clone());
            spawn_local(async move {
                let result = records::edit(&store, &device.id, &id, data)
                    .await
                    .map(|_| ());
                if result.is_ok() {
                    open.set(false);
                }
                on_saved.emit(result);
            });
        })
    };
    let on_cancel = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="demand-edit-form">
            <label>
                <span>{ Msg::CaptureShortTitle.get(lang) }</span>
                <input type="text" value={draft.title.clone()} oninput={set(|d, v| d.title = v)} maxlength="60" data-testid="edit-title" />
            </label>
            <label>
                <span>{ Msg::CaptureDescription.get(lang) }</span>
                <textarea rows="4" value={draft.description.clone()} oninput={on_description} data-testid="edit-description" />
            </label>
            <label>
                <span>{ Msg::CaptureCategory.get(lang) }</span>
                <select onchange={on_category} data-testid="edit-category">
                    { for crate::domain::kinds::DOMAINS.iter().map(|k| html! {
                        <option value={*k} selected={draft.category == *k}>{ domain_label(k, lang) }</option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ Msg::CaptureUrgency.get(lang) }</span>
                <select onchange={on_urgency} data-testid="edit-urgency">
                    { for crate::domain::kinds::Urgency::ALL.iter().map(|u| html! {
                        <option value={u.as_str()} selected={draft.urgency == *u}>{ u.label(lang) }</option>
                    }) }
                </select>
            </label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="edit-save">{ Msg::DemandEditSave.get(lang) }</button>
                <button type="button" onclick={on_cancel}>{ Msg::Cancel.get(lang) }</button>
            </div>
        </form>
    }
}
