//! Personal data found in a table's columns: e-mail addresses, phone numbers, personal names,
//! postal addresses and codes, card-like numbers. It is detected by the header (氏名, フリガナ,
//! 住所, 郵便番号, Billing Name, Email, …) or by the values of a sample of rows: ≥ 80 % of the
//! non-empty values look like e-mail addresses, Japanese or international phone numbers, 〒 codes,
//! or 13–19-digit numbers passing the Luhn check. What was found is reported (`summary().source.pii`,
//! `addCustomers(...).pii`) with what happened to it. A column no field reads is never kept in
//! the Dataset. The orders table's e-mail and phone fields are only used hashed, as guest keys.
//! A customer table drops such columns instead of making them attributes.

use serde::Serialize;

/// A column holding personal data.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PiiColumn {
    /// The header as in the file.
    pub header: String,
    /// `email`, `phone`, `name`, `address`, `postalCode` or `cardNumber`.
    pub kind: &'static str,
    /// `header` (its name says so) or `values` (its values look so).
    pub detected_by: &'static str,
    /// What crmkit did with it: `dropped` (not read), `hashed` (read only as a keyed hash, e.g. a
    /// guest's e-mail as customer key), `kept` (mapped by you to a field that keeps it, e.g.
    /// `customerId`).
    pub handling: &'static str,
    /// The field that reads it, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

/// Rows of values looked at per column.
pub const SAMPLE_ROWS: usize = 200;

/// The kind of personal data a header names, if any.
pub fn kind_of_header(header: &str) -> Option<&'static str> {
    let h: String = header.trim().to_lowercase().chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '　' | '(' | ')' | '（' | '）' | '・')).collect();
    const JA: [(&str, &str); 14] = [
        ("メール", "email"),
        ("電話", "phone"),
        ("携帯", "phone"),
        ("ファックス", "phone"),
        ("郵便番号", "postalCode"),
        ("〒", "postalCode"),
        ("住所", "address"),
        ("番地", "address"),
        ("市区町村", "address"),
        ("氏名", "name"),
        ("名前", "name"),
        ("フリガナ", "name"),
        ("ふりがな", "name"),
        ("カード番号", "cardNumber"),
    ];
    if let Some((_, kind)) = JA.iter().find(|(word, _)| h.contains(word)) {
        return Some(kind);
    }
    const EXACT: [(&str, &str); 14] = [
        ("name", "name"),
        ("fullname", "name"),
        ("firstname", "name"),
        ("lastname", "name"),
        ("姓", "name"),
        ("名", "name"),
        ("セイ", "name"),
        ("メイ", "name"),
        ("tel", "phone"),
        ("fax", "phone"),
        ("mobile", "phone"),
        ("zip", "postalCode"),
        ("mail", "email"),
        ("kana", "name"),
    ];
    if let Some((_, kind)) = EXACT.iter().find(|(word, _)| h == *word) {
        return Some(kind);
    }
    const CONTAINS: [(&str, &str); 16] = [
        ("email", "email"),
        ("e-mail", "email"),
        ("phone", "phone"),
        ("telephone", "phone"),
        ("address", "address"),
        ("street", "address"),
        ("postal", "postalCode"),
        ("postcode", "postalCode"),
        ("zip", "postalCode"),
        ("cardnumber", "cardNumber"),
        ("customername", "name"),
        ("billingname", "name"),
        ("shippingname", "name"),
        ("buyername", "name"),
        ("recipientname", "name"),
        ("contactname", "name"),
    ];
    CONTAINS.iter().find(|(word, _)| h.contains(word)).map(|(_, kind)| *kind)
}

/// The kind the values look like: at least 80 % of the (at least 3) non-empty ones.
pub fn kind_of_values<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    let mut counts = [0usize; 4];
    let mut n = 0usize;
    for v in values {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        n += 1;
        counts[0] += usize::from(is_email(v));
        counts[1] += usize::from(is_phone(v));
        counts[2] += usize::from(is_postal_code(v));
        counts[3] += usize::from(is_card_number(v));
    }
    if n < 3 {
        return None;
    }
    let kinds = ["email", "phone", "postalCode", "cardNumber"];
    counts.iter().position(|&c| c * 5 >= n * 4).map(|i| kinds[i])
}

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else { return false };
    !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !v.contains(char::is_whitespace) && !domain.contains('@')
}

