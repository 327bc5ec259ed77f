//! The community notice (信息库 · 晒事): what a community's residents may read on
//! the board — recent demands and what became of them, topics and their
//! findings, consultations answered, outcomes, selected legal knowledge.
//!
//! It is built here, not in the page, so that one tested function decides what
//! leaves the office: never a resident's name, phone or address (not even inside
//! a title someone typed), never a demand's description, and nothing marked
//! `internal`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::domain::consultation::{adopted_count, consultation_status, ResponseRow};
use crate::domain::kinds::{
    Consultation, ConsultationStatus, Demand, DemandEvent, DemandStatus, LegalArticle, Outcome,
    OutcomeType, Topic, TopicStatus,
};
use crate::domain::status::{demand_status, latest_status_event};

/// What stands in for personal data that was cut out of a text.
pub const REDACTED: &str = "＊＊";

/// The records a notice is made from (live, decoded; each with its id).
#[derive(Clone, Debug, Default)]
pub struct NoticeSource {
    pub demands: Vec<(String, Demand)>,
    /// Demand events with the `hlc` of their revision.
    pub events: Vec<(DemandEvent, String)>,
    pub topics: Vec<(String, Topic)>,
    pub outcomes: Vec<(String, Outcome)>,
    pub consultations: Vec<(String, Consultation)>,
    pub responses: Vec<ResponseRow>,
    pub articles: Vec<(String, LegalArticle)>,
}

