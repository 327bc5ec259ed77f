//! Messages of door-to-door canvassing: doors, walk view, visits, rounds, coverage.

use super::messages;

messages! {
CanvassMsg {
    Title => "入户走访", "Door-to-door";
    Intro => "按楼栋逐户走访：点一下门户，记下结果；有需求就直接记录。每次敲门都保存在本机，导出后汇总。",
        "Walk a building door by door: tap a door, record what happened, and record a need on the spot. Every knock is kept on this phone and consolidated from exports.";
    MyDoors => "我的门户", "My doors";
    MyDoorsNone => "还没有分配给你的楼栋。请协调员在“入户走访”里把楼栋分配给你，导入他的文件后就会出现在这里。",
        "No buildings are assigned to you yet. A coordinator assigns buildings under Door-to-door; import their file and they appear here.";
    NoDevice => "请先在“设置”里把本机关联到你的成员档案，才能看到分配给你的门户。",
        "Link this device to your member record in Settings to see the doors assigned to you.";
    RoundSince => "自此日起的走访计入本轮", "Visits from this date count in the round";
    RoundSaved => "本轮起始日已保存。导出文件后，其他手机导入即按同一轮统计。", "Round start saved. Export a file: phones that import it count the same round.";
    RoundDateMissing => "请先选择本轮的起始日期。", "Choose the round's start date first.";
    StartRound => "设为本轮起始", "Start the round";
    RoundFrom => "本轮自", "round from";
    RetrySaved => "已保存。", "Saved.";
    CoordinatorOnly => "生成小区门户、导入走访名单、分配楼栋和设定走访轮次是协调员的操作。如您是协调员，请在“设置”中把本机角色切换为协调员。",
        "Generating a compound, importing walk lists, assigning buildings and starting rounds are coordinator actions. If you are a coordinator, switch this device's role to Coordinator in Settings.";
    RetryDays => "“不在家”几天后再访", "Retry “not home” after (days)";
    Coverage => "覆盖率", "Coverage";
    CoverageDef => "覆盖率 = 本轮内至少走访过一次的门户 ÷ 门户总数。“不在家”也算走访过；同一户多次走访只算一户。",
        "Coverage = doors with at least one visit in the round ÷ all doors. “Not home” counts as visited; several visits to one door count once.";
    CoveragePerRep => "各市民代表的覆盖率", "Coverage per representative";
    Doors => "户", "doors";
    Buildings => "楼栋", "Buildings";
    Building => "楼栋", "Building";
    Unit => "单元", "Unit";
    Door => "门牌", "Door";
    Floors => "楼层", "Floors";
    DoorsPerFloor => "每层户数（门号）", "Doors per floor";
    From => "从", "from";
    To => "到", "to";
    NoUnits => "没有单元", "No units";
    Community => "社区", "Community";
    ChooseCommunity => "选择社区", "Choose a community";
    AssignedTo => "负责代表", "Representative";
    Unassigned => "未分配", "Unassigned";
    Assigned => "已分配。导出文件后，代表导入即可在“我的门户”看到。", "Assigned. Export a file; once the representative imports it, the doors show under My doors.";
    NoCompounds => "还没有门户。协调员可以按楼栋规律一次生成整个小区，或导入走访名单 CSV。",
        "No doors yet. A coordinator can generate a whole compound from its pattern, or import a walk-list CSV.";
    Generate => "生成小区门户", "Generate a compound";
    GenerateIntro => "例如 1–12 号楼、每栋 1–3 单元、1–6 层、每层 01–02 户，会生成“3号楼 2单元 502”这样的门户。已有的门户不会重复。",
        "For example buildings 1–12, units 1–3, floors 1–6, doors 01–02 per floor make doors like “3号楼 2单元 502”. Doors that already exist are not duplicated.";
    WillMake => "将生成", "Will make";
    GenerateButton => "生成", "Generate";
    Generated => "已生成门户：", "Doors made: ";
    ImportCsv => "导入走访名单（CSV）", "Import a walk list (CSV)";
    ImportCsvIntro => "列名：社区,楼栋,单元,门牌,重点户,备注（或 community, building, unit, door, vulnerable, notes）。社区须已存在。",
        "Columns: community, building, unit, door, vulnerable, notes (or 社区, 楼栋, 单元, 门牌, 重点户, 备注). The communities must already exist.";
    ImportCsvButton => "导入这些门户", "Import these doors";
    CsvReady => "可导入的门户", "Doors ready to import";
    CsvSkipped => "以下行未导入：", "These lines were not imported:";
    Imported => "已导入门户：", "Doors imported: ";
    LegendTitle => "图例", "Legend";
    NotVisited => "未走访", "Not yet visited";
    Vulnerable => "重点户（独居老人、残障等）", "Vulnerable (elderly living alone, disabled)";
    VulnerableIntro => "供法务特派员和志愿者上门探访：最久未访的排在前面。", "For legal envoys' and volunteers' home visits: the longest unvisited first.";
    LastVisit => "上次走访", "Last visit";
    VulnerableShort => "重点", "Vulnerable";
    TalkedNeed => "已面谈·有需求", "Talked, has a need";
    NextUnvisited => "下一户未访", "Next unvisited door";
    AllVisited => "这栋楼的门户本轮都已走访。", "Every door of this building has been visited in this round.";
    Recorded => "已记录：", "Recorded: ";
    OpenHousehold => "门户详情", "Door details";
    Close => "关闭", "Close";
    AddDoor => "添加门户", "Add a door";
    AddDoorButton => "添加", "Add";
    DoorAdded => "已添加门户。", "Door added.";
    DoorExists => "这个门户已经有了。", "This door already exists.";
    DoorRequired => "请填写门牌。", "Enter the door number.";
    RemoveDoor => "删除此门户", "Remove this door";
    RemoveConfirm => "确定删除这个门户？走访记录会保留。", "Remove this door? Its visits are kept.";
    Removed => "门户已删除。", "Door removed.";
    Visits => "走访记录", "Visits";
    NoVisits => "还没有走访记录。", "No visits yet.";
    Demands => "该户的需求", "Demands of this household";
    NoDemands => "还没有记录需求。", "No demands recorded.";
    HouseholdNotFound => "找不到这个门户，可能已被删除。", "This door was not found; it may have been removed.";
    BuildingNotFound => "找不到这栋楼的门户。", "No doors were found for this building.";
    Notes => "备注", "Notes";
    SaveDoor => "保存", "Save";
    DoorSaved => "已保存。", "Saved.";
    Retry => "待再访（不在家）", "To retry (not home)";
    RetryNone => "本轮没有待再访的门户。", "No doors to retry in this round.";
    RetryDue => "可以再访", "Due now";
    RetryWait => "再访日期", "Retry from";
    LastKnock => "上次敲门", "Last knock";
    InRound => "本轮", "This round";
    EarlierRound => "往轮", "Earlier round";
    CaptureAtDoor => "为这户记录需求", "Recording a need for this door";
    BackToBuilding => "返回楼栋", "Back to the building";
    VisitLinked => "已同时记录走访（已面谈）并关联这条需求。", "The visit (talked) was recorded too and linked to this demand.";
    FailedNothingSaved => "没有保存：", "Not saved: ";
    DashboardCoverage => "入户走访覆盖率（本轮）", "Door-to-door coverage (this round)";
}
}
