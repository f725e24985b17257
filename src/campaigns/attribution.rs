//! Which purchases a message gets (`docs/campaigns.md` §2): the attribution window after a send,
//! open or click, and last-touch crediting over every campaign. A purchase is a purchase order
//! (net amount ≥ 0) of the recipient's customer.

use super::log::{MessageLog, CLICKED, CONTROL, DELIVERED, NO_TIME, OPENED};
use crate::dataset::{Dataset, NONE};

/// What starts a message's window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Anchor {
    #[default]
    Send,
    Open,
    Click,
}

impl Anchor {
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Send => "send",
            Anchor::Open => "open",
            Anchor::Click => "click",
        }
    }
}

const DAY: i64 = 86_400;

/// The moment an order happened, for ordering against anchors: its time, or — for a date-only
/// order — the end of its day (so an anchor earlier that day is before it).
#[inline]
pub fn order_key(day: i32, time: u32) -> i64 {
    if time == NONE {
        (day as i64 + 1) * DAY
    } else {
        day as i64 * DAY + time as i64
    }
}

/// Whether an order (day, time or `NONE`) is in the window of `anchor` (a local time stamp):
/// `anchor < t ≤ anchor + days`; a date-only order when its day is between the anchor's day and
/// `days` days later.
#[inline]
pub fn in_window(anchor: i64, days: u32, day: i32, time: u32) -> bool {
    if time == NONE {
        let a = anchor.div_euclid(DAY);
        let d = day as i64;
        a <= d && d <= a + days as i64
    } else {
        let t = day as i64 * DAY + time as i64;
        anchor < t && t <= anchor + days as i64 * DAY
    }
}

/// The anchor of message `m`, or `None` when it has none (not opened, not clicked, control).
pub fn anchor_of(log: &MessageLog, m: usize, anchor: Anchor) -> Option<i64> {
    let flags = log.flags[m];
    if flags & CONTROL != 0 && anchor != Anchor::Send {
        return None;
    }
    let known = |t: i64| (t != NO_TIME).then_some(t);
    match anchor {
        Anchor::Send => Some(log.sent[m]),
        // A click proves an open: the earlier of the two, else the send.
        Anchor::Open if flags & OPENED != 0 => {
            let t = match (known(log.opened_at[m]), known(log.clicked_at[m])) {
                (Some(o), Some(c)) => o.min(c),
                (Some(o), None) => o,
                (None, Some(c)) => c,
                (None, None) => log.sent[m],
            };
            Some(t.max(log.sent[m]))
        }
        Anchor::Click if flags & CLICKED != 0 => Some(known(log.clicked_at[m]).unwrap_or(log.sent[m]).max(log.sent[m])),
        _ => None,
    }
}

/// Orders and revenue credited to each message by last touch.
#[derive(Clone, Debug, Default)]
pub struct Credits {
    pub orders: Vec<u32>,
    pub revenue: Vec<f64>,
}

/// Last touch: every purchase is credited to the latest anchor before it, over all messages
/// delivered to the customer, when that anchor's window holds it; otherwise to none.
pub fn last_touch(ds: &Dataset, log: &MessageLog, anchor: Anchor, days: u32) -> Credits {
    let n = log.messages();
    let mut credits = Credits { orders: vec![0; n], revenue: vec![0.0; n] };
    let mut touches: Vec<(i64, u32)> = Vec::new();
    for r in 0..log.recipient_keys.len() {
        let c = log.recipient_customer[r];
        if c == NONE {
            continue;
        }
        touches.clear();
        // Only delivered messages touch: a bounced one was never seen.
        for m in log.recipient_messages(r) {
            if log.flags[m] & (CONTROL | DELIVERED) == DELIVERED {
                if let Some(a) = anchor_of(log, m, anchor) {
                    touches.push((a, m as u32));
                }
            }
        }
        if touches.is_empty() {
            continue;
        }
        touches.sort_unstable();
        for o in ds.customer_orders(c as usize) {
            let amount = ds.order_amount[o];
            if amount < 0.0 {
                continue;
            }
            let (day, time) = (ds.order_date[o], ds.order_time[o]);
            let key = order_key(day, time);
            let before = touches.partition_point(|&(a, _)| a < key);
            if before == 0 {
                continue;
            }
            let (a, m) = touches[before - 1];
            if in_window(a, days, day, time) {
                credits.orders[m as usize] += 1;
                credits.revenue[m as usize] += amount;
            }
        }
    }
    credits
}

/// Purchases of customer `c` in the window after `anchor`, whatever else was sent (for arms
/// compared with a control group): (orders, revenue).
pub fn purchases_after(ds: &Dataset, c: u32, anchor: i64, days: u32) -> (u32, f64) {
    if c == NONE {
        return (0, 0.0);
    }
    let mut orders = 0;
    let mut revenue = 0.0;
    for o in ds.customer_orders(c as usize) {
        let amount = ds.order_amount[o];
        if amount >= 0.0 && in_window(anchor, days, ds.order_date[o], ds.order_time[o]) {
            orders += 1;
            revenue += amount;
        }
    }
    (orders, revenue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_edges() {
        let send = 100 * DAY + 10 * 3600; // day 100, 10:00
        // At the anchor: never; one second after: yes; exactly 5 days later: yes; one second more: no.
        assert!(!in_window(send, 5, 100, 10 * 3600));
        assert!(in_window(send, 5, 100, 10 * 3600 + 1));
        assert!(in_window(send, 5, 105, 10 * 3600));
        assert!(!in_window(send, 5, 105, 10 * 3600 + 1));
        assert!(!in_window(send, 5, 100, 9 * 3600), "before the send");
        // Date-only orders: the send day through 5 days later.
        assert!(in_window(send, 5, 100, NONE));
        assert!(in_window(send, 5, 105, NONE));
        assert!(!in_window(send, 5, 106, NONE));
        assert!(!in_window(send, 5, 99, NONE));
        assert!(order_key(100, NONE) > send && order_key(100, 9 * 3600) < send);
    }
}
