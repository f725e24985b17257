//! The message log as loaded (`ds.addMessages`): messages grouped by recipient in send order
//! (CSR, like orders by customer), their outcomes as flags, and the units every rate counts — one
//! per (recipient, campaign, sent or control) — built once at load. Event logs are folded into
//! messages here (`docs/campaigns.md` §1).

use super::profiles;
use super::table::{self, Event, Instant, Messages, MESSAGES};
use crate::ingest::profiles::Headers;
use crate::dataset::{Dataset, Dictionary, Interner, NONE};
use crate::dates::format_date;
use crate::error::Result;
use crate::hash::FxHashMap;
use crate::ingest::rules;
use crate::report::Warning;
use crate::table::{self as reader, ReadOptions};
use std::collections::BTreeMap;

pub use crate::dataset::messages::{AddMessagesReport, Known, MessageLog, BLOCKED, BOUNCED, CLICKED, CONTROL, DELIVERED, NO_TIME, OPENED, SPAM, UNSUBSCRIBED};

/// Validated options of `addMessages`.
#[derive(Clone, Debug, Default)]
pub struct AddMessagesParams {
    pub read: ReadOptions,
    /// Seconds east of UTC that Unix times and zoned times are shown in; `None` = +09:00 for an
    /// order history in yen (or of unknown currency), else UTC.
    pub utc_offset: Option<i32>,
    /// The channel when the file has no channel column (default `email`).
    pub channel: Option<String>,
    /// The campaign of rows without one (a file per send, such as Synergy!'s export).
    pub campaign: Option<String>,
}

/// Campaigns whose messages come in steps (see [`AddMessagesReport::step_campaigns`]).
fn step_campaigns(log: &MessageLog) -> Vec<String> {
    let n = log.campaigns.len();
    let mut first_step = vec![NONE; n];
    let mut stepped = vec![false; n];
    let mut unit_messages = vec![0u32; log.units()];
    for m in 0..log.messages() {
        let c = log.campaign[m] as usize;
        if log.flags[m] & CONTROL != 0 {
            continue;
        }
        match (log.step[m], first_step[c]) {
            (NONE, _) => {
                let u = log.unit_of_message[m] as usize;
                unit_messages[u] += 1;
                stepped[c] |= unit_messages[u] > 1;
            }
            (s, NONE) => first_step[c] = s,
            (s, f) => stepped[c] |= s != f,
        }
    }
    let mut order: Vec<(i64, usize)> = (0..n).filter(|&c| stepped[c]).map(|c| (log.campaign_start[c], c)).collect();
    order.sort_unstable();
    order.into_iter().map(|(_, c)| log.campaigns.get(c as u32).to_string()).collect()
}

/// One message while reading, before grouping by recipient.
#[derive(Clone, Copy)]
struct Draft {
    recipient: u32,
    campaign: u32,
    channel: u8,
    variant: u32,
    subject: u32,
    step: u32,
    /// `None` for a control row without a time: the campaign's first send.
    sent: Option<i64>,
    sent_timed: bool,
    opened_at: i64,
    clicked_at: i64,
    flags: u8,
}

/// An event row while reading an event log.
#[derive(Clone, Copy)]
struct EventRow {
    key: u32,
    draft: Draft,
    time: i64,
    timed: bool,
    event: Event,
    order: u32,
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let a = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
}

fn intern(interner: &mut Interner, cell: Option<&[u8]>) -> u32 {
    match cell.filter(|c| !c.is_empty()) {
        Some(c) => interner.intern(c).0,
        None => NONE,
    }
}

