#![cfg(not(target_arch = "wasm32"))]
//! Money typed in yuan is stored in whole fen, exactly; bad input is refused with a
//! message in both languages; counts and the office lists' filters and totals.

use doorstep::domain::kinds::{Activity, Member, Outcome, OutcomeType, Team};
use doorstep::domain::money::{
    fen_to_yuan_input, format_fen_as_yuan, group_thousands, parse_count, parse_yuan_to_fen,
    CountError, MoneyError, MAX_FEN,
};
use doorstep::domain::roster::{
    activity_totals, outcome_totals, sort_members, Activeness, MemberQuery, OutcomeQuery,
};
use doorstep::i18n::Lang;
use serde_json::json;

#[test]
fn whole_yuan_and_decimals_become_exact_fen() {
    assert_eq!(parse_yuan_to_fen("247500"), Ok(24_750_000));
    assert_eq!(parse_yuan_to_fen("1234.56"), Ok(123_456));
    assert_eq!(parse_yuan_to_fen("1234.5"), Ok(123_450));
    assert_eq!(parse_yuan_to_fen("0"), Ok(0));
    assert_eq!(parse_yuan_to_fen("0.01"), Ok(1));
    assert_eq!(parse_yuan_to_fen("0.1"), Ok(10));
    assert_eq!(parse_yuan_to_fen(".5"), Ok(50));
    assert_eq!(parse_yuan_to_fen("5."), Ok(500));
    // Trailing zeros beyond the fen are not extra precision.
    assert_eq!(parse_yuan_to_fen("1.500"), Ok(150));
    assert_eq!(parse_yuan_to_fen("007"), Ok(700));
}

#[test]
fn separators_symbols_and_full_width_input_are_understood() {
    assert_eq!(parse_yuan_to_fen("247,500.5"), Ok(24_750_050));
    assert_eq!(parse_yuan_to_fen("1,234,567"), Ok(123_456_700));
    assert_eq!(parse_yuan_to_fen(" ¥ 247 500 "), Ok(24_750_000));
    assert_eq!(parse_yuan_to_fen("￥300元"), Ok(30_000));
    assert_eq!(parse_yuan_to_fen("２４７５００"), Ok(24_750_000));
    assert_eq!(parse_yuan_to_fen("２４７，５００．５"), Ok(24_750_050));
    assert_eq!(parse_yuan_to_fen("+12"), Ok(1_200));
}

#[test]
fn wan_means_ten_thousand_yuan() {
    assert_eq!(parse_yuan_to_fen("24.75万"), Ok(24_750_000));
    assert_eq!(parse_yuan_to_fen("140万元"), Ok(140_000_000));
    assert_eq!(parse_yuan_to_fen("0.000001万"), Ok(1));
    assert_eq!(
        parse_yuan_to_fen("0.0000001万"),
        Err(MoneyError::TooManyDecimals)
    );
}

#[test]
fn bad_amounts_are_refused_not_guessed() {
    assert_eq!(parse_yuan_to_fen(""), Err(MoneyError::Empty));
    assert_eq!(parse_yuan_to_fen("   "), Err(MoneyError::Empty));
    assert_eq!(parse_yuan_to_fen("元"), Err(MoneyError::Empty));
    assert_eq!(parse_yuan_to_fen("-5"), Err(MoneyError::Negative));
    assert_eq!(parse_yuan_to_fen("¥-5"), Err(MoneyError::Negative));
    assert_eq!(parse_yuan_to_fen("5-"), Err(MoneyError::Negative));
    assert_eq!(parse_yuan_to_fen("1.005"), Err(MoneyError::TooManyDecimals));
    assert_eq!(parse_yuan_to_fen("24,75"), Err(MoneyError::BadGrouping));
    assert_eq!(parse_yuan_to_fen(",500"), Err(MoneyError::BadGrouping));
    assert_eq!(parse_yuan_to_fen("1.2,3"), Err(MoneyError::BadGrouping));
    assert_eq!(parse_yuan_to_fen("1.2.3"), Err(MoneyError::BadPoint));
    assert_eq!(parse_yuan_to_fen("."), Err(MoneyError::BadPoint));
    assert_eq!(parse_yuan_to_fen("1e5"), Err(MoneyError::NotANumber('e')));
    assert_eq!(parse_yuan_to_fen("abc"), Err(MoneyError::NotANumber('a')));
    assert_eq!(parse_yuan_to_fen("五百"), Err(MoneyError::NotANumber('五')));
    assert_eq!(
        parse_yuan_to_fen("99999999999999999999999"),
        Err(MoneyError::TooLarge)
    );
    assert_eq!(
        parse_yuan_to_fen("1000000000001"),
        Err(MoneyError::TooLarge)
    );
    assert_eq!(parse_yuan_to_fen("1000000000000"), Ok(MAX_FEN));
}

