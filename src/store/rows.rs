//! The rows kept in IndexedDB, and how each is derived from revisions.
//!
//! A revision is stored as its canonical JSON *text* (`json`, as its UTF-8
//! bytes), not as a JS object: unknown fields, `u64` counters and `null`
//! come back byte for byte, and serde-wasm-bindgen only converts the
//! handful of small index fields.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use indexed_db_futures::KeyRange;

use indexed_db_futures::object_store::ObjectStore;

use super::codec::Codec;
use super::schema::{BY_KIND_COMMUNITY_LIVE, BY_KIND_LIVE, BY_KIND_LIVE_COMMUNITY};
use super::StoreError;
use crate::domain::bundle::Scope;
use crate::domain::canonical::sha256_hex;
use crate::domain::demand_summary::DemandSummary;
use crate::domain::kinds::{community_of, followed_references, Demand, DemandEvent, Kind};
use crate::domain::merge::KindCounts;
use crate::domain::revision::Revision;

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// Meta key of the next local arrival sequence number.
pub(crate) const NEXT_SEQ_KEY: &str = "store.next_seq";
/// Meta key of the live-record counts per kind ([`LiveCounts`]), kept by
/// every apply in its own transaction so that counting reads one row.
pub(crate) const LIVE_COUNTS_KEY: &str = "store.live_counts";
/// Meta key of how many live records are demo data (`domain::demo::is_demo`
/// on the shown head; kinds this build knows only), as a number in text.
/// Kept by every apply in its own transaction once the row exists; counted
/// once, in one transaction with its write, where it does not
/// (`Store::demo_count`). Clear data: a number.
pub(crate) const DEMO_COUNT_KEY: &str = "store.demo_count";

/// Meta key of [`Unexported`]: how many stored rows arrived after one
/// arrival number, kept by every apply once the row exists.
pub(crate) const UNEXPORTED_KEY: &str = "store.unexported";

/// How many rows of `revisions` have an arrival number (`seq`) above
/// `after`: what the `by_seq` index counts over that range. The export
/// reminder on Home shows it for the last export's mark on every visit, and
/// counting the index after a district import (every row unexported) held
/// the page's other reads up for seconds. Every apply adds its new rows and
/// takes away its removed ones, in its own transaction; when the mark moves
/// (an export), the next read counts the range once for the new mark
/// (`Store::unexported_since`). Clear data: two numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Unexported {
    pub after: u64,
    pub count: u64,
}

impl Unexported {
    /// Notes a row with arrival number `seq` written (`+1`) or removed (`-1`).
    pub(crate) fn note(&mut self, seq: u64, added: bool) {
        if seq <= self.after {
            return;
        }
        if added {
            self.count += 1;
        } else {
            self.count = self.count.saturating_sub(1);
        }
    }
}

/// Whether a record's shown head (the first of `heads`) is live demo data
/// of a kind this build knows: what [`DEMO_COUNT_KEY`] counts.
pub(crate) fn live_demo(heads: &[Revision]) -> bool {
    heads.first().is_some_and(|rev| {
        !rev.deleted
            && Kind::parse(&rev.kind).is_some()
            && crate::domain::demo::is_demo(rev.data.as_ref())
    })
}

/// How many live (shown, not deleted) records of each known kind the store
/// holds: what the `by_kind_live` index would count. Clear data only (kind
/// names and numbers), stored as JSON text in `meta`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LiveCounts {
    pub by_kind: BTreeMap<String, u32>,
}

impl LiveCounts {
    /// Notes one record whose shown live head went from a record of kind
    /// `was` to one of kind `now` (`None`: not live). Kinds this build does
    /// not know are not counted (no screen counts them).
    pub(crate) fn moved(&mut self, was: Option<&str>, now: Option<&str>) {
        if was == now {
            return;
        }
        if let Some(kind) = was.filter(|k| Kind::parse(k).is_some()) {
            let count = self.by_kind.entry(kind.to_owned()).or_insert(0);
            *count = count.saturating_sub(1);
        }
        if let Some(kind) = now.filter(|k| Kind::parse(k).is_some()) {
            *self.by_kind.entry(kind.to_owned()).or_insert(0) += 1;
        }
    }

    pub(crate) fn get(&self, kind: Kind) -> u32 {
        self.by_kind.get(kind.as_str()).copied().unwrap_or(0)
    }
}

