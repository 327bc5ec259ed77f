//! Records or edits an activity: a roundtable, talk day, mediation, legal
//! education event... with its date, community, participating members (a joint
//! mediation links a legal envoy and citizen representatives), attendee and
//! leaflet counts, minutes and the demands it took up.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::platform::today_local;
use crate::app::AppError;
use crate::app::{lists, records};
use crate::domain::kinds::{Activity, ActivityType, Community, Demand, Kind, Member, Problem};
use crate::domain::money::parse_count;
use crate::domain::points::{signed_up, with_signed_up};
use crate::i18n::{Msg, OfficeMsg, PointsMsg};
use crate::ui::components::office_form::{
    area_input, field_error, list_change, optional, record_data, save_problems, select_change,
    submit_handler, text_input, FormState, SaveState,
};
use crate::ui::components::record_pickers::{
    demand_items, CommunitySelect, Listed, MemberPicker, PickItem, SearchPicker,
};
use crate::ui::hooks::{use_app, use_form_start, use_load, FormStart};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct ActivityFormProps {
    /// The activity to edit; `None` records a new one.
    #[prop_or_default]
    pub id: Option<String>,
}

#[derive(Clone, PartialEq)]
struct ActivityForm {
    activity_type: ActivityType,
    title: String,
    on: String,
    community_id: String,
    member_ids: Vec<String>,
    /// Members signed up beforehand (`points::SIGNED_UP`, an extension field).
    signed_up: Vec<String>,
    attendees: String,
    materials: String,
    minutes: String,
    demand_ids: Vec<String>,
    base: Option<Activity>,
}

impl ActivityForm {
    fn fresh() -> Self {
        ActivityForm {
            activity_type: ActivityType::Roundtable,
            title: String::new(),
            on: today_local(),
            community_id: String::new(),
            member_ids: Vec::new(),
            signed_up: Vec::new(),
            attendees: String::new(),
            materials: String::new(),
            minutes: String::new(),
            demand_ids: Vec::new(),
            base: None,
        }
    }

    fn from_activity(a: &Activity) -> Self {
        ActivityForm {
            activity_type: a.activity_type,
            title: a.title.clone(),
            on: a.on.clone(),
            community_id: a.community_id.clone().unwrap_or_default(),
            member_ids: a.member_ids.clone(),
            signed_up: signed_up(a),
            attendees: a.attendees.to_string(),
            materials: a.materials.to_string(),
            minutes: a.minutes.clone().unwrap_or_default(),
            demand_ids: a.demand_ids.clone(),
            base: Some(a.clone()),
        }
    }

    fn to_activity(&self) -> Result<Activity, AppError> {
        let mut problems = Vec::new();
        let mut count = |field: &str, text: &str| match parse_count(text) {
            Ok(n) => n,
            Err(err) => {
                problems.push(Problem::new(field, err.text()));
                0
            }
        };
        let attendees = count("attendees", &self.attendees);
        let materials = count("materials", &self.materials);
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let activity = Activity {
            activity_type: self.activity_type,
            title: self.title.trim().to_string(),
            community_id: optional(&self.community_id),
            on: self.on.trim().to_string(),
            member_ids: self.member_ids.clone(),
            attendees,
            minutes: optional(&self.minutes),
            demand_ids: self.demand_ids.clone(),
            materials,
            extra: self
                .base
                .as_ref()
                .map(|a| a.extra.clone())
                .unwrap_or_default(),
        };
        Ok(with_signed_up(activity, &self.signed_up))
    }
}

#[derive(Clone, PartialEq)]
struct Lists {
    communities: Listed<Community>,
    members: Listed<Member>,
    demands: Rc<Vec<PickItem>>,
}

