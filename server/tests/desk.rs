//! The desk's API through `app()`, on both stores: tokens and sessions on every endpoint, the
//! wrong role, stories from draft to scheduled to published and off again (readers never
//! seeing one before its time), If-Match (428, 412), working copies, renames and their 301,
//! corrections, revisions with their difference and restoring, deleting, the audit trail; and
//! `okur staff token` through the real binary.
mod common;

use axum::http::{Method, StatusCode};
use common::body;
use common::desk::{desk, new_story, read, send, story_of, token, Try, HOST, ORIGIN, PASSWORD};
use okur_types::desk::{AuditEntry, DeskList, DiffChange, Revision, RevisionAction, RevisionDetail, StoryStatus};
use okur_types::moderation::Role;
use okur_types::{Article, Page};
use serde_json::json;

#[tokio::test]
async fn every_endpoint_wants_an_editors_token_or_session() {
    let desk = desk().await;
    let site = &desk.site;
    let (_, _, created) =
        read(desk.as_editor(Method::POST, "/api/desk/articles", None, Some(&new_story("bekci", "draft"))).await).await;
    assert_eq!(created["version"], 1);
    let endpoints = [
        (Method::GET, "/api/desk/articles"),
        (Method::POST, "/api/desk/articles"),
        (Method::GET, "/api/desk/articles/bekci"),
        (Method::PUT, "/api/desk/articles/bekci"),
        (Method::DELETE, "/api/desk/articles/bekci"),
        (Method::PUT, "/api/desk/articles/bekci/working"),
        (Method::DELETE, "/api/desk/articles/bekci/working"),
        (Method::GET, "/api/desk/articles/bekci/revisions"),
        (Method::GET, "/api/desk/articles/bekci/revisions/1"),
        (Method::POST, "/api/desk/articles/bekci/revisions/1/restore"),
        (Method::GET, "/api/desk/audit"),
        (Method::POST, "/api/desk/images"),
    ];
    let body = new_story("bekci", "draft");
    for (method, uri) in endpoints {
        let json = matches!(method, Method::POST | Method::PUT).then_some(&body);
        let tries: [Try; 4] = [
            (&[], StatusCode::UNAUTHORIZED, "sign_in"),
            (&[("authorization", "Bearer okur_not-a-token")], StatusCode::UNAUTHORIZED, "bad_token"),
            (&[("authorization", "Basic ZWxpZjp4")], StatusCode::UNAUTHORIZED, "bad_token"),
            (&[("authorization", desk.moderator.as_str())], StatusCode::FORBIDDEN, "not_allowed"),
        ];
        for (headers, status, code) in tries {
            let response = send(site, method.clone(), uri, headers, json).await;
            if code == "bad_token" {
                assert_eq!(response.headers()["www-authenticate"], "Bearer realm=\"okur\"", "{method} {uri}");
            }
            let (got, got_code, value) = read(response).await;
            assert_eq!((got, got_code.as_str()), (status, code), "{method} {uri} with {headers:?}: {value}");
        }
    }
    // A revoked token signs in no more; the account's role is read on every request.
    let revoked = token(site, "elif").await;
    let bearer = format!("Bearer {revoked}");
    let list = |auth: String| async move {
        send(site, Method::GET, "/api/desk/articles", &[("authorization", auth.as_str())], None).await.status()
    };
    assert_eq!(list(bearer.clone()).await, StatusCode::OK);
    let tokens = site.state.store.tokens("elif").await.unwrap().unwrap();
    assert_eq!(tokens.len(), 2);
    assert_eq!(site.state.store.revoke_tokens("elif", Some(tokens[0].id)).await.unwrap(), 1);
    assert_eq!(list(bearer).await, StatusCode::UNAUTHORIZED);
    assert_eq!(list(desk.editor.clone()).await, StatusCode::OK, "the other token still works");
    assert!(site.state.store.set_role("elif", Role::Moderator).await.unwrap());
    assert_eq!(list(desk.editor.clone()).await, StatusCode::FORBIDDEN);
    assert!(site.state.store.set_role("elif", Role::Admin).await.unwrap());
    assert_eq!(list(desk.editor.clone()).await, StatusCode::OK, "an admin writes too");
    assert!(site.state.store.remove_moderator("elif").await.unwrap());
    assert_eq!(list(desk.editor.clone()).await, StatusCode::UNAUTHORIZED, "tokens go with their account");
}

