//! Honours and duty funds (issue 19): what the Honours page reads and writes.

use crate::app::records::{self, decode};
use crate::app::{AppError, Db};
use crate::domain::honours::{DutyFund, Honour};
use crate::domain::kinds::{Kind, Member};
use crate::store::ListFilter;

/// What the Honours page shows.
#[derive(Clone, PartialEq, Default)]
pub struct Loaded {
    pub honours: Vec<(String, Honour)>,
    pub funds: Vec<DutyFund>,
    pub members: Vec<(String, Member)>,
}

pub async fn load(db: &Db) -> Result<Loaded, AppError> {
    let store = db.store();
    let all = ListFilter::default();
    let typed = |revs: Vec<crate::domain::revision::Revision>| -> Vec<(String, Honour)> {
        revs.iter()
            .filter_map(|r| Some((r.id.clone(), decode::<Honour>(r)?)))
            .collect()
    };
    let honours = typed(store.list(Kind::Honour, &all).await?);
    let funds = store
        .list(Kind::DutyFund, &all)
        .await?
        .iter()
        .filter_map(decode::<DutyFund>)
        .collect();
    let mut members: Vec<(String, Member)> = store
        .list(Kind::Member, &all)
        .await?
        .iter()
        .filter_map(|r| Some((r.id.clone(), decode::<Member>(r)?)))
        .collect();
    members.sort_by(|a, b| (a.1.team, &a.1.name).cmp(&(b.1.team, &b.1.name)));
    Ok(Loaded {
        honours,
        funds,
        members,
    })
}

/// Stores a new record of `kind` (an honour or a duty fund).
pub async fn save_new<T: serde::Serialize>(
    db: &Db,
    device_id: &str,
    kind: Kind,
    record: &T,
) -> Result<(), AppError> {
    let data = serde_json::to_value(record)?;
    records::create(db, device_id, kind, data).await.map(|_| ())
}