/// One row of `arrival_order` (schema version 12): heads in the order they
/// arrived on this device, as three lists of the same length (arrival
/// number, record id, revision hash), keyed by the last arrival number. A
/// row covers the arrival numbers above the previous row's `last` up to its
/// own, so the row holding a number is the first whose key is at least it.
///
/// It lists exactly the stored heads: the apply that removes a head takes
/// it out of its row in the same transaction. Clear data (ids and hashes,
/// as the primary keys of `revisions` are).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ArrivalRow {
    pub last: u64,
    pub seqs: Vec<u64>,
    pub ids: Vec<String>,
    pub revs: Vec<String>,
}

impl ArrivalRow {
    /// Adds a head that arrived after every one already listed.
    pub(crate) fn push(&mut self, seq: u64, id: String, rev: String) {
        self.last = seq;
        self.seqs.push(seq);
        self.ids.push(id);
        self.revs.push(rev);
    }

    /// The same row without the heads of `seqs` (its key stays).
    pub(crate) fn without(self, seqs: &std::collections::BTreeSet<u64>) -> ArrivalRow {
        let mut kept = ArrivalRow {
            last: self.last,
            ..ArrivalRow::default()
        };
        let heads = self.seqs.into_iter().zip(self.ids).zip(self.revs);
        for ((seq, id), rev) in heads {
            if !seqs.contains(&seq) {
                kept.seqs.push(seq);
                kept.ids.push(id);
                kept.revs.push(rev);
            }
        }
        kept
    }

    /// The heads listed after arrival number `after`: `(seq, id, rev)`.
    pub(crate) fn after(self, after: u64) -> impl Iterator<Item = (u64, String, String)> {
        self.seqs
            .into_iter()
            .zip(self.ids)
            .zip(self.revs)
            .map(|((seq, id), rev)| (seq, id, rev))
            .filter(move |(seq, _, _)| *seq > after)
    }
}

/// Only the arrival numbers of an `arrival_order` row: what counting reads
/// (the ids and hashes are not converted).
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct ArrivalSeqs {
    pub seqs: Vec<u64>,
}

/// One row of `back_refs` (schema version 12): the records whose live head
/// follows a reference to `target` (`domain::kinds::followed_references`),
/// sorted, without repeats; an event's reference to its own demand is
/// listed in the demand's `demand_state` row instead ([`RefsOf`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct BackRefRow {
    pub target: String,
    pub from: Vec<String>,
}

/// Where the followed references of a record's shown head are kept
/// (schema version 12): an event's reference to its demand goes into the
/// demand's `demand_state` row, which the apply writes anyway for every
/// event it stores (a district's import has 127,500 such pairs); every other
/// into the `back_refs` row of its target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RefsOf {
    /// The demand a live event belongs to (its `demand_id`).
    pub demand: Option<String>,
    /// Every other followed reference, sorted.
    pub others: Vec<String>,
}

impl RefsOf {
    /// The references of `heads`' shown head when it is live; none otherwise.
    pub(crate) fn of(heads: &[Revision]) -> RefsOf {
        let Some(rev) = heads.first().filter(|rev| !rev.deleted) else {
            return RefsOf::default();
        };
        let data = rev.data.as_ref().unwrap_or(&Value::Null);
        let mut others = followed_references(&rev.kind, data);
        let demand = if rev.kind == Kind::DemandEvent.as_str() {
            data.get("demand_id")
                .and_then(Value::as_str)
                .filter(|id| others.iter().any(|other| other == id))
                .map(str::to_owned)
        } else {
            None
        };
        if let Some(demand) = &demand {
            others.retain(|other| other != demand);
        }
        RefsOf { demand, others }
    }
}

