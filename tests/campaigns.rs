//! Campaign rates and attribution on hand-made logs; every expected number is worked out in the
//! comments from the rows (docs/campaigns.md §2–3).

use crmkit::campaigns::attribution::Anchor;
use crmkit::campaigns::log::{add_messages, AddMessagesParams};
use crmkit::campaigns::rates::{campaigns, CampaignRow, CampaignsParams};
use crmkit::dataset::Dataset;

/// Orders (times local):
/// - A: #1 03-01 09:00 ¥1,000 (before any send); #2 03-06 10:00 ¥2,000.
/// - B: #3 03-06 10:00:00 ¥3,000 (exactly 5 days after its send); #4 03-06 10:00:01 ¥500 (one second late).
/// - C: #5 03-02 12:00 ¥1,500.  D: #6 03-01 10:30 ¥800.  E: #7 03-02 12:00 ¥900 (its message bounced).
///
/// F never bought.
const ORDERS: &str = "order_id,customer_id,order_date,amount\n\
1,A,2024-03-01 09:00:00,1000\n\
2,A,2024-03-06 10:00:00,2000\n\
3,B,2024-03-06 10:00:00,3000\n\
4,B,2024-03-06 10:00:01,500\n\
5,C,2024-03-02 12:00:00,1500\n\
6,D,2024-03-01 10:30:00,800\n\
7,E,2024-03-02 12:00:00,900\n\
8,G,2024-01-05 10:00:00,100\n";

/// c1 sent 03-01 10:00 to A (opened 12:00), B, C (opened 03-02 08:00), D (clicked 11:00, no
/// open recorded), E (bounced), F; c2 sent 03-03 10:00 to A.
const MESSAGES: &str = "customer_id,campaign,sent_at,opened_at,clicked_at,bounced\n\
A,c1,2024-03-01 10:00:00,2024-03-01 12:00:00,,\n\
A,c2,2024-03-03 10:00:00,,,\n\
B,c1,2024-03-01 10:00:00,,,\n\
C,c1,2024-03-01 10:00:00,2024-03-02 08:00:00,,\n\
D,c1,2024-03-01 10:00:00,,2024-03-01 11:00:00,\n\
E,c1,2024-03-01 10:00:00,,,1\n\
F,c1,2024-03-01 10:00:00,,,\n";

/// The same log as events: sends, deliveries (all but E), two opens of A's message, a click
/// without an open, a bounce, and a `deferred` event that is not used.
const EVENTS: &str = "customer_id,campaign,event,timestamp\n\
A,c1,processed,2024-03-01 10:00:00\n\
A,c1,delivered,2024-03-01 10:00:02\n\
A,c1,open,2024-03-01 12:00:00\n\
A,c1,open,2024-03-01 13:00:00\n\
A,c2,processed,2024-03-03 10:00:00\n\
A,c2,delivered,2024-03-03 10:00:01\n\
B,c1,processed,2024-03-01 10:00:00\n\
B,c1,deferred,2024-03-01 10:00:01\n\
B,c1,delivered,2024-03-01 10:05:00\n\
C,c1,processed,2024-03-01 10:00:00\n\
C,c1,delivered,2024-03-01 10:00:01\n\
C,c1,open,2024-03-02 08:00:00\n\
D,c1,processed,2024-03-01 10:00:00\n\
D,c1,delivered,2024-03-01 10:00:01\n\
D,c1,click,2024-03-01 11:00:00\n\
E,c1,processed,2024-03-01 10:00:00\n\
E,c1,bounce,2024-03-01 10:00:05\n\
F,c1,processed,2024-03-01 10:00:00\n\
F,c1,delivered,2024-03-01 10:00:01\n";

fn dataset(log: &str) -> Dataset {
    let mut ds = crmkit::ingest::from_csv(ORDERS.as_bytes(), &Default::default(), &mut |_| {}).unwrap();
    let report = add_messages(&mut ds, log.as_bytes(), &AddMessagesParams::default()).unwrap();
    assert_eq!(report.rows_rejected, 0, "{:?}", report.rejected);
    ds
}

