//! Export profiles: the documented order-export layouts of cart and order-management systems,
//! recognised by their headers, each with the rules of `docs/cart-exports.md` that its layout
//! needs (which column is the order key, the buyer, the line money; its order-level money
//! columns; its status codes; its line types). Where each layout comes from, and the
//! hand-computed numbers of its fixture, are in `tests/fixtures/exports/README*.md`.
//!
//! Headers are given as written by the system; a file's header matches when it is the same text,
//! or the same after normalisation ([`crate::text::normalize_header`]). Normalisation drops
//! bracketed notes, so `明細区分(ID)` and `明細区分(名称)` are told apart by their full text first.

use crate::dates::DateOrder;
use crate::lines::LineKind;
use crate::text::normalize_header;

/// What an order-level money column is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Money {
    Kind(LineKind),
    /// A fee when positive, a discount when negative (Next Engine's その他費用).
    Signed,
    /// A tax the order total may contain (tax-inclusive prices) or add (tax-exclusive): a tax line
    /// only for the orders whose total it completes (Shopify's `Taxes`).
    TaxIfAdded,
}

/// One export layout.
#[derive(Debug)]
pub struct Profile {
    /// `summary().source.format`.
    pub name: &'static str,
    /// Human name, for the page.
    pub label: &'static str,
    /// Headers that together identify the layout.
    pub detect: &'static [&'static str],
    /// Field (API name) → header: the layout's meaning of its columns, before the generic aliases
    /// (the user's `columns` still win).
    pub columns: &'static [(&'static str, &'static str)],
    /// Fields the layout has no column for, though a header may look like one (Shopify's
    /// `Subtotal` is not a line amount).
    pub unused: &'static [&'static str],
    /// Order-level money columns, each one non-product line per order. When given, the generic
    /// `shipping` / `fee` / `points` / `coupon` / `tax` fields are not guessed from headers.
    pub money: &'static [(&'static str, Money)],
    /// More status columns, each checked like `orderStatus`.
    pub status_columns: &'static [&'static str],
    /// Status values (trimmed, lower-cased) that exclude an order, besides the generic ones.
    pub excluded_statuses: &'static [&'static str],
    /// Cell values that mean "no value" in money columns (楽天 `-99999`).
    pub null_values: &'static [&'static str],
    /// Member-id values that mean "guest" (WooCommerce writes 0).
    pub guest_ids: &'static [&'static str],
    /// Line-type values (as written) and their kinds, besides the generic words.
    pub line_types: &'static [(&'static str, LineKind)],
    /// Product ids that are not products (UCI `POST`, `M`, `D`, …), compared upper-cased.
    pub non_product_ids: &'static [(&'static str, LineKind)],
    /// The date order when the layout fixes it.
    pub date_order: Option<DateOrder>,
    /// The order-level discount already includes the discounts allocated to its lines (Shopify's
    /// `Discount Amount`): only the rest is an order discount.
    pub coupon_includes_line_discounts: bool,
    /// Product names of option rows (merchandise surcharges, not products): BASE's `商品オプション「`.
    pub option_prefix: Option<&'static str>,
    /// The currency of the amounts (`summary().source.currency`).
    pub currency: Currency,
}

