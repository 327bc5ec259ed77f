//! The app lock's keys on this device: making the wrapped data key, opening
//! it with the passphrase (counting wrong tries, with the wait persisted so a
//! reload does not reset it), and changing the passphrase by re-wrapping the
//! same data key. What is sealed with the key, and when, is in docs/app-lock.md.

use crate::app::crypto::{new_data_key, rewrap_data_key, unlock_data_key, DataKey, LockKeyError};
use crate::app::{AppError, Db};
use crate::domain::kinds::Problem;
use crate::domain::lock::{
    check_new_passphrase, Attempts, PassphraseProblem, WrappedKey, DEFAULT_IDLE_MINUTES,
};
use crate::i18n::Text;
use crate::store::Direction;

/// Meta key of the wrapped data key ([`WrappedKey::to_json`]); absent while the lock is off.
pub const KEY_KEY: &str = crate::store::LOCK_KEY_META;
/// Meta key of the idle minutes before the app locks itself.
pub const IDLE_KEY: &str = "lock.idle_minutes";
/// Meta key saying a conversion was started and not finished ("seal" or
/// "open"), so the next unlock finishes it.
pub const PENDING_KEY: &str = "lock.pending";

pub use crate::store::LockState;

/// Where the lock stands on this device (off, locked, unlocked).
pub fn state(db: &Db) -> LockState {
    db.store().lock_state()
}

/// Turns the lock on with a new passphrase (typed twice): makes the data
/// key, stores it wrapped, and from that moment seals every new write; then
/// seals what is already stored. Resumable: if the page closes part-way,
/// the next unlock finishes sealing, and every record stays readable.
pub async fn turn_on(db: &Db, passphrase: &str, again: &str) -> Result<(), AppError> {
    check_new_passphrase(passphrase, again).map_err(invalid)?;
    if state(db) != LockState::Off || wrapped_key(db).await?.is_some() {
        return Err(already_on());
    }
    let (wrapped, key) = new_data_key(passphrase).await.map_err(key_error)?;
    db.store().put_meta(PENDING_KEY, "seal").await?;
    db.store()
        .begin_lock(&wrapped.to_json(), key.body_key())
        .await?;
    // Read back: only a key that is stored and opens may ever seal data.
    match wrapped_key(db).await? {
        Some(stored) if stored == wrapped => {}
        _ => return Err(damaged()),
    }
    finish_pending(db).await
}

/// Finishes a conversion started earlier (turning the lock on or off).
async fn finish_pending(db: &Db) -> Result<(), AppError> {
    let Some(pending) = db.store().get_meta::<String>(PENDING_KEY).await? else {
        return Ok(());
    };
    match pending.as_str() {
        "open" => {
            db.store().begin_unlock_for_good().await?;
            db.store().convert_all(Direction::Open).await?;
            db.store().delete_meta(PENDING_KEY).await?;
            db.store().end_lock().await?;
        }
        _ => {
            db.store().convert_all(Direction::Seal).await?;
            db.store().delete_meta(PENDING_KEY).await?;
        }
    }
    Ok(())
}

/// Opens the lock for this session: the key is held by the store until
/// [`lock_now`]. A wrong passphrase is counted (see [`unlock_key`]).
pub async fn unlock(db: &Db, passphrase: &str, now_ms: u64) -> Result<(), AppError> {
    let key = unlock_key(db, passphrase, now_ms).await?;
    db.store().unlock_with(key.body_key()).await?;
    finish_pending(db).await
}

/// Locks now: the store drops the key; nothing personal can be read or
/// written until [`unlock`]. The UI drops what it holds in memory.
pub fn lock_now(db: &Db) {
    db.store().lock();
    // The bundles kept since their check are plain text too; a check still
    // reading files keeps no more.
    crate::app::exchange::forget_checked(db);
}

/// Turns the lock off after the passphrase is given again: every sealed
/// record is opened back to plain, then the wrapped key is deleted.
pub async fn turn_off(db: &Db, passphrase: &str, now_ms: u64) -> Result<(), AppError> {
    // Proves the passphrase (counted like any try), and holds the key.
    let key = unlock_key(db, passphrase, now_ms).await?;
    db.store().unlock_with(key.body_key()).await?;
    db.store().put_meta(PENDING_KEY, "open").await?;
    finish_pending(db).await
}

