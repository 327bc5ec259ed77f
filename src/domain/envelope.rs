//! The encrypted bundle envelope (BUNDLE_FORMAT §6): its JSON, read and
//! written here; the cryptography itself (PBKDF2-SHA256 → AES-256-GCM) is the
//! browser's WebCrypto, in `app::crypto`. A bundle carries residents' names and
//! phone numbers; files travel through chat apps and USB sticks.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Map, Value};

use crate::domain::bundle::{BundleError, ENCRYPTED_FORMAT, FORMAT_VERSION};

/// PBKDF2 iterations this app writes (§6's example, OWASP's figure for SHA-256).
pub const KDF_ITERATIONS: u32 = 600_000;
/// The most iterations this app will run for a file someone sent: a file
/// asking for more would freeze the phone for minutes.
pub const MAX_ITERATIONS: u32 = 5_000_000;
pub const KDF_NAME: &str = "PBKDF2-SHA256";
pub const CIPHER_NAME: &str = "AES-256-GCM";
/// A passphrase shorter than this is refused at export.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// An encrypted bundle's parameters and ciphertext.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub iterations: u32,
    pub salt: Vec<u8>,
    /// 12 bytes.
    pub iv: Vec<u8>,
    /// The encrypted plain bundle's UTF-8 JSON, with GCM's tag at the end.
    pub ciphertext: Vec<u8>,
}

/// Whether `bytes` hold an encrypted envelope (by its `format`). Reads the
/// JSON once without keeping it; anything unreadable is "not encrypted" and
/// left to the plain bundle's parser to explain.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Head {
        format: Option<String>,
    }
    serde_json::from_slice::<Head>(bytes)
        .ok()
        .and_then(|h| h.format)
        .is_some_and(|f| f == ENCRYPTED_FORMAT)
}

fn bad(field: &str) -> BundleError {
    BundleError::BadEnvelope {
        field: field.to_owned(),
    }
}

/// Reads an encrypted envelope; every malformed or unsupported part is named.
pub fn parse_envelope(bytes: &[u8]) -> Result<Envelope, BundleError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| BundleError::NotJson {
        line: e.line(),
        column: e.column(),
    })?;
    let obj = value.as_object().ok_or(BundleError::NotAnObject)?;
    if obj.get("format").and_then(Value::as_str) != Some(ENCRYPTED_FORMAT) {
        return Err(bad("format"));
    }
    match obj.get("format_version").and_then(Value::as_u64) {
        Some(v) if v > FORMAT_VERSION => return Err(BundleError::NewerVersion { found: v }),
        Some(v) if v >= 1 => {}
        _ => return Err(bad("format_version")),
    }
    let field = |path: &[&str]| -> Option<&Value> {
        path.iter()
            .try_fold(&value, |v, key| v.as_object().and_then(|o| o.get(*key)))
    };
    let text = |path: &[&str], name: &str| -> Result<&str, BundleError> {
        field(path).and_then(Value::as_str).ok_or_else(|| bad(name))
    };
    let b64 = |path: &[&str], name: &str| -> Result<Vec<u8>, BundleError> {
        STANDARD.decode(text(path, name)?).map_err(|_| bad(name))
    };
    if text(&["kdf", "name"], "kdf.name")? != KDF_NAME {
        return Err(bad("kdf.name"));
    }
    let iterations = field(&["kdf", "iterations"])
        .and_then(Value::as_u64)
        .filter(|n| (1..=u64::from(MAX_ITERATIONS)).contains(n))
        .ok_or_else(|| bad("kdf.iterations"))? as u32;
    let salt = b64(&["kdf", "salt"], "kdf.salt")?;
    if salt.len() < 8 {
        return Err(bad("kdf.salt"));
    }
    if text(&["cipher", "name"], "cipher.name")? != CIPHER_NAME {
        return Err(bad("cipher.name"));
    }
    let iv = b64(&["cipher", "iv"], "cipher.iv")?;
    if iv.len() != 12 {
        return Err(bad("cipher.iv"));
    }
    let ciphertext = b64(&["ciphertext"], "ciphertext")?;
    // GCM's tag alone is 16 bytes.
    if ciphertext.len() < 16 {
        return Err(bad("ciphertext"));
    }
    Ok(Envelope {
        iterations,
        salt,
        iv,
        ciphertext,
    })
}

/// The envelope's JSON (§6's fields; keys in JSON's sorted order).
pub fn write_envelope(envelope: &Envelope) -> String {
    let mut obj = Map::new();
    obj.insert("format".into(), json!(ENCRYPTED_FORMAT));
    obj.insert("format_version".into(), json!(FORMAT_VERSION));
    obj.insert(
        "kdf".into(),
        json!({ "name": KDF_NAME, "iterations": envelope.iterations, "salt": STANDARD.encode(&envelope.salt) }),
    );
    obj.insert(
        "cipher".into(),
        json!({ "name": CIPHER_NAME, "iv": STANDARD.encode(&envelope.iv) }),
    );
    obj.insert(
        "ciphertext".into(),
        json!(STANDARD.encode(&envelope.ciphertext)),
    );
    let mut text = serde_json::to_string_pretty(&Value::Object(obj)).unwrap_or_default();
    text.push('\n');
    text
}

/// An encrypted export's file name: `….json` → `….encrypted.json`.
pub fn encrypted_file_name(plain: &str) -> String {
    match plain.strip_suffix(".json") {
        Some(stem) => format!("{stem}.encrypted.json"),
        None => format!("{plain}.encrypted.json"),
    }
}
