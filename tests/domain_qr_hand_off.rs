//! The QR hand-off framing: deflate, fountain frames, peeling, checksums —
//! and the QR codes themselves, encoded and read back.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::domain::bundle::{parse_bundle, write_bundle, DeviceInfo, Scope};
use doorstep::domain::demo::demo_district;
use doorstep::domain::qr_hand_off::{
    decode_luma, frame_to_qr, mixed_fragments, parse_frame, QrError, Received, Receiver, Sender,
    MAX_FRAGMENT_BYTES, QR_MAX_COMPRESSED,
};
use proptest::prelude::*;

/// A small deterministic PRNG for the tests' drops and shuffles.
struct Dice(u64);
impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A day's canvassing from one representative's phone: 30 demands with their
/// events and 60 door visits, written as the bundle file the app exports.
fn day_of_canvassing() -> String {
    let all = demo_district("2026-11-29");
    let demands: Vec<_> = all.iter().filter(|r| r.kind == "demand").take(30).collect();
    let ids: Vec<&str> = demands.iter().map(|r| r.id.as_str()).collect();
    let events = all.iter().filter(|r| {
        r.kind == "demand_event"
            && r.data
                .as_ref()
                .and_then(|d| d.get("demand_id"))
                .and_then(|v| v.as_str())
                .is_some_and(|id| ids.contains(&id))
    });
    let visits = all.iter().filter(|r| r.kind == "visit").take(60);
    let records: Vec<_> = demands
        .iter()
        .copied()
        .chain(events)
        .chain(visits)
        .cloned()
        .collect();
    write_bundle(
        "0.1.0",
        "2026-11-29T18:00:00+08:00",
        &DeviceInfo {
            id: "6f1c1c8e-3b7a-4c1e-9a55-0d6f0c7e2b11".into(),
            label: "王芳的手机".into(),
        },
        &Scope::Delta {
            since: "2026-11-28T18:00:00+08:00".into(),
        },
        &records,
    )
}

/// Feeds frames to a receiver until it completes; returns how many were fed.
fn receive_all(receiver: &mut Receiver, frames: impl IntoIterator<Item = Vec<u8>>) -> usize {
    let mut fed = 0;
    for frame in frames {
        receiver.receive(&frame);
        fed += 1;
        if receiver.is_complete() {
            break;
        }
    }
    fed
}

#[test]
fn every_frame_in_order_gives_back_the_exact_bundle() {
    let bundle = day_of_canvassing();
    let sender = Sender::new(bundle.as_bytes()).unwrap();
    let mut receiver = Receiver::new();
    let fed = receive_all(
        &mut receiver,
        (0..sender.fragment_count() as u32).map(|i| sender.frame(i)),
    );
    assert_eq!(fed, sender.fragment_count(), "one pass is enough");
    assert_eq!(receiver.bundle().unwrap().unwrap(), bundle.as_bytes());
    // The bytes are the bundle file: it parses and its digest checks.
    assert!(parse_bundle(&receiver.bundle().unwrap().unwrap()).is_ok());
}

#[test]
fn thirty_percent_dropped_and_reordered_still_completes_exactly() {
    let bundle = day_of_canvassing();
    let sender = Sender::new(bundle.as_bytes()).unwrap();
    let k = sender.fragment_count() as u32;
    assert!(
        k > 10,
        "the test needs a message of many fragments, has {k}"
    );
    for seed in 1..=20u64 {
        let mut dice = Dice(0x9e37_79b9 ^ seed.wrapping_mul(0x1234_5678_9abc));
        // The sender loops: first pass then fountain frames. The camera misses
        // 30% of them and sees the rest in a scrambled order (windows of 16).
        let shown: Vec<u32> = (0..k * 4).filter(|_| dice.below(100) >= 30).collect();
        let mut seen = shown.clone();
        for chunk in seen.chunks_mut(16) {
            for i in (1..chunk.len()).rev() {
                chunk.swap(i, dice.below(i as u64 + 1) as usize);
            }
        }
        let mut receiver = Receiver::new();
        let fed = receive_all(&mut receiver, seen.iter().map(|&i| sender.frame(i)));
        assert!(
            receiver.is_complete(),
            "seed {seed}: incomplete after {fed} frames"
        );
        assert_eq!(
            receiver.bundle().unwrap().unwrap(),
            bundle.as_bytes(),
            "seed {seed}"
        );
        println!("seed {seed}: {fed} frames for {k} fragments");
        // A missed frame costs a few frames, never a restart.
        assert!(
            (fed as u32) <= k + 8,
            "seed {seed}: needed {fed} frames for {k} fragments"
        );
    }
}

