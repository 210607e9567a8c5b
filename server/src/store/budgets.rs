//! The comment budgets shared by every replica on PostgreSQL (the cell rate algorithm of
//! `crate::http::budgets`, in one statement each, by the database's clock). On SQLite one
//! process serves, and it keeps its budgets in memory: these take nothing and give nothing.

use super::{Backend, Store, StoreError};

/// The time one post takes from a budget of `limit` per `window_ms` (the cell rate's step).
fn budget_step(limit: u32, window_ms: i64) -> i64 {
    window_ms / i64::from(limit.max(1))
}

impl Store {
    /// Takes one post from a shared budget of `limit` per `window_ms` for `client`, or says how
    /// many milliseconds until it may post again ([`StoreError::OverBudget`]). SQLite keeps
    /// none: always taken.
    pub async fn take_from_budget(
        &self,
        budget: &str,
        client: &str,
        limit: u32,
        window_ms: i64,
    ) -> Result<(), StoreError> {
        let Backend::Postgres(db) = &self.backend else {
            return Ok(());
        };
        let step = budget_step(limit, window_ms);
        let taken: Option<i64> = sqlx::query_scalar(
            "WITH now AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT AS ms) \
             INSERT INTO budgets (budget, client, full_at) SELECT $1, $2, ms + $3 FROM now \
             ON CONFLICT (budget, client) DO UPDATE \
             SET full_at = GREATEST(budgets.full_at, (SELECT ms FROM now)) + $3 \
             WHERE budgets.full_at - (SELECT ms FROM now) <= $4 - $3 \
             RETURNING full_at",
        )
        .bind(budget)
        .bind(client)
        .bind(step)
        .bind(window_ms)
        .fetch_optional(&db.pool)
        .await?;
        if taken.is_some() {
            return Ok(());
        }
        let wait = self.budget_wait(budget, client, limit, window_ms).await?;
        Err(StoreError::OverBudget { wait_ms: wait.max(1) })
    }

    /// Milliseconds until `client` may take from a shared budget again (0: now).
    pub async fn budget_wait(&self, budget: &str, client: &str, limit: u32, window_ms: i64) -> Result<i64, StoreError> {
        let Backend::Postgres(db) = &self.backend else {
            return Ok(0);
        };
        let step = budget_step(limit, window_ms);
        let wait: Option<i64> = sqlx::query_scalar(
            "SELECT full_at - (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT - ($3 - $4) \
             FROM budgets WHERE budget = $1 AND client = $2",
        )
        .bind(budget)
        .bind(client)
        .bind(window_ms)
        .bind(step)
        .fetch_optional(&db.pool)
        .await?;
        Ok(wait.unwrap_or(0).max(0))
    }

    /// Gives one post back to a shared budget (the post was refused after all).
    pub async fn give_back_to_budget(
        &self,
        budget: &str,
        client: &str,
        limit: u32,
        window_ms: i64,
    ) -> Result<(), StoreError> {
        let Backend::Postgres(db) = &self.backend else {
            return Ok(());
        };
        sqlx::query("UPDATE budgets SET full_at = full_at - $3 WHERE budget = $1 AND client = $2")
            .bind(budget)
            .bind(client)
            .bind(budget_step(limit, window_ms))
            .execute(&db.pool)
            .await?;
        Ok(())
    }

    /// Forgets budgets that are full again anyway, so the table holds only recent clients.
    pub async fn prune_budgets(&self) -> Result<u64, StoreError> {
        let Backend::Postgres(db) = &self.backend else {
            return Ok(0);
        };
        let done =
            sqlx::query("DELETE FROM budgets WHERE full_at < (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT")
                .execute(&db.pool)
                .await?;
        Ok(done.rows_affected())
    }
}
