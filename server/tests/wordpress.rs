//! Moving a WordPress site to okur: `okur import export.xml` on the test exports in
//! `tests/fixtures/wordpress` (written for these tests), checked through the API, the old
//! addresses and the command's report; on both stores.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use axum::http::StatusCode;
use common::{body, site, Site};
use okur::import::wxr::import::{import_wxr, Report};
use okur_types::comments::Comment;
use okur_types::{Article, ArticleSummary, Block, Image, Mark, MarkKind, Page};

fn export(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wordpress").join(name)
}

fn okur(args: &[&str], db: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_okur")).args(args).env("OKUR_DB", db).env("OKUR_LOG", "warn").output().unwrap()
}

/// Imports an export as `okur import` would, beside the server (which hears of it as it would
/// within 100 ms).
async fn imported(site: &Site, name: &str) -> Report {
    let report = import_wxr(&site.state.store, &export(name), None).await.unwrap();
    site.changed_elsewhere();
    report
}

fn counts(pairs: &[(&str, u32)]) -> std::collections::BTreeMap<String, u32> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

async fn article(site: &Site, slug: &str) -> Article {
    site.get_json(&format!("/api/articles/{slug}"), StatusCode::OK).await
}

async fn thread(site: &Site, slug: &str) -> Vec<Comment> {
    let page: Page<Comment> = site.get_json(&format!("/api/articles/{slug}/comments"), StatusCode::OK).await;
    page.items
}