#[test]
fn without_the_first_pass_fountain_frames_alone_complete() {
    let bundle = day_of_canvassing();
    let sender = Sender::new(bundle.as_bytes()).unwrap();
    let k = sender.fragment_count() as u32;
    let mut receiver = Receiver::new();
    // A receiver that arrives late sees only fountain frames.
    let fed = receive_all(&mut receiver, (k..k * 10).map(|i| sender.frame(i)));
    assert!(
        receiver.is_complete(),
        "incomplete after {fed} fountain frames"
    );
    assert_eq!(receiver.bundle().unwrap().unwrap(), bundle.as_bytes());
}

#[test]
fn corrupted_frames_are_rejected_and_never_used() {
    let bundle = day_of_canvassing();
    let sender = Sender::new(bundle.as_bytes()).unwrap();
    let k = sender.fragment_count() as u32;
    let mut receiver = Receiver::new();
    // Every byte position of a frame, flipped in turn: each copy is refused.
    let frame = sender.frame(3);
    for at in 0..frame.len() {
        let mut bad = frame.clone();
        bad[at] ^= 0x40;
        assert_eq!(receiver.receive(&bad), Received::Damaged, "byte {at}");
    }
    // Cut short, empty, or a stranger's QR code: refused too.
    assert_eq!(
        receiver.receive(&frame[..frame.len() - 1]),
        Received::Damaged
    );
    assert_eq!(receiver.receive(b""), Received::Damaged);
    assert_eq!(receiver.receive(b"https://example.com/"), Received::Damaged);
    assert_eq!(receiver.progress().0, 0, "nothing damaged was used");
    assert_eq!(receiver.damaged, frame.len() + 3);
    // The real frames then complete the exact bundle.
    receive_all(&mut receiver, (0..k).map(|i| sender.frame(i)));
    assert_eq!(receiver.bundle().unwrap().unwrap(), bundle.as_bytes());
}

#[test]
fn frames_of_another_message_are_ignored() {
    let bundle = day_of_canvassing();
    let other = bundle.replace("王芳", "李强");
    let (a, b) = (
        Sender::new(bundle.as_bytes()).unwrap(),
        Sender::new(other.as_bytes()).unwrap(),
    );
    let mut receiver = Receiver::new();
    let mut frames = Vec::new();
    for i in 0..a.fragment_count() as u32 {
        frames.push(a.frame(i));
        frames.push(b.frame(i));
    }
    receive_all(&mut receiver, frames);
    assert!(receiver.other > 0);
    assert_eq!(receiver.bundle().unwrap().unwrap(), bundle.as_bytes());
    assert_eq!(receiver.receive(&a.frame(0)), Received::Repeat);
}

