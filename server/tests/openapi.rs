//! The API contract: the OpenAPI document the server serves is generated from its handlers, is
//! the one committed in `server/openapi.json` (so a change to it shows in review), and every
//! operation it lists answers with a status it documents.

mod common;

use axum::http::{header, Method, StatusCode};
use common::{body, site};
use serde_json::{json, Value};

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");

#[tokio::test]
async fn the_served_document_is_the_committed_one() {
    let site = site().await;
    let response = site.get("/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let served: Value = serde_json::from_slice(&body(response).await).unwrap();
    assert_eq!(served, okur::http::api::openapi());
    assert_eq!(served["openapi"], "3.1.0");
    if std::env::var_os("OKUR_UPDATE_OPENAPI").is_some() {
        std::fs::write(COMMITTED, serde_json::to_string_pretty(&served).unwrap() + "\n").unwrap();
    }
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(COMMITTED).unwrap()).unwrap();
    assert!(
        committed == served,
        "the API changed: review it, then run `OKUR_UPDATE_OPENAPI=1 cargo test -p okur --test openapi`"
    );
}

#[tokio::test]
async fn every_documented_operation_answers_as_documented() {
    let mut site = site().await;
    site.state.comments.rate_limit = 1000;
    let document = okur::http::api::openapi();
    let root: Value = site
        .post_json(
            "/api/articles/genc-takim-final/comments",
            &json!({"author_name": "Ayşe", "body": "Bir yorum"}),
            StatusCode::CREATED,
        )
        .await;
    let id = root["comment"]["id"].as_i64().unwrap().to_string();
    let token = root["edit_token"].as_str().unwrap().to_owned();
    let mut operations = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            operations += 1;
            let uri = path.replace("{slug}", "genc-takim-final").replace("{id}", &id);
            let response = match method.as_str() {
                "get" => site.request(Method::GET, &uri, &[]).await,
                "post" => {
                    let comment = json!({"author_name": format!("{method} {path}"), "body": "Belgelenen yorum"});
                    site.post(&uri, comment.to_string(), &[("content-type", "application/json")]).await
                }
                "put" | "delete" => {
                    let method = if method == "put" { Method::PUT } else { Method::DELETE };
                    let comment = json!({"author_name": "Ayşe", "body": "Düzeltilmiş yorum"});
                    let headers = [("content-type", "application/json"), ("x-edit-token", token.as_str())];
                    site.send_from(None, method, &uri, comment.to_string(), &headers).await
                }
                other => panic!("{other} {path}: a method this test does not know"),
            };
            let status = response.status().as_u16().to_string();
            assert!(operation["responses"].get(&status).is_some(), "{method} {path}: {status} is not documented");
            if response.status() != StatusCode::NO_CONTENT {
                assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json", "{method} {path}");
            }
            assert!(!operation["operationId"].as_str().unwrap_or_default().is_empty(), "{method} {path}");
        }
    }
    assert_eq!(
        operations, 29,
        "health, articles, article, comments (get, post), a comment (put, delete), report, replies, place, \
         front, sections, section, author, search, most read, related; the desk's stories (list, create, get, \
         update, delete), working copy (save, discard), revisions (list, get, restore), audit trail and image upload"
    );
    // A link names an operation that exists.
    let ids: Vec<&str> = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    let text = document.to_string();
    for target in text.split("\"operationId\":\"").skip(1).map(|rest| rest.split('"').next().unwrap()) {
        assert!(ids.contains(&target), "a link to {target}");
    }
    assert!(!text.contains("operation_id"));
}