/// `090-1234-5678`, `03 1234 5678`, `(03)1234-5678`, `+81 90 1234 5678`, `09012345678` (a mobile
/// number written without separators), `+44 20 7946 0958`.
fn is_phone(v: &str) -> bool {
    if !v.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '+' | '.')) {
        return false;
    }
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    let separated = v.contains(['-', ' ', '(', '.']);
    if let Some(rest) = v.strip_prefix('+') {
        return (8..=15).contains(&digits.len()) && rest.starts_with(|c: char| c.is_ascii_digit());
    }
    let japanese = digits.starts_with('0') && (10..=11).contains(&digits.len());
    let mobile = digits.len() == 11 && ["070", "080", "090"].iter().any(|p| digits.starts_with(p));
    (japanese && separated) || mobile
}

/// `123-4567` or `〒123-4567` (Japan's 7-digit postal code).
fn is_postal_code(v: &str) -> bool {
    let v = v.strip_prefix('〒').unwrap_or(v).trim();
    let b = v.as_bytes();
    b.len() == 8 && b[3] == b'-' && b[..3].iter().chain(&b[4..]).all(u8::is_ascii_digit)
}

/// 13–19 digits (spaces or dashes between groups allowed) passing the Luhn check.
fn is_card_number(v: &str) -> bool {
    if !v.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-') {
        return false;
    }
    let digits: Vec<u32> = v.chars().filter_map(|c| c.to_digit(10)).collect();
    if !(13..=19).contains(&digits.len()) {
        return false;
    }
    let sum: u32 = digits.iter().rev().enumerate().map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }).sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_their_kind() {
        for (header, kind) in [
            ("氏名", "name"),
            ("お名前(姓)", "name"),
            ("フリガナ", "name"),
            ("メールアドレス", "email"),
            ("電話番号", "phone"),
            ("郵便番号", "postalCode"),
            ("住所1", "address"),
            ("Billing Name", "name"),
            ("Email", "email"),
            ("Shipping Phone", "phone"),
            ("Billing Address1", "address"),
            ("Billing Zip", "postalCode"),
            ("first_name", "name"),
            ("TEL", "phone"),
        ] {
            assert_eq!(kind_of_header(header), Some(kind), "{header}");
        }
        for header in ["商品名", "product_name", "Lineitem name", "Campaign Name", "customer_id", "order_date", "金額", "都道府県", "性別"] {
            assert_eq!(kind_of_header(header), None, "{header}");
        }
    }

    #[test]
    fn values_name_their_kind() {
        assert_eq!(kind_of_values(["a@example.jp", "b.c@mail.example.com", "x@y.co", ""]), Some("email"));
        assert_eq!(kind_of_values(["090-1234-5678", "03-1234-5678", "+81 90 1111 2222", "08012345678"]), Some("phone"));
        assert_eq!(kind_of_values(["150-0001", "〒530-0001", "100-0005"]), Some("postalCode"));
        // Luhn-valid test numbers (the card networks' published test cards).
        assert_eq!(kind_of_values(["4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005"]), Some("cardNumber"));
        // Order ids, amounts, dates and product codes are none of these.
        assert_eq!(kind_of_values(["1001", "1002", "1003", "1004"]), None);
        assert_eq!(kind_of_values(["2024-01-05", "2024-02-01", "2024-03-09"]), None);
        assert_eq!(kind_of_values(["1234567890123", "1234567890124", "1234567890125", "1234567890126", "1234567890127"]), None);
        assert_eq!(kind_of_values(["0123456789", "0223456789", "0323456789"]), None);
        assert_eq!(kind_of_values(["a@b.c"]), None, "too few values to say");
    }
}
