//! The demand summaries this connection has read, kept in memory so that
//! opening the demand list or the dashboard again reads one `meta` row
//! instead of every `demand_state` row (at 100,000 revisions that read takes
//! a second or more).
//!
//! What makes it safe to trust:
//! - **The mark.** Every transaction that writes `demand_state` also writes
//!   `meta` `store.demand_state_mark` one higher, whichever tab it runs in
//!   (an apply, the rebuild of the derived rows). A read takes the mark in
//!   the same transaction as the rows, so the kept rows are exactly those of
//!   that mark; a later read uses them only when the stored mark is still
//!   the same. Schema version 9 keeps builds that do not write the mark from
//!   opening the database.
//! - **The lock.** Kept rows are plain text: they are dropped when the data
//!   key is (`Store::lock`), never used while the store is locked, and used
//!   only while the lock's switch counter (`store.lock_epoch`) is the one
//!   this tab knows (another tab turning the lock on or off changes it).
//! - **This tab's own writes** update the kept rows in place, from the rows
//!   the apply wrote, when they were current before it; otherwise they are
//!   dropped.

use std::collections::BTreeMap;

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use serde::{Deserialize, Serialize};

use super::codec::{stored_epoch, Codec};
use super::rows::{DemandState, KeptInMeta, MetaRow};
use super::StoreError;

/// Meta key of the number of transactions that wrote `demand_state`.
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
    /// The stored mark, read in the caller's transaction.
    pub(crate) async fn read(meta: &ObjectStore<'_>) -> Result<StateMark, StoreError> {
        let row: Option<MetaRow> = meta.get(STATE_MARK_KEY).serde()?.await?;
        row.map_or(Ok(StateMark(0)), |row| StateMark::from_row(&row))
    }

    /// The mark a transaction that writes `demand_state` leaves.
    pub(crate) fn next(self) -> StateMark {
        StateMark(self.0.wrapping_add(1))
    }
}

/// What a reader compares with the kept rows: the stored mark and lock
/// switch counter, read in the reader's transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub mark: StateMark,
    pub epoch: u64,
}

impl Stamp {
    /// The stamp of the store as the caller's transaction sees it.
    pub(crate) async fn read(meta: &ObjectStore<'_>) -> Result<Stamp, StoreError> {
        let mark = StateMark::read(meta).await?;
        let epoch = stored_epoch(meta).await?;
        Ok(Stamp { mark, epoch })
    }
}

/// The live demands' states as of one stamp, by demand id.
#[derive(Debug)]
pub(crate) struct KeptStates {
    stamp: Stamp,
    states: BTreeMap<String, DemandState>,
}

/// The connection's kept states, if any.
#[derive(Debug, Default)]
pub(crate) struct SummaryCache {
    kept: Option<KeptStates>,
}

/// Whether plain rows may be held and handed out with this codec: not while
/// locked, and only under the lock switch counter this tab knows.
fn usable(codec: &Codec, stamp: Stamp) -> bool {
    codec.writable().is_ok() && codec.epoch == stamp.epoch
}

impl SummaryCache {
    /// What `read` makes of the kept live states (by demand id), when they
    /// are those of `stamp` and `codec` may read them.
    pub(crate) fn read<T>(
        &self,
        stamp: Stamp,
        codec: &Codec,
        read: impl FnOnce(&BTreeMap<String, DemandState>) -> T,
    ) -> Option<T> {
        let kept = self.kept.as_ref()?;
        (kept.stamp == stamp && usable(codec, stamp)).then(|| read(&kept.states))
    }

    /// Keeps `states` (every live state, read under `stamp`), unless newer
    /// rows are kept already or `codec` may not hold them.
    pub(crate) fn keep(&mut self, stamp: Stamp, states: &[DemandState], codec: &Codec) {
        if !usable(codec, stamp) {
            self.kept = None;
            return;
        }
        if let Some(kept) = &self.kept {
            // Marks only grow: rows read before this tab's own write landed
            // are older than the rows that write left here.
            if kept.stamp.epoch == stamp.epoch && kept.stamp.mark.0 > stamp.mark.0 {
                return;
            }
        }
        let states = states
            .iter()
            .map(|state| (state.demand_id.clone(), state.clone()))
            .collect();
        self.kept = Some(KeptStates { stamp, states });
    }

    /// Whether the kept rows are those of `before`: then an apply that
    /// moves the mark from `before` can bring them up to date itself.
    pub(crate) fn current_at(&self, before: Stamp) -> bool {
        self.kept.as_ref().is_some_and(|kept| kept.stamp == before)
    }

    /// After a committed write that moved the stored mark from `before` to
    /// `after` and wrote the rows in `changed` (a demand's state, or `None`
    /// when it is no longer live): the kept rows follow when they were
    /// current at `before`, and are dropped otherwise.
    pub(crate) fn written(
        &mut self,
        before: Stamp,
        after: StateMark,
        changed: Option<Vec<(String, Option<DemandState>)>>,
    ) {
        match (self.kept.as_mut(), changed) {
            (Some(kept), Some(changed)) if kept.stamp == before => {
                for (id, state) in changed {
                    match state {
                        Some(state) => kept.states.insert(id, state),
                        None => kept.states.remove(&id),
                    };
                }
                kept.stamp.mark = after;
            }
            _ => self.kept = None,
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
