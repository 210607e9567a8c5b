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

/// What a staff account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Writes, publishes and corrects stories.
    Editor,
    /// Decides on comments (and opens or closes stories to them).
    #[default]
    Moderator,
    /// Both, and manages the staff accounts.
    Admin,
}

impl Role {
    /// Every role, as lists show them.
    pub const ALL: [Role; 3] = [Role::Editor, Role::Moderator, Role::Admin];

    /// The stored and written name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// The role of this name.
    pub fn parse(name: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Whether it decides on comments.
    pub fn moderates(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }

    /// Whether it writes and publishes stories.
    pub fn edits(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }

    /// Whether it manages the staff accounts.
    pub fn manages_staff(self) -> bool {
        self == Role::Admin
    }
}

/// A signed-in staff member, as the session reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The account's name.
    pub name: String,
    /// The token to send as `X-CSRF-Token` with every change.
    pub csrf: String,
    /// What the account may do.
    #[serde(default)]
    pub role: Role,
}

/// A staff account, as the admin's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// The name it signs in with.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// Since when (RFC 3339).
    pub since: String,
    /// Its sessions open now.
    pub sessions: i64,
}

/// A new staff account, or a change of one (a role, a password).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffChange {
    /// The name (a new account's; ignored in a change, which names it in the address).
    #[serde(default)]
    pub name: String,
    /// The role to give.
    #[serde(default)]
    pub role: Option<Role>,
    /// The password to set (a new account needs one).
    #[serde(default)]
    pub password: Option<String>,
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

#[cfg(test)]
mod role_tests {
    use super::*;

    #[test]
    fn roles_read_back_and_say_what_they_may_do() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(serde_json::to_string(&role).unwrap(), format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
        let may = |r: Role| (r.edits(), r.moderates(), r.manages_staff());
        assert_eq!(may(Role::Editor), (true, false, false));
        assert_eq!(may(Role::Moderator), (false, true, false));
        assert_eq!(may(Role::Admin), (true, true, true));
        let old: Session = serde_json::from_str(r#"{"name":"ayse","csrf":"x"}"#).unwrap();
        assert_eq!(old.role, Role::Moderator, "a session answer without a role is a moderator's");
    }
}
