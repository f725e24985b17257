//! Header → field mapping for any [`TableSpec`]. Headers are compared after normalisation
//! ([`normalize_header`]: full-width → ASCII, lower case, spaces/underscores/hyphens removed,
//! bracketed notes like `(税込)` dropped) against each field's known names, most specific first.
//! Users override any field with the `columns` option (a header name, or "not in this file").

use super::{Required, TableSpec};
use crate::error::{Error, Result};
use crate::report::ColumnMatch;
use crate::text::{clip, normalize_header};

/// Most fields a table may declare (the mapping is a fixed array: the row hot path reads it
/// for every field of every row).
pub const MAX_FIELDS: usize = 32;

/// `index` entry of a field without a column.
const UNMAPPED: u32 = u32::MAX;

/// A `defaults` entry's column meaning "this layout has no column for the field".
pub const NO_COLUMN: usize = usize::MAX;

/// Field (by position in the table's spec) → column index for one file.
#[derive(Clone, Debug)]
pub struct Mapping {
    index: [u32; MAX_FIELDS],
    pub matches: Vec<ColumnMatch>,
    /// Headers (trimmed) that feed no field, in file order.
    pub unmapped: Vec<String>,
    /// Column positions of `unmapped`.
    pub unmapped_columns: Vec<usize>,
}

impl Default for Mapping {
    fn default() -> Self {
        Mapping { index: [UNMAPPED; MAX_FIELDS], matches: Vec::new(), unmapped: Vec::new(), unmapped_columns: Vec::new() }
    }
}

impl Mapping {
    /// Column of field `field` (its position in the spec), if the file has one.
    #[inline]
    pub fn get(&self, field: usize) -> Option<usize> {
        match self.index.get(field) {
            Some(&i) if i != UNMAPPED => Some(i as usize),
            _ => None,
        }
    }

    fn set(&mut self, field: usize, column: usize) {
        self.index[field] = column as u32;
    }

    /// Give field `from`'s column to field `to` (when the data shows what the column really is,
    /// e.g. an order total under a line-amount header). `to` must have no column.
    pub fn reassign(&mut self, spec: &TableSpec, from: usize, to: usize) {
        let Some(column) = self.get(from) else { return };
        if self.get(to).is_some() {
            return;
        }
        self.index[from] = UNMAPPED;
        self.set(to, column);
        if let Some(m) = self.matches.iter_mut().find(|m| m.index == column) {
            m.field = spec.fields[to].name;
            m.matched_by = "data";
        }
    }
}

/// How the `columns` option sets one field: a header name, or "not in this file".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnOverride {
    Header(String),
    /// `false` in the option: do not read this field even if a header looks like it.
    Skip,
}

impl From<&str> for ColumnOverride {
    fn from(name: &str) -> Self {
        ColumnOverride::Header(name.to_string())
    }
}

