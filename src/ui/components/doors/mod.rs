//! The Doors page's parts: the round's retry setting, each community's
//! buildings (coverage, round start, assignment), coverage per representative,
//! the vulnerable households and the doors to knock again.

mod community_doors;
mod rep_coverage;
mod retry_doors;
mod retry_form;
mod vulnerable_doors;

pub use community_doors::{CommunityDoors, Rep};
pub use rep_coverage::RepCoverage;
pub use retry_doors::RetryDoors;
pub use retry_form::RetryForm;
pub use vulnerable_doors::VulnerableDoors;

use crate::app::AppError;
use crate::i18n::CanvassMsg;

/// What a write on the Doors page did: the page says it and reads again.
pub type DoorsResult = Result<CanvassMsg, AppError>;