#[function_component(ActivityFormPage)]
pub fn activity_form_page(props: &ActivityFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let navigator = use_navigator();
    let form = use_reducer(|| FormState(ActivityForm::fresh()));
    let save_state = use_state(|| SaveState::Idle);
    // The lists the form picks from and, when editing, the record (`Some(None)`: not on this device).
    let loaded = use_load(props.id.clone(), move |db, id| async move {
        let communities = lists::load_communities(&db).await?;
        let mut members: Vec<(String, Member)> = lists::load_kind(&db, Kind::Member).await?;
        members.sort_by(|a, b| (a.1.team, &a.1.name).cmp(&(b.1.team, &b.1.name)));
        let demands: Vec<(String, Demand)> = lists::load_kind(&db, Kind::Demand).await?;
        let lists = Lists {
            communities: Rc::new(communities),
            members: Rc::new(members),
            demands: Rc::new(demand_items(&demands)),
        };
        let editing = match id {
            Some(id) => Some(
                records::find_as::<Activity>(&db, &id, Kind::Activity)
                    .await?
                    .map(|(_, r)| r),
            ),
            None => None,
        };
        Ok((lists, editing))
    });
    // The form starts from them once per record.
    use_form_start(
        &form,
        props.id.clone(),
        loaded.data(),
        FormStart {
            communities: |l| &l.communities,
            from_record: ActivityForm::from_activity,
            set_community: |f, id| f.community_id = id,
        },
    );

    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let lists = data.0.clone();
    if matches!(data.1, Some(None)) {
        return html! {
            <section data-testid="page-activity-form">
                <h1 data-testid="page-title">{ OfficeMsg::ActivityEditTitle.get(lang) }</h1>
                <p class="notice" data-testid="activity-missing">{ OfficeMsg::ActivityNotFound.get(lang) }</p>
                <a class="button" href={Route::Activities.href()}>{ Msg::Back.get(lang) }</a>
            </section>
        };
    }
    let current = form.0.clone();

    let on_submit = submit_handler(
        state.clone(),
        save_state.clone(),
        navigator.clone(),
        props.id.clone(),
        Kind::Activity,
        {
            let form = form.clone();
            Rc::new(move || record_data(&form.0.to_activity()?))
        },
        |id| Route::Activity { id },
    );
    let on_community = {
        let form = form.clone();
        Callback::from(move |v: String| form.dispatch(Box::new(move |f| f.community_id = v)))
    };

    let saving = *save_state == SaveState::Saving;
    let title = if props.id.is_some() {
        OfficeMsg::ActivityEditTitle
    } else {
        OfficeMsg::ActivityNew
    };
    let back = match &props.id {
        Some(id) => Route::Activity { id: id.clone() },
        None => Route::Activities,
    };
    let joint = matches!(
        current.activity_type,
        ActivityType::Mediation | ActivityType::LegalConsultation
    );
    html! {
        <section data-testid="page-activity-form">
            <a class="back" href={back.href()}>{ "‹ " }{ Msg::Back.get(lang) }</a>
            <h1 data-testid="page-title">{ title.get(lang) }</h1>
            <form class="form" onsubmit={on_submit} data-testid="activity-form" novalidate=true>
                <label>
                    <span>{ OfficeMsg::ActivityType.get(lang) }</span>
                    <select data-testid="activity-type"
                        onchange={select_change(&form, |f, v| if let Some(t) = ActivityType::parse(&v) { f.activity_type = t })}>
                        { for ActivityType::ALL.iter().map(|t| html! {
                            <option value={t.as_str()} selected={current.activity_type == *t}>{ t.label(lang) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ OfficeMsg::ActivityTitle.get(lang) }</span>
                    <input type="text" value={current.title.clone()} maxlength="80" placeholder={OfficeMsg::ActivityTitleHint.get(lang)}
                        oninput={text_input(&form, |f, v| f.title = v)} data-testid="activity-title" />
                    { field_error(&save_state, "title", lang) }
                </label>
                <div class="two">
                    <label>
                        <span>{ OfficeMsg::Date.get(lang) }</span>
                        <input type="date" value={current.on.clone()}
                            oninput={text_input(&form, |f, v| f.on = v)} data-testid="activity-date" />
                        { field_error(&save_state, "on", lang) }
                    </label>
                    <label>
                        <span>{ Msg::CaptureCommunity.get(lang) }</span>
                        <CommunitySelect communities={lists.communities.clone()} value={current.community_id.clone()}
                            onchange={on_community} testid="activity-community" empty_label={OfficeMsg::CommunityNone.get(lang)} />
                    </label>
                </div>
                <div class="two">
                    <label>
                        <span>{ OfficeMsg::ActivityAttendees.get(lang) }</span>
                        <input type="text" inputmode="numeric" value={current.attendees.clone()} maxlength="9" placeholder="0"
                            oninput={text_input(&form, |f, v| f.attendees = v)} data-testid="activity-attendees" />
                        { field_error(&save_state, "attendees", lang) }
                    </label>
                    <label>
                        <span>{ OfficeMsg::ActivityMaterials.get(lang) }</span>
                        <input type="text" inputmode="numeric" value={current.materials.clone()} maxlength="9" placeholder="0"
                            oninput={text_input(&form, |f, v| f.materials = v)} data-testid="activity-materials" />
                        { field_error(&save_state, "materials", lang) }
                    </label>
                </div>
                <fieldset>
                    <legend>{ OfficeMsg::ActivityMembers.get(lang) }</legend>
                    if joint {
                        <p class="muted small" data-testid="activity-joint-hint">{ OfficeMsg::ActivityJointHint.get(lang) }</p>
                    }
                    <MemberPicker members={lists.members.clone()} selected={current.member_ids.clone()}
                        onchange={list_change(&form, |f, ids| f.member_ids = ids)} testid="activity-member" />
                </fieldset>
                if current.activity_type == ActivityType::Roundtable || !current.signed_up.is_empty() {
                    <fieldset data-testid="activity-signup-fieldset">
                        <legend>{ PointsMsg::SignedUp.get(lang) }</legend>
                        <p class="muted small">{ PointsMsg::SignUpHint.get(lang) }</p>
                        <MemberPicker members={lists.members.clone()} selected={current.signed_up.clone()}
                            onchange={list_change(&form, |f, ids| f.signed_up = ids)} testid="activity-signup" />
                    </fieldset>
                }
                <fieldset>
                    <legend>{ OfficeMsg::LinkedDemands.get(lang) }</legend>
                    <SearchPicker items={lists.demands.clone()} selected={current.demand_ids.clone()}
                        onchange={list_change(&form, |f, ids| f.demand_ids = ids)} testid="activity-demand"
                        placeholder={OfficeMsg::PickDemandSearch.get(lang)} />
                </fieldset>
                <label>
                    <span>{ OfficeMsg::ActivityMinutes.get(lang) }</span>
                    <textarea rows="5" value={current.minutes.clone()}
                        oninput={area_input(&form, |f, v| f.minutes = v)} data-testid="activity-minutes" />
                </label>
                { save_problems(&save_state, "activity-error", lang) }
                <button type="submit" class="primary big" disabled={saving} data-testid="activity-save">
                    { if saving { Msg::CaptureSaving.get(lang) } else { OfficeMsg::ActivitySave.get(lang) } }
                </button>
            </form>
        </section>
    }
}
