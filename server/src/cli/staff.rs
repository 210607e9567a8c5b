//! `okur staff add|list|remove|password|role`: who may sign in to the staff pages, and in which
//! role (editors write and publish, moderators decide on comments, admins do both and manage
//! the accounts). `okur moderators …` is the same for the moderator role. `okur staff
//! token|tokens|revoke`: an account's tokens for publishing tools (`Authorization: Bearer`).

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use okur_types::moderation::Role;
use okur_types::text::terminal_safe;

use super::db::DbArgs;
use crate::store::Store;

/// A role as the command line takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RoleArg {
    /// Writes, publishes and corrects stories.
    Editor,
    /// Decides on comments.
    Moderator,
    /// Both, and manages the accounts.
    Admin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Editor => Role::Editor,
            RoleArg::Moderator => Role::Moderator,
            RoleArg::Admin => Role::Admin,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum StaffCommand {
    /// Add an account. On a terminal the password is asked for twice; otherwise it is read
    /// from the first line of standard input (for scripts).
    Add {
        #[command(flatten)]
        account: AccountArgs,
        /// What the account may do.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// List the accounts with their roles.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Remove an account (its sessions end).
    Remove(AccountArgs),
    /// Set an account's password (its sessions end); asked for as with `add`.
    Password(AccountArgs),
    /// Give an account another role (at once, in its open sessions too).
    Role {
        #[command(flatten)]
        account: AccountArgs,
        /// The new role.
        #[arg(value_enum)]
        role: RoleArg,
    },
    /// Make a token for a publishing tool to act as this account (`Authorization: Bearer …`,
    /// with the account's role). It is printed once, on the last line; only its hash is kept.
    Token {
        #[command(flatten)]
        account: AccountArgs,
        /// What the token is for, to tell tokens apart later.
        #[arg(long, default_value = "")]
        label: String,
    },
    /// List an account's tokens (never the tokens themselves).
    Tokens(AccountArgs),
    /// Revoke one of an account's tokens, by its number in `okur staff tokens`, or all of them.
    Revoke {
        #[command(flatten)]
        account: AccountArgs,
        /// The token's number.
        #[arg(required_unless_present = "all")]
        id: Option<i64>,
        /// Every token of the account.
        #[arg(long, conflicts_with = "id")]
        all: bool,
    },
}

#[derive(Debug, Args)]
pub(crate) struct AccountArgs {
    #[command(flatten)]
    pub(crate) db: DbArgs,
    /// The account's name: letters, digits, dots, hyphens or underscores.
    pub(crate) name: String,
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

/// `okur staff …`.
pub(crate) async fn staff(command: StaffCommand) -> Result<ExitCode, String> {
    let db = match &command {
        StaffCommand::List { db } => db,
        StaffCommand::Add { account, .. }
        | StaffCommand::Role { account, .. }
        | StaffCommand::Token { account, .. }
        | StaffCommand::Revoke { account, .. } => &account.db,
        StaffCommand::Remove(account) | StaffCommand::Password(account) | StaffCommand::Tokens(account) => &account.db,
    };
    let (store, _) = db.open().await?;
    let outcome = run(&store, &command).await;
    store.close().await;
    outcome
}

/// Carries out a command on an open store.
async fn run(store: &Store, command: &StaffCommand) -> Result<ExitCode, String> {
    use crate::auth::{check_name, hash_password};
    let missing = |name: &str| format!("there is no account named {}", terminal_safe(name));
    match command {
        StaffCommand::List { .. } => {
            let staff = store.staff().await.map_err(|e| e.to_string())?;
            if staff.is_empty() {
                println!("no accounts yet: okur staff add NAME --role editor|moderator|admin");
            }
            for member in staff {
                let (name, role) = (terminal_safe(&member.name), member.role.as_str());
                println!("{name}  {role}  since {}  {} open session(s)", member.since, member.sessions);
            }
        }
        StaffCommand::Add { account, role } => {
            let role = Role::from(*role);
            let name = check_name(&account.name).map_err(|e| e.to_string())?;
            let taken = || format!("there is an account named {name} already");
            if store.moderator_hash(name).await.map_err(|e| e.to_string())?.is_some() {
                return Err(taken());
            }
            let hash = hash_password(&read_password()?).map_err(|e| e.to_string())?;
            if !store.add_staff(name, &hash, role).await.map_err(|e| e.to_string())? {
                return Err(taken());
            }
            println!("added {} {name}", role.as_str());
        }
        StaffCommand::Remove(account) => {
            if !store.remove_moderator(&account.name).await.map_err(|e| e.to_string())? {
                return Err(missing(&account.name));
            }
            println!("removed {}", terminal_safe(&account.name));
        }
        StaffCommand::Password(account) => {
            if store.moderator_hash(&account.name).await.map_err(|e| e.to_string())?.is_none() {
                return Err(missing(&account.name));
            }
            let hash = hash_password(&read_password()?).map_err(|e| e.to_string())?;
            store.set_moderator_password(&account.name, &hash).await.map_err(|e| e.to_string())?;
            println!("new password set for {}; their sessions have ended", terminal_safe(&account.name));
        }
        StaffCommand::Role { account, role } => {
            let role = Role::from(*role);
            if store.moderator_hash(&account.name).await.map_err(|e| e.to_string())?.is_none() {
                return Err(missing(&account.name));
            }
            if !store.set_role(&account.name, role).await.map_err(|e| e.to_string())? {
                return Err(format!("{} is the last admin: make another admin first", terminal_safe(&account.name)));
            }
            println!("{} is now {}", terminal_safe(&account.name), role.as_str());
        }
        StaffCommand::Token { account, label } => {
            let label = okur_types::text::terminal_safe(label.trim());
            let token = format!("okur_{}", crate::auth::new_token());
            let hash = crate::auth::token_hash(&token);
            let Some(id) = store.add_token(&account.name, &hash, &label).await.map_err(|e| e.to_string())? else {
                return Err(missing(&account.name));
            };
            println!(
                "token {id} for {} (shown only now; revoke it with okur staff revoke {} {id}):",
                terminal_safe(&account.name),
                terminal_safe(&account.name)
            );
            println!("{token}");
        }
        StaffCommand::Tokens(account) => {
            let Some(tokens) = store.tokens(&account.name).await.map_err(|e| e.to_string())? else {
                return Err(missing(&account.name));
            };
            if tokens.is_empty() {
                println!("no tokens: okur staff token {} --label WHAT-FOR", terminal_safe(&account.name));
            }
            for token in tokens {
                let used = token.last_used_at.as_deref().unwrap_or("never");
                println!("{}  {}  made {}  last used {used}", token.id, terminal_safe(&token.label), token.created_at);
            }
        }
        StaffCommand::Revoke { account, id, all } => {
            if store.moderator_hash(&account.name).await.map_err(|e| e.to_string())?.is_none() {
                return Err(missing(&account.name));
            }
            let id = if *all { None } else { *id };
            let gone = store.revoke_tokens(&account.name, id).await.map_err(|e| e.to_string())?;
            if gone == 0 && id.is_some() {
                return Err(format!("{} has no token {}", terminal_safe(&account.name), id.unwrap_or_default()));
            }
            println!("revoked {gone} token(s) of {}", terminal_safe(&account.name));
        }
    }
    Ok(ExitCode::SUCCESS)
}
