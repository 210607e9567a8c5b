//! The `okur` command: `okur serve` runs the site, `okur import` adds articles.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use okur::client::TrustedProxies;
use okur::comments::{CommentSettings, Moderation};
use okur::import::import_file;
use okur::serve::Limits;
use okur::store::Saved;
use okur::{app, seed, AppState, Store};
use okur_types::moderation::Action;
use okur_types::text::terminal_safe;
use okur_web::i18n::Locale;
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
    /// Import articles from JSON or Markdown files (each file all or nothing), or a WordPress
    /// export (each post on its own).
    Import(ImportArgs),
    /// List and moderate comments.
    #[command(subcommand)]
    Comments(CommentsCommand),
    /// Manage who may sign in to the moderation page.
    #[command(subcommand)]
    Moderators(ModeratorsCommand),
}

#[derive(Debug, Subcommand)]
enum ModeratorsCommand {
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
struct ModeratorArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The moderator's name: letters, digits, dots, hyphens or underscores.
    name: String,
}

#[derive(Debug, Subcommand)]
enum CommentsCommand {
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
struct IdArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The comment's id (see `okur comments list`).
    id: i64,
}

/// Where the database is.
#[derive(Debug, Args)]
struct DbArgs {
    /// An SQLite database file, created with its folder when missing; or a PostgreSQL server's
    /// `postgres://user:password@host:port/database` URL (for several replicas on one database).
    #[arg(long, env = "OKUR_DB", default_value = "data/okur.db")]
    db: String,
}

impl DbArgs {
    /// Opens the store, or says which database could not be opened (never with its password).
    async fn open(&self) -> Result<(Store, bool), String> {
        Store::open(&self.db).await.map_err(|err| format!("cannot open the database {}: {err}", self.shown()))
    }

    /// The location as logs may show it: a URL's password is replaced by `***`.
    fn shown(&self) -> String {
        let db = &self.db;
        if !okur::store::is_postgres_url(db) {
            return db.clone();
        }
        let Some((scheme, rest)) = db.split_once("://") else { return db.clone() };
        match rest.split_once('@') {
            Some((user, host)) => {
                let user = user.split_once(':').map_or(user, |(name, _)| name);
                format!("{scheme}://{user}:***@{host}")
            }
            None => db.clone(),
        }
    }
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
    /// Which comments wait for a moderator: off, all, or links (those containing a URL).
    #[arg(long, env = "OKUR_MODERATION", value_enum, default_value = "off")]
    moderation: Moderation,
    /// Accepted comments one client may post per minute.
    #[arg(long, env = "OKUR_COMMENT_RATE_LIMIT", default_value_t = 5)]
    comment_rate_limit: u32,
    /// Refused comment posts (invalid, duplicate, to a closed article…) one client may make per
    /// minute before every post it makes is answered 429 for a while.
    #[arg(long, env = "OKUR_REFUSED_RATE_LIMIT", default_value_t = 30)]
    refused_rate_limit: u32,
    /// Your own reverse proxies, as addresses or CIDR ranges separated by commas
    /// (e.g. `127.0.0.1,10.0.0.0/8`). A request from one of them names its client in
    /// X-Forwarded-For, read from the right; by default nobody is trusted and the peer counts.
    #[arg(long, env = "OKUR_TRUSTED_PROXIES", default_value = "")]
    trusted_proxies: TrustedProxies,
    /// The site's language: the UI's default (readers can switch) and the language of
    /// articles that do not name theirs.
    #[arg(long, env = "OKUR_LOCALE", value_enum, default_value = "tr")]
    locale: SiteLocale,
    /// The site's public address (e.g. https://news.example), for the sitemap and the absolute
    /// links in pages (canonical, Open Graph). Without it pages link relatively, robots.txt
    /// names no sitemap and /sitemap.xml is 404: the Host header is never trusted for these.
    #[arg(long, env = "OKUR_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seconds a shared cache (CDN, proxy) may keep a rendered page before revalidating it
    /// with its ETag; browsers always revalidate. 0: shared caches revalidate every time too.
    #[arg(long, env = "OKUR_PAGE_CACHE_SECONDS", default_value_t = okur::http::DEFAULT_PAGE_CACHE_SECONDS)]
    page_cache_seconds: u32,
    /// Seconds a client has to send a request's headers; a half-sent request is dropped.
    #[arg(long, env = "OKUR_HEADER_TIMEOUT", default_value_t = 10)]
    header_timeout: u64,
    /// Seconds a client has to send a request's body after its headers (then 408).
    #[arg(long, env = "OKUR_BODY_TIMEOUT", default_value_t = 20)]
    body_timeout: u64,
    /// Connections served at once (and so requests in flight); more wait to be accepted.
    #[arg(long, env = "OKUR_MAX_CONNECTIONS", default_value_t = 1024)]
    max_connections: usize,
    /// Megabytes of memory for answers kept until what they show changes (0: no cache).
    #[arg(long, env = "OKUR_CACHE_MB", default_value_t = okur::cache::DEFAULT_CACHE_MB)]
    cache_mb: usize,
    /// Live comment streams one client (an address, an IPv6 /64) may hold open at once.
    #[arg(long, env = "OKUR_LIVE_PER_CLIENT", default_value_t = okur::live::PER_CLIENT)]
    live_per_client: usize,
    /// Live comment streams the server holds open at once (each is also a connection: keep
    /// --max-connections above it).
    #[arg(long, env = "OKUR_LIVE_TOTAL", default_value_t = okur::live::TOTAL)]
    live_total: usize,
    /// Requests one kept-alive connection may make before the server closes it.
    #[arg(long, env = "OKUR_REQUESTS_PER_CONNECTION", default_value_t = 1000)]
    requests_per_connection: u32,
}

