//! Reads the API's JSON and the page's own data, already parsed by the browser
//! (`Response.json()`, `JSON.parse`), into the shared types with a few `Reflect.get` calls, and
//! writes posted JSON the same way.
//!
//! Why not serde here: serde's derived code (and serde-wasm-bindgen's deserializer) cost 19 KB
//! of brotli'd wasm when measured (docs/architecture.md, Size), which the budget does not have. The shapes are fixed by
//! okur-types and checked against serde's own output in the browser tests (`tests/web.rs`), so
//! the two cannot drift apart.

use js_sys::{Array, Object, Reflect};
use okur_types::browse::{FrontPage, SearchHit, SearchPage, SectionBlock, Shelf, ShelfPage, SnippetPart, StoryLink};
use okur_types::comments::ArticleWithComments;
use okur_types::comments::{Comment, CommentPosted, CommentStatus, NewComment, NotifyReplies, Replies};
use okur_types::desk::Correction;
use okur_types::{Article, ArticleSummary, Block, ErrorBody, ErrorResponse, Image, Mark, MarkKind, Page};
use wasm_bindgen::{JsCast, JsValue};

/// A value that can be read from parsed JSON.
pub trait FromJs: Sized {
    /// Reads the value, or says which field is wrong.
    fn from_js(value: &JsValue) -> Result<Self, String>;
}

/// A field of an object (undefined when missing).
fn get(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A required string field.
fn string(value: &JsValue, name: &str) -> Result<String, String> {
    get(value, name).as_string().ok_or_else(|| format!("`{name}` is not a string"))
}

/// An optional field (missing or null is none), read with `read` when present.
fn optional<T>(
    value: &JsValue,
    name: &str,
    read: impl Fn(&JsValue, &str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    let field = get(value, name);
    if field.is_null() || field.is_undefined() {
        Ok(None)
    } else {
        read(value, name).map(Some)
    }
}

/// An optional string field.
fn opt_string(value: &JsValue, name: &str) -> Result<Option<String>, String> {
    optional(value, name, string)
}

/// A required whole number field within `T`'s range.
fn number<T: TryFrom<i64>>(value: &JsValue, name: &str) -> Result<T, String> {
    get(value, name)
        .as_f64()
        .filter(|n| n.fract() == 0.0)
        .and_then(|n| T::try_from(n as i64).ok())
        .ok_or_else(|| format!("`{name}` is not a whole number in range"))
}

/// A required boolean field.
fn boolean(value: &JsValue, name: &str) -> Result<bool, String> {
    get(value, name).as_bool().ok_or_else(|| format!("`{name}` is not a boolean"))
}

/// A required array field, each item read as `T`.
fn list<T: FromJs>(value: &JsValue, name: &str) -> Result<Vec<T>, String> {
    Vec::from_js(&get(value, name)).map_err(|err| format!("`{name}`: {err}"))
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        let array = value.dyn_ref::<Array>().ok_or("not an array")?;
        array.iter().map(|item| T::from_js(&item)).collect()
    }
}

impl FromJs for JsValue {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(value.clone())
    }
}

impl FromJs for String {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        value.as_string().ok_or_else(|| "not a string".to_owned())
    }
}

impl FromJs for Image {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(Image {
            src: string(value, "src")?,
            alt: string(value, "alt")?,
            width: optional(value, "width", number)?,
            height: optional(value, "height", number)?,
        })
    }
}

impl FromJs for ArticleSummary {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(ArticleSummary {
            slug: string(value, "slug")?,
            title: string(value, "title")?,
            summary: string(value, "summary")?,
            published_at: string(value, "published_at")?,
            updated_at: opt_string(value, "updated_at")?,
            author: string(value, "author")?,
            author_slug: string(value, "author_slug")?,
            category: string(value, "category")?,
            section: string(value, "section")?,
            language: string(value, "language")?,
            comment_count: number(value, "comment_count")?,
            image: optional(value, "image", |v, name| Image::from_js(&get(v, name)))?,
        })
    }
}

