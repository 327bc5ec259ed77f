//! Messages of the app lock: the lock screen, the forgotten passphrase's
//! erase, the header's lock button and the Settings card.

use super::messages;

messages! {
LockMsg {
    ScreenTitle => "应用已锁定", "The app is locked";
    ScreenIntro => "本机数据已加密。请输入应用锁口令继续。", "This device's data is encrypted. Enter the app lock passphrase to go on.";
    Passphrase => "口令", "Passphrase";
    Unlock => "解锁", "Unlock";
    Unlocking => "正在解锁…", "Unlocking…";
    Forgot => "忘记口令？", "Forgot the passphrase?";
    ForgotTitle => "忘记口令", "Forgotten passphrase";
    ForgotBody => "口令无法找回，也没有人能替你解开。唯一的办法是清除本机上 Doorstep 的全部数据，之后本机从头开始，像一台新手机。",
        "The passphrase cannot be recovered, and no one can open the data for you. The only way out is to erase all of Doorstep's data on this phone; it then starts again like a new phone.";
    Unexported => "尚未导出的记录（版本）数：", "Records (versions) not exported yet: ";
    UnexportedLost => "这些记录只在本机上，清除后将永久丢失。如果还能想起口令，请先解锁并导出。",
        "These exist only on this phone and will be lost for good. If you can still remember the passphrase, unlock and export first.";
    UnexportedCounting => "正在统计尚未导出的记录…", "Counting the records not exported yet…";
    EraseWordPrompt => "确认清除请输入：", "To confirm, type: ";
    EraseWord => "清除", "ERASE";
    EraseConfirm => "清除本机数据", "Erase this phone's data";
    Erasing => "正在清除…", "Erasing…";
    EraseCancel => "返回解锁", "Back to unlock";
    LockNow => "锁定", "Lock";
    Locking => "正在锁定…", "Locking…";
    CardTitle => "应用锁", "App lock";
    CardIntro => "开启后，本机保存的居民姓名、电话、地址、诉求和备注都会加密；打开应用需要输入口令，闲置一段时间后自动锁定。建议市民代表开启。",
        "When on, the residents' names, phones, addresses, needs and notes kept on this phone are encrypted; opening the app needs the passphrase, and it locks itself after a while idle. Recommended for representatives.";
    CardWarning => "请牢记口令：忘记口令只能清除本机数据，未导出的记录会丢失。请经常导出。",
        "Remember the passphrase: forgetting it means erasing this phone's data, and records not exported are lost. Export often.";
    Setup => "设置应用锁", "Set up the app lock";
    NewPassphrase => "口令（至少 8 个字符，或至少 6 位数字）", "Passphrase (at least 8 characters, or a PIN of at least 6 digits)";
    NewPassphraseAgain => "再输一次口令", "Passphrase again";
    TurnOn => "开启应用锁", "Turn the lock on";
    Sealing => "正在加密本机数据，数据多时可能需要一些时间。请勿关闭页面。", "Encrypting this phone's data; with much data this can take a while. Do not close the page.";
    Cancel => "取消", "Cancel";
    TurnedOn => "应用锁已开启，本机数据已加密。", "The app lock is on and this phone's data is encrypted.";
    IsOn => "应用锁已开启", "The app lock is on";
    Idle => "闲置多久后自动锁定", "Lock after being idle for";
    Minutes => "分钟", "minutes";
    IdleSaved => "已保存自动锁定时间。", "Idle time saved.";
    ChangeTitle => "修改口令", "Change the passphrase";
    OldPassphrase => "当前口令", "Current passphrase";
    NewPassphraseShort => "新口令", "New passphrase";
    NewPassphraseAgainShort => "再输一次新口令", "New passphrase again";
    ChangeSave => "修改口令", "Change passphrase";
    Changing => "正在修改口令…", "Changing the passphrase…";
    Changed => "口令已修改。以后请用新口令解锁。", "Passphrase changed. Unlock with the new one from now on.";
    OffTitle => "关闭应用锁", "Turn the lock off";
    OffIntro => "关闭后本机数据将恢复为不加密保存。", "When off, this phone's data is stored unencrypted again.";
    TurnOff => "关闭应用锁", "Turn the lock off";
    Opening => "正在解密本机数据，请勿关闭页面。", "Decrypting this phone's data. Do not close the page.";
    TurnedOff => "应用锁已关闭，本机数据不再加密。", "The app lock is off; this phone's data is no longer encrypted.";
    SetupOffer => "建议市民代表开启应用锁：手机丢失时，居民信息不会泄露。", "Representatives should turn on the app lock: a lost phone then gives nothing away.";
    SetupOfferLink => "去设置应用锁", "Set up the app lock";
}
}