fn row<'a>(rows: &'a [CampaignRow], campaign: &str) -> &'a CampaignRow {
    rows.iter().find(|r| r.group == [campaign]).unwrap_or_else(|| panic!("no row {campaign}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn report_of_a_message_log_and_an_event_log() {
    for (log, mode) in [(MESSAGES, "messages"), (EVENTS, "events")] {
        let mut ds = crmkit::ingest::from_csv(ORDERS.as_bytes(), &Default::default(), &mut |_| {}).unwrap();
        let r = add_messages(&mut ds, log.as_bytes(), &AddMessagesParams::default()).unwrap();
        assert_eq!(r.mode, mode);
        // 7 messages to 6 recipients (A twice); F and … are recipients; F never bought.
        assert_eq!((r.messages, r.recipients, r.matched, r.unmatched, r.campaigns), (7, 6, 5, 1, 2), "{mode}");
        // Delivered: all but E's. Opened: A's c1, C's, D's (a click proves an open). Clicked: D's.
        assert_eq!((r.delivered, r.opened, r.clicked, r.bounced), (6, 3, 1, 1), "{mode}");
        assert_eq!(r.channels, ["email"]);
        assert_eq!((r.first_sent.as_str(), r.last_sent.as_str()), ("2024-03-01", "2024-03-03"));
        if mode == "events" {
            assert_eq!(r.rows, 19);
            assert_eq!(r.ignored_events.get("deferred"), Some(&1));
        }
    }
}

/// Attribution 'send', 5 days, last touch:
/// - A's #2 (03-06 10:00): the latest send before it is c2's (03-03 10:00), whose window holds it → c2.
///   A's #1 is before every send.
/// - B's #3 is at the window's last second → c1; #4 one second later → nobody.
/// - C's #5 → c1; D's #6 (10:30, after the 10:00 send) → c1; E's message bounced → no touch.
///
/// c1: 6 recipients, 5 delivered (E bounced); opened A, C, D = 3/5; clicked D = 1/5; CTOR 1/3;
/// converted B, C, D = 3/5; revenue 3,000 + 1,500 + 800 = 5,300; per recipient 5,300 / 6;
/// bounce rate 1/6. c2: 1 recipient, converted, ¥2,000, opened 0/1.
#[test]
fn rates_with_send_attribution() {
    for log in [MESSAGES, EVENTS] {
        let ds = dataset(log);
        let r = campaigns(&ds, &CampaignsParams::default()).unwrap();
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.rows[0].group, ["c1"], "campaigns in the order they started");
        let c1 = row(&r.rows, "c1");
        assert_eq!((c1.recipients, c1.delivered, c1.opened, c1.clicked, c1.converted, c1.bounced), (6, 5, 3, 1, 3, 1));
        assert!(close(c1.open_rate.value, 3.0 / 5.0) && close(c1.click_rate.value, 1.0 / 5.0));
        assert!(close(c1.click_to_open_rate.value, 1.0 / 3.0));
        assert!(close(c1.conversion_rate.value, 3.0 / 5.0));
        assert!(close(c1.revenue, 5300.0) && close(c1.revenue_per_recipient, 5300.0 / 6.0));
        assert!(close(c1.bounce_rate.value, 1.0 / 6.0));
        assert!(c1.open_rate.low < 0.6 && c1.open_rate.high > 0.6, "an interval around the rate");
        let c2 = row(&r.rows, "c2");
        assert_eq!((c2.recipients, c2.converted, c2.opened), (1, 1, 0));
        assert!(close(c2.revenue, 2000.0) && close(c2.open_rate.value, 0.0));
        assert_eq!((r.total.recipients, r.total.converted), (7, 4));
        assert!(close(r.total.revenue, 7300.0));
        // The log says nothing about unsubscribes: that rate is unknown, not 0.
        assert!(c1.unsubscribe_rate.value.is_nan());
    }
}

/// Attribution 'open': touches are opens (A's c1 at 03-01 12:00, C's at 03-02 08:00, D's click at
/// 11:00 counts as its open). A's #2 (03-06 10:00) is now within A's c1 open window (→ 03-06
/// 12:00) → c1. C's #5 → c1. D's #6 (10:30) came before D's open → nobody. c1: A and C
/// converted, ¥3,500; c2 nothing.
/// Attribution 'click': the only click is D's at 11:00, after D's purchase → no conversion.
#[test]
fn open_and_click_attribution() {
    let ds = dataset(MESSAGES);
    let open = campaigns(&ds, &CampaignsParams { attribution: Anchor::Open, ..Default::default() }).unwrap();
    let c1 = row(&open.rows, "c1");
    assert_eq!(c1.converted, 2);
    assert!(close(c1.revenue, 3500.0));
    assert_eq!(row(&open.rows, "c2").converted, 0);
    let click = campaigns(&ds, &CampaignsParams { attribution: Anchor::Click, ..Default::default() }).unwrap();
    assert_eq!(click.total.converted, 0);
    // A 1-day window: B's purchase (5 days later) and C's (26 hours later) are no longer c1's;
    // D's (30 minutes later) still is.
    let short = campaigns(&ds, &CampaignsParams { attribution_days: 1, ..Default::default() }).unwrap();
    assert_eq!(row(&short.rows, "c1").converted, 1);
    assert_eq!(row(&short.rows, "c2").converted, 0, "A's purchase is 3 days after c2");
}

