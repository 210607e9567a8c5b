//! Views counted without cookies and without any address: a page view adds one to its
//! article's count in memory (counted by the article page's cache layer, `crate::http::cache`),
//! and a job adds the counts to the database every few seconds (one batch per flush, so a page
//! view costs no database write on its path). Not counted: HEAD requests, conditional requests
//! answered 304, errors, and clients whose User-Agent says bot, crawler or spider.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::{header, HeaderMap, HeaderValue};

/// The most distinct articles counted between two flushes (more are counted at the next).
const DISTINCT_MAX: usize = 100_000;

/// Views counted since the last flush: article slug → views.
#[derive(Debug, Clone, Default)]
pub struct Views {
    counts: Arc<Mutex<HashMap<String, i64>>>,
}

impl Views {
    /// Counts one view of an article.
    pub fn count(&self, slug: &str) {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = counts.get_mut(slug) {
            *n += 1;
        } else if counts.len() < DISTINCT_MAX {
            counts.insert(slug.to_owned(), 1);
        }
    }

    /// Takes every count made since the last take.
    pub fn take(&self) -> Vec<(String, i64)> {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut *counts).into_iter().collect()
    }

    /// Puts counts back that could not be stored, for the next flush.
    pub fn put_back(&self, taken: Vec<(String, i64)>) {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        for (slug, n) in taken {
            *counts.entry(slug).or_default() += n;
        }
    }
}

/// Whether a User-Agent names a robot (`bot`, `crawler` or `spider`, in any case).
pub fn is_robot(headers: &HeaderMap) -> bool {
    let Some(agent) = headers.get(header::USER_AGENT).map(HeaderValue::as_bytes) else {
        return false;
    };
    let has = |word: &[u8]| agent.windows(word.len()).any(|w| w.eq_ignore_ascii_case(word));
    has(b"bot") || has(b"crawler") || has(b"spider")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_come_back() {
        let views = Views::default();
        views.count("a");
        views.count("a");
        views.count("b");
        let mut taken = views.take();
        taken.sort();
        assert_eq!(taken, vec![("a".to_owned(), 2), ("b".to_owned(), 1)]);
        assert!(views.take().is_empty());
        views.count("a");
        views.put_back(taken);
        let mut again = views.take();
        again.sort();
        assert_eq!(again, vec![("a".to_owned(), 3), ("b".to_owned(), 1)]);
    }

    #[test]
    fn robots_say_so() {
        let agent = |ua: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::USER_AGENT, ua.parse().unwrap());
            is_robot(&headers)
        };
        assert!(agent("Mozilla/5.0 (compatible; Googlebot/2.1)"));
        assert!(agent("Some Crawler 1.0"));
        assert!(agent("Baiduspider"));
        assert!(!agent("Mozilla/5.0 (X11; Linux x86_64) Chrome/120"));
        assert!(!is_robot(&HeaderMap::new()));
    }
}
