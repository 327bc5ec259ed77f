//! Hybrid logical clocks: revision timestamps that only move forward on a device.
//!
//! An [`Hlc`] is written `"<13-digit millis>-<5-digit counter>-<device id>"`
//! (BUNDLE_FORMAT §2), so plain string comparison orders revisions in time,
//! and the device id makes ties between devices impossible.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest millisecond value that fits in 13 digits (year 2286).
pub const MAX_MILLIS: u64 = 9_999_999_999_999;
/// The largest counter that fits in 5 digits; one more bumps the milliseconds.
pub const MAX_COUNTER: u32 = 99_999;

/// One hybrid-logical-clock timestamp. Ordered by (millis, counter, device),
/// which is the order of its text form.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    pub millis: u64,
    pub counter: u32,
    pub device: String,
}

impl Hlc {
    /// Reads the text form; `None` unless it is exactly 13 digits, `-`,
    /// 5 digits, `-`, and a non-empty device id without spaces or controls.
    pub fn parse(text: &str) -> Option<Hlc> {
        let bytes = text.as_bytes();
        if bytes.len() < 21 || bytes[13] != b'-' || bytes[19] != b'-' {
            return None;
        }
        // `get` rather than indexing: a multi-byte character must not panic.
        let millis = digits(text.get(..13)?)?;
        let counter = u32::try_from(digits(text.get(14..19)?)?).ok()?;
        let device = text.get(20..)?;
        let device_ok = device
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control());
        if !device_ok {
            return None;
        }
        Some(Hlc {
            millis,
            counter,
            device: device.to_owned(),
        })
    }
}

fn digits(text: &str) -> Option<u64> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:013}-{:05}-{}", self.millis, self.counter, self.device)
    }
}

impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Hlc::parse(&text).ok_or_else(|| serde::de::Error::custom("malformed hlc"))
    }
}

/// The clock of one device: remembers the last timestamp it issued or saw.
///
/// Persist it (it is serde) so a reload never issues an older timestamp.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HlcClock {
    pub device: String,
    pub last_millis: u64,
    pub last_counter: u32,
}

impl HlcClock {
    /// A fresh clock for `device` that has issued nothing yet.
    pub fn new(device: &str) -> Self {
        HlcClock {
            device: device.to_owned(),
            last_millis: 0,
            last_counter: 0,
        }
    }

    /// The next timestamp: the wall clock when it is ahead, otherwise one
    /// counter step past the last one, so it never goes back even when the
    /// phone's clock does. A counter past 99999 moves on to the next millisecond.
    pub fn tick(&mut self, wall_ms: u64) -> Hlc {
        let wall = wall_ms.min(MAX_MILLIS);
        if wall > self.last_millis {
            self.last_millis = wall;
            self.last_counter = 0;
        } else if self.last_counter < MAX_COUNTER {
            self.last_counter += 1;
        } else if self.last_millis < MAX_MILLIS {
            self.last_millis += 1;
            self.last_counter = 0;
        }
        // At MAX_MILLIS with a full counter (year 2286) the clock stays put.
        self.current()
    }

    /// Takes note of a timestamp from elsewhere (an imported revision), so the
    /// next [`tick`](Self::tick) is later than it. The wall clock needs no
    /// note here: `tick` reads it anyway; the parameter keeps call sites uniform.
    pub fn observe(&mut self, remote: &Hlc, _wall_ms: u64) {
        let remote_pos = (
            remote.millis.min(MAX_MILLIS),
            remote.counter.min(MAX_COUNTER),
        );
        let (millis, counter) = (self.last_millis, self.last_counter).max(remote_pos);
        self.last_millis = millis;
        self.last_counter = counter;
    }

    /// The last timestamp issued or observed, stamped with this device.
    fn current(&self) -> Hlc {
        Hlc {
            millis: self.last_millis,
            counter: self.last_counter,
            device: self.device.clone(),
        }
    }
}
