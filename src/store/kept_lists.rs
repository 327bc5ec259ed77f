//! The live records of each kind `Store::lists` (and `Store::list` over
//! every community) has read, kept in memory while they are current, so that
//! opening the demand list, the dashboard or Home's canvass card again does
//! not read every member once more. At a district's 42,500
//! members that read takes 4–5 s, nearly all of it IndexedDB walking the
//! kind index (in Chromium each index entry costs a look-up of its row: plain
//! JavaScript took 4.0 s for the index's keys alone, and 1.1 s for as many
//! rows in primary-key order; docs/performance.md).
//!
//! What makes it safe to trust (the same rules as `summaries`):
//! - **The marks.** The `record_marks` store (schema version 10) holds one
//!   number per kind. Every apply moves the number of each kind it writes,
//!   whichever tab it runs in, and every lock switch moves the row [`ALL`].
//!   A read takes the numbers in the same transaction as the rows, so kept
//!   rows are exactly those of their numbers, and are used again only while
//!   both stored numbers are unchanged. The award sweep's batches write
//!   points kinds only: the members and activities kept stay current while
//!   it runs. The version keeps version-9 builds, which do not move the
//!   numbers, from opening the database.
//! - **The lock.** Kept rows are what the store holds, plain while the lock
//!   is off: they are dropped with the data key (`Store::lock`) and are
//!   never used or kept while the store is locked.
//! - **This tab's own writes** carry the kept rows forward ([`Carry`]): the
//!   apply notes the rows it writes of each kind whose kept rows are
//!   current under the numbers it read in its own transaction, and after the
//!   commit those kept rows take them in and the numbers it wrote. A kind
//!   with no live record before the apply (a coordinator's first import) is
//!   carried from nothing. Any other kind written is dropped, and the next
//!   read keeps it again. So a district's import leaves its 42,500 members
//!   kept, and a member's edit does not send the dashboard back to the index.
//!
//! The cost is memory: the rows as stored (about 1 KB a member), so a
//! coordinator's tab holding a district's 42,500 members keeps some 40 MB;
//! a representative's phone holds a few hundred records.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;

use super::codec::Codec;
use super::rows::{MetaRow, RevisionRow};
use super::schema::RECORD_MARKS;
use super::StoreError;
use crate::domain::kinds::Kind;

/// The first schema version with the `record_marks` store; a store opened at
/// an older version (a test hook) keeps nothing.
pub(crate) const KEPT_SINCE_SCHEMA: u32 = 10;

/// Key of the number every lock switch moves (no kind is named so).
pub(crate) const ALL: &str = "*lock";

/// Whether the live rows of `kind` are kept once read. Not demands and
/// their events: the largest kinds by far (127,500 each in a district's
/// round), read as their compact summaries (`summaries`) instead of in full.
/// Not points entries: the award sweep writes them in batches after an
/// import, so kept ones would be dropped at once.
pub(crate) fn keeps(kind: Kind) -> bool {
    !matches!(kind, Kind::Demand | Kind::DemandEvent | Kind::PointsEntry)
}

/// The stored numbers, by kind (and [`ALL`]); a missing one reads as 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Marks(BTreeMap<String, u64>);

impl Marks {
    /// Every stored number, read in the caller's transaction (which holds
    /// `record_marks`): one small request.
    pub(crate) async fn read(tx: &Transaction<'_>) -> Result<Marks, StoreError> {
        let marks = tx.object_store(RECORD_MARKS)?;
        let rows: Vec<MetaRow> = super::query::collect(marks.get_all().serde()?.await?)?;
        let mut out = BTreeMap::new();
        for row in rows {
            let number = row.value.parse::<u64>().map_err(|_| StoreError::Corrupt {
                id: row.key.clone(),
            })?;
            out.insert(row.key, number);
        }
        Ok(Marks(out))
    }

    fn get(&self, key: &str) -> u64 {
        self.0.get(key).copied().unwrap_or(0)
    }

    /// What the rows of `kind` read now are current for.
    fn of(&self, kind: &str) -> (u64, u64) {
        (self.get(ALL), self.get(kind))
    }

    /// Writes the number of `key` one up from this one, in the caller's
    /// transaction (which holds `record_marks` for writing); nothing is
    /// awaited.
    pub(crate) fn advance(&self, tx: &Transaction<'_>, key: &str) -> Result<(), StoreError> {
        tx.object_store(RECORD_MARKS)?
            .put(&MetaRow {
                key: key.to_owned(),
                value: self.get(key).wrapping_add(1).to_string(),
            })
            .serde()?;
        Ok(())
    }
}

/// `Store::lists`'s order of one kind's live rows: newest first (a record
/// has one live row, so the id decides the rest).
pub(crate) fn order(a: &RevisionRow, b: &RevisionRow) -> std::cmp::Ordering {
    b.hlc.cmp(&a.hlc).then_with(|| b.id.cmp(&a.id))
}

/// What one apply wrote of each kind, for the kept rows to take in once it
/// has committed (`None`: the kind's kept rows are dropped).
#[derive(Debug)]
pub(crate) struct Carry {
    marks: Marks,
    kinds: BTreeMap<String, Option<Carried>>,
}