/// One head revision of one record, as a row of the `revisions` object store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct RevisionRow {
    pub id: String,
    /// The revision's content hash (64 hex characters). With `id`, the
    /// primary key up to schema version 12.
    pub rev: String,
    /// With `id`, the primary key from schema version 13: the first
    /// [`SHORT_KEY_LEN`] characters of `rev`, or the whole `rev` for a head
    /// whose short key another head of its record already holds
    /// ([`short_keys`]). A shorter key is written once in the row's entry and
    /// again in every index entry: about 15% of a put (docs/performance.md).
    /// Rows written at version 12 by this build carry it too, unused.
    #[serde(default)]
    pub rev_key: String,
    pub kind: String,
    pub hlc: String,
    /// Local arrival order: when this revision reached this device.
    pub seq: u64,
    /// 1 when this row is the shown head and not a tombstone.
    pub live: u8,
    pub shown: u8,
    pub deleted: u8,
    /// The record's community. A tombstone keeps its record's community, so a
    /// community's export carries its deletions. From schema version 6 a
    /// record of no community stores [`NO_COMMUNITY`] here, so that the one
    /// index `by_kind_live_community` holds every row; before, the field was
    /// absent. Read it with [`RevisionRow::community`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<String>,
    /// The ids this revision points at that a screen follows back
    /// (`domain::kinds::followed_references`), on live rows only: `by_ref`
    /// (multi-entry) is read for live records only. Rows written before
    /// schema version 6 may hold more ids (every reference, on every head);
    /// readers filter by kind and field, so the extra entries change no
    /// answer, and a row is rewritten narrower when its record next changes.
    /// From schema version 12 no index reads it and it is left empty (and
    /// out of the row): `back_refs` keeps the references instead. A row
    /// written before keeps its list until its record next changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// 1 on every head of a record with siblings; absent otherwise (sparse index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<u8>,
    /// The revision's canonical JSON (sealed while the lock is on). An apply
    /// stores it as its UTF-8 bytes (a `Uint8Array`: a JS string holding
    /// any Chinese is kept as UTF-16, twice the size); rows written before,
    /// and by the lock's conversion, hold it as a string. Read from either.
    #[serde(deserialize_with = "text_or_bytes")]
    pub json: String,
}

/// A body stored as a string or as its UTF-8 bytes, as text.
fn text_or_bytes<'de, D: serde::Deserializer<'de>>(from: D) -> Result<String, D::Error> {
    struct Body;
    impl serde::de::Visitor<'_> for Body {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string or UTF-8 bytes")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<String, E> {
            Ok(text.to_owned())
        }
        fn visit_string<E: serde::de::Error>(self, text: String) -> Result<String, E> {
            Ok(text)
        }
        fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<String, E> {
            std::str::from_utf8(bytes)
                .map(str::to_owned)
                .map_err(E::custom)
        }
        fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<String, E> {
            String::from_utf8(bytes).map_err(E::custom)
        }
    }
    from.deserialize_any(Body)
}

/// The text of a body as it is on a raw row (`JsValue`): a string, or its
/// UTF-8 bytes (`RevisionRow::json`, `DemandStateRow::summary`). `None` for
/// anything else.
pub(crate) fn body_text(value: &wasm_bindgen::JsValue) -> Option<String> {
    use wasm_bindgen::JsCast;
    if let Some(text) = value.as_string() {
        return Some(text);
    }
    let bytes = value.dyn_ref::<js_sys::Uint8Array>()?;
    String::from_utf8(bytes.to_vec()).ok()
}

impl RevisionRow {
    /// The stored revision, or `Corrupt` when its text no longer parses.
    pub(crate) fn revision(&self, codec: &Codec) -> Result<Revision, StoreError> {
        let json = codec.open(&self.id, &self.json)?;
        serde_json::from_str(&json).map_err(|_| StoreError::Corrupt {
            id: self.id.clone(),
        })
    }

    /// The same row but for how its body is stored: `rev` is the hash of the
    /// plain body, so equal `rev`s mean equal content, sealed or not.
    pub(crate) fn same_but_body(&self, other: &RevisionRow) -> bool {
        self.id == other.id
            && self.rev == other.rev
            && self.kind == other.kind
            && self.hlc == other.hlc
            && self.seq == other.seq
            && self.live == other.live
            && self.shown == other.shown
            && self.deleted == other.deleted
            && self.community == other.community
            && self.refs == other.refs
            && self.conflict == other.conflict
    }

    /// The record's community, `None` for a record of no community (the
    /// field absent, or [`NO_COMMUNITY`]).
    pub(crate) fn community(&self) -> Option<&str> {
        self.community.as_deref().filter(|c| *c != NO_COMMUNITY)
    }

    /// The primary key: `[id, rev_key]` from schema version 13
    /// (`short_keys`), `[id, rev]` before.
    pub(crate) fn key(&self, short_keys: bool) -> KeyRange<Value> {
        let second = if short_keys { &self.rev_key } else { &self.rev };
        KeyRange::Only(json!([self.id, second]))
    }
}

