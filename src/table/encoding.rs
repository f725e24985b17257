//! Byte → text: refuse obvious non-CSV files, then decode. `auto` follows design.md:
//! BOM (UTF-8 / UTF-16) → valid UTF-8 → Shift_JIS (WHATWG Shift_JIS = Windows-31J/CP932, what
//! Excel writes on Japanese Windows). Decoding is [`super::sjis`], whose table comes from
//! `encoding_rs` at build time and which is tested against it.

use crate::report::Warning;
use crate::error::{Error, Result};
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingChoice {
    Auto,
    Utf8,
    ShiftJis,
}

impl EncodingChoice {
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" | "" => Ok(EncodingChoice::Auto),
            "utf-8" | "utf8" => Ok(EncodingChoice::Utf8),
            "shift-jis" | "shiftjis" | "sjis" | "cp932" | "windows-31j" | "ms932" => Ok(EncodingChoice::ShiftJis),
            _ => Err(Error::InvalidOption {
                option: "encoding".into(),
                message: format!("\"{s}\" is not supported; use 'auto', 'utf-8' or 'shift_jis'"),
            }),
        }
    }
}

/// Reject files that are clearly not delimited text, with advice a marketer can follow.
pub fn sniff_binary(bytes: &[u8]) -> Result<()> {
    const SAVE_AS_CSV: &str = "Open it in Excel and choose File > Save As > \"CSV UTF-8\" (or \"CSV\"), then load the .csv file.";
    let kind_advice: Option<(&'static str, &'static str, &'static str)> = if bytes.starts_with(b"PK\x03\x04") {
        Some(("xlsx", "an Excel .xlsx workbook (or another ZIP archive)", SAVE_AS_CSV))
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(("xls", "a legacy Excel .xls workbook", SAVE_AS_CSV))
    } else if bytes.starts_with(b"%PDF") {
        Some(("pdf", "a PDF document", "Export the orders from your shop system as CSV instead."))
    } else if bytes.starts_with(&[0x1F, 0x8B]) {
        Some(("gzip", "a gzip-compressed file", "Decompress it first (the .csv inside can be loaded)."))
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G']) || bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image", "an image", "Load the order CSV exported from your shop system."))
    } else {
        None
    };
    if let Some((format, kind, advice)) = kind_advice {
        return Err(Error::NotCsv { format, kind, advice });
    }
    if looks_like_utf32(bytes) {
        return Err(Error::NotCsv {
            format: "utf32",
            kind: "UTF-32 text (not supported)",
            advice: "Save it as UTF-8: in Excel, File > Save As > \"CSV UTF-8\"; in an editor, choose the UTF-8 encoding.",
        });
    }
    let utf16_bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let head = &bytes[..bytes.len().min(8192)];
    if !utf16_bom && head.contains(&0) {
        return Err(Error::NotCsv {
            format: "binary",
            kind: "a binary file (it contains NUL bytes)",
            advice: "Load a text CSV/TSV export (UTF-8 or Shift_JIS).",
        });
    }
    Ok(())
}

/// UTF-32: its byte-order mark (`FF FE 00 00` reads as a UTF-16 BOM otherwise), or, without
/// one, ASCII text where three of every four bytes are NUL.
fn looks_like_utf32(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00]) || bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(4096) & !3];
    if head.len() < 8 {
        return false;
    }
    let units = head.chunks_exact(4);
    let n = units.len();
    let le = units.clone().filter(|u| u[0] != 0 && u[1..] == [0, 0, 0]).count();
    let be = units.filter(|u| u[3] != 0 && u[..3] == [0, 0, 0]).count();
    le.max(be) * 10 >= n * 9
}

pub(crate) fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Index of the first byte ≥ 0x80 at or after `from` (eight bytes at a time).
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        if u64::from_le_bytes(word) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| b >= 0x80).map(|p| p + i)
}

