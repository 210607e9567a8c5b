//! Rows as the queries read them (`sqlx::FromRow`, one derive for both databases), and how they
//! become the API's types.

use okur_types::comments::{Comment, MAX_DEPTH};
use okur_types::moderation::{Action, CommentVersion, Decision, ParentExcerpt, QueuedComment, Status, Story};
use okur_types::{ArticleSummary, Image};

use super::model::{CommentState, ModerationRow};

/// The columns every article query selects, with the live comment count.
pub(crate) const SUMMARY_COLUMNS: &str = "a.slug, a.title, a.summary, a.published_at, a.modified_at, a.author, \
     a.author_slug, a.category, a.section, a.language, a.image_src, a.image_alt, a.image_width, a.image_height, a.comment_count";

/// A comment's public columns.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct CommentRecord {
    id: i64,
    parent_id: Option<i64>,
    depth: i64,
    author_name: String,
    body: String,
    created_at: String,
    staff: bool,
    edited_at: Option<String>,
    picked: bool,
}

impl CommentRecord {
    /// The comment's id.
    pub(super) fn id_of(&self) -> i64 {
        self.id
    }
}

/// A reply with its thread and its place in it.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ReplyRecord {
    #[sqlx(flatten)]
    pub(super) comment: CommentRecord,
    pub(super) root_id: i64,
    pub(super) thread_key: String,
}

/// A top-level comment with the count of its shown replies.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ThreadRecord {
    #[sqlx(flatten)]
    pub(super) comment: CommentRecord,
    pub(super) reply_count: i64,
}

impl From<CommentRecord> for Comment {
    fn from(row: CommentRecord) -> Self {
        Comment {
            id: row.id,
            parent_id: row.parent_id,
            depth: u8::try_from(row.depth).unwrap_or(MAX_DEPTH),
            author_name: row.author_name,
            body: row.body,
            created_at: row.created_at,
            more_replies: 0,
            staff: row.staff,
            edited_at: row.edited_at,
            picked: row.picked,
        }
    }
}

/// The summary columns of an article, with its comment count.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct SummaryRecord {
    slug: String,
    title: String,
    summary: String,
    published_at: String,
    modified_at: Option<String>,
    author: String,
    author_slug: String,
    category: String,
    section: String,
    language: Option<String>,
    #[sqlx(flatten)]
    image: ImageRecord,
    comment_count: i64,
}

/// An article's lead image columns.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ImageRecord {
    image_src: Option<String>,
    image_alt: Option<String>,
    image_width: Option<i64>,
    image_height: Option<i64>,
}

impl ImageRecord {
    /// The lead image, if the article has one.
    pub(super) fn into_image(self) -> Option<Image> {
        let side = |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok());
        Some(Image {
            src: self.image_src?,
            alt: self.image_alt.unwrap_or_default(),
            width: side(self.image_width),
            height: side(self.image_height),
        })
    }
}

impl SummaryRecord {
    /// The article's slug.
    pub(super) fn slug(&self) -> &str {
        &self.slug
    }

    /// The summary; an article that names no language is in `default_language`.
    pub(super) fn into_summary(self, default_language: &str) -> ArticleSummary {
        ArticleSummary {
            slug: self.slug,
            title: self.title,
            summary: self.summary,
            // Shown only when later than the publication, to the minute the page shows.
            updated_at: self.modified_at.filter(|m| m.get(..16) > self.published_at.get(..16)),
            published_at: self.published_at,
            author: self.author,
            author_slug: self.author_slug,
            category: self.category,
            section: self.section,
            language: self.language.unwrap_or_else(|| default_language.to_owned()),
            comment_count: u32::try_from(self.comment_count).unwrap_or(u32::MAX),
            image: self.image.into_image(),
        }
    }
}

/// A whole article: its summary, the body's JSON and whether it takes comments.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ArticleRecord {
    #[sqlx(flatten)]
    pub(super) summary: SummaryRecord,
    pub(super) id: i64,
    pub(super) body: String,
    pub(super) comments_open: bool,
}

