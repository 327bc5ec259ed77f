//! Bundles (BUNDLE_FORMAT §1, §5): writing an export and reading one back,
//! rejecting every damaged or foreign file with a message that says what to do.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::canonical::{canonical_json, sha256_hex};
use super::revision::{self, Revision};
use crate::i18n::Text;

/// The `format` of a plain bundle.
pub const FORMAT: &str = "doorstep.bundle";
/// The `format` of an encrypted bundle (§6): see [`crate::domain::envelope`].
pub const ENCRYPTED_FORMAT: &str = "doorstep.bundle.encrypted";
/// The newest `format_version` this app reads and the one it writes.
pub const FORMAT_VERSION: u64 = 1;
/// The largest file this app imports (64 MiB).
pub const MAX_BUNDLE_BYTES: usize = 64 * 1024 * 1024;
/// This app's version, written into every export.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The prefix of `digest`.
pub const DIGEST_PREFIX: &str = "sha256:";

/// The exporting installation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub id: String,
    #[serde(default)]
    pub label: String,
}

/// What an export holds. Informative only: merging never depends on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// Everything on the device.
    Full,
    /// Everything stored since the export made at `since` (an `exported_at`).
    Delta { since: String },
    /// The records of these communities.
    Filtered { communities: Vec<String> },
    /// A scope a newer app wrote; kept so the bundle still opens.
    #[serde(other)]
    Unknown,
}

/// A parsed bundle whose digest matched and whose every revision is well formed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    pub app_version: String,
    pub exported_at: String,
    pub device: DeviceInfo,
    pub scope: Scope,
    pub records: Vec<Revision>,
    /// `"sha256:<hex>"` as found in the file.
    pub digest: String,
    /// Whether the file has a `photos` section (read on its own:
    /// `domain::photos::read_section`).
    #[serde(default)]
    pub has_photos: bool,
}

/// Why a file cannot be imported. Nothing is stored in any of these cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BundleError {
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    NotJson {
        line: usize,
        column: usize,
    },
    NotAnObject,
    WrongFormat {
        found: String,
    },
    /// An encrypted bundle (§6) and no passphrase was given.
    Encrypted,
    /// Decryption failed: the passphrase is wrong or the file was altered
    /// (AES-GCM cannot tell the two apart, and must not).
    WrongPassphrase,
    NewerVersion {
        found: u64,
    },
    MissingField {
        field: String,
    },
    /// An envelope field is present but of the wrong shape.
    BadEnvelope {
        field: String,
    },
    DigestMismatch,
    /// `index` is 0-based in `records`.
    BadRevision {
        index: usize,
        id: Option<String>,
        problems: Vec<Text>,
    },
}

