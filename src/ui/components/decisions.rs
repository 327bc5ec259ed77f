//! An activity's decisions (民事民定): each vote counted against the attendance,
//! the decision taken, a budget's funded proposals, and the button that starts
//! a micro-project from a decision; plus the form that records a vote.

use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::decisions::{record_decision, start_micro_project};
use crate::app::platform::today_local;
use crate::domain::decision::{self, tally, Decision, DecisionError, VoteMethod, VoteOption};
use crate::domain::kinds::Activity;
use crate::domain::money::{format_fen_as_yuan, parse_count, parse_yuan_to_fen};
use crate::i18n::{DecisionMsg, Lang, Text};
use crate::ui::components::office_form::{input_into, select_into};
use crate::ui::hooks::use_app;
use crate::ui::route::Route;

#[derive(Properties, PartialEq)]
pub struct DecisionsProps {
    pub activity_id: String,
    pub activity: Activity,
    /// Outcomes started by a decision: (decision id, outcome id, outcome title).
    pub started: Vec<(String, String, String)>,
    /// Called after a vote was saved, so the page reloads the activity.
    pub on_saved: Callback<()>,
}

/// The decisions of one activity, with the vote form.
#[function_component(Decisions)]
pub fn decisions_card(props: &DecisionsProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let navigator = use_navigator();
    let adding = use_state(|| false);
    let error = use_state(|| None::<Text>);
    let list = decision::decisions(&props.activity);
    let attendance = props.activity.attendees;

    let start = |decision_id: String| {
        let (state, error, navigator, activity_id) = (
            state.clone(),
            error.clone(),
            navigator.clone(),
            props.activity_id.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let (error, navigator, activity_id, decision_id) = (
                error.clone(),
                navigator.clone(),
                activity_id.clone(),
                decision_id.clone(),
            );
            spawn_local(async move {
                match start_micro_project(
                    &db,
                    &device.id,
                    &activity_id,
                    &decision_id,
                    &today_local(),
                )
                .await
                {
                    Ok(id) => {
                        if let Some(nav) = navigator {
                            nav.push(&Route::Outcome { id });
                        }
                    }
                    Err(err) => error.set(Some(err.text())),
                }
            });
        })
    };

    html! {
        <section class="card" data-testid="activity-decisions">
            <h2>{ DecisionMsg::Title.get(lang) }{ " " }<span class="muted">{ list.len() }</span></h2>
            <p class="muted small">{ DecisionMsg::Intro.get(lang) }</p>
            if list.is_empty() {
                <p class="muted small">{ DecisionMsg::None.get(lang) }</p>
            }
            { for list.iter().map(|d| {
                let started = props.started.iter().find(|(id, _, _)| *id == d.id);
                html! {
                    <div class="decision" data-testid="decision" data-id={d.id.clone()}>
                        <h3 data-testid="decision-question">{ d.question.clone() }</h3>
                        { tally_view(d, attendance, lang) }
                        <p data-testid="decision-result"><strong>{ DecisionMsg::Result.get(lang) }{ lang.colon() }</strong>{ d.result.clone() }</p>
                        { match started {
                            Some((_, outcome_id, title)) => html! {
                                <p class="small">
                                    { DecisionMsg::ProjectStarted.get(lang) }{ lang.colon() }
                                    <a href={Route::Outcome { id: outcome_id.clone() }.href()} data-testid="decision-project">{ title.clone() }</a>
                                </p>
                            },
                            None => html! {
                                <button type="button" onclick={start(d.id.clone())} data-testid="decision-start-project">
                                    { DecisionMsg::StartProject.get(lang) }
                                </button>
                            },
                        } }
                    </div>
                }
            }) }
            if let Some(text) = &*error {
                <p class="notice error" role="alert" data-testid="decision-error">{ text.get(lang).to_string() }</p>
            }
            if *adding {
                <DecisionForm activity_id={props.activity_id.clone()} attendance={attendance}
                    on_done={{
                        let (adding, on_saved) = (adding.clone(), props.on_saved.clone());
                        Callback::from(move |saved: bool| {
                            adding.set(false);
                            if saved {
                                on_saved.emit(());
                            }
                        })
                    }} />
            } else {
                <button type="button" class="primary" data-testid="decision-add"
                    onclick={{ let adding = adding.clone(); Callback::from(move |_: MouseEvent| adding.set(true)) }}>
                    { DecisionMsg::Add.get(lang) }
                </button>
            }
        </section>
    }
}

