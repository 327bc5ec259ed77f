//! Doorstep capture: record a resident's need in well under a minute, one-handed.
//! Only community, category, urgency, title and description are required;
//! resident details appear only after consent. Every keystroke is kept as a
//! draft; "saved" is said only after the write has committed and been read back.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::demands;
use crate::app::platform::today_local;
use crate::app::records;
use crate::app::AppError;
use crate::domain::canvass::address;
use crate::domain::duplicates::{possible_duplicates, Recording};
use crate::domain::kinds::{
    domain_label, validate, Community, Demand, DemandSource, Household, Kind, Problem, Urgency,
    DOMAINS,
};
use crate::i18n::{Lang, Msg, Text};
use crate::ui::components::capture_door::DoorBanner;
use crate::ui::components::community_add::AddCommunity;
use crate::ui::components::photos::PhotoPicker;
use crate::ui::components::resident_fields::{ResidentField, ResidentFields};
use crate::ui::hooks::{spawn_draft_save, use_app, use_load, Load};
use crate::ui::route::Route;

const DRAFT_KEY: &str = "draft:capture";
/// The draft of a capture opened from a door (kept apart from the plain one).
const DOOR_DRAFT_KEY: &str = "draft:capture:door";
const LAST_COMMUNITY_KEY: &str = "capture:community";

/// What the form holds; saved as the draft after every change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaptureDraft {
    pub community_id: String,
    pub category: String,
    pub urgency: String,
    pub source: String,
    pub title: String,
    pub description: String,
    pub consent: bool,
    pub name: String,
    pub phone: String,
    pub address: String,
    /// The door this demand is recorded at, when opened from the walk view.
    pub household_id: String,
    /// Photos already compressed and stored, by id; kept in the draft, so a
    /// tab the phone closed while the camera was open loses none.
    pub photos: Vec<String>,
}

impl CaptureDraft {
    fn fresh(community_id: String) -> Self {
        CaptureDraft {
            community_id,
            urgency: Urgency::Normal.as_str().into(),
            source: DemandSource::DoorVisit.as_str().into(),
            ..CaptureDraft::default()
        }
    }

    /// A fresh form for a door: its community, and its address ready for the resident details.
    fn at_door(id: &str, household: &Household) -> Self {
        CaptureDraft {
            household_id: id.to_string(),
            address: address(household),
            ..CaptureDraft::fresh(household.community_id.clone())
        }
    }

    /// The demand's `data`; resident details only with consent.
    fn to_data(&self, today: &str, reporter: Option<&str>) -> Value {
        let optional = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        let mut data = json!({
            "community_id": self.community_id,
            "reported_on": today,
            "source": self.source,
            "category": self.category,
            "urgency": self.urgency,
            "title": self.title.trim(),
            "description": self.description.trim(),
        });
        if let Some(member) = reporter {
            data["reported_by"] = json!(member);
        }
        if let Some(door) = optional(&self.household_id) {
            data["household_id"] = json!(door);
        }
        if !self.photos.is_empty() {
            data["photos"] = json!(self.photos);
        }
        if self.consent {
            let mut resident = json!({ "consent": true });
            for (key, value) in [
                ("name", &self.name),
                ("phone", &self.phone),
                ("address", &self.address),
            ] {
                if let Some(v) = optional(value) {
                    resident[key] = json!(v);
                }
            }
            data["resident"] = resident;
        }
        data
    }
}

#[derive(Clone, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    /// Saved; with the reason when its points could not be recorded.
    Saved(String, Option<AppError>),
    Failed(AppError),
}

#[derive(Properties, PartialEq)]
pub struct CaptureProps {
    /// Opened from a door in the walk view: the demand is linked to it and a
    /// "talked" visit is written with it.
    #[prop_or_default]
    pub household: Option<String>,
}

