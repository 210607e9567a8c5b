//! `okur articles pin|unpin SLUG`: the editor's choice of the front page's lead story;
//! `okur articles views SLUG`: how often a story was read in the views kept (two days).

use std::process::ExitCode;

use clap::{Args, Subcommand};
use okur_types::text::terminal_safe;

use super::db::DbArgs;

#[derive(Debug, Subcommand)]
pub(crate) enum ArticlesCommand {
    /// Make a story the front page's lead (the story pinned before it is unpinned).
    Pin(SlugArgs),
    /// Let the front page lead with the newest story again.
    Unpin(SlugArgs),
    /// Print how often a story was read in the last two days (the views kept).
    Views(SlugArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SlugArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The story's slug (its address is /articles/SLUG).
    slug: String,
}

/// `okur articles ...`.
pub(crate) async fn articles(command: ArticlesCommand) -> Result<ExitCode, String> {
    let (args, pinned) = match &command {
        ArticlesCommand::Pin(args) => (args, true),
        ArticlesCommand::Unpin(args) => (args, false),
        ArticlesCommand::Views(args) => {
            let (store, _) = args.db.open().await?;
            let views = store.views_of(&args.slug).await.map_err(|err| err.to_string())?;
            store.close().await;
            println!("{views}");
            return Ok(ExitCode::SUCCESS);
        }
    };
    let (store, _) = args.db.open().await?;
    let found = store.pin(&args.slug, pinned).await.map_err(|err| err.to_string())?;
    store.close().await;
    let slug = terminal_safe(&args.slug);
    if !found {
        return Err(format!("there is no article {slug:?}"));
    }
    println!("{slug}: {}", if pinned { "pinned as the front page's lead" } else { "unpinned" });
    Ok(ExitCode::SUCCESS)
}
