//! One demand: its details, its timeline (events in order) and what a user does
//! next — a note, a status change, a referral (legal envoy, roundtable, research
//! topic), a resolution with a summary, a follow-up visit with satisfaction.

use crate::ui::components::photos::RecordPhotos;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::demands;
use crate::app::AppError;
use crate::domain::kinds::domain_label;
use crate::domain::status::demand_status;
use crate::i18n::{ModuleMsg, Msg};
use crate::ui::components::demand_actions::{Batch, DemandActions};
use crate::ui::components::demand_editor::DemandEditor;
use crate::ui::components::demand_timeline::DemandTimeline;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct DemandPageProps {
    pub id: String,
}

#[function_component(DemandPage)]
pub fn demand_page(props: &DemandPageProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load(props.id.clone(), |db, id| async move {
        demands::demand_detail(&db, &id).await
    });
    let feedback = use_state(|| None::<Result<Msg, AppError>>);

    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
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

    // Kept off the community notice: an extension field of the demand record.
    let internal = crate::domain::notice::is_internal(&demand.extra);

    // Writes events (and edits) in one transaction, then reloads the page's data.
    let write = {
        let (state, reload, feedback) = (state.clone(), loaded.clone(), feedback.clone());
        Callback::from(move |(creates, edits): Batch| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let (reload, feedback) = (reload.clone(), feedback.clone());
            spawn_local(async move {
                match demands::act(&db, &device.id, creates, edits).await {
                    Ok(_) => {
                        feedback.set(Some(Ok(Msg::DemandActionSaved)));
                        reload.reload();
                    }
                    Err(err) => feedback.set(Some(Err(err))),
                }
            });
        })
    };

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
            <RecordPhotos id={props.id.clone()} kind={crate::domain::kinds::Kind::Demand} on_saved={loaded.reloader()} />

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
                let (reload, feedback) = (loaded.clone(), feedback.clone());
                Callback::from(move |result: Result<(), AppError>| {
                    feedback.set(Some(result.map(|_| Msg::Saved)));
                    reload.reload();
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

            <DemandTimeline detail={data.clone()} />
            <DemandActions id={props.id.clone()} {status} on_write={write} />
        </section>
    }
}
