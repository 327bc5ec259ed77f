//! Messages of photos: taking them, showing them, their room on the device,
//! and carrying them in bundles.

use super::messages;

messages! {
PhotoMsg {
    Heading => "照片", "Photos";
    Add => "拍照或选择照片", "Take or choose photos";
    AddHint => "照片在手机上压缩（长边最多 1280 像素），位置等拍摄信息会被去掉。",
        "Photos are compressed on the phone (at most 1280 px on the long side); location and other camera details are removed.";
    Working => "正在压缩照片…", "Compressing the photo…";
    Remove => "移除这张照片", "Remove this photo";
    Open => "查看大图", "View full size";
    Close => "关闭", "Close";
    Missing => "照片不在本机", "Photo not on this device";
    MissingHint => "这张照片没有随数据包传来。请让对方用“导出（含照片）”再发一次。",
        "This photo did not come with the bundle. Ask the sender to export with photos again.";
    Saved => "照片已保存。", "Photo saved.";
    NotAnImage => "这个文件不是能打开的图片，没有保存。请选择 JPEG、PNG 或 WebP 照片。",
        "This file is not a picture this browser can open, so it was not saved. Choose a JPEG, PNG or WebP photo.";
    Unsupported => "这个浏览器不能在手机上压缩照片，照片没有保存。请用新版 Chrome、Edge、Safari 或系统浏览器打开本应用。",
        "This browser cannot compress photos on the phone, so the photo was not saved. Open the app in a recent Chrome, Edge, Safari or the system browser.";
    NearlyFull => "手机存储空间快满了，照片没有保存，其他内容都在。请先导出数据包备份、清理手机空间后再拍。",
        "The phone's storage is nearly full, so the photo was not saved; everything else is kept. Export a bundle as a backup and free some space, then take the photo again.";
    Room => "照片占用", "Room taken by photos";
    Count => "张", "photos";
    ExportWith => "导出时附带照片（文件会大很多）", "Export with photos (the file gets much larger)";
    ImportedPhotos => "张照片已导入", "photos imported";
    MissingAfterImport => "张照片没有随数据包传来，记录上显示“照片不在本机”", "photos did not come with the bundle; records show \"photo not on this device\"";
}
}
