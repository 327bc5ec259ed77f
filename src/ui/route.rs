//! The routes: one per page, in the URL's hash so deep links work from any static host.

use yew_router::Routable;

#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/demands")]
    Demands,
    #[at("/demands/:id")]
    Demand { id: String },
    #[at("/capture")]
    Capture,
    #[at("/capture/door/:household")]
    CaptureAtDoor { household: String },
    #[at("/doors")]
    Doors,
    #[at("/walk/:community/:building")]
    Walk { community: String, building: String },
    #[at("/households/:id")]
    Household { id: String },
    #[at("/members")]
    Members,
    #[at("/members/new")]
    MemberNew,
    #[at("/members/:id")]
    Member { id: String },
    #[at("/members/:id/edit")]
    MemberEdit { id: String },
    #[at("/communities")]
    Communities,
    #[at("/topics")]
    Topics,
    #[at("/topics/:id")]
    Topic { id: String },
    #[at("/activities")]
    Activities,
    #[at("/activities/new")]
    ActivityNew,
    #[at("/activities/:id")]
    Activity { id: String },
    #[at("/activities/:id/edit")]
    ActivityEdit { id: String },
    #[at("/outcomes")]
    Outcomes,
    #[at("/outcomes/new")]
    OutcomeNew,
    #[at("/outcomes/:id")]
    Outcome { id: String },
    #[at("/outcomes/:id/edit")]
    OutcomeEdit { id: String },
    #[at("/consultations")]
    Consultations,
    #[at("/consultations/new")]
    ConsultationNew,
    #[at("/consultations/:id")]
    Consultation { id: String },
    #[at("/legal")]
    Legal,
    #[at("/library")]
    Library,
    #[at("/info")]
    Info,
    #[at("/notice")]
    Notice,
    #[at("/notice/:community")]
    NoticeOf { community: String },
    #[at("/notice/:community/print")]
    NoticePrint { community: String },
    #[at("/points")]
    Points,
    #[at("/honours")]
    Honours,
    #[at("/exchange")]
    Exchange,
    #[at("/conflicts")]
    Conflicts,
    #[at("/settings")]
    Settings,
    #[at("/more")]
    More,
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// The hash link to this route, for plain anchors.
    pub fn href(&self) -> String {
        format!("#{}", self.to_path())
    }

    /// The navigation section this page belongs to (a demand's page is under Demands).
    pub fn section(&self) -> Route {
        match self {
            Route::Demand { .. } => Route::Demands,
            Route::MemberNew | Route::Member { .. } | Route::MemberEdit { .. } => Route::Members,
            Route::Topic { .. } => Route::Topics,
            Route::ActivityNew | Route::Activity { .. } | Route::ActivityEdit { .. } => {
                Route::Activities
            }
            Route::OutcomeNew | Route::Outcome { .. } | Route::OutcomeEdit { .. } => {
                Route::Outcomes
            }
            Route::Conflicts => Route::Exchange,
            Route::ConsultationNew | Route::Consultation { .. } => Route::Consultations,
            Route::NoticeOf { .. } | Route::NoticePrint { .. } => Route::Notice,
            Route::CaptureAtDoor { .. } | Route::Walk { .. } | Route::Household { .. } => {
                Route::Doors
            }
            other => other.clone(),
        }
    }
}
