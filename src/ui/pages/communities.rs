//! The communities, grouped by street (街道): the one list every record that names
//! a community picks from. Add one (the same id on every device) or edit one.

use std::collections::BTreeMap;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::office;
use crate::app::records;
use crate::domain::kinds::Community;
use crate::i18n::{Msg, OfficeMsg};
use crate::ui::components::community_add::AddCommunity;
use crate::ui::components::office_form::{
    field_error, optional, save_problems, text_input, FormState, SaveState,
};
use crate::ui::hooks::{use_app, use_load};

#[derive(Clone, PartialEq)]
struct Loaded {
    communities: Vec<(String, Community)>,
    /// Members per community id.
    members: BTreeMap<String, usize>,
}

#[function_component(CommunitiesPage)]
pub fn communities_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let reload = use_load((), |db, ()| async move {
        let (communities, members) = office::communities_with_members(&db).await?;
        Ok(Loaded {
            communities,
            members,
        })
    });
    let editing = use_state(|| None::<String>);
    let feedback = use_state(|| None::<OfficeMsg>);

    let Some(data) = reload.data() else {
        return reload.view(lang, |_| html! {});
    };
    let on_added = {
        let (reload, feedback) = (reload.clone(), feedback.clone());
        Callback::from(move |_| {
            feedback.set(Some(OfficeMsg::CommunityAdded));
            reload.reload();
        })
    };
    let on_saved = {
        let (reload, feedback, editing) = (reload.clone(), feedback.clone(), editing.clone());
        Callback::from(move |_| {
            editing.set(None);
            feedback.set(Some(OfficeMsg::CommunitySaved));
            reload.reload();
        })
    };
    let on_cancel = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(None))
    };

    let mut streets: Vec<(String, Vec<&(String, Community)>)> = Vec::new();
    for entry in &data.communities {
        match streets.last_mut() {
            Some((street, list)) if *street == entry.1.street => list.push(entry),
            _ => streets.push((entry.1.street.clone(), vec![entry])),
        }
    }
    let row = |(id, c): &(String, Community)| {
        if editing.as_deref() == Some(id.as_str()) {
            return html! {
                <li class="community-row editing" data-testid="community-row" data-id={id.clone()}>
                    <CommunityEditor id={id.clone()} community={c.clone()} on_saved={on_saved.clone()} on_cancel={on_cancel.clone()} />
                </li>
            };
        }
        let onclick = {
            let (editing, feedback, id) = (editing.clone(), feedback.clone(), id.clone());
            Callback::from(move |_| {
                feedback.set(None);
                editing.set(Some(id.clone()));
            })
        };
        let members = data.members.get(id).copied().unwrap_or(0);
        html! {
            <li class="community-row" data-testid="community-row" data-id={id.clone()}>
                <span class="row-title" data-testid="community-row-name">{ c.name.clone() }</span>
                <span class="row-meta">
                    if let Some(code) = c.code.clone() { <span class="mono">{ code }</span> }
                    <span>{ format!("{members} {}", OfficeMsg::CommunityMembersCount.get(lang)) }</span>
                </span>
                <button type="button" class="small-button" {onclick} data-testid="community-edit">{ Msg::Edit.get(lang) }</button>
            </li>
        }
    };

    html! {
        <section data-testid="page-communities">
            <h1 data-testid="page-title">{ OfficeMsg::CommunitiesTitle.get(lang) }</h1>
            <p class="muted">{ OfficeMsg::CommunitiesIntro.get(lang) }</p>
            if let Some(msg) = *feedback {
                <p class="notice ok" role="status" data-testid="community-feedback">{ "✓ " }{ msg.get(lang) }</p>
            }
            if data.communities.is_empty() {
                <p class="notice" data-testid="communities-none">{ OfficeMsg::CommunitiesNone.get(lang) }</p>
            }
            { for streets.iter().map(|(street, list)| html! {
                <section class="street" data-testid="community-street-group">
                    <h2>{ street.clone() }{ " " }<span class="muted small">{ list.len() }</span></h2>
                    <ul class="rows">{ for list.iter().map(|entry| row(entry)) }</ul>
                </section>
            }) }
            <AddCommunity on_added={on_added} intro={Some(OfficeMsg::CommunitiesAddIntro)} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    id: String,
    community: Community,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

#[derive(Clone, PartialEq)]
struct CommunityForm {
    name: String,
    street: String,
    code: String,
}

/// Edits a community's name, street and code: a new revision of the same record
/// (its id stays, so every record naming it still does).
#[function_component(CommunityEditor)]
fn community_editor(props: &EditorProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let form = use_reducer(|| {
        FormState(CommunityForm {
            name: props.community.name.clone(),
            street: props.community.street.clone(),
            code: props.community.code.clone().unwrap_or_default(),
        })
    });
    let save_state = use_state(|| SaveState::Idle);
    let on_submit = {
        let (state, form, save_state, id, base, on_saved) = (
            state.clone(),
            form.clone(),
            save_state.clone(),
            props.id.clone(),
            props.community.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *save_state == SaveState::Saving {
                return;
            }
            let (Some(store), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let edited = Community {
                name: form.0.name.trim().to_string(),
                street: form.0.street.trim().to_string(),
                code: optional(&form.0.code),
                extra: base.extra.clone(),
            };
            let Ok(data) = serde_json::to_value(&edited) else {
                return;
            };
            save_state.set(SaveState::Saving);
            let (save_state, id, on_saved) = (save_state.clone(), id.clone(), on_saved.clone());
            spawn_local(async move {
                match records::edit(&store, &device.id, &id, data).await {
                    Ok(_) => {
                        save_state.set(SaveState::Idle);
                        on_saved.emit(());
                    }
                    Err(err) => save_state.set(SaveState::Failed(err)),
                }
            });
        })
    };
    let on_cancel = {
        let cb = props.on_cancel.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let current = form.0.clone();
    html! {
        <form class="form" onsubmit={on_submit} data-testid="community-edit-form" novalidate=true>
            <label>
                <span>{ Msg::CommunityName.get(lang) }</span>
                <input type="text" value={current.name.clone()} maxlength="40"
                    oninput={text_input(&form, |f, v| f.name = v)} data-testid="community-edit-name" />
                { field_error(&save_state, "name", lang) }
            </label>
            <label>
                <span>{ Msg::CommunityStreet.get(lang) }</span>
                <input type="text" value={current.street.clone()} maxlength="40"
                    oninput={text_input(&form, |f, v| f.street = v)} data-testid="community-edit-street" />
                { field_error(&save_state, "street", lang) }
            </label>
            <label>
                <span>{ OfficeMsg::CommunityCode.get(lang) }</span>
                <input type="text" value={current.code.clone()} maxlength="20"
                    oninput={text_input(&form, |f, v| f.code = v)} data-testid="community-edit-code" />
            </label>
            { save_problems(&save_state, "community-edit-error", lang) }
            <div class="actions">
                <button type="submit" class="primary" data-testid="community-edit-save">{ OfficeMsg::CommunitySave.get(lang) }</button>
                <button type="button" onclick={on_cancel}>{ Msg::Cancel.get(lang) }</button>
            </div>
        </form>
    }
}
