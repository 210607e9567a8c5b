//! A WordPress post's HTML (classic editor or block editor) as okur's blocks. The HTML is parsed
//! by html5ever (through `scraper`), as a browser would; this module only decides what each
//! element becomes (`<a href>`, `<em>`/`<i>` and `<strong>`/`<b>` marks on their words), and
//! counts what it leaves out or turns into plain text.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use okur_types::{Block, Mark, MarkKind};
use regex::{Captures, Regex};
use scraper::{ElementRef, Html, Node};

use crate::domain::article::IMAGE_SIDE_MAX;
use crate::domain::marks::{clean_href, Marked};
use crate::domain::text::{clip, one_line};

/// What a conversion left out or kept only as text, by kind ("script", "table as text", …).
pub type Drops = BTreeMap<String, u32>;

/// A post's body as blocks, and what did not make it whole.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Converted {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
    /// What was dropped or flattened, by kind.
    pub drops: Drops,
}

/// Where the images of the old site live: addresses on `host` become paths on this site (copy
/// its `wp-content/uploads` along), https addresses elsewhere stay, anything else is dropped.
/// Links to `host` become paths too (its posts' old addresses answer 301 here).
#[derive(Debug, Clone, Default)]
pub struct Images {
    /// The old site's host name, e.g. `haber.example.com`.
    pub host: Option<String>,
}

impl Images {
    /// The address okur can show for `src`, if any.
    pub fn address(&self, src: &str) -> Option<String> {
        let src = src.trim();
        if src.starts_with('/') && !src.starts_with("//") {
            return crate::domain::article::clean_src(src).ok();
        }
        let rest = src.strip_prefix("https://").or_else(|| src.strip_prefix("http://"))?;
        let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
        if self.host.as_deref().is_some_and(|own| own.eq_ignore_ascii_case(host)) {
            return crate::domain::article::clean_src(&format!("/{path}")).ok();
        }
        src.starts_with("https://").then(|| crate::domain::article::clean_src(src).ok()).flatten()
    }

    /// The target okur can link to for `href`, if any.
    pub fn link(&self, href: &str) -> Option<String> {
        let href = href.trim();
        let rest = href.strip_prefix("https://").or_else(|| href.strip_prefix("http://"));
        if let Some((host, path)) = rest.map(|r| r.split_once('/').unwrap_or((r, ""))) {
            if self.host.as_deref().is_some_and(|own| own.eq_ignore_ascii_case(host)) {
                return clean_href(&format!("/{path}")).ok();
            }
        }
        clean_href(href).ok()
    }
}

/// Shortcodes WordPress and its common plugins write; others in brackets (`[sic]`, `[1]`) are
/// words. A bracketed name with attributes (`[x id="1"]`) is a shortcode too.
const SHORTCODES: &[&str] = &[
    "audio",
    "contact-form",
    "contact-form-7",
    "embed",
    "gallery",
    "playlist",
    "video",
    "wp_caption",
    "youtube",
    "vimeo",
    "tweet",
    "instagram",
    "googlemaps",
    "code",
    "sourcecode",
    "button",
    "column",
    "row",
    "toc",
    "ad",
];

/// `[caption …]<img …> The caption[/caption]`: an image and its caption, as the classic editor writes it.
static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\[(?:wp_)?caption\b[^\]]*\](.*?)\[/(?:wp_)?caption\]").expect("valid"));
/// Any other shortcode tag, opening, closing or self-closing.
static SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[/?([A-Za-z][\w-]*)((?:\s[^\]]*)?)/?\]").expect("valid"));

