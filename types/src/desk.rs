//! The newsroom desk's API (`/api/desk`): stories as editors write them, where they stand on the
//! site, their revisions and the trail of who changed what.

use serde::{Deserialize, Serialize};

pub use crate::Correction;
use crate::{Block, Image};

/// Where a story stands on the site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StoryStatus {
    /// Not on the site: never published, or taken off it.
    #[default]
    Draft,
    /// On the site from `published_at`, a time to come.
    Scheduled,
    /// On the site.
    Published,
}

impl StoryStatus {
    /// The name the API writes.
    pub fn as_str(self) -> &'static str {
        match self {
            StoryStatus::Draft => "draft",
            StoryStatus::Scheduled => "scheduled",
            StoryStatus::Published => "published",
        }
    }
}

/// A story as the desk writes it: an article as `okur import` takes it in JSON, where it should
/// stand (`status`) and, with a change to a published story, a public correction note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskArticle {
    /// The URL name: 1–100 lowercase letters, digits and single hyphens. A change renames the
    /// story; its old address answers 301.
    pub slug: String,
    /// The headline (a draft may leave it empty).
    #[serde(default)]
    pub title: String,
    /// The list text (a draft may leave it empty).
    #[serde(default)]
    pub summary: String,
    /// When it is (or was, or is meant to be) out, RFC 3339. A scheduled story needs one in the
    /// future; a published one may not have one in the future, and without one keeps the time
    /// it first came out (or now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// The byline (a draft may leave it empty).
    #[serde(default)]
    pub author: String,
    /// The section (a draft may leave it empty).
    #[serde(default)]
    pub category: String,
    /// The language it is written in; none means the site's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The lead image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The body, block by block.
    #[serde(default)]
    pub body: Vec<Block>,
    /// Whether readers may comment.
    #[serde(default = "open_by_default")]
    pub comments_open: bool,
    /// Where the story should stand.
    #[serde(default)]
    pub status: StoryStatus,
    /// A public correction, shown on the article with the time of the change ("Düzeltme: …"):
    /// only with a change to a published story. Never part of what is read back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
}

/// Comments are open unless a story says otherwise.
fn open_by_default() -> bool {
    true
}

/// A story at the desk: as saved, the working copy an editor's page keeps saving (when it
/// differs), its version (the `ETag` a change must send back as `If-Match`), who changed it last
/// and its corrections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskStory {
    /// The story as saved (on the site when published).
    pub article: DeskArticle,
    /// The unsaved working copy, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working: Option<DeskArticle>,
    /// Its version: every change moves it.
    pub version: i64,
    /// When it last changed.
    pub changed_at: String,
    /// Who changed it last.
    pub changed_by: String,
    /// Its public corrections, the newest first.
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// A story in the desk's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskItem {
    /// Its URL name.
    pub slug: String,
    /// Its headline (may be empty in a draft).
    pub title: String,
    /// Where it stands.
    pub status: StoryStatus,
    /// When it is (or is meant to be) out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// Its section's name and URL name.
    pub category: String,
    /// See `category`.
    pub section: String,
    /// Its byline and the author's URL name.
    pub author: String,
    /// See `author`.
    pub author_slug: String,
    /// Its version.
    pub version: i64,
    /// When it last changed, and who changed it.
    pub changed_at: String,
    /// See `changed_at`.
    pub changed_by: String,
    /// Whether it has an unsaved working copy.
    pub working: bool,
}

/// A page of the desk's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskList {
    /// The stories, the last changed first.
    pub items: Vec<DeskItem>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many match in all.
    pub total: u64,
}

/// What a revision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RevisionAction {
    /// The story as it was before the desk first changed it (imported).
    Imported,
    /// Written at the desk.
    Created,
    /// Saved as a draft.
    Saved,
    /// Put on the site, or its change put there.
    Published,
    /// Scheduled.
    Scheduled,
    /// Taken off the site.
    Unpublished,
    /// An earlier revision brought back.
    Restored,
}

impl RevisionAction {
    /// Every action.
    pub const ALL: [RevisionAction; 7] = [
        RevisionAction::Imported,
        RevisionAction::Created,
        RevisionAction::Saved,
        RevisionAction::Published,
        RevisionAction::Scheduled,
        RevisionAction::Unpublished,
        RevisionAction::Restored,
    ];

    /// The stored and written name.
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionAction::Imported => "imported",
            RevisionAction::Created => "created",
            RevisionAction::Saved => "saved",
            RevisionAction::Published => "published",
            RevisionAction::Scheduled => "scheduled",
            RevisionAction::Unpublished => "unpublished",
            RevisionAction::Restored => "restored",
        }
    }

    /// The action of this name.
    pub fn parse(name: &str) -> Option<Self> {
        RevisionAction::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// One revision of a story: who, when, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    /// Its number, from 1.
    pub number: i64,
    /// What it did.
    pub action: RevisionAction,
    /// Who made it.
    pub staff: String,
    /// When.
    pub at: String,
    /// The correction note it added, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One line of a readable difference between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiffLine {
    /// `equal`, `insert` or `delete`.
    pub change: DiffChange,
    /// The line: a field (`Başlık: …`) or a block of the body (`## …`, `> …`, `- …`, the text).
    pub text: String,
}

/// How a line differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiffChange {
    /// In both.
    Equal,
    /// Only in the later revision.
    Insert,
    /// Only in the earlier one.
    Delete,
}

/// A revision in full: the story as it was, and how it differs from the revision before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionDetail {
    /// Who, when, what.
    pub revision: Revision,
    /// The story as this revision left it.
    pub article: DeskArticle,
    /// Line by line against the revision before (every line inserted for the first).
    pub diff: Vec<DiffLine>,
}

/// One line of the desk's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who (a staff account's name).
    pub staff: String,
    /// What: `created`, `saved`, `published`, `scheduled`, `unpublished`, `restored`,
    /// `renamed`, `corrected`, `deleted`.
    pub action: String,
    /// Which story (its URL name at the time).
    pub slug: String,
    /// More about it (the old name of a renamed story, a correction's note).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// An uploaded image, made ready for readers (`POST /api/desk/images`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedImage {
    /// What an image block (or a story's lead image) names: the widest JPEG, from which the
    /// reader's page offers every width and format.
    pub src: String,
    /// The width of that file in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// The JPEG link previews show (Open Graph).
    pub preview: String,
    /// Every file made: each width in WebP and JPEG, and the preview.
    pub files: Vec<String>,
}