/// Minutes idle before the app locks itself (Settings; 5 by default).
pub async fn idle_minutes(db: &Db) -> Result<u32, AppError> {
    Ok(db
        .store()
        .get_meta::<u32>(IDLE_KEY)
        .await?
        .filter(|m| IDLE_CHOICES.contains(m))
        .unwrap_or(DEFAULT_IDLE_MINUTES))
}

/// The idle times Settings offers, in minutes.
pub const IDLE_CHOICES: [u32; 6] = [1, 2, 5, 10, 15, 30];

/// Saves the idle minutes (one of [`IDLE_CHOICES`]).
pub async fn set_idle_minutes(db: &Db, minutes: u32) -> Result<(), AppError> {
    if !IDLE_CHOICES.contains(&minutes) {
        return Err(AppError::Refused(Text::new(
            "请选择列表中的时间。",
            "Choose one of the listed times.",
        )));
    }
    Ok(db.store().put_meta(IDLE_KEY, &minutes).await?)
}

/// How many records (versions) on this device have not been exported: what
/// erasing would lose for good. Answers while locked (counts only).
pub async fn unexported_count(db: &Db) -> Result<u64, AppError> {
    Ok(db.store().unexported_count().await?)
}

/// Erases everything this app stores on this device (the forgotten
/// passphrase's only way out): closes this connection and deletes the
/// database. The caller reloads the page, which starts as a new device.
pub async fn erase_device(db: Db) -> Result<(), AppError> {
    let name = db.store().name().to_owned();
    drop(db);
    Ok(crate::store::Store::delete_database(&name).await?)
}
/// Meta key of the wrong-passphrase count and wait ([`Attempts`]). Kept in
/// the clear: it holds no personal data, and it must be readable while locked.
pub const ATTEMPTS_KEY: &str = "lock.attempts";

/// The wrapped data key, if the lock has been set up on this device.
pub async fn wrapped_key(db: &Db) -> Result<Option<WrappedKey>, AppError> {
    let Some(text) = db.store().get_meta::<String>(KEY_KEY).await? else {
        return Ok(None);
    };
    WrappedKey::from_json(&text)
        .map(Some)
        .map_err(|_| damaged())
}

/// Wrong tries so far and the wait they cost.
pub async fn attempts(db: &Db) -> Result<Attempts, AppError> {
    Ok(db
        .store()
        .get_meta::<Attempts>(ATTEMPTS_KEY)
        .await?
        .unwrap_or_default())
}

/// Opens the data key with `passphrase` at `now_ms`. A wrong passphrase is
/// counted (and the count stored before the answer is given); after five in
/// a row each try waits (30 s, 60 s, …). Failures that are not the
/// passphrase's fault are never counted or called "wrong".
pub async fn unlock_key(db: &Db, passphrase: &str, now_ms: u64) -> Result<DataKey, AppError> {
    let tries = attempts(db).await?;
    let wait = tries.seconds_to_wait(now_ms);
    if wait > 0 {
        return Err(must_wait(wait));
    }
    let wrapped = wrapped_key(db).await?.ok_or_else(no_lock)?;
    match unlock_data_key(&wrapped, passphrase).await {
        Ok(key) => {
            if tries != Attempts::default() {
                db.store()
                    .put_meta(ATTEMPTS_KEY, &tries.after_success())
                    .await?;
            }
            Ok(key)
        }
        Err(LockKeyError::WrongPassphrase) => Err(wrong(db, tries, now_ms).await?),
        Err(err) => Err(key_error(err)),
    }
}

/// Wraps the same data key under `new_passphrase` (typed twice): no sealed
/// data is touched. A wrong old passphrase counts as a wrong try.
pub async fn change_passphrase(
    db: &Db,
    old_passphrase: &str,
    new_passphrase: &str,
    again: &str,
    now_ms: u64,
) -> Result<(), AppError> {
    check_new_passphrase(new_passphrase, again).map_err(invalid)?;
    let tries = attempts(db).await?;
    let wait = tries.seconds_to_wait(now_ms);
    if wait > 0 {
        return Err(must_wait(wait));
    }
    let wrapped = wrapped_key(db).await?.ok_or_else(no_lock)?;
    let rewrapped = match rewrap_data_key(&wrapped, old_passphrase, new_passphrase).await {
        Ok(rewrapped) => rewrapped,
        Err(LockKeyError::WrongPassphrase) => return Err(wrong(db, tries, now_ms).await?),
        Err(err) => return Err(key_error(err)),
    };
    // One put: the old wrapping stays until the new one is committed.
    db.store().put_meta(KEY_KEY, &rewrapped.to_json()).await?;
    if tries != Attempts::default() {
        db.store()
            .put_meta(ATTEMPTS_KEY, &tries.after_success())
            .await?;
    }
    Ok(())
}

