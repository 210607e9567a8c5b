//! Article content rules, shared by every way an article gets in: the checks every field must
//! pass, timestamps, and the JSON import format. Markdown lives in [`crate::markdown`].

use okur_types::{Block, Image};
use serde::de::{Deserializer, Error as _};
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::store::NewArticle;

/// A file that cannot be imported, with the line where the trouble is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// The 1-based line of the file.
    pub line: usize,
    /// What is wrong, for people.
    pub message: String,
}

impl ParseError {
    /// An error at this line.
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        ParseError { line, message: message.into() }
    }
}

/// Longest slug, in characters.
const SLUG_MAX: usize = 100;
/// Longest body text block (paragraph or quote), in characters.
const LONG_TEXT_MAX: usize = 20_000;
/// Longest image address.
const SRC_MAX: usize = 500;

/// How stored timestamps look: UTC with a trailing `Z`, so that they sort as text.
const STORED_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// A moment as the store keeps it: UTC, whole seconds. Written (`Display`) as
/// `YYYY-MM-DDTHH:MM:SSZ`, which sorts as text on both databases; computed with as a time, never
/// by reading its own text back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(OffsetDateTime);

impl Stamp {
    /// Now.
    pub fn now() -> Self {
        Stamp(OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc()))
    }

    /// This moment, `span` earlier.
    pub fn before(self, span: time::Duration) -> Self {
        Stamp(self.0 - span)
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format_stored(self.0))
    }
}

/// Formats a moment as the store writes timestamps.
fn format_stored(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC).format(STORED_FORMAT).unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// Reads an RFC 3339 timestamp (any offset) or a plain `YYYY-MM-DD` date (midnight UTC) and
/// writes it the stored way.
pub fn normalize_timestamp(value: &str) -> Result<String, String> {
    let value = value.trim();
    if let Ok(at) = OffsetDateTime::parse(value, &Rfc3339) {
        return Ok(format_stored(at));
    }
    if let Ok(date) = Date::parse(value, format_description!("[year]-[month]-[day]")) {
        return Ok(format_stored(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc()));
    }
    Err(format!("{value:?} is not a date: use RFC 3339 (2025-12-13T09:30:00+03:00) or 2025-12-13"))
}

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
    Ok(value.to_owned())
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

/// Checks an image and its text alternative.
pub fn clean_image(src: &str, alt: &str) -> Result<Image, String> {
    Ok(Image { src: clean_src(src)?, alt: clean_line("image alt text", alt, 300)? })
}

/// Checks one body block and returns it with its text trimmed.
pub fn clean_block(block: Block) -> Result<Block, String> {
    Ok(match block {
        Block::Heading { text } => Block::Heading { text: clean_line("heading", &text, 200)? },
        Block::Paragraph { text } => Block::Paragraph { text: clean_text("paragraph", &text)? },
        Block::Quote { text, cite } => Block::Quote {
            text: clean_text("quote", &text)?,
            cite: cite.map(|c| clean_line("quote source", &c, 200)).transpose()?,
        },
        Block::List { ordered, items } => {
            if items.is_empty() {
                return Err("a list needs at least one item".to_owned());
            }
            let items = items.iter().map(|i| clean_line("list item", i, 1_000)).collect::<Result<_, _>>()?;
            Block::List { ordered, items }
        }
        Block::Image { src, alt, caption } => {
            let image = clean_image(&src, &alt)?;
            Block::Image {
                src: image.src,
                alt: image.alt,
                caption: caption.map(|c| clean_line("caption", &c, 300)).transpose()?,
            }
        }
    })
}

/// Checks a whole body: at least one block, each valid.
pub fn clean_body(body: Vec<Block>) -> Result<Vec<Block>, String> {
    if body.is_empty() {
        return Err("the body needs at least one block".to_owned());
    }
    body.into_iter().map(clean_block).collect()
}

