//! CSV exports of the lists (demands, members, activities, outcomes, points)
//! for Excel: RFC 4180, UTF-8 with a byte-order mark so Excel reads Chinese,
//! CRLF line ends, headers in the chosen language, and a *redacted* mode that
//! leaves out residents' names, phones and addresses.
//!
//! Hand-written rather than the `csv` crate: writing is thirty lines, and the
//! crate would add its reader to the wasm the phones download.

use std::collections::BTreeMap;

use super::kinds::{domain_label, Activity, Demand, DemandStatus, Member, Outcome, PointsEntry};
use crate::i18n::Lang;

/// The UTF-8 byte-order mark Excel needs to read the file as UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// A header in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Header {
    pub const fn new(zh: &'static str, en: &'static str) -> Header {
        Header { zh, en }
    }

    fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// A cell: text is guarded against spreadsheet formulas, numbers are not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(i64),
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<Option<&str>> for Cell {
    fn from(text: Option<&str>) -> Self {
        Cell::Text(text.unwrap_or_default().to_owned())
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Number(n)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Self {
        Cell::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// A table ready to write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The CSV text: BOM, header line, one line per row, each ended by CRLF.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(BOM);
        write_line(&mut out, self.headers.iter().map(|h| Cell::Text(h.clone())));
        for row in &self.rows {
            write_line(&mut out, row.iter().cloned());
        }
        out
    }
}

fn write_line(out: &mut String, cells: impl Iterator<Item = Cell>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        match cell {
            Cell::Number(n) => out.push_str(&n.to_string()),
            Cell::Text(text) => write_text(out, &text),
        }
    }
    out.push_str("\r\n");
}

/// One text field per RFC 4180: quoted when it holds a comma, quote, CR or LF
/// (quotes doubled). A field that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab or CR first) is prefixed with `'` (OWASP advice).
fn write_text(out: &mut String, text: &str) {
    let guarded;
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{text}");
        guarded.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// Names of referenced records, for readable cells: community and member ids to names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub communities: BTreeMap<String, String>,
    pub members: BTreeMap<String, String>,
    pub topics: BTreeMap<String, String>,
}

impl Names {
    fn community(&self, id: Option<&str>) -> String {
        lookup(&self.communities, id)
    }

    fn member(&self, id: Option<&str>) -> String {
        lookup(&self.members, id)
    }

    fn members(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|id| lookup(&self.members, Some(id)))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// The name of `id`, or the id itself when unknown (never an empty cell for a real reference).
fn lookup(names: &BTreeMap<String, String>, id: Option<&str>) -> String {
    match id {
        Some(id) => names.get(id).cloned().unwrap_or_else(|| id.to_owned()),
        None => String::new(),
    }
}

fn headers(lang: Lang, list: &[Header]) -> Vec<String> {
    list.iter().map(|h| h.get(lang).to_owned()).collect()
}

fn yes_no(value: bool, lang: Lang) -> String {
    match (value, lang) {
        (true, Lang::Zh) => "是".into(),
        (false, Lang::Zh) => "否".into(),
        (true, Lang::En) => "yes".into(),
        (false, Lang::En) => "no".into(),
    }
}

/// One demand as listed: its id, data and derived status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemandLine<'a> {
    pub id: &'a str,
    pub demand: &'a Demand,
    pub status: DemandStatus,
}

const DEMAND_HEADERS: [Header; 11] = [
    Header::new("编号", "ID"),
    Header::new("反映日期", "Reported on"),
    Header::new("社区", "Community"),
    Header::new("类别", "Category"),
    Header::new("紧急程度", "Urgency"),
    Header::new("状态", "Status"),
    Header::new("来源", "Source"),
    Header::new("标题", "Title"),
    Header::new("描述", "Description"),
    Header::new("反映人", "Reported by"),
    Header::new("居民同意登记", "Resident consented"),
];

const RESIDENT_HEADERS: [Header; 3] = [
    Header::new("居民姓名", "Resident name"),
    Header::new("居民电话", "Resident phone"),
    Header::new("居民地址", "Resident address"),
];

