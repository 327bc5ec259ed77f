//! The message catalogue: every message has a real text in both languages.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::i18n::{Lang, Msg};

#[test]
fn every_message_has_both_languages() {
    assert!(Msg::ALL.len() > 20, "the catalogue lists its messages");
    for msg in Msg::ALL {
        let zh = msg.get(Lang::Zh);
        let en = msg.get(Lang::En);
        assert!(!zh.trim().is_empty(), "{msg:?} has no Chinese text");
        assert!(!en.trim().is_empty(), "{msg:?} has no English text");
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) || zh == en,
            "{msg:?}: Chinese text {zh:?} has no Chinese characters"
        );
        assert!(
            en.is_ascii() || en == zh,
            "{msg:?}: English text {en:?} is not English"
        );
    }
}

#[test]
fn language_tags_round_trip_and_default_to_chinese() {
    assert_eq!(Lang::default(), Lang::Zh);
    for lang in [Lang::Zh, Lang::En] {
        assert_eq!(Lang::from_tag(lang.tag()), lang);
    }
    assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    assert_eq!(Lang::from_tag("fr"), Lang::Zh);
    assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
}
