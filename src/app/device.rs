//! This installation's identity: a UUID made on first start and a label naming the
//! representative and community. Both live in the store's `meta` object store.

use serde::{Deserialize, Serialize};

use crate::app::{AppError, Db};
use crate::i18n::Lang;

const DEVICE_KEY: &str = "device";
const LANG_KEY: &str = "lang";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub community: String,
    pub created_at: String,
    /// The member record of the person using this device, if linked: the
    /// reporter of what they capture and the author of events they write.
    #[serde(default)]
    pub member_id: Option<String>,
    /// What this device is used for: it only decides which actions the UI
    /// offers (a representative's phone stays simple). Not security: anyone
    /// holding the phone can switch it in Settings, and it never travels in bundles.
    #[serde(default)]
    pub role: Role,
}

/// A device's role: a representative going door to door, or a coordinator
/// who also edits the points rules, adds manual entries and edits the reward catalogue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Representative,
    Coordinator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Representative => "representative",
            Role::Coordinator => "coordinator",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "representative" => Some(Role::Representative),
            "coordinator" => Some(Role::Coordinator),
            _ => None,
        }
    }
}

impl Device {
    /// "张丽 · 汤边社区", as written into every exported bundle.
    pub fn label(&self) -> String {
        match (self.name.trim(), self.community.trim()) {
            ("", "") => String::new(),
            (name, "") => name.to_string(),
            ("", community) => community.to_string(),
            (name, community) => format!("{name} · {community}"),
        }
    }

    pub fn needs_label(&self) -> bool {
        self.name.trim().is_empty()
    }
}

/// Reads this device's identity, making one (and saving it) on first start.
pub async fn load_or_create(db: &Db) -> Result<Device, AppError> {
    if let Some(device) = db.store().get_meta::<Device>(DEVICE_KEY).await? {
        return Ok(device);
    }
    let device = Device {
        id: uuid::Uuid::new_v4().to_string(),
        name: String::new(),
        community: String::new(),
        created_at: String::from(js_sys::Date::new_0().to_iso_string()),
        member_id: None,
        role: Role::default(),
    };
    db.store().put_meta(DEVICE_KEY, &device).await?;
    Ok(device)
}

pub async fn save(db: &Db, device: &Device) -> Result<(), AppError> {
    Ok(db.store().put_meta(DEVICE_KEY, device).await?)
}

pub async fn load_lang(db: &Db) -> Result<Option<Lang>, AppError> {
    Ok(db.store().get_meta::<Lang>(LANG_KEY).await?)
}

pub async fn save_lang(db: &Db, lang: Lang) -> Result<(), AppError> {
    Ok(db.store().put_meta(LANG_KEY, &lang).await?)
}
