//! Text helpers shared by the readers and the messages: trimming as Japanese exports need it,
//! header normalisation, quoting user text in messages, and "did you mean" suggestions.

/// Trim ASCII spaces/tabs and the ideographic space (U+3000, common in Japanese exports).
#[inline]
pub fn trim_bytes(mut b: &[u8]) -> &[u8] {
    const IDEOGRAPHIC_SPACE: &[u8] = "\u{3000}".as_bytes();
    loop {
        if let [b' ' | b'\t', rest @ ..] = b {
            b = rest;
        } else if let Some(rest) = b.strip_prefix(IDEOGRAPHIC_SPACE) {
            b = rest;
        } else {
            break;
        }
    }
    loop {
        if let [rest @ .., b' ' | b'\t'] = b {
            b = rest;
        } else if let Some(rest) = b.strip_suffix(IDEOGRAPHIC_SPACE) {
            b = rest;
        } else {
            break;
        }
    }
    b
}

/// A cell folded for comparison with a word list: full-width ASCII folded to ASCII, lower-cased,
/// without spaces (also ideographic), tabs, `_`, `-` and `・`.
pub fn fold_word(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            ' ' | '\u{3000}' | '_' | '-' | '・' | '\t' => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Shorten user text quoted in messages.
pub fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

/// Bytes of a field as text for a message (invalid UTF-8 replaced, long text clipped).
pub fn lossy(b: &[u8]) -> String {
    clip(&String::from_utf8_lossy(b))
}

/// Normalise a header for comparison: full-width ASCII → ASCII, lower case, separators and
/// bracketed notes removed (`"金額（税込）"` → `"金額"`, `" Customer_ID "` → `"customerid"`).
pub fn normalize_header(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0u32;
    for c in header.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        };
        match c {
            '(' | '[' | '【' | '「' | '<' => depth += 1,
            ')' | ']' | '】' | '」' | '>' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            ' ' | '_' | '-' | '.' | '・' | '/' | '\t' | '\u{FEFF}' | '"' | '#' => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + usize::from(ca != *cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The known name closest to `wanted` (case-insensitive, at most 3 edits away), for "did you mean".
pub fn closest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    known
        .into_iter()
        .map(|k| (edit_distance(&wanted, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `'a', 'b' or 'c'`: the allowed values of an option, for messages.
pub fn quoted_list(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_headers() {
        assert_eq!(normalize_header(" Customer_ID "), "customerid");
        assert_eq!(normalize_header("金額（税込）"), "金額");
        assert_eq!(normalize_header("ＳＫＵ"), "sku");
        assert_eq!(normalize_header("Order Date"), "orderdate");
        assert_eq!(normalize_header("単価(円)"), "単価");
    }

    #[test]
    fn trims_ideographic_space() {
        assert_eq!(trim_bytes("\u{3000} a b\t".as_bytes()), b"a b");
        assert_eq!(trim_bytes(b""), b"");
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("encodng", ["encoding", "delimiter"]), Some("encoding"));
        assert_eq!(closest("groupby", ["groupBy", "period"]), Some("groupBy"));
        assert_eq!(closest("zzzzzzzz", ["encoding"]), None);
        assert_eq!(quoted_list(&["a", "b", "c"]), "'a', 'b' or 'c'");
        assert_eq!(quoted_list(&["a", "b"]), "'a' or 'b'");
    }
}
