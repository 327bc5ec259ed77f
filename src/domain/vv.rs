//! Version vectors: per device, how many edits of one record it has made.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Device id -> number of edits that device has made to one record.
///
/// A missing entry counts as 0, so `{a: 1}` and `{a: 1, b: 0}` compare equal
/// by [`VersionVector::equivalent`] (though not by `==`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VersionVector(pub BTreeMap<String, u64>);

impl VersionVector {
    /// A vector with a single entry.
    pub fn single(device: &str, count: u64) -> Self {
        VersionVector(BTreeMap::from([(device.to_owned(), count)]))
    }

    /// The count for `device` (0 when absent).
    pub fn get(&self, device: &str) -> u64 {
        self.0.get(device).copied().unwrap_or(0)
    }

    /// Every entry of `self` is at least the one in `other`.
    pub fn covers(&self, other: &Self) -> bool {
        other.0.iter().all(|(device, &n)| self.get(device) >= n)
    }

    /// `self >= other` entrywise and they differ: `self` has seen everything
    /// `other` has, and more.
    pub fn dominates(&self, other: &Self) -> bool {
        self.covers(other) && !other.covers(self)
    }

    /// The same counts, ignoring zero entries.
    pub fn equivalent(&self, other: &Self) -> bool {
        self.covers(other) && other.covers(self)
    }

    /// Neither dominates the other and they are not equivalent: concurrent edits.
    pub fn concurrent(&self, other: &Self) -> bool {
        !self.covers(other) && !other.covers(self)
    }

    /// Pointwise maximum.
    pub fn merged(&self, other: &Self) -> Self {
        let mut out = self.clone();
        for (device, &n) in &other.0 {
            let entry = out.0.entry(device.clone()).or_insert(0);
            *entry = (*entry).max(n);
        }
        out
    }

    /// A copy with the entry of `device` one higher (saturating).
    pub fn incremented(&self, device: &str) -> Self {
        let mut out = self.clone();
        let entry = out.0.entry(device.to_owned()).or_insert(0);
        *entry = entry.saturating_add(1);
        out
    }
}
