#![cfg(not(target_arch = "wasm32"))]
//! The encrypted envelope (BUNDLE_FORMAT §6): written and read back exactly;
//! every malformed or unsupported part refused with its field named. (The
//! encryption itself is WebCrypto: tests/browser_crypto.rs.)

use doorstep::domain::bundle::{parse_bundle, BundleError};
use doorstep::domain::envelope::{
    encrypted_file_name, is_encrypted, parse_envelope, write_envelope, Envelope, KDF_ITERATIONS,
};
use serde_json::{json, Value};

fn envelope() -> Envelope {
    Envelope {
        iterations: KDF_ITERATIONS,
        salt: (0u8..16).collect(),
        iv: (100u8..112).collect(),
        ciphertext: (0u8..64).map(|b| b.wrapping_mul(7)).collect(),
    }
}

#[test]
fn an_envelope_is_written_as_section_6_says_and_read_back_exactly() {
    let text = write_envelope(&envelope());
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format"], "doorstep.bundle.encrypted");
    assert_eq!(value["format_version"], 1);
    assert_eq!(value["kdf"]["name"], "PBKDF2-SHA256");
    assert_eq!(value["kdf"]["iterations"], 600_000);
    assert_eq!(value["cipher"]["name"], "AES-256-GCM");
    assert_eq!(
        value["kdf"]["salt"], "AAECAwQFBgcICQoLDA0ODw==",
        "standard base64"
    );
    assert!(is_encrypted(text.as_bytes()));
    assert_eq!(parse_envelope(text.as_bytes()).unwrap(), envelope());
    // The plain bundle parser recognises it and asks for the passphrase.
    assert_eq!(
        parse_bundle(text.as_bytes()).unwrap_err(),
        BundleError::Encrypted
    );
    assert_eq!(
        encrypted_file_name("doorstep-张丽-full-2026-11-26.json"),
        "doorstep-张丽-full-2026-11-26.encrypted.json"
    );
}

#[test]
fn a_plain_bundle_or_junk_is_not_taken_for_an_envelope() {
    assert!(!is_encrypted(
        br#"{"format":"doorstep.bundle","format_version":1}"#
    ));
    assert!(!is_encrypted(b"not json"));
    assert!(!is_encrypted(b"[]"));
}

#[test]
fn malformed_or_unsupported_envelopes_name_the_field() {
    let good: Value = serde_json::from_str(&write_envelope(&envelope())).unwrap();
    let with = |path: &[&str], v: Value| {
        let mut e = good.clone();
        let mut target = &mut e;
        for key in &path[..path.len() - 1] {
            target = target.get_mut(*key).unwrap();
        }
        target[path[path.len() - 1]] = v;
        parse_envelope(e.to_string().as_bytes()).unwrap_err()
    };
    let field = |f: &str| BundleError::BadEnvelope { field: f.into() };
    assert_eq!(with(&["kdf", "name"], json!("scrypt")), field("kdf.name"));
    assert_eq!(
        with(&["kdf", "iterations"], json!(0)),
        field("kdf.iterations")
    );
    assert_eq!(
        with(&["kdf", "iterations"], json!(1_000_000_000u64)),
        field("kdf.iterations"),
        "a file must not make the phone work for minutes"
    );
    assert_eq!(
        with(&["kdf", "salt"], json!("@@not base64@@")),
        field("kdf.salt")
    );
    assert_eq!(
        with(&["cipher", "name"], json!("AES-128-CBC")),
        field("cipher.name")
    );
    assert_eq!(
        with(&["cipher", "iv"], json!("AAEC")),
        field("cipher.iv"),
        "12 bytes only"
    );
    assert_eq!(
        with(&["ciphertext"], json!("AAEC")),
        field("ciphertext"),
        "shorter than a GCM tag"
    );
    assert_eq!(
        with(&["format_version"], json!(2)),
        BundleError::NewerVersion { found: 2 }
    );
    assert!(matches!(
        parse_envelope(b"{ nope"),
        Err(BundleError::NotJson { .. })
    ));
}

#[test]
fn the_new_refusals_say_what_to_do_in_both_languages() {
    for err in [BundleError::Encrypted, BundleError::WrongPassphrase] {
        let text = err.text();
        assert!(
            text.zh.contains("口令") && text.zh.contains("没有导入任何数据"),
            "{}",
            text.zh
        );
        assert!(
            text.en.contains("passphrase") && text.en.contains("Nothing was imported"),
            "{}",
            text.en
        );
    }
}
