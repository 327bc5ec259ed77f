//! Encrypted bundles with the browser's WebCrypto (BUNDLE_FORMAT §6):
//! PBKDF2-SHA256 turns the passphrase into an AES-256-GCM key. Nothing here
//! is home-made cryptography: salt and IV come from `crypto.getRandomValues`,
//! and a wrong passphrase or an altered file fails GCM's authentication.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use crate::domain::bundle::BundleError;
use crate::domain::envelope::{
    is_encrypted, parse_envelope, write_envelope, Envelope, KDF_ITERATIONS,
};
use crate::i18n::Text;

fn crypto() -> Result<web_sys::Crypto, JsValue> {
    gloo::utils::window().crypto()
}

fn object(pairs: &[(&str, JsValue)]) -> Result<Object, JsValue> {
    let obj = Object::new();
    for (key, value) in pairs {
        Reflect::set(&obj, &JsValue::from_str(key), value)?;
    }
    Ok(obj)
}

async fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, JsValue> {
    let subtle = crypto()?.subtle();
    let raw = Uint8Array::from(passphrase.as_bytes());
    let base = JsFuture::from(subtle.import_key_with_str(
        "raw",
        raw.unchecked_ref(),
        "PBKDF2",
        false,
        &Array::of1(&JsValue::from_str("deriveKey")),
    )?)
    .await?
    .dyn_into::<CryptoKey>()?;
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
        ("hash", "SHA-256".into()),
    ])?;
    let aes = object(&[("name", "AES-GCM".into()), ("length", 256.into())])?;
    JsFuture::from(subtle.derive_key_with_object_and_object(
        &params,
        &base,
        &aes,
        false,
        &Array::of2(&"encrypt".into(), &"decrypt".into()),
    )?)
    .await?
    .dyn_into::<CryptoKey>()
}

fn random(len: usize) -> Result<Vec<u8>, JsValue> {
    let mut bytes = vec![0u8; len];
    crypto()?.get_random_values_with_u8_array(&mut bytes)?;
    Ok(bytes)
}

async fn seal(plain: &[u8], passphrase: &str) -> Result<Envelope, JsValue> {
    let salt = random(16)?;
    let iv = random(12)?;
    let key = derive_key(passphrase, &salt, KDF_ITERATIONS).await?;
    let params = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&iv[..]).into()),
    ])?;
    let sealed = JsFuture::from(
        crypto()?
            .subtle()
            .encrypt_with_object_and_u8_array(&params, &key, plain)?,
    )
    .await?;
    Ok(Envelope {
        iterations: KDF_ITERATIONS,
        salt,
        iv,
        ciphertext: Uint8Array::new(&sealed).to_vec(),
    })
}

/// Opens an envelope; `WrongPassphrase` when GCM's check fails.
pub async fn decrypt(envelope: &Envelope, passphrase: &str) -> Result<Vec<u8>, BundleError> {
    let attempt = async {
        let key = derive_key(passphrase, &envelope.salt, envelope.iterations).await?;
        let params = object(&[
            ("name", "AES-GCM".into()),
            ("iv", Uint8Array::from(&envelope.iv[..]).into()),
        ])?;
        let plain = JsFuture::from(crypto()?.subtle().decrypt_with_object_and_u8_array(
            &params,
            &key,
            &envelope.ciphertext,
        )?)
        .await?;
        Ok::<Vec<u8>, JsValue>(Uint8Array::new(&plain).to_vec())
    };
    attempt.await.map_err(|_| BundleError::WrongPassphrase)
}

/// The encrypted envelope of a plain bundle's text, checked by opening it
/// again before it is handed out (an export is only "done" once it reads back).
pub async fn encrypt_bundle(plain: &str, passphrase: &str) -> Result<String, Text> {
    let failed = || {
        Text::new(
            "加密失败：浏览器未能完成加密，没有生成文件。请重试；如仍失败，可先导出未加密的文件并妥善保管。",
            "Encryption failed: the browser could not encrypt the file, and none was made. Try again; if it keeps failing, export unencrypted and keep the file safe.",
        )
    };
    let envelope = seal(plain.as_bytes(), passphrase)
        .await
        .map_err(|_| failed())?;
    let text = write_envelope(&envelope);
    let reread = parse_envelope(text.as_bytes()).map_err(|_| failed())?;
    match decrypt(&reread, passphrase).await {
        Ok(bytes) if bytes == plain.as_bytes() => Ok(text),
        _ => Err(failed()),
    }
}

/// A file's bundle bytes: the file itself when it is a plain bundle, else
/// its decrypted content. An encrypted file without a passphrase is
/// `Encrypted`; a wrong passphrase (or an altered file) is `WrongPassphrase`.
pub async fn open_bundle_bytes(bytes: Vec<u8>, passphrase: &str) -> Result<Vec<u8>, BundleError> {
    if !is_encrypted(&bytes) {
        return Ok(bytes);
    }
    // Without a passphrase the first thing to say is that one is needed; a
    // malformed envelope is named once there is something to open it with.
    if passphrase.is_empty() {
        return Err(BundleError::Encrypted);
    }
    let envelope = parse_envelope(&bytes)?;
    decrypt(&envelope, passphrase).await
}
