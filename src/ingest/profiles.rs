//! Export profiles: the documented order-export layouts of cart and order-management systems,
//! recognised by their headers, each with the rules of `docs/cart-exports.md` that its layout
//! needs (which column is the order key, the buyer, the line money; its status codes; its line
//! types). Where each layout comes from is in `tests/fixtures/exports/README*.md`.

use crate::dates::DateOrder;
use crate::lines::LineKind;

/// One export layout.
#[derive(Debug)]
pub struct Profile {
    /// `summary().source.format`.
    pub name: &'static str,
    /// Human name, for the page.
    pub label: &'static str,
    /// Normalised headers (`crate::text::normalize_header`) that together identify the layout.
    pub detect: &'static [&'static str],
    /// Field (API name) → normalised header: the layout's meaning of its columns, before the
    /// generic aliases (the user's `columns` still win).
    pub columns: &'static [(&'static str, &'static str)],
    /// Fields the layout has no column for, though a header may look like one (Shopify's
    /// `Subtotal` is not a line amount).
    pub unused: &'static [&'static str],
    /// Status values (trimmed, lower-cased) that exclude an order, besides the generic ones.
    pub excluded_statuses: &'static [&'static str],
    /// Member-id values that mean "guest" (WooCommerce writes 0).
    pub guest_ids: &'static [&'static str],
    /// Line-type values (normalised) and their kinds, besides the generic words.
    pub line_types: &'static [(&'static str, LineKind)],
    /// Product ids that are not products (UCI `POST`, `M`, `D`, …), compared upper-cased.
    pub non_product_ids: &'static [(&'static str, LineKind)],
    /// The date order when the layout fixes it.
    pub date_order: Option<DateOrder>,
}

const fn profile(name: &'static str, label: &'static str, detect: &'static [&'static str], columns: &'static [(&'static str, &'static str)]) -> Profile {
    Profile { name, label, detect, columns, unused: &[], excluded_statuses: &[], guest_ids: &[], line_types: &[], non_product_ids: &[], date_order: None }
}

/// Non-product stock codes of the UCI Online Retail data sets.
const UCI_NON_PRODUCTS: &[(&str, LineKind)] = &[
    ("POST", LineKind::Shipping),
    ("DOT", LineKind::Shipping),
    ("C2", LineKind::Shipping),
    ("M", LineKind::Fee),
    ("BANK CHARGES", LineKind::Fee),
    ("AMAZONFEE", LineKind::Fee),
    ("CRUK", LineKind::Fee),
    ("D", LineKind::Discount),
    ("S", LineKind::Fee),
    ("B", LineKind::Fee),
    ("PADS", LineKind::Fee),
];

/// The profiles, most specific first (a layout whose headers include another's comes before it).
pub static PROFILES: &[Profile] = &[
    Profile {
        excluded_statuses: &["refunded", "voided"],
        unused: &["amount", "customerId"],
        ..profile(
            "shopify",
            "Shopify",
            &["name", "financialstatus", "lineitemquantity", "lineitemname"],
            &[
                ("orderId", "name"),
                ("email", "email"),
                ("orderDate", "createdat"),
                ("orderStatus", "financialstatus"),
                ("cancelled", "cancelledat"),
                ("quantity", "lineitemquantity"),
                ("unitPrice", "lineitemprice"),
                ("lineDiscount", "lineitemdiscount"),
                ("productId", "lineitemsku"),
                ("productName", "lineitemname"),
                ("orderTotal", "total"),
                ("shipping", "shipping"),
                ("tax", "taxes"),
                ("coupon", "discountamount"),
                ("phone", "phone"),
            ],
        )
    },
    Profile {
        non_product_ids: UCI_NON_PRODUCTS,
        date_order: Some(DateOrder::MonthFirst),
        ..profile(
            "online-retail-ii",
            "UCI Online Retail II",
            &["invoice", "stockcode", "description", "invoicedate", "price", "customerid"],
            &[("orderId", "invoice"), ("productId", "stockcode"), ("productName", "description"), ("orderDate", "invoicedate"), ("unitPrice", "price"), ("customerId", "customerid")],
        )
    },
    Profile {
        non_product_ids: UCI_NON_PRODUCTS,
        date_order: Some(DateOrder::MonthFirst),
        ..profile(
            "online-retail",
            "UCI Online Retail",
            &["invoiceno", "stockcode", "description", "invoicedate", "unitprice", "customerid"],
            &[("orderId", "invoiceno"), ("productId", "stockcode"), ("productName", "description"), ("orderDate", "invoicedate"), ("unitPrice", "unitprice"), ("customerId", "customerid")],
        )
    },
];

/// The profile whose detection headers are all among `normalized` headers.
pub fn detect(normalized: &[String]) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| p.detect.iter().all(|d| normalized.iter().any(|h| h == d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_name_known_fields_and_detect_themselves() {
        for p in PROFILES {
            for (field, _) in p.columns {
                assert!(crate::ingest::ORDERS.position(field).is_some(), "{}: unknown field {field}", p.name);
            }
            let headers: Vec<String> = p.detect.iter().map(|d| d.to_string()).collect();
            assert_eq!(detect(&headers).map(|x| x.name), Some(p.name), "{} is shadowed by an earlier profile", p.name);
        }
    }
}
