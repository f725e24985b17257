//! The audit report (`ds.auditReport()`): what was read and what was done with it, for the
//! privacy team or auditor who must show that customer data stayed on the machine. It covers the
//! input (size, SHA-256 when the caller gives it, encoding, delimiter, layout), the header → field
//! mapping and the personal-data columns with their handling. It also has the row accounting
//! (read = accepted + rejected, by reason, the first rejected lines), the exclusions applied,
//! the analyses run with their options, the crmkit version and the time. It ends with the
//! statement about the network. The same report renders as Markdown ([`markdown`]).

use crate::dataset::Dataset;
use crate::pii::PiiColumn;
use crate::report::{ColumnMatch, Exclusions, Rejection, Warning};
use serde::Serialize;

/// One analysis call recorded by the JS boundary: method, options as JSON, when.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisRecord {
    pub method: String,
    pub options: String,
    pub at: String,
}

/// What the report cannot know by itself.
#[derive(Clone, Debug, Default)]
pub struct AuditInput {
    /// SHA-256 of the input file (hex), computed by the caller (the page: `crypto.subtle`).
    pub input_sha256: Option<String>,
    pub generated_at: String,
    pub analyses: Vec<AnalysisRecord>,
}

/// Rejected lines listed in full in the report.
pub const LISTED_REJECTIONS: usize = 20;

