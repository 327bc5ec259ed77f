//! Adds or edits a member. The team decides the extra fields: domains for the
//! citizens' committee (and their roles and sub-teams), expertise for experts, profession and workstation for
//! legal envoys (the workstation is stored in `expertise`, as the demo data does).

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::platform::today_local;
use crate::app::AppError;
use crate::app::{lists, records};
use crate::domain::honours::{roles, sub_teams, with_roles, Role, SubTeam};
use crate::domain::kinds::{domain_label, Community, Kind, Member, Profession, Team, DOMAINS};
use crate::i18n::{HonourMsg, Msg, OfficeMsg, Text};
use crate::ui::components::office_form::{
    area_input, field_error, optional, problem, record_data, save_problems, select_change,
    submit_handler, text_input, FormState, SaveState,
};
use crate::ui::components::record_pickers::{CommunitySelect, Listed};
use crate::ui::hooks::{use_app, use_form_start, use_load, FormStart};
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct MemberFormProps {
    /// The member to edit; `None` adds a new one.
    #[prop_or_default]
    pub id: Option<String>,
}

/// The form's fields as typed.
#[derive(Clone, PartialEq)]
struct MemberForm {
    name: String,
    team: Team,
    community_id: String,
    domains: Vec<String>,
    expertise: String,
    profession: String,
    station: String,
    phone: String,
    joined_on: String,
    notes: String,
    /// Roles and sub-teams of a citizens' representative (`domain::honours`).
    roles: Vec<Role>,
    sub_teams: Vec<SubTeam>,
    /// The stored member being edited: its other fields are written back unchanged.
    base: Option<Member>,
}

impl MemberForm {
    fn fresh(team: Team) -> Self {
        MemberForm {
            name: String::new(),
            team,
            community_id: String::new(),
            domains: Vec::new(),
            expertise: String::new(),
            profession: String::new(),
            station: String::new(),
            phone: String::new(),
            joined_on: today_local(),
            notes: String::new(),
            roles: Vec::new(),
            sub_teams: Vec::new(),
            base: None,
        }
    }

    fn from_member(m: &Member) -> Self {
        let envoy = m.team == Team::LegalEnvoy;
        let expertise = m.expertise.clone().unwrap_or_default();
        MemberForm {
            name: m.name.clone(),
            team: m.team,
            community_id: m.community_id.clone().unwrap_or_default(),
            domains: m.domains.clone(),
            expertise: if envoy {
                String::new()
            } else {
                expertise.clone()
            },
            profession: m
                .profession
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            station: if envoy { expertise } else { String::new() },
            phone: m.phone.clone().unwrap_or_default(),
            joined_on: m.joined_on.clone().unwrap_or_default(),
            notes: m.notes.clone().unwrap_or_default(),
            roles: roles(m),
            sub_teams: sub_teams(m),
            base: Some(m.clone()),
        }
    }

