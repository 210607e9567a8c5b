//! The Markdown import format: a front-matter header, then a small subset of Markdown.
//! pulldown-cmark does the parsing; this module maps its events to body blocks, links and
//! emphasis to marks, and refuses everything the API cannot carry (HTML, code blocks, tables,
//! nested lists).
//!
//! ```text
//! ---
//! title: Kıyıda yeni dönem
//! slug: kiyida-yeni-donem
//! published_at: 2025-12-13T09:30:00+03:00
//! author: Ayşe Demir
//! category: Gündem
//! summary: One or two sentences.
//! language: tr                     (optional, default the site's)
//! image: /media/harbour.svg        (optional lead image)
//! image_alt: The harbour at dawn   (required with image)
//! comments_open: true              (optional, default true)
//! ---
//! ## A heading
//! A paragraph, up to a blank line, with *emphasis*, **strong** and [links](https://…).
//! > A quote
//! > — Its source (optional last line starting with a dash)
//! - a bulleted item            1. a numbered item
//! ![alt text](/media/a.svg "caption")
//! ```

use std::collections::BTreeMap;
use std::ops::Range;

use okur_types::{Block, Image, MarkKind};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::domain::article::{
    check_slug, clean_block, clean_image, clean_language, clean_line, BodySize, NewArticle, AUTHOR, CATEGORY, SUMMARY,
    TITLE,
};
use crate::domain::marks::{clean_href, realign, Marked};
use crate::domain::stamp::normalize_timestamp;
use crate::import::error::ParseError;

/// The front-matter keys, in the order the docs list them.
const KEYS: [&str; 11] = [
    "title",
    "slug",
    "published_at",
    "updated_at",
    "author",
    "category",
    "summary",
    "language",
    "image",
    "image_alt",
    "comments_open",
];

/// Parses a Markdown article.
pub fn parse_markdown(text: &str) -> Result<NewArticle, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let (header, body_start) = front_matter(text)?;
    let field = |key: &str| header.get(key).map(|(line, value)| (*line, value.as_str()));
    let required =
        |key: &str| field(key).ok_or_else(|| ParseError::new(1, format!("the front matter has no `{key}:`")));
    let checked = |(name, max): (&str, usize)| {
        let (line, value) = required(name)?;
        clean_line(name, value, max).map_err(|m| ParseError::new(line, m))
    };

    let (slug_line, slug) = required("slug")?;
    check_slug(slug).map_err(|m| ParseError::new(slug_line, m))?;
    let (date_line, date) = required("published_at")?;
    let published_at = normalize_timestamp(date).map_err(|m| ParseError::new(date_line, m))?;
    let updated_at = match field("updated_at") {
        Some((line, date)) => Some(normalize_timestamp(date).map_err(|m| ParseError::new(line, m))?),
        None => None,
    };
    let image = match (field("image"), field("image_alt")) {
        (Some((line, src)), Some((_, alt))) => {
            Some(clean_image(&Image::new(src, alt)).map_err(|m| ParseError::new(line, m))?)
        }
        (Some((line, _)), None) => return Err(ParseError::new(line, "`image:` needs an `image_alt:` too")),
        (None, Some((line, _))) => return Err(ParseError::new(line, "`image_alt:` without an `image:`")),
        (None, None) => None,
    };
    let language = match field("language") {
        Some((line, tag)) => Some(clean_language(tag).map_err(|m| ParseError::new(line, m))?),
        None => None,
    };
    let comments_open = match field("comments_open") {
        None | Some((_, "true")) => true,
        Some((_, "false")) => false,
        Some((line, other)) => {
            return Err(ParseError::new(line, format!("comments_open must be true or false, not {other:?}")))
        }
    };

    // A body may be empty: a brief is its title, summary and image alone.
    let body = Body { lines: &lines, base: body_start }.blocks(&text[body_start..])?;
    Ok(NewArticle {
        slug: slug.to_owned(),
        title: checked(TITLE)?,
        summary: checked(SUMMARY)?,
        published_at,
        updated_at,
        author: checked(AUTHOR)?,
        category: checked(CATEGORY)?,
        language,
        image,
        body,
        comments_open,
    })
}

