//! The I/O of the seed's module pages (decision consultation, legal services, the
//! library, the community notice): small typed loads and writes, kept out of the
//! components so they can move to a service layer as they are.

use serde_json::json;

use crate::domain::consultation::ResponseRow;
use crate::domain::kinds::{
    Community, Consultation, ConsultationResponse, Demand, DemandEvent, Kind, LegalArticle,
    LegalReview, Member, Outcome, Topic,
};
use crate::domain::notice::NoticeSource;
use crate::store::{ListFilter, Store, StoreError};
use crate::ui::records::{self, decode, SaveError};

/// Every live record of `kind` that reads as `T`, with its id; a storage error is an error.
async fn all_of<T: serde::de::DeserializeOwned>(
    store: &Store,
    kind: Kind,
) -> Result<Vec<(String, T)>, StoreError> {
    Ok(store
        .list(kind, &ListFilter::default())
        .await?
        .iter()
        .filter_map(|r| Some((r.id.clone(), decode::<T>(r)?)))
        .collect())
}

/// Every consultation response with its id and `hlc`.
pub async fn load_responses(store: &Store) -> Result<Vec<ResponseRow>, StoreError> {
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

pub async fn load_consultation_list(store: &Store) -> Result<ConsultationList, StoreError> {
    let mut consultations: Vec<(String, Consultation)> = all_of(store, Kind::Consultation).await?;
    consultations.sort_by(|a, b| b.1.requested_on.cmp(&a.1.requested_on));
    Ok(ConsultationList {
        consultations,
        responses: load_responses(store).await?,
    })
}

/// One consultation with its responses (all of them, the history included) and the members.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsultationDetail {
    pub consultation: Consultation,
    pub responses: Vec<ResponseRow>,
    pub members: Vec<(String, Member)>,
}

pub async fn load_consultation(
    store: &Store,
    id: &str,
) -> Result<Option<ConsultationDetail>, StoreError> {
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
    let mut members: Vec<(String, Member)> = all_of(store, Kind::Member).await?;
    members.sort_by(|a, b| (a.1.team, &a.1.name).cmp(&(b.1.team, &b.1.name)));
    Ok(Some(ConsultationDetail {
        consultation,
        responses,
        members,
    }))
}

/// Members sorted by team and name, for pickers.
pub async fn load_members(store: &Store) -> Result<Vec<(String, Member)>, StoreError> {
    let mut members: Vec<(String, Member)> = all_of(store, Kind::Member).await?;
    members.sort_by(|a, b| (a.1.team, &a.1.name).cmp(&(b.1.team, &b.1.name)));
    Ok(members)
}

/// A topic raised from a consultation (专题咨询): origin `government`, naming the consultation.
pub async fn make_topic_from_consultation(
    store: &Store,
    device_id: &str,
    consultation_id: &str,
    consultation: &Consultation,
) -> Result<String, SaveError> {
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
    let rev = records::create(store, device_id, Kind::Topic, data).await?;
    Ok(rev.id)
}

/// The legal-services page: reviews newest first, with communities and members.
#[derive(Clone, Debug, PartialEq)]
pub struct LegalData {
    pub reviews: Vec<(String, LegalReview)>,
    pub communities: Vec<(String, Community)>,
    pub members: Vec<(String, Member)>,
}

pub async fn load_legal(store: &Store) -> Result<LegalData, StoreError> {
    let mut reviews: Vec<(String, LegalReview)> = all_of(store, Kind::LegalReview).await?;
    reviews.sort_by(|a, b| b.1.on.cmp(&a.1.on));
    let mut communities: Vec<(String, Community)> = all_of(store, Kind::Community).await?;
    communities.sort_by(|a, b| (&a.1.street, &a.1.name).cmp(&(&b.1.street, &b.1.name)));
    Ok(LegalData {
        reviews,
        communities,
        members: load_members(store).await?,
    })
}

/// The library: every article, and the members (authors).
pub async fn load_library(
    store: &Store,
) -> Result<(Vec<(String, LegalArticle)>, Vec<(String, Member)>), StoreError> {
    Ok((
        all_of(store, Kind::LegalArticle).await?,
        load_members(store).await?,
    ))
}

/// What a notice is built from: the whole district's records of the kinds it shows
/// (a consultation or an article is district-wide; demands are filtered by the domain).
pub async fn load_notice_source(store: &Store) -> Result<NoticeSource, StoreError> {
    let events = store
        .list(Kind::DemandEvent, &ListFilter::default())
        .await?
        .iter()
        .filter_map(|r| Some((decode::<DemandEvent>(r)?, r.hlc.clone())))
        .collect();
    Ok(NoticeSource {
        demands: all_of::<Demand>(store, Kind::Demand).await?,
        events,
        topics: all_of::<Topic>(store, Kind::Topic).await?,
        outcomes: all_of::<Outcome>(store, Kind::Outcome).await?,
        consultations: all_of::<Consultation>(store, Kind::Consultation).await?,
        responses: load_responses(store).await?,
        articles: all_of::<LegalArticle>(store, Kind::LegalArticle).await?,
    })
}

/// The communities, by street then name.
pub async fn load_communities(store: &Store) -> Result<Vec<(String, Community)>, StoreError> {
    let mut communities: Vec<(String, Community)> = all_of(store, Kind::Community).await?;
    communities.sort_by(|a, b| (&a.1.street, &a.1.name).cmp(&(&b.1.street, &b.1.name)));
    Ok(communities)
}
