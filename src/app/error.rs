//! One error type for everything a page can ask of the service layer: what
//! happened and what to do, in both languages. `Clone + PartialEq` so it can
//! live in component state (a failed load, a refused save).

use crate::domain::kinds::Problem;
use crate::i18n::{Lang, Text};
use crate::store::StoreError;

/// Why a service call did not do what was asked. Nothing was written in any case.
#[derive(Clone, Debug, PartialEq)]
pub enum AppError {
    /// The form is not complete or not valid; every problem is listed.
    Invalid(Vec<Problem>),
    /// The browser's storage failed or refused (full disk, storage gone, ...).
    Store(StoreError),
    /// The record asked for is not on this device (never made here or
    /// imported, or deleted meanwhile).
    Missing,
    /// A rule refused the action (a redemption above the balance, a wrong
    /// passphrase, ...); the text says which and what to do.
    Refused(Text),
}

impl AppError {
    /// What happened and what to do, in both languages.
    pub fn text(&self) -> Text {
        match self {
            AppError::Invalid(problems) => Text::new(
                problems
                    .iter()
                    .map(|p| p.text.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
                problems
                    .iter()
                    .map(|p| p.text.en.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            AppError::Store(err) => err.text(),
            AppError::Missing => Text::new(
                "这条记录不在本机：可能刚被删除，或尚未从数据包导入。请返回列表刷新；如需要，请先导入包含它的数据包。",
                "This record is not on this device: it may just have been deleted, or not been imported yet. Go back to the list; if you need it, import the bundle that holds it first.",
            ),
            AppError::Refused(text) => text.clone(),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_string()
    }

    /// The problem for one field, to show under that field.
    pub fn for_field(&self, field: &str) -> Option<&Problem> {
        match self {
            AppError::Invalid(problems) => problems.iter().find(|p| p.field == field),
            _ => None,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        AppError::Store(err)
    }
}

impl From<serde_json::Error> for AppError {
    fn from(err: serde_json::Error) -> Self {
        AppError::Store(StoreError::Other(err.to_string()))
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text().get(Lang::En))
    }
}

impl std::error::Error for AppError {}
