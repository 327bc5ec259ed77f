//! Reads a person is waiting for go before background writes.
//!
//! After a district import the award sweep writes tens of thousands of
//! deductions in batches. Each batch is main-thread work (merging, hashing)
//! and a readwrite transaction, and a page opened meanwhile had its reads
//! interleaved with every batch: the demand list's first rows took seconds.
//! A page's load holds a [`Foreground`] while it reads; the sweep waits for
//! none to be held before each batch (for at most [`MAX_WAIT_MS`], so it
//! always finishes).

use std::cell::Cell;
use std::thread::LocalKey;

thread_local! {
    static HELD: Cell<u32> = const { Cell::new(0) };
    static URGENT: Cell<u32> = const { Cell::new(0) };
}

/// The longest a background batch waits for the pages' reads, in ms.
pub const MAX_WAIT_MS: u32 = 10_000;
/// How often a waiting batch looks again, in ms.
const POLL_MS: u32 = 25;

/// One holder of a counter, counted while it lives.
struct Holder(&'static LocalKey<Cell<u32>>);

impl Holder {
    fn hold(counter: &'static LocalKey<Cell<u32>>) -> Holder {
        counter.with(|n| n.set(n.get().saturating_add(1)));
        Holder(counter)
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        self.0.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Held while a page reads; dropping it lets background writes go on.
pub struct Foreground {
    _held: Holder,
}

impl Foreground {
    pub fn hold() -> Foreground {
        Foreground {
            _held: Holder::hold(&HELD),
        }
    }
}

/// Held by a page that waits for the background work itself (the Points
/// page shows the balances once the sweep is done): while one is held,
/// background batches do not wait for page reads.
pub struct Urgent {
    _held: Holder,
}

impl Urgent {
    pub fn hold() -> Urgent {
        Urgent {
            _held: Holder::hold(&URGENT),
        }
    }
}

/// How many page reads are running now.
pub fn reading() -> u32 {
    HELD.with(Cell::get)
}

/// Waits until no page is reading, or [`MAX_WAIT_MS`] has passed; not at all
/// while an [`Urgent`] is held.
pub async fn after_page_reads() {
    let mut waited = 0;
    while reading() > 0 && URGENT.with(Cell::get) == 0 && waited < MAX_WAIT_MS {
        gloo::timers::future::TimeoutFuture::new(POLL_MS).await;
        waited += POLL_MS;
    }
}
