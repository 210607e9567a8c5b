//! Every UI string, one catalogue per language (Turkish, the site's default, and English),
//! with the plural rules each needs. A module rather than a library: leptos_i18n and Fluent
//! would each add more wasm than all of these strings together, and the budget is tight.

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// Türkçe.
    #[default]
    Tr,
    /// English.
    En,
}

impl Locale {
    /// Both, in the switch's order.
    pub const ALL: [Locale; 2] = [Locale::Tr, Locale::En];

    /// The BCP 47 code, as `<html lang>` and the settings use it.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Tr => "tr",
            Locale::En => "en",
        }
    }

    /// The locale with this code (`tr`, `en`, or a longer tag such as `en-GB`).
    pub fn from_code(code: &str) -> Option<Self> {
        match code.split(['-', '_']).next()?.to_ascii_lowercase().as_str() {
            "tr" => Some(Locale::Tr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The code as the language switch shows it.
    pub fn label(self) -> &'static str {
        match self {
            Locale::Tr => "TR",
            Locale::En => "EN",
        }
    }

    /// The tag Intl formats dates with.
    pub fn intl_tag(self) -> &'static str {
        match self {
            Locale::Tr => "tr-TR",
            Locale::En => "en-US",
        }
    }

    /// The catalogue.
    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::Tr => &TR,
            Locale::En => &EN,
        }
    }
}

/// The locale of the current render (the app provides it; Turkish where none is provided).
pub fn use_locale() -> Locale {
    leptos::prelude::use_context::<Locale>().unwrap_or_default()
}

/// The catalogue of the current render.
pub fn use_texts() -> &'static Texts {
    use_locale().texts()
}

/// The reader's language, shared through context; the header's switch sets it.
#[derive(Debug, Clone, Copy)]
pub struct Language(pub leptos::prelude::RwSignal<Locale>);

/// The cookie that carries a reader's language choice, so that the server renders pages in it.
pub const LOCALE_COOKIE: &str = "okur_lang";

/// The `Set-Cookie`/`document.cookie` value that remembers a choice for a year.
pub fn locale_cookie(locale: Locale) -> String {
    format!("{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.code())
}

/// The language chosen in a `Cookie` request header, if it names one we have.
pub fn locale_from_cookies(header: &str) -> Option<Locale> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LOCALE_COOKIE)
        .and_then(|(_, value)| Locale::from_code(value.trim_matches('"')))
}

