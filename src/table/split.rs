//! RFC 4180 record splitting, zero-copy: unquoted fields and quoted fields without doubled quotes
//! are slices of the input; only fields with `""` escapes (or text after a closing quote) are
//! copied, into a per-record scratch buffer.
//!
//! Written by hand because it is the hottest loop of ingest (every byte passes through it) and
//! simple; its behaviour is pinned to `csv-core`'s (the well-kept reference parser) by a
//! differential test on random inputs (`tests/split_vs_csv_core.rs`):
//! - `\r`, `\n` and `\r\n` end a record; a quoted field may contain all three.
//! - A quote only opens a quoted field at the start of a field; elsewhere it is literal.
//! - Text after a closing quote is appended to the field (`"ab"c` → `abc`), as csv-core does.
//! - An unterminated quote runs to the end of the input.
//! - Empty lines are skipped and are not records (line numbers still count them).

#[derive(Clone, Copy)]
enum Span {
    Input(u32, u32),
    Scratch(u32, u32),
}

pub struct Splitter<'a> {
    input: &'a [u8],
    pos: usize,
    delimiter: u8,
    /// Number of '\n' before `pos`.
    newlines: u64,
    spans: Vec<Span>,
    scratch: Vec<u8>,
    /// Line breaks inside quoted fields of the current record.
    quoted_newlines: u64,
    /// The current record ends inside a quoted field (the input ended first).
    unterminated: bool,
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Bytes in `word` equal to `byte` have their high bit set in the result (SWAR). Exact for the
/// lowest match only: bytes above it may be flagged falsely.
#[inline]
fn match_byte(word: u64, byte: u8) -> u64 {
    let x = word ^ (LO * byte as u64);
    x.wrapping_sub(LO) & !x & HI
}

/// Bit `k` set where `chunk[k]` (16 bytes) is the delimiter, a quote, '\n' or '\r': one
/// comparison of sixteen bytes per character with SIMD (SSE2 on x86-64, `simd128` in wasm when
/// built with it), else eight at a time in two 64-bit words ([`specials_swar`]).
#[inline(always)]
fn specials(chunk: &[u8], d: u8) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        debug_assert!(chunk.len() >= 16);
        // SAFETY: SSE2 is part of x86-64; the load reads 16 bytes of `chunk`, whose length the
        // caller guarantees (`input.get(i..i + 16)`), and needs no alignment.
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr() as *const __m128i);
            let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(eq(d), eq(b'"')), _mm_or_si128(eq(b'\n'), eq(b'\r')))) as u32
        }
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use std::arch::wasm32::*;
        let Ok(bytes) = <[u8; 16]>::try_from(&chunk[..16]) else { return specials_swar(chunk, d) };
        let v = v128_load_from(bytes);
        let eq = |c: u8| u8x16_eq(v, u8x16_splat(c));
        u8x16_bitmask(v128_or(v128_or(eq(d), eq(b'"')), v128_or(eq(b'\n'), eq(b'\r')))) as u32
    }
    #[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
    {
        specials_swar(chunk, d)
    }
}

/// A `v128` from 16 bytes, without a pointer load.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn v128_load_from(b: [u8; 16]) -> std::arch::wasm32::v128 {
    let lo = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    let hi = u64::from_le_bytes([b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]]);
    std::arch::wasm32::u64x2(lo, hi)
}

