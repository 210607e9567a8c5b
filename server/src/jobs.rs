//! Every background task of a serving process, each started once by `okur serve`: scheduled
//! articles coming out, SQLite's WAL checkpoints, the generations mirror kept current (from
//! PostgreSQL's announcements, and by looking while live readers wait), and the shared comment
//! budgets pruned every minute.

use std::time::Duration;

use crate::http::cache::generations::{Generations, REFRESH};
use crate::store::Store;

/// How long the scheduler sleeps at most between looks for scheduled articles (one may be
/// imported meanwhile, due sooner than the one it waits for).
const SCHEDULE_LOOK: Duration = Duration::from_secs(5);

/// Brings scheduled articles out at their time. Before it, an article is in no answer but the
/// list's absence of it (its own addresses are 404s, never cached); at it, its row is touched so
/// that the list's generation moves on every server.
pub fn publish_scheduled(store: &Store) {
    let store = store.clone();
    tokio::spawn(async move {
        loop {
            let next = match store.next_scheduled().await {
                Ok(next) => next,
                Err(err) => {
                    tracing::warn!(error = %err, "could not look for scheduled articles");
                    None
                }
            };
            let Some((slug, due)) = next else {
                tokio::time::sleep(SCHEDULE_LOOK).await;
                continue;
            };
            let left = time::OffsetDateTime::parse(&due, &time::format_description::well_known::Rfc3339)
                .map(|due| due - time::OffsetDateTime::now_utc())
                .ok()
                .and_then(|left| Duration::try_from(left).ok())
                .unwrap_or_default();
            if left > SCHEDULE_LOOK {
                tokio::time::sleep(SCHEDULE_LOOK).await;
                continue;
            }
            tokio::time::sleep(left).await;
            if let Err(err) = store.touch_article(&slug).await {
                tracing::warn!(error = %err, slug, "could not bring out a scheduled article");
            }
        }
    });
}

/// How often counted views go to the database and the most read list is computed again: a
/// view shows in the list within this (and the cache's refresh) of being counted.
pub const VIEWS_EVERY: Duration = Duration::from_secs(3);

/// Adds the views counted in memory to the database every [`VIEWS_EVERY`], then brings the most
/// read list up to date (a change of it bumps its generation, so every server's cache lets the
/// pages showing it go). Counts that could not be stored wait for the next flush.
pub fn flush_views(store: &Store, views: &crate::http::views::Views) {
    let (store, views) = (store.clone(), views.clone());
    every(VIEWS_EVERY, move || {
        let (store, views) = (store.clone(), views.clone());
        async move { flush_views_once(&store, &views).await }
    });
}

/// One flush of [`flush_views`] (also called by tests).
pub async fn flush_views_once(store: &Store, views: &crate::http::views::Views) {
    let taken = views.take();
    if !taken.is_empty() {
        let hour = crate::store::hour_of(crate::domain::stamp::Stamp::now());
        let batch: Vec<(String, String, i64)> =
            taken.iter().map(|(slug, n)| (slug.clone(), hour.clone(), *n)).collect();
        if let Err(err) = store.add_views(&batch).await {
            tracing::warn!(error = %err, "could not store counted views; kept for the next flush");
            views.put_back(taken);
            return;
        }
    }
    if let Err(err) = store.refresh_most_read().await {
        tracing::warn!(error = %err, "could not compute the most read list");
    }
}

/// How often a serving process checkpoints SQLite's WAL into the database (see
/// [`Store::checkpoint`]).
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(10);

/// Checkpoints SQLite's WAL every [`CHECKPOINT_EVERY`] for as long as the process serves
/// (PostgreSQL needs nothing of the kind).
pub fn keep_checkpointing(store: &Store) {
    if store.is_shared() {
        return;
    }
    let store = store.clone();
    every(CHECKPOINT_EVERY, move || {
        let store = store.clone();
        async move {
            match store.checkpoint().await {
                Ok(Some(pages)) if pages > 0 => tracing::debug!(pages, "WAL checkpointed"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "WAL checkpoint failed"),
            }
        }
    });
}

/// Runs `job` every `period` (at once first), for as long as the process serves; a late run
/// delays the next rather than bunching them.
fn every<F: std::future::Future<Output = ()> + Send>(period: Duration, mut job: impl FnMut() -> F + Send + 'static) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            job().await;
        }
    });
}

/// Keeps the mirror of the generations current from PostgreSQL's announcements, reconnecting
/// when the connection drops; on SQLite there is nothing to listen to.
pub fn follow_announcements(generations: &Generations, store: &Store) {
    if !store.is_shared() {
        return;
    }
    let (generations, store) = (generations.clone(), store.clone());
    tokio::spawn(async move {
        loop {
            if let Err(err) = store.watch_generations(|| generations.outdated()).await {
                tracing::warn!(error = %err, "lost the change announcements; listening again");
            }
            generations.outdated();
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

/// Keeps the mirror fresh while anyone waits for changes (`listening` says how many): a look
/// every [`REFRESH`], so that changes made elsewhere (another replica, `okur comments`) reach
/// them without a read to trigger the look.
pub fn keep_fresh(generations: &Generations, store: &Store, listening: impl Fn() -> usize + Send + 'static) {
    let (generations, store) = (generations.clone(), store.clone());
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(REFRESH).await;
            if listening() > 0 && !generations.fresh() {
                if let Err(err) = generations.refresh(&store).await {
                    tracing::warn!(error = %err, "could not look for changes");
                }
            }
        }
    });
}

/// How often the shared comment budgets are pruned.
pub const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Forgets the shared budgets that are full again, every [`PRUNE_EVERY`], so the table holds
/// only clients of the last minute or so (PostgreSQL; on SQLite the budgets are in memory,
/// bounded there).
pub fn prune_budgets(store: &Store) {
    if !store.is_shared() {
        return;
    }
    let store = store.clone();
    every(PRUNE_EVERY, move || {
        let store = store.clone();
        async move {
            match store.prune_budgets().await {
                Ok(pruned) if pruned > 0 => tracing::debug!(pruned, "comment budgets pruned"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "could not prune the comment budgets"),
            }
        }
    });
}

/// Delivers the outbox (`--smtp-url`): [`crate::mail::sender::run`], for as long as the server runs.
pub fn send_mail(store: &Store, mailer: crate::mail::Mailer, site: &str) {
    tokio::spawn(crate::mail::sender::run(store.clone(), mailer, site.trim_end_matches('/').to_owned()));
}
