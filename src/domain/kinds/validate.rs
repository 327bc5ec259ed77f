//! Checks a kind's `data` against BUNDLE_FORMAT §4 and says, in both languages, what is wrong with which field.

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::{
    brief, ActivityType, ConsultationMatter, ConsultationWay, DemandSource, DemandStatus,
    EventType, Kind, LegalReviewType, OutcomeType, Problem, Profession, Stance, Team, TopicOrigin,
    TopicStatus, Urgency, VisitOutcome,
};
use crate::i18n::Text;

/// Every problem with `data` as the data of a record of `kind`. Unknown kinds
/// have none: they are kept and passed on as they are.
pub fn validate(kind: &str, data: &Value) -> Vec<Problem> {
    let Some(kind) = Kind::parse(kind) else {
        return Vec::new();
    };
    let Some(obj) = data.as_object() else {
        return vec![Problem::new(
            "data",
            Text::new(
                format!("“data”应为一个对象，而不是 {}", brief(data)),
                format!("`data` must be an object, not {}", brief(data)),
            ),
        )];
    };
    let mut check = Check::new(obj, "");
    match kind {
        Kind::Community => {
            check.text("name");
            check.text("street");
            check.opt_string("code");
        }
        Kind::Member => {
            check.text("name");
            check.one_of("team", names(Team::ALL, Team::as_str));
            check.opt_uuid("community_id");
            check.key_list("domains");
            check.opt_string("expertise");
            check.opt_one_of("profession", names(Profession::ALL, Profession::as_str));
            check.opt_string("phone");
            check.opt_date("joined_on");
            check.boolean("active");
            check.opt_string("notes");
            for field in [
                crate::domain::honours::ROLES,
                crate::domain::honours::SUB_TEAMS,
            ] {
                if check.optional(field).is_some() {
                    check.key_list(field);
                }
            }
        }
        Kind::Household => {
            check.uuid("community_id");
            check.text("building");
            check.opt_string("unit");
            check.text("door");
            check.opt_uuid("assigned_to");
            check.boolean("vulnerable");
            check.opt_string("notes");
        }
        Kind::Visit => {
            check.uuid("household_id");
            check.opt_uuid("member_id");
            check.time("at");
            check.one_of("outcome", names(VisitOutcome::ALL, VisitOutcome::as_str));
            check.uuid_list("demand_ids");
            check.opt_string("notes");
        }
        Kind::Demand => {
            check.uuid("community_id");
            check.opt_uuid("household_id");
            check.date("reported_on");
            check.opt_uuid("reported_by");
            check.one_of("source", names(DemandSource::ALL, DemandSource::as_str));
            check.key("category");
            check.one_of("urgency", names(Urgency::ALL, Urgency::as_str));
            check.text("title");
            check.string("description");
            check.opt_boolean("internal");
            if let Some(resident) = check.opt_object("resident") {
                let mut inner = Check::new(resident, "resident.");
                inner.opt_string("name");
                inner.opt_string("phone");
                inner.opt_string("address");
                inner.boolean("consent");
                check.problems.extend(inner.problems);
            }
        }
        Kind::DemandEvent => demand_event(&mut check),
        Kind::Topic => {
            check.text("title");
            check.opt_string("description");
            check.one_of("origin", names(TopicOrigin::ALL, TopicOrigin::as_str));
            check.uuid_list("demand_ids");
            check.uuid_list("expert_ids");
            check.opt_date("due_on");
            check.one_of("status", names(TopicStatus::ALL, TopicStatus::as_str));
            // Extension fields of this version (older ones keep them as unknown).
            check.opt_uuid("consultation_id");
            check.opt_boolean("internal");
        }
        Kind::Opinion => {
            check.uuid("topic_id");
            check.opt_uuid("member_id");
            check.opt_uuid("community_id");
            check.one_of("stance", names(Stance::ALL, Stance::as_str));
            check.opt_string("text");
            check.date("on");
        }
        Kind::Activity => {
            check.one_of("type", names(ActivityType::ALL, ActivityType::as_str));
            check.text("title");
            check.opt_uuid("community_id");
            check.date("on");
            check.uuid_list("member_ids");
            check.count("attendees");
            check.opt_string("minutes");
            check.uuid_list("demand_ids");
            check.count("materials");
            if let Some(decisions) = check.optional(crate::domain::decision::DECISIONS) {
                let attendance = check.obj.get("attendees").and_then(Value::as_u64);
                let found = crate::domain::decision::problems(decisions, attendance);
                check.problems.extend(found);
            }
        }
        Kind::Outcome => {
            check.one_of("type", names(OutcomeType::ALL, OutcomeType::as_str));
            check.text("title");
            check.opt_string("summary");
            check.date("on");
            check.opt_uuid("community_id");
            check.uuid_list("demand_ids");
            check.opt_uuid("topic_id");
            check.uuid_list("activity_ids");
            check.uuid_list("member_ids");
            check.count("funds_fen");
            check.count("beneficiaries");
            if let Some(funding) = check.opt_object(crate::domain::funding::FUNDING) {
                let mut inner = Check::new(funding, "funding_fen.");
                for source in crate::domain::funding::SOURCES {
                    inner.count(source);
                }
                check.problems.extend(inner.problems);
            }
            if check.optional(crate::domain::funding::SPENT).is_some() {
                check.count(crate::domain::funding::SPENT);
            }
            if let Some(started) = check.opt_object(crate::domain::decision::STARTED_BY) {
                let mut inner = Check::new(started, "decision.");
                inner.uuid("activity_id");
                inner.uuid("decision_id");
                check.problems.extend(inner.problems);
            }
            check.opt_boolean("internal");
        }
        Kind::PointsRule => {
            check.text("code");
            check.text("name");
            check.integer("points");
            check.opt_one_of("team", names(Team::ALL, Team::as_str));
        }
        Kind::Reward => {
            check.text("name");
            check.opt_string("name_en");
            check.count("cost");
            check.boolean("active");
        }
        Kind::Honour => {
            check.uuid("member_id");
            check.text("title");
            check.year("year");
            check.opt_string("reason");
        }
        Kind::DutyFund => {
            check.one_of("team", names(Team::ALL, Team::as_str));
            check.year("year");
            check.count("allocated_fen");
            check.count("spent_fen");
            check.opt_string("note");
        }
        Kind::PointsReview => {
            check.uuid("entry_id");
            check.one_of("verdict", vec!["approved", "rejected"]);
            check.text("reason");
            check.date("on");
            check.opt_uuid("by");
        }
        Kind::PointsEntry => {
            check.uuid("member_id");
            check.opt_uuid("rule_id");
            check.integer("points");
            check.text("reason");
            check.date("on");
            if check
                .optional(crate::domain::review::NEEDS_REVIEW)
                .is_some()
            {
                check.boolean(crate::domain::review::NEEDS_REVIEW);
            }
            if let Some(reference) = check.opt_object("ref") {
                let mut inner = Check::new(reference, "ref.");
                inner.text("kind");
                inner.uuid("id");
                check.problems.extend(inner.problems);
            }
        }
        Kind::Consultation => consultation(&mut check),
        Kind::ConsultationResponse => {
            check.uuid("consultation_id");
            check.uuid("member_id");
            check.one_of("stance", names(Stance::ALL, Stance::as_str));
            check.text("text");
            check.date("on");
        }
        Kind::LegalReview => {
            check.one_of("type", names(LegalReviewType::ALL, LegalReviewType::as_str));
            check.text("title");
            check.uuid("community_id");
            check.uuid("envoy_id");
            check.date("on");
            check.text("result");
            check.opt_boolean("internal");
        }
        Kind::LegalArticle => {
            check.text("title");
            check.text("body");
            check.opt_uuid("author_id");
            check.date("on");
            check.string_list("tags");
            check.opt_boolean("featured");
            check.opt_boolean("internal");
        }
    }
    check.problems
}

