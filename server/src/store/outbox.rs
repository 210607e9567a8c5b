//! The outbox: emails written with what caused them, claimed by a sender for a while, marked
//! sent one by one (so that a sender dying mid-delivery resends at most the one it was on),
//! tried again later after a temporary refusal.

use super::dialect::Dialect;
use super::model::{MailKind, NewMail, OutboxMail};
use super::{Backend, Inner, Store, StoreError};
use crate::domain::stamp::Stamp;

/// An outbox row as a claim reads it.
#[derive(Debug, sqlx::FromRow)]
struct OutboxRecord {
    id: i64,
    kind: String,
    address: String,
    subject: String,
    text_body: String,
    html_body: String,
    unsubscribe: Option<String>,
    attempts: i64,
}

impl OutboxRecord {
    /// The email (a kind the column's CHECK does not know is none).
    fn into_mail(self) -> Option<OutboxMail> {
        Some(OutboxMail {
            id: self.id,
            attempts: u32::try_from(self.attempts).unwrap_or(u32::MAX),
            mail: NewMail {
                kind: MailKind::parse(&self.kind)?,
                address: self.address,
                subject: self.subject,
                text_body: self.text_body,
                html_body: self.html_body,
                unsubscribe: self.unsubscribe,
            },
        })
    }
}

queries! {
    /// Queues an email, due now.
    pub async fn queue_mail(&self, mail: &NewMail) -> Result<i64, StoreError> {
        Self::queue_mail_in(&self.pool, mail).await
    }

    /// Claims up to `limit` due emails until `until` (nobody else's claim running), oldest first.
    pub async fn claim_mail(&self, until: Stamp, limit: u32) -> Result<Vec<OutboxMail>, StoreError> {
        let now = Stamp::now().to_string();
        let sql = format!(
            "UPDATE outbox SET claimed_until = $1 WHERE id IN (SELECT id FROM outbox WHERE state = 'queued' \
             AND due_at <= $2 AND (claimed_until IS NULL OR claimed_until < $2) ORDER BY due_at, id LIMIT $3{}) \
             RETURNING id, kind, address, subject, text_body, html_body, unsubscribe, attempts",
            <Db as Dialect>::SKIP_LOCKED
        );
        let rows: Vec<OutboxRecord> =
            sqlx::query_as(&sql).bind(until.to_string()).bind(&now).bind(i64::from(limit)).fetch_all(&self.pool).await?;
        let mut mails: Vec<OutboxMail> = rows.into_iter().filter_map(OutboxRecord::into_mail).collect();
        mails.sort_by_key(|m| m.id);
        Ok(mails)
    }

    /// Marks an email delivered.
    pub async fn mail_sent(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET state = 'sent', sent_at = $2, claimed_until = NULL WHERE id = $1")
            .bind(id)
            .bind(Stamp::now().to_string())
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

    /// How many emails are queued, sent and failed.
    pub async fn outbox_counts(&self) -> Result<(i64, i64, i64), StoreError> {
        Ok(sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE state = 'queued'), COUNT(*) FILTER (WHERE state = 'sent'), \
             COUNT(*) FILTER (WHERE state = 'failed') FROM outbox",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    private {
        impl Inner<Db> {
            /// Queues an email with `executor` (a transaction: the email goes with what caused it).
            pub(in crate::store) async fn queue_mail_in(
                executor: impl sqlx::Executor<'_, Database = Db>,
                mail: &NewMail,
            ) -> Result<i64, StoreError> {
                let now = Stamp::now().to_string();
                Ok(sqlx::query_scalar(
                    "INSERT INTO outbox (kind, address, subject, text_body, html_body, unsubscribe, due_at, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                )
                .bind(mail.kind.as_str())
                .bind(&mail.address)
                .bind(&mail.subject)
                .bind(&mail.text_body)
                .bind(&mail.html_body)
                .bind(&mail.unsubscribe)
                .bind(now)
                .fetch_one(executor)
                .await?)
            }
        }
    }
}