impl BundleError {
    /// A stable name for tests, logs and fixtures.
    pub fn code(&self) -> &'static str {
        match self {
            BundleError::TooLarge { .. } => "too_large",
            BundleError::NotJson { .. } => "not_json",
            BundleError::NotAnObject => "not_an_object",
            BundleError::WrongFormat { .. } => "wrong_format",
            BundleError::Encrypted => "encrypted",
            BundleError::WrongPassphrase => "wrong_passphrase",
            BundleError::NewerVersion { .. } => "newer_version",
            BundleError::MissingField { .. } => "missing_field",
            BundleError::BadEnvelope { .. } => "bad_envelope",
            BundleError::DigestMismatch => "digest_mismatch",
            BundleError::BadRevision { .. } => "bad_revision",
        }
    }

    /// What happened and what to do, in both languages.
    pub fn text(&self) -> Text {
        const NOTHING_ZH: &str = "没有导入任何数据。";
        const NOTHING_EN: &str = "Nothing was imported.";
        match self {
            BundleError::TooLarge { bytes, limit } => {
                let (size, max) = (megabytes(*bytes), megabytes(*limit));
                Text::new(
                    format!("文件太大（{size} MB），本应用最多导入 {max} MB。{NOTHING_ZH}请让发送方按社区分批导出，再逐个导入。"),
                    format!("The file is too large ({size} MB); this app imports at most {max} MB. {NOTHING_EN} Ask the sender to export by community in smaller parts and import them one by one."),
                )
            }
            BundleError::NotJson { line, column } => Text::new(
                format!("文件不是有效的 JSON：第 {line} 行第 {column} 列有错误。文件可能在传输中被截断或被修改。{NOTHING_ZH}请让发送方重新导出并发送。"),
                format!("The file is not valid JSON: error at line {line}, column {column}. It may have been cut short or altered in transit. {NOTHING_EN} Ask the sender to export it again and resend it."),
            ),
            BundleError::NotAnObject => Text::new(
                format!("这不是 Doorstep 数据包：文件内容不是一个 JSON 对象。{NOTHING_ZH}请确认选择的是 Doorstep 导出的 .json 文件。"),
                format!("This is not a Doorstep bundle: the file does not hold a JSON object. {NOTHING_EN} Check that you chose a .json file exported by Doorstep."),
            ),
            BundleError::WrongFormat { found } => Text::new(
                format!("这不是 Doorstep 数据包（format 为 {found}，应为“{FORMAT}”）。{NOTHING_ZH}请选择由 Doorstep 导出的文件。"),
                format!("This is not a Doorstep bundle (format is {found}, expected \"{FORMAT}\"). {NOTHING_EN} Choose a file exported by Doorstep."),
            ),
            BundleError::Encrypted => Text::new(
                format!("这是加密的数据包，需要口令才能打开。{NOTHING_ZH}请在上方填写发送方告诉你的口令，再重新选择这个文件。"),
                format!("This bundle is encrypted and needs its passphrase. {NOTHING_EN} Enter the passphrase the sender gave you above, then choose the file again."),
            ),
            BundleError::WrongPassphrase => Text::new(
                format!("无法解密：口令不对，或文件在传输中被改动。{NOTHING_ZH}请核对口令（区分大小写）后重新选择文件；仍不行就请发送方重新导出。"),
                format!("Could not decrypt: the passphrase is wrong, or the file was altered in transit. {NOTHING_EN} Check the passphrase (it is case-sensitive) and choose the file again; if that fails, ask the sender to export it again."),
            ),
            BundleError::NewerVersion { found } => Text::new(
                format!("该数据包由更新版本的应用导出（格式版本 {found}，本应用只支持到 {FORMAT_VERSION}）。{NOTHING_ZH}请先更新本应用（联网时重新打开页面），再导入。"),
                format!("This bundle was exported by a newer version of the app (format version {found}; this app reads up to {FORMAT_VERSION}). {NOTHING_EN} Update this app first (reopen the page while online), then import again."),
            ),
            BundleError::MissingField { field } => Text::new(
                format!("数据包缺少“{field}”字段，文件不完整或已损坏。{NOTHING_ZH}请让发送方重新导出并发送。"),
                format!("The bundle has no `{field}` field: the file is incomplete or damaged. {NOTHING_EN} Ask the sender to export it again and resend it."),
            ),
            BundleError::BadEnvelope { field } => Text::new(
                format!("数据包的“{field}”字段格式不正确，文件已损坏。{NOTHING_ZH}请让发送方重新导出并发送。"),
                format!("The bundle's `{field}` field is malformed: the file is damaged. {NOTHING_EN} Ask the sender to export it again and resend it."),
            ),
            BundleError::DigestMismatch => Text::new(
                format!("数据包校验不符：文件内容在传输或保存时被改动或损坏。{NOTHING_ZH}请让发送方重新导出，并用原文件直接发送（不要编辑）。"),
                format!("The bundle's digest does not match its records: the file was altered or damaged in transit or storage. {NOTHING_EN} Ask the sender to export it again and send the file as is, without editing it."),
            ),
            BundleError::BadRevision { index, id, problems } => {
                let number = index.saturating_add(1);
                let (id_zh, id_en) = match id {
                    Some(id) => (format!("（编号 {id}）"), format!(" (id {id})")),
                    None => (String::from("（无编号）"), String::from(" (no id)")),
                };
                let zh: Vec<&str> = problems.iter().map(|p| p.zh.as_str()).collect();
                let en: Vec<&str> = problems.iter().map(|p| p.en.as_str()).collect();
                Text::new(
                    format!("第 {number} 条记录{id_zh}有问题：{}。{NOTHING_ZH}请让发送方在其设备上检查或修正这条记录后重新导出。", zh.join("；")),
                    format!("Record {number}{id_en} is invalid: {}. {NOTHING_EN} Ask the sender to check or correct this record on their device and export again.", en.join("; ")),
                )
            }
        }
    }
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for BundleError {}

