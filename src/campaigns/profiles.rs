//! Message-log layouts of mail and MA tools, recognised by their headers: which column feeds which
//! field (with per-row fallbacks, e.g. Klaviyo's campaign else flow), the zone their written times
//! are in, and what they cannot tell. Sources and hand-computed fixtures:
//! `tests/fixtures/messages/README.md`.

use super::table;
use crate::ingest::profiles::Headers;

#[derive(Debug)]
pub struct MessageProfile {
    /// `addMessages(…).format`.
    pub name: &'static str,
    pub label: &'static str,
    /// Headers that together identify the layout.
    pub detect: &'static [&'static str],
    /// (field position, header): the column of each field.
    pub columns: &'static [(usize, &'static str)],
    /// (field position, header): read when the field's own cell is empty.
    pub fallbacks: &'static [(usize, &'static str)],
    /// The recipient when neither the customer id nor the e-mail cell has one (Braze `user_id`).
    pub recipient_fallback: Option<&'static str>,
    /// Seconds east of UTC of times written without a zone (SendGrid's and Klaviyo's are UTC);
    /// `None` = local as written.
    pub written_zone: Option<i32>,
    /// The recipient id is the tool's own, not the shop's customer id (Klaviyo, Synergy!): say so
    /// when nobody matches the order history.
    pub tool_ids: bool,
}

use table::{CAMPAIGN, CUSTOMER_ID, EMAIL, EVENT, EVENT_AT, MESSAGE_ID, STEP, SUBJECT, VARIANT};

pub static PROFILES: &[MessageProfile] = &[
    // SendGrid Email Activity Feed → Export CSV: one row per event, UTC times without a zone.
    MessageProfile {
        name: "sendgrid-activity",
        label: "SendGrid Email Activity",
        detect: &["processed", "recv_message_id", "marketing_campaign_version", "outbound_ip_type"],
        columns: &[
            (EMAIL, "email"),
            (MESSAGE_ID, "message_id"),
            (EVENT, "event"),
            (EVENT_AT, "processed"),
            (CAMPAIGN, "marketing_campaign_name"),
            (VARIANT, "marketing_campaign_version"),
            (SUBJECT, "subject"),
        ],
        fallbacks: &[(CAMPAIGN, "categories")],
        recipient_fallback: None,
        written_zone: Some(0),
        tool_ids: false,
    },
    // SendGrid Event Webhook fields as a shop stores them: Unix times.
    MessageProfile {
        name: "sendgrid-webhook",
        label: "SendGrid Event Webhook",
        detect: &["sg_message_id", "sg_event_id", "smtp-id", "timestamp"],
        columns: &[(EMAIL, "email"), (MESSAGE_ID, "sg_message_id"), (EVENT, "event"), (EVENT_AT, "timestamp"), (CAMPAIGN, "category"), (VARIANT, "marketing_campaign_version")],
        fallbacks: &[(CAMPAIGN, "marketing_campaign_name")],
        recipient_fallback: None,
        written_zone: Some(0),
        tool_ids: false,
    },
    // Mailchimp API email-activity, one activity per row (no sends: every recipient × campaign
    // with an activity is one message).
    MessageProfile {
        name: "mailchimp-email-activity",
        label: "Mailchimp email activity",
        detect: &["email_id", "email_address", "action", "list_is_active"],
        columns: &[(EMAIL, "email_address"), (CAMPAIGN, "campaign_id"), (EVENT, "action"), (EVENT_AT, "timestamp")],
        fallbacks: &[],
        recipient_fallback: None,
        written_zone: Some(0),
        tool_ids: false,
    },
    // Klaviyo events as the Fivetran connector's EVENT table: Klaviyo's own person ids, UTC times.
    MessageProfile {
        name: "klaviyo-events-fivetran",
        label: "Klaviyo events",
        detect: &["PERSON_ID", "METRIC_ID", "FLOW_MESSAGE_ID", "_VARIATION"],
        columns: &[
            (CUSTOMER_ID, "PERSON_ID"),
            (EMAIL, "PROPERTY_EMAIL"),
            (CAMPAIGN, "CAMPAIGN_ID"),
            (STEP, "FLOW_MESSAGE_ID"),
            (VARIANT, "_VARIATION"),
            (SUBJECT, "PROPERTY_SUBJECT"),
            (EVENT, "TYPE"),
            (EVENT_AT, "DATETIME"),
        ],
        fallbacks: &[(CAMPAIGN, "FLOW_ID")],
        recipient_fallback: None,
        written_zone: Some(0),
        tool_ids: true,
    },
    // Braze Currents message engagement: `users.messages.<channel>.<Event>`, Unix times.
    MessageProfile {
        name: "braze-currents",
        label: "Braze Currents",
        detect: &["event_type", "external_user_id", "dispatch_id", "message_variation_id"],
        columns: &[
            (CUSTOMER_ID, "external_user_id"),
            (EMAIL, "email_address"),
            (CAMPAIGN, "campaign_name"),
            (VARIANT, "message_variation_name"),
            (STEP, "canvas_step_name"),
            (EVENT, "event_type"),
            (EVENT_AT, "time"),
        ],
        fallbacks: &[(CAMPAIGN, "canvas_name"), (VARIANT, "canvas_variation_name")],
        recipient_fallback: Some("user_id"),
        written_zone: Some(0),
        tool_ids: false,
    },
    // Synergy! 配信実績のエクスポート: one file per 配信 (no campaign column: the `campaign` option).
    MessageProfile {
        name: "synergy-haishin-jisseki",
        label: "Synergy! 配信実績",
        detect: &["Synergy!ID", "対象項目", "アクセス時間"],
        columns: &[(CUSTOMER_ID, "Synergy!ID"), (EVENT, "対象項目"), (EVENT_AT, "アクセス時間")],
        fallbacks: &[],
        recipient_fallback: None,
        written_zone: None,
        tool_ids: true,
    },
];

/// The layout whose detection headers are all in the file.
pub fn detect(headers: &Headers) -> Option<&'static MessageProfile> {
    PROFILES.iter().find(|p| p.detect.iter().all(|d| headers.position(d).is_some()))
}

/// The (field, column) pairs a profile assigns in this file.
pub fn columns(profile: &MessageProfile, headers: &Headers) -> Vec<(usize, usize)> {
    profile.columns.iter().filter_map(|&(field, header)| Some((field, headers.position(header)?))).collect()
}