/// Where an address redirects, if it does.
async fn moved_to(site: &Site, uri: &str) -> Option<String> {
    let response = site.get(uri).await;
    (response.status() == StatusCode::MOVED_PERMANENTLY)
        .then(|| response.headers()["location"].to_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_wordpress_export_becomes_articles_with_their_comments() {
    let site = site().await;
    let report = imported(&site, "site.xml").await;
    assert_eq!(
        (report.posts_imported, report.posts_updated, report.posts_unchanged, report.posts_failed),
        (4, 0, 0, 1),
        "{}",
        report.text()
    );
    assert_eq!(
        report.posts_skipped,
        counts(&[("attachment", 1), ("draft", 1), ("nav_menu_item", 1), ("page", 1), ("private", 1), ("trash", 1)])
    );
    assert_eq!((report.comments_imported, report.comments_held, report.comments_existing), (4, 1, 0));
    assert_eq!(report.comments_skipped, counts(&[("pingback", 1), ("spam", 1), ("trackback", 1), ("trash", 1)]));
    assert_eq!(
        report.dropped,
        counts(&[
            ("code as text", 1),
            ("embed as its address", 1),
            ("iframe", 1),
            ("image not on https or this site", 1),
            ("script", 1),
            ("shortcode [gallery]", 1),
            ("style", 1),
            ("table as text", 2),
        ])
    );
    let text = report.text();
    assert!(text.contains("\"Tarihi okunamayan haber\" (post 109): not imported: its date"), "{text}");
    assert!(text.contains("\"Kıyıda yeni dönem: iskele yenileniyor\" (post 101): script ×1"), "{text}");
    assert!(report.failed());

    // A classic-editor post: auto-paragraphs, every element, the featured image from its
    // attachment (an upload of the old site becomes a path here).
    let classic = article(&site, "kiyida-yeni-donem").await;
    let summary = &classic.summary;
    assert_eq!(summary.title, "Kıyıda yeni dönem: iskele yenileniyor");
    assert_eq!((summary.author.as_str(), summary.category.as_str()), ("Selin Kaya", "Kent"));
    assert_eq!((summary.language.as_str(), summary.published_at.as_str()), ("tr-tr", "2025-12-13T07:30:00Z"));
    assert_eq!(summary.summary, "İskele yenileniyor; çalışmalar kışın sürecek.");
    assert_eq!(
        summary.image,
        Some(Image {
            src: "/wp-content/uploads/2025/12/iskele.jpg".into(),
            alt: "Sabah ışığında iskele".into(),
            width: None,
            height: None
        })
    );
    let paragraph = |text: &str| Block::Paragraph { text: text.into(), marks: Vec::new() };
    let mark = |start, end, kind, href: Option<&str>| Mark { start, end, kind, href: href.map(Into::into) };
    assert_eq!(
        classic.body,
        vec![
            paragraph("Belediye, eski iskelenin yenilenmesi için çalışmalara başladı. Proje & takvim açıklandı."),
            paragraph("İlk satır burada\nikinci satır aynı paragrafta."),
            Block::Heading { text: "Neler değişecek?".into() },
            Block::Quote {
                text: "İskele, kentin belleğidir.".into(),
                cite: Some("Belediye Başkanı".into()),
                marks: Vec::new()
            },
            Block::List {
                ordered: false,
                items: vec!["Yeni ahşap kaplama".into(), "Aydınlatma".into(), "Gece ışıkları".into()],
                marks: Vec::new()
            },
            Block::List { ordered: true, items: vec!["Keşif".into(), "İhale".into()], marks: Vec::new() },
            Block::Image {
                src: "/wp-content/uploads/2025/12/iskele.jpg".into(),
                alt: "Eski iskele".into(),
                caption: Some("İskelenin bugünkü hali".into()),
                width: None,
                height: None,
            },
            Block::Paragraph {
                text: "Satır\nkırılımı korunur, vurgu ve bağlantı sözcükleriyle kalır: “tırnak”.".into(),
                marks: vec![mark(24, 29, MarkKind::Strong, None), mark(33, 41, MarkKind::Link, Some("/"))],
            },
            Block::List {
                ordered: false,
                items: vec!["Aşama | Tarih".into(), "Başlangıç | Ocak".into()],
                marks: Vec::new()
            },
            paragraph("kod satırı 1\nkod satırı 2"),
            paragraph("Köşeli ayraç [sic] yerinde kalır."),
        ]
    );
    assert!(classic.comments_open);

    // A block-editor post, dated in the site's local time (its UTC date is zeros).
    let blocks = article(&site, "blok-haber").await;
    assert_eq!(blocks.summary.published_at, "2025-12-14T09:00:00Z", "12:00 at +03:00, learnt from another post");
    assert_eq!((blocks.summary.author.as_str(), blocks.summary.category.as_str()), ("Mert Aydın", "Genel"));
    assert_eq!(blocks.summary.summary, "Blok düzenleyicinin ilk paragrafı, satır sonu burada boşluk olur.");
    assert!(!blocks.comments_open);
    assert_eq!(
        blocks.body,
        vec![
            paragraph("Blok düzenleyicinin ilk paragrafı, satır sonu burada boşluk olur."),
            Block::Heading { text: "Ara başlık".into() },
            Block::Image {
                src: "https://cdn.example/foto.jpg".into(),
                alt: "Sahilde gün batımı".into(),
                caption: Some("Sahilde gün batımı".into()),
                width: None,
                height: None,
            },
            Block::Quote { text: "Deniz herkesindir.".into(), cite: Some("Bir balıkçı".into()), marks: Vec::new() },
            Block::List { ordered: false, items: vec!["Birinci".into(), "İkinci".into()], marks: Vec::new() },
            Block::List { ordered: false, items: vec!["Saat | Etkinlik".into()], marks: Vec::new() },
            paragraph("https://video.example/izle/42"),
        ]
    );

    // A second post with the same name gets a free one; an author without an entry keeps the login.
    let second = article(&site, "kiyida-yeni-donem-2").await;
    assert_eq!(second.summary.author, "kimse");

    // Threads: four levels deep joins the third; line breaks kept, markup gone; held, spam,
    // trash, pingbacks and trackbacks not shown.
    let comments = thread(&site, "kiyida-yeni-donem").await;
    let shape: Vec<(&str, u8, Option<&str>)> = comments
        .iter()
        .map(|c| {
            let parent = c.parent_id.map(|p| comments.iter().find(|x| x.id == p).unwrap().author_name.as_str());
            (c.author_name.as_str(), c.depth, parent)
        })
        .collect();
    assert_eq!(
        shape,
        [("Ayşe", 1, None), ("Burak", 2, Some("Ayşe")), ("Cem", 3, Some("Burak")), ("Deniz", 3, Some("Burak"))]
    );
    assert_eq!(comments[0].body, "Çok güzel bir haber.\nTeşekkürler!");
    assert_eq!(comments[0].created_at, "2025-12-13T08:00:00Z");
    assert_eq!(comments[1].body, "Katılıyorum, sonunda.");
    assert_eq!(classic.summary.comment_count, 4);
    let held = site.state.store.moderation_list(true, Some("kiyida-yeni-donem")).await.unwrap();
    assert_eq!(held.iter().map(|c| c.comment.author_name.as_str()).collect::<Vec<_>>(), ["Ece"]);
    let everything = site.state.store.moderation_list(false, Some("kiyida-yeni-donem")).await.unwrap();
    let ayse = everything.iter().find(|c| c.comment.author_name == "Ayşe").unwrap();
    assert_eq!(ayse.author_email.as_deref(), Some("ayse@example.com"), "kept for the editors");
    let raw = String::from_utf8(body(site.get("/api/articles/kiyida-yeni-donem/comments").await).await).unwrap();
    assert!(!raw.contains("ayse@example.com"), "and never shown");

    // A scheduled post is neither listed nor served before its time.
    site.error("/api/articles/yarin-yayimlanacak", StatusCode::NOT_FOUND, "not_found").await;
    let list: Page<ArticleSummary> = site.get_json("/api/articles?per_page=50", StatusCode::OK).await;
    assert!(!list.items.iter().any(|a| a.slug == "yarin-yayimlanacak"));
    assert!(list.items.iter().any(|a| a.slug == "blok-haber"));
}

#[tokio::test]
async fn old_addresses_answer_301_to_the_article() {
    let site = site().await;
    imported(&site, "site.xml").await;
    let to = |slug: &str| Some(format!("/articles/{slug}"));
    // The permalink, however its escapes are written and with or without its slash.
    for uri in [
        "/2025/12/13/k%c4%b1y%c4%b1da-yeni-donem/",
        "/2025/12/13/k%C4%B1y%C4%B1da-yeni-donem",
        "/?p=101",
        "/index.php?p=101",
    ] {
        assert_eq!(moved_to(&site, uri).await, to("kiyida-yeni-donem"), "{uri}");
    }
    assert_eq!(moved_to(&site, "/2025/12/14/blok-haber/").await, to("blok-haber"));
    assert_eq!(moved_to(&site, "/?p=102").await, to("blok-haber"));
    assert_eq!(moved_to(&site, "/2025/12/15/kiyida-yeni-donem/").await, to("kiyida-yeni-donem-2"));
    // Not yet due, never imported, or okur's own: no redirect.
    for uri in ["/?p=103", "/?p=104", "/?p=999", "/", "/2025/12/13/baska/", "/articles/blok-haber"] {
        assert_eq!(moved_to(&site, uri).await, None, "{uri}");
    }
    assert_eq!(site.get("/2025/12/13/baska/").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn importing_again_changes_nothing_and_a_newer_export_adds_only_what_is_new() {
    let site = site().await;
    imported(&site, "site.xml").await;
    let before = thread(&site, "kiyida-yeni-donem").await;
    let again = imported(&site, "site.xml").await;
    assert_eq!(
        (
            again.posts_imported,
            again.posts_updated,
            again.posts_unchanged,
            again.comments_imported,
            again.comments_held
        ),
        (0, 0, 4, 0, 0)
    );
    assert_eq!(again.comments_existing, 5);
    assert_eq!(thread(&site, "kiyida-yeni-donem").await, before);

    let newer = imported(&site, "newer.xml").await;
    assert_eq!((newer.posts_imported, newer.posts_unchanged, newer.comments_imported), (1, 4, 1), "{}", newer.text());
    article(&site, "yeni-haber").await;
    let after = thread(&site, "kiyida-yeni-donem").await;
    let names: Vec<&str> = after.iter().map(|c| c.author_name.as_str()).collect();
    assert_eq!(names, ["Ayşe", "Burak", "Cem", "Deniz", "Fatma"], "the new reply in its thread, at its time");
    assert_eq!(article(&site, "kiyida-yeni-donem").await.summary.comment_count, 5);
}

#[tokio::test]
async fn the_command_reports_and_fails_when_a_post_cannot_be_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    let out = okur(&["import", export("site.xml").to_str().unwrap()], &db);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("posts: 4 imported, 0 updated, 0 unchanged, 1 failed"), "{stdout}");
    assert!(stdout.contains("comments: 4 imported, 1 held for moderation, 0 already there"), "{stdout}");
    assert!(stdout.contains("Tarihi okunamayan haber"), "{stdout}");
    // Not a terminal: no progress bar's control sequences in the output.
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));

    // A file cut short: what came before it is imported, the rest reported.
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    let out = okur(&["import", export("truncated.xml").to_str().unwrap()], &db);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("stopped:"), "{stdout}");
    assert!(stdout.contains("posts: 1 imported"), "{stdout}");
    let (store, _) = okur::store::Store::open(&db).await.unwrap();
    assert!(store.article("kiyida-yeni-donem").await.unwrap().is_some());
    store.close().await;
}

