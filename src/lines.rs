//! What an order line is: merchandise, or one of the non-product lines cart exports write
//! beside it (shipping, fees, discounts and coupons, points used, tax). See
//! `docs/cart-exports.md` §5: non-product lines never become products, and only discounts count
//! toward revenue by default.

use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LineKind {
    #[default]
    Product,
    Shipping,
    /// Payment, cash-on-delivery and handling fees, gift wrapping.
    Fee,
    /// Discounts and coupons (amounts ≤ 0).
    Discount,
    /// Points used: a means of payment, not a discount.
    Points,
    Tax,
}

impl LineKind {
    pub fn is_product(self) -> bool {
        self == LineKind::Product
    }
}

/// Normalise a short cell for word matching: trimmed, ASCII lower-cased, full-width ASCII folded,
/// spaces, `_`, `-` and `・` dropped. `None` for cells too long to be one of the words.
fn word(cell: &[u8]) -> Option<String> {
    // The longest word is 8 characters (24 bytes of Japanese); longer cells are names.
    if cell.len() > 30 {
        return None;
    }
    Some(crate::text::fold_word(std::str::from_utf8(cell).ok()?))
}

/// Product names and ids that are a non-product line, not merchandise (exact words).
const NAME_WORDS: &[(&str, LineKind)] = &[
    ("送料", LineKind::Shipping),
    ("配送料", LineKind::Shipping),
    ("配送料金", LineKind::Shipping),
    ("送料(税込)", LineKind::Shipping),
    ("shipping", LineKind::Shipping),
    ("shippingfee", LineKind::Shipping),
    ("postage", LineKind::Shipping),
    ("delivery", LineKind::Shipping),
    ("手数料", LineKind::Fee),
    ("代引手数料", LineKind::Fee),
    ("代引き手数料", LineKind::Fee),
    ("決済手数料", LineKind::Fee),
    ("支払手数料", LineKind::Fee),
    ("ラッピング", LineKind::Fee),
    ("ギフトラッピング", LineKind::Fee),
    ("ラッピング料", LineKind::Fee),
    ("giftwrap", LineKind::Fee),
    ("giftwrapping", LineKind::Fee),
    ("fee", LineKind::Fee),
    ("handlingfee", LineKind::Fee),
    ("値引き", LineKind::Discount),
    ("値引", LineKind::Discount),
    ("割引", LineKind::Discount),
    ("クーポン", LineKind::Discount),
    ("クーポン値引き", LineKind::Discount),
    ("クーポン割引", LineKind::Discount),
    ("discount", LineKind::Discount),
    ("coupon", LineKind::Discount),
    ("ポイント", LineKind::Points),
    ("ポイント利用", LineKind::Points),
    ("ポイント値引き", LineKind::Points),
    ("ポイント使用", LineKind::Points),
    ("points", LineKind::Points),
    ("消費税", LineKind::Tax),
    ("税", LineKind::Tax),
    ("tax", LineKind::Tax),
];

/// A product name or id that is a non-product line (`送料`, `Shipping`, `ポイント利用`, …).
pub fn kind_of_product(text: &[u8]) -> Option<LineKind> {
    let w = word(text)?;
    NAME_WORDS.iter().find(|(name, _)| *name == w).map(|(_, kind)| *kind)
}

/// Values of a line-type column (EC-CUBE 明細区分, WooCommerce line item type, …).
const TYPE_WORDS: &[(&str, LineKind)] = &[
    ("商品", LineKind::Product),
    ("product", LineKind::Product),
    ("lineitem", LineKind::Product),
    ("item", LineKind::Product),
    ("商品明細", LineKind::Product),
    ("送料", LineKind::Shipping),
    ("shipping", LineKind::Shipping),
    ("配送", LineKind::Shipping),
    ("手数料", LineKind::Fee),
    ("fee", LineKind::Fee),
    ("charge", LineKind::Fee),
    ("値引き", LineKind::Discount),
    ("値引", LineKind::Discount),
    ("割引", LineKind::Discount),
    ("discount", LineKind::Discount),
    ("coupon", LineKind::Discount),
    ("クーポン", LineKind::Discount),
    ("ポイント", LineKind::Points),
    ("point", LineKind::Points),
    ("points", LineKind::Points),
    ("税", LineKind::Tax),
    ("消費税", LineKind::Tax),
    ("tax", LineKind::Tax),
];

/// The kind a line-type cell names, if it is one of the known words (`商品`, `送料`, `tax`, …) or
/// one of `extra` (a profile's own codes).
pub fn kind_of_type(cell: &[u8], extra: &[(&str, LineKind)]) -> Option<LineKind> {
    let w = word(cell)?;
    extra.iter().chain(TYPE_WORDS).find(|(name, _)| *name == w).map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(kind_of_product("送料".as_bytes()), Some(LineKind::Shipping));
        assert_eq!(kind_of_product(" Shipping ".as_bytes()), Some(LineKind::Shipping));
        assert_eq!(kind_of_product("ポイント利用".as_bytes()), Some(LineKind::Points));
        assert_eq!(kind_of_product("送料無料セット".as_bytes()), None, "a product that mentions 送料 is still a product");
        assert_eq!(kind_of_product("化粧水".as_bytes()), None);
        assert_eq!(kind_of_type("商品".as_bytes(), &[]), Some(LineKind::Product));
        assert_eq!(kind_of_type("ＴＡＸ".as_bytes(), &[]), Some(LineKind::Tax));
        assert_eq!(kind_of_type("2".as_bytes(), &[("2", LineKind::Shipping)]), Some(LineKind::Shipping));
    }
}
