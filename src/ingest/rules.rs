//! The rules of `docs/cart-exports.md` that need no profile: which order statuses mean the order
//! did not happen, how guests are keyed, ids re-saved by Excel, and which money headers are
//! order-level.

use crate::text::trim_bytes;

/// Statuses that mean an order did not happen (compared trimmed and lower-cased; §1).
pub const EXCLUDED_STATUSES: &[&str] = &[
    "cancelled", "canceled", "cancel", "refunded", "voided", "void", "failed", "test", "キャンセル", "キャンセル済", "キャンセル済み",
    "注文取消", "注文取消し", "取消", "取消し", "取り消し", "返品", "返品済", "返品済み", "返送", "返金", "返金済", "返金済み", "テスト",
    "テスト注文", "削除", "削除済み", "無効",
];

/// Values of a cancellation flag column that mean "not cancelled".
const FLAG_OFF: &[&str] = &["0", "false", "no", "n", "いいえ", "-", "なし", "無", "off", "0.0"];

/// Trimmed, ASCII-lower-cased text of a short cell (statuses, flags).
pub fn folded(cell: &[u8]) -> String {
    String::from_utf8_lossy(trim_bytes(cell)).to_lowercase()
}

/// Whether a cancellation flag or timestamp cell (Shopify `Cancelled at`, a `キャンセル` flag) says
/// the order was cancelled.
pub fn flag_set(cell: &[u8]) -> bool {
    let f = folded(cell);
    !f.is_empty() && !FLAG_OFF.contains(&f.as_str())
}

/// `17850.0` → `17850`: an id Excel re-saved as a number.
#[inline]
pub fn excel_id(cell: &[u8]) -> &[u8] {
    // Most ids do not end in 0: one comparison for them.
    if cell.last() != Some(&b'0') {
        return cell;
    }
    if let Some(dot) = cell.iter().rposition(|&b| b == b'.') {
        let (int, frac) = cell.split_at(dot);
        if !int.is_empty() && int.iter().all(u8::is_ascii_digit) && frac.len() > 1 && frac[1..].iter().all(|&b| b == b'0') {
            return int;
        }
    }
    cell
}

/// A currency cell as an ISO 4217 code: trimmed, upper-cased, at most 8 characters kept.
pub fn currency_code(cell: &[u8]) -> String {
    String::from_utf8_lossy(trim_bytes(cell)).chars().take(8).collect::<String>().to_ascii_uppercase()
}

/// The e-mail address as a key: trimmed, lower-cased; `None` when it does not look like one.
pub fn email_key(cell: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(trim_bytes(cell)).trim().to_lowercase();
    (text.contains('@') && text.len() >= 3).then_some(text)
}

/// The phone number as a key: its digits (full-width folded); `None` with fewer than 6.
pub fn phone_key(cell: &[u8]) -> Option<String> {
    let digits: String = String::from_utf8_lossy(cell)
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0),
            _ => None,
        })
        .collect();
    (digits.len() >= 6).then_some(digits)
}

/// The guest customer id for a buyer key: `guest:` + 16 hex digits of a salted 64-bit FNV-1a
/// hash. Not a secret (the default salt is public): it keeps addresses out of the loaded data and
/// every export, and the same file gives the same ids. A private `guestSalt` makes the ids
/// unlinkable to addresses by someone without the salt.
pub fn guest_id(salt: &str, kind: &str, key: &str) -> String {
    guest_id_of(guest_hash(salt, kind, key))
}

/// The guest id of a [`guest_hash`].
pub fn guest_id_of(hash: u64) -> String {
    format!("guest:{hash:016x}")
}

/// The salted 64-bit FNV-1a hash behind [`guest_id`].
pub fn guest_hash(salt: &str, kind: &str, key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [salt.as_bytes(), b"\0", kind.as_bytes(), b"\0", key.as_bytes()] {
        for &b in part {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The salt of guest ids unless the option `guestSalt` gives one (defined with the dataset, which
/// keeps it for the message log).
pub use crate::dataset::DEFAULT_GUEST_SALT;

/// Money headers (normalised) that may be a line amount or an order total: decided by the data
/// (§2). Headers that are always order-level belong to `orderTotal` alone.
pub const AMBIGUOUS_TOTALS: &[&str] = &["total", "subtotal", "totalprice", "小計", "合計", "合計金額"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keys_and_flags() {
        assert_eq!(excel_id(b"17850.0"), b"17850");
        assert_eq!(excel_id(b"17850.00"), b"17850");
        assert_eq!(excel_id(b"17850.5"), b"17850.5");
        assert_eq!(excel_id(b"A.0"), b"A.0");
        assert_eq!(email_key(b" Foo@Example.COM ").as_deref(), Some("foo@example.com"));
        assert_eq!(email_key(b"none"), None);
        assert_eq!(phone_key("０９０-１２３４-５６７８".as_bytes()).as_deref(), Some("09012345678"));
        assert!(flag_set(b"2024-01-05 10:00"));
        assert!(flag_set("1".as_bytes()));
        assert!(!flag_set(b"0") && !flag_set(b"") && !flag_set(b"FALSE"));
        let a = guest_id(DEFAULT_GUEST_SALT, "email", "foo@example.com");
        assert_eq!(a, guest_id(DEFAULT_GUEST_SALT, "email", "foo@example.com"), "deterministic");
        assert_ne!(a, guest_id("other", "email", "foo@example.com"));
        assert!(a.starts_with("guest:") && a.len() == 22, "{a}");
    }
}
