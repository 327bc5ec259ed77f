//! Bundles in and out: checking and importing chosen files (decrypting the
//! encrypted ones), exporting a bundle and noting it, the export status and
//! the import ledger.

use crate::app::crypto::open_bundle_bytes;
use crate::app::file_io::{read_bytes, yield_now};
use crate::app::records::now_rfc3339;
use crate::app::{AppError, Db};
use crate::domain::bundle::{BundleError, MAX_BUNDLE_BYTES};
use crate::domain::exchange::{FileCheck, FileResult, ImportBatch, PhotoImport};
use crate::domain::kinds::{Community, Kind};
use crate::domain::merge::MergeReport;
use crate::domain::photos;
use crate::i18n::ExchangeMsg;
use crate::store::exchange::{CheckedBundle, FileSource, PreviewedFile};

/// A ready file's bundle as its check left it, kept by the [`Db`] for the
/// import of that same file (the same `File` object).
pub struct KeptCheck {
    file: web_sys::File,
    bundle: CheckedBundle,
}

/// The bundles the current check keeps, and which check that is: a check
/// still reading files when it was let go (the panel left, another check
/// begun, the app locked) keeps nothing more, so no plain text stays in
/// memory after a lock.
#[derive(Default)]
pub struct KeptChecks {
    generation: u64,
    kept: Vec<KeptCheck>,
}

impl KeptChecks {
    /// Lets every kept bundle go, and any check still running with them.
    fn forget(&mut self) {
        self.kept.clear();
        self.generation += 1;
    }

    /// Starts a check: what earlier ones kept goes; returns its number.
    fn start(&mut self) -> u64 {
        self.forget();
        self.generation
    }

    /// Keeps `check` if check `generation` is still the current one.
    fn keep(&mut self, generation: u64, check: KeptCheck) {
        if generation == self.generation {
            self.kept.push(check);
        }
    }
}

/// Reads and checks `files` one at a time, yielding to the event loop after
/// each, and calls `progress` with the batch so far. Stores nothing.
/// `passphrase` opens encrypted files (BUNDLE_FORMAT §6); plain ones ignore it.
///
/// Each ready file's parsed bundle is kept (in place of those of an earlier
/// check) so that [`apply_files`] imports what was previewed without
/// reading and parsing it again; [`forget_checked`] lets them go.
pub async fn check_files(
    db: &Db,
    files: &[web_sys::File],
    passphrase: &str,
    mut progress: impl FnMut(&ImportBatch),
) -> ImportBatch {
    let generation = db.checked().borrow_mut().start();
    let mut batch = ImportBatch::default();
    for file in files {
        let bytes = file.size().max(0.0) as u64;
        let check = if bytes > MAX_BUNDLE_BYTES as u64 {
            // Refused before reading: a huge file must not fill the phone's memory.
            FileCheck::Refused(BundleError::TooLarge {
                bytes,
                limit: MAX_BUNDLE_BYTES as u64,
            })
        } else {
            match read_bytes(file).await {
                None => FileCheck::Unchecked(ExchangeMsg::ImportReadFailed.text()),
                Some(content) => match open_bundle_bytes(content, passphrase).await {
                    Ok(plain) => match db.store().check_bundle(&plain).await {
                        Ok((check, bundle)) => {
                            if let Some(bundle) = bundle {
                                let file = file.clone();
                                db.checked()
                                    .borrow_mut()
                                    .keep(generation, KeptCheck { file, bundle });
                            }
                            check
                        }
                        Err(err) => FileCheck::Unchecked(err.text()),
                    },
                    Err(refused) => FileCheck::Refused(refused),
                },
            }
        };
        batch.push(file.name(), bytes, check);
        progress(&batch);
        yield_now().await;
    }
    batch
}

/// Lets the bundles the last [`check_files`] kept go (its preview was
/// cancelled or left, or the app locked); a check still running keeps no more.
pub fn forget_checked(db: &Db) {
    db.checked().borrow_mut().forget();
}

/// Test hook: how many checked bundles are kept for the import.
#[doc(hidden)]
pub fn kept_check_count(db: &Db) -> usize {
    db.checked().borrow().kept.len()
}

