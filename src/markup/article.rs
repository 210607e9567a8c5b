//! An article's header and its own tools as HTML text: what the server and the browser write
//! alike, and which only changes in two places once live (the dates, in the reader's time zone,
//! and the comment count), which the article page's one Effect writes.

use okur_types::desk::Correction;
use okur_types::ArticleSummary;

use super::picture::{picture, Place};
use super::write::{link, text};
use crate::format::{date_from_rfc3339, escape_html};
use crate::i18n::Locale;

/// The header's words: section link, title, lede, the line under them (byline, publication
/// date, update, reading time, comment count), for `minutes` of reading, and the story's public
/// corrections, each with its time.
pub fn article_head(article: &ArticleSummary, corrections: &[Correction], minutes: usize, locale: Locale) -> String {
    let t = locale.texts();
    let mut out = String::from("<p class=\"article__category\">");
    link(&mut out, &format!("/sections/{}", article.section), " data-testid=\"article-category\"", &article.category);
    out.push_str("</p><h1 class=\"article__title\" data-testid=\"article-title\">");
    text(&mut out, &article.title);
    out.push_str("</h1><p class=\"article__lede\">");
    text(&mut out, &article.summary);
    out.push_str("</p><div class=\"article__meta\">");
    let author = format!("/authors/{}", article.author_slug);
    link(&mut out, &author, " class=\"article__author\" data-testid=\"article-author\"", &article.author);
    out.push_str("<span>");
    text(&mut out, t.published);
    out.push_str(" <time data-testid=\"article-date\" datetime=\"");
    text(&mut out, &article.published_at);
    out.push_str("\">");
    text(&mut out, &date_from_rfc3339(&article.published_at, locale).unwrap_or_default());
    out.push_str("</time></span>");
    if let Some(at) = &article.updated_at {
        out.push_str("<span>");
        out.push_str(&updated(at, locale));
        out.push_str("</span>");
    }
    out.push_str("<span>");
    text(&mut out, &(t.reading_minutes)(minutes));
    out.push_str("</span>");
    link(
        &mut out,
        "#comments",
        " class=\"article__comments-link\" data-testid=\"comment-count\"",
        &(t.comment_count)(article.comment_count),
    );
    out.push_str("</div>");
    for correction in corrections {
        out.push_str("<p class=\"article__correction\" data-testid=\"article-correction\"><strong>");
        text(&mut out, t.correction);
        out.push_str("</strong> ");
        text(&mut out, &correction.note);
        out.push_str(" <time data-with-time datetime=\"");
        text(&mut out, &correction.at);
        out.push_str("\">");
        text(&mut out, &date_from_rfc3339(&correction.at, locale).unwrap_or_default());
        out.push(' ');
        text(&mut out, correction.at.get(11..16).unwrap_or_default());
        out.push_str("</time></p>");
    }
    out
}

/// The lead image, when the article has one.
pub fn article_lead(article: &ArticleSummary) -> String {
    let mut out = String::new();
    if let Some(image) = &article.image {
        out.push_str("<figure class=\"figure figure--lead\">");
        picture(&mut out, image, Place::Lead);
        out.push_str("</figure>");
    }
    out
}

/// "Güncelleme: 14.12.2025 10:30": when a story was updated, with the time of day (the stored,
/// UTC one; the browser writes it again in the reader's time zone).
pub fn updated(at: &str, locale: Locale) -> String {
    let mut out = String::new();
    text(&mut out, locale.texts().updated);
    out.push_str(" <time data-testid=\"article-updated\" data-with-time datetime=\"");
    text(&mut out, at);
    out.push_str("\">");
    text(&mut out, &date_from_rfc3339(at, locale).unwrap_or_default());
    out.push(' ');
    text(&mut out, at.get(11..16).unwrap_or_default());
    out.push_str("</time>");
    out
}

