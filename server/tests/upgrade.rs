//! A database written by an earlier release is brought up to date when okur opens it: threads
//! stored before the thread order and reply counts were kept on write read back in the same
//! order, with the same counts, as threads written since; ids deleted before are not given again.
//! On both stores.

mod common;

use okur::store::{Position, Store};
use okur_types::comments::{Comment, CommentOrder};

/// Migrations before the stored thread order (SQLite's 0009, PostgreSQL's 0007).
const BEFORE_SQLITE: i64 = 9;
const BEFORE_POSTGRES: i64 = 7;

/// An article and a thread as the earlier release wrote them: replies in time order 6, 2, 3, 4,
/// 5, 7, where 6 is rejected (and so 7, under it, is hidden) and 5 is held.
const OLD_ROWS: &[&str] = &[
    "INSERT INTO articles (id, slug, title, summary, published_at, author, category, body, created_at, updated_at) \
     VALUES (1, 'eski-haber', 'Eski haber', 'Özet', '2025-12-13T07:00:00Z', 'Editör', 'Gündem', '[]', \
     '2025-12-13T07:00:00Z', '2025-12-13T07:00:00Z')",
    "INSERT INTO comments (id, article_id, parent_id, root_id, depth, author_name, body, status, created_at) VALUES \
     (1, 1, NULL, NULL, 1, 'Kök', 'Konu', 'published', '2025-12-13T08:00:00Z'), \
     (6, 1, 1, 1, 2, 'Reddedilen', 'Yok', 'rejected', '2025-12-13T08:01:00Z'), \
     (2, 1, 1, 1, 2, 'İlk', 'Bir', 'published', '2025-12-13T08:02:00Z'), \
     (3, 1, 1, 1, 2, 'İkinci', 'İki', 'published', '2025-12-13T08:03:00Z'), \
     (4, 1, 2, 1, 3, 'Birin yanıtı', 'Üç', 'published', '2025-12-13T08:04:00Z'), \
     (5, 1, 3, 1, 3, 'Bekleyen', 'Dört', 'pending', '2025-12-13T08:05:00Z'), \
     (7, 1, 6, 1, 3, 'Gizli', 'Beş', 'published', '2025-12-13T08:06:00Z')",
];

#[tokio::test]
async fn threads_written_before_the_stored_order_keep_their_order_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    if common::on_postgres() {
        let pool = sqlx::PgPool::connect(&db).await.unwrap();
        let mut old = sqlx::migrate!("./migrations/postgres");
        old.migrations = old.migrations.iter().filter(|m| m.version < BEFORE_POSTGRES).cloned().collect();
        old.run(&pool).await.unwrap();
        for sql in OLD_ROWS {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        // Rows the earlier release wrote took their ids from the sequences.
        for table in ["articles", "comments"] {
            let sql = format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
            sqlx::query(&sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    } else {
        std::fs::create_dir_all(std::path::Path::new(&db).parent().unwrap()).unwrap();
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&db).create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        let mut old = sqlx::migrate!("./migrations/sqlite");
        old.migrations = old.migrations.iter().filter(|m| m.version < BEFORE_SQLITE).cloned().collect();
        old.run(&pool).await.unwrap();
        for sql in OLD_ROWS {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }

    let (store, created) = Store::open(&db).await.unwrap();
    assert!(!created);
    let page = store.comment_page("eski-haber", &Position::Page(1), 20, CommentOrder::Asc).await.unwrap();
    let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, [1, 2, 4, 3], "depth first, oldest first; rejected, held and hidden replies left out");
    assert_eq!(page.items[0].more_replies, 0);

    // A reply written now goes into the old thread at its place, and is counted with the rest.
    let all = |items: &[Comment]| items.iter().map(|c| c.id).collect::<Vec<_>>();
    let replies = store.replies(1, 1, Some(2), 50).await.unwrap();
    assert_eq!((all(&replies.items), replies.next), (vec![4, 3], None));
    let row = okur::store::CommentRow {
        article_id: 1,
        parent_id: Some(2),
        author_name: "Yeni".into(),
        author_email: None,
        body: "Sonradan gelen".into(),
        status: okur::store::CommentState::Published,
        duplicate_key: "yeni".into(),
        staff: false,
        edit_token_hash: None,
        notify_replies: None,
    };
    let now = okur::domain::stamp::Stamp::now();
    let (added, _) = store.add_comment(&row, now, now, true).await.unwrap();
    let page = store.comment_page("eski-haber", &Position::Page(1), 20, CommentOrder::Asc).await.unwrap();
    assert_eq!(all(&page.items), [1, 2, 4, added.id, 3]);
    assert!(page.items.iter().all(|c| !c.staff), "comments from before staff badges are readers'");

    // The highest comment deleted, the next one still takes a new id.
    let delete = okur_types::moderation::Action::Delete;
    assert!(store.moderate_comment(added.id, delete, "editor").await.unwrap());
    let row = okur::store::CommentRow { duplicate_key: "sonraki".into(), ..row };
    let (next, _) = store.add_comment(&row, now, now, true).await.unwrap();
    assert!(next.id > added.id, "{} reused", next.id);
    store.close().await;
}