/// Open a message log: the layout recognised, its columns, and the row reader for it.
fn open<'a>(bytes: &'a [u8], read: &ReadOptions, utc_offset: i32) -> Result<(reader::Source<'a>, Option<&'static profiles::MessageProfile>, Messages)> {
    let detected = std::cell::Cell::new(None);
    let source = reader::open_with(bytes, &MESSAGES, read, &|headers| {
        let headers = Headers::new(headers);
        let profile = profiles::detect(&headers);
        detected.set(profile);
        profile.map_or_else(Vec::new, |p| profiles::columns(p, &headers))
    })?;
    let profile = detected.get();
    let headers = Headers::new(&source.headers);
    let table = Messages {
        utc_offset,
        events: source.mapping.get(table::EVENT).is_some(),
        fallbacks: profile.map_or(&[][..], |p| p.fallbacks).iter().filter_map(|&(f, h)| Some((f, headers.position(h)?))).collect(),
        recipient_fallback: profile.and_then(|p| p.recipient_fallback).and_then(|h| headers.position(h)),
        written_zone: profile.and_then(|p| p.written_zone),
    };
    Ok((source, profile, table))
}

/// `inspectCsv(bytes, { table: 'messages' })`: the mapping step for a message log, with the
/// layout recognised (`format`). Times are previewed as read in Japan (+09:00).
pub fn inspect(bytes: &[u8], read: &ReadOptions, max_rows: usize, truncated: bool) -> Result<reader::Inspection> {
    let sample = reader::sample_of(bytes, truncated);
    let (source, profile, table) = open(sample, read, 9 * 3600)?;
    Ok(reader::inspect_source(source, &table, max_rows, sample.len(), profile.map_or("generic", |p| p.name)))
}

