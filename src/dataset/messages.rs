//! The message log held by a dataset (built by `campaigns::log::add_messages`). Its types live
//! here, beside the dataset that owns them, so the dataset never depends on the analyses.

use super::Dictionary;
use crate::report::{ColumnMatch, Rejection, Warning};
use serde::Serialize;
use std::collections::BTreeMap;

pub const OPENED: u8 = 1;
pub const CLICKED: u8 = 2;
pub const DELIVERED: u8 = 4;
pub const BOUNCED: u8 = 8;
pub const UNSUBSCRIBED: u8 = 16;
pub const SPAM: u8 = 32;
pub const BLOCKED: u8 = 64;
pub const CONTROL: u8 = 128;

/// No time known (an opened flag without a time).
pub const NO_TIME: i64 = i64::MIN;

/// Which outcomes the log can tell at all: a rate it cannot tell is `NaN`, not 0.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Known {
    /// Per channel index: the log says which messages were delivered.
    pub delivery: Vec<bool>,
    /// Per channel index.
    pub opens: Vec<bool>,
    pub clicks: Vec<bool>,
    pub bounces: bool,
    pub unsubscribes: bool,
    pub spam: bool,
    pub blocks: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddMessagesReport {
    pub rows: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub rejected: Vec<Rejection>,
    /// The layout recognised (`sendgrid`, …) or `generic`.
    pub format: &'static str,
    /// `messages` (one row per message) or `events` (one row per event).
    pub mode: &'static str,
    pub encoding: &'static str,
    pub columns: Vec<ColumnMatch>,
    pub unmapped_headers: Vec<String>,
    /// Messages sent (control rows not counted).
    pub messages: u64,
    /// Distinct recipients of the messages sent.
    pub recipients: u64,
    /// Recipients that are customers of the order history (the others never bought).
    pub matched: u64,
    pub unmatched: u64,
    /// Of `matched`: recipients keyed by e-mail, joined to a member through the order file's
    /// e-mail column.
    pub matched_by_email: u64,
    pub campaigns: u64,
    /// Scenario campaigns (ステップメール): ≥ 2 steps in the `step` column, or, without one, a
    /// recipient sent the campaign more than once. In the order they started.
    pub step_campaigns: Vec<String>,
    pub channels: Vec<String>,
    pub delivered: u64,
    pub opened: u64,
    pub clicked: u64,
    pub bounced: u64,
    pub unsubscribed: u64,
    pub spam: u64,
    pub blocked: u64,
    /// Control-group rows (customers deliberately not sent).
    pub control: u64,
    /// Event types not used, by their folded name.
    pub ignored_events: BTreeMap<String, u64>,
    pub first_sent: String,
    pub last_sent: String,
    /// The offset Unix and zoned times were shown in (`+09:00`).
    pub utc_offset: String,
    pub warnings: Vec<Warning>,
}

/// The loaded message log.
#[derive(Clone, Debug, Default)]
pub struct MessageLog {
    pub recipient_keys: Dictionary,
    /// Per recipient: its customer index in the order history, or `NONE`.
    pub recipient_customer: Vec<u32>,
    pub campaigns: Dictionary,
    pub variants: Dictionary,
    pub subjects: Dictionary,
    pub steps: Dictionary,
    pub channels: Vec<String>,
    /// Messages of recipient `r`: `recipient_offsets[r] .. recipient_offsets[r + 1]`, by send time.
    pub recipient_offsets: Vec<u32>,
    pub recipient: Vec<u32>,
    pub campaign: Vec<u32>,
    pub channel: Vec<u8>,
    /// `NONE` = no variant / subject / step.
    pub variant: Vec<u32>,
    pub subject: Vec<u32>,
    pub step: Vec<u32>,
    /// Local time stamps (seconds since 1970-01-01 local); a send without a time is its day's start.
    pub sent: Vec<i64>,
    pub sent_timed: Vec<bool>,
    /// First open / click, or [`NO_TIME`] (the flag may still be set).
    pub opened_at: Vec<i64>,
    pub clicked_at: Vec<i64>,
    pub flags: Vec<u8>,
    /// The unit of each message: one per (recipient, campaign, control or not).
    pub unit_of_message: Vec<u32>,
    /// First message of each unit (its variant, subject, channel and send time).
    pub unit_first: Vec<u32>,
    /// Outcomes of any of the unit's messages.
    pub unit_flags: Vec<u8>,
    /// First send of each campaign (its start, the day segments are taken at).
    pub campaign_start: Vec<i64>,
    pub known: Known,
    pub report: AddMessagesReport,
}

impl MessageLog {
    pub fn messages(&self) -> usize {
        self.sent.len()
    }
    pub fn units(&self) -> usize {
        self.unit_first.len()
    }
    pub fn recipient_messages(&self, r: usize) -> std::ops::Range<usize> {
        self.recipient_offsets[r] as usize..self.recipient_offsets[r + 1] as usize
    }
    pub fn channel_name(&self, m: usize) -> &str {
        &self.channels[self.channel[m] as usize]
    }
    pub fn memory_bytes(&self) -> usize {
        let n = self.sent.len();
        self.recipient_keys.memory_bytes()
            + self.campaigns.memory_bytes()
            + self.variants.memory_bytes()
            + self.subjects.memory_bytes()
            + self.steps.memory_bytes()
            + (self.recipient_offsets.len() + self.recipient_customer.len()) * 4
            + n * (4 * 6 + 1 + 8 * 3 + 1 + 1)
            + self.unit_first.len() * 5
            + self.campaign_start.len() * 8
    }
}
