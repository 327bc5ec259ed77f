//! Everything that can go wrong with the browser's storage, in words a person can act on.

use std::fmt;

use indexed_db_futures::error::{DomException, Error as IdbError, OpenDbError};

use crate::i18n::Text;

/// Why a store operation failed. `Clone + PartialEq` so it can live in UI state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The device or browser has no room left (`QuotaExceededError`).
    QuotaExceeded,
    /// Another tab keeps an older version of the database open, so this one cannot upgrade it.
    Blocked,
    /// IndexedDB is missing or refused: private window, disabled storage, a
    /// sandboxed frame, or the browser's storage failed (`SecurityError`,
    /// `InvalidStateError`, `UnknownError`).
    Unavailable,
    /// The data was written by a newer version of the app (`VersionError`).
    VersionTooNew,
    /// A stored row cannot be read back. It is left in place, never deleted.
    Corrupt { id: String },
    /// Sealing or opening stored bodies with the app lock's key failed
    /// (the key is not the one they were sealed with, or WebCrypto failed).
    /// Nothing of the failing batch was written.
    Sealing(String),
    /// The app lock is on and the app is locked: nothing personal can be
    /// read or written until the passphrase is entered. Nothing was changed.
    Locked,
    /// Another tab of the app turned the app lock on or off since this one
    /// last looked; writing now would store data in the wrong form. Nothing
    /// was written.
    LockChanged,
    /// Anything else, with the browser's own description.
    Other(String),
}

impl StoreError {
    /// What happened and what to do, in both languages.
    pub fn text(&self) -> Text {
        match self {
            StoreError::QuotaExceeded => Text::new(
                "存储空间已满，刚才的内容没有保存。请先导出数据包备份，再清理手机存储空间（或在浏览器设置中允许本应用使用更多空间），然后重试。",
                "Storage is full, so the last change was not saved. Export a bundle as a backup, free some space on the device (or allow this app more storage in the browser settings), then try again.",
            ),
            StoreError::Blocked => Text::new(
                "本应用在另一个标签页或窗口中仍以旧版本打开，数据库无法升级。请关闭其他 Doorstep 标签页后刷新本页。",
                "Doorstep is still open in another tab or window with an older version, so the database cannot be upgraded. Close the other Doorstep tabs, then reload this page.",
            ),
            StoreError::Unavailable => Text::new(
                "浏览器不允许本应用在本机保存数据（可能是无痕/隐私模式、存储被禁用，或浏览器存储出错）。请用普通窗口打开，允许网站存储数据；如仍失败，请重启浏览器。",
                "The browser does not let this app save data on this device (a private window, storage turned off, or a browser storage failure). Open the app in a normal window and allow site storage; if it still fails, restart the browser.",
            ),
            StoreError::VersionTooNew => Text::new(
                "本机数据由更新版本的 Doorstep 写入，当前版本无法读取。请刷新页面以加载最新版本。",
                "The data on this device was written by a newer version of Doorstep, which this version cannot read. Reload the page to get the latest version.",
            ),
            StoreError::Corrupt { id } => Text::new(
                format!("记录 {id} 在本机已损坏，无法读取。它被原样保留，没有删除。请导出数据包并联系技术支持。"),
                format!("Record {id} is damaged on this device and cannot be read. It has been kept as it is, not deleted. Export a bundle and contact support."),
            ),
            StoreError::Sealing(detail) => Text::new(
                format!("用应用锁的密钥加密或解密本机数据时出错（{detail}），这一批数据没有改动，本机数据仍可读取。请重试；如果反复出现，请导出数据包备份并联系技术支持。"),
                format!("Encrypting or decrypting this device's data with the app lock's key failed ({detail}); that batch was left unchanged and the data stays readable. Try again; if it keeps happening, export a bundle as a backup and contact support."),
            ),
            StoreError::Locked => Text::new(
                "应用已锁定，刚才的操作没有进行，本机数据没有改动。请先输入口令解锁，然后再试。",
                "The app is locked, so that action was not carried out and nothing on this device changed. Unlock it with your passphrase, then try again.",
            ),
            StoreError::LockChanged => Text::new(
                "应用锁刚在另一个标签页中开启或关闭，本页尚未更新，刚才的修改没有保存。请先复制尚未保存的文字，然后刷新本页再试。",
                "The app lock was just turned on or off in another tab and this page has not caught up, so the last change was not saved. Copy any text you have not saved yet, reload this page and try again.",
            ),
            StoreError::Other(detail) => Text::new(
                format!("保存或读取数据时出错，刚才的操作没有完成：{detail}。请重试；如果反复出现，请导出数据包备份并联系技术支持。"),
                format!("Saving or reading data failed and the last action was not completed: {detail}. Try again; if it keeps happening, export a bundle as a backup and contact support."),
            ),
        }
    }

    /// Maps a browser `DOMException` name to a variant.
    pub(crate) fn from_dom_name(name: &str, message: &str) -> StoreError {
        match name {
            "QuotaExceededError" => StoreError::QuotaExceeded,
            "VersionError" => StoreError::VersionTooNew,
            "InvalidStateError" | "SecurityError" | "UnknownError" => StoreError::Unavailable,
            _ => StoreError::Other(format!("{name}: {message}")),
        }
    }

    /// Maps an exception the browser raised (a `DOMException` or anything else).
    pub(crate) fn from_js(value: &wasm_bindgen::JsValue) -> StoreError {
        use wasm_bindgen::JsCast;
        if let Some(dom) = value.dyn_ref::<web_sys::DomException>() {
            return StoreError::from_dom_name(&dom.name(), &dom.message());
        }
        if let Some(err) = value.dyn_ref::<js_sys::Error>() {
            return StoreError::Other(String::from(err.message()));
        }
        StoreError::Other(format!("{value:?}"))
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::QuotaExceeded => f.write_str("storage quota exceeded"),
            StoreError::Blocked => f.write_str("database upgrade blocked by another open tab"),
            StoreError::Unavailable => f.write_str("IndexedDB is unavailable"),
            StoreError::VersionTooNew => f.write_str("database was written by a newer app version"),
            StoreError::Corrupt { id } => write!(f, "stored record {id} cannot be read"),
            StoreError::Sealing(detail) => write!(f, "sealing stored bodies failed: {detail}"),
            StoreError::Locked => f.write_str("the app is locked"),
            StoreError::LockChanged => f.write_str("the app lock was switched in another tab"),
            StoreError::Other(detail) => write!(f, "storage error: {detail}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<IdbError> for StoreError {
    fn from(err: IdbError) -> Self {
        match err {
            IdbError::DomException(dom) => from_dom(dom),
            IdbError::Unknown(js) => StoreError::from_js(js.as_ref()),
            other => StoreError::Other(other.to_string()),
        }
    }
}

impl From<OpenDbError> for StoreError {
    fn from(err: OpenDbError) -> Self {
        match err {
            OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory => {
                StoreError::Unavailable
            }
            OpenDbError::Base(base) => base.into(),
            other => StoreError::Other(other.to_string()),
        }
    }
}

fn from_dom(dom: DomException) -> StoreError {
    let message = dom.message();
    let raw: web_sys::DomException = dom.into();
    StoreError::from_dom_name(&raw.name(), &message)
}