/// Read a message log and attach it to `ds` (replacing an earlier one).
pub fn add_messages(ds: &mut Dataset, bytes: &[u8], params: &AddMessagesParams) -> Result<AddMessagesReport> {
    let utc_offset = params.utc_offset.unwrap_or(if matches!(ds.source.currency.as_str(), "JPY" | "") { 9 * 3600 } else { 0 });
    let (source, profile, messages_table) = open(bytes, &params.read, utc_offset)?;
    source.check_required()?;
    let events = messages_table.events;
    let default_channel = params.channel.clone().unwrap_or_else(|| "email".to_string());
    let default_campaign = params.campaign.clone().unwrap_or_default();

    let mut recipients = Interner::default();
    let mut campaigns = Interner::default();
    let mut variants = Interner::default();
    let mut subjects = Interner::default();
    let mut steps = Interner::default();
    let mut keys = Interner::default();
    let mut channels: Vec<String> = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut event_rows: Vec<EventRow> = Vec::new();
    let mut ignored: BTreeMap<String, u64> = BTreeMap::new();
    let mut moved = 0u64;
    let mut seen_events = [false; 10];
    // Channels with an open seen as such (a click alone does not say the channel tells opens).
    let mut opens_seen: Vec<bool> = Vec::new();
    let mut delivered_seen: Vec<bool> = Vec::new();
    // Blocks / unsubscribes without a campaign: (recipient, channel, time, event).
    let mut loose: Vec<(u32, u8, i64, Event)> = Vec::new();
    let salt = ds.guest_salt.clone();
    let member_emails = &ds.member_emails;
    let customer_ids = &ds.customer_ids;
    // Recipients keyed by a member's e-mail address (reported as `matchedByEmail`).
    let mut joined_by_email: std::collections::BTreeSet<u32> = std::collections::BTreeSet::new();

    let outcome = source.read(&messages_table, params.read.on_invalid_row, &mut |_| {}, |m: table::MessageRow<'_>, _line| {
        let row = m.row;
        let t = &messages_table;
        let recipient = match (t.recipient_id(&row), t.cell(&row, table::EMAIL)) {
            (Some(id), _) => recipients.intern(rules::excel_id(id)).0,
            (None, Some(cell)) => {
                let Some(key) = rules::email_key(cell) else {
                    return Err((
                        crate::report::RejectCode::MissingCustomer,
                        format!("no recipient: \"{}\" in column \"{}\" is not an e-mail address", crate::text::lossy(cell), row.header(table::EMAIL)),
                    ));
                };
                // A member whose address the order file gave, else the guest key of the address.
                let hash = rules::guest_hash(&salt, "email", &key);
                match member_emails.get(&hash) {
                    Some(&c) if c != NONE => {
                        let r = recipients.intern(customer_ids.get(c).as_bytes()).0;
                        joined_by_email.insert(r);
                        r
                    }
                    _ => recipients.intern(rules::guest_id_of(hash).as_bytes()).0,
                }
            }
            (None, None) => recipients.intern(t.recipient_fallback.map(|c| row.cell(c)).unwrap_or_default()).0,
        };
        let (event, named_channel) = if events {
            let (e, named) = table::event_of(t.cell(&row, table::EVENT).unwrap_or_default(), "");
            (Some(e), named)
        } else {
            (None, None)
        };
        let channel_name = named_channel.unwrap_or_else(|| row.non_empty(table::CHANNEL).map_or_else(|| default_channel.clone(), table::channel_of));
        // With the channel known, `blocked` on e-mail is a bounce.
        let event = event.map(|_| table::event_of(t.cell(&row, table::EVENT).unwrap_or_default(), &channel_name).0);
        let channel = match channels.iter().position(|c| *c == channel_name) {
            Some(i) => i as u8,
            None if channels.len() < 255 => {
                channels.push(channel_name.clone());
                (channels.len() - 1) as u8
            }
            None => return Err((crate::report::RejectCode::FieldCount, "more than 255 channels".into())),
        };
        let variant_cell = t.cell(&row, table::VARIANT);
        let control = table::is_control_row(&row) || variant_cell.is_some_and(table::is_control_variant) || event == Some(Event::Control);
        let campaign_cell = t.cell(&row, table::CAMPAIGN);
        let message_id = t.cell(&row, table::MESSAGE_ID);
        // A block or unsubscribe with no campaign (LINE's unfollow): the recipient's latest message.
        if let (Some(e @ (Event::Block | Event::Unsubscribe | Event::Spam)), None, None) = (event, campaign_cell, message_id) {
            if let Some(time) = m.time {
                loose.push((recipient, channel, time.stamp(), e));
                return Ok(());
            }
        }
        let mut draft = Draft {
            recipient,
            campaign: campaigns.intern(campaign_cell.unwrap_or(default_campaign.as_bytes())).0,
            channel,
            variant: if control { NONE } else { intern(&mut variants, variant_cell) },
            subject: intern(&mut subjects, t.cell(&row, table::SUBJECT)),
            step: intern(&mut steps, t.cell(&row, table::STEP)),
            sent: m.time.map(Instant::stamp),
            sent_timed: m.time.is_some_and(|t| t.seconds.is_some()),
            opened_at: NO_TIME,
            clicked_at: NO_TIME,
            flags: if control { CONTROL } else { 0 },
        };
        if m.moved {
            moved += 1;
        }
        if events {
            let Some(time) = m.time else {
                return Err((crate::report::RejectCode::MissingDate, "the event time is empty".into()));
            };
            let event = event.unwrap_or(Event::Other);
            if event == Event::Other {
                let name = String::from_utf8_lossy(t.cell(&row, table::EVENT).unwrap_or_default()).trim().to_lowercase();
                *ignored.entry(crate::text::clip(&name)).or_insert(0) += 1;
            }
            seen_events[event as usize] = true;
            for (kind, seen) in [(Event::Open, &mut opens_seen), (Event::Delivered, &mut delivered_seen)] {
                if event == kind {
                    seen.resize(seen.len().max(channel as usize + 1), false);
                    seen[channel as usize] = true;
                }
            }
            // Events of one message: the recipient and its id, else the recipient's campaign,
            // variant and subject.
            let key = match message_id {
                Some(id) => {
                    let mut k = draft.recipient.to_le_bytes().to_vec();
                    k.extend_from_slice(id);
                    keys.intern(&k).0
                }
                None => {
                    let mut k = Vec::with_capacity(24);
                    for part in [draft.recipient, draft.campaign, draft.variant, draft.subject, draft.flags as u32] {
                        k.extend_from_slice(&part.to_le_bytes());
                    }
                    keys.intern(&k).0
                }
            };
            event_rows.push(EventRow { key, draft, time: time.stamp(), timed: time.seconds.is_some(), event, order: event_rows.len() as u32 });
        } else {
            if let Some(cell) = row.non_empty(table::OPENED_AT) {
                if let Some((t, _)) = table::parse_instant(cell, utc_offset) {
                    draft.flags |= OPENED;
                    draft.opened_at = t.stamp();
                } else if table::flag(cell) {
                    draft.flags |= OPENED;
                }
                if draft.flags & OPENED != 0 {
                    opens_seen.resize(opens_seen.len().max(channel as usize + 1), false);
                    opens_seen[channel as usize] = true;
                }
            }
            if let Some(cell) = row.non_empty(table::CLICKED_AT) {
                if let Some((t, _)) = table::parse_instant(cell, utc_offset) {
                    draft.flags |= CLICKED | OPENED;
                    draft.clicked_at = t.stamp();
                } else if table::flag(cell) {
                    draft.flags |= CLICKED | OPENED;
                }
            }
            for (field, bit) in [(table::DELIVERED, DELIVERED), (table::BOUNCED, BOUNCED), (table::UNSUBSCRIBED, UNSUBSCRIBED), (table::SPAM, SPAM), (table::BLOCKED, BLOCKED)] {
                if row.non_empty(field).is_some_and(table::flag) {
                    draft.flags |= bit;
                }
            }
            if draft.flags & CONTROL != 0 {
                draft.flags = CONTROL;
            }
            drafts.push(draft);
        }
        Ok(())
    })?;

    if events {
        drafts = fold_events(event_rows);
    }
    attach_loose(&mut drafts, &loose, &mut ignored);
    let n_campaigns = campaigns.len();
    // A control row without a time takes its campaign's first send.
    let mut campaign_start = vec![i64::MAX; n_campaigns];
    for d in &drafts {
        if let Some(t) = d.sent {
            let s = &mut campaign_start[d.campaign as usize];
            *s = (*s).min(t);
        }
    }
    let mut warnings = source.warnings.clone();
    let mut untimed_control = 0u64;
    drafts.retain_mut(|d| {
        if d.sent.is_none() {
            let start = campaign_start[d.campaign as usize];
            if start == i64::MAX {
                untimed_control += 1;
                return false;
            }
            d.sent = Some(start);
            d.sent_timed = false;
        }
        true
    });
    if untimed_control > 0 {
        warnings.push(Warning {
            code: "control_without_send",
            message: format!("{untimed_control} control rows have no time and their campaign was never sent: they are left out"),
            line: None,
        });
    }
    if events && !seen_events[Event::Sent as usize] && !seen_events[Event::Delivered as usize] {
        warnings.push(Warning {
            code: "no_send_events",
            message: "the log has no send or delivery events: every recipient × campaign with an activity is one message, and recipients who did nothing are missing, so rates cover active recipients only".into(),
            line: None,
        });
    }
    if moved > 0 {
        warnings.push(Warning {
            code: "times_converted",
            message: format!(
                "{moved} times were Unix times or had a time zone; they are shown in UTC{} (option utcOffset)",
                offset_text(utc_offset)
            ),
            line: None,
        });
    }

    let (recipient_keys, _) = recipients.into_dictionary();
    let lookup = ds.customer_ids.index_map();
    let recipient_customer: Vec<u32> = recipient_keys.iter().map(|k| lookup.get(k).copied().unwrap_or(NONE)).collect();
    drop(lookup);
    let dictionaries = [campaigns, variants, subjects, steps];
    let seen = Seen { events: seen_events, opens: opens_seen, delivered: delivered_seen };
    let mut log = build(drafts, recipient_keys, recipient_customer, dictionaries, channels, campaign_start, &outcome, &source, events, utc_offset, ignored, warnings, seen);
    log.report.format = profile.map_or("generic", |p| p.name);
    log.report.step_campaigns = step_campaigns(&log);
    log.report.matched_by_email = joined_by_email.iter().filter(|&&r| log.recipient_messages(r as usize).any(|m| log.flags[m] & CONTROL == 0)).count() as u64;
    if log.report.matched == 0 && ds.customers() > 0 {
        log.report.warnings.push(Warning {
            code: "no_matched_recipients",
            message: if profile.is_some_and(|p| p.tool_ids) {
                format!("no recipient is a customer of the order history: {} ids are the tool's own, not your customer ids; add a column with your customer id or e-mail (columns.customerId / columns.email)", profile.map_or("", |p| p.label))
            } else {
                "no recipient is a customer of the order history: check that the log's customer id or e-mail is the same as the order file's".to_string()
            },
            line: None,
        });
    }
    let report = log.report.clone();
    ds.messages = Some(log);
    Ok(report)
}

