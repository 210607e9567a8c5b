//! `okur moderators add|list|remove|password`: who may sign in to the moderation page.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use okur_types::text::terminal_safe;

use super::db::DbArgs;

#[derive(Debug, Subcommand)]
pub(crate) enum ModeratorsCommand {
    /// Add a moderator. On a terminal the password is asked for twice; otherwise it is read
    /// from the first line of standard input (for scripts).
    Add(ModeratorArgs),
    /// List the moderators.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Remove a moderator (their sessions end).
    Remove(ModeratorArgs),
    /// Set a moderator's password (their sessions end); asked for as with `add`.
    Password(ModeratorArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ModeratorArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The moderator's name: letters, digits, dots, hyphens or underscores.
    name: String,
}

/// A new password: asked for twice on a terminal, else the first line of standard input.
fn read_password() -> Result<String, String> {
    use std::io::IsTerminal;
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|err| err.to_string())?;
        let again = rpassword::prompt_password("The same again: ").map_err(|err| err.to_string())?;
        if first != again {
            return Err("the two passwords differ; nothing was changed".into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|err| err.to_string())?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    };
    crate::auth::check_password(&password).map_err(|err| err.to_string())?;
    Ok(password)
}

/// `okur moderators ...`: who may moderate in the browser.
pub(crate) async fn moderators(command: ModeratorsCommand) -> Result<ExitCode, String> {
    use crate::auth::{check_name, hash_password};
    let db = match &command {
        ModeratorsCommand::List { db } => db,
        ModeratorsCommand::Add(a) | ModeratorsCommand::Remove(a) | ModeratorsCommand::Password(a) => &a.db,
    };
    let (store, _) = db.open().await?;
    let outcome = match &command {
        ModeratorsCommand::List { .. } => {
            let moderators = store.moderators().await.map_err(|e| e.to_string())?;
            if moderators.is_empty() {
                println!("no moderators yet: okur moderators add NAME");
            }
            for (name, since, sessions) in moderators {
                println!("{}  since {since}  {sessions} open session(s)", terminal_safe(&name));
            }
            Ok(ExitCode::SUCCESS)
        }
        ModeratorsCommand::Add(args) => {
            let name = check_name(&args.name).map_err(|e| e.to_string())?;
            if store.moderator_hash(name).await.map_err(|e| e.to_string())?.is_some() {
                Err(format!("there is a moderator named {name} already"))
            } else {
                let hash = hash_password(&read_password()?).map_err(|e| e.to_string())?;
                if store.add_moderator(name, &hash).await.map_err(|e| e.to_string())? {
                    println!("added moderator {name}");
                    Ok(ExitCode::SUCCESS)
                } else {
                    Err(format!("there is a moderator named {name} already"))
                }
            }
        }
        ModeratorsCommand::Remove(args) => {
            if store.remove_moderator(&args.name).await.map_err(|e| e.to_string())? {
                println!("removed moderator {}", args.name);
                Ok(ExitCode::SUCCESS)
            } else {
                Err(format!("there is no moderator named {}", terminal_safe(&args.name)))
            }
        }
        ModeratorsCommand::Password(args) => {
            if store.moderator_hash(&args.name).await.map_err(|e| e.to_string())?.is_none() {
                Err(format!("there is no moderator named {}", terminal_safe(&args.name)))
            } else {
                let hash = hash_password(&read_password()?).map_err(|e| e.to_string())?;
                store.set_moderator_password(&args.name, &hash).await.map_err(|e| e.to_string())?;
                println!("new password set for {}; their sessions have ended", args.name);
                Ok(ExitCode::SUCCESS)
            }
        }
    };
    store.close().await;
    outcome
}
