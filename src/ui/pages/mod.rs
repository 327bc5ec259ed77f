//! One file per page.

pub mod activities;
pub mod activity;
pub mod activity_form;
pub mod capture;
pub mod communities;
pub mod conflicts;
pub mod dashboard;
pub mod demand;
pub mod demands;
pub mod doors;
pub mod exchange;
pub mod home;
pub mod household;
pub mod member;
pub mod member_form;
pub mod members;
pub mod more;
pub mod not_found;
pub mod outcome;
pub mod outcome_form;
pub mod outcomes;
pub mod points;
pub mod settings;
pub mod topic;
pub mod topics;
pub mod walk;