/// What the events of a log showed: per event kind, and per channel opens and deliveries.
struct Seen {
    events: [bool; 10],
    opens: Vec<bool>,
    delivered: Vec<bool>,
}

/// Blocks and unsubscribes without a campaign (LINE's `unfollow`) go to the recipient's latest
/// message on that channel sent at or before them; without one they are counted as ignored.
fn attach_loose(drafts: &mut [Draft], loose: &[(u32, u8, i64, Event)], ignored: &mut BTreeMap<String, u64>) {
    if loose.is_empty() {
        return;
    }
    let mut of_recipient: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, d) in drafts.iter().enumerate() {
        if d.flags & CONTROL == 0 {
            of_recipient.entry(d.recipient).or_default().push(i);
        }
    }
    for &(recipient, channel, time, event) in loose {
        let target = of_recipient
            .get(&recipient)
            .and_then(|list| list.iter().filter(|&&i| drafts[i].channel == channel && drafts[i].sent.is_some_and(|s| s <= time)).max_by_key(|&&i| drafts[i].sent));
        match target {
            Some(&i) => {
                drafts[i].flags |= match event {
                    Event::Block => BLOCKED,
                    Event::Unsubscribe => UNSUBSCRIBED,
                    _ => SPAM,
                }
            }
            None => {
                let name = match event {
                    Event::Block => "unattached_block",
                    Event::Unsubscribe => "unattached_unsubscribe",
                    _ => "unattached_spam",
                };
                *ignored.entry(name.into()).or_insert(0) += 1;
            }
        }
    }
}

