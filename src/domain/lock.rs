//! The app lock's pure rules: what a lock passphrase must be, the wrapped
//! data key as it is stored, the text form of a body sealed at rest, and how
//! long a person waits after wrong passphrases, and the data key that seals
//! and opens bodies ([`BodyKey`]).
//!
//! Deriving the passphrase key (PBKDF2-SHA256) and wrapping the data key is
//! the browser's WebCrypto, in `app::crypto`. Sealing the bodies themselves
//! is RustCrypto's `aes-gcm`, synchronous, because the store seals and opens
//! rows *inside* its IndexedDB transactions, and a transaction commits as
//! soon as the page awaits anything else (such as a WebCrypto promise). Both
//! are the same AES-256-GCM with a 96-bit nonce and the tag appended, so
//! either opens what the other sealed.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::domain::envelope::{KDF_ITERATIONS, MAX_ITERATIONS};

/// The version of [`WrappedKey`] this build writes and reads.
pub const LOCK_FORMAT: u32 = 1;
/// A PIN (digits only) must have at least this many digits.
pub const MIN_PIN_DIGITS: usize = 6;
/// A passphrase that is not a PIN must have at least this many characters.
pub const MIN_LOCK_PASSPHRASE_CHARS: usize = 8;
/// Wrong passphrases in a row that cost nothing but a message.
pub const FREE_ATTEMPTS: u32 = 5;
/// The first wait, after [`FREE_ATTEMPTS`] wrong passphrases in a row.
pub const FIRST_WAIT_SECS: u64 = 30;
/// The longest wait: an hour, however many tries.
pub const MAX_WAIT_SECS: u64 = 3600;
/// Minutes idle before the app locks itself, unless Settings say otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 5;
/// The plain text sealed as [`WrappedKey::check`]: opening it proves the
/// unwrapped key is the data key, not merely some key.
pub const CHECK_TEXT: &[u8] = b"doorstep app lock check v1";
/// How a body sealed with the data key starts, so a reader can tell it from
/// a plain body (plain bodies are JSON and start with `{`).
pub const SEALED_PREFIX: &str = "sealed1:";
/// Bytes of an AES-GCM nonce.
pub const IV_BYTES: usize = 12;
/// Bytes of the AES-256 data key.
pub const DATA_KEY_BYTES: usize = 32;
/// Bytes of GCM's authentication tag, at the end of every ciphertext.
pub const TAG_BYTES: usize = 16;

/// Why a lock passphrase is refused when it is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassphraseProblem {
    /// Only digits, but fewer than [`MIN_PIN_DIGITS`].
    PinTooShort,
    /// Fewer than [`MIN_LOCK_PASSPHRASE_CHARS`] characters.
    TooShort,
    /// The two entries differ: a mistyped passphrase at setup loses data for good.
    Mismatch,
}

/// Checks a new lock passphrase typed twice. A PIN of at least six digits,
/// or any passphrase of at least eight characters (counted as characters,
/// so Chinese passphrases are not favoured or penalised by their UTF-8 size).
pub fn check_new_passphrase(first: &str, again: &str) -> Result<(), PassphraseProblem> {
    let chars = first.chars().count();
    let is_pin = chars > 0 && first.chars().all(|c| c.is_ascii_digit());
    if is_pin && chars < MIN_PIN_DIGITS {
        return Err(PassphraseProblem::PinTooShort);
    }
    if !is_pin && chars < MIN_LOCK_PASSPHRASE_CHARS {
        return Err(PassphraseProblem::TooShort);
    }
    if first != again {
        return Err(PassphraseProblem::Mismatch);
    }
    Ok(())
}

/// The random data key, encrypted with a key derived from the passphrase:
/// the only form in which the data key is ever stored. Changing the
/// passphrase writes a new `WrappedKey` around the same data key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappedKey {
    /// PBKDF2 iterations used for this wrapping, kept so a later build can
    /// raise the default without locking anyone out.
    pub iterations: u32,
    /// PBKDF2 salt, 16 random bytes.
    pub salt: Vec<u8>,
    /// Nonce of the wrapping.
    pub iv: Vec<u8>,
    /// The 32-byte data key encrypted with the passphrase key, tag included.
    pub wrapped: Vec<u8>,
    /// [`CHECK_TEXT`] sealed with the data key ([`SEALED_PREFIX`] form).
    pub check: String,
}