/// The languages the UI speaks.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SiteLocale {
    /// Türkçe.
    Tr,
    /// English.
    En,
}

impl SiteLocale {
    /// The UI's locale.
    fn locale(self) -> Locale {
        match self {
            SiteLocale::Tr => Locale::Tr,
            SiteLocale::En => Locale::En,
        }
    }

    /// The BCP 47 code.
    fn code(self) -> &'static str {
        self.locale().code()
    }
}

#[derive(Debug, Args)]
struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Files to import: .json (one article or an array), .md with a front-matter header, or a
    /// WordPress export (WXR, recognised by its content: posts, comments and old links).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("OKUR_LOG").unwrap_or_else(|_| EnvFilter::new("okur=info,warn")))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Import(args) => import(args).await,
        Command::Comments(command) => comments(command).await,
        Command::Moderators(command) => moderators(command).await,
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
    let (store, created) = args.db.open().await?;
    let store = store.with_default_language(args.locale.code());
    // Replicas starting together on a new database: the one that claims it seeds it.
    let claimed = created && store.claim("demo-seeded").await.map_err(|err| format!("cannot seed: {err}"))?;
    if claimed {
        let count = seed::seed(&store).await.map_err(|err| format!("cannot seed the new database: {err}"))?;
        tracing::info!(articles = count, "new database seeded with demo content");
    }
    store.keep_checkpointing();
    if !args.dist.join("index.html").exists() {
        tracing::warn!(dist = %args.dist.display(), "no index.html there: the API runs, the site does not (run `make run`)");
    }
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", args.addr))?;
    let local = listener.local_addr().map_err(|err| err.to_string())?;
    println!("okur: serving http://{local}/ (database {}, site {})", args.db.shown(), args.dist.display());
    let mut state = AppState::new(store.clone(), args.dist);
    state.locale = args.locale.locale();
    state.public_url = args.public_url;
    state.page_cache_seconds = args.page_cache_seconds;
    state.cache = okur::cache::AnswerCache::with_megabytes(args.cache_mb);
    state.live = okur::live::Streams::with_limits(args.live_per_client, args.live_total);
    state.generations.follow(&state.store);
    okur::cache::publish_scheduled(state.store.clone());
    let live = state.live.clone();
    state.generations.keep_fresh(&state.store, move || live.open());
    // The hash unknown accounts are checked against, made before the first login needs it.
    tokio::task::spawn_blocking(okur::moderators::prepare);
    state.comments = CommentSettings {
        moderation: args.moderation,
        rate_limit: args.comment_rate_limit,
        refused_rate_limit: args.refused_rate_limit,
        trusted_proxies: args.trusted_proxies,
    };
    let seconds = |s: u64| std::time::Duration::from_secs(s.max(1));
    state.limits = Limits {
        header_timeout: seconds(args.header_timeout),
        body_timeout: seconds(args.body_timeout),
        max_connections: args.max_connections.max(1),
        requests_per_connection: args.requests_per_connection.max(1),
    };
    let limits = state.limits;
    // Live streams never end by themselves: they are ended first, so that a stop waits for no
    // one and readers' browsers see a clean end (and reconnect, to another replica say).
    let live = state.live.clone();
    let shutdown = async move {
        shutdown_signal().await;
        live.close_all();
    };
    okur::serve::serve(listener, app(state), limits, shutdown).await;
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

/// Whether a file is a WordPress export, by its first bytes (whatever its name).
fn is_wordpress_export(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = vec![0; 4096];
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let read = file.read(&mut head).unwrap_or(0);
    okur::wxr::is_wxr(&head[..read])
}

/// Imports each file on its own; reports every file; fails if any file failed.
async fn import(args: ImportArgs) -> Result<ExitCode, String> {
    let (store, _) = args.db.open().await?;
    let mut failed = 0;
    for path in &args.files {
        if is_wordpress_export(path) {
            match okur::wxr::import::import_wxr(&store, path).await {
                Ok(report) => {
                    print!("{}: WordPress export\n{}", path.display(), report.text());
                    if report.failed() {
                        failed += 1;
                    }
                }
                Err(err) => {
                    failed += 1;
                    eprintln!("{}: {err}", path.display());
                }
            }
            continue;
        }
        match import_file(&store, path).await {
            Ok(saved) => {
                for (slug, how) in saved {
                    let how = if how == Saved::Created { "added" } else { "updated" };
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
    okur::moderators::check_password(&password).map_err(|err| err.to_string())?;
    Ok(password)
}

/// `okur moderators ...`: who may moderate in the browser.
async fn moderators(command: ModeratorsCommand) -> Result<ExitCode, String> {
    use okur::moderators::{check_name, hash_password};
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
                println!("{}  since {since}  {sessions} open session(s)", okur_types::text::terminal_safe(&name));
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
                Err(format!("there is no moderator named {}", okur_types::text::terminal_safe(&args.name)))
            }
        }
        ModeratorsCommand::Password(args) => {
            if store.moderator_hash(&args.name).await.map_err(|e| e.to_string())?.is_none() {
                Err(format!("there is no moderator named {}", okur_types::text::terminal_safe(&args.name)))
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

/// `okur comments ...`: the moderators' commands.
async fn comments(command: CommentsCommand) -> Result<ExitCode, String> {
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
fn change(_: &Store, id: i64, what: &str, done: Result<bool, okur::store::StoreError>) -> Result<(), String> {
    match done.map_err(|e| e.to_string())? {
        true => {
            println!("comment {id} {what}");
            Ok(())
        }
        false => Err(format!("there is no comment {id}")),
    }
}
