//! Exchange on top of the store: write and self-check an export, remember it
//! for the next delta, check one file for import (parse, ledger, preview) and
//! import it atomically with its ledger entry.
//!
//! Each file is one transaction (its revisions and its ledger entry): a batch
//! of files is imported file by file so a large consolidation never holds one
//! huge transaction, and a failure stops at a file boundary, recorded in the
//! ledger, so importing the same batch again resumes where it stopped.

use std::collections::BTreeSet;

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;

use super::query::{arrivals_after, collect, count_arrived_after, live_rows, referrers};
use super::rows::{
    rev_range, KeptInMeta, LedgerEntry, MetaRow, RevisionRow, Unexported, UNEXPORTED_KEY,
};
use super::schema::{ARRIVAL_ORDER, BACK_REFS, BY_REF, BY_SEQ, DEMAND_STATE, META, REVISIONS};
use super::{Store, StoreError};
use crate::domain::bundle::{
    parse_bundle, write_bundle, Bundle, BundleError, DeviceInfo, Scope, APP_VERSION,
};
use crate::domain::clock::Hlc;
use crate::domain::exchange::{
    should_nag, unexported_age_ms, ArrivalLog, ExportKind, ExportMark, FileCheck, FileResult,
    LastExport, ReadyBundle,
};
use crate::domain::merge::MergeReport;
use crate::domain::revision::Revision;
use crate::i18n::Text;

/// Meta key of the mark the next delta export starts from.
const MARK_KEY: &str = "exchange.mark";
/// Meta key of the last export of any kind.
const LAST_EXPORT_KEY: &str = "exchange.last_export";
/// Meta key of the arrival checkpoints.
const ARRIVALS_KEY: &str = "exchange.arrivals";
/// `since` of a delta when this device never exported: everything.
const EPOCH: &str = "1970-01-01T00:00:00.000Z";

/// What to export, and who and when, for the envelope and the file name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRequest {
    pub kind: ExportKind,
    pub device: DeviceInfo,
    /// The representative's name and community, for the file name.
    pub device_name: String,
    pub device_community: String,
    /// RFC 3339, UTC.
    pub exported_at: String,
    pub now_ms: u64,
    /// Local date, `YYYY-MM-DD`, for the file name.
    pub date: String,
}

/// A written, re-read and checked bundle, ready to hand to the user.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportedBundle {
    pub text: String,
    pub file_name: String,
    pub records: usize,
    pub digest: String,
    /// Where the next delta starts, when this export moves the mark.
    pub mark: Option<ExportMark>,
    pub last: LastExport,
}

/// Why an export could not be made. Nothing was handed out.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportError {
    Store(StoreError),
    /// The written file did not read back as the same bundle.
    SelfCheck(Text),
}

impl ExportError {
    pub fn text(&self) -> Text {
        match self {
            ExportError::Store(err) => err.text(),
            ExportError::SelfCheck(detail) => Text::new(
                format!("导出的文件没有通过自检，因此没有生成文件：{}。本机数据没有改变。请截图此信息并联系技术支持。", detail.zh),
                format!("The exported file failed its self-check, so no file was produced: {}. Nothing on this device changed. Take a screenshot of this message and contact support.", detail.en),
            ),
        }
    }
}

impl From<StoreError> for ExportError {
    fn from(err: StoreError) -> Self {
        ExportError::Store(err)
    }
}

/// Where this device stands with exporting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportStatus {
    pub last: Option<LastExport>,
    /// Revisions that arrived since the last full or delta export.
    pub unexported: u64,
    /// At least how long the oldest of them has waited, in ms.
    pub age_ms: Option<u64>,
    pub nag: bool,
}