/// How many characters of a revision's hash its row's primary key holds
/// (schema version 13): 64 bits of SHA-256, so two heads of one record meet
/// only by design, and [`short_keys`] gives such a head its whole hash.
pub(crate) const SHORT_KEY_LEN: usize = 16;

/// The `rev_key` of each head of one record, in the order of `heads`:
/// `(rev, the rev_key it is stored under, if stored)`. A stored head keeps
/// its key; a new one takes the first [`SHORT_KEY_LEN`] characters of its
/// hash unless another head of the record holds that already, and then its
/// whole hash (64 characters, so it cannot meet a short key). Every head
/// gets a key of its own: nothing is written over.
pub(crate) fn short_keys(heads: &[(&str, Option<&str>)]) -> Vec<String> {
    let mut taken: BTreeSet<String> = heads
        .iter()
        .filter_map(|(_, stored)| stored.filter(|key| !key.is_empty()).map(str::to_owned))
        .collect();
    heads
        .iter()
        .map(|(rev, stored)| match stored.filter(|key| !key.is_empty()) {
            Some(key) => key.to_owned(),
            None => {
                let key = short_key(rev, &taken);
                taken.insert(key.clone());
                key
            }
        })
        .collect()
}

/// The `rev_key` of a new head with the hash `rev`, where its record's
/// other heads hold the keys `taken`: the first [`SHORT_KEY_LEN`]
/// characters, or the whole hash if those are taken.
pub(crate) fn short_key(rev: &str, taken: &BTreeSet<String>) -> String {
    let short = rev.get(..SHORT_KEY_LEN).unwrap_or(rev);
    if taken.contains(short) { rev } else { short }.to_owned()
}

/// Every primary key a head of `id` with the hash `rev` can be stored
/// under, whichever schema version and whichever [`short_keys`] choice:
/// from `[id, rev[..SHORT_KEY_LEN]]` to `[id, rev]` (a prefix sorts before
/// the longer string). Other heads of the record may fall inside too (a
/// whole hash starting with the same short key): filter the rows by `rev`.
pub(crate) fn rev_range(id: &str, rev: &str) -> KeyRange<Value> {
    let short = rev.get(..SHORT_KEY_LEN).unwrap_or(rev);
    KeyRange::Bound(json!([id, short]), false, json!([id, rev]), false)
}

/// What `community` holds (schema version 6 on) for a record that belongs
/// to no community. Real community ids are never empty
/// (`domain::kinds::community_of`), so a community's queries never meet it.
pub(crate) const NO_COMMUNITY: &str = "";

/// Which indexes the `revisions` store has: schema version 6 folded
/// `by_kind_live` (`[kind, live]`) and `by_kind_community_live`
/// (`[kind, community, live]`) into one `by_kind_live_community`
/// (`[kind, live, community]`), one index entry per row instead of two. Older
/// layouts are still read and written by the test hook
/// `Store::open_named_with_version` (the migration tests fill them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Versions 1 to 5: the two indexes; a row of no community has no `community`.
    Split,
    /// Version 6 on: the folded index; every row has a `community`.
    Folded,
}

impl Layout {
    /// The layout of the database `revisions` belongs to.
    pub(crate) fn of(revisions: &ObjectStore<'_>) -> Layout {
        if revisions
            .index_names()
            .any(|name| name == BY_KIND_LIVE_COMMUNITY)
        {
            Layout::Folded
        } else {
            Layout::Split
        }
    }

    /// The index and key range of the live records of `kind`.
    pub(crate) fn live_of_kind(self, kind: &str) -> (&'static str, KeyRange<Value>) {
        match self {
            // `[kind, 1]` sorts before every `[kind, 1, community]`, and an
            // array after every string: the range holds every community.
            Layout::Folded => (
                BY_KIND_LIVE_COMMUNITY,
                KeyRange::Bound(json!([kind, 1]), false, json!([kind, 1, []]), false),
            ),
            Layout::Split => (BY_KIND_LIVE, KeyRange::Only(json!([kind, 1]))),
        }
    }

    /// The index and key range of the live records of `kind` in `community`.
    pub(crate) fn live_in_community(
        self,
        kind: &str,
        community: &str,
    ) -> (&'static str, KeyRange<Value>) {
        match self {
            Layout::Folded => (
                BY_KIND_LIVE_COMMUNITY,
                KeyRange::Only(json!([kind, 1, community])),
            ),
            Layout::Split => (
                BY_KIND_COMMUNITY_LIVE,
                KeyRange::Only(json!([kind, community, 1])),
            ),
        }
    }

