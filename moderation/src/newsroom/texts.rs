//! The newsroom desk's words, in the site's languages.

use okur_types::desk::{DiffChange, RevisionAction, StoryStatus};
use okur_web::i18n::Locale;

use super::model::Kind;

/// The desk's words in a language.
pub fn desk_texts(locale: Locale) -> &'static DeskTexts {
    match locale {
        Locale::Tr => &TR,
        Locale::En => &EN,
    }
}

/// Every word of the desk.
#[derive(Debug)]
pub struct DeskTexts {
    /// The view's tab and heading.
    pub stories: &'static str,
    /// The new-story button.
    pub new_story: &'static str,
    /// The filter's labels: state, any state, section, author, words, the button.
    pub filter: [&'static str; 6],
    /// A state's name.
    pub status: fn(StoryStatus) -> &'static str,
    /// No story matches.
    pub none: &'static str,
    /// A story without a title yet.
    pub untitled: &'static str,
    /// Changed by someone at a time.
    pub changed: fn(&str, &str) -> String,
    /// The list's "has unsaved changes" mark.
    pub working: &'static str,
    /// Back to the list.
    pub back: &'static str,
    /// The fields' labels: address, title, summary, byline, section, language, lead image
    /// address, its text alternative, comments open, correction note.
    pub fields: [&'static str; 10],
    /// A block kind's name.
    pub kind: fn(Kind) -> &'static str,
    /// Block n of its kind (its group's name).
    pub block: fn(usize, &str) -> String,
    /// Quote source, numbered list, image address, alternative, caption, list hint.
    pub block_fields: [&'static str; 6],
    /// The toolbar: strong, emphasis, link, its prompt.
    pub marks: [&'static str; 4],
    /// Move up, move down, remove.
    pub block_tools: [&'static str; 3],
    /// Add a block of a kind.
    pub add: fn(Kind) -> String,
    /// Save as draft, publish now, update, schedule, the schedule's time, take off the site.
    pub actions: [&'static str; 6],
    /// Where the text is kept: in this browser, on the server at a time, offline.
    pub kept: fn(KeptAt, &str) -> String,
    /// What a save did.
    pub saved: fn(StoryStatus) -> &'static str,
    /// Fields to look at again.
    pub invalid: &'static str,
    /// Someone else changed the story: version n.
    pub conflict: fn(i64) -> String,
    /// Their text, my text, keep mine, take theirs.
    pub conflict_parts: [&'static str; 4],
    /// A text restored from this browser.
    pub restored_local: &'static str,
    /// Preview: its heading, phone, desktop, close.
    pub preview: [&'static str; 4],
    /// History: its heading, show, restore, the difference's label.
    pub history: [&'static str; 4],
    /// A revision's action.
    pub action: fn(RevisionAction) -> &'static str,
    /// A line's change, for screen readers.
    pub change: fn(DiffChange) -> &'static str,
    /// Something failed.
    pub failed: &'static str,
    /// A picture's upload: the field's label, under way, done (its address), refused (why).
    pub upload: [&'static str; 3],
}

/// Where the editor's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptAt {
    /// Only in this browser so far.
    Browser,
    /// On the server too (at the time given).
    Server,
    /// In this browser; the server cannot be reached.
    Offline,
}

static TR: DeskTexts = DeskTexts {
    upload: ["Bilgisayardan görsel yükle (JPEG, PNG, WebP; en çok 25 MB)", "Görsel yükleniyor…", "Görsel yüklendi."],
    stories: "Haberler",
    new_story: "Yeni haber",
    filter: ["Durum", "Hepsi", "Bölüm", "Yazar", "Sözcükler", "Süz"],
    status: |s| match s {
        StoryStatus::Draft => "Taslak",
        StoryStatus::Scheduled => "Zamanlanmış",
        StoryStatus::Published => "Yayında",
    },
    none: "Bu süzgece uyan haber yok.",
    untitled: "(Başlıksız)",
    changed: |who, at| format!("{who}, {at}"),
    working: "kaydedilmemiş değişiklik var",
    back: "← Haberler",
    fields: [
        "Adres (slug)",
        "Başlık",
        "Özet",
        "Yazar",
        "Bölüm",
        "Dil (boşsa sitenin)",
        "Ana görsel adresi",
        "Ana görselin metin karşılığı",
        "Yorumlara açık",
        "Düzeltme notu (okura gösterilir)",
    ],
    kind: |k| match k {
        Kind::Heading => "Ara başlık",
        Kind::Paragraph => "Paragraf",
        Kind::Quote => "Alıntı",
        Kind::List => "Liste",
        Kind::Image => "Görsel",
    },
    block: |n, kind| format!("Blok {n}: {kind}"),
    block_fields: [
        "Alıntının kaynağı",
        "Numaralı liste",
        "Görsel adresi",
        "Metin karşılığı",
        "Alt yazı",
        "Her satır bir madde. **kalın**, *italik*, [sözcük](https://…)",
    ],
    marks: ["Kalın", "İtalik", "Bağlantı", "Bağlantının adresi (https://…, mailto:… ya da /…):"],
    block_tools: ["Yukarı taşı", "Aşağı taşı", "Bloğu sil"],
    add: |k| {
        let name = match k {
            Kind::Heading => "ara başlık",
            Kind::Paragraph => "paragraf",
            Kind::Quote => "alıntı",
            Kind::List => "liste",
            Kind::Image => "görsel",
        };
        format!("+ {name}")
    },
    actions: ["Taslak olarak kaydet", "Şimdi yayınla", "Güncelle", "Zamanla", "Yayın zamanı", "Yayından kaldır"],
    kept: |at, when| match at {
        KeptAt::Browser => "Metin bu tarayıcıda saklandı.".into(),
        KeptAt::Server => format!("Sunucuya kaydedildi ({when})."),
        KeptAt::Offline => {
            "Sunucuya ulaşılamıyor: metin bu tarayıcıda saklanıyor, bağlantı gelince gönderilecek.".into()
        }
    },
    saved: |s| match s {
        StoryStatus::Draft => "Taslak kaydedildi.",
        StoryStatus::Scheduled => "Haber zamanlandı.",
        StoryStatus::Published => "Haber yayında.",
    },
    invalid: "Bazı alanlara yeniden bakın: iletiler alanların yanında.",
    conflict: |v| {
        format!("Bu haberi siz çalışırken başka biri değiştirdi (sürüm {v}). İki metin de aşağıda; hiçbiri kaybolmadı.")
    },
    conflict_parts: ["Sunucudaki metin", "Sizin metniniz", "Benim metnimi kaydet", "Sunucudakini al"],
    restored_local: "Bu tarayıcıda kalan, sunucuya ulaşmamış metniniz geri getirildi.",
    preview: ["Önizleme", "Telefon", "Masaüstü", "Önizlemeyi kapat"],
    history: ["Sürümler", "Farkı göster", "Bu sürüme dön", "Bir önceki sürüme göre fark"],
    action: |a| match a {
        RevisionAction::Imported => "içe aktarıldı",
        RevisionAction::Created => "yazıldı",
        RevisionAction::Saved => "kaydedildi",
        RevisionAction::Published => "yayımlandı",
        RevisionAction::Scheduled => "zamanlandı",
        RevisionAction::Unpublished => "yayından kaldırıldı",
        RevisionAction::Restored => "geri getirildi",
    },
    change: |c| match c {
        DiffChange::Equal => "",
        DiffChange::Insert => "eklendi: ",
        DiffChange::Delete => "silindi: ",
    },
    failed: "İşlem yapılamadı. Lütfen yeniden deneyin.",
};

static EN: DeskTexts = DeskTexts {
    upload: [
        "Upload a picture from this computer (JPEG, PNG, WebP; up to 25 MB)",
        "Uploading the picture…",
        "Picture uploaded.",
    ],
    stories: "Stories",
    new_story: "New story",
    filter: ["State", "Any", "Section", "Author", "Words", "Filter"],
    status: |s| match s {
        StoryStatus::Draft => "Draft",
        StoryStatus::Scheduled => "Scheduled",
        StoryStatus::Published => "Published",
    },
    none: "No story matches this filter.",
    untitled: "(Untitled)",
    changed: |who, at| format!("{who}, {at}"),
    working: "has unsaved changes",
    back: "← Stories",
    fields: [
        "Address (slug)",
        "Title",
        "Summary",
        "Author",
        "Section",
        "Language (empty: the site's)",
        "Lead image address",
        "Lead image text alternative",
        "Open to comments",
        "Correction note (shown to readers)",
    ],
    kind: |k| match k {
        Kind::Heading => "Heading",
        Kind::Paragraph => "Paragraph",
        Kind::Quote => "Quote",
        Kind::List => "List",
        Kind::Image => "Image",
    },
    block: |n, kind| format!("Block {n}: {kind}"),
    block_fields: [
        "Quote source",
        "Numbered list",
        "Image address",
        "Text alternative",
        "Caption",
        "One item a line. **strong**, *emphasis*, [words](https://…)",
    ],
    marks: ["Strong", "Emphasis", "Link", "The link's address (https://…, mailto:… or /…):"],
    block_tools: ["Move up", "Move down", "Remove block"],
    add: |k| {
        let name = match k {
            Kind::Heading => "heading",
            Kind::Paragraph => "paragraph",
            Kind::Quote => "quote",
            Kind::List => "list",
            Kind::Image => "image",
        };
        format!("+ {name}")
    },
    actions: ["Save as draft", "Publish now", "Update", "Schedule", "Publication time", "Take off the site"],
    kept: |at, when| match at {
        KeptAt::Browser => "The text is kept in this browser.".into(),
        KeptAt::Server => format!("Saved on the server ({when})."),
        KeptAt::Offline => {
            "The server cannot be reached: the text is kept in this browser and sent once it can.".into()
        }
    },
    saved: |s| match s {
        StoryStatus::Draft => "Draft saved.",
        StoryStatus::Scheduled => "Story scheduled.",
        StoryStatus::Published => "The story is published.",
    },
    invalid: "Some fields need another look: the messages are next to them.",
    conflict: |v| {
        format!(
            "Someone changed this story while you worked on it (version {v}). Both texts are below; neither is lost."
        )
    },
    conflict_parts: ["The text on the server", "Your text", "Save my text", "Take the server's"],
    restored_local: "Your text kept in this browser, which had not reached the server, is back.",
    preview: ["Preview", "Phone", "Desktop", "Close the preview"],
    history: [
        "Revisions",
        "Show the difference",
        "Go back to this revision",
        "The difference from the revision before",
    ],
    action: |a| match a {
        RevisionAction::Imported => "imported",
        RevisionAction::Created => "written",
        RevisionAction::Saved => "saved",
        RevisionAction::Published => "published",
        RevisionAction::Scheduled => "scheduled",
        RevisionAction::Unpublished => "taken off the site",
        RevisionAction::Restored => "restored",
    },
    change: |c| match c {
        DiffChange::Equal => "",
        DiffChange::Insert => "added: ",
        DiffChange::Delete => "removed: ",
    },
    failed: "That did not work. Please try again.",
};