/// Converts a post's content. `classic` content (no block-editor markers) gets WordPress's
/// auto-paragraphs: a blank line ends a paragraph and a single line break is kept.
pub fn convert(content: &str, images: &Images, title: &str) -> Converted {
    let mut drops = Drops::new();
    let with_figures = CAPTION.replace_all(content, "<figure>$1</figure>");
    let without_shortcodes = SHORTCODE.replace_all(&with_figures, |caps: &Captures| {
        let name = caps[1].to_ascii_lowercase();
        if SHORTCODES.contains(&name.as_str()) || caps[2].contains('=') {
            if !caps[0].starts_with("[/") {
                *drops.entry(format!("shortcode [{name}]")).or_default() += 1;
            }
            String::new()
        } else {
            caps[0].to_owned()
        }
    });
    let classic = !content.contains("<!-- wp:");
    let document = Html::parse_fragment(&without_shortcodes);
    let mut walker = Walker { blocks: Vec::new(), drops, run: Marked::default(), classic, images, title };
    walker.flow(*document.root_element());
    walker.flush();
    Converted { blocks: walker.blocks, drops: walker.drops }
}

/// The text of a fragment of HTML (a comment's body): words and line breaks, nothing else.
pub fn plain_text(html: &str) -> String {
    let converted = convert(html, &Images::default(), "");
    let mut paragraphs = Vec::new();
    for block in converted.blocks {
        match block {
            Block::Paragraph { text, .. } | Block::Heading { text } | Block::Quote { text, .. } => {
                paragraphs.push(text)
            }
            Block::List { items, .. } => paragraphs.push(items.join("\n")),
            Block::Image { alt, .. } => paragraphs.push(alt),
        }
    }
    paragraphs.join("\n\n")
}

/// Walks the parsed HTML, keeping a run of inline text until a block ends it.
struct Walker<'a> {
    blocks: Vec<Block>,
    drops: Drops,
    /// Inline text not yet in a block, with its marks.
    run: Marked,
    classic: bool,
    images: &'a Images,
    /// The post's title: the text alternative of an image that has none.
    title: &'a str,
}

/// Elements whose content is never text for readers.
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "form", "input", "button", "select", "textarea", "svg",
    "video", "audio", "canvas", "template", "map",
];

