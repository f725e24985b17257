//! A synthetic message log with planted effects, for the demo page and the tests that must find
//! them (`Dataset.synthetic({ messages: true })`, `Dataset.syntheticMessagesCsv`). The order
//! history is left exactly as generated: effects are planted by **who is sent what**, given each
//! recipient's actual purchases, so every order-based number stays the same with or without the
//! log, and the truth is known by construction.
//!
//! Over the last year of orders, a campaign every 14 days to half of the customers who had bought
//! before it (every third one on LINE, without opens), plus 3 % subscribers who never bought, and a
//! 3-step welcome scenario (ステップメール) after first purchases. With `Y` = "the recipient buys
//! in the 5 days after the send":
//! - **Subject**: variant B (a personal-coupon subject) raises opens (16 % → 24 %) and nothing
//!   else. But B is sent more to champions and loyal customers (70 % vs 35 %), who buy more: B's
//!   pooled conversion looks higher, and stratifying by segment removes it (Simpson-style mix).
//! - **Send hour**: 20:00 sends reach buyers more often (P(20 h | Y) = 0.7 vs 0.5): the evening
//!   send converts better, for both variants.
//! - **Control group** (holdout, ~10 %): buyers are less often held out (4 % vs 12 %), so sending
//!   has an uplift — except for RFM segment `new`, where the campaign does nothing (10 % held out
//!   whatever `Y`).
//! - **Fatigue**: the chance to unsubscribe (LINE: block) grows with the messages received in the
//!   previous 30 days.
//! - **Welcome scenario**: customers who make a 2nd purchase within 90 days are more often in it
//!   (80 % vs 60 %), so its receivers show the higher F2 rate.

use crate::dataset::Dataset;
use crate::dates::format_date;
use crate::export::{to_csv, Cell};
use crate::rng::Rng;
use crate::segments::rfm::{rfm, RfmParams, NO_SEGMENT};

const DAY: i64 = 86_400;
const WINDOW: i64 = 5 * DAY;

struct Row {
    recipient: String,
    campaign: String,
    channel: &'static str,
    variant: &'static str,
    subject: &'static str,
    step: Option<u8>,
    sent: i64,
    opened: Option<i64>,
    clicked: Option<i64>,
    bounced: bool,
    unsubscribed: bool,
    blocked: bool,
    control: bool,
}

fn stamp_text(t: i64) -> String {
    let s = t.rem_euclid(DAY);
    format!("{} {:02}:{:02}:{:02}", format_date(t.div_euclid(DAY) as i32), s / 3600, s / 60 % 60, s % 60)
}

/// Whether customer `c` has a purchase order in `(from, to]` (local stamps; date-only orders at
/// their day's start).
fn buys_between(ds: &Dataset, c: usize, from: i64, to: i64) -> bool {
    ds.customer_orders(c).any(|o| {
        let t = ds.order_date[o] as i64 * DAY + if ds.order_time[o] == crate::dataset::NONE { 0 } else { ds.order_time[o] as i64 };
        ds.order_amount[o] >= 0.0 && t > from && t <= to
    })
}

