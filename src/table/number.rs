//! Amounts and quantities as written in EC exports: `1234`, `1,234`, `¥1,234`, `￥1,234`,
//! `1,234円`, `\1,234` (the yen sign of Shift_JIS byte 0x5C), `-500`, `▲500` / `△500` (Japanese
//! accounting minus), `(500)`, `12.5`, full-width digits. Thousands separators must group by
//! three, so a European decimal comma (`12,50`) is rejected rather than read as 1250.
//! Magnitudes of 10^15 or more are rejected too: no order line is worth that, f64 stops counting
//! yen exactly near there, and such a value is almost surely a mis-mapped column (a phone or
//! card number).

/// Largest magnitude accepted (exclusive).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Parse a number; `None` when the text is not one (or empty, or ≥ 10^15 in magnitude).
pub fn parse_number(field: &str) -> Option<f64> {
    parse_number_bytes(field.as_bytes())
}

/// [`parse_number`] on UTF-8 bytes; only unusual forms are decoded to `str`.
pub fn parse_number_bytes(field: &[u8]) -> Option<f64> {
    let bytes = crate::text::trim_bytes(field);
    if bytes.is_empty() {
        return None;
    }
    if let Some(v) = parse_plain(bytes) {
        return Some(v);
    }
    parse_general(std::str::from_utf8(bytes).ok()?).filter(|v| v.abs() < MAX_MAGNITUDE)
}

/// The currency an amount's sign says (ISO 4217): `¥`, `￥`, `\` (the yen sign of Shift_JIS
/// byte 0x5C), `円`, `JPY`, `yen` → JPY; `$`, `＄` → USD (also the sign of CAD, AUD, … — a
/// caller with such amounts says so with the `currency` option); `€` → EUR; `£` → GBP. `None`
/// for a bare number. Only the signs [`parse_number`] accepts are looked at.
pub fn currency_sign(field: &[u8]) -> Option<&'static str> {
    let bytes = crate::text::trim_bytes(field);
    let (first, last) = (*bytes.first()?, *bytes.last()?);
    if first.is_ascii_digit() && last.is_ascii_digit() {
        return None;
    }
    let s = std::str::from_utf8(bytes).ok()?;
    let start = s.trim_start_matches(|c: char| SIGNS.contains(&c) || c.is_whitespace());
    if let Some(&(_, code)) = CURRENCY_PREFIXES.iter().find(|(sign, _)| start.starts_with(sign)) {
        return Some(code);
    }
    let end = s.trim_end_matches(|c: char| c == ')' || c.is_whitespace());
    YEN_SUFFIXES.iter().any(|suffix| end.ends_with(suffix)).then_some("JPY")
}

/// Signs an amount may start with: the minus forms (`-`, `−`, Japanese accounting `▲` `△`) and `+`.
const SIGNS: [char; 5] = ['-', '−', '▲', '△', '+'];
/// Currency signs an amount may start with, and the currency each says.
const CURRENCY_PREFIXES: [(&str, &str); 7] = [("¥", "JPY"), ("￥", "JPY"), ("\\", "JPY"), ("$", "USD"), ("＄", "USD"), ("€", "EUR"), ("£", "GBP")];
/// Words a yen amount may end with.
const YEN_SUFFIXES: [&str; 4] = ["円", "JPY", "jpy", "yen"];

/// Powers of ten that are exact in f64 (10^0 … 10^15).
const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// The common forms, fast: `-?digits` or `-?digits.digits` in ASCII with at most 15 digits.
/// `None` sends anything else to the general parser. Exact: the digits form an integer below
/// 10^15 < 2^53 and the divisor 10^k is exact, so one IEEE division gives the correctly rounded
/// value, the same as `str::parse::<f64>` (Clinger's fast path).
#[inline]
fn parse_plain(bytes: &[u8]) -> Option<f64> {
    if bytes.len() > 17 {
        return None;
    }
    let (negative, body) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut fraction: Option<usize> = None;
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + (b - b'0') as u64;
                digits += 1;
            }
            // One point, with digits on both sides.
            b'.' if fraction.is_none() && i > 0 && i + 1 < body.len() => fraction = Some(i),
            _ => return None,
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    let scale = fraction.map_or(0, |point| body.len() - point - 1);
    let v = mantissa as f64 / POW10[scale];
    Some(if negative { -v } else { v })
}

