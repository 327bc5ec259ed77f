//! Door-to-door canvassing overview: my doors, the round and its coverage per
//! community, building and representative, the "not home" doors to retry, and
//! for coordinators: assigning buildings, generating a compound, importing a walk list.
//! The parts are components in `ui/components/doors/`; this page loads the
//! canvassing data once, hands it to them, and says what their writes did.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::canvass::{self, Canvass};
use crate::domain::kinds::{Community, Team};
use crate::i18n::CanvassMsg;
use crate::ui::components::coverage_view::my_doors_view;
use crate::ui::components::doors::{
    CommunityDoors, DoorsResult, Rep, RepCoverage, RetryDoors, RetryForm, VulnerableDoors,
};
use crate::ui::components::export_reminder::ExportReminder;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::office::{Office, OfficeView};

/// Whom buildings can be assigned to: active members, citizens' committee first, by name.
fn reps(data: &Canvass) -> Vec<Rep> {
    let mut reps: Vec<Rep> = data
        .members
        .iter()
        .filter(|(_, m)| m.active)
        .map(|(id, m)| (id.clone(), m.name.clone(), m.team == Team::Citizen))
        .collect();
    reps.sort_by(|a, b| (!a.2, &a.1).cmp(&(!b.2, &b.1)));
    reps
}

#[function_component(DoorsPage)]
pub fn doors_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load((), |db, ()| async move { canvass::load(&db).await });
    let message = use_state(|| None::<DoorsResult>);
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let member = state.device.as_ref().and_then(|d| d.member_id.clone());
    // Generating, importing, assigning and starting rounds are a coordinator's.
    let coordinator = state.is_coordinator();
    // Every write here: say what it did, then read again (also after a failure:
    // another phone's import may have changed what was shown).
    let on_result = {
        let (loaded, message) = (loaded.clone(), message.clone());
        Callback::from(move |result: DoorsResult| {
            message.set(Some(result));
            loaded.reload();
        })
    };
    let reps = Rc::new(reps(&data));
    let communities_with_doors: Vec<&(String, Community)> = data
        .communities
        .iter()
        .filter(|(id, _)| data.doors.iter().any(|(_, h)| &h.community_id == id))
        .collect();

    html! {
        <section data-testid="page-doors">
            <h1 data-testid="page-title">{ CanvassMsg::Title.get(lang) }</h1>
            <p class="muted">{ CanvassMsg::Intro.get(lang) }</p>
            <ExportReminder />
            if let Some(result) = &*message {
                { match result {
                    Ok(msg) => html! { <p class="notice ok" role="status" data-testid="doors-feedback">{ "✓ " }{ msg.get(lang) }</p> },
                    Err(err) => html! { <p class="notice error" role="alert" data-testid="doors-error">{ CanvassMsg::FailedNothingSaved.get(lang) }{ err.message(lang) }</p> },
                } }
            }
            <section class="card" data-testid="doors-mine">
                <h2>{ CanvassMsg::MyDoors.get(lang) }</h2>
                { match &member {
                    Some(member) => my_doors_view(&data, member, lang),
                    None => html! { <p class="muted" data-testid="my-doors-no-device">{ CanvassMsg::NoDevice.get(lang) }</p> },
                } }
            </section>
            <RetryForm retry_days={data.settings.retry_days} on_result={on_result.clone()} />
            if !coordinator {
                <p class="notice" data-testid="doors-coordinator-only">{ CanvassMsg::CoordinatorOnly.get(lang) }</p>
            }
            if data.doors.is_empty() {
                <p class="notice" data-testid="doors-none">{ CanvassMsg::NoCompounds.get(lang) }</p>
            }
            { for communities_with_doors.iter().map(|(id, community)| html! {
                <CommunityDoors key={id.clone()} canvass={data.clone()} community_id={id.clone()}
                    community={community.clone()} {coordinator} reps={reps.clone()} on_result={on_result.clone()} />
            }) }
            <RepCoverage canvass={data.clone()} />
            <VulnerableDoors canvass={data.clone()} />
            <RetryDoors canvass={data.clone()} />
            if coordinator {
                <Office view={OfficeView::Compound { communities: data.communities.clone(), on_changed: loaded.reloader() }} />
            }
        </section>
    }
}
