//! Messages of decision consultation: research topics and residents' opinions.

use super::messages;

messages! {
TopicMsg {
    Title => "课题", "Topics";
    Intro => "把多条相关需求汇成课题，交专家委员会调研；涉及居民切身利益的方案，回到市民委员会征求意见。",
        "Group related demands into a research topic for the expert committee; proposals that touch residents' lives go back to the citizens' committee for opinions.";
    None => "还没有课题。在“需求”列表中选择几条需求，即可生成课题。", "No topics yet. Select several demands in the Demands list to make one.";
    SelectDemands => "选择需求", "Select demands";
    StopSelecting => "取消选择", "Stop selecting";
    Selected => "已选", "Selected";
    MakeTopic => "生成课题", "Make a research topic";
    TopicTitle => "课题名称", "Topic title";
    TopicTitleHint => "例如：老旧小区公共用电分摊", "e.g. Shared electricity in old buildings";
    Demands => "相关需求", "Demands";
    Experts => "调研专家", "Experts";
    SaveExperts => "保存专家", "Save experts";
    NoExperts => "还没有专家委员会成员。请先在“成员”中添加。", "No expert committee members yet. Add them under Members first.";
    Status => "进展", "Progress";
    Advance => "进入下一阶段", "Move to next stage";
    AddOpinion => "记录意见", "Record an opinion";
    Stance => "态度", "Stance";
    OpinionText => "意见内容", "Opinion";
    Community => "社区", "Community";
    AnyCommunity => "不限社区", "No community";
    Tally => "意见统计", "Tally";
    Total => "合计", "Total";
    NotFound => "找不到这个课题，可能已被删除。", "This topic was not found; it may have been deleted.";
    DemandCount => "条需求", "demands";
    OpinionCount => "条意见", "opinions";
}
}
