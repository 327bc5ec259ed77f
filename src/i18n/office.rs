//! Messages of the office pages: members, communities, activities, outcomes.

use super::messages;

messages! {
OfficeMsg {
    MembersTitle => "成员", "Members";
    MemberNew => "添加成员", "Add member";
    MemberEditTitle => "修改成员", "Edit member";
    MemberName => "姓名", "Name";
    MemberTeam => "所属队伍", "Team";
    MemberCommunity => "所在社区", "Community";
    MemberDomains => "服务领域（可多选）", "Domains (choose any)";
    MemberExpertise => "专业方向", "Field of expertise";
    MemberExpertiseHint => "例如：城市规划、社会学", "e.g. urban planning, sociology";
    MemberProfession => "职业", "Profession";
    MemberStation => "所在法务工作站", "Legal workstation";
    MemberStationHint => "例如：温泉街道法务工作站", "e.g. Wenquan sub-district legal workstation";
    MemberPhone => "联系电话", "Phone";
    MemberJoinedOn => "加入日期", "Joined on";
    MemberNotes => "备注", "Notes";
    MemberSave => "保存成员", "Save member";
    MemberActive => "在册", "Active";
    MemberInactive => "已停用", "Inactive";
    MemberDeactivate => "停用", "Deactivate";
    MemberReactivate => "重新启用", "Reactivate";
    MemberDeactivated => "已停用该成员。其记录保留，可随时重新启用。", "Member deactivated. Their records stay; reactivate at any time.";
    MemberReactivated => "已重新启用该成员。", "Member reactivated.";
    MemberNotFound => "找不到这位成员，可能已被删除。请返回成员列表。", "This member was not found; it may have been deleted. Go back to the member list.";
    MembersSearch => "按姓名、专业或电话搜索", "Search by name, expertise or phone";
    MembersNone => "还没有成员。点“添加成员”开始。", "No members yet. Tap “Add member” to start.";
    MemberReported => "记录的需求", "Demands reported";
    MemberHandled => "经办的需求", "Demands handled";
    MemberAttended => "参加的活动", "Activities attended";
    MemberProduced => "参与的成果", "Outcomes produced";
    MemberTopics => "参与的课题", "Research topics";

    AnyTeam => "全部队伍", "All teams";
    AnyDomain => "全部领域", "All domains";
    AnyStatus => "在册和已停用", "Active and inactive";
    OnlyActive => "仅在册", "Active only";
    OnlyInactive => "仅已停用", "Inactive only";
    AnyType => "全部类型", "All types";
    NothingMatches => "没有符合条件的记录。请放宽搜索或筛选条件。", "Nothing matches. Widen the search or the filters.";
    ListCapped => "结果较多，只显示前一部分。请用搜索或筛选缩小范围。", "Many results: only the first ones are shown. Narrow them with the search or filters.";
    NoneYet => "暂无", "None yet";
    NotOnDevice => "（记录不在本机）", "(record not on this device)";
    Date => "日期", "Date";
    LinkedDemands => "相关需求", "Linked demands";
    PeopleUnit => "人", "people";
    TotalCount => "条数", "Records";

    CommunitiesTitle => "社区", "Communities";
    CommunitiesIntro => "各处选择社区都用这份名单。同一街道下同名的社区在每台设备上都是同一个，不会重复。",
        "Every form picks its community from this list. A community with the same name in the same sub-district is the same one on every device, never a duplicate.";
    CommunitiesAddIntro => "添加社区：", "Add a community:";
    CommunitiesNone => "还没有社区。请在下方添加。", "No communities yet. Add one below.";
    CommunityCode => "社区编码（可选）", "Community code (optional)";
    CommunitySave => "保存社区", "Save community";
    CommunitySaved => "已保存社区。", "Community saved.";
    CommunityAdded => "已添加社区。", "Community added.";
    CommunityMembersCount => "名成员", "members";
    CommunityNone => "（不指定社区）", "(no particular community)";

    ActivitiesTitle => "活动", "Activities";
    ActivitiesNone => "还没有活动记录。点“记录活动”开始。", "No activities yet. Tap “Record an activity” to start.";
    ActivityNew => "记录活动", "Record an activity";
    ActivityEditTitle => "修改活动", "Edit activity";
    ActivityType => "活动类型", "Type";
    ActivityTitle => "活动名称", "Title";
    ActivityTitleHint => "例如：汤边社区一刻钟圆桌会议", "e.g. Tangbian 15-minute roundtable";
    ActivitySearch => "按活动名称搜索", "Search by title";
    ActivityMembers => "参加的成员", "Participating members";
    ActivityJointHint => "联合调解：请同时选择法务特派员和市民代表（可按队伍筛选）。", "Joint mediation: choose the legal envoy and the citizen representatives (filter by team).";
    ActivityAttendees => "参加人数", "Attendees";
    ActivityMaterials => "发放宣传资料（份）", "Leaflets handed out";
    ActivityMinutes => "会议纪要", "Minutes";
    ActivitySave => "保存活动", "Save activity";
    ActivityNotFound => "找不到这项活动，可能已被删除。请返回活动列表。", "This activity was not found; it may have been deleted. Go back to the activity list.";

    OutcomesTitle => "成果", "Outcomes";
    OutcomesNone => "还没有成果记录。点“记录成果”开始。", "No outcomes yet. Tap “Record an outcome” to start.";
    OutcomeNew => "记录成果", "Record an outcome";
    OutcomeEditTitle => "修改成果", "Edit outcome";
    OutcomeType => "成果类型", "Type";
    OutcomeTitle => "成果名称", "Title";
    OutcomeTitleHint => "例如：汤边社区睦邻广场建成", "e.g. Tangbian neighbourhood square built";
    OutcomeSummary => "成果简介", "Summary";
    OutcomeTopic => "相关课题", "Research topic";
    OutcomeNoTopic => "（无）", "(none)";
    OutcomeActivities => "相关活动", "Activities";
    OutcomeMembers => "参与成员", "Members";
    OutcomeFunds => "筹集资金（元）", "Funds raised (yuan)";
    OutcomeFundsShort => "筹集资金", "Funds raised";
    OutcomeFundsHint => "例如 247500 或 24.75万，没有可不填", "e.g. 247500 or 1234.56; leave empty if none";
    OutcomeBeneficiaries => "受益人数", "Beneficiaries";
    OutcomeSave => "保存成果", "Save outcome";
    OutcomeNotFound => "找不到这项成果，可能已被删除。请返回成果列表。", "This outcome was not found; it may have been deleted. Go back to the outcome list.";
    TotalFunds => "资金合计", "Total funds";
    TotalBeneficiaries => "受益人数合计", "Total beneficiaries";
    TotalsExplain => "合计只计算当前筛选后显示的成果。", "Totals count only the outcomes the filters show.";

    PickMemberSearch => "按姓名查找成员", "Find members by name";
    PickDemandSearch => "按标题、内容或地址查找需求", "Find demands by title, description or address";
    PickActivitySearch => "按名称查找活动", "Find activities by title";
    PickSelected => "已选", "Selected";
    PickRemove => "移除", "Remove";
    PickNoMatch => "没有匹配的记录。", "No matches.";
    PickNarrow => "成员较多，只列出一部分。请按队伍或姓名筛选。", "Many members: only some are listed. Filter by team or name.";
    PickNoMembers => "还没有成员，请先在“成员”页添加。", "No members yet; add them on the Members page first.";
}
}
