//! The record kinds of BUNDLE_FORMAT §4: their names, enums, typed data, validation and references.

mod records;
mod refs;
mod validate;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::{Lang, Text};

pub use records::{
    Activity, Community, Consultation, ConsultationResponse, Demand, DemandEvent, Household,
    LegalArticle, LegalReview, Member, Opinion, Outcome, PointsEntry, PointsRule, RecordRef,
    Resident, Reward, Topic, Visit,
};
pub use refs::{community_of, followed_references, follows_back, references, validate_refs};
pub use validate::{is_date, is_rfc3339, is_uuid, validate};

/// Declares a closed set of values written as snake_case strings, with
/// `ALL`, `as_str`, `parse` and a label in both languages.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $key:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $key)] $variant,)+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The value as written in bundles.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $key,)+
                }
            }

            /// Reads the value as written in bundles (exact match).
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($key => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// What a person reads.
            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($name::$variant, Lang::Zh) => $zh,
                        ($name::$variant, Lang::En) => $en,
                    )+
                }
            }
        }
    };
}

labelled_enum! {
    /// What a record is.
    Kind {
        Community => "community", "社区", "Community";
        Member => "member", "成员", "Member";
        Household => "household", "住户", "Household";
        Visit => "visit", "走访", "Visit";
        Demand => "demand", "需求", "Demand";
        DemandEvent => "demand_event", "需求进展", "Demand event";
        Topic => "topic", "课题", "Research topic";
        Opinion => "opinion", "意见", "Opinion";
        Activity => "activity", "活动", "Activity";
        Outcome => "outcome", "成果", "Outcome";
        PointsRule => "points_rule", "积分规则", "Points rule";
        PointsEntry => "points_entry", "积分记录", "Points entry";
        Reward => "reward", "兑换奖励", "Reward";
        PointsReview => "points_review", "积分评审", "Points review";
        Honour => "honour", "荣誉", "Honour";
        DutyFund => "duty_fund", "专项经费", "Duty fund";
        Consultation => "consultation", "决策征询", "Decision consultation";
        ConsultationResponse => "consultation_response", "征询意见", "Consultation response";
        LegalReview => "legal_review", "依法决策服务", "Legal review";
        LegalArticle => "legal_article", "法务知识", "Legal-knowledge article";
    }
}

impl Kind {
    /// Never edited after creation, so never in conflict: a correction is a new record.
    pub fn is_append_only(self) -> bool {
        matches!(
            self,
            Kind::DemandEvent
                | Kind::Visit
                | Kind::Opinion
                | Kind::PointsEntry
                | Kind::ConsultationResponse
        )
    }
}

labelled_enum! {
    /// The three volunteer teams.
    Team {
        Expert => "expert", "专家委员会", "Expert committee";
        Citizen => "citizen", "市民委员会", "Citizens' committee";
        LegalEnvoy => "legal_envoy", "法务特派员", "Legal envoy";
    }
}

labelled_enum! {
    /// A member's profession (mostly for legal envoys).
    Profession {
        Lawyer => "lawyer", "律师", "Lawyer";
        Judge => "judge", "法官", "Judge";
        Prosecutor => "prosecutor", "检察官", "Prosecutor";
        Police => "police", "民警", "Police officer";
        Notary => "notary", "公证员", "Notary";
        Volunteer => "volunteer", "法律志愿者", "Legal volunteer";
        Other => "other", "其他", "Other";
    }
}

labelled_enum! {
    /// What happened at a door.
    VisitOutcome {
        Talked => "talked", "已面谈", "Talked";
        NotHome => "not_home", "不在家", "Not home";
        Refused => "refused", "拒绝", "Refused";
        NoNeed => "no_need", "无需求", "No need";
        Moved => "moved", "已搬离", "Moved out";
        Inaccessible => "inaccessible", "无法进入", "No access";
    }
}

labelled_enum! {
    /// Where a demand came from.
    DemandSource {
        DoorVisit => "door_visit", "入户走访", "Door visit";
        TalkDay => "talk_day", "居民恳谈日", "Residents' talk day";
        Roundtable => "roundtable", "一刻钟圆桌会议", "15-minute roundtable";
        Hotline => "hotline", "热线", "Hotline";
        WalkIn => "walk_in", "来访", "Walk-in";
        Other => "other", "其他", "Other";
    }
}

labelled_enum! {
    /// How soon a demand needs attention.
    Urgency {
        Normal => "normal", "一般", "Normal";
        Urgent => "urgent", "紧急", "Urgent";
    }
}

labelled_enum! {
    /// What a demand event records.
    EventType {
        Note => "note", "备注", "Note";
        Status => "status", "状态变更", "Status change";
        Referral => "referral", "转介", "Referral";
        FollowUp => "follow_up", "回访", "Follow-up";
    }
}

labelled_enum! {
    /// Where a demand stands; derived from its `status` events.
    #[derive(Default)]
    DemandStatus {
        #[default]
        Open => "open", "待处理", "Open";
        InProgress => "in_progress", "处理中", "In progress";
        Referred => "referred", "已转介", "Referred";
        Resolved => "resolved", "已解决", "Resolved";
        Closed => "closed", "已关闭", "Closed";
    }
}

labelled_enum! {
    /// Who raised a research topic. The seed's three ways of decision advice map
    /// onto the wire values this way: 点题调研 is `government` (the district names
    /// the topic), 荐题献策 is `expert`; 专题咨询 is a `government` topic that names
    /// the consultation it came from in `consultation_id` (an extension field, so
    /// older versions still accept the topic).
    TopicOrigin {
        Demands => "demands", "需求汇集", "From residents' demands";
        Government => "government", "点题调研", "Topic set by the district";
        Expert => "expert", "荐题献策", "Proposed by experts";
    }
}

