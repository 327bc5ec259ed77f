//! Messages of residents' decisions (民事民定): votes at roundtables, talk days
//! and participatory budgeting, and the micro-projects they start, with funds by source.

use super::messages;

messages! {
DecisionMsg {
    Title => "表决与决定（民事民定）", "Votes and decisions";
    Intro => "到会居民对议题表决，票数按到会人数核对：票数合计不能超过到会人数。",
        "Those present vote on a question; the votes are checked against the attendance: no more votes than people present.";
    None => "这次会议还没有记录表决。", "No vote recorded at this meeting yet.";
    Add => "记录一项表决", "Record a vote";
    Question => "表决事项", "Question put to the vote";
    Method => "表决方式", "How it was voted";
    For => "赞成", "For";
    Against => "反对", "Against";
    Abstain => "弃权", "Abstain";
    Options => "选项（空行不计）", "Options (empty rows are left out)";
    Proposals => "项目（名称、预估费用、票数；空行不计）", "Proposals (name, estimated cost, votes; empty rows are left out)";
    OptionLabel => "名称", "Name";
    Votes => "票数", "Votes";
    Cost => "预估费用（元）", "Estimated cost (yuan)";
    Budget => "可用预算（元）", "Budget available (yuan)";
    AddOption => "再加一行", "Add a row";
    Result => "形成的决定", "Decision taken";
    ResultHint => "例如：同意选址建设睦邻广场", "e.g. agreed to build the square on this site";
    Save => "保存表决", "Save the vote";
    Cancel => "取消", "Cancel";
    Saved => "表决已保存。", "Vote saved.";
    Attendance => "到会", "Present";
    Cast => "投票", "Votes cast";
    Carried => "通过（赞成超过到会人数一半）", "Carried (more than half of those present for)";
    NotCarried => "未通过（赞成未超过到会人数一半）", "Not carried (half or fewer of those present for)";
    Winner => "得票最多", "Most votes";
    Tie => "得票最多的选项并列", "Tie for most votes";
    Funded => "立项", "Funded";
    NotFunded => "未立项", "Not funded";
    FundedTotal => "立项合计", "Funded in all";
    StartProject => "由此决定启动微实事项目", "Start a micro-project from this decision";
    ProjectStarted => "已启动的微实事项目", "Micro-project started";
    StartedBy => "启动此项目的决定", "Decision that started it";
    Funding => "资金来源（元，按来源分别登记）", "Funding by source (yuan, each source apart)";
    Government => "政府投入", "Government";
    Social => "社会资金", "Social funds raised";
    Residents => "居民自筹", "Residents";
    Spent => "已支出（元）", "Spent (yuan)";
    FundingTotal => "筹集合计", "Raised in all";
    NoSource => "未分来源", "source not recorded";
    SourcesHint => "填写了来源时，资金总额按各来源合计。", "When sources are filled in, the total is their sum.";
    ReviewTitle => "待评审积分（评审赋分）", "Points awaiting review";
    ReviewIntro => "市民代表申报的积分和“需评审”规则的积分，经协调员评审通过后才计入余额。评审结果随数据包同步到其他设备。",
        "Points claimed by representatives and points by rules marked \"needs review\" count only once a coordinator approves them. The review travels to other devices in bundles.";
    ReviewNone => "没有待评审的积分。", "Nothing awaits review.";
    ReviewReason => "评审理由", "Reason";
    Approve => "通过", "Approve";
    Reject => "不通过", "Reject";
    Reviewed => "评审已保存。", "Review saved.";
    ClaimTitle => "申报积分（经协调员评审后计入）", "Claim points (they count once a coordinator approves)";
    ClaimSave => "提交申报", "Submit the claim";
    Claimed => "已申报，待评审。", "Claimed; awaiting review.";
    RuleNeedsReview => "此规则的积分需协调员评审", "Points by this rule need a coordinator's review";
    ResolveConflict => "去处理冲突", "Resolve the conflict";
}
}

messages! {
HonourMsg {
    Title => "荣誉与专项经费", "Honours and duty funds";
    Intro => "评选“智囊团”“金牌调解员”等荣誉，树典型、立样板；设置专项经费，为代表履职提供经费保障。",
        "Honours such as \"think tank\" and \"gold-medal mediator\" hold up examples; duty funds pay for members' duties.";
    Honours => "荣誉", "Honours";
    NoHonours => "还没有荣誉记录。", "No honours recorded yet.";
    AddHonour => "授予荣誉", "Give an honour";
    HonourTitle => "荣誉名称", "Title";
    HonourTitleHint => "智囊团、金牌调解员，或其他名称", "Think tank, gold-medal mediator, or another title";
    Year => "年度", "Year";
    Reason => "事迹（选填）", "What for (optional)";
    Save => "保存", "Save";
    Saved => "已保存。", "Saved.";
    Funds => "专项经费（按队伍和年度）", "Duty funds (per team and year)";
    NoFunds => "还没有专项经费记录。", "No duty funds recorded yet.";
    AddFund => "登记专项经费", "Record a duty fund";
    Team => "队伍", "Team";
    Allocated => "下拨（元）", "Allocated (yuan)";
    Spent => "已支出（元）", "Spent (yuan)";
    Left => "结余", "Left";
    Note => "说明（选填）", "Note (optional)";
    CoordinatorOnly => "授予荣誉和登记经费是协调员的操作（在“设置”中切换角色）。", "Giving honours and recording funds are coordinator actions (switch the role in Settings).";
    Roles => "代表角色", "Roles";
    SubTeams => "所属分队", "Sub-teams";
    Group => "角色 / 分队", "Role / sub-team";
    AllGroups => "全部成员", "All members";
    GroupHint => "选择角色或分队后，活动、成果和需求只计这些成员参与的。", "With a role or sub-team chosen, only activities, outcomes and demands its members took part in are counted.";
}
}
