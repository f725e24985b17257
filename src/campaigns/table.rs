//! The **messages** table (`ds.addMessages`) over the one reader ([`crate::table`]): one row per
//! message sent, or one row per event (sent, delivered, open, click, bounce, unsubscribe, spam,
//! block) — the file is an event log when it has an event-type column. The words of event types,
//! channels, flags and control groups are those of `docs/campaigns.md` §1.

use crate::dates::{days_from_civil, parse_date_bytes, parse_date_in, DateOrder};
use crate::report::RejectCode;
use crate::table::{FieldSpec, Reject, Required, RowView, Table, TableSpec};
use crate::text::lossy;

/// Positions of the fields in [`MESSAGES`].
pub const CUSTOMER_ID: usize = 0;
pub const EMAIL: usize = 1;
pub const CAMPAIGN: usize = 2;
pub const MESSAGE_ID: usize = 3;
pub const CHANNEL: usize = 4;
pub const VARIANT: usize = 5;
pub const SUBJECT: usize = 6;
pub const STEP: usize = 7;
pub const EVENT: usize = 8;
pub const EVENT_AT: usize = 9;
pub const SENT_AT: usize = 10;
pub const OPENED_AT: usize = 11;
pub const CLICKED_AT: usize = 12;
pub const DELIVERED: usize = 13;
pub const BOUNCED: usize = 14;
pub const UNSUBSCRIBED: usize = 15;
pub const SPAM: usize = 16;
pub const BLOCKED: usize = 17;
pub const CONTROL: usize = 18;