impl Walker<'_> {
    /// Children of a block container, at block level.
    fn flow(&mut self, parent: NodeRef<'_, Node>) {
        for child in parent.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(_) => {
                    let element = ElementRef::wrap(child).expect("an element node");
                    self.block(element);
                }
                _ => {}
            }
        }
    }

    /// One element met at block level.
    fn block(&mut self, element: ElementRef<'_>) {
        let name = element.value().name();
        match name {
            "p" | "dt" | "dd" | "summary" | "address" => {
                self.flush();
                self.inline(element);
                self.flush();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let text = one_line(&self.inline_text(element));
                if !text.is_empty() {
                    self.blocks.push(Block::Heading { text: clip(&text, 200) });
                }
            }
            "blockquote" => {
                self.flush();
                self.quote(element);
            }
            "ul" | "ol" => {
                self.flush();
                let (mut items, mut marks) = (Vec::new(), Vec::new());
                self.list_items(element, &mut items, &mut marks);
                if !items.is_empty() {
                    self.blocks.push(Block::List { ordered: name == "ol", items, marks });
                }
            }
            "img" => {
                self.flush();
                self.image(element, None);
            }
            "figure" => {
                self.flush();
                self.figure(element);
            }
            "table" => {
                self.flush();
                self.table(element);
            }
            "pre" => {
                self.flush();
                let text = element.text().collect::<String>();
                let text = text.trim_matches('\n').trim_end();
                if !text.trim().is_empty() {
                    self.count("code as text");
                    self.blocks.push(Block::Paragraph { text: clip(text, 20_000), marks: Vec::new() });
                }
            }
            "br" => self.run.push('\n'),
            "hr" => self.flush(),
            _ if DROPPED.contains(&name) => self.count(name),
            "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "center" | "details" | "dl"
            | "nav" | "body" | "html" | "figcaption" => {
                self.flush();
                self.flow(*element);
                self.flush();
            }
            _ => self.inline(element),
        }
    }

    /// Text at block level: in classic content a blank line ends a paragraph.
    fn text(&mut self, text: &str) {
        if !self.classic {
            self.push_words(text);
            return;
        }
        let mut parts = text.split("\n\n").peekable();
        while let Some(part) = parts.next() {
            self.push_words(part);
            if parts.peek().is_some() {
                self.flush();
            }
        }
    }

    /// Adds words to the run: blank space collapses; in classic content a line break stays.
    fn push_words(&mut self, text: &str) {
        for (at, line) in text.split('\n').enumerate() {
            if at > 0 {
                if self.classic {
                    self.run.push('\n');
                } else {
                    self.run.push(' ');
                }
            }
            let mut words = line.split(|c: char| c.is_whitespace()).peekable();
            if line.starts_with(char::is_whitespace) {
                self.run.push(' ');
            }
            while let Some(word) = words.next() {
                if word.is_empty() {
                    continue;
                }
                self.run.push_str(word);
                if words.peek().is_some() {
                    self.run.push(' ');
                }
            }
            if line.ends_with(char::is_whitespace) && !line.trim().is_empty() {
                self.run.push(' ');
            }
        }
    }

    /// An element's content at inline level, added to the run; images in it come after.
    fn inline(&mut self, element: ElementRef<'_>) {
        let mut images = Vec::new();
        self.inline_element(element, &mut images);
        if !images.is_empty() {
            self.flush();
            for image in images {
                self.image(image, None);
            }
        }
    }

    /// Walks inline content, setting images aside.
    fn inline_into<'b>(&mut self, parent: NodeRef<'b, Node>, images: &mut Vec<ElementRef<'b>>) {
        for child in parent.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(element) => {
                    let name = element.name();
                    let element = ElementRef::wrap(child).expect("an element node");
                    match name {
                        "br" => self.run.push('\n'),
                        "img" => images.push(element),
                        _ if DROPPED.contains(&name) => self.count(name),
                        "p" | "div" | "ul" | "ol" | "table" | "figure" | "blockquote" | "pre" | "h1" | "h2" | "h3"
                        | "h4" | "h5" | "h6" => {
                            // A block inside inline markup (`<a><figure>…`): it ends the paragraph.
                            self.flush();
                            self.block(element);
                        }
                        _ => self.inline_element(element, images),
                    }
                }
                _ => {}
            }
        }
    }

    /// An inline element: its words, marked when it is a link or emphasis.
    fn inline_element<'b>(&mut self, element: ElementRef<'b>, images: &mut Vec<ElementRef<'b>>) {
        let kind = match element.value().name() {
            "a" => element.value().attr("href").and_then(|href| match self.images.link(href) {
                Some(target) => Some((MarkKind::Link, Some(target))),
                None => {
                    self.count("link to an address okur does not link to, as text");
                    None
                }
            }),
            "em" | "i" => Some((MarkKind::Em, None)),
            "strong" | "b" => Some((MarkKind::Strong, None)),
            _ => None,
        };
        let marks = kind.is_some();
        if let Some((kind, href)) = kind {
            self.run.open(Some(kind), href);
        }
        self.inline_into(*element, images);
        if marks {
            self.run.close();
        }
    }

    /// An element's inline text alone (headings, list items, cells), images dropped with a count.
    fn inline_text(&mut self, element: ElementRef<'_>) -> String {
        let outer = std::mem::take(&mut self.run);
        let mut images = Vec::new();
        self.inline_into(*element, &mut images);
        for _ in images {
            self.count("image inside a heading, item or cell");
        }
        // Headings and cells are plain words: their marks go.
        let inner = std::mem::replace(&mut self.run, outer);
        tidy(&inner.text)
    }

    /// A quotation: its paragraphs, and its source from a `<cite>` (taken out of the words).
    fn quote(&mut self, element: ElementRef<'_>) {
        let cite_selector = scraper::Selector::parse("cite").expect("valid");
        let cite = element.select(&cite_selector).next().map(|c| one_line(&c.text().collect::<String>()));
        let inner = Walker {
            blocks: Vec::new(),
            drops: Drops::new(),
            run: Marked::default(),
            classic: self.classic,
            images: self.images,
            title: self.title,
        };
        let mut inner = inner;
        for child in element.children() {
            if let Some(el) = ElementRef::wrap(child) {
                if el.value().name() == "cite" || el.value().name() == "footer" {
                    continue;
                }
                inner.block(el);
            } else if let Node::Text(text) = child.value() {
                inner.text(text);
            }
        }
        inner.flush();
        for (kind, n) in inner.drops {
            *self.drops.entry(kind).or_default() += n;
        }
        let mut texts = Marked::default();
        for block in inner.blocks {
            let parts = match block {
                Block::Paragraph { text, marks } | Block::Quote { text, marks, .. } => vec![(text, marks)],
                Block::Heading { text } => vec![(text, Vec::new())],
                Block::List { items, mut marks, .. } => {
                    marks.resize(items.len(), Vec::new());
                    items.into_iter().zip(marks).collect()
                }
                image @ Block::Image { .. } => {
                    self.quote_text(std::mem::take(&mut texts), &cite);
                    self.blocks.push(image);
                    continue;
                }
            };
            for part in parts {
                if !texts.is_empty() {
                    texts.push('\n');
                }
                texts.append(part);
            }
        }
        self.quote_text(texts, &cite);
    }

    /// Ends a quotation's text so far as a block.
    fn quote_text(&mut self, texts: Marked, cite: &Option<String>) {
        if texts.is_empty() {
            return;
        }
        let (text, marks) = texts.finish(|t| clip(t, 20_000));
        let cite = cite.as_ref().filter(|c| !c.is_empty()).map(|c| clip(c, 200));
        self.blocks.push(Block::Quote { text, cite, marks });
    }

    /// A list's items and their marks, nested lists flattened into it.
    fn list_items(&mut self, list: ElementRef<'_>, items: &mut Vec<String>, marks: &mut Vec<Vec<Mark>>) {
        for child in list.children().filter_map(ElementRef::wrap) {
            if child.value().name() != "li" {
                continue;
            }
            let outer = std::mem::take(&mut self.run);
            let mut nested = Vec::new();
            let mut images = Vec::new();
            for part in child.children() {
                match ElementRef::wrap(part) {
                    Some(sub) if matches!(sub.value().name(), "ul" | "ol") => nested.push(sub),
                    _ => {
                        let holder = part;
                        if let Node::Text(text) = holder.value() {
                            self.text(text);
                        } else if let Some(el) = ElementRef::wrap(holder) {
                            match el.value().name() {
                                "img" => images.push(el),
                                "br" => self.run.push('\n'),
                                name if DROPPED.contains(&name) => self.count(name),
                                _ => self.inline_element(el, &mut images),
                            }
                        }
                    }
                }
            }
            for _ in images {
                self.count("image inside a heading, item or cell");
            }
            let (text, item_marks) = std::mem::replace(&mut self.run, outer).finish(|t| clip(&one_line(t), 1_000));
            if !text.is_empty() {
                items.push(text);
                marks.push(item_marks);
            }
            for sub in nested {
                self.list_items(sub, items, marks);
            }
        }
    }

    /// An image; dropped (and counted) when its address is not one okur may show.
    fn image(&mut self, img: ElementRef<'_>, caption: Option<String>) {
        let Some(src) = img.value().attr("src").and_then(|src| self.images.address(src)) else {
            self.count("image not on https or this site");
            return;
        };
        let alt = img.value().attr("alt").map(one_line).filter(|a| !a.is_empty());
        let alt = alt.or_else(|| caption.clone()).unwrap_or_else(|| one_line(self.title));
        let alt = if alt.is_empty() { "Görsel".to_owned() } else { clip(&alt, 300) };
        let caption = caption.filter(|c| !c.is_empty()).map(|c| clip(&c, 300));
        // WordPress writes the size it inserted the picture at; both, or neither.
        let side = |name| {
            img.value()
                .attr(name)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|v| (1..=IMAGE_SIDE_MAX).contains(v))
        };
        let (width, height) = match (side("width"), side("height")) {
            (Some(w), Some(h)) => (Some(w), Some(h)),
            _ => (None, None),
        };
        self.blocks.push(Block::Image { src, alt, caption, width, height });
    }

    /// A figure: an image with its caption, a table, an embed (kept as its address), or content.
    fn figure(&mut self, figure: ElementRef<'_>) {
        let img = scraper::Selector::parse("img").expect("valid");
        let table = scraper::Selector::parse("table").expect("valid");
        let figcaption = scraper::Selector::parse("figcaption").expect("valid");
        let caption = figure.select(&figcaption).next().map(|c| one_line(&c.text().collect::<String>()));
        if let Some(image) = figure.select(&img).next() {
            // The caption shortcode's caption is the text beside the image.
            let caption = caption.or_else(|| {
                let text: String = figure
                    .descendants()
                    .filter_map(|n| match n.value() {
                        Node::Text(t) => Some(&**t),
                        _ => None,
                    })
                    .collect();
                Some(one_line(&text)).filter(|t| !t.is_empty())
            });
            self.image(image, caption);
            return;
        }
        if let Some(table) = figure.select(&table).next() {
            self.table(table);
            return;
        }
        let class = figure.value().attr("class").unwrap_or_default();
        if class.contains("wp-block-embed") {
            let text = one_line(&figure.text().collect::<String>());
            if text.is_empty() {
                self.count("embed");
            } else {
                self.count("embed as its address");
                self.blocks.push(Block::Paragraph { text: clip(&text, 20_000), marks: Vec::new() });
            }
            return;
        }
        self.flow(*figure);
        self.flush();
    }

    /// A table as a list of its rows, cells joined by " | ".
    fn table(&mut self, table: ElementRef<'_>) {
        let rows = scraper::Selector::parse("tr").expect("valid");
        let cells = scraper::Selector::parse("th, td").expect("valid");
        let mut items = Vec::new();
        for row in table.select(&rows) {
            let texts: Vec<String> =
                row.select(&cells).map(|cell| one_line(&self.inline_text(cell))).filter(|t| !t.is_empty()).collect();
            if !texts.is_empty() {
                items.push(clip(&texts.join(" | "), 1_000));
            }
        }
        if items.is_empty() {
            self.count("table");
        } else {
            self.count("table as text");
            self.blocks.push(Block::List { ordered: false, items, marks: Vec::new() });
        }
    }

    /// Ends the run of inline text as a paragraph.
    fn flush(&mut self) {
        let (text, marks) = std::mem::take(&mut self.run).finish(|t| clip(&tidy(t), 20_000));
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph { text, marks });
        }
    }

    /// Counts one thing left out or flattened.
    fn count(&mut self, kind: &str) {
        *self.drops.entry(kind.to_owned()).or_default() += 1;
    }
}

