//! "Possible duplicate" at capture (LESSONS #2: the same resident recorded
//! twice): earlier demands of the same household, the same phone number or
//! the same address, so the representative can add to the existing one
//! instead of starting another. A hint only: nothing is blocked or merged.

use crate::domain::kinds::Demand;

/// The digits of a phone number; `None` when too short to tell people apart.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then_some(digits)
}

/// An address without spaces or punctuation, so "3号楼 2单元 502" matches
/// "3号楼2单元502"; `None` when too short to mean a door.
pub fn address_key(address: &str) -> Option<String> {
    let key: String = address
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    (key.chars().count() >= 4).then_some(key)
}

/// What a new demand is being recorded for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recording<'a> {
    pub household_id: Option<&'a str>,
    pub phone: &'a str,
    pub address: &'a str,
}

/// The earlier demands that may be the same resident's, newest first: same
/// household, same phone digits or same address.
pub fn possible_duplicates<'a>(
    earlier: &'a [(String, Demand)],
    new: &Recording<'_>,
) -> Vec<&'a (String, Demand)> {
    let phone = phone_key(new.phone);
    let address = address_key(new.address);
    let mut out: Vec<&(String, Demand)> = earlier
        .iter()
        .filter(|(_, d)| {
            let same_door =
                new.household_id.is_some() && d.household_id.as_deref() == new.household_id;
            let resident = d.resident.as_ref();
            let same_phone = phone.is_some()
                && resident
                    .and_then(|r| r.phone.as_deref())
                    .and_then(phone_key)
                    == phone;
            let same_address = address.is_some()
                && resident
                    .and_then(|r| r.address.as_deref())
                    .and_then(address_key)
                    == address;
            same_door || same_phone || same_address
        })
        .collect();
    out.sort_by(|a, b| {
        b.1.reported_on
            .cmp(&a.1.reported_on)
            .then_with(|| a.0.cmp(&b.0))
    });
    out
}
