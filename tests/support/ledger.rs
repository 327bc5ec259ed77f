//! The ledger entry a test records for a bundle it applies, as an import
//! would: shared by the store's browser tests.

use doorstep::domain::bundle::Scope;
use doorstep::store::LedgerEntry;

/// A full bundle from "device-b", labelled `device_label`, with `digest`.
pub fn ledger_entry(digest: &str, device_label: &str) -> LedgerEntry {
    LedgerEntry {
        digest: digest.to_owned(),
        device_id: "device-b".to_owned(),
        device_label: device_label.to_owned(),
        scope: Scope::Full,
        exported_at: "2026-11-26T09:30:00.000Z".to_owned(),
        imported_at: "2026-11-26T10:00:00.000Z".to_owned(),
        counts: Default::default(),
    }
}
