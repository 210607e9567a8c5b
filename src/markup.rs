//! Lists of stories as HTML text: story cards, story links, the section links. One function
//! writes each, for the server's page and for the browser's, and a component puts the text in
//! its element (`inner_html`).
//!
//! Why not a view per card: these lists are drawn once and never change in place, and a Leptos
//! view tree costs wasm for each way it is built (hydrated, built, dropped); the lists of the
//! browse pages cost the size budget 6 KB br that way (docs/architecture.md, Size). Every text
//! and attribute value goes through [`escape_html`]: the text stays text.

use okur_types::browse::{FrontPage, Shelf, SnippetPart, StoryLink};
use okur_types::{ArticleSummary, Block};

use crate::format::{date_from_rfc3339, escape_html};
use crate::i18n::Locale;

/// Appends text, escaped.
fn text(out: &mut String, value: &str) {
    out.push_str(&escape_html(value));
}

/// Appends `<a href="{href}"…>{label}</a>`, both escaped; `extra` is trusted attribute text.
fn link(out: &mut String, href: &str, extra: &str, label: &str) {
    out.push_str("<a href=\"");
    text(out, href);
    out.push('"');
    out.push_str(extra);
    out.push('>');
    text(out, label);
    out.push_str("</a>");
}

/// One story card: image, section link, linked title, summary (or a search snippet, its matches
/// in `<mark>`), date and comment count. The date is the stored (UTC) one; the browser writes
/// it again in the reader's time zone ([`crate::components::when::localize_times`]).
pub fn card(out: &mut String, article: &ArticleSummary, snippet: &[SnippetPart], lead: bool, locale: Locale) {
    out.push_str(if lead { "<article class=\"card card--lead\"" } else { "<article class=\"card\"" });
    out.push_str(" data-testid=\"article-card\" lang=\"");
    text(out, &article.language);
    out.push_str("\">");
    if let Some(image) = &article.image {
        out.push_str("<img class=\"card__image\" src=\"");
        text(out, &image.src);
        out.push_str("\" alt=\"");
        text(out, &image.alt);
        out.push_str(if lead { "\" loading=\"eager\"" } else { "\" loading=\"lazy\"" });
        out.push_str(" decoding=\"async\" width=\"1200\" height=\"675\">");
    }
    out.push_str("<div class=\"card__text\">");
    link(out, &format!("/sections/{}", article.section), " class=\"card__category\"", &article.category);
    out.push_str("<h2 class=\"card__title\">");
    link(out, &format!("/articles/{}", article.slug), "", &article.title);
    out.push_str("</h2><p class=\"card__summary\">");
    if snippet.is_empty() {
        text(out, &article.summary);
    }
    for part in snippet {
        if part.hit {
            out.push_str("<mark>");
            text(out, &part.text);
            out.push_str("</mark>");
        } else {
            text(out, &part.text);
        }
    }
    out.push_str("</p><p class=\"card__meta\"><time datetime=\"");
    text(out, &article.published_at);
    out.push_str("\">");
    text(out, &date_from_rfc3339(&article.published_at, locale).unwrap_or_default());
    out.push_str("</time><span aria-hidden=\"true\"> · </span><span data-testid=\"card-comment-count\">");
    text(out, &(locale.texts().comment_count)(article.comment_count));
    out.push_str("</span></p></div></article>");
}

/// Story cards, in order; the first drawn as the lead when `lead`.
pub fn cards(items: &[(ArticleSummary, Vec<SnippetPart>)], lead: bool, locale: Locale) -> String {
    let mut out = String::new();
    for (i, (article, snippet)) in items.iter().enumerate() {
        card(&mut out, article, snippet, lead && i == 0, locale);
    }
    out
}

/// A titled, numbered list of story links (`testid` is also its heading's id); nothing when
/// there are none.
pub fn story_links(out: &mut String, title: &str, testid: &str, links: &[StoryLink]) {
    if links.is_empty() {
        return;
    }
    out.push_str(&format!(
        "<section class=\"story-links\" data-testid=\"{testid}\" aria-labelledby=\"{testid}\">\
         <h2 class=\"story-links__title\" id=\"{testid}\">"
    ));
    text(out, title);
    out.push_str("</h2><ol class=\"story-links__list\">");
    for story in links {
        out.push_str("<li>");
        link(out, &format!("/articles/{}", story.slug), "", &story.title);
        out.push_str("</li>");
    }
    out.push_str("</ol></section>");
}

