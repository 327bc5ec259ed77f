//! Messages of the QR hand-off (showing and scanning animated QR codes) and
//! of the system share sheet.

use super::messages;

messages! {
QrMsg {
    // Sending
    ShowButton => "显示二维码", "Show as QR codes";
    ShowHint => "没有信号时：对方用“扫描二维码”对准这部手机的屏幕，收齐后照常预览、确认导入。",
        "No signal? The other device uses \"Scan QR codes\" on this screen; once complete it previews and imports as usual.";
    ShowTitle => "用二维码传送", "Hand over by QR codes";
    ShowAim => "请把屏幕调亮，让对方手机在一臂距离内对准二维码，直到对方显示“已收齐”。",
        "Turn the screen bright and let the other phone aim at the code from arm's length until it says \"complete\".";
    Close => "关闭", "Close";
    Frame => "第", "Frame";
    FramesPerSecond => "帧/秒", "frames/s";
    FirstPass => "一轮", "one pass";
    Frames => "帧", "frames";
    Slower => "慢一点", "Slower";
    Faster => "快一点", "Faster";
    Sizes => "数据包", "Bundle";
    Compressed => "压缩后", "compressed";
    Seconds => "秒", "s";
    TooLarge => "这个数据包太大，用二维码传送不现实。请改用文件（“发送…”或下载后通过 U 盘、聊天软件传递）。",
        "This bundle is too large to hand over as QR codes. Use a file instead (\"Send…\", or download it and pass it on by USB stick or chat).";
    Preparing => "正在生成二维码…", "Making the QR codes…";
    // Receiving
    ScanButton => "扫描二维码", "Scan QR codes";
    ScanHint => "用后置摄像头对准另一部手机显示的二维码。漏掉的帧不要紧，会自动补齐。",
        "Aim the rear camera at the QR codes the other phone shows. Missed frames do not matter: they are made up for.";
    ScanStop => "停止扫描", "Stop scanning";
    ScanStarting => "正在打开摄像头…", "Opening the camera…";
    ScanWaiting => "正在寻找二维码…", "Looking for QR codes…";
    ScanReceived => "已收到", "Received";
    ScanOfAbout => "共约", "of about";
    ScanDamaged => "损坏而被忽略的帧", "damaged frames ignored";
    ScanOther => "其他数据包的帧（已忽略）", "frames of another bundle (ignored)";
    ScanComplete => "已收齐，下面是导入预览。", "Complete: the import preview follows.";
    CameraSwitch => "切换摄像头", "Switch camera";
    CameraDenied => "没有摄像头权限。请在浏览器的网站设置里允许本应用使用摄像头，然后再点“扫描二维码”。",
        "Camera permission was refused. Allow this app to use the camera in the browser's site settings, then tap \"Scan QR codes\" again.";
    CameraNone => "这台设备没有可用的摄像头。请改用文件导入。",
        "This device has no camera that can be used. Import a file instead.";
    CameraBusy => "摄像头正被其他应用占用。请关闭其他使用摄像头的应用后重试。",
        "The camera is in use by another app. Close it and try again.";
    CameraUnsupported => "这个浏览器不能打开摄像头（微信等内置浏览器常会阻止）。请用手机自带的浏览器打开本应用，或改用文件导入。",
        "This browser cannot open the camera (WeChat's and other built-in browsers often block it). Open the app in the phone's own browser, or import a file.";
    CameraFailed => "摄像头打开失败。请重试，或改用文件导入。", "The camera could not be opened. Try again, or import a file.";
    ChecksumFailed => "二维码已收齐，但拼合后的数据校验不符，没有导入任何内容。请重新扫描。",
        "All the QR frames arrived but the reassembled data fails its checksum; nothing was imported. Scan again.";
    InflateFailed => "二维码已收齐，但数据无法解压，没有导入任何内容。请重新扫描，或改用文件。",
        "All the QR frames arrived but the data cannot be decompressed; nothing was imported. Scan again, or use a file.";
    // Share sheet
    ShareButton => "发送…", "Send…";
    ShareHint => "用系统的分享菜单发送（微信、蓝牙、邮件等）。", "Send with the system share sheet (WeChat, Bluetooth, mail…).";
    ShareFailed => "分享没有完成。文件仍可下载后传递。", "Sharing did not complete. The file can still be downloaded and passed on.";
}
}
