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
use std::rc::Rc;

use indexed_db_futures::future::BasicRequest;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::codec::Codec;
use super::kept_lists;
use super::query::{collect, readable};
use super::rows::{
    event_demand_id, head_rows, id_range, live_demand, live_demo, live_event, summarize,
    ArrivalRow, BackRefRow, DemandState, DemandStateRow, DemoCount, KeptInMeta, Layout,
    LedgerEntry, LiveCounts, MetaRow, RefsOf, RevisionRow, Unexported, DEMO_COUNT_KEY,
    LIVE_COUNTS_KEY, NEXT_SEQ_KEY, UNEXPORTED_KEY,
};
use super::schema::{
    ARRIVAL_ORDER, ARRIVAL_ROW_MAX, BACK_REFS, DEMAND_STATE, LEDGER, META, RECORD_MARKS, REVISIONS,
    STATE_MARK,
};
use super::summaries::{StateMark, REORDER_FROM};
use super::{commit, profile, Store, StoreError};
use crate::domain::demand_summary::{DemandFacts, DemandSummary};
use crate::domain::kinds::{follows_back, Kind};
use crate::domain::merge::{merge_revisions, Change, MergeReport};
use crate::domain::revision::Revision;

/// A precondition of [`Store::apply_checked`]: the kind whose live records
/// it reads, and whether, given them, the write may go ahead.
type Guard<'a> = (Kind, &'a mut dyn FnMut(&[Revision]) -> bool);

/// How many kept states are put in order per task after a large write:
/// about 30 ms here (a district's 127,500 in one task took 0.22 s).
const ORDER_STEP: usize = 20_000;

/// How many reads are in flight at once while loading stored heads.
const READ_CHUNK: usize = 256;
/// From this many ids on, reading everything at once may beat one read per id...
pub(crate) const SCAN_MIN: usize = 64;
/// ...and it does when the store holds at most this many rows per id read.
pub(crate) const SCAN_RATIO: usize = 4;
/// Reading every primary key (no row) to skip the reads of new ids pays
/// when the store holds at most this many rows per id of the batch.
const KEY_SCAN_RATIO: usize = 16;

impl Store {
    /// What [`apply`](Self::apply) would do with `revisions`, per kind, without
    /// writing anything.
    pub async fn preview(&self, revisions: &[Revision]) -> Result<MergeReport, StoreError> {
        let since = profile::now();
        let grouped = group(revisions.iter().cloned());
        let codec = self.codec();
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let since = profile::lap("preview 4 group", since);
        let stored = read_heads(&store, grouped.keys()).await?;
        let since = profile::lap("preview 5 read stored heads", since);
        let mut report = MergeReport::default();
        for (incoming, rows) in grouped.into_values().zip(stored) {
            let plan = Plan::new(rows, incoming, &codec)?;
            report.record(&plan.kind, &plan.before, &plan.after);
        }
        profile::lap("preview 6 merge", since);
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
    /// would have changed). All of it is stored, or none of it. Also returns
    /// the ids of the demands whose summary the import changed (their
    /// record or events; sorted): what the award sweep after it looks at.
    pub async fn apply_bundles(
        &self,
        revisions: Vec<Revision>,
        ledger: Vec<LedgerEntry>,
    ) -> Result<(MergeReport, Vec<String>), StoreError> {
        self.apply_inner(revisions, ledger, Counts::AsGiven, None, None)
            .await
    }

    /// [`apply`](Self::apply) for one batch of a sync session: the session's
    /// ledger entry gets this apply's counts added to those it already has.
    pub(super) async fn apply_session(
        &self,
        revisions: Vec<Revision>,
        session: LedgerEntry,
    ) -> Result<MergeReport, StoreError> {
        self.apply_inner(revisions, vec![session], Counts::AddToStored, None, None)
            .await
            .map(|(report, _)| report)
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
            Counts::FromReport,
            fail_after,
            None,
        )
        .await
        .map(|(report, _)| report)
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
            .apply_inner(
                revisions,
                Vec::new(),
                Counts::AsGiven,
                None,
                Some((kind, &mut guard)),
            )
            .await;
        match (result, refusal) {
            (_, Some(err)) => Ok(Err(err)),
            (Ok((report, _)), None) => Ok(Ok(report)),
            (Err(err), None) => Err(err),
        }
    }

