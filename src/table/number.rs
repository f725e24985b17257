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
    // Fast path: plain ASCII integer (the common case in order exports).
    if bytes.len() <= 15 {
        let (negative, digits) = match bytes[0] {
            b'-' => (true, &bytes[1..]),
            _ => (false, bytes),
        };
        if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
            let v = digits.iter().fold(0i64, |acc, c| acc * 10 + (c - b'0') as i64) as f64;
            return Some(if negative { -v } else { v });
        }
    }
    parse_general(std::str::from_utf8(bytes).ok()?).filter(|v| v.abs() < MAX_MAGNITUDE)
}

fn parse_general(s: &str) -> Option<f64> {
    let mut rest = s;
    let mut negative = false;
    // Sign and currency prefixes, in any order ("-¥500", "¥-500", "▲500").
    loop {
        let before = rest.len();
        for prefix in ["-", "−", "▲", "△", "+", "¥", "￥", "\\", "$", "€", "£", "＄"] {
            if let Some(r) = rest.strip_prefix(prefix) {
                if matches!(prefix, "-" | "−" | "▲" | "△") {
                    if negative {
                        return None;
                    }
                    negative = true;
                }
                rest = r.trim_start();
                break;
            }
        }
        if rest.len() == before {
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
    for suffix in ["円", "JPY", "jpy", "yen"] {
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

    #[test]
    fn rejected_forms() {
        for s in ["", " ", "abc", "12,50", "1,23,4", ",123", "1.2.3", "--5", "¥", "12円34", "1234,", "NaN", "inf", "1e999", "-(5)", "1e15", "4111111111111111", "-1e300"] {
            assert_eq!(parse_number(s), None, "{s:?}");
        }
    }
}
