//! Decision consultations (决策征询): each with its requesting body, due date,
//! how many invited members have answered, what was adopted, and whether it is overdue.

use yew::prelude::*;

use crate::app::modules::load_consultation_list;
use crate::app::platform::today_local;
use crate::domain::consultation::{
    adopted_count, answered_count, consultation_overdue, consultation_status,
};
use crate::domain::kinds::ConsultationStatus;
use crate::i18n::{Lang, ModuleMsg};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

/// "采纳 2 条" / "2 adopted".
pub fn adopted_text(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("采纳 {n} 条"),
        Lang::En => format!("{n} adopted"),
    }
}

/// "已答复 1/2" / "1/2 answered".
pub fn answered_text(answered: usize, invited: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已答复 {answered}/{invited}"),
        Lang::En => format!("{answered}/{invited} answered"),
    }
}

#[function_component(ConsultationsPage)]
pub fn consultations_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load(
        (),
        |db, ()| async move { load_consultation_list(&db).await },
    );
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let today = today_local();
    let rows = data.consultations.iter().map(|(id, c)| {
        let status = consultation_status(id, c, &data.responses);
        let (answered, invited) = answered_count(id, c, &data.responses);
        let overdue = consultation_overdue(c, &today);
        html! {
            <li>
                <a class="card row-card" href={Route::Consultation { id: id.clone() }.href()}
                    data-testid="consultation-row" data-id={id.clone()} data-status={status.as_str()}>
                    <strong>{ c.subject.clone() }</strong>
                    <span class="vrow-meta">
                        <span class={classes!("tag", format!("consult-{}", status.as_str()))}>{ status.label(lang) }</span>
                        if overdue { <span class="tag warn" data-testid="consultation-overdue">{ ModuleMsg::ConsultationOverdue.get(lang) }</span> }
                        <span>{ c.requested_by.clone() }</span>
                        <span>{ c.way.label(lang) }</span>
                        <span>{ ModuleMsg::ConsultationDueOn.get(lang) }{ lang.colon() }{ c.due_on.clone() }</span>
                        <span>{ answered_text(answered, invited, lang) }</span>
                        if status == ConsultationStatus::Closed {
                            <span data-testid="consultation-row-adopted">{ adopted_text(adopted_count(c), lang) }</span>
                        }
                    </span>
                </a>
            </li>
        }
    });
    html! {
        <section data-testid="page-consultations">
            <div class="page-head">
                <h1 data-testid="page-title">{ ModuleMsg::ConsultationsTitle.get(lang) }</h1>
                <a class="button primary" href={Route::ConsultationNew.href()} data-testid="consultation-new">{ ModuleMsg::ConsultationNew.get(lang) }</a>
            </div>
            <p class="muted">{ ModuleMsg::ConsultationsIntro.get(lang) }</p>
            if data.consultations.is_empty() {
                <p class="notice" data-testid="consultations-none">{ ModuleMsg::ConsultationsNone.get(lang) }</p>
            }
            <ul class="cards" data-testid="consultations-list">{ for rows }</ul>
        </section>
    }
}
