//! `okur import export.xml`: a WordPress export into okur, post by post. Two streaming passes:
//! the first counts what there is to do and notes the attachments (for featured images) and the
//! site's time offset; the second maps each post and stores it with its comments and old links
//! in one transaction of its own, so one bad post is reported and the rest still land.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufReader, IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use okur_types::comments::{check_body, check_name};
use okur_types::Image;
use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};
use time::macros::format_description;
use time::{PrimitiveDateTime, UtcOffset};

use super::html::{convert, plain_text, Drops, Images};
use super::{Item, WxrComment, WxrError, WxrReader};
use crate::domain::article::NewArticle;
use crate::domain::article::{clean_body, clean_language, clean_line, AUTHOR, CATEGORY, SUMMARY, TITLE};
use crate::domain::marks::realign;
use crate::domain::text::{clip, one_line, slugify};
use crate::import::media::MediaDir;
use crate::store::{CommentState, ImportedComment, ImportedPost, PostSaved, Store};
use okur_types::Block;

/// What an import did, for its report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Posts new to okur.
    pub posts_imported: u32,
    /// Posts okur had, changed since.
    pub posts_updated: u32,
    /// Posts okur had, unchanged.
    pub posts_unchanged: u32,
    /// Items not imported, by reason (`draft`, `page`, …).
    pub posts_skipped: BTreeMap<String, u32>,
    /// Posts that could not be imported.
    pub posts_failed: u32,
    /// Posts imported without a title, under a stand-in the editor can change.
    pub posts_untitled: u32,
    /// Comments new to okur, published.
    pub comments_imported: u32,
    /// Comments new to okur, held for moderation.
    pub comments_held: u32,
    /// Comments okur had already.
    pub comments_existing: u32,
    /// Comments not imported, by reason (`spam`, `pingback`, …).
    pub comments_skipped: BTreeMap<String, u32>,
    /// What the posts' HTML lost, by kind.
    pub dropped: Drops,
    /// Every problem, with the post's title.
    pub problems: Vec<String>,
    /// Why reading stopped early, if it did.
    pub stopped: Option<String>,
}

impl Report {
    /// Whether anything failed (then `okur import` exits with 1).
    pub fn failed(&self) -> bool {
        self.posts_failed > 0 || self.stopped.is_some()
    }

    /// The report as the command prints it.
    pub fn text(&self) -> String {
        let by_reason = |map: &BTreeMap<String, u32>| {
            if map.is_empty() {
                return "none".to_owned();
            }
            map.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", ")
        };
        let mut out = format!(
            "posts: {} imported, {} updated, {} unchanged, {} failed, {} untitled; skipped: {}\n\
             comments: {} imported, {} held for moderation, {} already there; skipped: {}\n\
             dropped or kept as text: {}\n",
            self.posts_imported,
            self.posts_updated,
            self.posts_unchanged,
            self.posts_failed,
            self.posts_untitled,
            by_reason(&self.posts_skipped),
            self.comments_imported,
            self.comments_held,
            self.comments_existing,
            by_reason(&self.comments_skipped),
            by_reason(&self.dropped),
        );
        for problem in &self.problems {
            out.push_str(&format!("  {}\n", okur_types::text::terminal_safe(problem)));
        }
        if let Some(stopped) = &self.stopped {
            out.push_str(&format!("stopped: {stopped}\n"));
        }
        out
    }
}

/// What the first pass learns.
#[derive(Debug, Default)]
struct Survey {
    posts: u64,
    comments: u64,
    /// Attachment id → (address, text alternative).
    attachments: HashMap<i64, (String, String)>,
    offset: Option<UtcOffset>,
}

/// The site's context for mapping items.
#[derive(Debug, Clone)]
pub struct Site {
    /// Author login → name shown.
    pub authors: HashMap<String, String>,
    /// The site's language tag, if it names a valid one.
    pub language: Option<String>,
    /// Where images may come from.
    pub images: Images,
    /// The site's offset from UTC, for local times.
    pub offset: UtcOffset,
    /// Attachment id → (address, text alternative).
    pub attachments: HashMap<i64, (String, String)>,
    /// The site's key: its posts' ids are its own.
    pub key: String,
}

