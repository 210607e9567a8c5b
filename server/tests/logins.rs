//! A flood of sign-ins cannot take the server's memory: passwords (argon2id, 19 MiB each) are
//! checked a few at a time, the rest wait their turn. Alone in its own test binary, so that
//! the process's peak memory is this test's. On both stores.

mod common;

use axum::http::StatusCode;
use serde_json::json;

/// The process's peak resident memory so far, in bytes (Linux's VmHWM).
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_sign_ins_at_once_hold_a_few_passwords_in_memory() {
    let mut site = common::site().await;
    site.state.login_delay = std::time::Duration::from_millis(1);
    let hash = okur::auth::hash_password("liman feneri 1923").unwrap();
    assert!(site.state.store.add_moderator("ayse", &hash).await.unwrap());
    let before = peak_memory();

    // From fifty addresses, so that no limit refuses any: every one is checked.
    let site = &site;
    let logins = (0..50).map(|n| async move {
        let peer = format!("198.51.100.{n}:4000");
        site.post_from(
            Some(&peer),
            "/api/moderation/login",
            json!({"name": "ayse", "password": format!("yanlış parola {n}")}).to_string(),
            &[("content-type", "application/json"), ("origin", "http://okur.test"), ("host", "okur.test")],
        )
        .await
    });
    let answers = futures::future::join_all(logins).await;
    assert!(answers.iter().all(|r| r.status() == StatusCode::UNAUTHORIZED));

    // A check holds 19 MiB: four at a time, and room for the rest of the work. Fifty at once
    // would be almost a gigabyte.
    let grown = peak_memory().saturating_sub(before);
    eprintln!("peak grew {} MiB", grown >> 20);
    let bound = (okur::auth::CHECKS_AT_ONCE as u64) * 19 * 1024 * 1024 + 64 * 1024 * 1024;
    assert!(grown <= bound, "peak memory grew by {} MiB (bound {} MiB)", grown >> 20, bound >> 20);
}
