//! The store's part of CouchDB sync (src/app/sync.rs): heads in arrival order
//! for a push, which pulled documents are already here, and the pull's apply
//! — the same atomic merge as a bundle import, with one ledger entry per sync
//! session whose counts add up over the session's batches.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::query::collect;
use super::rows::{rev_range, LedgerEntry, RevisionRow};
use super::schema::REVISIONS;
use super::{Store, StoreError};
use crate::domain::merge::MergeReport;
use crate::domain::revision::Revision;

impl Store {
    /// At most `limit` heads that arrived after arrival number `seq`, in
    /// arrival order, and the last arrival number among them (`seq` when none).
    pub async fn heads_after(
        &self,
        seq: u64,
        limit: u32,
    ) -> Result<(Vec<Revision>, u64), StoreError> {
        self.arrived_after(seq, Some(limit.max(1))).await
    }

    /// For each `(record id, revision hash)`, whether that revision is stored
    /// here as a head (one read transaction).
    pub async fn have_revisions(&self, keys: &[(String, String)]) -> Result<Vec<bool>, StoreError> {
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let mut out = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(256) {
            // The row's key holds only the start of its hash (schema 13):
            // the rows under the head's possible keys are read and their
            // `rev` compared (`rows::rev_range`).
            let requests = chunk
                .iter()
                .map(|(id, rev)| store.get_all().with_query(rev_range(id, rev)).serde())
                .collect::<Result<Vec<_>, _>>()?;
            for ((_, rev), request) in chunk.iter().zip(requests) {
                let rows: Vec<RevisionRow> = collect(request.await?)?;
                out.push(rows.iter().any(|row| &row.rev == rev));
            }
        }
        Ok(out)
    }

    /// Merges pulled revisions in ONE transaction, like a bundle import, and
    /// writes `session`'s ledger entry in it: its counts are what this apply
    /// did added to what the session's earlier batches did (the entry as
    /// stored). All of it is stored, or none of it.
    pub async fn apply_sync(
        &self,
        revisions: Vec<Revision>,
        session: LedgerEntry,
    ) -> Result<MergeReport, StoreError> {
        self.apply_session(revisions, session).await
    }
}
