//! Money as people type it (yuan: "247500", "1,234.56", "24.75万", "￥３００") and as it is stored (whole fen).
//!
//! Integer arithmetic only: no float ever touches an amount, so 0.1 + 0.2 yuan
//! is exactly 30 fen. Nothing is rounded silently: a third decimal is an error.

use crate::i18n::Text;

/// Fen in one yuan.
const FEN_PER_YUAN: u64 = 100;

/// Why a typed amount is not a sum of money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// Nothing was typed.
    Empty,
    /// A minus sign: funds raised are never negative.
    Negative,
    /// A character that is not part of an amount (the first one found).
    NotANumber(char),
    /// More than two decimals (more than six with 万): smaller than one fen.
    TooManyDecimals,
    /// Thousands separators in the wrong places ("24,75").
    BadGrouping,
    /// More than one decimal point, or a point with no digits around it.
    BadPoint,
    /// Larger than this app can count.
    TooLarge,
}

impl MoneyError {
    /// What went wrong and what to type instead, in both languages.
    pub fn text(&self) -> Text {
        match self {
            MoneyError::Empty => Text::new(
                "请填写金额（元），例如 247500 或 1234.56；没有资金请填 0。",
                "Enter an amount in yuan, e.g. 247500 or 1234.56; enter 0 if there were no funds.",
            ),
            MoneyError::Negative => Text::new(
                "金额不能为负数。请填写筹集或投入的金额（元）。",
                "The amount cannot be negative. Enter the funds raised or spent, in yuan.",
            ),
            MoneyError::NotANumber(c) => Text::new(
                format!("金额中有无法识别的字符“{c}”。请只填数字，例如 247500 或 1234.56。"),
                format!("The amount contains “{c}”, which is not part of a number. Use digits only, e.g. 247500 or 1234.56."),
            ),
            MoneyError::TooManyDecimals => Text::new(
                "金额最多精确到分（小数点后两位），例如 1234.56。",
                "Amounts go down to the fen: at most two decimals, e.g. 1234.56.",
            ),
            MoneyError::BadGrouping => Text::new(
                "千位分隔逗号的位置不对。可以直接写 247500，或写成 247,500。",
                "The thousands separators are misplaced. Write 247500, or 247,500.",
            ),
            MoneyError::BadPoint => Text::new(
                "小数点的用法不对。请写成 1234.56 这样的形式。",
                "The decimal point is misplaced. Write the amount like 1234.56.",
            ),
            MoneyError::TooLarge => Text::new(
                "金额过大，请检查是否多输了几位数字。",
                "The amount is too large; check for extra digits.",
            ),
        }
    }
}

/// Full-width digits and punctuation (from a Chinese input method) as ASCII.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '，' | '、' => ',',
        '．' | '。' => '.',
        '－' | '—' | '−' => '-',
        _ => c,
    }
}

/// Reads an amount in yuan and gives it in fen.
///
/// Accepts digits with an optional decimal point (at most two decimals),
/// thousands separators (`247,500`), a leading `¥`/`￥`, a trailing `元`, a
/// trailing `万` (ten thousand yuan: `24.75万` is 247,500 yuan), spaces, and
/// full-width digits. Anything else is an error that says what to type.
pub fn parse_yuan_to_fen(text: &str) -> Result<u64, MoneyError> {
    let cleaned: String = text
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && *c != '\u{2009}' && *c != '_')
        .collect();
    let mut rest = cleaned.as_str();
    if rest.starts_with('-') {
        return Err(MoneyError::Negative);
    }
    rest = rest.trim_start_matches('+');
    rest = rest
        .strip_prefix('¥')
        .or_else(|| rest.strip_prefix('￥'))
        .unwrap_or(rest);
    if rest.starts_with('-') {
        return Err(MoneyError::Negative);
    }
    rest = rest
        .strip_suffix("人民币")
        .or_else(|| rest.strip_suffix("RMB"))
        .unwrap_or(rest);
    rest = rest.strip_suffix('元').unwrap_or(rest);
    let (rest, scale_digits) = match rest.strip_suffix('万') {
        Some(r) => (r, 4u32),
        None => (rest, 0u32),
    };
    if rest.is_empty() {
        return Err(MoneyError::Empty);
    }
    if let Some(c) = rest
        .chars()
        .find(|c| !c.is_ascii_digit() && *c != ',' && *c != '.')
    {
        return Err(if c == '-' {
            MoneyError::Negative
        } else {
            MoneyError::NotANumber(c)
        });
    }
    let mut parts = rest.split('.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    if parts.next().is_some() {
        return Err(MoneyError::BadPoint);
    }
    if fraction.is_some_and(|f| f.contains(',')) {
        return Err(MoneyError::BadGrouping);
    }
    let whole_digits = ungroup(whole)?;
    let fraction = fraction.unwrap_or("");
    if whole_digits.is_empty() && fraction.is_empty() {
        return Err(MoneyError::BadPoint);
    }
    // Digits after the point that still count: two for yuan, six for 万 yuan.
    let allowed = 2 + scale_digits as usize;
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > allowed {
        return Err(MoneyError::TooManyDecimals);
    }
    // Value in units of 10^-allowed of the typed unit, then scaled to fen.
    let mut units: u64 = 0;
    for c in whole_digits.chars().chain(fraction.chars()) {
        let digit = u64::from(c as u8 - b'0');
        units = units
            .checked_mul(10)
            .and_then(|u| u.checked_add(digit))
            .ok_or(MoneyError::TooLarge)?;
    }
    let missing = (allowed - fraction.len()) as u32;
    units = units
        .checked_mul(10u64.pow(missing))
        .ok_or(MoneyError::TooLarge)?;
    // `units` counts 10^-(2+scale) of the typed unit, which is always one fen.
    if units > MAX_FEN {
        return Err(MoneyError::TooLarge);
    }
    Ok(units)
}

