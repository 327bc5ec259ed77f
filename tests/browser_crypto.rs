#![cfg(target_arch = "wasm32")]
//! Encrypted bundles with the browser's own WebCrypto: a round trip, a wrong
//! passphrase, an altered file, and plain files passing through untouched.

use doorstep::app::crypto::{decrypt, encrypt_bundle, open_bundle_bytes};
use doorstep::domain::bundle::{parse_bundle, write_bundle, BundleError, DeviceInfo, Scope};
use doorstep::domain::envelope::{parse_envelope, write_envelope, KDF_ITERATIONS};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn plain() -> String {
    let device = DeviceInfo {
        id: "d1".into(),
        label: "张丽 · 汤边社区".into(),
    };
    write_bundle("test", "2026-11-26T08:00:00Z", &device, &Scope::Full, &[])
}

#[wasm_bindgen_test]
async fn encrypted_bundles_open_only_with_their_passphrase() {
    let plain = plain();
    let sealed = encrypt_bundle(&plain, "正确的口令 horse")
        .await
        .expect("encrypt");
    assert!(
        !sealed.contains("张丽"),
        "nothing readable is left in the file"
    );
    let envelope = parse_envelope(sealed.as_bytes()).expect("an envelope");
    assert_eq!(envelope.iterations, KDF_ITERATIONS);
    assert_eq!(envelope.iv.len(), 12);

    let opened = open_bundle_bytes(sealed.clone().into_bytes(), "正确的口令 horse")
        .await
        .expect("open");
    assert_eq!(opened, plain.as_bytes());
    assert!(parse_bundle(&opened).is_ok());

    assert_eq!(
        open_bundle_bytes(sealed.clone().into_bytes(), "正确的口令 Horse").await,
        Err(BundleError::WrongPassphrase),
        "passphrases are case-sensitive"
    );
    assert_eq!(
        open_bundle_bytes(sealed.clone().into_bytes(), "").await,
        Err(BundleError::Encrypted)
    );

    // One flipped bit anywhere in the ciphertext: refused, not garbage.
    let mut altered = envelope.clone();
    altered.ciphertext[5] ^= 1;
    assert_eq!(
        decrypt(&altered, "正确的口令 horse").await,
        Err(BundleError::WrongPassphrase)
    );
    let altered_file = write_envelope(&altered);
    assert_eq!(
        open_bundle_bytes(altered_file.into_bytes(), "正确的口令 horse").await,
        Err(BundleError::WrongPassphrase)
    );

    // Two encryptions of the same bundle differ (fresh salt and IV).
    let again = encrypt_bundle(&plain, "正确的口令 horse")
        .await
        .expect("encrypt again");
    assert_ne!(
        parse_envelope(again.as_bytes()).unwrap().salt,
        envelope.salt
    );

    // A plain bundle passes through untouched, passphrase or not.
    assert_eq!(
        open_bundle_bytes(plain.clone().into_bytes(), "x")
            .await
            .unwrap(),
        plain.as_bytes()
    );
}