#[tokio::test]
async fn a_scheduled_post_comes_out_at_its_time_even_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    let site = site().await;
    // Due three seconds from now, in the export's own format.
    let due = time::OffsetDateTime::now_utc() + time::Duration::seconds(3);
    let stamp = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        due.year(),
        u8::from(due.month()),
        due.day(),
        due.hour(),
        due.minute(),
        due.second()
    );
    let xml = std::fs::read_to_string(export("site.xml")).unwrap().replace("2099-01-01 06:00:00", &stamp);
    let file = dir.path().join("soon.xml");
    std::fs::write(&file, xml).unwrap();
    let out = okur(&["import", file.to_str().unwrap()], &db);
    assert_eq!(out.status.code(), Some(1), "post 109 fails; the rest is imported");
    let server = common::serve(&db, &site.dir().join("dist"), &[]);
    let list = |server: &common::Served| {
        let (status, text) = server.get("/api/articles?per_page=50");
        assert_eq!(status, 200);
        text.contains("yarin-yayimlanacak")
    };
    assert!(!list(&server), "not before its time (and the list is now cached)");
    assert_eq!(server.get("/api/articles/yarin-yayimlanacak").0, 404);
    std::thread::sleep(std::time::Duration::from_secs(5));
    assert!(list(&server), "listed once due, the cached list let go");
    assert_eq!(server.get("/api/articles/yarin-yayimlanacak").0, 200);
}