/// Counts a wrong try and says how many are left before waits begin, or how long to wait.
async fn wrong(db: &Db, tries: Attempts, now_ms: u64) -> Result<AppError, AppError> {
    let next = tries.after_failure(now_ms);
    db.store().put_meta(ATTEMPTS_KEY, &next).await?;
    let wait = next.seconds_to_wait(now_ms);
    let free_left = crate::domain::lock::FREE_ATTEMPTS.saturating_sub(next.failures);
    Ok(AppError::Refused(if wait > 0 {
        Text::new(
            format!("口令不对。已连续输错 {} 次，请等 {wait} 秒后再试。", next.failures),
            format!(
                "Wrong passphrase. {} wrong tries in a row: wait {wait} seconds before the next try.",
                next.failures
            ),
        )
    } else {
        Text::new(
            format!("口令不对，请再试一次（再错 {free_left} 次后需要等待）。注意大小写和输入法。"),
            format!("Wrong passphrase; try again ({free_left} more before waits begin). Mind capital letters and the input method."),
        )
    }))
}

fn already_on() -> AppError {
    AppError::Refused(Text::new(
        "本机已设置应用锁。如要更换口令，请使用“修改口令”。",
        "This device already has an app lock. To change its passphrase, use “Change passphrase”.",
    ))
}

fn must_wait(seconds: u64) -> AppError {
    AppError::Refused(Text::new(
        format!("输错次数过多，请等 {seconds} 秒后再试。"),
        format!("Too many wrong tries: wait {seconds} seconds, then try again."),
    ))
}

fn no_lock() -> AppError {
    AppError::Refused(Text::new(
        "本机没有设置应用锁，无需解锁。",
        "This device has no app lock; there is nothing to unlock.",
    ))
}

fn damaged() -> AppError {
    AppError::Refused(Text::new(
        "本机保存的应用锁密钥已损坏，无法解锁。口令本身可能没有错。请联系协调员；只能在导出可导出的数据后清除本机数据。",
        "The app lock's stored key is damaged and cannot be opened; your passphrase may well be right. Contact your coordinator; the only way on is to erase this device's data after exporting what can be exported.",
    ))
}

fn key_error(err: LockKeyError) -> AppError {
    match err {
        LockKeyError::Damaged => damaged(),
        // Never "wrong passphrase": the browser failed before it could tell.
        LockKeyError::WrongPassphrase | LockKeyError::Unavailable => AppError::Refused(Text::new(
            "浏览器的加密功能出错，未能完成。这不是口令的问题，也没有计入输错次数。请关闭其他应用后重试。",
            "The browser's encryption failed and could not finish. This is not about your passphrase and was not counted as a wrong try. Close other apps and try again.",
        )),
    }
}

fn invalid(problem: PassphraseProblem) -> AppError {
    let (field, text) = match problem {
        PassphraseProblem::PinTooShort => (
            "passphrase",
            Text::new(
                "数字密码至少需要 6 位。",
                "A PIN needs at least 6 digits.",
            ),
        ),
        PassphraseProblem::TooShort => (
            "passphrase",
            Text::new(
                "口令至少需要 8 个字符，或使用至少 6 位的数字密码。",
                "A passphrase needs at least 8 characters, or use a PIN of at least 6 digits.",
            ),
        ),
        PassphraseProblem::Mismatch => (
            "passphrase_again",
            Text::new(
                "两次输入的口令不一致。忘记口令只能清除本机数据，请仔细再输一次。",
                "The two entries differ. A forgotten passphrase means erasing this device's data, so type it again carefully.",
            ),
        ),
    };
    AppError::Invalid(vec![Problem::new(field, text)])
}
