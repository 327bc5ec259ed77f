//! Merging revisions into the store: a read-only preview, and the atomic apply.
//!
//! `apply` is one readwrite transaction over every object store: read the
//! stored heads of each incoming id, merge with `domain::merge`, delete the
//! rows that became dominated, write the new heads (with fresh arrival
//! numbers) and the changed flags of the others, recompute the status of every
//! demand touched, store the next arrival number and the ledger entry, then
//! commit. Any error before the commit drops the transaction, which rolls it
//! back: the store is exactly as before.

use std::collections::{BTreeMap, BTreeSet};

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use serde_json::json;

use super::query::{collect, readable};
use super::rows::{
    derive_demand_state, event_demand_id, head_rows, id_range, LedgerEntry, MetaRow, RevisionRow,
    NEXT_SEQ_KEY,
};
use super::schema::{BY_KIND_LIVE, BY_REF, DEMAND_STATE, LEDGER, META, REVISIONS};
use super::{commit, Store, StoreError};
use crate::domain::kinds::Kind;
use crate::domain::merge::{merge_revisions, Change, MergeReport};
use crate::domain::revision::Revision;

/// A precondition of [`Store::apply_checked`]: the kind whose live records
/// it reads, and whether, given them, the write may go ahead.
type Guard<'a> = (Kind, &'a mut dyn FnMut(&[Revision]) -> bool);

/// How many reads are in flight at once while loading stored heads.
const READ_CHUNK: usize = 256;
/// From this many ids on, reading everything at once may beat one read per id...
const SCAN_MIN: usize = 64;
/// ...and it does when the store holds at most this many rows per id read.
const SCAN_RATIO: usize = 4;

impl Store {
    /// What [`apply`](Self::apply) would do with `revisions`, per kind, without
    /// writing anything.
    pub async fn preview(&self, revisions: &[Revision]) -> Result<MergeReport, StoreError> {
        let grouped = group(revisions.iter().cloned());
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let stored = read_heads(&store, grouped.keys()).await?;
        let mut report = MergeReport::default();
        for (incoming, rows) in grouped.into_values().zip(stored) {
            let plan = Plan::new(rows, incoming)?;
            report.record(&plan.kind, &plan.before, &plan.after);
        }
        Ok(report)
    }

    /// Stores one revision made on this device, merged with the record's
    /// stored heads (one transaction).
    pub async fn put_local(&self, revision: Revision) -> Result<(), StoreError> {
        self.apply(vec![revision], None).await.map(|_| ())
    }

    /// Merges `revisions` into the store in ONE transaction: all of it is
    /// stored, or — on any error — none of it. `ledger`, when given, is
    /// written in the same transaction, with its `counts` set to what this
    /// apply did. Applying the same revisions again changes nothing and
    /// reports every record unchanged.
    pub async fn apply(
        &self,
        revisions: Vec<Revision>,
        ledger: Option<LedgerEntry>,
    ) -> Result<MergeReport, StoreError> {
        self.apply_with_fault(revisions, ledger, None).await
    }

    /// Merges the revisions of several bundles in ONE transaction, with a
    /// ledger entry for each (their `counts` as given: what each file alone
    /// would have changed). All of it is stored, or none of it.
    pub async fn apply_bundles(
        &self,
        revisions: Vec<Revision>,
        ledger: Vec<LedgerEntry>,
    ) -> Result<MergeReport, StoreError> {
        self.apply_inner(revisions, ledger, false, None, None).await
    }

    /// Test hook: [`apply`](Self::apply) that fails, without committing, when
    /// it is about to issue write number `fail_after + 1`.
    #[doc(hidden)]
    pub async fn apply_with_fault(
        &self,
        revisions: Vec<Revision>,
        ledger: Option<LedgerEntry>,
        fail_after: Option<usize>,
    ) -> Result<MergeReport, StoreError> {
        self.apply_inner(
            revisions,
            ledger.into_iter().collect(),
            true,
            fail_after,
            None,
        )
        .await
    }

