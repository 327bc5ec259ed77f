//! The write side the pages use: records made, edited or deleted on this device,
//! stamped by this device's hybrid logical clock (kept in `meta`, so it never
//! goes back across reloads), validated before writing and read back after.

use std::cell::RefCell;

use serde_json::Value;

use crate::app::db::Db;
use crate::app::error::AppError;
use crate::app::platform::now_ms;
use crate::domain::clock::HlcClock;
use crate::domain::kinds::{validate, Kind, Problem};
use crate::domain::revision::{self, Revision};
use crate::store::{Store, StoreError};

const CLOCK_KEY: &str = "clock";

thread_local! {
    static CLOCK: RefCell<Option<HlcClock>> = const { RefCell::new(None) };
}

/// Ticks this device's clock, loading it from the store the first time.
async fn with_clock<T>(
    store: &Store,
    device_id: &str,
    make: impl FnOnce(&mut HlcClock, u64) -> T,
) -> Result<T, StoreError> {
    let loaded = CLOCK.with(|c| c.borrow().as_ref().map(|clock| clock.device == device_id));
    if loaded != Some(true) {
        let stored = store.get_meta::<HlcClock>(CLOCK_KEY).await?;
        let clock = stored
            .filter(|c| c.device == device_id)
            .unwrap_or_else(|| HlcClock::new(device_id));
        CLOCK.with(|c| *c.borrow_mut() = Some(clock));
    }
    let (result, snapshot) = CLOCK.with(|c| {
        let mut slot = c.borrow_mut();
        let clock = slot.get_or_insert_with(|| HlcClock::new(device_id));
        let result = make(clock, now_ms());
        (result, clock.clone())
    });
    store.put_meta(CLOCK_KEY, &snapshot).await?;
    Ok(result)
}

/// Writes `rev` and reads it back: success only once it is really stored.
async fn write_checked(store: &Store, rev: Revision) -> Result<Revision, AppError> {
    let hash = rev.content_hash();
    store.put_local(rev.clone()).await?;
    let heads = store.heads(&rev.id).await?;
    if heads.iter().any(|h| h.content_hash() == hash) {
        Ok(rev)
    } else {
        Err(AppError::Store(StoreError::Other(
            "the record was not found after writing it".into(),
        )))
    }
}

fn check_valid(kind: Kind, data: &Value) -> Result<(), AppError> {
    let problems = validate(kind.as_str(), data);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(problems))
    }
}

/// A new record of `kind` made on this device.
pub async fn create(
    db: &Db,
    device_id: &str,
    kind: Kind,
    data: Value,
) -> Result<Revision, AppError> {
    let store = db.store();
    check_valid(kind, &data)?;
    let rev = with_clock(store, device_id, |clock, now| {
        revision::create(kind, data, clock, now)
    })
    .await?;
    write_checked(store, rev).await
}

/// Record `id` of `kind` with `data`: its first revision when this device
/// does not hold it, else a new version (for records whose id is derived from
/// what they are about, like a points entry's review, so every device writes
/// versions of one record).
pub async fn put_with_id(
    db: &Db,
    device_id: &str,
    id: &str,
    kind: Kind,
    data: Value,
) -> Result<Revision, AppError> {
    let store = db.store();
    if !store.heads(id).await?.is_empty() {
        return edit(db, device_id, id, data).await;
    }
    check_valid(kind, &data)?;
    let rev = with_clock(store, device_id, |clock, now| {
        let mut rev = revision::create(kind, data, clock, now);
        rev.id = id.to_string();
        rev
    })
    .await?;
    write_checked(store, rev).await
}

