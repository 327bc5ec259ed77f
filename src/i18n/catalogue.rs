//! The catalogue itself. Add a message here, with both languages, then use it.

use super::messages;

messages! {
Msg {
    AppName => "Doorstep 两会一员", "Doorstep";
    Loading => "正在打开本机数据…", "Opening this device's data…";
    Upgrading => "本机数据正在升级到新版本的格式。数据多时需要一两分钟，请保持本页打开。中途关闭也不会丢失数据，下次打开时会重新升级。", "This device's data is being upgraded to the new version's format. With a lot of data this takes a minute or two; keep this page open. Closing it loses nothing: the upgrade starts again next time.";
    UpgradedRows => "已处理的记录", "Records done";
    LoadFailed => "本机数据没有读出来", "This device's data could not be read";
    TryAgain => "重试", "Try again";
    OfficeLoading => "正在加载…", "Loading…";
    OfficeLoadFailed => "这一页的程序没有读出来（可能正在更新）。请重试；仍不行就联网刷新一次。", "This page's code could not be loaded (perhaps during an update). Try again; if it still fails, reload once while online.";

    NavHome => "首页", "Home";
    NavDemands => "需求", "Demands";
    NavCapture => "记需求", "New demand";
    NavMembers => "成员", "Members";
    NavTopics => "课题", "Topics";
    NavCommunities => "社区", "Communities";
    NavActivities => "活动", "Activities";
    NavOutcomes => "成果", "Outcomes";
    NavPoints => "积分", "Points";
    NavHonours => "荣誉与经费", "Honours and funds";
    NavDoors => "走访", "Doors";
    NavExchange => "交换", "Exchange";
    NavSettings => "设置", "Settings";
    NavMore => "更多", "More";
    NavMain => "主导航", "Main navigation";

    NotFoundTitle => "找不到这个页面", "Page not found";
    NotFoundBody => "链接可能已过期。请从导航中选择一个页面。", "The link may be out of date. Choose a page from the navigation.";
    BackHome => "回到首页", "Back to Home";
    HomeWelcome => "欢迎使用 Doorstep", "Welcome to Doorstep";
    HomeIntro => "在居民家门口记录诉求，没有信号也不会丢失；回到社区再汇总、分派、统计。",
        "Record residents' needs at the door, even without signal; consolidate, refer and report back at the office.";
    HomeThisDevice => "本机", "This device";

    UpdateReady => "有新版本", "New version";
    UpdateReload => "重新加载", "Reload";

    SettingsLanguage => "语言", "Language";
    SettingsDevice => "本机身份", "This device";
    SettingsDeviceId => "设备编号", "Device id";
    SettingsDeviceLabel => "设备名称", "Device label";
    SettingsStorage => "存储", "Storage";
    SettingsPersisted => "持久存储", "Persistent storage";
    PersistGranted => "已获准：浏览器不会自动清除本机数据", "Granted: the browser will not clear this data on its own";
    PersistDenied => "未获准：空间不足时浏览器可能清除数据，请经常导出", "Not granted: the browser may clear data when space runs low — export often";
    PersistUnknown => "此浏览器无法确认", "This browser cannot tell";
    PersistAsk => "再次申请", "Ask again";
    StorageUsed => "已用", "Used";
    StorageAvailable => "可用", "Available";
    StorageUnknown => "此浏览器不提供用量信息", "This browser does not report usage";

    SetupTitle => "先设置这台设备", "Set up this device";
    SetupIntro => "导出的文件会写上您的姓名和社区，方便社区工作人员汇总。",
        "Your name and community go on every file you export, so the office knows whose it is.";
    SetupName => "您的姓名", "Your name";
    SetupCommunity => "所在社区", "Your community";
    SetupSave => "保存", "Save";
    SetupLater => "以后再说", "Later";
    SetupNameMissing => "请填写姓名", "Please enter your name";
    Saved => "已保存", "Saved";
    Edit => "修改", "Edit";
    SettingsDeviceMember => "本机使用者（成员）", "Who uses this device (member)";
    SettingsDeviceMemberNone => "未关联成员", "Not linked to a member";
    SettingsDeviceMemberHint => "关联后，记录的需求会写明记录人，处理经过会写明办理人。",
        "Once linked, demands you record name you as reporter and events you add name you as author.";
    Cancel => "取消", "Cancel";


    CaptureTitle => "记录居民需求", "Record a resident's need";
    CaptureCommunity => "社区", "Community";
    CaptureCategory => "类别", "Category";
    CaptureUrgency => "紧急程度", "Urgency";
    CaptureSource => "来源", "Source";
    CaptureShortTitle => "简要标题", "Short title";
    CaptureShortTitleHint => "例如：楼道灯不亮", "e.g. Stairwell light broken";
    CaptureDescription => "具体情况", "What is needed";
    CaptureConsent => "居民同意记录其姓名、电话和地址", "The resident agrees to their name, phone and address being recorded";
    CaptureResidentName => "居民姓名", "Resident's name";
    CaptureResidentPhone => "联系电话", "Phone";
    CaptureResidentAddress => "地址（楼栋、单元、门牌）", "Address (building, unit, door)";
    CaptureSave => "保存需求", "Save demand";
    CaptureSaving => "正在保存…", "Saving…";
    CaptureSaved => "已保存到本机", "Saved on this device";
    CapturePossibleDuplicate => "可能重复：下面的需求来自同一户、同一电话或同一地址。如果是同一件事，请打开原需求补充记录，不必另记一条。",
        "Possible duplicate: the demands below are from the same household, phone or address. If it is the same matter, open it and add to it instead of recording another.";
    CaptureSavedCount => "本次已记录", "Recorded this session";
    CaptureDraftKept => "草稿已自动保存，刷新或断电也不会丢失", "Draft kept automatically: a reload or a flat battery loses nothing";
    CaptureFixProblems => "还不能保存，请补全以下内容：", "Not saved yet. Please complete:";
    CaptureNoCommunity => "还没有社区。请先添加本社区：", "No communities yet. Add yours first:";
    CaptureChooseCommunity => "请选择社区", "Choose a community";
    CapturePointsFailed => "需求已保存，但记录人的积分没有记上：", "The demand is saved, but the reporter's points were not recorded:";
    CommunityName => "社区名称", "Community name";
    CommunityStreet => "所属街道", "Sub-district (街道)";
    CommunityAdd => "添加社区", "Add community";
    SaveFailed => "保存失败，数据未写入", "Not saved: nothing was written";


    DemandsSearch => "搜索标题、内容、地址", "Search title, description, address";
    DemandsAllStatuses => "全部", "All";
    DemandsOverdue => "超期", "Overdue";
    DemandsAnyCommunity => "全部社区", "All communities";
    DemandsAnyCategory => "全部类别", "All categories";
    DemandsAnyUrgency => "全部紧急程度", "Any urgency";
    DemandsAnyReporter => "全部记录人", "Any reporter";
    DemandsShown => "条", "shown";
    DemandsEmpty => "没有符合条件的需求。", "No demands match.";
    DemandsPartial => "先显示最新的需求，正在载入全部", "Showing the newest demands first; loading all";
    DemandsPartialSearch => "正在载入全部需求，稍后显示全部结果…", "Loading every demand; all results will show in a moment…";
    DemandsNone => "还没有需求。点“记需求”开始。", "No demands yet. Tap “New demand” to start.";
    DemandNotFound => "找不到这条需求，可能已被删除。", "This demand was not found; it may have been deleted.";
    DemandReportedOn => "记录日期", "Reported on";
    DemandResident => "居民", "Resident";
    DemandTimeline => "处理经过", "Timeline";
    DemandReported => "记录需求", "Demand recorded";
    DemandAddNote => "添加备注", "Add a note";
    DemandNoteText => "备注内容", "Note";
    DemandChangeStatus => "更改状态", "Change status";
    DemandRefer => "转交", "Refer";
    DemandReferTo => "转交给", "Refer to";
    DemandReferEnvoy => "法务特派员", "A legal envoy";
    DemandReferRoundtable => "圆桌会议", "A roundtable";
    DemandReferTopic => "课题", "A research topic";
    DemandReferNone => "还没有可选项，请先在相应页面添加。", "Nothing to choose yet; add one on its page first.";
    DemandResolve => "办结", "Resolve";
    DemandResolveSummary => "办理结果", "How it was resolved";
    DemandFollowUp => "回访", "Follow-up visit";
    DemandSatisfaction => "满意度（1–5）", "Satisfaction (1–5)";
    DemandReopen => "居民不满意，重新打开", "Not satisfied: reopen the demand";
    DemandActionSaved => "已记录", "Recorded";
    Submit => "提交", "Submit";
    Back => "返回", "Back";
    ChooseOne => "请选择", "Choose…";


    DemandEdit => "修改需求", "Edit demand";
    DemandEditSave => "保存修改", "Save changes";
    DemandHasConflict => "这条需求在不同设备上被同时修改，有多个版本。请到“冲突”页面比较后合并。",
        "This demand was changed on two devices at once and has several versions. Compare and combine them on the Conflicts page.";


    DemoTitle => "演示数据", "Demo data";
    DemoIntro => "一键载入一个虚拟的街道和社区：成员、需求、课题、活动和成果，便于试点演示。演示数据带有标记，可一键删除，不影响真实记录。",
        "Load a made-up district in one tap — members, demands, topics, activities, outcomes — for pilot demos. Demo records are marked and can be removed in one step without touching real records.";
    DemoLoad => "载入演示数据", "Load demo data";
    DemoRemove => "删除演示数据", "Remove demo data";
    DemoLoaded => "已载入演示记录", "Demo records loaded";
    DemoRemoved => "已删除演示记录", "Demo records removed";
    DemoWorking => "正在处理…", "Working…";
    DemoPresent => "本机有演示记录", "Demo records on this device";

    StoreFailed => "无法打开本机数据库", "Cannot open this device's database";
}
}
