//! Doorstep: an offline-first field kit for the 两会一员 programme.
//!
//! `domain` and `i18n` are pure Rust and compile everywhere (tested natively);
//! `store` and `ui` exist only in the browser build.

/// The service layer: typed async functions between the pages and the store.
#[cfg(target_arch = "wasm32")]
pub mod app;
/// Records, clocks, version vectors, merge, bundles, validation, derived state.
pub mod domain;
/// Simplified Chinese and English messages, checked at compile time.
pub mod i18n;
/// The only code that touches IndexedDB.
#[cfg(target_arch = "wasm32")]
pub mod store;
/// The Yew app: router, state, pages, components.
#[cfg(target_arch = "wasm32")]
pub mod ui;
