//! One file per page.

pub mod capture;
pub mod demand;
pub mod demands;
pub mod exchange;
pub mod home;
pub mod more;
pub mod not_found;
pub mod placeholder;
pub mod settings;
