//! What never changes in place, as HTML text: story cards, story links, the section links here;
//! an article's header and body in [`article`] and [`body`]. One function writes each, for the
//! server's page and for the browser's, and a component puts the text in its element
//! (`inner_html`).
//!
//! Why not a view per card: these lists are drawn once and never change in place, and a Leptos
//! view tree costs wasm for each way it is built (hydrated, built, dropped); the lists of the
//! browse pages cost the size budget 6 KB br that way (docs/architecture.md, Size). Every text
//! and attribute value goes through [`crate::format::escape_html`]: the text stays text.

use okur_types::browse::{FrontPage, Shelf, SnippetPart, StoryLink};
use okur_types::ArticleSummary;

use crate::format::date_from_rfc3339;
use crate::i18n::Locale;

mod article;
mod body;
mod picture;
mod write;

pub use article::{article_head, article_keep, article_lead, updated};
pub use body::body;
use picture::{picture, Place};
use write::{link, text};

/// One story card: image, section link, linked title, summary (or a search snippet, its matches
/// in `<mark>`), date and comment count. The date is the stored (UTC) one; the browser writes
/// it again in the reader's time zone ([`crate::components::when::localize_times`]).
pub fn card(out: &mut String, article: &ArticleSummary, snippet: &[SnippetPart], lead: bool, locale: Locale) {
    out.push_str(if lead { "<article class=\"card card--lead\"" } else { "<article class=\"card\"" });
    out.push_str(" data-testid=\"article-card\" lang=\"");
    text(out, &article.language);
    out.push_str("\">");
    if let Some(image) = &article.image {
        picture(out, image, if lead { Place::LeadCard } else { Place::Card });
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
            image: Some(Image { src: "/a.svg\" onerror=\"x".into(), alt: "'alt'".into(), width: None, height: None }),
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
}
