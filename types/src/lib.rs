//! okur's JSON API v1, shared by the server (which sends it) and the front end (which reads it).
//!
//! Every text field is plain text: no HTML ever travels through the API, so whatever is stored
//! can only ever be rendered as text. Links and emphasis inside a block are data beside its text
//! ([`Mark`]), which the components render.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod browse;
pub mod comments;
pub mod desk;
pub mod media;
pub mod moderation;
pub mod text;
pub mod threads;

/// A published comment as the API shows it (never with an email address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    /// Its id, stable.
    pub id: i64,
    /// The comment it answers; none at the top level.
    pub parent_id: Option<i64>,
    /// How deep it sits: 1 at the top level, at most 3 (`comments::MAX_DEPTH`).
    pub depth: u8,
    /// The name the author gave.
    pub author_name: String,
    /// The text, plain, with its line breaks.
    pub body: String,
    /// When it was posted, RFC 3339 in UTC.
    pub created_at: String,
    /// On a top-level comment, how many replies of its thread this answer leaves out (ask for
    /// them with the thread's replies address); zero otherwise.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more_replies: u32,
    /// Written by a moderator, signed in: the page shows the staff badge, which no reader can
    /// take. Left out when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub staff: bool,
    /// When its author last edited it (RFC 3339, UTC); left out when never: the page says
    /// "düzenlendi" / "edited" with this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<String>,
    /// An editor's pick: marked in its thread and shown first, above the threads. Left out when
    /// false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub picked: bool,
}

/// Whether a count is zero (then it is left out of the JSON).
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Whether a flag is off (then it is left out of the JSON).
fn is_false(flag: &bool) -> bool {
    !*flag
}

/// Smallest allowed `per_page`.
pub const PER_PAGE_MIN: u32 = 1;
/// Largest allowed `per_page`.
pub const PER_PAGE_MAX: u32 = 100;
/// `per_page` when the query does not give one.
pub const PER_PAGE_DEFAULT: u32 = 20;

/// An image with its text alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Image {
    /// Where the image is, relative to the site (e.g. `/media/harbour.svg`) or absolute.
    pub src: String,
    /// The text alternative read by screen readers and shown when the image fails.
    pub alt: String,
    /// Its width in pixels, when known (an uploaded image's always is): with `height`, the room
    /// the page keeps for it before it arrives.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_u32_opt")]
    pub width: Option<u32>,
    /// Its height in pixels, when known.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_u32_opt")]
    pub height: Option<u32>,
}

impl Image {
    /// An image whose size is not known.
    pub fn new(src: impl Into<String>, alt: impl Into<String>) -> Self {
        Image { src: src.into(), alt: alt.into(), width: None, height: None }
    }
}

/// An article as it appears in lists: everything but the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleSummary {
    /// The URL name of the article, unique: lowercase letters, digits and hyphens.
    pub slug: String,
    /// The headline.
    pub title: String,
    /// One or two sentences shown in lists and as the page description.
    pub summary: String,
    /// When the article was published, RFC 3339 in UTC (e.g. `2025-12-13T09:30:00Z`).
    pub published_at: String,
    /// When the story itself was last updated, RFC 3339 in UTC, when it was after publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// The byline.
    pub author: String,
    /// The author's URL name: the author's page is `/authors/{author_slug}`.
    pub author_slug: String,
    /// The section of the site (e.g. "Ekonomi").
    pub category: String,
    /// The section's URL name: its page is `/sections/{section}`.
    pub section: String,
    /// The language the article is written in (BCP 47, e.g. `tr`, `en`); the site's when the
    /// article does not say.
    pub language: String,
    /// The number of published comments.
    pub comment_count: u32,
    /// The lead image, when the article has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

/// A whole article: the summary fields plus its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    /// Everything a list shows about the article.
    #[serde(flatten)]
    pub summary: ArticleSummary,
    /// The article text, block by block.
    pub body: Vec<Block>,
    /// Whether readers may comment.
    pub comments_open: bool,
    /// Its editors' picks among the comments, the latest pick first (left out when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub picks: Vec<Comment>,
    /// Its public corrections, the newest first (left out when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
}

