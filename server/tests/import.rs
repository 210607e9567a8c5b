//! `okur import` as operators run it: the real binary on a temporary database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use okur::store::Store;

mod common;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn okur(args: &[&str], db: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_okur")).args(args).env("OKUR_DB", db).env("OKUR_LOG", "warn").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The slugs in the database, via the store.
async fn slugs(db: &str) -> Vec<String> {
    let (store, _) = Store::open(db).await.unwrap();
    let (items, _, _) = store.list_articles(&okur::store::Position::Page(1), 100).await.unwrap();
    store.close().await;
    items.into_iter().map(|a| a.slug).collect()
}

#[tokio::test]
async fn good_markdown_and_json_files_are_published() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    let (md, json) = (fixture("good.md"), fixture("good.json"));
    let out = okur(&["import", md.to_str().unwrap(), json.to_str().unwrap()], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("good.md: added /articles/kopru-trafige-acildi"), "{stdout}");
    assert!(stdout.contains("good.json: added /articles/harbour-festival"), "{stdout}");

    let (store, created) = Store::open(&db).await.unwrap();
    assert!(!created);
    let article = store.article("harbour-festival").await.unwrap().unwrap();
    assert!(!article.comments_open);
    assert_eq!(article.body.len(), 2);
    let md_article = store.article("kopru-trafige-acildi").await.unwrap().unwrap();
    assert_eq!(md_article.summary.published_at, "2025-12-14T00:00:00Z");
    assert_eq!(md_article.body.len(), 3);
    store.close().await;
    // An imported-into database is the operator's own: never seeded with demo content.
    assert_eq!(slugs(&db).await.len(), 2);
}

#[tokio::test]
async fn reimporting_a_slug_updates_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    let first = fixture("good.json");
    assert!(okur(&["import", first.to_str().unwrap()], &db).status.success());
    let changed = dir.path().join("changed.json");
    let content =
        std::fs::read_to_string(&first).unwrap().replace("Harbour festival returns", "Harbour festival is back");
    std::fs::write(&changed, content).unwrap();
    let out = okur(&["import", changed.to_str().unwrap()], &db);
    assert!(text(&out.stdout).contains("updated /articles/harbour-festival"));
    let (store, _) = Store::open(&db).await.unwrap();
    assert_eq!(store.article("harbour-festival").await.unwrap().unwrap().summary.title, "Harbour festival is back");
    store.close().await;
    assert_eq!(slugs(&db).await, ["harbour-festival"]);
}

#[tokio::test]
async fn bad_files_are_refused_with_file_and_line_and_the_rest_still_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    let files = ["bad-html.md", "good.md", "bad-syntax.json", "bad-array.json", "good.json"].map(fixture);
    let mut args = vec!["import"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let missing = dir.path().join("missing.md");
    args.push(missing.to_str().unwrap());
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "hello").unwrap();
    args.push(notes.to_str().unwrap());

    let out = okur(&args, &db);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad-html.md:12: HTML is not allowed"), "{stderr}");
    assert!(stderr.contains("bad-syntax.json:5: expected `,` or `}`"), "{stderr}");
    assert!(stderr.contains("bad-array.json:12: slug \"Array Bad\""), "{stderr}");
    assert!(stderr.contains("missing.md: cannot read the file"), "{stderr}");
    assert!(stderr.contains("notes.txt: unknown file type"), "{stderr}");
    assert!(stderr.contains("5 of 7 files not imported"), "{stderr}");
    // The good files went in; nothing of the bad ones did (not even the array's good half).
    let mut stored = slugs(&db).await;
    stored.sort();
    assert_eq!(stored, ["harbour-festival", "kopru-trafige-acildi"]);
}

