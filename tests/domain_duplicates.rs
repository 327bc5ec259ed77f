#![cfg(not(target_arch = "wasm32"))]
//! The "possible duplicate" hint at capture: same household, phone or address.

use doorstep::domain::duplicates::{address_key, phone_key, possible_duplicates, Recording};
use doorstep::domain::kinds::Demand;
use serde_json::json;

fn demand(
    title: &str,
    on: &str,
    household: Option<&str>,
    phone: Option<&str>,
    address: Option<&str>,
) -> Demand {
    let mut data = json!({
        "community_id": "c1", "reported_on": on, "source": "door_visit", "category": "livable_homes",
        "urgency": "normal", "title": title, "description": "…",
    });
    if let Some(h) = household {
        data["household_id"] = json!(h);
    }
    if phone.is_some() || address.is_some() {
        data["resident"] = json!({ "consent": true, "phone": phone, "address": address });
    }
    serde_json::from_value(data).unwrap()
}

#[test]
fn keys_ignore_formatting_but_not_too_little() {
    assert_eq!(phone_key("139-0591 0001").as_deref(), Some("13905910001"));
    assert_eq!(phone_key("110"), None, "too short to tell people apart");
    assert_eq!(address_key("3号楼 2单元 502"), address_key("3号楼2单元502"));
    assert_eq!(address_key(" 5 "), None);
}

#[test]
fn earlier_demands_of_the_same_door_phone_or_address_newest_first() {
    let earlier = vec![
        (
            "a".to_string(),
            demand("楼道灯坏了", "2026-10-01", Some("door-1"), None, None),
        ),
        (
            "b".to_string(),
            demand("漏水", "2026-11-01", None, Some("13905910001"), None),
        ),
        (
            "c".to_string(),
            demand("噪音", "2026-11-05", None, None, Some("3号楼 2单元 502")),
        ),
        (
            "d".to_string(),
            demand(
                "别人家",
                "2026-11-06",
                Some("door-2"),
                Some("13800000000"),
                Some("4号楼 101"),
            ),
        ),
    ];
    let ids = |new: &Recording| -> Vec<String> {
        possible_duplicates(&earlier, new)
            .iter()
            .map(|(id, _)| id.clone())
            .collect()
    };
    assert_eq!(
        ids(&Recording {
            household_id: Some("door-1"),
            ..Default::default()
        }),
        ["a"]
    );
    assert_eq!(
        ids(&Recording {
            phone: "139 0591 0001",
            ..Default::default()
        }),
        ["b"]
    );
    assert_eq!(
        ids(&Recording {
            household_id: Some("door-1"),
            phone: "13905910001",
            address: "3号楼2单元502"
        }),
        ["c", "b", "a"],
        "every kind of match, newest first"
    );
    assert!(
        ids(&Recording::default()).is_empty(),
        "an empty form matches nothing"
    );
    assert!(ids(&Recording {
        phone: "12",
        address: "1",
        household_id: None
    })
    .is_empty());
}
