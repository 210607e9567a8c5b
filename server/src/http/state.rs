//! What every handler can reach: the database, the built front end, the settings the server
//! was started with, and the shared parts (the answer cache, the generations, the budgets, the
//! live streams).

use std::path::PathBuf;

use okur_web::i18n::Locale;

use crate::http::budgets::Budgets;
use crate::http::cache::answers::AnswerCache;
use crate::http::cache::generations::Generations;
use crate::http::identity::TrustedProxies;
use crate::http::pages::template::TemplateCache;
use crate::http::streams::Streams;
use crate::serve::Limits;
use crate::store::Store;

/// When comments wait for a moderator (`OKUR_MODERATION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Moderation {
    /// Publish at once.
    #[default]
    Off,
    /// Hold every comment.
    All,
    /// Hold comments that contain a link.
    Links,
}

/// How the comment section is run.
#[derive(Debug, Clone)]
pub struct CommentSettings {
    /// Which comments are held.
    pub moderation: Moderation,
    /// Accepted comments one client may post per minute.
    pub rate_limit: u32,
    /// Refused posts (invalid, duplicate, unknown parent…) one client may make per minute.
    pub refused_rate_limit: u32,
    /// The proxies whose X-Forwarded-For entries name the client.
    pub trusted_proxies: TrustedProxies,
    /// How long after posting a reader may edit or withdraw their comment (zero: never).
    pub edit_window: time::Duration,
    /// Distinct readers whose reports hold a comment for moderation.
    pub report_threshold: u32,
    /// Reports one client may send per minute.
    pub report_rate_limit: u32,
}

impl Default for CommentSettings {
    fn default() -> Self {
        CommentSettings {
            moderation: Moderation::Off,
            rate_limit: 5,
            refused_rate_limit: 30,
            trusted_proxies: TrustedProxies::default(),
            edit_window: time::Duration::minutes(10),
            report_threshold: 3,
            report_rate_limit: 10,
        }
    }
}

/// Seconds a shared cache may hold a page by default: brief, so news and comments stay fresh.
pub const DEFAULT_PAGE_CACHE_SECONDS: u32 = 30;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The folder with the built front end (Trunk's `dist`).
    pub dist: PathBuf,
    /// How comments are moderated and limited.
    pub comments: CommentSettings,
    /// The comment budgets of every client (shared through the database on PostgreSQL).
    pub limiter: Budgets,
    /// The site's language: pages are rendered in it unless the reader chose another.
    pub locale: Locale,
    /// The site's public address (`OKUR_PUBLIC_URL`), for the sitemap and absolute links in
    /// pages; without it, pages link relatively and there is no sitemap.
    pub public_url: Option<String>,
    /// Seconds a shared cache may keep a page before it revalidates (`--page-cache-seconds`).
    pub page_cache_seconds: u32,
    /// The built index.html, prepared to render pages into.
    pub templates: TemplateCache,
    /// GET answers kept in memory until what they show changes.
    pub cache: AnswerCache,
    /// What those answers depend on, mirrored from the database.
    pub generations: Generations,
    /// Timeouts and caps on connections (the body timeout is applied here, the rest by
    /// [`crate::serve::serve`]).
    pub limits: Limits,
    /// How long the first failed moderator login of a window is held back (it doubles with
    /// each failure; see [`crate::auth::delay_after`]).
    pub login_delay: std::time::Duration,
    /// Turns for checking a password ([`crate::auth::CHECKS_AT_ONCE`] at a time).
    pub password_checks: crate::auth::PasswordChecks,
    /// The names readers may not take: the site's, the authors', the moderators'.
    pub names: crate::http::names::ProtectedNames,
    /// The live comment streams open, bounded per client and in total.
    pub live: Streams,
    /// The site's sections, in the operator's order (`--sections`).
    pub sections: crate::http::browse::Sections,
    /// Article views counted since the last flush.
    pub views: crate::http::views::Views,
    /// Whether views are counted (`--views`).
    pub count_views: bool,
    /// Whether the site sends email (`--smtp-url`): then readers may ask for reply emails.
    pub mail: bool,
    /// The turns for making uploaded images ready.
    pub uploads: crate::media::Uploads,
}

impl AppState {
    /// The site's own address for absolute links: `--public-url` (without a trailing slash),
    /// else none. Never the request's Host header: a forged Host would otherwise end up in a
    /// cached page or sitemap.
    pub fn site_url(&self) -> Option<&str> {
        self.public_url.as_deref().map(|url| url.trim_end_matches('/'))
    }

    /// Whether the site is served over https (its public address says so): then HSTS, and
    /// `Secure` cookies.
    pub fn https(&self) -> bool {
        self.site_url().is_some_and(|url| url.starts_with("https://"))
    }

    /// State with the default comment settings.
    pub fn new(store: Store, dist: PathBuf) -> Self {
        AppState {
            limiter: Budgets::for_store(&store),
            store,
            dist,
            comments: CommentSettings::default(),
            locale: Locale::Tr,
            public_url: None,
            page_cache_seconds: DEFAULT_PAGE_CACHE_SECONDS,
            templates: TemplateCache::default(),
            limits: Limits::default(),
            cache: AnswerCache::default(),
            generations: Generations::default(),
            login_delay: crate::auth::FIRST_DELAY,
            password_checks: crate::auth::PasswordChecks::default(),
            names: crate::http::names::ProtectedNames::default(),
            mail: false,
            live: Streams::default(),
            sections: crate::http::browse::Sections::default(),
            views: crate::http::views::Views::default(),
            count_views: true,
            uploads: crate::media::Uploads::default(),
        }
    }
}
