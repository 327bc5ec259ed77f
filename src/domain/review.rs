//! Reviewed points (评审赋分): entries that need a coordinator's review — a
//! member's own claim, or an award by a rule the coordinator marked "needs
//! review" — count only once approved.
//!
//! An entry that needs review carries `"needs_review": true` in its data (an
//! extension field of `points_entry`, as is `needs_review` on a
//! `points_rule`). The review is a record of its own, kind `points_review`,
//! whose id is derived from the entry's id (UUID v5): so a review made on any
//! device, carried by a bundle, settles the entry everywhere; and two devices
//! that review the same entry before seeing each other's review write two
//! versions of ONE record — one visible conflict for a person to resolve,
//! never two reviews. While the versions disagree the entry stays pending.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::kinds::{PointsEntry, PointsRule};
use crate::domain::revision::Revision;
use crate::i18n::Text;

/// Field of a `points_entry` (and of a `points_rule`) saying it needs review.
pub const NEEDS_REVIEW: &str = "needs_review";

/// Namespace of review ids (changing it would orphan every review).
const REVIEW_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x2d6b_8f31_7ac4_4c09_9e52_b1f0_64d3_a87e);

/// The id of the review of entry `entry_id`: the same on every device.
pub fn review_id(entry_id: &str) -> String {
    uuid::Uuid::new_v5(&REVIEW_NAMESPACE, entry_id.as_bytes()).to_string()
}

/// What a coordinator decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    #[serde(rename = "approved")]
    Approved,
    #[serde(rename = "rejected")]
    Rejected,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approved => "approved",
            Verdict::Rejected => "rejected",
        }
    }
}

/// A coordinator's review of one points entry (`data` of a `points_review`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsReview {
    pub entry_id: String,
    pub verdict: Verdict,
    pub reason: String,
    pub on: String,
    /// The reviewing coordinator (a member id), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where an entry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReviewState {
    /// An ordinary entry: it counts.
    NotNeeded,
    /// Waiting for a coordinator: it does not count.
    Pending,
    Approved,
    Rejected,
    /// Two devices reviewed it differently: it does not count until a person resolves it.
    Disputed,
}

impl ReviewState {
    /// Whether the entry counts in a balance.
    pub fn counts(self) -> bool {
        matches!(self, ReviewState::NotNeeded | ReviewState::Approved)
    }

    pub fn label(self) -> Text {
        match self {
            ReviewState::NotNeeded => Text::new("无需评审", "No review needed"),
            ReviewState::Pending => Text::new("待评审（暂不计入余额）", "Awaiting review (not in the balance yet)"),
            ReviewState::Approved => Text::new("评审通过", "Approved"),
            ReviewState::Rejected => Text::new("评审未通过", "Rejected"),
            ReviewState::Disputed => Text::new(
                "两台设备评审结果不同，待处理冲突（暂不计入余额）",
                "Two devices reviewed it differently: resolve the conflict (not in the balance meanwhile)",
            ),
        }
    }
}

/// Whether `entry` needs a review before it counts.
pub fn needs_review(entry: &PointsEntry) -> bool {
    entry.extra.get(NEEDS_REVIEW).and_then(Value::as_bool) == Some(true)
}

/// Whether awards by `rule` need a review.
pub fn rule_needs_review(rule: &PointsRule) -> bool {
    rule.extra.get(NEEDS_REVIEW).and_then(Value::as_bool) == Some(true)
}

/// `entry` marked as needing review (or not).
pub fn with_needs_review(mut entry: PointsEntry, needed: bool) -> PointsEntry {
    if needed {
        entry.extra.insert(NEEDS_REVIEW.into(), Value::Bool(true));
    } else {
        entry.extra.remove(NEEDS_REVIEW);
    }
    entry
}

/// The state of `entry` given the heads of its review record (empty: no review yet).
pub fn review_state(entry: &PointsEntry, review_heads: &[Revision]) -> ReviewState {
    if !needs_review(entry) {
        return ReviewState::NotNeeded;
    }
    let verdicts: Vec<Option<Verdict>> = review_heads
        .iter()
        .map(|rev| {
            if rev.deleted {
                return None;
            }
            rev.data
                .as_ref()
                .and_then(|d| PointsReview::deserialize(d).ok())
                .map(|r| r.verdict)
        })
        .collect();
    match verdicts.split_first() {
        None => ReviewState::Pending,
        Some((first, rest)) if rest.iter().any(|v| v != first) => ReviewState::Disputed,
        Some((Some(Verdict::Approved), _)) => ReviewState::Approved,
        Some((Some(Verdict::Rejected), _)) => ReviewState::Rejected,
        Some((None, _)) => ReviewState::Pending,
    }
}

/// A member's balance counting only entries that count ([`ReviewState::counts`]):
/// `entries` are (entry id, entry), `reviews` the heads of review records by
/// review id ([`review_id`]).
pub fn reviewed_balance(
    member_id: &str,
    entries: &[(String, PointsEntry)],
    reviews: &BTreeMap<String, Vec<Revision>>,
) -> i64 {
    entries
        .iter()
        .filter(|(_, e)| e.member_id == member_id)
        .filter(|(id, e)| {
            let heads = reviews
                .get(&review_id(id))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            review_state(e, heads).counts()
        })
        .map(|(_, e)| e.points)
        .sum()
}

/// Why a review cannot be recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewError {
    /// Every review gives its reason.
    NoReason,
    /// The entry needs no review.
    NotNeeded,
}

impl ReviewError {
    pub fn text(self) -> Text {
        match self {
            ReviewError::NoReason => Text::new(
                "请填写评审理由。未保存。",
                "Give the reason for the review. Nothing was saved.",
            ),
            ReviewError::NotNeeded => Text::new(
                "这条积分记录不需要评审。",
                "This points entry needs no review.",
            ),
        }
    }
}

/// A coordinator's review of entry `entry_id`, or why not.
pub fn review(
    entry_id: &str,
    entry: &PointsEntry,
    verdict: Verdict,
    reason: &str,
    on: &str,
    by: Option<&str>,
) -> Result<PointsReview, ReviewError> {
    if !needs_review(entry) {
        return Err(ReviewError::NotNeeded);
    }
    if reason.trim().is_empty() {
        return Err(ReviewError::NoReason);
    }
    Ok(PointsReview {
        entry_id: entry_id.to_string(),
        verdict,
        reason: reason.trim().to_string(),
        on: on.to_string(),
        by: by.map(str::to_string),
        extra: Map::new(),
    })
}