/// Events → messages: per key, each send (else each delivery, else the first event) starts a
/// message; every event belongs to the latest start at or before it (the first, for earlier ones).
fn fold_events(rows: Vec<EventRow>) -> Vec<Draft> {
    // Sorting plain tuples (no closure) keeps the sort code shared in the wasm.
    let mut keys: Vec<(u32, i64, u32)> = rows.iter().map(|e| (e.key, e.time, e.order)).collect();
    keys.sort_unstable();
    let rows: Vec<EventRow> = keys.iter().map(|k| rows[k.2 as usize]).collect();
    let mut drafts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let key = rows[i].key;
        let mut j = i;
        while j < rows.len() && rows[j].key == key {
            j += 1;
        }
        let group = &rows[i..j];
        let starts_of = |kind: Event| group.iter().filter(|e| e.event == kind).collect::<Vec<_>>();
        let mut starts = starts_of(Event::Sent);
        if starts.is_empty() {
            starts = starts_of(Event::Delivered);
        }
        if starts.is_empty() {
            starts = vec![&group[0]];
        }
        let first = drafts.len();
        for s in &starts {
            let mut d = s.draft;
            d.sent = Some(s.time);
            d.sent_timed = s.timed;
            drafts.push(d);
        }
        for e in group {
            // The latest start at or before the event, else the first.
            let k = starts.iter().rposition(|s| s.time <= e.time).unwrap_or(0);
            let d = &mut drafts[first + k];
            if d.flags & CONTROL != 0 {
                continue;
            }
            let at = if e.timed { e.time } else { NO_TIME };
            let earliest = |old: i64| if old == NO_TIME { at } else if at == NO_TIME { old } else { old.min(at) };
            match e.event {
                Event::Delivered => d.flags |= DELIVERED,
                Event::Open => {
                    d.flags |= OPENED;
                    d.opened_at = earliest(d.opened_at);
                }
                Event::Click => {
                    d.flags |= CLICKED | OPENED;
                    d.clicked_at = earliest(d.clicked_at);
                }
                Event::Bounce => d.flags |= BOUNCED,
                Event::Unsubscribe => d.flags |= UNSUBSCRIBED,
                Event::Spam => d.flags |= SPAM,
                Event::Block => d.flags |= BLOCKED,
                Event::Sent | Event::Other | Event::Control => {}
            }
        }
        i = j;
    }
    drafts
}

