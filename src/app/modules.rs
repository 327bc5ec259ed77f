//! The I/O of the seed's module pages (decision consultation, legal services, the
//! library, the community notice): small typed loads and writes, kept out of the
//! components (the service layer, taking [`Db`] and returning [`AppError`]).

use serde_json::json;

use crate::app::records::{self, decode};
use crate::app::{AppError, Db};
use crate::domain::consultation::ResponseRow;
use crate::domain::kinds::{
    Community, Consultation, ConsultationResponse, Demand, DemandEvent, Kind, LegalArticle,
    LegalReview, Member, Outcome, Topic,
};
use crate::domain::notice::NoticeSource;
use crate::store::ListFilter;

/// Every live record of `kind` that reads as `T`, with its id; a storage error is an error.
async fn all_of<T: serde::de::DeserializeOwned>(
    db: &Db,
    kind: Kind,
) -> Result<Vec<(String, T)>, AppError> {
    let store = db.store();
    Ok(store
        .list(kind, &ListFilter::default())
        .await?
        .iter()
        .filter_map(|r| Some((r.id.clone(), decode::<T>(r)?)))
        .collect())
}

/// Every consultation response with its id and `hlc`.
pub async fn load_responses(db: &Db) -> Result<Vec<ResponseRow>, AppError> {
    let store = db.store();
    Ok(store
        .list(Kind::ConsultationResponse, &ListFilter::default())
        .await?
        .iter()
        .filter_map(|r| {
            Some((
                r.id.clone(),
                decode::<ConsultationResponse>(r)?,
                r.hlc.clone(),
            ))
        })
        .collect())
}

/// The consultations page: every consultation (requested latest first) and every response.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsultationList {
    pub consultations: Vec<(String, Consultation)>,
    pub responses: Vec<ResponseRow>,
}

pub async fn load_consultation_list(db: &Db) -> Result<ConsultationList, AppError> {
    let mut consultations: Vec<(String, Consultation)> = all_of(db, Kind::Consultation).await?;
    consultations.sort_by(|a, b| b.1.requested_on.cmp(&a.1.requested_on));
    Ok(ConsultationList {
        consultations,
        responses: load_responses(db).await?,
    })
}

/// One consultation with its responses (all of them, the history included) and the members.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsultationDetail {
    pub consultation: Consultation,
    pub responses: Vec<ResponseRow>,
    pub members: Vec<(String, Member)>,
}

pub async fn load_consultation(db: &Db, id: &str) -> Result<Option<ConsultationDetail>, AppError> {
    let store = db.store();
    let Some(consultation) = store
        .current(id)
        .await?
        .filter(|r| r.kind == Kind::Consultation.as_str())
        .and_then(|r| decode::<Consultation>(&r))
    else {
        return Ok(None);
    };
    let responses = store
        .referring(id)
        .await?
        .iter()
        .filter(|r| r.kind == Kind::ConsultationResponse.as_str())
        .filter_map(|r| {
            Some((
                r.id.clone(),
                decode::<ConsultationResponse>(r)?,
                r.hlc.clone(),
            ))
        })
        .collect();
    let mut members: Vec<(String, Member)> = all_of(db, Kind::Member).await?;
    members.sort_by(|a, b| (a.1.team, &a.1.name).cmp(&(b.1.team, &b.1.name)));
    Ok(Some(ConsultationDetail {
        consultation,
        responses,
        members,
    }))
}

/// Members sorted by team and name, for pickers.
pub async fn load_members(db: &Db) -> Result<Vec<(String, Member)>, AppError> {
    let mut members: Vec<(String, Member)> = all_of(db, Kind::Member).await?;
    members.sort_by(|a, b| (a.1.team, &a.1.name).cmp(&(b.1.team, &b.1.name)));
    Ok(members)
}

/// A topic raised from a consultation (专题咨询): origin `government`, naming the consultation.
pub async fn make_topic_from_consultation(
    db: &Db,
    device_id: &str,
    consultation_id: &str,
    consultation: &Consultation,
) -> Result<String, AppError> {
    let data = json!({
        "title": consultation.subject,
        "description": consultation.summary,
        "origin": "government",
        "demand_ids": [],
        "expert_ids": consultation.expert_ids,
        "due_on": consultation.due_on,
        "status": "proposed",
        "consultation_id": consultation_id,
    });
    let rev = records::create(db, device_id, Kind::Topic, data).await?;
    Ok(rev.id)
}

/// The legal-services page: reviews newest first, with communities and members.
#[derive(Clone, Debug, PartialEq)]
pub struct LegalData {
    pub reviews: Vec<(String, LegalReview)>,
    pub communities: Vec<(String, Community)>,
    pub members: Vec<(String, Member)>,
}

pub async fn load_legal(db: &Db) -> Result<LegalData, AppError> {
    let mut reviews: Vec<(String, LegalReview)> = all_of(db, Kind::LegalReview).await?;
    reviews.sort_by(|a, b| b.1.on.cmp(&a.1.on));
    let mut communities: Vec<(String, Community)> = all_of(db, Kind::Community).await?;
    communities.sort_by(|a, b| (&a.1.street, &a.1.name).cmp(&(&b.1.street, &b.1.name)));
    Ok(LegalData {
        reviews,
        communities,
        members: load_members(db).await?,
    })
}

/// The library: every article, and the members (authors).
pub async fn load_library(
    db: &Db,
) -> Result<(Vec<(String, LegalArticle)>, Vec<(String, Member)>), AppError> {
    Ok((
        all_of(db, Kind::LegalArticle).await?,
        load_members(db).await?,
    ))
}

/// What a notice is built from: the whole district's records of the kinds it shows
/// (a consultation or an article is district-wide; demands are filtered by the domain).
pub async fn load_notice_source(db: &Db) -> Result<NoticeSource, AppError> {
    let store = db.store();
    let events = store
        .list(Kind::DemandEvent, &ListFilter::default())
        .await?
        .iter()
        .filter_map(|r| Some((decode::<DemandEvent>(r)?, r.hlc.clone())))
        .collect();
    Ok(NoticeSource {
        demands: all_of::<Demand>(db, Kind::Demand).await?,
        events,
        topics: all_of::<Topic>(db, Kind::Topic).await?,
        outcomes: all_of::<Outcome>(db, Kind::Outcome).await?,
        consultations: all_of::<Consultation>(db, Kind::Consultation).await?,
        responses: load_responses(db).await?,
        articles: all_of::<LegalArticle>(db, Kind::LegalArticle).await?,
    })
}

/// What the community notice page shows: the records a notice is built from
/// and the communities to pick one from.
pub struct NoticeData {
    pub source: NoticeSource,
    pub communities: Vec<(String, Community)>,
}

/// The community notice page's data, in one call.
pub async fn load_notice(db: &Db) -> Result<NoticeData, AppError> {
    Ok(NoticeData {
        source: load_notice_source(db).await?,
        communities: load_communities(db).await?,
    })
}

/// The communities, by street then name.
pub async fn load_communities(db: &Db) -> Result<Vec<(String, Community)>, AppError> {
    let mut communities: Vec<(String, Community)> = all_of(db, Kind::Community).await?;
    communities.sort_by(|a, b| (&a.1.street, &a.1.name).cmp(&(&b.1.street, &b.1.name)));
    Ok(communities)
}