    /// [`apply`](Self::apply) with a precondition checked in the SAME
    /// transaction: the live records of `kind` are read first and `check`
    /// decides whether the write goes ahead. A refusal writes nothing and is
    /// returned as the inner `Err`. No other write can slip in between the
    /// check and the write (a redemption is checked against the balance as
    /// stored at that moment, not as last shown).
    pub async fn apply_checked<E>(
        &self,
        revisions: Vec<Revision>,
        kind: Kind,
        check: impl FnOnce(&[Revision]) -> Result<(), E>,
    ) -> Result<Result<MergeReport, E>, StoreError> {
        let mut check = Some(check);
        let mut refusal = None;
        let mut guard = |live: &[Revision]| match check.take().map(|c| c(live)) {
            Some(Err(err)) => {
                refusal = Some(err);
                false
            }
            _ => true,
        };
        let result = self
            .apply_inner(revisions, Vec::new(), false, None, Some((kind, &mut guard)))
            .await;
        match (result, refusal) {
            (_, Some(err)) => Ok(Err(err)),
            (Ok(report), None) => Ok(Ok(report)),
            (Err(err), None) => Err(err),
        }
    }

    /// The one transaction behind every apply. With `counts_from_report`, the
    /// (single) ledger entry's counts are set to what this apply did. With a
    /// `guard`, the live records of its kind are read first and the write
    /// goes ahead only if it says so.
    async fn apply_inner(
        &self,
        revisions: Vec<Revision>,
        ledger: Vec<LedgerEntry>,
        counts_from_report: bool,
        fail_after: Option<usize>,
        guard: Option<Guard<'_>>,
    ) -> Result<MergeReport, StoreError> {
        let grouped = group(revisions);
        let mut writes = WriteBudget {
            issued: 0,
            fail_after,
        };
        let mut report = MergeReport::default();
        let tx = self.tx(
            &[REVISIONS, DEMAND_STATE, META, LEDGER],
            TransactionMode::Readwrite,
        )?;
        {
            let revisions = tx.object_store(REVISIONS)?;
            let meta = tx.object_store(META)?;

            if let Some((kind, allow)) = guard {
                let key = KeyRange::Only(json!([kind.as_str(), 1]));
                let index = revisions.index(BY_KIND_LIVE)?;
                let rows: Vec<RevisionRow> =
                    collect(index.get_all().with_query(key).serde()?.await?)?;
                if !allow(&readable(&rows)) {
                    // Dropping the transaction uncommitted writes nothing.
                    return Err(StoreError::Other("refused by its precondition".into()));
                }
            }

            let next_seq_request = meta.get(NEXT_SEQ_KEY).serde()?;
            let stored = read_heads(&revisions, grouped.keys()).await?;
            let next_seq_row: Option<MetaRow> = next_seq_request.await?;
            let first_seq = match next_seq_row {
                Some(row) => row.value.parse::<u64>().map_err(|_| StoreError::Corrupt {
                    id: NEXT_SEQ_KEY.to_owned(),
                })?,
                None => 1,
            };
            let mut next_seq = first_seq;

            let mut demands = BTreeSet::new();
            for (done, ((id, incoming), rows)) in grouped.into_iter().zip(stored).enumerate() {
                if done % BREATHE_EVERY == BREATHE_EVERY - 1 {
                    breathe(&revisions).await?;
                }
                let plan = Plan::new(rows, incoming)?;
                if report.record(&plan.kind, &plan.before, &plan.after) == Change::Unchanged {
                    continue;
                }
                let new_rows = head_rows(&plan.after, &plan.rows, &mut next_seq);
                for old in &plan.rows {
                    if !new_rows.iter().any(|row| row.rev == old.rev) {
                        writes.issue()?;
                        revisions.delete(old.key()).serde()?;
                    }
                }
                for row in &new_rows {
                    if !plan.rows.contains(row) {
                        writes.issue()?;
                        revisions.put(row).serde()?;
                    }
                }
                if plan.kind == Kind::Demand.as_str() {
                    demands.insert(id);
                }
                demands.extend(
                    plan.before
                        .iter()
                        .chain(&plan.after)
                        .filter_map(event_demand_id),
                );
            }

            if !demands.is_empty() {
                let states = tx.object_store(DEMAND_STATE)?;
                update_demand_states(&revisions, &states, &demands, &mut writes).await?;
            }
            if next_seq != first_seq {
                writes.issue()?;
                meta.put(&MetaRow {
                    key: NEXT_SEQ_KEY.to_owned(),
                    value: next_seq.to_string(),
                })
                .serde()?;
            }
            if !ledger.is_empty() {
                let store = tx.object_store(LEDGER)?;
                for mut entry in ledger {
                    if counts_from_report {
                        entry.counts = report.per_kind.clone();
                    }
                    writes.issue()?;
                    store.put(&entry).serde()?;
                }
            }
        }
        commit(tx).await?;
        Ok(report)
    }
}

