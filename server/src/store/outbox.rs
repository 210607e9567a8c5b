//! The outbox: what an email is about, written with what caused it; claimed by a sender for a
//! while, read as it stands when the email is written, marked sent one email at a time (so
//! that a sender dying mid-delivery resends at most the one it was on), tried again later after
//! a temporary refusal, held back past the hourly bound, dropped when no longer true.

use okur_web::i18n::Locale;

use super::dialect::Dialect;
use super::model::{MailAbout, MailKind, OutboxMail};
use super::{Backend, Inner, Store, StoreError};
use crate::domain::stamp::Stamp;

/// What an outbox row is about, as read.
#[derive(Debug, sqlx::FromRow)]
struct AboutRecord {
    id: i64,
    address: String,
    locale: String,
    comment_id: Option<i64>,
    subscribed_id: Option<i64>,
    author_name: String,
    body: String,
    slug: String,
    title: String,
    current: bool,
}

queries! {
    /// Claims up to `limit` due emails until `until` (nobody else's claim running), oldest first.
    pub async fn claim_mail(&self, until: Stamp, limit: u32) -> Result<Vec<OutboxMail>, StoreError> {
        let now = Stamp::now().to_string();
        let sql = format!(
            "UPDATE outbox SET claimed_until = $1 WHERE id IN (SELECT id FROM outbox WHERE state = 'queued' \
             AND due_at <= $2 AND (claimed_until IS NULL OR claimed_until < $2) ORDER BY due_at, id LIMIT $3{}) \
             RETURNING id, kind, address_id, attempts, created_at",
            <Db as Dialect>::SKIP_LOCKED
        );
        let rows: Vec<(i64, String, i64, i64, String)> =
            sqlx::query_as(&sql).bind(until.to_string()).bind(&now).bind(i64::from(limit)).fetch_all(&self.pool).await?;
        let mut mails: Vec<OutboxMail> = rows
            .into_iter()
            .filter_map(|(id, kind, address_id, attempts, created_at)| {
                let attempts = u32::try_from(attempts).unwrap_or(u32::MAX);
                Some(OutboxMail { id, kind: MailKind::parse(&kind)?, address_id, attempts, created_at })
            })
            .collect();
        mails.sort_by_key(|m| m.id);
        Ok(mails)
    }

    /// What claimed rows are about, as it stands now (a row gone is left out), by id.
    pub async fn mail_about(&self, ids: &[i64]) -> Result<Vec<MailAbout>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The ids are numbers the store gave: written into the query, one statement a pass.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<AboutRecord> = sqlx::query_as(&format!(
            "SELECT o.id, m.address, o.locale, o.comment_id, o.subscribed_id, \
                    COALESCE(c.author_name, '') AS author_name, COALESCE(c.body, '') AS body, \
                    COALESCE(a.slug, '') AS slug, COALESCE(a.title, '') AS title, \
                    COALESCE(CASE o.kind \
                        WHEN 'reply' THEN c.status = 'published' AND (p.id IS NULL OR p.status = 'published') \
                             AND s.stopped_at IS NULL AND m.confirmed_at IS NOT NULL AND m.stopped_at IS NULL \
                        WHEN 'held' THEN c.status = 'pending' AND m.confirmed_at IS NOT NULL AND m.stopped_at IS NULL \
                        ELSE m.confirmed_at IS NULL AND m.stopped_at IS NULL END, FALSE) AS current \
             FROM outbox o JOIN mail_addresses m ON m.id = o.address_id \
             LEFT JOIN comments c ON c.id = o.comment_id LEFT JOIN articles a ON a.id = c.article_id \
             LEFT JOIN comments p ON p.id = c.parent_id \
             LEFT JOIN reply_subscriptions s ON s.comment_id = o.subscribed_id \
             WHERE o.id IN ({list}) ORDER BY o.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| MailAbout {
                id: r.id,
                address: r.address,
                locale: Locale::from_code(&r.locale).unwrap_or_default(),
                comment_id: r.comment_id,
                subscribed_id: r.subscribed_id,
                author_name: r.author_name,
                body: r.body,
                slug: r.slug,
                title: r.title,
                current: r.current,
            })
            .collect())
    }

    /// Per address that got any, the emails (a digest counts once) sent to it since `since` but
    /// confirmations, and when the first of them went.
    pub async fn mail_sent_since(&self, address_ids: &[i64], since: Stamp) -> Result<Vec<(i64, i64, String)>, StoreError> {
        if address_ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = address_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        Ok(sqlx::query_as(&format!(
            "SELECT address_id, COUNT(DISTINCT COALESCE(sent_with, id)), MIN(sent_at) FROM outbox \
             WHERE address_id IN ({list}) AND state = 'sent' AND kind <> 'confirm' AND sent_at > $1 GROUP BY address_id"
        ))
        .bind(since.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Marks emails delivered: `ids` went as one email (a digest, or one alone).
    pub async fn mail_sent(&self, ids: &[i64]) -> Result<(), StoreError> {
        let now = Stamp::now().to_string();
        let mut tx = self.pool.begin().await?;
        for id in ids {
            sqlx::query("UPDATE outbox SET state = 'sent', sent_at = $2, sent_with = $3, claimed_until = NULL WHERE id = $1")
                .bind(id)
                .bind(&now)
                .bind(ids[0])
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Puts emails off until `until` (the hourly bound), their claim released.
    pub async fn defer_mail(&self, ids: &[i64], until: Stamp) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for id in ids {
            sqlx::query("UPDATE outbox SET due_at = $2, claimed_until = NULL WHERE id = $1")
                .bind(id)
                .bind(until.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Drops an email no longer true (the reply withdrawn, the reader stopped).
    pub async fn drop_mail(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET state = 'dropped', claimed_until = NULL WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Notes a failed delivery: tried again at `retry_at`, or given up when there is none.
    pub async fn mail_failed(&self, id: i64, retry_at: Option<Stamp>, error: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, claimed_until = NULL, last_error = $3, \
             state = CASE WHEN $2 IS NULL THEN 'failed' ELSE state END, due_at = COALESCE($2, due_at) WHERE id = $1",
        )
        .bind(id)
        .bind(retry_at.map(|at| at.to_string()))
        .bind(error)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets the outbox rows done before `before` (sent, failed or dropped; the hourly bound
    /// looks back an hour only); how many.
    pub async fn prune_outbox(&self, before: Stamp) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM outbox WHERE state <> 'queued' AND created_at < $1")
            .bind(before.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// How many outbox rows are queued, sent, failed and dropped.
    pub async fn outbox_counts(&self) -> Result<(i64, i64, i64, i64), StoreError> {
        Ok(sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE state = 'queued'), COUNT(*) FILTER (WHERE state = 'sent'), \
             COUNT(*) FILTER (WHERE state = 'failed'), COUNT(*) FILTER (WHERE state = 'dropped') FROM outbox",
        )
        .fetch_one(&self.pool)
        .await?)
    }
}
