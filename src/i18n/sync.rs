//! Messages of district sync (Settings → Sync with the district server).

use super::messages;

messages! {
SyncMsg {
    Title => "与区服务器同步", "Sync with the district server";
    Intro => "有网络时，把本机的记录与区服务器（CouchDB）互相同步：合并方式与导入数据包完全相同，什么都不会被覆盖。默认关闭；关闭时本应用不会访问任何网络地址。",
        "When there is a network, this device's records and the district server's (CouchDB) are exchanged both ways, merged exactly as a bundle import is: nothing is overwritten. Off by default; while it is off the app makes no network request.";
    Enabled => "开启同步", "Sync on";
    Target => "同步地址（本站上的数据库路径）", "Sync address (a database path on this site)";
    TargetHint => "例如 /couchdb/doorstep-gulou，由区服务器管理员提供。", "For example /couchdb/doorstep-gulou, given by the district server's administrator.";
    User => "用户名", "User name";
    Password => "密码（只用于本次登录，不会保存）", "Password (used for this sign-in only, never stored)";
    SignIn => "登录", "Sign in";
    SignedIn => "已登录。", "Signed in.";
    SyncNow => "立即同步", "Sync now";
    Live => "保持同步（页面打开时持续同步）", "Stay in sync (keeps syncing while the app is open)";
    Connecting => "正在连接服务器…", "Connecting to the server…";
    Pushing => "正在发送本机的记录…", "Sending this device's records…";
    Pulling => "正在接收服务器的记录…", "Receiving the server's records…";
    Waiting => "已同步，正在等待新的变化。", "In sync; waiting for new changes.";
    Done => "同步完成。", "Sync complete.";
    Sent => "已发送", "Sent";
    Received => "已接收", "Received";
    Pending => "服务器上还有", "Still on the server";
    LastSync => "上次同步", "Last sync";
    Never => "从未同步", "Never";
    Refused => "被拒收的文档（本机数据未受影响）", "Refused documents (nothing on this device changed)";
}
}