/// The count of a decision against the attendance, as a person reads it.
fn tally_view(d: &Decision, attendance: u64, lang: Lang) -> Html {
    let t = tally(d, attendance);
    let counts = format!(
        "{} {} · {} {}",
        DecisionMsg::Attendance.get(lang),
        attendance,
        DecisionMsg::Cast.get(lang),
        t.cast
    );
    match d.method {
        VoteMethod::YesNo => html! {
            <>
                <p class="small" data-testid="decision-votes">
                    { format!("{} {} · {} {} · {} {} · {counts}",
                        DecisionMsg::For.get(lang), d.votes_for.unwrap_or(0),
                        DecisionMsg::Against.get(lang), d.against.unwrap_or(0),
                        DecisionMsg::Abstain.get(lang), d.abstain.unwrap_or(0)) }
                </p>
                <p data-testid="decision-carried">
                    <span class={classes!("tag", if t.carried == Some(true) { "ok" } else { "warn" })}>
                        { if t.carried == Some(true) { DecisionMsg::Carried.get(lang) } else { DecisionMsg::NotCarried.get(lang) } }
                    </span>
                </p>
            </>
        },
        VoteMethod::Choice | VoteMethod::Budget => html! {
            <>
                <p class="small" data-testid="decision-votes">{ counts }</p>
                if let Some(budget) = d.budget_fen {
                    <p class="small">{ DecisionMsg::Budget.get(lang) }{ lang.colon() }{ format_fen_as_yuan(budget) }
                        { " · " }{ DecisionMsg::FundedTotal.get(lang) }{ lang.colon() }
                        <span data-testid="decision-funded-total">{ format_fen_as_yuan(t.funded_fen) }</span></p>
                }
                <ul class="link-list">
                    { for d.options.iter().enumerate().map(|(i, o)| {
                        let mark = match d.method {
                            VoteMethod::Budget if t.funded.contains(&i) => Some(DecisionMsg::Funded),
                            VoteMethod::Budget => Some(DecisionMsg::NotFunded),
                            _ if t.winner == Some(i) => Some(DecisionMsg::Winner),
                            _ => None,
                        };
                        html! {
                            <li data-testid="decision-option">
                                { o.label.clone() }{ " · " }{ o.votes }{ " " }{ DecisionMsg::Votes.get(lang) }
                                if let Some(cost) = o.cost_fen { { " · " }{ format_fen_as_yuan(cost) } }
                                if let Some(mark) = mark { { " " }<span class="tag" data-testid="decision-option-mark">{ mark.get(lang) }</span> }
                            </li>
                        }
                    }) }
                </ul>
                if d.method == VoteMethod::Choice && t.winner.is_none() && t.cast > 0 {
                    <p class="small">{ DecisionMsg::Tie.get(lang) }</p>
                }
            </>
        },
    }
}

#[derive(Properties, PartialEq)]
struct DecisionFormProps {
    activity_id: String,
    attendance: u64,
    /// `true` when a vote was saved, `false` when cancelled.
    on_done: Callback<bool>,
}

/// One row of options as typed.
#[derive(Clone, Default, PartialEq)]
struct Row {
    label: String,
    cost: String,
    votes: String,
}

