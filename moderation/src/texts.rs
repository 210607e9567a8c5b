//! The moderation page's words, in the site's languages (okur-web's [`Locale`]: the page is
//! shown in the one the server wrote into `<html lang>`, and switched with the same cookie).

use okur_types::comments::ReportReason;
use okur_types::moderation::{Action, Status};
use okur_web::i18n::Locale;

/// The page's words in a language.
pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::Tr => &TR,
        Locale::En => &EN,
    }
}

/// Every word on the page.
#[derive(Debug)]
pub struct Texts {
    /// The page's title.
    pub title: &'static str,
    /// The language switch's label.
    pub language: &'static str,
    /// The sign-in form's heading.
    pub sign_in: &'static str,
    /// The name field.
    pub user: &'static str,
    /// The password field.
    pub password: &'static str,
    /// The sign-in button.
    pub sign_in_button: &'static str,
    /// Wrong name or password.
    pub bad_login: &'static str,
    /// Too many failed sign-ins: wait this many minutes.
    pub too_many: fn(u64) -> String,
    /// Signed in as someone.
    pub signed_in_as: &'static str,
    /// The sign-out button.
    pub sign_out: &'static str,
    /// The views' label.
    pub views: &'static str,
    /// The held comments view.
    pub held: &'static str,
    /// The recent published comments view.
    pub recent: &'static str,
    /// The audit trail view.
    pub log: &'static str,
    /// The stories view.
    pub stories: &'static str,
    /// The settings view.
    pub settings: &'static str,
    /// The held-comments email field.
    pub held_mail: &'static str,
    /// No email for held comments.
    pub held_mail_off: &'static str,
    /// Held comments are emailed.
    pub held_mail_on: &'static str,
    /// The address waits for its confirmation.
    pub held_mail_waiting: &'static str,
    /// Not an email address.
    pub held_mail_invalid: &'static str,
    /// The site sends no email.
    pub no_mail: &'static str,
    /// The save button.
    pub save: &'static str,
    /// The accounts view (admins).
    pub staff: &'static str,
    /// A role, as a column and a field.
    pub role: &'static str,
    /// The editor role.
    pub role_editor: &'static str,
    /// The moderator role.
    pub role_moderator: &'static str,
    /// The admin role.
    pub role_admin: &'static str,
    /// Open sessions.
    pub sessions: &'static str,
    /// Remove an account.
    pub remove: &'static str,
    /// Add an account.
    pub add_account: &'static str,
    /// An account was added.
    pub added: &'static str,
    /// A role was changed.
    pub role_saved: &'static str,
    /// An account was removed.
    pub removed: &'static str,
    /// Saved.
    pub saved: &'static str,
    /// The stories table's columns: the story, when published, held comments, comments' state.
    pub story: &'static str,
    /// When published.
    pub published: &'static str,
    /// Held comments.
    pub held_count: &'static str,
    /// Whether comments are taken.
    pub comments: &'static str,
    /// Comments open.
    pub open_state: &'static str,
    /// Comments closed.
    pub closed_state: &'static str,
    /// Open, as a short button label.
    pub open_short: &'static str,
    /// Close, as a short button label.
    pub close_short: &'static str,
    /// Nothing waits.
    pub none_held: &'static str,
    /// Nothing published lately.
    pub none_recent: &'static str,
    /// The reported comments' tab and heading.
    pub reported: &'static str,
    /// No reported comments.
    pub none_reported: &'static str,
    /// A reason as moderators read it, with how many readers gave it.
    pub reason: fn(ReportReason, u32) -> String,
    /// Pick a comment.
    pub pick: &'static str,
    /// Take a pick back.
    pub unpick: &'static str,
    /// The mark of a picked comment.
    pub picked: &'static str,
    /// No decisions yet.
    pub none_logged: &'static str,
    /// Loading.
    pub loading: &'static str,
    /// The server could not be reached or failed.
    pub failed: &'static str,
    /// The session ended: sign in again.
    pub signed_out: &'static str,
    /// A comment's checkbox: select the comment by this author.
    pub select: fn(&str) -> String,
    /// The checkbox that selects every comment shown.
    pub select_all: &'static str,
    /// How many are selected.
    pub selected: fn(usize) -> String,
    /// "In reply to" before the parent's author.
    pub in_reply_to: &'static str,
    /// No email given.
    pub no_email: &'static str,
    /// Beside an edited comment's time.
    pub edited: &'static str,
    /// The earlier texts of an edited comment: "n earlier versions".
    pub versions: fn(usize) -> String,
    /// The decision buttons.
    pub approve: &'static str,
    /// Reject.
    pub reject: &'static str,
    /// Delete, which takes the replies too.
    pub delete: &'static str,
    /// Open an article to comments.
    pub open: &'static str,
    /// Close an article to comments.
    pub close: &'static str,
    /// The article is closed to comments.
    pub closed_note: &'static str,
    /// What a decision did, for the status line: `n` comments approved, rejected, deleted.
    pub done: fn(Action, usize) -> String,
    /// Some comments were gone already.
    pub missing: fn(usize) -> String,
    /// An article opened or closed.
    pub article_done: fn(bool, &str) -> String,
    /// The audit trail's columns.
    pub when: &'static str,
    /// Who decided.
    pub who: &'static str,
    /// What they did.
    pub what: &'static str,
    /// On which comment or article.
    pub on: &'static str,
    /// A comment, by id.
    pub comment_no: fn(i64) -> String,
    /// A status's name.
    pub status: fn(Status) -> &'static str,
    /// An action's name in the audit trail.
    pub action: fn(Action) -> &'static str,
}

