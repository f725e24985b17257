//! Order-line CSV → [`Dataset`], in one pass over the bytes: the **orders** table over the one
//! reader ([`crate::table`]), which sniffs, decodes, splits, maps headers and accounts for every
//! row (`rows = accepted + rejected`).
//!
//! Fields ([`ORDERS`]): customer id and order date are required, and an amount — or a unit
//! price, multiplied by the quantity when there is one. Dates by [`crate::dates::parse_date`];
//! money and quantities by [`crate::table::number::parse_number`]; an empty quantity counts as 1.
//! An order id reused by another customer is rejected (`order_customer_mismatch`) by the
//! [`DatasetBuilder`].

use crate::dataset::{Dataset, DatasetBuilder, LineInput};
use crate::error::Result;
use crate::report::{RejectCode, SourceInfo, Warning};
use crate::table::{self, FieldSpec, Inspection, Mapping, ReadOptions, Reject, Required, RowView, Table, TableSpec};

/// Positions of the order fields in [`ORDERS`].
pub const CUSTOMER_ID: usize = 0;
pub const ORDER_DATE: usize = 1;
pub const ORDER_ID: usize = 2;
pub const PRODUCT_ID: usize = 3;
pub const PRODUCT_NAME: usize = 4;
pub const CATEGORY: usize = 5;
pub const QUANTITY: usize = 6;
pub const UNIT_PRICE: usize = 7;
pub const AMOUNT: usize = 8;

/// Customer id header names; the customer table and summaries accept them too.
pub const CUSTOMER_ID_ALIASES: &[&str] = &[
    "customerid", "customerno", "customernumber", "customercode", "clientid", "userid", "memberid", "buyerid", "accountid",
    "customer", "顧客id", "顧客番号", "顧客コード", "顧客no", "会員id", "会員番号", "会員コード", "会員no", "購入者id",
    "ユーザーid", "お客様番号", "お客様id", "email", "customeremail", "メールアドレス",
];

/// The customer id field, shared by the orders and customers tables.
pub const CUSTOMER_ID_FIELD: FieldSpec = FieldSpec {
    name: "customerId",
    label: "customer id",
    description: "the customer id (e.g. customer_id / 顧客ID / 会員ID)",
    aliases: CUSTOMER_ID_ALIASES,
    required: Required::Yes,
    empty: RejectCode::MissingCustomer,
    bad: RejectCode::MissingCustomer,
};

