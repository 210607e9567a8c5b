//! What the store takes and gives besides the API's own types: rows to write, where a page
//! starts, what a write did, and a comment's state as the database names it.

use std::str::FromStr;

use okur_types::comments::Comment;
use okur_types::{ArticleSummary, Block};

use crate::domain::article::NewArticle;
use crate::domain::stamp::Stamp;
use okur_web::i18n::Locale;

/// Whether storing an article made a new one or replaced one with the same slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// A new article.
    Created,
    /// An existing article, updated in place.
    Updated,
}

/// A WordPress post to store (`crate::import::wxr::import`): the article, its old addresses and its
/// comments, all keyed by WordPress ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPost {
    /// The site it comes from (its address without the scheme, e.g. `haber.example/blog`):
    /// WordPress ids are per site.
    pub wp_site: String,
    /// WordPress's id of the post.
    pub wp_id: i64,
    /// The article; its slug is a wish (a taken one gets `-2`, `-3`, …).
    pub article: NewArticle,
    /// A hash of the article as mapped: the same hash on a later import means no change.
    pub hash: String,
    /// Keys of its old addresses (`/2025/12/13/slug`, `?p=123`).
    pub links: Vec<String>,
    /// Its comments, in any order.
    pub comments: Vec<ImportedComment>,
}

/// A WordPress comment to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedComment {
    /// WordPress's id of the comment.
    pub wp_id: i64,
    /// WordPress's id of the comment it answers.
    pub wp_parent: Option<i64>,
    /// The name.
    pub author_name: String,
    /// The address, never shown.
    pub author_email: Option<String>,
    /// The text.
    pub body: String,
    /// When it was written, as stored.
    pub created_at: String,
    /// Published or held.
    pub status: CommentState,
    /// What duplicates of it share.
    pub duplicate_key: String,
}

/// What storing a WordPress post did to its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PostSaved {
    /// A new article.
    #[default]
    Created,
    /// The article okur had, changed.
    Updated,
    /// The article okur had, as it was.
    Unchanged,
}

/// What storing a WordPress post did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PostOutcome {
    /// The article.
    pub article: PostSaved,
    /// New published comments.
    pub comments_published: u32,
    /// New comments held for moderation.
    pub comments_held: u32,
    /// Comments okur had already.
    pub comments_existing: u32,
}

/// What the comment section needs to know about an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct CommentTarget {
    /// The article's row id.
    pub article_id: i64,
    /// Whether it takes comments.
    pub comments_open: bool,
}

/// A change of what readers of an article see, as its live stream sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publication {
    /// A comment shown: new to view, or edited.
    Shown(Comment),
    /// A comment gone from view (withdrawn by its author, held or rejected), by id.
    Gone(i64),
}

impl Publication {
    /// The comment's id.
    pub fn id(&self) -> i64 {
        match self {
            Publication::Shown(comment) => comment.id,
            Publication::Gone(id) => *id,
        }
    }
}

/// What an author may change their comment to: the checked text and whether the rules hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentEdit {
    /// The name.
    pub author_name: String,
    /// The address, never shown.
    pub author_email: Option<String>,
    /// The text.
    pub body: String,
    /// What duplicates of it share.
    pub duplicate_key: String,
    /// Whether the moderation rule holds the new text.
    pub held: bool,
}

/// Why an author's change of their comment was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditRefused {
    /// No such comment shown or held on the article (or withdrawn already).
    NotFound,
    /// The token is not this comment's.
    WrongToken,
    /// The time for changes is over.
    WindowClosed,
}

/// What a change of one's own comment needs besides the new text.
#[derive(Debug, Clone, Copy)]
pub struct OwnChange<'a> {
    /// The article's row id.
    pub article_id: i64,
    /// The comment.
    pub id: i64,
    /// The hash of the token the author sent.
    pub token_hash: &'a str,
    /// The time of the change.
    pub now: Stamp,
    /// The oldest a comment may be and still change.
    pub posted_since: Stamp,
}

