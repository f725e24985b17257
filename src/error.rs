//! The one error type of crmkit. Every variant's message names the line, column or option at
//! fault, so the JS boundary can pass it through unchanged (plus a stable `code`).

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    #[error("the input is empty (0 bytes); expected an order CSV with a header line")]
    EmptyInput,

    #[error("the input has a header line but no data rows")]
    NoDataRows,

    #[error("this is not a CSV file: it looks like {kind}. {advice}")]
    NotCsv { format: &'static str, kind: &'static str, advice: &'static str },

    #[error("cannot decode the file as {encoding}: invalid byte sequence at byte offset {offset} (line {line}); set `encoding` to the file's encoding ('utf-8' or 'shift_jis')")]
    Encoding { encoding: &'static str, offset: usize, line: usize },

    #[error("required column for {field} not found. Headers in the file: {headers}. Name it with the option columns.{option} (e.g. {{ columns: {{ {option}: \"...\" }} }})")]
    MissingColumn { field: &'static str, option: &'static str, headers: String },

    #[error("option columns.{option} = \"{name}\" does not match any header. Headers in the file: {headers}")]
    UnknownColumn { option: String, name: String, headers: String },

    #[error("line {line}: {reason}")]
    InvalidRow { line: u32, reason: String },

    /// A JS argument of the wrong type (`fromCsv(123)`, `push('text')`), before any work.
    #[error("invalid argument `{argument}` of {method}: {message}")]
    InvalidArgument { method: &'static str, argument: &'static str, message: String },

    #[error("invalid option `{option}`: {message}")]
    InvalidOption { option: String, message: String },

    #[error("no valid rows: all {rows} data rows were rejected. First problems: {first}")]
    NoValidRows { rows: u64, first: String },

    #[error("input too large: {what} exceeds the limit of {limit}")]
    TooLarge { what: std::borrow::Cow<'static, str>, limit: u64 },

    #[error("input too large for the memory available: could not reserve {bytes} bytes for the file")]
    OutOfMemory { bytes: u64 },

    /// The data is too small or too thin for the analysis (with the numbers).
    #[error("not enough data: {message}")]
    InsufficientData { message: String },

    /// A model fit did not converge to usable values (with advice).
    #[error("{model} did not converge: {message}")]
    NotConverged { model: &'static str, message: String },

    /// An analysis needs a field the loaded file did not have.
    #[error("{analysis} needs {field}, which the loaded file does not have; load a file with that column (or name it with columns.{option})")]
    MissingField { analysis: &'static str, field: &'static str, option: &'static str },

    /// A bug in crmkit, never the user's input: please report it.
    #[error("internal error (please report this): {message}")]
    Internal { message: String },
}

impl Error {
    /// Codes of the errors the JS glue raises before crmkit code runs (scripts/patch-glue.mjs): a
    /// method on a freed or used-up object, a call from inside one of the object's own callbacks.
    pub const JS_CODES: [&'static str; 2] = ["USED_UP", "REENTRANT_CALL"];

    /// The facts of the error by name (JS `err.params`), for a page that words its messages in
    /// its own language: e.g. `NOT_CSV` → `format` ('xlsx', 'xls', 'pdf', 'gzip', 'image',
    /// 'utf32', 'binary'), `MISSING_COLUMN` → `field` (the `columns` key) and `headers`.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Error::NotCsv { format, .. } => vec![("format", format.to_string())],
            Error::Encoding { encoding, line, .. } => vec![("encoding", encoding.to_string()), ("line", line.to_string())],
            Error::MissingColumn { option, headers, .. } => vec![("field", option.to_string()), ("headers", headers.clone())],
            Error::UnknownColumn { option, name, .. } => vec![("field", option.clone()), ("name", name.clone())],
            Error::NoValidRows { rows, .. } => vec![("rows", rows.to_string())],
            Error::TooLarge { limit, .. } => vec![("limit", limit.to_string())],
            Error::OutOfMemory { bytes } => vec![("bytes", bytes.to_string())],
            Error::NotConverged { model, .. } => vec![("model", model.to_string())],
            Error::MissingField { option, .. } => vec![("field", option.to_string())],
            _ => Vec::new(),
        }
    }

    /// Stable machine-readable code, exposed to JS as `err.code`.
    /// Every code, for documentation (the README error table is checked against it).
    pub const CODES: [&'static str; 14] = [
        "EMPTY_INPUT",
        "NO_DATA_ROWS",
        "NOT_CSV",
        "ENCODING",
        "MISSING_COLUMN",
        "UNKNOWN_COLUMN",
        "INVALID_ROW",
        "INVALID_OPTION",
        "INVALID_ARGUMENT",
        "NO_VALID_ROWS",
        "TOO_LARGE",
        "INSUFFICIENT_DATA",
        "NOT_CONVERGED",
        "INTERNAL",
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptyInput => "EMPTY_INPUT",
            Error::NoDataRows => "NO_DATA_ROWS",
            Error::NotCsv { .. } => "NOT_CSV",
            Error::Encoding { .. } => "ENCODING",
            Error::MissingColumn { .. } => "MISSING_COLUMN",
            Error::UnknownColumn { .. } => "UNKNOWN_COLUMN",
            Error::InvalidRow { .. } => "INVALID_ROW",
            Error::InvalidOption { .. } => "INVALID_OPTION",
            Error::InvalidArgument { .. } => "INVALID_ARGUMENT",
            Error::NoValidRows { .. } => "NO_VALID_ROWS",
            Error::TooLarge { .. } | Error::OutOfMemory { .. } => "TOO_LARGE",
            Error::InsufficientData { .. } => "INSUFFICIENT_DATA",
            Error::NotConverged { .. } => "NOT_CONVERGED",
            Error::MissingField { .. } => "MISSING_COLUMN",
            Error::Internal { .. } => "INTERNAL",
        }
    }

    /// 1-based line number the error refers to, when there is one.
    pub fn line(&self) -> Option<u32> {
        match self {
            Error::InvalidRow { line, .. } => Some(*line),
            Error::Encoding { line, .. } => u32::try_from(*line).ok(),
            _ => None,
        }
    }

    /// The option at fault, when there is one (`columns.customerId`, `encoding`, …).
    pub fn option(&self) -> Option<String> {
        match self {
            Error::InvalidOption { option, .. } => Some(option.clone()),
            Error::UnknownColumn { option, .. } => Some(format!("columns.{option}")),
            Error::MissingColumn { option, .. } => Some(format!("columns.{option}")),
            _ => None,
        }
    }

    /// The JS argument at fault (`bytes`, `chunk`, `source`), for `INVALID_ARGUMENT`.
    pub fn argument(&self) -> Option<&'static str> {
        match self {
            Error::InvalidArgument { argument, .. } => Some(argument),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed() {
        let all = [
            Error::EmptyInput,
            Error::NoDataRows,
            Error::NotCsv { format: "", kind: "", advice: "" },
            Error::Encoding { encoding: "", offset: 0, line: 0 },
            Error::MissingColumn { field: "", option: "", headers: String::new() },
            Error::UnknownColumn { option: String::new(), name: String::new(), headers: String::new() },
            Error::InvalidRow { line: 0, reason: String::new() },
            Error::InvalidOption { option: String::new(), message: String::new() },
            Error::InvalidArgument { method: "", argument: "", message: String::new() },
            Error::NoValidRows { rows: 0, first: String::new() },
            Error::TooLarge { what: "".into(), limit: 0 },
            Error::OutOfMemory { bytes: 0 },
            Error::InsufficientData { message: String::new() },
            Error::NotConverged { model: "", message: String::new() },
            Error::MissingField { analysis: "", field: "", option: "" },
            Error::Internal { message: String::new() },
        ];
        for e in &all {
            assert!(Error::CODES.contains(&e.code()), "{}", e.code());
        }
        let used: std::collections::BTreeSet<&str> = all.iter().map(Error::code).collect();
        assert_eq!(used.len(), Error::CODES.len(), "CODES lists a code no error has");
    }
}