/// A public correction of a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Correction {
    /// What was corrected.
    pub note: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// One block of an article body, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A section heading.
    Heading {
        /// The heading text.
        text: String,
    },
    /// A paragraph of running text.
    Paragraph {
        /// The paragraph text, plain.
        text: String,
        /// Its links and emphasis (left out when none).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// A quotation, with its source when known.
    Quote {
        /// The quoted words, plain.
        text: String,
        /// Their links and emphasis (left out when none).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
        /// Who said or wrote them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
    },
    /// A bulleted or numbered list.
    List {
        /// Numbered (`true`) or bulleted (`false`).
        ordered: bool,
        /// The items, each plain text.
        items: Vec<String>,
        /// The items' links and emphasis: `marks[i]` belong to `items[i]` (left out when no item
        /// has any; shorter than `items` when the last ones have none).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Vec<Mark>>,
    },
    /// An image inside the article, with an optional caption.
    Image {
        /// Where the image is.
        src: String,
        /// Its text alternative.
        alt: String,
        /// The caption shown under it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
        /// Its width in pixels, when known (an uploaded image's always is).
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_u32_opt")]
        width: Option<u32>,
        /// Its height in pixels, when known.
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_u32_opt")]
        height: Option<u32>,
    },
}

/// A span of a block's text shown as a link or with emphasis: data, never HTML. `start` and `end`
/// count characters (Unicode scalar values) of the text, `end` excluded. The server keeps marks
/// in order of `start` (the longer first), each inside or apart from another, never across one,
/// and no link inside a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mark {
    /// The first character marked.
    #[serde(deserialize_with = "whole_u32")]
    pub start: u32,
    /// The character after the last one marked.
    #[serde(deserialize_with = "whole_u32")]
    pub end: u32,
    /// What the mark does.
    pub kind: MarkKind,
    /// A link's target, and only a link's: `https://`, `http://`, `mailto:` or a path on this
    /// site (`/…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// Reads a character offset written as a whole number, `12` or `12.0` alike: JSON Schema's
/// integers are both, so a client may send either.
fn whole_u32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = f64::deserialize(d)?;
    if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
        Ok(n as u32)
    } else {
        Err(serde::de::Error::custom(format!("expected a whole number from 0 to {}, not {n}", u32::MAX)))
    }
}

/// Reads an optional whole number (a picture's size) as [`whole_u32`] does; null is none.
fn whole_u32_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match Option::<f64>::deserialize(d)? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(Some(n as u32)),
        Some(n) => Err(serde::de::Error::custom(format!("expected a whole number from 0 to {}, not {n}", u32::MAX))),
    }
}

/// What a [`Mark`] does to its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// A link (`<a>`), with `href`.
    Link,
    /// Strong importance (`<strong>`).
    Strong,
    /// Emphasis (`<em>`).
    Em,
}

/// One page of a longer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size asked for.
    pub per_page: u32,
    /// How many items there are on all pages together.
    pub total: u64,
    /// When more items follow: the cursor to ask for them with (`after=`). Lists page by it with
    /// one index range scan however deep they go; `page` numbers stay for numbered links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// How many pages the whole list has (at least 1, so an empty list still has its page).
    pub fn page_count(&self) -> u32 {
        let per_page = u64::from(self.per_page.max(1));
        let pages = self.total.div_ceil(per_page).max(1);
        u32::try_from(pages).unwrap_or(u32::MAX)
    }
}

/// The answer of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `"ok"` when the server and its database answer.
    pub status: String,
    /// The server's version.
    pub version: String,
}

/// The body of every error answer: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorResponse {
    /// What went wrong.
    pub error: ErrorBody,
}