/// What an email is for; stored as its lowercase name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// Asks an address to confirm that it wants reply emails (double opt-in).
    Confirm,
    /// Tells a commenter of a reply (or of several, as one digest).
    Reply,
    /// Tells a moderator of held comments.
    Held,
}

impl MailKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Confirm => "confirm",
            MailKind::Reply => "reply",
            MailKind::Held => "held",
        }
    }

    /// The kind stored under this name (the column's CHECK allows only these).
    pub fn parse(name: &str) -> Option<Self> {
        [MailKind::Confirm, MailKind::Reply, MailKind::Held].into_iter().find(|k| k.as_str() == name)
    }
}

/// A claimed outbox row: what the sender is to write and deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    /// Its row.
    pub id: i64,
    /// What it is for.
    pub kind: MailKind,
    /// To whom (a row of the addresses).
    pub address_id: i64,
    /// How often delivery failed before.
    pub attempts: u32,
    /// When it was queued (with the id, what names its email for good: `Message-ID`).
    pub created_at: String,
}

/// What an outbox row is about, as it stands when the sender writes the email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAbout {
    /// The outbox row.
    pub id: i64,
    /// The address.
    pub address: String,
    /// The language to write in.
    pub locale: Locale,
    /// The comment: the reply, the held comment, or the one that asked for replies (none for
    /// a moderator's confirmation).
    pub comment_id: Option<i64>,
    /// A reply's subscribed comment (what its stop link ends).
    pub subscribed_id: Option<i64>,
    /// The comment's author (empty without a comment).
    pub author_name: String,
    /// The comment's text (empty without a comment).
    pub body: String,
    /// Its article's slug (empty without a comment).
    pub slug: String,
    /// Its article's title (empty without a comment).
    pub title: String,
    /// Still true: the reply shown and wanted, the comment still held, the address still
    /// unconfirmed; an email about something no longer true is dropped.
    pub current: bool,
}

/// What a link in an email does; stored as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    /// Confirms an address (double opt-in).
    Confirm,
    /// Ends the replies to one comment.
    StopReplies,
    /// Ends every email to the address.
    StopAll,
}

impl TokenPurpose {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Confirm => "confirm",
            TokenPurpose::StopReplies => "stop_replies",
            TokenPurpose::StopAll => "stop_all",
        }
    }

    /// The purpose stored under this name.
    pub fn parse(name: &str) -> Option<Self> {
        [TokenPurpose::Confirm, TokenPurpose::StopReplies, TokenPurpose::StopAll]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}

/// A link's token to keep (by its hash) before the email carrying it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailToken {
    /// The SHA-256 of the token.
    pub hash: String,
    /// What following it does.
    pub purpose: TokenPurpose,
    /// The address it acts for.
    pub address_id: i64,
    /// The subscribed comment a [`TokenPurpose::StopReplies`] ends.
    pub comment_id: Option<i64>,
    /// The language of the page it opens.
    pub locale: Locale,
}

/// What a link's token stands for, as its page tells the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenUse {
    /// What following it does.
    pub purpose: TokenPurpose,
    /// The language of the page.
    pub locale: Locale,
    /// The subscribed comment's article (slug, title), for a stop of its replies.
    pub article: Option<(String, String)>,
}

/// A comment to store, already checked and normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRow {
    /// The article's row id.
    pub article_id: i64,
    /// The comment it answers, as asked.
    pub parent_id: Option<i64>,
    /// What duplicates of it share (`crate::domain::text::duplicate_key`).
    pub duplicate_key: String,
    /// The name.
    pub author_name: String,
    /// The address, never shown.
    pub author_email: Option<String>,
    /// The text.
    pub body: String,
    /// Published at once, or held.
    pub status: CommentState,
    /// Written by a signed-in moderator (the staff badge).
    pub staff: bool,
    /// The hash of the secret its author may edit or withdraw it with.
    pub edit_token_hash: Option<String>,
    /// Its author asks for emails of replies to it (with an address), in this language.
    pub notify_replies: Option<Locale>,
}

