//! Exchange bookkeeping, pure: export file names, the "last export" mark and
//! the gentle nag about unexported records, the import batch a coordinator
//! previews before confirming, and the ledger's "latest bundle per device".

use serde::{Deserialize, Serialize};

use super::bundle::{BundleError, Scope};
use super::merge::{KindCounts, MergeReport};
use crate::i18n::Text;

/// One day in milliseconds: unexported records older than this earn a reminder.
pub const NAG_AFTER_MS: u64 = 24 * 60 * 60 * 1000;

/// How many arrival checkpoints are kept (older ones are merged away).
const MAX_CHECKPOINTS: usize = 64;

/// Which export a person asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// Everything on this device.
    Full,
    /// What arrived since the last full or delta export.
    Delta,
    /// The records of one community (its id and its name, for the file name).
    Community { id: String, name: String },
}

impl ExportKind {
    /// The scope word in the file name.
    pub fn file_word(&self) -> &'static str {
        match self {
            ExportKind::Full => "full",
            ExportKind::Delta => "delta",
            ExportKind::Community { .. } => "filtered",
        }
    }

    /// Whether a delta after this export can start where it ended: full and
    /// delta exports carry everything that arrived up to them, a filtered one does not.
    pub fn moves_mark(&self) -> bool {
        !matches!(self, ExportKind::Community { .. })
    }
}

/// `doorstep-<device name>-<community>-<scope>-<YYYY-MM-DD>.json`.
///
/// Characters that Windows, Android or messaging apps refuse in file names are
/// replaced by `_`; empty parts become `device` / `all`.
pub fn export_file_name(
    device_name: &str,
    community: &str,
    kind: &ExportKind,
    date: &str,
) -> String {
    let community = match kind {
        ExportKind::Community { name, .. } => name.as_str(),
        _ => community,
    };
    format!(
        "doorstep-{}-{}-{}-{}.json",
        file_part(device_name, "device"),
        file_part(community, "all"),
        kind.file_word(),
        date_part(date),
    )
}

/// The date as given when it is `YYYY-MM-DD`-like (digits and dashes), else `undated`.
fn date_part(date: &str) -> String {
    let date = date.trim();
    if !date.is_empty() && date.len() <= 10 && date.chars().all(|c| c.is_ascii_digit() || c == '-')
    {
        date.to_owned()
    } else {
        "undated".to_owned()
    }
}

/// One part of a file name: safe characters only, at most 40 of them.
fn file_part(text: &str, fallback: &str) -> String {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '-' => '_',
            c if c.is_control() || c.is_whitespace() => '_',
            c => c,
        })
        .take(40)
        .collect();
    let cleaned = cleaned.trim_matches(|c| c == '_' || c == '.').to_owned();
    if cleaned.is_empty() {
        fallback.to_owned()
    } else {
        cleaned
    }
}

/// The last export that a delta continues from: the highest arrival number it
/// carried and when it was made. Kept in `meta` on this device.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportMark {
    /// Arrival number (the store's `seq`) of the last revision the export carried.
    pub seq: u64,
    /// The export's `exported_at` (RFC 3339), written as the next delta's `since`.
    pub exported_at: String,
    /// The same moment in Unix milliseconds.
    pub at_ms: u64,
}

/// The last export of any kind, to show "last exported …" on the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastExport {
    pub exported_at: String,
    pub at_ms: u64,
    /// `full`, `delta` or `filtered`.
    pub scope: String,
    pub records: u64,
    pub file_name: String,
}

/// "By this moment, arrival numbers up to `seq` had been given out." The store
/// keeps no arrival time per revision; these checkpoints, noted whenever the
/// exchange page is opened or an export is made, bound how long a revision has
/// waited without inventing a time for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: u64,
    pub at_ms: u64,
}

/// Checkpoints, oldest first, with strictly increasing `seq`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrivalLog {
    pub checkpoints: Vec<Checkpoint>,
}

