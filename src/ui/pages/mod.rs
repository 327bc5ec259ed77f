//! One file per page.

pub mod home;
pub mod more;
pub mod not_found;
pub mod placeholder;
pub mod settings;