#[tokio::test]
async fn a_session_writes_with_its_origin_and_csrf_token() {
    let desk = desk().await;
    let site = &desk.site;
    site.state.store.revoke_tokens("elif", None).await.unwrap();
    let login = json!({"name": "elif", "password": PASSWORD});
    let response = send(site, Method::POST, "/api/moderation/login", &[ORIGIN, HOST], Some(&login)).await;
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let (_, _, session) = read(response).await;
    let csrf = session["csrf"].as_str().unwrap().to_owned();
    let cookie = ("cookie", cookie.as_str());
    let story = new_story("oturum", "draft");
    let uri = "/api/desk/articles";
    assert_eq!(send(site, Method::GET, uri, &[cookie], None).await.status(), StatusCode::OK, "reading needs no token");
    let (status, code, _) = read(send(site, Method::POST, uri, &[cookie, ORIGIN, HOST], Some(&story)).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::FORBIDDEN, "forbidden"), "no CSRF token");
    let wrong = ("origin", "http://evil.test");
    let (status, _, _) =
        read(send(site, Method::POST, uri, &[cookie, wrong, HOST, ("x-csrf-token", &csrf)], Some(&story)).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another origin");
    let created = story_of(
        send(site, Method::POST, uri, &[cookie, ORIGIN, HOST, ("x-csrf-token", &csrf)], Some(&story)).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created.changed_by, "elif");
}