/// [`create`] whose write goes ahead only if `check` allows it, given the
/// live records of `guard` as read in the SAME transaction as the write.
/// A refusal writes nothing and comes back as `check`'s error.
pub async fn create_checked(
    db: &Db,
    device_id: &str,
    kind: Kind,
    data: Value,
    guard: Kind,
    check: impl FnOnce(&[Revision]) -> Result<(), AppError>,
) -> Result<Revision, AppError> {
    let store = db.store();
    check_valid(kind, &data)?;
    let rev = with_clock(store, device_id, |clock, now| {
        revision::create(kind, data, clock, now)
    })
    .await?;
    store
        .apply_checked(vec![rev.clone()], guard, check)
        .await??;
    Ok(rev)
}

/// A new version of record `id` (resolving any siblings it has).
pub async fn edit(db: &Db, device_id: &str, id: &str, data: Value) -> Result<Revision, AppError> {
    let store = db.store();
    let heads = store.heads(id).await?;
    let kind = heads
        .first()
        .and_then(|h| Kind::parse(&h.kind))
        .ok_or(AppError::Missing)?;
    check_valid(kind, &data)?;
    let rev = with_clock(store, device_id, |clock, now| {
        revision::edit(&heads, data, clock, now)
    })
    .await?;
    write_checked(store, rev).await
}

/// A form's save: a new version of `editing` when given, else a new record of `kind`.
pub async fn save(
    db: &Db,
    device_id: &str,
    editing: Option<&str>,
    kind: Kind,
    data: Value,
) -> Result<Revision, AppError> {
    match editing {
        Some(id) => edit(db, device_id, id, data).await,
        None => create(db, device_id, kind, data).await,
    }
}

/// Deletes record `id`: a tombstone whose data is null.
pub async fn delete(db: &Db, device_id: &str, id: &str) -> Result<Revision, AppError> {
    let store = db.store();
    let heads = store.heads(id).await?;
    if heads.is_empty() {
        return Err(AppError::Missing);
    }
    let rev = with_clock(store, device_id, |clock, now| {
        revision::delete(&heads, clock, now)
    })
    .await?;
    write_checked(store, rev).await
}

/// The current version of record `id` as a `kind` record, with its revision.
/// [`AppError::Missing`] when it is not on this device, deleted or of another
/// kind; a storage failure or an unreadable record is its own error, never
/// "not found".
pub async fn current_as<T: serde::de::DeserializeOwned>(
    db: &Db,
    id: &str,
    kind: Kind,
) -> Result<(Revision, T), AppError> {
    let rev = db.store().current(id).await?.ok_or(AppError::Missing)?;
    if rev.kind != kind.as_str() {
        return Err(AppError::Missing);
    }
    let record = decode::<T>(&rev)
        .ok_or_else(|| AppError::Store(StoreError::Corrupt { id: id.to_owned() }))?;
    Ok((rev, record))
}

/// The current version of record `id` as a `kind` record when it is on this
/// device (`None` when missing or deleted); storage failures are errors.
pub async fn find_as<T: serde::de::DeserializeOwned>(
    db: &Db,
    id: &str,
    kind: Kind,
) -> Result<Option<(Revision, T)>, AppError> {
    match current_as(db, id, kind).await {
        Ok(found) => Ok(Some(found)),
        Err(AppError::Missing) => Ok(None),
        Err(err) => Err(err),
    }
}

/// Decodes a stored revision's data as a typed record.
pub fn decode<T: serde::de::DeserializeOwned>(rev: &Revision) -> Option<T> {
    // Read from the value in place: a copy of the whole tree first cost
    // about as much as the decoding itself (a district's 42,500 members are
    // decoded each time the demand list or the dashboard opens).
    rev.data.as_ref().and_then(|data| T::deserialize(data).ok())
}

/// Several new records and edits written in ONE transaction: all or none
/// (a referral event together with its status change, say).
pub async fn write_batch(
    db: &Db,
    device_id: &str,
    creates: Vec<(Kind, Value)>,
    edits: Vec<(String, Value)>,
) -> Result<Vec<Revision>, AppError> {
    let creates = creates.into_iter().map(|(k, v)| (None, k, v)).collect();
    write_batch_with_ids(db, device_id, creates, edits).await
}