impl Store {
    /// Writes the bundle `request` asks for, reads it back with the importer's
    /// own parser and checks it is the same bundle. Stores nothing: call
    /// [`note_export`](Self::note_export) once the file was handed out.
    pub async fn export_bundle(
        &self,
        request: &ExportRequest,
    ) -> Result<ExportedBundle, ExportError> {
        let (records, scope, mark_seq) = match &request.kind {
            ExportKind::Full => {
                // Read the arrival number first: a revision stored meanwhile is
                // then exported again next time rather than never.
                let seq = self.last_seq().await?;
                (self.export_all().await?, Scope::Full, Some(seq))
            }
            ExportKind::Delta => {
                let mark: ExportMark = self.get_meta(MARK_KEY).await?.unwrap_or_default();
                let (records, last) = self.export_since(mark.seq).await?;
                let since = if mark.exported_at.is_empty() {
                    EPOCH.to_owned()
                } else {
                    mark.exported_at
                };
                (records, Scope::Delta { since }, Some(last))
            }
            ExportKind::Community { id, .. } => {
                let mut records = self.export_communities(std::slice::from_ref(id)).await?;
                // Events, visits, opinions... carry no community of their own:
                // they travel with the records they belong to.
                let followers = self.referring_heads(&records).await?;
                records.extend(followers);
                (
                    records,
                    Scope::Filtered {
                        communities: vec![id.clone()],
                    },
                    None,
                )
            }
        };
        let text = write_bundle(
            APP_VERSION,
            &request.exported_at,
            &request.device,
            &scope,
            &records,
        );
        let digest = self_check(&text, &records)?;
        let file_name = crate::domain::exchange::export_file_name(
            &request.device_name,
            &request.device_community,
            &request.kind,
            &request.date,
        );
        Ok(ExportedBundle {
            records: records.len(),
            digest,
            mark: mark_seq.map(|seq| ExportMark {
                seq,
                exported_at: request.exported_at.clone(),
                at_ms: request.now_ms,
            }),
            last: LastExport {
                exported_at: request.exported_at.clone(),
                at_ms: request.now_ms,
                scope: request.kind.file_word().to_owned(),
                records: records.len() as u64,
                file_name: file_name.clone(),
            },
            file_name,
            text,
        })
    }

    /// Remembers an export that was handed out: the last export shown on the
    /// page, and (full and delta) where the next delta starts.
    pub async fn note_export(&self, exported: &ExportedBundle) -> Result<(), StoreError> {
        if let Some(mark) = &exported.mark {
            let previous: ExportMark = self.get_meta(MARK_KEY).await?.unwrap_or_default();
            // A full export made from an older snapshot never moves the mark back.
            if mark.seq >= previous.seq {
                self.put_meta(MARK_KEY, mark).await?;
            }
            let mut log: ArrivalLog = self.get_meta(ARRIVALS_KEY).await?.unwrap_or_default();
            log.prune(mark.seq);
            self.put_meta(ARRIVALS_KEY, &log).await?;
        }
        self.put_meta(LAST_EXPORT_KEY, &exported.last).await
    }

    /// The last export, how much is unexported and for how long; notes an
    /// arrival checkpoint for later reminders.
    pub async fn export_status(
        &self,
        own_device: &str,
        now_ms: u64,
    ) -> Result<ExportStatus, StoreError> {
        let last: Option<LastExport> = self.get_meta(LAST_EXPORT_KEY).await?;
        let mark: ExportMark = self.get_meta(MARK_KEY).await?.unwrap_or_default();
        let mut log: ArrivalLog = self.get_meta(ARRIVALS_KEY).await?.unwrap_or_default();
        let last_seq = self.last_seq().await?;
        let (unexported, first) = self.unexported_since(mark.seq).await?;
        let own_oldest_ms = first
            .as_ref()
            .and_then(|hlc| Hlc::parse(hlc))
            .filter(|hlc| hlc.device == own_device)
            .map(|hlc| hlc.millis);
        let age_ms =
            unexported_age_ms(mark.seq, &log, own_oldest_ms, now_ms).filter(|_| unexported > 0);
        if log.note(last_seq, now_ms) {
            self.put_meta(ARRIVALS_KEY, &log).await?;
        }
        Ok(ExportStatus {
            last,
            unexported,
            age_ms,
            nag: should_nag(unexported, age_ms),
        })
    }

    /// How many stored heads arrived after the last export (made here or
    /// imported): what erasing this device would lose. Reads only clear
    /// data, so it answers while the app is locked.
    pub async fn unexported_count(&self) -> Result<u64, StoreError> {
        let mark: ExportMark = self.get_meta(MARK_KEY).await?.unwrap_or_default();
        Ok(self.unexported_since(mark.seq).await?.0)
    }

