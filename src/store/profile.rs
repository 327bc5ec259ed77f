//! Where an import's time goes: milliseconds per phase, summed over the
//! page's life and published as `window.__doorstepProfile` for the benchmark
//! (`scripts/bench` prints them). Costs one clock read per phase boundary.

use std::cell::RefCell;
use std::collections::BTreeMap;

thread_local! {
    static TOTALS: RefCell<BTreeMap<&'static str, f64>> = const { RefCell::new(BTreeMap::new()) };
    /// The laps of at least [`SPAN_MIN_MS`], as (phase, start, end): the
    /// benchmark finds in which phase a long frame gap fell.
    static SPANS: RefCell<Vec<(&'static str, f64, f64)>> = const { RefCell::new(Vec::new()) };
}

const SPAN_MIN_MS: f64 = 100.0;

/// Milliseconds since the page started (0 where there is no `performance`).
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Adds the time since `since` to `phase`; returns now, to start the next phase.
pub fn lap(phase: &'static str, since: f64) -> f64 {
    let now = now();
    TOTALS.with(|totals| *totals.borrow_mut().entry(phase).or_insert(0.0) += now - since);
    if now - since >= SPAN_MIN_MS {
        SPANS.with(|spans| spans.borrow_mut().push((phase, since, now)));
    }
    now
}

/// Writes the totals so far to `window.__doorstepProfile`, and the long laps
/// to `window.__doorstepProfileSpans` as `[phase, start, end]` (best effort).
pub fn publish() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let object = js_sys::Object::new();
    TOTALS.with(|totals| {
        for (phase, ms) in totals.borrow().iter() {
            let _ = js_sys::Reflect::set(&object, &(*phase).into(), &(*ms).into());
        }
    });
    let _ = js_sys::Reflect::set(&window, &"__doorstepProfile".into(), &object);
    let spans = js_sys::Array::new();
    SPANS.with(|all| {
        for (phase, start, end) in all.borrow().iter() {
            let span = js_sys::Array::of3(&(*phase).into(), &(*start).into(), &(*end).into());
            spans.push(&span);
        }
    });
    let _ = js_sys::Reflect::set(&window, &"__doorstepProfileSpans".into(), &spans);
}

/// Sets `window.__doorstep_<name>` to `on` (best effort): the benchmark waits
/// on it, e.g. for the award sweep after an import to end before it times the
/// plain loop, which would otherwise share the machine and the origin's
/// IndexedDB with it.
pub fn flag(name: &str, on: bool) {
    if let Some(window) = web_sys::window() {
        let key = format!("__doorstep_{name}");
        let _ = js_sys::Reflect::set(&window, &key.into(), &on.into());
    }
}

/// `domain::bundle::parse_bundle`, its steps timed as the preview's
/// (`importing == false`) or the import's.
pub(crate) fn parse_bundle(
    bytes: &[u8],
    importing: bool,
) -> Result<crate::domain::bundle::Bundle, crate::domain::bundle::BundleError> {
    let mut since = now();
    crate::domain::bundle::parse_bundle_timed(bytes, &mut |step| {
        let phase = match (importing, step) {
            (false, "json") => "preview 1 parse JSON",
            (false, "digest") => "preview 2 digest",
            (false, _) => "preview 3 validate",
            (true, "json") => "write 1 parse JSON",
            (true, "digest") => "write 2 digest",
            (true, _) => "write 3 validate",
        };
        since = lap(phase, since);
    })
}
