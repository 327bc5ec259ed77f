//! The demand summaries this connection has read, kept in memory so that
//! opening the demand list or the dashboard again reads one small row
//! instead of every `demand_state` row (at 100,000 revisions that read takes
//! a second or more).
//!
//! What makes it safe to trust:
//! - **The mark.** Every transaction that writes `demand_state`, or turns the
//!   app lock on or off, also moves the number in the `demand_state_mark`
//!   store one up, whichever tab it runs in (an apply that writes demands or
//!   events, the rebuild of the derived rows, a lock switch). A read takes
//!   the mark in the same transaction as the rows, so the kept rows are
//!   exactly those of that mark; a later read uses them only while the
//!   stored mark is the same. The mark has its own store, not `meta`, so
//!   that these reads do not queue behind writes that touch `meta` but no
//!   demand (the award sweep's batches). Schema version 9 made the store and
//!   keeps builds that do not move the mark from opening the database.
//! - **The lock.** Kept rows are plain text: they are dropped when the data
//!   key is (`Store::lock`) and never used or kept while the store is locked.
//! - **This tab's own writes** update the kept rows in place, from the rows
//!   the apply wrote, when they were current before it, or when
//!   `demand_state` held no row before it (a first import: its states are
//!   every state there is); otherwise they are dropped.
//!
//! Each state is held once (`Rc`), by demand id and in the `by_reported`
//! index's order, so that pages take them shared and in order: at a
//! district's 127,500 demands, copying them all and sorting them took over
//! a second of each opening of the demand list.

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::rc::Rc;

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use serde::{Deserialize, Serialize};

use super::codec::Codec;
use super::rows::{DemandState, KeptInMeta, MetaRow};
use super::schema::STATE_MARK;
use super::StoreError;

/// The first schema version with the `demand_state_mark` store; a store
/// opened at an older version (a test hook) keeps nothing.
pub(crate) const MARKED_SINCE_SCHEMA: u32 = 9;

/// Key of the mark's one row in the `demand_state_mark` store.
pub(crate) const STATE_MARK_KEY: &str = "store.demand_state_mark";

/// How many transactions have written `demand_state` (missing: none since
/// schema 9). Clear data: a number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct StateMark(pub u64);

impl KeptInMeta for StateMark {
    const KEY: &'static str = STATE_MARK_KEY;
}

impl StateMark {
    /// The stored mark, read in the caller's transaction (which holds the
    /// `demand_state_mark` store).
    pub(crate) async fn read(tx: &Transaction<'_>) -> Result<StateMark, StoreError> {
        let marks = tx.object_store(STATE_MARK)?;
        let row: Option<MetaRow> = marks.get(STATE_MARK_KEY).serde()?.await?;
        row.map_or(Ok(StateMark(0)), |row| StateMark::from_row(&row))
    }

    /// Writes this mark in the caller's transaction (which holds the
    /// `demand_state_mark` store for writing); nothing is awaited.
    pub(crate) fn store(self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        tx.object_store(STATE_MARK)?.put(&self.row()).serde()?;
        Ok(())
    }

    /// Moves the stored mark one up in the caller's transaction.
    pub(crate) async fn advance(tx: &Transaction<'_>) -> Result<(), StoreError> {
        StateMark::read(tx).await?.next().store(tx)
    }

    /// The mark a transaction that writes `demand_state` leaves.
    pub(crate) fn next(self) -> StateMark {
        StateMark(self.0.wrapping_add(1))
    }
}

/// The live demands' states as of one mark: by demand id, and in the
/// order of the `by_reported` index (newest date first, then the greater
/// id), so that the list's first page is the first few entries and the
/// whole list needs no sort (at a district's 127,500 demands a sort held
/// the page for 0.6 s on each opening). Each state is held once, shared.
///
/// The order is a sorted list, kept up to date through small writes (a
/// binary search and a move of the entries after it). A larger write drops
/// it and it is made again in one pass without a comparison sort when next
/// asked for ([`SummaryCache::order`], right after that write): inserting a
/// district's 127,500 states one by one into an ordered set held the page
/// for 0.77 s, building the set from them in order for 0.34 s.
#[derive(Debug, Default)]
pub(crate) struct KeptStates {
    mark: StateMark,
    states: BTreeMap<String, Rc<DemandState>>,
    newest: OnceCell<Vec<Rc<DemandState>>>,
}

/// From how many changed states a write drops the kept order rather than
/// editing it: each edit moves up to every entry after it.
pub(crate) const REORDER_FROM: usize = 256;

/// How `a` and `b` are ordered by the `by_reported` index read backwards:
/// newest `reported_on` first, then the greater demand id.
fn newest_first(a: &DemandState, b: &DemandState) -> Ordering {
    (&b.reported_on, &b.demand_id).cmp(&(&a.reported_on, &a.demand_id))
}

impl KeptStates {
    fn new(mark: StateMark) -> KeptStates {
        KeptStates {
            mark,
            ..KeptStates::default()
        }
    }

    /// Takes `state` in (in place of the one kept for its id).
    fn insert(&mut self, state: Rc<DemandState>) {
        let old = self.states.insert(state.demand_id.clone(), state.clone());
        if let Some(newest) = self.newest.get_mut() {
            if let Some(old) = old {
                if let Ok(at) = newest.binary_search_by(|kept| newest_first(kept, &old)) {
                    newest.remove(at);
                }
            }
            let at = newest
                .binary_search_by(|kept| newest_first(kept, &state))
                .unwrap_or_else(|at| at);
            newest.insert(at, state);
        }
    }

