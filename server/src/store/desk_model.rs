//! What the desk's and the tokens' queries take and give: a story as the desk reads it, the
//! list's filter, a change to write and why one was refused, a token as it is listed.

use okur_types::desk::{Correction, RevisionAction, StoryStatus};

use crate::domain::article::NewArticle;

/// A story as the desk reads it.
#[derive(Debug, Clone)]
pub struct StoryRow {
    /// The article's id.
    pub id: i64,
    /// The article as its row holds it (a draft's `published_at` is the end of time,
    /// [`crate::domain::story::HIDDEN_AT`]).
    pub article: NewArticle,
    /// Where it stands now.
    pub status: StoryStatus,
    /// Its version (0 before the desk first touched it).
    pub version: i64,
    /// The working copy's JSON, if any.
    pub working: Option<String>,
    /// When a story not on the site is meant to come out.
    pub planned_at: Option<String>,
    /// Who changed it last, and when.
    pub changed_by: String,
    /// See `changed_by`.
    pub changed_at: String,
    /// Its public corrections, the newest first.
    pub corrections: Vec<Correction>,
}

/// What the desk's list shows: stories in this state, section, by this author, or whose title
/// or address holds `q`.
#[derive(Debug, Clone, Default)]
pub struct DeskFilter {
    /// Where they stand.
    pub status: Option<StoryStatus>,
    /// A section's URL name.
    pub section: Option<String>,
    /// An author's URL name.
    pub author: Option<String>,
    /// Words in the title or address (case aside).
    pub q: Option<String>,
}

/// Which version a change was made on: the one its `If-Match` named, or any (`*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Exactly this version.
    Version(i64),
    /// Whatever is there.
    Any,
}

/// A change of a story, written whole or not at all.
#[derive(Debug, Clone)]
pub struct DeskWrite<'a> {
    /// Who makes it.
    pub staff: &'a str,
    /// The story's current URL name, or none for a new story.
    pub slug: Option<&'a str>,
    /// The version it was made on.
    pub expect: Expect,
    /// The article as it is to be (its slug the new one when renamed).
    pub article: &'a NewArticle,
    /// When a story not on the site is meant to come out.
    pub planned_at: Option<&'a str>,
    /// The revision's document (the desk's JSON of the story).
    pub document: &'a str,
    /// What the revision does.
    pub action: RevisionAction,
    /// A public correction to add.
    pub correction: Option<&'a str>,
}

/// Why the desk's write did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskRefused {
    /// Someone changed the story since the version named: the version there now.
    Stale(i64),
    /// Another story has this URL name.
    SlugTaken,
    /// Only a story off the site can be deleted.
    StillOut,
}

/// A token as `okur staff tokens` lists it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// Its number, for revoking it.
    pub id: i64,
    /// What it is for, as given when it was made.
    pub label: String,
    /// When it was made.
    pub created_at: String,
    /// When a request last used it.
    pub last_used_at: Option<String>,
}
