//! How many posts each client may make: budgets of accepted and of refused posts per minute,
//! in bounded memory on one server, in the database when replicas share it.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lru::LruCache;

use crate::http::error::{seconds, AppError};
use crate::http::identity::ClientKey;
use crate::store::{Store, StoreError};

/// The window a budget is counted in.
const WINDOW: Duration = Duration::from_secs(60);

/// How many clients each budget remembers: the limiter's memory is capped at about 100 bytes
/// per client, the least recently seen forgotten first.
pub const LIMITER_CAPACITY: usize = 100_000;

/// One budget of `limit` posts per minute per client, kept as the generic cell rate algorithm
/// (one instant per client, O(1) per request): a client may post `limit` at once, then one
/// every `60 s / limit`.
#[derive(Debug)]
struct Budget {
    /// Per client, the time at which its budget will be full again.
    full_at: LruCache<ClientKey, Instant>,
}

impl Budget {
    /// An empty budget remembering at most `capacity` clients.
    fn new(capacity: usize) -> Self {
        Budget { full_at: LruCache::new(NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN)) }
    }

    /// Takes one post for the client, or says how many seconds until it may post again.
    fn take(&mut self, client: ClientKey, limit: u32, now: Instant) -> Result<(), u64> {
        let wait = self.wait(client, limit, now);
        if wait > Duration::ZERO {
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        let step = WINDOW / limit.max(1);
        let from = self.full_at.get(&client).copied().filter(|t| *t > now).unwrap_or(now);
        self.full_at.put(client, from + step);
        Ok(())
    }

    /// How long until the client may post once more (zero: now).
    fn wait(&mut self, client: ClientKey, limit: u32, now: Instant) -> Duration {
        let step = WINDOW / limit.max(1);
        let Some(full_at) = self.full_at.get(&client).copied() else {
            return Duration::ZERO;
        };
        full_at.saturating_duration_since(now).saturating_sub(WINDOW - step)
    }

    /// Gives back a post taken for a request that was not accepted after all.
    fn give_back(&mut self, client: ClientKey, limit: u32) {
        let step = WINDOW / limit.max(1);
        if let Some(full_at) = self.full_at.get_mut(&client) {
            *full_at = full_at.checked_sub(step).unwrap_or(*full_at);
        }
    }

    /// How many clients it remembers.
    fn len(&self) -> usize {
        self.full_at.len()
    }
}

/// The comment limits of every client: accepted posts, refused ones (with a higher budget, so
/// that probing with bad posts costs an attacker too) and reports.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    budgets: Arc<Mutex<(Budget, Budget, Budget)>>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::with_capacity(LIMITER_CAPACITY)
    }
}

impl RateLimiter {
    /// A limiter remembering at most `capacity` clients per budget.
    pub fn with_capacity(capacity: usize) -> Self {
        let budget = || Budget::new(capacity);
        RateLimiter { budgets: Arc::new(Mutex::new((budget(), budget(), budget()))) }
    }

    /// Runs `f` on the budgets (accepted, refused, reports) under the lock.
    fn with<T>(&self, f: impl FnOnce(&mut Budget, &mut Budget, &mut Budget) -> T) -> T {
        let mut budgets = self.budgets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (accepted, refused, reports) = &mut *budgets;
        f(accepted, refused, reports)
    }

    /// Takes an accepted post's slot, or the seconds to wait.
    pub fn acquire(&self, client: ClientKey, limit: u32, now: Instant) -> Result<(), u64> {
        self.with(|accepted, _, _| accepted.take(client, limit, now))
    }

    /// Gives back an accepted post's slot (the post was refused after all).
    pub fn release(&self, client: ClientKey, limit: u32) {
        self.with(|accepted, _, _| accepted.give_back(client, limit));
    }

    /// Seconds the client must wait because it spent its budget of refused posts, if it did.
    pub fn refused_wait(&self, client: ClientKey, limit: u32, now: Instant) -> Option<u64> {
        let wait = self.with(|_, refused, _| refused.wait(client, limit, now));
        (wait > Duration::ZERO).then(|| wait.as_secs_f64().ceil().max(1.0) as u64)
    }

    /// Counts a refused post against the client, or the seconds to wait when the budget was
    /// spent meanwhile (by posts sent together with this one).
    pub fn refused(&self, client: ClientKey, limit: u32, now: Instant) -> Result<(), u64> {
        self.with(|_, refused, _| refused.take(client, limit, now))
    }

    /// Takes a report's slot, or the seconds to wait.
    pub fn report(&self, client: ClientKey, limit: u32, now: Instant) -> Result<(), u64> {
        self.with(|_, _, reports| reports.take(client, limit, now))
    }

    /// How many clients are remembered, per budget (accepted, refused).
    pub fn clients(&self) -> (usize, usize) {
        self.with(|accepted, refused, _| (accepted.len(), refused.len()))
    }
}

/// The comment budgets: kept in this process when it is the only server (SQLite), or in the
/// shared database when replicas share one (PostgreSQL), so that a client over its limit is
/// refused whichever replica it reaches.
#[derive(Debug, Clone)]
pub enum Budgets {
    /// In memory, capped (see [`RateLimiter`]).
    Local(RateLimiter),
    /// In the database's `budgets` table, by its clock.
    Shared(Store),
}

/// The budgets' names in the shared table.
const ACCEPTED: &str = "accepted";
const REFUSED: &str = "refused";
const REPORTS: &str = "reports";