    /// The index and key ranges of every row of `kind` in `community`, live
    /// or not (tombstones and siblings too), not live first, then live.
    pub(crate) fn all_in_community(
        self,
        kind: &str,
        community: &str,
    ) -> Vec<(&'static str, KeyRange<Value>)> {
        match self {
            Layout::Folded => vec![
                (
                    BY_KIND_LIVE_COMMUNITY,
                    KeyRange::Only(json!([kind, 0, community])),
                ),
                (
                    BY_KIND_LIVE_COMMUNITY,
                    KeyRange::Only(json!([kind, 1, community])),
                ),
            ],
            Layout::Split => vec![(
                BY_KIND_COMMUNITY_LIVE,
                KeyRange::Bound(
                    json!([kind, community, 0]),
                    false,
                    json!([kind, community, 1]),
                    false,
                ),
            )],
        }
    }
}

/// Every primary key `[id, *]`: an array is greater than any string, and a
/// shorter array sorts before every longer one with the same start.
pub(crate) fn id_range(id: &str) -> KeyRange<Value> {
    KeyRange::Bound(json!([id]), false, json!([id, []]), false)
}

/// The rows for the heads of one record after a merge.
///
/// `merged` comes from `merge_revisions` (shown head first). Heads that were
/// already stored keep their arrival number; new ones take the next numbers.
/// `layout` says how a record of no community is stored; `indexed_refs`,
/// whether the rows carry their references for the `by_ref` index (schema
/// versions before 12).
pub(crate) fn head_rows(
    merged: &[Revision],
    stored: &[RevisionRow],
    next_seq: &mut u64,
    codec: &Codec,
    layout: Layout,
    indexed_refs: bool,
) -> Result<Vec<RevisionRow>, StoreError> {
    let fallback_community = merged.iter().find_map(community_of_revision).or_else(|| {
        stored
            .iter()
            .find_map(|row| row.community().map(str::to_owned))
    });
    let conflict = (merged.len() > 1).then_some(1);
    let mut rows = merged
        .iter()
        .enumerate()
        .map(|(index, rev)| {
            // One canonical text per revision: it is both what is stored and what is hashed.
            let json = rev.canonical();
            let hash = sha256_hex(json.as_bytes());
            let seq = match stored.iter().find(|row| row.rev == hash) {
                Some(row) => row.seq,
                None => {
                    let seq = *next_seq;
                    *next_seq += 1;
                    seq
                }
            };
            let shown = index == 0;
            let live = shown && !rev.deleted;
            let data = rev.data.as_ref().unwrap_or(&Value::Null);
            // Sorted and without repeats already.
            let refs = if live && indexed_refs {
                followed_references(&rev.kind, data)
            } else {
                Vec::new()
            };
            let community = community_of_revision(rev)
                .or_else(|| fallback_community.clone())
                .or_else(|| (layout == Layout::Folded).then(|| NO_COMMUNITY.to_owned()));
            Ok(RevisionRow {
                id: rev.id.clone(),
                rev: hash,
                rev_key: String::new(), // below, once every head's hash is known
                kind: rev.kind.clone(),
                hlc: rev.hlc.clone(),
                seq,
                live: u8::from(live),
                shown: u8::from(shown),
                deleted: u8::from(rev.deleted),
                community,
                refs,
                conflict,
                json: codec.seal(json)?,
            })
        })
        .collect::<Result<Vec<RevisionRow>, StoreError>>()?;
    let heads: Vec<(&str, Option<&str>)> = rows
        .iter()
        .map(|row| {
            let stored = stored.iter().find(|old| old.rev == row.rev);
            (row.rev.as_str(), stored.map(|old| old.rev_key.as_str()))
        })
        .collect();
    let keys = short_keys(&heads);
    for (row, key) in rows.iter_mut().zip(keys) {
        row.rev_key = key;
    }
    Ok(rows)
}

/// The community a revision belongs to; a `community` record belongs to itself.
fn community_of_revision(rev: &Revision) -> Option<String> {
    let data = rev.data.as_ref()?;
    community_of(&rev.kind, data)
        .or_else(|| (rev.kind == Kind::Community.as_str()).then(|| rev.id.clone()))
}

