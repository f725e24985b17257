//! Every method's options, read and checked as the boundary does, from one table — so tests can
//! sweep all of them (a misspelt key at every nesting level must name its full path).

use super::value::Value;
use super::{campaigns, clv, cohorts, products, read, read_value, recommend, segments, synthetic, tables};
use crate::error::Result;

/// (method, a reader-and-checker, options with every key at every level set to a valid value).
pub type MethodCase = (&'static str, fn(&Value, &str) -> Result<()>, Value);

fn n(v: f64) -> Value {
    Value::Number(v)
}
fn s(v: &str) -> Value {
    Value::str(v)
}
fn list(items: Vec<Value>) -> Value {
    Value::Array(items)
}
fn obj(pairs: Vec<(&str, Value)>) -> Value {
    Value::object(pairs)
}

fn table_keys(columns: Value) -> Vec<(&'static str, Value)> {
    vec![("encoding", s("auto")), ("delimiter", s(",")), ("columns", columns), ("onInvalidRow", s("skip"))]
}

fn rfm_full() -> Value {
    obj(vec![
        ("asOf", s("2025-01-01")),
        ("method", s("fixed")),
        ("thresholds", obj(vec![("recency", list(vec![n(30.0), n(90.0)])), ("frequency", list(vec![n(2.0), n(3.0)])), ("monetary", list(vec![n(1e4), n(3e4)]))])),
        ("segmentMap", list(vec![obj(vec![("name", s("best")), ("r", list(vec![n(2.0), n(3.0)])), ("f", list(vec![n(1.0), n(3.0)])), ("m", list(vec![n(1.0), n(3.0)])), ("fm", list(vec![n(1.0), n(3.0)]))])])),
        ("lang", s("en")),
    ])
}

fn cpm_full() -> Value {
    obj(vec![
        ("asOf", s("2025-01-01")),
        ("thresholds", obj(vec![("lapseDays", n(240.0)), ("tenureDays", list(vec![n(90.0), n(210.0)])), ("spend", n(70000.0))])),
        ("lang", s("ja")),
    ])
}

fn deciles_full() -> Value {
    obj(vec![("by", s("monetary")), ("asOf", s("2025-01-01")), ("periodDays", n(365.0))])
}

fn model_keys() -> Vec<(&'static str, Value)> {
    vec![
        ("similarity", s("cosine")),
        ("basket", s("order")),
        ("k", n(5.0)),
        ("excludePurchased", Value::Bool(false)),
        ("halfLifeDays", n(30.0)),
        ("affinity", s("amount")),
        ("minSupport", n(2.0)),
        ("topM", n(50.0)),
        ("strategy", s("blend")),
        ("blendWeight", n(0.6)),
        ("intervalAware", Value::Bool(false)),
    ]
}

fn recommend_full() -> Value {
    let mut keys = model_keys();
    keys.extend([("customers", list(vec![s("C1")])), ("excludeItems", list(vec![s("送料")])), ("candidateItems", list(vec![s("P1")]))]);
    obj(keys)
}

fn clv_keys() -> Vec<(&'static str, Value)> {
    vec![
        ("calibrationEnd", s("2025-06-30")),
        ("unit", s("day")),
        ("horizonDays", n(180.0)),
        ("discountRate", n(0.02)),
        ("penalizer", n(0.001)),
        ("allowSmallData", Value::Bool(true)),
        ("predictDays", n(30.0)),
        ("aliveThresholds", list(vec![n(0.3), n(0.7)])),
    ]
}

fn orders_columns() -> Value {
    obj(vec![
        ("orderId", s("注文番号")),
        ("customerId", s("顧客ID")),
        ("orderDate", s("購入日")),
        ("productId", s("商品コード")),
        ("productName", s("商品名")),
        ("category", Value::Bool(false)),
        ("quantity", s("数量")),
        ("unitPrice", s("単価")),
        ("amount", s("金額")),
        ("orderTime", s("注文時間")),
        ("orderStatus", s("対応状況")),
        ("cancelled", s("キャンセル")),
        ("email", s("メールアドレス")),
        ("phone", s("電話番号")),
        ("lineType", s("明細区分")),
        ("lineDiscount", s("値引")),
        ("orderTotal", s("合計")),
        ("shipping", s("送料")),
        ("fee", s("手数料")),
        ("points", s("ポイント")),
        ("coupon", s("クーポン")),
        ("tax", s("消費税")),
    ])
}

/// Every method that takes options, with a full example.
pub fn methods() -> Vec<MethodCase> {
    fn ok<T>(r: Result<T>) -> Result<()> {
        r.map(|_| ())
    }
    let mut from_csv = table_keys(orders_columns());
    from_csv.extend([
        ("onProgress", Value::Function),
        ("excludeStatuses", list(vec![s("キャンセル")])),
        ("revenue", obj(vec![("shipping", Value::Bool(true)), ("fees", Value::Bool(false))])),
        ("guestSalt", s("secret")),
        ("dateOrder", s("dmy")),
        ("currency", s("usd")),
    ]);
    let mut inspect = table_keys(orders_columns());
    inspect.retain(|(k, _)| *k != "onInvalidRow");
    inspect.extend([("table", s("orders")), ("rows", n(5.0)), ("truncated", Value::Bool(true)), ("dateOrder", s("mdy"))]);
    let mut customers = table_keys(obj(vec![("gender", s("性別")), ("birthDate", s("生年月日")), ("age", Value::Bool(false)), ("prefecture", s("都道府県")), ("signupDate", s("登録日")), ("channel", s("流入経路"))]));
    customers.extend([("customerId", s("会員ID")), ("asOf", s("2025-01-01"))]);
    let mut summary = table_keys(obj(vec![("customerId", s("ID")), ("frequency", s("x")), ("recency", s("t_x")), ("T", s("T")), ("monetaryValue", s("zbar"))]));
    summary.extend(clv_keys());
    let mut clv_options = clv_keys();
    clv_options.push(("holdoutDays", n(180.0)));
    let mut messages = table_keys(obj(vec![("customerId", s("顧客ID")), ("email", s("メール")), ("event", s("イベント")), ("sentAt", s("配信日時")), ("control", Value::Bool(false))]));
    messages.extend([("utcOffset", s("+09:00")), ("channel", s("line")), ("campaign", s("spring"))]);
    let mut evaluate = model_keys();
    evaluate.extend([("holdout", s("time")), ("split", s("2025-01-01"))]);
    vec![
        ("fromCsv", |v, m| ok(read::<tables::FromCsvInput>(Some(v), m)?.check(m)), obj(from_csv.clone())),
        ("finish", |v, m| ok(read::<tables::FromCsvInput>(Some(v), m)?.check(m)), obj(from_csv)),
        ("inspectCsv", |v, m| ok(read::<tables::InspectCsvInput>(Some(v), m)?.check(m)), obj(inspect)),
        (
            "synthetic",
            |v, m| ok(read::<synthetic::SyntheticInput>(Some(v), m)?.check()),
            obj(vec![("customers", n(100.0)), ("seed", n(3.0)), ("products", n(20.0)), ("messages", Value::Bool(true)), ("consumables", Value::Bool(true))]),
        ),
        ("syntheticCsv", |v, m| ok(read::<synthetic::SyntheticInput>(Some(v), m)?.check()), obj(vec![("customers", n(100.0)), ("seed", n(3.0)), ("products", n(20.0))])),
        ("rfm", |v, m| ok(read::<segments::RfmInput>(Some(v), m)?.check("")), rfm_full()),
        ("deciles", |v, m| ok(read::<segments::DecileInput>(Some(v), m)?.check("")), deciles_full()),
        ("cpm", |v, m| ok(read::<segments::CpmInput>(Some(v), m)?.check("")), cpm_full()),
        ("repeat", |v, m| ok(read::<segments::RepeatInput>(Some(v), m)?.check()), obj(vec![("asOf", s("2025-01-01")), ("windows", list(vec![n(30.0), n(60.0)]))])),
        (
            "segmentMembers",
            |v, m| ok(read_value::<segments::MembersInput>(v, m)?.check()),
            obj(vec![
                ("rfmSegment", list(vec![s("best")])),
                ("cpmGroup", s("active_top")),
                ("decile", list(vec![n(1.0), n(2.0)])),
                ("asOf", s("2025-01-01")),
                ("rfm", rfm_full()),
                ("cpm", cpm_full()),
                ("deciles", deciles_full()),
            ]),
        ),
        (
            "members",
            |v, m| ok(read_value::<super::members::MembersInput>(v, m)?.check()),
            obj(vec![
                ("kind", s("crosstabCell")),
                ("row", s("1")),
                ("col", s("active_top")),
                ("asOf", s("2025-01-01")),
                ("rfm", rfm_full()),
                ("cpm", cpm_full()),
                ("deciles", deciles_full()),
                ("crosstab", obj(vec![("rows", s("decile")), ("cols", s("cpmGroup")), ("metric", s("aov")), ("rfm", rfm_full()), ("cpm", cpm_full())])),
                ("clv", obj(clv_options.clone())),
                ("includeClv", Value::Bool(true)),
                ("limit", n(50.0)),
            ]),
        ),
        (
            "membersCsv",
            |v, m| ok(read_value::<super::members::MembersInput>(v, m)?.check()),
            obj(vec![
                ("kind", s("cohortCell")),
                ("cohort", s("2024-01")),
                ("period", n(3.0)),
                ("group", s("F")),
                ("cohorts", obj(vec![("period", s("month")), ("maxPeriods", n(12.0)), ("groupBy", s("gender")), ("maxGroups", n(5.0))])),
                ("limit", n(50.0)),
            ]),
        ),
        ("addCustomers", |v, m| ok(read::<tables::AddCustomersInput>(Some(v), m)?.check(m)), obj(customers)),
        (
            "crosstab",
            |v, m| ok(read_value::<segments::CrosstabInput>(v, m)?.check()),
            obj(vec![("rows", s("ageBand")), ("cols", s("rfmSegment")), ("metric", s("aov")), ("asOf", s("2025-01-01")), ("rfm", rfm_full()), ("cpm", cpm_full())]),
        ),
        (
            "cohorts",
            |v, m| ok(read::<cohorts::CohortInput>(Some(v), m)?.check()),
            obj(vec![
                ("period", s("week")),
                ("metric", s("customers")),
                ("mode", s("rolling")),
                ("maxPeriods", n(12.0)),
                ("groupBy", s("firstProduct")),
                ("maxGroups", n(5.0)),
                ("from", s("2024-01-01")),
                ("to", s("2024-12-31")),
                ("weekStart", s("sunday")),
            ]),
        ),
        ("recommend", |v, m| ok(read::<recommend::RecommendInput>(Some(v), m)?.check()), recommend_full()),
        ("recommendationsCsv", |v, m| ok(read::<recommend::RecommendInput>(Some(v), m)?.check()), recommend_full()),
        (
            "similarItems",
            |v, m| ok(read::<recommend::SimilarItemsInput>(Some(v), m)?.check(None)),
            obj(vec![("similarity", s("lift")), ("basket", s("order")), ("minSupport", n(2.0)), ("topM", n(20.0)), ("excludeItems", list(vec![s("送料")])), ("candidateItems", list(vec![s("P1")])), ("k", n(5.0))]),
        ),
        ("boughtTogether", |v, m| ok(read::<recommend::RulesInput>(Some(v), m)?.check()), obj(vec![("minSupport", n(2.0)), ("minConfidence", n(0.1)), ("k", n(20.0))])),
        ("evaluateRecommendations", |v, m| ok(read::<recommend::EvaluateInput>(Some(v), m)?.check()), obj(evaluate)),
        ("clv", |v, m| ok(read::<clv::ClvInput>(Some(v), m)?.check()), obj(clv_options)),
        ("fromSummary", |v, m| ok(read::<clv::ClvSummaryInput>(Some(v), m)?.check(m)), obj(summary)),
        ("addMessages", |v, m| ok(read::<campaigns::AddMessagesInput>(Some(v), m)?.check(m)), obj(messages)),
        (
            "campaigns",
            |v, m| ok(read::<campaigns::CampaignsInput>(Some(v), m)?.check()),
            obj(vec![
                ("attribution", s("click")),
                ("attributionDays", n(3.0)),
                ("groupBy", list(vec![s("campaign"), s("variant")])),
                ("campaigns", list(vec![s("c1")])),
                ("rfm", rfm_full()),
                ("cpm", cpm_full()),
            ]),
        ),
        (
            "compareVariants",
            |v, m| ok(read_value::<campaigns::CompareVariantsInput>(v, m)?.check()),
            obj(vec![
                ("campaign", s("c1")),
                ("baseline", s("A")),
                ("metric", s("open")),
                ("attributionDays", n(5.0)),
                ("by", s("rfmSegment")),
                ("rfm", rfm_full()),
                ("cpm", cpm_full()),
            ]),
        ),
        (
            "campaignFactors",
            |v, m| ok(read::<campaigns::CampaignFactorsInput>(Some(v), m)?.check()),
            obj(vec![
                ("campaigns", s("c1")),
                ("metric", s("open")),
                ("attribution", s("send")),
                ("attributionDays", n(5.0)),
                ("factors", list(vec![s("variant"), s("sendHour")])),
                ("rfm", rfm_full()),
                ("cpm", cpm_full()),
            ]),
        ),
        (
            "sendTimes",
            |v, m| ok(read::<campaigns::SendTimesInput>(Some(v), m)?.check()),
            obj(vec![("campaigns", s("c1")), ("attribution", s("open")), ("attributionDays", n(2.0)), ("minUnits", n(10.0))]),
        ),
        ("fatigue", |v, m| ok(read::<campaigns::FatigueInput>(Some(v), m)?.check()), obj(vec![("campaigns", s("c1")), ("windowDays", n(14.0))])),
        (
            "stepMails",
            |v, m| ok(read::<campaigns::StepMailsInput>(Some(v), m)?.check()),
            obj(vec![("campaign", s("welcome")), ("attribution", s("click")), ("attributionDays", n(7.0)), ("f2Days", n(60.0))]),
        ),
        (
            "campaignMembers",
            |v, m| ok(read::<campaigns::CampaignMembersInput>(Some(v), m)?.check()),
            obj(vec![
                ("campaigns", s("c1")),
                ("status", s("notOpened")),
                ("attribution", s("open")),
                ("attributionDays", n(5.0)),
                // Keys of `group` are dimensions, any name: left empty here.
                ("group", obj(vec![])),
                ("rfm", rfm_full()),
                ("cpm", cpm_full()),
            ]),
        ),
        (
            "products",
            |v, m| ok(read::<products::ProductsInput>(Some(v), m)?.check()),
            obj(vec![("by", s("category")), ("from", s("2024-01-01")), ("to", s("2025-01-01")), ("abc", list(vec![n(0.8), n(0.95)]))]),
        ),
        (
            "seasonality",
            |v, m| ok(read::<products::SeasonalityInput>(Some(v), m)?.check()),
            obj(vec![("by", s("product")), ("period", s("weekday")), ("items", n(10.0)), ("from", s("2024-01-01")), ("to", s("2025-01-01"))]),
        ),
        (
            "entryProducts",
            |v, m| ok(read::<products::EntryInput>(Some(v), m)?.check()),
            obj(vec![("by", s("category")), ("windows", list(vec![n(30.0), n(60.0)])), ("minCustomers", n(5.0)), ("rankWindow", n(60.0)), ("asOf", s("2025-01-01"))]),
        ),
        (
            "nextProducts",
            |v, m| ok(read::<products::NextInput>(Some(v), m)?.check()),
            obj(vec![("by", s("product")), ("from", s("any")), ("minCount", n(2.0)), ("top", n(20.0)), ("asOf", s("2025-01-01"))]),
        ),
        ("replenishment", |v, m| ok(read::<products::ReplenishmentInput>(Some(v), m)?.check()), obj(vec![("by", s("product")), ("minIntervals", n(5.0)), ("asOf", s("2025-01-01"))])),
        (
            "dueToReorder",
            |v, m| ok(read::<products::DueInput>(Some(v), m)?.check()),
            obj(vec![("by", s("product")), ("asOf", s("2025-01-01")), ("window", n(7.0)), ("overdue", n(3.0)), ("minIntervals", n(5.0)), ("products", list(vec![s("P1")]))]),
        ),
    ]
}

/// Call `visit` with the path (key names, `[i]` indices) and value of every key and element in
/// `v`, depth first.
#[cfg(test)]
fn walk(v: &Value, prefix: &mut Vec<String>, visit: &mut dyn FnMut(&[String], &Value)) {
    let children: Vec<(String, &Value)> = match v {
        Value::Object(pairs) => pairs.iter().map(|(k, c)| (k.clone(), c)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, c)| (format!("[{i}]"), c)).collect(),
        _ => Vec::new(),
    };
    for (step, child) in children {
        prefix.push(step);
        visit(prefix, child);
        walk(child, prefix, visit);
        prefix.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paths (key names and array indices) to every key of every object in `v`.
    fn key_paths(v: &Value, out: &mut Vec<Vec<String>>) {
        walk(v, &mut Vec::new(), &mut |path, _| {
            if path.last().is_some_and(|step| !step.starts_with('[')) {
                out.push(path.to_vec());
            }
        });
    }

    /// `v` with the key at `path` renamed to `new_name`.
    fn rename(v: &Value, path: &[String], new_name: &str) -> Value {
        match (v, path) {
            (Value::Object(pairs), [head, rest @ ..]) => Value::Object(
                pairs.iter().map(|(k, c)| if k == head { (if rest.is_empty() { new_name.to_string() } else { k.clone() }, if rest.is_empty() { c.clone() } else { rename(c, rest, new_name) }) } else { (k.clone(), c.clone()) }).collect(),
            ),
            (Value::Array(items), [head, rest @ ..]) => {
                let index: usize = head.trim_matches(|c| c == '[' || c == ']').parse().unwrap_or(usize::MAX);
                Value::Array(items.iter().enumerate().map(|(i, c)| if i == index { rename(c, rest, new_name) } else { c.clone() }).collect())
            }
            _ => v.clone(),
        }
    }

    fn dotted(path: &[String]) -> String {
        let mut out = String::new();
        for step in path {
            if !step.starts_with('[') && !out.is_empty() {
                out.push('.');
            }
            out.push_str(step);
        }
        out
    }

    #[test]
    fn full_examples_are_valid() {
        for (method, check, full) in methods() {
            check(&full, method).unwrap_or_else(|e| panic!("{method}: {e}"));
        }
    }

    /// The acceptance test of the strict option check: for every method, a misspelt key at every
    /// nesting level (including `columns`, whose keys come from the table's fields) is an
    /// INVALID_OPTION that names the full path and suggests the right key.
    #[test]
    fn a_misspelt_key_at_every_level_names_its_full_path() {
        let mut checked = 0;
        for (method, check, full) in methods() {
            let mut paths = Vec::new();
            key_paths(&full, &mut paths);
            assert!(!paths.is_empty(), "{method}");
            for path in paths {
                let key = path.last().cloned().unwrap_or_default();
                // Short keys get a letter more (`f` → `fx`), longer ones a wrong first letter
                // (`asOf` → `xsOf`; the last letter would make `deciles` as close to `decile`).
                let typo = if key.len() <= 2 { format!("{key}x") } else { format!("x{}", &key[1..]) };
                let err = check(&rename(&full, &path, &typo), method).expect_err(&format!("{method}: {typo} accepted"));
                let mut wrong = path.clone();
                *wrong.last_mut().unwrap() = typo.clone();
                assert_eq!(err.code(), "INVALID_OPTION", "{method} {wrong:?}: {err}");
                assert_eq!(err.option().unwrap_or_default(), format!("{method}.{}", dotted(&wrong)), "{method}: {err}");
                assert!(err.to_string().contains(&format!("did you mean `{key}`")), "{method} {wrong:?}: {err}");
                checked += 1;
            }
        }
        assert!(checked > 150, "{checked}");
    }
}

#[cfg(test)]
mod ranges {
    use super::*;

    /// Paths to every number in `v` (array elements included).
    pub fn number_paths(v: &Value, out: &mut Vec<Vec<String>>) {
        super::walk(v, &mut Vec::new(), &mut |path, value| {
            if matches!(value, Value::Number(_)) {
                out.push(path.to_vec());
            }
        });
    }

    /// `v` with the number at `path` replaced by `x`.
    pub fn set(v: &Value, path: &[String], x: f64) -> Value {
        match (v, path) {
            (_, []) => Value::Number(x),
            (Value::Object(pairs), [head, rest @ ..]) => Value::Object(pairs.iter().map(|(k, c)| (k.clone(), if k == head { set(c, rest, x) } else { c.clone() })).collect()),
            (Value::Array(items), [head, rest @ ..]) => {
                let index: usize = head.trim_matches(|c| c == '[' || c == ']').parse().unwrap_or(usize::MAX);
                Value::Array(items.iter().enumerate().map(|(i, c)| if i == index { set(c, rest, x) } else { c.clone() }).collect())
            }
            _ => v.clone(),
        }
    }

    /// What a number option may be besides a whole number in a bounded range: the options that
    /// are compared with the data (cut points, money, a seed), never counted up to.
    fn also_allowed(path: &[String], x: f64) -> bool {
        let leaf = path.iter().rev().find(|s| !s.starts_with('[')).map(String::as_str).unwrap_or("");
        let whole = x.fract() == 0.0 && x >= 0.0;
        match leaf {
            // RFM cut points: any finite number (increasing; checked against each other).
            "recency" | "frequency" | "monetary" => x.is_finite(),
            // A money threshold and a decay half-life: any positive number.
            "spend" | "halfLifeDays" => x.is_finite() && x > 0.0,
            // A support threshold: any count (u32).
            "minSupport" => whole && x <= u32::MAX as f64,
            // A seed: any whole number JS can hold exactly.
            "seed" => whole && x <= 9_007_199_254_740_991.0,
            // An L2 penalty up to its documented maximum.
            "penalizer" => (0.0..=super::super::clv::MAX_PENALIZER).contains(&x),
            _ => false,
        }
    }

    /// Issue 17, class 4: every number option of every method refuses NaN, ±Infinity, -1, 2.7,
    /// 2³²+3 and 10⁹ in `check()` — before any work — unless it is one of the few compared with
    /// the data rather than looped over ([`also_allowed`]). A day count over the calendar, a CLV
    /// horizon of a billion days or `k: 2.7` cannot start a computation.
    #[test]
    fn hostile_numbers_are_refused_before_work() {
        let mut refused = 0;
        for (method, check, full) in methods() {
            let mut paths = Vec::new();
            number_paths(&full, &mut paths);
            for path in paths {
                for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, 2.7, 4294967299.0, 1e9] {
                    match check(&set(&full, &path, x), method) {
                        Ok(()) => assert!(also_allowed(&path, x), "{method}.{} = {x} was accepted", path.join(".")),
                        Err(e) => {
                            assert_eq!(e.code(), "INVALID_OPTION", "{method}.{} = {x}: {e}", path.join("."));
                            refused += 1;
                        }
                    }
                }
            }
        }
        assert!(refused > 500, "{refused}");
    }

    /// `v` with the object at `path` replaced by an empty array.
    fn objects_to_arrays(v: &Value, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value)>, root: &Value) {
        if let Value::Object(pairs) = v {
            for (k, child) in pairs {
                prefix.push(k.clone());
                if matches!(child, Value::Object(_)) {
                    out.push((prefix.clone(), replace(root, prefix, Value::Array(Vec::new()))));
                }
                objects_to_arrays(child, prefix, out, root);
                prefix.pop();
            }
        }
    }

    fn replace(v: &Value, path: &[String], with: Value) -> Value {
        match (v, path) {
            (_, []) => with,
            (Value::Object(pairs), [head, rest @ ..]) => Value::Object(pairs.iter().map(|(k, c)| (k.clone(), if k == head { replace(c, rest, with.clone()) } else { c.clone() })).collect()),
            _ => v.clone(),
        }
    }

    /// Class 4: an array where an object is expected (`columns: []`, `thresholds: [..]`) is an
    /// error naming the option, never read as a struct from a sequence.
    #[test]
    fn an_array_where_an_object_belongs_is_refused() {
        let mut checked = 0;
        for (method, check, full) in methods() {
            let mut cases = Vec::new();
            objects_to_arrays(&full, &mut Vec::new(), &mut cases, &full);
            for (path, options) in cases {
                let err = check(&options, method).expect_err(&format!("{method}.{}: [] accepted", path.join(".")));
                assert_eq!(err.code(), "INVALID_OPTION", "{method}.{}: {err}", path.join("."));
                checked += 1;
            }
            // And the options themselves as an array.
            assert!(check(&Value::Array(vec![]), method).is_err(), "{method}([])");
        }
        assert!(checked > 20, "{checked}");
    }
}
