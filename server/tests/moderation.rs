//! The moderators' API through `app()`: sign-in, sessions, every endpoint with and without a
//! session, from another origin, with a missing or stale CSRF token; the login throttle; and
//! `okur moderators …` through the real binary. On both stores.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use axum::http::{Method, StatusCode};
use axum::response::Response;
use common::{body, site, Site};
use okur::http::state::Moderation;
use okur_types::comments::{Comment, CommentPosted};
use okur_types::moderation::{BatchDone, Decision, QueuedComment, Role, Session, Settings, StaffMember};
use okur_types::Page;
use serde_json::json;

const SLUG: &str = "genc-takim-final";
const PASSWORD: &str = "liman feneri 1923";
const ORIGIN: (&str, &str) = ("origin", "http://okur.test");
const HOST: (&str, &str) = ("host", "okur.test");

/// Headers to send, and the status and error code they must get.
type Try<'a> = (&'a [(&'a str, &'a str)], StatusCode, &'a str);

/// A site that holds every comment, with moderator `ayse`.
async fn open_site() -> Site {
    let mut site = site().await;
    site.state.comments.moderation = Moderation::All;
    site.state.comments.rate_limit = 10_000;
    site.state.login_delay = std::time::Duration::from_millis(1);
    let hash = okur::auth::hash_password(PASSWORD).unwrap();
    assert!(site.state.store.add_moderator("ayse", &hash).await.unwrap());
    site
}

async fn send(
    site: &Site,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    json: Option<serde_json::Value>,
) -> Response {
    match json {
        Some(json) => {
            let mut all = vec![("content-type", "application/json")];
            all.extend_from_slice(headers);
            if method == Method::POST {
                site.post(uri, json.to_string(), &all).await
            } else {
                unreachable!()
            }
        }
        None if method == Method::POST => site.post(uri, "", headers).await,
        None => site.request(method, uri, headers).await,
    }
}

async fn json_of<T: serde::de::DeserializeOwned>(response: Response, status: StatusCode) -> T {
    let code = response.status();
    let bytes = body(response).await;
    assert_eq!(code, status, "{}", String::from_utf8_lossy(&bytes));
    serde_json::from_slice(&bytes).unwrap()
}

async fn code_of(response: Response) -> (StatusCode, String) {
    let status = response.status();
    let bytes = body(response).await;
    let code = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
        .unwrap_or_default();
    (status, code)
}

/// Sends a sign-in with these headers.
async fn login(site: &Site, headers: &[(&str, &str)], json: serde_json::Value) -> Response {
    send(site, Method::POST, "/api/moderation/login", headers, Some(json)).await
}

/// Signs in; the cookie (`name=value`) and the session.
async fn sign_in(site: &Site, name: &str, password: &str) -> (String, Session) {
    let response = login(site, &[ORIGIN, HOST], json!({"name": name, "password": password})).await;
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), "{cookie}");
    let session: Session = json_of(response, StatusCode::OK).await;
    (cookie.split(';').next().unwrap().to_owned(), session)
}

async fn held_comment(site: &Site, text: &str) -> Comment {
    let posted: CommentPosted = site
        .post_json(
            &format!("/api/articles/{SLUG}/comments"),
            &json!({"author_name": "Okur", "body": text}),
            StatusCode::ACCEPTED,
        )
        .await;
    posted.comment
}

