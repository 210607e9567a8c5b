//! What an email says, in the language of the page it comes from: a plain-text part and an HTML
//! part in which every value (names, texts, titles, links) is escaped. Written when the email is
//! sent, from what the outbox row is about as it stands then.

use okur_web::format::escape_html as e;
use okur_web::i18n::Locale;

use crate::store::{MailAbout, MailKind};

/// An email's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The subject (one line).
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// The links an email carries besides its content's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// Per item, the link that ends the replies to the comment it answers (replies only).
    pub stop_replies: Vec<String>,
    /// The link that ends every email to the address (also the `List-Unsubscribe` address).
    pub stop_all: String,
    /// The confirmation link (confirmations only).
    pub confirm: Option<String>,
}

/// A comment's address on the site: its article's page, scrolled to it.
pub fn comment_link(site: &str, slug: &str, id: i64) -> String {
    format!("{site}/articles/{slug}?comment={id}#comment-{id}")
}

/// One line, whatever a title holds (a header never breaks).
fn line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// A text as HTML paragraphs, escaped, its line breaks kept.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", e(p.trim()).replace('\n', "<br>")))
        .collect()
}

/// An HTML link, escaped.
fn a(href: &str, words: &str) -> String {
    format!("<a href=\"{}\">{}</a>", e(href), e(words))
}

/// The words of each language.
struct Words {
    reply_subject: &'static str,
    replies_subject: &'static str,
    replied: &'static str,
    read: &'static str,
    stop_replies: &'static str,
    stop_all: &'static str,
    confirm_subject: &'static str,
    confirm_comment: &'static str,
    confirm_moderator: &'static str,
    confirm_open: &'static str,
    confirm_ignore: &'static str,
    held_subject: &'static str,
    held_intro: &'static str,
    held_open: &'static str,
}

const TR: Words = Words {
    reply_subject: "Yorumunuza yanıt",
    replies_subject: "Yorumlarınıza {n} yanıt",
    replied: "{author}, \"{title}\" haberindeki yorumunuza yanıt yazdı:",
    read: "Yanıtı okuyun",
    stop_replies: "Bu yorumun yanıtları artık gelmesin",
    stop_all: "Bu siteden hiç e-posta gelmesin",
    confirm_subject: "E-posta adresinizi onaylayın",
    confirm_comment: "\"{title}\" haberine yazdığınız yorumun yanıtlarını e-postayla almak istediniz.",
    confirm_moderator: "Bu adres, okur'da onay bekleyen yorumların bildirimleri için verildi.",
    confirm_open: "Onaylamak için bu bağlantıyı açın",
    confirm_ignore:
        "Bunu siz istemediyseniz bu e-postayı yok sayın: onaylanmadıkça bu adrese başka e-posta gönderilmez.",
    held_subject: "Onay bekleyen yorumlar: {n}",
    held_intro: "Şu yorumlar onay bekliyor:",
    held_open: "Moderasyon sayfasını açın",
};

const EN: Words = Words {
    reply_subject: "A reply to your comment",
    replies_subject: "{n} replies to your comments",
    replied: "{author} replied to your comment on \"{title}\":",
    read: "Read the reply",
    stop_replies: "Stop emails of replies to this comment",
    stop_all: "Stop every email from this site",
    confirm_subject: "Confirm your email address",
    confirm_comment: "You asked to get replies to your comment on \"{title}\" by email.",
    confirm_moderator: "This address was given for notices of comments awaiting approval on okur.",
    confirm_open: "Open this link to confirm",
    confirm_ignore:
        "If this was not you, ignore this email: nothing more is sent to this address unless it is confirmed.",
    held_subject: "Comments awaiting approval: {n}",
    held_intro: "These comments await approval:",
    held_open: "Open the moderation page",
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Tr => &TR,
        Locale::En => &EN,
    }
}