    /// The one transaction behind every apply. `counts` says what the ledger
    /// entries count (as given, this apply's, or added to the stored entry's). With a
    /// `guard`, the live records of its kind are read first and the write
    /// goes ahead only if it says so. Returns the report and the ids of the
    /// demands whose summary was recomputed (sorted).
    async fn apply_inner(
        &self,
        revisions: Vec<Revision>,
        ledger: Vec<LedgerEntry>,
        counts: Counts,
        fail_after: Option<usize>,
        guard: Option<Guard<'_>>,
    ) -> Result<(MergeReport, Vec<String>), StoreError> {
        // Every apply is timed for the bench: the import's, and the award
        // sweep's batches after it (the bench prints both).
        let lap = profile::lap;
        // Refused while locked, before anything is read: nothing changes.
        self.codec().writable()?;
        let mut since = profile::now();
        let grouped = group_yielding(revisions).await;
        // Taken again when the transaction starts, not before the grouping
        // yielded: the lock may have been turned on or off meanwhile, and a
        // store conversion counts on every write after that in the new form.
        let codec = self.codec();
        codec.writable()?;
        let mut writes = WriteBudget {
            issued: 0,
            fail_after,
        };
        let mut report = MergeReport::default();
        let mut touched_demands = Vec::new();
        // When this apply writes `demand_state`: the stored mark before it,
        // and the states it wrote when they are to be kept (`summaries`).
        // (And whether there were none to keep: then they start from nothing.)
        let mut moved: Option<(StateMark, Option<ChangedStates>, bool)> = None;
        // Only the stores this apply may write: a batch of the award sweep
        // (no demand, no event, no ledger entry) then leaves the demand list's
        // and the dashboard's reads of `demand_state` free to run meanwhile.
        let touches_demands = grouped
            .values()
            .flatten()
            .any(|rev| rev.kind == Kind::Demand.as_str() || rev.kind == Kind::DemandEvent.as_str());
        let mut scope = vec![REVISIONS, META];
        if touches_demands {
            scope.push(DEMAND_STATE);
        }
        let marked = touches_demands && self.marked();
        if marked {
            scope.push(STATE_MARK);
        }
        if !ledger.is_empty() {
            scope.push(LEDGER);
        }
        let lists_kept = self.lists_kept();
        if lists_kept {
            scope.push(RECORD_MARKS);
        }
        // Schema 12 on: arrival order and back references in stores of
        // their own (before, the rows' `seq` and `refs` were indexed).
        let kept_refs = self.kept_refs();
        let short_keys = self.short_keys();
        if kept_refs {
            scope.extend([ARRIVAL_ORDER, BACK_REFS]);
        }
        // What this apply writes of each kind: the kept lists take it in, and
        // the numbers of those kinds move (`kept_lists`).
        let mut carry;
        let tx = self.tx(&scope, TransactionMode::Readwrite)?;
        {
            let revisions = tx.object_store(REVISIONS)?;
            let meta = tx.object_store(META)?;
            // Another tab may have switched the lock: then nothing is written.
            codec.check_epoch(&meta).await?;
            // Read before anything is written, so it waits for no write.
            let before = if marked {
                Some(StateMark::read(&tx).await?)
            } else {
                None
            };
            let marks_before = if lists_kept {
                Some(kept_lists::Marks::read(&tx).await?)
            } else {
                None
            };

            since = lap("write 4 group", since);
            let layout = Layout::of(&revisions);
            if let Some((kind, allow)) = guard {
                let (index, key) = layout.live_of_kind(kind.as_str());
                let index = revisions.index(index)?;
                let rows: Vec<RevisionRow> =
                    collect(index.get_all().with_query(key).serde()?.await?)?;
                if !allow(&readable(&rows, &codec)?) {
                    // Dropping the transaction uncommitted writes nothing.
                    return Err(StoreError::Other("refused by its precondition".into()));
                }
            }

            let next_seq_request = meta.get(NEXT_SEQ_KEY).serde()?;
            let counts_request = meta.get(LIVE_COUNTS_KEY).serde()?;
            let demo_request = meta.get(DEMO_COUNT_KEY).serde()?;
            let unexported_request = meta.get(UNEXPORTED_KEY).serde()?;
            let stored = read_heads(&revisions, grouped.keys()).await?;
            since = lap("write 5 read stored heads", since);
            let next_seq_row: Option<MetaRow> = next_seq_request.await?;
            let counts_row: Option<MetaRow> = counts_request.await?;
            // Kept only once counted (`Store::demo_count`): a missing row
            // stays missing, and the first read counts it.
            let mut demo = match demo_request.await? {
                Some(row) => Some(DemoCount::from_row(&row)?.0),
                None => None,
            };
            let demo_before = demo;
            // Likewise the count of rows past the export mark.
            let mut unexported = match unexported_request.await? {
                Some(row) => Some(Unexported::from_row(&row)?),
                None => None,
            };
            let unexported_before = unexported;
            // Kept since the store opened; counted here (before any write of
            // this transaction) only if it is missing.
            let mut live = match counts_row {
                Some(row) => LiveCounts::from_row(&row)?,
                None => count_live(&revisions).await?,
            };
            let live_before = live.clone();
            // What this apply writes, for the kept lists to take in.
            carry = marks_before.clone().map(kept_lists::Carry::new);
            let first_seq = match next_seq_row {
                Some(row) => row.value.parse::<u64>().map_err(|_| StoreError::Corrupt {
                    id: NEXT_SEQ_KEY.to_owned(),
                })?,
                None => 1,
            };
            let mut next_seq = first_seq;

            let mut demands = DemandChanges::default();
            let mut breather = Breather::new();
            let mut puts = PutQueue::default();
            let arrival_store = if kept_refs {
                Some(tx.object_store(ARRIVAL_ORDER)?)
            } else {
                None
            };
            let mut arrivals = Arrivals::default();
            let mut back_refs = BackRefChanges::default();
            for (done, ((id, incoming), rows)) in grouped.into_iter().zip(stored).enumerate() {
                if breather.due(done) {
                    puts.flush(&revisions)?;
                    if let Some(store) = &arrival_store {
                        arrivals.puts.flush(store)?;
                    }
                    since = lap("write 6 merge, rows and puts", since);
                    breather.step(&revisions).await?;
                    since = lap("write 7 waiting for IndexedDB", since);
                }
                let plan = Plan::new(rows, incoming, &codec)?;
                let demand_kind =
                    plan.kind == Kind::Demand.as_str() || plan.kind == Kind::DemandEvent.as_str();
                if demand_kind && !touches_demands {
                    // Stored as a demand (or event) but arriving as another
                    // kind: an id shared across kinds. Nothing is written.
                    return Err(StoreError::Corrupt { id });
                }
                if report.record(&plan.kind, &plan.before, &plan.after) == Change::Unchanged {
                    continue;
                }
                live.moved(live_kind(&plan.before), live_kind(&plan.after));
                let mut kinds = BTreeSet::from([plan.kind.as_str()]);
                kinds.extend(
                    plan.before
                        .iter()
                        .chain(&plan.after)
                        .map(|h| h.kind.as_str()),
                );
                if let Some(count) = demo.as_mut() {
                    match (live_demo(&plan.before), live_demo(&plan.after)) {
                        (false, true) => *count += 1,
                        (true, false) => *count = count.saturating_sub(1),
                        _ => {}
                    }
                }
                let new_rows = head_rows(
                    &plan.after,
                    &plan.rows,
                    &mut next_seq,
                    &codec,
                    layout,
                    !kept_refs,
                )?;
                if let Some(carry) = carry.as_mut() {
                    let cache = self.inner.lists.borrow();
                    for kind in kinds {
                        let before = live_before.by_kind.get(kind).copied().unwrap_or(0);
                        carry.note(kind, &id, &new_rows, &cache, before);
                    }
                }
                for old in &plan.rows {
                    if !new_rows.iter().any(|row| row.rev == old.rev) {
                        writes.issue()?;
                        puts.flush(&revisions)?;
                        revisions.delete(old.key(short_keys)).serde()?;
                        if let Some(kept) = unexported.as_mut() {
                            kept.note(old.seq, false);
                        }
                        arrivals.removed.insert(old.seq);
                    }
                }
                if kept_refs {
                    for row in &new_rows {
                        if !plan.rows.iter().any(|old| old.rev == row.rev) {
                            arrivals.push(row, &mut writes)?;
                        }
                    }
                }
                let refs_before = RefsOf::of(&plan.before);
                let refs_after = RefsOf::of(&plan.after);
                if refs_before != refs_after {
                    demands.link(&id, refs_before.demand, refs_after.demand);
                    back_refs.note(&id, refs_before.others, refs_after.others);
                }
                if let Some(kept) = unexported.as_mut() {
                    // A row kept under its key keeps its arrival number.
                    for row in &new_rows {
                        if !plan.rows.iter().any(|old| old.rev == row.rev) {
                            kept.note(row.seq, true);
                        }
                    }
                }
                for mut row in new_rows {
                    // The body is compared by its hash: a sealed body differs
                    // on every write (a fresh nonce) while its content does not.
                    if !plan.rows.iter().any(|old| old.same_but_body(&row)) {
                        writes.issue()?;
                        let body = std::mem::take(&mut row.json);
                        puts.push_with_bytes(&row, &body, "json")?;
                    }
                }
                demands.note(id, &plan);
            }
            puts.flush(&revisions)?;
            since = lap("write 6 merge, rows and puts", since);
            if let Some(store) = &arrival_store {
                arrivals.finish(store, &mut writes).await?;
                since = lap("write 6b arrival order", since);
            }
            if kept_refs && !back_refs.is_empty() {
                let store = tx.object_store(BACK_REFS)?;
                back_refs.write(&store, &mut writes).await?;
                since = lap("write 6c back references", since);
            }
            if !demands.is_empty() {
                touched_demands = demands.by_id.keys().cloned().collect();
                let states = tx.object_store(DEMAND_STATE)?;
                // The written states are kept only when this tab's kept
                // summaries are current, or when there were no states at all
                // (a first import): else they are dropped after the commit.
                let current =
                    before.is_some_and(|mark| self.inner.summaries.borrow().current_at(mark));
                let from_nothing = !current && before.is_some() && no_states(&states).await?;
                let keep = current || from_nothing;
                let changed = update_demand_states(
                    &revisions,
                    &states,
                    demands,
                    &mut writes,
                    &codec,
                    &mut since,
                    keep,
                )
                .await?;
                if let Some(before) = before {
                    writes.issue()?;
                    before.next().store(&tx)?;
                    moved = Some((before, changed, from_nothing));
                }
            }
            if let (Some(marks), Some(carry)) = (&marks_before, &carry) {
                for kind in carry.kinds() {
                    writes.issue()?;
                    marks.advance(&tx, kind)?;
                }
            }
            if next_seq != first_seq {
                writes.issue()?;
                meta.put(&MetaRow {
                    key: NEXT_SEQ_KEY.to_owned(),
                    value: next_seq.to_string(),
                })
                .serde()?;
            }
            if live != live_before {
                writes.issue()?;
                meta.put(&live.row()).serde()?;
            }
            if let (Some(count), true) = (demo, demo != demo_before) {
                writes.issue()?;
                meta.put(&DemoCount(count).row()).serde()?;
            }
            if let (Some(kept), true) = (unexported, unexported != unexported_before) {
                writes.issue()?;
                meta.put(&kept.row()).serde()?;
            }
            if !ledger.is_empty() {
                let store = tx.object_store(LEDGER)?;
                // A district's 1,700 entries, put in one go, held the page
                // for 0.4 s at the end of the import: breathe between them too.
                let mut breather = Breather::new();
                for (done, mut entry) in ledger.into_iter().enumerate() {
                    if breather.due(done) {
                        breather.step(&store).await?;
                    }
                    match counts {
                        Counts::AsGiven => {}
                        Counts::FromReport => entry.counts = report.per_kind.clone(),
                        Counts::AddToStored => {
                            let stored: Option<LedgerEntry> =
                                store.get(entry.digest.clone()).serde()?.await?;
                            entry.counts = stored.map(|e| e.counts).unwrap_or_default();
                            for (kind, add) in &report.per_kind {
                                entry.counts.entry(kind.clone()).or_default().absorb(add);
                            }
                        }
                    }
                    entry.device_label = codec.seal(entry.device_label)?;
                    writes.issue()?;
                    store.put(&entry).serde()?;
                }
            }
        }
        commit(tx).await?;
        since = lap("write 9 commit", since);
        self.count_apply();
        // The kept rows follow what was written, each part in a task of its
        // own when it is large (a district's import: 42,500 members, 127,500
        // states), so the page draws in between. Meanwhile a read sees its
        // stored numbers moved and reads the rows; either way it is current.
        if let Some(carry) = carry {
            if carry.is_large() {
                gloo::timers::future::TimeoutFuture::new(0).await;
                since = profile::now();
            }
            self.inner.lists.borrow_mut().carry(carry, &self.codec());
            since = lap("write 10a kept lists follow", since);
        }
        if let Some((before, changed, from_nothing)) = moved {
            let changed_len = changed.as_ref().map_or(0, Vec::len);
            let large = changed_len >= LARGE_FOLLOW;
            if large {
                gloo::timers::future::TimeoutFuture::new(0).await;
                since = profile::now();
            }
            {
                let mut summaries = self.inner.summaries.borrow_mut();
                if from_nothing {
                    summaries.start(before, &self.codec());
                }
                summaries.written(before, before.next(), changed);
            }
            lap("write 10b kept states follow", since);
            if changed_len >= REORDER_FROM {
                // The list's order, dropped by a write this large, made
                // again before the result shows, in tasks of their own.
                let start = profile::now();
                let making = self.inner.summaries.borrow().order_making();
                if let Some(mut making) = making {
                    loop {
                        gloo::timers::future::TimeoutFuture::new(0).await;
                        if making.step(ORDER_STEP) {
                            break;
                        }
                    }
                    self.inner.summaries.borrow().order_made(making);
                }
                lap("write 10c kept states' order (in tasks)", start);
            }
        }
        profile::publish();
        Ok((report, touched_demands))
    }
}

