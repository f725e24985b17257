//! The README's header-name table must list exactly the names the code matches, so it stays true.

use crmkit::campaigns::table::MESSAGES;
use crmkit::ingest::ORDERS;
use crmkit::table::TableSpec;

/// Every field of `table` has a row in the README's table under `heading`, listing exactly the
/// header names the code matches.
fn lists_every_alias(table: &TableSpec, heading: &str) {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find(heading).unwrap_or_else(|| panic!("README has no section {heading}"));
    for field in table.fields {
        let row = readme[start..]
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", field.name)))
            .unwrap_or_else(|| panic!("README has no header-name row for {} under {heading}", field.name));
        let listed: Vec<&str> = row.rsplit('|').nth(1).unwrap_or("").split(',').map(|s| s.trim().trim_matches('`')).collect();
        assert_eq!(listed, field.aliases, "README header names for {} under {heading}", field.name);
    }
}

#[test]
fn readme_lists_every_header_alias() {
    lists_every_alias(&ORDERS, "### Header names");
}

#[test]
fn readme_lists_every_message_header_alias() {
    lists_every_alias(&MESSAGES, "### Message-log header names");
}

#[test]
fn readme_error_table_lists_every_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for code in crmkit::Error::CODES.iter().chain(&crmkit::Error::JS_CODES) {
        assert!(readme.lines().any(|l| l.starts_with(&format!("| `{code}` |"))), "README error table has no row for {code}");
    }
}
