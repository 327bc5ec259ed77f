//! The service layer between the Yew UI and the store: typed async functions
//! that read and write through [`Db`] and return `Result<T, AppError>`.
//!
//! Pages and components call these and never the store (a test,
//! `tests/layers.rs`, fails the build's tests if one does); the rules these
//! functions apply live in `domain/`, natively tested. Browser-only.

pub mod camera;
pub mod canvass;
pub mod crypto;
pub mod db;
pub mod decisions;
pub mod demands;
pub mod demo;
pub mod device;
pub mod error;
pub mod exchange;
pub mod file_io;
pub mod honours;
pub mod lists;
pub mod lock;
pub mod modules;
pub mod office;
pub mod photos;
pub mod platform;
pub mod points;
pub mod priority;
pub mod records;
pub mod review;
pub mod share;
pub mod stats;
pub mod sync;

pub use db::Db;
pub use error::AppError;
