//! Decision consultation: a topic's stages and the tally of residents' opinions.

use std::collections::BTreeMap;

use crate::domain::kinds::{Opinion, Stance, TopicStatus};

/// The stage after `status`, or `None` at the end (proposed → researching →
/// reported → adopted → closed).
pub fn next_status(status: TopicStatus) -> Option<TopicStatus> {
    let all = TopicStatus::ALL;
    let index = all.iter().position(|s| *s == status)?;
    all.get(index + 1).copied()
}

/// Opinions counted by stance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StanceCounts {
    pub support: usize,
    pub oppose: usize,
    pub neutral: usize,
}

impl StanceCounts {
    pub fn add(&mut self, stance: Stance) {
        match stance {
            Stance::Support => self.support += 1,
            Stance::Oppose => self.oppose += 1,
            Stance::Neutral => self.neutral += 1,
        }
    }

    pub fn get(&self, stance: Stance) -> usize {
        match stance {
            Stance::Support => self.support,
            Stance::Oppose => self.oppose,
            Stance::Neutral => self.neutral,
        }
    }

    pub fn total(&self) -> usize {
        self.support + self.oppose + self.neutral
    }
}

/// The tally of a consultation: overall and per community (`None`: no community given).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub overall: StanceCounts,
    pub by_community: BTreeMap<Option<String>, StanceCounts>,
}

/// Counts the opinions on one topic (only those whose `topic_id` is `topic_id`).
pub fn tally<'a>(topic_id: &str, opinions: impl IntoIterator<Item = &'a Opinion>) -> Tally {
    let mut tally = Tally::default();
    for opinion in opinions.into_iter().filter(|o| o.topic_id == topic_id) {
        tally.overall.add(opinion.stance);
        tally
            .by_community
            .entry(opinion.community_id.clone())
            .or_default()
            .add(opinion.stance);
    }
    tally
}