/// The largest amount accepted: a trillion yuan, far beyond any community fund,
/// and well inside what JSON numbers carry exactly (2^53).
pub const MAX_FEN: u64 = 1_000_000_000_000 * FEN_PER_YUAN;

/// Removes valid thousands separators: "247,500" → "247500"; "24,75" is an error.
fn ungroup(whole: &str) -> Result<String, MoneyError> {
    if !whole.contains(',') {
        return Ok(whole.to_string());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if first_ok && rest_ok {
        Ok(groups.concat())
    } else {
        Err(MoneyError::BadGrouping)
    }
}

/// Fen as people read yuan: 24_750_000 → "¥247,500.00".
pub fn format_fen_as_yuan(fen: u64) -> String {
    format!(
        "¥{}.{:02}",
        group_thousands(fen / FEN_PER_YUAN),
        fen % FEN_PER_YUAN
    )
}

/// Fen as a plain yuan amount for an input field: 24_750_000 → "247500", 123_456 → "1234.56".
pub fn fen_to_yuan_input(fen: u64) -> String {
    let (yuan, cents) = (fen / FEN_PER_YUAN, fen % FEN_PER_YUAN);
    match cents {
        0 => yuan.to_string(),
        c if c % 10 == 0 => format!("{yuan}.{}", c / 10),
        c => format!("{yuan}.{c:02}"),
    }
}

/// A whole number with thousands separators: 1234567 → "1,234,567".
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Why a typed count (attendees, leaflets, beneficiaries) is not a count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CountError {
    Negative,
    NotAWholeNumber,
    TooLarge,
}

impl CountError {
    /// What went wrong and what to type instead, in both languages.
    pub fn text(&self) -> Text {
        match self {
            CountError::Negative => Text::new(
                "人数和份数不能为负数，请填 0 或正整数。",
                "Counts cannot be negative; enter 0 or a whole number.",
            ),
            CountError::NotAWholeNumber => Text::new(
                "请填写整数，例如 35；没有请填 0 或留空。",
                "Enter a whole number, e.g. 35; leave it empty or enter 0 for none.",
            ),
            CountError::TooLarge => Text::new(
                "数字过大，请检查是否多输了几位。",
                "The number is too large; check for extra digits.",
            ),
        }
    }
}

/// Reads a count of people or things: blank is 0; "1,200" and full-width digits are fine.
pub fn parse_count(text: &str) -> Result<u64, CountError> {
    let cleaned: String = text
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Ok(0);
    }
    if cleaned.starts_with('-') {
        return Err(CountError::Negative);
    }
    let digits =
        ungroup(cleaned.trim_start_matches('+')).map_err(|_| CountError::NotAWholeNumber)?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(CountError::NotAWholeNumber);
    }
    let n: u64 = digits.parse().map_err(|_| CountError::TooLarge)?;
    // Kept within what JSON numbers carry exactly.
    if n > (1u64 << 53) {
        return Err(CountError::TooLarge);
    }
    Ok(n)
}
