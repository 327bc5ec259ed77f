//! How long the demand list takes to filter 50,000 demands (native, release).
//! Run with `scripts/bench-list`; prints figures, asserts nothing about time.

use std::time::Instant;

use doorstep::domain::demand_list::{filter_demands, sort_rows, DemandQuery, DemandRow};
use doorstep::domain::kinds::{Demand, DemandStatus, Urgency, DOMAINS};

const TITLES: &[&str] = &[
    "楼道灯不亮",
    "卫生间漏水邻里纠纷",
    "小区缺少休闲广场",
    "电动车充电难",
    "独居老人助餐需求",
    "噪音扰民",
    "公共用电分摊",
];

fn rows(n: usize) -> Vec<DemandRow> {
    let statuses = DemandStatus::ALL;
    let mut rows: Vec<DemandRow> = (0..n)
        .map(|i| {
            let demand: Demand = serde_json::from_value(serde_json::json!({
                "community_id": format!("community-{}", i % 69),
                "reported_on": format!("2026-{:02}-{:02}", 1 + i % 11, 1 + i % 28),
                "reported_by": format!("member-{}", i % 1660),
                "source": "door_visit",
                "category": DOMAINS[i % 5],
                "urgency": if i % 7 == 0 { "urgent" } else { "normal" },
                "title": format!("{}号楼{}", 1 + i % 40, TITLES[i % TITLES.len()]),
                "description": format!("第{i}条：居民反映的具体情况，需要社区协调解决。"),
                "resident": { "address": format!("{}号楼{}单元{}0{}", 1 + i % 40, 1 + i % 3, 1 + i % 6, 1 + i % 2), "consent": true }
            }))
            .expect("valid demand");
            DemandRow::new(&format!("id-{i:06}"), &demand, statuses[i % statuses.len()])
        })
        .collect();
    sort_rows(&mut rows);
    rows
}

fn median_ms(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn main() {
    let n = 50_000;
    let start = Instant::now();
    let rows = rows(n);
    println!(
        "prepared {n} rows in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let cases: Vec<(&str, DemandQuery)> = vec![
        ("no filter", DemandQuery::default()),
        (
            "search 漏水",
            DemandQuery {
                text: "漏水".into(),
                ..Default::default()
            },
        ),
        (
            "search 3号楼 502",
            DemandQuery {
                text: "3号楼 502".into(),
                ..Default::default()
            },
        ),
        (
            "status open + community",
            DemandQuery {
                status: Some(DemandStatus::Open),
                community_id: Some("community-7".into()),
                ..Default::default()
            },
        ),
        (
            "overdue + urgent",
            DemandQuery {
                overdue_only: true,
                urgency: Some(Urgency::Urgent),
                ..Default::default()
            },
        ),
    ];
    for (name, query) in cases {
        let mut samples = Vec::new();
        let mut shown = 0;
        for _ in 0..21 {
            let t = Instant::now();
            let (hits, _) = filter_demands(&rows, &query, "2026-11-26", 7);
            samples.push(t.elapsed().as_secs_f64() * 1e3);
            shown = hits.len();
        }
        println!(
            "{name:<26} {shown:>6} shown   median {:>6.2} ms over 21 runs",
            median_ms(samples)
        );
    }
}