/// The front-matter fields: key → (line, value).
type Header = BTreeMap<String, (usize, String)>;

/// Reads the `---` header: each key with its line and value, and where the body starts.
fn front_matter(text: &str) -> Result<(Header, usize), ParseError> {
    let mut offset = 0;
    let mut fields = BTreeMap::new();
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = index + 1;
        offset += raw.len();
        let line = raw.trim();
        if index == 0 {
            if line != "---" {
                return Err(ParseError::new(1, "a Markdown article starts with a `---` front-matter header"));
            }
            continue;
        }
        if line == "---" {
            return Ok((fields, offset));
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(ParseError::new(line_no, format!("expected `key: value`, found {line:?}")));
        };
        let key = key.trim();
        if !KEYS.contains(&key) {
            return Err(ParseError::new(line_no, format!("unknown key `{key}` (known: {})", KEYS.join(", "))));
        }
        let value = unquote(value.trim());
        if fields.insert(key.to_owned(), (line_no, value.to_owned())).is_some() {
            return Err(ParseError::new(line_no, format!("`{key}` is given twice")));
        }
    }
    Err(ParseError::new(1, "the front matter is not closed by a `---` line"))
}

/// Strips one pair of matching quotes, as YAML-style headers allow.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote).and_then(|v| v.strip_suffix(quote)) {
            return inner;
        }
    }
    value
}

/// Byte offsets of line starts, to turn parser offsets into line numbers.
struct LineIndex(Vec<usize>);