/// A block's `marks`, left out when none.
fn marks<T: FromJs>(value: &JsValue) -> Result<Vec<T>, String> {
    Ok(optional(value, "marks", list)?.unwrap_or_default())
}

impl FromJs for Mark {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        let kind = match string(value, "kind")?.as_str() {
            "link" => MarkKind::Link,
            "strong" => MarkKind::Strong,
            "em" => MarkKind::Em,
            other => return Err(format!("unknown mark `{other}`")),
        };
        Ok(Mark { start: number(value, "start")?, end: number(value, "end")?, kind, href: opt_string(value, "href")? })
    }
}

impl FromJs for Block {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(match string(value, "type")?.as_str() {
            "heading" => Block::Heading { text: string(value, "text")? },
            "paragraph" => Block::Paragraph { text: string(value, "text")?, marks: marks(value)? },
            "quote" => {
                Block::Quote { text: string(value, "text")?, cite: opt_string(value, "cite")?, marks: marks(value)? }
            }
            "list" => {
                Block::List { ordered: boolean(value, "ordered")?, items: list(value, "items")?, marks: marks(value)? }
            }
            "image" => {
                let Image { src, alt, width, height } = Image::from_js(value)?;
                Block::Image { src, alt, caption: opt_string(value, "caption")?, width, height }
            }
            other => return Err(format!("unknown block type `{other}`")),
        })
    }
}

impl FromJs for Article {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(Article {
            summary: ArticleSummary::from_js(value)?,
            body: list(value, "body")?,
            comments_open: boolean(value, "comments_open")?,
            picks: optional(value, "picks", list)?.unwrap_or_default(),
            corrections: optional(value, "corrections", list)?.unwrap_or_default(),
        })
    }
}

impl FromJs for Correction {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(Correction { note: string(value, "note")?, at: string(value, "at")? })
    }
}

impl FromJs for ArticleWithComments {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(ArticleWithComments {
            article: Article::from_js(&get(value, "article"))?,
            comments: optional(value, "comments", |v, name| Page::<Comment>::from_js(&get(v, name)))?,
            live_after: optional(value, "live_after", number)?,
            related: optional(value, "related", list)?.unwrap_or_default(),
            most_read: optional(value, "most_read", list)?.unwrap_or_default(),
        })
    }
}

impl FromJs for StoryLink {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(StoryLink { slug: string(value, "slug")?, title: string(value, "title")? })
    }
}

impl FromJs for Shelf {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(Shelf { slug: string(value, "slug")?, name: string(value, "name")?, count: number(value, "count")? })
    }
}

impl FromJs for ShelfPage {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(ShelfPage {
            shelf: Shelf::from_js(&get(value, "shelf"))?,
            items: list(value, "items")?,
            next: opt_string(value, "next")?,
        })
    }
}

impl FromJs for SnippetPart {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(SnippetPart { text: string(value, "text")?, hit: get(value, "hit").as_bool() == Some(true) })
    }
}

impl FromJs for SearchPage {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        let hits: Vec<JsValue> = list(value, "items")?;
        let items = hits
            .iter()
            .map(|hit| Ok(SearchHit { summary: ArticleSummary::from_js(hit)?, snippet: list(hit, "snippet")? }))
            .collect::<Result<_, String>>()?;
        Ok(SearchPage { query: string(value, "query")?, items, next: opt_string(value, "next")? })
    }
}

impl FromJs for FrontPage {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        let blocks: Vec<JsValue> = list(value, "sections")?;
        let sections = blocks
            .iter()
            .map(|b| Ok(SectionBlock { section: Shelf::from_js(&get(b, "section"))?, items: list(b, "items")? }))
            .collect::<Result<_, String>>()?;
        Ok(FrontPage {
            lead: optional(value, "lead", |v, name| ArticleSummary::from_js(&get(v, name)))?,
            sections,
            most_read: list(value, "most_read")?,
            latest: Page::from_js(&get(value, "latest"))?,
        })
    }
}

