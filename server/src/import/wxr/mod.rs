//! WordPress eXtended RSS (WXR 1.1 and 1.2, as Tools → Export writes it): read as a stream of
//! items by quick-xml, so that memory stays bounded by the largest post, not the file; then
//! mapped to okur's articles and comments (`import`), the HTML by `html`.

pub mod html;
pub mod import;

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

/// Why an export could not be read on.
#[derive(Debug, thiserror::Error)]
pub enum WxrError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The XML is broken at a byte.
    #[error("the XML is broken near byte {position}: {message}")]
    Xml {
        /// Where the reader stopped.
        position: u64,
        /// What it found.
        message: String,
    },
    /// The file ends inside an element: cut off while copying, or still being written.
    #[error("the file ends early, inside <{0}>: is it the whole export?")]
    Truncated(String),
}

/// Whether these first bytes of a file are a WordPress export: an RSS document in the WXR
/// namespace (WordPress.com's exports included).
pub fn is_wxr(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(head);
    head.contains("<rss") && head.contains("wordpress.org/export/")
}

/// An author of the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    /// The login, as items name their author (`dc:creator`).
    pub login: String,
    /// The name shown.
    pub display_name: String,
}

/// What the export says about the site, before its items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Channel {
    /// The site's title.
    pub title: String,
    /// The site's address.
    pub link: String,
    /// The site's language (`tr-TR`).
    pub language: String,
    /// The address WordPress was installed at.
    pub base_site_url: String,
    /// The authors.
    pub authors: Vec<Author>,
}

/// A category or tag of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Category {
    /// `category` or `post_tag`.
    pub domain: String,
    /// The name shown.
    pub name: String,
}

/// One comment of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WxrComment {
    /// WordPress's id of the comment.
    pub id: i64,
    /// The name given.
    pub author: String,
    /// The address given.
    pub author_email: String,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub date: String,
    /// UTC, the same way (or zeros).
    pub date_gmt: String,
    /// The text, HTML.
    pub content: String,
    /// `1`, `0`, `spam` or `trash`.
    pub approved: String,
    /// Empty or `comment` for a comment; `pingback`, `trackback`, …
    pub comment_type: String,
    /// The comment it answers; 0 for none.
    pub parent: i64,
}

/// One item of the export: a post, page, attachment, menu item, …
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// The title.
    pub title: String,
    /// The address it was published at.
    pub link: String,
    /// Its permanent id, usually `https://site/?p=ID`.
    pub guid: String,
    /// The author's login.
    pub creator: String,
    /// The body, HTML.
    pub content: String,
    /// The excerpt, HTML, often empty.
    pub excerpt: String,
    /// WordPress's id.
    pub post_id: i64,
    /// Local time of publication.
    pub post_date: String,
    /// UTC time of publication (zeros for drafts).
    pub post_date_gmt: String,
    /// `wp:post_modified_gmt`: when the post was last changed, UTC (WordPress writes zeros for never).
    pub post_modified_gmt: String,
    /// The URL name, percent-encoded when not ASCII.
    pub post_name: String,
    /// `publish`, `future`, `draft`, `pending`, `private`, `trash`, …
    pub status: String,
    /// `post`, `page`, `attachment`, `nav_menu_item`, …
    pub post_type: String,
    /// Whether comments are open (`open`/`closed`).
    pub comment_status: String,
    /// An attachment's file address.
    pub attachment_url: String,
    /// Categories and tags.
    pub categories: Vec<Category>,
    /// Custom fields, such as `_thumbnail_id`.
    pub meta: Vec<(String, String)>,
    /// The comments.
    pub comments: Vec<WxrComment>,
}

impl Item {
    /// A custom field's value.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Reads an export item by item.
pub struct WxrReader<R: BufRead> {
    xml: quick_xml::Reader<R>,
    buf: Vec<u8>,
    /// Open elements, by their names as written (`wp:comment`).
    open: Vec<String>,
    text: String,
    channel: Channel,
}

impl<R: BufRead> WxrReader<R> {
    /// A reader of `source`.
    pub fn new(source: R) -> Self {
        let mut xml = quick_xml::Reader::from_reader(source);
        xml.config_mut().check_end_names = true;
        WxrReader { xml, buf: Vec::new(), open: Vec::new(), text: String::new(), channel: Channel::default() }
    }

    /// What the channel said before the items read so far.
    pub fn channel(&self) -> &Channel {
        &self.channel
    }

    /// How far into the file the reader is, in bytes.
    pub fn position(&self) -> u64 {
        self.xml.buffer_position()
    }

