//! Header → field mapping. Headers are compared after normalisation (full-width → ASCII,
//! lower case, spaces/underscores/hyphens removed, bracketed notes like `(税込)` dropped), against
//! the English and Japanese names EC systems export. Users override any field with `columns`.

use crate::dataset::ColumnMatch;
use crate::error::{Error, Result};

/// The fields crmkit reads from an order-line CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    OrderId,
    CustomerId,
    OrderDate,
    ProductId,
    ProductName,
    Category,
    Quantity,
    UnitPrice,
    Amount,
}

pub const FIELDS: [Field; 9] = [
    Field::CustomerId,
    Field::OrderDate,
    Field::OrderId,
    Field::ProductId,
    Field::ProductName,
    Field::Category,
    Field::Quantity,
    Field::UnitPrice,
    Field::Amount,
];

impl Field {
    /// The option / API name (`columns.customerId`).
    pub fn option_name(self) -> &'static str {
        match self {
            Field::OrderId => "orderId",
            Field::CustomerId => "customerId",
            Field::OrderDate => "orderDate",
            Field::ProductId => "productId",
            Field::ProductName => "productName",
            Field::Category => "category",
            Field::Quantity => "quantity",
            Field::UnitPrice => "unitPrice",
            Field::Amount => "amount",
        }
    }

    /// Human description for error messages.
    pub fn description(self) -> &'static str {
        match self {
            Field::OrderId => "the order id (e.g. order_id / 注文番号)",
            Field::CustomerId => "the customer id (e.g. customer_id / 顧客ID / 会員ID)",
            Field::OrderDate => "the order date (e.g. order_date / 購入日 / 注文日)",
            Field::ProductId => "the product id (e.g. product_id / SKU / 商品コード)",
            Field::ProductName => "the product name (e.g. product_name / 商品名)",
            Field::Category => "the category (e.g. category / カテゴリ)",
            Field::Quantity => "the quantity (e.g. quantity / 数量)",
            Field::UnitPrice => "the unit price (e.g. unit_price / 単価)",
            Field::Amount => "the line amount (e.g. amount / 金額 / 小計), or a unit price (単価)",
        }
    }

    /// Known header names, most specific first (already normalised).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::OrderId => &[
                "orderid", "ordernumber", "orderno", "invoiceno", "invoicenumber", "invoiceid", "transactionid",
                "receiptid", "order", "invoice", "注文番号", "受注番号", "注文id", "受注id", "注文no", "受注no",
                "オーダー番号", "オーダーid", "伝票番号", "購入番号", "注文コード", "受注コード",
            ],
            Field::CustomerId => &[
                "customerid", "customerno", "customernumber", "customercode", "clientid", "userid", "memberid",
                "buyerid", "accountid", "customer", "顧客id", "顧客番号", "顧客コード", "顧客no", "会員id", "会員番号",
                "会員コード", "会員no", "購入者id", "ユーザーid", "お客様番号", "お客様id", "email", "customeremail",
                "メールアドレス",
            ],
            Field::OrderDate => &[
                "orderdate", "orderdatetime", "purchasedate", "purchasedatetime", "invoicedate", "transactiondate",
                "orderedat", "purchasedat", "createdat", "date", "購入日", "注文日", "受注日", "購入日時", "注文日時",
                "受注日時", "購入年月日", "注文年月日", "受注年月日", "売上日", "日付",
            ],
            Field::ProductId => &[
                "productid", "productcode", "productno", "sku", "itemid", "itemcode", "stockcode", "lineitemsku",
                "variantsku", "商品コード", "商品id", "商品番号", "商品no", "品番", "janコード", "jancode", "jan",
            ],
            Field::ProductName => &[
                "productname", "itemname", "productdescription", "lineitemname", "product", "item", "description",
                "商品名", "品名", "商品名称", "商品",
            ],
            Field::Category => &[
                "category", "productcategory", "categoryname", "producttype", "カテゴリ", "カテゴリー", "カテゴリ名",
                "カテゴリー名", "商品カテゴリ", "商品カテゴリー", "商品分類", "分類",
            ],
            Field::Quantity => &[
                "quantity", "qty", "lineitemquantity", "units", "数量", "個数", "購入数", "購入数量", "注文数",
                "注文数量", "受注数",
            ],
            Field::UnitPrice => &[
                "unitprice", "lineitemprice", "itemprice", "price", "単価", "販売単価", "商品単価", "価格", "売価",
            ],
            Field::Amount => &[
                "amount", "lineamount", "linetotal", "totalprice", "subtotal", "sales", "revenue", "total", "金額",
                "小計", "売上金額", "売上", "購入金額", "合計金額", "税込金額", "売上高", "合計",
            ],
        }
    }
}