/// The vote as typed, read into a [`Decision`] (or what is wrong with it).
fn read_decision(
    id: String,
    question: &str,
    method: VoteMethod,
    yes_no: [&str; 3],
    rows: &[Row],
    budget: &str,
    result: &str,
) -> Result<Decision, Text> {
    let count = |text: &str| parse_count(text).map_err(|e| e.text());
    let money = |text: &str| parse_yuan_to_fen(text).map_err(|e| e.text());
    let mut decision = Decision {
        id,
        question: question.trim().to_string(),
        method,
        votes_for: None,
        against: None,
        abstain: None,
        options: Vec::new(),
        budget_fen: None,
        result: result.trim().to_string(),
        extra: Default::default(),
    };
    match method {
        VoteMethod::YesNo => {
            decision.votes_for = Some(count(yes_no[0])?);
            decision.against = Some(count(yes_no[1])?);
            decision.abstain = Some(count(yes_no[2])?);
        }
        VoteMethod::Choice | VoteMethod::Budget => {
            for row in rows.iter().filter(|r| !r.label.trim().is_empty()) {
                let cost_fen = match (method, row.cost.trim()) {
                    (VoteMethod::Budget, "") => None,
                    (VoteMethod::Budget, cost) => Some(money(cost)?),
                    _ => None,
                };
                decision.options.push(VoteOption {
                    label: row.label.trim().to_string(),
                    votes: count(&row.votes)?,
                    cost_fen,
                    extra: Default::default(),
                });
            }
            if method == VoteMethod::Budget && !budget.trim().is_empty() {
                decision.budget_fen = Some(money(budget)?);
            }
        }
    }
    Ok(decision)
}

