//! Every record a store holds, as text to compare byte for byte: the schema
//! upgrade tests compare a store before and after its upgrade with it.

use doorstep::domain::revision::Revision;
use doorstep::store::Store;

/// The store's export, sorted by record id, each revision in canonical JSON.
pub async fn canonical_export(store: &Store) -> Vec<String> {
    let mut revisions = store.export_all().await.expect("export the store");
    revisions.sort_by(|a, b| a.id.cmp(&b.id));
    revisions.iter().map(Revision::canonical).collect()
}
