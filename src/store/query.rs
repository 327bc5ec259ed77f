//! Read-only queries: heads of a record, lists and counts by kind, references,
//! conflicts, demand states, the import ledger, and the exports.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use indexed_db_futures::cursor::CursorDirection;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;

use super::apply::{count_live, keys_up_to, SCAN_MIN, SCAN_RATIO};
use super::codec::Codec;
use super::kept_lists;
use super::rows::{
    id_range, live_demo, rev_range, ArrivalRow, ArrivalSeqs, BackRefRow, DemandState,
    DemandStateRow, DemoCount, KeptInMeta, Layout, LedgerEntry, LiveCounts, MetaRow, RevisionRow,
    DEMO_COUNT_KEY, LIVE_COUNTS_KEY, NO_COMMUNITY,
};
use super::schema::{
    ARRIVAL_ORDER, BACK_REFS, BY_CONFLICT, BY_DEVICE, BY_REF, BY_REPORTED, BY_SEQ, DEMAND_STATE,
    LEDGER, META, RECORD_MARKS, REVISIONS, STATE_MARK,
};
use super::summaries::{KeptStates, StateMark};
use super::{DemandFilter, ListFilter, Store, StoreError};
use crate::domain::kinds::Kind;
use crate::domain::merge::merge_revisions;
use crate::domain::points::settle_award;
use crate::domain::revision::Revision;

/// Whether the demand list's first page ends before a demand reported on
/// `date`, with `taken` rows so far, the last reported on `last`: at least
/// `limit` rows and the whole of the last date, at most `cap`
/// ([`Store::newest_demand_states`]).
fn first_page_ends(
    last: Option<&Option<String>>,
    date: &Option<String>,
    taken: usize,
    limit: usize,
    cap: usize,
) -> bool {
    (taken >= limit && last != Some(date)) || taken >= cap
}

/// How many `demand_state` rows one read returns when reading them all.
const STATE_PAGE: u32 = 2_000;

impl Store {
    /// Every head of record `id`, the shown one first; empty when unknown.
    pub async fn heads(&self, id: &str) -> Result<Vec<Revision>, StoreError> {
        let codec = self.codec();
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let rows: Vec<RevisionRow> =
            collect(store.get_all().with_query(id_range(id)).serde()?.await?)?;
        let revisions = rows
            .iter()
            .map(|row| row.revision(&codec))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(merge_revisions(revisions))
    }

    /// The shown revision of record `id`; `None` when unknown or deleted.
    pub async fn current(&self, id: &str) -> Result<Option<Revision>, StoreError> {
        Ok(self
            .heads(id)
            .await?
            .into_iter()
            .next()
            .filter(|rev| !rev.deleted))
    }

    /// The live (shown, not deleted) records of `kind`, newest first by `hlc`.
    ///
    /// Rows that cannot be read are left out (they stay stored; see
    /// [`StoreError::Corrupt`]).
    pub async fn list(&self, kind: Kind, filter: &ListFilter) -> Result<Vec<Revision>, StoreError> {
        // Every community's: the same rows as `lists` reads (and keeps).
        let Some(community) = &filter.community else {
            let mut all = self.lists(&[kind]).await?.pop().unwrap_or_default();
            if let Some(limit) = filter.limit {
                all.truncate(limit as usize);
            }
            return Ok(all);
        };
        let codec = self.codec();
        let kind = kind.as_str();
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let layout = Layout::of(&store);
        // No record belongs to the placeholder community.
        if community == NO_COMMUNITY {
            return Ok(Vec::new());
        }
        let (index, key) = layout.live_in_community(kind, community);
        let index = store.index(index)?;
        let mut rows: Vec<RevisionRow> = collect(index.get_all().with_query(key).serde()?.await?)?;
        rows.sort_by(kept_lists::order);
        if let Some(limit) = filter.limit {
            rows.truncate(limit as usize);
        }
        readable(&rows, &codec)
    }

