//! The Yew app: router, state, pages and components. Browser-only.

pub mod app;
pub mod camera;
pub mod canvass;
pub mod components;
pub mod crypto;
pub mod demo;
pub mod device;
pub mod hooks;
pub mod modules;
pub mod pages;
pub mod platform;
pub mod records;
pub mod route;
pub mod share;
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
