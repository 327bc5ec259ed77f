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
use crate::domain::lock::{self, BodyKey, WrappedKey};

use crate::i18n::Text;
use std::rc::Rc;

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

// ---------------------------------------------------------------------------
// The app lock's keys (docs/app-lock.md): a random AES-256-GCM data key that
// seals what is stored, wrapped by a key derived from the lock passphrase.

/// Why a lock key could not be made, opened or re-wrapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockKeyError {
    /// The passphrase does not open the wrapped key (GCM's check failed).
    WrongPassphrase,
    /// The wrapped key opened but its check value did not: the stored key is damaged.
    Damaged,
    /// The browser's WebCrypto failed before any passphrase was tried
    /// (no `crypto.subtle`, out of memory, ...): never reported as "wrong".
    Unavailable,
}

/// The unwrapped data key, held in memory only while the app is unlocked
/// (the store holds it, `Store::unlock_with`, and drops it on lock). Its
/// bytes live in the page's memory as a RustCrypto AES-256-GCM key: the
/// store seals rows inside its transactions, which cannot await WebCrypto
/// (docs/app-lock.md). Equal when it is the same key object.
#[derive(Clone, Debug)]
pub struct DataKey(Rc<BodyKey>);

impl PartialEq for DataKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn aes_params(iv: &[u8]) -> Result<Object, JsValue> {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
    ])
}

async fn aes_encrypt(key: &CryptoKey, iv: &[u8], plain: &[u8]) -> Result<Vec<u8>, JsValue> {
    let sealed = JsFuture::from(crypto()?.subtle().encrypt_with_object_and_u8_array(
        &aes_params(iv)?,
        key,
        plain,
    )?)
    .await?;
    Ok(Uint8Array::new(&sealed).to_vec())
}