    /// How many heads arrived after `seq` and the `hlc` of the first. The
    /// count is the one every apply keeps (`rows::Unexported`); for a new
    /// `seq` (after an export) or where none is kept yet, the index range is
    /// counted once, in one transaction with the kept count's write, so no
    /// apply lands between the two.
    async fn unexported_since(&self, seq: u64) -> Result<(u64, Option<String>), StoreError> {
        let kept: Option<Unexported> = {
            let tx = self.tx(&[META], TransactionMode::Readonly)?;
            let row: Option<MetaRow> = tx.object_store(META)?.get(UNEXPORTED_KEY).serde()?.await?;
            row.map(|row| Unexported::from_row(&row)).transpose()?
        };
        let count = match kept {
            Some(kept) if kept.after == seq => kept.count,
            _ => self.count_unexported(seq).await?,
        };
        let mut first = None;
        if count > 0 && self.kept_refs() {
            let tx = self.tx(&[REVISIONS, ARRIVAL_ORDER], TransactionMode::Readonly)?;
            if let Some((_, id, rev)) = arrivals_after(&tx, seq, Some(1)).await?.pop() {
                let store = tx.object_store(REVISIONS)?;
                let rows: Vec<RevisionRow> = collect(
                    store
                        .get_all()
                        .with_query(rev_range(&id, &rev))
                        .serde()?
                        .await?,
                )?;
                first = rows
                    .into_iter()
                    .find(|row| row.rev == rev)
                    .map(|row| row.hlc);
            }
        } else if count > 0 {
            let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
            let store = tx.object_store(REVISIONS)?;
            let index = store.index(BY_SEQ)?;
            let cursor = index
                .open_cursor()
                .with_query::<u64, _>(KeyRange::LowerBound(seq, true))
                .serde()?
                .await?;
            if let Some(mut cursor) = cursor {
                if let Some(row) = cursor.next_record_ser::<RevisionRow>().await? {
                    first = Some(row.hlc);
                }
            }
        }
        Ok((count, first))
    }

    /// Test hook: [`unexported_count`](Self::unexported_count) counted
    /// afresh from the stored rows' own arrival numbers (every row is
    /// read), to check the kept count and the arrival order against.
    #[doc(hidden)]
    pub async fn recount_unexported(&self) -> Result<u64, StoreError> {
        let mark: ExportMark = self.get_meta(MARK_KEY).await?.unwrap_or_default();
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let rows: Vec<RevisionRow> =
            collect(tx.object_store(REVISIONS)?.get_all().serde()?.await?)?;
        Ok(rows.iter().filter(|row| row.seq > mark.seq).count() as u64)
    }

    /// Counts the rows that arrived after `seq` (on the arrival order, or
    /// the index before schema 12) and keeps the count for the applies to
    /// follow (see [`Store::unexported_since`]).
    async fn count_unexported(&self, seq: u64) -> Result<u64, StoreError> {
        let order = if self.kept_refs() {
            ARRIVAL_ORDER
        } else {
            REVISIONS
        };
        let tx = self.tx(&[order, META], TransactionMode::Readwrite)?;
        let count = {
            let meta = tx.object_store(META)?;
            let row: Option<MetaRow> = meta.get(UNEXPORTED_KEY).serde()?.await?;
            match row.map(|row| Unexported::from_row(&row)).transpose()? {
                // Counted by another read meanwhile.
                Some(kept) if kept.after == seq => return Ok(kept.count),
                _ => {}
            }
            let count = if self.kept_refs() {
                count_arrived_after(&tx, seq).await?
            } else {
                let revisions = tx.object_store(REVISIONS)?;
                let index = revisions.index(BY_SEQ)?;
                let count: u32 = index
                    .count()
                    .with_query::<u64, _>(KeyRange::LowerBound(seq, true))
                    .serde()?
                    .await?;
                u64::from(count)
            };
            let kept = Unexported { after: seq, count };
            meta.put(&kept.row()).serde()?;
            kept.count
        };
        super::commit(tx).await?;
        Ok(count)
    }