pub const NETWORK_STATEMENT: &str = "No network request was made by crmkit: the WebAssembly module has no I/O of its own (it imports no fetch, XMLHttpRequest, WebSocket or beacon), the data never left this machine, and the demo page runs under the Content-Security-Policy connect-src 'none', which the browser enforces (tested in headless Chromium by tests/browser/audit.test.mjs: every request the page made was to its own origin).";

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditReport {
    pub crmkit_version: &'static str,
    pub generated_at: String,
    pub input: InputRecord,
    pub columns: Vec<ColumnMatch>,
    pub unmapped_headers: Vec<String>,
    pub pii: Vec<PiiColumn>,
    pub rows: RowRecord,
    pub exclusions: Exclusions,
    pub warnings: Vec<Warning>,
    /// Whether exports write pseudonyms (`pseudonymize`), and how they are made.
    pub pseudonymized: bool,
    pub analyses: Vec<AnalysisRecord>,
    pub network: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputRecord {
    pub kind: &'static str,
    pub bytes: u64,
    pub sha256: Option<String>,
    pub encoding: &'static str,
    pub delimiter: String,
    pub format: &'static str,
    pub currency: String,
    pub amount_source: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowRecord {
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub rejected_by_reason: Vec<(String, u64)>,
    /// The first rejected lines (without their reasons after `pseudonymize`: they quote cells).
    pub first_rejected: Vec<Rejection>,
}

pub fn audit_report(ds: &Dataset, input: AuditInput) -> AuditReport {
    let s = &ds.source;
    let rejected = ds.rejected_counts.total();
    let pseudonymized = ds.pseudonyms.is_some();
    AuditReport {
        crmkit_version: env!("CARGO_PKG_VERSION"),
        generated_at: input.generated_at,
        input: InputRecord {
            kind: s.kind,
            bytes: s.bytes,
            sha256: input.input_sha256,
            encoding: s.encoding,
            delimiter: s.delimiter.clone(),
            format: s.format,
            currency: s.currency.clone(),
            amount_source: s.amount_source,
        },
        columns: s.columns.clone(),
        unmapped_headers: s.unmapped_headers.clone(),
        pii: s.pii.clone(),
        rows: RowRecord {
            read: ds.rows,
            accepted: ds.rows.saturating_sub(rejected),
            rejected,
            rejected_by_reason: ds.rejected_counts.by_code().map(|(c, n)| (c.as_str().to_string(), n)).collect(),
            first_rejected: ds
                .rejected
                .iter()
                .take(LISTED_REJECTIONS)
                .map(|r| Rejection { reason: if pseudonymized { String::new() } else { r.reason.clone() }, ..r.clone() })
                .collect(),
        },
        exclusions: ds.exclusions.clone(),
        warnings: ds.warnings.clone(),
        pseudonymized,
        analyses: input.analyses,
        network: NETWORK_STATEMENT,
    }
}

/// The report as Markdown (headings, tables), for a file to hand over or a page to show.
pub fn markdown(r: &AuditReport) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line("# crmkit audit report".into());
    line(String::new());
    line(format!("- crmkit {} · generated {}", r.crmkit_version, cell(&r.generated_at)));
    line(format!(
        "- input: {} bytes, SHA-256 {}, encoding {}, delimiter {}, layout {}, currency {}, amounts from {}",
        r.input.bytes,
        r.input.sha256.as_deref().unwrap_or("(not given)"),
        if r.input.encoding.is_empty() { "-" } else { r.input.encoding },
        match r.input.delimiter.as_str() {
            "\t" => "tab".to_string(),
            "" => "-".to_string(),
            d => format!("`{d}`"),
        },
        r.input.format,
        if r.input.currency.is_empty() { "(not stated)" } else { &r.input.currency },
        r.input.amount_source
    ));
    line(format!("- pseudonymised exports: {}", if r.pseudonymized { "yes (p + 16 hex digits of HMAC-SHA-256 of the id with your salt)" } else { "no" }));
    line(String::new());
    line("## Columns read".into());
    line(String::new());
    line("| header | field | matched by |".into());
    line("|---|---|---|".into());
    for c in &r.columns {
        line(format!("| {} | {} | {} |", cell(&c.header), c.field, c.matched_by));
    }
    if !r.unmapped_headers.is_empty() {
        line(String::new());
        line(format!("Not read: {}", r.unmapped_headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join(", ")));
    }
    line(String::new());
    line("## Personal data".into());
    line(String::new());
    if r.pii.is_empty() {
        line("No column of personal data was found.".into());
    } else {
        line("| header | kind | detected by | handling |".into());
        line("|---|---|---|---|".into());
        for p in &r.pii {
            line(format!("| {} | {} | {} | {} |", cell(&p.header), p.kind, p.detected_by, p.handling));
        }
    }
    line(String::new());
    line("## Rows".into());
    line(String::new());
    line(format!("{} rows read = {} accepted + {} rejected.", r.rows.read, r.rows.accepted, r.rows.rejected));
    if !r.rows.rejected_by_reason.is_empty() {
        line(String::new());
        line("| reason | rows |".into());
        line("|---|---|".into());
        for (code, n) in &r.rows.rejected_by_reason {
            line(format!("| {code} | {n} |"));
        }
        line(String::new());
        line(format!("First rejected lines (up to {LISTED_REJECTIONS}):"));
        line(String::new());
        for x in &r.rows.first_rejected {
            line(format!("- line {}: {}{}", x.line, x.code.as_str(), if x.reason.is_empty() { String::new() } else { format!(" — {}", cell(&x.reason)) }));
        }
    }
    let x = &r.exclusions;
    line(String::new());
    line("## Exclusions".into());
    line(String::new());
    line(format!(
        "Cancelled orders {} ({} lines), non-product lines {} (shipping {}, fees {}, points {}, tax {}, discounts {}), guests keyed by e-mail {} / phone {}.",
        x.cancelled_orders, x.cancelled_lines, x.non_product_lines, x.shipping_amount, x.fees_amount, x.points_amount, x.tax_amount, x.discount_amount, x.guests_by_email, x.guests_by_phone
    ));
    if !r.warnings.is_empty() {
        line(String::new());
        line("## Warnings".into());
        line(String::new());
        for w in &r.warnings {
            line(format!("- {}: {}", w.code, cell(&w.message)));
        }
    }
    line(String::new());
    line("## Analyses run".into());
    line(String::new());
    if r.analyses.is_empty() {
        line("None yet.".into());
    } else {
        line("| at | method | options |".into());
        line("|---|---|---|".into());
        for a in &r.analyses {
            line(format!("| {} | {} | `{}` |", cell(&a.at), a.method, cell(&a.options)));
        }
    }
    line(String::new());
    line("## Network".into());
    line(String::new());
    line(r.network.into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_for_every_row_and_renders_every_section() {
        let csv = "customer_id,order_date,amount,氏名\nA,2024-01-01,100,山田\nB,someday,50,佐藤\nA,2024-02-01,|x,山田\n";
        let ds = crate::from_csv(csv.as_bytes(), &Default::default(), &mut |_| {}).expect("loads");
        let input = AuditInput {
            input_sha256: Some("ab".repeat(32)),
            generated_at: "2026-12-03T00:00:00Z".into(),
            analyses: vec![AnalysisRecord { method: "rfm".into(), options: "{\"bins\":5}".into(), at: "2026-12-03T00:00:01Z".into() }],
        };
        let r = audit_report(&ds, input);
        assert_eq!((r.rows.read, r.rows.accepted, r.rows.rejected), (3, 1, 2));
        assert_eq!(r.rows.rejected_by_reason, vec![("bad_date".to_string(), 1), ("bad_amount".to_string(), 1)]);
        assert_eq!(r.pii.iter().map(|p| (p.header.as_str(), p.handling)).collect::<Vec<_>>(), vec![("氏名", "dropped")]);
        let md = markdown(&r);
        for part in ["# crmkit audit report", "SHA-256 abab", "| 氏名 | name | header | dropped |", "3 rows read = 1 accepted + 2 rejected.", "| rfm | `{\"bins\":5}` |", "No network request"] {
            assert!(md.contains(part), "{part} missing:\n{md}");
        }
        // A cell's `|` cannot break the tables.
        assert!(md.contains("\\|x"), "{md}");
        assert!(!md.contains("山田"), "a personal value in the report:\n{md}");
    }
}