#[tokio::test]
async fn a_story_goes_from_draft_to_scheduled_to_published_and_off() {
    let desk = desk().await;
    // A draft may be unfinished; readers never see it.
    let mut draft = new_story("yeni-iskele", "draft");
    draft["title"] = json!("");
    let response = desk.as_editor(Method::POST, "/api/desk/articles", None, Some(&draft)).await;
    assert_eq!(response.headers()["location"], "/api/desk/articles/yeni-iskele");
    let story = story_of(response, StatusCode::CREATED).await;
    assert_eq!((story.article.status, story.version, story.changed_by.as_str()), (StoryStatus::Draft, 1, "elif"));
    assert_eq!(story.article.body, serde_json::from_value::<Vec<okur_types::Block>>(draft["body"].clone()).unwrap());
    assert!(!desk.readers_see("yeni-iskele").await);
    assert_eq!(desk.site.get("/articles/yeni-iskele").await.status(), StatusCode::NOT_FOUND);
    // Without If-Match: 428. On an old version: 412, with the version now.
    let mut scheduled = new_story("yeni-iskele", "scheduled");
    scheduled["published_at"] = json!("2099-01-01T09:00:00+03:00");
    let uri = "/api/desk/articles/yeni-iskele";
    let (status, code, _) = read(desk.as_editor(Method::PUT, uri, None, Some(&scheduled)).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::PRECONDITION_REQUIRED, "version_required"));
    let stale = desk.as_editor(Method::PUT, uri, Some(0), Some(&scheduled)).await;
    assert_eq!(stale.headers()["etag"], "\"1\"");
    let (status, code, _) = read(stale).await;
    assert_eq!((status, code.as_str()), (StatusCode::PRECONDITION_FAILED, "stale"));
    // Scheduled: still not for readers.
    let story = story_of(desk.as_editor(Method::PUT, uri, Some(1), Some(&scheduled)).await, StatusCode::OK).await;
    assert_eq!((story.article.status, story.version), (StoryStatus::Scheduled, 2));
    assert_eq!(story.article.published_at.as_deref(), Some("2099-01-01T06:00:00Z"));
    assert!(!desk.readers_see("yeni-iskele").await);
    // Published: on the site, its links as marks.
    let published = new_story("yeni-iskele", "published");
    let story = story_of(desk.as_editor(Method::PUT, uri, Some(2), Some(&published)).await, StatusCode::OK).await;
    assert_eq!(story.article.status, StoryStatus::Published);
    assert!(desk.readers_see("yeni-iskele").await);
    let article: Article = desk.site.get_json("/api/articles/yeni-iskele", StatusCode::OK).await;
    assert_eq!(article.summary.published_at, story.article.published_at.clone().unwrap());
    let page = String::from_utf8(body(desk.site.get("/articles/yeni-iskele").await).await).unwrap();
    assert!(page.contains("<a href=\"https://belediye.example/iskele\" rel=\"noopener\">sayfas</a>"), "{page}");
    // Taken off: gone for readers, kept at the desk with when it had come out.
    let off = new_story("yeni-iskele", "draft");
    let story = story_of(desk.as_editor(Method::PUT, uri, Some(3), Some(&off)).await, StatusCode::OK).await;
    assert_eq!(story.article.status, StoryStatus::Draft);
    assert_eq!(story.article.published_at, Some(article.summary.published_at.clone()));
    assert!(!desk.readers_see("yeni-iskele").await);
    // Back on: it keeps its first publication time.
    let story = story_of(desk.as_editor(Method::PUT, uri, Some(4), Some(&published)).await, StatusCode::OK).await;
    assert_eq!(story.article.published_at, Some(article.summary.published_at));
    // The list filters by state, section, author and words.
    let list = |query: &'static str| {
        let desk = &desk;
        async move {
            let (status, _, value) =
                read(desk.as_editor(Method::GET, &format!("/api/desk/articles?{query}"), None, None).await).await;
            assert_eq!(status, StatusCode::OK, "{query}: {value}");
            let list: DeskList = serde_json::from_value(value).unwrap();
            list.items.into_iter().map(|i| i.slug).collect::<Vec<_>>()
        }
    };
    assert_eq!(list("q=KIYIDA%20YEN%C4%B0").await, ["yeni-iskele"], "case and Turkish's i's aside");
    assert_eq!(list("q=kiyida").await, ["yeni-iskele"], "accents aside");
    assert_eq!(list("q=iskele").await, ["yeni-iskele"]);
    assert!(list("status=published&section=gundem&author=elif-karaca").await.contains(&"yeni-iskele".to_owned()));
    assert!(list("status=draft").await.is_empty());
    let (status, code, _) = read(desk.as_editor(Method::GET, "/api/desk/articles?status=gone", None, None).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "bad_request"));
}