/// The demands, in the order given. `redacted` leaves out the resident's name,
/// phone and address columns altogether.
pub fn demands_table(lines: &[DemandLine<'_>], names: &Names, lang: Lang, redacted: bool) -> Table {
    let mut head = headers(lang, &DEMAND_HEADERS);
    if !redacted {
        head.extend(headers(lang, &RESIDENT_HEADERS));
    }
    let rows = lines
        .iter()
        .map(|line| {
            let d = line.demand;
            let resident = d.resident.as_ref();
            let mut row: Vec<Cell> = vec![
                line.id.into(),
                d.reported_on.as_str().into(),
                names.community(Some(&d.community_id)).into(),
                domain_label(&d.category, lang).into(),
                d.urgency.label(lang).into(),
                line.status.label(lang).into(),
                d.source.label(lang).into(),
                d.title.as_str().into(),
                d.description.as_str().into(),
                names.member(d.reported_by.as_deref()).into(),
                yes_no(resident.is_some_and(|r| r.consent), lang).into(),
            ];
            if !redacted {
                let field = |f: fn(&super::kinds::Resident) -> Option<&String>| {
                    Cell::from(resident.and_then(f).map(String::as_str))
                };
                row.push(field(|r| r.name.as_ref()));
                row.push(field(|r| r.phone.as_ref()));
                row.push(field(|r| r.address.as_ref()));
            }
            row
        })
        .collect();
    Table {
        headers: head,
        rows,
    }
}

const MEMBER_HEADERS: [Header; 9] = [
    Header::new("编号", "ID"),
    Header::new("姓名", "Name"),
    Header::new("队伍", "Team"),
    Header::new("社区", "Community"),
    Header::new("领域", "Domains"),
    Header::new("专长", "Expertise"),
    Header::new("职业", "Profession"),
    Header::new("加入日期", "Joined on"),
    Header::new("在岗", "Active"),
];

/// Members. Redacted leaves out their phone numbers; members' names stay,
/// since they act in an official role.
pub fn members_table(
    members: &[(&str, &Member)],
    names: &Names,
    lang: Lang,
    redacted: bool,
) -> Table {
    let mut head = headers(lang, &MEMBER_HEADERS);
    if !redacted {
        head.push(Header::new("电话", "Phone").get(lang).to_owned());
    }
    let rows = members
        .iter()
        .map(|(id, m)| {
            let domains: Vec<&str> = m.domains.iter().map(|d| domain_label(d, lang)).collect();
            let mut row: Vec<Cell> = vec![
                (*id).into(),
                m.name.as_str().into(),
                m.team.label(lang).into(),
                names.community(m.community_id.as_deref()).into(),
                domains.join("、").into(),
                m.expertise.as_deref().into(),
                m.profession.map(|p| p.label(lang)).into(),
                m.joined_on.as_deref().into(),
                yes_no(m.active, lang).into(),
            ];
            if !redacted {
                row.push(m.phone.as_deref().into());
            }
            row
        })
        .collect();
    Table {
        headers: head,
        rows,
    }
}

const ACTIVITY_HEADERS: [Header; 9] = [
    Header::new("编号", "ID"),
    Header::new("日期", "Date"),
    Header::new("类型", "Type"),
    Header::new("标题", "Title"),
    Header::new("社区", "Community"),
    Header::new("参与成员", "Members"),
    Header::new("参加人数", "Attendees"),
    Header::new("发放资料（份）", "Leaflets handed out"),
    Header::new("纪要", "Minutes"),
];

/// Activities (no resident data, so redaction changes nothing).
pub fn activities_table(activities: &[(&str, &Activity)], names: &Names, lang: Lang) -> Table {
    let rows = activities
        .iter()
        .map(|(id, a)| {
            vec![
                (*id).into(),
                a.on.as_str().into(),
                a.activity_type.label(lang).into(),
                a.title.as_str().into(),
                names.community(a.community_id.as_deref()).into(),
                names.members(&a.member_ids).into(),
                a.attendees.into(),
                a.materials.into(),
                a.minutes.as_deref().into(),
            ]
        })
        .collect();
    Table {
        headers: headers(lang, &ACTIVITY_HEADERS),
        rows,
    }
}

const OUTCOME_HEADERS: [Header; 10] = [
    Header::new("编号", "ID"),
    Header::new("日期", "Date"),
    Header::new("类型", "Type"),
    Header::new("标题", "Title"),
    Header::new("摘要", "Summary"),
    Header::new("社区", "Community"),
    Header::new("课题", "Topic"),
    Header::new("参与成员", "Members"),
    Header::new("筹集资金（元）", "Funds (yuan)"),
    Header::new("受益人数", "Beneficiaries"),
];

/// Outcomes; funds in yuan with two decimals (stored in fen).
pub fn outcomes_table(outcomes: &[(&str, &Outcome)], names: &Names, lang: Lang) -> Table {
    let rows = outcomes
        .iter()
        .map(|(id, o)| {
            vec![
                (*id).into(),
                o.on.as_str().into(),
                o.outcome_type.label(lang).into(),
                o.title.as_str().into(),
                o.summary.as_deref().into(),
                names.community(o.community_id.as_deref()).into(),
                lookup(&names.topics, o.topic_id.as_deref()).into(),
                names.members(&o.member_ids).into(),
                yuan(o.funds_fen).into(),
                o.beneficiaries.into(),
            ]
        })
        .collect();
    Table {
        headers: headers(lang, &OUTCOME_HEADERS),
        rows,
    }
}

/// Fen as yuan, exactly: 24750000 → "247500.00".
pub fn yuan(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

const POINTS_HEADERS: [Header; 5] = [
    Header::new("编号", "ID"),
    Header::new("日期", "Date"),
    Header::new("成员", "Member"),
    Header::new("积分", "Points"),
    Header::new("事由", "Reason"),
];

/// Points entries (no resident data).
pub fn points_table(entries: &[(&str, &PointsEntry)], names: &Names, lang: Lang) -> Table {
    let rows = entries
        .iter()
        .map(|(id, p)| {
            vec![
                (*id).into(),
                p.on.as_str().into(),
                names.member(Some(&p.member_id)).into(),
                p.points.into(),
                p.reason.as_str().into(),
            ]
        })
        .collect();
    Table {
        headers: headers(lang, &POINTS_HEADERS),
        rows,
    }
}

/// `doorstep-<list>-<YYYY-MM-DD>[-redacted].csv`.
pub fn csv_file_name(list: &str, date: &str, redacted: bool) -> String {
    let suffix = if redacted { "-redacted" } else { "" };
    format!("doorstep-{list}-{date}{suffix}.csv")
}
