//! The rules every article field must pass, whichever way the article gets in (JSON, Markdown,
//! a WordPress export), and the article as it is written.

use okur_types::{Block, Image, Mark};

use crate::domain::marks::{check_marks, realign};
use crate::domain::text::slugify;

/// An article as it is written: everything but the derived comment count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArticle {
    /// The URL name, unique.
    pub slug: String,
    /// The headline.
    pub title: String,
    /// The list text.
    pub summary: String,
    /// RFC 3339, UTC, with a trailing `Z`.
    pub published_at: String,
    /// When the story itself was last updated (RFC 3339, UTC), if it says; shown when later than
    /// `published_at`.
    pub updated_at: Option<String>,
    /// The byline.
    pub author: String,
    /// The section.
    pub category: String,
    /// The language it is written in; none means the site's.
    pub language: Option<String>,
    /// The lead image.
    pub image: Option<Image>,
    /// The blocks of the body.
    pub body: Vec<Block>,
    /// Whether readers may comment.
    pub comments_open: bool,
}

/// Longest slug, in characters.
const SLUG_MAX: usize = 100;
/// Longest body text block (paragraph or quote), in characters.
const LONG_TEXT_MAX: usize = 20_000;
/// Longest image address.
const SRC_MAX: usize = 500;
/// Most blocks in one article's body: a very long story has a few hundred.
pub const BLOCKS_MAX: usize = 2_000;
/// Most bytes of text in one article's body (every block's text, sources, items, addresses,
/// link targets, alternatives and captions): about 150,000 words, and a page a phone can still show.
pub const BODY_BYTES_MAX: usize = 1_000_000;

/// Checks a slug: 1–100 lowercase ASCII letters, digits and single inner hyphens.
pub fn check_slug(slug: &str) -> Result<(), String> {
    let well_formed = !slug.is_empty()
        && slug.len() <= SLUG_MAX
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "slug {slug:?} must be 1 to {SLUG_MAX} lowercase letters (a-z), digits and single hyphens, \
             not starting or ending with one"
        ))
    }
}

/// Checks a language tag: a BCP 47 primary language (2–3 letters) with optional subtags,
/// written in lowercase, e.g. `tr`, `en`, `en-gb`.
pub fn clean_language(value: &str) -> Result<String, String> {
    let tag = value.trim().to_ascii_lowercase();
    let mut parts = tag.split('-');
    let primary_ok =
        parts.next().is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    let rest_ok = parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(tag)
    } else {
        Err(format!("language {value:?} is not a language tag such as tr, en or en-GB"))
    }
}

/// Trims a one-line text field and checks it is present, short enough and free of control characters.
pub fn clean_line(field: &str, value: &str, max: usize) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("{field} must not be empty"));
    }
    if value.chars().count() > max {
        return Err(format!("{field} is longer than {max} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{field} must be one line of text without control characters"));
    }
    no_direction_controls(field, value)?;
    Ok(value.to_owned())
}

/// Refuses the characters that turn the text's direction (U+202A–U+202E, U+2066–U+2069), as
/// comments do: they can make a line read as something else, or reverse what follows it.
fn no_direction_controls(field: &str, value: &str) -> Result<(), String> {
    match value.chars().find(|&c| okur_types::text::is_bidi_control(c)) {
        Some(c) => Err(format!("{field} must not contain direction controls (U+{:04X})", u32::from(c))),
        None => Ok(()),
    }
}

/// Like [`clean_line`] for running text, where line breaks are allowed.
fn clean_text(field: &str, value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("{field} must not be empty"));
    }
    if value.chars().count() > LONG_TEXT_MAX {
        return Err(format!("{field} is longer than {LONG_TEXT_MAX} characters"));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(format!("{field} must not contain control characters"));
    }
    no_direction_controls(field, value)?;
    Ok(value.to_owned())
}