/// A consultation's fields, and the order of its dates: due and closed on or
/// after the request; responses adopted only when it is closed.
fn consultation(check: &mut Check<'_>) {
    check.text("requested_by");
    check.text("subject");
    check.opt_string("summary");
    check.one_of(
        "matter",
        names(ConsultationMatter::ALL, ConsultationMatter::as_str),
    );
    check.one_of("way", names(ConsultationWay::ALL, ConsultationWay::as_str));
    check.date("requested_on");
    check.date("due_on");
    check.key_list("domains");
    check.uuid_list("expert_ids");
    check.uuid_list("citizen_ids");
    check.opt_date("closed_on");
    check.uuid_list("adopted_ids");
    check.opt_string("result");
    check.opt_boolean("internal");
    let obj = check.obj;
    let date = |field: &str| {
        obj.get(field)
            .and_then(Value::as_str)
            .filter(|d| is_date(d))
    };
    let (requested, due, closed) = (date("requested_on"), date("due_on"), date("closed_on"));
    if let (Some(requested), Some(due)) = (requested, due) {
        if due < requested {
            check.problems.push(Problem::new(
                "due_on",
                Text::new(
                    format!(
                        "答复期限“due_on”（{due}）不能早于征询日期“requested_on”（{requested}）"
                    ),
                    format!("`due_on` ({due}) cannot be before `requested_on` ({requested})"),
                ),
            ));
        }
    }
    if let (Some(requested), Some(closed)) = (requested, closed) {
        if closed < requested {
            check.problems.push(Problem::new(
                "closed_on",
                Text::new(
                    format!("办结日期“closed_on”（{closed}）不能早于征询日期“requested_on”（{requested}）"),
                    format!("`closed_on` ({closed}) cannot be before `requested_on` ({requested})"),
                ),
            ));
        }
    }
    let adopted = obj
        .get("adopted_ids")
        .and_then(Value::as_array)
        .is_some_and(|ids| !ids.is_empty());
    if adopted && is_absent(obj.get("closed_on")) {
        check.problems.push(Problem::new(
            "adopted_ids",
            Text::new(
                "采纳的意见（adopted_ids）在办结时登记：请同时填写办结日期“closed_on”",
                "adopted responses (`adopted_ids`) are recorded when the consultation is closed: set `closed_on` too",
            ),
        ));
    }
}