/// Imports a WordPress export, with `media` the pictures its posts name from that folder; the
/// report says what happened (an unreadable file is an error).
pub async fn import_wxr(store: &Store, path: &Path, mut media: Option<&mut MediaDir>) -> Result<Report, WxrError> {
    let open = || -> Result<WxrReader<BufReader<std::fs::File>>, WxrError> {
        Ok(WxrReader::new(BufReader::with_capacity(1 << 16, std::fs::File::open(path)?)))
    };
    let mut report = Report::default();
    let mut survey = survey(open()?);
    let mut reader = open()?;
    let progress = Progress::new(survey.posts, survey.comments);
    let mut site: Option<Site> = None;
    loop {
        let item = match reader.next_item() {
            Ok(Some(item)) => item,
            Ok(None) => break,
            Err(err) => {
                report.stopped.get_or_insert_with(|| err.to_string());
                break;
            }
        };
        let site = site.get_or_insert_with(|| site_of(reader.channel(), &mut survey));
        if let Some(reason) = skip_reason(&item) {
            *report.posts_skipped.entry(reason).or_default() += 1;
            continue;
        }
        let comments = item.comments.len() as u64;
        let title = item.title.trim().to_owned();
        match map_post(&item, site) {
            Err(problem) => {
                report.posts_failed += 1;
                report.problems.push(format!("{}: not imported: {problem}", name_of(&title, item.post_id)));
            }
            Ok(mut mapped) => {
                if let Some(media) = media.as_deref_mut() {
                    match media.place(store, &mut mapped.post.article).await {
                        Ok(problems) => mapped.problems.extend(problems),
                        Err(err) => mapped.problems.push(format!("pictures not made uploads: {err}")),
                    }
                    // The uploads' names are the post's content now: a post imported before
                    // with the old addresses is updated to name them.
                    mapped.post.hash = post_hash(&mapped.post.article);
                }
                for (kind, n) in &mapped.drops {
                    *report.dropped.entry(kind.clone()).or_default() += n;
                    report.problems.push(format!("{}: {kind} ×{n}", name_of(&title, item.post_id)));
                }
                for (reason, n) in &mapped.skipped {
                    *report.comments_skipped.entry(reason.clone()).or_default() += n;
                }
                for problem in &mapped.problems {
                    report.problems.push(format!("{}: {problem}", name_of(&title, item.post_id)));
                }
                if mapped.untitled {
                    report.posts_untitled += 1;
                    let stand_in = &mapped.post.article.title;
                    report
                        .problems
                        .push(format!("{}: no title: imported as {stand_in:?}", name_of(&title, item.post_id)));
                }
                match store.import_post(&mapped.post).await {
                    Ok(saved) => {
                        match saved.article {
                            PostSaved::Created => report.posts_imported += 1,
                            PostSaved::Updated => report.posts_updated += 1,
                            PostSaved::Unchanged => report.posts_unchanged += 1,
                        }
                        report.comments_imported += saved.comments_published;
                        report.comments_held += saved.comments_held;
                        report.comments_existing += saved.comments_existing;
                    }
                    Err(err) => {
                        tracing::error!(error = %err, post = item.post_id, "import failed");
                        report.posts_failed += 1;
                        report.problems.push(format!("{}: not imported: {err}", name_of(&title, item.post_id)));
                    }
                }
            }
        }
        progress.advance(1, comments);
    }
    progress.finish();
    Ok(report)
}

/// A post's content as its hash: an import of a post unchanged since is left alone.
fn post_hash(article: &NewArticle) -> String {
    format!("{:x}", Sha256::digest(format!("{article:?}").as_bytes()))
}

/// A post's name in the report.
fn name_of(title: &str, id: i64) -> String {
    if title.is_empty() {
        format!("post {id}")
    } else {
        format!("\"{title}\" (post {id})")
    }
}

/// The first pass: counts, attachments and the site's offset. A broken file is reported by the
/// second pass, which imports what comes before the break.
fn survey(mut reader: WxrReader<BufReader<std::fs::File>>) -> Survey {
    let mut survey = Survey::default();
    while let Ok(Some(item)) = reader.next_item() {
        if item.post_type == "attachment" && !item.attachment_url.is_empty() {
            let alt = item.meta("_wp_attachment_image_alt").unwrap_or_default().trim().to_owned();
            survey.attachments.insert(item.post_id, (item.attachment_url.clone(), alt));
        }
        if survey.offset.is_none() {
            survey.offset = offset_of(&item.post_date, &item.post_date_gmt);
        }
        if skip_reason(&item).is_none() {
            survey.posts += 1;
            survey.comments += item.comments.len() as u64;
        }
    }
    survey
}