impl<T: FromJs> FromJs for Page<T> {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(Page {
            items: list(value, "items")?,
            page: number(value, "page")?,
            per_page: number(value, "per_page")?,
            total: number(value, "total")?,
            next: opt_string(value, "next")?,
        })
    }
}

impl FromJs for ErrorResponse {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        let (code, message, fields) = error_body(value).ok_or("`error` is not an error body")?;
        let fields = get(&get(value, "error"), "fields").is_object().then(|| fields.into_iter().collect());
        Ok(ErrorResponse { error: ErrorBody { code, message, fields } })
    }
}

/// An error answer's code, message and messages by field.
pub type ErrorParts = (String, String, Vec<(String, String)>);

/// An error answer's parts (the client's view of an [`ErrorResponse`]: its fields a list, so
/// that the wasm carries no map code).
pub fn error_body(value: &JsValue) -> Option<ErrorParts> {
    let error = get(value, "error");
    let fields = get(&error, "fields");
    let mut list = Vec::new();
    if fields.is_object() {
        for entry in Object::entries(fields.unchecked_ref()).iter() {
            let pair: Array = entry.unchecked_into();
            if let (Some(key), Some(message)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                list.push((key, message));
            }
        }
    }
    Some((string(&error, "code").ok()?, string(&error, "message").ok()?, list))
}

impl FromJs for Comment {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(Comment {
            id: number(value, "id")?,
            parent_id: optional(value, "parent_id", number)?,
            depth: number(value, "depth")?,
            author_name: string(value, "author_name")?,
            body: string(value, "body")?,
            created_at: string(value, "created_at")?,
            more_replies: optional(value, "more_replies", number)?.unwrap_or(0),
            staff: get(value, "staff").as_bool() == Some(true),
            edited_at: opt_string(value, "edited_at")?,
            picked: get(value, "picked").as_bool() == Some(true),
        })
    }
}

impl FromJs for Replies {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        Ok(Replies { items: list(value, "items")?, next: opt_string(value, "next")? })
    }
}

impl FromJs for CommentPosted {
    fn from_js(value: &JsValue) -> Result<Self, String> {
        let status = match string(value, "status")?.as_str() {
            "published" => CommentStatus::Published,
            "pending" => CommentStatus::Pending,
            other => return Err(format!("unknown status `{other}`")),
        };
        Ok(CommentPosted {
            comment: Comment::from_js(&get(value, "comment"))?,
            status,
            edit_token: opt_string(value, "edit_token")?,
            editable_until: opt_string(value, "editable_until")?,
            notify_replies: match opt_string(value, "notify_replies")?.as_deref() {
                Some("active") => Some(NotifyReplies::Active),
                Some("confirmation_sent") => Some(NotifyReplies::ConfirmationSent),
                Some("awaiting_confirmation") => Some(NotifyReplies::AwaitingConfirmation),
                _ => None,
            },
        })
    }
}

/// The JSON text of a comment to post.
pub fn new_comment_json(comment: &NewComment) -> String {
    let object = Object::new();
    let set = |name: &str, value: JsValue| {
        let _ = Reflect::set(&object, &JsValue::from_str(name), &value);
    };
    set("author_name", JsValue::from_str(&comment.author_name));
    set("body", JsValue::from_str(&comment.body));
    if let Some(email) = &comment.author_email {
        set("author_email", JsValue::from_str(email));
    }
    if comment.notify_replies {
        set("notify_replies", JsValue::TRUE);
    }
    if let Some(parent) = comment.parent_id {
        set("parent_id", JsValue::from_f64(parent as f64));
    }
    if let Some(website) = &comment.website {
        set("website", JsValue::from_str(website));
    }
    js_sys::JSON::stringify(&object).map(String::from).unwrap_or_default()
}