/// The front page's first part: the lead story, a block per section (its name a link to it,
/// its newest stories), the most read.
pub fn front(front: &FrontPage, locale: Locale) -> String {
    let t = locale.texts();
    let mut out = String::new();
    if let Some(lead) = &front.lead {
        out.push_str("<section class=\"lead\" data-testid=\"lead-story\" aria-label=\"");
        text(&mut out, t.lead_story);
        out.push_str("\">");
        card(&mut out, lead, &[], true, locale);
        out.push_str("</section>");
    }
    for block in &front.sections {
        out.push_str(
            "<section class=\"section-block\" data-testid=\"section-block\"><h2 class=\"section-block__title\">",
        );
        link(&mut out, &format!("/sections/{}", block.section.slug), "", &block.section.name);
        out.push_str("</h2><div class=\"story-list\">");
        for article in &block.items {
            card(&mut out, article, &[], false, locale);
        }
        out.push_str("</div></section>");
    }
    story_links(&mut out, t.most_read, "most-read", &front.most_read);
    out
}

/// An article's body: each block as its element.
pub fn body(blocks: &[Block]) -> String {
    let mut out = String::new();
    let wrapped = |out: &mut String, open: &str, value: &str, close: &str| {
        out.push_str(open);
        text(out, value);
        out.push_str(close);
    };
    for block in blocks {
        match block {
            Block::Heading { text } => wrapped(&mut out, "<h2>", text, "</h2>"),
            Block::Paragraph { text } => wrapped(&mut out, "<p>", text, "</p>"),
            Block::Quote { text, cite } => {
                wrapped(&mut out, "<figure class=\"quote\"><blockquote><p>", text, "</p></blockquote>");
                if let Some(cite) = cite {
                    wrapped(&mut out, "<figcaption>— <cite>", cite, "</cite></figcaption>");
                }
                out.push_str("</figure>");
            }
            Block::List { ordered, items } => {
                out.push_str(if *ordered { "<ol>" } else { "<ul>" });
                for item in items {
                    wrapped(&mut out, "<li>", item, "</li>");
                }
                out.push_str(if *ordered { "</ol>" } else { "</ul>" });
            }
            Block::Image { src, alt, caption } => {
                wrapped(&mut out, "<figure class=\"figure\"><img src=\"", src, "\" alt=\"");
                wrapped(&mut out, "", alt, "\" loading=\"lazy\" decoding=\"async\" width=\"1200\" height=\"675\">");
                if let Some(caption) = caption {
                    wrapped(&mut out, "<figcaption>", caption, "</figcaption>");
                }
                out.push_str("</figure>");
            }
        }
    }
    out
}

