//! The dashboard on Home: the case's figures computed live from the records
//! (`domain::stats`), for the district, a street or a community, over a period;
//! tapping a figure shows its definition.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ui::components::coverage_card::CoverageCard;

use crate::app::canvass::Canvass;
use crate::app::file_io::download_text;
use crate::app::platform::{today_local, Slices};
use crate::app::points::sweep_awards;
use crate::app::stats::{self as stats_service, CountedDemand};
use crate::app::AppError;
use crate::domain::csv::csv_file_name;
use crate::domain::honours::{summaries_within_group, within_group, MemberGroup};
use crate::domain::kinds::{domain_label, ActivityType, Community};
use crate::domain::stats::{self, Counting, Dataset, DemandFigures, Period, Scope};
use crate::domain::status::DEFAULT_OVERDUE_DAYS;
use crate::i18n::{ExchangeMsg, HonourMsg, Lang, PointsMsg, Text};
use crate::ui::components::charts::{bar_chart, month_chart, Bar};
use crate::ui::components::office_form::select_into;
use crate::ui::hooks::{failed_view, use_app, use_load, Load, LoadHandle};

/// The figures shown in each section, by key (see `stats::FIGURES`).
const SECTIONS: &[(PointsMsg, &[&str])] = &[
    (
        PointsMsg::DashMembers,
        &["members_expert", "members_citizen", "members_legal_envoy"],
    ),
    (
        PointsMsg::DashActivities,
        &[
            "activities",
            "attendees",
            "suggestions",
            "micro_projects",
            "funds",
            "decision_consultations",
            "advice_adopted",
        ],
    ),
    (
        PointsMsg::DashExperts,
        &["expert_meetings", "expert_results"],
    ),
    (
        PointsMsg::DashDemands,
        &[
            "demands_received",
            "demands_resolved",
            "demands_overdue",
            "resolution_rate",
            "median_days",
            "satisfaction",
        ],
    ),
    (
        PointsMsg::DashLegal,
        &[
            "legal_served",
            "consultations",
            "mediations",
            "education_events",
            "leaflets",
            "legal_decisions",
        ],
    ),
];

#[derive(Properties, PartialEq)]
pub struct DashboardProps {
    /// The canvassing data, read once by the page that shows the dashboard
    /// (Home shows it on the representative's card too).
    pub canvass: LoadHandle<Canvass>,
}

