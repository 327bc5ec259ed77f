#![cfg(not(target_arch = "wasm32"))]
//! The hybrid logical clock never goes back, whatever the phone's clock does.

use doorstep::domain::clock::{Hlc, HlcClock, MAX_COUNTER};

const DEVICE: &str = "6f1c2a7e-3b9d-4c1e-8a2f-0d5b7e9c1a01";
const OTHER: &str = "a90e4b3c-1d2f-4e5a-9b6c-7d8e9f0a1b02";
const T0: u64 = 1_764_149_400_000;

#[test]
fn timestamps_increase_when_the_wall_clock_goes_back_and_jumps() {
    let mut clock = HlcClock::new(DEVICE);
    let walls = [
        T0,
        T0,
        T0 + 5,
        T0 - 60_000,
        T0 - 86_400_000,
        T0 + 31_536_000_000,
        T0,
        T0 + 1,
        0,
    ];
    let stamps: Vec<Hlc> = walls.iter().map(|&wall| clock.tick(wall)).collect();
    for pair in stamps.windows(2) {
        assert!(pair[0] < pair[1], "{} then {}", pair[0], pair[1]);
        // The text form orders the same way: that is what the store sorts by.
        assert!(pair[0].to_string() < pair[1].to_string());
    }
    assert_eq!(
        stamps[0].to_string(),
        format!("1764149400000-00000-{DEVICE}")
    );
    assert_eq!(
        stamps[1].to_string(),
        format!("1764149400000-00001-{DEVICE}")
    );
    assert_eq!(
        stamps[2].to_string(),
        format!("1764149400005-00000-{DEVICE}")
    );
    // After the clock went back a minute, the counter carries on.
    assert_eq!(
        stamps[3].to_string(),
        format!("1764149400005-00001-{DEVICE}")
    );
    // After a jump a year ahead, the clock stays ahead even when the wall comes back.
    assert_eq!(stamps[6].millis, T0 + 31_536_000_000);
    assert_eq!(stamps[6].counter, 1);
}

#[test]
fn counter_overflow_moves_to_the_next_millisecond() {
    let mut clock = HlcClock::new(DEVICE);
    clock.last_millis = T0;
    clock.last_counter = MAX_COUNTER - 1;
    assert_eq!(clock.tick(T0).counter, MAX_COUNTER);
    let next = clock.tick(T0);
    assert_eq!((next.millis, next.counter), (T0 + 1, 0));
    assert_eq!(next.to_string(), format!("1764149400001-00000-{DEVICE}"));
}

#[test]
fn parse_and_format_round_trip() {
    let text = format!("1764149400000-00003-{DEVICE}");
    let hlc = Hlc::parse(&text).expect("well formed");
    assert_eq!(hlc.millis, 1_764_149_400_000);
    assert_eq!(hlc.counter, 3);
    assert_eq!(hlc.device, DEVICE);
    assert_eq!(hlc.to_string(), text);
    let small = Hlc {
        millis: 42,
        counter: 7,
        device: "d".into(),
    };
    assert_eq!(small.to_string(), "0000000000042-00007-d");
    assert_eq!(Hlc::parse(&small.to_string()), Some(small));
    let json = serde_json::to_string(&hlc).expect("serializes");
    assert_eq!(json, format!("\"{text}\""));
    assert_eq!(serde_json::from_str::<Hlc>(&json).ok(), Some(hlc));
}

#[test]
fn malformed_clocks_are_refused() {
    for bad in [
        "",
        "1764149400000-00003-",
        "1764149400000-3-dev",
        "176414940000-00003-dev",
        "17641494000000-00003-dev",
        "1764149400000_00003_dev",
        "1764149400000-0000x-dev",
        "+764149400000-00003-dev",
        "1764149400000-00003-has space",
        "二〇二六年十一月二十六日-00003-dev",
        "yesterday",
    ] {
        assert_eq!(Hlc::parse(bad), None, "{bad:?} must be refused");
    }
    assert!(serde_json::from_str::<Hlc>("\"yesterday\"").is_err());
}

#[test]
fn observing_a_remote_clock_puts_the_next_tick_after_it() {
    let mut clock = HlcClock::new(DEVICE);
    clock.tick(T0);
    // A device whose clock runs an hour fast.
    let remote = Hlc {
        millis: T0 + 3_600_000,
        counter: 12,
        device: OTHER.into(),
    };
    clock.observe(&remote, T0 + 10);
    let next = clock.tick(T0 + 20);
    assert!(next > remote);
    assert_eq!((next.millis, next.counter), (remote.millis, 13));
    assert_eq!(next.device, DEVICE);

    // An older remote changes nothing.
    let old = Hlc {
        millis: T0 - 1_000,
        counter: 0,
        device: OTHER.into(),
    };
    clock.observe(&old, T0);
    let after_old = clock.tick(T0);
    assert!(after_old > next);

    // Observed while the wall clock is ahead, then the wall clock goes back.
    let mut clock = HlcClock::new(DEVICE);
    let remote = Hlc {
        millis: T0,
        counter: 99,
        device: OTHER.into(),
    };
    clock.observe(&remote, T0 + 60_000);
    assert!(clock.tick(T0 - 60_000) > remote);
}

#[test]
fn the_clock_state_survives_a_reload() {
    let mut clock = HlcClock::new(DEVICE);
    let before = clock.tick(T0);
    let saved = serde_json::to_string(&clock).expect("serializes");
    let mut reloaded: HlcClock = serde_json::from_str(&saved).expect("deserializes");
    assert_eq!(reloaded, clock);
    assert!(reloaded.tick(T0 - 5_000) > before);
}
