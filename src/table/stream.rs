//! A table read from a file that arrives in chunks (`CsvReader.push` of `File.stream()`):
//! each chunk is decoded as it comes (a character cut by the chunk boundary waits for the
//! next one) and split into records as they complete (a record that reaches the end of the
//! text so far — a quoted field with line breaks included — waits too), so the file is never
//! held whole in memory. Rows go through the same row reader as a file in memory
//! ([`super::Source::read`]), with the same line numbers, verdicts and accounting; the layout
//! (encoding, delimiter, headers, mapping) comes from the file's first chunk, opened as a
//! [`Source`].

use super::encoding::{count_replacements, first_replacement_line, line_of_offset, replacements_warning, EncodingChoice};
use super::{read_batch, Batch, InvalidRowPolicy, Layout, Mapping, Outcome, Reject, Source, Splitter, Table, TableSpec};
use crate::error::{Error, Result};
use crate::report::Warning;

/// How raw bytes become UTF-8 text, chunk by chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decode {
    /// As is; `check`: validated (the `encoding: 'utf-8'` option), else trusted as detected
    /// (ids and names are validated again when stored, as for a file in memory).
    Utf8 { check: bool },
    ShiftJis,
    Utf16 { big_endian: bool },
}

/// The rows of one streamed table.
pub struct RowStream {
    delimiter: u8,
    headers: Vec<String>,
    mapping: Mapping,
    spec: &'static TableSpec,
    policy: InvalidRowPolicy,
    decode: Decode,
    /// The name of the encoding, for the report and warnings.
    encoding: &'static str,
    /// Byte-order-mark bytes still to skip at the start.
    bom: usize,
    /// Raw bytes of a character cut by the last chunk boundary.
    carry: Vec<u8>,
    header_read: bool,
    /// Decoded text from the first record not yet read.
    pending: Vec<u8>,
    /// Line breaks before `pending`.
    newlines: u64,
    /// Bytes of `pending` validated as UTF-8 (`Decode::Utf8 { check: true }`).
    checked: usize,
    /// Raw bytes given before `pending` (UTF-8 only: for the offset of an encoding error).
    offset: u64,
    replaced: usize,
    first_replaced_line: Option<u32>,
    /// Split again only once `pending` is this long: a record longer than a few MiB (an
    /// unterminated quote runs to the end of the file) is not re-scanned at every chunk.
    split_at: usize,
    outcome: Outcome,
}

impl RowStream {
    /// Rows in the layout of `source` (the file's first chunk, opened and mapped), read from the
    /// start of the file: the first chunk is given again to [`RowStream::push`].
    pub fn new(source: &Source<'_>, choice: Option<EncodingChoice>, policy: InvalidRowPolicy) -> RowStream {
        let (decode, bom) = match source.encoding {
            "utf-8-bom" => (Decode::Utf8 { check: false }, 3),
            "shift_jis" => (Decode::ShiftJis, 0),
            "utf-16le" => (Decode::Utf16 { big_endian: false }, 2),
            "utf-16be" => (Decode::Utf16 { big_endian: true }, 2),
            _ => (Decode::Utf8 { check: choice == Some(EncodingChoice::Utf8) }, 0),
        };
        RowStream {
            delimiter: source.delimiter,
            headers: source.headers.clone(),
            mapping: source.mapping.clone(),
            spec: source.spec,
            policy,
            decode,
            encoding: source.encoding,
            bom,
            carry: Vec::new(),
            header_read: false,
            pending: Vec::new(),
            newlines: 0,
            checked: 0,
            offset: 0,
            replaced: 0,
            first_replaced_line: None,
            split_at: 0,
            outcome: Outcome::default(),
        }
    }

