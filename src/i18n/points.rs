//! Messages of service points (积分) and of the dashboard on Home.

use super::messages;

messages! {
PointsMsg {
    Title => "积分", "Points";
    Intro => "志愿服务按积分规则记分：系统自动记录的积分注明来源记录，同一记录同一规则只记一次；协调员可手工加减分，积分可兑换公共服务与福利。",
        "Volunteer service earns points by the rules: automatic entries name the record that earned them, once per record and rule; coordinators add manual entries, and points are redeemed for public services and benefits.";
    PositiveList => "加分项", "Positive list";
    NegativeList => "减分项", "Negative list";
    Rules => "积分规则", "Points rules";
    Ranking => "积分排行", "Ranking";
    GroupBy => "排行范围", "Rank within";
    ByCommunity => "按社区", "By community";
    ByTeam => "按队伍", "By team";
    NoCommunity => "未分配社区", "No community";
    NoEntries => "还没有积分记录。", "No points entries yet.";
    NoMembers => "还没有成员。请先在“成员”中添加。", "No members yet. Add them under Members first.";
    Member => "成员", "Member";
    ChooseMember => "请选择成员", "Choose a member";
    Points => "分值", "Points";
    Reason => "理由", "Reason";
    ManualTitle => "手工记分（更正请记一条相反的分值）", "Manual entry (to correct one, add an opposite entry)";
    ManualSave => "记录积分", "Record points";
    RedeemTitle => "积分兑换", "Redeem a reward";
    Reward => "兑换项目", "Reward";
    RedeemSave => "兑换", "Redeem";
    Saved => "已记录。", "Saved.";
    Redeemed => "已兑换。", "Redeemed.";
    Automatic => "自动", "Automatic";
    Manual => "手工", "Manual";
    Redemption => "兑换", "Redemption";
    DashTitle => "全区数据看板", "District dashboard";
    DashIntro => "以下数字由本设备上的记录实时计算；点按任一数字查看统计口径。",
        "These figures are computed live from the records on this device; tap a figure to see what it counts.";
    DashScope => "范围", "Scope";
    DashWholeDistrict => "全区", "Whole district";
    DashFrom => "起始日期", "From";
    DashTo => "截止日期", "To";
    DashMembers => "队伍", "Teams";
    DashActivities => "市民委员会：活动与成果", "Citizens' committee: activities and results";
    DashExperts => "专家委员会：决策咨询", "Expert committee: decision advice";
    DashDemands => "民情民意", "Residents' demands";
    DashLegal => "法务服务", "Legal-envoy services";
    DashByType => "活动类型分布", "Activities by type";
    DashCsv => "导出数据 CSV", "Export figures as CSV";
    DashPrint => "打印报告", "Print report";
    DashPeriodAll => "全部时间", "All time";
    ChartByMonth => "每月收到需求（按当前状态）", "Demands received per month, by current status";
    ChartByDomain => "需求领域分布", "Demands by domain";
    ChartByCommunity => "各社区需求数", "Demands by community";
    ChartCitizens => "各社区市民委员会成员数", "Citizens' committee members per community";
    ChartEmpty => "范围和时段内没有数据。", "Nothing in this scope and period.";
    ChartNoDate => "未设置起止日期时，显示截至今天的最近 12 个月。", "Without dates, the last 12 months up to today are shown.";
    EditRule => "修改", "Edit";
    RuleName => "名称（中文）", "Name (Chinese)";
    RuleNameEn => "名称（英文）", "Name (English)";
    RuleTeam => "适用队伍", "Team";
    RuleAllTeams => "所有队伍", "All teams";
    RuleSave => "保存规则", "Save rule";
    RuleCancel => "取消", "Cancel";
    RuleSaved => "规则已保存。", "Rule saved.";
    RuleBadPoints => "分值应为整数（减分项为负数）。未保存。", "Points must be a whole number (negative for the negative list). Nothing was saved.";
    SignedUp => "报名成员", "Signed up";
    Absent => "未参加", "Did not come";
    SignUpHint => "报名后未参加（未列入参加成员）的成员，会议日期过后按减分项扣分，每人每次会议一次。",
        "Members signed up but not among those who took part lose points by the negative list once the day is over, once per member and meeting.";
    RoleLabel => "本机角色", "Role on this device";
    RoleRepresentative => "市民代表", "Representative";
    RoleCoordinator => "协调员", "Coordinator";
    RoleHint => "角色只是让手机界面保持简洁，不是权限控制：协调员可修改积分规则、手工记分、编辑兑换目录。",
        "The role only keeps the phone simple; it is not security: a coordinator edits the points rules, adds manual entries and edits the reward catalogue.";
    CoordinatorOnly => "修改规则、手工记分和编辑兑换目录是协调员的操作。如您是协调员，请在“设置”中把本机角色切换为协调员。",
        "Editing rules, manual entries and editing the reward catalogue are coordinator actions. If you are a coordinator, switch this device's role to Coordinator in Settings.";
    RewardsTitle => "兑换目录", "Reward catalogue";
    RewardCost => "所需积分", "Cost in points";
    RewardAdd => "添加奖励", "Add a reward";
    RewardSave => "保存奖励", "Save reward";
    RewardEdit => "修改", "Edit";
    RewardRetire => "停用", "Retire";
    RewardRestore => "恢复", "Restore";
    RewardRetired => "已停用", "Retired";
    RewardSaved => "兑换目录已更新。", "Reward catalogue updated.";
    NoRewards => "目录中没有可兑换的奖励。", "No rewards in the catalogue.";
}
}
