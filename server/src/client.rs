//! Who a request comes from, honestly: the peer, or the address the operator's own proxies
//! vouch for; and how many posts each client may make, in bounded memory.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroUsize;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::HeaderMap;
use ipnet::IpNet;
use lru::LruCache;

use crate::store::{Store, StoreError};

/// The proxies whose `X-Forwarded-For` entries are believed (`--trusted-proxies`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// Reads `CIDR,CIDR,…`; a bare address stands for itself alone.
    fn from_str(list: &str) -> Result<Self, String> {
        let nets = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{item:?} is neither an address nor a CIDR range (like 10.0.0.0/8)"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies(nets))
    }
}

impl TrustedProxies {
    /// Whether an address is one of the operator's proxies.
    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&canonical(address)))
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are the IPv4 address they carry.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// A client as the limits count it: an IPv4 address, or an IPv6 /64 (one subscriber's network:
/// a single host can change the other 64 bits at will).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl std::fmt::Display for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}"),
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
        }
    }
}

impl ClientKey {
    /// The key of an address.
    pub fn of(address: IpAddr) -> Self {
        match canonical(address) {
            IpAddr::V6(v6) => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                ClientKey(IpAddr::V6(Ipv6Addr::from(prefix)))
            }
            v4 => ClientKey(v4),
        }
    }
}

/// Who sent a request: the peer, unless the peer is a trusted proxy; then `X-Forwarded-For`
/// read from the right (proxies append), skipping trusted proxies, up to the first address that
/// is not one. An entry that is not an address ends the walk: whatever lies left of it was
/// written by the client itself.
pub fn client_of(headers: &HeaderMap, peer: Option<SocketAddr>, trusted: &TrustedProxies) -> IpAddr {
    let Some(mut client) = peer.map(|p| canonical(p.ip())) else {
        return IpAddr::from([0, 0, 0, 0]);
    };
    if !trusted.trusts(client) {
        return client;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        let Ok(address) = hop.parse::<IpAddr>() else {
            break;
        };
        client = canonical(address);
        if !trusted.trusts(client) {
            break;
        }
    }
    client
}

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

/// The comment limits of every client: accepted posts, and (with a higher budget) refused ones,
/// so that probing with bad posts costs an attacker too.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    budgets: Arc<Mutex<(Budget, Budget)>>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::with_capacity(LIMITER_CAPACITY)
    }
}

impl RateLimiter {
    /// A limiter remembering at most `capacity` clients per budget.
    pub fn with_capacity(capacity: usize) -> Self {
        RateLimiter { budgets: Arc::new(Mutex::new((Budget::new(capacity), Budget::new(capacity)))) }
    }

    /// Runs `f` on the two budgets (accepted, refused) under the lock.
    fn with<T>(&self, f: impl FnOnce(&mut Budget, &mut Budget) -> T) -> T {
        let mut budgets = self.budgets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (accepted, refused) = &mut *budgets;
        f(accepted, refused)
    }

    /// Takes an accepted post's slot, or the seconds to wait.
    pub fn acquire(&self, client: ClientKey, limit: u32, now: Instant) -> Result<(), u64> {
        self.with(|accepted, _| accepted.take(client, limit, now))
    }

    /// Gives back an accepted post's slot (the post was refused after all).
    pub fn release(&self, client: ClientKey, limit: u32) {
        self.with(|accepted, _| accepted.give_back(client, limit));
    }

    /// Seconds the client must wait because it spent its budget of refused posts, if it did.
    pub fn refused_wait(&self, client: ClientKey, limit: u32, now: Instant) -> Option<u64> {
        let wait = self.with(|_, refused| refused.wait(client, limit, now));
        (wait > Duration::ZERO).then(|| wait.as_secs_f64().ceil().max(1.0) as u64)
    }

    /// Counts a refused post against the client.
    pub fn refused(&self, client: ClientKey, limit: u32, now: Instant) {
        // Over budget already: the wait is what the next request is told.
        let _ = self.with(|_, refused| refused.take(client, limit, now));
    }