fn megabytes(bytes: u64) -> String {
    // One decimal is enough for a person; integer maths keeps it exact.
    let tenths = bytes.saturating_mul(10) / (1024 * 1024);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The digest of a `records` array as written: `"sha256:"` + hex of its canonical JSON.
pub fn records_digest(records: &Value) -> String {
    format!(
        "{DIGEST_PREFIX}{}",
        sha256_hex(canonical_json(records).as_bytes())
    )
}

/// Reads a bundle, checking in the order of §5: size, JSON, format, version,
/// envelope, digest, then every revision.
pub fn parse_bundle(bytes: &[u8]) -> Result<Bundle, BundleError> {
    parse_bundle_timed(bytes, &mut |_| {})
}

/// [`parse_bundle`], calling `lap` as each step ends — `"json"` (reading
/// the text), `"digest"` (checking it), `"validate"` (every revision) — so a
/// caller can time them.
pub fn parse_bundle_timed(
    bytes: &[u8],
    lap: &mut dyn FnMut(&'static str),
) -> Result<Bundle, BundleError> {
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_BUNDLE_BYTES as u64,
        });
    }
    // Windows editors may add a byte-order mark; it is not part of the JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| BundleError::NotJson {
        line: e.line(),
        column: e.column(),
    })?;
    lap("json");
    let Value::Object(mut envelope) = value else {
        return Err(BundleError::NotAnObject);
    };
    check_format(&envelope)?;

    let records = match envelope.remove("records") {
        None => return Err(missing("records")),
        Some(Value::Array(records)) => records,
        Some(_) => return Err(bad("records")),
    };
    let digest = match envelope.get("digest") {
        None | Some(Value::Null) => return Err(missing("digest")),
        Some(Value::String(digest)) if is_digest(digest) => digest.clone(),
        Some(_) => return Err(bad("digest")),
    };
    let device = match envelope.get("device") {
        None | Some(Value::Null) => return Err(missing("device")),
        Some(Value::Object(device)) => read_device(device)?,
        Some(_) => return Err(bad("device")),
    };
    let scope = match envelope.get("scope") {
        None | Some(Value::Null) => Scope::Full,
        Some(scope) => serde_json::from_value(scope.clone()).map_err(|_| bad("scope"))?,
    };
    let app_version = optional_text(&envelope, "app_version")?;
    let exported_at = optional_text(&envelope, "exported_at")?;
    let has_photos = envelope
        .get("photos")
        .is_some_and(|photos| !photos.is_null());

    let records = Value::Array(records);
    if !records_digest(&records).eq_ignore_ascii_case(&digest) {
        return Err(BundleError::DigestMismatch);
    }
    lap("digest");
    let Value::Array(records) = records else {
        return Err(bad("records"));
    };
    let records = records
        .into_iter()
        .enumerate()
        .map(|(index, value)| read_revision(index, value))
        .collect::<Result<Vec<_>, _>>()?;
    lap("validate");

    Ok(Bundle {
        app_version,
        exported_at,
        device,
        scope,
        records,
        digest,
        has_photos,
    })
}