const fn optional(name: &'static str, label: &'static str, description: &'static str, aliases: &'static [&'static str]) -> FieldSpec {
    FieldSpec { name, label, description, aliases, required: Required::No, empty: RejectCode::FieldCount, bad: RejectCode::FieldCount }
}

/// The message log. Field order is mapping order: the event time claims `timestamp` before the
/// send time does, and outcome columns come after both.
pub static MESSAGES: TableSpec = TableSpec {
    name: "messages",
    fields: &[
        FieldSpec {
            name: "customerId",
            label: "customer id",
            description: "the customer id (e.g. customer_id / 顧客ID / 会員ID), or the recipient's e-mail",
            aliases: &[
                "customerid", "customerno", "customernumber", "customercode", "memberid", "userid", "externalid", "externaluserid", "顧客id",
                "顧客番号", "顧客コード", "会員id", "会員番号", "会員コード", "ユーザーid", "お客様番号",
            ],
            required: Required::Unless(&["email"]),
            empty: RejectCode::MissingCustomer,
            bad: RejectCode::MissingCustomer,
        },
        optional(
            "email",
            "e-mail",
            "the recipient's e-mail (e.g. email / メールアドレス)",
            &["email", "emailaddress", "recipient", "recipientemail", "to", "mailaddress", "メールアドレス", "eメール", "宛先", "配信先アドレス", "アドレス"],
        ),
        optional(
            "campaign",
            "campaign",
            "the campaign (e.g. campaign / 施策 / キャンペーン / シナリオ)",
            &[
                "campaignname", "campaign", "campaigntitle", "campaignid", "flowname", "scenario", "施策名", "施策", "キャンペーン名", "キャンペーン",
                "シナリオ名", "シナリオ", "配信名", "メール名", "配信タイトル", "配信id",
            ],
        ),
        optional("messageId", "message id", "the message id (e.g. message_id / sg_message_id)", &["messageid", "sgmessageid", "msgid", "dispatchid", "送信id", "メッセージid"]),
        optional("channel", "channel", "the channel (e-mail, LINE, SMS, push, DM; e.g. channel / チャネル)", &["channel", "medium", "チャネル", "チャンネル", "媒体", "配信媒体", "配信チャネル"]),
        optional(
            "variant",
            "variant",
            "the A/B variant or group (e.g. variant / パターン)",
            &["variant", "variation", "abvariant", "abtest", "testgroup", "group", "パターン", "バリエーション", "abパターン", "テストパターン", "グループ"],
        ),
        optional("subject", "subject", "the subject line (e.g. subject / 件名)", &["subject", "subjectline", "title", "件名", "タイトル", "メール件名"]),
        optional("step", "step", "the step of a step mail (e.g. step / ステップ)", &["step", "stepno", "stepnumber", "ステップ", "ステップ数", "配信ステップ", "通数"]),
        optional(
            "event",
            "event type",
            "the event type of an event log (e.g. event / イベント)",
            &["event", "eventtype", "eventname", "type", "activity", "action", "metric", "イベント", "イベント種別", "アクション", "反応", "種別"],
        ),
        optional(
            "eventAt",
            "event time",
            "the time of the event (e.g. timestamp / イベント日時)",
            &["timestamp", "eventtime", "eventat", "eventdate", "occurredat", "activitytime", "time", "datetime", "イベント日時", "反応日時", "アクション日時"],
        ),
        FieldSpec {
            name: "sentAt",
            label: "send time",
            description: "the send time (e.g. sent_at / 配信日時 / 送信日時); in an event log, the event time",
            aliases: &[
                "sentat", "senttime", "sentdate", "sendtime", "senddate", "sendat", "deliverytime", "scheduledat", "date", "配信日時", "送信日時",
                "配信日", "送信日", "配信開始日時", "配信予定日時", "日時", "日付",
            ],
            required: Required::Unless(&["eventAt"]),
            empty: RejectCode::MissingDate,
            bad: RejectCode::BadDate,
        },
        optional("openedAt", "opened", "when (or whether) it was opened (e.g. opened_at / 開封日時)", &["openedat", "opentime", "firstopen", "opened", "open", "開封日時", "初回開封日時", "開封", "開封有無", "開封フラグ"]),
        optional(
            "clickedAt",
            "clicked",
            "when (or whether) it was clicked (e.g. clicked_at / クリック日時)",
            &["clickedat", "clicktime", "firstclick", "clicked", "click", "クリック日時", "初回クリック日時", "クリック", "クリック有無", "クリックフラグ"],
        ),
        optional("delivered", "delivered", "whether it was delivered (e.g. delivered / 到達)", &["delivered", "delivery", "到達", "配信成功"]),
        optional("bounced", "bounced", "whether it bounced (e.g. bounced / 不達)", &["bounced", "bounce", "hardbounce", "不達", "エラー", "配信エラー"]),
        optional("unsubscribed", "unsubscribed", "whether the recipient unsubscribed (e.g. unsubscribed / 配信停止)", &["unsubscribed", "unsubscribe", "optout", "配信停止", "購読解除", "解除"]),
        optional("spam", "spam", "whether it was reported as spam (e.g. spam / 迷惑メール報告)", &["spam", "spamreport", "complaint", "迷惑メール", "迷惑メール報告"]),
        optional("blocked", "blocked", "whether the recipient blocked the sender (e.g. blocked / ブロック)", &["blocked", "block", "ブロック"]),
        optional(
            "control",
            "control group",
            "whether the customer is in the control group, not sent (e.g. control / 非配信群)",
            &["control", "iscontrol", "controlgroup", "holdout", "非配信", "非配信群", "対照群", "コントロール", "コントロール群"],
        ),
    ],
};

/// What an event row says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Sent,
    Delivered,
    Open,
    Click,
    Bounce,
    Unsubscribe,
    Spam,
    /// The customer blocked the sender (LINE, SMS, push).
    Block,
    /// An event crmkit does not use (`deferred`, `group_resubscribe`, …): counted, not an error.
    Other,
    /// The customer was put in the control group (Braze `users.campaigns.EnrollInControl`).
    Control,
}

/// Folded text for word lists: trimmed, lower-cased, full-width ASCII folded, without spaces,
/// `_`, `-` and `・`.
pub fn fold(cell: &[u8]) -> String {
    crate::text::fold_word(String::from_utf8_lossy(cell).trim())
}

const SENT: &[&str] =
    &["sent", "send", "processed", "receivedemail", "received", "receivedsms", "receivedpush", "mailtried", "送信", "配信", "配信済", "送信済", "実績"];
const DELIVERED_WORDS: &[&str] = &["delivered", "delivery", "配信成功", "到達", "配信完了"];
const OPEN: &[&str] = &["open", "opened", "openedemail", "openedpush", "mailopened", "開封"];
const CLICK: &[&str] = &["click", "clicked", "clickedemail", "clickedsms", "clickedpush", "mailclicked", "cf", "クリック"];
const BOUNCE: &[&str] = &[
    "bounce", "bounced", "drop", "dropped", "droppedemail", "hardbounce", "softbounce", "bouncedemail", "mailfailed", "不達", "エラー", "配信エラー",
    "配信失敗",
];
const UNSUBSCRIBE: &[&str] = &[
    "unsubscribe", "unsubscribed", "groupunsubscribe", "unsubscribedemail", "unsubscribedfromlist", "unsubscribedfromsms", "配信停止", "購読解除",
    "解除", "オプトアウト",
];
const SPAM_WORDS: &[&str] = &["spamreport", "spam", "markedemailasspam", "markasspam", "complaint", "迷惑メール", "迷惑メール報告"];
const CONTROL_EVENTS: &[&str] = &["enrollincontrol"];
const BLOCK: &[&str] = &["block", "blocked", "ブロック", "unfollow", "友だち解除"];

