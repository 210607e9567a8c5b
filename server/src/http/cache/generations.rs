//! The database's cache generations mirrored in memory: what every kept answer is checked
//! against. Triggers on the `articles` row bump a scope's generation in the database whenever
//! anything it shows changes; a server's own writes refresh the mirror before they answer
//! (`crate::http`'s write layer), PostgreSQL announces every change to every replica, and
//! otherwise the mirror looks for changes at most every [`REFRESH`] (other processes on an
//! SQLite file: `okur comments`, `okur import`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::store::{Store, StoreError};

/// How old the mirror of the generations may get before a read looks for changes.
pub const REFRESH: Duration = Duration::from_millis(100);

/// The database's cache generations, mirrored in memory.
#[derive(Debug, Clone)]
pub struct Generations {
    inner: Arc<Mirror>,
}

/// The mirror and when it was last brought up to date.
#[derive(Debug)]
struct Mirror {
    /// Scope → generation.
    scopes: RwLock<HashMap<String, i64>>,
    /// The list's generation as of the last refresh (-1: never refreshed).
    seen: Mutex<(i64, Option<Instant>)>,
    /// One refresh at a time.
    refreshing: tokio::sync::Mutex<()>,
    /// How old the mirror may get (`REFRESH`; zero checks on every read).
    max_age: Duration,
    /// The list's generation, announced to whoever waits for changes (the live streams).
    pulse: tokio::sync::watch::Sender<i64>,
}

impl Default for Generations {
    fn default() -> Self {
        Generations::with_max_age(REFRESH)
    }
}

impl Generations {
    /// A mirror refreshed when older than `max_age`.
    pub fn with_max_age(max_age: Duration) -> Self {
        let mirror = Mirror {
            scopes: RwLock::new(HashMap::new()),
            seen: Mutex::new((-1, None)),
            refreshing: tokio::sync::Mutex::new(()),
            max_age,
            pulse: tokio::sync::watch::Sender::new(0),
        };
        Generations { inner: Arc::new(mirror) }
    }

    /// Brings the mirror up to date with the database: the scopes changed since last time.
    pub async fn refresh(&self, store: &Store) -> Result<(), StoreError> {
        let _one = self.inner.refreshing.lock().await;
        self.refresh_now(store).await
    }

    /// The refresh itself; the caller holds `refreshing`.
    async fn refresh_now(&self, store: &Store) -> Result<(), StoreError> {
        let since = self.inner.seen.lock().unwrap_or_else(|p| p.into_inner()).0;
        let started = Instant::now();
        let changed = store.generations_since(since).await?;
        let mut newest = since;
        {
            let mut scopes = self.inner.scopes.write().unwrap_or_else(|p| p.into_inner());
            for (scope, n, at) in changed {
                newest = newest.max(at);
                scopes.insert(scope, n);
            }
        }
        *self.inner.seen.lock().unwrap_or_else(|p| p.into_inner()) = (newest.max(0), Some(started));
        if newest > since {
            self.inner.pulse.send_replace(newest);
        }
        Ok(())
    }

    /// A receiver that wakes whenever a refresh finds something changed.
    pub fn changes(&self) -> tokio::sync::watch::Receiver<i64> {
        self.inner.pulse.subscribe()
    }

    /// Marks the mirror as needing a look before the next read (a change was announced).
    pub fn outdated(&self) {
        self.inner.seen.lock().unwrap_or_else(|p| p.into_inner()).1 = None;
    }

    /// Whether the mirror was brought up to date within its maximum age.
    pub fn fresh(&self) -> bool {
        let seen = self.inner.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.1.is_some_and(|at| at.elapsed() < self.inner.max_age)
    }

    /// A scope's generation, refreshing the mirror first when it is too old. Reads that find
    /// it old together wait for one refresh rather than each making their own.
    pub(crate) async fn current(&self, store: &Store, scope: &str) -> Result<i64, StoreError> {
        if !self.fresh() {
            let _one = self.inner.refreshing.lock().await;
            if !self.fresh() {
                self.refresh_now(store).await?;
            }
        }
        Ok(self.inner.scopes.read().unwrap_or_else(|p| p.into_inner()).get(scope).copied().unwrap_or(0))
    }
}
