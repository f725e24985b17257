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
    NotCsv { kind: &'static str, advice: &'static str },

    #[error("cannot decode the file as {encoding}: invalid byte sequence at byte offset {offset} (line {line}); set `encoding` to the file's encoding ('utf-8' or 'shift_jis')")]
    Encoding { encoding: &'static str, offset: usize, line: usize },

    #[error("required column for {field} not found. Headers in the file: {headers}. Name it with the option columns.{option} (e.g. {{ columns: {{ {option}: \"...\" }} }})")]
    MissingColumn { field: &'static str, option: &'static str, headers: String },

    #[error("option columns.{option} = \"{name}\" does not match any header. Headers in the file: {headers}")]
    UnknownColumn { option: String, name: String, headers: String },

    #[error("line {line}: {reason}")]
    InvalidRow { line: u32, reason: String },

    #[error("invalid option `{option}`: {message}")]
    InvalidOption { option: String, message: String },

    #[error("no valid rows: all {rows} data rows were rejected. First problems: {first}")]
    NoValidRows { rows: u64, first: String },

    #[error("input too large: {what} exceeds the limit of {limit}")]
    TooLarge { what: &'static str, limit: u64 },

    #[error("input too large for the memory available: could not reserve {bytes} bytes for the file")]
    OutOfMemory { bytes: u64 },
}

impl Error {
    /// Stable machine-readable code, exposed to JS as `err.code`.
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
            Error::NoValidRows { .. } => "NO_VALID_ROWS",
            Error::TooLarge { .. } | Error::OutOfMemory { .. } => "TOO_LARGE",
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
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
