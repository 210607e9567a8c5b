//! Reply emails' consent: the addresses that asked (confirmed by a link, at most one
//! confirmation a day), the comments whose replies they want, the links' tokens (kept hashed),
//! and what a reply, an approval or a hold writes into the outbox in its own transaction.

use okur_types::comments::NotifyReplies;
use okur_web::i18n::Locale;

use super::dialect::Dialect;
use super::model::{MailToken, TokenPurpose, TokenUse};
use super::{Backend, Inner, Store, StoreError};
use crate::domain::stamp::Stamp;

/// How long a confirmation email holds back the next one to the same address.
pub const CONFIRM_EVERY: time::Duration = time::Duration::days(1);
/// Held comments' emails to a moderator go out at most once in this: one email for them all.
pub const HELD_EVERY: time::Duration = time::Duration::minutes(5);

/// What a token ends when it is used as a stop link: a confirmation's stops everything ("this
/// was not me"), the others what they say.
fn as_stop(found: TokenUse) -> TokenUse {
    match found.purpose {
        TokenPurpose::Confirm => TokenUse { purpose: TokenPurpose::StopAll, ..found },
        _ => found,
    }
}

/// An address as it is kept: one row per person however they typed it.
pub fn address_key(address: &str) -> String {
    address.trim().to_lowercase()
}

/// A link's token as read.
#[derive(Debug, sqlx::FromRow)]
struct TokenRecord {
    address_id: i64,
    purpose: String,
    locale: String,
    slug: Option<String>,
    title: Option<String>,
}