/// Where a layout's currency comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Currency {
    /// Every file of the layout is in this ISO 4217 currency (Japanese carts sell in yen).
    Fixed(&'static str),
    /// A column holds the order's currency code (Shopify `Currency`).
    Column(&'static str),
    Unknown,
}

const BASE: Profile = Profile {
    name: "",
    label: "",
    detect: &[],
    columns: &[],
    unused: &[],
    money: &[],
    status_columns: &[],
    excluded_statuses: &[],
    null_values: &[],
    guest_ids: &[],
    line_types: &[],
    non_product_ids: &[],
    date_order: None,
    coupon_includes_line_discounts: false,
    option_prefix: None,
    currency: Currency::Unknown,
};

/// The generic money fields a profile's `money` list replaces.
pub const MONEY_FIELDS: [&str; 5] = ["shipping", "fee", "points", "coupon", "tax"];

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

use LineKind::{Discount, Fee, Points, Shipping, Tax};
use Money::Kind;

/// The profiles, most specific first (a layout whose headers include another's comes before it).
pub static PROFILES: &[Profile] = &[
    // Shopify admin → Orders → Export: one row per line item; order-level fields on the first row
    // of an order only; every buyer keyed by e-mail (the export has no customer id).
    Profile {
        name: "shopify",
        label: "Shopify",
        detect: &["Financial Status", "Lineitem quantity", "Lineitem name", "Fulfillment Status"],
        columns: &[
            ("orderId", "Name"),
            ("email", "Email"),
            ("orderDate", "Created at"),
            ("orderStatus", "Financial Status"),
            ("cancelled", "Cancelled at"),
            ("quantity", "Lineitem quantity"),
            ("unitPrice", "Lineitem price"),
            ("lineDiscount", "Lineitem discount"),
            ("productId", "Lineitem sku"),
            ("productName", "Lineitem name"),
            ("orderTotal", "Total"),
            ("phone", "Phone"),
        ],
        // `Taxes` is contained in `Total` when prices include tax (Japanese stores) and added to
        // it otherwise: the order's own total tells which.
        unused: &["amount", "customerId"],
        money: &[("Shipping", Kind(Shipping)), ("Taxes", Money::TaxIfAdded), ("Discount Amount", Kind(Discount))],
        excluded_statuses: &["refunded", "voided"],
        coupon_includes_line_discounts: true,
        currency: Currency::Column("Currency"),
        ..BASE
    },
    // WooCommerce through SkyVerge's Customer/Order/Coupon Export, "Default - One Row per Item":
    // order-level columns repeated; customer_id 0 = guest; item_total is after coupons, before tax.
    Profile {
        name: "woocommerce",
        label: "WooCommerce",
        detect: &["order_id", "item_product_id", "billing_email", "item_subtotal_tax"],
        columns: &[
            ("orderId", "order_id"),
            ("customerId", "customer_id"),
            ("email", "billing_email"),
            ("phone", "billing_phone"),
            ("orderDate", "date"),
            ("orderStatus", "status"),
            ("productId", "item_product_id"),
            ("productName", "item_name"),
            ("quantity", "item_quantity"),
            ("unitPrice", "item_price"),
            ("amount", "item_total"),
            ("orderTotal", "order_total"),
        ],
        money: &[("shipping_total", Kind(Shipping)), ("fee_total", Kind(Fee)), ("tax_total", Kind(Tax))],
        guest_ids: &["0"],
        currency: Currency::Column("order_currency"),
        ..BASE
    },
    // STORES オーダー情報CSV: one row per item, order-level money repeated; buyers keyed by e-mail.
    Profile {
        name: "stores",
        label: "STORES",
        detect: &["オーダー番号", "アイテム名", "氏(購入者)", "決済手数料率"],
        columns: &[
            ("orderId", "オーダー番号"),
            ("orderStatus", "ステータス"),
            ("orderDate", "オーダー日"),
            ("email", "メールアドレス"),
            ("phone", "電話番号(購入者)"),
            ("productId", "品番"),
            ("productName", "アイテム名"),
            ("quantity", "個数"),
            ("amount", "小計"),
            ("orderTotal", "合計"),
        ],
        unused: &["customerId", "unitPrice"],
        money: &[
            ("配送料", Kind(Shipping)),
            ("クーポン割引額", Kind(Discount)),
            ("ディスカウント割引額", Kind(Discount)),
            ("まとめて割", Kind(Discount)),
            ("セット割", Kind(Discount)),
            ("代引き手数料", Kind(Fee)),
            ("オプション手数料", Kind(Fee)),
        ],
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // BASE 注文CSV (partly documented): one row per item, order-level money repeated; option
    // rows (商品オプション「…」) are rows of their own.
    Profile {
        name: "base",
        label: "BASE",
        detect: &["注文ID", "メールアドレス(請求先)", "バリエーション", "電話番号(配送先)"],
        columns: &[
            ("orderId", "注文ID"),
            ("orderDate", "注文日時"),
            ("email", "メールアドレス(請求先)"),
            ("phone", "電話番号(請求先)"),
            ("productId", "商品ID"),
            ("productName", "商品名"),
            ("unitPrice", "価格"),
            ("quantity", "数量"),
        ],
        unused: &["customerId", "amount"],
        money: &[("送料", Kind(Shipping)), ("代引き手数料", Kind(Fee))],
        option_prefix: Some("商品オプション「"),
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // EC-CUBE 4 受注CSV (dtb_csv type 3): one row per order item, order-level columns repeated;
    // shipping, fees, discounts, tax and points are items of their own (明細区分).
    Profile {
        name: "eccube4",
        label: "EC-CUBE 4",
        detect: &["明細区分(ID)", "対応状況(ID)", "注文詳細ID"],
        columns: &[
            ("orderId", "注文番号"),
            ("customerId", "会員ID"),
            ("email", "メールアドレス"),
            ("phone", "TEL"),
            ("orderDate", "受注日"),
            ("orderStatus", "対応状況(ID)"),
            ("productId", "商品ID"),
            ("productName", "商品名"),
            ("unitPrice", "価格"),
            ("quantity", "個数"),
            ("lineType", "明細区分(ID)"),
        ],
        // 合計 includes the product tax the 税抜 lines do not: no reconciliation.
        unused: &["amount", "orderTotal", "shipping", "fee", "points", "coupon", "tax", "category"],
        excluded_statuses: &["3", "9"],
        line_types: &[("1", LineKind::Product), ("2", Shipping), ("3", Fee), ("4", Discount), ("5", Tax), ("6", Points)],
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // futureshop 受注データ: one row per product, order-level money repeated.
    Profile {
        name: "futureshop",
        label: "futureshop",
        detect: &["受注コード", "処理状況区分", "請求合計金額"],
        columns: &[
            ("orderId", "受注コード"),
            ("customerId", "会員ID"),
            ("email", "メールアドレス（メイン）"),
            ("phone", "電話番号（メイン）"),
            ("orderDate", "注文日時"),
            ("orderStatus", "処理状況区分"),
            ("productId", "商品番号"),
            ("productName", "商品名"),
            ("unitPrice", "販売単価"),
            ("quantity", "購入数量"),
            ("orderTotal", "請求合計金額"),
        ],
        unused: &["amount"],
        money: &[
            ("送料", Kind(Shipping)),
            ("包装手数料", Kind(Fee)),
            ("決済手数料", Kind(Fee)),
            ("クール便手数料", Kind(Fee)),
            ("その他手数料", Kind(Fee)),
            ("ポイント利用額", Kind(Points)),
            ("割引合計金額（商品）", Kind(Discount)),
        ],
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // カラーミーショップ 受注データ: one row per item and delivery address, order-level money repeated.
    Profile {
        name: "colorme",
        label: "カラーミーショップ",
        detect: &["売上ID", "購入者 顧客ID", "売上詳細ID"],
        columns: &[
            ("orderId", "売上ID"),
            ("customerId", "購入者 顧客ID"),
            ("email", "購入者 メールアドレス"),
            ("phone", "購入者 電話番号"),
            ("orderDate", "受注日"),
            ("orderStatus", "入金状態"),
            ("productId", "購入商品 商品ID"),
            ("productName", "購入商品 商品名"),
            ("unitPrice", "購入商品 販売価格(消費税込)"),
            ("quantity", "購入商品 販売個数"),
            ("amount", "購入商品 小計"),
            ("orderTotal", "総合計金額"),
        ],
        money: &[
            ("送料合計", Kind(Shipping)),
            ("決済手数料", Kind(Fee)),
            ("熨斗手数料合計", Kind(Fee)),
            ("メッセージカード手数料合計", Kind(Fee)),
            ("ラッピング手数料合計", Kind(Fee)),
            ("ショップポイントによる割引金額", Kind(Points)),
            ("外部ポイントによる割引金額", Kind(Points)),
            ("割引金額", Kind(Discount)),
        ],
        status_columns: &["発送状態"],
        excluded_statuses: &["全額返金済"],
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // MakeShop 注文データ: a shop-built template; only its first columns are documented publicly.
    Profile {
        name: "makeshop",
        label: "MakeShop",
        detect: &["日付", "注文時間", "注文番号", "処理状況"],
        columns: &[("orderDate", "日付"), ("orderTime", "注文時間"), ("orderId", "注文番号"), ("orderStatus", "処理状況")],
        excluded_statuses: &["注文キャンセル"],
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // 楽天 RMS 通常購入データ (全カラム): one row per item, order-level money repeated; buyers keyed
    // by their (masked) e-mail; -99999 means "not fixed yet".
    Profile {
        name: "rakuten-rms",
        label: "楽天市場 RMS 通常購入データ",
        detect: &["受注番号", "楽天会員フラグ", "同梱ID"],
        columns: &[
            ("orderId", "受注番号"),
            ("orderStatus", "受注ステータス"),
            ("orderDate", "注文日時"),
            ("email", "メールアドレス"),
            ("productId", "商品番号"),
            ("productName", "商品名"),
            ("unitPrice", "単価"),
            ("quantity", "個数"),
            ("orderTotal", "請求金額(-99999=無効値)"),
        ],
        unused: &["amount", "customerId", "orderTime", "phone"],
        money: &[
            ("送料(-99999=無効値)", Kind(Shipping)),
            ("代引料(-99999=無効値)", Kind(Fee)),
            ("ラッピング料金(包装紙)", Kind(Fee)),
            ("ラッピング料金(リボン)", Kind(Fee)),
            ("ポイント利用額", Kind(Points)),
            ("クーポン利用額", Kind(Discount)),
            ("消費税(-99999=無効値)", Kind(Tax)),
        ],
        null_values: &["-99999"],
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // 楽天ペイ 受注CSV: the current RMS layout.
    Profile {
        name: "rakuten-pay",
        label: "楽天ペイ 受注CSV",
        detect: &["注文番号", "サブステータスID", "楽天確認中フラグ"],
        columns: &[
            ("orderId", "注文番号"),
            ("orderStatus", "ステータス"),
            ("orderDate", "注文日時"),
            ("email", "注文者メールアドレス"),
            ("productId", "商品番号"),
            ("productName", "商品名"),
            ("unitPrice", "単価"),
            ("quantity", "個数"),
            ("orderTotal", "請求金額"),
        ],
        unused: &["amount", "customerId", "orderTime", "phone"],
        money: &[
            ("送料合計", Kind(Shipping)),
            ("代引料合計", Kind(Fee)),
            ("ラッピング料金1", Kind(Fee)),
            ("ラッピング料金2", Kind(Fee)),
            ("ポイント利用額", Kind(Points)),
            ("クーポン利用総額", Kind(Discount)),
            ("消費税合計", Kind(Tax)),
        ],
        excluded_statuses: &["キャンセル確定", "キャンセル確定待ち", "900", "800"],
        null_values: &["-99999"],
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // Yahoo!ショッピング 注文データ (item level, order fields repeated); buyers keyed by e-mail.
    Profile {
        name: "yahoo-shopping",
        label: "Yahoo!ショッピング",
        detect: &["OrderId", "OrderTime", "BillMailAddress"],
        columns: &[
            ("orderId", "OrderId"),
            ("orderDate", "OrderTime"),
            ("orderStatus", "OrderStatus"),
            ("email", "BillMailAddress"),
            ("phone", "BillPhoneNumber"),
            ("productId", "ItemId"),
            ("productName", "Title"),
            ("unitPrice", "UnitPrice"),
            ("quantity", "Quantity"),
            ("orderTotal", "TotalPrice"),
        ],
        unused: &["amount", "customerId"],
        money: &[
            ("ShipCharge", Kind(Shipping)),
            ("PayCharge", Kind(Fee)),
            ("GiftWrapCharge", Kind(Fee)),
            ("UsePoint", Kind(Points)),
            ("Discount", Kind(Discount)),
            ("TotalCouponDiscount", Kind(Discount)),
        ],
        excluded_statuses: &["4"],
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // ネクストエンジン 汎用受注CSV: one row per item, order-level money repeated.
    Profile {
        name: "nextengine",
        label: "ネクストエンジン 汎用受注CSV",
        detect: &["店舗伝票番号", "受注名カナ", "発送先カナ", "受注数量"],
        columns: &[
            ("orderId", "店舗伝票番号"),
            ("orderDate", "受注日"),
            ("customerId", "顧客コード"),
            ("email", "受注メールアドレス"),
            ("phone", "受注電話番号"),
            ("productId", "商品コード"),
            ("productName", "商品名"),
            ("unitPrice", "商品価格"),
            ("quantity", "受注数量"),
            ("orderTotal", "合計金額"),
        ],
        unused: &["amount"],
        money: &[("発送料", Kind(Shipping)), ("手数料", Kind(Fee)), ("ポイント", Kind(Points)), ("税金", Kind(Tax)), ("その他費用", Money::Signed)],
        currency: Currency::Fixed("JPY"),
        ..BASE
    },
    // UCI Online Retail II: invoices; `C…` invoices are credit notes (returns, netted).
    Profile {
        name: "online-retail-ii",
        label: "UCI Online Retail II",
        detect: &["Invoice", "StockCode", "Description", "InvoiceDate", "Price", "Customer ID"],
        columns: &[
            ("orderId", "Invoice"),
            ("productId", "StockCode"),
            ("productName", "Description"),
            ("orderDate", "InvoiceDate"),
            ("unitPrice", "Price"),
            ("customerId", "Customer ID"),
        ],
        non_product_ids: UCI_NON_PRODUCTS,
        date_order: Some(DateOrder::MonthFirst),
        currency: Currency::Fixed("GBP"),
        ..BASE
    },
    Profile {
        name: "online-retail",
        label: "UCI Online Retail",
        detect: &["InvoiceNo", "StockCode", "Description", "InvoiceDate", "UnitPrice", "CustomerID"],
        columns: &[
            ("orderId", "InvoiceNo"),
            ("productId", "StockCode"),
            ("productName", "Description"),
            ("orderDate", "InvoiceDate"),
            ("unitPrice", "UnitPrice"),
            ("customerId", "CustomerID"),
        ],
        non_product_ids: UCI_NON_PRODUCTS,
        date_order: Some(DateOrder::MonthFirst),
        currency: Currency::Fixed("GBP"),
        ..BASE
    },
];

/// The file's headers, trimmed and normalised, for matching profile headers.
pub struct Headers {
    raw: Vec<String>,
    normalized: Vec<String>,
}

impl Headers {
    pub fn new(headers: &[String]) -> Headers {
        Headers {
            raw: headers.iter().map(|h| h.trim().trim_start_matches('\u{FEFF}').to_string()).collect(),
            normalized: headers.iter().map(|h| normalize_header(h)).collect(),
        }
    }

    /// The column of a profile header: the same text first, else the same normalised text.
    pub fn position(&self, header: &str) -> Option<usize> {
        self.raw.iter().position(|h| h == header).or_else(|| {
            let wanted = normalize_header(header);
            self.normalized.iter().position(|h| *h == wanted)
        })
    }
}

/// The profile whose detection headers are all in the file.
pub fn detect(headers: &Headers) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| p.detect.iter().all(|d| headers.position(d).is_some()))
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
            for field in p.unused {
                assert!(crate::ingest::ORDERS.position(field).is_some(), "{}: unknown field {field}", p.name);
            }
            let headers = Headers::new(&p.detect.iter().map(|d| d.to_string()).collect::<Vec<_>>());
            assert_eq!(detect(&headers).map(|x| x.name), Some(p.name), "{} is shadowed by an earlier profile", p.name);
        }
    }
}
