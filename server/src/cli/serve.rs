//! `okur serve`: opens the database (seeding a new one), starts the background jobs and serves
//! until Ctrl-C or SIGTERM.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use okur_web::i18n::Locale;

use super::db::DbArgs;
use crate::http::app;
use crate::http::cache::answers::{AnswerCache, DEFAULT_CACHE_MB};
use crate::http::identity::TrustedProxies;
use crate::http::state::{AppState, CommentSettings, Moderation, DEFAULT_PAGE_CACHE_SECONDS};
use crate::http::streams::{self, Streams};
use crate::jobs;
use crate::serve::Limits;

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
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
    /// Minutes a reader may edit or withdraw their own comment after posting it (0: never).
    #[arg(long, env = "OKUR_COMMENT_EDIT_MINUTES", default_value_t = 10, value_parser = clap::value_parser!(u32).range(0..=1440))]
    comment_edit_minutes: u32,
    /// The SMTP server email leaves through: `smtp://host:port` (STARTTLS required unless the host
    /// is this machine), `smtps://host:port` (TLS), with `user:password@` to sign in. Without it
    /// okur sends no email and offers none.
    #[arg(long, env = "OKUR_SMTP_URL")]
    smtp_url: Option<String>,
    /// Who the emails are from, e.g. `"Haber <haber@example.com>"`.
    #[arg(long, env = "OKUR_MAIL_FROM", default_value = "okur <okur@localhost>")]
    mail_from: String,
    /// Distinct readers whose reports hold a comment for moderation.
    #[arg(long, env = "OKUR_REPORT_THRESHOLD", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    report_threshold: u32,
    /// Comment reports one client may send per minute.
    #[arg(long, env = "OKUR_REPORT_RATE_LIMIT", default_value_t = 10)]
    report_rate_limit: u32,
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
    #[arg(long, env = "OKUR_PAGE_CACHE_SECONDS", default_value_t = DEFAULT_PAGE_CACHE_SECONDS)]
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
    #[arg(long, env = "OKUR_CACHE_MB", default_value_t = DEFAULT_CACHE_MB)]
    cache_mb: usize,
    /// Live comment streams one client (an address, an IPv6 /64) may hold open at once.
    #[arg(long, env = "OKUR_LIVE_PER_CLIENT", default_value_t = streams::PER_CLIENT)]
    live_per_client: usize,
    /// Live comment streams the server holds open at once (each is also a connection: keep
    /// --max-connections above it).
    #[arg(long, env = "OKUR_LIVE_TOTAL", default_value_t = streams::TOTAL)]
    live_total: usize,
    /// The order of the site's sections in the masthead and on the front page, as their URL
    /// names separated by commas (e.g. `gundem,dunya,ekonomi`); sections not named follow, those
    /// with the most stories first. Without it, every section is ordered by its stories.
    #[arg(long, env = "OKUR_SECTIONS", default_value = "", value_delimiter = ',')]
    sections: Vec<String>,
    /// Count article views for the "most read" list (`false`: none counted, the list stays
    /// empty). Views are aggregates per article and hour; nothing about a reader is kept.
    #[arg(long, env = "OKUR_VIEWS", default_value_t = true, action = clap::ArgAction::Set)]
    views: bool,
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

/// Opens the database, seeds it when new, and serves until Ctrl-C or SIGTERM.
pub(crate) async fn serve(args: ServeArgs) -> Result<ExitCode, String> {
    let (store, created) = args.db.open().await?;
    let store = store.with_default_language(args.locale.code());
    // Replicas starting together on a new database: the one that claims it seeds it.
    let claimed = created && store.claim("demo-seeded").await.map_err(|err| format!("cannot seed: {err}"))?;
    if claimed {
        let count =
            crate::import::seed::seed(&store).await.map_err(|err| format!("cannot seed the new database: {err}"))?;
        tracing::info!(articles = count, "new database seeded with demo content");
    }
    jobs::keep_checkpointing(&store);
    jobs::prune_budgets(&store);
    // Checked before listening: a wrong address is said at once, not at the first email.
    if let Some(url) = &args.smtp_url {
        let mailer = crate::mail::Mailer::new(url, &args.mail_from).map_err(|err| err.to_string())?;
        // Every email links back to the site: never to an address taken from a request.
        let site =
            args.public_url.as_deref().ok_or("--smtp-url needs --public-url: the emails' links start with it")?;
        jobs::send_mail(&store, mailer, site);
    }
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
    state.mail = args.smtp_url.is_some();
    state.page_cache_seconds = args.page_cache_seconds;
    state.cache = AnswerCache::with_megabytes(args.cache_mb);
    state.live = Streams::with_limits(args.live_per_client, args.live_total);
    jobs::follow_announcements(&state.generations, &state.store);
    jobs::publish_scheduled(&state.store);
    state.count_views = args.views;
    if args.views {
        jobs::flush_views(&state.store, &state.views);
    }
    state.sections = crate::http::browse::Sections::ordered(
        args.sections.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
    );
    let views = state.views.clone();
    let live = state.live.clone();
    jobs::keep_fresh(&state.generations, &state.store, move || live.open());
    // The hash unknown accounts are checked against, made before the first login needs it.
    tokio::task::spawn_blocking(crate::auth::prepare);
    state.comments = CommentSettings {
        moderation: args.moderation,
        rate_limit: args.comment_rate_limit,
        refused_rate_limit: args.refused_rate_limit,
        trusted_proxies: args.trusted_proxies,
        edit_window: time::Duration::minutes(i64::from(args.comment_edit_minutes)),
        report_threshold: args.report_threshold,
        report_rate_limit: args.report_rate_limit,
    };
    let seconds = |s: u64| std::time::Duration::from_secs(s.max(1));
    state.limits = Limits {
        header_timeout: seconds(args.header_timeout),
        body_timeout: seconds(args.body_timeout),
        max_connections: args.max_connections.max(1),
        requests_per_connection: args.requests_per_connection.max(1),
    };
    let limits = state.limits;
    let own_headers = crate::http::security::own_answer_headers(state.https());
    // Live streams never end by themselves: they are ended first, so that a stop waits for no
    // one and readers' browsers see a clean end (and reconnect, to another replica say).
    let live = state.live.clone();
    let shutdown = async move {
        shutdown_signal().await;
        live.close_all();
    };
    crate::serve::serve(listener, app(state), limits, &own_headers, shutdown).await;
    // Views counted since the last flush are not lost at a clean stop.
    jobs::flush_views_once(&store, &views).await;
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
