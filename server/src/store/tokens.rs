//! Publishing tools' tokens (`okur staff token`): each an account's, kept only as its hash,
//! revocable one by one or all at once, and dying with the account.

use okur_types::moderation::Role;

use super::desk_model::TokenInfo;
use super::{Backend, Inner, Store, StoreError};
use crate::domain::stamp::Stamp;

queries! {
    /// Keeps a new token's hash for an account; its number, or none when there is no such account.
    pub async fn add_token(&self, name: &str, token_hash: &str, label: &str) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO staff_tokens (moderator_id, token_hash, label, created_at) \
             SELECT id, $2, $3, $4 FROM moderators WHERE name = $1 RETURNING id",
        )
        .bind(name)
        .bind(token_hash)
        .bind(label)
        .bind(Stamp::now().to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The account a token belongs to and its role (read now: a change of role holds at once),
    /// the token marked used; none for a token that is not (or no longer) there.
    pub async fn token_account(&self, token_hash: &str) -> Result<Option<(String, Role)>, StoreError> {
        let found: Option<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT t.id, m.name, m.role, t.last_used_at FROM staff_tokens t JOIN moderators m ON m.id = t.moderator_id \
             WHERE t.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, name, role, last)) = found else {
            return Ok(None);
        };
        // Written at most once a minute: a busy tool's every request need not be a write.
        let now = Stamp::now();
        if last.as_deref().and_then(Stamp::parse).is_none_or(|at| at < now.before(time::Duration::minutes(1))) {
            sqlx::query("UPDATE staff_tokens SET last_used_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now.to_string())
                .execute(&self.pool)
                .await?;
        }
        Ok(Some((name, Role::parse(&role).unwrap_or_default())))
    }

    /// An account's tokens, the newest first; none when there is no such account.
    pub async fn tokens(&self, name: &str) -> Result<Option<Vec<TokenInfo>>, StoreError> {
        let account: Option<i64> =
            sqlx::query_scalar("SELECT id FROM moderators WHERE name = $1").bind(name).fetch_optional(&self.pool).await?;
        let Some(account) = account else {
            return Ok(None);
        };
        let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, label, created_at, last_used_at FROM staff_tokens WHERE moderator_id = $1 ORDER BY id DESC",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(
            rows.into_iter()
                .map(|(id, label, created_at, last_used_at)| TokenInfo { id, label, created_at, last_used_at })
                .collect(),
        ))
    }

    /// Revokes one of an account's tokens (by number) or all of them; how many went.
    pub async fn revoke_tokens(&self, name: &str, id: Option<i64>) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "DELETE FROM staff_tokens WHERE moderator_id = (SELECT id FROM moderators WHERE name = $1) \
             AND ($2 = 0 OR id = $2)",
        )
        .bind(name)
        .bind(id.unwrap_or(0))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