/// The kind of a record's shown head when it is live (its `live` row).
fn live_kind(heads: &[Revision]) -> Option<&str> {
    heads
        .first()
        .filter(|rev| !rev.deleted)
        .map(|rev| rev.kind.as_str())
}

/// The live records of every known kind, counted on the kind index
/// (`Layout::live_of_kind`) within the caller's transaction (no row is read).
pub(crate) async fn count_live(revisions: &ObjectStore<'_>) -> Result<LiveCounts, StoreError> {
    let layout = Layout::of(revisions);
    let requests = Kind::ALL
        .iter()
        .map(|kind| {
            let (index, key) = layout.live_of_kind(kind.as_str());
            Ok::<_, StoreError>(revisions.index(index)?.count().with_query(key).serde()?)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut counts = LiveCounts::default();
    for (kind, request) in Kind::ALL.iter().zip(requests) {
        let count: u32 = request.await?;
        if count > 0 {
            counts.by_kind.insert(kind.as_str().to_owned(), count);
        }
    }
    Ok(counts)
}

/// What a ledger entry written by an apply counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Counts {
    /// What the caller put in it.
    AsGiven,
    /// What this apply did.
    FromReport,
    /// What this apply did, added to the entry already stored under its key.
    AddToStored,
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
    fn new(
        rows: Vec<RevisionRow>,
        mut incoming: Vec<Revision>,
        codec: &Codec,
    ) -> Result<Plan, StoreError> {
        if rows.is_empty() && incoming.len() == 1 {
            // A record new to this store in one version (nearly every record
            // of a consolidation): nothing to merge, nothing to hash.
            if let Some(rev) = incoming.pop() {
                return Ok(Plan {
                    kind: rev.kind.clone(),
                    rows,
                    before: Vec::new(),
                    after: vec![rev],
                });
            }
        }
        let stored = rows
            .iter()
            .map(|row| row.revision(codec))
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

/// Every this many records, a large apply lets the page repaint (a
/// 100,000-revision import must not freeze it): see [`Breather`].
const BREATHE_EVERY: usize = 200;

/// After this long without the event loop running, a large apply waits for
/// IndexedDB to catch up with everything issued, so the page paints.
const BREATHE_MAX_MS: f64 = 60.0;

/// Every this many records between two steps, a large apply also looks at
/// the clock: [`BREATHE_EVERY`] records usually take 20–40 ms, but slow ones
/// (a garbage collection, many siblings) once held a task for 196 ms.
const CLOCK_EVERY: usize = 16;

/// Lets the page repaint during a large apply without leaving IndexedDB idle.
///
/// At every step a small read is issued in the apply's own transaction (a
/// pending request keeps the transaction active) and the read issued at the
/// step BEFORE is awaited: requests run in order, so that waits for the
/// writes up to there, while the step just issued keeps IndexedDB busy as
/// the next records are merged. Waiting for the whole queue at every step
/// left IndexedDB idle while the page merged and the page idle while
/// IndexedDB wrote. When IndexedDB is ahead (the earlier read already
/// answered, so awaiting it does not let the event loop run) for longer
/// than [`BREATHE_MAX_MS`], the step waits for the read it just issued.
struct Breather {
    pending: Option<BasicRequest<Option<serde_json::Value>>>,
    last_yield: f64,
}

impl Breather {
    fn new() -> Breather {
        Breather {
            pending: None,
            last_yield: profile::now(),
        }
    }

    /// Whether to step after `done` records: every [`BREATHE_EVERY`], and
    /// sooner when the event loop has not run for [`BREATHE_MAX_MS`].
    fn due(&self, done: usize) -> bool {
        done % BREATHE_EVERY == BREATHE_EVERY - 1
            || (done % CLOCK_EVERY == CLOCK_EVERY - 1
                && profile::now() - self.last_yield > BREATHE_MAX_MS)
    }

    async fn step(&mut self, store: &ObjectStore<'_>) -> Result<(), StoreError> {
        let issued = store.get("").serde()?;
        let waited = match self.pending.replace(issued) {
            Some(earlier) => waited(earlier).await?,
            None => false,
        };
        let now = profile::now();
        if waited {
            self.last_yield = now;
        } else if now - self.last_yield > BREATHE_MAX_MS {
            if let Some(latest) = self.pending.take() {
                latest.await?;
            }
            self.last_yield = profile::now();
        }
        Ok(())
    }
}

/// Awaits a request; `true` when it was not answered yet, so the event loop
/// ran (and the page could paint) meanwhile.
async fn waited<F>(request: F) -> Result<bool, StoreError>
where
    F: std::future::Future<Output = indexed_db_futures::Result<Option<serde_json::Value>>> + Unpin,
{
    let mut request = request;
    let mut pending = false;
    std::future::poll_fn(|cx| match std::pin::Pin::new(&mut request).poll(cx) {
        std::task::Poll::Ready(result) => std::task::Poll::Ready(result),
        std::task::Poll::Pending => {
            pending = true;
            std::task::Poll::Pending
        }
    })
    .await?;
    Ok(pending)
}

/// Rows to put, gathered as the text of one JSON array and handed to
/// IndexedDB together (at each breath, before a delete, at the end).
///
/// Converting each row field by field (serde-wasm-bindgen) decodes every
/// string on its way to JavaScript one at a time: about 2 s of a 100,000-
/// revision import's write went into those conversions alone. One
/// `JSON.parse` of a slice's rows builds the same objects (every row type
/// put this way is strings, numbers and lists, its absent options left out)
/// for a fraction of that. The puts keep their order: a delete flushes the
/// rows gathered before it first.
///
/// A row's long text field (a revision's body, a demand's summary) goes
/// beside the JSON instead, as its UTF-8 bytes ([`PutQueue::push_with_bytes`]),
/// each row's in a `Uint8Array` of its own. Written into the JSON it would be
/// escaped character by character (every quote of a revision's JSON text)
/// and unescaped again by `JSON.parse`, about 1.2 s and more of a
/// 100,000-revision import; and a JS string holding any Chinese is kept as
/// UTF-16, twice the size, while the bytes are what IndexedDB's backend
/// writes (docs/performance.md, fifteenth to seventeenth rounds).
#[derive(Default)]
struct PutQueue {
    text: Vec<u8>,
    rows: usize,
    /// The bodies: one buffer, each row's end in it (a row with none ends
    /// where the one before did), and the field they go into.
    bytes: Vec<u8>,
    byte_ends: Vec<usize>,
    bytes_field: Option<&'static str>,
}

impl PutQueue {
    /// Gathers `row` (nothing is written until [`PutQueue::flush`]).
    fn push(&mut self, row: &impl serde::Serialize) -> Result<(), StoreError> {
        self.text.push(if self.rows == 0 { b'[' } else { b',' });
        serde_json::to_writer(&mut self.text, row).map_err(|e| StoreError::Other(e.to_string()))?;
        self.rows += 1;
        if self.bytes_field.is_some() {
            self.byte_ends.push(self.bytes.len());
        }
        Ok(())
    }

    /// Gathers `row`, whose text field (emptied by the caller and named
    /// `name`) holds `body`: the body is put as its UTF-8 bytes (an empty
    /// one leaves the row's own field). Every row of one queue has its body
    /// in the same field.
    fn push_with_bytes(
        &mut self,
        row: &impl serde::Serialize,
        body: &str,
        name: &'static str,
    ) -> Result<(), StoreError> {
        if self.bytes_field.is_some_and(|f| f != name) {
            return Err(StoreError::Other(format!(
                "rows with bodies of two kinds in one queue ({name})"
            )));
        }
        if self.bytes_field.is_none() {
            // Rows gathered before had no body.
            self.bytes_field = Some(name);
            self.byte_ends = vec![0; self.rows];
        }
        self.push(row)?;
        // `push` closed the row's range empty: the body goes into it.
        self.bytes.extend_from_slice(body.as_bytes());
        if let Some(end) = self.byte_ends.last_mut() {
            *end = self.bytes.len();
        }
        Ok(())
    }

    /// Puts every gathered row into `store`, in order.
    fn flush(&mut self, store: &ObjectStore<'_>) -> Result<(), StoreError> {
        if self.rows == 0 {
            return Ok(());
        }
        self.text.push(b']');
        let text = std::str::from_utf8(&self.text).map_err(|e| StoreError::Other(e.to_string()))?;
        let rows =
            js_sys::Array::from(&js_sys::JSON::parse(text).map_err(|e| StoreError::from_js(&e))?);
        self.text.clear();
        self.rows = 0;
        if let Some(name) = self.bytes_field.take() {
            let field = wasm_bindgen::JsValue::from_str(name);
            let mut start = 0;
            for (row, &end) in rows.iter().zip(&self.byte_ends) {
                if end > start {
                    // A copy of its own: a view into one shared buffer would
                    // have IndexedDB clone, and keep, the whole buffer per row.
                    let body = js_sys::Uint8Array::from(&self.bytes[start..end]);
                    js_sys::Reflect::set(&row, &field, &body)
                        .map_err(|e| StoreError::from_js(&e))?;
                }
                start = end;
            }
            self.bytes.clear();
            self.byte_ends.clear();
        }
        let store = store.as_sys();
        for row in rows.iter() {
            store.put(&row).map_err(|e| StoreError::from_js(&e))?;
        }
        Ok(())
    }
}

/// Counts writes so the test hook can fail part-way through a transaction.
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

/// What an apply changes in `arrival_order` (schema 12): the heads it
/// stores, listed in rows of [`ARRIVAL_ROW_MAX`] in the order they got their
/// arrival numbers, and the arrival numbers of the heads it removes.
#[derive(Default)]
struct Arrivals {
    row: ArrivalRow,
    puts: PutQueue,
    removed: BTreeSet<u64>,
}

impl Arrivals {
    /// Lists a head this apply stores (its arrival number is the next one).
    fn push(&mut self, row: &RevisionRow, writes: &mut WriteBudget) -> Result<(), StoreError> {
        self.row.push(row.seq, row.id.clone(), row.rev.clone());
        if self.row.seqs.len() >= ARRIVAL_ROW_MAX {
            writes.issue()?;
            self.puts.push(&std::mem::take(&mut self.row))?;
        }
        Ok(())
    }

    /// Writes the last row, and takes the removed heads out of the rows
    /// that list them (each row read and written once).
    async fn finish(
        &mut self,
        store: &ObjectStore<'_>,
        writes: &mut WriteBudget,
    ) -> Result<(), StoreError> {
        if !self.row.seqs.is_empty() {
            writes.issue()?;
            self.puts.push(&std::mem::take(&mut self.row))?;
        }
        self.puts.flush(store)?;
        let mut pending = std::mem::take(&mut self.removed);
        while let Some(&first) = pending.iter().next() {
            // The row holding `first`: the first whose last number is at least it.
            let found: Vec<ArrivalRow> = collect(
                store
                    .get_all()
                    .with_query::<u64, _>(indexed_db_futures::KeyRange::LowerBound(first, false))
                    .with_limit(1)
                    .serde()?
                    .await?,
            )?;
            let Some(row) = found.into_iter().next() else {
                // Listed nowhere (nothing after it): nothing to take out.
                break;
            };
            let rest = pending.split_off(&row.last.saturating_add(1));
            let inside = std::mem::replace(&mut pending, rest);
            let last = row.last;
            let row = row.without(&inside);
            writes.issue()?;
            if row.seqs.is_empty() {
                store.delete(last).serde()?;
            } else {
                store.put(&row).serde()?;
            }
        }
        Ok(())
    }
}

/// What an apply changes in `back_refs` (schema 12): per referred record,
/// the records whose live head now follows a reference to it and those
/// whose head no longer does.
#[derive(Default)]
struct BackRefChanges {
    by_target: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
}

impl BackRefChanges {
    fn is_empty(&self) -> bool {
        self.by_target.is_empty()
    }

    /// Record `id` followed `before` and now follows `after` (both sorted).
    fn note(&mut self, id: &str, before: Vec<String>, after: Vec<String>) {
        for target in &before {
            if after.binary_search(target).is_err() {
                let (added, removed) = self.by_target.entry(target.clone()).or_default();
                added.remove(id);
                removed.insert(id.to_owned());
            }
        }
        for target in after {
            if before.binary_search(&target).is_err() {
                let (added, removed) = self.by_target.entry(target).or_default();
                removed.remove(id);
                added.insert(id.to_owned());
            }
        }
    }

    /// Reads the row of every target once, changes it and writes it back
    /// (or deletes it when nothing refers to its target any more).
    async fn write(
        self,
        store: &ObjectStore<'_>,
        writes: &mut WriteBudget,
    ) -> Result<(), StoreError> {
        let targets: Vec<&String> = self.by_target.keys().collect();
        let mut stored: BTreeMap<String, BackRefRow> =
            read_rows(store, &targets, |row: &BackRefRow| row.target.clone()).await?;
        let mut breather = Breather::new();
        let mut puts = PutQueue::default();
        for (done, (target, (added, removed))) in self.by_target.into_iter().enumerate() {
            if breather.due(done) {
                puts.flush(store)?;
                breather.step(store).await?;
            }
            let mut from: BTreeSet<String> = stored
                .remove(&target)
                .map(|row| row.from.into_iter().collect())
                .unwrap_or_default();
            for id in &removed {
                from.remove(id);
            }
            from.extend(added);
            writes.issue()?;
            if from.is_empty() {
                puts.flush(store)?;
                store.delete(target).primitive()?;
            } else {
                puts.push(&BackRefRow {
                    target,
                    from: from.into_iter().collect(),
                })?;
            }
        }
        puts.flush(store)?;
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

/// [`group`], letting the page paint every so many revisions (no
/// transaction is open yet, so waiting is harmless).
async fn group_yielding(revisions: Vec<Revision>) -> BTreeMap<String, Vec<Revision>> {
    const PER_SLICE: usize = 20_000;
    let mut grouped: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    for (index, rev) in revisions.into_iter().enumerate() {
        if index % PER_SLICE == PER_SLICE - 1 {
            gloo::timers::future::TimeoutFuture::new(0).await;
        }
        grouped.entry(rev.id.clone()).or_default().push(rev);
    }
    grouped
}

/// The stored rows of each id, in the order of `ids`, all within the
/// caller's transaction.
///
/// A large batch first reads up to 16 of the store's primary keys per id
/// (no row is decoded). When that is every key, they say which of its ids
/// are stored at all: in a consolidation nearly all are new, and those need
/// no read. The ids that are stored (or, for a small batch or a large
/// store, every id) are read by key range, a chunk of requests in flight at
/// a time.
async fn read_heads<'a>(
    store: &ObjectStore<'_>,
    ids: impl Iterator<Item = &'a String>,
) -> Result<Vec<Vec<RevisionRow>>, StoreError> {
    let ids: Vec<&String> = ids.collect();
    let mut wanted: Vec<&String> = ids.clone();
    if ids.len() >= SCAN_MIN {
        // The store's keys, when it holds few enough: one read bounded by
        // the batch's size. Not `count()` first: Chromium counts by walking
        // every row, 0.25–0.5 s at 100,000 revisions, and the award sweep
        // paid that on each batch of 100 (docs/performance.md).
        let keys =
            keys_up_to::<(String, String)>(store, ids.len().saturating_mul(KEY_SCAN_RATIO)).await?;
        if let Some(keys) = keys {
            let stored = keys.len();
            let known: BTreeSet<String> = keys.into_iter().map(|(id, _)| id).collect();
            wanted.retain(|id| known.contains(id.as_str()));
            if wanted.len().saturating_mul(SCAN_RATIO) >= stored && !wanted.is_empty() {
                // Most of the store is touched (an import repeated): one read of it all.
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
    }
    let mut found: BTreeMap<&str, Vec<RevisionRow>> = BTreeMap::new();
    for chunk in wanted.chunks(READ_CHUNK) {
        let requests = chunk
            .iter()
            .map(|id| store.get_all().with_query(id_range(id)).serde())
            .collect::<Result<Vec<_>, _>>()?;
        for (id, request) in chunk.iter().zip(requests) {
            found.insert(id.as_str(), collect(request.await?)?);
        }
    }
    Ok(ids
        .iter()
        .map(|id| found.remove(id.as_str()).unwrap_or_default())
        .collect())
}

/// Every primary key of `store` when it holds at most `cap` rows, else
/// `None`: one read of at most `cap + 1` keys, no row decoded.
pub(crate) async fn keys_up_to<K: serde::de::DeserializeOwned>(
    store: &ObjectStore<'_>,
    cap: usize,
) -> Result<Option<Vec<K>>, StoreError> {
    let limit = u32::try_from(cap.saturating_add(1)).unwrap_or(u32::MAX);
    let keys: Vec<K> = collect(store.get_all_keys().with_limit(limit).serde()?.await?)?;
    Ok((keys.len() <= cap).then_some(keys))
}

/// What an apply changed about demands: per demand id, its new shown
/// revision (when the demand record itself changed) and the live events that
/// are new to the store. A demand whose events changed in any other way
/// (an event edited, deleted, or turned into siblings) is summarised again
/// from everything stored.
#[derive(Default)]
struct DemandChanges {
    by_id: BTreeMap<String, DemandChange>,
}

#[derive(Default)]
struct DemandChange {
    /// `Some` when the demand record changed: its facts when live, else `None`.
    demand: Option<Option<DemandFacts>>,
    new_events: Vec<(crate::domain::kinds::DemandEvent, String)>,
    recompute: bool,
    /// Events whose live head now belongs to this demand, and those whose
    /// head no longer does: its row's list of events follows (`RefsOf`).
    events_added: BTreeSet<String>,
    events_removed: BTreeSet<String>,
}

impl DemandChange {
    /// The demand's live events after this apply: those its stored row
    /// lists, less the ones gone, with the ones come (sorted).
    fn events_after(&self, stored: Option<&DemandStateRow>) -> Vec<String> {
        let mut events: BTreeSet<&String> = stored
            .map(|row| row.events.iter().collect())
            .unwrap_or_default();
        for id in &self.events_removed {
            events.remove(id);
        }
        events.extend(&self.events_added);
        events.into_iter().cloned().collect()
    }
}

impl DemandChanges {
    fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Event `id` belonged (live) to demand `before` and now to `after`.
    fn link(&mut self, id: &str, before: Option<String>, after: Option<String>) {
        if before == after {
            return;
        }
        if let Some(demand) = before {
            let change = self.by_id.entry(demand).or_default();
            change.events_added.remove(id);
            change.events_removed.insert(id.to_owned());
        }
        if let Some(demand) = after {
            let change = self.by_id.entry(demand).or_default();
            change.events_removed.remove(id);
            change.events_added.insert(id.to_owned());
        }
    }

    fn note(&mut self, id: String, plan: &Plan) {
        if plan.kind == Kind::Demand.as_str() {
            let facts = plan
                .after
                .first()
                .and_then(live_demand)
                .map(|d| DemandFacts::of(&d));
            self.by_id.entry(id).or_default().demand = Some(facts);
            return;
        }
        if plan.kind != Kind::DemandEvent.as_str() {
            return;
        }
        let shown = plan.after.first();
        let new_live = plan.before.is_empty() && plan.rows.is_empty();
        if new_live {
            if let Some((event, hlc)) = shown.and_then(live_event) {
                self.by_id
                    .entry(event.demand_id.clone())
                    .or_default()
                    .new_events
                    .push((event, hlc));
            }
            // A new event that does not read as one counts nowhere.
            return;
        }
        for demand_id in plan
            .before
            .iter()
            .chain(&plan.after)
            .filter_map(event_demand_id)
        {
            self.by_id.entry(demand_id).or_default().recompute = true;
        }
    }
}

/// Updates the `demand_state` row of every demand in `changes` within the
/// caller's transaction: new events are folded into the stored summary;
/// demands whose events changed otherwise are summarised from the store.
async fn update_demand_states(
    revisions: &ObjectStore<'_>,
    states: &ObjectStore<'_>,
    changes: DemandChanges,
    writes: &mut WriteBudget,
    codec: &Codec,
    since: &mut f64,
    keep: bool,
) -> Result<Option<ChangedStates>, StoreError> {
    let ids: Vec<&String> = changes.by_id.keys().collect();
    let mut stored = read_rows(states, &ids, |row: &DemandStateRow| row.demand_id.clone()).await?;
    *since = profile::lap("write 8a demand_state: read stored", *since);
    let recompute: Vec<(&String, Vec<String>)> = changes
        .by_id
        .iter()
        .filter(|(_, change)| change.recompute)
        .map(|(id, change)| (id, change.events_after(stored.get(id))))
        .collect();
    let mut recomputed = recompute_summaries(revisions, &recompute, codec).await?;
    *since = profile::lap("write 8b demand_state: recompute", *since);
    let mut breather = Breather::new();
    let mut puts = PutQueue::default();
    let mut changed = keep.then(|| Vec::with_capacity(changes.by_id.len()));
    // Taken apart as the loop goes: each change is freed between the
    // breaths, not all at once at the end (at a district's 127,500 demands
    // that one drop held the page for over half a second).
    for (done, (id, change)) in changes.by_id.into_iter().enumerate() {
        if breather.due(done) {
            puts.flush(states)?;
            breather.step(states).await?;
        }
        let row = stored.remove(&id);
        let events = change.events_after(row.as_ref());
        let summary = match recomputed.remove(&id) {
            Some(summary) => summary,
            None => {
                let mut summary = match row {
                    Some(row) => row.summary(codec)?,
                    None => DemandSummary::default(),
                };
                if let Some(facts) = change.demand {
                    summary.demand = facts;
                }
                for (event, hlc) in &change.new_events {
                    summary.fold_event(event, hlc);
                }
                summary
            }
        };
        writes.issue()?;
        let state = match DemandStateRow::new(&id, &summary, events, codec)? {
            Some(mut row) => {
                let text = std::mem::take(&mut row.summary);
                puts.push_with_bytes(&row, &text, "summary")?;
                // Shared here, in the loop that breathes, not all at once
                // when the kept states take them in after the commit.
                changed
                    .is_some()
                    .then(|| row.state_with(summary).map(Rc::new))
                    .flatten()
            }
            None => {
                puts.flush(states)?;
                states.delete(id.clone()).primitive()?;
                None
            }
        };
        if let Some(changed) = changed.as_mut() {
            changed.push((id, state));
        }
    }
    puts.flush(states)?;
    *since = profile::lap("write 8c demand_state: fold and put", *since);
    Ok(changed)
}

/// From how many written rows on the kept rows' follow-up gets a task of its own.
pub(crate) const LARGE_FOLLOW: usize = 5_000;

/// The state each demand an apply wrote now has (`None`: no longer live).
type ChangedStates = Vec<(String, Option<Rc<DemandState>>)>;

/// Whether `states` holds no row yet (asked before this apply writes one).
async fn no_states(states: &ObjectStore<'_>) -> Result<bool, StoreError> {
    let first: Vec<String> = collect(states.get_all_keys().with_limit(1).serde()?.await?)?;
    Ok(first.is_empty())
}

/// The stored rows of `ids` in `store` (`demand_state`, `back_refs`), by
/// the key `key_of` gives: the whole (small) store in one request when `ids`
/// are a large part of it, else one request per id.
async fn read_rows<T: serde::de::DeserializeOwned>(
    store: &ObjectStore<'_>,
    ids: &[&String],
    key_of: impl Fn(&T) -> String,
) -> Result<BTreeMap<String, T>, StoreError> {
    let mut out = BTreeMap::new();
    if ids.len() >= SCAN_MIN {
        // Whether the store is small, from a bounded read of its keys (not
        // `count()`, which walks every row; see `read_heads`).
        if keys_up_to::<String>(store, ids.len().saturating_mul(SCAN_RATIO))
            .await?
            .is_some()
        {
            let wanted: BTreeSet<&str> = ids.iter().map(|id| id.as_str()).collect();
            for row in collect::<T>(store.get_all().serde()?.await?)? {
                let key = key_of(&row);
                if wanted.contains(key.as_str()) {
                    out.insert(key, row);
                }
            }
            return Ok(out);
        }
    }
    for chunk in ids.chunks(READ_CHUNK) {
        let requests = chunk
            .iter()
            .map(|id| store.get((*id).clone()).serde())
            .collect::<Result<Vec<_>, _>>()?;
        for request in requests {
            let row: Option<T> = request.await?;
            if let Some(row) = row {
                out.insert(key_of(&row), row);
            }
        }
    }
    Ok(out)
}

/// The summary of each demand in `ids` from what this transaction now holds
/// (its own writes included): its heads and the live heads of its events
/// (the ids given with it: its row's list after this apply).
async fn recompute_summaries(
    revisions: &ObjectStore<'_>,
    ids: &[(&String, Vec<String>)],
    codec: &Codec,
) -> Result<BTreeMap<String, DemandSummary>, StoreError> {
    let mut out = BTreeMap::new();
    for chunk in ids.chunks(READ_CHUNK) {
        let mut requests = Vec::with_capacity(chunk.len());
        for (id, events) in chunk {
            let heads = revisions.get_all().with_query(id_range(id)).serde()?;
            let referring = events
                .iter()
                .map(|event| revisions.get_all().with_query(id_range(event)).serde())
                .collect::<Result<Vec<_>, _>>()?;
            requests.push((*id, heads, referring));
        }
        for (id, heads, referring) in requests {
            let heads: Vec<RevisionRow> = collect(heads.await?)?;
            let shown = heads
                .iter()
                .find(|row| row.shown == 1)
                .map(|row| row.revision(codec))
                .transpose()?;
            let mut events = Vec::new();
            for request in referring {
                for row in collect::<RevisionRow>(request.await?)? {
                    if row.live == 1 && row.kind == Kind::DemandEvent.as_str() {
                        events.push(row.revision(codec)?);
                    }
                }
            }
            out.insert(id.clone(), summarize(id, shown.as_ref(), &events));
        }
    }
    Ok(out)
}

/// Rebuilds every `demand_state` row from the stored revisions, in the
/// caller's transaction: after a schema upgrade, whose rows had another
/// shape. With `back_refs` (schema 12 on), that store is refilled too, from
/// the live heads of every kind that follows references back (`RefsOf`).
pub(crate) async fn rebuild_demand_states(
    revisions: &ObjectStore<'_>,
    states: &ObjectStore<'_>,
    back_refs: Option<&ObjectStore<'_>>,
    codec: &Codec,
) -> Result<usize, StoreError> {
    let layout = Layout::of(revisions);
    let kinds: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|kind| {
            *kind == Kind::Demand
                || (back_refs.is_some() || *kind == Kind::DemandEvent) && follows_back(*kind)
        })
        .collect();
    let requests = kinds
        .iter()
        .map(|kind| {
            let (index, key) = layout.live_of_kind(kind.as_str());
            Ok::<_, StoreError>(revisions.index(index)?.get_all().with_query(key).serde()?)
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Per demand id: its summary and its live events.
    let mut summaries: BTreeMap<String, (DemandSummary, Vec<String>)> = BTreeMap::new();
    let mut referring: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for request in requests {
        for row in collect::<RevisionRow>(request.await?)? {
            let rev = row.revision(codec)?;
            if let Some(demand) = live_demand(&rev) {
                summaries.entry(row.id.clone()).or_default().0.demand =
                    Some(DemandFacts::of(&demand));
            }
            if let Some((event, hlc)) = live_event(&rev) {
                summaries
                    .entry(event.demand_id.clone())
                    .or_default()
                    .0
                    .fold_event(&event, &hlc);
            }
            let refs = RefsOf::of(std::slice::from_ref(&rev));
            if let Some(demand) = refs.demand {
                summaries.entry(demand).or_default().1.push(row.id.clone());
            }
            for target in refs.others {
                referring.entry(target).or_default().insert(row.id.clone());
            }
        }
    }
    states.clear()?.await?;
    let mut written = 0;
    for (id, (summary, mut events)) in summaries {
        events.sort();
        events.dedup();
        if let Some(row) = DemandStateRow::new(&id, &summary, events, codec)? {
            states.put(&row).serde()?;
            written += 1;
        }
    }
    if let Some(store) = back_refs {
        store.clear()?.await?;
        for (target, from) in referring {
            let row = BackRefRow {
                target,
                from: from.into_iter().collect(),
            };
            store.put(&row).serde()?;
        }
    }
    Ok(written)
}
