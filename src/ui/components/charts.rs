//! SVG bar charts drawn with attributes only (the CSP forbids inline styles):
//! every bar is a `<rect>` whose `<title>` gives its label and value, so screen
//! readers and tests can read it; colours come from classes in `styles/app.css`.

use yew::prelude::*;

use crate::domain::kinds::DemandStatus;
use crate::domain::stats::{MonthBar, CHART_STATUSES};
use crate::i18n::{Lang, PointsMsg};

/// One bar of a horizontal chart: its label and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
}

const ROW: usize = 24;
const LABEL_WIDTH: f64 = 130.0;
const BAR_SPACE: f64 = 150.0;

/// Horizontal bars, one row per bar, the longest bar as wide as [`BAR_SPACE`].
pub fn bar_chart(bars: &[Bar], testid: &'static str, title: &str, lang: Lang) -> Html {
    if bars.is_empty() {
        return html! { <p class="muted" data-testid={testid}>{ PointsMsg::ChartEmpty.get(lang) }</p> };
    }
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let height = (bars.len() * ROW).to_string();
    html! {
        <svg class="bar-chart chart" viewBox={format!("0 0 320 {height}")} role="img"
            aria-label={title.to_string()} data-testid={testid}>
            { for bars.iter().enumerate().map(|(i, bar)| {
                let y = i * ROW;
                let width = (bar.value as f64 / max * BAR_SPACE).round();
                html! {
                    <g class="chart-row">
                        <text x="0" y={(y + 16).to_string()} class="bar-label">{ bar.label.clone() }</text>
                        <rect x={LABEL_WIDTH.to_string()} y={(y + 5).to_string()} width={width.to_string()} height="14"
                            class="bar" data-label={bar.label.clone()} data-value={bar.value.to_string()}>
                            <title>{ format!("{}: {}", bar.label, bar.value) }</title>
                        </rect>
                        <text x={(LABEL_WIDTH + 4.0 + width).to_string()} y={(y + 16).to_string()} class="bar-value">{ bar.value.to_string() }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

const PLOT_TOP: f64 = 10.0;
const PLOT_HEIGHT: f64 = 140.0;
const LEFT: f64 = 28.0;
const COLUMN: f64 = 24.0;

fn status_class(status: DemandStatus) -> String {
    format!("bar status-{}", status.as_str())
}

/// Demands per month as stacked columns, one segment per status (a segment
/// only when the month has demands of that status), with a legend.
pub fn month_chart(months: &[MonthBar], testid: &'static str, title: &str, lang: Lang) -> Html {
    if months.is_empty() {
        return html! { <p class="muted" data-testid={testid}>{ PointsMsg::ChartEmpty.get(lang) }</p> };
    }
    let max = months.iter().map(MonthBar::total).max().unwrap_or(0).max(1) as f64;
    let scale = PLOT_HEIGHT / max;
    let width = LEFT + COLUMN * months.len() as f64 + 4.0;
    let base = PLOT_TOP + PLOT_HEIGHT;
    let legend_y = base + 36.0;
    let height = legend_y + 12.0 * CHART_STATUSES.len().div_ceil(2) as f64 + 6.0;
    html! {
        <svg class="month-chart chart" viewBox={format!("0 0 {width} {height}")} role="img"
            aria-label={title.to_string()} data-testid={testid}>
            <line x1={LEFT.to_string()} x2={width.to_string()} y1={base.to_string()} y2={base.to_string()} class="axis" />
            <text x={(LEFT - 4.0).to_string()} y={(PLOT_TOP + 8.0).to_string()} class="axis-label" text-anchor="end">{ (max as u64).to_string() }</text>
            <text x={(LEFT - 4.0).to_string()} y={base.to_string()} class="axis-label" text-anchor="end">{ "0" }</text>
            { for months.iter().enumerate().map(|(i, bar)| {
                let x = LEFT + COLUMN * i as f64 + 4.0;
                let mut top = base;
                let segments = CHART_STATUSES.iter().filter(|s| bar.count(**s) > 0).map(|status| {
                    let n = bar.count(*status);
                    let h = n as f64 * scale;
                    top -= h;
                    let label = format!("{} · {}", bar.month, status.label(lang));
                    html! {
                        <rect x={x.to_string()} y={format!("{top:.1}")} width={(COLUMN - 6.0).to_string()} height={format!("{h:.1}")}
                            class={status_class(*status)} data-label={label.clone()} data-value={n.to_string()}>
                            <title>{ format!("{label}: {n}") }</title>
                        </rect>
                    }
                }).collect::<Html>();
                html! {
                    <g class="chart-month" data-month={bar.month.clone()} data-total={bar.total().to_string()}>
                        { segments }
                        <text x={(x + (COLUMN - 6.0) / 2.0).to_string()} y={(base + 12.0).to_string()} class="axis-label" text-anchor="middle">
                            { bar.month.get(5..).unwrap_or(&bar.month).to_string() }
                        </text>
                        if bar.total() > 0 {
                            <text x={(x + (COLUMN - 6.0) / 2.0).to_string()} y={format!("{:.1}", top - 2.0)} class="bar-value" text-anchor="middle">{ bar.total().to_string() }</text>
                        }
                    </g>
                }
            }) }
            <text x={LEFT.to_string()} y={(base + 22.0).to_string()} class="axis-label">
                { format!("{} – {}", months[0].month, months[months.len() - 1].month) }
            </text>
            { for CHART_STATUSES.iter().enumerate().map(|(i, status)| {
                let x = LEFT + (i % 2) as f64 * 120.0;
                let y = legend_y + (i / 2) as f64 * 12.0;
                html! {
                    <g class="chart-legend">
                        <rect x={x.to_string()} y={(y - 8.0).to_string()} width="9" height="9" class={format!("legend-swatch status-{}", status.as_str())} />
                        <text x={(x + 13.0).to_string()} y={y.to_string()} class="axis-label">{ status.label(lang) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}