/// The event of an event-type cell on `channel`, and the channel the cell itself names (Braze's
/// `users.messages.line.Click`). SendGrid's `blocked` on e-mail is a bounce (the receiving server
/// refused it), on LINE / SMS / push it is the customer blocking the sender. A value with a
/// qualifier after a colon (Synergy!'s `CF:https://…`, `配信エラー:…`) is read by its first part.
pub fn event_of(cell: &[u8], channel: &str) -> (Event, Option<String>) {
    let w = fold(cell);
    let (w, named) = match w.rsplit_once('.') {
        // users.messages.<channel>.<event>, users.campaigns.enrollincontrol
        Some((path, last)) if w.starts_with("users.") => {
            let named = path.strip_prefix("users.messages.").map(|c| if c == "pushnotification" { "push".to_string() } else { c.to_string() });
            (last.to_string(), named)
        }
        _ => (w, None),
    };
    let channel = named.as_deref().unwrap_or(channel);
    let event = word_event(&w, channel).or_else(|| w.split([':', '：']).next().filter(|head| head.len() < w.len()).and_then(|head| word_event(head, channel))).unwrap_or(Event::Other);
    (event, named)
}

fn word_event(w: &str, channel: &str) -> Option<Event> {
    let is = |list: &[&str]| list.contains(&w);
    Some(if is(SENT) {
        Event::Sent
    } else if is(DELIVERED_WORDS) {
        Event::Delivered
    } else if is(OPEN) {
        Event::Open
    } else if is(CLICK) {
        Event::Click
    } else if is(BOUNCE) {
        Event::Bounce
    } else if is(UNSUBSCRIBE) {
        Event::Unsubscribe
    } else if is(SPAM_WORDS) {
        Event::Spam
    } else if is(CONTROL_EVENTS) {
        Event::Control
    } else if is(BLOCK) {
        if channel == "email" {
            Event::Bounce
        } else {
            Event::Block
        }
    } else {
        return None;
    })
}

/// The channel of a channel cell: `email`, `line`, `sms`, `push`, `dm`, or the value as written
/// (folded) for others.
pub fn channel_of(cell: &[u8]) -> String {
    let w = fold(cell);
    let known: &[(&str, &[&str])] = &[
        ("email", &["email", "mail", "メール", "eメール", "メルマガ", "メールマガジン"]),
        ("line", &["line", "ライン", "line公式アカウント"]),
        ("sms", &["sms", "ショートメッセージ", "ショートメール"]),
        ("push", &["push", "app", "apppush", "アプリ", "プッシュ", "プッシュ通知", "アプリプッシュ"]),
        ("dm", &["dm", "postal", "mailpiece", "directmail", "はがき", "ハガキ", "郵送", "ダイレクトメール"]),
    ];
    known.iter().find(|(_, words)| words.contains(&w.as_str())).map_or(w, |(name, _)| name.to_string())
}

/// Values of a flag cell that mean "no".
const FLAG_OFF: &[&str] = &["0", "false", "no", "n", "いいえ", "無", "なし", "-", "未", "未開封", "未クリック", "off", "0.0", "×"];

/// Whether a flag cell is set: non-empty and not a "no" word.
pub fn flag(cell: &[u8]) -> bool {
    let w = fold(cell);
    !w.is_empty() && !FLAG_OFF.contains(&w.as_str())
}

/// Variant names that mean the control group.
const CONTROL_WORDS: &[&str] = &["control", "holdout", "controlgroup", "コントロール", "コントロール群", "非配信", "非配信群", "対照群"];

pub fn is_control_variant(cell: &[u8]) -> bool {
    CONTROL_WORDS.contains(&fold(cell).as_str())
}

/// A point in local time: the day, and seconds after midnight when the cell had a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instant {
    pub day: i32,
    pub seconds: Option<u32>,
}

impl Instant {
    /// Seconds since 1970-01-01 00:00 local; a day without a time is its start.
    pub fn stamp(self) -> i64 {
        self.day as i64 * 86_400 + self.seconds.unwrap_or(0) as i64
    }
    fn from_stamp(stamp: i64) -> Instant {
        Instant { day: stamp.div_euclid(86_400) as i32, seconds: Some(stamp.rem_euclid(86_400) as u32) }
    }
}