/// The strings of one language.
#[derive(Debug)]
pub struct Texts {
    /// The section navigation's label.
    pub sections: &'static str,
    /// The search field's label.
    pub search_label: &'static str,
    /// The search button.
    pub search_button: &'static str,
    /// The search page's title without a query.
    pub search: &'static str,
    /// The search page's title for a query.
    pub search_results: fn(&str) -> String,
    /// What the search page says before a query.
    pub search_prompt: &'static str,
    /// A search found nothing.
    pub no_results: &'static str,
    /// What to try then.
    pub no_results_hint: &'static str,
    /// The link to a list's next page.
    pub more_stories: &'static str,
    /// A section page's description.
    pub section_description: fn(&str) -> String,
    /// An author page's description.
    pub author_description: fn(&str) -> String,
    /// The heading of an article's related stories.
    pub related: &'static str,
    /// The heading of the most read list.
    pub most_read: &'static str,
    /// Before the date a story was updated.
    pub updated: &'static str,
    /// Before a story's public correction.
    pub correction: &'static str,
    /// The lead story's label.
    pub lead_story: &'static str,
    /// An article's comment feed's title.
    pub comments_feed: &'static str,
    /// The language's own name, for the switch.
    pub language_name: &'static str,
    /// The switch's label.
    pub language_switch: &'static str,
    /// "Skip to content".
    pub skip_link: &'static str,
    /// The masthead's line under the name.
    pub tagline: &'static str,
    /// The accessible name of the home link.
    pub home_link: &'static str,
    /// The main navigation's label.
    pub main_nav: &'static str,
    /// The footer line.
    pub footer: &'static str,
    /// The front page's title.
    pub latest_news: &'static str,
    /// The front page's description.
    pub site_description: &'static str,
    /// Screen-reader text while the next page loads.
    pub loading_page: &'static str,
    /// An empty page of the list.
    pub empty_page: &'static str,
    /// The pager's label.
    pub pages: &'static str,
    /// "‹ Previous".
    pub previous: &'static str,
    /// "Next ›".
    pub next: &'static str,
    /// "Page 2 / 5".
    pub page_of: fn(u32, u32) -> String,
    /// The failed-load title.
    pub load_failed: &'static str,
    /// The server could not be reached.
    pub network_error: &'static str,
    /// The server answered with an error.
    pub server_error: &'static str,
    /// A search over its bounds (200 characters, 10 words).
    pub search_too_long: &'static str,
    /// The answer could not be read.
    pub decode_error: &'static str,
    /// "Try again".
    pub retry: &'static str,
    /// While retrying.
    pub retrying: &'static str,
    /// The not-found title.
    pub not_found: &'static str,
    /// The not-found description.
    pub not_found_description: &'static str,
    /// The not-found text.
    pub not_found_body: &'static str,
    /// The link home.
    pub back_home: &'static str,
    /// "Published:".
    pub published: &'static str,
    /// "By".
    pub byline: &'static str,
    /// Reading time.
    pub reading_minutes: fn(usize) -> String,
    /// The offer to go back to the paragraph a reader left an article at.
    pub resume: &'static str,
    /// The button that keeps an article for later (a toggle), and what it says when the browser
    /// could not keep it or let it go.
    pub save: [&'static str; 2],
    /// Listening: the button, the player's name, pause, previous and next paragraph, speed,
    /// stop.
    pub listen: [&'static str; 7],
    /// The speeds offered, as written in the language (the value is the rate).
    pub speeds: [(&'static str, &'static str); 5],
    /// The saved stories' page: title (also the footer's link), lede, nothing saved, remove
    /// one, "saved" before the time.
    pub saved: [&'static str; 5],
    /// The comment count ("3 Yorum", "3 comments").
    pub comment_count: fn(u32) -> String,
    /// The comment section's heading with the count.
    pub comments_heading: fn(u32) -> String,
    /// The reading controls' group label.
    pub text_size: &'static str,
    /// A−'s accessible name.
    pub decrease_text: &'static str,
    /// A+'s accessible name.
    pub increase_text: &'static str,
    /// Reset's accessible name.
    pub reset_text: &'static str,
    /// "Line spacing".
    pub line_spacing: &'static str,
    /// Compact, normal, relaxed.
    pub spacing_names: [&'static str; 3],
    /// "Theme".
    pub theme: &'static str,
    /// System, light, dark, sepia.
    pub theme_names: [&'static str; 4],
    /// "Face": the group of type faces.
    pub face: &'static str,
    /// Serif, sans, legible.
    pub face_names: [&'static str; 3],
    /// "Line width": the group of text widths.
    pub line_width: &'static str,
    /// Narrow, normal, wide.
    pub width_names: [&'static str; 3],
    /// The comment section's strings.
    pub comments: CommentTexts,
}

/// The strings of the comment section.
#[derive(Debug, Clone)]
pub struct CommentTexts {
    /// "<name> says:" after the name.
    pub says: &'static str,
    /// The reply button.
    pub reply: &'static str,
    /// The order switch's label.
    pub order: &'static str,
    /// Oldest first.
    pub oldest_first: &'static str,
    /// Newest first.
    pub newest_first: &'static str,
    /// No comments yet.
    pub none_yet: &'static str,
    /// The list could not be loaded.
    pub load_failed: &'static str,
    /// Load more.
    pub load_more: &'static str,
    /// The button that shows a thread's further replies: "n more replies".
    pub more_replies: fn(u32) -> String,
    /// While loading.
    pub loading: &'static str,
    /// Comments are closed.
    pub closed: &'static str,
    /// The form's heading ("Bir Yorum Yazın").
    pub write: &'static str,
    /// "Replying to".
    pub replying_to: &'static str,
    /// Cancel the reply.
    pub cancel_reply: &'static str,
    /// The name field.
    pub name: &'static str,
    /// The email field.
    pub email: &'static str,
    /// The email's note.
    pub email_note: &'static str,
    /// The text field.
    pub text: &'static str,
    /// The honeypot's label (bots only).
    pub website: &'static str,
    /// Remember me.
    pub remember: &'static str,
    /// Email me replies.
    pub notify: &'static str,
    /// Published, and a confirmation email is on its way.
    pub confirm_mail: &'static str,
    /// The submit button.
    pub submit: &'static str,
    /// While posting.
    pub sending: &'static str,
    /// Published at once.
    pub published: &'static str,
    /// Held for moderation.
    pub held: &'static str,
    /// Not sent: fix the fields.
    pub fix_fields: &'static str,
    /// The server refused some fields.
    pub invalid: &'static str,
    /// Network failure while posting.
    pub network: &'static str,
    /// The parent is gone.
    pub parent_gone: &'static str,
    /// A duplicate.
    pub duplicate: &'static str,
    /// Comments were closed meanwhile.
    pub closed_now: &'static str,
    /// Rate limited, with seconds to wait.
    pub rate_limited: fn(u64) -> String,
    /// Any other failure.
    pub failed: &'static str,
    /// A field is required.
    pub required: &'static str,
    /// At least n characters.
    pub too_short: fn(usize) -> String,
    /// At most n characters.
    pub too_long: fn(usize) -> String,
    /// Control characters.
    pub control: &'static str,
    /// Invisible or direction-changing characters were given.
    pub invisible: &'static str,
    /// Not an email address.
    pub bad_email: &'static str,
    /// A letter carries too many accents or marks (at most this many).
    pub stacked_marks: fn(usize) -> String,
    /// Said in the form until the page is live: posting needs the app.
    pub needs_js: &'static str,
    /// The button that shows comments published since the page loaded.
    pub new_comments: fn(u32) -> String,
    /// A comment's link action.
    pub link: &'static str,
    /// Said once a comment's link is in the clipboard.
    pub link_copied: &'static str,
    /// Said when the clipboard refused the link (it is in the address bar).
    pub link_not_copied: &'static str,
    /// Beside an edited comment's time: "edited".
    pub edited: &'static str,
    /// The edit action on the reader's own comment.
    pub edit: &'static str,
    /// The withdraw action on the reader's own comment.
    pub withdraw: &'static str,
    /// The question before a withdrawal.
    pub withdraw_confirm: &'static str,
    /// Said once it is withdrawn.
    pub withdrawn: &'static str,
    /// The form's line while it edits a comment.
    pub editing: &'static str,
    /// The submit button while editing.
    pub save_edit: &'static str,
    /// Said once an edit is saved and shown.
    pub edit_saved: &'static str,
    /// Said once an edit is saved and held for moderation.
    pub edit_held: &'static str,
    /// The time for changes is over (or this browser may not change it).
    pub edit_closed: &'static str,
    /// The report action on a comment.
    pub report: &'static str,
    /// The heading of the editors' picks.
    pub picks: &'static str,
}

/// Türkçe.
pub static TR: Texts = Texts {
    sections: "Bölümler",
    search_label: "Sitede ara",
    search_button: "Ara",
    search: "Arama",
    search_results: |q| format!("“{q}” için sonuçlar"),
    search_prompt: "Aradığınız kelimeyi yazın.",
    no_results: "Sonuç bulunamadı.",
    no_results_hint: "Yazımı kontrol edin, başka ya da daha az kelimeyle arayın.",
    more_stories: "Daha fazla haber",
    section_description: |name| format!("{name} bölümündeki haberler."),
    author_description: |name| format!("{name} imzalı haberler."),
    related: "İlgili haberler",
    most_read: "En çok okunanlar",
    updated: "Güncelleme:",
    correction: "Düzeltme:",
    lead_story: "Manşet",
    comments_feed: "Yorumlar",
    language_name: "Türkçe",
    language_switch: "Dil",
    skip_link: "İçeriğe geç",
    tagline: "Günün haberleri, sade ve okunaklı",
    home_link: "okur ana sayfa",
    main_nav: "Ana menü",
    footer: "okur — Rust ve WebAssembly ile yapılmış bir haber okuyucusu. Örnek haberler kurgudur.",
    latest_news: "Son haberler",
    site_description: "okur: günün haberleri, sade ve okunaklı bir okuyucuda.",
    loading_page: "Sayfa yükleniyor…",
    empty_page: "Bu sayfada haber yok.",
    pages: "Sayfalar",
    previous: "‹ Önceki",
    next: "Sonraki ›",
    page_of: |page, count| format!("Sayfa {page} / {count}"),
    load_failed: "İçerik yüklenemedi",
    network_error: "Sunucuya ulaşılamadı. İnternet bağlantınızı kontrol edip yeniden deneyin.",
    server_error: "Sunucu şu anda yanıt veremiyor. Biraz sonra yeniden deneyin.",
    search_too_long: "Bir arama en çok 200 karakter ve 10 kelime olabilir. Daha kısa bir aramayla deneyin.",
    decode_error: "Sayfa beklenmedik bir yanıt aldı. Yeniden deneyin.",
    retry: "Yeniden dene",
    retrying: "Deneniyor…",
    not_found: "Sayfa bulunamadı",
    not_found_description: "Aradığınız sayfa bulunamadı.",
    not_found_body: "Aradığınız haber kaldırılmış ya da adresi değişmiş olabilir.",
    back_home: "Ana sayfaya dön",
    published: "Yayınlama:",
    byline: "Yazan:",
    reading_minutes: |n| format!("{n} dk okuma"),
    resume: "Kaldığınız yerden devam edin",
    save: [
        "Sonra oku",
        "Olmadı: tarayıcınız bu haberi saklayamadı ya da bırakamadı. Bağlantınızı denetleyip yeniden deneyin.",
    ],
    listen: ["Dinle", "Sesli okuma", "Duraklat", "Önceki paragraf", "Sonraki paragraf", "Hız", "Durdur"],
    speeds: [("0.75", "0,75×"), ("1", "1×"), ("1.25", "1,25×"), ("1.5", "1,5×"), ("2", "2×")],
    saved: [
        "Sonra okunacaklar",
        "Kaydettiğiniz haberler, en son kaydettiğiniz üstte. Bu cihazda, siz kaldırana dek kalırlar ve çevrimdışı da okunurlar.",
        "Henüz kaydettiğiniz bir haber yok: haberlerin başındaki “Sonra oku” düğmesiyle kaydedin.",
        "Kaldır",
        "Kaydedildi",
    ],
    // Turkish keeps the noun singular after a number.
    comment_count: |n| format!("{n} Yorum"),
    comments_heading: |n| format!("Ziyaretçi Yorumları - {n} Yorum"),
    text_size: "Yazı boyutu",
    decrease_text: "Yazıyı küçült",
    increase_text: "Yazıyı büyüt",
    reset_text: "Yazı boyutunu sıfırla",
    line_spacing: "Satır aralığı",
    spacing_names: ["Sık", "Normal", "Geniş"],
    theme: "Tema",
    theme_names: ["Sistem", "Açık", "Koyu", "Sepya"],
    face: "Yazı tipi",
    face_names: ["Tırnaklı", "Tırnaksız", "Okunaklı"],
    line_width: "Satır uzunluğu",
    width_names: ["Dar", "Normal", "Geniş"],
    comments: CommentTexts {
        says: "dedi ki:",
        reply: "Yanıtla",
        order: "Sıralama",
        oldest_first: "Eskiden yeniye",
        newest_first: "Yeniden eskiye",
        none_yet: "Henüz yorum yok. İlk yorumu siz yazın.",
        load_failed: "Yorumlar yüklenemedi.",
        load_more: "Daha fazla yorum",
        more_replies: |n| format!("Diğer yanıtlar ({n})"),
        loading: "Yükleniyor…",
        closed: "Bu haber yorumlara kapalı.",
        write: "Bir Yorum Yazın",
        replying_to: "Yanıtlanan:",
        cancel_reply: "Vazgeç",
        name: "Adınız",
        email: "E-posta (isteğe bağlı)",
        email_note: "E-posta adresiniz hiçbir zaman yayımlanmaz.",
        text: "Yorumunuz",
        website: "Web sitesi",
        remember: "Adımı ve e-postamı bu tarayıcıda hatırla",
        notify: "Yanıtlar e-postayla gelsin",
        confirm_mail: "Yorumunuz alındı. Yanıtların gelmesi için e-postanıza gönderdiğimiz bağlantıyı açın.",
        submit: "Yorumu gönder",
        sending: "Gönderiliyor…",
        published: "Yorumunuz yayımlandı.",
        held: "Yorumunuz alındı; editör onayından sonra yayımlanacak.",
        fix_fields: "Gönderilmedi: işaretli alanları düzeltin.",
        invalid: "Bazı alanlar hatalı; işaretli alanlara bakın.",
        network: "Yorumunuz gönderilemedi: sunucuya ulaşılamadı. Metniniz saklandı; yeniden gönderebilirsiniz.",
        parent_gone: "Yanıtladığınız yorum artık yok. Yanıtı bırakıp yeniden gönderin.",
        duplicate: "Bu yorumu zaten gönderdiniz.",
        closed_now: "Bu haber yorumlara kapatıldı.",
        rate_limited: |s| format!("Kısa sürede çok fazla yorum gönderdiniz. {s} saniye sonra yeniden deneyin."),
        failed: "Yorumunuz şu anda gönderilemedi. Metniniz saklandı; biraz sonra yeniden deneyin.",
        required: "Bu alan gerekli.",
        too_short: |n| format!("En az {n} karakter yazın."),
        too_long: |n| format!("En fazla {n} karakter yazabilirsiniz."),
        control: "Metinde izin verilmeyen kontrol karakterleri var.",
        invisible: "Görünmeyen ya da yazı yönünü değiştiren karakterleri silin.",
        bad_email: "Geçerli bir e-posta adresi yazın ya da boş bırakın.",
        stacked_marks: |n| format!("Bir harfin üzerinde en fazla {n} işaret olabilir."),
        needs_js: "Yorum göndermek için JavaScript gerekir; yorumları okumak için gerekmez.",
        new_comments: |n| format!("{n} yeni yorum"),
        link: "Bağlantı",
        link_copied: "Bağlantı kopyalandı.",
        link_not_copied: "Bağlantı adres çubuğunda; oradan kopyalayabilirsiniz.",
        edited: "düzenlendi",
        edit: "Düzenle",
        withdraw: "Sil",
        withdraw_confirm: "Yorumunuz silinsin mi?",
        withdrawn: "Yorumunuz silindi.",
        editing: "Yorumunuzu düzenliyorsunuz.",
        save_edit: "Değişikliği kaydet",
        edit_saved: "Yorumunuz güncellendi.",
        edit_held: "Yorumunuz güncellendi; editör onayından sonra yeniden yayımlanacak.",
        edit_closed: "Bu yorumu değiştirme süresi doldu. Metniniz formda duruyor.",
        report: "Bildir",
        picks: "Editörün seçimleri",
    },
};

/// English.
pub static EN: Texts = Texts {
    sections: "Sections",
    search_label: "Search the site",
    search_button: "Search",
    search: "Search",
    search_results: |q| format!("Results for “{q}”"),
    search_prompt: "Type what you are looking for.",
    no_results: "No results.",
    no_results_hint: "Check the spelling, or search with other or fewer words.",
    more_stories: "More stories",
    section_description: |name| format!("Stories in {name}."),
    author_description: |name| format!("Stories by {name}."),
    related: "Related stories",
    most_read: "Most read",
    updated: "Updated:",
    correction: "Correction:",
    lead_story: "Top story",
    comments_feed: "Comments",
    language_name: "English",
    language_switch: "Language",
    skip_link: "Skip to content",
    tagline: "Today's news, plain and readable",
    home_link: "okur home page",
    main_nav: "Main menu",
    footer: "okur — a news reader made with Rust and WebAssembly. The sample stories are fiction.",
    latest_news: "Latest news",
    site_description: "okur: today's news in a plain, readable reader.",
    loading_page: "Loading the page…",
    empty_page: "There are no stories on this page.",
    pages: "Pages",
    previous: "‹ Previous",
    next: "Next ›",
    page_of: |page, count| format!("Page {page} of {count}"),
    load_failed: "The page could not be loaded",
    network_error: "The server could not be reached. Check your connection and try again.",
    server_error: "The server cannot answer right now. Please try again in a moment.",
    search_too_long: "A search is at most 200 characters and 10 words. Try a shorter one.",
    decode_error: "The page got an answer it did not expect. Please try again.",
    retry: "Try again",
    retrying: "Trying…",
    not_found: "Page not found",
    not_found_description: "The page you are looking for was not found.",
    not_found_body: "The story may have been removed, or its address may have changed.",
    back_home: "Back to the home page",
    published: "Published:",
    byline: "By",
    reading_minutes: |n| format!("{n} min read"),
    resume: "Continue where you left off",
    save: [
        "Save for later",
        "That did not work: your browser could not keep this story, or let it go. Check your connection and try again.",
    ],
    listen: ["Listen", "Listening", "Pause", "Previous paragraph", "Next paragraph", "Speed", "Stop"],
    speeds: [("0.75", "0.75×"), ("1", "1×"), ("1.25", "1.25×"), ("1.5", "1.5×"), ("2", "2×")],
    saved: [
        "Saved for later",
        "The stories you saved, the last one saved first. They stay on this device until you remove them, and can be read offline too.",
        "Nothing saved yet: save a story with “Save for later” at its top.",
        "Remove",
        "Saved",
    ],
    comment_count: |n| if n == 1 { "1 comment".to_owned() } else { format!("{n} comments") },
    comments_heading: |n| {
        if n == 1 {
            "Visitor comments – 1 comment".to_owned()
        } else {
            format!("Visitor comments – {n} comments")
        }
    },
    text_size: "Text size",
    decrease_text: "Decrease text size",
    increase_text: "Increase text size",
    reset_text: "Reset text size",
    line_spacing: "Line spacing",
    spacing_names: ["Compact", "Normal", "Relaxed"],
    theme: "Theme",
    theme_names: ["System", "Light", "Dark", "Sepia"],
    face: "Typeface",
    face_names: ["Serif", "Sans", "Legible"],
    line_width: "Line width",
    width_names: ["Narrow", "Normal", "Wide"],
    comments: CommentTexts {
        says: "says:",
        reply: "Reply",
        order: "Order",
        oldest_first: "Oldest first",
        newest_first: "Newest first",
        none_yet: "No comments yet. Be the first to write one.",
        load_failed: "The comments could not be loaded.",
        load_more: "More comments",
        more_replies: |n| format!("More replies ({n})"),
        loading: "Loading…",
        closed: "Comments are closed on this story.",
        write: "Write a comment",
        replying_to: "Replying to:",
        cancel_reply: "Cancel",
        name: "Your name",
        email: "Email (optional)",
        email_note: "Your email address is never published.",
        text: "Your comment",
        website: "Website",
        remember: "Remember my name and email in this browser",
        notify: "Email me replies",
        confirm_mail: "Your comment was received. To get replies by email, open the link we sent to your address.",
        submit: "Post comment",
        sending: "Posting…",
        published: "Your comment is published.",
        held: "Your comment was received and will appear once an editor approves it.",
        fix_fields: "Not sent: please fix the marked fields.",
        invalid: "Some fields need another look; see the marked fields.",
        network: "Your comment could not be sent: the server is unreachable. Your text is kept; you can send it again.",
        parent_gone: "The comment you reply to is gone. Cancel the reply and send again.",
        duplicate: "You already posted this comment.",
        closed_now: "Comments on this story have been closed.",
        rate_limited: |s| format!("You posted many comments in a short time. Please try again in {s} seconds."),
        failed: "Your comment could not be sent right now. Your text is kept; please try again soon.",
        required: "This field is required.",
        too_short: |n| format!("Write at least {n} characters."),
        too_long: |n| format!("You can write at most {n} characters."),
        control: "The text contains control characters that are not allowed.",
        invisible: "Remove the invisible or direction-changing characters.",
        bad_email: "Enter a valid email address, or leave it empty.",
        stacked_marks: |n| format!("Put at most {n} accents or marks on one letter."),
        needs_js: "Posting a comment needs JavaScript; reading the comments does not.",
        new_comments: |n| if n == 1 { "1 new comment".to_owned() } else { format!("{n} new comments") },
        link: "Link",
        link_copied: "Link copied.",
        link_not_copied: "The link is in the address bar; copy it from there.",
        edited: "edited",
        edit: "Edit",
        withdraw: "Delete",
        withdraw_confirm: "Delete your comment?",
        withdrawn: "Your comment was deleted.",
        editing: "You are editing your comment.",
        save_edit: "Save changes",
        edit_saved: "Your comment was updated.",
        edit_held: "Your comment was updated and will appear again once an editor approves it.",
        edit_closed: "The time to change this comment is over. Your text is still in the form.",
        report: "Report",
        picks: "Editor's picks",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(Locale::from_code("tr"), Some(Locale::Tr));
        assert_eq!(Locale::from_code("en-GB"), Some(Locale::En));
        assert_eq!(Locale::from_code("EN"), Some(Locale::En));
        assert_eq!(Locale::from_code("de"), None);
        assert_eq!(Locale::from_code(""), None);
        assert!(Locale::ALL.iter().all(|l| Locale::from_code(l.code()) == Some(*l)));
        assert!(Locale::ALL.iter().all(|l| l.label() == l.code().to_uppercase()));
    }

    #[test]
    fn the_cookie_names_the_choice() {
        assert_eq!(locale_from_cookies("a=1; okur_lang=en; b=2"), Some(Locale::En));
        assert_eq!(locale_from_cookies("okur_lang=tr"), Some(Locale::Tr));
        assert_eq!(locale_from_cookies("okur_lang=\"en\""), Some(Locale::En));
        assert_eq!(locale_from_cookies("okur_lang=xx; x=okur_lang=en"), None);
        assert_eq!(locale_from_cookies("not_okur_lang=en"), None);
        assert_eq!(locale_from_cookies(""), None);
        assert!(locale_cookie(Locale::En).starts_with("okur_lang=en; Path=/;"));
    }

    #[test]
    fn plurals() {
        assert_eq!((TR.comment_count)(1), "1 Yorum");
        assert_eq!((TR.comment_count)(5), "5 Yorum");
        assert_eq!((EN.comment_count)(1), "1 comment");
        assert_eq!((EN.comment_count)(0), "0 comments");
        assert_eq!((EN.comment_count)(5), "5 comments");
        assert_eq!((TR.comments_heading)(1), "Ziyaretçi Yorumları - 1 Yorum");
        assert_eq!((EN.comments_heading)(2), "Visitor comments – 2 comments");
        assert_eq!((TR.comments.new_comments)(3), "3 yeni yorum");
        assert_eq!((EN.comments.new_comments)(1), "1 new comment");
        assert_eq!((EN.comments.new_comments)(2), "2 new comments");
    }

    #[test]
    fn the_turkish_labels_match_the_page_we_model() {
        assert_eq!(TR.published, "Yayınlama:");
        assert_eq!(TR.comments.write, "Bir Yorum Yazın");
        assert_eq!(TR.comments.says, "dedi ki:");
        assert!((TR.comments_heading)(1).starts_with("Ziyaretçi Yorumları"));
    }
}
