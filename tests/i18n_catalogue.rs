//! The message catalogue: every message has a real text in both languages.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::i18n::{
    CanvassMsg, DecisionMsg, ExchangeMsg, HonourMsg, Lang, LockMsg, ModuleMsg, Msg, OfficeMsg,
    PhotoMsg, PointsMsg, QrMsg, SyncMsg, TopicMsg,
};

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Every catalogue's messages as (name, Chinese, English).
fn all_messages() -> Vec<(String, &'static str, &'static str)> {
    let main = Msg::ALL
        .iter()
        .map(|m| (format!("{m:?}"), m.get(Lang::Zh), m.get(Lang::En)));
    let exchange = ExchangeMsg::ALL.iter().map(|m| {
        (
            format!("ExchangeMsg::{m:?}"),
            m.get(Lang::Zh),
            m.get(Lang::En),
        )
    });
    let office = OfficeMsg::ALL.iter().map(|m| {
        (
            format!("OfficeMsg::{m:?}"),
            m.get(Lang::Zh),
            m.get(Lang::En),
        )
    });
    let topics = TopicMsg::ALL
        .iter()
        .map(|m| (format!("TopicMsg::{m:?}"), m.get(Lang::Zh), m.get(Lang::En)));
    let points = PointsMsg::ALL.iter().map(|m| {
        (
            format!("PointsMsg::{m:?}"),
            m.get(Lang::Zh),
            m.get(Lang::En),
        )
    });
    let canvass = CanvassMsg::ALL.iter().map(|m| {
        (
            format!("CanvassMsg::{m:?}"),
            m.get(Lang::Zh),
            m.get(Lang::En),
        )
    });
    let decision = DecisionMsg::ALL.iter().map(|m| {
        (
            format!("DecisionMsg::{m:?}"),
            m.get(Lang::Zh),
            m.get(Lang::En),
        )
    });
    let modules = ModuleMsg::ALL.iter().map(|m| {
        (
            format!("ModuleMsg::{m:?}"),
            m.get(Lang::Zh),
            m.get(Lang::En),
        )
    });
    let honour = HonourMsg::ALL.iter().map(|m| {
        (
            format!("HonourMsg::{m:?}"),
            m.get(Lang::Zh),
            m.get(Lang::En),
        )
    });
    let qr = QrMsg::ALL
        .iter()
        .map(|m| (format!("QrMsg::{m:?}"), m.get(Lang::Zh), m.get(Lang::En)));
    let photos = PhotoMsg::ALL
        .iter()
        .map(|m| (format!("PhotoMsg::{m:?}"), m.get(Lang::Zh), m.get(Lang::En)));
    let sync = SyncMsg::ALL
        .iter()
        .map(|m| (format!("SyncMsg::{m:?}"), m.get(Lang::Zh), m.get(Lang::En)));
    let lock = LockMsg::ALL
        .iter()
        .map(|m| (format!("LockMsg::{m:?}"), m.get(Lang::Zh), m.get(Lang::En)));
    main.chain(exchange)
        .chain(lock)
        .chain(photos)
        .chain(sync)
        .chain(decision)
        .chain(honour)
        .chain(modules)
        .chain(qr)
        .chain(canvass)
        .chain(office)
        .chain(topics)
        .chain(points)
        .collect()
}

#[test]
fn every_message_has_both_languages() {
    assert!(Msg::ALL.len() > 20, "the catalogue lists its messages");
    for (msg, zh, en) in all_messages() {
        assert!(!zh.trim().is_empty(), "{msg:?} has no Chinese text");
        assert!(!en.trim().is_empty(), "{msg:?} has no English text");
        assert!(
            zh.chars().any(is_cjk) || zh == en,
            "{msg:?}: Chinese text {zh:?} has no Chinese characters"
        );
        // English may name a place in Chinese (街道), but says everything else in English.
        let cjk = en.chars().filter(|c| is_cjk(*c)).count();
        assert!(
            cjk * 4 < en.chars().count(),
            "{msg:?}: English text {en:?} is mostly Chinese"
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