#[function_component(DecisionForm)]
fn decision_form(props: &DecisionFormProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let question = use_state(String::new);
    let method = use_state(|| VoteMethod::YesNo.as_str().to_string());
    let votes_for = use_state(String::new);
    let against = use_state(String::new);
    let abstain = use_state(String::new);
    let rows = use_state(|| vec![Row::default(), Row::default(), Row::default()]);
    let budget = use_state(String::new);
    let result = use_state(String::new);
    let error = use_state(|| None::<Text>);
    let saving = use_state(|| false);
    let chosen = VoteMethod::parse(&method).unwrap_or(VoteMethod::YesNo);

    let on_submit = {
        let (state, error, saving, on_done, activity_id, attendance) = (
            state.clone(),
            error.clone(),
            saving.clone(),
            props.on_done.clone(),
            props.activity_id.clone(),
            props.attendance,
        );
        let fields = (
            question.clone(),
            votes_for.clone(),
            against.clone(),
            abstain.clone(),
            rows.clone(),
            budget.clone(),
            result.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *saving {
                return;
            }
            let (Some(db), Some(device)) = (state.db(), state.device.clone()) else {
                return;
            };
            let (question, votes_for, against, abstain, rows, budget, result) = &fields;
            let decision = read_decision(
                uuid::Uuid::new_v4().to_string(),
                question,
                chosen,
                [votes_for, against, abstain],
                rows,
                budget,
                result,
            )
            .and_then(|d| {
                decision::check(&d, attendance)
                    .map(|_| d)
                    .map_err(|e: DecisionError| e.text())
            });
            let decision = match decision {
                Ok(d) => d,
                Err(text) => return error.set(Some(text)),
            };
            saving.set(true);
            let (error, saving, on_done, activity_id) = (
                error.clone(),
                saving.clone(),
                on_done.clone(),
                activity_id.clone(),
            );
            spawn_local(async move {
                let outcome = record_decision(&db, &device.id, &activity_id, decision).await;
                saving.set(false);
                match outcome {
                    Ok(()) => on_done.emit(true),
                    Err(err) => error.set(Some(err.text())),
                }
            });
        })
    };
    let row_input = |i: usize, field: fn(&mut Row) -> &mut String| {
        let rows = rows.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            let mut next = (*rows).clone();
            if let Some(row) = next.get_mut(i) {
                *field(row) = value;
            }
            rows.set(next);
        })
    };
    let number = |testid: &str, label: DecisionMsg, value: &UseStateHandle<String>| {
        html! {
            <label>
                <span>{ label.get(lang) }</span>
                <input type="text" inputmode="numeric" maxlength="7" value={(**value).clone()}
                    oninput={input_into(value)} data-testid={testid.to_string()} />
            </label>
        }
    };
    html! {
        <form class="form" onsubmit={on_submit} data-testid="decision-form" novalidate=true>
            <label>
                <span>{ DecisionMsg::Question.get(lang) }</span>
                <input type="text" maxlength="120" value={(*question).clone()} oninput={input_into(&question)} data-testid="decision-question-input" />
            </label>
            <label>
                <span>{ DecisionMsg::Method.get(lang) }</span>
                <select onchange={select_into(&method)} data-testid="decision-method">
                    { for VoteMethod::ALL.iter().map(|m| html! {
                        <option value={m.as_str()} selected={chosen == *m}>{ m.label().get(lang).to_string() }</option>
                    }) }
                </select>
            </label>
            if chosen == VoteMethod::YesNo {
                <div class="three">
                    { number("decision-for", DecisionMsg::For, &votes_for) }
                    { number("decision-against", DecisionMsg::Against, &against) }
                    { number("decision-abstain", DecisionMsg::Abstain, &abstain) }
                </div>
            } else {
                <fieldset>
                    <legend>{ if chosen == VoteMethod::Budget { DecisionMsg::Proposals.get(lang) } else { DecisionMsg::Options.get(lang) } }</legend>
                    { for rows.iter().enumerate().map(|(i, row)| html! {
                        <div class="option-row" data-testid="decision-row">
                            <input type="text" maxlength="60" placeholder={DecisionMsg::OptionLabel.get(lang)} aria-label={DecisionMsg::OptionLabel.get(lang)}
                                value={row.label.clone()} oninput={row_input(i, |r| &mut r.label)} data-testid="decision-row-label" />
                            if chosen == VoteMethod::Budget {
                                <input type="text" inputmode="decimal" maxlength="16" placeholder={DecisionMsg::Cost.get(lang)} aria-label={DecisionMsg::Cost.get(lang)}
                                    value={row.cost.clone()} oninput={row_input(i, |r| &mut r.cost)} data-testid="decision-row-cost" />
                            }
                            <input type="text" inputmode="numeric" maxlength="7" placeholder={DecisionMsg::Votes.get(lang)} aria-label={DecisionMsg::Votes.get(lang)}
                                value={row.votes.clone()} oninput={row_input(i, |r| &mut r.votes)} data-testid="decision-row-votes" />
                        </div>
                    }) }
                    <button type="button" data-testid="decision-add-row"
                        onclick={{ let rows = rows.clone(); Callback::from(move |_: MouseEvent| { let mut next = (*rows).clone(); next.push(Row::default()); rows.set(next); }) }}>
                        { DecisionMsg::AddOption.get(lang) }
                    </button>
                    if chosen == VoteMethod::Budget {
                        <label>
                            <span>{ DecisionMsg::Budget.get(lang) }</span>
                            <input type="text" inputmode="decimal" maxlength="16" value={(*budget).clone()} oninput={input_into(&budget)} data-testid="decision-budget" />
                        </label>
                    }
                </fieldset>
            }
            <label>
                <span>{ DecisionMsg::Result.get(lang) }</span>
                <input type="text" maxlength="120" placeholder={DecisionMsg::ResultHint.get(lang)} value={(*result).clone()} oninput={input_into(&result)} data-testid="decision-result-input" />
            </label>
            <p class="muted small">{ format!("{} {}", DecisionMsg::Attendance.get(lang), props.attendance) }</p>
            if let Some(text) = &*error {
                <p class="notice error" role="alert" data-testid="decision-form-error">{ text.get(lang).to_string() }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" disabled={*saving} data-testid="decision-save">{ DecisionMsg::Save.get(lang) }</button>
                <button type="button" data-testid="decision-cancel"
                    onclick={{ let on_done = props.on_done.clone(); Callback::from(move |_: MouseEvent| on_done.emit(false)) }}>
                    { DecisionMsg::Cancel.get(lang) }
                </button>
            </div>
        </form>
    }
}