const fn optional(name: &'static str, label: &'static str, description: &'static str, aliases: &'static [&'static str], bad: RejectCode) -> FieldSpec {
    FieldSpec { name, label, description, aliases, required: Required::No, empty: bad, bad }
}

/// The order-line table. Field order is mapping order: specific fields claim columns first.
pub static ORDERS: TableSpec = TableSpec {
    name: "orders",
    fields: &[
        CUSTOMER_ID_FIELD,
        FieldSpec {
            name: "orderDate",
            label: "order date",
            description: "the order date (e.g. order_date / 購入日 / 注文日)",
            aliases: &[
                "orderdate", "orderdatetime", "purchasedate", "purchasedatetime", "invoicedate", "transactiondate", "orderedat",
                "purchasedat", "createdat", "date", "購入日", "注文日", "受注日", "購入日時", "注文日時", "受注日時", "購入年月日",
                "注文年月日", "受注年月日", "売上日", "日付",
            ],
            required: Required::Yes,
            empty: RejectCode::MissingDate,
            bad: RejectCode::BadDate,
        },
        optional(
            "orderId",
            "order id",
            "the order id (e.g. order_id / 注文番号)",
            &[
                "orderid", "ordernumber", "orderno", "invoiceno", "invoicenumber", "invoiceid", "transactionid", "receiptid", "order",
                "invoice", "注文番号", "受注番号", "注文id", "受注id", "注文no", "受注no", "オーダー番号", "オーダーid", "伝票番号",
                "購入番号", "注文コード", "受注コード",
            ],
            RejectCode::FieldCount,
        ),
        optional(
            "productId",
            "product id",
            "the product id (e.g. product_id / SKU / 商品コード)",
            &[
                "productid", "productcode", "productno", "sku", "itemid", "itemcode", "stockcode", "lineitemsku", "variantsku",
                "商品コード", "商品id", "商品番号", "商品no", "品番", "janコード", "jancode", "jan",
            ],
            RejectCode::FieldCount,
        ),
        optional(
            "productName",
            "product name",
            "the product name (e.g. product_name / 商品名)",
            &["productname", "itemname", "productdescription", "lineitemname", "product", "item", "description", "商品名", "品名", "商品名称", "商品"],
            RejectCode::FieldCount,
        ),
        optional(
            "category",
            "category",
            "the category (e.g. category / カテゴリ)",
            &[
                "category", "productcategory", "categoryname", "producttype", "カテゴリ", "カテゴリー", "カテゴリ名", "カテゴリー名",
                "商品カテゴリ", "商品カテゴリー", "商品分類", "分類",
            ],
            RejectCode::FieldCount,
        ),
        optional(
            "quantity",
            "quantity",
            "the quantity (e.g. quantity / 数量)",
            &["quantity", "qty", "lineitemquantity", "units", "数量", "個数", "購入数", "購入数量", "注文数", "注文数量", "受注数"],
            RejectCode::BadQuantity,
        ),
        optional(
            "unitPrice",
            "unit price",
            "the unit price (e.g. unit_price / 単価)",
            &["unitprice", "lineitemprice", "itemprice", "price", "単価", "販売単価", "商品単価", "価格", "売価"],
            RejectCode::BadUnitPrice,
        ),
        FieldSpec {
            name: "amount",
            label: "amount",
            description: "the line amount (e.g. amount / 金額 / 小計), or a unit price (単価)",
            aliases: &[
                "amount", "lineamount", "linetotal", "totalprice", "subtotal", "sales", "revenue", "total", "金額", "小計", "売上金額",
                "売上", "購入金額", "合計金額", "税込金額", "売上高", "合計",
            ],
            required: Required::Unless(&["unitPrice"]),
            empty: RejectCode::MissingAmount,
            bad: RejectCode::BadAmount,
        },
    ],
};

/// The orders table's row reader.
pub struct Orders;

fn amount_source(mapping: &Mapping) -> &'static str {
    if mapping.get(AMOUNT).is_some() {
        "amount"
    } else if mapping.get(QUANTITY).is_some() {
        "quantity*unitPrice"
    } else {
        "unitPrice"
    }
}

impl Table for Orders {
    type Row<'r> = LineInput<'r>;

    fn spec(&self) -> &'static TableSpec {
        &ORDERS
    }

    fn amount_source(&self, mapping: &Mapping) -> Option<&'static str> {
        Some(amount_source(mapping))
    }

    #[inline]
    fn parse<'r>(&self, row: &RowView<'r>) -> Result<LineInput<'r>, Reject> {
        let customer = row.required_text(CUSTOMER_ID)?;
        let date = row.required_date(ORDER_DATE)?;
        let quantity = row.number(QUANTITY)?.unwrap_or(1.0);
        let amount = match row.number(AMOUNT)? {
            Some(amount) => amount,
            None => match row.get(UNIT_PRICE) {
                None => return Err(row.empty(AMOUNT)),
                Some(b"") if row.has(AMOUNT) => {
                    return Err((
                        RejectCode::MissingAmount,
                        format!("amount (column \"{}\") and unit price (column \"{}\") are both empty", row.header(AMOUNT), row.header(UNIT_PRICE)),
                    ))
                }
                Some(b"") => return Err((RejectCode::MissingAmount, format!("unit price is empty (column \"{}\")", row.header(UNIT_PRICE)))),
                Some(_) => row.required_number(UNIT_PRICE)? * quantity,
            },
        };
        Ok(LineInput {
            customer,
            order: row.non_empty(ORDER_ID),
            day: date.day,
            seconds: date.seconds,
            product: row.non_empty(PRODUCT_ID),
            product_name: row.non_empty(PRODUCT_NAME),
            category: row.non_empty(CATEGORY),
            quantity,
            amount,
        })
    }
}

/// Look at the start of an order CSV without loading it (see [`table::inspect`]).
pub fn inspect(bytes: &[u8], options: &ReadOptions, max_rows: usize, truncated: bool) -> Result<Inspection> {
    table::inspect(bytes, &Orders, options, max_rows, truncated)
}

