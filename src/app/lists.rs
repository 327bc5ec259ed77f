//! Reading lists of records: every live record of a kind, typed; the
//! communities in the order every picker shows them; ids resolved to records.
//! A storage failure is an error here, never an empty list.

use serde::de::DeserializeOwned;

use crate::app::records::decode;
use crate::app::{AppError, Db};
use crate::domain::kinds::{Community, Kind};
use crate::domain::revision::Revision;
use crate::store::ListFilter;

/// Every live revision of `kind` (of one community when given), newest first.
pub async fn revisions(
    db: &Db,
    kind: Kind,
    community: Option<&str>,
) -> Result<Vec<Revision>, AppError> {
    let filter = ListFilter {
        community: community.map(str::to_owned),
        limit: None,
    };
    Ok(db.store().list(kind, &filter).await?)
}

/// Decodes each revision that reads as `T`, with its id.
pub fn typed<T: DeserializeOwned>(revs: &[Revision]) -> Vec<(String, T)> {
    revs.iter()
        .filter_map(|r| decode::<T>(r).map(|v| (r.id.clone(), v)))
        .collect()
}

/// Every live record of `kind` that reads as `T`, newest first.
pub async fn load_kind<T: DeserializeOwned>(
    db: &Db,
    kind: Kind,
) -> Result<Vec<(String, T)>, AppError> {
    Ok(typed(&revisions(db, kind, None).await?))
}

/// Records of `kind` in one community that read as `T`, newest first.
pub async fn load_kind_in<T: DeserializeOwned>(
    db: &Db,
    kind: Kind,
    community: &str,
) -> Result<Vec<(String, T)>, AppError> {
    Ok(typed(&revisions(db, kind, Some(community)).await?))
}

/// The communities, by street and then name: the one list every form picks from.
pub async fn load_communities(db: &Db) -> Result<Vec<(String, Community)>, AppError> {
    let mut list: Vec<(String, Community)> = load_kind(db, Kind::Community).await?;
    list.sort_by(|a, b| (&a.1.street, &a.1.name, &a.0).cmp(&(&b.1.street, &b.1.name, &b.0)));
    Ok(list)
}

/// Each id with its record, when that record is on this device.
pub async fn resolve_ids<T: DeserializeOwned>(
    db: &Db,
    ids: &[String],
) -> Result<Vec<(String, Option<T>)>, AppError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let record = db.store().current(id).await?.and_then(|r| decode::<T>(&r));
        out.push((id.clone(), record));
    }
    Ok(out)
}

/// The current revision of `id` (`None` when missing or deleted).
pub async fn current(db: &Db, id: &str) -> Result<Option<Revision>, AppError> {
    Ok(db.store().current(id).await?)
}

/// Every head of record `id`: more than one while versions conflict.
pub async fn heads(db: &Db, id: &str) -> Result<Vec<Revision>, AppError> {
    Ok(db.store().heads(id).await?)
}

/// Every live record that names `id` (a demand's events, a door's visits...).
pub async fn referring(db: &Db, id: &str) -> Result<Vec<Revision>, AppError> {
    Ok(db.store().referring(id).await?)
}

/// How many live records of `kind` there are.
pub async fn count(db: &Db, kind: Kind) -> Result<u32, AppError> {
    Ok(db.store().count(kind).await?)
}

/// Community, member and topic names by id, so a CSV shows names, not ids.
pub async fn names(db: &Db) -> Result<crate::domain::csv::Names, AppError> {
    use crate::domain::kinds::{Member, Topic};
    let mut names = crate::domain::csv::Names::default();
    for (id, c) in load_kind::<Community>(db, Kind::Community).await? {
        names.communities.insert(id, c.name);
    }
    for (id, m) in load_kind::<Member>(db, Kind::Member).await? {
        names.members.insert(id, m.name);
    }
    for (id, t) in load_kind::<Topic>(db, Kind::Topic).await? {
        names.topics.insert(id, t.title);
    }
    Ok(names)
}