#[tokio::test]
async fn import_works_while_the_server_runs_on_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    let server = common::serve(&db, dir.path(), &[]);
    let (status, body) = server.get("/api/articles?per_page=100");
    assert_eq!(status, 200);
    assert!(body.contains("\"total\":10"), "a new database is seeded: {body}");
    assert_eq!(server.get("/api/articles/harbour-festival").0, 404);

    let file = fixture("good.json");
    let out = okur(&["import", file.to_str().unwrap()], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (status, body) = server.get("/api/articles/harbour-festival");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Harbour festival returns"));
    // The list was cached before the import, by another process: the server sees the change
    // within its cache's refresh interval (100 ms), not necessarily on the very next read.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !server.get("/api/articles?per_page=100").1.contains("\"total\":11") {
        assert!(std::time::Instant::now() < deadline, "the imported article never reached the list");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn serve_fails_clearly_when_the_port_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_okur"))
        .args(["serve", "--addr", &addr])
        .arg("--db")
        .arg(dir.path().join("okur.db")) // never opened: the port is taken first
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(&format!("okur: cannot listen on {addr}")), "{}", text(&out.stderr));
}

#[tokio::test]
async fn an_article_is_bounded_and_keeps_to_the_text_rules_with_the_line_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    let article = |slug: &str, title: &str, body: serde_json::Value| {
        serde_json::json!({"slug": slug, "title": title, "summary": "Özet.", "published_at": "2025-12-15T10:00:00Z",
            "author": "Yazar", "category": "Kent", "body": body})
    };
    let paragraph = |text: String| serde_json::json!({"type": "paragraph", "text": text});
    let write = |name: &str, value: &serde_json::Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
        path
    };
    let many =
        write("many.json", &article("cok-blok", "Çok blok", (0..2001).map(|n| paragraph(format!("p{n}"))).collect()));
    let big = write("big.json", &article("cok-metin", "Çok metin", vec![paragraph("ş".repeat(10_000)); 51].into()));
    let turned = write("turned.json", &article("ters", "Haber\u{202E}ters", vec![paragraph("Metin.".into())].into()));
    let brief = write("brief.json", &article("kisa-haber", "Yalnızca başlık", serde_json::json!([])));
    let markdown = dir.path().join("turned.md");
    std::fs::write(
        &markdown,
        "---\ntitle: Ters yazı\nslug: ters-yazi\npublished_at: 2025-12-14\nauthor: Yazar\ncategory: Kent\n\
         summary: Özet.\n---\n\nBir paragraf.\n\nİkinci \u{2066}paragraf.\n",
    )
    .unwrap();
    let files = [&many, &big, &turned, &brief, &markdown];
    let mut args = vec!["import"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let out = okur(&args, &db);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    // Each error names a line at the block or field that broke the rule (where the parser
    // stood once it had read it: its last line, or the next).
    let reported = |file: &str, message: &str| -> usize {
        let line =
            stderr.lines().find(|l| l.contains(file) && l.contains(message)).unwrap_or_else(|| panic!("{stderr}"));
        line.split(':').nth(1).unwrap().parse().unwrap()
    };
    let line_of = |path: &Path, needle: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        text.lines().enumerate().filter(|(_, l)| l.contains(needle)).last().unwrap().0 + 1
    };
    let near = |reported: usize, at: usize| (at..=at + 3).contains(&reported);
    let at = reported("many.json", "the body has more than 2000 blocks");
    assert!(near(at, line_of(&many, "\"p2000\"")), "{stderr}");
    let at = reported("big.json", "the body has more than 1000000 bytes of text");
    assert!(near(at, line_of(&big, "\"text\"")), "the 51st paragraph: {stderr}");
    let at = reported("turned.json", "title must not contain direction controls (U+202E)");
    assert!(near(at, line_of(&turned, "\"title\"")), "{stderr}");
    assert!(stderr.contains("turned.md:12: paragraph must not contain direction controls (U+2066)"), "{stderr}");
    assert!(stderr.contains("4 of 5 files not imported"), "{stderr}");
    assert_eq!(slugs(&db).await, ["kisa-haber"], "a brief with no blocks is an article");
}