fn missing(field: &str) -> BundleError {
    BundleError::MissingField {
        field: field.to_owned(),
    }
}

fn bad(field: &str) -> BundleError {
    BundleError::BadEnvelope {
        field: field.to_owned(),
    }
}

/// `format` and `format_version`; an encrypted envelope is recognised before its version.
fn check_format(envelope: &Map<String, Value>) -> Result<(), BundleError> {
    match envelope.get("format") {
        None => return Err(missing("format")),
        Some(Value::String(format)) if format == FORMAT => {}
        Some(Value::String(format)) if format == ENCRYPTED_FORMAT => {
            return Err(BundleError::Encrypted)
        }
        Some(other) => {
            return Err(BundleError::WrongFormat {
                found: super::kinds::brief(other),
            })
        }
    }
    match envelope.get("format_version") {
        None => Err(missing("format_version")),
        Some(version) => match version.as_u64() {
            Some(found) if found > FORMAT_VERSION => Err(BundleError::NewerVersion { found }),
            Some(found) if found >= 1 => Ok(()),
            _ => Err(bad("format_version")),
        },
    }
}

fn is_digest(text: &str) -> bool {
    text.strip_prefix(DIGEST_PREFIX)
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn read_device(device: &Map<String, Value>) -> Result<DeviceInfo, BundleError> {
    let id = match device.get("id") {
        None | Some(Value::Null) => return Err(missing("device.id")),
        Some(Value::String(id)) if !id.trim().is_empty() => id.clone(),
        Some(_) => return Err(bad("device.id")),
    };
    let label = match device.get("label") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(label)) => label.clone(),
        Some(_) => return Err(bad("device.label")),
    };
    Ok(DeviceInfo { id, label })
}

fn optional_text(envelope: &Map<String, Value>, field: &str) -> Result<String, BundleError> {
    match envelope.get(field) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(bad(field)),
    }
}

fn read_revision(index: usize, value: Value) -> Result<Revision, BundleError> {
    let id = value.get("id").and_then(Value::as_str).map(str::to_owned);
    let problems = revision::problems(&value);
    if !problems.is_empty() {
        return Err(BundleError::BadRevision {
            index,
            id,
            problems: problems.into_iter().map(|p| p.text).collect(),
        });
    }
    serde_json::from_value(value).map_err(|e| BundleError::BadRevision {
        index,
        id,
        problems: vec![Text::new(
            format!("记录结构无法读取：{e}"),
            format!("the revision cannot be read: {e}"),
        )],
    })
}

/// Writes a bundle: the envelope fields in the order of §1, one revision per
/// line, and the digest of the records as written.
pub fn write_bundle(
    app_version: &str,
    exported_at: &str,
    device: &DeviceInfo,
    scope: &Scope,
    records: &[Revision],
) -> String {
    let values: Vec<Value> = records.iter().map(Revision::to_value).collect();
    let digest = records_digest(&Value::Array(values.clone()));
    let json = |value: Value| canonical_json(&value);
    let device = serde_json::json!({ "id": device.id, "label": device.label });
    let scope =
        serde_json::to_value(scope).unwrap_or_else(|_| serde_json::json!({ "kind": "full" }));

    let mut out = String::new();
    out.push_str("{\n");
    out.push_str(&format!("\"format\":{},\n", json(FORMAT.into())));
    out.push_str(&format!("\"format_version\":{FORMAT_VERSION},\n"));
    out.push_str(&format!("\"app_version\":{},\n", json(app_version.into())));
    out.push_str(&format!("\"exported_at\":{},\n", json(exported_at.into())));
    out.push_str(&format!("\"device\":{},\n", json(device)));
    out.push_str(&format!("\"scope\":{},\n", json(scope)));
    out.push_str("\"records\":[");
    for (i, value) in values.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&canonical_json(value));
    }
    out.push_str("\n],\n");
    out.push_str(&format!("\"digest\":{}\n", json(digest.into())));
    out.push_str("}\n");
    out
}
