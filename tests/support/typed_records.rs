//! Records that carry what a representative types about a resident, shared
//! by the app-lock browser tests (`browser_seal`, `browser_lock_store`):
//! each test checks that none of these strings is left plain at rest.

use doorstep::domain::clock::HlcClock;
use doorstep::domain::kinds::Kind;
use doorstep::domain::revision::{self, Revision};
use doorstep::store::Store;
use serde_json::json;

pub const T0: u64 = 1_764_149_400_000;
pub const PASS: &str = "汤边社区 horse 2026";
pub const NAME: &str = "欧阳秀英";
pub const PHONE: &str = "13912345678";
pub const ADDRESS: &str = "汤边路17号";
pub const NOTE: &str = "独居老人腿脚不便";

/// A fresh database `name`, deleted first.
pub async fn fresh(name: &str) -> Store {
    Store::delete_database(name)
        .await
        .expect("delete old test database");
    Store::open_named(name).await.expect("open test database")
}

/// A community, a vulnerable household with a note, a demand with the
/// resident's name, phone and address, and its status event, made with `clock`.
pub fn typed_records(clock: &mut HlcClock) -> [Revision; 4] {
    let community = revision::create(
        Kind::Community,
        json!({"name": "汤边社区", "street": "鼓楼街道"}),
        clock,
        T0,
    );
    let household = revision::create(
        Kind::Household,
        json!({"community_id": community.id, "building": "3号楼", "door": "301",
               "vulnerable": true, "note": NOTE}),
        clock,
        T0 + 1,
    );
    let demand = revision::create(
        Kind::Demand,
        json!({
            "community_id": community.id, "reported_on": "2025-11-26", "source": "door_visit",
            "category": "livable_homes", "urgency": "urgent", "title": "楼道灯坏了",
            "resident_name": NAME, "resident_phone": PHONE, "address": ADDRESS,
            "description": format!("{NAME}家门口楼道灯不亮，电话{PHONE}")
        }),
        clock,
        T0 + 2,
    );
    let event = revision::create(
        Kind::DemandEvent,
        json!({"demand_id": demand.id, "at": "2025-11-27", "type": "status",
               "status": "in_progress", "note": format!("已联系{NAME}")}),
        clock,
        T0 + 3,
    );
    [community, household, demand, event]
}
