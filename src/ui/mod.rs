//! The Yew app: router, state, pages and components. Browser-only.

pub mod app;
pub mod components;
pub mod hooks;
pub mod office;
pub mod pages;
pub mod route;
pub mod state;

/// Mounts the app into `#app` (or `<body>`), replacing the static loading screen.
pub fn mount() {
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