    /// Every stored head that refers to one of `records` and is not among them
    /// (a demand's events, a household's visits), one index read per record.
    async fn referring_heads(&self, records: &[Revision]) -> Result<Vec<Revision>, StoreError> {
        let codec = self.codec();
        let have: BTreeSet<(String, String)> = records
            .iter()
            .map(|r| (r.id.clone(), r.content_hash()))
            .collect();
        let ids: BTreeSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        let ids: Vec<&str> = ids.into_iter().collect();
        let mut keep = |row: RevisionRow| -> Result<(), StoreError> {
            let key = (row.id.clone(), row.rev.clone());
            if !have.contains(&key) && seen.insert(key) {
                out.push(row.revision(&codec)?);
            }
            Ok(())
        };
        if self.kept_refs() {
            let tx = self.tx(
                &[REVISIONS, BACK_REFS, DEMAND_STATE],
                TransactionMode::Readonly,
            )?;
            let from: BTreeSet<String> =
                referrers(&tx, &ids).await?.into_iter().flatten().collect();
            let from: Vec<&str> = from.iter().map(String::as_str).collect();
            for row in live_rows(&tx.object_store(REVISIONS)?, &from).await? {
                keep(row)?;
            }
            return Ok(out);
        }
        let tx = self.tx(&[REVISIONS], TransactionMode::Readonly)?;
        let store = tx.object_store(REVISIONS)?;
        let index = store.index(BY_REF)?;
        for chunk in ids.chunks(256) {
            let requests = chunk
                .iter()
                .map(|id| index.get_all().with_query((*id).to_owned()).serde())
                .collect::<Result<Vec<_>, _>>()?;
            for request in requests {
                let rows: Vec<RevisionRow> = collect(request.await?)?;
                for row in rows {
                    keep(row)?;
                }
            }
        }
        Ok(out)
    }

    /// Checks one chosen file for import: parse and validate it, recognise a
    /// bundle imported before, and preview what it would change. Stores nothing.
    ///
    /// A ready file's bundle comes back too, as parsed and checked: handed to
    /// [`Store::import_bundles`], the import reads, parses and checks nothing
    /// again (at a district's 1,700 files that was about 6 s of the write).
    pub async fn check_bundle(
        &self,
        bytes: &[u8],
    ) -> Result<(FileCheck, Option<CheckedBundle>), StoreError> {
        let bundle = match super::profile::parse_bundle(bytes, false) {
            Ok(bundle) => bundle,
            Err(err) => return Ok((FileCheck::Refused(err), None)),
        };
        if let Some(known) = self.ledger_entry(&bundle.digest).await? {
            let known = FileCheck::Known {
                imported_at: known.imported_at,
            };
            return Ok((known, None));
        }
        let preview = self.preview(&bundle.records).await?;
        super::profile::publish();
        let ready = FileCheck::Ready(ReadyBundle {
            digest: bundle.digest.clone(),
            device_id: bundle.device.id.clone(),
            device_label: bundle.device.label.clone(),
            scope: bundle.scope.clone(),
            exported_at: bundle.exported_at.clone(),
            records: bundle.records.len(),
            preview,
        });
        Ok((ready, Some(CheckedBundle(bundle))))
    }
}

/// A bundle its check parsed, its digest and every revision checked: what
/// the import stores when the file's preview is confirmed. Plain text (an
/// encrypted file's too): held only until the import, and dropped when the
/// app locks.
pub struct CheckedBundle(Bundle);

impl CheckedBundle {
    /// The digest its preview showed.
    pub fn digest(&self) -> &str {
        &self.0.digest
    }

    /// Whether its file has a `photos` section, which the import reads from
    /// the file itself.
    pub fn has_photos(&self) -> bool {
        self.0.has_photos
    }
}

/// Where a previewed file's bundle comes from for the import.
pub enum FileSource {
    /// Read again: parsed and checked once more.
    Bytes(Vec<u8>),
    /// As its check left it.
    Checked(CheckedBundle),
}

/// A ready file for the import: its bundle, the digest its preview showed,
/// and what the preview said it alone would change.
pub struct PreviewedFile {
    pub source: FileSource,
    pub digest: String,
    pub preview: MergeReport,
}

