//! A micro-project's money by source — government, social funds raised
//! (撬动社会资金), residents — and what was spent, kept apart.
//!
//! They are extension fields of an `outcome` (BUNDLE_FORMAT §2: other app
//! versions keep and pass them on): `funding_fen` = `{ "government": fen,
//! "social": fen, "residents": fen }` and `spent_fen`. The outcome's
//! `funds_fen` stays what every version reads: the total raised, i.e. the sum
//! of the sources when they are recorded. An older outcome with only
//! `funds_fen` has no sources: it is shown as a total "source not recorded".

use serde_json::{json, Value};

use crate::domain::kinds::Outcome;

/// Field of an outcome's `data` with the funding by source, in fen.
pub const FUNDING: &str = "funding_fen";
/// Field of an outcome's `data` with the money spent, in fen.
pub const SPENT: &str = "spent_fen";
/// The keys of [`FUNDING`], in display order.
pub const SOURCES: [&str; 3] = ["government", "social", "residents"];

/// Money raised for an outcome, by source, in fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Funding {
    pub government_fen: u64,
    pub social_fen: u64,
    pub residents_fen: u64,
}

impl Funding {
    /// All sources together (saturating: never wraps).
    pub fn total_fen(&self) -> u64 {
        self.government_fen
            .saturating_add(self.social_fen)
            .saturating_add(self.residents_fen)
    }

    /// The amount of source `key` (one of [`SOURCES`]).
    pub fn get(&self, key: &str) -> u64 {
        match key {
            "government" => self.government_fen,
            "social" => self.social_fen,
            "residents" => self.residents_fen,
            _ => 0,
        }
    }

    /// How it is written in an outcome's `data`.
    pub fn to_value(self) -> Value {
        json!({
            "government": self.government_fen,
            "social": self.social_fen,
            "residents": self.residents_fen,
        })
    }
}

/// The funding by source recorded on `outcome`, or `None` for an outcome
/// that has none (older records: only the total `funds_fen`).
pub fn funding(outcome: &Outcome) -> Option<Funding> {
    let obj = outcome.extra.get(FUNDING)?.as_object()?;
    let fen = |key: &str| obj.get(key).and_then(Value::as_u64).unwrap_or(0);
    Some(Funding {
        government_fen: fen("government"),
        social_fen: fen("social"),
        residents_fen: fen("residents"),
    })
}

/// The money spent recorded on `outcome`, if any.
pub fn spent(outcome: &Outcome) -> Option<u64> {
    outcome.extra.get(SPENT).and_then(Value::as_u64)
}

/// `outcome` with `funding` by source (and `funds_fen` set to its total, so
/// older app versions still read the total raised) and `spent` (removed when
/// `None`). Every other field is kept.
pub fn with_funding(mut outcome: Outcome, funding: Option<Funding>, spent: Option<u64>) -> Outcome {
    match funding {
        Some(f) => {
            outcome.funds_fen = f.total_fen();
            outcome.extra.insert(FUNDING.into(), f.to_value());
        }
        None => {
            outcome.extra.remove(FUNDING);
        }
    }
    match spent {
        Some(fen) => outcome.extra.insert(SPENT.into(), json!(fen)),
        None => outcome.extra.remove(SPENT),
    };
    outcome
}