/// Is this UTF-8? Validates windows around the non-ASCII text until 1 MB of it has been checked
/// (Shift_JIS fails within a few characters). Validating everything would cost more than the
/// whole parse in wasm; the text that is kept (ids, names) is validated again when stored, and
/// anything invalid there is replaced and reported (see `Dataset` warnings).
pub fn looks_like_utf8(bytes: &[u8]) -> std::result::Result<(), usize> {
    const WINDOW: usize = 64 * 1024;
    const ENOUGH: usize = 1 << 20;
    let mut checked = 0;
    let mut pos = 0;
    while let Some(start) = next_non_ascii(bytes, pos) {
        // Back up to a character start (at most 3 continuation bytes).
        let mut s = start;
        while s > 0 && start - s < 3 && bytes[s] & 0xC0 == 0x80 {
            s -= 1;
        }
        let end = (s + WINDOW).min(bytes.len());
        if let Err(e) = std::str::from_utf8(&bytes[s..end]) {
            // An error only because the window cut a character in two is not an error.
            if e.error_len().is_some() || end == bytes.len() {
                return Err(s + e.valid_up_to());
            }
        }
        checked += end - s;
        if checked >= ENOUGH {
            break;
        }
        pos = end;
    }
    Ok(())
}

/// Decoded input: UTF-8 bytes, the encoding's name for the report, and warnings.
pub type Decoded<'a> = (Cow<'a, [u8]>, &'static str, Vec<Warning>);

/// Decode to UTF-8 bytes. Shift_JIS and UTF-16 are converted once, up front; UTF-8 is borrowed
/// as is.
pub fn decode(bytes: &[u8], choice: EncodingChoice) -> Result<Decoded<'_>> {
    let mut warnings = Vec::new();
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok((Cow::Borrowed(rest), "utf-8-bom", warnings));
    }
    for (bom, big_endian, name) in [(&[0xFF, 0xFE][..], false, "utf-16le"), (&[0xFE, 0xFF][..], true, "utf-16be")] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = super::sjis::decode_utf16(rest, big_endian);
            if had_errors {
                warnings.push(replaced_warning(text.as_bytes(), name));
            }
            return Ok((Cow::Owned(text.into_bytes()), name, warnings));
        }
    }
    match choice {
        EncodingChoice::Utf8 => match std::str::from_utf8(bytes) {
            Ok(_) => Ok((Cow::Borrowed(bytes), "utf-8", warnings)),
            Err(e) => Err(Error::Encoding {
                encoding: "UTF-8",
                offset: e.valid_up_to(),
                line: line_of_offset(bytes, e.valid_up_to()),
            }),
        },
        EncodingChoice::ShiftJis => {
            let (text, had_errors) = super::sjis::decode_shift_jis_bytes(bytes);
            if had_errors {
                warnings.push(replaced_warning(&text, "Shift_JIS"));
            }
            Ok((Cow::Owned(text), "shift_jis", warnings))
        }
        EncodingChoice::Auto => {
            let utf8_error_at = match looks_like_utf8(bytes) {
                Ok(()) => return Ok((Cow::Borrowed(bytes), "utf-8", warnings)),
                Err(at) => at,
            };
            let (text, had_errors) = super::sjis::decode_shift_jis_bytes(bytes);
            if had_errors {
                let replaced = count_replacements(&text);
                // A few undecodable bytes happen in real Excel exports (vendor-specific
                // characters); many mean the file is in some other encoding or not text.
                if replaced > 16 && replaced * 200 > bytes.len() {
                    let offset = utf8_error_at;
                    return Err(Error::Encoding {
                        encoding: "UTF-8 or Shift_JIS",
                        offset,
                        line: line_of_offset(bytes, offset),
                    });
                }
                warnings.push(replaced_warning(&text, "Shift_JIS"));
            }
            Ok((Cow::Owned(text), "shift_jis", warnings))
        }
    }
}

const REPLACEMENT_UTF8: &[u8] = "\u{FFFD}".as_bytes();

pub(crate) fn count_replacements(text: &[u8]) -> usize {
    text.windows(3).filter(|w| *w == REPLACEMENT_UTF8).count()
}

/// The 0-based line (counted in `text`) of the first U+FFFD, if any.
pub(crate) fn first_replacement_line(text: &[u8]) -> Option<usize> {
    text.split(|&b| b == b'\n').position(|l| l.windows(3).any(|w| w == REPLACEMENT_UTF8))
}