/// Imports every ready file of `batch` (`files` are index-aligned with
/// `batch.files`) in ONE transaction, and records each file's result and the
/// total in `batch`. A file whose bundle [`check_files`] kept is imported as
/// it was previewed (read again only for its photos, if it has any); any
/// other is read and checked again, one at a time with the page repainting
/// between them (`progress` gets how many are done). The transaction opens
/// only once every bundle is in memory.
pub async fn apply_files(
    db: &Db,
    files: &[web_sys::File],
    passphrase: &str,
    batch: &mut ImportBatch,
    mut progress: impl FnMut(usize),
) {
    let ready: Vec<(usize, String, MergeReport)> = batch
        .ready()
        .map(|(i, r)| (i, r.digest.clone(), r.preview.clone()))
        .collect();
    let count = ready.len();
    let mut kept = std::mem::take(&mut db.checked().borrow_mut().kept);
    let mut previewed = Vec::new();
    let mut indexes = Vec::new();
    let mut sections = Vec::new();
    for (done, (index, digest, preview)) in ready.into_iter().enumerate() {
        let file = files.get(index);
        let checked = file.and_then(|file| {
            let at = kept
                .iter()
                .position(|k| k.file == *file && k.bundle.digest() == digest)?;
            Some(kept.swap_remove(at).bundle)
        });
        let opened = match (file, checked) {
            (Some(file), Some(bundle)) => {
                // A photo that cannot be read now is counted as missing below,
                // like any listed photo the device does not hold.
                let section = match bundle.has_photos() {
                    true => read_and_open(file, passphrase)
                        .await
                        .map(|bytes| photos::read_section(&bytes))
                        .unwrap_or_default(),
                    false => photos::Section::default(),
                };
                Some((FileSource::Checked(bundle), section))
            }
            (Some(file), None) => {
                let bytes = read_and_open(file, passphrase).await;
                progress(done + 1);
                yield_now().await;
                bytes.map(|bytes| {
                    let section = photos::read_section(&bytes);
                    (FileSource::Bytes(bytes), section)
                })
            }
            (None, _) => None,
        };
        match opened {
            Some((source, section)) => {
                sections.push(section);
                previewed.push(PreviewedFile {
                    source,
                    digest,
                    preview,
                });
                indexes.push(index);
            }
            None => {
                if let Some(f) = batch.files.get_mut(index) {
                    f.result = Some(FileResult::Failed(ExchangeMsg::ImportReadFailed.text()));
                }
            }
        }
    }
    progress(count);
    let imported = db.store().import_bundles(previewed, &now_rfc3339()).await;
    let (applied, touched) = (imported.applied, imported.touched);
    let mut imported_sections = Vec::new();
    for (((index, result), section), refs) in indexes
        .into_iter()
        .zip(imported.results)
        .zip(sections)
        .zip(imported.photo_refs)
    {
        if matches!(result, FileResult::Imported(_) | FileResult::AlreadyKnown) {
            imported_sections.push((section, refs));
        }
        if let Some(file) = batch.files.get_mut(index) {
            file.result = Some(result);
        }
    }
    batch.photos = import_photos(db, imported_sections).await;
    if applied.is_some() {
        // Two devices' versions of one automatic award are settled into one
        // entry, not listed as a conflict, and the demands the import
        // touched get their overdue deductions, right after the import —
        // without holding up its result, and reading only those demands. A
        // failure leaves them to the next full sweep (Points page, Home):
        // the import itself is stored.
        let db = db.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let today = crate::app::platform::today_local();
            // Nothing to show for a failure here: the next sweep repeats it.
            let _ = crate::app::points::sweep_touched(&db, &today, &touched).await;
        });
    }
    batch.applied = applied;
}

/// Stores the checked photos of the imported files' sections (after the
/// records: a photo that fails to store never holds the records back) and
/// counts the listed photos still not on this device.
async fn import_photos(db: &Db, sections: Vec<(photos::Section, Vec<String>)>) -> PhotoImport {
    let mut result = PhotoImport::default();
    let mut listed: Vec<String> = Vec::new();
    for (section, ids) in sections {
        if !section.photos.is_empty() {
            match db.store().put_photos(&section.photos).await {
                Ok(_) => result.stored += section.photos.len(),
                Err(err) => result.failed = Some(AppError::from(err).text()),
            }
        }
        result.refused.extend(section.refused);
        for id in ids {
            if !listed.contains(&id) {
                listed.push(id);
            }
        }
        yield_now().await;
    }
    if let Ok(found) = db.store().has_photos(&listed).await {
        result.missing = found.iter().filter(|f| !**f).count();
    }
    result
}

