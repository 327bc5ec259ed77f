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
    #[at("/members")]
    Members,
    #[at("/topics")]
    Topics,
    #[at("/activities")]
    Activities,
    #[at("/outcomes")]
    Outcomes,
    #[at("/points")]
    Points,
    #[at("/exchange")]
    Exchange,
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
}