async fn shown(site: &Site) -> Vec<i64> {
    let page: Page<Comment> = site.get_json(&format!("/api/articles/{SLUG}/comments"), StatusCode::OK).await;
    page.items.iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn a_moderator_signs_in_decides_and_signs_out() {
    let site = open_site().await;
    let first = held_comment(&site, "Onay bekleyen ilk yorum").await;
    let second = held_comment(&site, "Onay bekleyen ikinci yorum").await;
    let third = held_comment(&site, "Onay bekleyen üçüncü yorum").await;
    let (cookie, session) = sign_in(&site, "ayse", PASSWORD).await;
    assert_eq!(session.name, "ayse");
    let cookie = ("cookie", cookie.as_str());
    let csrf = ("x-csrf-token", session.csrf.as_str());

    let me: Session =
        json_of(send(&site, Method::GET, "/api/moderation/session", &[cookie], None).await, StatusCode::OK).await;
    assert_eq!(me, session);
    let queue = send(&site, Method::GET, "/api/moderation/comments", &[cookie], None).await;
    assert_eq!(queue.headers()["cache-control"], "no-store", "a moderator's queue is kept by no browser or proxy");
    let held: Vec<QueuedComment> = json_of(queue, StatusCode::OK).await;
    assert_eq!(held.iter().map(|c| c.comment.id).collect::<Vec<_>>(), [first.id, second.id, third.id], "oldest first");
    assert_eq!((held[0].slug.as_str(), held[0].status), (SLUG, okur_types::moderation::Status::Pending));
    assert!(held[0].comments_open);
    assert!(!held[0].title.is_empty());

    // One at a time, then several at once (one of them gone meanwhile).
    let approve = format!("/api/moderation/comments/{}/approve", first.id);
    assert_eq!(
        send(&site, Method::POST, &approve, &[cookie, csrf, ORIGIN, HOST], None).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(shown(&site).await, [first.id], "published at once");
    // Named twice, decided once (one audit line, below).
    let batch = json!({"action": "approve", "ids": [second.id, third.id, second.id, 999_999, third.id]});
    let done: BatchDone = json_of(
        send(&site, Method::POST, "/api/moderation/comments/batch", &[cookie, csrf, ORIGIN, HOST], Some(batch)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!((done.done, done.missing), (vec![second.id, third.id], vec![999_999]));
    let reject = format!("/api/moderation/comments/{}/reject", second.id);
    assert_eq!(
        send(&site, Method::POST, &reject, &[cookie, csrf, ORIGIN, HOST], None).await.status(),
        StatusCode::NO_CONTENT
    );
    let delete = format!("/api/moderation/comments/{}/delete", third.id);
    assert_eq!(
        send(&site, Method::POST, &delete, &[cookie, csrf, ORIGIN, HOST], None).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(shown(&site).await, [first.id]);
    let recent: Vec<QueuedComment> = json_of(
        send(&site, Method::GET, "/api/moderation/comments?view=recent", &[cookie], None).await,
        StatusCode::OK,
    )
    .await;
    let recent: Vec<i64> = recent.iter().map(|c| c.comment.id).collect();
    assert_eq!(recent[0], first.id, "newest first (the demo's comments after it)");
    assert!(!recent.contains(&second.id) && !recent.contains(&third.id));

    // Closing an article stops comments; opening it again lets them in.
    let close = format!("/api/moderation/articles/{SLUG}/close");
    assert_eq!(
        send(&site, Method::POST, &close, &[cookie, csrf, ORIGIN, HOST], None).await.status(),
        StatusCode::NO_CONTENT
    );
    let refused = site
        .post(
            &format!("/api/articles/{SLUG}/comments"),
            json!({"author_name": "A", "body": "Kapalı mı?"}).to_string(),
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(code_of(refused).await, (StatusCode::FORBIDDEN, "comments_closed".into()));
    let open = format!("/api/moderation/articles/{SLUG}/open");
    assert_eq!(
        send(&site, Method::POST, &open, &[cookie, csrf, ORIGIN, HOST], None).await.status(),
        StatusCode::NO_CONTENT
    );

    // The audit trail: who did what, when, newest first.
    let log: Vec<Decision> =
        json_of(send(&site, Method::GET, "/api/moderation/log", &[cookie], None).await, StatusCode::OK).await;
    let lines: Vec<(String, Option<i64>)> = log.iter().map(|d| (d.action.as_str().to_owned(), d.comment_id)).collect();
    assert_eq!(
        lines,
        [
            ("open".into(), None),
            ("close".into(), None),
            ("delete".into(), Some(third.id)),
            ("reject".into(), Some(second.id)),
            ("approve".into(), Some(third.id)),
            ("approve".into(), Some(second.id)),
            ("approve".into(), Some(first.id)),
        ]
    );
    assert!(log.iter().all(|d| d.moderator == "ayse" && d.at.ends_with('Z')));

    // Signing out ends the session: the cookie and the token are worth nothing after.
    let out = send(&site, Method::POST, "/api/moderation/logout", &[cookie, csrf, ORIGIN, HOST], None).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    let after = send(&site, Method::GET, "/api/moderation/session", &[cookie], None).await;
    assert_eq!(code_of(after).await, (StatusCode::UNAUTHORIZED, "sign_in".into()));
}

#[tokio::test]
async fn every_endpoint_refuses_without_a_session_another_origin_or_a_stale_token() {
    let site = open_site().await;
    let held = held_comment(&site, "Bekleyen yorum burada").await;
    let (old_cookie, old) = sign_in(&site, "ayse", PASSWORD).await;
    let (cookie, session) = sign_in(&site, "ayse", PASSWORD).await;
    assert_ne!(old.csrf, session.csrf, "each session its own token");
    let cookie = ("cookie", cookie.as_str());
    let csrf = ("x-csrf-token", session.csrf.as_str());
    let changes: Vec<(String, Option<serde_json::Value>)> = vec![
        (format!("/api/moderation/comments/{}/approve", held.id), None),
        ("/api/moderation/comments/batch".into(), Some(json!({"action": "reject", "ids": [held.id]}))),
        (format!("/api/moderation/articles/{SLUG}/close"), None),
        ("/api/moderation/logout".into(), None),
    ];
    for (uri, json) in &changes {
        let tries: [Try; 6] = [
            (&[csrf, ORIGIN, HOST], StatusCode::UNAUTHORIZED, "sign_in"),
            (&[("cookie", "okur_session=made-up"), csrf, ORIGIN, HOST], StatusCode::UNAUTHORIZED, "sign_in"),
            (&[cookie, ORIGIN, HOST], StatusCode::FORBIDDEN, "forbidden"),
            (&[cookie, ("x-csrf-token", old.csrf.as_str()), ORIGIN, HOST], StatusCode::FORBIDDEN, "forbidden"),
            (&[cookie, csrf, ("origin", "https://kotu.example"), HOST], StatusCode::FORBIDDEN, "forbidden"),
            (&[cookie, csrf, HOST], StatusCode::FORBIDDEN, "forbidden"),
        ];
        for (headers, status, code) in tries {
            let got = code_of(send(&site, Method::POST, uri, headers, json.clone()).await).await;
            assert_eq!(got, (status, code.to_owned()), "{uri} with {headers:?}");
        }
    }
    for uri in [
        "/api/moderation/comments",
        "/api/moderation/comments?view=recent",
        "/api/moderation/log",
        "/api/moderation/session",
        "/api/moderation/articles",
    ] {
        let got = code_of(send(&site, Method::GET, uri, &[], None).await).await;
        assert_eq!(got, (StatusCode::UNAUTHORIZED, "sign_in".into()), "{uri}");
    }
    assert_eq!(shown(&site).await, Vec::<i64>::new(), "nothing was decided");
    // The older session still works with its own token: sessions are per sign-in.
    let old_cookie = ("cookie", old_cookie.as_str());
    let ok = send(
        &site,
        Method::POST,
        &changes[0].0,
        &[old_cookie, ("x-csrf-token", old.csrf.as_str()), ORIGIN, HOST],
        None,
    )
    .await;
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    // Unknown actions and ids are 404s, malformed bodies 400s.
    let csrf_ok = [cookie, csrf, ORIGIN, HOST];
    assert_eq!(
        code_of(send(&site, Method::POST, "/api/moderation/comments/1/publish", &csrf_ok, None).await).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        code_of(send(&site, Method::POST, "/api/moderation/comments/x/approve", &csrf_ok, None).await).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        code_of(send(&site, Method::POST, "/api/moderation/articles/yok/close", &csrf_ok, None).await).await.0,
        StatusCode::NOT_FOUND
    );
    let empty = Some(json!({"action": "approve", "ids": []}));
    assert_eq!(
        code_of(send(&site, Method::POST, "/api/moderation/comments/batch", &csrf_ok, empty).await).await.0,
        StatusCode::BAD_REQUEST
    );
    let open = Some(json!({"action": "open", "ids": [1]}));
    assert_eq!(
        code_of(send(&site, Method::POST, "/api/moderation/comments/batch", &csrf_ok, open).await).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let site = open_site().await;
    let attempt = |name: &'static str, password: &'static str| {
        let site = &site;
        async move {
            let response = login(site, &[ORIGIN, HOST], json!({"name": name, "password": password})).await;
            assert!(response.headers().get("set-cookie").is_none());
            let status = response.status();
            (status, String::from_utf8(body(response).await).unwrap())
        }
    };
    let wrong = attempt("ayse", "yanlış parola burada").await;
    let nobody = attempt("kimse", "yanlış parola burada").await;
    assert_eq!(wrong.0, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, nobody, "the answer never tells whether the account exists");
    // From another origin, no sign-in at all.
    let response =
        login(&site, &[("origin", "https://kotu.example"), HOST], json!({"name": "ayse", "password": PASSWORD})).await;
    assert_eq!(code_of(response).await, (StatusCode::FORBIDDEN, "forbidden".into()));
}

/// A sign-in from this address.
async fn login_from(site: &Site, address: &str, name: &str, password: &str) -> Response {
    site.post_from(
        Some(address),
        "/api/moderation/login",
        json!({"name": name, "password": password}).to_string(),
        &[("content-type", "application/json"), ORIGIN, HOST],
    )
    .await
}

#[tokio::test]
async fn guesses_sent_together_get_ten_answers_and_lock_no_one_out() {
    let site = open_site().await;
    // Twenty wrong passwords at once, from one address: each is counted before it is checked.
    let site = &site;
    let guesses = (0..20).map(|n| async move {
        let guess = format!("tahmin {n} burada");
        login_from(site, "198.51.100.7:4000", "ayse", &guess).await
    });
    let mut answered = 0;
    let mut limited = 0;
    for response in futures::future::join_all(guesses).await {
        match response.status() {
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(response.headers().get("retry-after").is_some());
                limited += 1;
            }
            StatusCode::UNAUTHORIZED => answered += 1,
            other => panic!("{other}"),
        }
    }
    assert_eq!((answered, limited), (okur::auth::PAIR_FAILURES, 10));
    // Even the right password waits there for the window to pass...
    let there = login_from(site, "198.51.100.7:4000", "ayse", PASSWORD).await;
    assert_eq!(code_of(there).await, (StatusCode::TOO_MANY_REQUESTS, "too_many_logins".into()));
    // ...but the moderator, elsewhere, signs in at once.
    let elsewhere = login_from(site, "192.0.2.44:5000", "ayse", PASSWORD).await;
    assert_eq!(elsewhere.status(), StatusCode::OK);

    // Guesses from many addresses do not lock the account either: they are slowed.
    for n in 0..15 {
        let wrong = login_from(site, &format!("203.0.113.{n}:4000"), "ayse", "yanlış parola burada").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    let clean = login_from(site, "192.0.2.99:5000", "ayse", PASSWORD).await;
    assert_eq!(clean.status(), StatusCode::OK, "a clean address is never refused");

    // One address trying many accounts is held too.
    let site = open_site().await;
    let mut from_one = 0;
    for n in 0..40 {
        let response = login_from(&site, "203.0.113.5:4000", &format!("hesap{n}"), "yanlış parola burada").await;
        if response.status() == StatusCode::UNAUTHORIZED {
            from_one += 1;
        }
    }
    assert_eq!(from_one, okur::auth::ADDRESS_FAILURES);
}

#[tokio::test]
async fn sessions_end_when_idle_or_when_the_password_changes() {
    let site = open_site().await;
    let (cookie, _) = sign_in(&site, "ayse", PASSWORD).await;
    let cookie = ("cookie", cookie.as_str());
    assert_eq!(send(&site, Method::GET, "/api/moderation/session", &[cookie], None).await.status(), StatusCode::OK);
    let hash = okur::auth::hash_password("yepyeni bir parola").unwrap();
    assert!(site.state.store.set_moderator_password("ayse", &hash).await.unwrap());
    assert_eq!(
        send(&site, Method::GET, "/api/moderation/session", &[cookie], None).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Twelve hours without use: over.
    let (cookie, _) = sign_in(&site, "ayse", "yepyeni bir parola").await;
    let cookie = ("cookie", cookie.as_str());
    let old =
        okur::domain::stamp::Stamp::now().before(time::Duration::hours(12) + time::Duration::minutes(1)).to_string();
    common::execute(site.db(), &format!("UPDATE moderator_sessions SET last_seen = '{old}'")).await;
    assert_eq!(
        send(&site, Method::GET, "/api/moderation/session", &[cookie], None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Eleven hours is still fine, and using it starts the twelve again.
    let (cookie, _) = sign_in(&site, "ayse", "yepyeni bir parola").await;
    let cookie = ("cookie", cookie.as_str());
    let recent = okur::domain::stamp::Stamp::now().before(time::Duration::hours(11)).to_string();
    common::execute(site.db(), &format!("UPDATE moderator_sessions SET last_seen = '{recent}'")).await;
    assert_eq!(send(&site, Method::GET, "/api/moderation/session", &[cookie], None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_cookie_is_host_prefixed_and_secure_on_https() {
    let mut site = open_site().await;
    site.state.public_url = Some("https://haber.example".into());
    let response =
        login(&site, &[("origin", "https://haber.example")], json!({"name": "ayse", "password": PASSWORD})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-okur_session=") && cookie.contains("; Secure"), "{cookie}");
    let response = login(&site, &[ORIGIN, HOST], json!({"name": "ayse", "password": PASSWORD})).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "the public address decides the origin, not Host");
}

fn okur(args: &[&str], db: &str, stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_okur"))
        .args(args)
        .env("OKUR_DB", db)
        .env("OKUR_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn moderators_are_managed_from_the_shell_and_decisions_there_are_audited() {
    let site = open_site().await;
    let db = site.db().to_owned();
    let text = |out: &std::process::Output| {
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    };
    let out = okur(&["moderators", "add", "mert"], &db, "gece vardiyası parolası\n");
    assert!(out.status.success(), "{}", text(&out));
    let out = okur(&["moderators", "add", "mert"], &db, "gece vardiyası parolası\n");
    assert!(!out.status.success() && text(&out).contains("already"), "{}", text(&out));
    let out = okur(&["moderators", "add", "kisa"], &db, "kısa\n");
    assert!(!out.status.success() && text(&out).contains("12"), "{}", text(&out));
    let out = okur(&["moderators", "add", "iki kelime"], &db, "gece vardiyası parolası\n");
    assert!(!out.status.success(), "{}", text(&out));
    let listed = okur(&["moderators", "list"], &db, "");
    assert!(text(&listed).contains("ayse") && text(&listed).contains("mert"), "{}", text(&listed));
    // The password read from stdin signs in; a new one replaces it.
    sign_in(&site, "mert", "gece vardiyası parolası").await;
    let out = okur(&["moderators", "password", "mert"], &db, "sabah vardiyası parolası\n");
    assert!(out.status.success(), "{}", text(&out));
    sign_in(&site, "mert", "sabah vardiyası parolası").await;
    let out = okur(&["moderators", "remove", "mert"], &db, "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(!okur(&["moderators", "remove", "mert"], &db, "").status.success());
    let gone = login(&site, &[ORIGIN, HOST], json!({"name": "mert", "password": "sabah vardiyası parolası"})).await;
    assert_eq!(gone.status(), StatusCode::UNAUTHORIZED);

    // `okur comments approve` is in the trail as the shell, and `list` shows the trail.
    let held = held_comment(&site, "Kabuktan onaylanacak").await;
    assert!(okur(&["comments", "approve", &held.id.to_string()], &db, "").status.success());
    let listing = text(&okur(&["comments", "list", "--article", SLUG], &db, ""));
    assert!(listing.contains("approve by shell at "), "{listing}");
}

#[tokio::test]
async fn moderators_see_every_story_with_its_state_and_held_comments() {
    let site = open_site().await;
    held_comment(&site, "Onay bekleyen bir yorum").await;
    held_comment(&site, "Onay bekleyen bir yorum daha").await;
    let response = send(&site, Method::GET, "/api/moderation/articles", &[], None).await;
    assert_eq!(code_of(response).await, (StatusCode::UNAUTHORIZED, "sign_in".into()));
    let (cookie, session) = sign_in(&site, "ayse", PASSWORD).await;
    let cookie = ("cookie", cookie.as_str());
    let csrf = ("x-csrf-token", session.csrf.as_str());
    let stories = || async {
        let response = send(&site, Method::GET, "/api/moderation/articles", &[cookie], None).await;
        assert_eq!(response.headers()["cache-control"], "no-store");
        json_of::<Vec<okur_types::moderation::Story>>(response, StatusCode::OK).await
    };
    let listed = stories().await;
    assert_eq!(listed.len(), 10, "the demo stories");
    assert!(listed.windows(2).all(|w| w[0].published_at >= w[1].published_at), "newest first");
    let story = listed.iter().find(|s| s.slug == SLUG).unwrap();
    assert_eq!((story.held, story.comments_open), (2, true));
    let close = format!("/api/moderation/articles/{SLUG}/close");
    assert_eq!(
        send(&site, Method::POST, &close, &[cookie, csrf, ORIGIN, HOST], None).await.status(),
        StatusCode::NO_CONTENT
    );
    assert!(!stories().await.iter().find(|s| s.slug == SLUG).unwrap().comments_open);
}

#[tokio::test]
async fn ids_and_publication_numbers_are_never_given_twice() {
    let site = open_site().await;
    let article = site.state.store.comment_target(SLUG).await.unwrap().article_id;
    let (cookie, session) = sign_in(&site, "ayse", PASSWORD).await;
    let cookie = ("cookie", cookie.as_str());
    let csrf = ("x-csrf-token", session.csrf.as_str());
    let decide = |id: i64, action: &str| format!("/api/moderation/comments/{id}/{action}");
    let before = site.state.store.latest_publication(article).await.unwrap();

    let first = held_comment(&site, "Kalan ilk yorum").await;
    let highest = held_comment(&site, "Silinecek en yeni yorum").await;
    for id in [first.id, highest.id] {
        let approved = send(&site, Method::POST, &decide(id, "approve"), &[cookie, csrf, ORIGIN, HOST], None).await;
        assert_eq!(approved.status(), StatusCode::NO_CONTENT);
    }
    let numbers = site.state.store.published_since(article, before, 100).await.unwrap();
    let deleted_number = numbers.iter().find(|(_, c)| c.id() == highest.id).unwrap().0;
    let deleted = send(&site, Method::POST, &decide(highest.id, "delete"), &[cookie, csrf, ORIGIN, HOST], None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    // A top-level comment, then a reply (written with the id taken first), after the highest
    // comment was deleted: neither takes its id.
    let next = held_comment(&site, "Silinenin yerine gelmeyen yorum").await;
    assert!(next.id > highest.id, "{} reused {}", next.id, highest.id);
    let approved = send(&site, Method::POST, &decide(next.id, "approve"), &[cookie, csrf, ORIGIN, HOST], None).await;
    assert_eq!(approved.status(), StatusCode::NO_CONTENT);
    let deleted = send(&site, Method::POST, &decide(next.id, "delete"), &[cookie, csrf, ORIGIN, HOST], None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let reply: CommentPosted = site
        .post_json(
            &format!("/api/articles/{SLUG}/comments"),
            &json!({"author_name": "Yanıtlayan", "body": "İlk yoruma bir yanıt", "parent_id": first.id}),
            StatusCode::ACCEPTED,
        )
        .await;
    assert!(reply.comment.id > next.id, "{} reused {}", reply.comment.id, next.id);

    // A live reader who saw the deleted comment's number is still sent what comes after it.
    let approved =
        send(&site, Method::POST, &decide(reply.comment.id, "approve"), &[cookie, csrf, ORIGIN, HOST], None).await;
    assert_eq!(approved.status(), StatusCode::NO_CONTENT);
    let after_deleted = site.state.store.published_since(article, deleted_number, 100).await.unwrap();
    assert_eq!(after_deleted.iter().map(|(_, c)| c.id()).collect::<Vec<_>>(), [reply.comment.id]);

    // The audit trail names each comment once: the deleted ones' lines stay theirs.
    let log: Vec<Decision> =
        json_of(send(&site, Method::GET, "/api/moderation/log", &[cookie], None).await, StatusCode::OK).await;
    let about =
        |id: i64| log.iter().filter(|d| d.comment_id == Some(id)).map(|d| d.action.as_str()).collect::<Vec<_>>();
    assert_eq!(about(highest.id), ["delete", "approve"]);
    assert_eq!(about(next.id), ["delete", "approve"]);
    assert_eq!(about(reply.comment.id), ["approve"]);
}

/// Posts a comment with these headers; the answer's status and body.
async fn comment_as(site: &Site, name: &str, headers: &[(&str, &str)]) -> (StatusCode, serde_json::Value) {
    let body = json!({"author_name": name, "body": "Yorumum burada"});
    let response = send(site, Method::POST, &format!("/api/articles/{SLUG}/comments"), headers, Some(body)).await;
    let status = response.status();
    (status, serde_json::from_slice(&common::body(response).await).unwrap())
}

#[tokio::test]
async fn no_reader_passes_for_the_site_an_author_or_staff_and_staff_carry_a_badge() {
    let mut site = open_site().await;
    site.state.comments.moderation = Moderation::Off;
    let turkish = "Bu ad sitenin, bir yazarın ya da bir moderatörün adına benziyor; başka bir ad yazın.";
    for name in [
        "\u{043E}kur",                   // the site, with a Cyrillic о
        "Zeynep \u{00D6}zt\u{00FC}rk",   // this article's author, spelt exactly
        "Zeynep O\u{0308}ztu\u{0308}rk", // the same, decomposed
        "\u{0395}lif Karaca",            // another author, with a Greek Epsilon
        "\u{0430}yse",                   // the moderator, with a Cyrillic а
        "Ali (Moderatör)",               // the badge's word
        "ali (M\u{041E}DERATOR)",        // in capitals, with a Cyrillic О
    ] {
        let (status, answer) = comment_as(&site, name, &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {answer}");
        assert_eq!(answer["error"]["fields"]["author_name"], turkish, "{name:?}");
    }
    let (_, answer) = comment_as(&site, "\u{043E}kur", &[("cookie", "okur_lang=en")]).await;
    assert_eq!(
        answer["error"]["fields"]["author_name"],
        "This name looks like the site's, an author's or a moderator's; choose another."
    );
    for name in ["Okur", "Zeynep", "Ayşe Yılmaz", "Moda Sakini"] {
        let (status, answer) = comment_as(&site, name, &[]).await;
        assert_eq!(status, StatusCode::CREATED, "{name:?}: {answer}");
        assert_eq!(answer["comment"].get("staff"), None, "a reader's comment: {answer}");
    }

    // The moderator, signed in and posting from this site: their own name, the badge, and
    // published at once even where every comment is held.
    site.state.comments.moderation = Moderation::All;
    let (cookie, _) = sign_in(&site, "ayse", PASSWORD).await;
    let cookie = ("cookie", cookie.as_str());
    let (status, answer) = comment_as(&site, "ayse", &[cookie, ORIGIN, HOST]).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["comment"]["staff"], true);
    let page: Page<Comment> = site.get_json(&format!("/api/articles/{SLUG}/comments"), StatusCode::OK).await;
    let staff: Vec<bool> = page.items.iter().map(|c| c.staff).collect();
    assert_eq!(staff.iter().filter(|s| **s).count(), 1, "{staff:?}");
    // Their session from another origin, or none: a reader, and the name is theirs no more.
    for headers in [&[cookie, ("origin", "http://evil.test"), HOST][..], &[ORIGIN, HOST][..]] {
        let (status, _) = comment_as(&site, "ayse", headers).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{headers:?}");
    }
    // A reader cannot claim the badge in the post itself.
    let claim = json!({"author_name": "Deniz", "body": "Ben de yetkiliyim", "staff": true});
    let response = send(&site, Method::POST, &format!("/api/articles/{SLUG}/comments"), &[], Some(claim)).await;
    let answer: serde_json::Value = serde_json::from_slice(&common::body(response).await).unwrap();
    assert_eq!((answer["status"].as_str(), answer["comment"].get("staff")), (Some("pending"), None), "{answer}");
}

#[tokio::test]
async fn a_moderator_sets_the_address_told_of_held_comments() {
    let mut site = open_site().await;
    let (cookie, session) = sign_in(&site, "ayse", PASSWORD).await;
    let cookie = ("cookie", cookie.as_str());
    let csrf = ("x-csrf-token", session.csrf.as_str());
    let json = ("content-type", "application/json");
    let settings: Settings =
        json_of(site.request(Method::GET, "/api/moderation/settings", &[cookie]).await, StatusCode::OK).await;
    assert_eq!(settings, Settings::default(), "a site without email says so");
    let headers = [cookie, csrf, ORIGIN, HOST, json];
    let body = json!({"held_mail": "ayse@example.com"}).to_string();
    let off = site.send_from(None, Method::PUT, "/api/moderation/settings", body.clone(), &headers).await;
    assert_eq!(code_of(off).await, (StatusCode::UNPROCESSABLE_ENTITY, "invalid".into()));
    site.state.mail = true;
    let no_csrf = site
        .send_from(None, Method::PUT, "/api/moderation/settings", body.clone(), &[cookie, ORIGIN, HOST, json])
        .await;
    assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN);
    let bad = json!({"held_mail": "not an address"}).to_string();
    let bad = site.send_from(None, Method::PUT, "/api/moderation/settings", bad, &headers).await;
    assert_eq!(code_of(bad).await, (StatusCode::UNPROCESSABLE_ENTITY, "invalid".into()));
    let set = site.send_from(None, Method::PUT, "/api/moderation/settings", body, &headers).await;
    let settings: Settings = json_of(set, StatusCode::OK).await;
    assert_eq!(
        settings,
        Settings { mail: true, held_mail: Some("ayse@example.com".into()), held_mail_confirmed: false },
        "a new address waits for its confirmation"
    );
    let (queued, ..) = site.state.store.outbox_counts().await.unwrap();
    assert_eq!(queued, 1, "its confirmation email");
    let clear = json!({"held_mail": " "}).to_string();
    let cleared = site.send_from(None, Method::PUT, "/api/moderation/settings", clear, &headers).await;
    let settings: Settings = json_of(cleared, StatusCode::OK).await;
    assert_eq!(settings.held_mail, None);
}

#[tokio::test]
async fn roles_decide_what_an_account_may_do_and_a_change_holds_at_once() {
    let site = open_site().await;
    let db = site.db().to_owned();
    let text = |out: &std::process::Output| {
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    };
    for (name, role) in [("deniz", "editor"), ("can", "admin")] {
        let out = okur(&["staff", "add", name, "--role", role], &db, &format!("{PASSWORD}\n"));
        assert!(out.status.success() && text(&out).contains(&format!("added {role} {name}")), "{}", text(&out));
    }
    assert!(!okur(&["staff", "add", "ece", "--role", "root"], &db, &format!("{PASSWORD}\n")).status.success());
    let listed = text(&okur(&["staff", "list"], &db, ""));
    assert!(
        listed.contains("ayse  moderator") && listed.contains("can  admin") && listed.contains("deniz  editor"),
        "{listed}"
    );

    // An editor signs in as everyone does, but may not moderate.
    let (cookie, session) = sign_in(&site, "deniz", PASSWORD).await;
    assert_eq!(session.role, Role::Editor);
    let editor = ("cookie", cookie.as_str());
    let csrf = ("x-csrf-token", session.csrf.as_str());
    for uri in
        ["/api/moderation/comments", "/api/moderation/articles", "/api/moderation/log", "/api/moderation/settings"]
    {
        assert_eq!(
            code_of(site.request(Method::GET, uri, &[editor]).await).await,
            (StatusCode::FORBIDDEN, "not_allowed".into()),
            "{uri}"
        );
    }
    let held = held_comment(&site, "Editörün onaylayamayacağı yorum.").await;
    let decide =
        site.post(&format!("/api/moderation/comments/{}/approve", held.id), "", &[editor, csrf, ORIGIN, HOST]).await;
    assert_eq!(code_of(decide).await, (StatusCode::FORBIDDEN, "not_allowed".into()));
    // An admin moderates.
    let (admin, admin_session) = sign_in(&site, "can", PASSWORD).await;
    assert_eq!(admin_session.role, Role::Admin);
    assert_eq!(
        site.request(Method::GET, "/api/moderation/comments", &[("cookie", admin.as_str())]).await.status(),
        StatusCode::OK
    );
    // A new role holds in the open session at once.
    assert!(okur(&["staff", "role", "deniz", "moderator"], &db, "").status.success());
    assert_eq!(site.request(Method::GET, "/api/moderation/comments", &[editor]).await.status(), StatusCode::OK);
    let now: Session =
        json_of(site.request(Method::GET, "/api/moderation/session", &[editor]).await, StatusCode::OK).await;
    assert_eq!(now.role, Role::Moderator);
    // The last admin stays one.
    let out = okur(&["staff", "role", "can", "editor"], &db, "");
    assert!(!out.status.success() && text(&out).contains("last admin"), "{}", text(&out));
    assert!(!okur(&["staff", "role", "nobody", "editor"], &db, "").status.success());
}

#[tokio::test]
async fn an_admin_manages_the_accounts_in_the_browser_and_no_one_else_may() {
    let site = open_site().await;
    let hash = okur::auth::hash_password(PASSWORD).unwrap();
    assert!(site.state.store.add_staff("can", &hash, Role::Admin).await.unwrap());
    let (admin, session) = sign_in(&site, "can", PASSWORD).await;
    let headers = [
        ("cookie", admin.as_str()),
        ("x-csrf-token", session.csrf.as_str()),
        ORIGIN,
        HOST,
        ("content-type", "application/json"),
    ];
    let send_json = |method: Method, uri: &str, body: serde_json::Value, headers: &[(&str, &str)]| {
        let (method, uri, body) = (method, uri.to_owned(), body.to_string());
        let headers: Vec<(String, String)> = headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        let site = &site;
        async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            site.send_from(None, method, &uri, body, &headers).await
        }
    };
    // The list, with roles.
    let staff: Vec<StaffMember> =
        json_of(site.request(Method::GET, "/api/staff", &headers[..1]).await, StatusCode::OK).await;
    let roles: Vec<(String, Role)> = staff.iter().map(|m| (m.name.clone(), m.role)).collect();
    assert_eq!(roles, [("ayse".to_owned(), Role::Moderator), ("can".to_owned(), Role::Admin)]);
    // A new editor; broken fields say which.
    let added = send_json(
        Method::POST,
        "/api/staff",
        json!({"name": "deniz", "role": "editor", "password": PASSWORD}),
        &headers,
    )
    .await;
    let staff: Vec<StaffMember> = json_of(added, StatusCode::CREATED).await;
    assert!(staff.iter().any(|m| m.name == "deniz" && m.role == Role::Editor));
    for (body, broken) in [
        (json!({"name": "deniz", "role": "editor", "password": PASSWORD}), "name"),
        (json!({"name": "iki kelime", "role": "editor", "password": PASSWORD}), "name"),
        (json!({"name": "ece", "password": PASSWORD}), "role"),
        (json!({"name": "ece", "role": "editor", "password": "kısa"}), "password"),
    ] {
        let refused = send_json(Method::POST, "/api/staff", body.clone(), &headers).await;
        let error = Site::error_of(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
        assert!(error.error.fields.unwrap().contains_key(broken), "{body}");
    }
    sign_in(&site, "deniz", PASSWORD).await;
    // A role and a password change; the admin cannot demote or remove themselves.
    let changed = send_json(Method::PUT, "/api/staff/deniz", json!({"role": "moderator"}), &headers).await;
    let staff: Vec<StaffMember> = json_of(changed, StatusCode::OK).await;
    assert!(staff.iter().any(|m| m.name == "deniz" && m.role == Role::Moderator));
    let own = send_json(Method::PUT, "/api/staff/can", json!({"role": "editor"}), &headers).await;
    assert_eq!(code_of(own).await, (StatusCode::UNPROCESSABLE_ENTITY, "invalid".into()));
    let password =
        send_json(Method::PUT, "/api/staff/deniz", json!({"password": "yepyeni bir parola"}), &headers).await;
    assert_eq!(password.status(), StatusCode::OK);
    sign_in(&site, "deniz", "yepyeni bir parola").await;
    let unknown = send_json(Method::PUT, "/api/staff/nobody", json!({"role": "editor"}), &headers).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let myself = site.send_from(None, Method::DELETE, "/api/staff/can", "", &headers).await;
    assert_eq!(myself.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let removed = site.send_from(None, Method::DELETE, "/api/staff/deniz", "", &headers).await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    // Without the CSRF token, or as a moderator: refused.
    let no_csrf = send_json(Method::DELETE, "/api/staff/ayse", json!({}), &[headers[0], ORIGIN, HOST]).await;
    assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN);
    let (moderator, m_session) = sign_in(&site, "ayse", PASSWORD).await;
    let as_moderator = [("cookie", moderator.as_str()), ("x-csrf-token", m_session.csrf.as_str()), ORIGIN, HOST];
    assert_eq!(
        code_of(site.request(Method::GET, "/api/staff", &as_moderator[..1]).await).await,
        (StatusCode::FORBIDDEN, "not_allowed".into())
    );
    let refused = site.send_from(None, Method::DELETE, "/api/staff/can", "", &as_moderator).await;
    assert_eq!(code_of(refused).await, (StatusCode::FORBIDDEN, "not_allowed".into()));
    assert_eq!(site.request(Method::GET, "/api/staff", &[]).await.status(), StatusCode::UNAUTHORIZED);
}