#[test]
fn every_money_error_says_what_to_do_in_both_languages() {
    let errors = [
        MoneyError::Empty,
        MoneyError::Negative,
        MoneyError::NotANumber('x'),
        MoneyError::TooManyDecimals,
        MoneyError::BadGrouping,
        MoneyError::BadPoint,
        MoneyError::TooLarge,
    ];
    for err in errors {
        let text = err.text();
        let cjk = |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c);
        assert!(text.get(Lang::Zh).chars().any(|c| cjk(&c)), "{err:?}");
        assert!(!text.get(Lang::En).chars().any(|c| cjk(&c)), "{err:?}");
        assert_ne!(text.zh, text.en);
    }
    assert!(MoneyError::NotANumber('x').text().en.contains('x'));
    for err in [
        CountError::Negative,
        CountError::NotAWholeNumber,
        CountError::TooLarge,
    ] {
        assert!(!err.text().zh.is_empty() && !err.text().en.is_empty());
    }
}

#[test]
fn fen_are_shown_as_yuan_with_separators() {
    assert_eq!(format_fen_as_yuan(24_750_000), "¥247,500.00");
    assert_eq!(format_fen_as_yuan(123_456), "¥1,234.56");
    assert_eq!(format_fen_as_yuan(5), "¥0.05");
    assert_eq!(format_fen_as_yuan(0), "¥0.00");
    assert_eq!(format_fen_as_yuan(100_000_000), "¥1,000,000.00");
    assert_eq!(group_thousands(999), "999");
    assert_eq!(group_thousands(1000), "1,000");
    assert_eq!(fen_to_yuan_input(24_750_000), "247500");
    assert_eq!(fen_to_yuan_input(123_450), "1234.5");
    assert_eq!(fen_to_yuan_input(123_456), "1234.56");
    assert_eq!(fen_to_yuan_input(7), "0.07");
}

#[test]
fn what_a_form_shows_reads_back_as_the_same_amount() {
    for fen in [
        0,
        1,
        9,
        10,
        99,
        100,
        123_456,
        24_750_000,
        1_400_000_000,
        MAX_FEN,
    ] {
        assert_eq!(parse_yuan_to_fen(&fen_to_yuan_input(fen)), Ok(fen));
        assert_eq!(parse_yuan_to_fen(&format_fen_as_yuan(fen)), Ok(fen));
    }
}

#[test]
fn counts_are_whole_numbers_and_blank_is_zero() {
    assert_eq!(parse_count(""), Ok(0));
    assert_eq!(parse_count(" 35 "), Ok(35));
    assert_eq!(parse_count("1,200"), Ok(1200));
    assert_eq!(parse_count("３５"), Ok(35));
    assert_eq!(parse_count("-1"), Err(CountError::Negative));
    assert_eq!(parse_count("1.5"), Err(CountError::NotAWholeNumber));
    assert_eq!(parse_count("三十"), Err(CountError::NotAWholeNumber));
    assert_eq!(parse_count("12,34"), Err(CountError::NotAWholeNumber));
    assert_eq!(
        parse_count("99999999999999999999"),
        Err(CountError::TooLarge)
    );
}

fn member(
    name: &str,
    team: &str,
    community: Option<&str>,
    domains: &[&str],
    active: bool,
) -> Member {
    serde_json::from_value(json!({
        "name": name, "team": team, "community_id": community, "domains": domains,
        "active": active, "expertise": if team == "expert" { Some("城市规划") } else { None },
    }))
    .expect("valid member")
}

