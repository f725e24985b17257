//! Every message-log fixture of `tests/fixtures/messages/` loads with the numbers worked out by
//! hand in that folder's README.md (`<tool>.expected.json`), under docs/campaigns.md.

use crmkit::campaigns::log::{add_messages, AddMessagesParams, MessageLog, BLOCKED, BOUNCED, CLICKED, CONTROL, DELIVERED, OPENED, SPAM, UNSUBSCRIBED};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/messages")
}

/// Per-message counts of a subset of the log.
fn counts(log: &MessageLog, keep: impl Fn(usize) -> bool) -> BTreeMap<&'static str, u64> {
    let mut c = BTreeMap::new();
    for m in (0..log.messages()).filter(|&m| keep(m)) {
        let f = log.flags[m];
        if f & CONTROL != 0 {
            *c.entry("control").or_insert(0) += 1;
            continue;
        }
        *c.entry("messages").or_insert(0) += 1;
        for (name, bit) in [("delivered", DELIVERED), ("opened", OPENED), ("clicked", CLICKED), ("bounced", BOUNCED), ("unsubscribed", UNSUBSCRIBED), ("spam", SPAM), ("blocked", BLOCKED)] {
            *c.entry(name).or_insert(0) += (f & bit != 0) as u64;
        }
    }
    c
}

fn check_counts(system: &str, what: &str, want: &Value, got: &BTreeMap<&str, u64>) {
    for (key, value) in want.as_object().unwrap() {
        let n = got.get(key.as_str()).copied().unwrap_or(0);
        assert_eq!(n as f64, value.as_f64().unwrap(), "{system}: {what}.{key}");
    }
}

fn check(system: &str) {
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir().join(format!("{system}.expected.json"))).unwrap()).unwrap();
    let bytes = std::fs::read(dir().join(format!("{system}.csv"))).unwrap();
    // Synergy! files have no campaign column: the campaign is the caller's (the option).
    let params = AddMessagesParams { campaign: Some("(campaign option)".into()), ..Default::default() };
    let mut ds = crmkit::ingest::from_csv(b"customer_id,order_date,amount\nnobody,2024-01-01,1\n", &Default::default(), &mut |_| {}).unwrap();
    let r = add_messages(&mut ds, &bytes, &params).unwrap_or_else(|e| panic!("{system}: {e}"));
    let n = |key: &str| expected[key].as_f64().unwrap_or_else(|| panic!("{system}: {key}")) as u64;
    assert_eq!(r.format, expected["format"].as_str().unwrap(), "{system}");
    assert_eq!(r.mode, expected["mode"].as_str().unwrap(), "{system}");
    assert_eq!((r.rows, r.rows_rejected), (n("rows"), n("rowsRejected")), "{system}: {:?}", r.rejected);
    let got = [r.messages, r.recipients, r.campaigns, r.delivered, r.opened, r.clicked, r.bounced, r.unsubscribed, r.spam, r.blocked, r.control];
    let want = ["messages", "recipients", "campaigns", "delivered", "opened", "clicked", "bounced", "unsubscribed", "spam", "blocked", "control"].map(n);
    assert_eq!(got, want, "{system}: messages, recipients, campaigns, delivered, opened, clicked, bounced, unsubscribed, spam, blocked, control");
    let channels: Vec<&str> = expected["channels"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(r.channels, channels, "{system}");
    let ignored: BTreeMap<String, u64> = expected["ignoredEvents"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect();
    assert_eq!(r.ignored_events, ignored, "{system}");
    let log = ds.messages.as_ref().unwrap();
    for (campaign, want) in expected["byCampaign"].as_object().unwrap() {
        let got = counts(log, |m| log.campaigns.get(log.campaign[m]) == campaign);
        check_counts(system, &format!("byCampaign.{campaign}"), want, &got);
    }
    for (key, dict, of) in [("byVariant", &log.variants, &log.variant), ("byStep", &log.steps, &log.step)] {
        let Some(groups) = expected.get(key).and_then(Value::as_object) else { continue };
        for (campaign, levels) in groups {
            for (level, want) in levels.as_object().unwrap() {
                // A control group's variant name is not kept: its rows are the campaign's control rows.
                let got = counts(log, |m| {
                    log.campaigns.get(log.campaign[m]) == campaign
                        && (if log.flags[m] & CONTROL != 0 { want.get("messages").is_some_and(|v| v == 0) } else { of[m] != u32::MAX && dict.get(of[m]) == level })
                });
                check_counts(system, &format!("{key}.{campaign}.{level}"), want, &got);
            }
        }
    }
    if let Some(groups) = expected.get("byChannel").and_then(Value::as_object) {
        for (channel, want) in groups {
            check_counts(system, &format!("byChannel.{channel}"), want, &counts(log, |m| log.channel_name(m) == channel));
        }
    }
}

macro_rules! systems {
    ($($name:ident),*) => {$(
        #[test]
        fn $name() {
            check(stringify!($name));
        }
    )*};
}

systems!(sendgrid, sendgrid_webhook, mailchimp, klaviyo, braze, synergy);

/// Every fixture in the folder has a test above.
#[test]
fn every_fixture_is_checked() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".expected.json").map(str::to_string))
        .collect();
    names.sort();
    assert_eq!(names, ["braze", "klaviyo", "mailchimp", "sendgrid", "sendgrid_webhook", "synergy"]);
}