/// A demand's derived state, as the app reads it: only for live demands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandState {
    pub demand_id: String,
    /// `open`, `in_progress`, `referred`, `resolved`, `closed` (or a newer app's value).
    pub status: String,
    /// `at` of the status event that set it; absent while open with no event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_hlc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    /// Everything the list, the dashboard and the sweep need (`domain::demand_summary`).
    pub summary: DemandSummary,
}

/// A kept state, shared (`Store::demand_states_listed`), read as the
/// summary the figures of `domain::stats` count.
impl Borrow<DemandSummary> for Rc<DemandState> {
    fn borrow(&self) -> &DemandSummary {
        &self.summary
    }
}

/// One row of `demand_state`, kept for every demand id that has a live
/// demand or live events: events that arrive before their demand are
/// already folded in when it comes. `status`, `community` and `reported_on`
/// (the indexed fields) are set only while the demand is live, so the indexes
/// hold live demands only.
///
/// The summary is kept as JSON text: reading 50,000 rows then converts four
/// fields each from JavaScript, not every field of the summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DemandStateRow {
    pub demand_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<String>,
    /// The date the demand was reported (`YYYY-MM-DD`), indexed so the list's
    /// first page (newest first) is read without the other rows. A date, not
    /// text a person typed: it stays in the clear like `status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_on: Option<String>,
    /// The [`DemandSummary`] as JSON, stored as a string or as its UTF-8
    /// bytes (an import's puts).
    #[serde(deserialize_with = "text_or_bytes")]
    pub summary: String,
    /// The live events that belong to this demand (their ids, sorted): what
    /// the demand page and the summary's recompute read (schema version 12;
    /// `RefsOf`). Kept while any is live, even when the summary is empty
    /// (a note changes nothing in it). Clear data: ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
}

impl DemandStateRow {
    /// The row for `summary` and the demand's live `events`; `None` when
    /// there is nothing to keep.
    pub(crate) fn new(
        demand_id: &str,
        summary: &DemandSummary,
        events: Vec<String>,
        codec: &Codec,
    ) -> Result<Option<DemandStateRow>, StoreError> {
        let empty = summary.demand.is_none()
            && summary.latest_status.is_none()
            && summary.latest_referral.is_none()
            && summary.satisfaction.is_empty()
            && events.is_empty();
        if empty {
            return Ok(None);
        }
        let live = summary.demand.as_ref();
        // Plain strings, numbers and lists: writing it cannot fail.
        let text = serde_json::to_string(summary).unwrap_or_default();
        Ok(Some(DemandStateRow {
            demand_id: demand_id.to_owned(),
            status: live.map(|_| summary.status().as_str().to_owned()),
            community: live.map(|facts| facts.community_id.clone()),
            reported_on: live.map(|facts| facts.reported_on.clone()),
            summary: codec.seal(text)?,
            events,
        }))
    }

    /// The stored summary, or `Corrupt` when its text no longer reads.
    pub(crate) fn summary(&self, codec: &Codec) -> Result<DemandSummary, StoreError> {
        let text = codec.open(&self.demand_id, &self.summary)?;
        serde_json::from_str(&text).map_err(|_| StoreError::Corrupt {
            id: self.demand_id.clone(),
        })
    }

    /// The state the app reads, when the demand is live.
    pub(crate) fn state(self, codec: &Codec) -> Result<Option<DemandState>, StoreError> {
        let summary = self.summary(codec)?;
        Ok(self.state_with(summary))
    }

    /// The state the app reads for this row holding `summary` (already
    /// opened), when the demand is live.
    pub(crate) fn state_with(self, summary: DemandSummary) -> Option<DemandState> {
        let (Some(status), Some(facts)) = (self.status, summary.demand.as_ref()) else {
            return None;
        };
        Some(DemandState {
            demand_id: self.demand_id,
            status,
            status_at: summary.latest_status.as_ref().map(|l| l.at.clone()),
            status_hlc: summary.latest_status.as_ref().map(|l| l.hlc.clone()),
            community: self.community,
            reported_on: Some(facts.reported_on.clone()),
            category: Some(facts.category.clone()),
            urgency: Some(facts.urgency.clone()),
            summary,
        })
    }
}