/// The zone written after a time (`Z`, `UTC`, `+09:00`, `+0900`, `-05:00`), in seconds east of UTC.
fn zone_of(cell: &[u8]) -> Option<i32> {
    let text = std::str::from_utf8(cell).ok()?.trim();
    // A zone only follows a time: a date's own `-01` is not one.
    let time_at = text.find(':')?;
    let tail = &text[time_at..];
    if tail.ends_with('Z') || tail.ends_with('z') || tail.ends_with("UTC") || tail.ends_with("GMT") {
        return Some(0);
    }
    let sign_at = tail.rfind(['+', '-'])?;
    let (sign, digits) = (if tail.as_bytes()[sign_at] == b'-' { -1 } else { 1 }, tail[sign_at + 1..].replace(':', ""));
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// Parse a time cell to local time. Written times (`2024-03-01 10:00:00`, `2024/3/1 10:00`,
/// `3/1/2024 10:00`) are local as written; Unix times (10 digits of seconds, 13 of milliseconds)
/// and times with a zone (`…Z`, `…+00:00`) are moved to `utc_offset` seconds east of UTC. The
/// second value says whether the cell was moved.
pub fn parse_instant(cell: &[u8], utc_offset: i32) -> Option<(Instant, bool)> {
    parse_instant_in(cell, utc_offset, None)
}

/// [`parse_instant`] for a layout whose times without a zone are in `written_zone` (seconds east
/// of UTC) rather than local.
pub fn parse_instant_in(cell: &[u8], utc_offset: i32, written_zone: Option<i32>) -> Option<(Instant, bool)> {
    let b = crate::text::trim_bytes(cell);
    if (b.len() == 10 || b.len() == 13) && b.iter().all(u8::is_ascii_digit) {
        let n: i64 = std::str::from_utf8(b).ok()?.parse().ok()?;
        let seconds = if b.len() == 13 { n / 1000 } else { n };
        // 2001-09-09 … 2286: 10-digit Unix times; anything else is not a time.
        let local = Instant::from_stamp(seconds + utc_offset as i64);
        let lo = days_from_civil(1990, 1, 1);
        return (local.day >= lo).then_some((local, true));
    }
    let written = parse_date_bytes(b).or_else(|| parse_date_in(b, DateOrder::MonthFirst))?;
    let instant = Instant { day: written.day, seconds: written.seconds };
    match (zone_of(b).or(written_zone), instant.seconds) {
        (Some(zone), Some(_)) if zone != utc_offset => Some((Instant::from_stamp(instant.stamp() - zone as i64 + utc_offset as i64), true)),
        (Some(_), Some(_)) => Some((instant, true)),
        _ => Some((instant, false)),
    }
}

/// One accepted row and its time (the event's in an event log; `None` only for a control row,
/// which may have none: it takes its campaign's first send).
pub struct MessageRow<'r> {
    pub row: RowView<'r>,
    pub time: Option<Instant>,
    pub moved: bool,
}

/// Whether a row is a control-group row (by its variant or its control flag).
pub fn is_control_row(row: &RowView<'_>) -> bool {
    row.non_empty(VARIANT).is_some_and(is_control_variant) || row.non_empty(CONTROL).is_some_and(flag)
}

/// The message table's row reader, for a given `utcOffset` and layout.
#[derive(Default)]
pub struct Messages {
    pub utc_offset: i32,
    pub events: bool,
    /// (field, column) read when the field's cell is empty (a layout's second column).
    pub fallbacks: Vec<(usize, usize)>,
    /// The column of a third recipient key (Braze `user_id`).
    pub recipient_fallback: Option<usize>,
    pub written_zone: Option<i32>,
}

impl Messages {
    /// The field's non-empty cell, else its fallback column's.
    pub fn cell<'r>(&self, row: &RowView<'r>, field: usize) -> Option<&'r [u8]> {
        row.non_empty(field).or_else(|| self.fallbacks.iter().find(|(f, _)| *f == field).map(|&(_, c)| row.cell(c)).filter(|c| !c.is_empty()))
    }

    /// The recipient's customer id (or tool id) cell, else `None` (then the e-mail).
    pub fn recipient_id<'r>(&self, row: &RowView<'r>) -> Option<&'r [u8]> {
        self.cell(row, CUSTOMER_ID)
    }

    fn time_field(&self, row: &RowView<'_>) -> usize {
        if self.events && row.has(EVENT_AT) || !row.has(SENT_AT) {
            EVENT_AT
        } else {
            SENT_AT
        }
    }
}

impl Table for Messages {
    type Row<'r> = MessageRow<'r>;