/// The context of the channel's items.
fn site_of(channel: &super::Channel, survey: &mut Survey) -> Site {
    let base = if channel.link.is_empty() { &channel.base_site_url } else { &channel.link };
    let host = base.contains("://").then(|| host_and_path(base).0).filter(|h| !h.is_empty());
    Site {
        authors: channel
            .authors
            .iter()
            .map(|a| {
                (a.login.clone(), if a.display_name.is_empty() { a.login.clone() } else { a.display_name.clone() })
            })
            .collect(),
        language: clean_language(&channel.language).ok(),
        images: Images { host },
        offset: survey.offset.unwrap_or(UtcOffset::UTC),
        attachments: std::mem::take(&mut survey.attachments),
        key: site_key(&channel.base_site_url, &channel.link),
    }
}

/// A site's key, from its `wp:base_site_url` (else the channel's link): the address without
/// its scheme or a trailing slash, the host in lowercase (`https://Haber.example/blog/` →
/// `haber.example/blog`), so that an export over http and one over https are the same site.
pub fn site_key(base_site_url: &str, link: &str) -> String {
    let base = if base_site_url.trim().is_empty() { link } else { base_site_url }.trim();
    match host_and_path(base) {
        (host, "") => host,
        (host, path) => format!("{host}/{path}"),
    }
}

/// An address's host, in lowercase, and its path without the slashes around it; the scheme,
/// query and fragment left out.
fn host_and_path(address: &str) -> (String, &str) {
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    (host.to_ascii_lowercase(), path.trim_end_matches('/'))
}

/// Why an item is not imported as a post, if it is not: its type or its status.
pub fn skip_reason(item: &Item) -> Option<String> {
    if item.post_type != "post" {
        let kind = if item.post_type.is_empty() { "item without a type" } else { item.post_type.as_str() };
        return Some(kind.to_owned());
    }
    match item.status.as_str() {
        "publish" | "future" => None,
        "" => Some("post without a status".to_owned()),
        other => Some(other.to_owned()),
    }
}

/// A post mapped to okur, with what the mapping left out.
#[derive(Debug)]
pub struct Mapped {
    /// What the store writes.
    pub post: ImportedPost,
    /// What the HTML lost.
    pub drops: Drops,
    /// Comments left out, by reason.
    pub skipped: BTreeMap<String, u32>,
    /// Problems worth a line in the report.
    pub problems: Vec<String>,
    /// Whether it had no title and was given a stand-in.
    pub untitled: bool,
}