/// The demand a revision's shown head is, decoded; `None` when deleted,
/// of another kind or unreadable.
pub(crate) fn live_demand(rev: &Revision) -> Option<Demand> {
    if rev.deleted || rev.kind != Kind::Demand.as_str() {
        return None;
    }
    // Read in place: the import decodes every demand (127,500 in a
    // district's), and a copy of each value first doubled the work.
    Demand::deserialize(rev.data.as_ref()?).ok()
}

/// A live demand event, decoded with the `hlc` of its revision.
pub(crate) fn live_event(rev: &Revision) -> Option<(DemandEvent, String)> {
    if rev.deleted || rev.kind != Kind::DemandEvent.as_str() {
        return None;
    }
    let event = DemandEvent::deserialize(rev.data.as_ref()?).ok()?;
    Some((event, rev.hlc.clone()))
}

/// The summary of a demand from its shown revision and the live revisions
/// that refer to it (events of other demands are left out).
pub(crate) fn summarize(
    demand_id: &str,
    shown: Option<&Revision>,
    referring: &[Revision],
) -> DemandSummary {
    let demand = shown.and_then(live_demand);
    let events: Vec<(DemandEvent, String)> = referring
        .iter()
        .filter_map(live_event)
        .filter(|(event, _)| event.demand_id == demand_id)
        .collect();
    DemandSummary::from_parts(demand.as_ref(), &events)
}

/// The demand a `demand_event` revision belongs to.
pub(crate) fn event_demand_id(rev: &Revision) -> Option<String> {
    if rev.kind != Kind::DemandEvent.as_str() {
        return None;
    }
    rev.data
        .as_ref()?
        .get("demand_id")?
        .as_str()
        .map(str::to_owned)
}

/// One `meta` row: the value is JSON text, so any serde type round-trips exactly.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct MetaRow {
    pub key: String,
    pub value: String,
}

/// What an import brought, kept so a coordinator sees which bundles arrived
/// and a bundle imported twice is recognised by its digest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// The bundle's `digest`: the primary key.
    pub digest: String,
    pub device_id: String,
    pub device_label: String,
    pub scope: Scope,
    pub exported_at: String,
    pub imported_at: String,
    /// Per kind, what the import changed.
    pub counts: BTreeMap<String, KindCounts>,
}

/// A count the store keeps in one `meta` row, as JSON text under its key.
/// Clear data only (kind names and numbers): writing it cannot fail.
pub(crate) trait KeptInMeta: Serialize + serde::de::DeserializeOwned {
    const KEY: &'static str;

    /// The row that stores it.
    fn row(&self) -> MetaRow {
        MetaRow {
            key: Self::KEY.to_owned(),
            value: serde_json::to_string(self).unwrap_or_default(),
        }
    }

    /// What a stored row holds, or `Corrupt` when its text no longer reads.
    fn from_row(row: &MetaRow) -> Result<Self, StoreError> {
        serde_json::from_str(&row.value).map_err(|_| StoreError::Corrupt {
            id: Self::KEY.to_owned(),
        })
    }
}

impl KeptInMeta for Unexported {
    const KEY: &'static str = UNEXPORTED_KEY;
}

impl KeptInMeta for LiveCounts {
    const KEY: &'static str = LIVE_COUNTS_KEY;
}

/// The number of live demo records ([`live_demo`]), stored as a bare number.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct DemoCount(pub u32);

impl KeptInMeta for DemoCount {
    const KEY: &'static str = DEMO_COUNT_KEY;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::HlcClock;
    use crate::domain::revision;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn row(seqs: &[u64]) -> ArrivalRow {
        let mut row = ArrivalRow::default();
        for seq in seqs {
            row.push(*seq, format!("id{seq}"), format!("rev{seq}"));
        }
        row
    }