    /// How many clients are remembered, per budget (accepted, refused).
    pub fn clients(&self) -> (usize, usize) {
        self.with(|accepted, refused| (accepted.len(), refused.len()))
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

/// The two budgets' names in the shared table.
const ACCEPTED: &str = "accepted";
const REFUSED: &str = "refused";

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
    pub async fn acquire(&self, client: ClientKey, limit: u32) -> Result<Result<(), u64>, StoreError> {
        match self {
            Budgets::Local(limiter) => Ok(limiter.acquire(client, limit, Instant::now())),
            Budgets::Shared(store) => {
                prune_now_and_then(store);
                let taken = store.take_from_budget(ACCEPTED, &client.to_string(), limit, window_ms()).await?;
                Ok(taken.map_err(seconds))
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

    /// Counts a refused post against the client.
    pub async fn refused(&self, client: ClientKey, limit: u32) -> Result<(), StoreError> {
        match self {
            Budgets::Local(limiter) => {
                limiter.refused(client, limit, Instant::now());
                Ok(())
            }
            Budgets::Shared(store) => {
                // Over budget already: the wait is what the next request is told.
                let _ = store.take_from_budget(REFUSED, &client.to_string(), limit, window_ms()).await?;
                Ok(())
            }
        }
    }
}

/// The window in milliseconds.
fn window_ms() -> i64 {
    i64::try_from(WINDOW.as_millis()).unwrap_or(60_000)
}

/// Milliseconds to wait, as the whole seconds Retry-After says (at least one).
fn seconds(ms: i64) -> u64 {
    u64::try_from(ms.max(1)).unwrap_or(1).div_ceil(1000)
}

/// Every thousandth post also forgets the shared budgets that are full again, so the table
/// holds only clients of the last minute.
fn prune_now_and_then(store: &Store) {
    static POSTS: AtomicU64 = AtomicU64::new(0);
    if POSTS.fetch_add(1, Ordering::Relaxed) % 1000 == 999 {
        let store = store.clone();
        tokio::spawn(async move {
            if let Err(err) = store.prune_budgets().await {
                tracing::warn!(error = %err, "could not prune the comment budgets");
            }
        });
    }
}

#[cfg(test)]
mod tests {
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
            limiter.refused(a, 30, t0);
        }
        assert_eq!(limiter.refused_wait(a, 30, t0), Some(2));
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

    #[test]
    fn ipv6_clients_are_their_64() {
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff:1:2:3"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:203.0.113.9"), key("203.0.113.9"));
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn the_client_is_found_from_the_right() {
        let trusted: TrustedProxies = "10.0.0.0/8, 127.0.0.1".parse().unwrap();
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // The client wrote a fake first hop; the proxy appended the real address.
        assert_eq!(client_of(&forwarded("1.2.3.4, 203.0.113.7"), Some(peer), &trusted), ip("203.0.113.7"));
        assert_eq!(client_of(&forwarded("203.0.113.7, 10.1.1.1, 10.2.2.2"), Some(peer), &trusted), ip("203.0.113.7"));
        assert_eq!(client_of(&forwarded("garbage, 203.0.113.7"), Some(peer), &trusted), ip("203.0.113.7"));
        assert_eq!(client_of(&forwarded("203.0.113.7, garbage"), Some(peer), &trusted), ip("127.0.0.1"));
        assert_eq!(client_of(&forwarded("10.0.0.5"), Some(peer), &trusted), ip("10.0.0.5"), "all trusted");
        let stranger: SocketAddr = "198.51.100.1:5000".parse().unwrap();
        assert_eq!(client_of(&forwarded("203.0.113.7"), Some(stranger), &trusted), ip("198.51.100.1"));
        assert_eq!(
            client_of(&forwarded("203.0.113.7"), Some(peer), &TrustedProxies::default()),
            ip("127.0.0.1"),
            "no proxies trusted: the header is ignored"
        );
        let mut two = forwarded("203.0.113.7");
        two.append("x-forwarded-for", "198.51.100.2".parse().unwrap());
        assert_eq!(client_of(&two, Some(peer), &trusted), ip("198.51.100.2"), "headers read in order");
    }

    #[test]
    fn proxy_lists_are_read_or_refused() {
        assert!("10.0.0.0/8,::1, fd00::/8".parse::<TrustedProxies>().is_ok());
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
        assert!("proxy.local".parse::<TrustedProxies>().is_err());
        assert_eq!("".parse::<TrustedProxies>(), Ok(TrustedProxies::default()));
    }
}
