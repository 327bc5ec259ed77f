//! Reusable pieces of the shell and the pages.

pub mod demo_card;
pub mod device_setup;
pub mod nav;
pub mod update_banner;