/// Each line's blank space made single spaces, blank lines gone.
fn tidy(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(one_line).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks as the import stores them (marks in order, none for items without).
    fn blocks(html: &str) -> Vec<Block> {
        let converted = convert(html, &Images { host: Some("eski.example".into()) }, "Başlık").blocks;
        converted.into_iter().map(|b| crate::domain::article::clean_block(b).unwrap()).collect()
    }

    fn dropped(html: &str) -> Vec<(String, u32)> {
        convert(html, &Images::default(), "Başlık").drops.into_iter().collect()
    }

    fn p(text: &str) -> Block {
        Block::Paragraph { marks: Vec::new(), text: text.into() }
    }

    #[test]
    fn classic_text_gets_auto_paragraphs_and_keeps_line_breaks() {
        assert_eq!(blocks("Bir\n\nİki satır\nbirlikte\n\n\n\nÜç"), [p("Bir"), p("İki satır\nbirlikte"), p("Üç")]);
        assert_eq!(
            blocks("<p>Satır<br>kırılır</p><p>  boşluklar   birleşir </p>"),
            [p("Satır\nkırılır"), p("boşluklar birleşir")]
        );
    }

    #[test]
    fn block_editor_text_treats_line_breaks_as_spaces() {
        assert_eq!(blocks("<!-- wp:paragraph -->\n<p>Bir\niki</p>\n<!-- /wp:paragraph -->"), [p("Bir iki")]);
    }

    #[test]
    fn headings_of_every_level_are_headings() {
        for level in 1..=6 {
            let html = format!("<h{level}>Başlık <em>{level}</em></h{level}>");
            assert_eq!(blocks(&html), [Block::Heading { text: format!("Başlık {level}") }]);
        }
    }

    #[test]
    fn quotes_keep_their_source() {
        assert_eq!(
            blocks("<blockquote><p>Bir</p><p>İki</p><cite>Kaynak</cite></blockquote>"),
            [Block::Quote { marks: Vec::new(), text: "Bir\nİki".into(), cite: Some("Kaynak".into()) }]
        );
        assert_eq!(
            blocks("<blockquote>Kaynaksız</blockquote>"),
            [Block::Quote { marks: Vec::new(), text: "Kaynaksız".into(), cite: None }]
        );
    }

    #[test]
    fn nested_lists_are_flattened() {
        assert_eq!(
            blocks("<ol><li>A<ol><li>A1<ul><li>A1a</li></ul></li></ol></li><li>C</li></ol>"),
            [Block::List {
                marks: Vec::new(),
                ordered: true,
                items: vec!["A".into(), "A1".into(), "A1a".into(), "C".into()]
            }]
        );
    }

    #[test]
    fn images_figures_and_captions() {
        let image = |src: &str, alt: &str, caption: Option<&str>| Block::Image {
            src: src.into(),
            alt: alt.into(),
            caption: caption.map(Into::into),
            width: None,
            height: None,
        };
        assert_eq!(
            blocks(r#"<img src="https://a.example/x.jpg" alt="X">"#),
            [image("https://a.example/x.jpg", "X", None)]
        );
        assert_eq!(
            blocks(r#"<figure><img src="/x.png" alt=""><figcaption>Alt yazı</figcaption></figure>"#),
            [image("/x.png", "Alt yazı", Some("Alt yazı"))]
        );
        assert_eq!(
            blocks(
                r#"[caption id="a" width="300"]<a href="/b"><img src="http://eski.example/u/y.jpg" alt="Y"></a> Açıklama[/caption]"#
            ),
            [image("/u/y.jpg", "Y", Some("Açıklama"))],
            "the old site's own uploads become paths here"
        );
        assert_eq!(
            blocks(r#"<p>Önce <img src="https://a.example/z.jpg"> sonra</p>"#),
            [p("Önce sonra"), image("https://a.example/z.jpg", "Başlık", None)],
            "an image inside a paragraph follows it; without alt text it takes the title"
        );
        assert_eq!(
            dropped(r#"<img src="http://baska.example/x.jpg" alt="X">"#),
            [("image not on https or this site".into(), 1)]
        );
        assert_eq!(dropped(r#"<img src="javascript:alert(1)">"#), [("image not on https or this site".into(), 1)]);
    }

    #[test]
    fn entities_are_decoded_and_inline_markup_keeps_its_words() {
        assert_eq!(
            blocks("<p>A &amp; B &#8220;C&#8221; <span class=x><a name=d>D</a></span>&nbsp;E</p>"),
            [p("A & B “C” D E")]
        );
    }

    fn mark(start: u32, end: u32, kind: MarkKind, href: Option<&str>) -> Mark {
        Mark { start, end, kind, href: href.map(Into::into) }
    }

    #[test]
    fn links_and_emphasis_become_marks() {
        let html = "<p>Bkz. <a href=\"https://kaynak.example/r?a=1&amp;b=2\"><strong>kaynak</strong> rapor</a>, \
                    <i>eski <em>haber</em></i> ve <a href=\"http://eski.example/2025/12/kiyi/\">kıyı</a>\
                    <a href=\"mailto:ayse@example.org\">.</a></p>";
        assert_eq!(
            blocks(html),
            [Block::Paragraph {
                text: "Bkz. kaynak rapor, eski haber ve kıyı.".into(),
                marks: vec![
                    mark(5, 17, MarkKind::Link, Some("https://kaynak.example/r?a=1&b=2")),
                    mark(5, 11, MarkKind::Strong, None),
                    mark(19, 29, MarkKind::Em, None),
                    mark(33, 37, MarkKind::Link, Some("/2025/12/kiyi/")),
                    mark(37, 38, MarkKind::Link, Some("mailto:ayse@example.org")),
                ],
            }],
            "the old site's links become paths here (its old addresses answer 301); an em inside an i is one mark"
        );
        // Items and quotes keep theirs; a heading's words stay plain.
        assert_eq!(
            blocks("<ul><li><b>bir</b> iki</li><li>üç</li></ul><h2><em>Başlık</em></h2>"),
            [
                Block::List {
                    ordered: false,
                    items: vec!["bir iki".into(), "üç".into()],
                    marks: vec![vec![mark(0, 3, MarkKind::Strong, None)]],
                },
                Block::Heading { text: "Başlık".into() },
            ]
        );
        assert_eq!(
            blocks("<blockquote><p><a href=\"/a\">Bir</a></p><p><em>İki</em></p><cite>K</cite></blockquote>"),
            [Block::Quote {
                text: "Bir\nİki".into(),
                cite: Some("K".into()),
                marks: vec![mark(0, 3, MarkKind::Link, Some("/a")), mark(4, 7, MarkKind::Em, None)],
            }]
        );
        // Targets okur does not link to keep their words, counted.
        for href in ["javascript:alert(1)", "data:text/html,x", "sayfa.html", "#dipnot", "//evil.example/x"] {
            let html = format!("<p><a href=\"{href}\">tıkla</a></p>");
            assert_eq!(blocks(&html), [p("tıkla")], "{href}");
            assert_eq!(dropped(&html), [("link to an address okur does not link to, as text".into(), 1)], "{href}");
        }
    }

    #[test]
    fn what_cannot_be_shown_is_dropped_and_counted() {
        assert_eq!(
            dropped("<script>x()</script><style>a{}</style><iframe src=/v></iframe><p>Kalan</p><form><input></form>"),
            [("form".into(), 1), ("iframe".into(), 1), ("script".into(), 1), ("style".into(), 1)]
        );
        assert_eq!(blocks("<script>x()</script><p>Kalan</p>"), [p("Kalan")]);
    }

    #[test]
    fn shortcodes_go_but_words_in_brackets_stay() {
        assert_eq!(
            blocks(r#"[gallery ids="1,2"] Metin [sic] ve [1]. [contact-form-7 id="3" /]"#),
            [p("Metin [sic] ve [1].")]
        );
        assert_eq!(
            dropped(r#"[gallery ids="1"][embed]https://v.example/1[/embed][x-plugin foo="bar"]"#),
            [("shortcode [embed]".into(), 1), ("shortcode [gallery]".into(), 1), ("shortcode [x-plugin]".into(), 1)]
        );
    }

    #[test]
    fn tables_code_and_embeds_become_text() {
        assert_eq!(
            blocks("<table><thead><tr><th>A</th><th>B</th></tr></thead><tr><td>1</td><td>2</td></tr></table>"),
            [Block::List { marks: Vec::new(), ordered: false, items: vec!["A | B".into(), "1 | 2".into()] }]
        );
        assert_eq!(blocks("<pre><code>fn main() {\n    x();\n}</code></pre>"), [p("fn main() {\n    x();\n}")]);
        assert_eq!(
            blocks(r#"<figure class="wp-block-embed"><div>https://v.example/42</div></figure>"#),
            [p("https://v.example/42")]
        );
        assert_eq!(dropped("<table></table><pre>kod</pre>"), [("code as text".into(), 1), ("table".into(), 1)]);
    }

    #[test]
    fn comment_text_is_plain_with_its_line_breaks() {
        assert_eq!(plain_text("Bir\n<b>iki</b>\n\nÜç <script>x</script>"), "Bir\niki\n\nÜç");
    }

    #[test]
    fn long_text_is_clipped_at_a_word() {
        assert_eq!(clip("kısa", 10), "kısa");
        assert_eq!(clip("bir iki üç dört beş", 12), "bir iki üç…");
    }
}