impl ArrivalLog {
    /// Notes that arrival numbers up to `last_seq` exist at `now_ms`. Returns
    /// whether anything changed (so the caller knows to save it).
    pub fn note(&mut self, last_seq: u64, now_ms: u64) -> bool {
        if last_seq == 0 || self.checkpoints.last().is_some_and(|c| c.seq >= last_seq) {
            return false;
        }
        self.checkpoints.push(Checkpoint {
            seq: last_seq,
            at_ms: now_ms,
        });
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            // Dropping the oldest *later* checkpoint keeps every bound a lower
            // bound: the earliest one is kept, the next one absorbs its neighbour.
            self.checkpoints.remove(1);
        }
        true
    }

    /// Forgets checkpoints the export at `exported_seq` has covered.
    pub fn prune(&mut self, exported_seq: u64) {
        self.checkpoints.retain(|c| c.seq > exported_seq);
    }

    /// The earliest moment by which some revision after `exported_seq` had surely arrived.
    pub fn first_after(&self, exported_seq: u64) -> Option<u64> {
        self.checkpoints
            .iter()
            .find(|c| c.seq > exported_seq)
            .map(|c| c.at_ms)
    }
}

/// How long, at least, the oldest unexported revision has waited, in ms.
///
/// `own_oldest_ms` is the clock time of the first unexported revision when it
/// was made on this device (its `hlc` is then its arrival, never earlier).
/// Both sources are lower bounds, so the larger one is still honest.
pub fn unexported_age_ms(
    exported_seq: u64,
    log: &ArrivalLog,
    own_oldest_ms: Option<u64>,
    now_ms: u64,
) -> Option<u64> {
    let from_log = log
        .first_after(exported_seq)
        .map(|at| now_ms.saturating_sub(at));
    let from_own = own_oldest_ms.map(|at| now_ms.saturating_sub(at));
    match (from_log, from_own) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Whether to remind the user to export: something is unexported and has waited a day.
pub fn should_nag(unexported: u64, age_ms: Option<u64>) -> bool {
    unexported > 0 && age_ms.is_some_and(|age| age >= NAG_AFTER_MS)
}

/// "3 天前" / "3 days ago": how long ago, roughly, for a person.
pub fn ago(elapsed_ms: u64) -> Text {
    let minutes = elapsed_ms / 60_000;
    let hours = minutes / 60;
    let days = hours / 24;
    if minutes < 1 {
        Text::new("刚刚", "just now")
    } else if hours < 1 {
        Text::new(format!("{minutes} 分钟前"), format!("{minutes} min ago"))
    } else if days < 1 {
        Text::new(format!("{hours} 小时前"), format!("{hours} h ago"))
    } else {
        Text::new(
            format!("{days} 天前"),
            format!("{days} day{} ago", if days == 1 { "" } else { "s" }),
        )
    }
}

/// The scope of a bundle, in words.
pub fn scope_text(scope: &Scope) -> Text {
    match scope {
        Scope::Full => Text::new("全部", "full"),
        Scope::Delta { since } if since.is_empty() => Text::new("增量", "delta"),
        Scope::Delta { since } => Text::new(
            format!("增量（自 {since}）"),
            format!("delta (since {since})"),
        ),
        Scope::Filtered { communities } => Text::new(
            format!("按社区（{} 个）", communities.len()),
            format!("by community ({})", communities.len()),
        ),
        Scope::Unknown => Text::new("其他", "other"),
    }
}

// ---- import batch -------------------------------------------------------

/// What the importer found in one chosen file.
#[derive(Clone, Debug, PartialEq)]
pub enum FileCheck {
    /// Refused: nothing from it will be stored.
    Refused(BundleError),
    /// The bundle was imported before (same digest), on `imported_at`.
    Known { imported_at: String },
    /// The same bundle is already in this batch, as file `first`.
    Duplicate { first: String },
    /// Ready to import; `preview` says what it would change.
    Ready(ReadyBundle),
    /// The file could not be read, or the store could not be asked about it:
    /// nothing from it will be stored, and choosing it again may work.
    Unchecked(Text),
}

/// A bundle that passed every check, summarised for the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadyBundle {
    pub digest: String,
    pub device_id: String,
    pub device_label: String,
    pub scope: Scope,
    pub exported_at: String,
    pub records: usize,
    pub preview: MergeReport,
}

/// What happened when a ready file was applied.
#[derive(Clone, Debug, PartialEq)]
pub enum FileResult {
    Imported(MergeReport),
    /// Between preview and confirm the same bundle was imported (another tab).
    AlreadyKnown,
    /// The apply failed; nothing from this file was stored.
    Failed(Text),
}

/// One chosen file through the import: its name, size, check and result.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFile {
    pub name: String,
    pub bytes: u64,
    pub check: FileCheck,
    pub result: Option<FileResult>,
}