/// Türkçe.
pub static TR: Texts = Texts {
    title: "Moderasyon",
    language: "Dil",
    sign_in: "Moderatör girişi",
    user: "Kullanıcı adı",
    password: "Parola",
    sign_in_button: "Giriş yap",
    bad_login: "Kullanıcı adı ya da parola yanlış.",
    too_many: |m| format!("Çok fazla başarısız giriş. {m} dakika sonra yeniden deneyin."),
    signed_in_as: "Giriş yapan:",
    sign_out: "Çıkış yap",
    views: "Görünüm",
    held: "Onay bekleyenler",
    recent: "Son yayımlananlar",
    log: "İşlem kaydı",
    stories: "Haberler",
    settings: "Ayarlar",
    held_mail: "Onay bekleyen yorumlar için e-posta adresim (boş: e-posta yok)",
    held_mail_off: "Onay bekleyen yorumlar için e-posta gönderilmiyor.",
    held_mail_on: "Onay bekleyen yorumlar birkaç dakikada bir, tek e-postada gelir.",
    held_mail_waiting: "Adresinize gönderilen onay bağlantısı bekleniyor; açılana dek e-posta gelmez.",
    held_mail_invalid: "Bir e-posta adresi yazın (ad@ornek.com) ya da alanı boş bırakın.",
    no_mail: "Bu site e-posta göndermiyor (--smtp-url verilmemiş).",
    save: "Kaydet",
    staff: "Hesaplar",
    role: "Rol",
    role_editor: "Editör",
    role_moderator: "Moderatör",
    role_admin: "Yönetici",
    sessions: "Açık oturum",
    remove: "Kaldır",
    add_account: "Hesap ekle",
    added: "Hesap eklendi.",
    role_saved: "Rol değişti; açık oturumlarda da geçerli.",
    removed: "Hesap kaldırıldı; oturumları kapandı.",
    saved: "Kaydedildi.",
    story: "Haber",
    published: "Yayınlama",
    held_count: "Bekleyen",
    comments: "Yorumlar",
    open_state: "açık",
    closed_state: "kapalı",
    open_short: "Yorumlara aç",
    close_short: "Yorumlara kapat",
    none_held: "Onay bekleyen yorum yok.",
    none_recent: "Son zamanlarda yayımlanan yorum yok.",
    reported: "Bildirilenler",
    none_reported: "Bildirilen yorum yok.",
    reason: |reason, n| {
        let name = match reason {
            ReportReason::Spam => "Spam",
            ReportReason::Abuse => "Hakaret ya da taciz",
            ReportReason::OffTopic => "Konu dışı",
            ReportReason::Other => "Başka bir neden",
        };
        format!("{name}: {n} okur")
    },
    pick: "Editörün seçimi yap",
    unpick: "Seçimden çıkar",
    picked: "Editörün seçimi",
    none_logged: "Henüz bir işlem yok.",
    loading: "Yükleniyor…",
    failed: "Sunucu yanıt vermedi. Yeniden deneyin.",
    signed_out: "Oturumunuz sona erdi; yeniden giriş yapın.",
    select: |name| format!("{name} adlı okurun yorumunu seç"),
    select_all: "Tümünü seç",
    selected: |n| format!("{n} yorum seçili"),
    in_reply_to: "Yanıtladığı yorum:",
    no_email: "e-posta yok",
    edited: "düzenlendi",
    versions: |n| format!("Önceki sürümler ({n})"),
    approve: "Onayla",
    reject: "Reddet",
    delete: "Yanıtlarıyla sil",
    open: "Haberi yorumlara aç",
    close: "Haberi yorumlara kapat",
    closed_note: "Haber yorumlara kapalı.",
    done: |action, n| match action {
        Action::Approve => format!("{n} yorum onaylandı."),
        Action::Reject => format!("{n} yorum reddedildi."),
        Action::Pick => format!("{n} yorum editörün seçimi oldu."),
        Action::Unpick => format!("{n} yorum seçimden çıkarıldı."),
        _ => format!("{n} yorum silindi."),
    },
    missing: |n| format!("{n} yorum zaten yoktu."),
    article_done: |open, title| {
        if open {
            format!("“{title}” yorumlara açıldı.")
        } else {
            format!("“{title}” yorumlara kapatıldı.")
        }
    },
    when: "Zaman",
    who: "Kim",
    what: "İşlem",
    on: "Neye",
    comment_no: |id| format!("Yorum {id}"),
    status: |status| match status {
        Status::Published => "yayımlandı",
        Status::Pending => "onay bekliyor",
        Status::Rejected => "reddedildi",
    },
    action: |action| match action {
        Action::Approve => "onayladı",
        Action::Reject => "reddetti",
        Action::Delete => "sildi",
        Action::Open => "yorumlara açtı",
        Action::Close => "yorumlara kapattı",
        Action::Pick => "editörün seçimi yaptı",
        Action::Unpick => "seçimden çıkardı",
    },
};