/// Limits of the one-line article fields: (name, longest).
pub const TITLE: (&str, usize) = ("title", 200);
/// See [`TITLE`].
pub const SUMMARY: (&str, usize) = ("summary", 500);
/// See [`TITLE`].
pub const AUTHOR: (&str, usize) = ("author", 100);
/// See [`TITLE`].
pub const CATEGORY: (&str, usize) = ("category", 60);

/// Builds a `deserialize_with` function that checks a one-line field as it is read, so that
/// serde_json reports the line of a bad value.
macro_rules! line_field {
    ($name:ident, $limits:expr) => {
        fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
            let (field, max) = $limits;
            clean_line(field, &String::deserialize(d)?, max).map_err(D::Error::custom)
        }
    };
}
line_field!(de_title, TITLE);
line_field!(de_summary, SUMMARY);
line_field!(de_author, AUTHOR);
line_field!(de_category, CATEGORY);

/// Reads and checks a slug.
fn de_slug<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let slug = String::deserialize(d)?;
    check_slug(&slug).map_err(D::Error::custom)?;
    Ok(slug)
}

/// Reads a timestamp and normalizes it.
fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    normalize_timestamp(&String::deserialize(d)?).map_err(D::Error::custom)
}

/// Reads and checks the optional language.
fn de_language<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)?.map(|tag| clean_language(&tag)).transpose().map_err(D::Error::custom)
}

/// Reads and checks the optional lead image.
fn de_image<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Image>, D::Error> {
    Option::<Image>::deserialize(d)?
        .map(|image| clean_image(&image.src, &image.alt))
        .transpose()
        .map_err(D::Error::custom)
}

/// A body block checked as soon as it is read, so that an error names its line.
struct CheckedBlock(Block);

impl<'de> Deserialize<'de> for CheckedBlock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        clean_block(Block::deserialize(d)?).map(CheckedBlock).map_err(D::Error::custom)
    }
}

/// Reads and checks the body.
fn de_body<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Block>, D::Error> {
    let blocks = Vec::<CheckedBlock>::deserialize(d)?;
    clean_body(blocks.into_iter().map(|b| b.0).collect()).map_err(D::Error::custom)
}

/// The JSON import format: the API's Article, where `comment_count` (derived) is ignored.
#[derive(Deserialize)]
struct JsonArticle {
    #[serde(deserialize_with = "de_slug")]
    slug: String,
    #[serde(deserialize_with = "de_title")]
    title: String,
    #[serde(deserialize_with = "de_summary")]
    summary: String,
    #[serde(deserialize_with = "de_time")]
    published_at: String,
    #[serde(deserialize_with = "de_author")]
    author: String,
    #[serde(deserialize_with = "de_category")]
    category: String,
    #[serde(default, deserialize_with = "de_language")]
    language: Option<String>,
    #[serde(default, deserialize_with = "de_image")]
    image: Option<Image>,
    #[serde(deserialize_with = "de_body")]
    body: Vec<Block>,
    #[serde(default = "open_by_default")]
    comments_open: bool,
}

/// Comments are open unless an article says otherwise.
fn open_by_default() -> bool {
    true
}

impl From<JsonArticle> for NewArticle {
    fn from(a: JsonArticle) -> Self {
        NewArticle {
            slug: a.slug,
            title: a.title,
            summary: a.summary,
            published_at: a.published_at,
            author: a.author,
            category: a.category,
            language: a.language,
            image: a.image,
            body: a.body,
            comments_open: a.comments_open,
        }
    }
}