queries! {
    /// Follows a confirmation link: the address confirmed (now or before), or, when its owner
    /// has stopped every email to it since, still stopped (a use of purpose `StopAll`); none
    /// when the token is unknown or not a confirmation's.
    pub async fn confirm_address(&self, token_hash: &str) -> Result<Option<TokenUse>, StoreError> {
        let Some((address_id, found)) = Self::token_use(&self.pool, token_hash).await? else { return Ok(None) };
        if found.purpose != TokenPurpose::Confirm {
            return Ok(None);
        }
        let done = sqlx::query(
            "UPDATE mail_addresses SET confirmed_at = COALESCE(confirmed_at, $2) WHERE id = $1 AND stopped_at IS NULL",
        )
        .bind(address_id)
        .bind(Stamp::now().to_string())
        .execute(&self.pool)
        .await?;
        Ok(Some(match done.rows_affected() {
            0 => as_stop(found),
            _ => found,
        }))
    }

    /// What a stop link would end, for its page; none when the token is unknown.
    pub async fn mail_token(&self, token_hash: &str) -> Result<Option<TokenUse>, StoreError> {
        Ok(Self::token_use(&self.pool, token_hash).await?.map(|(_, found)| as_stop(found)))
    }

    /// Follows a stop link: the replies to one comment end, or every email to the address
    /// (a confirmation link's token stops everything too: "this was not me"). What it ended;
    /// none when the token is unknown.
    pub async fn stop_mail(&self, token_hash: &str) -> Result<Option<TokenUse>, StoreError> {
        let Some((address_id, found)) = Self::token_use(&self.pool, token_hash).await? else { return Ok(None) };
        let found = as_stop(found);
        let now = Stamp::now().to_string();
        let mut tx = self.pool.begin().await?;
        match found.purpose {
            TokenPurpose::StopReplies => {
                sqlx::query(
                    "UPDATE reply_subscriptions SET stopped_at = COALESCE(stopped_at, $2) WHERE comment_id = \
                     (SELECT comment_id FROM mail_tokens WHERE token_hash = $1)",
                )
                .bind(token_hash)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
            TokenPurpose::StopAll | TokenPurpose::Confirm => {
                sqlx::query("UPDATE mail_addresses SET stopped_at = COALESCE(stopped_at, $2) WHERE id = $1")
                    .bind(address_id)
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(Some(found))
    }

    /// Keeps the tokens of an email's links (by their hashes), before it is sent.
    pub async fn add_mail_tokens(&self, tokens: &[MailToken]) -> Result<(), StoreError> {
        let now = Stamp::now().to_string();
        let mut tx = self.pool.begin().await?;
        for token in tokens {
            sqlx::query(
                "INSERT INTO mail_tokens (token_hash, purpose, address_id, comment_id, locale, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&token.hash)
            .bind(token.purpose.as_str())
            .bind(token.address_id)
            .bind(token.comment_id)
            .bind(token.locale.code())
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sets (or, with none, clears) the address a moderator is told of held comments at, and
    /// its language; where it stands (a new address is confirmed first, as a reader's is).
    /// None when there is no such moderator.
    pub async fn set_held_mail(
        &self,
        moderator: &str,
        address: Option<&str>,
        locale: Locale,
    ) -> Result<Option<Option<NotifyReplies>>, StoreError> {
        let now = Stamp::now();
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        let (address_id, state) = match address {
            None => (None, None),
            Some(address) => {
                let (id, state) = Self::ask_consent(&mut tx, address, locale, None, now).await?;
                (Some(id), Some(state))
            }
        };
        let done = sqlx::query("UPDATE moderators SET held_mail_id = $2, held_mail_locale = $3 WHERE name = $1")
            .bind(moderator)
            .bind(address_id)
            .bind(locale.code())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        tx.commit().await?;
        Ok(Some(state))
    }

    /// A moderator's address for held comments, whether it is confirmed, and its language.
    pub async fn held_mail(&self, moderator: &str) -> Result<Option<(String, bool, Locale)>, StoreError> {
        let row: Option<(String, bool, String)> = sqlx::query_as(
            "SELECT a.address, a.confirmed_at IS NOT NULL AND a.stopped_at IS NULL, m.held_mail_locale \
             FROM moderators m JOIN mail_addresses a ON a.id = m.held_mail_id WHERE m.name = $1",
        )
        .bind(moderator)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(address, confirmed, locale)| (address, confirmed, Locale::from_code(&locale).unwrap_or_default())))
    }

    private {
        impl Inner<Db> {
            /// A token's address and use.
            async fn token_use(
                executor: impl sqlx::Executor<'_, Database = Db>,
                token_hash: &str,
            ) -> Result<Option<(i64, TokenUse)>, StoreError> {
                let row: Option<TokenRecord> = sqlx::query_as(
                    "SELECT t.address_id, t.purpose, t.locale, a.slug, a.title FROM mail_tokens t \
                     LEFT JOIN comments c ON c.id = t.comment_id LEFT JOIN articles a ON a.id = c.article_id \
                     WHERE t.token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(executor)
                .await?;
                Ok(row.and_then(|TokenRecord { address_id, purpose, locale, slug, title }| {
                    let found = TokenUse {
                        purpose: TokenPurpose::parse(&purpose)?,
                        locale: Locale::from_code(&locale).unwrap_or_default(),
                        article: slug.zip(title),
                    };
                    Some((address_id, found))
                }))
            }

            /// An address asking for email (a reader's tick, a moderator's setting), in the
            /// caller's transaction: its row (asking again after a stop starts over, confirmation
            /// included: the stop was its owner's word), and a confirmation email queued unless
            /// it is confirmed or one went out within [`CONFIRM_EVERY`].
            pub(in crate::store) async fn ask_consent(
                tx: &mut sqlx::Transaction<'_, Db>,
                address: &str,
                locale: Locale,
                comment_id: Option<i64>,
                now: Stamp,
            ) -> Result<(i64, NotifyReplies), StoreError> {
                let (id, confirmed, sent): (i64, bool, Option<String>) = sqlx::query_as(
                    "INSERT INTO mail_addresses (address, created_at) VALUES ($1, $2) \
                     ON CONFLICT (address) DO UPDATE SET \
                         confirmed_at = CASE WHEN mail_addresses.stopped_at IS NULL THEN mail_addresses.confirmed_at END, \
                         confirm_sent_at = CASE WHEN mail_addresses.stopped_at IS NULL THEN mail_addresses.confirm_sent_at END, \
                         stopped_at = NULL \
                     RETURNING id, confirmed_at IS NOT NULL, confirm_sent_at",
                )
                .bind(address_key(address))
                .bind(now.to_string())
                .fetch_one(&mut **tx)
                .await?;
                if confirmed {
                    return Ok((id, NotifyReplies::Active));
                }
                let recent = now.before(CONFIRM_EVERY).to_string();
                if sent.is_some_and(|sent| sent > recent) {
                    return Ok((id, NotifyReplies::AwaitingConfirmation));
                }
                sqlx::query("UPDATE mail_addresses SET confirm_sent_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(now.to_string())
                    .execute(&mut **tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO outbox (kind, address_id, comment_id, locale, due_at, created_at) \
                     VALUES ('confirm', $1, $2, $3, $4, $4)",
                )
                .bind(id)
                .bind(comment_id)
                .bind(locale.code())
                .bind(now.to_string())
                .execute(&mut **tx)
                .await?;
                Ok((id, NotifyReplies::ConfirmationSent))
            }

            /// A new comment's author asking for its replies, in its transaction.
            pub(in crate::store) async fn subscribe(
                tx: &mut sqlx::Transaction<'_, Db>,
                comment_id: i64,
                address: &str,
                locale: Locale,
                now: Stamp,
            ) -> Result<NotifyReplies, StoreError> {
                let (address_id, state) = Self::ask_consent(tx, address, locale, Some(comment_id), now).await?;
                sqlx::query(
                    "INSERT INTO reply_subscriptions (comment_id, address_id, locale, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(comment_id)
                .bind(address_id)
                .bind(locale.code())
                .bind(now.to_string())
                .execute(&mut **tx)
                .await?;
                Ok(state)
            }

            /// Queues the email of a reply now shown (posted, or approved: `once` then keeps an
            /// approval after a second thought from sending it again) to whoever asked for the
            /// replies to `answered`: confirmed, not stopped, and not the replier themself.
            pub(in crate::store) async fn queue_replies(
                executor: impl sqlx::Executor<'_, Database = Db>,
                reply_id: i64,
                answered: i64,
                replier_email: Option<&str>,
                now: Stamp,
                once: bool,
            ) -> Result<(), StoreError> {
                let once = match once {
                    true => " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.comment_id = $1 AND o.kind = 'reply')",
                    false => "",
                };
                sqlx::query(&format!(
                    "INSERT INTO outbox (kind, address_id, comment_id, subscribed_id, locale, due_at, created_at) \
                     SELECT 'reply', s.address_id, $1, s.comment_id, s.locale, $4, $4 \
                     FROM reply_subscriptions s JOIN mail_addresses m ON m.id = s.address_id \
                     WHERE s.comment_id = $2 AND s.stopped_at IS NULL AND m.confirmed_at IS NOT NULL \
                       AND m.stopped_at IS NULL AND m.address <> $3{once}"
                ))
                .bind(reply_id)
                .bind(answered)
                .bind(replier_email.map(address_key).unwrap_or_default())
                .bind(now.to_string())
                .execute(executor)
                .await?;
                Ok(())
            }

            /// Queues, for each moderator who asked, the email of a comment just held: due at
            /// the end of the current [`HELD_EVERY`], so that the holds of those minutes go
            /// as one email.
            pub(in crate::store) async fn queue_held(
                executor: impl sqlx::Executor<'_, Database = Db>,
                comment_id: i64,
                now: Stamp,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO outbox (kind, address_id, comment_id, locale, due_at, created_at) \
                     SELECT 'held', m.held_mail_id, $1, m.held_mail_locale, $3, $2 \
                     FROM moderators m JOIN mail_addresses a ON a.id = m.held_mail_id \
                     WHERE a.confirmed_at IS NOT NULL AND a.stopped_at IS NULL AND m.role IN ('moderator', 'admin')",
                )
                .bind(comment_id)
                .bind(now.to_string())
                .bind(now.slot_end(HELD_EVERY).to_string())
                .execute(executor)
                .await?;
                Ok(())
            }
        }
    }
}