/// Map headers to fields: explicit `overrides` (field position, choice) first — named headers
/// must exist —, then `defaults` (field, column) a recognised export layout gives, then known
/// names, field by field in spec order. Does not check that the required fields were found (see
/// [`check_required`]).
pub fn suggest_mapping(spec: &TableSpec, headers: &[String], overrides: &[(usize, ColumnOverride)], defaults: &[(usize, usize)]) -> Result<Mapping> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let n_fields = spec.fields.len();
    assert!(n_fields <= MAX_FIELDS, "table {} declares more than {MAX_FIELDS} fields", spec.name);
    let mut mapping = Mapping::default();
    let mut taken = vec![false; headers.len()];
    let mut skipped = vec![false; n_fields];
    for (field, choice) in overrides {
        let field = *field;
        let name = match choice {
            ColumnOverride::Skip => {
                skipped[field] = true;
                continue;
            }
            ColumnOverride::Header(name) => name,
        };
        let option = spec.fields[field].name;
        let wanted_raw = name.trim();
        let wanted = normalize_header(name);
        let position = headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{FEFF}') == wanted_raw)
            .or_else(|| normalized.iter().position(|h| !wanted.is_empty() && *h == wanted));
        match position {
            Some(i) if taken[i] => {
                return Err(Error::InvalidOption {
                    option: format!("columns.{option}"),
                    message: format!("column \"{}\" is already used for another field", headers[i].trim()),
                })
            }
            Some(i) => {
                mapping.set(field, i);
                taken[i] = true;
                mapping.matches.push(ColumnMatch { field: option, header: headers[i].trim().to_string(), index: i, matched_by: "option" });
            }
            None => {
                return Err(Error::UnknownColumn { option: option.to_string(), name: name.clone(), headers: header_listing(headers) })
            }
        }
    }
    for &(field, column) in defaults {
        if column == NO_COLUMN && mapping.get(field).is_none() {
            skipped[field] = true;
            continue;
        }
        if mapping.get(field).is_some() || skipped[field] || column >= headers.len() || taken[column] {
            continue;
        }
        mapping.set(field, column);
        taken[column] = true;
        mapping.matches.push(ColumnMatch { field: spec.fields[field].name, header: headers[column].trim().to_string(), index: column, matched_by: "profile" });
    }
    for (field, spec_field) in spec.fields.iter().enumerate() {
        if mapping.get(field).is_some() || skipped[field] {
            continue;
        }
        let found = spec_field.aliases.iter().find_map(|alias| (0..headers.len()).find(|&i| !taken[i] && normalized[i] == *alias));
        if let Some(i) = found {
            mapping.set(field, i);
            taken[i] = true;
            mapping.matches.push(ColumnMatch { field: spec_field.name, header: headers[i].trim().to_string(), index: i, matched_by: "auto" });
        }
    }
    crate::sort::sort_by_key(&mut mapping.matches, |m| m.index);
    for (i, h) in headers.iter().enumerate() {
        if !taken[i] {
            mapping.unmapped.push(h.trim().to_string());
            mapping.unmapped_columns.push(i);
        }
    }
    Ok(mapping)
}

/// `"a", "b", …` — the file's headers, for messages.
pub fn header_listing(headers: &[String]) -> String {
    let mut listing = headers.iter().take(LISTED_HEADERS).map(|h| format!("\"{}\"", clip(h.trim()))).collect::<Vec<_>>().join(", ");
    if headers.len() > LISTED_HEADERS {
        listing.push_str(&format!(" … and {} more ({} in all)", headers.len() - LISTED_HEADERS, headers.len()));
    }
    listing
}

/// Headers named in an error message; the rest are counted (a 50 MB line of 10M fields once
/// made an 84-million-character message).
pub const LISTED_HEADERS: usize = 40;

/// Whether the mapping satisfies field `field`'s requirement.
pub fn satisfied(spec: &TableSpec, mapping: &Mapping, field: usize) -> bool {
    match spec.fields[field].required {
        Required::No => true,
        Required::Yes => mapping.get(field).is_some(),
        Required::Unless(others) => {
            mapping.get(field).is_some() || others.iter().any(|o| spec.position(o).is_some_and(|f| mapping.get(f).is_some()))
        }
    }
}

/// The required fields this mapping lacks, in spec order. Empty when the mapping can load.
pub fn missing_fields(spec: &TableSpec, mapping: &Mapping) -> Vec<usize> {
    (0..spec.fields.len()).filter(|&f| !satisfied(spec, mapping, f)).collect()
}

/// The error for the first missing required field, if any.
pub fn check_required(spec: &TableSpec, mapping: &Mapping, headers: &[String]) -> Result<()> {
    match missing_fields(spec, mapping).first() {
        None => Ok(()),
        Some(&field) => {
            let f = &spec.fields[field];
            Err(Error::MissingColumn { field: f.description, option: f.name, headers: header_listing(headers) })
        }
    }
}
