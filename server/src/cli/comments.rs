//! `okur comments list|approve|reject|delete`: moderating from the shell, in the same audit
//! trail as the moderation page.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use okur_types::moderation::Action;
use okur_types::text::terminal_safe;

use super::db::DbArgs;
use crate::store::{Store, StoreError};

#[derive(Debug, Subcommand)]
pub(crate) enum CommentsCommand {
    /// List comments, newest first.
    List {
        #[command(flatten)]
        db: DbArgs,
        /// Only those waiting for moderation.
        #[arg(long)]
        pending: bool,
        /// Only this article's (by slug).
        #[arg(long)]
        article: Option<String>,
    },
    /// Publish a held comment.
    Approve(IdArgs),
    /// Hide a comment (kept, but never shown).
    Reject(IdArgs),
    /// Delete a comment and its replies.
    Delete(IdArgs),
}

#[derive(Debug, Args)]
pub(crate) struct IdArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The comment's id (see `okur comments list`).
    id: i64,
}

/// `okur comments ...`: the moderators' commands.
pub(crate) async fn comments(command: CommentsCommand) -> Result<ExitCode, String> {
    let db = match &command {
        CommentsCommand::List { db, .. } => db,
        CommentsCommand::Approve(a) | CommentsCommand::Reject(a) | CommentsCommand::Delete(a) => &a.db,
    };
    let (store, _) = db.open().await?;
    let result = match &command {
        CommentsCommand::List { pending, article, .. } => {
            let rows = store.moderation_list(*pending, article.as_deref()).await.map_err(|e| e.to_string())?;
            for row in &rows {
                let c = &row.comment;
                let email = row.author_email.as_deref().unwrap_or("-");
                let reply = c.parent_id.map(|p| format!(" reply to {p}")).unwrap_or_default();
                // Whatever a commenter typed is escaped: no control sequence reaches the terminal.
                let safe = terminal_safe;
                println!("{} [{}] {} /articles/{}{reply}", c.id, row.status, c.created_at, safe(&row.slug));
                println!("    {} <{}>: {}", safe(&c.author_name), safe(email), safe(&c.body.replace('\n', " / ")));
                // The audit trail: who decided what about it, when (newest first).
                for decision in store.decisions(Some(c.id), 20).await.map_err(|e| e.to_string())? {
                    println!("    {} by {} at {}", decision.action.as_str(), safe(&decision.moderator), decision.at);
                }
            }
            if rows.is_empty() {
                println!("no comments");
            }
            Ok(())
        }
        // Decisions from the shell are in the audit trail too, by "shell".
        CommentsCommand::Approve(a) => {
            change(&store, a.id, "approved", store.moderate_comment(a.id, Action::Approve, SHELL).await)
        }
        CommentsCommand::Reject(a) => {
            change(&store, a.id, "rejected", store.moderate_comment(a.id, Action::Reject, SHELL).await)
        }
        CommentsCommand::Delete(a) => {
            change(&store, a.id, "deleted", store.moderate_comment(a.id, Action::Delete, SHELL).await)
        }
    };
    store.close().await;
    result.map(|()| ExitCode::SUCCESS)
}

/// Who decided, in the audit trail, when it was `okur comments …`.
const SHELL: &str = "shell";

/// Reports a moderation change: done, or no such comment.
fn change(_: &Store, id: i64, what: &str, done: Result<bool, StoreError>) -> Result<(), String> {
    match done.map_err(|e| e.to_string())? {
        true => {
            println!("comment {id} {what}");
            Ok(())
        }
        false => Err(format!("there is no comment {id}")),
    }
}
