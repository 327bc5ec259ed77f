//! Honours (智囊团, 金牌调解员, or titles a coordinator defines) by year, and
//! duty funds (专项经费) allocated and spent per team and year; a coordinator
//! gives honours and records funds here.

use std::collections::BTreeMap;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::honours::{load, save_new};
use crate::app::platform::today_local;
use crate::domain::honours::{
    duty_fund, funds_by_team_and_year, honour, honours_by_year, HONOUR_TITLES,
};
use crate::domain::kinds::{Kind, Member, Team};
use crate::domain::money::{format_fen_as_yuan, parse_yuan_to_fen};
use crate::i18n::{HonourMsg, Lang, PointsMsg, Text};
use crate::ui::components::office_form::{input_into, select_into};
use crate::ui::hooks::{use_app, use_load};
use crate::ui::route::Route;

/// This year, from today's date.
fn this_year() -> String {
    today_local().get(..4).unwrap_or("2026").to_string()
}

#[function_component(HonoursPage)]
pub fn honours_page() -> Html {
    let state = use_app();
    let lang = state.lang;
    let coordinator = state.is_coordinator();
    let loaded = use_load((), |db, ()| async move { load(&db).await });
    let feedback = use_state(|| None::<Result<(), Text>>);
    let Some(data) = loaded.data() else {
        return loaded.view(lang, |_| html! {});
    };
    let names: BTreeMap<&str, &str> = data
        .members
        .iter()
        .map(|(id, m)| (id.as_str(), m.name.as_str()))
        .collect();
    let done = {
        let (loaded, feedback) = (loaded.clone(), feedback.clone());
        Callback::from(move |result: Result<(), Text>| {
            if result.is_ok() {
                loaded.reload();
            }
            feedback.set(Some(result));
        })
    };
    let years = honours_by_year(&data.honours);
    let totals = funds_by_team_and_year(&data.funds);
    html! {
        <section data-testid="page-honours">
            <h1 data-testid="page-title">{ HonourMsg::Title.get(lang) }</h1>
            <p class="muted">{ HonourMsg::Intro.get(lang) }</p>
            { match (*feedback).clone() {
                Some(Ok(())) => html! { <p class="notice ok" role="status" data-testid="honours-feedback">{ "✓ " }{ HonourMsg::Saved.get(lang) }</p> },
                Some(Err(text)) => html! { <p class="notice error" role="alert" data-testid="honours-error">{ text.get(lang).to_string() }</p> },
                None => html! {},
            } }
            <section class="card" data-testid="honours-list">
                <h2>{ HonourMsg::Honours.get(lang) }</h2>
                if years.is_empty() {
                    <p class="muted">{ HonourMsg::NoHonours.get(lang) }</p>
                }
                { for years.iter().map(|(year, list)| html! {
                    <div data-testid="honours-year" data-year={year.to_string()}>
                        <h3>{ year }</h3>
                        <ul class="link-list">
                            { for list.iter().map(|(_, h)| html! {
                                <li data-testid="honour-item">
                                    <span class="tag">{ h.title.clone() }</span>{ " " }
                                    <a href={Route::Member { id: h.member_id.clone() }.href()}>
                                        { names.get(h.member_id.as_str()).map(|n| n.to_string()).unwrap_or_else(|| h.member_id.clone()) }
                                    </a>
                                    if let Some(reason) = h.reason.clone() { { " " }<span class="muted small">{ reason }</span> }
                                </li>
                            }) }
                        </ul>
                    </div>
                }) }
            </section>
            if coordinator {
                <HonourForm members={data.members.clone()} on_done={done.clone()} />
            }
            <section class="card" data-testid="funds-table">
                <h2>{ HonourMsg::Funds.get(lang) }</h2>
                if totals.is_empty() {
                    <p class="muted">{ HonourMsg::NoFunds.get(lang) }</p>
                } else {
                    <table class="tally">
                        <thead>
                            <tr>
                                <th>{ HonourMsg::Year.get(lang) }</th>
                                <th>{ HonourMsg::Team.get(lang) }</th>
                                <th class="num">{ HonourMsg::Allocated.get(lang) }</th>
                                <th class="num">{ HonourMsg::Spent.get(lang) }</th>
                                <th class="num">{ HonourMsg::Left.get(lang) }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for totals.iter().map(|((year, team), t)| html! {
                                <tr data-testid={format!("fund-{year}-{}", team.as_str())}>
                                    <td>{ year }</td>
                                    <td>{ team.label(lang) }</td>
                                    <td class="num" data-testid="fund-allocated">{ format_fen_as_yuan(t.allocated_fen) }</td>
                                    <td class="num" data-testid="fund-spent">{ format_fen_as_yuan(t.spent_fen) }</td>
                                    <td class="num" data-testid="fund-left">{ signed_yuan(t.balance_fen()) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            if coordinator {
                <FundForm on_done={done} />
            } else {
                <p class="notice" data-testid="honours-coordinator-only">{ HonourMsg::CoordinatorOnly.get(lang) }</p>
            }
        </section>
    }
}

/// Yuan with a minus sign when negative (overspent).
fn signed_yuan(fen: i128) -> String {
    let shown = format_fen_as_yuan(u64::try_from(fen.unsigned_abs()).unwrap_or(u64::MAX));
    if fen < 0 {
        format!("-{shown}")
    } else {
        shown
    }
}

#[derive(Properties, PartialEq)]
struct HonourFormProps {
    members: Vec<(String, Member)>,
    on_done: Callback<Result<(), Text>>,
}

#[function_component(HonourForm)]
fn honour_form(props: &HonourFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let member = use_state(String::new);
    let title = use_state(|| HONOUR_TITLES[0].0.to_string());
    let year = use_state(this_year);
    let reason = use_state(String::new);
    let on_submit = {
        let (state, member, title, year, reason, on_done) = (
            state.clone(),
            member.clone(),
            title.clone(),
            year.clone(),
            reason.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let year_value = year.trim().parse::<u16>().unwrap_or(0);
            let record = match honour(&member, &title, year_value, &reason) {
                Ok(h) => h,
                Err(err) => return on_done.emit(Err(err.text())),
            };
            let (on_done, reason) = (on_done.clone(), reason.clone());
            spawn_local(async move {
                let result = save_new(&db, &device.id, Kind::Honour, &record)
                    .await
                    .map_err(|e| e.text());
                if result.is_ok() {
                    reason.set(String::new());
                }
                on_done.emit(result);
            });
        })
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="honour-form">
            <h2>{ HonourMsg::AddHonour.get(lang) }</h2>
            <label>
                <span>{ PointsMsg::Member.get(lang) }</span>
                <select onchange={select_into(&member)} data-testid="honour-member">
                    <option value="" selected={member.is_empty()}>{ PointsMsg::ChooseMember.get(lang) }</option>
                    { for props.members.iter().map(|(id, m)| html! {
                        <option value={id.clone()} selected={*member == *id}>{ format!("{} · {}", m.name, m.team.label(lang)) }</option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ HonourMsg::HonourTitle.get(lang) }</span>
                <input type="text" list="honour-titles" maxlength="40" value={(*title).clone()} placeholder={HonourMsg::HonourTitleHint.get(lang)}
                    oninput={input_into(&title)} data-testid="honour-title" />
                <datalist id="honour-titles">
                    { for HONOUR_TITLES.iter().map(|(zh, en)| html! { <option value={*zh}>{ if lang == Lang::En { *en } else { *zh } }</option> }) }
                </datalist>
            </label>
            <label>
                <span>{ HonourMsg::Year.get(lang) }</span>
                <input type="text" inputmode="numeric" maxlength="4" value={(*year).clone()} oninput={input_into(&year)} data-testid="honour-year" />
            </label>
            <label>
                <span>{ HonourMsg::Reason.get(lang) }</span>
                <input type="text" maxlength="120" value={(*reason).clone()} oninput={input_into(&reason)} data-testid="honour-reason" />
            </label>
            <button type="submit" class="primary" data-testid="honour-save">{ HonourMsg::Save.get(lang) }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct FundFormProps {
    on_done: Callback<Result<(), Text>>,
}

#[function_component(FundForm)]
fn fund_form(props: &FundFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let team = use_state(|| Team::Citizen.as_str().to_string());
    let year = use_state(this_year);
    let allocated = use_state(String::new);
    let spent = use_state(String::new);
    let note = use_state(String::new);
    let on_submit = {
        let (state, team, year, allocated, spent, note, on_done) = (
            state.clone(),
            team.clone(),
            year.clone(),
            allocated.clone(),
            spent.clone(),
            note.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let money = |text: &str| -> Result<u64, Text> {
                if text.trim().is_empty() {
                    Ok(0)
                } else {
                    parse_yuan_to_fen(text).map_err(|e| e.text())
                }
            };
            let record = money(&allocated).and_then(|a| {
                let s = money(&spent)?;
                duty_fund(
                    Team::parse(&team).unwrap_or(Team::Citizen),
                    year.trim().parse::<u16>().unwrap_or(0),
                    a,
                    s,
                    &note,
                )
                .map_err(|e| e.text())
            });
            let record = match record {
                Ok(r) => r,
                Err(text) => return on_done.emit(Err(text)),
            };
            let on_done = on_done.clone();
            spawn_local(async move {
                on_done.emit(
                    save_new(&db, &device.id, Kind::DutyFund, &record)
                        .await
                        .map_err(|e| e.text()),
                );
            });
        })
    };
    html! {
        <form class="card form" onsubmit={on_submit} data-testid="fund-form">
            <h2>{ HonourMsg::AddFund.get(lang) }</h2>
            <div class="two">
                <label>
                    <span>{ HonourMsg::Team.get(lang) }</span>
                    <select onchange={select_into(&team)} data-testid="fund-team">
                        { for Team::ALL.iter().map(|t| html! {
                            <option value={t.as_str()} selected={*team == t.as_str()}>{ t.label(lang) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ HonourMsg::Year.get(lang) }</span>
                    <input type="text" inputmode="numeric" maxlength="4" value={(*year).clone()} oninput={input_into(&year)} data-testid="fund-year" />
                </label>
            </div>
            <div class="two">
                <label>
                    <span>{ HonourMsg::Allocated.get(lang) }</span>
                    <input type="text" inputmode="decimal" maxlength="20" value={(*allocated).clone()} oninput={input_into(&allocated)} data-testid="fund-allocated-input" />
                </label>
                <label>
                    <span>{ HonourMsg::Spent.get(lang) }</span>
                    <input type="text" inputmode="decimal" maxlength="20" value={(*spent).clone()} oninput={input_into(&spent)} data-testid="fund-spent-input" />
                </label>
            </div>
            <label>
                <span>{ HonourMsg::Note.get(lang) }</span>
                <input type="text" maxlength="120" value={(*note).clone()} oninput={input_into(&note)} data-testid="fund-note" />
            </label>
            <button type="submit" class="primary" data-testid="fund-save">{ HonourMsg::Save.get(lang) }</button>
        </form>
    }
}
