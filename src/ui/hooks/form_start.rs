//! Where an office form starts: [`use_form_start`] fills the form once per
//! record from what its page loaded — an edit from the stored record, a new
//! record in this device's community when that community is in the list.

use std::rc::Rc;

use yew::prelude::*;

use crate::domain::kinds::Community;
use crate::ui::components::office_form::FormHandle;
use crate::ui::hooks::use_app;

/// What the page loaded for its form: its lists `L` and, when it edits,
/// `Some(the record)` (`Some(None)`: the record is not on this device; the
/// page says so). `None` for a new record.
pub type FormData<L, R> = (L, Option<Option<R>>);

/// How a form starts from its page's data.
pub struct FormStart<F, L, R> {
    /// The communities in the page's lists.
    pub communities: fn(&L) -> &[(String, Community)],
    /// The form of a stored record.
    pub from_record: fn(&R) -> F,
    /// Puts a new record in a community.
    pub set_community: fn(&mut F, String),
}

/// Fills `form` once per `key` (the record's id, `None` for a new one), as
/// soon as `data` is loaded. A reload after a save does not reset what the
/// person typed.
#[hook]
pub fn use_form_start<F, L, R>(
    form: &FormHandle<F>,
    key: Option<String>,
    data: Option<Rc<FormData<L, R>>>,
    start: FormStart<F, L, R>,
) where
    F: Clone + 'static,
    L: 'static,
    R: Clone + 'static,
{
    let own = use_app()
        .device
        .as_ref()
        .map(|d| d.community.trim().to_string())
        .unwrap_or_default();
    let form = form.clone();
    use_effect_with((key, data.is_some()), move |_| {
        let Some(data) = data else { return };
        match &data.1 {
            Some(Some(record)) => {
                let next = (start.from_record)(record);
                form.dispatch(Box::new(move |f| *f = next));
            }
            Some(None) => {}
            None => {
                let guess = (start.communities)(&data.0)
                    .iter()
                    .find(|(_, c)| !own.is_empty() && c.name == own)
                    .map(|(id, _)| id.clone());
                if let Some(cid) = guess {
                    let set = start.set_community;
                    form.dispatch(Box::new(move |f| set(f, cid)));
                }
            }
        }
    });
}