/// The rules that depend on the event `type`: `status` only (and always) for
/// status events, a target for referrals, satisfaction 1–5 only for follow-ups.
fn demand_event(check: &mut Check<'_>) {
    check.uuid("demand_id");
    check.time("at");
    check.opt_uuid("by");
    check.opt_string("text");
    let event_type = check.one_of("type", names(EventType::ALL, EventType::as_str));
    let event_type = event_type.and_then(EventType::parse);
    let statuses = names(DemandStatus::ALL, DemandStatus::as_str);
    if event_type == Some(EventType::Status) {
        check.one_of("status", statuses);
    } else {
        check.only_for("status", "status");
    }
    let targets = ["to_team", "to_member", "to_topic"];
    if event_type == Some(EventType::Referral) {
        check.opt_one_of("to_team", names(Team::ALL, Team::as_str));
        check.opt_uuid("to_member");
        check.opt_uuid("to_topic");
        // Extension: a body outside the three teams (`party_committee`).
        check.opt_string("to_body");
        if targets.iter().all(|field| is_absent(check.obj.get(*field))) {
            check.problems.push(Problem::new(
                "to_team",
                Text::new(
                    "转介需写明转给谁：“to_team”“to_member”或“to_topic”至少填一项",
                    "a referral must say where it goes: set at least one of `to_team`, `to_member`, `to_topic`",
                ),
            ));
        }
    } else {
        for field in targets {
            check.only_for(field, "referral");
        }
    }
    if event_type == Some(EventType::FollowUp) {
        check.satisfaction("satisfaction");
    } else {
        check.only_for("satisfaction", "follow_up");
    }
}

fn names<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&value| as_str(value)).collect()
}

fn is_absent(value: Option<&Value>) -> bool {
    matches!(value, None | Some(Value::Null))
}

/// A real calendar date written `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shape_ok && Date::parse(text, format_description!("[year]-[month]-[day]")).is_ok()
}

/// A time written in RFC 3339, e.g. `2026-11-26T09:30:00+08:00`.
pub fn is_rfc3339(text: &str) -> bool {
    OffsetDateTime::parse(text, &Rfc3339).is_ok()
}

/// A record id: a UUID in its usual hyphenated form.
pub fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

/// A domain key: lowercase letters, digits and `_`, starting with a letter.
fn is_key(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Collects the problems of one JSON object, field by field.
struct Check<'a> {
    obj: &'a Map<String, Value>,
    prefix: &'static str,
    problems: Vec<Problem>,
}

impl<'a> Check<'a> {
    fn new(obj: &'a Map<String, Value>, prefix: &'static str) -> Self {
        Check {
            obj,
            prefix,
            problems: Vec::new(),
        }
    }

    fn push(&mut self, field: &str, zh: String, en: String) {
        self.problems.push(Problem::new(
            format!("{}{field}", self.prefix),
            Text::new(zh, en),
        ));
    }

    fn name(&self, field: &str) -> String {
        format!("{}{field}", self.prefix)
    }

