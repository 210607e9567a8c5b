//! Component tests in a real browser: `cargo test --target wasm32-unknown-unknown --test web`
//! (headless Chromium through chromedriver; `make test` runs them).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::Router;
use okur_types::{ArticleSummary, Block, Image};
use okur_web::api::ApiError;
use okur_web::components::article_card::ArticleCard;
use okur_web::components::blocks::ArticleBody;
use okur_web::components::status::ErrorState;
use okur_web::format::display_date;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view into a fresh element of the page and returns that element.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> HtmlElement {
    let document = document();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

/// The elements under `host` that match a CSS selector.
fn all(host: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = host.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// The one element under `host` that matches a CSS selector.
fn one(host: &HtmlElement, selector: &str) -> HtmlElement {
    let found = all(host, selector);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {selector}, found {}",
        found.len()
    );
    found.into_iter().next().unwrap()
}

#[wasm_bindgen_test]
fn every_block_kind_renders_as_semantic_html() {
    let blocks = vec![
        Block::Heading {
            text: "Başlık".into(),
        },
        Block::Paragraph {
            text: "Paragraf metni.".into(),
        },
        Block::Quote {
            text: "Bir söz.".into(),
            cite: Some("Kaynak".into()),
        },
        Block::List {
            ordered: false,
            items: vec!["bir".into(), "iki".into()],
        },
        Block::List {
            ordered: true,
            items: vec!["ilk".into()],
        },
        Block::Image {
            src: "/media/harbour.svg".into(),
            alt: "Liman".into(),
            caption: Some("Alt yazı".into()),
        },
    ];
    let host = mount(move || view! { <ArticleBody blocks /> });
    let body = one(&host, "[data-testid=article-body]");
    assert_eq!(one(&body, "h2").text_content().unwrap(), "Başlık");
    assert_eq!(
        one(&body, ":scope > p").text_content().unwrap(),
        "Paragraf metni."
    );
    assert_eq!(one(&body, "blockquote").text_content().unwrap(), "Bir söz.");
    assert_eq!(one(&body, "cite").text_content().unwrap(), "Kaynak");
    assert_eq!(all(&body, "ul > li").len(), 2);
    assert_eq!(one(&body, "ol > li").text_content().unwrap(), "ilk");
    let img = one(&body, "figure.figure img");
    assert_eq!(img.get_attribute("alt").as_deref(), Some("Liman"));
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(
        one(&body, "figure.figure figcaption")
            .text_content()
            .unwrap(),
        "Alt yazı"
    );
}

#[wasm_bindgen_test]
fn stored_markup_stays_text() {
    let payload =
        "<img src=x onerror=\"document.body.dataset.pwned='1'\"><script>alert(1)</script>";
    let blocks = vec![
        Block::Paragraph {
            text: payload.into(),
        },
        Block::Heading {
            text: "<b>kalın</b>".into(),
        },
    ];
    let host = mount(move || view! { <ArticleBody blocks /> });
    let body = one(&host, "[data-testid=article-body]");
    assert_eq!(one(&body, "p").text_content().unwrap(), payload);
    assert!(
        all(&body, "img, script, b").is_empty(),
        "markup was parsed: {}",
        body.inner_html()
    );
    assert_eq!(one(&body, "h2").text_content().unwrap(), "<b>kalın</b>");
}

#[wasm_bindgen_test]
fn article_card_links_to_the_article() {
    let article = ArticleSummary {
        slug: "kis-sebzeleri-rehberi".into(),
        title: "Kış sofrası".into(),
        summary: "Özet.".into(),
        published_at: "2025-12-13T09:30:00Z".into(),
        author: "Aslı".into(),
        category: "Yaşam".into(),
        comment_count: 3,
        image: Some(Image {
            src: "/media/vegetables.svg".into(),
            alt: "Sebzeler".into(),
        }),
    };
    let host = mount(move || view! { <Router><ArticleCard article /></Router> });
    let link = one(&host, ".card__title a");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/articles/kis-sebzeleri-rehberi")
    );
    assert_eq!(link.text_content().unwrap(), "Kış sofrası");
    assert_eq!(
        one(&host, "[data-testid=card-comment-count]")
            .text_content()
            .unwrap(),
        "3 Yorum"
    );
    assert_eq!(one(&host, "time").text_content().unwrap(), "13.12.2025");
    assert_eq!(
        one(&host, ".card__image")
            .get_attribute("loading")
            .as_deref(),
        Some("lazy")
    );
}

/// Lets the reactive system run its pending effects (DOM updates are scheduled, not immediate).
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[wasm_bindgen_test]
async fn error_state_retries_and_waits_while_busy() {
    let (retries, set_retries) = signal(0);
    let busy = RwSignal::new(false);
    let on_retry = Callback::new(move |()| set_retries.update(|n| *n += 1));
    let error = ApiError::Network("offline".into());
    let host = mount(move || view! { <ErrorState error on_retry busy /> });
    let button = one(&host, "[data-testid=retry]");
    button.click();
    assert_eq!(retries.get_untracked(), 1);
    busy.set(true);
    settle().await;
    assert!(button.has_attribute("disabled"));
    assert_eq!(button.text_content().unwrap(), "Deneniyor…");
    busy.set(false);
    settle().await;
    assert!(!button.has_attribute("disabled"));
}

#[wasm_bindgen_test]
fn dates_use_the_browsers_intl() {
    // Midday UTC is the same calendar day in every time zone from UTC-11 to UTC+11.
    assert_eq!(display_date("2025-12-13T12:00:00Z"), "13.12.2025");
    assert_eq!(display_date("not a date"), "not a date");
}