/// `Ok(None)` when GCM's authentication fails (wrong key or altered bytes);
/// `Err` when WebCrypto itself failed.
async fn aes_decrypt(
    key: &CryptoKey,
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<Option<Vec<u8>>, JsValue> {
    let promise =
        crypto()?
            .subtle()
            .decrypt_with_object_and_u8_array(&aes_params(iv)?, key, ciphertext)?;
    match JsFuture::from(promise).await {
        Ok(plain) => Ok(Some(Uint8Array::new(&plain).to_vec())),
        // GCM reports a failed check as `OperationError`; anything else is the browser's fault.
        Err(err) if is_operation_error(&err) => Ok(None),
        Err(err) => Err(err),
    }
}

fn is_operation_error(err: &JsValue) -> bool {
    err.dyn_ref::<web_sys::DomException>()
        .is_some_and(|e| e.name() == "OperationError")
}

/// Wraps `raw` (the data key's bytes) with a fresh salt and nonce under `passphrase`.
async fn wrap(raw: &[u8], passphrase: &str, check: String) -> Result<WrappedKey, JsValue> {
    let salt = random(16)?;
    let iv = random(lock::IV_BYTES)?;
    let kek = derive_key(passphrase, &salt, KDF_ITERATIONS).await?;
    let wrapped = aes_encrypt(&kek, &iv, raw).await?;
    Ok(WrappedKey {
        iterations: KDF_ITERATIONS,
        salt,
        iv,
        wrapped,
        check,
    })
}

/// The data key's bytes from its wrapping.
async fn unwrap_raw(wrapped: &WrappedKey, passphrase: &str) -> Result<Vec<u8>, LockKeyError> {
    let kek = derive_key(passphrase, &wrapped.salt, wrapped.iterations)
        .await
        .map_err(|_| LockKeyError::Unavailable)?;
    match aes_decrypt(&kek, &wrapped.iv, &wrapped.wrapped).await {
        Ok(Some(raw)) if raw.len() == lock::DATA_KEY_BYTES => Ok(raw),
        Ok(Some(_)) => Err(LockKeyError::Damaged),
        Ok(None) => Err(LockKeyError::WrongPassphrase),
        Err(_) => Err(LockKeyError::Unavailable),
    }
}

/// A new random data key and its wrapping under `passphrase`, checked by
/// unwrapping it again before it is handed out.
pub async fn new_data_key(passphrase: &str) -> Result<(WrappedKey, DataKey), LockKeyError> {
    let made = async {
        let mut raw = random(lock::DATA_KEY_BYTES)?;
        let key = BodyKey::from_bytes(&raw).map(|key| DataKey(Rc::new(key)));
        let key = key.ok_or_else(|| JsValue::from_str("key length"))?;
        let check = key.seal(lock::CHECK_TEXT).await?;
        let wrapped = wrap(&raw, passphrase, check).await;
        raw.fill(0);
        Ok::<_, JsValue>((wrapped?, key))
    };
    let (wrapped, key) = made.await.map_err(|_| LockKeyError::Unavailable)?;
    // A key that does not open again must never be stored: data sealed with it would be lost.
    unlock_data_key(&wrapped, passphrase).await?;
    Ok((wrapped, key))
}

/// Opens the wrapped data key with `passphrase` and proves it is the key
/// the data was sealed with (its check value opens to [`lock::CHECK_TEXT`]).
pub async fn unlock_data_key(
    wrapped: &WrappedKey,
    passphrase: &str,
) -> Result<DataKey, LockKeyError> {
    let mut raw = unwrap_raw(wrapped, passphrase).await?;
    let key = BodyKey::from_bytes(&raw).map(|key| DataKey(Rc::new(key)));
    raw.fill(0);
    let key = key.ok_or(LockKeyError::Damaged)?;
    match key.open(&wrapped.check).await {
        Ok(plain) if plain == lock::CHECK_TEXT => Ok(key),
        Ok(_) => Err(LockKeyError::Damaged),
        Err(err) => Err(err),
    }
}

/// The same data key wrapped under `new_passphrase`: nothing sealed with it
/// changes. The new wrapping is opened once before it is returned.
pub async fn rewrap_data_key(
    wrapped: &WrappedKey,
    old_passphrase: &str,
    new_passphrase: &str,
) -> Result<WrappedKey, LockKeyError> {
    // Proves the old passphrase and the check value before anything is made.
    unlock_data_key(wrapped, old_passphrase).await?;
    let mut raw = unwrap_raw(wrapped, old_passphrase).await?;
    let rewrapped = wrap(&raw, new_passphrase, wrapped.check.clone()).await;
    raw.fill(0);
    let rewrapped = rewrapped.map_err(|_| LockKeyError::Unavailable)?;
    unlock_data_key(&rewrapped, new_passphrase).await?;
    Ok(rewrapped)
}

impl DataKey {
    /// `plain` sealed with this key under a fresh random nonce, in the
    /// stored text form (`domain::lock::write_sealed`).
    pub async fn seal(&self, plain: &[u8]) -> Result<String, JsValue> {
        let iv: [u8; lock::IV_BYTES] = random(lock::IV_BYTES)?
            .try_into()
            .map_err(|_| JsValue::from_str("nonce length"))?;
        Ok(self.0.seal(&iv, plain))
    }

    /// The plain bytes of a sealed text: `Damaged` when it is not a sealed
    /// text, was altered, or was sealed with another key.
    pub async fn open(&self, sealed: &str) -> Result<Vec<u8>, LockKeyError> {
        self.0.open(sealed).ok_or(LockKeyError::Damaged)
    }

    /// The key itself, for the store to hold while unlocked.
    #[doc(hidden)]
    pub fn body_key(&self) -> Rc<BodyKey> {
        Rc::clone(&self.0)
    }
}

/// The key as the store's synchronous cipher, e.g. for
/// `Store::convert_bodies(&key, …)`.
impl std::ops::Deref for DataKey {
    type Target = BodyKey;

    fn deref(&self) -> &BodyKey {
        &self.0
    }
}