/// Checks an image address: a path on this site (`/media/a.svg`) or an https URL; nothing that
/// could run, load over plain http, or lead elsewhere (`//host`, and `/\\host`, which browsers
/// read as `//host`).
pub fn clean_src(value: &str) -> Result<String, String> {
    let value = value.trim();
    let allowed = (value.starts_with('/') && !value.starts_with("//")) || value.starts_with("https://");
    let odd = |c: char| c.is_whitespace() || c.is_control() || c == '\\';
    if !allowed || value.len() > SRC_MAX || value.chars().any(odd) {
        return Err(format!(
            "image address {value:?} must be a path on this site (/…) or an https:// address, with no spaces or \
             backslashes (at most {SRC_MAX} characters)"
        ));
    }
    Ok(value.to_owned())
}

/// The largest width or height an image may say it has, in pixels.
pub const IMAGE_SIDE_MAX: u32 = 20_000;

/// Checks an image, its text alternative and its size (both sides or neither, each at least 1
/// and at most [`IMAGE_SIDE_MAX`]).
pub fn clean_image(image: &Image) -> Result<Image, String> {
    let size = match (image.width, image.height) {
        (None, None) => None,
        (Some(w), Some(h)) if (1..=IMAGE_SIDE_MAX).contains(&w) && (1..=IMAGE_SIDE_MAX).contains(&h) => Some((w, h)),
        _ => return Err(format!("an image's width and height come together, each from 1 to {IMAGE_SIDE_MAX} pixels")),
    };
    Ok(Image {
        src: clean_src(&image.src)?,
        alt: clean_line("image alt text", &image.alt, 300)?,
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
    })
}

/// One image of an article, to read or change in place: its field as messages name it
/// (`image`, `body[i]`), its address and its size.
pub struct ImageSlot<'a> {
    /// `image` for the lead image, `body[i]` for the body's block `i`.
    pub field: String,
    /// Its address.
    pub src: &'a mut String,
    /// Its width, when known.
    pub width: &'a mut Option<u32>,
    /// Its height, when known.
    pub height: &'a mut Option<u32>,
}

/// Every image of an article: the lead image, then the body's image blocks in order.
pub fn image_slots<'a>(lead: Option<&'a mut Image>, body: &'a mut [Block]) -> Vec<ImageSlot<'a>> {
    let lead = lead.map(|image| ImageSlot {
        field: "image".to_owned(),
        src: &mut image.src,
        width: &mut image.width,
        height: &mut image.height,
    });
    let blocks = body.iter_mut().enumerate().filter_map(|(i, block)| match block {
        Block::Image { src, width, height, .. } => Some(ImageSlot { field: format!("body[{i}]"), src, width, height }),
        _ => None,
    });
    lead.into_iter().chain(blocks).collect()
}

/// Checks a text and its marks (on the text as sent), then trims the text with `clean`, the
/// marks moving along.
fn clean_marked(
    field: &str,
    value: &str,
    marks: Vec<Mark>,
    clean: impl FnOnce(&str) -> Result<String, String>,
) -> Result<(String, Vec<Mark>), String> {
    let marks = check_marks(field, value.chars().count(), marks)?;
    let text = clean(value)?;
    let marks = realign(value, &text, marks);
    Ok((text, marks))
}

