//! The message catalogue: every UI string in Simplified Chinese and English.
//!
//! Each message is a variant of [`Msg`]; the `messages!` macro takes exactly one
//! Chinese and one English text per variant, so a missing translation does not
//! compile. Pure Rust: `domain` uses [`Lang`] and [`Text`] for its own errors.

mod canvass;
mod catalogue;
mod decision;
mod exchange;
mod lock;
mod modules;
mod office;
mod photos;
mod points;
mod qr;
mod sync;
mod topics;

pub use canvass::CanvassMsg;
pub use catalogue::Msg;
pub use decision::{DecisionMsg, HonourMsg};
pub use exchange::ExchangeMsg;
pub use lock::LockMsg;
pub use modules::ModuleMsg;
pub use office::OfficeMsg;
pub use photos::PhotoMsg;
pub use points::PointsMsg;
pub use qr::QrMsg;
pub use sync::SyncMsg;
pub use topics::TopicMsg;

/// A UI language. Simplified Chinese is the default.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag, as stored in settings and set on `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The separator after a label: "：" in Chinese, ": " in English.
    pub fn colon(self) -> &'static str {
        match self {
            Lang::Zh => "：",
            Lang::En => ": ",
        }
    }

    /// Reads a stored tag; anything unknown falls back to Chinese.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.eq_ignore_ascii_case("en") || tag.to_ascii_lowercase().starts_with("en-") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

/// A text built at run time (an error with details) in both languages.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Declares a catalogue: `enum Name { Variant => "中文", "English"; ... }`.
/// A part of the app with many strings of its own may keep them in its own
/// catalogue file (one enum each), so that parallel work does not collide.
macro_rules! messages {
    ($enum_name:ident { $($(#[$doc:meta])* $name:ident => $zh:literal, $en:literal;)+ }) => {
        /// Fixed UI strings. Use `get` with the current language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $enum_name {
            $($(#[$doc])* $name,)+
        }

        impl $enum_name {
            /// Every message, for tests that check the catalogue.
            pub const ALL: &'static [$enum_name] = &[$($enum_name::$name,)+];

            /// The text of this message in `lang`.
            pub fn get(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($enum_name::$name, $crate::i18n::Lang::Zh) => $zh,
                        ($enum_name::$name, $crate::i18n::Lang::En) => $en,
                    )+
                }
            }
        }
    };
}
pub(crate) use messages;