#[tokio::test]
async fn rules_are_checked_field_by_field() {
    let desk = desk().await;
    let mut bad = new_story("Büyük Harf", "published");
    bad["title"] = json!("");
    bad["body"][0]["marks"][0]["href"] = json!("javascript:alert(1)");
    bad["published_at"] = json!("2099-01-01T00:00:00Z");
    let (status, code, value) = read(desk.as_editor(Method::POST, "/api/desk/articles", None, Some(&bad)).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid"));
    let fields: Vec<&str> = value["error"]["fields"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["body[0]", "published_at", "slug", "title"], "{value}");
    // A taken address, a correction on a new story, not JSON.
    let taken = new_story("genc-takim-final", "draft");
    let (status, _, value) = read(desk.as_editor(Method::POST, "/api/desk/articles", None, Some(&taken)).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(value["error"]["fields"]["slug"].as_str().unwrap().contains("Another story"));
    let mut corrected = new_story("duzeltme", "published");
    corrected["correction"] = json!("Önceden düzeltildi.");
    let (status, _, value) =
        read(desk.as_editor(Method::POST, "/api/desk/articles", None, Some(&corrected)).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(value["error"]["fields"]["correction"].is_string());
    let response = desk
        .site
        .send_from(
            None,
            Method::POST,
            "/api/desk/articles",
            "{",
            &[("authorization", desk.editor.as_str()), ("content-type", "application/json")],
        )
        .await;
    assert_eq!(read(response).await.0, StatusCode::BAD_REQUEST);
    assert!(!desk.readers_see("duzeltme").await, "nothing half-written");
}

#[tokio::test]
async fn two_editors_never_overwrite_each_other_unseen() {
    let desk = desk().await;
    let other = format!("Bearer {}", token(&desk.site, "elif").await);
    let uri = "/api/desk/articles/genc-takim-final";
    // An imported story: version 0 until the desk first changes it.
    let seen = desk.story("genc-takim-final").await;
    assert_eq!((seen.version, seen.changed_by.as_str()), (0, "okur import"));
    let mut mine = serde_json::to_value(&seen.article).unwrap();
    mine["title"] = json!("Genç takım finalde: ilk yarı");
    let mut theirs = serde_json::to_value(&seen.article).unwrap();
    theirs["summary"] = json!("Başka bir editörün özeti.");
    // The working copy moves the version too: the other editor's save on 0 is stale.
    let working =
        story_of(desk.as_editor(Method::PUT, &format!("{uri}/working"), Some(0), Some(&mine)).await, StatusCode::OK)
            .await;
    assert_eq!(working.version, 1);
    assert_eq!(working.working.as_ref().unwrap().title, "Genç takım finalde: ilk yarı");
    assert_ne!(working.article.title, "Genç takım finalde: ilk yarı", "a working copy is not the story");
    desk.site.changed_elsewhere();
    let article: Article = desk.site.get_json("/api/articles/genc-takim-final", StatusCode::OK).await;
    assert_ne!(article.summary.title, "Genç takım finalde: ilk yarı", "nor do readers see it");
    // The preview is the reader's page, from the working copy, for the desk alone.
    assert_eq!(desk.site.get("/desk/preview/genc-takim-final").await.status(), StatusCode::UNAUTHORIZED);
    let preview = desk.as_editor(Method::GET, "/desk/preview/genc-takim-final", None, None).await;
    assert_eq!(preview.status(), StatusCode::OK);
    assert_eq!(preview.headers()["cache-control"], "no-store");
    let csp = preview.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    let html = String::from_utf8(body(preview).await).unwrap();
    assert!(html.contains("Genç takım finalde: ilk yarı"), "the working copy's title");
    let theirs_response =
        send(&desk.site, Method::PUT, uri, &[("authorization", other.as_str()), ("if-match", "\"0\"")], Some(&theirs))
            .await;
    let (status, code, _) = read(theirs_response).await;
    assert_eq!((status, code.as_str()), (StatusCode::PRECONDITION_FAILED, "stale"));
    // Saved on the version they saw: the working copy goes, the story changes.
    let saved = story_of(desk.as_editor(Method::PUT, uri, Some(1), Some(&mine)).await, StatusCode::OK).await;
    assert_eq!((saved.version, saved.working.is_none()), (2, true));
    assert_eq!(saved.article.title, "Genç takım finalde: ilk yarı");
    // An import behind the desk's back makes the editor's version stale too.
    let mut imported = common::plain_article("genc-takim-final", true);
    imported.title = "İçe aktarılan başlık".into();
    desk.site.state.store.save_articles(&[imported]).await.unwrap();
    let (status, _, _) = read(desk.as_editor(Method::PUT, uri, Some(2), Some(&mine)).await).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    // `If-Match: *` is a deliberate "whatever is there".
    let any =
        send(&desk.site, Method::PUT, uri, &[("authorization", desk.editor.as_str()), ("if-match", "*")], Some(&mine))
            .await;
    assert_eq!(story_of(any, StatusCode::OK).await.version, 4);
}

#[tokio::test]
async fn a_rename_keeps_the_old_address_and_corrections_show() {
    let desk = desk().await;
    let seen = desk.story("genc-takim-final").await;
    let comments_before: Page<okur_types::comments::Comment> =
        desk.site.get_json("/api/articles/genc-takim-final/comments", StatusCode::OK).await;
    let mut renamed = serde_json::to_value(&seen.article).unwrap();
    renamed["slug"] = json!("genc-takim-kupayi-aldi");
    renamed["correction"] = json!("Skor 2-1 değil, 3-1'di.");
    let story = story_of(
        desk.as_editor(Method::PUT, "/api/desk/articles/genc-takim-final", Some(0), Some(&renamed)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(story.article.slug, "genc-takim-kupayi-aldi");
    assert_eq!(story.corrections.len(), 1);
    assert!(story.article.correction.is_none(), "a correction is not part of the story read back");
    desk.site.changed_elsewhere();
    let old = desk.site.get("/articles/genc-takim-final").await;
    assert_eq!(old.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(old.headers()["location"], "/articles/genc-takim-kupayi-aldi");
    let article: Article = desk.site.get_json("/api/articles/genc-takim-kupayi-aldi", StatusCode::OK).await;
    assert_eq!(article.corrections[0].note, "Skor 2-1 değil, 3-1'di.");
    assert!(article.summary.updated_at.is_some(), "a change of a published story moves its update time");
    let comments: Page<okur_types::comments::Comment> =
        desk.site.get_json("/api/articles/genc-takim-kupayi-aldi/comments", StatusCode::OK).await;
    assert_eq!(comments.total, comments_before.total, "its comments go with it");
    let page = String::from_utf8(body(desk.site.get("/articles/genc-takim-kupayi-aldi").await).await).unwrap();
    assert!(page.contains("<strong>Düzeltme:</strong> Skor 2-1 değil, 3-1&#39;di."), "{page}");
    assert!(page.contains("\"dateModified\""), "{page}");
    // A new story may take the old name back: then it is its own.
    story_of(
        desk.as_editor(Method::POST, "/api/desk/articles", None, Some(&new_story("genc-takim-final", "published")))
            .await,
        StatusCode::CREATED,
    )
    .await;
    desk.site.changed_elsewhere();
    assert_eq!(desk.site.get("/articles/genc-takim-final").await.status(), StatusCode::OK);
    let trail: Vec<AuditEntry> = serde_json::from_value(
        read(desk.as_editor(Method::GET, "/api/desk/audit?slug=genc-takim-kupayi-aldi", None, None).await).await.2,
    )
    .unwrap();
    let actions: Vec<(&str, &str)> = trail.iter().map(|e| (e.action.as_str(), e.detail.as_str())).collect();
    assert_eq!(
        actions,
        [("corrected", "Skor 2-1 değil, 3-1'di."), ("renamed", "/articles/genc-takim-final"), ("published", "")]
    );
    assert!(trail.iter().all(|e| e.staff == "elif"));
}

#[tokio::test]
async fn revisions_read_as_differences_and_come_back() {
    let desk = desk().await;
    let uri = "/api/desk/articles/genc-takim-final";
    let seen = desk.story("genc-takim-final").await;
    let first_title = seen.article.title.clone();
    let mut changed = serde_json::to_value(&seen.article).unwrap();
    changed["title"] = json!("Yeni başlık");
    story_of(desk.as_editor(Method::PUT, uri, Some(0), Some(&changed)).await, StatusCode::OK).await;
    let (_, _, value) = read(desk.as_editor(Method::GET, &format!("{uri}/revisions"), None, None).await).await;
    let revisions: Vec<Revision> = serde_json::from_value(value).unwrap();
    let kinds: Vec<_> = revisions.iter().map(|r| (r.number, r.action, r.staff.as_str())).collect();
    assert_eq!(kinds, [(2, RevisionAction::Published, "elif"), (1, RevisionAction::Imported, "okur import")]);
    let (_, _, value) = read(desk.as_editor(Method::GET, &format!("{uri}/revisions/2"), None, None).await).await;
    let detail: RevisionDetail = serde_json::from_value(value).unwrap();
    let changes: Vec<_> =
        detail.diff.iter().filter(|l| l.change != DiffChange::Equal).map(|l| (l.change, l.text.clone())).collect();
    assert_eq!(
        changes,
        [
            (DiffChange::Delete, format!("Başlık: {first_title}")),
            (DiffChange::Insert, "Başlık: Yeni başlık".to_owned())
        ]
    );
    assert_eq!(
        read(desk.as_editor(Method::GET, &format!("{uri}/revisions/9"), None, None).await).await.0,
        StatusCode::NOT_FOUND
    );
    // Restoring is a new revision, on the version seen.
    let restore = format!("{uri}/revisions/1/restore");
    assert_eq!(
        read(desk.as_editor(Method::POST, &restore, Some(0), None).await).await.0,
        StatusCode::PRECONDITION_FAILED
    );
    let back = story_of(desk.as_editor(Method::POST, &restore, Some(1), None).await, StatusCode::OK).await;
    assert_eq!((back.article.title.as_str(), back.version), (first_title.as_str(), 2));
    let (_, _, value) = read(desk.as_editor(Method::GET, &format!("{uri}/revisions"), None, None).await).await;
    let revisions: Vec<Revision> = serde_json::from_value(value).unwrap();
    assert_eq!(revisions[0].action, RevisionAction::Restored);
}

#[tokio::test]
async fn only_a_story_off_the_site_is_deleted() {
    let desk = desk().await;
    let uri = "/api/desk/articles/genc-takim-final";
    let seen = desk.story("genc-takim-final").await;
    assert_eq!(read(desk.as_editor(Method::DELETE, uri, None, None).await).await.0, StatusCode::PRECONDITION_REQUIRED);
    let (status, code, _) = read(desk.as_editor(Method::DELETE, uri, Some(0), None).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "still_on_site"));
    let mut off = serde_json::to_value(&seen.article).unwrap();
    off["status"] = json!("draft");
    story_of(desk.as_editor(Method::PUT, uri, Some(0), Some(&off)).await, StatusCode::OK).await;
    assert_eq!(read(desk.as_editor(Method::DELETE, uri, Some(0), None).await).await.0, StatusCode::PRECONDITION_FAILED);
    assert_eq!(desk.as_editor(Method::DELETE, uri, Some(1), None).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(read(desk.as_editor(Method::GET, uri, None, None).await).await.0, StatusCode::NOT_FOUND);
    let (_, _, value) = read(desk.as_editor(Method::GET, "/api/desk/audit", None, None).await).await;
    let trail: Vec<AuditEntry> = serde_json::from_value(value).unwrap();
    assert_eq!((trail[0].action.as_str(), trail[0].slug.as_str()), ("deleted", "genc-takim-final"));
    assert_eq!(trail[1].action, "unpublished");
}

#[tokio::test]
async fn okur_staff_token_prints_one_on_its_last_line() {
    let desk = desk().await;
    let bin = env!("CARGO_BIN_EXE_okur");
    let db = desk.site.db().to_owned();
    let run = |args: &[&str]| std::process::Command::new(bin).args(args).output().unwrap();
    let made = run(&["staff", "token", "elif", "--label", "haber ajansı", "--db", &db]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let out = String::from_utf8(made.stdout).unwrap();
    let token = out.lines().last().unwrap().trim().to_owned();
    assert!(token.starts_with("okur_") && token.len() > 40, "{out}");
    let bearer = format!("Bearer {token}");
    let list = send(&desk.site, Method::GET, "/api/desk/articles", &[("authorization", bearer.as_str())], None).await;
    assert_eq!(list.status(), StatusCode::OK);
    let listed = String::from_utf8(run(&["staff", "tokens", "elif", "--db", &db]).stdout).unwrap();
    assert!(listed.contains("haber ajansı") && !listed.contains(&token), "{listed}");
    assert!(run(&["staff", "revoke", "elif", "--all", "--db", &db]).status.success());
    let list = send(&desk.site, Method::GET, "/api/desk/articles", &[("authorization", bearer.as_str())], None).await;
    assert_eq!(list.status(), StatusCode::UNAUTHORIZED);
    assert!(!run(&["staff", "token", "nobody", "--db", &db]).status.success());
}