labelled_enum! {
    /// What the district asks the experts about (the seed: 重点项目建设、重大改革创新、重要文件起草).
    ConsultationMatter {
        KeyProject => "key_project", "重点项目建设", "Key project";
        Reform => "reform", "重大改革创新", "Major reform";
        Document => "document", "重要文件起草", "Drafting an important document";
        Other => "other", "其他", "Other";
    }
}

labelled_enum! {
    /// How a consultation is done (the seed: 以列席会议、书面征求等方式).
    ConsultationWay {
        Meeting => "meeting", "列席会议", "Attending the meeting";
        Written => "written", "书面征求", "Written request";
    }
}

labelled_enum! {
    /// Where a consultation stands; derived, never a field (see `domain::consultation`).
    ConsultationStatus {
        Open => "open", "征询中", "Open";
        Answered => "answered", "已答复", "Answered";
        Closed => "closed", "已办结", "Closed";
    }
}

labelled_enum! {
    /// A legal envoy's service to a community organisation (the seed: 法律文书起草、
    /// 规章制度合规性审查, counted as 依法决策).
    LegalReviewType {
        Drafting => "drafting", "法律文书起草", "Drafting a legal document";
        RuleReview => "rule_review", "规章制度合规性审查", "Compliance review of a rule";
        DecisionOpinion => "decision_opinion", "依法决策法律意见", "Legal opinion on a decision";
    }
}

labelled_enum! {
    /// Where a research topic stands.
    TopicStatus {
        Proposed => "proposed", "已提出", "Proposed";
        Researching => "researching", "调研中", "Researching";
        Reported => "reported", "已报告", "Reported";
        Adopted => "adopted", "已采纳", "Adopted";
        Closed => "closed", "已结题", "Closed";
    }
}

labelled_enum! {
    /// A resident's or member's view on a topic.
    Stance {
        Support => "support", "支持", "Support";
        Oppose => "oppose", "反对", "Oppose";
        Neutral => "neutral", "中立", "Neutral";
    }
}

labelled_enum! {
    /// What kind of activity took place.
    ActivityType {
        Roundtable => "roundtable", "一刻钟圆桌会议", "15-minute roundtable";
        TalkDay => "talk_day", "居民恳谈日", "Residents' talk day";
        ParticipatoryBudget => "participatory_budget", "参与式预算", "Participatory budgeting";
        LegalConsultation => "legal_consultation", "法律咨询", "Legal consultation";
        Mediation => "mediation", "矛盾调解", "Mediation";
        LegalEducation => "legal_education", "普法宣传", "Legal education";
        HomeVisit => "home_visit", "上门走访", "Home visit";
        ExpertMeeting => "expert_meeting", "专家会议", "Expert meeting";
        VolunteerService => "volunteer_service", "志愿服务", "Volunteer service";
        Other => "other", "其他", "Other";
    }
}

labelled_enum! {
    /// What kind of result was achieved.
    OutcomeType {
        ResearchReport => "research_report", "调研报告", "Research report";
        Suggestion => "suggestion", "意见建议", "Suggestion";
        ResolvedCase => "resolved_case", "解决案例", "Resolved case";
        MicroProject => "micro_project", "微实事项目", "Micro-project";
        MediationAgreement => "mediation_agreement", "调解协议", "Mediation agreement";
        Policy => "policy", "政策文件", "Policy";
    }
}

/// `to_body` of a referral to the community Party committee (社区党委): an
/// extension field of `demand_event`, beside `to_team: "citizen"` (the team that
/// carries it), so versions that do not know it still read a valid referral.
pub const PARTY_COMMITTEE: &str = "party_committee";

/// The five domains of the citizens' committee. Experts may use further keys.
pub const DOMAINS: [&str; 5] = [
    "livable_homes",
    "wellbeing",
    "volunteering",
    "cultural_integration",
    "dispute_mediation",
];

/// The label of a domain key; an unknown key is shown as itself.
pub fn domain_label(key: &str, lang: Lang) -> &str {
    match (key, lang) {
        ("livable_homes", Lang::Zh) => "宜居家园",
        ("livable_homes", Lang::En) => "Livable homes",
        ("wellbeing", Lang::Zh) => "幸福康乐",
        ("wellbeing", Lang::En) => "Wellbeing",
        ("volunteering", Lang::Zh) => "志愿服务",
        ("volunteering", Lang::En) => "Volunteering",
        ("cultural_integration", Lang::Zh) => "文化融合",
        ("cultural_integration", Lang::En) => "Cultural integration",
        ("dispute_mediation", Lang::Zh) => "矛盾调解",
        ("dispute_mediation", Lang::En) => "Dispute mediation",
        // Keys experts are chosen by in decision consultations.
        ("tourism", Lang::Zh) => "文化旅游",
        ("tourism", Lang::En) => "Tourism",
        ("urban_planning", Lang::Zh) => "城市规划",
        ("urban_planning", Lang::En) => "Urban planning",
        _ => key,
    }
}

/// One thing wrong with a record: the field (`title`, `resident.consent`,
/// `demand_ids[2]`; empty for the whole record) and what is wrong, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub text: Text,
}

impl Problem {
    pub fn new(field: impl Into<String>, text: Text) -> Self {
        Problem {
            field: field.into(),
            text,
        }
    }
}

/// A short rendering of a JSON value for messages: long values are cut.
pub fn brief(value: &Value) -> String {
    const MAX_CHARS: usize = 40;
    let text = value.to_string();
    if text.chars().count() <= MAX_CHARS {
        text
    } else {
        let cut: String = text.chars().take(MAX_CHARS).collect();
        format!("{cut}…")
    }
}