/// The log as a message-row CSV (UTF-8 with BOM), deterministic in `seed`.
pub fn messages_csv(ds: &Dataset, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ 0x6d65_7373_6167_6573);
    let mut rows: Vec<Row> = Vec::new();
    let Ok(last) = ds.last_date() else { return to_csv(&HEADERS, Vec::<Vec<Cell<'_>>>::new()) };
    let first_campaign = last - 364 + 7;
    let n = ds.customers();
    let mut campaign_no = 0;
    let mut day = first_campaign;
    while day + 6 <= last {
        campaign_no += 1;
        let line = campaign_no % 3 == 0;
        let (y, m, _) = crate::dates::civil_from_days(day);
        let name = if line { format!("LINE {y}-{m:02} #{campaign_no}") } else { format!("メルマガ {y}-{m:02} #{campaign_no}") };
        let segments = rfm(ds, &RfmParams { as_of: Some(day), ..RfmParams::default() }).ok();
        let key_of = |c: usize| -> &str {
            match &segments {
                Some(r) if r.segment[c] != NO_SEGMENT => r.segments.iter().find(|s| s.id == r.segment[c]).map_or("", |s| s.key.as_str()),
                _ => "",
            }
        };
        for c in 0..n {
            // Customers who had bought before the campaign; half of them are sent it.
            if key_of(c).is_empty() || !rng.chance(0.5) {
                continue;
            }
            let segment = key_of(c);
            let base = day as i64 * DAY;
            let y_buys = buys_between(ds, c, base + 20 * 3600, base + 9 * 3600 + WINDOW);
            let control = if segment == "new" { rng.chance(0.10) } else { rng.chance(if y_buys { 0.04 } else { 0.12 }) };
            let loyal = segment == "champions" || segment == "loyal";
            let b = rng.chance(if loyal { 0.7 } else { 0.35 });
            let evening = rng.chance(if y_buys { 0.7 } else { 0.5 });
            let sent = base + if evening { 20 * 3600 } else { 9 * 3600 };
            rows.push(message(&mut rng, ds.customer_ids.get(c as u32).to_string(), &name, line, b, None, sent, control, y_buys));
        }
        // Subscribers who never bought.
        for s in 0..(n / 33).max(1) {
            if rng.chance(0.5) {
                let sent = day as i64 * DAY + if rng.chance(0.5) { 20 * 3600 } else { 9 * 3600 };
                let control = rng.chance(0.1);
                let b = rng.chance(0.35);
                rows.push(message(&mut rng, format!("S{s:06}"), &name, line, b, None, sent, control, false));
            }
        }
        day += 14;
    }
    // The welcome scenario after first purchases.
    for c in 0..n {
        let Some(first) = ds.customer_orders(c).find(|&o| ds.order_amount[o] >= 0.0) else { continue };
        let f = ds.order_date[first];
        if f < last - 364 || f > last - 30 {
            continue;
        }
        let f2 = buys_between(ds, c, f as i64 * DAY + DAY, (f as i64 + 90) * DAY + DAY);
        if !rng.chance(if f2 { 0.8 } else { 0.6 }) {
            continue;
        }
        for (step, (offset, hour)) in [(1i64, 10i64), (4, 12), (10, 20)].into_iter().enumerate() {
            let sent = (f as i64 + offset) * DAY + hour * 3600;
            let y_buys = buys_between(ds, c, sent, sent + WINDOW);
            rows.push(message(&mut rng, ds.customer_ids.get(c as u32).to_string(), "ウェルカムシナリオ", false, false, Some(step as u8 + 1), sent, false, y_buys));
        }
    }
    rows.sort_unstable_by(|a, b| (a.sent, &a.recipient, &a.campaign).cmp(&(b.sent, &b.recipient, &b.campaign)));
    fatigue(&mut rng, &mut rows);
    let texts: Vec<[String; 4]> = rows
        .iter()
        .map(|r| [stamp_text(r.sent), r.opened.map(stamp_text).unwrap_or_default(), r.clicked.map(stamp_text).unwrap_or_default(), r.step.map(|s| s.to_string()).unwrap_or_default()])
        .collect();
    let flag = |b: bool| Cell::Text(if b { "1" } else { "" });
    to_csv(
        &HEADERS,
        rows.iter().zip(&texts).map(|(r, t)| {
            vec![
                Cell::Text(&r.recipient),
                Cell::Text(&r.campaign),
                Cell::Text(r.channel),
                Cell::Text(r.variant),
                Cell::Text(r.subject),
                Cell::Text(&t[3]),
                Cell::Text(&t[0]),
                Cell::Text(&t[1]),
                Cell::Text(&t[2]),
                flag(r.bounced),
                flag(r.unsubscribed),
                flag(r.blocked),
                flag(r.control),
            ]
        }),
    )
}

const HEADERS: [&str; 13] =
    ["customer_id", "campaign", "channel", "variant", "subject", "step", "sent_at", "opened_at", "clicked_at", "bounced", "unsubscribed", "blocked", "control"];

const SUBJECT_A: &str = "【期間限定】今週のおすすめ";
const SUBJECT_B: &str = "〇〇様だけの特別クーポン";
const STEP_SUBJECTS: [&str; 3] = ["ご購入ありがとうございます", "使い方のコツ", "次回使える10%オフクーポン"];

#[allow(clippy::too_many_arguments)]
fn message(rng: &mut Rng, recipient: String, campaign: &str, line: bool, b: bool, step: Option<u8>, sent: i64, control: bool, buys: bool) -> Row {
    let variant = if control {
        "control"
    } else if step.is_some() {
        ""
    } else if b {
        "B"
    } else {
        "A"
    };
    let subject = match step {
        Some(s) => STEP_SUBJECTS[(s - 1) as usize],
        None if control => "",
        None if b => SUBJECT_B,
        None => SUBJECT_A,
    };
    let mut row = Row {
        recipient,
        campaign: campaign.to_string(),
        channel: if line { "line" } else { "email" },
        variant,
        subject,
        step,
        sent,
        opened: None,
        clicked: None,
        bounced: false,
        unsubscribed: false,
        blocked: false,
        control,
    };
    if control {
        return row;
    }
    if !line && rng.chance(0.01) {
        row.bounced = true;
        return row;
    }
    let y = if buys { 1.0 } else { 0.0 };
    if line {
        if rng.chance(0.05 + 0.2 * y) {
            row.clicked = Some(sent + 60 + (rng.exponential(1800.0) as i64));
        }
    } else if rng.chance(if b { 0.24 } else { 0.16 } + 0.2 * y) {
        let opened = sent + 60 + rng.exponential(3.0 * 3600.0) as i64;
        row.opened = Some(opened);
        if rng.chance(0.2 + 0.3 * y) {
            row.clicked = Some(opened + 5 + rng.exponential(600.0) as i64);
        }
    }
    row
}

/// Unsubscribes (e-mail) and blocks (LINE), more likely the more messages the recipient was sent
/// in the previous 30 days. `rows` are sorted by send time.
fn fatigue(rng: &mut Rng, rows: &mut [Row]) {
    let mut recent: crate::hash::FxHashMap<String, Vec<i64>> = Default::default();
    for r in rows.iter_mut() {
        let times = recent.entry(r.recipient.clone()).or_default();
        times.retain(|&t| t > r.sent - 30 * DAY);
        let n = times.len() as f64;
        if !r.control && !r.bounced {
            if r.channel == "line" {
                r.blocked = rng.chance(0.004 + 0.004 * n);
            } else {
                r.unsubscribed = rng.chance(0.002 + 0.002 * n);
            }
            times.push(r.sent);
        }
    }
}
