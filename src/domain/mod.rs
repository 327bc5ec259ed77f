//! Pure domain logic: no yew, web-sys or js-sys here, so all of it is tested natively.

pub mod bundle;
pub mod canonical;
pub mod canvass;
pub mod clock;
pub mod community;
pub mod csv;
pub mod demand_list;
pub mod demo;
pub mod duplicates;
pub mod envelope;
pub mod exchange;
pub mod kinds;
pub mod merge;
pub mod money;
pub mod points;
pub mod referral;
pub mod resolve;
pub mod revision;
pub mod roster;
pub mod stats;
pub mod status;
pub mod topics;
pub mod vv;
