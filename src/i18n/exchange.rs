//! Messages of the Exchange page (export, import, ledger), the conflict screen
//! and the CSV buttons.

use super::messages;

messages! {
ExchangeMsg {
    Title => "数据交换", "Exchange";
    Intro => "没有服务器：各台设备通过导出、导入数据包文件汇总数据。同一文件导入多次、按任意顺序导入，结果都相同。",
        "There is no server: devices consolidate by exporting and importing bundle files. Importing a file twice, or files in any order, gives the same result.";

    // Summary table
    CountsTitle => "本机数据", "On this device";
    CountsKind => "类别", "Kind";
    CountsCurrent => "现有记录", "Current records";
    CountsNote => "只计现有记录（不含已删除的记录）。", "Current records only (deleted records are not counted).";
    ConflictsLink => "待处理的冲突", "Conflicts to resolve";
    ConflictsNone => "没有冲突", "No conflicts";

    // Export
    ExportTitle => "导出", "Export";
    ExportFull => "导出全部", "Export everything";
    ExportDelta => "导出新增（增量）", "Export what's new (delta)";
    ExportFullHint => "本机全部记录，包括已删除记录的标记。", "Every record on this device, deletions included.";
    ExportDeltaHint => "只含上次导出之后本机新增或收到的记录，适合每天交给社区。", "Only what was added or received since the last export: the daily hand-in.";
    ExportCommunity => "按社区导出", "Export one community";
    ExportCommunityPick => "选择社区", "Choose a community";
    ExportCommunityButton => "导出该社区", "Export this community";
    ExportNoCommunities => "还没有社区。", "No communities yet.";
    ExportBusy => "正在导出…", "Exporting…";
    ExportDone => "已导出", "Exported";
    ExportRecords => "条记录", "records";
    ExportFileLabel => "文件", "File";
    ExportSaveHint => "文件已交给浏览器下载。请通过 U 盘或聊天软件把它发给社区工作人员。",
        "The file was handed to the browser's downloads. Send it to the community office by USB stick or messaging app.";
    ExportNeverDone => "这台设备还没有导出过数据。", "This device has never exported.";
    ExportLast => "上次导出", "Last export";
    ExportUnexported => "条记录尚未导出", "records not exported yet";
    ExportNow => "去导出", "Export now";
    ImportPassphrase => "加密文件的口令（没有加密就不用填）", "Passphrase for encrypted files (leave empty if not encrypted)";
    ExportEncrypt => "用口令加密这个文件（文件经微信、U 盘传递时，居民信息不外泄）", "Encrypt the file with a passphrase (residents' details stay private when it travels by chat or USB stick)";
    ExportPassphrase => "口令（至少 8 个字符）", "Passphrase (at least 8 characters)";
    ExportPassphraseAgain => "再输入一次口令", "The passphrase again";
    ExportPassphraseShort => "口令至少要 8 个字符。没有导出任何文件。", "The passphrase needs at least 8 characters. No file was exported.";
    ExportPassphraseMismatch => "两次输入的口令不一致。没有导出任何文件。", "The two passphrases differ. No file was exported.";
    ExportEncryptedNote => "文件已加密。请把口令另行告诉接收人（当面或电话），不要和文件一起发送。", "The file is encrypted. Tell the recipient the passphrase separately (in person or by phone), never together with the file.";
    ExportAllExported => "所有记录都已导出。", "Everything has been exported.";
    ExportNag => "有记录超过一天没有导出。为防止手机丢失或浏览器清除数据造成损失，请现在导出新增数据并交给社区。",
        "Some records have waited more than a day without being exported. In case the phone is lost or the browser clears its data, export what's new now and hand it in.";
    ExportNoDevice => "本机身份尚未读取，无法导出。请刷新页面后重试。", "This device's identity has not loaded yet, so nothing can be exported. Reload the page and try again.";
    DownloadFailed => "浏览器没能生成下载文件，没有导出任何内容，也没有记为已导出。请重试；如仍失败，请换用其他浏览器。",
        "The browser could not create the download, so nothing was exported or marked as exported. Try again; if it keeps failing, use another browser.";

    // Import
    ImportTitle => "导入", "Import";
    ImportPick => "选择数据包文件（可多选）", "Choose bundle files (several at once)";
    ImportDrop => "或把文件拖到这里", "or drop files here";
    ImportHint => "导入前会先预览：不会直接写入，也不会覆盖本机数据，只会合并。",
        "You see a preview first: nothing is written until you confirm, and nothing is replaced, only merged.";
    ImportChecking => "正在检查文件", "Checking files";
    ImportApplying => "正在导入文件", "Importing files";
    ImportRefused => "以下文件未被接受", "These files were refused";
    ImportKnown => "此数据包已在以下时间导入过，不会重复导入，本机数据不变：", "This bundle was already imported, so it is skipped and nothing changes. Imported on:";
    ImportDuplicate => "与本次选择的另一个文件内容相同，只导入一次：", "Same bundle as another file in this selection; imported once:";
    ImportReadFailed => "无法读取这个文件（可能已被移动或删除），没有导入。请重新选择文件。",
        "This file could not be read (it may have been moved or deleted), so it was not imported. Choose the file again.";
    PreviewTitle => "导入预览", "Import preview";
    PreviewNothing => "没有可以导入的文件。", "There is no file to import.";
    PreviewTotal => "合计", "Total";
    PreviewTotalNote => "合计是各文件之和：同一条记录出现在几个文件中，就计几次。",
        "The total adds up the files: a record carried by several files is counted once per file.";
    PreviewFiles => "个文件可以导入，共", "files can be imported, holding";
    PreviewRevisions => "个版本", "revisions";
    ColKind => "类别", "Kind";
    ColNew => "新增", "New";
    ColUpdated => "更新", "Updated";
    ColUnchanged => "不变", "Unchanged";
    ColDeleted => "删除", "Deleted";
    ColConflicts => "冲突", "Conflicts";
    EqualVvWarning => "以下记录在文件中出现了版本号相同但内容不同的版本（文件可能被手工修改过），两个版本都会保留为冲突：",
        "These records have two versions with the same version vector but different content (the file may have been edited by hand); both are kept as a conflict:";
    ImportConfirm => "确认导入", "Import now";
    ImportCancel => "取消", "Cancel";
    ResultTitle => "导入完成", "Import finished";
    ResultImported => "个文件已导入", "files imported";
    ResultFailed => "个文件导入失败（这些文件的数据没有写入，可重新导入）", "files failed (nothing from them was written; import them again)";
    ResultAlready => "已被导入过", "already imported";
    ResultPerFile => "各文件明细", "Per file";
    Device => "设备", "Device";
    Scope => "范围", "Scope";
    ExportedAt => "导出时间", "Exported at";
    ImportedAt => "导入时间", "Imported at";
    Digest => "校验码", "Digest";
    Records => "版本数", "Revisions";
    Unlabelled => "（未命名设备）", "(unnamed device)";

    // Ledger
    LedgerTitle => "导入记录", "Import ledger";
    LedgerEmpty => "还没有导入过数据包。", "No bundle has been imported yet.";
    LedgerLatestTitle => "各设备最近一次交来的数据", "Latest bundle from each device";
    LedgerLatestHint => "按最近导出时间排序，最久没有交数据的设备排在最前。", "Sorted by export time: the device that handed in longest ago comes first.";
    LedgerStale => "超过 7 天未交", "Nothing for over 7 days";
    LedgerBundles => "个数据包", "bundles";
    LedgerAll => "全部导入记录", "Every import";
    LedgerAllDevices => "显示全部设备", "Show every device";

    // Conflicts
    ConflictsTitle => "冲突", "Conflicts";
    ConflictsIntro => "两台设备在互不知情时修改了同一条记录，两个版本都保留了下来。请逐项比较，选择每一项要保留的内容，然后保存。保存后所有设备导入新版本即可解决。",
        "Two devices changed the same record without seeing each other's change, and both versions were kept. Compare them field by field, choose what to keep for each field, then save. Once other devices import the new version, the conflict is gone everywhere.";
    ConflictsEmpty => "没有需要处理的冲突。", "There are no conflicts to resolve.";
    ConflictVersions => "个版本", "versions";
    ConflictVersion => "版本", "Version";
    ConflictShown => "当前显示", "shown now";
    ConflictDeleted => "（已删除）", "(deleted)";
    ConflictField => "字段", "Field";
    ConflictSame => "相同", "same";
    ConflictTakeAll => "全部采用此版本", "Use this version";
    ConflictSave => "保存合并结果", "Save the resolution";
    ConflictSaving => "正在保存…", "Saving…";
    ConflictSaved => "已保存，冲突已解决。", "Saved: the conflict is resolved.";
    ConflictBack => "返回数据交换", "Back to Exchange";
    ConflictResolveDelete => "采用“已删除”：保存后这条记录被删除。", "Keeping the deletion: saving deletes this record.";
    ConflictOpen => "比较并解决", "Compare and resolve";
    ConflictMissing => "（无）", "(none)";
    ConflictLoadFailed => "无法读取冲突列表", "The conflicts could not be read";

    // CSV
    CsvExport => "导出 CSV", "Export CSV";
    CsvRedacted => "导出 CSV（隐去居民信息）", "Export CSV (no resident details)";
    CsvFailed => "CSV 没有生成", "The CSV was not created";

    LoadFailed => "读取本机数据失败", "Reading this device's data failed";
}
}

impl ExchangeMsg {
    /// The message in both languages, for places that keep a [`super::Text`].
    pub fn text(self) -> super::Text {
        super::Text::new(self.get(super::Lang::Zh), self.get(super::Lang::En))
    }
}
