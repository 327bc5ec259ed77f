//! Topic stages and the opinion tally.
#![cfg(not(target_arch = "wasm32"))]

use doorstep::domain::kinds::{Opinion, Stance, TopicStatus};
use doorstep::domain::topics::{next_status, tally};

fn opinion(topic: &str, community: Option<&str>, stance: Stance) -> Opinion {
    serde_json::from_value(serde_json::json!({
        "topic_id": topic, "community_id": community, "stance": stance.as_str(), "on": "2026-11-20"
    }))
    .unwrap()
}

#[test]
fn stages_run_in_order_and_end_at_closed() {
    let mut stage = TopicStatus::Proposed;
    let mut seen = vec![stage];
    while let Some(next) = next_status(stage) {
        stage = next;
        seen.push(stage);
    }
    assert_eq!(
        seen,
        vec![
            TopicStatus::Proposed,
            TopicStatus::Researching,
            TopicStatus::Reported,
            TopicStatus::Adopted,
            TopicStatus::Closed
        ]
    );
}

#[test]
fn tally_counts_by_stance_and_community_for_one_topic_only() {
    let opinions = [
        opinion("t1", Some("c1"), Stance::Support),
        opinion("t1", Some("c1"), Stance::Support),
        opinion("t1", Some("c2"), Stance::Oppose),
        opinion("t1", None, Stance::Neutral),
        opinion("t2", Some("c1"), Stance::Oppose),
    ];
    let t = tally("t1", &opinions);
    assert_eq!(
        (t.overall.support, t.overall.oppose, t.overall.neutral),
        (2, 1, 1)
    );
    assert_eq!(t.overall.total(), 4);
    assert_eq!(t.by_community[&Some("c1".to_string())].support, 2);
    assert_eq!(
        t.by_community[&Some("c2".to_string())].get(Stance::Oppose),
        1
    );
    assert_eq!(t.by_community[&None].neutral, 1);
    assert_eq!(t.by_community.len(), 3);
    assert_eq!(tally("none", &opinions).overall.total(), 0);
}
