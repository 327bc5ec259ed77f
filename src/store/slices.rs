//! Long work on the page's thread cut into slices of about
//! [`SLICE_MS`], with a turn of the event loop between them, so the page
//! paints and answers taps meanwhile. At a district's size (42,500 members,
//! 127,500 demands) decoding or counting everything at once held the page
//! for 0.3–0.4 s when the demand list or the dashboard opened.

/// How long one slice may hold the page.
pub const SLICE_MS: f64 = 40.0;

/// The clock of the current slice.
#[derive(Debug)]
pub struct Slices {
    began: f64,
}

impl Default for Slices {
    fn default() -> Self {
        Slices::new()
    }
}

impl Slices {
    /// A slice beginning now.
    pub fn new() -> Slices {
        Slices {
            began: super::profile::now(),
        }
    }

    /// Gives the event loop a turn when the slice has lasted [`SLICE_MS`];
    /// call it between small steps of the work.
    pub async fn breathe(&mut self) {
        if super::profile::now() - self.began > SLICE_MS {
            gloo::timers::future::TimeoutFuture::new(0).await;
            self.began = super::profile::now();
        }
    }
}