impl Budgets {
    /// The budgets a server on this store keeps.
    pub fn for_store(store: &Store) -> Self {
        if store.is_shared() {
            Budgets::Shared(store.clone())
        } else {
            Budgets::Local(RateLimiter::default())
        }
    }

    /// Takes an accepted post's slot, or says how many seconds to wait.
    pub async fn acquire(&self, client: ClientKey, limit: u32) -> Result<(), AppError> {
        match self {
            Budgets::Local(limiter) => limiter.acquire(client, limit, Instant::now()).map_err(AppError::RateLimited),
            Budgets::Shared(store) => {
                Ok(store.take_from_budget(ACCEPTED, &client.to_string(), limit, window_ms()).await?)
            }
        }
    }

    /// Takes a report's slot (a budget of its own: reporting never spends posting), or says how
    /// many seconds to wait.
    pub async fn report(&self, client: ClientKey, limit: u32) -> Result<(), AppError> {
        match self {
            Budgets::Local(limiter) => limiter.report(client, limit, Instant::now()).map_err(AppError::RateLimited),
            Budgets::Shared(store) => {
                Ok(store.take_from_budget(REPORTS, &client.to_string(), limit, window_ms()).await?)
            }
        }
    }

    /// Gives an accepted post's slot back (the post was refused after all).
    pub async fn release(&self, client: ClientKey, limit: u32) -> Result<(), StoreError> {
        match self {
            Budgets::Local(limiter) => {
                limiter.release(client, limit);
                Ok(())
            }
            Budgets::Shared(store) => {
                store.give_back_to_budget(ACCEPTED, &client.to_string(), limit, window_ms()).await
            }
        }
    }

    /// Seconds the client must wait because it spent its budget of refused posts, if it did.
    pub async fn refused_wait(&self, client: ClientKey, limit: u32) -> Result<Option<u64>, StoreError> {
        match self {
            Budgets::Local(limiter) => Ok(limiter.refused_wait(client, limit, Instant::now())),
            Budgets::Shared(store) => {
                let wait = store.budget_wait(REFUSED, &client.to_string(), limit, window_ms()).await?;
                Ok((wait > 0).then(|| seconds(wait)))
            }
        }
    }

    /// Counts a refused post against the client in one atomic step (in the database when
    /// replicas share it), or says how many seconds to wait when the budget is spent: posts
    /// sent together are refused no more often than the budget, the rest are told to wait.
    pub async fn refused(&self, client: ClientKey, limit: u32) -> Result<(), AppError> {
        match self {
            Budgets::Local(limiter) => limiter.refused(client, limit, Instant::now()).map_err(AppError::RateLimited),
            Budgets::Shared(store) => {
                Ok(store.take_from_budget(REFUSED, &client.to_string(), limit, window_ms()).await?)
            }
        }
    }
}

/// The window in milliseconds.
fn window_ms() -> i64 {
    i64::try_from(WINDOW.as_millis()).unwrap_or(60_000)
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::*;

    fn key(address: &str) -> ClientKey {
        ClientKey::of(address.parse().unwrap())
    }

    #[test]
    fn a_budget_allows_a_burst_then_a_steady_rate() {
        let limiter = RateLimiter::default();
        let (a, b) = (key("10.0.0.1"), key("10.0.0.2"));
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(limiter.acquire(a, 5, t0).is_ok());
        }
        assert_eq!(limiter.acquire(a, 5, t0), Err(12), "one post every 12 s after the burst");
        assert!(limiter.acquire(b, 5, t0).is_ok(), "clients are counted apart");
        limiter.release(a, 5);
        assert!(limiter.acquire(a, 5, t0).is_ok(), "a released slot is free again");
        assert_eq!(limiter.acquire(a, 5, t0 + Duration::from_secs(6)), Err(6));
        assert!(limiter.acquire(a, 5, t0 + Duration::from_secs(12)).is_ok());
        assert!(limiter.acquire(a, 5, t0 + Duration::from_secs(72)).is_ok(), "a quiet minute refills it");
    }

    #[test]
    fn refused_posts_have_their_own_budget() {
        let limiter = RateLimiter::default();
        let a = key("192.0.2.1");
        let t0 = Instant::now();
        for _ in 0..30 {
            assert_eq!(limiter.refused_wait(a, 30, t0), None);
            assert_eq!(limiter.refused(a, 30, t0), Ok(()));
        }
        assert_eq!(limiter.refused_wait(a, 30, t0), Some(2));
        assert_eq!(limiter.refused(a, 30, t0), Err(2), "one checked meanwhile is not counted as an answer");
        assert!(limiter.acquire(a, 5, t0).is_ok(), "the accepted budget is separate");
        assert_eq!(limiter.refused_wait(a, 30, t0 + Duration::from_secs(2)), None);
    }

    #[test]
    fn memory_is_capped_by_forgetting_the_oldest() {
        let limiter = RateLimiter::with_capacity(1000);
        let t0 = Instant::now();
        for i in 0..5000u32 {
            let _ = limiter.acquire(ClientKey::of(IpAddr::from(i.to_be_bytes())), 1, t0);
        }
        assert_eq!(limiter.clients().0, 1000);
        assert!(limiter.acquire(ClientKey::of(IpAddr::from(0u32.to_be_bytes())), 1, t0).is_ok(), "forgotten");
        assert!(limiter.acquire(ClientKey::of(IpAddr::from(4999u32.to_be_bytes())), 1, t0).is_err(), "recent");
    }
}
