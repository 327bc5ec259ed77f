//! Communities every device agrees on without talking: a community added by
//! name and street gets an id derived from them (UUID v5) and a first revision
//! that is byte-for-byte the same on every device, so two representatives of
//! 汤边社区 who each add it never make two communities, nor a conflict.

use serde_json::{Map, Value};

use crate::domain::kinds::{Community, Kind};
use crate::domain::revision::Revision;
use crate::domain::vv::VersionVector;

/// The pseudo-device that "writes" the first revision of a well-known community.
pub const SEED_DEVICE: &str = "00000000-0000-4000-8000-00000000d157";

/// Namespace for community ids (a fixed UUID; changing it would split communities).
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x3d0a_6f2c_5b1e_4c8a_9f47_2e61_d0c3_b5a9);

/// The id of the community `name` in sub-district `street`.
pub fn community_id(name: &str, street: &str) -> String {
    let key = format!("{}/{}", street.trim(), name.trim());
    uuid::Uuid::new_v5(&NAMESPACE, key.as_bytes()).to_string()
}

/// The first revision of community `name` in `street`: the same on every device.
pub fn community_revision(name: &str, street: &str) -> Revision {
    let data = Community {
        name: name.trim().to_string(),
        street: street.trim().to_string(),
        code: None,
        extra: Map::new(),
    };
    Revision {
        id: community_id(name, street),
        kind: Kind::Community.as_str().to_string(),
        hlc: format!("{:013}-{:05}-{SEED_DEVICE}", 0, 0),
        vv: VersionVector::single(SEED_DEVICE, 1),
        deleted: false,
        data: Some(serde_json::to_value(data).unwrap_or(Value::Null)),
        extra: Map::new(),
    }
}