fn replaced_warning(text: &[u8], encoding: &str) -> Warning {
    replacements_warning(count_replacements(text), first_replacement_line(text).map(|i| i as u32 + 1), encoding)
}

/// `undecodable_bytes`: `replaced` sequences replaced with U+FFFD, the first on `line`.
pub(crate) fn replacements_warning(replaced: usize, line: Option<u32>, encoding: &str) -> Warning {
    Warning {
        code: "undecodable_bytes",
        message: format!("{replaced} byte sequences were not valid {encoding} and were replaced with \u{FFFD}"),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encodings() {
        let sjis = encoding_rs::SHIFT_JIS.encode("顧客ID,購入日\n").0.into_owned();
        assert_eq!(decode(&sjis, EncodingChoice::Auto).unwrap().1, "shift_jis");
        assert_eq!(decode(&sjis, EncodingChoice::Auto).unwrap().0.as_ref(), "顧客ID,購入日\n".as_bytes());
        assert_eq!(decode("顧客ID".as_bytes(), EncodingChoice::Auto).unwrap().1, "utf-8");
        let bom = [&[0xEF, 0xBB, 0xBF][..], "a,b".as_bytes()].concat();
        let (text, name, _) = decode(&bom, EncodingChoice::Auto).unwrap();
        assert_eq!((text.as_ref(), name), ("a,b".as_bytes(), "utf-8-bom"));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "顧客,b".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let (text, name, _) = decode(&utf16, EncodingChoice::Auto).unwrap();
        assert_eq!((text.as_ref(), name), ("顧客,b".as_bytes(), "utf-16le"));
    }

    #[test]
    fn utf8_detection_looks_past_ascii_prefix() {
        // 200 KB of ASCII, then Shift_JIS: must not be taken for UTF-8.
        let mut bytes = "a,b\n".repeat(50_000).into_bytes();
        bytes.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("顧客,購入日\n").0);
        assert_eq!(decode(&bytes, EncodingChoice::Auto).unwrap().1, "shift_jis");
        // A window boundary inside a multi-byte character is not an error.
        let text = "あいう,".repeat(40_000);
        assert!(looks_like_utf8(text.as_bytes()).is_ok());
        assert_eq!(next_non_ascii(b"abcdefghijklmn\xE3", 0), Some(14));
        assert_eq!(next_non_ascii(b"abc", 0), None);
    }

    #[test]
    fn explicit_utf8_on_sjis_names_the_line() {
        let sjis = encoding_rs::SHIFT_JIS.encode("a,b\n1,顧客\n").0.into_owned();
        match decode(&sjis, EncodingChoice::Utf8) {
            Err(Error::Encoding { line, offset, .. }) => assert_eq!((line, offset), (2, 6)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf32_is_named() {
        let text = "customer_id,order_date,amount\nC1,2024-01-01,100\n";
        let le: Vec<u8> = text.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
        let be: Vec<u8> = text.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        for bytes in [[&[0xFF, 0xFE, 0, 0][..], &le].concat(), [&[0, 0, 0xFE, 0xFF][..], &be].concat(), le, be] {
            match sniff_binary(&bytes) {
                Err(e @ Error::NotCsv { .. }) => assert!(e.to_string().contains("UTF-32") && e.to_string().contains("UTF-8"), "{e}"),
                other => panic!("{other:?}"),
            }
        }
        // UTF-16 (with its BOM) is still read.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert!(sniff_binary(&utf16).is_ok());
    }

    #[test]
    fn binaries_are_refused() {
        assert!(matches!(sniff_binary(b"PK\x03\x04rest"), Err(Error::NotCsv { .. })));
        // A page words NOT_CSV by its format (`err.params.format`): every sniffed kind names one.
        for (bytes, format) in [(&b"PK\x03\x04x"[..], "xlsx"), (b"%PDF-1.4", "pdf"), (b"\x1f\x8b\x08", "gzip"), (b"ab\0cd", "binary")] {
            let e = sniff_binary(bytes).unwrap_err();
            assert_eq!(e.params(), vec![("format", format.to_string())], "{e}");
        }
        assert!(matches!(sniff_binary(b"abc\0def"), Err(Error::NotCsv { .. })));
        assert!(sniff_binary(b"a,b\n1,2\n").is_ok());
    }
}