/// [`specials`] without SIMD: the exact per-byte zero test on two 64-bit words (no borrow
/// crosses bytes), each word's high bits gathered into eight mask bits.
#[cfg_attr(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")), allow(dead_code))]
#[inline(always)]
fn specials_swar(chunk: &[u8], d: u8) -> u32 {
    const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let zero = |x: u64| !(((x & LO7).wrapping_add(LO7)) | x) & HI;
    let word = |k: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&chunk[k..k + 8]);
        let w = u64::from_le_bytes(w);
        let hits = zero(w ^ (LO * d as u64)) | zero(w ^ (LO * b'"' as u64)) | zero(w ^ (LO * b'\n' as u64)) | zero(w ^ (LO * b'\r' as u64));
        // High bit of byte k → bit k.
        (((hits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u32
    };
    word(0) | (word(8) << 8)
}

impl<'a> Splitter<'a> {
    pub fn new(input: &'a [u8], delimiter: u8) -> Self {
        Self::resume(input, delimiter, 0)
    }

    /// A splitter over text that continues a file of which `newlines` line breaks were already
    /// read (the chunks of a streamed file): line numbers count on from there.
    pub fn resume(input: &'a [u8], delimiter: u8, newlines: u64) -> Self {
        Splitter { input, pos: 0, delimiter, newlines, spans: Vec::with_capacity(32), scratch: Vec::new(), quoted_newlines: 0, unterminated: false }
    }

    /// Where the next record starts looking: (byte position, line breaks before it).
    #[inline]
    pub fn mark(&self) -> (usize, u64) {
        (self.pos, self.newlines)
    }

    /// Whether everything was consumed: the record just read may continue in text not yet
    /// given (a streamed file's next chunk).
    #[inline]
    pub fn at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    /// Bytes consumed so far (for progress).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Line breaks inside the quoted fields of the current record (0 for a one-line record).
    #[inline]
    pub fn quoted_newlines(&self) -> u64 {
        self.quoted_newlines
    }

    /// Whether the current record's last quoted field runs to the end of the input.
    pub fn unterminated(&self) -> bool {
        self.unterminated
    }

    /// Lines inside the current record's quoted fields (read from `start`, a
    /// [`Splitter::mark`]) that look like records of their own: exactly `fields` fields (≥ 2)
    /// when split alone. A quoted address or note over two lines has none.
    pub fn rows_inside(&self, start: (usize, u64), fields: usize) -> usize {
        if fields < 2 {
            return 0;
        }
        self.lines_inside(start)
            .filter(|l| {
                let mut alone = Splitter::new(l, self.delimiter);
                alone.next_record().is_some() && alone.len() == fields
            })
            .count()
    }

    /// Lines of the current record (read from `start`) after its first, blank ones aside.
    pub fn lines_after_first(&self, start: (usize, u64)) -> usize {
        self.lines_inside(start).filter(|l| l.iter().any(|&b| b != b'\r')).count()
    }

    /// The lines of the current record (read from `start`) after the one it starts on.
    fn lines_inside(&self, start: (usize, u64)) -> impl Iterator<Item = &'a [u8]> {
        let text: &'a [u8] = &self.input[start.0..self.pos.min(self.input.len())];
        let mut lines = text.split(|&b| b == b'\n').skip_while(|l| l.iter().all(|&b| b == b'\r'));
        lines.next(); // the line the record (and its quote) starts on
        lines
    }

    /// Go back to `start` (a [`Splitter::mark`]) and on to the start of the line after the
    /// current record's first line, to read that line's successors as records of their own.
    pub fn resume_after_first_line(&mut self, start: (usize, u64)) {
        let (mut pos, mut newlines) = start;
        let input = self.input;
        while pos < input.len() && matches!(input[pos], b'\r' | b'\n') {
            newlines += (input[pos] == b'\n') as u64;
            pos += 1;
        }
        match input[pos..].iter().position(|&b| b == b'\n') {
            Some(i) => {
                self.pos = pos + i + 1;
                self.newlines = newlines + 1;
            }
            None => {
                self.pos = input.len();
                self.newlines = newlines;
            }
        }
        self.spans.clear();
    }

    /// Number of fields of the current record.
    #[inline]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Field `i` of the current record (empty past the end).
    #[inline]
    pub fn field(&self, i: usize) -> &[u8] {
        match self.spans.get(i) {
            Some(Span::Input(s, e)) => &self.input[*s as usize..*e as usize],
            Some(Span::Scratch(s, e)) => &self.scratch[*s as usize..*e as usize],
            None => b"",
        }
    }

    /// End of the unquoted field starting at `from`: the next delimiter, `\r` or `\n`.
    #[inline]
    fn unquoted_end(&self, from: usize) -> usize {
        let input = self.input;
        let d = self.delimiter;
        let mut i = from;
        while i + 8 <= input.len() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&input[i..i + 8]);
            let word = u64::from_le_bytes(w);
            let hits = match_byte(word, d) | match_byte(word, b'\n') | match_byte(word, b'\r');
            if hits != 0 {
                // The lowest set high bit marks the first match exactly (no false positives
                // below the first true match in this SWAR form).
                return i + (hits.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        while i < input.len() {
            let b = input[i];
            if b == d || b == b'\n' || b == b'\r' {
                return i;
            }
            i += 1;
        }
        i
    }

    /// The record at `pos` if it has no quote and ends with a line break: its fields' spans,
    /// found sixteen bytes at a time ([`specials`]). `false` (nothing consumed) sends the record
    /// to the general loop — quotes, or the input's last 16 bytes.
    #[inline]
    fn plain_record(&mut self) -> bool {
        let input = self.input;
        let d = self.delimiter;
        let mut field = self.pos;
        let mut i = self.pos;
        while let Some(chunk) = input.get(i..i + 16) {
            let mut hits = specials(chunk, d);
            while hits != 0 {
                let j = i + hits.trailing_zeros() as usize;
                hits &= hits - 1;
                let b = input[j];
                if b == d {
                    self.spans.push(Span::Input(field as u32, j as u32));
                    field = j + 1;
                } else if b == b'"' {
                    self.spans.clear();
                    return false;
                } else {
                    // '\n', '\r' or "\r\n" ends the record.
                    self.spans.push(Span::Input(field as u32, j as u32));
                    let crlf = b == b'\r' && input.get(j + 1) == Some(&b'\n');
                    if b == b'\n' || crlf {
                        self.newlines += 1;
                    }
                    self.pos = j + 1 + crlf as usize;
                    return true;
                }
            }
            i += 16;
        }
        self.spans.clear();
        false
    }

    /// Read the next record; returns the 1-based line where it starts, or `None` at the end.
    pub fn next_record(&mut self) -> Option<u64> {
        let input = self.input;
        let len = input.len();
        while self.pos < len && matches!(input[self.pos], b'\r' | b'\n') {
            if input[self.pos] == b'\n' {
                self.newlines += 1;
            }
            self.pos += 1;
        }
        if self.pos >= len {
            return None;
        }
        let line = self.newlines + 1;
        self.spans.clear();
        self.scratch.clear();
        self.quoted_newlines = 0;
        self.unterminated = false;
        if self.plain_record() {
            return Some(line);
        }
        loop {
            let mut pos = self.pos;
            if pos < len && input[pos] == b'"' {
                pos += 1;
                let start = pos;
                let mut escaped = false;
                let end = loop {
                    match input[pos..].iter().position(|&b| b == b'"') {
                        None => {
                            let n = input[pos..].iter().filter(|&&b| b == b'\n').count() as u64;
                            self.newlines += n;
                            self.quoted_newlines += n;
                            self.unterminated = true;
                            pos = len;
                            break len;
                        }
                        Some(q) => {
                            let q = pos + q;
                            let n = input[pos..q].iter().filter(|&&b| b == b'\n').count() as u64;
                            self.newlines += n;
                            self.quoted_newlines += n;
                            if q + 1 < len && input[q + 1] == b'"' {
                                escaped = true;
                                pos = q + 2;
                            } else {
                                pos = q + 1;
                                break q;
                            }
                        }
                    }
                };
                let tail_end = if pos < len { self.unquoted_end(pos) } else { pos };
                if escaped || tail_end > pos {
                    let s = self.scratch.len() as u32;
                    let body = &input[start..end];
                    if escaped {
                        let mut k = 0;
                        while k < body.len() {
                            self.scratch.push(body[k]);
                            k += if body[k] == b'"' { 2 } else { 1 };
                        }
                    } else {
                        self.scratch.extend_from_slice(body);
                    }
                    self.scratch.extend_from_slice(&input[pos..tail_end]);
                    self.spans.push(Span::Scratch(s, self.scratch.len() as u32));
                } else {
                    self.spans.push(Span::Input(start as u32, end as u32));
                }
                pos = tail_end;
            } else {
                let end = self.unquoted_end(pos);
                self.spans.push(Span::Input(pos as u32, end as u32));
                pos = end;
            }
            if pos < len && input[pos] == self.delimiter {
                self.pos = pos + 1;
                continue;
            }
            // End of record: consume one terminator (\r\n, \r or \n).
            if pos < len {
                if input[pos] == b'\r' {
                    pos += 1;
                    if pos < len && input[pos] == b'\n' {
                        pos += 1;
                        self.newlines += 1;
                    }
                } else {
                    pos += 1;
                    self.newlines += 1;
                }
            }
            self.pos = pos;
            return Some(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &str) -> Vec<(u64, Vec<String>)> {
        let mut s = Splitter::new(input.as_bytes(), b',');
        let mut out = Vec::new();
        while let Some(line) = s.next_record() {
            out.push((line, (0..s.len()).map(|i| String::from_utf8_lossy(s.field(i)).into_owned()).collect()));
        }
        out
    }

    #[test]
    fn rfc4180_cases() {
        assert_eq!(
            records("a,b\r\n\"x,1\",\"he said \"\"hi\"\"\"\n\n\"multi\nline\",z\rlast,"),
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["x,1".into(), "he said \"hi\"".into()]),
                (4, vec!["multi\nline".into(), "z".into()]),
                (5, vec!["last".into(), "".into()]),
            ]
        );
        assert_eq!(records("\"ab\"c,d"), vec![(1, vec!["abc".into(), "d".into()])]);
        assert_eq!(records("a\"b,\"unterminated\nx"), vec![(1, vec!["a\"b".into(), "unterminated\nx".into()])]);
        assert_eq!(records(""), vec![]);
        assert_eq!(records("\"\""), vec![(1, vec!["".into()])]);
    }

    /// The SIMD and SWAR masks equal a byte-by-byte scan.
    #[test]
    fn special_masks_are_exact() {
        let alphabet = [b',', b'"', b'\n', b'\r', b'a', 0x80, 0xFF, 0x2B, 0x2D, 0x01, 0x00, 0x7F, 0x0B, 0x0C];
        let mut x = 1u64;
        for _ in 0..20_000 {
            let mut chunk = [0u8; 16];
            for c in &mut chunk {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *c = alphabet[(x % alphabet.len() as u64) as usize];
            }
            let want = chunk.iter().enumerate().filter(|(_, &b)| matches!(b, b',' | b'"' | b'\n' | b'\r')).fold(0u32, |m, (k, _)| m | 1 << k);
            assert_eq!(specials(&chunk, b','), want, "{chunk:?}");
            assert_eq!(specials_swar(&chunk, b','), want, "{chunk:?}");
        }
    }

    #[test]
    fn swar_finds_first_match() {
        for n in 0..20 {
            let mut s = "x".repeat(n);
            s.push(',');
            s.push_str("yyyyyyyyyyyy");
            assert_eq!(Splitter::new(s.as_bytes(), b',').unquoted_end(0), n);
        }
        // 0x01 bytes and high bytes around the target must not fool the SWAR test.
        let bytes = [0x01u8, 0x80, 0xFF, 0x2B, 0x2D, 0x01, 0x2C, 0x00, 0x2C];
        assert_eq!(Splitter::new(&bytes, b',').unquoted_end(0), 6);
    }
}