/// A demand as the board shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeDemand {
    pub reported_on: String,
    pub category: String,
    pub title: String,
    pub status: DemandStatus,
    /// The text of the status change that settled it, when resolved or closed.
    pub result: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeTopic {
    pub title: String,
    pub status: TopicStatus,
    /// The titles (and summaries) of the outcomes reported on it.
    pub findings: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeConsultation {
    pub subject: String,
    pub requested_by: String,
    pub status: ConsultationStatus,
    pub responses: usize,
    pub adopted: usize,
    pub result: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeOutcome {
    pub on: String,
    pub outcome_type: OutcomeType,
    pub title: String,
    pub summary: Option<String>,
    pub funds_fen: u64,
    pub beneficiaries: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeArticle {
    pub title: String,
    pub body: String,
}

/// One community's notice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notice {
    pub demands: Vec<NoticeDemand>,
    pub topics: Vec<NoticeTopic>,
    pub consultations: Vec<NoticeConsultation>,
    pub outcomes: Vec<NoticeOutcome>,
    pub articles: Vec<NoticeArticle>,
}

/// At most this many rows per section, newest first, so the sheet fits a board.
pub const MAX_ROWS: usize = 12;
const MAX_ARTICLES: usize = 3;

/// How far back a notice looks by default.
pub const DEFAULT_DAYS: i64 = 90;

/// The day `days` days before `today` (`YYYY-MM-DD`); `today` itself if unreadable.
pub fn days_before(today: &str, days: i64) -> String {
    use time::macros::format_description;
    let format = format_description!("[year]-[month]-[day]");
    time::Date::parse(today, format)
        .ok()
        .and_then(|d| d.checked_sub(time::Duration::days(days)))
        .and_then(|d| d.format(format).ok())
        .unwrap_or_else(|| today.to_string())
}

/// Whether a coordinator marked the record internal (`"internal": true`).
pub fn is_internal(extra: &Map<String, Value>) -> bool {
    extra.get("internal") == Some(&Value::Bool(true))
}

/// The notice of `community_id` for demands reported on or after `since` and
/// outcomes dated on or after it. Consultations are the district's: the ones
/// answered or closed, not internal. Legal knowledge: featured, not internal.
pub fn build_notice(source: &NoticeSource, community_id: &str, since: &str) -> Notice {
    let community_demands: Vec<&(String, Demand)> = source
        .demands
        .iter()
        .filter(|(_, d)| d.community_id == community_id)
        .collect();
    // Every resident on this device, not only this community's: a consultation's
    // subject or an article is district-wide text.
    let redactor = Redactor::new(source.demands.iter().map(|(_, d)| d));

    let mut events_of: BTreeMap<&str, Vec<(DemandEvent, String)>> = BTreeMap::new();
    for (event, hlc) in &source.events {
        events_of
            .entry(event.demand_id.as_str())
            .or_default()
            .push((event.clone(), hlc.clone()));
    }

    let mut demands: Vec<NoticeDemand> = community_demands
        .iter()
        .filter(|(_, d)| !is_internal(&d.extra) && d.reported_on.as_str() >= since)
        .map(|(id, d)| {
            let events = events_of.get(id.as_str()).cloned().unwrap_or_default();
            let status = demand_status(&events);
            let result = matches!(status, DemandStatus::Resolved | DemandStatus::Closed)
                .then(|| latest_status_event(&events).and_then(|(e, _)| e.text.clone()))
                .flatten()
                .map(|t| redactor.clean(&t))
                .filter(|t| !t.trim().is_empty());
            NoticeDemand {
                reported_on: d.reported_on.clone(),
                category: d.category.clone(),
                title: redactor.clean(&d.title),
                status,
                result,
            }
        })
        .collect();
    demands.sort_by(|a, b| b.reported_on.cmp(&a.reported_on));
    demands.truncate(MAX_ROWS);

    let own_demands: BTreeSet<&str> = community_demands
        .iter()
        .map(|(id, _)| id.as_str())
        .collect();
    let outcomes_visible: Vec<&(String, Outcome)> = source
        .outcomes
        .iter()
        .filter(|(_, o)| !is_internal(&o.extra))
        .collect();
    let topics: Vec<NoticeTopic> = source
        .topics
        .iter()
        .filter(|(_, t)| !is_internal(&t.extra))
        .filter(|(_, t)| {
            t.demand_ids
                .iter()
                .any(|d| own_demands.contains(d.as_str()))
        })
        .take(MAX_ROWS)
        .map(|(id, t)| NoticeTopic {
            title: redactor.clean(&t.title),
            status: t.status,
            findings: outcomes_visible
                .iter()
                .filter(|(_, o)| o.topic_id.as_deref() == Some(id.as_str()))
                .map(|(_, o)| match &o.summary {
                    Some(summary) => redactor.clean(&format!("{}：{summary}", o.title)),
                    None => redactor.clean(&o.title),
                })
                .collect(),
        })
        .collect();

    let mut consultations: Vec<(&str, NoticeConsultation)> = source
        .consultations
        .iter()
        .filter(|(_, c)| !c.internal && !is_internal(&c.extra))
        .filter_map(|(id, c)| {
            let status = consultation_status(id, c, &source.responses);
            (status != ConsultationStatus::Open).then(|| {
                let responses =
                    crate::domain::consultation::current_responses(id, &source.responses).len();
                (
                    c.closed_on.as_deref().unwrap_or(c.due_on.as_str()),
                    NoticeConsultation {
                        subject: redactor.clean(&c.subject),
                        requested_by: c.requested_by.clone(),
                        status,
                        responses,
                        adopted: adopted_count(c),
                        result: c.result.as_deref().map(|r| redactor.clean(r)),
                    },
                )
            })
        })
        .collect();
    consultations.sort_by(|a, b| b.0.cmp(a.0));
    let consultations = consultations
        .into_iter()
        .take(MAX_ROWS)
        .map(|(_, c)| c)
        .collect();

    let mut outcomes: Vec<NoticeOutcome> = outcomes_visible
        .iter()
        .filter(|(_, o)| o.community_id.as_deref() == Some(community_id) && o.on.as_str() >= since)
        .map(|(_, o)| NoticeOutcome {
            on: o.on.clone(),
            outcome_type: o.outcome_type,
            title: redactor.clean(&o.title),
            summary: o.summary.as_deref().map(|s| redactor.clean(s)),
            funds_fen: o.funds_fen,
            beneficiaries: o.beneficiaries,
        })
        .collect();
    outcomes.sort_by(|a, b| b.on.cmp(&a.on));
    outcomes.truncate(MAX_ROWS);

    let featured: Vec<(String, LegalArticle)> = source
        .articles
        .iter()
        .filter(|(_, a)| a.featured && !a.internal && !is_internal(&a.extra))
        .cloned()
        .collect();
    let articles = crate::domain::library::search(&featured, "")
        .into_iter()
        .take(MAX_ARTICLES)
        .map(|(_, a)| NoticeArticle {
            title: redactor.clean(&a.title),
            body: redactor.clean(&a.body),
        })
        .collect();

    Notice {
        demands,
        topics,
        consultations,
        outcomes,
        articles,
    }
}

/// Cuts residents' personal data out of free text: every name, phone and
/// address (of two characters or more) recorded on any demand, and any run of 7 or more
/// digits (a phone number typed into a title). Longest first, so a full
/// address goes before a name inside it.
pub struct Redactor {
    needles: Vec<String>,
}

impl Redactor {
    pub fn new<'a>(demands: impl IntoIterator<Item = &'a Demand>) -> Self {
        let mut needles: BTreeSet<String> = BTreeSet::new();
        for demand in demands {
            if let Some(resident) = &demand.resident {
                for value in [&resident.name, &resident.phone, &resident.address]
                    .into_iter()
                    .flatten()
                {
                    let value = value.trim();
                    // A one-character "name" would cut that character out of every text.
                    if value.chars().count() >= 2 {
                        needles.insert(value.to_string());
                    }
                }
            }
        }
        let mut needles: Vec<String> = needles.into_iter().collect();
        needles.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        Redactor { needles }
    }

    /// `text` with personal data replaced by [`REDACTED`].
    pub fn clean(&self, text: &str) -> String {
        let mut out = text.to_string();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), REDACTED);
            }
        }
        mask_long_digit_runs(&out)
    }
}

/// Replaces runs of 7 or more digits (ASCII or full-width, optionally split by
/// spaces or hyphens) with [`REDACTED`].
fn mask_long_digit_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if is_digit(chars[i]) {
            // A run of digits, allowing single separators between them.
            let mut j = i;
            let mut digits = 0;
            while j < chars.len() {
                if is_digit(chars[j]) {
                    digits += 1;
                    j += 1;
                } else if matches!(chars[j], ' ' | '-')
                    && chars.get(j + 1).is_some_and(|c| is_digit(*c))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if digits >= 7 {
                out.push_str(REDACTED);
            } else {
                out.extend(&chars[i..j]);
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}