#[allow(clippy::too_many_arguments)]
fn build(
    drafts: Vec<Draft>,
    recipient_keys: Dictionary,
    recipient_customer: Vec<u32>,
    [campaigns, variants, subjects, steps]: [Interner; 4],
    channels: Vec<String>,
    campaign_start: Vec<i64>,
    outcome: &reader::Outcome,
    source: &reader::Source<'_>,
    events: bool,
    utc_offset: i32,
    ignored: BTreeMap<String, u64>,
    warnings: Vec<Warning>,
    seen: Seen,
) -> MessageLog {
    let Seen { events: seen_events, opens: opens_seen, delivered: delivered_seen } = seen;
    let mapping = &source.mapping;
    let mut keys: Vec<(u32, i64, u32, u32)> = drafts.iter().enumerate().map(|(i, d)| (d.recipient, d.sent.unwrap_or(0), d.campaign, i as u32)).collect();
    keys.sort_unstable();
    let drafts: Vec<Draft> = keys.iter().map(|k| drafts[k.3 as usize]).collect();
    let n = drafts.len();
    let n_recipients = recipient_keys.len();
    let mut log = MessageLog {
        recipient_customer,
        channels,
        campaign_start,
        recipient_offsets: vec![0; n_recipients + 1],
        ..Default::default()
    };
    for d in &drafts {
        log.recipient_offsets[d.recipient as usize + 1] += 1;
    }
    for r in 0..n_recipients {
        log.recipient_offsets[r + 1] += log.recipient_offsets[r];
    }
    log.recipient.reserve_exact(n);
    for d in &drafts {
        log.recipient.push(d.recipient);
        log.campaign.push(d.campaign);
        log.channel.push(d.channel);
        log.variant.push(d.variant);
        log.subject.push(d.subject);
        log.step.push(d.step);
        log.sent.push(d.sent.unwrap_or(0));
        log.sent_timed.push(d.sent_timed);
        log.opened_at.push(d.opened_at);
        log.clicked_at.push(d.clicked_at);
        log.flags.push(d.flags);
    }
    // Delivery, per channel: said by the log, or implied by not bouncing.
    let has = |f: usize| mapping.get(f).is_some();
    let mut delivery: Vec<bool> = if events { delivered_seen } else { vec![has(table::DELIVERED); log.channels.len()] };
    delivery.resize(log.channels.len(), false);
    for (f, &c) in log.flags.iter_mut().zip(&log.channel) {
        if *f & CONTROL == 0 && (*f & (OPENED | CLICKED) != 0 || (!delivery[c as usize] && *f & BOUNCED == 0)) {
            *f |= DELIVERED;
        }
    }
    // Units: (recipient, campaign, control), in the order of their first message.
    log.unit_of_message = vec![NONE; n];
    let mut unit_key: FxHashMap<(u32, u32, bool), u32> = FxHashMap::default();
    for r in 0..n_recipients {
        unit_key.clear();
        for m in log.recipient_messages(r) {
            let key = (r as u32, log.campaign[m], log.flags[m] & CONTROL != 0);
            let next = log.unit_first.len() as u32;
            let u = *unit_key.entry(key).or_insert(next);
            if u == next {
                log.unit_first.push(m as u32);
                log.unit_flags.push(0);
            }
            log.unit_of_message[m] = u;
            log.unit_flags[u as usize] |= log.flags[m];
        }
    }
    // What the log can tell, per channel.
    let opens_in_file = if events { seen_events[Event::Open as usize] } else { has(table::OPENED_AT) };
    let clicks_in_file = if events { seen_events[Event::Click as usize] } else { has(table::CLICKED_AT) };
    let mut opened_on = opens_seen;
    opened_on.resize(log.channels.len(), false);
    let mut clicked_on = vec![false; log.channels.len()];
    for m in 0..n {
        clicked_on[log.channel[m] as usize] |= log.flags[m] & CLICKED != 0;
    }
    log.known = Known {
        delivery,
        opens: log.channels.iter().enumerate().map(|(c, name)| opens_in_file && (matches!(name.as_str(), "email" | "push") || opened_on[c])).collect(),
        clicks: log.channels.iter().enumerate().map(|(c, name)| clicks_in_file && (name != "dm" || clicked_on[c])).collect(),
        bounces: if events { seen_events[Event::Bounce as usize] } else { has(table::BOUNCED) },
        unsubscribes: if events { seen_events[Event::Unsubscribe as usize] } else { has(table::UNSUBSCRIBED) },
        spam: if events { seen_events[Event::Spam as usize] } else { has(table::SPAM) },
        blocks: if events { seen_events[Event::Block as usize] } else { has(table::BLOCKED) },
    };

    let sent_messages: Vec<usize> = (0..n).filter(|&m| log.flags[m] & CONTROL == 0).collect();
    let count = |bit: u8| sent_messages.iter().filter(|&&m| log.flags[m] & bit != 0).count() as u64;
    let mut recipient_sent = vec![false; n_recipients];
    for &m in &sent_messages {
        recipient_sent[log.recipient[m] as usize] = true;
    }
    let recipients = recipient_sent.iter().filter(|&&s| s).count() as u64;
    let matched = (0..n_recipients).filter(|&r| recipient_sent[r] && log.recipient_customer[r] != NONE).count() as u64;
    let first = sent_messages.iter().map(|&m| log.sent[m]).min();
    let last = sent_messages.iter().map(|&m| log.sent[m]).max();
    log.report = AddMessagesReport {
        rows: outcome.rows,
        rows_accepted: outcome.accepted,
        rows_rejected: outcome.rejected_counts.total(),
        rejected: outcome.rejected.clone(),
        format: "generic",
        mode: if events { "events" } else { "messages" },
        encoding: source.encoding,
        columns: mapping.matches.clone(),
        unmapped_headers: mapping.unmapped.clone(),
        messages: sent_messages.len() as u64,
        recipients,
        matched,
        unmatched: recipients - matched,
        matched_by_email: 0,
        step_campaigns: Vec::new(),
        campaigns: campaigns.len() as u64,
        channels: log.channels.clone(),
        delivered: count(DELIVERED),
        opened: count(OPENED),
        clicked: count(CLICKED),
        bounced: count(BOUNCED),
        unsubscribed: count(UNSUBSCRIBED),
        spam: count(SPAM),
        blocked: count(BLOCKED),
        control: (n - sent_messages.len()) as u64,
        ignored_events: ignored,
        first_sent: first.map(|t| format_date(t.div_euclid(86_400) as i32)).unwrap_or_default(),
        last_sent: last.map(|t| format_date(t.div_euclid(86_400) as i32)).unwrap_or_default(),
        utc_offset: offset_text(utc_offset),
        warnings,
    };
    if let Some(w) = outcome.rejected_warning() {
        log.report.warnings.push(w);
    }
    log.recipient_keys = recipient_keys;
    log.campaigns = campaigns.into_dictionary().0;
    log.variants = variants.into_dictionary().0;
    log.subjects = subjects.into_dictionary().0;
    log.steps = steps.into_dictionary().0;
    log
}