#[test]
fn too_large_for_qr_is_refused_with_its_size() {
    // Incompressible bytes past the limit.
    let mut dice = Dice(42);
    let noise: Vec<u8> = (0..QR_MAX_COMPRESSED + 1000)
        .map(|_| dice.next() as u8)
        .collect();
    match Sender::new(&noise) {
        Err(QrError::TooLarge { compressed }) => assert!(compressed > QR_MAX_COMPRESSED),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(QrError::TooLarge {
        compressed: 250_000
    }
    .text()
    .en
    .contains("250 KB"));
}

#[test]
fn fountain_frames_mix_distinct_fragments_the_same_way_on_both_sides() {
    let sender = Sender::new(day_of_canvassing().as_bytes()).unwrap();
    let header = sender.header();
    let k = sender.fragment_count();
    let mut mixed = 0usize;
    for index in 0..2000u32 {
        let parts = mixed_fragments(&header, index);
        assert!(!parts.is_empty() && parts.len() <= k);
        assert!(parts.windows(2).all(|w| w[0] < w[1]), "distinct and sorted");
        assert_eq!(parts, mixed_fragments(&header, index), "deterministic");
        if (index as usize) < k {
            assert_eq!(parts, vec![index as usize], "the first pass is systematic");
        } else {
            mixed += parts.len();
        }
    }
    // A fountain frame mixes about half the fragments.
    let mean = mixed as f64 / (2000 - k) as f64 / k as f64;
    assert!((0.45..0.55).contains(&mean), "mean share mixed: {mean}");
}

/// Renders QR modules as a greyscale image: `scale` px a module, 4-module quiet zone.
fn render(modules: &doorstep::domain::qr_hand_off::QrModules, scale: usize) -> (usize, Vec<u8>) {
    let side = (modules.width + 8) * scale;
    let mut luma = vec![255u8; side * side];
    for y in 0..modules.width {
        for x in 0..modules.width {
            if modules.dark[y * modules.width + x] {
                for dy in 0..scale {
                    let row = (y + 4) * scale + dy;
                    for dx in 0..scale {
                        luma[row * side + (x + 4) * scale + dx] = 0;
                    }
                }
            }
        }
    }
    (side, luma)
}

#[test]
fn frames_survive_a_real_qr_code_round_trip() {
    let bundle = day_of_canvassing();
    let sender = Sender::new(bundle.as_bytes()).unwrap();
    let mut receiver = Receiver::new();
    let mut width = None;
    for i in 0..sender.fragment_count() as u32 + 3 {
        let frame = sender.frame(i);
        let modules = frame_to_qr(&frame).expect("a frame fits a QR code");
        // Every frame has the same size: a steady code for the camera.
        assert_eq!(*width.get_or_insert(modules.width), modules.width);
        let (side, luma) = render(&modules, 3);
        let decoded = decode_luma(side, side, &luma);
        assert_eq!(decoded, vec![frame.clone()], "frame {i}");
        receiver.receive(&decoded[0]);
    }
    assert_eq!(receiver.bundle().unwrap().unwrap(), bundle.as_bytes());
    // 400-byte fragments fit version 13 (69 modules) at level L.
    assert_eq!(width, Some(69));
}

#[test]
fn a_damaged_qr_image_yields_no_frame() {
    let sender = Sender::new(b"{\"format\":\"doorstep-bundle\"}").unwrap();
    let modules = frame_to_qr(&sender.frame(0)).unwrap();
    let (side, mut luma) = render(&modules, 4);
    // A black band through the middle: more than level L can correct.
    for y in side / 3..side * 2 / 3 {
        for x in 0..side {
            luma[y * side + x] = 0;
        }
    }
    let decoded = decode_luma(side, side, &luma);
    assert!(decoded.iter().all(|bytes| parse_frame(bytes).is_err()));
}

/// Measures a day's canvassing and the three ways of putting bytes in a QR
/// code at the version the frames use; printed with `--nocapture`.
#[test]
fn a_days_canvassing_fits_in_thirty_seconds() {
    use qrcode::{bits::Bits, EcLevel, Version};
    let bundle = day_of_canvassing();
    let sender = Sender::new(bundle.as_bytes()).unwrap();
    let k = sender.fragment_count();
    // Capacity of version 13-L in each mode, found by filling it.
    let fits = |n: usize, push: &dyn Fn(&mut Bits, &[u8]) -> bool, byte: u8| {
        let mut bits = Bits::new(Version::Normal(13));
        push(&mut bits, &vec![byte; n]) && bits.push_terminator(EcLevel::L).is_ok()
    };
    let max = |push: &dyn Fn(&mut Bits, &[u8]) -> bool, byte: u8| {
        (1..2000)
            .take_while(|&n| fits(n, push, byte))
            .last()
            .unwrap_or(0)
    };
    let raw = max(&|b, d| b.push_byte_data(d).is_ok(), 0xA5);
    let alnum_chars = max(&|b, d| b.push_alphanumeric_data(d).is_ok(), b'A');
    let base45 = alnum_chars / 3 * 2; // base45: 2 bytes in 3 characters
    let base64 = raw / 4 * 3; // base64 in byte mode: 3 bytes in 4 characters
    println!(
        "bundle {} B, deflated {} B, {} fragments of {} B",
        bundle.len(),
        sender.compressed_len(),
        k,
        sender.header().fragment_len()
    );
    println!("version 13-L payload bytes: raw byte mode {raw}, base45 alphanumeric {base45}, base64 byte mode {base64}");
    assert!(
        raw >= MAX_FRAGMENT_BYTES + 21,
        "the frame fits version 13-L"
    );
    assert!(raw > base45 && base45 > base64, "raw bytes carry the most");
    // At 5 frames a second, one pass plus a third for misses.
    let seconds = (k as f64 * 1.34) / 5.0;
    println!(
        "transfer at 5 frames/s: one pass {:.1} s, with 30% missed about {seconds:.1} s",
        k as f64 / 5.0
    );
    assert!(seconds <= 30.0, "{seconds} s");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any bytes, any drop pattern: the frames that arrive complete the exact bytes.
    #[test]
    fn any_bytes_survive_drops(data in proptest::collection::vec(any::<u8>(), 0..6000), seed in any::<u64>()) {
        let sender = Sender::new(&data).unwrap();
        let k = sender.fragment_count() as u32;
        let mut dice = Dice(seed | 1);
        let mut receiver = Receiver::new();
        let fed = receive_all(
            &mut receiver,
            (0..k * 20).filter(|_| dice.below(10) >= 3).map(|i| sender.frame(i)),
        );
        prop_assert!(receiver.is_complete(), "incomplete after {} frames of {} fragments", fed, k);
        prop_assert_eq!(receiver.bundle().unwrap().unwrap(), data);
    }
}