/// Every file chosen at once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportBatch {
    pub files: Vec<ImportFile>,
    /// What the one transaction that applied the ready files did, in total.
    pub applied: Option<MergeReport>,
    /// What became of the photos the imported records list (bundle-format §10).
    pub photos: PhotoImport,
}

/// The photos of an import: stored, refused by name, and still missing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PhotoImport {
    /// Photos of the files' `photos` sections that were stored (new or already here).
    pub stored: usize,
    /// Photos refused (hash mismatch, malformed), by name.
    pub refused: Vec<crate::domain::photos::RefusedPhoto>,
    /// Photo ids the imported records list that are not on this device.
    pub missing: usize,
    /// Storing the photos failed (the records are imported regardless).
    pub failed: Option<Text>,
}

impl ImportBatch {
    /// Adds the check of the next file, turning a repeat of a digest already in
    /// the batch into [`FileCheck::Duplicate`].
    pub fn push(&mut self, name: String, bytes: u64, check: FileCheck) {
        let check = match check {
            FileCheck::Ready(ready) => match self
                .files
                .iter()
                .find(|f| f.digest() == Some(&ready.digest))
            {
                Some(first) => FileCheck::Duplicate {
                    first: first.name.clone(),
                },
                None => FileCheck::Ready(ready),
            },
            other => other,
        };
        self.files.push(ImportFile {
            name,
            bytes,
            check,
            result: None,
        });
    }

    /// The files that will be applied on confirm.
    pub fn ready(&self) -> impl Iterator<Item = (usize, &ReadyBundle)> {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match &f.check {
                FileCheck::Ready(ready) => Some((i, ready)),
                _ => None,
            })
    }

    /// The refused files.
    pub fn refused(&self) -> impl Iterator<Item = (&ImportFile, &BundleError)> {
        self.files.iter().filter_map(|f| match &f.check {
            FileCheck::Refused(err) => Some((f, err)),
            _ => None,
        })
    }

    /// The preview of every ready file added together. A record carried by
    /// several files is counted once per file.
    pub fn total_preview(&self) -> MergeReport {
        let mut total = MergeReport::default();
        for (_, ready) in self.ready() {
            total.merge(&ready.preview);
        }
        total
    }

    /// What the import did: the applying transaction's own report, or (when
    /// files were applied one by one) their reports added together.
    pub fn total_result(&self) -> MergeReport {
        if let Some(applied) = &self.applied {
            return applied.clone();
        }
        let mut total = MergeReport::default();
        for file in &self.files {
            if let Some(FileResult::Imported(report)) = &file.result {
                total.merge(report);
            }
        }
        total
    }

    /// Revisions in the ready files.
    pub fn ready_records(&self) -> usize {
        self.ready().map(|(_, r)| r.records).sum()
    }

    /// Whether every ready file has a result.
    pub fn finished(&self) -> bool {
        self.ready().all(|(i, _)| self.files[i].result.is_some())
    }
}

impl ImportFile {
    fn digest(&self) -> Option<&String> {
        match &self.check {
            FileCheck::Ready(ready) => Some(&ready.digest),
            _ => None,
        }
    }
}

/// The counts of `kind` in `report`, zero when absent.
pub fn counts_of(report: &MergeReport, kind: &str) -> KindCounts {
    report.per_kind.get(kind).copied().unwrap_or_default()
}

// ---- ledger -------------------------------------------------------------

/// Per device, the entry with the latest `exported_at`; the devices that
/// handed in longest ago come first ("who hasn't handed in this week?").
pub fn latest_per_device<'a, T>(
    entries: &'a [T],
    device_of: impl Fn(&T) -> &str,
    exported_at_of: impl Fn(&T) -> &str,
) -> Vec<&'a T> {
    let mut latest: std::collections::BTreeMap<&str, &'a T> = std::collections::BTreeMap::new();
    for entry in entries {
        let device = device_of(entry);
        match latest.get(device) {
            Some(seen) if exported_at_of(seen) >= exported_at_of(entry) => {}
            _ => {
                latest.insert(device, entry);
            }
        }
    }
    let mut out: Vec<&T> = latest.into_values().collect();
    out.sort_by(|a, b| exported_at_of(a).cmp(exported_at_of(b)));
    out
}