/// A file's bundle bytes, decrypted when it is encrypted; `None` when it can
/// no longer be read or opened (it was checked moments ago, so that means
/// the file changed or vanished meanwhile).
async fn read_and_open(file: &web_sys::File, passphrase: &str) -> Option<Vec<u8>> {
    let bytes = read_bytes(file).await?;
    open_bundle_bytes(bytes, passphrase).await.ok()
}

pub use crate::store::exchange::{ExportRequest, ExportStatus, ExportedBundle};
pub use crate::store::LedgerEntry;

/// Where this device stands with exporting, at `now_ms`.
pub async fn export_status(
    db: &Db,
    device_id: &str,
    now_ms: u64,
) -> Result<ExportStatus, AppError> {
    Ok(db.store().export_status(device_id, now_ms).await?)
}

/// The communities one can export, as `(id, "name · street")`, in that order.
pub async fn export_communities(db: &Db) -> Result<Vec<(String, String)>, AppError> {
    let mut list: Vec<(String, String)> =
        crate::app::lists::load_kind::<Community>(db, Kind::Community)
            .await?
            .into_iter()
            .map(|(id, c)| (id, format!("{} · {}", c.name, c.street)))
            .collect();
    list.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(list)
}

/// Writes, re-reads and checks the bundle `request` asks for and, with a
/// passphrase, encrypts it (checked by decrypting before it is handed out).
/// Stores nothing: call [`note_export`] once the file was handed out.
pub async fn export_bundle(
    db: &Db,
    request: &ExportRequest,
    passphrase: Option<&str>,
) -> Result<ExportedBundle, AppError> {
    export_bundle_with(db, request, passphrase, false).await
}

/// [`export_bundle`], with the photos its records list in the bundle's
/// `photos` section when `with_photos` (bundle-format §10). Photos not on
/// this device are left out; the receiver shows them as missing.
pub async fn export_bundle_with(
    db: &Db,
    request: &ExportRequest,
    passphrase: Option<&str>,
    with_photos: bool,
) -> Result<ExportedBundle, AppError> {
    let mut exported = db
        .store()
        .export_bundle(request)
        .await
        .map_err(|err| AppError::Refused(err.text()))?;
    if with_photos {
        let ids = crate::domain::bundle::parse_bundle(exported.text.as_bytes())
            .map(|b| photos::referenced(&b.records))
            .unwrap_or_default();
        let mut found = Vec::new();
        for id in ids {
            if let Some(photo) = db.store().get_photo(&id).await? {
                found.push(photo);
            }
        }
        exported.text = photos::add_section(&exported.text, &found);
    }
    if let Some(passphrase) = passphrase {
        let sealed = crate::app::crypto::encrypt_bundle(&exported.text, passphrase)
            .await
            .map_err(AppError::Refused)?;
        exported.text = sealed;
        exported.file_name = crate::domain::envelope::encrypted_file_name(&exported.file_name);
        exported.last.file_name = exported.file_name.clone();
    }
    Ok(exported)
}

/// Remembers an export that was handed out (moves the "since last export" mark).
pub async fn note_export(db: &Db, exported: &ExportedBundle) -> Result<(), AppError> {
    Ok(db.store().note_export(exported).await?)
}

/// Every bundle imported on this device, newest first.
pub async fn ledger(db: &Db) -> Result<Vec<LedgerEntry>, AppError> {
    Ok(db.store().ledger().await?)
}

/// How many records are on this device per kind, and how many conflicts. The
/// counts come from one transaction: right after an import the award sweep
/// writes in batches, and each separate read would wait for one.
pub async fn record_counts(
    db: &Db,
    kinds: &[crate::domain::kinds::Kind],
) -> Result<(Vec<(crate::domain::kinds::Kind, u32)>, u32), AppError> {
    let counts = db.store().counts(kinds).await?;
    let per_kind = kinds.iter().copied().zip(counts).collect();
    Ok((per_kind, db.store().conflict_count().await?))
}

/// Every record whose versions conflict, each with its heads.
pub async fn conflicts(db: &Db) -> Result<Vec<Vec<crate::domain::revision::Revision>>, AppError> {
    Ok(db.store().conflicts().await?)
}