#[function_component(CapturePage)]
pub fn capture_page(props: &CaptureProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let draft_key = if props.household.is_some() {
        DOOR_DRAFT_KEY
    } else {
        DRAFT_KEY
    };
    let door = use_state(|| None::<(String, Household)>);
    let draft = use_state(|| None::<CaptureDraft>);
    let communities = use_state(Vec::<(String, Community)>::new);
    let save_state = use_state(|| SaveState::Idle);
    let saved_count = use_state(|| 0u32);
    let title_ref = use_node_ref();

    // Communities, the door (when opened from one) and the stored draft.
    let start = use_load(props.household.clone(), move |db, household| async move {
        demands::capture_start::<CaptureDraft>(
            &db,
            household.as_deref(),
            draft_key,
            LAST_COMMUNITY_KEY,
        )
        .await
    });
    // The form starts from them once per door (a fresh form for the last community used).
    {
        let (draft, communities, door) = (draft.clone(), communities.clone(), door.clone());
        let data = start.data();
        use_effect_with((props.household.clone(), data.is_some()), move |_| {
            let Some(data) = data else { return };
            let form = match &data.door {
                Some((id, h)) => data
                    .draft
                    .clone()
                    .filter(|d| d.household_id == *id)
                    .unwrap_or_else(|| CaptureDraft::at_door(id, h)),
                None => data.draft.clone().unwrap_or_else(|| {
                    CaptureDraft::fresh(data.last_community.clone().unwrap_or_default())
                }),
            };
            door.set(data.door.clone());
            communities.set(data.communities.clone());
            draft.set(Some(form));
        });
    }

    // Earlier demands of the form's community, for the "possible duplicate" hint
    // (read by the community index; the form does not wait for them).
    // Read again after each save: the next need at the same door is hinted too.
    let earlier = use_load(
        (
            (*draft).as_ref().map(|d| d.community_id.clone()),
            *saved_count,
        ),
        |db, (community, _)| async move {
            match community {
                Some(community) => demands::demands_of(&db, &community).await,
                None => Ok(Vec::new()),
            }
        },
    );

    let Some(current) = (*draft).clone() else {
        return start.view(
            lang,
            |_| html! { <p class="notice">{ Msg::Loading.get(lang) }</p> },
        );
    };

    // Every change updates the form and the stored draft.
    let update = {
        let (draft, state, save_state) = (draft.clone(), state.clone(), save_state.clone());
        move |change: Box<dyn Fn(&mut CaptureDraft)>| {
            let Some(mut next) = (*draft).clone() else {
                return;
            };
            change(&mut next);
            if let Some(db) = state.db() {
                let saved = next.clone();
                // Counted, so that locking waits for it: the draft survives a lock (sealed).
                spawn_draft_save(async move {
                    // A draft that could not be kept is retried with the next keystroke.
                    let _ = demands::save_local(&db, draft_key, &saved).await;
                });
            }
            if matches!(*save_state, SaveState::Saved(..) | SaveState::Failed(_)) {
                save_state.set(SaveState::Idle);
            }
            draft.set(Some(next));
        }
    };
    let text_input = |set: fn(&mut CaptureDraft, String)| {
        let update = update.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            update(Box::new(move |d| set(d, value.clone())));
        })
    };
    let on_description = {
        let update = update.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            update(Box::new(move |d| d.description = value.clone()));
        })
    };
    let on_community = {
        let update = update.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            update(Box::new(move |d| d.community_id = value.clone()));
        })
    };
    let on_source = {
        let update = update.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            update(Box::new(move |d| d.source = value.clone()));
        })
    };
    let on_consent = {
        let update = update.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            update(Box::new(move |d| {
                d.consent = checked;
                if !checked {
                    // Withdrawn consent: the personal details leave the draft too.
                    d.name.clear();
                    d.phone.clear();
                    d.address.clear();
                }
            }));
        })
    };

    let on_submit = {
        let (state, draft, save_state, saved_count, title_ref, door) = (
            state.clone(),
            draft.clone(),
            save_state.clone(),
            saved_count.clone(),
            title_ref.clone(),
            (*door).clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *save_state == SaveState::Saving {
                return;
            }
            let (Some(store), Some(device), Some(form)) =
                (state.db(), state.device.clone(), (*draft).clone())
            else {
                return;
            };
            save_state.set(SaveState::Saving);
            let (draft, save_state, saved_count, title_ref, door) = (
                draft.clone(),
                save_state.clone(),
                saved_count.clone(),
                title_ref.clone(),
                door.clone(),
            );
            spawn_local(async move {
                let data = form.to_data(&today_local(), device.member_id.as_deref());
                // At the door a description is required, though a bundle may carry an empty one.
                let mut problems = validate(Kind::Demand.as_str(), &data);
                if form.description.trim().is_empty() {
                    problems.push(Problem::new(
                        "description",
                        Text::new("请填写具体情况", "Please describe what is needed"),
                    ));
                }
                if !problems.is_empty() {
                    save_state.set(SaveState::Failed(AppError::Invalid(problems)));
                    return;
                }
                let door_id = door.as_ref().map(|(id, _)| id.as_str());
                match demands::capture(&store, &device, data, door_id, &records::now_rfc3339())
                    .await
                {
                    Ok(captured) => {
                        // The reporter's "demand recorded" points; the demand itself is saved
                        // either way, and a failed award is said next to the confirmation.
                        let award_failed = captured.award_failed;
                        // Ready for the next door: same community and source, the rest cleared.
                        let mut next = match &door {
                            Some((id, h)) => CaptureDraft::at_door(id, h),
                            None => CaptureDraft::fresh(form.community_id.clone()),
                        };
                        next.source = form.source.clone();
                        // The next form for this device; losing either only costs a retype.
                        let _ = demands::save_local(&store, draft_key, &next).await;
                        let _ = demands::save_local(&store, LAST_COMMUNITY_KEY, &form.community_id)
                            .await;
                        saved_count.set(*saved_count + 1);
                        save_state.set(SaveState::Saved(
                            form.title.trim().to_string(),
                            award_failed,
                        ));
                        draft.set(Some(next));
                        if let Some(input) = title_ref.cast::<HtmlInputElement>() {
                            let _ = input.focus();
                        }
                    }
                    Err(err) => save_state.set(SaveState::Failed(err)),
                }
            });
        })
    };

    let error_for = |field: &str| -> Html {
        match &*save_state {
            SaveState::Failed(err) => match err.for_field(field) {
                Some(problem) => html! {
                    <span class="field-error" data-testid={format!("error-{field}")}>{ problem.text.get(lang) }</span>
                },
                None => html! {},
            },
            _ => html! {},
        }
    };

    let category_buttons = DOMAINS.iter().map(|key| {
        let selected = current.category == *key;
        let update = update.clone();
        let key_owned = key.to_string();
        let onclick = Callback::from(move |_| {
            let key = key_owned.clone();
            update(Box::new(move |d| d.category = key.clone()));
        });
        html! {
            <button type="button" class={classes!("choice", selected.then_some("selected"))}
                aria-pressed={selected.to_string()} data-testid={format!("category-{key}")} {onclick}>
                { domain_label(key, lang) }
            </button>
        }
    });
    let urgency_buttons = Urgency::ALL.iter().map(|urgency| {
        let selected = current.urgency == urgency.as_str();
        let update = update.clone();
        let value = urgency.as_str();
        let onclick = Callback::from(move |_| update(Box::new(move |d| d.urgency = value.into())));
        html! {
            <button type="button" class={classes!("choice", selected.then_some("selected"), (*urgency == Urgency::Urgent).then_some("urgent"))}
                aria-pressed={selected.to_string()} data-testid={format!("urgency-{value}")} {onclick}>
                { urgency.label(lang) }
            </button>
        }
    });

    let saving = *save_state == SaveState::Saving;
    html! {
        <section data-testid="page-capture">
            <h1 data-testid="page-title">{ Msg::CaptureTitle.get(lang) }</h1>
            if let Some((_, h)) = (*door).clone() {
                <DoorBanner household={h} linked={matches!(*save_state, SaveState::Saved(..))} />
            }
            if communities.is_empty() {
                <AddCommunity on_added={
                    let (communities, update) = (communities.clone(), update.clone());
                    Callback::from(move |(id, community): (String, Community)| {
                        let mut list = (*communities).clone();
                        list.push((id.clone(), community));
                        communities.set(list);
                        update(Box::new(move |d| d.community_id = id.clone()));
                    })
                } />
            }
            // autocomplete off: Chromium otherwise keeps what was typed here in its
            // session-restore file and autofill history, outside the app's storage.
            <form class="form capture" onsubmit={on_submit} data-testid="capture-form" novalidate=true autocomplete="off">
                <label>
                    <span>{ Msg::CaptureCommunity.get(lang) }</span>
                    <select data-testid="capture-community" onchange={on_community}>
                        <option value="" selected={current.community_id.is_empty()}>{ Msg::CaptureChooseCommunity.get(lang) }</option>
                        { for communities.iter().map(|(id, c)| html! {
                            <option value={id.clone()} selected={*id == current.community_id}>
                                { format!("{} · {}", c.name, c.street) }
                            </option>
                        }) }
                    </select>
                    { error_for("community_id") }
                </label>
                <fieldset>
                    <legend>{ Msg::CaptureCategory.get(lang) }</legend>
                    <div class="choices grid">{ for category_buttons }</div>
                    { error_for("category") }
                </fieldset>
                <fieldset>
                    <legend>{ Msg::CaptureUrgency.get(lang) }</legend>
                    <div class="choices">{ for urgency_buttons }</div>
                </fieldset>
                <label>
                    <span>{ Msg::CaptureShortTitle.get(lang) }</span>
                    <input type="text" ref={title_ref.clone()} value={current.title.clone()} maxlength="60"
                        placeholder={Msg::CaptureShortTitleHint.get(lang)}
                        oninput={text_input(|d, v| d.title = v)} data-testid="capture-title" />
                    { error_for("title") }
                </label>
                <label>
                    <span>{ Msg::CaptureDescription.get(lang) }</span>
                    <textarea value={current.description.clone()} oninput={on_description}
                        rows="4" data-testid="capture-description" />
                    { error_for("description") }
                </label>
                <PhotoPicker photos={current.photos.clone()} on_change={{
                    let update = update.clone();
                    Callback::from(move |list: Vec<String>| update(Box::new(move |d| d.photos = list.clone())))
                }} />
                <label class="check">
                    <input type="checkbox" checked={current.consent} onchange={on_consent} data-testid="capture-consent" />
                    <span>{ Msg::CaptureConsent.get(lang) }</span>
                </label>
                if current.consent {
                    <ResidentFields name={current.name.clone()} phone={current.phone.clone()} address={current.address.clone()}
                        oninput={{
                            let update = update.clone();
                            Callback::from(move |(field, value): (ResidentField, String)| {
                                update(Box::new(move |d| match field {
                                    ResidentField::Name => d.name = value.clone(),
                                    ResidentField::Phone => d.phone = value.clone(),
                                    ResidentField::Address => d.address = value.clone(),
                                }))
                            })
                        }} />
                }
                <label>
                    <span>{ Msg::CaptureSource.get(lang) }</span>
                    <select data-testid="capture-source" onchange={on_source}>
                        { for DemandSource::ALL.iter().map(|s| html! {
                            <option value={s.as_str()} selected={current.source == s.as_str()}>{ s.label(lang) }</option>
                        }) }
                    </select>
                </label>
                { match earlier.state() {
                    Load::Ready(earlier) => duplicates_hint(earlier, &current, lang),
                    // The hint could not be read: say so rather than suggest there is none.
                    Load::Failed(err) => html! { <p class="notice warn" data-testid="capture-duplicates-error">{ err.message(lang) }</p> },
                    // The form does not wait for the hint.
                    Load::Loading => Html::default(),
                } }
                { save_feedback(&save_state, lang) }
                <button type="submit" class="primary big" disabled={saving} data-testid="capture-save">
                    { if saving { Msg::CaptureSaving.get(lang) } else { Msg::CaptureSave.get(lang) } }
                </button>
                <p class="muted small">
                    { Msg::CaptureDraftKept.get(lang) }
                    if *saved_count > 0 {
                        { " · " }{ Msg::CaptureSavedCount.get(lang) }{ lang.colon() }
                        <strong data-testid="capture-count">{ *saved_count }</strong>
                    }
                </p>
            </form>
        </section>
    }
}