    /// The value of a required field, or a problem saying it is missing.
    fn required(&mut self, field: &str) -> Option<&'a Value> {
        match self.obj.get(field) {
            None | Some(Value::Null) => {
                let name = self.name(field);
                self.push(
                    field,
                    format!("缺少必填字段“{name}”"),
                    format!("required field `{name}` is missing"),
                );
                None
            }
            Some(value) => Some(value),
        }
    }

    fn optional(&self, field: &str) -> Option<&'a Value> {
        self.obj.get(field).filter(|value| !value.is_null())
    }

    fn wrong(&mut self, field: &str, zh_expected: &str, en_expected: &str, found: &Value) {
        let name = self.name(field);
        let found = brief(found);
        self.push(
            field,
            format!("“{name}”应为{zh_expected}，而不是 {found}"),
            format!("`{name}` must be {en_expected}, not {found}"),
        );
    }

    fn string_value(&mut self, field: &str, value: &'a Value) -> Option<&'a str> {
        let text = value.as_str();
        if text.is_none() {
            self.wrong(field, "文本", "text", value);
        }
        text
    }

    /// Required text that is not blank.
    fn text(&mut self, field: &str) {
        let Some(value) = self.required(field) else {
            return;
        };
        if let Some(text) = self.string_value(field, value) {
            if text.trim().is_empty() {
                let name = self.name(field);
                self.push(
                    field,
                    format!("“{name}”不能为空"),
                    format!("`{name}` must not be empty"),
                );
            }
        }
    }

    /// Required text, possibly empty.
    fn string(&mut self, field: &str) {
        if let Some(value) = self.required(field) {
            self.string_value(field, value);
        }
    }

    fn opt_string(&mut self, field: &str) {
        if let Some(value) = self.optional(field) {
            self.string_value(field, value);
        }
    }

    fn date_value(&mut self, field: &str, value: &'a Value) {
        if let Some(text) = self.string_value(field, value) {
            if !is_date(text) {
                let name = self.name(field);
                self.push(
                    field,
                    format!("“{name}”应为真实存在的日期，格式 YYYY-MM-DD（如 2026-11-26），而不是“{text}”"),
                    format!("`{name}` must be a real date written YYYY-MM-DD (e.g. 2026-11-26), not \"{text}\""),
                );
            }
        }
    }

    fn date(&mut self, field: &str) {
        if let Some(value) = self.required(field) {
            self.date_value(field, value);
        }
    }

    fn opt_date(&mut self, field: &str) {
        if let Some(value) = self.optional(field) {
            self.date_value(field, value);
        }
    }

    /// A required RFC 3339 time.
    fn time(&mut self, field: &str) {
        let Some(value) = self.required(field) else {
            return;
        };
        if let Some(text) = self.string_value(field, value) {
            if !is_rfc3339(text) {
                let name = self.name(field);
                self.push(
                    field,
                    format!("“{name}”应为带时区的时间（RFC 3339，如 2026-11-26T09:30:00+08:00），而不是“{text}”"),
                    format!("`{name}` must be a time with offset (RFC 3339, e.g. 2026-11-26T09:30:00+08:00), not \"{text}\""),
                );
            }
        }
    }

    fn enum_value(&mut self, field: &str, value: &'a Value, allowed: &[&str]) -> Option<&'a str> {
        let text = self.string_value(field, value)?;
        if allowed.contains(&text) {
            return Some(text);
        }
        let name = self.name(field);
        let list = allowed.join(", ");
        self.push(
            field,
            format!("“{name}”的值“{text}”无效，应为以下之一：{list}"),
            format!("`{name}` is \"{text}\", which is not allowed; expected one of: {list}"),
        );
        None
    }

    /// A required value from a closed list; returns it when valid.
    fn one_of(&mut self, field: &str, allowed: Vec<&str>) -> Option<&'a str> {
        let value = self.required(field)?;
        self.enum_value(field, value, &allowed)
    }

    fn opt_one_of(&mut self, field: &str, allowed: Vec<&str>) {
        if let Some(value) = self.optional(field) {
            self.enum_value(field, value, &allowed);
        }
    }

    fn uuid_value(&mut self, field: &str, value: &'a Value) {
        if let Some(text) = self.string_value(field, value) {
            if !is_uuid(text) {
                let name = self.name(field);
                self.push(
                    field,
                    format!("“{name}”应为记录编号（UUID），而不是“{text}”"),
                    format!("`{name}` must be a record id (UUID), not \"{text}\""),
                );
            }
        }
    }

    fn uuid(&mut self, field: &str) {
        if let Some(value) = self.required(field) {
            self.uuid_value(field, value);
        }
    }

    fn opt_uuid(&mut self, field: &str) {
        if let Some(value) = self.optional(field) {
            self.uuid_value(field, value);
        }
    }

    fn list(&mut self, field: &str) -> Option<&'a Vec<Value>> {
        let value = self.required(field)?;
        let list = value.as_array();
        if list.is_none() {
            self.wrong(field, "列表", "a list", value);
        }
        list
    }

    /// A required list of record ids (may be empty).
    fn uuid_list(&mut self, field: &str) {
        let Some(items) = self.list(field) else {
            return;
        };
        for (i, item) in items.iter().enumerate() {
            self.uuid_value(&format!("{field}[{i}]"), item);
        }
    }

    fn key_value(&mut self, field: &str, value: &'a Value) {
        if let Some(text) = self.string_value(field, value) {
            if !is_key(text) {
                let name = self.name(field);
                self.push(
                    field,
                    format!("“{name}”应为领域代码（小写字母、数字和下划线，如 livable_homes），而不是“{text}”"),
                    format!("`{name}` must be a domain key (lowercase letters, digits, _; e.g. livable_homes), not \"{text}\""),
                );
            }
        }
    }

    /// A required domain key.
    fn key(&mut self, field: &str) {
        if let Some(value) = self.required(field) {
            self.key_value(field, value);
        }
    }

    /// A required list of domain keys (may be empty).
    fn key_list(&mut self, field: &str) {
        let Some(items) = self.list(field) else {
            return;
        };
        for (i, item) in items.iter().enumerate() {
            self.key_value(&format!("{field}[{i}]"), item);
        }
    }

    fn opt_boolean(&mut self, field: &str) {
        if let Some(value) = self.optional(field) {
            if !value.is_boolean() {
                self.wrong(field, " true 或 false", "true or false", value);
            }
        }
    }

    /// A required list of free words (may be empty); each must be non-blank text.
    fn string_list(&mut self, field: &str) {
        let Some(items) = self.list(field) else {
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let name = format!("{field}[{i}]");
            match item.as_str() {
                Some(text) if !text.trim().is_empty() => {}
                _ => self.wrong(&name, "非空文本", "non-empty text", item),
            }
        }
    }

    fn boolean(&mut self, field: &str) {
        if let Some(value) = self.required(field) {
            if !value.is_boolean() {
                self.wrong(field, " true 或 false", "true or false", value);
            }
        }
    }

    /// A required whole number that is not negative (money in fen, counts).
    fn count(&mut self, field: &str) {
        if let Some(value) = self.required(field) {
            if !value.is_u64() {
                self.wrong(field, "不小于 0 的整数", "a whole number, 0 or more", value);
            }
        }
    }

    /// A required whole number, possibly negative (points).
    fn integer(&mut self, field: &str) {
        if let Some(value) = self.required(field) {
            if !value.is_i64() {
                self.wrong(field, "整数", "a whole number", value);
            }
        }
    }

    /// A required year from 2000 to 2100.
    fn year(&mut self, field: &str) {
        if let Some(value) = self.required(field) {
            let ok = value.as_u64().is_some_and(|y| (2000..=2100).contains(&y));
            if !ok {
                self.wrong(
                    field,
                    " 2000 到 2100 之间的年份",
                    "a year from 2000 to 2100",
                    value,
                );
            }
        }
    }

    fn satisfaction(&mut self, field: &str) {
        if let Some(value) = self.optional(field) {
            if !value.as_u64().is_some_and(|n| (1..=5).contains(&n)) {
                self.wrong(
                    field,
                    " 1 到 5 之间的整数",
                    "a whole number from 1 to 5",
                    value,
                );
            }
        }
    }

    fn opt_object(&mut self, field: &str) -> Option<&'a Map<String, Value>> {
        let value = self.optional(field)?;
        let obj = value.as_object();
        if obj.is_none() {
            self.wrong(field, "对象", "an object", value);
        }
        obj
    }

    /// A field that only events of type `event_type` may carry.
    fn only_for(&mut self, field: &str, event_type: &str) {
        if self.optional(field).is_some() {
            let name = self.name(field);
            self.push(
                field,
                format!("“{name}”只用于类型（type）为 {event_type} 的事件，此处应为空"),
                format!(
                    "`{name}` belongs only to events of type {event_type}; leave it empty here"
                ),
            );
        }
    }
}