/// What [`Store::import_bundles`] did.
pub struct Imported {
    /// What the import did in total; `None` when nothing was applied.
    pub applied: Option<MergeReport>,
    /// A result per file, in the files' order.
    pub results: Vec<FileResult>,
    /// Per file, in order, the photo ids its live records list (empty for a
    /// file that was not read): taken while the bundle is parsed for the
    /// import, so the photos need no parse of their own.
    pub photo_refs: Vec<Vec<String>>,
    /// The ids of the demands whose summary the import changed (for the
    /// award sweep after it).
    pub touched: Vec<String>,
}

impl Store {
    /// Imports every file in ONE transaction (BUNDLE_FORMAT §3, issue 5): all
    /// accepted files are stored with their ledger entries, or — on any error —
    /// none of them. A file changed since its preview, already imported, or
    /// repeated in the batch is left out.
    pub async fn import_bundles(&self, files: Vec<PreviewedFile>, imported_at: &str) -> Imported {
        let mut results = Vec::with_capacity(files.len());
        let mut photo_refs = Vec::with_capacity(files.len());
        let mut revisions = Vec::new();
        let mut entries = Vec::new();
        let mut pending = Vec::new();
        let mut digests = BTreeSet::new();
        for file in files {
            let bundle = match file.source {
                FileSource::Checked(CheckedBundle(bundle)) => bundle,
                FileSource::Bytes(bytes) => match super::profile::parse_bundle(&bytes, true) {
                    Ok(bundle) => bundle,
                    Err(err) => {
                        results.push(FileResult::Failed(err.text()));
                        photo_refs.push(Vec::new());
                        continue;
                    }
                },
            };
            photo_refs.push(crate::domain::photos::referenced(&bundle.records));
            if bundle.digest != file.digest {
                results.push(FileResult::Failed(changed_since_preview()));
                continue;
            }
            match self.ledger_entry(&bundle.digest).await {
                Ok(Some(_)) => {
                    results.push(FileResult::AlreadyKnown);
                    continue;
                }
                Ok(None) if !digests.insert(bundle.digest.clone()) => {
                    results.push(FileResult::AlreadyKnown);
                    continue;
                }
                Ok(None) => {}
                Err(err) => {
                    results.push(FileResult::Failed(err.text()));
                    continue;
                }
            }
            entries.push(LedgerEntry {
                digest: bundle.digest,
                device_id: bundle.device.id,
                device_label: bundle.device.label,
                scope: bundle.scope,
                exported_at: bundle.exported_at,
                imported_at: imported_at.to_owned(),
                counts: file.preview.per_kind.clone(),
            });
            revisions.extend(bundle.records);
            // Let the page paint between files (no transaction is open yet).
            gloo::timers::future::TimeoutFuture::new(0).await;
            pending.push(results.len());
            results.push(FileResult::Imported(file.preview));
        }
        let (applied, touched) = if entries.is_empty() {
            (None, Vec::new())
        } else {
            match self.apply_bundles(revisions, entries).await {
                Ok((report, demands)) => (Some(report), demands),
                Err(err) => {
                    for index in pending {
                        results[index] = FileResult::Failed(err.text());
                    }
                    (None, Vec::new())
                }
            }
        };
        Imported {
            applied,
            results,
            photo_refs,
            touched,
        }
    }
}

/// Re-reads `text` as an importer would and checks it carries exactly `records`.
fn self_check(text: &str, records: &[Revision]) -> Result<String, ExportError> {
    let parsed = parse_bundle(text.as_bytes())
        .map_err(|err: BundleError| ExportError::SelfCheck(err.text()))?;
    if parsed.records.as_slice() != records {
        return Err(ExportError::SelfCheck(Text::new(
            "读回的记录与导出的记录不一致",
            "the records read back differ from the records exported",
        )));
    }
    Ok(parsed.digest)
}

fn changed_since_preview() -> Text {
    Text::new(
        "文件在预览之后被改动或替换，没有导入。请重新选择文件，再预览一次。",
        "The file was changed or replaced after the preview, so it was not imported. Choose the file again and preview it once more.",
    )
}
