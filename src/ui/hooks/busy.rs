//! A guard for "one write at a time" on a page: [`use_busy`] is checked and set
//! in one step, outside the render, so two clicks that land before the page
//! re-renders (both seeing the button enabled) still start one write.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

/// Whether a write is running. Cheap to clone into callbacks.
#[derive(Clone)]
pub struct Busy {
    running: Rc<RefCell<bool>>,
    shown: UseStateHandle<bool>,
}

impl PartialEq for Busy {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.running, &other.running) && *self.shown == *other.shown
    }
}

impl Busy {
    /// Claims the guard: `false` when a write is already running (do nothing then).
    pub fn start(&self) -> bool {
        if self.running.replace(true) {
            return false;
        }
        self.shown.set(true);
        true
    }

    /// Releases the guard once the write finished, whatever its result.
    pub fn finish(&self) {
        self.running.replace(false);
        self.shown.set(false);
    }

    /// For the render: disable the buttons while a write runs.
    pub fn is_busy(&self) -> bool {
        *self.shown
    }
}

#[hook]
pub fn use_busy() -> Busy {
    Busy {
        running: use_mut_ref(|| false),
        shown: use_state(|| false),
    }
}
