//! The app lock's pure rules: the passphrase a person may choose, the
//! wrapped-key text as stored, sealed bodies, and the wait after wrong tries.

use doorstep::domain::envelope::KDF_ITERATIONS;
use doorstep::domain::lock::*;

#[test]
fn a_pin_needs_six_digits_and_a_passphrase_eight_characters() {
    assert_eq!(
        check_new_passphrase("12345", "12345"),
        Err(PassphraseProblem::PinTooShort)
    );
    assert_eq!(check_new_passphrase("123456", "123456"), Ok(()));
    assert_eq!(
        check_new_passphrase("abc1234", "abc1234"),
        Err(PassphraseProblem::TooShort)
    );
    // Characters, not bytes: seven Chinese characters are 21 bytes and still too short.
    assert_eq!(
        check_new_passphrase("汤边社区居民们", "汤边社区居民们"),
        Err(PassphraseProblem::TooShort)
    );
    assert_eq!(
        check_new_passphrase("汤边社区居民代表", "汤边社区居民代表"),
        Ok(())
    );
    assert_eq!(
        check_new_passphrase("", ""),
        Err(PassphraseProblem::TooShort)
    );
    assert_eq!(
        check_new_passphrase("horse battery", "horse batterY"),
        Err(PassphraseProblem::Mismatch)
    );
    assert_eq!(
        check_new_passphrase("123456", "123465"),
        Err(PassphraseProblem::Mismatch)
    );
}

#[test]
fn waits_start_after_five_wrong_tries_and_double_up_to_an_hour() {
    let waits: Vec<u64> = (0..=12).map(wait_after).collect();
    assert_eq!(
        waits,
        vec![0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600]
    );
    assert_eq!(
        wait_after(u32::MAX),
        3600,
        "no overflow, however many tries"
    );
}

#[test]
fn the_wait_is_counted_from_the_wrong_try_and_cleared_by_the_right_one() {
    let now = 1_790_000_000_000u64;
    let mut attempts = Attempts::default();
    for _ in 0..4 {
        attempts = attempts.after_failure(now);
        assert_eq!(attempts.seconds_to_wait(now), 0);
    }
    attempts = attempts.after_failure(now);
    assert_eq!(attempts.failures, 5);
    assert_eq!(attempts.seconds_to_wait(now), 30);
    assert_eq!(attempts.seconds_to_wait(now + 29_001), 1, "rounded up");
    assert_eq!(attempts.seconds_to_wait(now + 30_000), 0);
    attempts = attempts.after_failure(now + 30_000);
    assert_eq!(attempts.seconds_to_wait(now + 30_000), 60);
    // Stored as JSON in the device's settings: it survives a reload unchanged.
    let text = serde_json::to_string(&attempts).unwrap();
    assert_eq!(serde_json::from_str::<Attempts>(&text).unwrap(), attempts);
    assert_eq!(attempts.after_success(), Attempts::default());
}

fn sample() -> WrappedKey {
    WrappedKey {
        iterations: KDF_ITERATIONS,
        salt: (0u8..16).collect(),
        iv: vec![7; 12],
        wrapped: vec![9; 48],
        check: write_sealed(&[1; 12], &[2; 42]),
    }
}

#[test]
fn a_wrapped_key_reads_back_exactly_and_holds_only_base64() {
    let key = sample();
    let text = key.to_json();
    assert_eq!(WrappedKey::from_json(&text), Ok(key.clone()));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format"], 1);
    assert_eq!(value["kdf"], "PBKDF2-SHA256");
    assert_eq!(value["iterations"], 600_000);
    assert!(!key.needs_stronger_kdf());
    assert!(WrappedKey {
        iterations: 100_000,
        ..key
    }
    .needs_stronger_kdf());
}