    /// The live records of each of `kinds` (as [`list`](Self::list) with no
    /// filter), read in ONE read-only transaction: a page reading several
    /// kinds while the award sweep writes its batches waits behind at most
    /// one of them, not one per kind.
    ///
    /// The rows read are kept in memory while current (`kept_lists`), and
    /// a kind whose kept rows are current is not read at all; demands, their
    /// events and points entries are not kept (`kept_lists::keeps`).
    pub async fn lists(&self, kinds: &[Kind]) -> Result<Vec<Vec<Revision>>, StoreError> {
        let codec = self.codec();
        let keeps = self.lists_kept();
        let scope: &[&str] = if keeps {
            &[REVISIONS, RECORD_MARKS]
        } else {
            &[REVISIONS]
        };
        let tx = self.tx(scope, TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let layout = Layout::of(&store);
        // The numbers the kept rows must match, read with the rows.
        let since = super::profile::now();
        let marks = if keeps {
            Some(kept_lists::Marks::read(&tx).await?)
        } else {
            None
        };
        super::profile::lap("read lists: marks", since);
        // Each kind's rows: kept ones when current, else a request.
        enum Source<R> {
            Kept(Rc<Vec<RevisionRow>>),
            Asked(R),
        }
        let mut sources = Vec::with_capacity(kinds.len());
        for kind in kinds {
            let kept = marks
                .as_ref()
                .and_then(|marks| self.inner.lists.borrow().rows(kind.as_str(), marks, &codec));
            sources.push(match kept {
                Some(rows) => Source::Kept(rows),
                None => {
                    let (index, key) = layout.live_of_kind(kind.as_str());
                    Source::Asked(store.index(index)?.get_all().with_query(key).serde()?)
                }
            });
        }
        let mut out = Vec::with_capacity(kinds.len());
        let mut since = super::profile::now();
        for (kind, source) in kinds.iter().zip(sources) {
            let request = match source {
                Source::Kept(rows) => {
                    out.push(self.readable_in_tasks(&rows).await?);
                    since = super::profile::lap("read lists: kept rows", since);
                    continue;
                }
                Source::Asked(request) => request,
            };
            let answer = request.await?;
            since = super::profile::lap("read lists: waiting for IndexedDB", since);
            let mut rows: Vec<RevisionRow> = collect(answer)?;
            rows.sort_by(kept_lists::order);
            let rows = Rc::new(rows);
            out.push(self.readable_in_tasks(&rows).await?);
            if let (Some(marks), true) = (&marks, kept_lists::keeps(*kind)) {
                // The lock as it stands now, not as it stood when the read
                // began: the lock may have been turned on between slices,
                // and its rows must not come back into memory after it
                // dropped them.
                self.inner
                    .lists
                    .borrow_mut()
                    .keep(kind.as_str(), marks, rows, &self.codec());
            }
            since = super::profile::lap("read lists: rows to revisions", since);
        }
        Ok(out)
    }

    /// How many live records of `kind` there are (one row read: the counts
    /// every apply keeps).
    pub async fn count(&self, kind: Kind) -> Result<u32, StoreError> {
        Ok(self.counts(&[kind]).await?.first().copied().unwrap_or(0))
    }

    /// How many live records of each of `kinds` there are: the counts every
    /// apply keeps in the same transaction as the records (one row read, no
    /// index scan), so a page showing them right after an import reads the
    /// new totals at once.
    pub async fn counts(&self, kinds: &[Kind]) -> Result<Vec<u32>, StoreError> {
        let tx = self.tx(&[META, REVISIONS], TransactionMode::Readonly)?;
        let meta = tx.object_store(META)?;
        let row: Option<MetaRow> = meta.get(LIVE_COUNTS_KEY).serde()?.await?;
        let counts = match row {
            Some(row) => LiveCounts::from_row(&row)?,
            // Not kept yet (a store opened at an older schema by the test hook).
            None => count_live(&tx.object_store(REVISIONS)?).await?,
        };
        Ok(kinds.iter().map(|kind| counts.get(*kind)).collect())
    }

    /// How many live records are demo data (the "demo data here" line of
    /// the demo card on Home): one row read, kept by every apply. Where the
    /// row is missing (a new store, or one a version-7 build wrote: the
    /// upgrade to version 8 drops it) the live records of every kind are read
    /// and counted once, in one transaction with the row's write, so no
    /// apply can land between the count and the write.
    pub async fn demo_count(&self) -> Result<u32, StoreError> {
        {
            let tx = self.tx(&[META], TransactionMode::Readonly)?;
            let row: Option<MetaRow> = tx.object_store(META)?.get(DEMO_COUNT_KEY).serde()?.await?;
            if let Some(row) = row {
                return Ok(DemoCount::from_row(&row)?.0);
            }
        }
        let codec = self.codec();
        let tx = self.tx(&[REVISIONS, META], TransactionMode::Readwrite)?;
        let count = {
            let meta = tx.object_store(META)?;
            let row: Option<MetaRow> = meta.get(DEMO_COUNT_KEY).serde()?.await?;
            if let Some(row) = row {
                return Ok(DemoCount::from_row(&row)?.0);
            }
            let revisions = tx.object_store(REVISIONS)?;
            let layout = Layout::of(&revisions);
            let mut count = 0u32;
            for kind in Kind::ALL {
                let (index, key) = layout.live_of_kind(kind.as_str());
                let rows: Vec<RevisionRow> = collect(
                    revisions
                        .index(index)?
                        .get_all()
                        .with_query(key)
                        .serde()?
                        .await?,
                )?;
                for rev in readable(&rows, &codec)? {
                    if live_demo(std::slice::from_ref(&rev)) {
                        count += 1;
                    }
                }
            }
            meta.put(&DemoCount(count).row()).serde()?;
            count
        };
        super::commit(tx).await?;
        Ok(count)
    }

    /// Test hook: [`counts`](Self::counts) counted afresh on the index, to
    /// check the kept counts against.
    #[doc(hidden)]
    pub async fn recount(&self, kinds: &[Kind]) -> Result<Vec<u32>, StoreError> {
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let counts = count_live(&tx.object_store(REVISIONS)?).await?;
        Ok(kinds.iter().map(|kind| counts.get(*kind)).collect())
    }

    /// The ids of the live records of `kind`: index keys only, no record is read.
    pub async fn live_ids(&self, kind: Kind) -> Result<BTreeSet<String>, StoreError> {
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let (index, key) = Layout::of(&store).live_of_kind(kind.as_str());
        let index = store.index(index)?;
        let keys: Vec<(String, String)> =
            collect(index.get_all_keys().with_query(key).serde()?.await?)?;
        Ok(keys.into_iter().map(|(id, _)| id).collect())
    }

    /// The live records that refer to `id` (events of a demand, opinions of a
    /// topic, visits of a household...), oldest first by `hlc`.
    pub async fn referring(&self, id: &str) -> Result<Vec<Revision>, StoreError> {
        let codec = self.codec();
        let mut rows = if self.kept_refs() {
            let tx = self.tx(
                &[REVISIONS, BACK_REFS, DEMAND_STATE],
                TransactionMode::Readonly,
            )?;
            let from = referrers(&tx, &[id]).await?.pop().unwrap_or_default();
            let ids: Vec<&str> = from.iter().map(String::as_str).collect();
            live_rows(&tx.object_store(REVISIONS)?, &ids).await?
        } else {
            let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
            let store = tx.object_store(REVISIONS)?;
            let index = store.index(BY_REF)?;
            let mut rows: Vec<RevisionRow> =
                collect(index.get_all().with_query(id.to_owned()).serde()?.await?)?;
            rows.retain(|row| row.live == 1);
            rows
        };
        rows.sort_by(|a, b| a.hlc.cmp(&b.hlc).then_with(|| a.id.cmp(&b.id)));
        readable(&rows, &codec)
    }

    /// Every record with more than one head: its siblings, the shown one first.
    pub async fn conflicts(&self) -> Result<Vec<Vec<Revision>>, StoreError> {
        // Sibling versions of one automatic award are one entry that the award
        // sweep settles on its own (`points::settle_award`): not for a person.
        Ok(self
            .conflicted(None)
            .await?
            .into_iter()
            .filter(|heads| settle_award(heads).is_none())
            .collect())
    }

    /// The heads of every record with siblings (of one kind, if given): only
    /// the conflict index's rows are read.
    async fn conflicted(&self, kind: Option<Kind>) -> Result<Vec<Vec<Revision>>, StoreError> {
        let codec = self.codec();
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let index = store.index(BY_CONFLICT)?;
        let rows: Vec<RevisionRow> = collect(index.get_all().with_query(1u32).serde()?.await?)?;
        let mut by_id: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
        for row in rows
            .iter()
            .filter(|row| kind.is_none_or(|k| row.kind == k.as_str()))
        {
            by_id
                .entry(row.id.clone())
                .or_default()
                .push(row.revision(&codec)?);
        }
        Ok(by_id.into_values().map(merge_revisions).collect())
    }

    /// How many records have siblings a person must resolve.
    pub async fn conflict_count(&self) -> Result<u32, StoreError> {
        // Only conflicted records' rows are read (the conflict index), so this stays small.
        let conflicts = self.conflicts().await?;
        Ok(u32::try_from(conflicts.len()).unwrap_or(u32::MAX))
    }

    /// Every automatic award whose sibling heads the award sweep settles.
    pub async fn unsettled_awards(&self) -> Result<Vec<Vec<Revision>>, StoreError> {
        Ok(self
            .conflicted(Some(Kind::PointsEntry))
            .await?
            .into_iter()
            .filter(|heads| settle_award(heads).is_some())
            .collect())
    }

    /// Every stored head — tombstones and siblings included — for a full bundle.
    pub async fn export_all(&self) -> Result<Vec<Revision>, StoreError> {
        let codec = self.codec();
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let rows: Vec<RevisionRow> = collect(store.get_all().serde()?.await?)?;
        rows.iter().map(|row| row.revision(&codec)).collect()
    }

    /// Every head that arrived on this device (made here or imported) after
    /// arrival number `seq`, and the last arrival number included (`seq` when
    /// none): pass it to the next call. Chosen by arrival, not `hlc`, so
    /// imported revisions with old clocks travel on (BUNDLE_FORMAT §1).
    pub async fn export_since(&self, seq: u64) -> Result<(Vec<Revision>, u64), StoreError> {
        self.arrived_after(seq, None).await
    }

    /// The heads that arrived after `seq` in arrival order, at most `limit`,
    /// and the last arrival number among them (`seq` when none): a bundle's
    /// delta (no limit) and a sync push's batch (`Store::heads_after`).
    pub(crate) async fn arrived_after(
        &self,
        seq: u64,
        limit: Option<u32>,
    ) -> Result<(Vec<Revision>, u64), StoreError> {
        let codec = self.codec();
        let rows = if self.kept_refs() {
            let tx = self.tx(&[REVISIONS, ARRIVAL_ORDER], TransactionMode::Readonly)?;
            let heads = arrivals_after(&tx, seq, limit.map(|limit| limit as usize)).await?;
            rows_by_key(&tx.object_store(REVISIONS)?, &heads).await?
        } else {
            let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
            let store = tx.object_store(REVISIONS)?;
            let index = store.index(BY_SEQ)?;
            // IndexedDB's getAll takes at most 2^32 - 1: "no limit" in practice.
            collect(
                index
                    .get_all()
                    .with_query::<u64, _>(KeyRange::LowerBound(seq, true))
                    .with_limit(limit.unwrap_or(u32::MAX))
                    .serde()?
                    .await?,
            )?
        };
        let last = rows.iter().map(|row| row.seq).max().unwrap_or(seq);
        let revisions = rows
            .iter()
            .map(|row| row.revision(&codec))
            .collect::<Result<_, _>>()?;
        Ok((revisions, last))
    }

    /// The last arrival number given out (0 when nothing was ever stored).
    pub async fn last_seq(&self) -> Result<u64, StoreError> {
        let next: Option<u64> = self.get_meta(super::rows::NEXT_SEQ_KEY).await?;
        Ok(next.map_or(0, |next| next.saturating_sub(1)))
    }

    /// Every head of the records of these communities — tombstones and
    /// siblings included, and the community records themselves — for a
    /// filtered bundle. Records that belong to no community are not included.
    pub async fn export_communities(
        &self,
        communities: &[String],
    ) -> Result<Vec<Revision>, StoreError> {
        let codec = self.codec();
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let layout = Layout::of(&store);
        let mut requests = Vec::new();
        // The placeholder of records of no community names no community.
        for community in communities.iter().filter(|c| *c != NO_COMMUNITY) {
            for kind in Kind::ALL {
                for (index, range) in layout.all_in_community(kind.as_str(), community) {
                    requests.push(store.index(index)?.get_all().with_query(range).serde()?);
                }
            }
        }
        let mut out = Vec::new();
        for request in requests {
            let rows: Vec<RevisionRow> = collect(request.await?)?;
            for row in &rows {
                out.push(row.revision(&codec)?);
            }
        }
        Ok(out)
    }

    /// The derived state of one demand; `None` when it is unknown or deleted.
    pub async fn demand_state(&self, demand_id: &str) -> Result<Option<DemandState>, StoreError> {
        let tx = self.tx(&[DEMAND_STATE], TransactionMode::Readonly)?;
        let store = tx.object_store(DEMAND_STATE)?;
        let row: Option<DemandStateRow> = store.get(demand_id).serde()?.await?;
        let codec = self.codec();
        Ok(row.map(|row| row.state(&codec)).transpose()?.flatten())
    }

    /// The live demands reported last, newest first: at least `limit` of
    /// them (fewer only when there are fewer), and every demand reported on
    /// the oldest date among them, so sorting them gives exactly the first
    /// rows of the whole list (`domain::demand_list::sort_rows`). One index
    /// cursor; no other row is read. A date shared by more than `cap` demands
    /// is cut at `cap`, with the rows read so far.
    pub async fn newest_demand_states(
        &self,
        limit: usize,
        cap: usize,
    ) -> Result<Vec<DemandState>, StoreError> {
        let codec = self.codec();
        let (tx, mark) = self.states_tx().await?;
        let kept = self.kept_states(mark, &codec, |kept| {
            // Kept in the index's order: newest date first, then the greater id.
            let mut out: Vec<DemandState> = Vec::new();
            for state in kept.newest_first() {
                if first_page_ends(
                    out.last().map(|s| &s.reported_on),
                    &state.reported_on,
                    out.len(),
                    limit,
                    cap,
                ) {
                    break;
                }
                out.push(DemandState::clone(state));
            }
            out
        });
        if let Some(newest) = kept {
            return Ok(newest);
        }
        let store = tx.object_store(DEMAND_STATE)?;
        let index = store.index(BY_REPORTED)?;
        let mut rows: Vec<DemandStateRow> = Vec::new();
        let cursor = index
            .open_cursor()
            .with_direction(CursorDirection::Prev)
            .await?;
        if let Some(mut cursor) = cursor {
            while let Some(row) = cursor.next_record_ser::<DemandStateRow>().await? {
                let last = rows.last().map(|last| &last.reported_on);
                if first_page_ends(last, &row.reported_on, rows.len(), limit, cap) {
                    break;
                }
                rows.push(row);
            }
        }
        let mut states = Vec::with_capacity(rows.len());
        for row in rows {
            states.extend(row.state(&codec)?);
        }
        Ok(states)
    }

    /// How many live demands there are: the number of kept states when the
    /// stored mark says they are current (nothing read but the mark), else
    /// the live count every apply keeps (one `meta` row). Not an index
    /// count: IndexedDB walks the index for one, about half a second at
    /// 33,000 demands while the sweep writes after an import.
    pub async fn live_demand_count(&self) -> Result<u32, StoreError> {
        let codec = self.codec();
        let (_tx, mark) = self.states_tx().await?;
        if let Some(kept) = self.kept_states(mark, &codec, KeptStates::len) {
            return Ok(u32::try_from(kept).unwrap_or(u32::MAX));
        }
        self.count(Kind::Demand).await
    }

    /// The derived states of the live demands among `ids`, by id (unknown
    /// and deleted demands left out): the award sweep after
    /// an import reads only the demands the import touched. One read-only
    /// transaction. Each run of 256 ids is read as one key range when the
    /// range holds few other rows (after a first import nearly every stored
    /// demand was touched: as cheap as reading them all in pages), else id
    /// by id (a few touched among many). Kept states come shared, not
    /// copied: after a district import copying the 127,500 touched states
    /// held the page 0.65 s.
    pub async fn demand_states_of(
        &self,
        ids: &[String],
    ) -> Result<Vec<Rc<DemandState>>, StoreError> {
        const RUN: usize = 256;
        // Ranges need the ids in key order.
        let mut ids = ids.to_vec();
        ids.sort();
        ids.dedup();
        let codec = self.codec();
        let (tx, mark) = self.states_tx().await?;
        let kept = self.kept_states(mark, &codec, |kept| {
            ids.iter()
                .filter_map(|id| kept.get(id).cloned())
                .collect::<Vec<_>>()
        });
        if let Some(states) = kept {
            return Ok(states);
        }
        let store = tx.object_store(DEMAND_STATE)?;
        let mut rows: Vec<DemandStateRow> = Vec::with_capacity(ids.len());
        for run in ids.chunks(RUN) {
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                continue;
            };
            // At most twice the run's size: denser than that, the range is read.
            let limit = u32::try_from(run.len() * 2).unwrap_or(u32::MAX);
            let range = KeyRange::Bound(first.clone(), false, last.clone(), false);
            let ranged: Vec<DemandStateRow> = collect(
                store
                    .get_all()
                    .with_query::<String, _>(range)
                    .with_limit(limit)
                    .serde()?
                    .await?,
            )?;
            if ranged.len() < limit as usize {
                let wanted: BTreeSet<&str> = run.iter().map(String::as_str).collect();
                rows.extend(
                    ranged
                        .into_iter()
                        .filter(|row| wanted.contains(row.demand_id.as_str())),
                );
                continue;
            }
            let requests = run
                .iter()
                .map(|id| store.get(id.clone()).serde())
                .collect::<Result<Vec<_>, _>>()?;
            for request in requests {
                let row: Option<DemandStateRow> = request.await?;
                rows.extend(row);
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some(state) = row.state(&codec)? {
                out.push(Rc::new(state));
            }
        }
        Ok(out)
    }

    /// The derived states of the live demands matching `filter`: every live
    /// state (kept, or every row in pages), filtered here. `demand_state` has
    /// no status or community index from schema version 11: no page reads
    /// one community's or one status's states alone.
    pub async fn demand_states(
        &self,
        filter: &DemandFilter,
    ) -> Result<Vec<DemandState>, StoreError> {
        let states = self.demand_states_by_id().await?;
        Ok(states
            .iter()
            .filter(|state| {
                filter
                    .community
                    .as_ref()
                    .is_none_or(|c| state.community.as_ref() == Some(c))
                    && filter.status.as_ref().is_none_or(|s| *s == state.status)
            })
            .map(|state| DemandState::clone(state))
            .collect())
    }

    /// Every live demand's state in the demand list's order (newest
    /// `reported_on` first, then by id: `domain::demand_list::sort_rows`),
    /// shared with the kept states rather than copied. The list and the
    /// dashboard read a district's 127,500 states this way: copying each
    /// and then sorting them held the page for over a second at each
    /// opening.
    pub async fn demand_states_listed(&self) -> Result<Vec<Rc<DemandState>>, StoreError> {
        let codec = self.codec();
        let (_tx, mark) = self.states_tx().await?;
        let kept = self.kept_states(mark, &codec, |kept| {
            kept.newest_first().cloned().collect::<Vec<_>>()
        });
        let Some(mut states) = kept else {
            let mut states = self.demand_states_by_id().await?;
            states.sort_by(|a, b| {
                (&b.reported_on, &a.demand_id).cmp(&(&a.reported_on, &b.demand_id))
            });
            return Ok(states);
        };
        // Kept in the index's order, with the greater id first within a
        // date; the list has the smaller one first.
        let mut start = 0;
        while start < states.len() {
            let date = &states[start].reported_on;
            let len = states[start..]
                .iter()
                .take_while(|state| &state.reported_on == date)
                .count();
            states[start..start + len].reverse();
            start += len;
        }
        Ok(states)
    }

    /// A read-only transaction over `demand_state` and its mark, with the
    /// mark as stored (`None` below schema 9, which keeps nothing).
    async fn states_tx(&self) -> Result<(Transaction<'_>, Option<StateMark>), StoreError> {
        if !self.marked() {
            return Ok((self.tx(&[DEMAND_STATE], TransactionMode::Readonly)?, None));
        }
        let tx = self.tx(&[DEMAND_STATE, STATE_MARK], TransactionMode::Readonly)?;
        let since = super::profile::now();
        let mark = StateMark::read(&tx).await?;
        super::profile::lap("read states: mark", since);
        Ok((tx, Some(mark)))
    }

    /// What `read` makes of the kept demand states, when they are those of
    /// `mark` and `codec` may read them (`summaries`).
    fn kept_states<T>(
        &self,
        mark: Option<StateMark>,
        codec: &Codec,
        read: impl FnOnce(&KeptStates) -> T,
    ) -> Option<T> {
        self.inner.summaries.borrow().read(mark?, codec, read)
    }

    /// Every live demand's state, in demand-id order: the kept ones when
    /// the stored mark says they are current (`summaries`), else every row,
    /// read with the mark in one transaction and kept. Shared, not copied;
    /// what counts them all (the dashboard) needs no other order, and does
    /// not wait for the list's order to be made again after an import.
    pub async fn demand_states_by_id(&self) -> Result<Vec<Rc<DemandState>>, StoreError> {
        let codec = self.codec();
        let (tx, mark) = self.states_tx().await?;
        let kept = self.kept_states(mark, &codec, |kept| {
            kept.by_id().cloned().collect::<Vec<_>>()
        });
        if let Some(states) = kept {
            return Ok(states);
        }
        let store = tx.object_store(DEMAND_STATE)?;
        // In pages of rows, so the page can paint between them: at 50,000
        // demands one read would hold the main thread for seconds.
        let mut rows: Vec<DemandStateRow> = Vec::new();
        loop {
            let request = match rows.last() {
                None => store.get_all().with_limit(STATE_PAGE).serde()?,
                Some(last) => store
                    .get_all()
                    .with_query::<String, _>(KeyRange::LowerBound(last.demand_id.clone(), true))
                    .with_limit(STATE_PAGE)
                    .serde()?,
            };
            let page: Vec<DemandStateRow> = collect(request.await?)?;
            let done = page.len() < STATE_PAGE as usize;
            rows.extend(page);
            if done {
                break;
            }
        }
        let mut states = Vec::with_capacity(rows.len());
        for row in rows {
            states.extend(row.state(&codec)?.map(Rc::new));
        }
        if let Some(mark) = mark {
            // The codec as it is now: the lock may have been turned on meanwhile.
            self.inner
                .summaries
                .borrow_mut()
                .keep(mark, &states, &self.codec());
        }
        Ok(states)
    }

    /// How many live demands have each status (optionally in one community).
    pub async fn demand_status_counts(
        &self,
        community: Option<&str>,
    ) -> Result<BTreeMap<String, u32>, StoreError> {
        let states = self
            .demand_states(&DemandFilter {
                community: community.map(str::to_owned),
                status: None,
            })
            .await?;
        let mut counts = BTreeMap::new();
        for state in states {
            *counts.entry(state.status).or_insert(0) += 1;
        }
        Ok(counts)
    }

    /// Every import, newest first.
    pub async fn ledger(&self) -> Result<Vec<LedgerEntry>, StoreError> {
        let tx = self.tx(&[LEDGER], TransactionMode::Readonly)?;
        let store = tx.object_store(LEDGER)?;
        let entries: Vec<LedgerEntry> = collect(store.get_all().serde()?.await?)?;
        let mut entries = open_labels(entries, &self.codec())?;
        entries.sort_by(|a, b| b.imported_at.cmp(&a.imported_at));
        Ok(entries)
    }

    /// Every import of bundles from one device, newest first.
    pub async fn ledger_from_device(
        &self,
        device_id: &str,
    ) -> Result<Vec<LedgerEntry>, StoreError> {
        let tx = self.tx(&[LEDGER], TransactionMode::Readonly)?;
        let store = tx.object_store(LEDGER)?;
        let index = store.index(BY_DEVICE)?;
        let entries: Vec<LedgerEntry> = collect(
            index
                .get_all()
                .with_query(device_id.to_owned())
                .serde()?
                .await?,
        )?;
        let mut entries = open_labels(entries, &self.codec())?;
        entries.sort_by(|a, b| b.imported_at.cmp(&a.imported_at));
        Ok(entries)
    }

    /// The import of the bundle with this digest, if it was imported before.
    pub async fn ledger_entry(&self, digest: &str) -> Result<Option<LedgerEntry>, StoreError> {
        let tx = self.tx(&[LEDGER], TransactionMode::Readonly)?;
        let store = tx.object_store(LEDGER)?;
        let entry: Option<LedgerEntry> = store.get(digest).serde()?.await?;
        Ok(open_labels(entry.into_iter().collect(), &self.codec())?.pop())
    }
}

/// Collects a `get_all` answer, turning a row of the wrong shape into an error.
pub(crate) fn collect<T>(
    rows: impl Iterator<Item = indexed_db_futures::Result<T>>,
) -> Result<Vec<T>, StoreError> {
    rows.map(|row| row.map_err(StoreError::from)).collect()
}

/// The heads listed in `arrival_order` after arrival number `seq`, in
/// arrival order, as `(seq, id, rev)`, at most `limit` (schema 12): the rows
/// whose last number is above `seq`, in one read without a limit, or a few
/// rows at a time until `limit` heads are found (a sync push's batches read
/// only what they send, not everything after their mark).
pub(crate) async fn arrivals_after(
    tx: &Transaction<'_>,
    seq: u64,
    limit: Option<usize>,
) -> Result<Vec<(u64, String, String)>, StoreError> {
    let store = tx.object_store(ARRIVAL_ORDER)?;
    let mut out = Vec::new();
    let mut from = seq;
    loop {
        // Every row after `from` lists at least one head after it, except
        // one whose last head was removed: the loop reads on past those.
        let rows_wanted = limit.map_or(u32::MAX, |limit| {
            u32::try_from(limit.saturating_sub(out.len()).max(1)).unwrap_or(u32::MAX)
        });
        let rows: Vec<ArrivalRow> = collect(
            store
                .get_all()
                .with_query::<u64, _>(KeyRange::LowerBound(from, true))
                .with_limit(rows_wanted)
                .serde()?
                .await?,
        )?;
        let read = rows.len();
        for row in rows {
            from = row.last;
            out.extend(row.after(seq));
        }
        let enough = limit.is_none_or(|limit| out.len() >= limit);
        if enough || read < rows_wanted as usize {
            break;
        }
    }
    if let Some(limit) = limit {
        out.truncate(limit);
    }
    Ok(out)
}

/// How many heads `arrival_order` lists after arrival number `seq`
/// (schema 12): only the numbers are read.
pub(crate) async fn count_arrived_after(tx: &Transaction<'_>, seq: u64) -> Result<u64, StoreError> {
    let store = tx.object_store(ARRIVAL_ORDER)?;
    let rows: Vec<ArrivalSeqs> = collect(
        store
            .get_all()
            .with_query::<u64, _>(KeyRange::LowerBound(seq, true))
            .serde()?
            .await?,
    )?;
    Ok(rows
        .iter()
        .flat_map(|row| &row.seqs)
        .filter(|s| **s > seq)
        .count() as u64)
}

/// The `revisions` rows of `heads` (`(seq, id, rev)`), in that order: one
/// read of the whole store when they are most of it (a first delta export
/// after a consolidation), else one read per key, a chunk in flight at a
/// time. A head listed but not stored is left out.
pub(crate) async fn rows_by_key(
    store: &ObjectStore<'_>,
    heads: &[(u64, String, String)],
) -> Result<Vec<RevisionRow>, StoreError> {
    if heads.len() >= SCAN_MIN {
        // The same bounded read of the keys as the apply's (`keys_up_to`).
        let small = keys_up_to::<(String, String)>(store, heads.len().saturating_mul(SCAN_RATIO))
            .await?
            .is_some();
        if let (true, Some(first), Some(last)) = (small, heads.first(), heads.last()) {
            // The arrival order lists exactly the stored heads: those from
            // the first wanted arrival number to the last are the ones wanted.
            let mut rows: Vec<RevisionRow> = collect(store.get_all().serde()?.await?)?;
            rows.retain(|row| row.seq >= first.0 && row.seq <= last.0);
            rows.sort_by_key(|row| row.seq);
            return Ok(rows);
        }
    }
    let mut out = Vec::with_capacity(heads.len());
    for chunk in heads.chunks(256) {
        let requests = chunk
            .iter()
            .map(|(_, id, rev)| store.get_all().with_query(rev_range(id, rev)).serde())
            .collect::<Result<Vec<_>, _>>()?;
        for ((_, _, rev), request) in chunk.iter().zip(requests) {
            let rows = collect::<RevisionRow>(request.await?)?;
            out.extend(rows.into_iter().filter(|row| &row.rev == rev));
        }
    }
    Ok(out)
}

/// A `demand_state` row's list of events, and nothing else of it.
#[derive(serde::Deserialize)]
struct StateEvents {
    #[serde(default)]
    events: Vec<String>,
}

/// For each of `targets`, the ids of the records whose live head follows a
/// reference to it (schema 12): its `back_refs` row and, for a demand, the
/// events its `demand_state` row lists. `tx` covers both stores.
pub(crate) async fn referrers(
    tx: &Transaction<'_>,
    targets: &[&str],
) -> Result<Vec<BTreeSet<String>>, StoreError> {
    let back_refs = tx.object_store(BACK_REFS)?;
    let states = tx.object_store(DEMAND_STATE)?;
    let mut out = Vec::with_capacity(targets.len());
    for chunk in targets.chunks(256) {
        let requests = chunk
            .iter()
            .map(|target| {
                Ok::<_, StoreError>((
                    back_refs.get(*target).serde()?,
                    states.get(*target).serde()?,
                ))
            })
            .collect::<Result<Vec<_>, _>>()?;
        for (refs, state) in requests {
            let refs: Option<BackRefRow> = refs.await?;
            let state: Option<StateEvents> = state.await?;
            let mut from: BTreeSet<String> = refs
                .map(|row| row.from.into_iter().collect())
                .unwrap_or_default();
            from.extend(state.map(|row| row.events).unwrap_or_default());
            out.push(from);
        }
    }
    Ok(out)
}

/// The live row of each record of `ids` that has one.
pub(crate) async fn live_rows(
    store: &ObjectStore<'_>,
    ids: &[&str],
) -> Result<Vec<RevisionRow>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(256) {
        let requests = chunk
            .iter()
            .map(|id| store.get_all().with_query(id_range(id)).serde())
            .collect::<Result<Vec<_>, _>>()?;
        for request in requests {
            let rows: Vec<RevisionRow> = collect(request.await?)?;
            out.extend(rows.into_iter().filter(|row| row.live == 1));
        }
    }
    Ok(out)
}