/// Parses a JSON file: one article object, or an array of them.
pub fn parse_json(text: &str) -> Result<Vec<NewArticle>, ParseError> {
    let as_error = |err: serde_json::Error| {
        let message = err.to_string();
        // serde_json appends " at line L column C"; the line is reported on its own.
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_owned();
        ParseError::new(err.line().max(1), message)
    };
    let articles: Vec<JsonArticle> = if text.trim_start().starts_with('[') {
        serde_json::from_str(text).map_err(as_error)?
    } else {
        vec![serde_json::from_str(text).map_err(as_error)?]
    };
    if articles.is_empty() {
        return Err(ParseError::new(1, "the file holds no article"));
    }
    let articles: Vec<NewArticle> = articles.into_iter().map(NewArticle::from).collect();
    reject_duplicate_slugs(&articles)?;
    Ok(articles)
}

/// One file may not hold the same slug twice: which one should win would be a guess.
fn reject_duplicate_slugs(articles: &[NewArticle]) -> Result<(), ParseError> {
    let mut seen = std::collections::HashSet::new();
    match articles.iter().find(|a| !seen.insert(a.slug.as_str())) {
        Some(dup) => Err(ParseError::new(1, format!("slug {:?} appears more than once in this file", dup.slug))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_normalized_to_utc() {
        assert_eq!(normalize_timestamp("2025-12-13T09:30:00+03:00").unwrap(), "2025-12-13T06:30:00Z");
        assert_eq!(normalize_timestamp("2025-12-13T06:30:00.250Z").unwrap(), "2025-12-13T06:30:00Z");
        assert_eq!(normalize_timestamp("2025-12-13").unwrap(), "2025-12-13T00:00:00Z");
        assert!(normalize_timestamp("13.12.2025").is_err());
        assert!(normalize_timestamp("2025-02-30").is_err());
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
        let block = clean_block(Block::List { ordered: false, items: vec![" a ".into()] }).unwrap();
        assert_eq!(block, Block::List { ordered: false, items: vec!["a".into()] });
        assert!(clean_block(Block::List { ordered: false, items: vec![] }).is_err());
        assert!(clean_block(Block::Heading { text: "two\nlines".into() }).is_err());
        assert!(clean_block(Block::Paragraph { text: "two\nlines".into() }).is_ok());
        assert!(clean_block(Block::Paragraph { text: "nul\u{0}".into() }).is_err());
        assert!(clean_body(vec![]).is_err());
    }

    const GOOD: &str = r#"{
  "slug": "ornek",
  "title": "Örnek",
  "summary": "Kısa.",
  "published_at": "2025-12-13T09:30:00+03:00",
  "author": "Ayşe",
  "category": "Gündem",
  "comment_count": 99,
  "body": [{"type": "paragraph", "text": "Metin."}]
}"#;

    #[test]
    fn json_article_is_read_with_defaults() {
        let articles = parse_json(GOOD).unwrap();
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].published_at, "2025-12-13T06:30:00Z");
        assert!(articles[0].comments_open);
        assert!(articles[0].image.is_none());
    }

    #[test]
    fn json_errors_name_the_line() {
        let bad_date = GOOD.replace("2025-12-13T09:30:00+03:00", "yesterday");
        let err = parse_json(&bad_date).unwrap_err();
        assert_eq!(err.line, 5);
        assert!(err.message.contains("is not a date"), "{err}");

        let bad_block = GOOD.replace(r#""type": "paragraph""#, r#""type": "video""#);
        assert_eq!(parse_json(&bad_block).unwrap_err().line, 9);

        let missing = GOOD.replace(r#""title": "Örnek","#, "");
        assert!(parse_json(&missing).unwrap_err().message.contains("missing field `title`"));

        let html_src = GOOD.replace(
            r#"{"type": "paragraph", "text": "Metin."}"#,
            r#"{"type": "image", "src": "javascript:alert(1)", "alt": "x"}"#,
        );
        assert_eq!(parse_json(&html_src).unwrap_err().line, 9);
    }

    #[test]
    fn json_arrays_may_not_repeat_a_slug() {
        let twice = format!("[{GOOD}, {GOOD}]");
        assert!(parse_json(&twice).unwrap_err().message.contains("more than once"));
        assert_eq!(parse_json("[]").unwrap_err().line, 1);
    }
}