impl LineIndex {
    /// Indexes a text.
    fn new(text: &str) -> Self {
        LineIndex(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// The 1-based line holding this byte offset.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

/// Inline content collected from a run of events: its text with its marks, and any images in it.
#[derive(Default)]
struct Inline {
    text: Marked,
    images: Vec<(Image, Option<String>)>,
}

/// Maps the body's parser events to blocks.
struct Body<'a> {
    lines: &'a LineIndex,
    base: usize,
}

/// The event stream with byte ranges.
type Events<'t> = pulldown_cmark::OffsetIter<'t, pulldown_cmark::DefaultBrokenLinkCallback>;

impl Body<'_> {
    /// The line of a body offset in the whole file.
    fn line(&self, range: &Range<usize>) -> usize {
        self.lines.line(self.base + range.start)
    }

    /// Parses the body into checked blocks.
    fn blocks(&self, body: &str) -> Result<Vec<Block>, ParseError> {
        let mut events = Parser::new_ext(body, Options::empty()).into_offset_iter();
        let mut blocks = Vec::new();
        let mut size = BodySize::default();
        while let Some((event, range)) = events.next() {
            let line = self.line(&range);
            let block = match event {
                Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => {
                    let inline = self.inline(&mut events, TagEnd::Heading(HeadingLevel::H2), line)?;
                    no_images(&inline, line)?;
                    // A heading is one run of plain words: emphasis and links keep their words.
                    Block::Heading { text: inline.text.text }
                }
                Event::Start(Tag::Heading { .. }) => {
                    return Err(ParseError::new(
                        line,
                        "only `## ` headings are allowed (the title is in the front matter)",
                    ))
                }
                Event::Start(Tag::Paragraph) => self.paragraph(&mut events, line)?,
                Event::Start(Tag::BlockQuote(_)) => self.quote(&mut events, line)?,
                Event::Start(Tag::List(start)) => self.list(&mut events, start.is_some(), line)?,
                other => return Err(unsupported(&other, line)),
            };
            blocks.push(clean_block(block).and_then(|block| size.add(block)).map_err(|m| ParseError::new(line, m))?);
        }
        Ok(blocks)
    }

    /// A paragraph: running text, or an image standing alone.
    fn paragraph(&self, events: &mut Events<'_>, line: usize) -> Result<Block, ParseError> {
        let mut inline = self.inline(events, TagEnd::Paragraph, line)?;
        match inline.images.len() {
            0 => {
                let (text, marks) = inline.text.finish(joined_lines);
                Ok(Block::Paragraph { text, marks })
            }
            1 if inline.text.text.trim().is_empty() => {
                let (image, caption) = inline.images.remove(0);
                Ok(Block::Image { src: image.src, alt: image.alt, caption, width: image.width, height: image.height })
            }
            _ => Err(ParseError::new(line, "an image must stand alone in its paragraph")),
        }
    }

    /// A quote: its paragraphs, with a last line starting with a dash as the source.
    fn quote(&self, events: &mut Events<'_>, line: usize) -> Result<Block, ParseError> {
        let mut all = Marked::default();
        loop {
            match events.next() {
                Some((Event::Start(Tag::Paragraph), range)) => {
                    let at = self.line(&range);
                    let inline = self.inline(events, TagEnd::Paragraph, at)?;
                    no_images(&inline, at)?;
                    if !all.is_empty() {
                        all.push('\n');
                    }
                    all.append(inline.text.finish(|t| t.split('\n').map(str::trim).collect::<Vec<_>>().join("\n")));
                }
                Some((Event::End(TagEnd::BlockQuote(_)), _)) => break,
                Some((other, range)) => return Err(unsupported(&other, self.line(&range))),
                None => break,
            }
        }
        let mut lines: Vec<&str> = all.text.split('\n').collect();
        let cite = match lines.last() {
            Some(last) if lines.len() > 1 && last.starts_with(['—', '–', '-']) => {
                let cite = last.trim_start_matches(['—', '–', '-']).trim().to_owned();
                lines.pop();
                Some(cite)
            }
            _ => None,
        };
        if lines.iter().all(|l| l.is_empty()) {
            return Err(ParseError::new(line, "the quote is empty"));
        }
        let text = lines.join(" ");
        let marks = realign(&all.text, &text, all.marks);
        Ok(Block::Quote { text, cite, marks })
    }

    /// A flat list of text items.
    fn list(&self, events: &mut Events<'_>, ordered: bool, line: usize) -> Result<Block, ParseError> {
        let (mut items, mut marks) = (Vec::new(), Vec::new());
        loop {
            match events.next() {
                Some((Event::Start(Tag::Item), range)) => {
                    let at = self.line(&range);
                    let inline = self.inline(events, TagEnd::Item, at)?;
                    no_images(&inline, at)?;
                    let (item, item_marks) = inline.text.finish(joined_lines);
                    items.push(item);
                    marks.push(item_marks);
                }
                Some((Event::End(TagEnd::List(_)), _)) | None => break,
                Some((other, range)) => return Err(unsupported(&other, self.line(&range))),
            }
        }
        if items.is_empty() {
            return Err(ParseError::new(line, "the list is empty"));
        }
        Ok(Block::List { ordered, items, marks })
    }

    /// Collects text up to `end`: `*emphasis*`, `**strong**` and `[links](…)` become marks (a
    /// link's target checked), breaks become newlines, images are set aside; anything else is
    /// refused.
    fn inline(&self, events: &mut Events<'_>, end: TagEnd, line: usize) -> Result<Inline, ParseError> {
        let mut out = Inline::default();
        while let Some((event, range)) = events.next() {
            let at = self.line(&range);
            match event {
                Event::End(tag) if tag == end => return Ok(out),
                Event::Text(text) | Event::Code(text) => out.text.push_str(&text),
                Event::SoftBreak | Event::HardBreak => out.text.push('\n'),
                Event::Start(Tag::Emphasis) => _ = out.text.open(Some(MarkKind::Em), None),
                Event::Start(Tag::Strong) => _ = out.text.open(Some(MarkKind::Strong), None),
                Event::Start(Tag::Strikethrough) => _ = out.text.open(None, None),
                Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                    // `<ayse@example.org>` is a link to the address.
                    let target =
                        if link_type == LinkType::Email { format!("mailto:{dest_url}") } else { dest_url.to_string() };
                    let href = clean_href(&target).map_err(|m| ParseError::new(at, m))?;
                    out.text.open(Some(MarkKind::Link), Some(href));
                }
                Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {
                    out.text.close()
                }
                // A loose list item wraps its text in paragraphs.
                Event::Start(Tag::Paragraph) if end == TagEnd::Item => {}
                Event::End(TagEnd::Paragraph) if end == TagEnd::Item => out.text.push('\n'),
                Event::Start(Tag::Image { dest_url, title, .. }) => {
                    let alt = self.inline(events, TagEnd::Image, at)?;
                    let image = clean_image(&Image::new(dest_url.as_ref(), alt.text.text.as_str()))
                        .map_err(|m| ParseError::new(at, m))?;
                    let caption = Some(title.trim().to_owned()).filter(|t| !t.is_empty());
                    out.images.push((image, caption));
                }
                Event::Start(Tag::List(_)) => return Err(ParseError::new(at, "nested lists are not supported")),
                other => return Err(unsupported(&other, at)),
            }
        }
        Err(ParseError::new(line, "the file ends inside a block"))
    }
}