/// Earlier demands that may be this resident's: same door, phone or address.
fn duplicates_hint(earlier: &[(String, Demand)], form: &CaptureDraft, lang: Lang) -> Html {
    let recording = Recording {
        household_id: Some(form.household_id.as_str()).filter(|h| !h.is_empty()),
        phone: if form.consent { &form.phone } else { "" },
        address: if form.consent { &form.address } else { "" },
    };
    let found = possible_duplicates(earlier, &recording);
    if found.is_empty() {
        return html! {};
    }
    html! {
        <div class="notice warn" data-testid="capture-duplicates">
            <p>{ Msg::CapturePossibleDuplicate.get(lang) }</p>
            <ul>
                { for found.iter().take(3).map(|(id, d)| html! {
                    <li data-testid="capture-duplicate">
                        <a href={Route::Demand { id: id.clone() }.href()}>{ d.title.clone() }</a>
                        <span class="muted small">{ " · " }{ d.reported_on.clone() }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}

fn save_feedback(save_state: &SaveState, lang: Lang) -> Html {
    match save_state {
        SaveState::Saved(title, award_failed) => html! {
            <>
                <p class="notice ok" role="status" data-testid="capture-saved">
                    { "✓ " }{ Msg::CaptureSaved.get(lang) }{ lang.colon() }{ title.clone() }
                </p>
                if let Some(err) = award_failed {
                    <p class="notice warn" role="alert" data-testid="capture-points-failed">
                        { Msg::CapturePointsFailed.get(lang) }{ " " }{ err.text().get(lang) }
                    </p>
                }
            </>
        },
        SaveState::Failed(AppError::Invalid(problems)) => html! {
            <div class="notice error" role="alert" data-testid="capture-error">
                <strong>{ Msg::CaptureFixProblems.get(lang) }</strong>
                <ul>{ for problems.iter().map(|p| html! { <li>{ p.text.get(lang) }</li> }) }</ul>
            </div>
        },
        SaveState::Failed(err) => html! {
            <div class="notice error" role="alert" data-testid="capture-error">
                <strong>{ Msg::SaveFailed.get(lang) }</strong>
                <p>{ err.message(lang) }</p>
            </div>
        },
        _ => html! {},
    }
}