fn parse_general(s: &str) -> Option<f64> {
    let mut rest = s;
    let mut negative = false;
    // Sign and currency prefixes, in any order ("-¥500", "¥-500", "▲500").
    loop {
        if let Some(sign) = rest.chars().next().filter(|c| SIGNS.contains(c)) {
            if sign != '+' {
                if negative {
                    return None;
                }
                negative = true;
            }
            rest = rest[sign.len_utf8()..].trim_start();
        } else if let Some(r) = CURRENCY_PREFIXES.iter().find_map(|(sign, _)| rest.strip_prefix(sign)) {
            rest = r.trim_start();
        } else {
            break;
        }
    }
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        if negative {
            return None;
        }
        negative = true;
        rest = inner.trim();
    }
    for suffix in YEN_SUFFIXES {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r.trim_end();
            break;
        }
    }
    // Normalise digits into a small ASCII buffer, checking thousands grouping.
    let mut buf = String::with_capacity(rest.len());
    let mut seen_point = false;
    let mut seen_exponent = false;
    let mut digits_since_comma: Option<usize> = None;
    let mut int_digits = 0usize;
    for c in rest.chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32)?,
            '．' => '.',
            '，' => ',',
            _ => c,
        };
        match c {
            '0'..='9' => {
                buf.push(c);
                if !seen_point && !seen_exponent {
                    int_digits += 1;
                    if let Some(n) = digits_since_comma.as_mut() {
                        *n += 1;
                    }
                }
            }
            ',' => {
                if seen_point || seen_exponent || int_digits == 0 {
                    return None;
                }
                if let Some(n) = digits_since_comma {
                    if n != 3 {
                        return None;
                    }
                } else if int_digits > 3 {
                    return None;
                }
                digits_since_comma = Some(0);
            }
            '.' if !seen_point && !seen_exponent => {
                seen_point = true;
                buf.push('.');
            }
            'e' | 'E' if !seen_exponent && int_digits > 0 => {
                seen_exponent = true;
                buf.push('e');
            }
            '-' | '+' if buf.ends_with('e') => buf.push(c),
            _ => return None,
        }
    }
    if let Some(n) = digits_since_comma {
        if n != 3 {
            return None;
        }
    }
    if !buf.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: f64 = buf.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_signs() {
        for (text, code) in [
            ("¥1,234", Some("JPY")),
            ("￥1,234", Some("JPY")),
            ("\\3,980", Some("JPY")),
            ("1,234円", Some("JPY")),
            ("-¥500", Some("JPY")),
            ("▲ ¥500", Some("JPY")),
            ("$9.99", Some("USD")),
            ("-$9.99", Some("USD")),
            ("(1,234円)", Some("JPY")),
            ("＄10", Some("USD")),
            ("€12.50", Some("EUR")),
            ("£3.20", Some("GBP")),
            ("1234", None),
            ("12.5", None),
            ("-500", None),
            ("", None),
            ("  ", None),
        ] {
            assert_eq!(currency_sign(text.as_bytes()), code, "{text}");
            // Every sign looked at is one the number parser takes.
            if code.is_some() {
                assert!(parse_number(text).is_some(), "{text} parses");
            }
        }
    }

    #[test]
    fn accepted_forms() {
        let cases: &[(&str, f64)] = &[
            ("1234", 1234.0),
            ("-500", -500.0),
            ("1,234", 1234.0),
            ("1,234,567", 1_234_567.0),
            ("¥1,234", 1234.0),
            ("￥1,234", 1234.0),
            ("\\1,234", 1234.0),
            ("1,234円", 1234.0),
            ("1234 円", 1234.0),
            ("▲500", -500.0),
            ("△1,000", -1000.0),
            ("(500)", -500.0),
            ("-¥500", -500.0),
            ("¥-500", -500.0),
            ("12.5", 12.5),
            ("0.1", 0.1),
            ("１，２３４", 1234.0),
            ("１２３４円", 1234.0),
            ("+42", 42.0),
            (" 42 ", 42.0),
            ("1e3", 1000.0),
            ("$9.99", 9.99),
        ];
        for (s, want) in cases {
            assert_eq!(parse_number(s), Some(*want), "{s}");
        }
    }

    /// The fast path gives exactly what the standard library's correctly rounded parser gives.
    #[test]
    fn plain_forms_equal_std_parse() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = 1 + (x % 15) as usize;
            let n = x >> 8;
            let mut s = format!("{:0width$}", n % 10u64.pow(digits as u32), width = digits);
            let point = (x >> 4) as usize % (digits + 1);
            if point > 0 && point < digits {
                s.insert(point, '.');
            }
            if x & 1 == 1 {
                s.insert(0, '-');
            }
            let want: f64 = s.parse().unwrap();
            let got = parse_number(&s).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{s}");
        }
        for s in ["12.", ".5", "1.2.3", "-", "-.", "1234567890123456", "0.1234567890123456"] {
            assert_eq!(parse_plain(s.as_bytes()), None, "{s}");
        }
    }

    #[test]
    fn rejected_forms() {
        for s in ["", " ", "abc", "12,50", "1,23,4", ",123", "1.2.3", "--5", "¥", "12円34", "1234,", "NaN", "inf", "1e999", "-(5)", "1e15", "4111111111111111", "-1e300"] {
            assert_eq!(parse_number(s), None, "{s:?}");
        }
    }
}