    /// The next chunk of the file (`last`: the end of the file, possibly with no bytes): decode
    /// it and read every record it completes.
    pub fn push<T, F>(&mut self, raw: &[u8], last: bool, table: &T, accept: &mut F) -> Result<()>
    where
        T: Table,
        F: for<'r> FnMut(T::Row<'r>, u32) -> Result<(), Reject>,
    {
        let skip = self.bom.min(raw.len());
        self.bom -= skip;
        self.decode(&raw[skip..], last)?;
        if !last && self.pending.len() < self.split_at {
            return Ok(());
        }
        self.split(table, accept, last)
    }

    /// After the last chunk: what the read gave (`NoDataRows`, `NoValidRows` as for a file in
    /// memory), and the decoding warnings.
    pub fn finish(self) -> Result<(Outcome, Vec<Warning>)> {
        let name = match self.decode {
            Decode::ShiftJis => "Shift_JIS",
            _ => self.encoding,
        };
        let warnings = if self.replaced > 0 { vec![replacements_warning(self.replaced, self.first_replaced_line, name)] } else { Vec::new() };
        Ok((self.outcome.checked()?, warnings))
    }

    fn decode(&mut self, raw: &[u8], last: bool) -> Result<()> {
        let start = self.pending.len();
        let errors = match self.decode {
            Decode::Utf8 { check } => {
                self.pending.extend_from_slice(raw);
                if check {
                    self.check_utf8(last)?;
                }
                false
            }
            Decode::ShiftJis => {
                let mut raw = raw;
                let mut errors = false;
                if let (Some(&lead), Some(&next)) = (self.carry.first(), raw.first()) {
                    // A lead byte and its trail (or whatever follows it): one character, or a
                    // replacement and the byte read again, as in one piece.
                    let (used, e) = super::sjis::decode_shift_jis_into(&[lead, next], &mut self.pending, true);
                    debug_assert_eq!(used, 2);
                    errors = e;
                    raw = &raw[1..];
                    self.carry.clear();
                }
                if !self.carry.is_empty() && last {
                    let (_, e) = super::sjis::decode_shift_jis_into(&self.carry, &mut self.pending, true);
                    errors |= e;
                    self.carry.clear();
                }
                let (used, e) = super::sjis::decode_shift_jis_into(raw, &mut self.pending, last);
                self.carry.extend_from_slice(&raw[used..]);
                errors | e
            }
            Decode::Utf16 { big_endian } => {
                let mut bytes = std::mem::take(&mut self.carry);
                bytes.extend_from_slice(raw);
                let mut cut = bytes.len();
                if !last {
                    cut &= !1;
                    // A lead surrogate waits for its pair.
                    if cut >= 2 {
                        let unit = if big_endian { u16::from_be_bytes([bytes[cut - 2], bytes[cut - 1]]) } else { u16::from_le_bytes([bytes[cut - 2], bytes[cut - 1]]) };
                        if (0xD800..=0xDBFF).contains(&unit) {
                            cut -= 2;
                        }
                    }
                }
                let (text, errors) = super::sjis::decode_utf16(&bytes[..cut], big_endian);
                self.pending.extend_from_slice(text.as_bytes());
                self.carry = bytes[cut..].to_vec();
                errors
            }
        };
        if errors {
            let text = &self.pending[start..];
            self.replaced += count_replacements(text);
            if self.first_replaced_line.is_none() {
                if let Some(i) = first_replacement_line(text) {
                    let before = self.pending[..start].iter().filter(|&&b| b == b'\n').count();
                    self.first_replaced_line = Some(u32::try_from(self.newlines + (before + i) as u64 + 1).unwrap_or(u32::MAX));
                }
            }
        }
        Ok(())
    }

    /// Validate the new UTF-8 text; a character cut by the chunk boundary is checked with the
    /// next chunk.
    fn check_utf8(&mut self, last: bool) -> Result<()> {
        let text = &self.pending[self.checked..];
        match std::str::from_utf8(text) {
            Ok(_) => self.checked = self.pending.len(),
            Err(e) if e.error_len().is_none() && !last => self.checked += e.valid_up_to(),
            Err(e) => {
                let at = self.checked + e.valid_up_to();
                return Err(Error::Encoding {
                    encoding: "UTF-8",
                    offset: usize::try_from(self.offset).unwrap_or(usize::MAX).saturating_add(at),
                    line: usize::try_from(self.newlines).unwrap_or(usize::MAX).saturating_add(line_of_offset(&self.pending, at)),
                });
            }
        }
        Ok(())
    }

    /// Read the complete records of `pending`, then keep only what follows them.
    fn split<T, F>(&mut self, table: &T, accept: &mut F, last: bool) -> Result<()>
    where
        T: Table,
        F: for<'r> FnMut(T::Row<'r>, u32) -> Result<(), Reject>,
    {
        let layout = Layout { mapping: &self.mapping, headers: &self.headers, spec: self.spec };
        let mut records = Splitter::resume(&self.pending, self.delimiter, self.newlines);
        if !self.header_read {
            if records.next_record().is_none() || (records.at_end() && !last) {
                // The header is not complete yet (or there is none).
                self.split_at = if self.pending.len() > (4 << 20) { self.pending.len().saturating_mul(2) } else { 0 };
                return Ok(());
            }
            self.header_read = true;
        }
        let (consumed, newlines) = loop {
            match read_batch(layout, table, &mut records, &mut self.outcome, self.policy, accept, !last)? {
                Batch::More => {}
                Batch::Done => break records.mark(),
                Batch::Held(mark) => break mark,
            }
        };
        drop(records);
        self.pending.drain(..consumed);
        self.newlines = newlines;
        self.checked = self.checked.saturating_sub(consumed);
        self.offset += consumed as u64;
        // The first chunk can be large (the part the layout was decided from); later ones are
        // what the browser hands over (64 KiB – 1 MiB).
        if self.pending.capacity() > (4 << 20) && self.pending.len() < self.pending.capacity() / 4 {
            self.pending.shrink_to(self.pending.len().max(1 << 20));
        }
        // What is left is one record that has not ended: past 4 MiB, wait until the text has
        // doubled before looking again, so a long one costs linear time, not quadratic.
        self.split_at = if self.pending.len() > (4 << 20) { self.pending.len().saturating_mul(2) } else { 0 };
        Ok(())
    }
}
