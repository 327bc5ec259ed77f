//! Messages of the seed's modules: decision consultation (决策征询), legal services
//! to communities (法务服务), the legal-knowledge library and the community notice.

use super::messages;

messages! {
ModuleMsg {
    ModuleConsultation => "决策征询", "Decision consultation";
    ModuleParticipation => "参政议政", "Participation in governance";
    ModuleLegal => "法务服务", "Legal services";
    ModuleDatabases => "四大数据库", "The four databases";
    ModuleOther => "其他", "Other";
    DbMembers => "成员库", "Members database";
    DbDemands => "需求库", "Demands database";
    DbInformation => "信息库", "Information database";
    DbOutcomes => "成果库", "Outcomes database";
    TopicList => "课题清单", "Topic list";
    InfoIntro => "及时、准确发布调研课题、决策需求、群众诉求、法务知识、研究成果、交流结果。", "Research topics, decision requests, residents' demands, legal knowledge, results and what came of them, published on time.";
    InfoTopics => "调研课题", "Research topics";
    InfoConsultations => "决策需求", "Decision requests";
    InfoDemands => "群众诉求", "Residents' demands";
    InfoLibrary => "法务知识", "Legal knowledge";
    InfoOutcomes => "研究成果", "Results";
    InfoNotice => "社区公告（晒事）", "Community notice";

    ConsultationsTitle => "决策征询", "Decision consultations";
    ConsultationsIntro => "区委、区政府及部门就重点项目、重大改革、重要文件，从专家库选取相应领域专家，以列席会议、书面征求等方式征询意见。", "The district and its departments ask experts chosen by domain about key projects, reforms and drafts, at a meeting or in writing.";
    ConsultationsNone => "还没有决策征询。点“新建征询”登记一件。", "No consultations yet. Tap “New consultation” to record one.";
    ConsultationNew => "新建征询", "New consultation";
    ConsultationRequestedBy => "征询单位", "Requested by";
    ConsultationRequestedByHint => "例如：区政府办公室、区民政局", "e.g. District Government Office";
    ConsultationSubject => "征询事项", "Subject";
    ConsultationSubjectHint => "例如：全域生态旅游示范区规划", "e.g. district eco-tourism plan";
    ConsultationSummary => "文件或项目摘要", "Summary of the document or project";
    ConsultationMatter => "事项类别", "Matter";
    ConsultationWay => "征询方式", "Way";
    ConsultationRequestedOn => "征询日期", "Requested on";
    ConsultationDueOn => "答复期限", "Due on";
    ConsultationDomains => "按领域选专家", "Choose experts by domain";
    ConsultationDomainsHint => "领域代码，逗号分隔，例如 tourism, urban_planning", "Domain keys, comma separated, e.g. tourism, urban_planning";
    ConsultationExperts => "邀请的专家委员", "Experts invited";
    ConsultationExpertsOfDomain => "该领域的专家", "Experts of these domains";
    ConsultationCitizens => "邀请的市民代表（需要时）", "Citizens' representatives invited (where asked)";
    ConsultationInternal => "不在社区公告中公开", "Keep off the community notice";
    ConsultationSave => "保存征询", "Save consultation";
    ConsultationNotFound => "找不到这件决策征询，可能已被删除。", "This consultation was not found; it may have been deleted.";
    ConsultationAnswered => "已答复", "Answered";
    ConsultationAdopted => "采纳", "Adopted";
    ConsultationOverdue => "已超过答复期限", "Past its due date";
    ConsultationResponses => "专家和代表的意见", "Responses";
    ConsultationNoResponses => "还没有意见。", "No responses yet.";
    ConsultationNotAnswered => "尚未答复", "Not answered yet";
    ConsultationEarlier => "此前的意见", "Earlier responses";
    ConsultationRespond => "登记意见", "Record a response";
    ConsultationRespondMember => "谁的意见", "Whose response";
    ConsultationRespondStance => "态度", "Stance";
    ConsultationRespondText => "意见内容", "Response";
    ConsultationRespondSave => "保存意见", "Save response";
    ConsultationRespondSaved => "意见已保存。", "Response saved.";
    ConsultationChoose => "请选择", "Choose";
    ConsultationClose => "办结：登记采纳情况", "Close: record what was adopted";
    ConsultationClosedOn => "办结日期", "Closed on";
    ConsultationAdoptPick => "被采纳的意见", "Responses adopted";
    ConsultationResult => "采纳情况说明", "What was done with the advice";
    ConsultationCloseSave => "办结", "Close";
    ConsultationClosed => "已办结。", "Closed.";
    ConsultationInvitedNone => "没有邀请成员。", "Nobody invited.";
    ConsultationMakeTopic => "转为专题咨询课题", "Make a research topic of it (专题咨询)";
    ConsultationTopicMade => "已建立专题咨询课题。", "Research topic made.";
    ConsultationAnsweredOf => "已答复", "answered";

    TopicOriginPick => "课题来源", "Origin";
    TopicOriginConsultation => "专题咨询（来自决策征询）", "Special consultation (from a decision consultation)";
    TopicNew => "新建课题", "New topic";
    TopicNewTitle => "课题名称", "Title";
    TopicNewDescription => "课题说明", "Description";
    TopicNewDue => "完成期限", "Due on";
    TopicNewSave => "保存课题", "Save topic";
    TopicNewFromDemandsHint => "由群众需求汇集的课题，请在需求列表中勾选需求后建立。", "A topic from residents' demands is made by selecting demands in the demand list.";
    TopicDue => "期限", "Due";
    TopicOverdue => "已超期", "Overdue";

    LegalTitle => "法务服务", "Legal services";
    LegalIntro => "法务特派员协助社区做好法律文书起草、规章制度合规性审查，为社区组织提供依法决策。", "Legal envoys draft legal documents and review community rules for compliance: legal advice for community decisions.";
    LegalReviews => "依法决策服务", "Legal reviews";
    LegalReviewsNone => "还没有依法决策服务记录。", "No legal reviews yet.";
    LegalReviewNew => "登记依法决策服务", "Record a legal review";
    LegalReviewType => "服务类型", "Type";
    LegalReviewTitle => "文书或制度名称", "Document or rule";
    LegalReviewTitleHint => "例如：《居民公约》修订稿", "e.g. revised residents' covenant";
    LegalReviewEnvoy => "法务特派员", "Legal envoy";
    LegalReviewResult => "结论或交付内容", "Result";
    LegalReviewSave => "保存", "Save";
    LegalReviewSaved => "已保存依法决策服务。", "Legal review saved.";
    LegalCount => "依法决策", "Legal reviews";
    LegalOtherActivities => "法律咨询、矛盾调解、普法宣传等活动记在“活动”里。", "Legal consultations, mediations and legal education are recorded as activities.";

    LibraryTitle => "法务知识", "Legal knowledge";
    LibraryIntro => "法务特派员写的短文和问答，随数据包传到每部手机，离线可查。", "Short articles and Q&A by legal envoys, carried to every phone in bundles, readable offline.";
    LibrarySearch => "搜索：漏水、电费、物业……", "Search: leak, fees, tenancy…";
    LibraryNone => "还没有文章。", "No articles yet.";
    LibraryNothing => "没有找到。换个词试试。", "Nothing found. Try another word.";
    LibraryNew => "写一篇", "Write one";
    LibraryArticleTitle => "标题或问题", "Title or question";
    LibraryArticleBody => "正文或解答", "Text or answer";
    LibraryArticleTags => "关键词（逗号分隔）", "Keywords (comma separated)";
    LibraryArticleAuthor => "作者（法务特派员）", "Author (legal envoy)";
    LibraryArticleFeatured => "精选：在社区公告中刊出", "Featured: printed on the community notice";
    LibrarySave => "保存文章", "Save article";
    LibrarySaved => "文章已保存。", "Article saved.";
    LibraryFeatured => "精选", "Featured";
    LibraryCount => "篇", "articles";

    NoticeTitle => "社区公告 · 晒事", "Community notice";
    NoticeIntro => "向群众晒事：近期诉求办理情况、调研课题、决策征询、成果和法务知识。不含居民姓名、电话、住址，也不含标记为内部的记录。", "What residents may read: recent demands and what became of them, topics, consultations, outcomes and legal knowledge. No resident's name, phone or address, and nothing marked internal.";
    NoticePickCommunity => "选择社区", "Choose a community";
    NoticeSince => "自", "Since";
    NoticePrint => "打印（A4）", "Print (A4)";
    NoticePrintView => "打印版", "Print view";
    NoticeDemands => "近期群众诉求及办理情况", "Recent demands and what became of them";
    NoticeTopics => "调研课题及成果", "Research topics and findings";
    NoticeConsultations => "决策征询", "Decision consultations";
    NoticeOutcomes => "成果", "Outcomes";
    NoticeArticles => "法务知识", "Legal knowledge";
    NoticeEmpty => "暂无", "None";
    NoticeResponses => "收到意见", "responses";
    NoticeFooter => "本公告由社区两会一员工作站发布。", "Published by the community's two-committees-one-envoy workstation.";
    NoticeInternal => "内部：不在社区公告中公开", "Internal: kept off the community notice";
    NoticeMarkInternal => "设为内部（不公开）", "Mark internal (not published)";
    NoticeMarkPublic => "允许在社区公告中公开", "Allow on the community notice";

    ReferParty => "社区党委", "Community Party committee";
    ReferPartyStatus => "已反映给社区党委", "Raised with the community Party committee";
    ReferPartyNote => "反映给社区党委的说明", "Note for the Party committee";
}
}
