//! An article's body as HTML text: each block as its semantic element, and the links and
//! emphasis inside paragraphs, list items and quotes (okur_types::Mark, data beside the text)
//! as `<a>`, `<strong>` and `<em>` around escaped words.

use okur_types::text::is_link_target;
use okur_types::{Block, Image, Mark, MarkKind};

use super::picture::{picture, Place};
use super::write::text;
use crate::format::push_escaped;

/// Appends a block's text, escaped, with its marks. Marks come from the server in order and
/// nested; one that is not (empty, crossing the one it starts in) is left out rather than break
/// the markup, and a link whose target the server would refuse keeps its words only.
fn marked(out: &mut String, value: &str, marks: &[Mark]) {
    // The open marks: where each ends and its closing tag.
    let mut open: Vec<(u32, &str)> = Vec::new();
    let mut marks = marks.iter().peekable();
    let mut chars = value.chars();
    let mut i = 0;
    loop {
        while let Some(&(_, close)) = open.last().filter(|(end, _)| *end <= i) {
            open.pop();
            out.push_str(close);
        }
        while let Some(mark) = marks.next_if(|m| m.start <= i) {
            let fits = mark.end > i && open.last().is_none_or(|(end, _)| mark.end <= *end);
            let close = match (mark.kind, mark.href.as_deref()) {
                _ if !fits => continue,
                (MarkKind::Em, _) => {
                    out.push_str("<em>");
                    "</em>"
                }
                (MarkKind::Strong, _) => {
                    out.push_str("<strong>");
                    "</strong>"
                }
                (MarkKind::Link, Some(href)) if is_link_target(href) => {
                    out.push_str("<a href=\"");
                    text(out, href);
                    // Another site's page gets no hold on this one.
                    out.push_str(if href.starts_with('/') { "\">" } else { "\" rel=\"noopener\">" });
                    "</a>"
                }
                _ => continue,
            };
            open.push((mark.end, close));
        }
        let Some(c) = chars.next() else { break };
        push_escaped(out, c);
        i += 1;
    }
    for (_, close) in open.into_iter().rev() {
        out.push_str(close);
    }
}

/// An article's body: each block as its element.
pub fn body(blocks: &[Block]) -> String {
    let mut out = String::new();
    let wrapped = |out: &mut String, open: &str, value: &str, marks: &[Mark], close: &str| {
        out.push_str(open);
        marked(out, value, marks);
        out.push_str(close);
    };
    for block in blocks {
        match block {
            Block::Heading { text } => wrapped(&mut out, "<h2>", text, &[], "</h2>"),
            Block::Paragraph { text, marks } => wrapped(&mut out, "<p>", text, marks, "</p>"),
            Block::Quote { text, cite, marks } => {
                wrapped(&mut out, "<figure class=\"quote\"><blockquote><p>", text, marks, "</p></blockquote>");
                if let Some(cite) = cite {
                    wrapped(&mut out, "<figcaption>— <cite>", cite, &[], "</cite></figcaption>");
                }
                out.push_str("</figure>");
            }
            Block::List { ordered, items, marks } => {
                out.push_str(if *ordered { "<ol>" } else { "<ul>" });
                for (i, item) in items.iter().enumerate() {
                    wrapped(&mut out, "<li>", item, marks.get(i).map_or(&[], Vec::as_slice), "</li>");
                }
                out.push_str(if *ordered { "</ol>" } else { "</ul>" });
            }
            Block::Image { src, alt, caption, width, height } => {
                out.push_str("<figure class=\"figure\">");
                let image = Image { src: src.clone(), alt: alt.clone(), width: *width, height: *height };
                picture(&mut out, &image, Place::Body);
                if let Some(caption) = caption {
                    wrapped(&mut out, "<figcaption>", caption, &[], "</figcaption>");
                }
                out.push_str("</figure>");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: u32, end: u32, kind: MarkKind, href: Option<&str>) -> Mark {
        Mark { start, end, kind, href: href.map(Into::into) }
    }

    #[test]
    fn marks_become_links_and_emphasis_around_escaped_text() {
        let marks = vec![
            mark(0, 3, MarkKind::Strong, None),
            mark(4, 16, MarkKind::Link, Some("https://example.org/?a=1&b=\"x\"")),
            mark(4, 8, MarkKind::Em, None),
            mark(17, 19, MarkKind::Link, Some("/articles/x")),
        ];
        let html = body(&[Block::Paragraph { text: "Çok <önemli> bağ ve son".into(), marks }]);
        assert_eq!(
            html,
            "<p><strong>Çok</strong> <a href=\"https://example.org/?a=1&amp;b=&quot;x&quot;\" rel=\"noopener\">\
             <em>&lt;öne</em>mli&gt; bağ</a> <a href=\"/articles/x\">ve</a> son</p>"
        );
        // Items and quotes carry marks too; an item without marks is plain.
        let list = body(&[Block::List {
            ordered: false,
            items: vec!["a b".into(), "c".into()],
            marks: vec![vec![mark(2, 3, MarkKind::Em, None)]],
        }]);
        assert_eq!(list, "<ul><li>a <em>b</em></li><li>c</li></ul>");
        let quote =
            body(&[Block::Quote { text: "söz".into(), cite: None, marks: vec![mark(0, 3, MarkKind::Em, None)] }]);
        assert!(quote.contains("<blockquote><p><em>söz</em></p></blockquote>"), "{quote}");
    }

    #[test]
    fn hostile_or_broken_marks_never_break_the_markup() {
        for href in ["javascript:alert(1)", "data:text/html,x", "//evil.example", "JAVASCRIPT:x", " /a"] {
            let html = body(&[Block::Paragraph {
                text: "tıkla".into(),
                marks: vec![mark(0, 5, MarkKind::Link, Some(href))],
            }]);
            assert_eq!(html, "<p>tıkla</p>", "{href}");
        }
        // A link without a target, an empty mark, one crossing another, one past the end.
        let marks = vec![
            mark(0, 2, MarkKind::Link, None),
            mark(1, 1, MarkKind::Em, None),
            mark(1, 4, MarkKind::Strong, None),
            mark(2, 6, MarkKind::Em, None),
            mark(3, 99, MarkKind::Em, None),
            mark(5, 99, MarkKind::Em, None),
        ];
        let html = body(&[Block::Paragraph { text: "abcdef".into(), marks }]);
        assert_eq!(html, "<p>a<strong>bcd</strong>e<em>f</em></p>");
    }
}