/// Maps one post; why not, when it cannot be imported.
pub fn map_post(item: &Item, site: &Site) -> Result<Mapped, String> {
    if item.post_id <= 0 {
        return Err("it has no wp:post_id".to_owned());
    }
    let mut drops = Drops::new();
    // WordPress allows a post without a title: it gets one the editor can change, and its
    // address comes from its name or its id, never from the stand-in.
    let given = scrub(&plain_text(&item.title), false, &mut drops).trim().to_owned();
    let untitled = given.is_empty();
    let stand_in =
        if site.language.as_deref().is_some_and(|l| l.starts_with("tr")) { "(Başlıksız)" } else { "(Untitled)" };
    let title = clean_line(TITLE.0, &clip(if untitled { stand_in } else { &given }, TITLE.1), TITLE.1)?;
    let published_at = time_of(&item.post_date_gmt, &item.post_date, site.offset)
        .ok_or_else(|| format!("its date {:?} cannot be read", item.post_date))?;
    let converted = convert(&item.content, &site.images, &title);
    for (kind, n) in converted.drops {
        *drops.entry(kind).or_default() += n;
    }
    let blocks = converted.blocks.into_iter().filter_map(|block| scrub_block(block, &mut drops)).collect();
    let body = clean_body(blocks).map_err(|err| format!("its content: {err}"))?;
    let excerpt = one_line(&scrub(&plain_text(&item.excerpt), false, &mut drops));
    let summary = if excerpt.is_empty() {
        body.iter()
            .find_map(|b| match b {
                okur_types::Block::Paragraph { text, .. } => Some(one_line(text)),
                _ => None,
            })
            .unwrap_or_else(|| title.clone())
    } else {
        excerpt
    };
    let summary = clean_line(SUMMARY.0, &clip(&summary, SUMMARY.1), SUMMARY.1)?;
    let author = site.authors.get(&item.creator).cloned().unwrap_or_else(|| item.creator.clone());
    let author = scrub(&author, false, &mut drops);
    let author = clean_line(AUTHOR.0, &clip(&author, AUTHOR.1), AUTHOR.1).unwrap_or_else(|_| "—".to_owned());
    let category = item
        .categories
        .iter()
        .find(|c| c.domain == "category" && !c.name.trim().is_empty())
        .map(|c| scrub(&plain_text(&c.name), false, &mut drops))
        .unwrap_or_else(|| {
            if site.language.as_deref().is_some_and(|l| l.starts_with("tr")) { "Genel" } else { "General" }.to_owned()
        });
    let category = clean_line(CATEGORY.0, &clip(&category, CATEGORY.1), CATEGORY.1)?;
    let mut problems = Vec::new();
    let image = item.meta("_thumbnail_id").and_then(|id| id.trim().parse::<i64>().ok()).and_then(|id| {
        let (url, alt) = site.attachments.get(&id)?;
        match site.images.address(url) {
            Some(src) => {
                let alt = if alt.is_empty() { title.clone() } else { clip(alt, 300) };
                Some(Image::new(src, alt))
            }
            None => {
                problems.push(format!("featured image {url} is not on https or this site: left out"));
                None
            }
        }
    });
    let article = NewArticle {
        slug: slug_of(&item.post_name, &given, item.post_id),
        title,
        summary,
        updated_at: local_time(&item.post_modified_gmt)
            .and_then(|_| time_of(&item.post_modified_gmt, "", site.offset))
            .filter(|modified| *modified > published_at),
        published_at,
        author,
        category,
        language: site.language.clone(),
        image,
        body,
        comments_open: item.comment_status != "closed",
    };
    let hash = post_hash(&article);
    let mut links = Vec::new();
    for address in [item.link.as_str(), item.guid.as_str()] {
        if let Some(key) = address_key(address) {
            links.push(key);
        }
    }
    links.push(format!("?p={}", item.post_id));
    links.sort();
    links.dedup();
    let mut skipped = BTreeMap::new();
    let mut comments = Vec::new();
    for comment in &item.comments {
        match map_comment(comment, site.offset) {
            Ok(c) => comments.push(c),
            Err(reason) => *skipped.entry(reason).or_default() += 1,
        }
    }
    Ok(Mapped {
        post: ImportedPost { wp_site: site.key.clone(), wp_id: item.post_id, article, hash, links, comments },
        drops,
        skipped,
        problems,
        untitled,
    })
}

/// Text as okur keeps it from a post: tabs and the other whitespace controls become spaces
/// (line breaks stay where the field has lines), direction controls and other controls are
/// dropped and counted. A post is never refused for them.
fn scrub(text: &str, lines: bool, drops: &mut Drops) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' && lines {
            out.push(c);
        } else if c.is_whitespace() && (c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) {
            out.push(' ');
        } else if okur_types::text::is_bidi_control(c) {
            *drops.entry("direction control".to_owned()).or_default() += 1;
        } else if c.is_control() {
            *drops.entry("control character".to_owned()).or_default() += 1;
        } else {
            out.push(c);
        }
    }
    out
}

/// A block with its text scrubbed; none when nothing is left of it.
fn scrub_block(block: Block, drops: &mut Drops) -> Option<Block> {
    Some(match block {
        Block::Heading { text } => Block::Heading { text: kept(&text, false, drops)? },
        Block::List { ordered, items, marks } => {
            let (mut kept_items, mut kept_marks) = (Vec::new(), Vec::new());
            for (i, item) in items.iter().enumerate() {
                if let Some(text) = kept(item, false, drops) {
                    kept_marks.push(realign(item, &text, marks.get(i).cloned().unwrap_or_default()));
                    kept_items.push(text);
                }
            }
            if kept_items.is_empty() {
                return None;
            }
            Block::List { ordered, items: kept_items, marks: kept_marks }
        }
        Block::Image { src, alt, caption, width, height } => {
            let caption = caption.and_then(|c| kept(&c, false, drops));
            Block::Image { src, alt: scrub(&alt, false, drops), caption, width, height }
        }
        Block::Paragraph { text, marks } => {
            let kept_text = kept(&text, true, drops)?;
            Block::Paragraph { marks: realign(&text, &kept_text, marks), text: kept_text }
        }
        Block::Quote { text, cite, marks } => {
            let cite = cite.and_then(|c| kept(&c, false, drops));
            let kept_text = kept(&text, true, drops)?;
            Block::Quote { marks: realign(&text, &kept_text, marks), text: kept_text, cite }
        }
    })
}

