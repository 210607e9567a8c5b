//! Staff accounts: who may sign in and in which role, their password hashes and sessions, and
//! the failed sign-ins counted against them.

use okur_types::moderation::{Role, StaffMember};

use super::{Backend, Inner, Store, StoreError};
use crate::domain::stamp::Stamp;

queries! {
    /// Adds a moderator (with a password hash); false when the name is taken.
    pub async fn add_moderator(&self, name: &str, hash: &str) -> Result<bool, StoreError> {
        self.add_staff(name, hash, Role::Moderator).await
    }

    /// Adds a staff account with a role (and a password hash); false when the name is taken.
    pub async fn add_staff(&self, name: &str, hash: &str, role: Role) -> Result<bool, StoreError> {
        let added: Option<i64> = sqlx::query_scalar(
            "INSERT INTO moderators (name, password_hash, created_at, role) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(hash)
        .bind(Stamp::now().to_string())
        .bind(role.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(added.is_some())
    }

    /// The staff accounts, by name: role, since when, open sessions.
    pub async fn staff(&self) -> Result<Vec<StaffMember>, StoreError> {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT m.name, m.role, m.created_at, (SELECT COUNT(*) FROM moderator_sessions s \
             WHERE s.moderator_id = m.id AND s.last_seen >= $1) FROM moderators m ORDER BY m.name",
        )
        .bind(Stamp::now().before(crate::auth::IDLE).to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(name, role, since, sessions)| StaffMember {
                name,
                role: Role::parse(&role).unwrap_or_default(),
                since,
                sessions,
            })
            .collect())
    }

    /// Gives an account another role, at once (sessions read it on every request); false when
    /// there is no such account, or when it is the last admin's and would leave none.
    pub async fn set_role(&self, name: &str, role: Role) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE moderators SET role = $2 WHERE name = $1 AND ($2 = 'admin' OR role <> 'admin' \
             OR (SELECT COUNT(*) FROM moderators WHERE role = 'admin') > 1)",
        )
        .bind(name)
        .bind(role.as_str())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Removes a moderator and their sessions; false when there is none by that name.
    pub async fn remove_moderator(&self, name: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM moderators WHERE name = $1").bind(name).execute(&self.pool).await?;
        Ok(done.rows_affected() > 0)
    }

    /// Sets a moderator's password hash and ends their sessions; false when there is none.
    pub async fn set_moderator_password(&self, name: &str, hash: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let id: Option<i64> =
            sqlx::query_scalar("UPDATE moderators SET password_hash = $2 WHERE name = $1 RETURNING id")
                .bind(name)
                .bind(hash)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = id {
            sqlx::query("DELETE FROM moderator_sessions WHERE moderator_id = $1").bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id.is_some())
    }

    /// An account's id, password hash and role.
    pub async fn moderator_hash(&self, name: &str) -> Result<Option<(i64, String, Role)>, StoreError> {
        let row: Option<(i64, String, String)> =
            sqlx::query_as("SELECT id, password_hash, role FROM moderators WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, hash, role)| (id, hash, Role::parse(&role).unwrap_or_default())))
    }

    /// Opens a session (stored by its token's hash) with its CSRF token.
    pub async fn open_session(&self, token_hash: &str, moderator_id: i64, csrf: &str) -> Result<(), StoreError> {
        let now = Stamp::now().to_string();
        sqlx::query(
            "INSERT INTO moderator_sessions (token_hash, moderator_id, csrf, created_at, last_seen) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_hash)
        .bind(moderator_id)
        .bind(csrf)
        .bind(&now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A live session's account, its CSRF token and role, marked used now.
    pub async fn session(&self, token_hash: &str) -> Result<Option<(String, String, Role)>, StoreError> {
        let now = Stamp::now();
        let cutoff = now.before(crate::auth::IDLE).to_string();
        sqlx::query("DELETE FROM moderator_sessions WHERE token_hash = $1 AND last_seen < $2")
            .bind(token_hash)
            .bind(&cutoff)
            .execute(&self.pool)
            .await?;
        let found: Option<(String, String, String)> = sqlx::query_as(
            "UPDATE moderator_sessions SET last_seen = $2 WHERE token_hash = $1 \
             RETURNING (SELECT name FROM moderators m WHERE m.id = moderator_id), csrf, \
             (SELECT role FROM moderators m WHERE m.id = moderator_id)",
        )
        .bind(token_hash)
        .bind(now.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.map(|(name, csrf, role)| (name, csrf, Role::parse(&role).unwrap_or_default())))
    }

    /// Ends a session.
    pub async fn close_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM moderator_sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// Counts a login attempt as failed before it is checked (so that attempts in flight
    /// together cannot pass the limit); the window's count and when the window began.
    pub async fn fail_login(&self, key: &str) -> Result<(i64, String), StoreError> {
        let now = Stamp::now();
        Ok(sqlx::query_as(
            "INSERT INTO login_failures (key, failures, first_at) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_failures.first_at < $3 THEN 1 ELSE login_failures.failures + 1 END, \
               first_at = CASE WHEN login_failures.first_at < $3 THEN $2 ELSE login_failures.first_at END \
             RETURNING failures, first_at",
        )
        .bind(key)
        .bind(now.to_string())
        .bind(now.before(crate::auth::WINDOW).to_string())
        .fetch_one(&self.pool)
        .await?)
    }

    /// Takes back one counted failure of a key (the attempt signed in, or was never checked).
    pub async fn refund_login(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND failures > 0")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets a key's failed logins.
    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&self.pool).await?;
        Ok(())
    }
}