/// A fresh record id, for a batch whose records name each other
/// (a topic and the referrals into it).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// [`write_batch`] where a new record may come with an id made by [`new_id`].
pub async fn write_batch_with_ids(
    db: &Db,
    device_id: &str,
    creates: Vec<(Option<String>, Kind, Value)>,
    edits: Vec<(String, Value)>,
) -> Result<Vec<Revision>, AppError> {
    let store = db.store();
    let mut problems = Vec::new();
    for (_, kind, data) in &creates {
        problems.extend(validate(kind.as_str(), data));
    }
    let edit_heads = heads_to_edit(store, edits, &[], &mut problems).await?;
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let revs = with_clock(store, device_id, |clock, now| {
        let mut revs: Vec<Revision> = creates
            .into_iter()
            .map(|(id, kind, data)| {
                let mut rev = revision::create(kind, data, clock, now);
                if let Some(id) = id {
                    rev.id = id;
                }
                rev
            })
            .collect();
        revs.extend(
            edit_heads
                .into_iter()
                .map(|(heads, data)| revision::edit(&heads, data, clock, now)),
        );
        revs
    })
    .await?;
    store.apply(revs.clone(), None).await?;
    Ok(revs)
}

/// The current time as RFC 3339 (UTC, milliseconds), for `at` fields.
pub fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Deletes several records in ONE transaction (tombstones; personal data leaves the device).
pub async fn delete_many(db: &Db, device_id: &str, ids: &[String]) -> Result<usize, AppError> {
    let store = db.store();
    let mut all_heads = Vec::with_capacity(ids.len());
    for id in ids {
        let heads = store.heads(id).await?;
        if !heads.is_empty() {
            all_heads.push(heads);
        }
    }
    let revs = with_clock(store, device_id, |clock, now| {
        all_heads
            .iter()
            .map(|heads| revision::delete(heads, clock, now))
            .collect::<Vec<_>>()
    })
    .await?;
    let count = revs.len();
    store.apply(revs, None).await?;
    Ok(count)
}

/// Stores `base` (seed revisions, say) and, in the SAME transaction, this
/// device's edits of records that may exist only in `base` so far: all or none.
pub async fn apply_with_edits(
    db: &Db,
    device_id: &str,
    base: Vec<Revision>,
    edits: Vec<(String, Value)>,
) -> Result<crate::domain::merge::MergeReport, AppError> {
    let store = db.store();
    let mut problems = Vec::new();
    let edit_heads = heads_to_edit(store, edits, &base, &mut problems).await?;
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let edited = with_clock(store, device_id, |clock, now| {
        edit_heads
            .into_iter()
            .map(|(heads, data)| revision::edit(&heads, data, clock, now))
            .collect::<Vec<_>>()
    })
    .await?;
    Ok(store
        .apply(base.into_iter().chain(edited).collect(), None)
        .await?)
}

/// Each edit with the heads it will dominate: the stored heads merged with any
/// of `pending` (revisions about to be written in the same transaction).
/// Validation problems are added to `problems`; an unknown id is `Missing`.
async fn heads_to_edit(
    store: &Store,
    edits: Vec<(String, Value)>,
    pending: &[Revision],
    problems: &mut Vec<Problem>,
) -> Result<Vec<(Vec<Revision>, Value)>, AppError> {
    let mut out = Vec::with_capacity(edits.len());
    for (id, data) in edits {
        let stored = store.heads(&id).await?;
        let heads = crate::domain::merge::merge_revisions(
            stored
                .into_iter()
                .chain(pending.iter().filter(|r| r.id == id).cloned()),
        );
        let kind = heads
            .first()
            .and_then(|h| Kind::parse(&h.kind))
            .ok_or(AppError::Missing)?;
        problems.extend(validate(kind.as_str(), &data));
        out.push((heads, data));
    }
    Ok(out)
}