/// Normalise a header for comparison: full-width ASCII → ASCII, lower case, separators and
/// bracketed notes removed (`"金額（税込）"` → `"金額"`, `" Customer_ID "` → `"customerid"`).
pub fn normalize(header: &str) -> String {
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

/// Field → column index for one file.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    pub index: [Option<usize>; 9],
    pub matches: Vec<ColumnMatch>,
    pub unmapped: Vec<String>,
}

impl Mapping {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.index[field as usize]
    }
}

/// How the `columns` option sets one field: a header name, or "not in this file".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnOverride {
    Header(String),
    /// `false` in the option: do not read this field even if a header looks like it.
    Skip,
}

impl From<&str> for ColumnOverride {
    fn from(name: &str) -> Self {
        ColumnOverride::Header(name.to_string())
    }
}

/// Map headers to fields: explicit `overrides` first (named headers must exist), then known
/// names. Does not check that the required fields were found (see [`check_required`]).
pub fn suggest_mapping(headers: &[String], overrides: &[(Field, ColumnOverride)]) -> Result<Mapping> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut mapping = Mapping::default();
    let mut taken = vec![false; headers.len()];
    let mut skipped = [false; 9];
    for (field, choice) in overrides {
        let name = match choice {
            ColumnOverride::Skip => {
                skipped[*field as usize] = true;
                continue;
            }
            ColumnOverride::Header(name) => name,
        };
        let wanted_raw = name.trim();
        let wanted = normalize(name);
        let position = headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{FEFF}') == wanted_raw)
            .or_else(|| normalized.iter().position(|h| !wanted.is_empty() && *h == wanted));
        match position {
            Some(i) if taken[i] => {
                return Err(Error::InvalidOption {
                    option: format!("columns.{}", field.option_name()),
                    message: format!("column \"{}\" is already used for another field", headers[i].trim()),
                })
            }
            Some(i) => {
                mapping.index[*field as usize] = Some(i);
                taken[i] = true;
                mapping.matches.push(ColumnMatch {
                    field: field.option_name(),
                    header: headers[i].trim().to_string(),
                    index: i,
                    matched_by: "option",
                });
            }
            None => {
                return Err(Error::UnknownColumn {
                    option: field.option_name().to_string(),
                    name: name.clone(),
                    headers: header_listing(headers),
                })
            }
        }
    }
    for field in FIELDS {
        if mapping.index[field as usize].is_some() || skipped[field as usize] {
            continue;
        }
        let found = field
            .aliases()
            .iter()
            .find_map(|alias| (0..headers.len()).find(|&i| !taken[i] && normalized[i] == *alias));
        if let Some(i) = found {
            mapping.index[field as usize] = Some(i);
            taken[i] = true;
            mapping.matches.push(ColumnMatch {
                field: field.option_name(),
                header: headers[i].trim().to_string(),
                index: i,
                matched_by: "auto",
            });
        }
    }
    mapping.matches.sort_by_key(|m| m.index);
    mapping.unmapped = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !taken[*i])
        .map(|(_, h)| h.trim().to_string())
        .collect();
    Ok(mapping)
}

fn header_listing(headers: &[String]) -> String {
    headers.iter().map(|h| format!("\"{}\"", crate::dataset::clip(h.trim()))).collect::<Vec<_>>().join(", ")
}

/// The fields a load needs and this mapping lacks: customer id, order date, and an amount (or a
/// unit price). Empty when the mapping can load.
pub fn missing_fields(mapping: &Mapping) -> Vec<Field> {
    let mut missing: Vec<Field> = [Field::CustomerId, Field::OrderDate].into_iter().filter(|f| mapping.get(*f).is_none()).collect();
    if mapping.get(Field::Amount).is_none() && mapping.get(Field::UnitPrice).is_none() {
        missing.push(Field::Amount);
    }
    missing
}

/// The error for the first missing required field, if any.
pub fn check_required(mapping: &Mapping, headers: &[String]) -> Result<()> {
    match missing_fields(mapping).first() {
        None => Ok(()),
        Some(field) => {
            Err(Error::MissingColumn { field: field.description(), option: field.option_name(), headers: header_listing(headers) })
        }
    }
}

