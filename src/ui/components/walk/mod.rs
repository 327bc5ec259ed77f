//! The walk page's parts: the door grid, adding a door, and what the last action did.

mod add_door_form;
mod door_grid;
mod walk_feedback;

pub use add_door_form::AddDoorForm;
pub use door_grid::DoorGrid;
pub use walk_feedback::{WalkFeedback, WalkFeedbackView};