    fn spec(&self) -> &'static TableSpec {
        &MESSAGES
    }

    fn parse<'r>(&self, row: &RowView<'r>) -> Result<MessageRow<'r>, Reject> {
        let fallback = self.recipient_fallback.map(|c| row.cell(c)).filter(|c| !c.is_empty());
        if self.recipient_id(row).is_none() && self.cell(row, EMAIL).is_none() && fallback.is_none() {
            let field = if row.has(CUSTOMER_ID) { CUSTOMER_ID } else { EMAIL };
            return Err((RejectCode::MissingCustomer, format!("no recipient: the customer id / e-mail is empty (column \"{}\")", row.header(field))));
        }
        let field = self.time_field(row);
        let Some(text) = row.non_empty(field) else {
            if !self.events && is_control_row(row) {
                return Ok(MessageRow { row: *row, time: None, moved: false });
            }
            return Err((RejectCode::MissingDate, format!("the time is empty (column \"{}\")", row.header(field))));
        };
        let (time, moved) = parse_instant_in(text, self.utc_offset, self.written_zone).ok_or_else(|| {
            (
                RejectCode::BadDate,
                format!(
                    "cannot read the time \"{}\" in column \"{}\"; expected e.g. 2024-03-05 10:00, 2024/3/5 10:00:00, a Unix time or an ISO time with a zone",
                    lossy(text),
                    row.header(field)
                ),
            )
        })?;
        Ok(MessageRow { row: *row, time: Some(time), moved })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(event_of(b"Opened Email", "email").0, Event::Open);
        assert_eq!(event_of(b"group_unsubscribe", "email").0, Event::Unsubscribe);
        assert_eq!(event_of(b"blocked", "email").0, Event::Bounce);
        assert_eq!(event_of("ブロック".as_bytes(), "line").0, Event::Block);
        assert_eq!(event_of(b"deferred", "email").0, Event::Other);
        assert_eq!(event_of(b"users.messages.line.Click", "email"), (Event::Click, Some("line".to_string())));
        assert_eq!(event_of(b"users.messages.pushnotification.Send", "email"), (Event::Sent, Some("push".to_string())));
        assert_eq!(event_of(b"users.campaigns.EnrollInControl", "email"), (Event::Control, None));
        assert_eq!(event_of("CF:https://shop.example.jp/a".as_bytes(), "email").0, Event::Click);
        assert_eq!(event_of("配信エラー:ユーザー不明".as_bytes(), "email").0, Event::Bounce);
        assert_eq!(channel_of("ＬＩＮＥ".as_bytes()), "line");
        assert_eq!(channel_of("はがき".as_bytes()), "dm");
        assert_eq!(channel_of(b"Fax"), "fax");
        assert!(flag(b"1") && flag("開封".as_bytes()) && !flag(b"0") && !flag("未開封".as_bytes()) && !flag(b""));
        assert!(is_control_variant("非配信群".as_bytes()) && !is_control_variant(b"B"));
    }

    #[test]
    fn times() {
        let jst = 9 * 3600;
        let day = days_from_civil(2024, 3, 1);
        // As written: no zone.
        assert_eq!(parse_instant(b"2024-03-01 10:00:00", jst), Some((Instant { day, seconds: Some(36_000) }, false)));
        // 2024-03-01T01:00:00Z is 10:00 in Japan.
        assert_eq!(parse_instant(b"2024-03-01T01:00:00Z", jst), Some((Instant { day, seconds: Some(36_000) }, true)));
        assert_eq!(parse_instant(b"2024-03-01 10:00:00 +0900", jst), Some((Instant { day, seconds: Some(36_000) }, true)));
        assert_eq!(parse_instant(b"2024-03-01T10:00:00+09:00", 0), Some((Instant { day, seconds: Some(3_600) }, true)));
        // 1709254800 = 2024-03-01T01:00:00Z.
        assert_eq!(parse_instant(b"1709254800", jst), Some((Instant { day, seconds: Some(36_000) }, true)));
        assert_eq!(parse_instant(b"1709254800000", jst), Some((Instant { day, seconds: Some(36_000) }, true)));
        assert_eq!(parse_instant(b"3/1/2024 10:00", jst), Some((Instant { day, seconds: Some(36_000) }, false)));
        assert_eq!(parse_instant(b"2024-03-01", jst), Some((Instant { day, seconds: None }, false)));
        assert_eq!(parse_instant(b"12345", jst), None);
        assert_eq!(parse_instant(b"next week", jst), None);
        // A layout writing UTC without a zone mark.
        assert_eq!(parse_instant_in(b"2024-03-01 01:00:05.000", jst, Some(0)), Some((Instant { day, seconds: Some(36_005) }, true)));
    }
}
