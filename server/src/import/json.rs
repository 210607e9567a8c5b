//! The JSON import format: the API's `Article`, each field checked as it is read so that an error
//! names its line.

use okur_types::{Block, Image};
use serde::de::{Deserializer, Error as _, SeqAccess, Visitor};
use serde::Deserialize;

use crate::domain::article::{
    check_slug, clean_block, clean_image, clean_language, clean_line, BodySize, NewArticle, AUTHOR, CATEGORY, SUMMARY,
    TITLE,
};
use crate::domain::stamp::normalize_timestamp;
use crate::import::error::ParseError;

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

/// Reads and normalizes an optional time.
fn de_optional_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)?.map(|t| normalize_timestamp(&t)).transpose().map_err(D::Error::custom)
}

/// Reads and checks the optional language.
fn de_language<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)?.map(|tag| clean_language(&tag)).transpose().map_err(D::Error::custom)
}

/// Reads and checks the optional lead image.
fn de_image<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Image>, D::Error> {
    Option::<Image>::deserialize(d)?.map(|image| clean_image(&image)).transpose().map_err(D::Error::custom)
}

/// A body block checked as soon as it is read, so that an error names its line.
struct CheckedBlock(Block);

impl<'de> Deserialize<'de> for CheckedBlock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        clean_block(Block::deserialize(d)?).map(CheckedBlock).map_err(D::Error::custom)
    }
}

/// Reads and checks the body, block by block: reading stops at the block past a limit, with
/// its line, before the rest of a huge body is held.
fn de_body<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Block>, D::Error> {
    struct Blocks;
    impl<'de> Visitor<'de> for Blocks {
        type Value = Vec<Block>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of blocks")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Block>, A::Error> {
            let (mut blocks, mut size) = (Vec::new(), BodySize::default());
            while let Some(CheckedBlock(block)) = seq.next_element()? {
                blocks.push(size.add(block).map_err(A::Error::custom)?);
            }
            Ok(blocks)
        }
    }
    d.deserialize_seq(Blocks)
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
    #[serde(default, deserialize_with = "de_optional_time")]
    updated_at: Option<String>,
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
            updated_at: a.updated_at,
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
