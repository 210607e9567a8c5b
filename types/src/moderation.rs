//! The moderators' API: sign-in, the queue of comments to decide on, decisions and the audit
//! trail. Shared by the server and the moderation page.

use serde::{Deserialize, Serialize};

use crate::comments::Comment;

/// What a moderator sends to sign in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    /// The moderator's name.
    #[serde(default)]
    pub name: String,
    /// The password.
    #[serde(default)]
    pub password: String,
}

/// A signed-in moderator, as the session reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The moderator's name.
    pub name: String,
    /// The token to send as `X-CSRF-Token` with every change.
    pub csrf: String,
}

/// A moderator's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Publish a held comment (or one rejected earlier).
    Approve,
    /// Hide a comment.
    Reject,
    /// Delete a comment with its replies.
    Delete,
    /// Open an article to comments.
    Open,
    /// Close an article to comments.
    Close,
    /// Pick a published comment: an editor's pick, shown first.
    Pick,
    /// Take a pick back.
    Unpick,
}

impl Action {
    /// The action's name, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Delete => "delete",
            Action::Open => "open",
            Action::Close => "close",
            Action::Pick => "pick",
            Action::Unpick => "unpick",
        }
    }

    /// The action named so, if any.
    pub fn parse(name: &str) -> Option<Self> {
        [Action::Approve, Action::Reject, Action::Delete, Action::Open, Action::Close, Action::Pick, Action::Unpick]
            .into_iter()
            .find(|a| a.as_str() == name)
    }
}

/// Which comments the queue lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Queue {
    /// Held for moderation, oldest first.
    #[default]
    Held,
    /// Published lately, newest first.
    Recent,
    /// With open reports, the most reported first.
    Reported,
}

/// Where a comment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Shown to everyone.
    Published,
    /// Held for a moderator.
    Pending,
    /// Hidden by a moderator.
    Rejected,
}

/// An earlier text of a comment its author edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentVersion {
    /// The name it was written under.
    pub author_name: String,
    /// The text.
    pub body: String,
    /// When this text was written, RFC 3339 in UTC.
    pub written_at: String,
}

/// A comment as moderators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedComment {
    /// The comment.
    pub comment: Comment,
    /// Where it stands.
    pub status: Status,
    /// The author's address, if given.
    pub author_email: Option<String>,
    /// The article's slug.
    pub slug: String,
    /// The article's title.
    pub title: String,
    /// Whether the article takes comments now.
    pub comments_open: bool,
    /// The comment it answers: its author and the start of its text.
    pub parent: Option<ParentExcerpt>,
    /// Its earlier texts, oldest first, when its author edited it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<CommentVersion>,
    /// Its open reports by reason, when readers reported it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<Reported>,
}

/// A comment's open reports for one reason: how many readers, and their notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reported {
    /// The reason.
    pub reason: crate::comments::ReportReason,
    /// How many readers gave it.
    pub count: u32,
    /// The notes they wrote.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A story as moderators see it: whether it takes comments, and how many wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// When it is (or will be) published, RFC 3339 in UTC.
    pub published_at: String,
    /// Whether it takes comments.
    pub comments_open: bool,
    /// Its comments held for a moderator.
    pub held: u32,
}

/// The comment a reply answers, in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentExcerpt {
    /// Who wrote it.
    pub author_name: String,
    /// Its first words.
    pub excerpt: String,
}

/// Decisions on several comments at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    /// Approve, reject or delete.
    pub action: Action,
    /// The comments.
    pub ids: Vec<i64>,
}

/// What a batch did: the comments decided on, and those that were not there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchDone {
    /// Decided on.
    pub done: Vec<i64>,
    /// Not found (deleted meanwhile, say).
    pub missing: Vec<i64>,
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Who (a moderator's name, or `shell` for `okur comments …`).
    pub moderator: String,
    /// What.
    pub action: Action,
    /// On which comment, for comment decisions.
    pub comment_id: Option<i64>,
    /// On which article (its slug).
    pub article: Option<String>,
    /// When, RFC 3339 in UTC.
    pub at: String,
}

/// A moderator's own settings, as the settings view shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Whether the site sends email at all (`--smtp-url`).
    pub mail: bool,
    /// The address told of held comments (batched), if any.
    #[serde(default)]
    pub held_mail: Option<String>,
    /// Whether that address followed its confirmation link.
    #[serde(default)]
    pub held_mail_confirmed: bool,
}

/// What a moderator changes in their settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSettings {
    /// The address to tell of held comments; none or blank for no emails.
    #[serde(default)]
    pub held_mail: Option<String>,
}
