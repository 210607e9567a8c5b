//! The `okur` command: argument parsing and wiring only. `okur serve` runs the site, `okur
//! import` adds articles, `okur articles` pins the lead story, `okur comments` is the
//! moderators' shell, `okur staff` (and `okur moderators`) manage who may sign in.

mod articles;
mod comments;
mod db;
mod import;
mod moderators;
mod serve;
mod staff;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// okur: a news site with a Rust/WebAssembly reader.
#[derive(Debug, Parser)]
#[command(name = "okur", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the JSON API and the built front end on one port.
    Serve(Box<serve::ServeArgs>),
    /// Import articles from JSON or Markdown files (each file all or nothing), or a WordPress
    /// export (each post on its own).
    Import(import::ImportArgs),
    /// Pin or unpin the front page's lead story; a story's views.
    #[command(subcommand)]
    Articles(articles::ArticlesCommand),
    /// List and moderate comments.
    #[command(subcommand)]
    Comments(comments::CommentsCommand),
    /// Manage the staff accounts and their roles (editor, moderator, admin).
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// Manage moderators: `okur staff` with the moderator role.
    #[command(subcommand)]
    Moderators(moderators::ModeratorsCommand),
}

/// Runs the command line: the command it names, an exit code and a message on failure.
pub async fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("OKUR_LOG").unwrap_or_else(|_| EnvFilter::new("okur=info,warn")))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve::serve(*args).await,
        Command::Import(args) => import::import(args).await,
        Command::Articles(command) => articles::articles(command).await,
        Command::Comments(command) => comments::comments(command).await,
        Command::Staff(command) => staff::staff(command).await,
        Command::Moderators(command) => moderators::moderators(command).await,
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("okur: {message}");
            ExitCode::FAILURE
        }
    }
}