/// The revisions of `rows` that can be read; the others are skipped with a warning.
///
/// A row that cannot be read is left out (and logged), but a locked store is
/// an error: an empty list must never stand for "locked".
pub(super) fn readable(rows: &[RevisionRow], codec: &Codec) -> Result<Vec<Revision>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    readable_into(rows, codec, &mut out)?;
    Ok(out)
}

/// How many rows are decoded between looks at the clock.
const DECODE_STEP: usize = 500;

impl Store {
    /// [`readable`] in slices (`slices`): a district's 42,500 members
    /// decoded at once held the page for 0.3 s when the demand list or the
    /// dashboard opened (docs/performance.md). Each slice reads with the lock
    /// as it stands then: rows are not opened with a key the lock has
    /// dropped between slices.
    pub(super) async fn readable_in_tasks(
        &self,
        rows: &[RevisionRow],
    ) -> Result<Vec<Revision>, StoreError> {
        let mut out = Vec::with_capacity(rows.len());
        let mut slices = super::slices::Slices::new();
        for step in rows.chunks(DECODE_STEP) {
            slices.breathe().await;
            readable_into(step, &self.codec(), &mut out)?;
        }
        Ok(out)
    }
}

fn readable_into(
    rows: &[RevisionRow],
    codec: &Codec,
    out: &mut Vec<Revision>,
) -> Result<(), StoreError> {
    for row in rows {
        match row.revision(codec) {
            Ok(rev) => out.push(rev),
            Err(StoreError::Locked) => return Err(StoreError::Locked),
            Err(err) => gloo::console::warn!(err.to_string()),
        }
    }
    Ok(())
}

/// Ledger entries as stored, their device labels opened.
fn open_labels(entries: Vec<LedgerEntry>, codec: &Codec) -> Result<Vec<LedgerEntry>, StoreError> {
    entries
        .into_iter()
        .map(|mut entry| {
            entry.device_label = codec.open(&entry.digest, &entry.device_label)?.into_owned();
            Ok(entry)
        })
        .collect()
}
