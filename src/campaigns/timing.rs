//! When to send and how often (`docs/campaigns.md` §6): `ds.sendTimes()` — opens and conversions
//! by send hour × weekday, with counts so sparse cells show as sparse; `ds.fatigue()` —
//! unsubscribe, block and spam rates by how many messages the recipient had in the 30 days
//! before, and block rate by channel.

use super::attribution::{last_touch, Anchor};
use super::dims::WEEKDAYS;
use super::log::{BLOCKED, CONTROL, DELIVERED, OPENED, SPAM, UNSUBSCRIBED};
use super::rates::{log_of, selected_units, unit_outcomes, Rate};
use crate::dataset::Dataset;
use crate::error::Result;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq)]
pub struct SendTimesParams {
    pub campaigns: Option<Vec<String>>,
    pub attribution: Anchor,
    pub attribution_days: u32,
    /// Cells with fewer units are marked sparse.
    pub min_units: u64,
}

impl Default for SendTimesParams {
    fn default() -> Self {
        SendTimesParams { campaigns: None, attribution: Anchor::Send, attribution_days: 5, min_units: 30 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendTimeCell {
    pub hour: u32,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
    pub units: u64,
    pub opened: u64,
    pub converted: u64,
    pub open_rate: Rate,
    pub conversion_rate: Rate,
    pub sparse: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendTimesResult {
    pub weekdays: Vec<&'static str>,
    /// 24 × 7 cells, hour-major (`cells[hour * 7 + weekday]`); units sent without a time are left out.
    pub cells: Vec<SendTimeCell>,
    /// Totals per hour and per weekday.
    pub by_hour: Vec<SendTimeCell>,
    pub by_weekday: Vec<SendTimeCell>,
    /// Units whose send had no time (not in the grid).
    pub untimed: u64,
    pub min_units: u64,
}

#[derive(Clone, Copy, Default)]
struct Count {
    units: u64,
    open_known: u64,
    opened: u64,
    converted: u64,
}

impl Count {
    fn cell(&self, hour: u32, weekday: u32, min_units: u64) -> SendTimeCell {
        SendTimeCell {
            hour,
            weekday,
            units: self.units,
            opened: self.opened,
            converted: self.converted,
            open_rate: if self.open_known > 0 { Rate::of(self.opened, self.open_known) } else { Rate::unknown() },
            conversion_rate: Rate::of(self.converted, self.units),
            sparse: self.units < min_units,
        }
    }
}

pub fn send_times(ds: &Dataset, p: &SendTimesParams) -> Result<SendTimesResult> {
    let log = log_of(ds)?;
    let selected = selected_units(log, p.campaigns.as_deref(), "campaigns")?;
    let outcomes = unit_outcomes(log, &last_touch(ds, log, p.attribution, p.attribution_days));
    let mut grid = vec![Count::default(); 24 * 7];
    let mut untimed = 0;
    for u in (0..log.units()).filter(|&u| selected[u]) {
        let flags = log.unit_flags[u];
        if flags & (CONTROL | DELIVERED) != DELIVERED {
            continue;
        }
        let m = log.unit_first[u] as usize;
        if !log.sent_timed[m] {
            untimed += 1;
            continue;
        }
        let hour = (log.sent[m].rem_euclid(86_400) / 3600) as usize;
        // 1970-01-01 was a Thursday.
        let weekday = (log.sent[m].div_euclid(86_400) + 3).rem_euclid(7) as usize;
        let c = &mut grid[hour * 7 + weekday];
        c.units += 1;
        if log.known.opens[log.channel[m] as usize] {
            c.open_known += 1;
            c.opened += (flags & OPENED != 0) as u64;
        }
        c.converted += (outcomes.orders[u] > 0) as u64;
    }
    let sum = |cells: &mut dyn Iterator<Item = &Count>| {
        let mut t = Count::default();
        for c in cells {
            t.units += c.units;
            t.open_known += c.open_known;
            t.opened += c.opened;
            t.converted += c.converted;
        }
        t
    };
    Ok(SendTimesResult {
        weekdays: WEEKDAYS.to_vec(),
        cells: (0..24 * 7).map(|i| grid[i].cell((i / 7) as u32, (i % 7) as u32, p.min_units)).collect(),
        by_hour: (0..24).map(|h| sum(&mut grid[h * 7..h * 7 + 7].iter()).cell(h as u32, 7, p.min_units)).collect(),
        by_weekday: (0..7).map(|w| sum(&mut (0..24).map(|h| &grid[h * 7 + w])).cell(24, w as u32, p.min_units)).collect(),
        untimed,
        min_units: p.min_units,
    })
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FatigueParams {
    pub campaigns: Option<Vec<String>>,
    /// Days counted back for "messages received before" (default 30).
    pub window_days: u32,
}

/// Buckets of "messages in the previous `windowDays`".
pub const FATIGUE_BUCKETS: [(&str, u32, u32); 7] = [("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4", 4, 4), ("5-9", 5, 9), ("10+", 10, u32::MAX)];

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FatigueRow {
    /// The bucket (`"0"`, …, `"5-9"`, `"10+"`) or the channel.
    pub label: String,
    pub messages: u64,
    pub unsubscribed: u64,
    pub blocked: u64,
    pub spam: u64,
    pub unsubscribe_rate: Rate,
    pub block_rate: Rate,
    pub spam_rate: Rate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FatigueResult {
    pub window_days: u32,
    pub by_recent_messages: Vec<FatigueRow>,
    pub by_channel: Vec<FatigueRow>,
}

#[derive(Clone, Copy, Default)]
struct Opt {
    messages: u64,
    unsubscribed: u64,
    blocked: u64,
    spam: u64,
}

pub fn fatigue(ds: &Dataset, p: &FatigueParams) -> Result<FatigueResult> {
    let log = log_of(ds)?;
    let selected = selected_units(log, p.campaigns.as_deref(), "campaigns")?;
    let window = p.window_days.max(1) as i64 * 86_400;
    let mut buckets = vec![Opt::default(); FATIGUE_BUCKETS.len()];
    let mut channels = vec![Opt::default(); log.channels.len()];
    for r in 0..log.recipient_keys.len() {
        let range = log.recipient_messages(r);
        // Messages of this recipient, by send time: count those in the window before each.
        let mut start = range.start;
        for m in range.clone() {
            if log.flags[m] & CONTROL != 0 {
                continue;
            }
            while start < m && (log.sent[start] <= log.sent[m] - window || log.flags[start] & CONTROL != 0) {
                start += 1;
            }
            let before = (start..m).filter(|&k| log.flags[k] & CONTROL == 0 && log.sent[k] < log.sent[m]).count() as u32;
            if !selected[log.unit_of_message[m] as usize] || log.flags[m] & DELIVERED == 0 {
                continue;
            }
            let b = FATIGUE_BUCKETS.iter().position(|&(_, lo, hi)| (lo..=hi).contains(&before)).unwrap_or(FATIGUE_BUCKETS.len() - 1);
            let f = log.flags[m];
            for o in [&mut buckets[b], &mut channels[log.channel[m] as usize]] {
                o.messages += 1;
                o.unsubscribed += (f & UNSUBSCRIBED != 0) as u64;
                o.blocked += (f & BLOCKED != 0) as u64;
                o.spam += (f & SPAM != 0) as u64;
            }
        }
    }
    let known = &log.known;
    let row = |label: String, o: &Opt| FatigueRow {
        label,
        messages: o.messages,
        unsubscribed: o.unsubscribed,
        blocked: o.blocked,
        spam: o.spam,
        unsubscribe_rate: if known.unsubscribes { Rate::of(o.unsubscribed, o.messages) } else { Rate::unknown() },
        block_rate: if known.blocks { Rate::of(o.blocked, o.messages) } else { Rate::unknown() },
        spam_rate: if known.spam { Rate::of(o.spam, o.messages) } else { Rate::unknown() },
    };
    Ok(FatigueResult {
        window_days: p.window_days.max(1),
        by_recent_messages: FATIGUE_BUCKETS.iter().zip(&buckets).map(|(&(l, _, _), o)| row(l.to_string(), o)).collect(),
        by_channel: log.channels.iter().zip(&channels).map(|(c, o)| row(c.clone(), o)).collect(),
    })
}