/// Writes the email of `items` (all of one kind, to one address): a reply alone, several as
/// one digest, a confirmation, or the held comments of a few minutes.
pub fn write(kind: MailKind, locale: Locale, site: &str, items: &[MailAbout], links: &Links) -> Written {
    let w = words(locale);
    let fill = |template: &str, about: &MailAbout| {
        template.replace("{author}", &line(&about.author_name)).replace("{title}", &line(&about.title))
    };
    let count = |template: &str| template.replace("{n}", &items.len().to_string());
    let mut text = String::new();
    let mut html = String::new();
    let subject = match kind {
        MailKind::Reply => {
            for (n, about) in items.iter().enumerate() {
                let link = comment_link(site, &about.slug, about.comment_id.unwrap_or_default());
                let stop = links.stop_replies.get(n).map(String::as_str).unwrap_or(&links.stop_all);
                let intro = fill(w.replied, about);
                text.push_str(&format!(
                    "{intro}\n\n{}\n\n{}: {link}\n{}: {stop}\n\n",
                    about.body, w.read, w.stop_replies
                ));
                html.push_str(&format!(
                    "<p>{}</p><blockquote>{}</blockquote><p>{}</p><p><small>{}</small></p><hr>",
                    e(&intro),
                    paragraphs(&about.body),
                    a(&link, w.read),
                    a(stop, w.stop_replies)
                ));
            }
            match items {
                [one] => format!("{}: {}", w.reply_subject, line(&one.title)),
                _ => count(w.replies_subject),
            }
        }
        MailKind::Confirm => {
            let about = items.first();
            let why = match about {
                Some(about) if !about.title.is_empty() => fill(w.confirm_comment, about),
                _ => w.confirm_moderator.to_owned(),
            };
            let confirm = links.confirm.as_deref().unwrap_or_default();
            text.push_str(&format!("{why}\n\n{}: {confirm}\n\n{}\n\n", w.confirm_open, w.confirm_ignore));
            html.push_str(&format!(
                "<p>{}</p><p>{}</p><p>{}</p>",
                e(&why),
                a(confirm, w.confirm_open),
                e(w.confirm_ignore)
            ));
            w.confirm_subject.to_owned()
        }
        MailKind::Held => {
            let page = format!("{site}/moderation");
            text.push_str(&format!("{}\n\n", w.held_intro));
            html.push_str(&format!("<p>{}</p><ul>", e(w.held_intro)));
            for about in items {
                text.push_str(&format!(
                    "- {} — \"{}\":\n  {}\n\n",
                    line(&about.author_name),
                    line(&about.title),
                    about.body
                ));
                html.push_str(&format!(
                    "<li><strong>{}</strong> — {}{}</li>",
                    e(&about.author_name),
                    e(&about.title),
                    paragraphs(&about.body)
                ));
            }
            text.push_str(&format!("{}: {page}\n\n", w.held_open));
            html.push_str(&format!("</ul><p>{}</p>", a(&page, w.held_open)));
            count(w.held_subject)
        }
    };
    text.push_str(&format!("—\n{}: {}\n", w.stop_all, links.stop_all));
    html.push_str(&format!("<p><small>{}</small></p>", a(&links.stop_all, w.stop_all)));
    let html = format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>{}</title><body>{html}</body></html>",
        locale.code(),
        e(&subject)
    );
    Written { subject: line(&subject), text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about(author: &str, body: &str) -> MailAbout {
        MailAbout {
            id: 1,
            address: "ayse@example.com".into(),
            locale: Locale::Tr,
            comment_id: Some(42),
            subscribed_id: Some(7),
            author_name: author.into(),
            body: body.into(),
            slug: "genc-takim-final".into(),
            title: "Genç takım finalde".into(),
            current: true,
        }
    }

    fn links() -> Links {
        Links {
            stop_replies: vec!["https://haber.example/mail/stop/a".into(), "https://haber.example/mail/stop/b".into()],
            stop_all: "https://haber.example/mail/stop/all".into(),
            confirm: None,
        }
    }

    #[test]
    fn a_reply_says_who_what_and_where_with_everything_escaped_in_html() {
        let hostile = about("<b>Mehmet</b> & co", "İlk satır <script>alert(1)</script>\nikinci \"satır\"");
        let written = write(MailKind::Reply, Locale::Tr, "https://haber.example", &[hostile], &links());
        assert_eq!(written.subject, "Yorumunuza yanıt: Genç takım finalde");
        assert!(written
            .text
            .contains("<b>Mehmet</b> & co, \"Genç takım finalde\" haberindeki yorumunuza yanıt yazdı:"));
        assert!(written.text.contains("https://haber.example/articles/genc-takim-final?comment=42#comment-42"));
        assert!(written.text.contains("https://haber.example/mail/stop/a") && written.text.contains("/mail/stop/all"));
        assert!(!written.html.contains("<script>") && !written.html.contains("<b>Mehmet"), "{}", written.html);
        assert!(written.html.contains("&lt;b&gt;Mehmet&lt;/b&gt; &amp; co"));
        assert!(written.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;<br>ikinci &quot;satır&quot;"));
        assert!(written
            .html
            .contains("href=\"https://haber.example/articles/genc-takim-final?comment=42#comment-42\""));
        assert!(written.html.starts_with("<!doctype html><html lang=\"tr\">"));
    }

    #[test]
    fn several_replies_are_one_digest_and_the_words_follow_the_language() {
        let items = [about("Ali", "Bir"), about("Zeynep", "İki")];
        let written = write(MailKind::Reply, Locale::En, "https://haber.example", &items, &links());
        assert_eq!(written.subject, "2 replies to your comments");
        assert!(written.text.contains("Ali replied to your comment") && written.text.contains("Zeynep replied"));
        assert!(written.text.contains("/mail/stop/a") && written.text.contains("/mail/stop/b"));
    }

    #[test]
    fn a_confirmation_carries_its_link_and_a_title_never_breaks_the_subject() {
        let mut asked = about("Ayşe", "Metin");
        asked.title = "Satır\r\nBcc: x@example.com".into();
        let links = Links { confirm: Some("https://haber.example/mail/confirm/t".into()), ..links() };
        let written = write(MailKind::Confirm, Locale::Tr, "https://haber.example", &[asked.clone()], &links);
        assert_eq!(written.subject, "E-posta adresinizi onaylayın");
        assert!(written.text.contains("Onaylamak için bu bağlantıyı açın: https://haber.example/mail/confirm/t"));
        let reply = write(MailKind::Reply, Locale::Tr, "https://haber.example", &[asked], &links);
        assert!(!reply.subject.contains('\n') && !reply.subject.contains('\r'), "{:?}", reply.subject);
    }

    #[test]
    fn held_comments_go_as_one_list_with_the_moderation_page() {
        let items = [about("Ali", "Bir"), about("Zeynep", "İki")];
        let written = write(MailKind::Held, Locale::En, "https://haber.example", &items, &links());
        assert_eq!(written.subject, "Comments awaiting approval: 2");
        assert!(written.text.contains("https://haber.example/moderation"));
        assert!(written.html.contains("<strong>Zeynep</strong>"));
    }
}