#[tokio::test]
async fn an_import_while_readers_post_loses_nothing() {
    let mut site = site().await;
    site.state.comments.rate_limit = 10_000;
    imported(&site, "site.xml").await;
    let site = std::sync::Arc::new(site);
    let posters: Vec<_> = (0..60)
        .map(|n| {
            let site = site.clone();
            tokio::spawn(async move {
                let body = serde_json::json!({"author_name": format!("Okur {n}"), "body": format!("İçe aktarım sırasında yorum {n}")});
                let _: serde_json::Value =
                    site.post_json("/api/articles/kiyida-yeni-donem/comments", &body, StatusCode::CREATED).await;
            })
        })
        .collect();
    // The post changes on every import (its article row is written while comments arrive).
    let dir = tempfile::tempdir().unwrap();
    let newer = std::fs::read_to_string(export("newer.xml")).unwrap();
    for round in 0..4 {
        let file = dir.path().join(format!("round-{round}.xml"));
        std::fs::write(&file, newer.replace("iskele yenileniyor]]", &format!("iskele yenileniyor ({round})]]")))
            .unwrap();
        let report = import_wxr(&site.state.store, &file, None).await.unwrap();
        assert_eq!((report.posts_updated, report.posts_failed), (1, 1), "post 109 fails, as always: {}", report.text());
    }
    for poster in posters {
        poster.await.unwrap();
    }
    assert_eq!(article(&site, "kiyida-yeni-donem").await.summary.comment_count, 4 + 1 + 60);
}