/// A comment as moderators see it.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ModerationRecord {
    #[sqlx(flatten)]
    comment: CommentRecord,
    status: CommentState,
    slug: String,
    author_email: Option<String>,
}

impl From<ModerationRecord> for ModerationRow {
    fn from(row: ModerationRecord) -> Self {
        ModerationRow {
            comment: row.comment.into(),
            status: row.status,
            slug: row.slug,
            author_email: row.author_email,
        }
    }
}

/// Where a reply would go: the comment it answers.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ParentRecord {
    pub(super) id: i64,
    pub(super) parent_id: Option<i64>,
    pub(super) root_id: Option<i64>,
    pub(super) depth: i64,
    /// The id the new reply takes.
    pub(super) next_id: i64,
}

/// A line of the audit trail.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct DecisionRecord {
    moderator: String,
    action: String,
    comment_id: Option<i64>,
    article: Option<String>,
    at: String,
}

impl DecisionRecord {
    /// The decision (the column's CHECK allows only known actions).
    pub(super) fn into_decision(self) -> Option<Decision> {
        Some(Decision {
            moderator: self.moderator,
            action: Action::parse(&self.action)?,
            comment_id: self.comment_id,
            article: self.article,
            at: self.at,
        })
    }
}

/// A story in the moderators' list.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct StoryRecord {
    slug: String,
    title: String,
    published_at: String,
    comments_open: bool,
    held: i64,
}

impl From<StoryRecord> for Story {
    fn from(row: StoryRecord) -> Self {
        Story {
            slug: row.slug,
            title: row.title,
            published_at: row.published_at,
            comments_open: row.comments_open,
            held: u32::try_from(row.held).unwrap_or(u32::MAX),
        }
    }
}

/// A comment in the moderation queue.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct QueueRecord {
    #[sqlx(flatten)]
    comment: CommentRecord,
    status: CommentState,
    author_email: Option<String>,
    slug: String,
    title: String,
    comments_open: bool,
    parent_author: Option<String>,
    parent_body: Option<String>,
}

impl From<QueueRecord> for QueuedComment {
    fn from(row: QueueRecord) -> Self {
        let parent = row.parent_author.zip(row.parent_body).map(|(author_name, body)| ParentExcerpt {
            author_name,
            excerpt: crate::domain::text::clip(&crate::domain::text::one_line(&body), 140),
        });
        QueuedComment {
            comment: row.comment.into(),
            status: match row.status {
                CommentState::Published => Status::Published,
                CommentState::Pending => Status::Pending,
                CommentState::Rejected => Status::Rejected,
            },
            author_email: row.author_email,
            slug: row.slug,
            title: row.title,
            comments_open: row.comments_open,
            parent,
            versions: Vec::new(),
            reports: Vec::new(),
        }
    }
}

/// A comment that came into view or left it, with the number of that publication.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct PublishedRecord {
    #[sqlx(flatten)]
    pub(super) comment: CommentRecord,
    pub(super) published_seq: i64,
    /// Whether it is shown now (published, under a shown parent).
    pub(super) shown: bool,
}

/// A comment as its author may change it: what the edit checks and what it keeps.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct OwnRecord {
    pub(super) root_id: Option<i64>,
    pub(super) status: CommentState,
    pub(super) edit_token_hash: Option<String>,
    pub(super) withdrawn_at: Option<String>,
    pub(super) author_name: String,
    pub(super) body: String,
    pub(super) created_at: String,
    pub(super) edited_at: Option<String>,
}

/// An earlier text of a comment.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct VersionRecord {
    comment_id: i64,
    author_name: String,
    body: String,
    written_at: String,
}

impl VersionRecord {
    /// The comment it belongs to, and the version.
    pub(super) fn into_pair(self) -> (i64, CommentVersion) {
        (
            self.comment_id,
            CommentVersion { author_name: self.author_name, body: self.body, written_at: self.written_at },
        )
    }
}