/// What went wrong, for programs (`code`) and for people (`message`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A stable, machine-readable code such as `not_found` or `bad_request`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// Per-field messages, for input that broke a rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_pictures_size_is_a_whole_number_however_written() {
        let image: Image =
            serde_json::from_value(json!({"src": "/a.jpg", "alt": "A", "width": 960.0, "height": null})).unwrap();
        assert_eq!((image.width, image.height), (Some(960), None));
        assert!(serde_json::from_value::<Image>(json!({"src": "/a.jpg", "alt": "A", "width": 1.5})).is_err());
        assert!(
            serde_json::from_value::<Block>(json!({"type": "image", "src": "/a", "alt": "", "height": -1})).is_err()
        );
        let plain = serde_json::to_value(Image::new("/a.jpg", "A")).unwrap();
        assert_eq!(plain, json!({"src": "/a.jpg", "alt": "A"}), "no size, no fields");
    }

    #[test]
    fn blocks_are_tagged_by_type() {
        let blocks = vec![
            Block::Heading { text: "H".into() },
            Block::Quote { text: "Q".into(), cite: None, marks: Vec::new() },
            Block::List { ordered: true, items: vec!["a".into()], marks: Vec::new() },
            Block::Paragraph {
                text: "Bir bağlantı".into(),
                marks: vec![
                    Mark { start: 4, end: 12, kind: MarkKind::Link, href: Some("https://example.org".into()) },
                    Mark { start: 4, end: 7, kind: MarkKind::Em, href: None },
                ],
            },
            Block::Image {
                src: "/a.svg".into(),
                alt: "A".into(),
                caption: Some("C".into()),
                width: None,
                height: None,
            },
        ];
        assert_eq!(
            serde_json::to_value(&blocks).unwrap(),
            json!([
                {"type": "heading", "text": "H"},
                {"type": "quote", "text": "Q"},
                {"type": "list", "ordered": true, "items": ["a"]},
                {"type": "paragraph", "text": "Bir bağlantı", "marks": [
                    {"start": 4, "end": 12, "kind": "link", "href": "https://example.org"},
                    {"start": 4, "end": 7, "kind": "em"},
                ]},
                {"type": "image", "src": "/a.svg", "alt": "A", "caption": "C"},
            ])
        );
    }

    #[test]
    fn mark_offsets_are_whole_numbers_however_written() {
        let mark: Mark = serde_json::from_value(json!({"start": 2.0, "end": 5, "kind": "em"})).unwrap();
        assert_eq!((mark.start, mark.end), (2, 5));
        for bad in [json!(2.5), json!(-1), json!(5_000_000_000u64), json!("2")] {
            let sent = json!({"start": bad, "end": 5, "kind": "em"});
            assert!(serde_json::from_value::<Mark>(sent).is_err(), "{bad}");
        }
    }

    #[test]
    fn article_flattens_its_summary() {
        let article = Article {
            summary: ArticleSummary {
                slug: "s".into(),
                title: "T".into(),
                summary: "S".into(),
                published_at: "2025-12-13T09:30:00Z".into(),
                updated_at: None,
                author: "A".into(),
                author_slug: "a".into(),
                category: "C".into(),
                section: "c".into(),
                language: "tr".into(),
                comment_count: 2,
                image: None,
            },
            body: vec![Block::Paragraph { text: "P".into(), marks: Vec::new() }],
            comments_open: true,
            picks: Vec::new(),
            corrections: Vec::new(),
        };
        let value = serde_json::to_value(&article).unwrap();
        assert!(value.get("picks").is_none(), "left out when none");
        assert_eq!(value["slug"], "s");
        assert_eq!(value["comment_count"], 2);
        assert!(value.get("image").is_none());
        assert_eq!(value["body"][0]["type"], "paragraph");
        let back: Article = serde_json::from_value(value).unwrap();
        assert_eq!(back, article);
    }

    #[test]
    fn page_count_rounds_up_and_never_hits_zero() {
        let page = |total, per_page| Page::<()> { items: vec![], page: 1, per_page, total, next: None };
        assert_eq!(page(0, 20).page_count(), 1);
        assert_eq!(page(20, 20).page_count(), 1);
        assert_eq!(page(21, 20).page_count(), 2);
        assert_eq!(page(5, 0).page_count(), 5);
    }

    #[test]
    fn error_fields_are_left_out_when_absent() {
        let body = ErrorResponse {
            error: ErrorBody { code: "not_found".into(), message: "No such article.".into(), fields: None },
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"error": {"code": "not_found", "message": "No such article."}})
        );
    }
}