#[tokio::test]
async fn posts_wordpress_allows_are_imported_whatever_they_lack_or_hold() {
    let site = site().await;
    let report = imported(&site, "edge-cases.xml").await;
    let text = report.text();
    assert_eq!((report.posts_imported, report.posts_failed, report.posts_untitled), (4, 0, 2), "{text}");
    assert!(text.contains("post 301: no title: imported as \"(Başlıksız)\""), "{text}");

    // Untitled: a stand-in title the editor can change, an address from the id (two never
    // share one), the text as the summary.
    let untitled = article(&site, "post-301").await;
    assert_eq!(
        (untitled.summary.title.as_str(), untitled.summary.summary.as_str()),
        ("(Başlıksız)", "Başlığı olmayan bir haberin metni.")
    );
    assert_eq!(article(&site, "post-302").await.summary.title, "(Başlıksız)");

    // No content: the title, the summary, no blocks; its page is whole.
    let brief = article(&site, "liman-bugun-kapali").await;
    assert!(brief.body.is_empty());
    assert_eq!(brief.summary.summary, "Fırtına nedeniyle liman bugün kapalı.");
    let page = String::from_utf8(body(site.get("/articles/liman-bugun-kapali").await).await).unwrap();
    assert!(page.contains("Yalnızca başlık: liman bugün kapalı") && page.contains("Fırtına nedeniyle"), "{page}");

    // Tabs and other whitespace controls become spaces; direction controls and other
    // controls are dropped and counted; a paragraph of nothing else goes.
    let tabbed = article(&site, "sekmeli-haber").await;
    assert_eq!(tabbed.summary.title, "Sekmeli ve ters başlık");
    let texts: Vec<String> = tabbed
        .body
        .iter()
        .map(|b| match b {
            Block::Paragraph { text, .. } => text.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(texts[0], "Birinci sütun ve görünmez karakter karşıt yön.");
    assert!(texts[1].contains("satır bir") && texts[1].contains("satıriki"), "{texts:?}");
    assert_eq!(texts.len(), 2, "{texts:?}");
    let all = [&tabbed.summary.title, &texts[0], &texts[1]];
    assert!(all.iter().all(|t| !t.chars().any(|c| c.is_control() && c != '\n')), "{all:?}");
    assert_eq!(report.dropped.get("control character"), Some(&4), "{text}");
    assert_eq!(report.dropped.get("direction control"), Some(&4), "{text}");
}

#[tokio::test]
async fn two_sites_posts_never_collide_even_where_their_ids_do() {
    let site = site().await;
    assert_eq!(imported(&site, "edge-cases.xml").await.posts_imported, 4);
    // Another site's post 303: a new article beside this site's post 303, which stays.
    let other = imported(&site, "other-site.xml").await;
    assert_eq!((other.posts_imported, other.posts_updated, other.posts_unchanged), (1, 0, 0), "{}", other.text());
    assert_eq!(
        article(&site, "pazar-yeri-tasiniyor").await.summary.title,
        "Başka bir sitenin haberi: pazar yeri taşınıyor"
    );
    assert_eq!(article(&site, "liman-bugun-kapali").await.summary.title, "Yalnızca başlık: liman bugün kapalı");
    // Each site again: nothing changes.
    for name in ["edge-cases.xml", "other-site.xml"] {
        let again = imported(&site, name).await;
        assert_eq!((again.posts_imported, again.posts_updated), (0, 0), "{name}: {}", again.text());
    }

    // The site as http, in capitals, with a slash: the same site, its post updated in place.
    let dir = tempfile::tempdir().unwrap();
    let same = std::fs::read_to_string(export("edge-cases.xml"))
        .unwrap()
        .replace(
            "<wp:base_site_url>https://korfez.example</wp:base_site_url>",
            "<wp:base_site_url>http://KORFEZ.example/</wp:base_site_url>",
        )
        .replace("Yalnızca başlık: liman bugün kapalı", "Yalnızca başlık: liman yarın açılıyor");
    let path = dir.path().join("same-site.xml");
    std::fs::write(&path, same).unwrap();
    let report = import_wxr(&site.state.store, &path, None).await.unwrap();
    site.changed_elsewhere();
    assert_eq!((report.posts_imported, report.posts_updated, report.posts_unchanged), (0, 1, 3), "{}", report.text());
    assert_eq!(article(&site, "liman-bugun-kapali").await.summary.title, "Yalnızca başlık: liman yarın açılıyor");

    // A database from before posts knew their site (one site's posts, as ids were unique
    // then): the next import of that site names its posts, and another site's stay apart.
    let site = common::site().await;
    imported(&site, "edge-cases.xml").await;
    common::execute(site.db(), "UPDATE articles SET wp_site = NULL").await;
    let again = imported(&site, "edge-cases.xml").await;
    assert_eq!((again.posts_imported, again.posts_updated, again.posts_unchanged), (0, 0, 4), "{}", again.text());
    let other = imported(&site, "other-site.xml").await;
    assert_eq!((other.posts_imported, other.posts_updated), (1, 0), "{}", other.text());
    assert_eq!(article(&site, "liman-bugun-kapali").await.summary.title, "Yalnızca başlık: liman bugün kapalı");
}