/// Why a stored [`WrappedKey`] cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WrappedKeyError {
    /// Not the JSON this build writes, or a field is missing or malformed (named).
    Malformed(String),
    /// Written by a newer build.
    NewerFormat(u32),
}

#[derive(Serialize, Deserialize)]
struct WrappedKeyJson {
    format: u32,
    kdf: String,
    iterations: u32,
    salt: String,
    iv: String,
    wrapped: String,
    check: String,
}

impl WrappedKey {
    /// The stored JSON text: only random or encrypted bytes, in base64.
    pub fn to_json(&self) -> String {
        let json = WrappedKeyJson {
            format: LOCK_FORMAT,
            kdf: "PBKDF2-SHA256".to_owned(),
            iterations: self.iterations,
            salt: STANDARD.encode(&self.salt),
            iv: STANDARD.encode(&self.iv),
            wrapped: STANDARD.encode(&self.wrapped),
            check: self.check.clone(),
        };
        // Strings and numbers only: serializing cannot fail.
        serde_json::to_string(&json).unwrap_or_default()
    }

    /// Reads the stored text, naming the first field that is wrong.
    pub fn from_json(text: &str) -> Result<WrappedKey, WrappedKeyError> {
        let bad = |field: &str| WrappedKeyError::Malformed(field.to_owned());
        let json: WrappedKeyJson = serde_json::from_str(text).map_err(|_| bad("json"))?;
        if json.format > LOCK_FORMAT {
            return Err(WrappedKeyError::NewerFormat(json.format));
        }
        if json.format == 0 {
            return Err(bad("format"));
        }
        if json.kdf != "PBKDF2-SHA256" {
            return Err(bad("kdf"));
        }
        if json.iterations < 1 || json.iterations > MAX_ITERATIONS {
            return Err(bad("iterations"));
        }
        let decode = |value: &str, field: &str| STANDARD.decode(value).map_err(|_| bad(field));
        let salt = decode(&json.salt, "salt")?;
        if salt.len() < 16 {
            return Err(bad("salt"));
        }
        let iv = decode(&json.iv, "iv")?;
        if iv.len() != IV_BYTES {
            return Err(bad("iv"));
        }
        let wrapped = decode(&json.wrapped, "wrapped")?;
        if wrapped.len() != DATA_KEY_BYTES + TAG_BYTES {
            return Err(bad("wrapped"));
        }
        if parse_sealed(&json.check).is_none() {
            return Err(bad("check"));
        }
        Ok(WrappedKey {
            iterations: json.iterations,
            salt,
            iv,
            wrapped,
            check: json.check,
        })
    }

    /// Whether this wrapping is weaker than what this build writes: the
    /// next passphrase change (or unlock) should re-wrap it.
    pub fn needs_stronger_kdf(&self) -> bool {
        self.iterations < KDF_ITERATIONS
    }
}

/// The text form of bytes sealed with the data key: the prefix, then the
/// nonce and the ciphertext (tag included), each in base64.
pub fn write_sealed(iv: &[u8], ciphertext: &[u8]) -> String {
    format!(
        "{SEALED_PREFIX}{}:{}",
        STANDARD.encode(iv),
        STANDARD.encode(ciphertext)
    )
}

/// The nonce and ciphertext of a sealed text; `None` when `text` is not one
/// (a plain body, or a damaged one).
pub fn parse_sealed(text: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let rest = text.strip_prefix(SEALED_PREFIX)?;
    let (iv, ciphertext) = rest.split_once(':')?;
    let iv = STANDARD.decode(iv).ok()?;
    let ciphertext = STANDARD.decode(ciphertext).ok()?;
    (iv.len() == IV_BYTES && ciphertext.len() >= TAG_BYTES).then_some((iv, ciphertext))
}

/// The data key, ready to seal and open bodies: AES-256-GCM, synchronous.
///
/// Held in memory only while the app is unlocked; it is never stored as it
/// is (only wrapped, see [`WrappedKey`]). Nonces are passed in, so this
/// module stays free of the browser: callers draw 12 fresh random bytes for
/// every seal (a nonce must never repeat under one key).
#[derive(Clone)]
pub struct BodyKey(aes_gcm::Aes256Gcm);

impl std::fmt::Debug for BodyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.write_str("BodyKey(..)")
    }
}

/// The first byte of a photo's stored bytes when they are sealed: plain
/// photos are JPEG (`0xFF 0xD8`) or WebP (`RIFF`), never this.
pub const SEALED_BYTES_MARKER: u8 = 0x01;

