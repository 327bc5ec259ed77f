//! The catalogue itself. Add a message here, with both languages, then use it.

use super::messages;

messages! {
    AppName => "Doorstep 两会一员", "Doorstep";
    AppTagline => "社区治理入户工具", "Community governance field kit";
    Loading => "正在打开本机数据…", "Opening this device's data…";

    NavHome => "首页", "Home";
    NavDemands => "需求", "Demands";
    NavCapture => "记需求", "New demand";
    NavMembers => "成员", "Members";
    NavTopics => "课题", "Topics";
    NavActivities => "活动", "Activities";
    NavOutcomes => "成果", "Outcomes";
    NavPoints => "积分", "Points";
    NavExchange => "交换", "Exchange";
    NavSettings => "设置", "Settings";
    NavMore => "更多", "More";
    NavMain => "主导航", "Main navigation";

    PageComing => "此页面将在后续版本中完成。导航、离线和数据存储已可使用。",
        "This page is coming in a later version. Navigation, offline use and storage already work.";
    NotFoundTitle => "找不到这个页面", "Page not found";
    NotFoundBody => "链接可能已过期。请从导航中选择一个页面。", "The link may be out of date. Choose a page from the navigation.";
    BackHome => "回到首页", "Back to Home";
    HomeWelcome => "欢迎使用 Doorstep", "Welcome to Doorstep";
    HomeIntro => "在居民家门口记录诉求，没有信号也不会丢失；回到社区再汇总、分派、统计。",
        "Record residents' needs at the door, even without signal; consolidate, refer and report back at the office.";
    HomeDashboardSoon => "区级统计看板将在后续版本中显示。", "The district dashboard arrives in a later version.";
    HomeThisDevice => "本机", "This device";

    UpdateReady => "有新版本", "New version";
    UpdateReload => "重新加载", "Reload";
    OfflineReady => "已可离线使用", "Ready to work offline";

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
    Cancel => "取消", "Cancel";

    StoreFailed => "无法打开本机数据库", "Cannot open this device's database";
}
