//! Canonical JSON (RFC 8785 for float-free JSON) and the SHA-256 hex digests built on it.
//!
//! serde_json's default `Map` is a `BTreeMap`, so keys come out sorted, and its
//! compact writer leaves non-ASCII characters as they are: for JSON without
//! floating-point numbers that is exactly the JSON Canonicalization Scheme.
//! Keep serde_json's `preserve_order` feature off, or every digest changes.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical text of `value`: sorted object keys, no insignificant whitespace.
pub fn canonical_json(value: &Value) -> String {
    // `Display` for `Value` is the compact writer and cannot fail.
    value.to_string()
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(HEX[usize::from(byte >> 4)] as char);
        hex.push(HEX[usize::from(byte & 0x0f)] as char);
    }
    hex
}

/// Lowercase hex SHA-256 of the canonical text of `value`.
pub fn canonical_hash(value: &Value) -> String {
    sha256_hex(canonical_json(value).as_bytes())
}

const HEX: &[u8; 16] = b"0123456789abcdef";