/// An article's own tools for the page's scripts (page/): "save for later", "continue where you
/// left off", "listen" and the listening controls (a bar fixed at the screen's foot, hidden until
/// the reader listens). Which of them show is the style sheet's, from the early script's and the
/// scripts' marks on `<html>`; their words are here, in the page's language.
pub fn article_keep(locale: Locale) -> String {
    let t = locale.texts();
    let [listen, player, pause, previous, next, speed, stop] = t.listen.map(escape_html);
    // Shown, the first word ("Önceki", "Next"); named in full, starting with it (WCAG 2.5.3).
    // Words, not ⏮ and ⏭, which many fonts lack.
    let word = |label: &str| label.split(' ').next().unwrap_or_default().to_owned();
    let (back, on) = (word(&previous), word(&next));
    let mut out = format!(
        "<button type=\"button\" class=\"tool tool--choice\" data-testid=\"save-article\" aria-pressed=\"false\">{}</button>\
         <button type=\"button\" class=\"tool tool--choice\" data-testid=\"listen\" aria-pressed=\"false\">{listen}</button>\
         <button type=\"button\" class=\"link-button\" data-testid=\"resume-reading\">{}</button>\
         <p class=\"keep-status\" role=\"status\" data-testid=\"save-status\" data-failed=\"{}\"></p>\
         <div class=\"listen\" data-testid=\"listen-controls\" role=\"group\" aria-label=\"{player}\" hidden>\
         <button type=\"button\" class=\"tool\" data-listen=\"-1\" data-testid=\"listen-previous\" aria-label=\"{previous}\">{back}</button>\
         <button type=\"button\" class=\"tool\" data-listen=\"pause\" data-testid=\"listen-pause\" aria-pressed=\"false\">{pause}</button>\
         <button type=\"button\" class=\"tool\" data-listen=\"1\" data-testid=\"listen-next\" aria-label=\"{next}\">{on}</button>\
         <label>{speed} <select data-testid=\"listen-speed\">",
        escape_html(t.save[0]),
        escape_html(t.resume),
        escape_html(t.save[1])
    );
    for (rate, label) in t.speeds {
        let chosen = if rate == "1" { " selected" } else { "" };
        out.push_str(&format!("<option value=\"{rate}\"{chosen}>{}</option>", escape_html(label)));
    }
    out.push_str(&format!(
        "</select></label><span data-testid=\"listen-position\"></span>\
         <button type=\"button\" class=\"tool\" data-listen=\"stop\" data-testid=\"listen-stop\">{stop}</button></div>"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use okur_types::Image;

    fn story() -> ArticleSummary {
        ArticleSummary {
            slug: "s".into(),
            title: "</h1><script>alert(1)</script>".into(),
            summary: "Özet & \"lede\"".into(),
            published_at: "2025-12-13T09:30:00Z".into(),
            updated_at: Some("2025-12-14T10:30:00Z".into()),
            author: "Ayşe <b>".into(),
            author_slug: "ayse\"x".into(),
            category: "Gündem".into(),
            section: "gundem".into(),
            language: "tr".into(),
            comment_count: 1,
            image: Some(Image { src: "/a.svg\" onerror=\"x".into(), alt: "Liman".into(), width: None, height: None }),
        }
    }

    #[test]
    fn the_header_carries_every_hook_its_words_escaped() {
        let corrections = [Correction { note: "Tarih <düzeltildi>.".into(), at: "2025-12-15T08:05:00Z".into() }];
        let html = article_head(&story(), &corrections, 3, Locale::Tr);
        for hook in
            ["article-category", "article-title", "article-author", "article-date", "article-updated", "comment-count"]
        {
            assert_eq!(html.matches(&format!("data-testid=\"{hook}\"")).count(), 1, "{hook}: {html}");
        }
        assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("ayse\"x"), "{html}");
        assert!(html.contains(
            "Yayınlama: <time data-testid=\"article-date\" datetime=\"2025-12-13T09:30:00Z\">13.12.2025</time>"
        ));
        assert!(html.contains(">1 Yorum</a></div>") && html.contains("<span>3 dk okuma</span>"), "{html}");
        assert!(
            html.contains(
                "<p class=\"article__correction\" data-testid=\"article-correction\"><strong>Düzeltme:</strong> \
                 Tarih &lt;düzeltildi&gt;. <time data-with-time datetime=\"2025-12-15T08:05:00Z\">15.12.2025 08:05</time></p>"
            ),
            "{html}"
        );
        let mut plain = story();
        plain.updated_at = None;
        let english = article_head(&plain, &[], 1, Locale::En);
        assert!(!english.contains("article-updated") && !english.contains("article-correction"));
        assert_eq!(
            article_lead(&story()),
            "<figure class=\"figure figure--lead\"><img src=\"/a.svg&quot; onerror=&quot;x\" alt=\"Liman\" \
             width=\"1200\" height=\"675\" fetchpriority=\"high\" decoding=\"async\"></figure>"
        );
        plain.image = None;
        assert_eq!(article_lead(&plain), "");
    }

    #[test]
    fn an_articles_own_tools_carry_every_hook_in_both_languages() {
        for locale in [Locale::Tr, Locale::En] {
            let html = article_keep(locale);
            for hook in [
                "save-article",
                "save-status",
                "listen",
                "resume-reading",
                "listen-controls",
                "listen-previous",
                "listen-pause",
                "listen-next",
                "listen-speed",
                "listen-position",
                "listen-stop",
            ] {
                assert_eq!(html.matches(&format!("data-testid=\"{hook}\"")).count(), 1, "{hook}");
            }
            // The controls' actions, as page/listen.js reads them; one speed chosen, 1×.
            for action in ["-1", "pause", "1", "stop"] {
                assert!(html.contains(&format!("data-listen=\"{action}\"")), "{action}");
            }
            assert_eq!(html.matches("<option ").count(), 5);
            assert!(html.contains("<option value=\"1\" selected>1×</option>"));
            // Hidden until the reader listens; the buttons' names are the language's.
            assert!(html.contains("role=\"group\" aria-label=\"") && html.contains("\" hidden>"));
        }
        assert!(article_keep(Locale::Tr).contains(">Dinle</button>"));
        assert!(article_keep(Locale::Tr).contains(">0,75×</option>"));
        assert!(article_keep(Locale::En).contains("aria-label=\"Next paragraph\">Next</button>"));
        assert!(article_keep(Locale::Tr).contains("aria-label=\"Önceki paragraf\">Önceki</button>"));
    }
}