/// LINE without opens: the open rate and CTOR are unknown (NaN), the click rate is known.
#[test]
fn line_without_opens() {
    let log = "customer_id,campaign,channel,sent_at,clicked_at\nA,l1,LINE,2024-03-01 10:00,\nB,l1,LINE,2024-03-01 10:00,2024-03-01 10:30\n";
    let ds = dataset(log);
    let r = campaigns(&ds, &CampaignsParams::default()).unwrap();
    let l1 = &r.rows[0];
    assert!(l1.open_rate.value.is_nan() && l1.click_to_open_rate.value.is_nan());
    assert!(close(l1.click_rate.value, 0.5));
    // A's #2 and B's #3 (03-06 10:00) are both exactly 5 days after the send: converted.
    assert_eq!(l1.converted, 2);
}

/// A log keyed by e-mail joins members through the order file's e-mail column (docs/campaigns.md
/// §1 "Recipient"). Orders: M1 and M2 are members with their own address; M3 and M4 share one
/// (so it names neither); a guest row (no member id) is keyed by its address.
/// Log: `A@Example.jp ` (case and space folded → M1), `b@example.jp` (M2), the shared address,
/// the guest's address, and an address that never bought.
/// So matched = M1, M2 and the guest = 3, of them by a member's e-mail 2; unmatched 2.
/// Conversions (5-day window from 03-01 10:00): M1's ¥2,000 on 03-03, the guest's ¥700 on
/// 03-02 → converted 2, revenue 2,700; M2 bought before the send only.
#[test]
fn an_email_log_finds_members_through_the_order_files_email_column() {
    let orders = "order_id,customer_id,email,order_date,amount\n\
1,M1,a@example.jp,2024-02-01 10:00:00,1000\n\
2,M1,a@example.jp,2024-03-03 10:00:00,2000\n\
3,M2,b@example.jp,2024-02-10 10:00:00,500\n\
4,M3,shared@example.jp,2024-02-11 10:00:00,300\n\
5,M4,shared@example.jp,2024-02-12 10:00:00,400\n\
6,,guest@example.jp,2024-03-02 10:00:00,700\n";
    let log = "email,campaign,sent_at\n\
A@Example.jp ,c1,2024-03-01 10:00:00\n\
b@example.jp,c1,2024-03-01 10:00:00\n\
shared@example.jp,c1,2024-03-01 10:00:00\n\
guest@example.jp,c1,2024-03-01 10:00:00\n\
never@example.jp,c1,2024-03-01 10:00:00\n";
    let mut ds = crmkit::ingest::from_csv(orders.as_bytes(), &Default::default(), &mut |_| {}).unwrap();
    assert_eq!(ds.customers(), 5, "M1–M4 and the guest");
    let report = add_messages(&mut ds, log.as_bytes(), &AddMessagesParams::default()).unwrap();
    assert_eq!((report.recipients, report.matched, report.matched_by_email, report.unmatched), (5, 3, 2, 2));
    let result = campaigns(&ds, &CampaignsParams::default()).unwrap();
    let row = &result.rows[0];
    assert_eq!((row.recipients, row.converted, row.revenue), (5, 2, 2700.0));
}

/// Scenario campaigns: `w` has two steps; `s` has no step column value but B was sent it twice;
/// `c1` went once to each recipient, and a single step (`o`, step 1 only) is no scenario.
#[test]
fn step_campaigns_in_the_report() {
    let log = "customer_id,campaign,step,sent_at\n\
A,c1,,2024-03-01 10:00:00\n\
B,c1,,2024-03-01 10:00:00\n\
A,w,1,2024-03-02 10:00:00\n\
A,w,2,2024-03-05 10:00:00\n\
B,s,,2024-03-03 10:00:00\n\
B,s,,2024-03-04 10:00:00\n\
C,o,1,2024-03-01 09:00:00\n\
D,o,1,2024-03-01 09:00:00\n";
    let mut ds = crmkit::ingest::from_csv(ORDERS.as_bytes(), &Default::default(), &mut |_| {}).unwrap();
    let r = add_messages(&mut ds, log.as_bytes(), &AddMessagesParams::default()).unwrap();
    assert_eq!(r.step_campaigns, ["w", "s"], "in the order they started");
}
