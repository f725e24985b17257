//! The README's header-name table must list exactly the names the code matches, so it stays true.

use crmkit::ingest::ORDERS;

#[test]
fn readme_lists_every_header_alias() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for field in ORDERS.fields {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", field.name)))
            .unwrap_or_else(|| panic!("README has no header-name row for {}", field.name));
        let listed: Vec<&str> = row.rsplit('|').nth(1).unwrap_or("").split(',').map(|s| s.trim().trim_matches('`')).collect();
        assert_eq!(listed, field.aliases, "README header names for {}", field.name);
    }
}

#[test]
fn readme_error_table_lists_every_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for code in crmkit::Error::CODES {
        assert!(readme.lines().any(|l| l.starts_with(&format!("| `{code}` |"))), "README error table has no row for {code}");
    }
}