#[test]
fn a_damaged_wrapped_key_names_what_is_wrong() {
    let text = sample().to_json();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let with = |field: &str, new: serde_json::Value| {
        let mut v = value.clone();
        v[field] = new;
        WrappedKey::from_json(&v.to_string())
    };
    let malformed = |f: &str| Err(WrappedKeyError::Malformed(f.to_owned()));
    assert_eq!(
        with("format", 2.into()),
        Err(WrappedKeyError::NewerFormat(2))
    );
    assert_eq!(with("format", 0.into()), malformed("format"));
    assert_eq!(with("kdf", "scrypt".into()), malformed("kdf"));
    assert_eq!(with("iterations", 0.into()), malformed("iterations"));
    assert_eq!(
        with("iterations", 50_000_000.into()),
        malformed("iterations")
    );
    assert_eq!(with("salt", "AAEC".into()), malformed("salt"));
    assert_eq!(with("iv", "not base64!".into()), malformed("iv"));
    assert_eq!(with("wrapped", "AAAA".into()), malformed("wrapped"));
    assert_eq!(with("check", "{\"plain\":1}".into()), malformed("check"));
    value.as_object_mut().unwrap().remove("salt");
    assert_eq!(WrappedKey::from_json(&value.to_string()), malformed("json"));
    assert_eq!(WrappedKey::from_json("not json"), malformed("json"));
}

#[test]
fn sealed_bodies_are_told_from_plain_ones() {
    let sealed = write_sealed(&[3; 12], &[4; 20]);
    assert!(is_sealed(&sealed));
    assert_eq!(parse_sealed(&sealed), Some((vec![3; 12], vec![4; 20])));
    assert!(!is_sealed("{\"id\":\"d1\"}"));
    assert_eq!(parse_sealed("{\"id\":\"d1\"}"), None);
    // A wrong nonce size, or a ciphertext shorter than GCM's tag: damaged.
    assert_eq!(parse_sealed(&write_sealed(&[3; 11], &[4; 20])), None);
    assert_eq!(parse_sealed(&write_sealed(&[3; 12], &[4; 15])), None);
    assert_eq!(parse_sealed("sealed1:AAAA"), None);
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn the_body_key_is_standard_aes_256_gcm() {
    // GCM specification (McGrew & Viega), test case 14: 256-bit zero key,
    // 96-bit zero nonce, 16 zero bytes of plain text.
    let key = BodyKey::from_bytes(&[0u8; 32]).expect("32 bytes");
    let expected = [
        hex("cea7403d4d606b6e074ec5d3baf39d18"),
        hex("d0d1c8a799996bf0265b98b5d48ab919"),
    ]
    .concat();
    assert_eq!(
        key.seal(&[0u8; 12], &[0u8; 16]),
        write_sealed(&[0u8; 12], &expected)
    );
    assert!(BodyKey::from_bytes(&[0u8; 31]).is_none());
    assert!(BodyKey::from_bytes(&[0u8; 33]).is_none());
}

#[test]
fn a_sealed_body_opens_only_with_its_key_and_unaltered() {
    let key = BodyKey::from_bytes(&[7u8; 32]).expect("key");
    let other = BodyKey::from_bytes(&[8u8; 32]).expect("key");
    let plain = "{\"resident_name\":\"欧阳秀英\"}".as_bytes();
    let sealed = key.seal(&[1u8; 12], plain);
    assert!(is_sealed(&sealed));
    assert!(!sealed.contains("欧阳"));
    assert_eq!(key.open(&sealed).as_deref(), Some(plain));
    assert_eq!(other.open(&sealed), None, "another key");
    // Another nonce, another text: equal bodies do not show as equal.
    assert_ne!(key.seal(&[2u8; 12], plain), sealed);
    // One flipped bit anywhere in the ciphertext fails GCM's check.
    let (iv, mut ciphertext) = parse_sealed(&sealed).expect("parse");
    ciphertext[3] ^= 1;
    assert_eq!(key.open(&write_sealed(&iv, &ciphertext)), None);
    assert_eq!(key.open("{\"plain\":true}"), None, "not a sealed text");
}

#[test]
fn sealed_photo_bytes_carry_a_marker_and_open_only_unaltered() {
    let key = BodyKey::from_bytes(&[9u8; 32]).expect("key");
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5];
    assert!(
        !are_sealed_bytes(&jpeg),
        "a plain JPEG is not taken as sealed"
    );
    let sealed = key.seal_bytes(&[3u8; 12], &jpeg);
    assert!(are_sealed_bytes(&sealed));
    assert_eq!(sealed.len(), 1 + 12 + jpeg.len() + 16);
    assert_eq!(key.open_bytes(&sealed).as_deref(), Some(&jpeg[..]));
    let mut altered = sealed.clone();
    let last = altered.len() - 1;
    altered[last] ^= 0x80;
    assert_eq!(key.open_bytes(&altered), None);
    assert_eq!(key.open_bytes(&sealed[..20]), None, "cut short");
    assert_eq!(key.open_bytes(&jpeg), None);
}
