//! What the store keeps per demand so lists, counts, the dashboard and the
//! overdue sweep never decode every revision: the demand's list fields and
//! what its events decide (status, responsible member, satisfaction), folded
//! one event at a time.
//!
//! A summary is exactly what [`DemandSummary::from_parts`] computes from the
//! demand's shown revision and its live events; folding new events into it
//! one by one ([`DemandSummary::fold_event`]) gives the same summary, so an
//! import that only *adds* events updates it without reading the others.
//! The rules are those of `domain::status` and `domain::points`.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::demand_list::search_text;
use super::kinds::{Demand, DemandEvent, DemandStatus, EventType};

/// One decisive event: its `at`, the `hlc` of its revision, and what it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Latest {
    pub at: String,
    pub hlc: String,
    /// The status it sets, or the member it refers the demand to.
    pub value: String,
}

impl Latest {
    /// Whether an event at `at` with `hlc` comes after this one: greater `at`
    /// as an instant (an unreadable time sorts before every readable one),
    /// then greater `hlc` — the order of `status::latest_status_event`.
    fn is_before(&self, at: &str, hlc: &str) -> bool {
        let parse = |text: &str| OffsetDateTime::parse(text, &Rfc3339).ok();
        (parse(&self.at), self.hlc.as_str()) <= (parse(at), hlc)
    }
}

/// A demand's facts for the list, the dashboard and the sweep.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandSummary {
    /// The demand's own fields; `None` while the demand is unknown or deleted
    /// (its events are still folded in, for when it arrives).
    pub demand: Option<DemandFacts>,
    /// The latest `status` event (its `value` is the status).
    pub latest_status: Option<Latest>,
    /// The latest referral to a member (its `value` is the member id).
    pub latest_referral: Option<Latest>,
    /// The satisfaction of every follow-up, in no particular order.
    pub satisfaction: Vec<u8>,
}

/// The fields of a demand's shown revision that lists and figures use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandFacts {
    pub community_id: String,
    pub reported_on: String,
    pub reported_by: Option<String>,
    pub category: String,
    /// `normal` or `urgent`.
    pub urgency: String,
    pub title: String,
    /// What the list's search looks in (`demand_list::search_text`).
    pub search: String,
}

impl DemandFacts {
    pub fn of(demand: &Demand) -> DemandFacts {
        DemandFacts {
            community_id: demand.community_id.clone(),
            reported_on: demand.reported_on.clone(),
            reported_by: demand.reported_by.clone(),
            category: demand.category.clone(),
            urgency: demand.urgency.as_str().to_owned(),
            title: demand.title.clone(),
            search: search_text(demand),
        }
    }
}

impl DemandSummary {
    /// The summary of a demand (its shown, live revision, if any) and its live events.
    pub fn from_parts(demand: Option<&Demand>, events: &[(DemandEvent, String)]) -> Self {
        let mut summary = DemandSummary {
            demand: demand.map(DemandFacts::of),
            ..DemandSummary::default()
        };
        for (event, hlc) in events {
            summary.fold_event(event, hlc);
        }
        summary
    }

    /// Adds one more live event of this demand.
    pub fn fold_event(&mut self, event: &DemandEvent, hlc: &str) {
        match event.event_type {
            EventType::Status => {
                if let Some(status) = event.status {
                    fold_latest(&mut self.latest_status, event, hlc, status.as_str());
                }
            }
            EventType::Referral => {
                if let Some(member) = &event.to_member {
                    fold_latest(&mut self.latest_referral, event, hlc, member);
                }
            }
            EventType::FollowUp => {
                if let Some(score) = event.satisfaction {
                    self.satisfaction.push(score);
                }
            }
            EventType::Note => {}
        }
    }

    /// The demand's status: the latest status event's, or open.
    pub fn status(&self) -> DemandStatus {
        self.latest_status
            .as_ref()
            .and_then(|latest| DemandStatus::parse(&latest.value))
            .unwrap_or_default()
    }

    /// The member answerable for the demand: the latest referral's, or its reporter
    /// (`points::responsible_member`).
    pub fn responsible(&self) -> Option<String> {
        self.latest_referral
            .as_ref()
            .map(|latest| latest.value.clone())
            .or_else(|| self.demand.as_ref()?.reported_by.clone())
    }

    /// The day the status was last set, when it was (`YYYY-MM-DD`).
    pub fn status_day(&self) -> Option<&str> {
        self.latest_status.as_ref()?.at.get(..10)
    }
}

fn fold_latest(slot: &mut Option<Latest>, event: &DemandEvent, hlc: &str, value: &str) {
    if slot
        .as_ref()
        .is_none_or(|old| old.is_before(&event.at, hlc))
    {
        *slot = Some(Latest {
            at: event.at.clone(),
            hlc: hlc.to_owned(),
            value: value.to_owned(),
        });
    }
}