    /// Lets the state of `id` go.
    fn remove(&mut self, id: &str) {
        let old = self.states.remove(id);
        if let (Some(newest), Some(old)) = (self.newest.get_mut(), old) {
            if let Ok(at) = newest.binary_search_by(|kept| newest_first(kept, &old)) {
                newest.remove(at);
            }
        }
    }

    /// The states in the index's order, made from the states by id when
    /// it was dropped. No comparison sort: the states, walked in id order,
    /// are put in one list per date (a few hundred dates), each then in id
    /// order already; the dates newest first, each list backwards, is the
    /// index's order.
    fn order(&self) -> &[Rc<DemandState>] {
        self.newest.get_or_init(|| {
            let mut by_date: BTreeMap<&Option<String>, Vec<&Rc<DemandState>>> = BTreeMap::new();
            for state in self.states.values() {
                by_date.entry(&state.reported_on).or_default().push(state);
            }
            let mut newest = Vec::with_capacity(self.states.len());
            for states in by_date.into_values().rev() {
                newest.extend(states.into_iter().rev().cloned());
            }
            newest
        })
    }

    /// The kept state of `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&Rc<DemandState>> {
        self.states.get(id)
    }

    /// How many live demands there are.
    pub(crate) fn len(&self) -> usize {
        self.states.len()
    }

    /// Every state, in demand-id order.
    pub(crate) fn by_id(&self) -> impl Iterator<Item = &Rc<DemandState>> {
        self.states.values()
    }

    /// Every state in the index's order: newest date first, then the greater id.
    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &Rc<DemandState>> {
        self.order().iter()
    }
}

/// The connection's kept states, if any.
#[derive(Debug, Default)]
pub(crate) struct SummaryCache {
    kept: Option<KeptStates>,
}

/// Whether plain rows may be held and handed out with this codec: not while locked.
pub(crate) fn usable(codec: &Codec) -> bool {
    codec.writable().is_ok()
}

impl SummaryCache {
    /// What `read` makes of the kept live states (by demand id), when they
    /// are those of `mark` and `codec` may read them.
    pub(crate) fn read<T>(
        &self,
        mark: StateMark,
        codec: &Codec,
        read: impl FnOnce(&KeptStates) -> T,
    ) -> Option<T> {
        let kept = self.kept.as_ref()?;
        (kept.mark == mark && usable(codec)).then(|| read(kept))
    }

    /// Keeps `states` (every live state, read under `mark`), unless newer
    /// rows are kept already or `codec` may not hold them.
    pub(crate) fn keep(&mut self, mark: StateMark, states: &[Rc<DemandState>], codec: &Codec) {
        if !usable(codec) {
            self.kept = None;
            return;
        }
        // Marks only grow: rows read before this tab's own write landed are
        // older than the rows that write left here.
        if self.kept.as_ref().is_some_and(|kept| kept.mark.0 > mark.0) {
            return;
        }
        let mut kept = KeptStates::new(mark);
        kept.states = states
            .iter()
            .map(|state| (state.demand_id.clone(), state.clone()))
            .collect();
        self.kept = Some(kept);
    }

    /// Keeps no state as those of `before`, when the store held none then
    /// (an apply into an empty `demand_state` takes its states in next).
    pub(crate) fn start(&mut self, before: StateMark, codec: &Codec) {
        self.kept = usable(codec).then(|| KeptStates::new(before));
    }

    /// Whether the kept rows are those of `before`: then an apply that
    /// moves the mark from `before` can bring them up to date itself.
    pub(crate) fn current_at(&self, before: StateMark) -> bool {
        self.kept.as_ref().is_some_and(|kept| kept.mark == before)
    }

    /// After a committed write that moved the stored mark from `before` to
    /// `after` and wrote the rows in `changed` (a demand's state, or `None`
    /// when it is no longer live): the kept rows follow when they were
    /// current at `before`, and are dropped otherwise.
    pub(crate) fn written(
        &mut self,
        before: StateMark,
        after: StateMark,
        changed: Option<Vec<(String, Option<DemandState>)>>,
    ) {
        match (self.kept.as_mut(), changed) {
            (Some(kept), Some(changed)) if kept.mark == before => {
                if changed.len() >= REORDER_FROM {
                    // Made again in one pass (cheaper than as many edits),
                    // in a task of its own right after the apply.
                    kept.newest = OnceCell::new();
                }
                if kept.states.is_empty() {
                    // A first import: its states are every state.
                    kept.newest = OnceCell::new();
                    kept.states = changed
                        .into_iter()
                        .filter_map(|(id, state)| Some((id, Rc::new(state?))))
                        .collect();
                    kept.mark = after;
                    return;
                }
                for (id, state) in changed {
                    match state {
                        Some(state) => kept.insert(Rc::new(state)),
                        None => kept.remove(&id),
                    }
                }
                kept.mark = after;
            }
            _ => self.kept = None,
        }
    }

    /// Makes the kept states' order if a large write dropped it, so that the
    /// first page opened after an import does not wait for the sort.
    pub(crate) fn order(&self) {
        if let Some(kept) = self.kept.as_ref() {
            kept.order();
        }
    }

    /// Forgets every kept row (the data key was dropped, or the rows were
    /// rebuilt).
    pub(crate) fn clear(&mut self) {
        self.kept = None;
    }

    /// How many rows are kept (a test hook).
    pub(crate) fn len(&self) -> Option<usize> {
        self.kept.as_ref().map(|kept| kept.states.len())
    }
}