/// Scrubbed text, unless nothing visible is left of it.
fn kept(text: &str, lines: bool, drops: &mut Drops) -> Option<String> {
    Some(scrub(text, lines, drops)).filter(|t| !t.trim().is_empty())
}

/// Maps a comment, or says why it is skipped.
fn map_comment(comment: &WxrComment, offset: UtcOffset) -> Result<ImportedComment, String> {
    match comment.comment_type.as_str() {
        "" | "comment" => {}
        other => return Err(other.to_owned()),
    }
    let status = match comment.approved.as_str() {
        "1" | "approve" => CommentState::Published,
        "0" | "hold" => CommentState::Pending,
        "spam" => return Err("spam".to_owned()),
        "trash" | "post-trashed" => return Err("trash".to_owned()),
        _ => return Err("unknown status".to_owned()),
    };
    if comment.id <= 0 {
        return Err("without an id".to_owned());
    }
    let name = one_line(&plain_text(&comment.author));
    let name = check_name(&clip(&name, okur_types::comments::NAME_MAX))
        .or_else(|_| check_name("Anonim"))
        .map_err(|_| "a name okur cannot show".to_owned())?;
    let body = plain_text(&comment.content);
    let body =
        check_body(&clip(&body, okur_types::comments::BODY_MAX)).map_err(|_| "text okur cannot show".to_owned())?;
    let created_at = time_of(&comment.date_gmt, &comment.date, offset).ok_or_else(|| "without a date".to_owned())?;
    let email = comment.author_email.trim();
    Ok(ImportedComment {
        wp_id: comment.id,
        wp_parent: (comment.parent > 0).then_some(comment.parent),
        duplicate_key: crate::domain::text::duplicate_key(&name, &body),
        author_name: name,
        author_email: (!email.is_empty() && email.contains('@') && email.len() <= 254).then(|| email.to_owned()),
        body,
        created_at,
        status,
    })
}

/// WordPress's `YYYY-MM-DD HH:MM:SS`.
fn local_time(value: &str) -> Option<PrimitiveDateTime> {
    let value = value.trim();
    if value.is_empty() || value.starts_with("0000") {
        return None;
    }
    PrimitiveDateTime::parse(value, format_description!("[year]-[month]-[day] [hour]:[minute]:[second]")).ok()
}

/// The stored time: from the UTC one, else from the local one at the site's offset.
pub fn time_of(gmt: &str, local: &str, offset: UtcOffset) -> Option<String> {
    let at = match local_time(gmt) {
        Some(at) => at.assume_utc(),
        None => local_time(local)?.assume_offset(offset),
    };
    let at = at.to_offset(UtcOffset::UTC);
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    ))
}

/// The site's offset, from an item that gives both times (rounded to a quarter hour).
fn offset_of(local: &str, gmt: &str) -> Option<UtcOffset> {
    let seconds = (local_time(local)?.assume_utc() - local_time(gmt)?.assume_utc()).whole_seconds();
    let quarter = (seconds as f64 / 900.0).round() as i32 * 900;
    UtcOffset::from_whole_seconds(quarter).ok()
}

/// A slug okur accepts: the post's name (percent-decoded, letters made ASCII: `kıyıda` →
/// `kiyida`), else the title's, else `post-ID`.
pub fn slug_of(post_name: &str, title: &str, id: i64) -> String {
    let decoded = percent_decode_str(post_name).decode_utf8_lossy();
    slugify(&decoded).or_else(|| slugify(title)).unwrap_or_else(|| format!("post-{id}"))
}

/// The key of an old address, as requests are looked up: its path without a trailing slash
/// (percent escapes in capitals), or `?p=ID` for the home page with a post id; none for the
/// home page itself.
pub fn address_key(address: &str) -> Option<String> {
    let address = address.trim();
    let rest = match address.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/').unwrap_or(rest.len())..],
        None => address,
    };
    let rest = rest.split('#').next().unwrap_or_default();
    let (path, query) = rest.split_once('?').map_or((rest, None), |(p, q)| (p, Some(q)));
    link_key(path, query)
}