/// One record's part of a merge.
struct Plan {
    kind: String,
    /// The stored rows of the record.
    rows: Vec<RevisionRow>,
    /// Its stored heads, shown first.
    before: Vec<Revision>,
    /// Its heads after the merge, shown first.
    after: Vec<Revision>,
}

impl Plan {
    /// Merges `incoming` into the stored `rows`. A stored row that cannot be
    /// read stops the whole import: merging around it could lose a version.
    fn new(rows: Vec<RevisionRow>, incoming: Vec<Revision>) -> Result<Plan, StoreError> {
        let stored = rows
            .iter()
            .map(RevisionRow::revision)
            .collect::<Result<Vec<_>, _>>()?;
        let before = merge_revisions(stored.clone());
        let after = merge_revisions(stored.into_iter().chain(incoming));
        let kind = after
            .first()
            .map(|rev| rev.kind.clone())
            .unwrap_or_default();
        Ok(Plan {
            kind,
            rows,
            before,
            after,
        })
    }
}

/// Counts writes so the test hook can fail part-way through a transaction.
/// Every this many records, a large apply waits for a small read in its own
/// transaction, so the page can repaint in between (a 100,000-revision import
/// must not freeze it); the pending request keeps the transaction active, and
/// since requests run in order it also waits for the writes issued so far.
const BREATHE_EVERY: usize = 200;

async fn breathe(store: &ObjectStore<'_>) -> Result<(), StoreError> {
    let _: Option<serde_json::Value> = store.get("").serde()?.await?;
    Ok(())
}

struct WriteBudget {
    issued: usize,
    fail_after: Option<usize>,
}

impl WriteBudget {
    fn issue(&mut self) -> Result<(), StoreError> {
        if self.fail_after.is_some_and(|limit| self.issued >= limit) {
            return Err(StoreError::Other(format!(
                "test fault injected after {} writes",
                self.issued
            )));
        }
        self.issued += 1;
        Ok(())
    }
}

/// Incoming revisions by record id (sorted, so arrival numbers are deterministic).
fn group(revisions: impl IntoIterator<Item = Revision>) -> BTreeMap<String, Vec<Revision>> {
    let mut grouped: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    for rev in revisions {
        grouped.entry(rev.id.clone()).or_default().push(rev);
    }
    grouped
}

/// The stored rows of each id, in the order of `ids`, all within the
/// caller's transaction.
///
/// A small batch reads each id's key range (a chunk of requests in flight at a
/// time). A batch that touches a large part of the store — a coordinator's
/// first import — reads the whole store in one request instead, which is
/// many times faster than one request per id.
async fn read_heads<'a>(
    store: &ObjectStore<'_>,
    ids: impl Iterator<Item = &'a String>,
) -> Result<Vec<Vec<RevisionRow>>, StoreError> {
    let ids: Vec<&String> = ids.collect();
    if ids.len() >= SCAN_MIN {
        let stored: u32 = store.count().primitive()?.await?;
        if stored as usize <= ids.len().saturating_mul(SCAN_RATIO) {
            let mut by_id: BTreeMap<String, Vec<RevisionRow>> = BTreeMap::new();
            for row in collect::<RevisionRow>(store.get_all().serde()?.await?)? {
                by_id.entry(row.id.clone()).or_default().push(row);
            }
            return Ok(ids
                .iter()
                .map(|id| by_id.remove(id.as_str()).unwrap_or_default())
                .collect());
        }
    }
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(READ_CHUNK) {
        let requests = chunk
            .iter()
            .map(|id| store.get_all().with_query(id_range(id)).serde())
            .collect::<Result<Vec<_>, _>>()?;
        for request in requests {
            out.push(collect(request.await?)?);
        }
    }
    Ok(out)
}