/// Where a page of a list starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// The n-th page (from 1), counted from the start: for numbered links.
    Page(u32),
    /// After the item a previous answer's `next` named: one index range scan however deep.
    After(String),
}

impl Position {
    /// The page number an answer reports: the page's, or 0 for a page after a cursor.
    pub fn number(&self) -> u32 {
        match self {
            Position::Page(page) => *page,
            Position::After(_) => 0,
        }
    }
}

/// A page of a list: its items, how many there are in all, and the cursor of the next page.
pub type Listing<T> = (Vec<T>, u64, Option<String>);

/// A comment as moderators see it: with status, article and email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationRow {
    /// The comment.
    pub comment: Comment,
    /// Where it stands.
    pub status: CommentState,
    /// The article's slug.
    pub slug: String,
    /// The author's address, if given.
    pub author_email: Option<String>,
}

/// Where a comment stands; stored as its lowercase name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentState {
    /// Shown to everyone.
    Published,
    /// Waiting for a moderator.
    Pending,
    /// Hidden by a moderator (kept, never shown).
    Rejected,
}

impl CommentState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CommentState::Published => "published",
            CommentState::Pending => "pending",
            CommentState::Rejected => "rejected",
        }
    }
}

impl std::fmt::Display for CommentState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CommentState {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        match name {
            "published" => Ok(CommentState::Published),
            "pending" => Ok(CommentState::Pending),
            "rejected" => Ok(CommentState::Rejected),
            other => Err(format!("{other:?} is not a comment status")),
        }
    }
}

// The column is text on both databases: the enum reads and writes it as a string.
impl<DB: sqlx::Database> sqlx::Type<DB> for CommentState
where
    str: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <str as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <str as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for CommentState
where
    &'q str: sqlx::Encode<'q, DB>,
{
    fn encode_by_ref(
        &self,
        buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <&'q str as sqlx::Encode<'q, DB>>::encode(self.as_str(), buf)
    }
}

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for CommentState
where
    &'r str: sqlx::Decode<'r, DB>,
{
    fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(<&'r str as sqlx::Decode<'r, DB>>::decode(value)?.parse()?)
    }
}

/// Whose stories a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shelf<'a> {
    /// A section's, by its URL name.
    Section(&'a str),
    /// An author's, by their URL name.
    Author(&'a str),
}

impl<'a> Shelf<'a> {
    /// The URL name the shelf is chosen by.
    pub fn slug(self) -> &'a str {
        match self {
            Shelf::Section(slug) | Shelf::Author(slug) => slug,
        }
    }

    /// The column the shelf is chosen by, and the name column it is called by.
    pub(super) fn columns(self) -> (&'static str, &'static str) {
        match self {
            Shelf::Section(_) => ("section", "category"),
            Shelf::Author(_) => ("author_slug", "author"),
        }
    }
}

/// A section or an author as lists show them: URL name, name, published stories, latest story.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ShelfRow {
    /// The URL name.
    pub slug: String,
    /// The name, as its newest story writes it.
    pub name: String,
    /// How many stories are published in it.
    pub count: i64,
    /// When its newest story was published.
    pub latest: String,
}

/// How deep a search pages: results past this many are not offered.
pub const SEARCH_DEPTH_MAX: u32 = 500;

/// How many of a search's newest matches are ranked (the `LIMIT` of each dialect's
/// `SEARCH_FROM`): more than [`SEARCH_DEPTH_MAX`] and a page, so paging never runs out first.
pub const SEARCH_CANDIDATES: u32 = 1000;

/// A search result: the summary and the body's blocks (for the snippet).
pub type Found = (ArticleSummary, Vec<Block>);

/// How many stories the "most read" list holds.
pub const MOST_READ: i64 = 10;

/// The hour a moment falls in, as views are kept: `2025-12-13T09`.
pub fn hour_of(stamp: Stamp) -> String {
    stamp.to_string()[..13].to_owned()
}
