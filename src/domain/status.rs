//! A demand's status, derived from its events (BUNDLE_FORMAT §4), and when it is overdue.
//!
//! Status is never a field of the demand: two representatives updating one
//! demand offline add two events, and every device derives the same status.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::kinds::{DemandEvent, DemandStatus, EventType};

/// Days after which an open demand counts as overdue, unless configured otherwise.
pub const DEFAULT_OVERDUE_DAYS: u32 = 7;

/// The status of the latest `status` event (greatest `at` as an instant, then
/// greatest `hlc`), or `Open` when there is none. Each event comes with the
/// `hlc` of its revision.
pub fn demand_status(events: &[(DemandEvent, String)]) -> DemandStatus {
    latest_status_event(events)
        .and_then(|(event, _)| event.status)
        .unwrap_or_default()
}

/// The event that decides the status, if any.
pub fn latest_status_event(events: &[(DemandEvent, String)]) -> Option<&(DemandEvent, String)> {
    events
        .iter()
        .filter(|(event, _)| event.event_type == EventType::Status && event.status.is_some())
        // An unreadable time sorts before every readable one.
        .max_by_key(|(event, hlc)| {
            (
                OffsetDateTime::parse(&event.at, &Rfc3339).ok(),
                hlc.as_str(),
            )
        })
}

/// Whether a demand still waiting (open or in progress) was reported more than
/// `days` days before `today`. Dates are `YYYY-MM-DD`; unreadable dates are never overdue.
pub fn is_overdue(status: DemandStatus, reported_on: &str, today: &str, days: u32) -> bool {
    Overdue::on(today, days).is(status, reported_on)
}

/// [`is_overdue`] for many demands on one day: `today` is read once, not
/// once per demand (a district's list and dashboard ask for every demand).
#[derive(Clone, Copy, Debug)]
pub struct Overdue {
    today: Option<Date>,
    days: i64,
}

impl Overdue {
    pub fn on(today: &str, days: u32) -> Overdue {
        Overdue {
            today: parse_date(today),
            days: i64::from(days),
        }
    }

    /// Whether a demand with `status`, reported on `reported_on`, is overdue.
    pub fn is(&self, status: DemandStatus, reported_on: &str) -> bool {
        if !matches!(status, DemandStatus::Open | DemandStatus::InProgress) {
            return false;
        }
        match (parse_date(reported_on), self.today) {
            (Some(reported), Some(today)) => (today - reported).whole_days() > self.days,
            _ => false,
        }
    }
}

/// The first day on which a demand reported on `reported_on` counts as
/// overdue after `days` days (see [`is_overdue`]), as `YYYY-MM-DD`.
pub fn overdue_since(reported_on: &str, days: u32) -> Option<String> {
    let day = parse_date(reported_on)? + time::Duration::days(i64::from(days) + 1);
    day.format(format_description!("[year]-[month]-[day]")).ok()
}

/// Days from `reported_on` to `today` (negative if reported in the future).
pub fn age_in_days(reported_on: &str, today: &str) -> Option<i64> {
    Some((parse_date(today)? - parse_date(reported_on)?).whole_days())
}

fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text, format_description!("[year]-[month]-[day]")).ok()
}