/// A paragraph's or an item's lines as one line of text.
fn joined_lines(text: &str) -> String {
    text.split('\n').map(str::trim).collect::<Vec<_>>().join(" ")
}

/// Refuses images where only text may stand.
fn no_images(inline: &Inline, line: usize) -> Result<(), ParseError> {
    if inline.images.is_empty() {
        Ok(())
    } else {
        Err(ParseError::new(line, "an image must stand alone in its own paragraph"))
    }
}

/// The error for Markdown the API cannot carry.
fn unsupported(event: &Event<'_>, line: usize) -> ParseError {
    let what = match event {
        Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => {
            "HTML is not allowed: write links and emphasis in Markdown ([words](https://…), *em*, **strong**)"
        }
        Event::Start(Tag::CodeBlock(_)) => "code blocks are not supported",
        Event::Rule => "horizontal rules are not supported",
        Event::Start(Tag::Table(_)) => "tables are not supported",
        _ => "this Markdown is not supported (use ## headings, paragraphs, > quotes, - or 1. lists and ![alt](src) images)",
    };
    ParseError::new(line, what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use okur_types::Mark;

    const HEADER: &str = "---\ntitle: \"Kıyıda yeni dönem\"\nslug: kiyida-yeni-donem\npublished_at: 2025-12-13T09:30:00+03:00\nauthor: Ayşe Demir\ncategory: Gündem\nsummary: Kısa özet.\n---\n";

    #[test]
    fn every_block_kind_is_read() {
        let text = format!(
            "{HEADER}\n## Başlık\n\nBir *paragraf*\nsürüyor.\n\n> Söz bir.\n> — Kaynak Kişi\n\n- bir\n- iki\n\n1. ilk\n2. ikinci\n\n![Liman](/media/a.svg \"Alt yazı\")\n"
        );
        let article = parse_markdown(&text).unwrap();
        assert_eq!(article.title, "Kıyıda yeni dönem");
        assert_eq!(article.published_at, "2025-12-13T06:30:00Z");
        assert_eq!(
            article.body,
            vec![
                Block::Heading { text: "Başlık".into() },
                Block::Paragraph {
                    text: "Bir paragraf sürüyor.".into(),
                    marks: vec![Mark { start: 4, end: 12, kind: MarkKind::Em, href: None }],
                },
                Block::Quote { text: "Söz bir.".into(), cite: Some("Kaynak Kişi".into()), marks: Vec::new() },
                Block::List { ordered: false, items: vec!["bir".into(), "iki".into()], marks: Vec::new() },
                Block::List { ordered: true, items: vec!["ilk".into(), "ikinci".into()], marks: Vec::new() },
                Block::Image {
                    src: "/media/a.svg".into(),
                    alt: "Liman".into(),
                    caption: Some("Alt yazı".into()),
                    width: None,
                    height: None
                },
            ]
        );
    }

    fn mark(start: u32, end: u32, kind: MarkKind, href: Option<&str>) -> Mark {
        Mark { start, end, kind, href: href.map(Into::into) }
    }

    #[test]
    fn links_and_emphasis_become_marks() {
        let text = format!(
            "{HEADER}\nBkz. [**liman** raporu](https://example.org/r?a=1) ve <ayse@example.org>,\n[önceki haber](/articles/x).\n\n\
             > *Deniz* [bizim](HTTPS://example.org)\n> — Kaynak\n\n- **bir** iki\n- üç\n- [dört](/d)\n"
        );
        let body = parse_markdown(&text).unwrap().body;
        assert_eq!(
            body,
            vec![
                Block::Paragraph {
                    text: "Bkz. liman raporu ve ayse@example.org, önceki haber.".into(),
                    marks: vec![
                        mark(5, 17, MarkKind::Link, Some("https://example.org/r?a=1")),
                        mark(5, 10, MarkKind::Strong, None),
                        mark(21, 37, MarkKind::Link, Some("mailto:ayse@example.org")),
                        mark(39, 51, MarkKind::Link, Some("/articles/x")),
                    ],
                },
                Block::Quote {
                    text: "Deniz bizim".into(),
                    cite: Some("Kaynak".into()),
                    marks: vec![
                        mark(0, 5, MarkKind::Em, None),
                        mark(6, 11, MarkKind::Link, Some("https://example.org"))
                    ],
                },
                Block::List {
                    ordered: false,
                    items: vec!["bir iki".into(), "üç".into(), "dört".into()],
                    marks: vec![
                        vec![mark(0, 3, MarkKind::Strong, None)],
                        vec![],
                        vec![mark(0, 4, MarkKind::Link, Some("/d"))]
                    ],
                },
            ]
        );
        for target in ["javascript:alert(1)", "data:text/html,x", "sayfa.html", "//evil.example/x"] {
            let bad = format!("{HEADER}\nBir paragraf.\n\n[tıkla]({target})\n");
            let err = parse_markdown(&bad).unwrap_err();
            assert_eq!(err.line, 12, "{target}: {err}");
            assert!(err.message.contains("link target"), "{err}");
        }
    }

    #[test]
    fn errors_name_the_file_line() {
        let html = format!("{HEADER}\nBir paragraf.\n\n<script>alert(1)</script>\n");
        let err = parse_markdown(&html).unwrap_err();
        assert_eq!(err.line, 12, "{err}");
        assert!(err.message.contains("HTML"));

        let h3 = format!("{HEADER}\n### Alt başlık\n");
        assert_eq!(parse_markdown(&h3).unwrap_err().line, 10);

        let bad_key = HEADER.replace("author:", "writer:");
        assert_eq!(parse_markdown(&bad_key).unwrap_err().line, 5);

        let bad_date = HEADER.replace("2025-12-13T09:30:00+03:00", "dün");
        assert_eq!(parse_markdown(&format!("{bad_date}\nMetin.\n")).unwrap_err().line, 4);

        let nested = format!("{HEADER}\n- bir\n  - iç\n");
        assert_eq!(parse_markdown(&nested).unwrap_err().line, 11);

        let mixed = format!("{HEADER}\nMetin ![a](/a.svg) metin.\n");
        assert!(parse_markdown(&mixed).unwrap_err().message.contains("stand alone"));
    }

    #[test]
    fn header_must_be_complete() {
        assert!(parse_markdown("## no header\n").unwrap_err().message.contains("front-matter"));
        let unclosed = HEADER.trim_end_matches("---\n");
        assert!(parse_markdown(unclosed).unwrap_err().message.contains("not closed"));
        let no_title = HEADER.replace("title: \"Kıyıda yeni dönem\"\n", "");
        assert!(parse_markdown(&format!("{no_title}\nMetin.\n")).unwrap_err().message.contains("`title:`"));
        assert_eq!(parse_markdown(HEADER).unwrap().body, [], "a brief: the header alone");
    }
}
