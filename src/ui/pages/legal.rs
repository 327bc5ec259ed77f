//! Legal services to communities (法务服务): the envoys' legal reviews for
//! community organisations — documents drafted, rules reviewed, opinions on
//! decisions (依法决策) — recorded and listed; and a way to the library.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::modules::load_legal;
use crate::app::office::community_label;
use crate::app::platform::today_local;
use crate::app::records;
use crate::domain::kinds::{Community, Kind, LegalReview, LegalReviewType, Member, Team};
use crate::i18n::{Lang, ModuleMsg, Msg, OfficeMsg};
use crate::ui::components::office_form::{
    area_input, field_error, record_data, save_problems, select_change, text_input, FormState,
    SaveState,
};
use crate::ui::components::record_pickers::CommunitySelect;
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

#[derive(Clone, PartialEq)]
struct ReviewForm {
    review_type: LegalReviewType,
    title: String,
    community_id: String,
    envoy_id: String,
    on: String,
    result: String,
    internal: bool,
}

impl ReviewForm {
    fn fresh() -> Self {
        ReviewForm {
            review_type: LegalReviewType::RuleReview,
            title: String::new(),
            community_id: String::new(),
            envoy_id: String::new(),
            on: today_local(),
            result: String::new(),
            internal: false,
        }
    }

    fn to_review(&self) -> LegalReview {
        LegalReview {
            review_type: self.review_type,
            title: self.title.trim().to_string(),
            community_id: self.community_id.clone(),
            envoy_id: self.envoy_id.clone(),
            on: self.on.trim().to_string(),
            result: self.result.trim().to_string(),
            internal: self.internal,
            extra: Default::default(),
        }
    }
}

fn name_of(members: &[(String, Member)], id: &str, lang: Lang) -> String {
    members
        .iter()
        .find(|(m, _)| m == id)
        .map(|(_, m)| m.name.clone())
        .unwrap_or_else(|| OfficeMsg::NotOnDevice.get(lang).to_string())
}

