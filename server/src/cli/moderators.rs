//! `okur moderators add|list|remove|password`: `okur staff` for the moderator role, as before
//! there were roles (scripts that call it keep working).

use std::process::ExitCode;

use clap::Subcommand;

use super::db::DbArgs;
use super::staff::{staff, AccountArgs, RoleArg, StaffCommand};

#[derive(Debug, Subcommand)]
pub(crate) enum ModeratorsCommand {
    /// Add a moderator. On a terminal the password is asked for twice; otherwise it is read
    /// from the first line of standard input (for scripts).
    Add(AccountArgs),
    /// List the staff accounts (every role).
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Remove an account (its sessions end).
    Remove(AccountArgs),
    /// Set an account's password (its sessions end); asked for as with `add`.
    Password(AccountArgs),
}

/// `okur moderators ...`: the staff command with the moderator role.
pub(crate) async fn moderators(command: ModeratorsCommand) -> Result<ExitCode, String> {
    staff(match command {
        ModeratorsCommand::Add(account) => StaffCommand::Add { account, role: RoleArg::Moderator },
        ModeratorsCommand::List { db } => StaffCommand::List { db },
        ModeratorsCommand::Remove(account) => StaffCommand::Remove(account),
        ModeratorsCommand::Password(account) => StaffCommand::Password(account),
    })
    .await
}
