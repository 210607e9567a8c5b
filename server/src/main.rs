//! The `okur` command: `okur serve` runs the site, `okur import` adds articles.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use okur::import::import_file;
use okur::store::Saved;
use okur::{app, seed, AppState, Store};
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
    Serve(ServeArgs),
    /// Import articles from JSON or Markdown files (each file all or nothing).
    Import(ImportArgs),
}

/// Where the database is.
#[derive(Debug, Args)]
struct DbArgs {
    /// SQLite database file, created with its folder when missing.
    #[arg(long, env = "OKUR_DB", default_value = "data/okur.db")]
    db: PathBuf,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on (port 0 picks a free port, printed at start).
    #[arg(long, env = "OKUR_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    #[command(flatten)]
    db: DbArgs,
    /// Folder of the built front end (Trunk's output).
    #[arg(long, env = "OKUR_DIST", default_value = "dist")]
    dist: PathBuf,
}

#[derive(Debug, Args)]
struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Files to import: .json (one article or an array) or .md with a front-matter header.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("OKUR_LOG")
                .unwrap_or_else(|_| EnvFilter::new("okur=info,warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Import(args) => import(args).await,
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("okur: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the database, seeds it when new, and serves until Ctrl-C or SIGTERM.
async fn serve(args: ServeArgs) -> Result<ExitCode, String> {
    let db = &args.db.db;
    let (store, created) = Store::open(db)
        .await
        .map_err(|err| format!("cannot open the database {}: {err}", db.display()))?;
    if created {
        let count = seed::seed(&store)
            .await
            .map_err(|err| format!("cannot seed the new database: {err}"))?;
        tracing::info!(articles = count, "new database seeded with demo content");
    }
    if !args.dist.join("index.html").exists() {
        tracing::warn!(dist = %args.dist.display(), "no index.html there: the API runs, the site does not (run `make run`)");
    }
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", args.addr))?;
    let local = listener.local_addr().map_err(|err| err.to_string())?;
    println!(
        "okur: serving http://{local}/ (database {}, site {})",
        db.display(),
        args.dist.display()
    );
    let state = AppState {
        store: store.clone(),
        dist: args.dist,
    };
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|err| format!("server error: {err}"))?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

/// Imports each file on its own; reports every file; fails if any file failed.
async fn import(args: ImportArgs) -> Result<ExitCode, String> {
    let db = &args.db.db;
    let (store, _) = Store::open(db)
        .await
        .map_err(|err| format!("cannot open the database {}: {err}", db.display()))?;
    let mut failed = 0;
    for path in &args.files {
        match import_file(&store, path).await {
            Ok(saved) => {
                for (slug, how) in saved {
                    let how = if how == Saved::Created {
                        "added"
                    } else {
                        "updated"
                    };
                    println!("{}: {how} /articles/{slug}", path.display());
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("{}", err.describe(path));
            }
        }
    }
    store.close().await;
    if failed > 0 {
        eprintln!("okur: {failed} of {} files not imported", args.files.len());
        Ok(ExitCode::FAILURE)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