#[function_component(Dashboard)]
pub fn dashboard(props: &DashboardProps) -> Html {
    let state = use_app();
    let lang = state.lang;
    let loaded = use_load((), |db, ()| async move {
        stats_service::dashboard_data(&db).await
    });
    // Why the day's deductions could not be written, if so (the figures show either way).
    let sweep_failed = use_state(|| None::<AppError>);
    // "" = whole district, "street:<name>", "community:<id>".
    let scope = use_state(String::new);
    let from = use_state(String::new);
    let to = use_state(String::new);
    // "" = all members, else a `MemberGroup` key (a role or a sub-team).
    let group = use_state(String::new);
    let error = use_state(|| None::<Text>);

    {
        // Overdue demands and missed roundtables cost points: the dashboard is
        // where a coordinator looks each day, so the deductions are written
        // from here too — once the figures have been read.
        let (state, sweep_failed) = (state.clone(), sweep_failed.clone());
        let ready = loaded.data().is_some();
        use_effect_with((state.data_version, ready), move |(_, ready)| {
            if let (Some(db), true) = (state.db(), *ready) {
                spawn_local(async move {
                    sweep_failed.set(sweep_awards(&db, &today_local()).await.err());
                });
            }
        });
    }

    // The figures and the charts, made once per change of what they count,
    // in slices: a district's 127,500 demands counted at once held the page
    // for 0.4 s when it opened. Until they are made for the choices shown,
    // the figures made before stay (marked busy).
    let today = today_local();
    let choice = Choice {
        read: Same(loaded.data()),
        scope: (*scope).clone(),
        from: (*from).clone(),
        to: (*to).clone(),
        group: (*group).clone(),
        today,
        lang,
    };
    let made = use_state(|| None::<Rc<Made>>);
    let counting = use_mut_ref(|| 0u64);
    {
        let (made, counting) = (made.clone(), counting.clone());
        use_effect_with(choice.clone(), move |choice| {
            *counting.borrow_mut() += 1;
            let (mine, choice) = (*counting.borrow(), choice.clone());
            spawn_local(async move {
                let current = || *counting.borrow() == mine;
                if let Some(made_now) = make(&choice, current).await {
                    if current() {
                        made.set(Some(Rc::new(made_now)));
                    }
                }
            });
        });
    }

    let loaded_data = match loaded.state() {
        Load::Loading => return html! {},
        Load::Failed(err) => return failed_view(err, lang, loaded.reloader()),
        Load::Ready(loaded) => loaded.clone(),
    };
    let Some(shown) = &*made else {
        return html! {};
    };
    let busy = shown.choice != choice;
    let (figures, charts) = (&shown.figures, &shown.charts);
    let (_, _, communities) = &*loaded_data;
    let chosen = scope_of(&scope, communities);

    let mut streets: BTreeMap<&str, Vec<&(String, Community)>> = BTreeMap::new();
    for c in communities {
        streets.entry(c.1.street.as_str()).or_default().push(c);
    }
    let on_scope = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            scope.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let date_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_csv = {
        let (error, figures) = (error.clone(), figures.clone());
        Callback::from(move |_: MouseEvent| {
            let csv = stats::figures_table(&figures, lang).to_csv();
            let name = csv_file_name("dashboard", &today_local(), false);
            let outcome = download_text(&csv, &name, "text/csv;charset=utf-8");
            error.set(outcome.err().map(|_| ExchangeMsg::DownloadFailed.text()));
        })
    };
    let on_print = Callback::from(|_: MouseEvent| {
        // Printing is best effort: a browser without it simply does nothing.
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let period_text = match (from.is_empty(), to.is_empty()) {
        (true, true) => PointsMsg::DashPeriodAll.get(lang).to_string(),
        _ => format!("{} – {}", *from, *to),
    };
    let figure = |key: &str| {
        let (name, definition) = stats::describe(key, lang);
        html! {
            <details class="figure" data-testid={format!("dash-{key}")}>
                <summary>
                    <span class="figure-value" data-testid={format!("dash-{key}-value")}>{ stats::value(figures, key) }</span>
                    <span class="figure-label">{ name }</span>
                </summary>
                <p class="muted figure-definition">{ definition }</p>
            </details>
        }
    };

    html! {
        <section class="dashboard" data-testid="dashboard" aria-busy={busy.to_string()}>
            if let Some(err) = (*sweep_failed).clone() {
                <p class="notice warn" role="alert" data-testid="dash-sweep-failed">{ err.message(lang) }</p>
            }
            <h2>{ PointsMsg::DashTitle.get(lang) }</h2>
            <p class="muted">{ PointsMsg::DashIntro.get(lang) }</p>
            <div class="dash-filters">
                <label>
                    <span>{ PointsMsg::DashScope.get(lang) }</span>
                    <select onchange={on_scope} data-testid="dash-scope">
                        <option value="" selected={scope.is_empty()}>{ PointsMsg::DashWholeDistrict.get(lang) }</option>
                        { for streets.iter().map(|(street, list)| html! {
                            <optgroup label={street.to_string()}>
                                <option value={format!("street:{street}")} selected={*scope == format!("street:{street}")}>{ format!("{street} · {}", PointsMsg::DashWholeDistrict.get(lang)) }</option>
                                { for list.iter().map(|(id, c)| html! {
                                    <option value={format!("community:{id}")} selected={*scope == format!("community:{id}")}>{ c.name.clone() }</option>
                                }) }
                            </optgroup>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ HonourMsg::Group.get(lang) }</span>
                    <select onchange={select_into(&group)} data-testid="dash-group" title={HonourMsg::GroupHint.get(lang)}>
                        <option value="" selected={group.is_empty()}>{ HonourMsg::AllGroups.get(lang) }</option>
                        { for MemberGroup::all().into_iter().map(|g| html! {
                            <option value={g.key()} selected={*group == g.key()}>{ g.label(lang) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ PointsMsg::DashFrom.get(lang) }</span>
                    <input type="date" value={(*from).clone()} onchange={date_input(&from)} data-testid="dash-from" />
                </label>
                <label>
                    <span>{ PointsMsg::DashTo.get(lang) }</span>
                    <input type="date" value={(*to).clone()} onchange={date_input(&to)} data-testid="dash-to" />
                </label>
            </div>
            if !group.is_empty() {
                <p class="muted small" data-testid="dash-group-hint">{ HonourMsg::GroupHint.get(lang) }</p>
            }
            <p class="muted print-only" data-testid="dash-period">{ format!("{} · {period_text}", scope_label(&scope, communities, lang)) }</p>
            <div class="dash-actions">
                <button type="button" onclick={on_csv} data-testid="dash-csv">{ PointsMsg::DashCsv.get(lang) }</button>
                <button type="button" onclick={on_print} data-testid="dash-print">{ PointsMsg::DashPrint.get(lang) }</button>
            </div>
            if let Some(text) = &*error {
                <p class="notice error" role="alert" data-testid="dash-error">{ text.get(lang).to_string() }</p>
            }
            { for SECTIONS.iter().map(|(title, keys)| html! {
                <div class="card dash-section">
                    <h3>{ title.get(lang) }</h3>
                    <div class="figures">{ for keys.iter().map(|k| figure(k)) }</div>
                </div>
            }) }
            <div class="card dash-section">
                <h3>{ PointsMsg::DashByType.get(lang) }</h3>
                { by_type_chart(&figures.activities_by_type, lang) }
            </div>
            { charts.clone() }
            <CoverageCard canvass={props.canvass.clone()} communities={match &chosen { Scope::All => None, Scope::Communities(set) => Some(set.clone()) }} />
        </section>
    }
}

/// What the figures are made of: the records read and the choices made.
#[derive(Clone, PartialEq)]
struct Choice {
    read: Same<Loaded>,
    scope: String,
    from: String,
    to: String,
    group: String,
    today: String,
    lang: Lang,
}

/// What `dashboard_data` reads.
type Loaded = (Dataset, Vec<CountedDemand>, Vec<(String, Community)>);

/// The figures and charts made for one choice.
struct Made {
    choice: Choice,
    figures: stats::Dashboard,
    charts: Html,
}

/// How many demands are counted between looks at the clock.
const COUNT_STEP: usize = 2_000;

/// Makes the figures and charts of `choice`, counting the demands in slices;
/// `None` when nothing is read yet or `current` says another choice came.
async fn make(choice: &Choice, current: impl Fn() -> bool) -> Option<Made> {
    let loaded = choice.read.0.clone()?;
    let (data, summaries, communities) = &*loaded;
    let chosen = scope_of(&choice.scope, communities);
    let period = period_of(&choice.from, &choice.to);
    // A role or sub-team: the figures of what its members did.
    let grouped = MemberGroup::parse(&choice.group).map(|g| {
        (
            within_group(data, g),
            summaries_within_group(&data.members, summaries, g),
        )
    });
    let (data, summaries) = match &grouped {
        Some((data, summaries)) => (data, summaries.as_slice()),
        None => (data, summaries.as_slice()),
    };
    // Every demand figure and chart from one pass over the demands.
    let mut counting = Counting::new(&period, &choice.today, DEFAULT_OVERDUE_DAYS);
    let mut slices = Slices::new();
    for part in summaries.chunks(COUNT_STEP) {
        slices.breathe().await;
        if !current() {
            return None;
        }
        counting.add(part, &chosen);
    }
    let counted = counting.done();
    let figures = stats::dashboard_with(data, &counted, &chosen, &period);
    let charts = charts(data, &counted, &chosen, &period, communities, choice.lang);
    Some(Made {
        choice: choice.clone(),
        figures,
        charts,
    })
}

/// What the scope selector shows, for the printed report.
fn scope_label(scope: &str, communities: &[(String, Community)], lang: Lang) -> String {
    if let Some(street) = scope.strip_prefix("street:") {
        street.to_string()
    } else if let Some(id) = scope.strip_prefix("community:") {
        communities
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, c)| format!("{} · {}", c.street, c.name))
            .unwrap_or_default()
    } else {
        PointsMsg::DashWholeDistrict.get(lang).to_string()
    }
}

/// Activities per type, every type listed (zero included), as bars with a title.
fn by_type_chart(counts: &BTreeMap<ActivityType, u64>, lang: Lang) -> Html {
    let bars: Vec<Bar> = ActivityType::ALL
        .iter()
        .map(|t| Bar {
            label: t.label(lang).to_string(),
            value: counts.get(t).copied().unwrap_or(0),
        })
        .collect();
    bar_chart(
        &bars,
        "dash-chart-activities",
        PointsMsg::DashByType.get(lang),
        lang,
    )
}

/// What the dashboard read, compared by identity: each read is a new `Rc`.
struct Same<T>(Option<Rc<T>>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(self.0.clone())
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// The scope the picker's value names: "" the whole district,
/// `street:<name>` or `community:<id>`.
fn scope_of(scope: &str, communities: &[(String, Community)]) -> Scope {
    if let Some(street) = scope.strip_prefix("street:") {
        Scope::street(street, communities)
    } else if let Some(id) = scope.strip_prefix("community:") {
        Scope::Communities(BTreeSet::from([id.to_string()]))
    } else {
        Scope::All
    }
}

/// The period the two date fields give (an empty one: no bound).
fn period_of(from: &str, to: &str) -> Period {
    Period {
        from: if from.is_empty() {
            "0000-01-01".into()
        } else {
            from.to_owned()
        },
        to: if to.is_empty() {
            "9999-12-31".into()
        } else {
            to.to_owned()
        },
    }
}

/// The dashboard's SVG charts: demands by month and status, by domain, by
/// community, and citizens per community (`domain::stats` computes the series).
fn charts(
    data: &Dataset,
    counted: &DemandFigures,
    scope: &Scope,
    period: &Period,
    communities: &[(String, Community)],
    lang: Lang,
) -> Html {
    let name_of = |id: Option<&str>| match id {
        Some(id) => communities
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, c)| c.name.clone())
            .unwrap_or_else(|| id.to_string()),
        None => PointsMsg::NoCommunity.get(lang).to_string(),
    };
    let months = &counted.by_month;
    let by_domain: Vec<Bar> = counted
        .by_domain()
        .into_iter()
        .map(|(key, value)| Bar {
            label: domain_label(&key, lang).to_string(),
            value,
        })
        .collect();
    let by_community: Vec<Bar> = counted
        .by_community()
        .into_iter()
        .map(|(id, value)| Bar {
            label: name_of(Some(&id)),
            value,
        })
        .collect();
    let citizens: Vec<Bar> = stats::citizens_per_community(data, scope)
        .into_iter()
        .map(|(id, value)| Bar {
            label: name_of(id.as_deref()),
            value,
        })
        .collect();
    let section = |title: PointsMsg, chart: Html| {
        html! {
            <div class="card dash-section">
                <h3>{ title.get(lang) }</h3>
                { chart }
            </div>
        }
    };
    let month_title = PointsMsg::ChartByMonth.get(lang);
    html! {
        <>
            <div class="card dash-section">
                <h3>{ month_title }</h3>
                { month_chart(months, "chart-demands-by-month", month_title, lang) }
                if period.from.starts_with("0000") || period.to.starts_with("9999") {
                    <p class="muted">{ PointsMsg::ChartNoDate.get(lang) }</p>
                }
            </div>
            { section(PointsMsg::ChartByDomain, bar_chart(&by_domain, "chart-by-domain", PointsMsg::ChartByDomain.get(lang), lang)) }
            { section(PointsMsg::ChartByCommunity, bar_chart(&by_community, "chart-by-community", PointsMsg::ChartByCommunity.get(lang), lang)) }
            { section(PointsMsg::ChartCitizens, bar_chart(&citizens, "chart-citizens-per-community", PointsMsg::ChartCitizens.get(lang), lang)) }
        </>
    }
}