/// The key of a request's path and query (see [`address_key`]).
pub fn link_key(path: &str, query: Option<&str>) -> Option<String> {
    let path = path.trim_end_matches('/');
    let index = path.is_empty() || path == "/index.php";
    if index {
        let id = query?.split('&').find_map(|pair| pair.strip_prefix("p="))?;
        return id.parse::<u64>().ok().map(|id| format!("?p={id}"));
    }
    if !path.starts_with('/') || path.len() > 1000 {
        return None;
    }
    let mut key = String::with_capacity(path.len());
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        key.push(c);
        if c == '%' {
            key.extend(chars.by_ref().take(2).map(|h| h.to_ascii_uppercase()));
        }
    }
    Some(key)
}

/// Progress on a terminal (a bar), or a plain line every few seconds elsewhere.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    posts: u64,
    comments: u64,
    done: std::cell::Cell<(u64, u64)>,
    started: Instant,
    last_line: std::cell::Cell<Instant>,
}

impl Progress {
    fn new(posts: u64, comments: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(posts + comments);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {percent:>3}% {msg} · {per_sec} · {eta} left")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            bar,
            posts,
            comments,
            done: Default::default(),
            started: Instant::now(),
            last_line: std::cell::Cell::new(Instant::now()),
        }
    }

    fn advance(&self, posts: u64, comments: u64) {
        let (p, c) = self.done.get();
        let (p, c) = (p + posts, c + comments);
        self.done.set((p, c));
        let message = format!("posts {p}/{} · comments {c}/{}", self.posts, self.comments);
        match &self.bar {
            Some(bar) => {
                bar.set_message(message);
                bar.inc(posts + comments);
            }
            None if self.last_line.get().elapsed() >= Duration::from_secs(5) => {
                self.last_line.set(Instant::now());
                let seconds = self.started.elapsed().as_secs_f64();
                let rate = (p + c) as f64 / seconds.max(0.001);
                let left = (self.posts + self.comments).saturating_sub(p + c) as f64 / rate.max(0.001);
                let _ = writeln!(std::io::stderr(), "okur import: {message} ({rate:.0}/s, {left:.0} s left)");
            }
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_become_ascii_and_valid() {
        assert_eq!(slug_of("k%c4%b1y%c4%b1da-yeni-d%c3%b6nem", "", 1), "kiyida-yeni-donem");
        assert_eq!(slug_of("", "Çağrı: Şehirde İlk Gün!", 2), "cagri-sehirde-ilk-gun");
        assert_eq!(slug_of("%%%", "!!!", 3), "post-3");
        let long = "a-".repeat(80);
        assert!(slug_of(&long, "", 4).len() <= 100);
        crate::domain::article::check_slug(&slug_of(&long, "", 4)).unwrap();
    }

    #[test]
    fn times_use_utc_or_the_site_offset() {
        let istanbul = UtcOffset::from_hms(3, 0, 0).unwrap();
        assert_eq!(time_of("2025-12-13 07:30:00", "x", istanbul).unwrap(), "2025-12-13T07:30:00Z");
        assert_eq!(time_of("0000-00-00 00:00:00", "2025-12-13 10:30:00", istanbul).unwrap(), "2025-12-13T07:30:00Z");
        assert_eq!(time_of("", "bozuk", istanbul), None);
        assert_eq!(offset_of("2025-12-13 10:30:00", "2025-12-13 07:30:00"), Some(istanbul));
    }

    #[test]
    fn old_addresses_have_keys() {
        assert_eq!(address_key("https://eski.example/2025/12/13/kiyida/").unwrap(), "/2025/12/13/kiyida");
        assert_eq!(address_key("http://eski.example/?p=123").unwrap(), "?p=123");
        assert_eq!(address_key("http://eski.example/index.php?p=9&x=1").unwrap(), "?p=9");
        assert_eq!(address_key("https://eski.example/"), None);
        assert_eq!(address_key("https://eski.example/k%c4%b1y%c4%b1da/").unwrap(), "/k%C4%B1y%C4%B1da");
        assert_eq!(link_key("/k%c4%b1y%c4%b1da/", None).unwrap(), "/k%C4%B1y%C4%B1da");
        assert_eq!(link_key("/", Some("p=abc")), None);
    }
}
