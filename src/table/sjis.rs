//! Shift_JIS (WHATWG "Shift_JIS", i.e. Windows-31J/CP932 as Excel writes it) and UTF-16 decoding
//! to UTF-8, following the Encoding Standard's decoder algorithms. The double-byte table is
//! generated at build time from `encoding_rs` (see build.rs); `tests/sjis_vs_encoding_rs.rs`
//! checks this decoder against encoding_rs on random and real inputs, byte for byte.

include!(concat!(env!("OUT_DIR"), "/sjis_table.rs"));

const TRAILS: usize = 188;

#[inline]
fn lead_index(lead: u8) -> Option<usize> {
    match lead {
        0x81..=0x9F => Some((lead - 0x81) as usize),
        0xE0..=0xFC => Some((lead - 0xE0) as usize + 31),
        _ => None,
    }
}

#[inline]
fn trail_index(trail: u8) -> Option<usize> {
    match trail {
        0x40..=0x7E => Some((trail - 0x40) as usize),
        0x80..=0xFC => Some((trail - 0x80) as usize + 63),
        _ => None,
    }
}

/// Append a BMP code point as UTF-8.
#[inline]
fn push_bmp(out: &mut Vec<u8>, c: u32) {
    if c < 0x80 {
        out.push(c as u8);
    } else if c < 0x800 {
        out.extend_from_slice(&[0xC0 | (c >> 6) as u8, 0x80 | (c & 0x3F) as u8]);
    } else {
        out.extend_from_slice(&[0xE0 | (c >> 12) as u8, 0x80 | ((c >> 6) & 0x3F) as u8, 0x80 | (c & 0x3F) as u8]);
    }
}

const REPLACEMENT: u32 = 0xFFFD;

/// Decode Shift_JIS bytes to UTF-8 bytes; malformed sequences become U+FFFD. Returns the text and
/// whether any replacement happened. (Every pushed code point is a valid BMP scalar value: table
/// entries come from encoding_rs output, the rest are ASCII, half-width katakana or U+FFFD.)
pub fn decode_shift_jis_bytes(bytes: &[u8]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    let (_, errors) = decode_shift_jis_into(bytes, &mut out, true);
    (out, errors)
}

/// Decode Shift_JIS bytes, appending UTF-8 to `out`; returns the bytes consumed and whether any
/// replacement happened. Unless `last`, a lead byte at the very end is left unconsumed: its
/// trail byte is in the next chunk of a streamed file (decoding chunk by chunk this way gives
/// the same text as decoding the whole).
pub fn decode_shift_jis_into(bytes: &[u8], out: &mut Vec<u8>, last: bool) -> (usize, bool) {
    let mut errors = false;
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        // Copy an ASCII run in one go (found eight bytes at a time).
        let start = i;
        while i + 8 <= n {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[i..i + 8]);
            if u64::from_le_bytes(w) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 8;
        }
        while i < n && bytes[i] < 0x80 {
            i += 1;
        }
        out.extend_from_slice(&bytes[start..i]);
        if i >= n {
            break;
        }
        let b = bytes[i];
        i += 1;
        match b {
            0x80 => push_bmp(out, 0x80),
            0xA1..=0xDF => push_bmp(out, 0xFF61 - 0xA1 + b as u32),
            _ => match lead_index(b) {
                None => {
                    push_bmp(out, REPLACEMENT);
                    errors = true;
                }
                Some(lead) => {
                    let Some(&trail) = bytes.get(i) else {
                        if !last {
                            return (i - 1, errors);
                        }
                        push_bmp(out, REPLACEMENT);
                        errors = true;
                        break;
                    };
                    match trail_index(trail).map(|t| SJIS_DOUBLE[lead * TRAILS + t]).filter(|&c| c != 0) {
                        Some(c) => {
                            push_bmp(out, c as u32);
                            i += 1;
                        }
                        None => {
                            // An ASCII trail byte is not consumed: it is read again on its own.
                            if trail >= 0x80 {
                                i += 1;
                            }
                            push_bmp(out, REPLACEMENT);
                            errors = true;
                        }
                    }
                }
            },
        }
    }
    (n, errors)
}

/// [`decode_shift_jis_bytes`] as a `String`.
pub fn decode_shift_jis(bytes: &[u8]) -> (String, bool) {
    let (out, errors) = decode_shift_jis_bytes(bytes);
    (String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()), errors)
}

/// Decode UTF-16 (without BOM) in the given byte order; unpaired surrogates and an odd trailing
/// byte become U+FFFD.
pub fn decode_utf16(bytes: &[u8], big_endian: bool) -> (String, bool) {
    let units = bytes.chunks_exact(2).map(|p| if big_endian { u16::from_be_bytes([p[0], p[1]]) } else { u16::from_le_bytes([p[0], p[1]]) });
    let mut errors = false;
    let mut out = String::with_capacity(bytes.len());
    for c in char::decode_utf16(units) {
        out.push(c.unwrap_or_else(|_| {
            errors = true;
            '\u{FFFD}'
        }));
    }
    if bytes.len() % 2 == 1 {
        // WHATWG reports one error at the end for a pending lead surrogate and/or a pending
        // byte together; a final lone lead surrogate already produced that U+FFFD.
        let n = bytes.len() - 1;
        let last_unit = (n >= 2).then(|| if big_endian { u16::from_be_bytes([bytes[n - 2], bytes[n - 1]]) } else { u16::from_le_bytes([bytes[n - 2], bytes[n - 1]]) });
        let pending_lead = last_unit.is_some_and(|u| (0xD800..=0xDBFF).contains(&u));
        if !pending_lead {
            out.push('\u{FFFD}');
        }
        errors = true;
    }
    (out, errors)
}