    #[wasm_bindgen_test]
    fn each_head_of_a_record_gets_a_key_of_its_own() {
        let a = "aaaaaaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
        let a2 = "aaaaaaaaaaaaaaaa2222222222222222222222222222222222222222222222222222";
        let b = "bbbbbbbbbbbbbbbb3333333333333333333333333333333333333333333333333333";
        // New heads take their first 16 characters.
        assert_eq!(
            short_keys(&[(a, None), (b, None)]),
            ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]
        );
        // Two new heads whose short keys meet: the second takes its whole hash.
        assert_eq!(
            short_keys(&[(a, None), (a2, None)]),
            ["aaaaaaaaaaaaaaaa", a2]
        );
        // A stored head keeps its key, whatever its place: the new one yields.
        assert_eq!(
            short_keys(&[(a2, None), (a, Some("aaaaaaaaaaaaaaaa"))]),
            [a2, "aaaaaaaaaaaaaaaa"]
        );
        // A stored head under its whole hash keeps it; the short key is free.
        assert_eq!(
            short_keys(&[(a, None), (a2, Some(a2))]),
            ["aaaaaaaaaaaaaaaa", a2]
        );
        // A row without a key (written before it had one) counts as new.
        assert_eq!(short_keys(&[(b, Some(""))]), ["bbbbbbbbbbbbbbbb"]);
        // Never two equal keys.
        let keys = short_keys(&[(a, None), (a2, None), (b, None)]);
        assert_eq!(keys.iter().collect::<BTreeSet<_>>().len(), 3);
    }

    #[wasm_bindgen_test]
    fn a_head_s_range_holds_every_key_it_can_have_and_no_other_record() {
        let key =
            |id: &str, second: &str| serde_wasm_bindgen::to_value(&json!([id, second])).unwrap();
        let rev = "aaaaaaaaaaaaaaaa2222222222222222222222222222222222222222222222222222";
        let KeyRange::Bound(low, false, high, false) = rev_range("r1", rev) else {
            panic!("a closed range");
        };
        let range = web_sys::IdbKeyRange::bound(
            &serde_wasm_bindgen::to_value(&low).unwrap(),
            &serde_wasm_bindgen::to_value(&high).unwrap(),
        )
        .unwrap();
        let holds = |id: &str, second: &str| range.includes(&key(id, second)).unwrap();
        assert!(
            holds("r1", &rev[..SHORT_KEY_LEN]),
            "the short key (schema 13)"
        );
        assert!(
            holds("r1", rev),
            "the whole hash (schema 12, or a yielded key)"
        );
        // A sibling under its whole hash with the same start may fall in:
        // readers filter by `rev`.
        assert!(holds("r1", "aaaaaaaaaaaaaaaa1111"));
        assert!(!holds("r1", "aaaaaaaaaaaaaaab"));
        assert!(!holds("r1", "aaaaaaaaaaaaaaa"));
        assert!(!holds("r0", rev) && !holds("r2", rev) && !holds("r1x", rev));
    }

    #[wasm_bindgen_test]
    fn an_arrival_row_lists_heads_in_order_and_keeps_its_key_when_heads_go() {
        let full = row(&[4, 5, 7, 9]);
        assert_eq!(full.last, 9);
        let after: Vec<u64> = full.clone().after(5).map(|(seq, _, _)| seq).collect();
        assert_eq!(after, vec![7, 9]);
        let less = full.without(&[5, 9, 12].into_iter().collect());
        assert_eq!(less.last, 9, "the key stays: the row still covers up to 9");
        assert_eq!(less.seqs, vec![4, 7]);
        assert_eq!(less.ids, vec!["id4", "id7"]);
        assert_eq!(less.revs, vec!["rev4", "rev7"]);
        assert!(less.without(&[4, 7].into_iter().collect()).seqs.is_empty());
    }

    #[wasm_bindgen_test]
    fn an_event_s_demand_is_kept_apart_from_its_other_references() {
        let mut clock = HlcClock::new("device-a");
        let event = revision::create(
            Kind::DemandEvent,
            json!({"demand_id": "d1", "at": "2026-10-01T09:00:00Z", "type": "referral",
                   "by": "m1", "to_member": "m2"}),
            &mut clock,
            1,
        );
        let refs = RefsOf::of(std::slice::from_ref(&event));
        assert_eq!(refs.demand.as_deref(), Some("d1"));
        assert_eq!(refs.others, vec!["m1", "m2"]);
        let demand = revision::create(
            Kind::Demand,
            json!({"household_id": "h1", "reported_by": "m1", "community_id": "c1"}),
            &mut clock,
            2,
        );
        let refs = RefsOf::of(std::slice::from_ref(&demand));
        assert_eq!(refs.demand, None);
        assert_eq!(refs.others, vec!["h1", "m1"]);
        // A deleted head follows nothing.
        let gone = revision::delete(std::slice::from_ref(&event), &mut clock, 3);
        assert_eq!(RefsOf::of(&[gone]), RefsOf::default());
    }
}
