//! Issue 17, privacy: personal data in the input is detected, reported and kept out of the
//! Dataset and every export; pseudonymised exports hold no original customer id.
//! Fixtures: tests/fixtures/pii/ (hand-written: four customers with names, e-mail, phone,
//! postal code and address; a free-text column holding e-mail addresses, found by its values).

use crmkit::options::{read, Value};
use crmkit::{from_csv, Dataset, ReadOptions};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/pii/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn load() -> Dataset {
    from_csv(&fixture("orders_with_pii.csv"), &ReadOptions::default(), &mut |_| {}).expect("loads")
}

/// Every export of the dataset as text.
fn exports(ds: &Dataset) -> Vec<(&'static str, String)> {
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    let members = read::<crmkit::options::segments::MembersInput>(Some(&Value::object([("decile", Value::Array((1..=10).map(|d| Value::Number(d as f64)).collect()))])), "segmentMembers")
        .and_then(|i| i.check())
        .and_then(|p| crmkit::segments::members::segment_members(ds, &p))
        .expect("members")
        .0;
    let recommend = crmkit::recommend::recommend(ds, &Default::default()).expect("recommend");
    let due = read::<crmkit::options::products::DueInput>(Some(&Value::object([("window", Value::Number(400.0)), ("minIntervals", Value::Number(1.0))])), "dueToReorder")
        .and_then(|i| i.check())
        .and_then(|p| crmkit::products::reorder::due_to_reorder(ds, &p))
        .expect("due");
    vec![
        ("segmentMembers", text(members)),
        ("recommendationsCsv", text(crmkit::recommend::recommendations_csv(ds, &recommend))),
        ("dueToReorderCsv", text(crmkit::products::reorder::due_csv(&due))),
        ("rejectedCsv", text(crmkit::export::rejected_csv(ds))),
    ]
}

const PERSONAL: [&str; 12] =
    ["山田", "花子", "ヤマダ", "hanako@example.jp", "alt-hanako@example.com", "090-1111-2222", "150-0001", "渋谷区", "taro.s@example.net", "佐藤", "080-3333-4444", "名古屋市"];

#[test]
fn personal_columns_are_detected_reported_and_dropped() {
    let ds = load();
    let pii: Vec<(&str, &str, &str, &str)> = ds.source.pii.iter().map(|p| (p.header.as_str(), p.kind, p.detected_by, p.handling)).collect();
    assert_eq!(
        pii,
        vec![
            ("氏名", "name", "header", "dropped"),
            ("フリガナ", "name", "header", "dropped"),
            ("メールアドレス", "email", "header", "hashed"),
            ("電話番号", "phone", "header", "hashed"),
            ("郵便番号", "postalCode", "header", "dropped"),
            ("住所", "address", "header", "dropped"),
            ("備考", "email", "values", "dropped"),
        ]
    );
    // Nothing personal is held: not in the ids, products, attributes or any export.
    let held = format!("{:?}{:?}{:?}", ds.customer_ids.iter().collect::<Vec<_>>(), ds.product_names, ds.attributes);
    for (name, csv) in exports(&ds).into_iter().chain([("held", held)]) {
        for value in PERSONAL {
            assert!(!csv.contains(value), "{name} contains {value}:\n{csv}");
        }
    }
    assert_eq!(crmkit::summary::summary(&ds).revenue, 7360.0);
}

#[test]
fn a_customer_table_drops_personal_columns_instead_of_making_them_attributes() {
    let mut ds = load();
    let params = read::<crmkit::options::tables::AddCustomersInput>(None, "addCustomers").and_then(|i| i.check("addCustomers")).expect("options");
    let report = crmkit::attributes::add_customers(&mut ds, &fixture("customers_with_pii.csv"), &params).expect("reads");
    let names: Vec<&str> = report.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["gender", "prefecture", "会員ランク"]);
    let dropped: Vec<(&str, &str)> = report.pii.iter().map(|p| (p.header.as_str(), p.handling)).collect();
    assert_eq!(dropped, vec![("氏名", "dropped"), ("メールアドレス", "dropped")]);
    assert!(!format!("{:?}", ds.attributes).contains("山田"));
}

#[test]
fn pseudonymised_exports_hold_no_original_id_and_the_same_salt_gives_the_same_ids() {
    let salt = "a salt of at least sixteen characters";
    let mut ds = load();
    let plain = exports(&ds);
    assert!(plain[0].1.contains("M01"), "the plain export names the customers");
    ds.pseudonyms = Some(read::<crmkit::options::tables::PseudonymizeInput>(Some(&Value::object([("salt", Value::str(salt))])), "pseudonymize").and_then(|i| i.check()).expect("salt"));
    let pseudonymised = exports(&ds);
    for (name, csv) in &pseudonymised {
        for id in ["M01", "M02", "M03", "M04"] {
            assert!(!csv.contains(id), "{name} still holds {id}:\n{csv}");
        }
    }
    // The pseudonym is HMAC-SHA-256(salt, id), truncated: computed here with the same crates as
    // a re-identification by the salt holder would.
    let expected = crmkit::pseudonym::Pseudonymizer::new(salt).pseudonym("M01");
    assert!(pseudonymised[0].1.contains(&expected), "{}", pseudonymised[0].1);
    let again = {
        let mut other = load();
        other.pseudonyms = Some(crmkit::pseudonym::Pseudonymizer::new(salt));
        exports(&other)
    };
    assert_eq!(pseudonymised, again);
    // A short salt is refused.
    let err = read::<crmkit::options::tables::PseudonymizeInput>(Some(&Value::object([("salt", Value::str("short"))])), "pseudonymize").and_then(|i| i.check()).expect_err("short");
    assert_eq!(err.option().as_deref(), Some("salt"));
}