    /// The member to store, or the problems the form itself finds first.
    fn to_member(&self) -> Result<Member, AppError> {
        let mut problems = Vec::new();
        if self.team == Team::Citizen && self.community_id.is_empty() {
            problems.push(problem(
                "community_id",
                Text::new(
                    "市民委员会成员请选择所在社区。",
                    "Choose the community of this citizens' committee member.",
                ),
            ));
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let (expertise, profession) = match self.team {
            Team::Citizen => (None, None),
            Team::Expert => (optional(&self.expertise), None),
            Team::LegalEnvoy => (optional(&self.station), Profession::parse(&self.profession)),
        };
        let member = Member {
            name: self.name.trim().to_string(),
            team: self.team,
            community_id: optional(&self.community_id),
            // Other teams keep the domains they have (envoys in mediation, say); citizens choose here.
            domains: self.domains.clone(),
            expertise,
            profession,
            phone: optional(&self.phone),
            joined_on: optional(&self.joined_on),
            active: self.base.as_ref().is_none_or(|m| m.active),
            notes: optional(&self.notes),
            extra: self
                .base
                .as_ref()
                .map(|m| m.extra.clone())
                .unwrap_or_default(),
        };
        // Roles and sub-teams are a citizens' representative's.
        Ok(match self.team {
            Team::Citizen => with_roles(member, &self.roles, &self.sub_teams),
            _ => member,
        })
    }
}

#[function_component(MemberFormPage)]
pub fn member_form_page(props: &MemberFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let navigator = use_navigator();
    let form = use_reducer(|| FormState(MemberForm::fresh(Team::Citizen)));
    let save_state = use_state(|| SaveState::Idle);
    // The communities and, when editing, the member (`Some(None)`: not on this device).
    let loaded = use_load(props.id.clone(), |db, id| async move {
        let communities: Listed<Community> = Rc::new(lists::load_communities(&db).await?);
        let editing = match id {
            Some(id) => Some(
                records::find_as::<Member>(&db, &id, Kind::Member)
                    .await?
                    .map(|(_, m)| m),
            ),
            None => None,
        };
        Ok((communities, editing))
    });
    // The form starts from them once per record.
    use_form_start(
        &form,
        props.id.clone(),
        loaded.data(),
        FormStart {
            communities: |l| l,
            from_record: MemberForm::from_member,
            set_community: |f, id| f.community_id = id,
        },
    );

    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let community_list = data.0.clone();
    if matches!(data.1, Some(None)) {
        return html! {
            <section data-testid="page-member-form">
                <h1 data-testid="page-title">{ OfficeMsg::MemberEditTitle.get(lang) }</h1>
                <p class="notice" data-testid="member-missing">{ OfficeMsg::MemberNotFound.get(lang) }</p>
                <a class="button" href={Route::Members.href()}>{ Msg::Back.get(lang) }</a>
            </section>
        };
    }
    let current = form.0.clone();

    let on_submit = submit_handler(
        state.clone(),
        save_state.clone(),
        navigator.clone(),
        props.id.clone(),
        Kind::Member,
        {
            let form = form.clone();
            Rc::new(move || record_data(&form.0.to_member()?))
        },
        |id| Route::Member { id },
    );

    let on_community = {
        let form = form.clone();
        Callback::from(move |v: String| form.dispatch(Box::new(move |f| f.community_id = v)))
    };
    let domain_buttons = DOMAINS.iter().map(|key| {
        let selected = current.domains.iter().any(|d| d == key);
        let form = form.clone();
        let key = key.to_string();
        let testid = format!("member-domain-{key}");
        let label = domain_label(&key, lang).to_string();
        let onclick = Callback::from(move |_| {
            let key = key.clone();
            form.dispatch(Box::new(move |f| {
                if f.domains.contains(&key) {
                    f.domains.retain(|d| *d != key);
                } else {
                    f.domains.push(key);
                }
            }))
        });
        html! {
            <button type="button" class={classes!("choice", selected.then_some("selected"))}
                aria-pressed={selected.to_string()} data-testid={testid} {onclick}>{ label }</button>
        }
    });

    let role_buttons = Role::ALL.iter().map(|role| {
        let selected = current.roles.contains(role);
        let (form, role) = (form.clone(), *role);
        let onclick = Callback::from(move |_| {
            form.dispatch(Box::new(move |f| {
                if f.roles.contains(&role) {
                    f.roles.retain(|r| *r != role);
                } else {
                    f.roles.push(role);
                }
            }))
        });
        html! {
            <button type="button" class={classes!("choice", selected.then_some("selected"))}
                aria-pressed={selected.to_string()} data-testid={format!("member-role-{}", role.as_str())} {onclick}>{ role.label(lang) }</button>
        }
    });
    let sub_team_buttons = SubTeam::ALL.iter().map(|team| {
        let selected = current.sub_teams.contains(team);
        let (form, team) = (form.clone(), *team);
        let onclick = Callback::from(move |_| {
            form.dispatch(Box::new(move |f| {
                if f.sub_teams.contains(&team) {
                    f.sub_teams.retain(|t| *t != team);
                } else {
                    f.sub_teams.push(team);
                }
            }))
        });
        html! {
            <button type="button" class={classes!("choice", selected.then_some("selected"))}
                aria-pressed={selected.to_string()} data-testid={format!("member-sub-team-{}", team.as_str())} {onclick}>{ team.label(lang) }</button>
        }
    });

    let saving = *save_state == SaveState::Saving;
    let title = if props.id.is_some() {
        OfficeMsg::MemberEditTitle
    } else {
        OfficeMsg::MemberNew
    };
    let back = match &props.id {
        Some(id) => Route::Member { id: id.clone() },
        None => Route::Members,
    };
    html! {
        <section data-testid="page-member-form">
            <a class="back" href={back.href()}>{ "‹ " }{ Msg::Back.get(lang) }</a>
            <h1 data-testid="page-title">{ title.get(lang) }</h1>
            <form class="form" onsubmit={on_submit} data-testid="member-form" novalidate=true>
                <label>
                    <span>{ OfficeMsg::MemberName.get(lang) }</span>
                    <input type="text" value={current.name.clone()} maxlength="40"
                        oninput={text_input(&form, |f, v| f.name = v)} data-testid="member-name" />
                    { field_error(&save_state, "name", lang) }
                </label>
                <label>
                    <span>{ OfficeMsg::MemberTeam.get(lang) }</span>
                    <select data-testid="member-team"
                        onchange={select_change(&form, |f, v| if let Some(t) = Team::parse(&v) { f.team = t })}>
                        { for Team::ALL.iter().map(|t| html! {
                            <option value={t.as_str()} selected={current.team == *t}>{ t.label(lang) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ OfficeMsg::MemberCommunity.get(lang) }</span>
                    <CommunitySelect communities={community_list.clone()} value={current.community_id.clone()}
                        onchange={on_community} testid="member-community" empty_label={OfficeMsg::CommunityNone.get(lang)} />
                    { field_error(&save_state, "community_id", lang) }
                </label>
                if current.team == Team::Citizen {
                    <fieldset data-testid="member-domains">
                        <legend>{ OfficeMsg::MemberDomains.get(lang) }</legend>
                        <div class="choices grid">{ for domain_buttons }</div>
                    </fieldset>
                    <fieldset data-testid="member-roles">
                        <legend>{ HonourMsg::Roles.get(lang) }</legend>
                        <div class="choices grid">{ for role_buttons }</div>
                    </fieldset>
                    <fieldset data-testid="member-sub-teams">
                        <legend>{ HonourMsg::SubTeams.get(lang) }</legend>
                        <div class="choices grid">{ for sub_team_buttons }</div>
                    </fieldset>
                }
                if current.team == Team::Expert {
                    <label>
                        <span>{ OfficeMsg::MemberExpertise.get(lang) }</span>
                        <input type="text" value={current.expertise.clone()} maxlength="80" placeholder={OfficeMsg::MemberExpertiseHint.get(lang)}
                            oninput={text_input(&form, |f, v| f.expertise = v)} data-testid="member-expertise" />
                    </label>
                }
                if current.team == Team::LegalEnvoy {
                    <label>
                        <span>{ OfficeMsg::MemberProfession.get(lang) }</span>
                        <select data-testid="member-profession" onchange={select_change(&form, |f, v| f.profession = v)}>
                            <option value="" selected={current.profession.is_empty()}>{ Msg::ChooseOne.get(lang) }</option>
                            { for Profession::ALL.iter().map(|p| html! {
                                <option value={p.as_str()} selected={current.profession == p.as_str()}>{ p.label(lang) }</option>
                            }) }
                        </select>
                    </label>
                    <label>
                        <span>{ OfficeMsg::MemberStation.get(lang) }</span>
                        <input type="text" value={current.station.clone()} maxlength="80" placeholder={OfficeMsg::MemberStationHint.get(lang)}
                            oninput={text_input(&form, |f, v| f.station = v)} data-testid="member-station" />
                    </label>
                }
                <label>
                    <span>{ OfficeMsg::MemberPhone.get(lang) }</span>
                    <input type="tel" inputmode="tel" value={current.phone.clone()} maxlength="20"
                        oninput={text_input(&form, |f, v| f.phone = v)} data-testid="member-phone" />
                </label>
                <label>
                    <span>{ OfficeMsg::MemberJoinedOn.get(lang) }</span>
                    <input type="date" value={current.joined_on.clone()}
                        oninput={text_input(&form, |f, v| f.joined_on = v)} data-testid="member-joined" />
                    { field_error(&save_state, "joined_on", lang) }
                </label>
                <label>
                    <span>{ OfficeMsg::MemberNotes.get(lang) }</span>
                    <textarea rows="3" value={current.notes.clone()}
                        oninput={area_input(&form, |f, v| f.notes = v)} data-testid="member-notes" />
                </label>
                { save_problems(&save_state, "member-error", lang) }
                <button type="submit" class="primary big" disabled={saving} data-testid="member-save">
                    { if saving { Msg::CaptureSaving.get(lang) } else { OfficeMsg::MemberSave.get(lang) } }
                </button>
            </form>
        </section>
    }
}
