//! Hostile posts, one table: disguised names, invisible texts, controls, broken emails, odd
//! JSON, wrong parents, wrong types, a filled honeypot. Every one is answered without a 5xx and
//! none is stored.

mod common;

use axum::http::StatusCode;
use common::{body, site};
use serde_json::{json, Value};

const URI: &str = "/api/articles/genc-takim-final/comments";

/// One hostile request: what it is, its content type, its body, and where it goes.
struct Hostile {
    what: String,
    content_type: &'static str,
    body: String,
    uri: String,
}

fn json_post(what: impl Into<String>, value: Value) -> Hostile {
    Hostile { what: what.into(), content_type: "application/json", body: value.to_string(), uri: URI.into() }
}

/// A comment that passes every rule, with one field replaced.
fn with(field: &str, value: Value) -> Value {
    let mut comment = json!({"author_name": "Ayşe", "author_email": "ayse@example.com", "body": "Geçerli bir yorum"});
    comment[field] = value;
    comment
}

/// The characters a renderer draws as nothing, and those that turn the text around.
const INVISIBLE: &[char] = &[
    '\u{00AD}',
    '\u{034F}',
    '\u{061C}',
    '\u{115F}',
    '\u{1160}',
    '\u{17B4}',
    '\u{180E}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{2060}',
    '\u{2064}',
    '\u{3164}',
    '\u{FE0F}',
    '\u{FEFF}',
    '\u{FFA0}',
    '\u{E0001}',
    '\u{E0041}',
];
const BIDI: &[char] =
    &['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];

fn hostile_inputs(other_article_comment: i64, held_comment: i64) -> Vec<Hostile> {
    let mut all = Vec::new();
    for &c in BIDI {
        let code = u32::from(c);
        all.push(json_post(format!("name with U+{code:04X}"), with("author_name", json!(format!("{c}nimdA")))));
        all.push(json_post(format!("text with U+{code:04X}"), with("body", json!(format!("iyi {c}yorum")))));
        all.push(json_post(format!("email with U+{code:04X}"), with("author_email", json!(format!("a{c}@b.co")))));
    }
    for &c in INVISIBLE {
        let code = u32::from(c);
        all.push(json_post(format!("name hiding U+{code:04X}"), with("author_name", json!(format!("Ad{c}min")))));
        all.push(json_post(format!("name of only U+{code:04X}"), with("author_name", json!(c.to_string().repeat(3)))));
        all.push(json_post(format!("text of only U+{code:04X}"), with("body", json!(c.to_string().repeat(40)))));
    }
    for code in (0u32..0x20).chain(0x7F..0xA0).chain([0x2028, 0x2029, 0xFFF9, 0xFFFB]) {
        let c = char::from_u32(code).unwrap();
        all.push(json_post(format!("name with control U+{code:04X}"), with("author_name", json!(format!("A{c}li")))));
        if c != '\n' && c != '\t' && c != '\r' {
            all.push(json_post(format!("text with control U+{code:04X}"), with("body", json!(format!("bir{c}iki")))));
        }
    }
    for email in [
        "a@b\u{9B}c.com",
        "a@exa\u{200B}mple.com",
        "a@xn--a.com",
        "a@-b.co",
        "a b@c.co",
        "<script>@x.co",
        "a@b",
        "@b.co",
        "a@@b.co",
        "a@b..co",
        "a@b.1",
        "ayşe@örnek.com",
        "a@örnek☃.com",
        &format!("{}@example.com", "a".repeat(250)),
        &format!("a@{}.com", "b".repeat(64)),
    ] {
        all.push(json_post(format!("email {email:?}"), with("author_email", json!(email))));
    }
    for (what, value) in [
        ("a name of 81 characters", with("author_name", json!("ş".repeat(81)))),
        ("a text of 5001 characters", with("body", json!("x".repeat(5001)))),
        ("one visible character and joiners", with("body", json!("a\u{200D}\u{200D}\u{200D}"))),
        ("a name of marks alone", with("author_name", json!("\u{0301}".repeat(20)))),
        ("a text of marks alone", with("body", json!("\u{0301}\u{0300}".repeat(30)))),
        ("a letter under 4,999 marks", with("body", json!(format!("a{}", "\u{0301}".repeat(4999))))),
        ("a name with seven marks on a letter", with("author_name", json!(format!("Al{}i", "\u{0336}".repeat(7))))),
        ("marks stacked through joiners", with("body", json!(format!("iyi y{}", "\u{0489}\u{200D}".repeat(8))))),
        ("Thai tone marks piled up", with("body", json!(format!("\u{0E01}{}", "\u{0E49}".repeat(12))))),
        ("marks outside the common blocks", with("body", json!(format!("\u{0915}{}", "\u{0902}\u{093C}".repeat(5))))),
        ("an empty name", with("author_name", json!(""))),
        ("an empty text", with("body", json!("   \n  "))),
        ("a name that is a number", with("author_name", json!(42))),
        ("a name that is an object", with("author_name", json!({"first": "A"}))),
        ("a text that is an array", with("body", json!(["a", "b"]))),
        ("an email that is true", with("author_email", json!(true))),
        ("a honeypot that is a number", with("website", json!(7))),
        ("a parent that is text", with("parent_id", json!("1"))),
        ("a parent that is a fraction", with("parent_id", json!(1.5))),
        ("a parent that is negative", with("parent_id", json!(-1))),
        ("a parent that is zero", with("parent_id", json!(0))),
        ("a parent far out of range", with("parent_id", json!(9_223_372_036_854_775_807i64))),
        ("a parent beyond i64", with("parent_id", json!(18_446_744_073_709_551_615u64))),
        ("a parent that does not exist", with("parent_id", json!(999_999))),
        ("a parent on another article", with("parent_id", json!(other_article_comment))),
        ("a parent held for moderation", with("parent_id", json!(held_comment))),
        (
            "a honeypot with an unknown parent",
            json!({"author_name": "Bot", "body": "Satın al", "website": "x", "parent_id": 999_999}),
        ),
        ("a honeypot with a broken name", json!({"author_name": "\u{202E}tob", "body": "Satın al", "website": "x"})),
        ("an array", json!([with("body", json!("x"))])),
        ("a string", json!("comment")),
        ("a number", json!(1)),
        ("null", Value::Null),
    ] {
        all.push(json_post(what, value));
    }
    for (what, content_type, body) in [
        ("not JSON", "application/json", "{author_name: 'A'}".to_owned()),
        ("truncated JSON", "application/json", r#"{"author_name": "A", "body": "#.to_owned()),
        ("an empty body", "application/json", String::new()),
        ("deeply nested JSON", "application/json", format!("{}{}", "[".repeat(5000), "]".repeat(5000))),
        (
            "invalid UTF-8 as JSON",
            "application/json",
            String::from_utf8_lossy(b"{\"body\": \"\xff\"}").replace('\u{FFFD}', "\\udc80"),
        ),
        ("a lone surrogate", "application/json", r#"{"author_name": "\ud800", "body": "yorum metni"}"#.to_owned()),
        ("a body over 16 KB", "application/json", with("body", json!("x".repeat(20_000))).to_string()),
        ("a form post", "application/x-www-form-urlencoded", "author_name=A&body=yorum".to_owned()),
        ("plain text", "text/plain", with("author_name", json!("A")).to_string()),
        ("no content type", "", with("author_name", json!("A")).to_string()),
        ("JSON with a charset trick", "application/jsonx", with("author_name", json!("A")).to_string()),
    ] {
        all.push(Hostile { what: what.into(), content_type, body, uri: URI.into() });
    }
    for uri in [
        "/api/articles/yok/comments",
        "/api/articles/%FF/comments",
        "/api/articles/a%00b/comments",
        "/api/articles/closed-article/comments",
    ] {
        all.push(Hostile {
            what: format!("a post to {uri}"),
            content_type: "application/json",
            body: with("author_name", json!("A")).to_string(),
            uri: uri.into(),
        });
    }
    all
}

#[tokio::test]
async fn hostile_posts_are_refused_and_nothing_is_stored() {
    let mut site = site().await;
    site.state.comments.rate_limit = 100_000;
    site.state.comments.refused_rate_limit = 100_000;
    site.state.store.save_articles(&[common::plain_article("closed-article", false)]).await.unwrap();
    // A comment on another article, and one held for moderation, to aim replies at.
    let other = json!({"author_name": "Can", "body": "Başka bir haberde"});
    let other: Value = site.post_json("/api/articles/kutuphane-gece-acik/comments", &other, StatusCode::CREATED).await;
    site.state.comments.moderation = okur::http::state::Moderation::All;
    let held: Value =
        site.post_json(URI, &json!({"author_name": "Nur", "body": "Bekliyor"}), StatusCode::ACCEPTED).await;
    site.state.comments.moderation = okur::http::state::Moderation::Off;
    let before = site.state.store.moderation_list(false, None).await.unwrap().len();

    let inputs = hostile_inputs(other["comment"]["id"].as_i64().unwrap(), held["comment"]["id"].as_i64().unwrap());
    let mut honeypots = 0;
    for input in &inputs {
        let headers: Vec<(&str, &str)> =
            if input.content_type.is_empty() { vec![] } else { vec![("content-type", input.content_type)] };
        let response = site.post(&input.uri, input.body.clone(), &headers).await;
        let status = response.status();
        let text = String::from_utf8_lossy(&body(response).await).into_owned();
        assert!(!status.is_server_error(), "{}: {status} {text}", input.what);
        if input.body.contains("\"website\":\"x\"") && status.is_success() {
            honeypots += 1;
        } else {
            assert!(status.is_client_error(), "{}: {status} {text}", input.what);
            assert!(text.contains("\"code\""), "{}: an error answer in JSON: {text}", input.what);
        }
    }
    let after = site.state.store.moderation_list(false, None).await.unwrap().len();
    println!("hostile inputs: {} tried, {} stored, 0 5xx ({honeypots} honeypot answers)", inputs.len(), after - before);
    assert!(inputs.len() >= 150, "{} inputs", inputs.len());
    assert_eq!(after, before, "nothing hostile was stored");
}