/// Recomputes the state of each demand in `demands` from what this
/// transaction now holds (its own writes included) and writes it, or deletes
/// it when the demand is no longer live.
async fn update_demand_states(
    revisions: &ObjectStore<'_>,
    states: &ObjectStore<'_>,
    demands: &BTreeSet<String>,
    writes: &mut WriteBudget,
) -> Result<(), StoreError> {
    for (done, (id, demand, events)) in demand_inputs(revisions, demands)
        .await?
        .into_iter()
        .enumerate()
    {
        if done % BREATHE_EVERY == BREATHE_EVERY - 1 {
            breathe(states).await?;
        }
        writes.issue()?;
        match derive_demand_state(demand.as_ref(), &events) {
            Some(state) => {
                states.put(&state).serde()?;
            }
            None => {
                states.delete(id.to_owned()).primitive()?;
            }
        }
    }
    Ok(())
}

/// Per demand: its shown revision (if any) and the live events that refer to it.
type DemandInputs<'a> = Vec<(&'a str, Option<Revision>, Vec<Revision>)>;

/// Reads what each demand's state is derived from. Few demands: their heads
/// and references, two requests each. Many: every live demand and demand
/// event in two requests, grouped here.
async fn demand_inputs<'a>(
    revisions: &ObjectStore<'_>,
    demands: &'a BTreeSet<String>,
) -> Result<DemandInputs<'a>, StoreError> {
    let ids: Vec<&String> = demands.iter().collect();
    let live = revisions.index(BY_KIND_LIVE)?;
    let live_key = |kind: Kind| KeyRange::Only(json!([kind.as_str(), 1]));
    if ids.len() >= SCAN_MIN {
        let live_demands: u32 = live
            .count()
            .with_query(live_key(Kind::Demand))
            .serde()?
            .await?;
        let live_events: u32 = live
            .count()
            .with_query(live_key(Kind::DemandEvent))
            .serde()?
            .await?;
        let in_store = live_demands as usize + live_events as usize;
        if in_store <= ids.len().saturating_mul(SCAN_RATIO) {
            let demand_rows = live.get_all().with_query(live_key(Kind::Demand)).serde()?;
            let event_rows = live
                .get_all()
                .with_query(live_key(Kind::DemandEvent))
                .serde()?;
            let mut shown: BTreeMap<String, Revision> = BTreeMap::new();
            for row in collect::<RevisionRow>(demand_rows.await?)? {
                if demands.contains(&row.id) {
                    shown.insert(row.id.clone(), row.revision()?);
                }
            }
            let mut events: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
            for row in collect::<RevisionRow>(event_rows.await?)? {
                if row.refs.iter().any(|id| demands.contains(id)) {
                    let rev = row.revision()?;
                    if let Some(demand_id) = event_demand_id(&rev) {
                        events.entry(demand_id).or_default().push(rev);
                    }
                }
            }
            return Ok(ids
                .iter()
                .map(|id| {
                    (
                        id.as_str(),
                        shown.remove(id.as_str()),
                        events.remove(id.as_str()).unwrap_or_default(),
                    )
                })
                .collect());
        }
    }
    let by_ref = revisions.index(BY_REF)?;
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(READ_CHUNK) {
        let mut requests = Vec::with_capacity(chunk.len());
        for id in chunk {
            let heads = revisions.get_all().with_query(id_range(id)).serde()?;
            let referring = by_ref.get_all().with_query((*id).clone()).serde()?;
            requests.push((id.as_str(), heads, referring));
        }
        for (id, heads, referring) in requests {
            let heads: Vec<RevisionRow> = collect(heads.await?)?;
            let referring: Vec<RevisionRow> = collect(referring.await?)?;
            let demand = heads
                .iter()
                .find(|row| row.shown == 1)
                .map(RevisionRow::revision)
                .transpose()?;
            let events = referring
                .iter()
                .filter(|row| row.live == 1 && row.kind == Kind::DemandEvent.as_str())
                .map(RevisionRow::revision)
                .collect::<Result<Vec<_>, _>>()?;
            out.push((id, demand, events));
        }
    }
    Ok(out)
}
