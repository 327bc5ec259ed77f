//! The demand list's rows, search and filters: pure, so the list stays fast at
//! 50,000 demands (a linear scan over prepared rows) and is tested natively.

use crate::domain::demand_summary::DemandFacts;
use crate::domain::kinds::{Demand, DemandStatus, Urgency};
use crate::domain::status::Overdue;

/// One demand as the list shows and searches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemandRow {
    pub id: String,
    pub title: String,
    pub community_id: String,
    pub category: String,
    pub urgency: Urgency,
    pub status: DemandStatus,
    pub reported_on: String,
    pub reported_by: Option<String>,
    /// Title, description and address, lower-cased, for substring search
    /// (Chinese has no word breaks: any substring must match).
    haystack: String,
}

impl DemandRow {
    pub fn new(id: &str, demand: &Demand, status: DemandStatus) -> Self {
        DemandRow::from_facts(id, &DemandFacts::of(demand), status)
    }

    /// The row of a demand from its stored summary (no revision decoded).
    pub fn from_facts(id: &str, facts: &DemandFacts, status: DemandStatus) -> Self {
        DemandRow {
            id: id.to_string(),
            title: facts.title.clone(),
            community_id: facts.community_id.clone(),
            category: facts.category.clone(),
            urgency: Urgency::parse(&facts.urgency).unwrap_or(Urgency::Normal),
            status,
            reported_on: facts.reported_on.clone(),
            reported_by: facts.reported_by.clone(),
            haystack: facts.search.clone(),
        }
    }
}

/// What the list's search looks in: title, description and address,
/// lower-cased (Chinese has no word breaks: any substring must match).
pub fn search_text(demand: &Demand) -> String {
    let address = demand
        .resident
        .as_ref()
        .and_then(|r| r.address.as_deref())
        .unwrap_or("");
    format!("{}\n{}\n{}", demand.title, demand.description, address).to_lowercase()
}

/// What the user asked the list to show. `None` / empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemandQuery {
    /// Words separated by spaces; a row matches when it contains every one.
    pub text: String,
    pub status: Option<DemandStatus>,
    pub community_id: Option<String>,
    pub category: Option<String>,
    pub urgency: Option<Urgency>,
    pub reported_by: Option<String>,
    pub overdue_only: bool,
}

/// Counts per status of the rows that match everything but the status filter,
/// so the status chips say how many each would show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub counts: Vec<(DemandStatus, usize)>,
    pub overdue: usize,
    pub total: usize,
}

impl StatusCounts {
    pub fn get(&self, status: DemandStatus) -> usize {
        self.counts
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }
}

/// The matching rows' indexes, in the rows' order (see [`sort_rows`]), and the status counts.
pub fn filter_demands(
    rows: &[DemandRow],
    query: &DemandQuery,
    today: &str,
    overdue_days: u32,
) -> (Vec<usize>, StatusCounts) {
    let words: Vec<String> = query
        .text
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect();
    let mut counts = StatusCounts {
        counts: DemandStatus::ALL.iter().map(|s| (*s, 0)).collect(),
        ..StatusCounts::default()
    };
    let mut hits = Vec::new();
    let overdue_on = Overdue::on(today, overdue_days);
    for (index, row) in rows.iter().enumerate() {
        let matches_rest = query
            .community_id
            .as_ref()
            .is_none_or(|c| &row.community_id == c)
            && query.category.as_ref().is_none_or(|c| &row.category == c)
            && query.urgency.is_none_or(|u| row.urgency == u)
            && query
                .reported_by
                .as_ref()
                .is_none_or(|r| row.reported_by.as_ref() == Some(r))
            && words.iter().all(|w| row.haystack.contains(w.as_str()));
        if !matches_rest {
            continue;
        }
        let overdue = overdue_on.is(row.status, &row.reported_on);
        if query.overdue_only && !overdue {
            continue;
        }
        counts.total += 1;
        if overdue {
            counts.overdue += 1;
        }
        if let Some(slot) = counts.counts.iter_mut().find(|(s, _)| *s == row.status) {
            slot.1 += 1;
        }
        if query.status.is_none_or(|s| s == row.status) {
            hits.push(index);
        }
    }
    (hits, counts)
}

/// Puts rows in list order once: newest report first, then by id so the order is stable.
pub fn sort_rows(rows: &mut [DemandRow]) {
    rows.sort_by(|a, b| {
        b.reported_on
            .cmp(&a.reported_on)
            .then_with(|| a.id.cmp(&b.id))
    });
}
