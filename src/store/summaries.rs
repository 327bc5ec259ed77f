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
    /// Which states these are: new with every change of `states`, and
    /// never the same for two `KeptStates` (an order made over several
    /// tasks is kept only if it was made from the states kept still).
    stamp: u64,
}

/// A stamp no kept states had before ([`KeptStates::stamp`]).
fn new_stamp() -> u64 {
    thread_local! {
        static LAST: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }
    LAST.with(|last| {
        last.set(last.get() + 1);
        last.get()
    })
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
            stamp: new_stamp(),
            ..KeptStates::default()
        }
    }

    /// Takes `state` in (in place of the one kept for its id).
    fn insert(&mut self, state: Rc<DemandState>) {
        self.stamp = new_stamp();
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
        self.stamp = new_stamp();
        let old = self.states.remove(id);
        if let (Some(newest), Some(old)) = (self.newest.get_mut(), old) {
            if let Ok(at) = newest.binary_search_by(|kept| newest_first(kept, &old)) {
                newest.remove(at);
            }
        }
    }

    /// The states in the index's order, made from the states by id (in
    /// one go) when it was dropped and not made since ([`OrderMaking`]).
    fn order(&self) -> &[Rc<DemandState>] {
        self.newest.get_or_init(|| {
            let mut making = OrderMaking::of(self);
            making.step(usize::MAX);
            making.made()
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

/// The kept states' order being made, a few thousand states at a time so
/// that the page draws in between (a district's 127,500 states took 0.22 s
/// in one go). No comparison sort: the states, walked in id order, are put
/// in one list per date (a few hundred dates), each then in id order
/// already; the dates newest first, each list backwards, is the index's
/// order.
pub(crate) struct OrderMaking {
    /// The stamp of the states it is made from.
    stamp: u64,
    /// Those states, in id order.
    states: Vec<Rc<DemandState>>,
    /// How many of them are in `by_date`.
    done: usize,
    by_date: BTreeMap<Option<String>, Vec<Rc<DemandState>>>,
}

impl OrderMaking {
    fn of(kept: &KeptStates) -> OrderMaking {
        OrderMaking {
            stamp: kept.stamp,
            states: kept.states.values().cloned().collect(),
            done: 0,
            by_date: BTreeMap::new(),
        }
    }

    /// Puts up to `count` more states in their dates; whether every one is.
    pub(crate) fn step(&mut self, count: usize) -> bool {
        let end = self.states.len().min(self.done.saturating_add(count));
        for state in &self.states[self.done..end] {
            match self.by_date.get_mut(&state.reported_on) {
                Some(list) => list.push(state.clone()),
                None => {
                    self.by_date
                        .insert(state.reported_on.clone(), vec![state.clone()]);
                }
            }
        }
        self.done = end;
        end == self.states.len()
    }

    /// The order (every state must be in its date).
    fn made(self) -> Vec<Rc<DemandState>> {
        let mut newest = Vec::with_capacity(self.states.len());
        for states in self.by_date.into_values().rev() {
            newest.extend(states.into_iter().rev());
        }
        newest
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
        changed: Option<Vec<(String, Option<Rc<DemandState>>)>>,
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
                    kept.stamp = new_stamp();
                    kept.newest = OnceCell::new();
                    kept.states = changed
                        .into_iter()
                        .filter_map(|(id, state)| Some((id, state?)))
                        .collect();
                    kept.mark = after;
                    return;
                }
                for (id, state) in changed {
                    match state {
                        Some(state) => kept.insert(state),
                        None => kept.remove(&id),
                    }
                }
                kept.mark = after;
            }
            _ => self.kept = None,
        }
    }

    /// The making of the kept states' order, if a large write dropped it:
    /// made after an import ([`OrderMaking::step`] in tasks, then
    /// [`SummaryCache::order_made`]) so that the first page opened after
    /// it does not wait for it.
    pub(crate) fn order_making(&self) -> Option<OrderMaking> {
        let kept = self.kept.as_ref()?;
        kept.newest.get().is_none().then(|| OrderMaking::of(kept))
    }

    /// Keeps the order `making` made, if the kept states are still those
    /// it was made from (else it is left to be made when next asked for).
    pub(crate) fn order_made(&self, making: OrderMaking) -> bool {
        match self.kept.as_ref() {
            Some(kept) if kept.stamp == making.stamp && kept.newest.get().is_none() => {
                kept.newest.set(making.made()).is_ok()
            }
            _ => false,
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

/// The order made in steps against the order made in one go, in memory
/// (the browser suites check it against IndexedDB's index).
#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn state(id: u32, day: u32) -> Rc<DemandState> {
        Rc::new(DemandState {
            demand_id: format!("d{id:04}"),
            status: "open".into(),
            status_at: None,
            status_hlc: None,
            community: None,
            reported_on: (day > 0).then(|| format!("2026-10-{day:02}")),
            category: None,
            urgency: None,
            summary: Default::default(),
        })
    }

    /// 500 states over 9 dates (and some with none), in the order they
    /// must come: newest date first, then the greater id.
    fn kept() -> (KeptStates, Vec<String>) {
        let mut kept = KeptStates::new(StateMark(3));
        for id in 0..500 {
            kept.insert(state(id * 7919 % 1000, id % 10));
        }
        let mut expected: Vec<Rc<DemandState>> = kept.states.values().cloned().collect();
        expected.sort_by(|a, b| newest_first(a, b));
        let ids = expected.iter().map(|s| s.demand_id.clone()).collect();
        (kept, ids)
    }

    fn ids(states: &[Rc<DemandState>]) -> Vec<String> {
        states.iter().map(|s| s.demand_id.clone()).collect()
    }

    #[wasm_bindgen_test]
    fn an_order_made_in_steps_is_the_index_order_and_is_kept() {
        let (kept, expected) = kept();
        let cache = SummaryCache { kept: Some(kept) };
        let mut making = cache.order_making().expect("no order yet");
        let mut steps = 1;
        while !making.step(64) {
            steps += 1;
        }
        assert_eq!(steps, 8, "500 states, 64 a step");
        assert!(cache.order_made(making));
        let kept = cache.kept.as_ref().unwrap();
        assert_eq!(ids(kept.newest.get().expect("kept")), expected);
        assert!(cache.order_making().is_none(), "nothing left to make");
    }

    #[wasm_bindgen_test]
    fn an_order_made_from_states_changed_meanwhile_is_not_kept() {
        let (kept, before) = kept();
        let (moved, gone) = (before[20].clone(), before[10].clone());
        let mut cache = SummaryCache { kept: Some(kept) };
        let mut making = cache.order_making().expect("no order yet");
        making.step(100);
        // A write lands between two steps: a new state, one moved, one gone.
        let kept = cache.kept.as_mut().unwrap();
        kept.insert(state(5000, 31));
        kept.insert(state(moved[1..].parse().unwrap(), 30));
        kept.remove(&gone);
        assert_eq!(kept.len(), 500);
        while !making.step(100) {}
        assert!(
            !cache.order_made(making),
            "made from the states before the write"
        );
        let kept = cache.kept.as_ref().unwrap();
        assert!(kept.newest.get().is_none());
        // Asked for, it is made in one go from the states as they are.
        let mut expected: Vec<Rc<DemandState>> = kept.states.values().cloned().collect();
        expected.sort_by(|a, b| newest_first(a, b));
        let order = ids(kept.order());
        assert_eq!(order, ids(&expected));
        assert_eq!(order[..2], ["d5000".to_string(), moved]);
        assert!(!order.contains(&gone));

        // Kept states replaced by others with the same mark: not kept either.
        let (again, _) = self::kept();
        let mut cache = SummaryCache { kept: Some(again) };
        let making = cache.order_making().expect("no order yet");
        cache.kept = Some(self::kept().0);
        let mut making = making;
        while !making.step(1000) {}
        assert!(!cache.order_made(making));
    }
}
