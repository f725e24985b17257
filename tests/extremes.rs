//! Issue 17, class 0: no input reaches a panic or an unbounded allocation. Every analysis runs
//! over the extreme date spans ingest accepts (1900-01-01 … 2200-12-31) with its period-like
//! options at their finest, and either answers or refuses with a code — `TOO_LARGE` naming the
//! limit and what to change where the answer would not fit.

use crmkit::options::{read, Value};
use crmkit::{from_csv, Dataset, Error, ReadOptions};

fn load(csv: &str) -> Dataset {
    from_csv(csv.as_bytes(), &ReadOptions::default(), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"))
}

/// A normal shop: 300 customers buying through 2024 (a few products, repeat buyers).
fn shop_2024() -> String {
    let mut csv = String::from("order_id,customer_id,order_date,product_id,amount\n");
    for c in 0..300u32 {
        for k in 0..(1 + c % 4) {
            let day = 1 + (c * 7 + k * 53) % 365;
            let (m, d) = month_day(day);
            csv.push_str(&format!("O{c}-{k},C{c},2024-{m:02}-{d:02},P{},{}\n", (c + k) % 9, 1000 + 10 * c));
        }
    }
    csv
}

fn month_day(day_of_year: u32) -> (u32, u32) {
    let lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut left = day_of_year;
    for (m, len) in lengths.iter().enumerate() {
        if left <= *len {
            return (m as u32 + 1, left);
        }
        left -= len;
    }
    (12, 31)
}

/// The spans of the issue: two orders a century apart; a 2024 shop plus one row of 1900; one
/// customer per decade 1900 … 2200 (first and last days included); every order on one day.
fn datasets() -> Vec<(&'static str, Dataset)> {
    let century = "customer_id,order_date,amount,product_id\nA,1900-01-01,100,P1\nB,2000-12-31,200,P2\nA,2000-12-31,50,P2\n";
    let shop = shop_2024();
    let plus_1900 = format!("{}1900-01-01-order,C1,1900-01-01,P1,500\n", shop);
    let mut decades = String::from("customer_id,order_date,amount,product_id\n");
    for (i, year) in (1900..=2200).step_by(10).enumerate() {
        decades.push_str(&format!("C{i},{year}-01-01,{},P{}\nC{i},{year}-06-30,10,P{}\n", 100 + i, i % 5, (i + 1) % 5));
    }
    decades.push_str("Z,1900-01-01,1,P1\nZ,2200-12-31,1,P2\n");
    let one_day = "customer_id,order_date,amount,product_id\nA,2024-05-05,100,P1\nB,2024-05-05,200,P2\nA,2024-05-05 12:00,5,P2\n";
    vec![("century", load(century)), ("shop_plus_1900", load(&plus_1900)), ("decades_1900_2200", load(&decades)), ("one_day", load(one_day))]
}

fn obj(pairs: &[(&str, Value)]) -> Value {
    Value::object(pairs.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>())
}
fn s(v: &str) -> Value {
    Value::str(v)
}
fn n(v: f64) -> Value {
    Value::Number(v)
}

/// Run `method` with `options` as the boundary does (read, check, analyse).
fn run(ds: &Dataset, method: &str, options: &Value) -> crmkit::Result<()> {
    use crmkit::options::{clv, cohorts, products, recommend, segments};
    let v = Some(options);
    match method {
        "summary" => drop(crmkit::summary::summary(ds)),
        "rfm" => drop(crmkit::segments::rfm::rfm(ds, &read::<segments::RfmInput>(v, method)?.check("")?)?),
        "deciles" => drop(crmkit::segments::decile::deciles(ds, &read::<segments::DecileInput>(v, method)?.check("")?)?),
        "cpm" => drop(crmkit::segments::cpm::cpm(ds, &read::<segments::CpmInput>(v, method)?.check("")?)?),
        "repeat" => drop(crmkit::segments::repeat::repeat(ds, &read::<segments::RepeatInput>(v, method)?.check()?)?),
        "segmentMembers" => drop(crmkit::segments::members::segment_members(ds, &read::<segments::MembersInput>(v, method)?.check()?)?),
        "cohorts" => drop(crmkit::cohort::cohorts(ds, &read::<cohorts::CohortInput>(v, method)?.check()?)?),
        "recommend" => {
            let r = crmkit::recommend::recommend(ds, &read::<recommend::RecommendInput>(v, method)?.check()?)?;
            drop(crmkit::recommend::recommendations_csv(ds, &r));
        }
        "similarItems" => {
            let (params, k) = read::<recommend::SimilarItemsInput>(v, method)?.check(Some(5.0))?;
            drop(crmkit::recommend::similar_items(ds, ds.product_ids.get(0), k, &params)?);
        }
        "boughtTogether" => drop(crmkit::recommend::rules::bought_together(ds, &read::<recommend::RulesInput>(v, method)?.check()?)?),
        "evaluateRecommendations" => drop(crmkit::recommend::evaluate::evaluate(ds, &read::<recommend::EvaluateInput>(v, method)?.check()?)?),
        "clv" => drop(crmkit::clv::clv(ds, &read::<clv::ClvInput>(v, method)?.check()?)?),
        "products" => drop(crmkit::products::abc::products(ds, &read::<products::ProductsInput>(v, method)?.check()?)?),
        "seasonality" => drop(crmkit::products::season::seasonality(ds, &read::<products::SeasonalityInput>(v, method)?.check()?)?),
        "entryProducts" => drop(crmkit::products::entry::entry_products(ds, &read::<products::EntryInput>(v, method)?.check()?)?),
        "nextProducts" => drop(crmkit::products::entry::next_products(ds, &read::<products::NextInput>(v, method)?.check()?)?),
        "replenishment" => drop(crmkit::products::reorder::replenishment(ds, &read::<products::ReplenishmentInput>(v, method)?.check()?)?),
        "dueToReorder" => {
            let r = crmkit::products::reorder::due_to_reorder(ds, &read::<products::DueInput>(v, method)?.check()?)?;
            drop(crmkit::products::reorder::due_csv(&r));
        }
        "rejectedCsv" => drop(crmkit::export::rejected_csv(ds)),
        other => panic!("no runner for {other}"),
    }
    Ok(())
}

/// Each method with the options that stretch it over a date span (finest periods, every mode).
fn cases() -> Vec<(&'static str, Value)> {
    let mut cases: Vec<(&'static str, Value)> = [
        "summary",
        "rfm",
        "deciles",
        "cpm",
        "repeat",
        "recommend",
        "similarItems",
        "boughtTogether",
        "evaluateRecommendations",
        "clv",
        "products",
        "entryProducts",
        "nextProducts",
        "replenishment",
        "dueToReorder",
        "rejectedCsv",
    ]
    .iter()
    .map(|m| (*m, Value::Null))
    .collect();
    for period in ["day", "week", "month", "quarter"] {
        for extra in [obj(&[]), obj(&[("mode", s("rolling"))]), obj(&[("metric", s("cumulativeRevenuePerCustomer"))]), obj(&[("groupBy", s("firstProduct"))])] {
            let mut pairs = match extra {
                Value::Object(p) => p,
                _ => Vec::new(),
            };
            pairs.push(("period".into(), s(period)));
            cases.push(("cohorts", Value::Object(pairs)));
        }
    }
    for by in ["month", "weekday", "hour"] {
        cases.push(("seasonality", obj(&[("by", s(by))])));
    }
    cases.push(("segmentMembers", obj(&[("rfmSegment", s("champions"))])));
    cases.push(("cpm", obj(&[("asOf", s("2200-12-31"))])));
    cases.push(("rfm", obj(&[("asOf", s("1900-01-01"))])));
    cases.push(("clv", obj(&[("calibrationEnd", s("1950-01-01"))])));
    cases.push(("clv", obj(&[("unit", s("day"))])));
    cases.push(("repeat", obj(&[("windows", Value::Array(vec![n(1.0), n(36_500.0)]))])));
    cases
}

#[test]
fn every_analysis_answers_or_refuses_over_extreme_date_spans() {
    let allowed = ["TOO_LARGE", "INSUFFICIENT_DATA", "NOT_CONVERGED", "INVALID_OPTION", "MISSING_COLUMN"];
    let mut too_large = 0;
    let mut ran = 0;
    for (name, ds) in datasets() {
        for (method, options) in cases() {
            ran += 1;
            match run(&ds, method, &options) {
                Ok(()) => {}
                Err(e) => {
                    assert!(allowed.contains(&e.code()), "{name} {method} {options:?}: {} {e}", e.code());
                    assert_ne!(e.code(), "INTERNAL", "{name} {method}: {e}");
                    if let Error::TooLarge { .. } = e {
                        too_large += 1;
                    }
                }
            }
        }
    }
    assert!(ran > 150 && too_large > 0, "{ran} runs, {too_large} refused as too large");
}

#[test]
fn daily_cohorts_over_a_century_are_refused_with_what_to_change() {
    let shop = shop_2024();
    let ds = load(&format!("{shop}X-1900,C1,1900-01-01,P1,500\n"));
    for period in ["day", "week"] {
        let err = run(&ds, "cohorts", &obj(&[("period", s(period))])).expect_err("refused");
        assert_eq!(err.code(), "TOO_LARGE", "{err}");
        let text = err.to_string();
        assert!(text.contains("1900-01-01") && text.contains("2024-") && text.contains("coarser period") && text.contains("from/to"), "{text}");
        assert!(text.contains(&crmkit::cohort::MAX_CELLS.to_string()), "{text}");
    }
    // The same data by month is 125 years × 12 … fine; and `from` restricted to 2024 gives daily cohorts.
    run(&ds, "cohorts", &obj(&[("period", s("month"))])).expect("monthly");
    run(&ds, "cohorts", &obj(&[("period", s("day")), ("from", s("2024-01-01"))])).expect("daily from 2024");
}

#[test]
fn rolling_cohorts_equal_the_per_period_count_of_customers_active_then_or_later() {
    // Hand check: A buys in months 0, 2; B in month 0; C in months 0, 1. Rolling (active in k or
    // later): k=0 → 3, k=1 → A, C = 2, k=2 → A = 1.
    let ds = load("customer_id,order_date,amount\nA,2024-01-05,1\nA,2024-03-05,1\nB,2024-01-09,1\nC,2024-01-10,1\nC,2024-02-10,1\n");
    let params = read::<crmkit::options::cohorts::CohortInput>(Some(&obj(&[("mode", s("rolling"))])), "cohorts").and_then(|i| i.check()).expect("options");
    let r = crmkit::cohort::cohorts(&ds, &params).expect("cohorts");
    assert_eq!(r.overall.values[..3], [3.0, 2.0, 1.0]);
}