/// [`suggest_mapping`] and [`check_required`]: the mapping a load uses.
pub fn map_headers(headers: &[String], overrides: &[(Field, ColumnOverride)]) -> Result<Mapping> {
    let mapping = suggest_mapping(headers, overrides)?;
    check_required(&mapping, headers)?;
    Ok(mapping)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(s: &str) -> Vec<String> {
        s.split(',').map(String::from).collect()
    }

    #[test]
    fn normalises() {
        assert_eq!(normalize(" Customer_ID "), "customerid");
        assert_eq!(normalize("金額（税込）"), "金額");
        assert_eq!(normalize("ＳＫＵ"), "sku");
        assert_eq!(normalize("Order Date"), "orderdate");
        assert_eq!(normalize("単価(円)"), "単価");
    }

    #[test]
    fn japanese_headers() {
        let m = map_headers(&headers("注文番号,顧客ID,購入日,商品コード,商品名,カテゴリ,数量,単価,金額"), &[]).unwrap();
        assert_eq!(m.get(Field::OrderId), Some(0));
        assert_eq!(m.get(Field::CustomerId), Some(1));
        assert_eq!(m.get(Field::OrderDate), Some(2));
        assert_eq!(m.get(Field::ProductId), Some(3));
        assert_eq!(m.get(Field::ProductName), Some(4));
        assert_eq!(m.get(Field::Category), Some(5));
        assert_eq!(m.get(Field::Quantity), Some(6));
        assert_eq!(m.get(Field::UnitPrice), Some(7));
        assert_eq!(m.get(Field::Amount), Some(8));
        assert!(m.unmapped.is_empty());
    }

    #[test]
    fn online_retail_headers() {
        // Column names of the UCI "Online Retail" data set.
        let m = map_headers(&headers("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"), &[]).unwrap();
        assert_eq!(m.get(Field::OrderId), Some(0));
        assert_eq!(m.get(Field::ProductId), Some(1));
        assert_eq!(m.get(Field::ProductName), Some(2));
        assert_eq!(m.get(Field::OrderDate), Some(4));
        assert_eq!(m.get(Field::UnitPrice), Some(5));
        assert_eq!(m.get(Field::CustomerId), Some(6));
        assert_eq!(m.unmapped, vec!["Country".to_string()]);
    }

    #[test]
    fn specific_names_win_over_generic_ones() {
        let m = map_headers(&headers("date,order_date,customer_id,total,amount"), &[]).unwrap();
        assert_eq!(m.get(Field::OrderDate), Some(1));
        assert_eq!(m.get(Field::Amount), Some(4));
    }

    #[test]
    fn overrides_and_errors() {
        let h = headers("会員,日,売上額");
        let m = map_headers(
            &h,
            &[(Field::CustomerId, "会員".into()), (Field::OrderDate, "日".into()), (Field::Amount, "売上額".into())],
        )
        .unwrap();
        assert_eq!(m.get(Field::Amount), Some(2));
        assert_eq!(m.matches[0].matched_by, "option");
        let err = map_headers(&h, &[]).unwrap_err();
        assert!(matches!(err, Error::MissingColumn { option: "customerId", .. }), "{err}");
        assert!(err.to_string().contains("\"会員\""), "{err}");
        let err = map_headers(&h, &[(Field::CustomerId, "nope".into())]).unwrap_err();
        assert!(err.to_string().contains("columns.customerId = \"nope\""), "{err}");
        let err = map_headers(&h, &[(Field::CustomerId, "会員".into()), (Field::OrderId, "会員".into())]).unwrap_err();
        assert_eq!(err.option().as_deref(), Some("columns.orderId"), "{err}");
    }

    #[test]
    fn skip_override_unsets_an_auto_match_and_missing_fields_are_listed() {
        let h = headers("顧客ID,購入日,カテゴリ,金額");
        let m = suggest_mapping(&h, &[(Field::Category, ColumnOverride::Skip)]).unwrap();
        assert_eq!(m.get(Field::Category), None);
        assert_eq!(m.unmapped, vec!["カテゴリ".to_string()]);
        assert!(missing_fields(&m).is_empty());
        let m = suggest_mapping(&h, &[(Field::Amount, ColumnOverride::Skip), (Field::OrderDate, ColumnOverride::Skip)]).unwrap();
        assert_eq!(missing_fields(&m), vec![Field::OrderDate, Field::Amount]);
        assert!(matches!(check_required(&m, &h), Err(Error::MissingColumn { option: "orderDate", .. })));
    }
}