impl BodyKey {
    /// The key of 32 raw bytes; `None` for any other length.
    pub fn from_bytes(raw: &[u8]) -> Option<BodyKey> {
        use aes_gcm::KeyInit;
        (raw.len() == DATA_KEY_BYTES)
            .then(|| aes_gcm::Aes256Gcm::new_from_slice(raw).ok())
            .flatten()
            .map(BodyKey)
    }

    fn encrypt(&self, iv: &[u8; IV_BYTES], plain: &[u8]) -> Vec<u8> {
        use aes_gcm::aead::Aead;
        // Encrypting a slice in memory cannot fail (only lengths over 64 GB would).
        self.0.encrypt(iv.into(), plain).unwrap_or_default()
    }

    fn decrypt(&self, iv: &[u8], ciphertext: &[u8]) -> Option<Vec<u8>> {
        use aes_gcm::aead::Aead;
        if iv.len() != IV_BYTES {
            return None;
        }
        self.0
            .decrypt(aes_gcm::Nonce::from_slice(iv), ciphertext)
            .ok()
    }

    /// `plain` sealed under the nonce `iv`, in the stored text form.
    pub fn seal(&self, iv: &[u8; IV_BYTES], plain: &[u8]) -> String {
        write_sealed(iv, &self.encrypt(iv, plain))
    }

    /// The plain bytes of a sealed text; `None` when it is not one, was
    /// altered, or was sealed with another key.
    pub fn open(&self, sealed: &str) -> Option<Vec<u8>> {
        let (iv, ciphertext) = parse_sealed(sealed)?;
        self.decrypt(&iv, &ciphertext)
    }

    /// Raw bytes (a photo) sealed: the marker, the nonce, the ciphertext
    /// with its tag. No base64, so a photo grows by 29 bytes only.
    pub fn seal_bytes(&self, iv: &[u8; IV_BYTES], plain: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + IV_BYTES + plain.len() + TAG_BYTES);
        out.push(SEALED_BYTES_MARKER);
        out.extend_from_slice(iv);
        out.extend_from_slice(&self.encrypt(iv, plain));
        out
    }

    /// The plain bytes of [`seal_bytes`](Self::seal_bytes)'s output; `None`
    /// when they are not sealed bytes, were altered, or another key sealed them.
    pub fn open_bytes(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        let rest = sealed.strip_prefix(&[SEALED_BYTES_MARKER])?;
        if rest.len() < IV_BYTES + TAG_BYTES {
            return None;
        }
        let (iv, ciphertext) = rest.split_at(IV_BYTES);
        self.decrypt(iv, ciphertext)
    }
}

/// Whether stored photo bytes are sealed ([`BodyKey::seal_bytes`]).
pub fn are_sealed_bytes(bytes: &[u8]) -> bool {
    bytes.first() == Some(&SEALED_BYTES_MARKER)
}

/// Whether a stored body is sealed (rather than plain JSON).
pub fn is_sealed(text: &str) -> bool {
    text.starts_with(SEALED_PREFIX)
}

/// Wrong passphrases in a row, and until when the next try must wait.
/// Stored on the device, outside the lock, so reloading the page does not
/// reset the wait. Times are milliseconds since the Unix epoch, passed in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    /// Wrong passphrases since the last right one.
    pub failures: u32,
    /// No try is taken before this time (0: none pending).
    pub wait_until_ms: u64,
}

/// The wait after the `failures`-th wrong passphrase in a row: none for the
/// first four, 30 s after the fifth, then doubling (60 s, 120 s, …) up to an hour.
pub fn wait_after(failures: u32) -> u64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(16);
    FIRST_WAIT_SECS
        .saturating_mul(1u64 << doublings)
        .min(MAX_WAIT_SECS)
}

impl Attempts {
    /// Seconds still to wait at `now_ms` before another try (rounded up); 0 when a try may be made.
    pub fn seconds_to_wait(&self, now_ms: u64) -> u64 {
        self.wait_until_ms.saturating_sub(now_ms).div_ceil(1000)
    }

    /// The state after a wrong passphrase at `now_ms`.
    pub fn after_failure(self, now_ms: u64) -> Attempts {
        let failures = self.failures.saturating_add(1);
        let wait = wait_after(failures);
        Attempts {
            failures,
            wait_until_ms: if wait == 0 {
                0
            } else {
                now_ms.saturating_add(wait * 1000)
            },
        }
    }

    /// The state after the right passphrase: the count starts again.
    pub fn after_success(self) -> Attempts {
        Attempts::default()
    }
}
