//! Merging revisions (BUNDLE_FORMAT §3) and the import report that previews it.
//!
//! The stored state of a record is the set of its revisions that no other
//! known revision dominates. Taking that set of a union is commutative,
//! associative and idempotent, so bundles can be imported in any order, any
//! number of times, and every device ends with the same state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::points::settle_award;
use super::revision::Revision;

/// The heads of ONE record after merging `revs`: duplicates (same content
/// hash) removed, dominated revisions dropped, sorted shown-first (greatest
/// `hlc`, then greatest content hash) and the rest in that same order.
pub fn merge_revisions(revs: impl IntoIterator<Item = Revision>) -> Vec<Revision> {
    // Hash once per revision: it is both the identity and the final tie-breaker.
    let mut unique: BTreeMap<String, Revision> = BTreeMap::new();
    for rev in revs {
        unique.entry(rev.content_hash()).or_insert(rev);
    }
    let all: Vec<(String, Revision)> = unique.into_iter().collect();
    let mut heads: Vec<(String, Revision)> = all
        .iter()
        .filter(|(_, rev)| !all.iter().any(|(_, other)| other.dominates(rev)))
        .cloned()
        .collect();
    heads.sort_by(|(hash_a, a), (hash_b, b)| b.hlc.cmp(&a.hlc).then_with(|| hash_b.cmp(hash_a)));
    heads.into_iter().map(|(_, rev)| rev).collect()
}

/// Merges `incoming` into `stored` for every id they hold: id -> heads.
pub fn merge_all(
    stored: Vec<Revision>,
    incoming: Vec<Revision>,
) -> BTreeMap<String, Vec<Revision>> {
    let mut by_id: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    for rev in stored.into_iter().chain(incoming) {
        by_id.entry(rev.id.clone()).or_default().push(rev);
    }
    by_id
        .into_iter()
        .map(|(id, revs)| (id, merge_revisions(revs)))
        .collect()
}

/// The shown revision of a record's heads (they are sorted shown-first).
pub fn shown(heads: &[Revision]) -> Option<&Revision> {
    heads.first()
}

/// Whether some two heads have equivalent version vectors but different
/// content: only a damaged or hand-edited file makes that, and the import
/// report names the record.
pub fn has_equal_vv_siblings(heads: &[Revision]) -> bool {
    heads.iter().enumerate().any(|(i, a)| {
        heads[i + 1..]
            .iter()
            .any(|b| a.vv.equivalent(&b.vv) && a.content_hash() != b.content_hash())
    })
}

/// Whether merging changed what is stored for a record.
pub fn changed(before: &[Revision], after: &[Revision]) -> bool {
    // Both are merged heads (no repeats): sets of different sizes differ,
    // and a new record needs no hashing at all.
    if before.len() != after.len() {
        return true;
    }
    let hashes = |revs: &[Revision]| {
        let mut out: Vec<String> = revs.iter().map(Revision::content_hash).collect();
        out.sort();
        out
    };
    hashes(before) != hashes(after)
}

/// What an import does to one record, as a person would describe it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Not on this device before.
    New,
    /// A newer version replaces the one shown.
    Updated,
    /// Nothing stored changes.
    Unchanged,
    /// The record is now deleted (or arrives already deleted).
    Deleted,
    /// The record now has concurrent versions a person must resolve.
    Conflicted,
}

/// Classifies a record's heads before and after a merge. Never `Unchanged`
/// when the stored set of revisions differs.
pub fn classify(before: &[Revision], after: &[Revision]) -> Change {
    if !changed(before, after) {
        return Change::Unchanged;
    }
    if after.len() > 1 {
        return Change::Conflicted;
    }
    let after_deleted = after.first().is_some_and(|rev| rev.deleted);
    if after_deleted {
        Change::Deleted
    } else if before.is_empty() {
        Change::New
    } else {
        Change::Updated
    }
}

/// How many records of one kind an import adds, changes, deletes, ...
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub deleted: u32,
    pub conflicted: u32,
}

impl KindCounts {
    /// Counts one record.
    pub fn add(&mut self, change: Change) {
        let slot = match change {
            Change::New => &mut self.new,
            Change::Updated => &mut self.updated,
            Change::Unchanged => &mut self.unchanged,
            Change::Deleted => &mut self.deleted,
            Change::Conflicted => &mut self.conflicted,
        };
        *slot = slot.saturating_add(1);
    }

    /// Adds another set of counts.
    pub fn absorb(&mut self, other: &KindCounts) {
        self.new = self.new.saturating_add(other.new);
        self.updated = self.updated.saturating_add(other.updated);
        self.unchanged = self.unchanged.saturating_add(other.unchanged);
        self.deleted = self.deleted.saturating_add(other.deleted);
        self.conflicted = self.conflicted.saturating_add(other.conflicted);
    }

    /// Records counted, whatever happened to them.
    pub fn records(&self) -> u32 {
        self.new
            .saturating_add(self.updated)
            .saturating_add(self.unchanged)
            .saturating_add(self.deleted)
            .saturating_add(self.conflicted)
    }
}

/// The preview (or result) of an import: per kind, and the records whose
/// siblings have equal version vectors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeReport {
    pub per_kind: BTreeMap<String, KindCounts>,
    /// Record ids, sorted, without repeats.
    pub equal_vv_conflicts: Vec<String>,
}

impl MergeReport {
    /// Counts one record of `kind`.
    pub fn add(&mut self, kind: &str, change: Change) {
        self.per_kind
            .entry(kind.to_owned())
            .or_default()
            .add(change);
    }

    /// Classifies and counts one record, noting equal-vv siblings.
    pub fn record(&mut self, kind: &str, before: &[Revision], after: &[Revision]) -> Change {
        let mut change = classify(before, after);
        if change == Change::Conflicted && settle_award(after).is_some() {
            // Two devices' versions of one automatic award: the award sweep
            // settles them into one entry, no person needs to, and nothing is damaged.
            change = if before.is_empty() {
                Change::New
            } else {
                Change::Updated
            };
            self.add(kind, change);
            return change;
        }
        self.add(kind, change);
        if change != Change::Unchanged && has_equal_vv_siblings(after) {
            if let Some(rev) = after.first() {
                self.note_equal_vv(&rev.id);
            }
        }
        change
    }

    /// Names a record whose siblings have equal version vectors.
    pub fn note_equal_vv(&mut self, id: &str) {
        if let Err(at) = self
            .equal_vv_conflicts
            .binary_search_by(|probe| probe.as_str().cmp(id))
        {
            self.equal_vv_conflicts.insert(at, id.to_owned());
        }
    }

    /// All kinds together.
    pub fn total(&self) -> KindCounts {
        let mut total = KindCounts::default();
        for counts in self.per_kind.values() {
            total.absorb(counts);
        }
        total
    }

    /// Adds another report (e.g. of the next bundle in a batch).
    pub fn merge(&mut self, other: &MergeReport) {
        for (kind, counts) in &other.per_kind {
            self.per_kind
                .entry(kind.clone())
                .or_default()
                .absorb(counts);
        }
        for id in &other.equal_vv_conflicts {
            self.note_equal_vv(id);
        }
    }
}