    /// The next item; none at the end of the document.
    pub fn next_item(&mut self) -> Result<Option<Item>, WxrError> {
        let mut item: Option<Item> = None;
        let mut comment: Option<WxrComment> = None;
        let mut meta: Option<(String, String)> = None;
        let mut author: Option<Author> = None;
        let mut category = Category::default();
        loop {
            self.buf.clear();
            let event = self
                .xml
                .read_event_into(&mut self.buf)
                .map_err(|err| WxrError::Xml { position: self.xml.error_position(), message: err.to_string() })?;
            // Start and End of an empty element (`<wp:comment_author_email/>`) alike.
            let (start, end): (Option<BytesStart<'_>>, bool) = match event {
                Event::Start(e) => (Some(e.into_owned()), false),
                Event::Empty(e) => (Some(e.into_owned()), true),
                Event::End(_) => (None, true),
                Event::Text(t) => {
                    self.text.push_str(&t.xml10_content());
                    continue;
                }
                Event::CData(t) => {
                    self.text.push_str(&t.xml10_content());
                    continue;
                }
                Event::GeneralRef(r) => {
                    let name: &str = &r;
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => self.text.push(c),
                        _ => match quick_xml::escape::resolve_predefined_entity(name) {
                            Some(text) => self.text.push_str(text),
                            None => {
                                self.text.push('&');
                                self.text.push_str(name);
                                self.text.push(';');
                            }
                        },
                    }
                    continue;
                }
                Event::Eof => {
                    return match self.open.last() {
                        Some(open) => Err(WxrError::Truncated(open.clone())),
                        None => Ok(None),
                    };
                }
                _ => continue,
            };
            if let Some(start) = start {
                let name = start.name().as_ref().to_owned();
                self.text.clear();
                match name.as_str() {
                    "item" => item = Some(Item::default()),
                    "wp:comment" if item.is_some() => comment = Some(WxrComment::default()),
                    "wp:postmeta" if item.is_some() => meta = Some(Default::default()),
                    "wp:author" if item.is_none() => author = Some(Author::default()),
                    "category" if item.is_some() => {
                        category =
                            Category { domain: attribute(&start, "domain").unwrap_or_default(), name: String::new() };
                    }
                    _ => {}
                }
                self.open.push(name);
            }
            if !end {
                continue;
            }
            let Some(name) = self.open.pop() else { continue };
            let value = std::mem::take(&mut self.text);
            if let Some(c) = comment.as_mut() {
                match name.as_str() {
                    "wp:comment" => {
                        if let (Some(item), Some(c)) = (item.as_mut(), comment.take()) {
                            item.comments.push(c);
                        }
                    }
                    "wp:comment_id" => c.id = value.trim().parse().unwrap_or(0),
                    "wp:comment_author" => c.author = value,
                    "wp:comment_author_email" => c.author_email = value,
                    "wp:comment_date" => c.date = value,
                    "wp:comment_date_gmt" => c.date_gmt = value,
                    "wp:comment_content" => c.content = value,
                    "wp:comment_approved" => c.approved = value.trim().to_owned(),
                    "wp:comment_type" => c.comment_type = value.trim().to_owned(),
                    "wp:comment_parent" => c.parent = value.trim().parse().unwrap_or(0),
                    _ => {}
                }
                continue;
            }
            if let Some(m) = meta.as_mut() {
                match name.as_str() {
                    "wp:meta_key" => m.0 = value,
                    "wp:meta_value" => m.1 = value,
                    "wp:postmeta" => {
                        if let (Some(item), Some(m)) = (item.as_mut(), meta.take()) {
                            item.meta.push(m);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if let Some(it) = item.as_mut() {
                match name.as_str() {
                    "item" => return Ok(item),
                    "title" => it.title = value,
                    "link" => it.link = value.trim().to_owned(),
                    "guid" => it.guid = value.trim().to_owned(),
                    "dc:creator" => it.creator = value.trim().to_owned(),
                    "content:encoded" => it.content = value,
                    "excerpt:encoded" => it.excerpt = value,
                    "wp:post_id" => it.post_id = value.trim().parse().unwrap_or(0),
                    "wp:post_date" => it.post_date = value.trim().to_owned(),
                    "wp:post_date_gmt" => it.post_date_gmt = value.trim().to_owned(),
                    "wp:post_modified_gmt" => it.post_modified_gmt = value.trim().to_owned(),
                    "wp:post_name" => it.post_name = value.trim().to_owned(),
                    "wp:status" => it.status = value.trim().to_owned(),
                    "wp:post_type" => it.post_type = value.trim().to_owned(),
                    "wp:comment_status" => it.comment_status = value.trim().to_owned(),
                    "wp:attachment_url" => it.attachment_url = value.trim().to_owned(),
                    "category" => {
                        let mut done = std::mem::take(&mut category);
                        done.name = value.trim().to_owned();
                        it.categories.push(done);
                    }
                    _ => {}
                }
                continue;
            }
            if let Some(a) = author.as_mut() {
                match name.as_str() {
                    "wp:author_login" => a.login = value.trim().to_owned(),
                    "wp:author_display_name" => a.display_name = value.trim().to_owned(),
                    "wp:author" => self.channel.authors.extend(author.take()),
                    _ => {}
                }
                continue;
            }
            // Channel fields: only those directly under <channel>.
            if self.open.last().map(String::as_str) == Some("channel") {
                match name.as_str() {
                    "title" => self.channel.title = value.trim().to_owned(),
                    "link" => self.channel.link = value.trim().to_owned(),
                    "language" => self.channel.language = value.trim().to_owned(),
                    "wp:base_site_url" => self.channel.base_site_url = value.trim().to_owned(),
                    _ => {}
                }
            }
        }
    }
}

/// An attribute's value, unescaped.
fn attribute(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}