/// The masthead's search form: a GET of `/search` with the words as `q`.
pub fn search_form(locale: Locale) -> String {
    let t = locale.texts();
    let mut out = String::from("<form class=\"search\" role=\"search\" action=\"/search\" method=\"get\">");
    out.push_str("<label class=\"visually-hidden\" for=\"search-q\">");
    text(&mut out, t.search_label);
    out.push_str(
        "</label><input class=\"search__input\" id=\"search-q\" type=\"search\" name=\"q\" maxlength=\"200\" required>",
    );
    out.push_str("<button class=\"button search__button\" type=\"submit\">");
    text(&mut out, t.search_button);
    out.push_str("</button></form>");
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

/// A list page's stories (`testid` on the list), what it says when there are none (a message
/// and a hint), and the link to its next page.
pub fn listing(
    items: &[(ArticleSummary, Vec<SnippetPart>)],
    testid: &str,
    empty: (&str, Option<&str>),
    more: Option<&str>,
    locale: Locale,
) -> String {
    let t = locale.texts();
    let mut out = format!("<div class=\"story-list\" data-testid=\"{testid}\">");
    out.push_str(&cards(items, false, locale));
    out.push_str("</div>");
    if items.is_empty() {
        out.push_str("<div class=\"status\" data-testid=\"no-results\"><p>");
        text(&mut out, empty.0);
        out.push_str("</p>");
        if let Some(hint) = empty.1 {
            out.push_str("<p>");
            text(&mut out, hint);
            out.push_str("</p>");
        }
        out.push_str("</div>");
    }
    if let Some(href) = more {
        out.push_str("<nav class=\"pager\" aria-label=\"");
        text(&mut out, t.pages);
        out.push_str("\">");
        link(&mut out, href, " rel=\"next\" data-testid=\"more-stories\"", t.more_stories);
        out.push_str("</nav>");
    }
    out
}

/// The section links as list items, the one at `path` marked `aria-current="page"`.
pub fn section_links(sections: &[Shelf], path: &str) -> String {
    let mut out = String::new();
    for section in sections {
        let href = format!("/sections/{}", section.slug);
        out.push_str("<li>");
        link(&mut out, &href, if href == path { " aria-current=\"page\"" } else { "" }, &section.name);
        out.push_str("</li>");
    }
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

    fn hostile() -> ArticleSummary {
        ArticleSummary {
            slug: "a\"><script>x</script>".into(),
            title: "</h2><script>alert(1)</script> & \"q\"".into(),
            summary: "<img src=x onerror=alert(1)>".into(),
            published_at: "2025-12-13T09:30:00Z".into(),
            updated_at: None,
            author: "A".into(),
            author_slug: "a".into(),
            category: "Ç<b>".into(),
            section: "c\"x".into(),
            language: "tr\" onload=\"x".into(),
            comment_count: 2,
            image: Some(Image { src: "/a.svg\" onerror=\"x".into(), alt: "'alt'".into() }),
        }
    }

    #[test]
    fn every_value_is_escaped() {
        let mut html = String::new();
        let snippet = [SnippetPart { text: "<b>".into(), hit: true }, SnippetPart { text: "&".into(), hit: false }];
        card(&mut html, &hostile(), &snippet, true, Locale::Tr);
        for raw in ["<script>", "<img src=x", "\" onerror=\"", "\" onload=\"", "<b>", "'alt'"] {
            assert!(!html.contains(raw), "{raw} in {html}");
        }
        assert!(html.contains("<mark>&lt;b&gt;</mark>&amp;"), "{html}");
        assert!(html.contains("card card--lead") && html.contains("loading=\"eager\""));
        assert!(html.contains(">13.12.2025</time>") && html.contains("2 Yorum"));
        assert_eq!(html.matches("<a ").count(), 2);
        assert_eq!(html.matches("</a>").count(), 2);
    }

    #[test]
    fn a_card_without_a_snippet_shows_its_summary() {
        let mut a = hostile();
        a.summary = "Kısa özet.".into();
        a.image = None;
        let html = cards(&[(a.clone(), Vec::new()), (a, Vec::new())], false, Locale::En);
        assert_eq!(html.matches("<p class=\"card__summary\">Kısa özet.</p>").count(), 2);
        assert!(!html.contains("<img") && !html.contains("card--lead"));
        assert!(html.contains("December 13, 2025") && html.contains("2 comments"));
    }

    #[test]
    fn links_and_the_current_section() {
        let links = [StoryLink { slug: "x".into(), title: "<T>".into() }];
        let mut html = String::new();
        story_links(&mut html, "Başlık", "related", &links);
        assert!(html.contains("<li><a href=\"/articles/x\">&lt;T&gt;</a></li>"), "{html}");
        assert!(html.contains("data-testid=\"related\"") && html.contains(">Başlık</h2>"));
        let mut none = String::new();
        story_links(&mut none, "Başlık", "related", &[]);
        assert!(none.is_empty());
        let sections = [
            Shelf { slug: "gundem".into(), name: "Gündem".into(), count: 2 },
            Shelf { slug: "spor".into(), name: "Spor".into(), count: 1 },
        ];
        let html = section_links(&sections, "/sections/spor");
        assert_eq!(
            html,
            "<li><a href=\"/sections/gundem\">Gündem</a></li><li><a href=\"/sections/spor\" aria-current=\"page\">Spor</a></li>"
        );
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
