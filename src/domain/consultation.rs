//! Decision consultation (决策征询): each member's current response, where a
//! consultation stands, what was adopted, and which consultations and topics are overdue.
//!
//! Why responses are records of their own: two experts answering on two phones
//! each add a `consultation_response` record, so a bundle merge only ever adds
//! records and never makes siblings of the consultation. A member who answers
//! again (on any device) adds another response; the latest one (greatest `on`,
//! then `hlc`) is theirs and the earlier ones stay in the history. Only closing
//! edits the consultation itself, and it names adopted responses by id, so an
//! adoption can never point at text that a merge replaced.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::kinds::{Consultation, ConsultationResponse, ConsultationStatus, TopicStatus};

/// A response with its record id and the `hlc` of its revision.
pub type ResponseRow = (String, ConsultationResponse, String);

/// Each member's current response to consultation `consultation_id`: their
/// latest by date, then by `hlc`. Keyed by member id.
pub fn current_responses<'a>(
    consultation_id: &str,
    responses: &'a [ResponseRow],
) -> BTreeMap<&'a str, &'a ResponseRow> {
    let mut latest: BTreeMap<&str, &ResponseRow> = BTreeMap::new();
    for row in responses
        .iter()
        .filter(|(_, r, _)| r.consultation_id == consultation_id)
    {
        let key = row.1.member_id.as_str();
        let newer = latest.get(key).is_none_or(|old| {
            (row.1.on.as_str(), row.2.as_str()) > (old.1.on.as_str(), old.2.as_str())
        });
        if newer {
            latest.insert(key, row);
        }
    }
    latest
}

/// Everyone invited: the experts, then the citizens' representatives, without repeats.
pub fn invited(consultation: &Consultation) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    consultation
        .expert_ids
        .iter()
        .chain(&consultation.citizen_ids)
        .map(String::as_str)
        .filter(|id| seen.insert(*id))
        .collect()
}

/// How many invited members have answered, of how many invited.
pub fn answered_count(
    consultation_id: &str,
    consultation: &Consultation,
    responses: &[ResponseRow],
) -> (usize, usize) {
    let current = current_responses(consultation_id, responses);
    let invited = invited(consultation);
    let answered = invited
        .iter()
        .filter(|id| current.contains_key(*id))
        .count();
    (answered, invited.len())
}

/// Closed once the requesting body's decision is recorded (`closed_on`);
/// answered when every invited member has a response (or, with nobody
/// invited, when anyone has answered); open before that.
pub fn consultation_status(
    consultation_id: &str,
    consultation: &Consultation,
    responses: &[ResponseRow],
) -> ConsultationStatus {
    if consultation.closed_on.is_some() {
        return ConsultationStatus::Closed;
    }
    let current = current_responses(consultation_id, responses);
    let invited = invited(consultation);
    let all_answered = if invited.is_empty() {
        !current.is_empty()
    } else {
        invited.iter().all(|id| current.contains_key(id))
    };
    if all_answered {
        ConsultationStatus::Answered
    } else {
        ConsultationStatus::Open
    }
}

/// "采纳 n 条": the adopted responses, each counted once.
pub fn adopted_count(consultation: &Consultation) -> usize {
    consultation
        .adopted_ids
        .iter()
        .collect::<BTreeSet<_>>()
        .len()
}

/// A consultation not yet closed whose due date has passed (`today` after `due_on`).
pub fn consultation_overdue(consultation: &Consultation, today: &str) -> bool {
    consultation.closed_on.is_none() && date_passed(&consultation.due_on, today)
}

/// A topic still being worked on (proposed or researching) whose due date has passed.
pub fn topic_overdue(status: TopicStatus, due_on: Option<&str>, today: &str) -> bool {
    matches!(status, TopicStatus::Proposed | TopicStatus::Researching)
        && due_on.is_some_and(|due| date_passed(due, today))
}

/// Whether `today` is after `due` (both `YYYY-MM-DD`; these sort as text).
/// An unreadable date never makes anything overdue.
fn date_passed(due: &str, today: &str) -> bool {
    crate::domain::kinds::is_date(due) && crate::domain::kinds::is_date(today) && today > due
}