/// Load an order-line CSV. `progress` receives the fraction of input read (0..=1).
pub fn from_csv(bytes: &[u8], options: &ReadOptions, progress: &mut dyn FnMut(f64)) -> Result<Dataset> {
    let source = table::open(bytes, &ORDERS, options)?;
    // ~90 bytes per line in typical exports; reserving avoids most regrowth.
    let mut builder = DatasetBuilder::with_capacity(source.text.len() / 80);
    let (mut negative_rows, mut first_negative) = (0u64, None);
    let outcome = source.read(&Orders, options.on_invalid_row, progress, |line: LineInput<'_>, number| {
        builder.push(&line, number)?;
        if line.amount < 0.0 {
            negative_rows += 1;
            first_negative.get_or_insert(number);
        }
        Ok(())
    })?;
    let mut warnings = source.warnings.clone();
    if negative_rows > 0 {
        warnings.push(Warning {
            code: "negative_amounts",
            message: format!("{negative_rows} {} negative amounts: kept as returns and subtracted from revenue", if negative_rows == 1 { "row has" } else { "rows have" }),
            line: first_negative,
        });
    }
    warnings.extend(outcome.rejected_warning());
    let info = SourceInfo {
        kind: "csv",
        bytes: bytes.len() as u64,
        encoding: source.encoding,
        delimiter: source.delimiter_name(),
        columns: source.mapping.matches.clone(),
        unmapped_headers: source.mapping.unmapped.clone(),
        amount_source: amount_source(&source.mapping),
    };
    Ok(builder.finish(outcome.rows, outcome.rejected, warnings, info))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::table::header::{check_required, missing_fields, suggest_mapping};
    use crate::table::{ColumnOverride, InvalidRowPolicy};

    fn load(text: &str) -> Result<Dataset> {
        from_csv(text.as_bytes(), &ReadOptions::default(), &mut |_| {})
    }

    #[test]
    fn line_numbers_with_blank_lines_crlf_and_quoted_newlines() {
        let csv = "customer_id,order_date,amount,note\r\n\
                   A,2024-01-01,100,x\r\n\
                   \r\n\
                   B,bad,100,x\r\n\
                   C,2024-01-02,100,\"multi\nline\nnote\"\r\n\
                   D,2024-01-03,zzz,x\r\n\
                   E,2024-01-04,5,\"a,b\"\"c\"\n\
                   F,2024-01-05,7,x";
        let ds = load(csv).unwrap();
        assert_eq!(ds.rows, 6);
        let lines: Vec<u32> = ds.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 8]);
        assert_eq!(ds.rejected[0].code, RejectCode::BadDate);
        assert_eq!(ds.rejected[1].code, RejectCode::BadAmount);
        assert_eq!(ds.lines(), 4);
    }

    #[test]
    fn amount_from_quantity_and_unit_price() {
        let ds = load("会員ID,注文日,数量,単価\nA,2024/1/1,3,\"1,200\"\nA,2024/1/1,,500\n").unwrap();
        assert_eq!(ds.source.amount_source, "quantity*unitPrice");
        assert_eq!(ds.order_amount, vec![4100.0]);
    }

    #[test]
    fn error_policy_names_the_line() {
        let opts = ReadOptions { on_invalid_row: InvalidRowPolicy::Error, ..Default::default() };
        let err = from_csv(b"customer_id,order_date,amount\nA,2024-01-01,1\nB,2024-02-30,1\n", &opts, &mut |_| {}).unwrap_err();
        assert_eq!(err.line(), Some(3));
        assert!(err.to_string().starts_with("line 3: cannot read the date \"2024-02-30\""), "{err}");
    }

    #[test]
    fn header_only_and_all_bad() {
        assert_eq!(load("customer_id,order_date,amount\n").unwrap_err(), Error::NoDataRows);
        assert_eq!(load("\n\r\n").unwrap_err(), Error::EmptyInput);
        let err = load("customer_id,order_date,amount\nA,x,1\n").unwrap_err();
        assert!(matches!(err, Error::NoValidRows { rows: 1, .. }), "{err}");
    }

    #[test]
    fn trailing_empty_fields_and_empty_rows() {
        let ds = load("customer_id,order_date,amount\nA,2024-01-01,1,,\n,,\nB,2024-01-01\n").unwrap();
        assert_eq!(ds.rows, 3);
        assert_eq!(ds.rejected.iter().map(|r| (r.line, r.code)).collect::<Vec<_>>(), vec![(3, RejectCode::EmptyRow), (4, RejectCode::FieldCount)]);
    }

    fn map(headers: &[String], overrides: &[(usize, ColumnOverride)]) -> Result<Mapping> {
        let mapping = suggest_mapping(&ORDERS, headers, overrides)?;
        check_required(&ORDERS, &mapping, headers)?;
        Ok(mapping)
    }

    fn headers(s: &str) -> Vec<String> {
        s.split(',').map(String::from).collect()
    }

    #[test]
    fn japanese_headers() {
        let m = map(&headers("注文番号,顧客ID,購入日,商品コード,商品名,カテゴリ,数量,単価,金額"), &[]).unwrap();
        assert_eq!(m.get(ORDER_ID), Some(0));
        assert_eq!(m.get(CUSTOMER_ID), Some(1));
        assert_eq!(m.get(ORDER_DATE), Some(2));
        assert_eq!(m.get(PRODUCT_ID), Some(3));
        assert_eq!(m.get(PRODUCT_NAME), Some(4));
        assert_eq!(m.get(CATEGORY), Some(5));
        assert_eq!(m.get(QUANTITY), Some(6));
        assert_eq!(m.get(UNIT_PRICE), Some(7));
        assert_eq!(m.get(AMOUNT), Some(8));
        assert!(m.unmapped.is_empty());
    }

    #[test]
    fn online_retail_headers() {
        // Column names of the UCI "Online Retail" data set.
        let m = map(&headers("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"), &[]).unwrap();
        assert_eq!(m.get(ORDER_ID), Some(0));
        assert_eq!(m.get(PRODUCT_ID), Some(1));
        assert_eq!(m.get(PRODUCT_NAME), Some(2));
        assert_eq!(m.get(ORDER_DATE), Some(4));
        assert_eq!(m.get(UNIT_PRICE), Some(5));
        assert_eq!(m.get(CUSTOMER_ID), Some(6));
        assert_eq!(m.unmapped, vec!["Country".to_string()]);
    }

    #[test]
    fn specific_names_win_over_generic_ones() {
        let m = map(&headers("date,order_date,customer_id,total,amount"), &[]).unwrap();
        assert_eq!(m.get(ORDER_DATE), Some(1));
        assert_eq!(m.get(AMOUNT), Some(4));
    }

    #[test]
    fn overrides_and_errors() {
        let h = headers("会員,日,売上額");
        let m = map(
            &h,
            &[(CUSTOMER_ID, "会員".into()), (ORDER_DATE, "日".into()), (AMOUNT, "売上額".into())],
        )
        .unwrap();
        assert_eq!(m.get(AMOUNT), Some(2));
        assert_eq!(m.matches[0].matched_by, "option");
        let err = map(&h, &[]).unwrap_err();
        assert!(matches!(err, Error::MissingColumn { option: "customerId", .. }), "{err}");
        assert!(err.to_string().contains("\"会員\""), "{err}");
        let err = map(&h, &[(CUSTOMER_ID, "nope".into())]).unwrap_err();
        assert!(err.to_string().contains("columns.customerId = \"nope\""), "{err}");
        let err = map(&h, &[(CUSTOMER_ID, "会員".into()), (ORDER_ID, "会員".into())]).unwrap_err();
        assert_eq!(err.option().as_deref(), Some("columns.orderId"), "{err}");
    }

    #[test]
    fn skip_override_unsets_an_auto_match_and_missing_fields_are_listed() {
        let h = headers("顧客ID,購入日,カテゴリ,金額");
        let m = suggest_mapping(&ORDERS, &h, &[(CATEGORY, ColumnOverride::Skip)]).unwrap();
        assert_eq!(m.get(CATEGORY), None);
        assert_eq!(m.unmapped, vec!["カテゴリ".to_string()]);
        assert!(missing_fields(&ORDERS, &m).is_empty());
        let m = suggest_mapping(&ORDERS, &h, &[(AMOUNT, ColumnOverride::Skip), (ORDER_DATE, ColumnOverride::Skip)]).unwrap();
        assert_eq!(missing_fields(&ORDERS, &m), vec![ORDER_DATE, AMOUNT]);
        assert!(matches!(check_required(&ORDERS, &m, &h), Err(Error::MissingColumn { option: "orderDate", .. })));
    }
}