#[test]
fn the_member_filters_combine() {
    let a = member("张丽", "citizen", Some("c1"), &["livable_homes"], true);
    let b = member(
        "王律师",
        "legal_envoy",
        Some("c2"),
        &["dispute_mediation"],
        false,
    );
    let c = member("李教授", "expert", None, &[], true);
    let all = MemberQuery::default();
    assert!([&a, &b, &c].iter().all(|m| all.matches(m)));

    let by_name = MemberQuery {
        text: "律师".into(),
        ..MemberQuery::default()
    };
    assert!(!by_name.matches(&a) && by_name.matches(&b));
    let by_expertise = MemberQuery {
        text: "规划".into(),
        ..MemberQuery::default()
    };
    assert!(by_expertise.matches(&c) && !by_expertise.matches(&a));
    let citizens = MemberQuery {
        team: Some(Team::Citizen),
        ..MemberQuery::default()
    };
    assert!(citizens.matches(&a) && !citizens.matches(&b));
    let in_c2 = MemberQuery {
        community_id: Some("c2".into()),
        ..MemberQuery::default()
    };
    assert!(in_c2.matches(&b) && !in_c2.matches(&a) && !in_c2.matches(&c));
    let homes = MemberQuery {
        domain: Some("livable_homes".into()),
        ..MemberQuery::default()
    };
    assert!(homes.matches(&a) && !homes.matches(&b));
    let inactive = MemberQuery {
        active: Activeness::Inactive,
        ..MemberQuery::default()
    };
    assert!(inactive.matches(&b) && !inactive.matches(&a));
    let active_envoys = MemberQuery {
        team: Some(Team::LegalEnvoy),
        active: Activeness::Active,
        ..MemberQuery::default()
    };
    assert!(!active_envoys.matches(&b));
    assert_eq!(
        Activeness::parse(Activeness::Inactive.as_str()),
        Activeness::Inactive
    );
    assert_eq!(Activeness::parse("whatever"), Activeness::Any);

    let mut list = vec![
        ("b".to_string(), b),
        ("a".to_string(), a),
        ("c".to_string(), c),
    ];
    sort_members(&mut list);
    let order: Vec<&str> = list.iter().map(|(id, _)| id.as_str()).collect();
    // Active first (experts, then citizens), the inactive envoy last.
    assert_eq!(order, ["c", "a", "b"]);
}

#[test]
fn totals_are_of_what_is_shown() {
    let outcome = |t: &str, community: &str, fen: u64, people: u64| -> Outcome {
        serde_json::from_value(json!({
            "type": t, "title": "x", "on": "2025-05-01", "community_id": community,
            "funds_fen": fen, "beneficiaries": people,
        }))
        .expect("valid outcome")
    };
    let list = [
        outcome("micro_project", "c1", 24_750_000, 3200),
        outcome("mediation_agreement", "c2", 0, 2),
        outcome("micro_project", "c2", 50_050, 40),
    ];
    let micro = OutcomeQuery {
        outcome_type: Some(OutcomeType::MicroProject),
        ..OutcomeQuery::default()
    };
    let shown: Vec<&Outcome> = list.iter().filter(|o| micro.matches(o)).collect();
    let totals = outcome_totals(shown);
    assert_eq!(
        (totals.count, totals.funds_fen, totals.beneficiaries),
        (2, 24_800_050, 3240)
    );
    assert_eq!(format_fen_as_yuan(totals.funds_fen), "¥248,000.50");
    let in_c2 = OutcomeQuery {
        community_id: Some("c2".into()),
        ..OutcomeQuery::default()
    };
    let totals = outcome_totals(list.iter().filter(|o| in_c2.matches(o)));
    assert_eq!(
        (totals.count, totals.funds_fen, totals.beneficiaries),
        (2, 50_050, 42)
    );

    let activity: Activity = serde_json::from_value(json!({
        "type": "roundtable", "title": "圆桌", "on": "2025-05-01", "attendees": 35, "materials": 12,
    }))
    .expect("valid activity");
    let totals = activity_totals([&activity, &activity]);
    assert_eq!(
        (totals.count, totals.attendees, totals.materials),
        (2, 70, 24)
    );
}