/// English.
pub static EN: Texts = Texts {
    title: "Moderation",
    language: "Language",
    sign_in: "Moderator sign-in",
    user: "User name",
    password: "Password",
    sign_in_button: "Sign in",
    bad_login: "The user name or password is wrong.",
    too_many: |m| format!("Too many failed sign-ins. Try again in {m} minutes."),
    signed_in_as: "Signed in as",
    sign_out: "Sign out",
    views: "View",
    held: "Held",
    recent: "Recently published",
    log: "Audit trail",
    stories: "Stories",
    settings: "Settings",
    held_mail: "My email address for comments awaiting approval (blank: no email)",
    held_mail_off: "No email is sent for comments awaiting approval.",
    held_mail_on: "Comments awaiting approval come every few minutes, in one email.",
    held_mail_waiting: "Waiting for the confirmation link sent to your address; no email comes until it is opened.",
    held_mail_invalid: "Write an email address (name@example.com) or leave the field blank.",
    no_mail: "This site sends no email (no --smtp-url).",
    save: "Save",
    staff: "Accounts",
    role: "Role",
    role_editor: "Editor",
    role_moderator: "Moderator",
    role_admin: "Admin",
    sessions: "Open sessions",
    remove: "Remove",
    add_account: "Add an account",
    added: "Account added.",
    role_saved: "Role changed; open sessions have it too.",
    removed: "Account removed; its sessions ended.",
    saved: "Saved.",
    story: "Story",
    published: "Published",
    held_count: "Held",
    comments: "Comments",
    open_state: "open",
    closed_state: "closed",
    open_short: "Open to comments",
    close_short: "Close to comments",
    none_held: "No comments are waiting.",
    none_recent: "No comments were published lately.",
    reported: "Reported",
    none_reported: "No comments are reported.",
    reason: |reason, n| {
        let name = match reason {
            ReportReason::Spam => "Spam",
            ReportReason::Abuse => "Abuse",
            ReportReason::OffTopic => "Off topic",
            ReportReason::Other => "Other",
        };
        format!("{name}: {n} {}", if n == 1 { "reader" } else { "readers" })
    },
    pick: "Make it an editor's pick",
    unpick: "Unpick",
    picked: "Editor's pick",
    none_logged: "No decisions yet.",
    loading: "Loading…",
    failed: "The server did not answer. Please try again.",
    signed_out: "Your session ended; please sign in again.",
    select: |name| format!("Select the comment by {name}"),
    select_all: "Select all",
    selected: |n| if n == 1 { "1 comment selected".into() } else { format!("{n} comments selected") },
    in_reply_to: "In reply to",
    no_email: "no email",
    edited: "edited",
    versions: |n| if n == 1 { "1 earlier version".to_owned() } else { format!("{n} earlier versions") },
    approve: "Approve",
    reject: "Reject",
    delete: "Delete with replies",
    open: "Open the story to comments",
    close: "Close the story to comments",
    closed_note: "The story is closed to comments.",
    done: |action, n| {
        let noun = if n == 1 { "comment" } else { "comments" };
        match action {
            Action::Approve => format!("{n} {noun} approved."),
            Action::Reject => format!("{n} {noun} rejected."),
            Action::Pick => format!("{n} {noun} picked."),
            Action::Unpick => format!("{n} {noun} unpicked."),
            _ => format!("{n} {noun} deleted."),
        }
    },
    missing: |n| if n == 1 { "1 comment was gone already.".into() } else { format!("{n} comments were gone already.") },
    article_done: |open, title| {
        if open {
            format!("“{title}” is open to comments.")
        } else {
            format!("“{title}” is closed to comments.")
        }
    },
    when: "When",
    who: "Who",
    what: "What",
    on: "On",
    comment_no: |id| format!("Comment {id}"),
    status: |status| match status {
        Status::Published => "published",
        Status::Pending => "held",
        Status::Rejected => "rejected",
    },
    action: |action| match action {
        Action::Approve => "approved",
        Action::Reject => "rejected",
        Action::Delete => "deleted",
        Action::Open => "opened to comments",
        Action::Close => "closed to comments",
        Action::Pick => "picked",
        Action::Unpick => "unpicked",
    },
};

/// `2025-12-13T09:30:00Z` → `2025-12-13 09:30 UTC`; other text as it is.
pub fn short_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) if rfc3339.as_bytes().get(10) == Some(&b'T') => format!("{date} {time} UTC"),
        _ => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(texts(Locale::En).title, "Moderation");
        assert_eq!((EN.done)(Action::Approve, 1), "1 comment approved.");
        assert_eq!((EN.done)(Action::Delete, 3), "3 comments deleted.");
        assert_eq!((TR.done)(Action::Reject, 2), "2 yorum reddedildi.");
        assert_eq!((EN.selected)(2), "2 comments selected");
    }

    #[test]
    fn times_are_short() {
        assert_eq!(short_time("2025-12-13T09:30:00Z"), "2025-12-13 09:30 UTC");
        assert_eq!(short_time("2025-12-13T09:30:00.123456Z"), "2025-12-13 09:30 UTC");
        assert_eq!(short_time("yesterday"), "yesterday");
        assert_eq!(short_time("ğğğğğğğğğğğğğğ"), "ğğğğğğğğğğğğğğ");
    }
}