#[function_component(LegalPage)]
pub fn legal_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load((), |db, ()| async move { load_legal(&db).await });
    let form = use_reducer(|| FormState(ReviewForm::fresh()));
    let save_state = use_state(|| SaveState::Idle);
    let saved = use_state(|| false);
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let current = form.0.clone();
    let envoys: Vec<&(String, Member)> = data
        .members
        .iter()
        .filter(|(_, m)| m.team == Team::LegalEnvoy && m.active)
        .collect();
    let on_submit = {
        let (state, save_state, saved, loaded, form) = (
            state.clone(),
            save_state.clone(),
            saved.clone(),
            loaded.clone(),
            form.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let data = match record_data(&form.0.to_review()) {
                Ok(data) => data,
                Err(err) => return save_state.set(SaveState::Failed(err)),
            };
            save_state.set(SaveState::Saving);
            let (save_state, saved, loaded, form) = (
                save_state.clone(),
                saved.clone(),
                loaded.clone(),
                form.clone(),
            );
            spawn_local(async move {
                match records::create(&db, &device.id, Kind::LegalReview, data).await {
                    Ok(_) => {
                        save_state.set(SaveState::Idle);
                        saved.set(true);
                        form.dispatch(Box::new(|f| {
                            let keep = (f.community_id.clone(), f.envoy_id.clone());
                            *f = ReviewForm::fresh();
                            (f.community_id, f.envoy_id) = keep;
                        }));
                        loaded.reload();
                    }
                    Err(err) => save_state.set(SaveState::Failed(err)),
                }
            });
        })
    };
    let on_community = {
        let form = form.clone();
        Callback::from(move |v: String| form.dispatch(Box::new(move |f| f.community_id = v)))
    };
    let on_internal = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            form.dispatch(Box::new(move |f| f.internal = on))
        })
    };
    let communities: Rc<Vec<(String, Community)>> = Rc::new(data.communities.clone());
    let saving = *save_state == SaveState::Saving;
    let rows = data.reviews.iter().map(|(id, r)| html! {
        <li class="card" data-testid="legal-review-row" data-id={id.clone()}>
            <strong>{ r.title.clone() }</strong>
            <span class="vrow-meta">
                <span class="tag">{ r.review_type.label(lang) }</span>
                <span>{ r.on.clone() }</span>
                <span>{ community_label(&communities, Some(&r.community_id)).unwrap_or_default() }</span>
                <span>{ name_of(&data.members, &r.envoy_id, lang) }</span>
                if r.internal { <span class="tag">{ ModuleMsg::NoticeInternal.get(lang) }</span> }
            </span>
            <p class="small">{ r.result.clone() }</p>
        </li>
    });
    html! {
        <section data-testid="page-legal">
            <h1 data-testid="page-title">{ ModuleMsg::LegalTitle.get(lang) }</h1>
            <p class="muted">{ ModuleMsg::LegalIntro.get(lang) }</p>
            <ul class="big-list">
                <li><a href={Route::Library.href()} data-testid="legal-library">{ ModuleMsg::LibraryTitle.get(lang) }</a></li>
                <li><a href={Route::Activities.href()}>{ OfficeMsg::ActivitiesTitle.get(lang) }</a></li>
            </ul>
            <p class="muted small">{ ModuleMsg::LegalOtherActivities.get(lang) }</p>
            <h2>{ ModuleMsg::LegalReviews.get(lang) }{ " · " }<span data-testid="legal-review-count">{ data.reviews.len() }</span></h2>
            <form class="form card" onsubmit={on_submit} data-testid="legal-review-form" novalidate=true>
                <h3>{ ModuleMsg::LegalReviewNew.get(lang) }</h3>
                <label>
                    <span>{ ModuleMsg::LegalReviewType.get(lang) }</span>
                    <select data-testid="legal-review-type"
                        onchange={select_change(&form, |f, v| if let Some(t) = LegalReviewType::parse(&v) { f.review_type = t })}>
                        { for LegalReviewType::ALL.iter().map(|t| html! {
                            <option value={t.as_str()} selected={current.review_type == *t}>{ t.label(lang) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ ModuleMsg::LegalReviewTitle.get(lang) }</span>
                    <input type="text" value={current.title.clone()} maxlength="80" placeholder={ModuleMsg::LegalReviewTitleHint.get(lang)}
                        oninput={text_input(&form, |f, v| f.title = v)} data-testid="legal-review-title" />
                    { field_error(&save_state, "title", lang) }
                </label>
                <div class="two">
                    <label>
                        <span>{ Msg::CaptureCommunity.get(lang) }</span>
                        <CommunitySelect communities={communities.clone()} value={current.community_id.clone()}
                            onchange={on_community} testid="legal-review-community" empty_label={ModuleMsg::ConsultationChoose.get(lang)} />
                        { field_error(&save_state, "community_id", lang) }
                    </label>
                    <label>
                        <span>{ OfficeMsg::Date.get(lang) }</span>
                        <input type="date" value={current.on.clone()}
                            oninput={text_input(&form, |f, v| f.on = v)} data-testid="legal-review-date" />
                        { field_error(&save_state, "on", lang) }
                    </label>
                </div>
                <label>
                    <span>{ ModuleMsg::LegalReviewEnvoy.get(lang) }</span>
                    <select data-testid="legal-review-envoy" onchange={select_change(&form, |f, v| f.envoy_id = v)}>
                        <option value="" selected={current.envoy_id.is_empty()}>{ ModuleMsg::ConsultationChoose.get(lang) }</option>
                        { for envoys.iter().map(|(id, m)| html! {
                            <option value={id.clone()} selected={current.envoy_id == *id}>{ m.name.clone() }</option>
                        }) }
                    </select>
                    { field_error(&save_state, "envoy_id", lang) }
                </label>
                <label>
                    <span>{ ModuleMsg::LegalReviewResult.get(lang) }</span>
                    <textarea rows="3" value={current.result.clone()}
                        oninput={area_input(&form, |f, v| f.result = v)} data-testid="legal-review-result" />
                    { field_error(&save_state, "result", lang) }
                </label>
                <label class="check">
                    <input type="checkbox" checked={current.internal} onchange={on_internal} data-testid="legal-review-internal" />
                    <span>{ ModuleMsg::ConsultationInternal.get(lang) }</span>
                </label>
                { save_problems(&save_state, "legal-review-error", lang) }
                if *saved && *save_state == SaveState::Idle {
                    <p class="notice ok" role="status" data-testid="legal-review-saved">{ ModuleMsg::LegalReviewSaved.get(lang) }</p>
                }
                <button type="submit" class="primary" disabled={saving} data-testid="legal-review-save">{ ModuleMsg::LegalReviewSave.get(lang) }</button>
            </form>
            if data.reviews.is_empty() {
                <p class="notice" data-testid="legal-reviews-none">{ ModuleMsg::LegalReviewsNone.get(lang) }</p>
            }
            <ul class="cards" data-testid="legal-reviews">{ for rows }</ul>
        </section>
    }
}
