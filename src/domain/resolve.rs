//! Resolving a conflict, pure: the fields in which sibling versions of one
//! record differ, and the data a person's field-by-field choices make.

use serde_json::{Map, Value};

use super::revision::Revision;

/// One top-level field of the record's data across its versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRow {
    pub field: String,
    /// The value in each version (`None` when that version has no such field
    /// or is a deletion), in the order of the versions.
    pub values: Vec<Option<Value>>,
}

impl FieldRow {
    /// Whether every version holds the same value here.
    pub fn same(&self) -> bool {
        self.values.windows(2).all(|pair| pair[0] == pair[1])
    }
}

/// The fields of `versions` (the record's heads, shown first): those of the
/// shown version first in its order, then any others. Deletions have no fields.
pub fn field_rows(versions: &[Revision]) -> Vec<FieldRow> {
    let mut fields: Vec<String> = Vec::new();
    for rev in versions {
        if let Some(Value::Object(data)) = &rev.data {
            for key in data.keys() {
                if !fields.contains(key) {
                    fields.push(key.clone());
                }
            }
        }
    }
    fields
        .into_iter()
        .map(|field| FieldRow {
            values: versions
                .iter()
                .map(|rev| match &rev.data {
                    Some(Value::Object(data)) => data.get(&field).cloned(),
                    _ => None,
                })
                .collect(),
            field,
        })
        .collect()
}

/// The resolved data: for each field, the value of the version chosen for it
/// (`choices[i]` indexes the versions; a missing choice means the shown
/// version). A field absent from the chosen version stays absent.
pub fn combine(rows: &[FieldRow], choices: &[usize]) -> Value {
    let mut out = Map::new();
    for (i, row) in rows.iter().enumerate() {
        let pick = choices.get(i).copied().unwrap_or(0);
        if let Some(Some(value)) = row.values.get(pick) {
            out.insert(row.field.clone(), value.clone());
        }
    }
    Value::Object(out)
}

/// A short, readable rendering of a field value for the comparison table.
pub fn show_value(value: &Value) -> String {
    const MAX_CHARS: usize = 200;
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("、"),
        other => other.to_string(),
    };
    if text.chars().count() <= MAX_CHARS {
        text
    } else {
        let cut: String = text.chars().take(MAX_CHARS).collect();
        format!("{cut}…")
    }
}

/// What a record is called in a list: its title, else its name, else its id.
pub fn record_title(rev: &Revision) -> String {
    let data = rev.data.as_ref();
    ["title", "name", "reason", "code"]
        .iter()
        .find_map(|key| data?.get(*key)?.as_str().map(str::to_owned))
        .unwrap_or_else(|| rev.id.clone())
}