/// Checks one body block and returns it with its text trimmed and its marks in order.
pub fn clean_block(block: Block) -> Result<Block, String> {
    Ok(match block {
        Block::Heading { text } => Block::Heading { text: clean_line("heading", &text, 200)? },
        Block::Paragraph { text, marks } => {
            let (text, marks) = clean_marked("paragraph", &text, marks, |t| clean_text("paragraph", t))?;
            Block::Paragraph { text, marks }
        }
        Block::Quote { text, cite, marks } => {
            let (text, marks) = clean_marked("quote", &text, marks, |t| clean_text("quote", t))?;
            Block::Quote { text, marks, cite: cite.map(|c| clean_line("quote source", &c, 200)).transpose()? }
        }
        Block::List { ordered, items, marks } => {
            if items.is_empty() {
                return Err("a list needs at least one item".to_owned());
            }
            if marks.len() > items.len() {
                return Err(format!("the list has marks for {} items but {} items", marks.len(), items.len()));
            }
            let mut marks = marks.into_iter();
            let (items, mut marks): (Vec<String>, Vec<Vec<Mark>>) = items
                .iter()
                .map(|i| {
                    clean_marked("list item", i, marks.next().unwrap_or_default(), |t| {
                        clean_line("list item", t, 1_000)
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .unzip();
            // Items without marks at the end need no entry.
            while marks.last().is_some_and(Vec::is_empty) {
                marks.pop();
            }
            Block::List { ordered, items, marks }
        }
        Block::Image { src, alt, caption, width, height } => {
            let image = clean_image(&Image { src, alt, width, height })?;
            Block::Image {
                src: image.src,
                alt: image.alt,
                caption: caption.map(|c| clean_line("caption", &c, 300)).transpose()?,
                width: image.width,
                height: image.height,
            }
        }
    })
}

/// Checks a whole body: each block valid, within [`BLOCKS_MAX`] and [`BODY_BYTES_MAX`]. It
/// may be empty: a post can be its title, summary and image alone.
pub fn clean_body(body: Vec<Block>) -> Result<Vec<Block>, String> {
    let mut size = BodySize::default();
    body.into_iter().map(|block| size.add(clean_block(block)?)).collect()
}

/// A body's size as its blocks are read, so that an import stops at the block that goes over.
#[derive(Debug, Default)]
pub struct BodySize {
    blocks: usize,
    bytes: usize,
}

impl BodySize {
    /// Counts a block, or says which limit it passes.
    pub fn add(&mut self, block: Block) -> Result<Block, String> {
        self.blocks += 1;
        self.bytes += text_bytes(&block);
        if self.blocks > BLOCKS_MAX {
            return Err(format!("the body has more than {BLOCKS_MAX} blocks"));
        }
        if self.bytes > BODY_BYTES_MAX {
            return Err(format!("the body has more than {BODY_BYTES_MAX} bytes of text"));
        }
        Ok(block)
    }
}

/// The bytes of text a block holds, its links' targets included.
fn text_bytes(block: &Block) -> usize {
    let optional = |o: &Option<String>| o.as_ref().map_or(0, String::len);
    let links = |marks: &[Mark]| marks.iter().map(|m| optional(&m.href)).sum::<usize>();
    match block {
        Block::Heading { text } => text.len(),
        Block::Paragraph { text, marks } => text.len() + links(marks),
        Block::Quote { text, cite, marks } => text.len() + optional(cite) + links(marks),
        Block::List { items, marks, .. } => {
            items.iter().map(String::len).sum::<usize>() + marks.iter().map(|m| links(m)).sum::<usize>()
        }
        Block::Image { src, alt, caption, .. } => src.len() + alt.len() + optional(caption),
    }
}

/// A section's and an author's URL names, from their names (`Gündem` → `gundem`); `genel` and
/// `yazar` for a name with no letter or digit at all.
pub fn shelf_slugs(category: &str, author: &str) -> (String, String) {
    let slug_or = |name: &str, fallback: &str| slugify(name).unwrap_or_else(|| fallback.to_owned());
    (slug_or(category, "genel"), slug_or(author, "yazar"))
}

/// Limits of the one-line article fields: (name, longest).
pub const TITLE: (&str, usize) = ("title", 200);
/// See [`TITLE`].
pub const SUMMARY: (&str, usize) = ("summary", 500);
/// See [`TITLE`].
pub const AUTHOR: (&str, usize) = ("author", 100);
/// See [`TITLE`].
pub const CATEGORY: (&str, usize) = ("category", 60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_articles_images_are_the_lead_then_the_bodys_by_their_fields() {
        let mut lead = Image::new("/a.jpg", "A");
        let mut body = vec![
            Block::Heading { text: "H".into() },
            Block::Image { src: "/b.jpg".into(), alt: "B".into(), caption: None, width: None, height: None },
        ];
        let slots = image_slots(Some(&mut lead), &mut body);
        let seen: Vec<(&str, &str)> = slots.iter().map(|s| (s.field.as_str(), s.src.as_str())).collect();
        assert_eq!(seen, [("image", "/a.jpg"), ("body[1]", "/b.jpg")]);
        for slot in image_slots(None, &mut body) {
            *slot.width = Some(10);
        }
        assert!(matches!(body[1], Block::Image { width: Some(10), .. }));
    }

    #[test]
    fn language_tags_are_checked() {
        assert_eq!(clean_language(" en-GB ").unwrap(), "en-gb");
        assert_eq!(clean_language("tr").unwrap(), "tr");
        for bad in ["", "e", "english", "en_GB", "tr-", "12"] {
            assert!(clean_language(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_are_checked() {
        for good in ["a", "kis-yolu-2025", "x9"] {
            assert!(check_slug(good).is_ok(), "{good}");
        }
        for bad in ["", "-a", "a-", "a--b", "Büyük", "a b", "a/b", &"a".repeat(101)] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn image_addresses_that_could_run_are_refused() {
        assert!(clean_src("/media/a.svg").is_ok());
        assert!(clean_src("https://example.org/a.png").is_ok());
        for bad in [
            "javascript:alert(1)",
            "//evil.example/a.png",
            "/\\evil.example/x.png",
            "\\\\evil.example/x.png",
            "https://ok.example\\@evil.example/x.png",
            "http://example.org/a.png",
            "data:image/svg+xml,<svg/>",
            "/a b.png",
            "/a\tb.png",
            "",
        ] {
            assert!(clean_src(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn blocks_are_trimmed_and_checked() {
        let block = clean_block(Block::List { marks: Vec::new(), ordered: false, items: vec![" a ".into()] }).unwrap();
        assert_eq!(block, Block::List { marks: Vec::new(), ordered: false, items: vec!["a".into()] });
        assert!(clean_block(Block::List { marks: Vec::new(), ordered: false, items: vec![] }).is_err());
        assert!(clean_block(Block::Heading { text: "two\nlines".into() }).is_err());
        assert!(clean_block(Block::Paragraph { marks: Vec::new(), text: "two\nlines".into() }).is_ok());
        assert!(clean_block(Block::Paragraph { marks: Vec::new(), text: "nul\u{0}".into() }).is_err());
        assert_eq!(clean_body(vec![]), Ok(vec![]), "a post may be its title and summary alone");
    }

    #[test]
    fn a_body_is_bounded_in_blocks_and_bytes() {
        let paragraph = |n: usize| Block::Paragraph { marks: Vec::new(), text: "a".repeat(n) };
        assert_eq!(clean_body(vec![paragraph(1); BLOCKS_MAX]).map(|b| b.len()), Ok(BLOCKS_MAX));
        let over = clean_body(vec![paragraph(1); BLOCKS_MAX + 1]).unwrap_err();
        assert!(over.contains("2000 blocks"), "{over}");
        assert!(clean_body(vec![paragraph(20_000); 50]).is_ok(), "exactly 1 MB");
        let over = clean_body([vec![paragraph(20_000); 50], vec![paragraph(1)]].concat()).unwrap_err();
        assert!(over.contains("1000000 bytes"), "{over}");
        let list = Block::List { marks: Vec::new(), ordered: false, items: vec!["b".repeat(1_000); 1_001] };
        assert!(clean_body(vec![list]).is_err(), "a list's items count too");
    }

    #[test]
    fn direction_controls_are_refused_in_every_field() {
        for c in ['\u{202E}', '\u{2066}'] {
            let err = clean_line("title", &format!("Haber{c}reklam"), 200).unwrap_err();
            assert!(err.contains("title") && err.contains("direction"), "{err}");
            assert!(clean_block(Block::Paragraph { marks: Vec::new(), text: format!("bir {c}iki") }).is_err());
            let quote = Block::Quote { marks: Vec::new(), text: "Söz".into(), cite: Some(format!("{c}Kaynak")) };
            assert!(clean_block(quote).is_err());
        }
        assert!(clean_line("title", "שלום \u{200F}dünya", 200).is_ok(), "a direction mark is not a control");
    }
}