#[derive(Debug)]
struct Carried {
    /// The kept rows are not there yet: the kind had no live record.
    from_nothing: bool,
    /// The records written: their kept rows go...
    ids: BTreeSet<String>,
    /// ...and these (their live rows of the kind) come in.
    rows: Vec<RevisionRow>,
}

impl Carry {
    /// Nothing noted yet, under the numbers the apply read in its transaction.
    pub(crate) fn new(marks: Marks) -> Carry {
        Carry {
            marks,
            kinds: BTreeMap::new(),
        }
    }

    /// Every kind the apply wrote (carried or not): their numbers move.
    pub(crate) fn kinds(&self) -> impl Iterator<Item = &str> {
        self.kinds.keys().map(String::as_str)
    }

    /// Whether the follow-up is large enough for a task of its own.
    pub(crate) fn is_large(&self) -> bool {
        let rows = self
            .kinds
            .values()
            .flatten()
            .map(|c| c.ids.len())
            .sum::<usize>();
        rows >= super::apply::LARGE_FOLLOW
    }

    /// Notes that the apply wrote record `id`, whose rows of `kind` are now
    /// `rows`. `live_before` is how many live records of `kind` the store
    /// held when the apply began.
    pub(crate) fn note(
        &mut self,
        kind: &str,
        id: &str,
        rows: &[RevisionRow],
        cache: &ListCache,
        live_before: u32,
    ) {
        let carried = self.kinds.entry(kind.to_owned()).or_insert_with(|| {
            let kept = Kind::parse(kind).is_some_and(keeps);
            let current = cache
                .kept
                .get(kind)
                .is_some_and(|kept| kept.mark == self.marks.of(kind));
            (kept && (current || live_before == 0)).then(|| Carried {
                from_nothing: !current,
                ids: BTreeSet::new(),
                rows: Vec::new(),
            })
        });
        if let Some(carried) = carried {
            carried.ids.insert(id.to_owned());
            let live = rows.iter().filter(|row| row.live == 1 && row.kind == kind);
            carried.rows.extend(live.cloned());
        }
    }
}

/// One kind's live rows as of its numbers, in `Store::lists`'s order.
#[derive(Debug)]
struct KeptList {
    mark: (u64, u64),
    rows: Rc<Vec<RevisionRow>>,
}

/// The connection's kept lists, by kind.
#[derive(Debug, Default)]
pub(crate) struct ListCache {
    kept: BTreeMap<String, KeptList>,
}

impl ListCache {
    /// The kept rows of `kind`, shared (not copied), when they are current
    /// under `marks` and `codec` may read them.
    pub(crate) fn rows(
        &self,
        kind: &str,
        marks: &Marks,
        codec: &Codec,
    ) -> Option<Rc<Vec<RevisionRow>>> {
        let kept = self.kept.get(kind)?;
        (kept.mark == marks.of(kind) && super::summaries::usable(codec)).then(|| kept.rows.clone())
    }

    /// Keeps `rows` (every live row of `kind`, read under `marks`), unless
    /// `codec` may not hold them. Shared with the reader, not copied: a
    /// district's 42,500 members copied took 0.1 s of the page's thread.
    pub(crate) fn keep(
        &mut self,
        kind: &str,
        marks: &Marks,
        rows: Rc<Vec<RevisionRow>>,
        codec: &Codec,
    ) {
        if !super::summaries::usable(codec) {
            self.kept.clear();
            return;
        }
        let kept = KeptList {
            mark: marks.of(kind),
            rows,
        };
        self.kept.insert(kind.to_owned(), kept);
    }

    /// Takes in what this tab's apply wrote, once it has committed: each
    /// carried kind's kept rows as of the numbers the apply wrote, every
    /// other kind it wrote dropped.
    /// Nothing is carried while `codec` may not hold rows (locked meanwhile).
    pub(crate) fn carry(&mut self, carry: Carry, codec: &Codec) {
        if !super::summaries::usable(codec) {
            self.kept.clear();
            return;
        }
        let marks = carry.marks;
        for (kind, carried) in carry.kinds {
            let kept = self.kept.remove(&kind);
            let Some(carried) = carried else { continue };
            let mut rows = match kept {
                // Copied only while a reader still decodes the old ones.
                Some(kept) if !carried.from_nothing => {
                    Rc::try_unwrap(kept.rows).unwrap_or_else(|shared| (*shared).clone())
                }
                _ if carried.from_nothing => Vec::new(),
                _ => continue,
            };
            rows.retain(|row| !carried.ids.contains(&row.id));
            rows.extend(carried.rows);
            rows.sort_by(order);
            let mark = (marks.get(ALL), marks.get(&kind).wrapping_add(1));
            let rows = Rc::new(rows);
            self.kept.insert(kind, KeptList { mark, rows });
        }
    }

    /// Forgets every kept row (the data key was dropped).
    pub(crate) fn clear(&mut self) {
        self.kept.clear();
    }

    /// How many rows of `kind` are kept (a test hook).
    pub(crate) fn len(&self, kind: &str) -> Option<usize> {
        self.kept.get(kind).map(|kept| kept.rows.len())
    }
}
