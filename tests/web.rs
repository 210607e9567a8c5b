//! Component tests in a real browser: `cargo test --target wasm32-unknown-unknown --test web`
//! (headless Chromium through chromedriver; `make test` runs them).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use okur_types::{ArticleSummary, Block, Image, Mark, MarkKind};
use okur_web::api::ApiError;
use okur_web::components::article_card::Markup;
use okur_web::components::blocks::ArticleBody;
use okur_web::components::status::ErrorState;
use okur_web::decode::FromJs;
use okur_web::format::display_date;
use wasm_bindgen::JsValue;
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
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

/// The one element under `host` that matches a CSS selector.
fn one(host: &HtmlElement, selector: &str) -> HtmlElement {
    let found = all(host, selector);
    assert_eq!(found.len(), 1, "expected exactly one {selector}, found {}", found.len());
    found.into_iter().next().unwrap()
}

#[wasm_bindgen_test]
fn every_block_kind_renders_as_semantic_html() {
    let blocks = vec![
        Block::Heading { text: "Başlık".into() },
        Block::Paragraph {
            text: "Paragraf metni, kaynağıyla.".into(),
            marks: vec![
                Mark { start: 0, end: 8, kind: MarkKind::Em, href: None },
                Mark { start: 16, end: 26, kind: MarkKind::Link, href: Some("https://kaynak.example/a".into()) },
                Mark { start: 16, end: 23, kind: MarkKind::Strong, href: None },
            ],
        },
        Block::Quote { text: "Bir söz.".into(), cite: Some("Kaynak".into()), marks: Vec::new() },
        Block::List {
            ordered: false,
            items: vec!["bir".into(), "iki".into()],
            marks: vec![
                vec![],
                vec![Mark { start: 0, end: 3, kind: MarkKind::Link, href: Some("/articles/iki".into()) }],
            ],
        },
        Block::List { ordered: true, items: vec!["ilk".into()], marks: Vec::new() },
        Block::Image {
            src: "/media/harbour.svg".into(),
            alt: "Liman".into(),
            caption: Some("Alt yazı".into()),
            width: None,
            height: None,
        },
        Block::Image {
            src: "/media/0123456789abcdef0123-960.jpg".into(),
            alt: "Yüklenen".into(),
            caption: None,
            width: Some(960),
            height: Some(540),
        },
    ];
    let host = mount(move || view! { <ArticleBody blocks /> });
    let body = one(&host, "[data-testid=article-body]");
    assert_eq!(one(&body, "h2").text_content().unwrap(), "Başlık");
    let paragraph = one(&body, ":scope > p");
    assert_eq!(paragraph.text_content().unwrap(), "Paragraf metni, kaynağıyla.");
    assert_eq!(one(&paragraph, "em").text_content().unwrap(), "Paragraf");
    let outside = one(&paragraph, "a");
    assert_eq!(outside.get_attribute("href").as_deref(), Some("https://kaynak.example/a"));
    assert_eq!(outside.get_attribute("rel").as_deref(), Some("noopener"));
    assert_eq!(one(&outside, "strong").text_content().unwrap(), "kaynağı");
    let inside = one(&body, "ul > li:nth-child(2) > a");
    assert_eq!((inside.get_attribute("href").as_deref(), inside.get_attribute("rel")), (Some("/articles/iki"), None));
    assert_eq!(one(&body, "blockquote").text_content().unwrap(), "Bir söz.");
    assert_eq!(one(&body, "cite").text_content().unwrap(), "Kaynak");
    assert_eq!(all(&body, "ul > li").len(), 2);
    assert_eq!(one(&body, "ol > li").text_content().unwrap(), "ilk");
    let img = one(&body, "figure.figure > img");
    assert_eq!(img.get_attribute("alt").as_deref(), Some("Liman"));
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(one(&body, "figure.figure figcaption").text_content().unwrap(), "Alt yazı");
    // An upload: every width in WebP and JPEG, its own size kept.
    let webp = one(&body, "figure.figure picture > source[type=\"image/webp\"]");
    let at = |w: u32, ext: &str| format!("/media/0123456789abcdef0123-{w}.{ext} {w}w");
    let expected = |ext| [at(320, ext), at(640, ext), at(960, ext)].join(", ");
    assert_eq!(webp.get_attribute("srcset"), Some(expected("webp")));
    let upload = one(&body, "figure.figure picture > img");
    assert_eq!(upload.get_attribute("srcset"), Some(expected("jpg")));
    assert_eq!(
        (upload.get_attribute("width").as_deref(), upload.get_attribute("height").as_deref()),
        (Some("960"), Some("540"))
    );
}

#[wasm_bindgen_test]
fn stored_markup_stays_text() {
    let payload = "<img src=x onerror=\"document.body.dataset.pwned='1'\"><script>alert(1)</script>";
    let hostile = ["javascript:document.body.dataset.pwned='1'", "data:text/html,<script>alert(1)</script>"];
    let blocks = vec![
        Block::Paragraph { text: payload.into(), marks: Vec::new() },
        Block::Heading { text: "<b>kalın</b>".into() },
        Block::Paragraph {
            text: "tıkla".into(),
            marks: hostile.map(|href| Mark { start: 0, end: 5, kind: MarkKind::Link, href: Some(href.into()) }).into(),
        },
    ];
    let host = mount(move || view! { <ArticleBody blocks /> });
    let body = one(&host, "[data-testid=article-body]");
    assert_eq!(one(&body, "p:first-child").text_content().unwrap(), payload);
    assert!(all(&body, "img, script, b, a").is_empty(), "markup was parsed: {}", body.inner_html());
    assert_eq!(one(&body, "p:last-child").inner_html(), "tıkla", "a link that could run keeps its words only");
    assert_eq!(one(&body, "h2").text_content().unwrap(), "<b>kalın</b>");
}

/// A front-page story as the API sends it.
fn card_summary() -> ArticleSummary {
    ArticleSummary {
        slug: "kis-sebzeleri-rehberi".into(),
        title: "Kış sofrası".into(),
        summary: "Özet.".into(),
        published_at: "2025-12-13T09:30:00Z".into(),
        updated_at: None,
        author: "Aslı".into(),
        author_slug: "asli".into(),
        category: "Yaşam".into(),
        section: "yasam".into(),
        language: "tr".into(),
        comment_count: 3,
        image: Some(Image {
            src: "/media/vegetables.svg".into(),
            alt: "Sebzeler".into(),
            width: Some(1200),
            height: Some(800),
        }),
    }
}

#[wasm_bindgen_test]
async fn story_cards_link_to_the_article_and_its_section() {
    use okur_types::browse::SnippetPart;
    use okur_web::i18n::Locale;
    let mut searched = card_summary();
    searched.title = "<b>Kalın</b> değil".into();
    let snippet = vec![SnippetPart { text: "kış".into(), hit: true }, SnippetPart { text: " <i>".into(), hit: false }];
    let html = okur_web::markup::cards(&[(card_summary(), Vec::new()), (searched, snippet)], false, Locale::Tr);
    let host = mount(move || view! { <Markup html /> });
    // The first of the two cards (`one` wants exactly one match).
    let first = |selector: &str| host.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"));
    assert_eq!(host.query_selector_all("[data-testid=article-card]").unwrap().length(), 2);
    let link = first(".card__title a");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/articles/kis-sebzeleri-rehberi"));
    assert_eq!(link.text_content().unwrap(), "Kış sofrası");
    assert_eq!(first(".card__category").get_attribute("href").as_deref(), Some("/sections/yasam"));
    assert_eq!(first("[data-testid=card-comment-count]").text_content().unwrap(), "3 Yorum");
    assert_eq!(first(".card__image").get_attribute("loading").as_deref(), Some("lazy"));
    // Text stays text: no element came out of a title or a snippet.
    assert!(host.query_selector(".card__title b").unwrap().is_none());
    assert!(host.query_selector(".card__summary i").unwrap().is_none());
    assert_eq!(first("mark").text_content().unwrap(), "kış");
    // Once live, dates are the reader's (Intl; the stored date as the fallback).
    settle().await;
    assert!(first("time").text_content().unwrap().contains("2025"));
}

/// Lets the reactive system run its pending effects (DOM updates are scheduled, not immediate).
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[wasm_bindgen_test]
async fn error_state_retries_and_waits_while_busy() {
    use okur_web::router::Navigation;
    let (retries, set_retries) = signal(0);
    let busy = RwSignal::new(false);
    let reload = Callback::new(move |()| set_retries.update(|n| *n += 1));
    let error = ApiError::Network("offline".into());
    let host = mount(move || {
        provide_context(Navigation { loading: busy, reload, switch_language: Callback::new(|_| ()) });
        view! { <ErrorState error /> }
    });
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
    use okur_web::format::{display_date_time, display_recent};
    use okur_web::i18n::Locale;
    assert_eq!(display_date("2025-12-13T12:00:00Z", Locale::Tr), "13.12.2025");
    assert_eq!(display_date("2025-12-13T12:00:00Z", Locale::En), "December 13, 2025");
    assert_eq!(display_date("not a date", Locale::Tr), "not a date");
    assert!(display_date_time("2025-12-13T12:00:00Z", Locale::Tr).starts_with("13.12.2025"));
    // Recent moments are relative, in the reader's language; old ones are dates.
    let three_minutes_ago = js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() - 180_000.0));
    let iso = String::from(three_minutes_ago.to_iso_string());
    assert_eq!(display_recent(&iso, Locale::Tr), "3 dakika önce");
    assert_eq!(display_recent(&iso, Locale::En), "3 minutes ago");
    assert_eq!(display_recent("2025-12-13T12:00:00Z", Locale::En), "December 13, 2025");
}

/// The root element's inline CSS property, as the reading settings set it.
fn root_property(name: &str) -> String {
    let root: HtmlElement = document().document_element().unwrap().unchecked_into();
    root.style().get_property_value(name).unwrap()
}

#[wasm_bindgen_test]
async fn text_size_controls_step_clamp_and_persist() {
    use okur_web::components::reading_controls::{provide_reading, ReadingTools};
    use okur_web::reading::STORAGE_KEY;
    let storage = window().local_storage().unwrap().unwrap();
    storage.remove_item(STORAGE_KEY).unwrap();
    let host = mount(|| {
        provide_reading();
        view! { <ReadingTools /> }
    });
    settle().await;
    let increase = one(&host, "[data-testid=font-increase]");
    let decrease = one(&host, "[data-testid=font-decrease]");
    let level = one(&host, "[data-testid=font-level]");
    assert!(level.text_content().unwrap().ends_with("100 %"));
    assert_eq!(increase.get_attribute("aria-label").as_deref(), Some("A+ Yazıyı büyüt"));

    increase.click();
    settle().await;
    assert!(level.text_content().unwrap().ends_with("112.5 %"));
    assert_eq!(root_property("--reading-scale"), "1.125");
    assert_eq!(
        storage.get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("v1;size=1125;spacing=normal;theme=system;face=serif;width=normal")
    );

    for _ in 0..10 {
        increase.click();
    }
    settle().await;
    assert!(level.text_content().unwrap().ends_with("200 %"));
    assert_eq!(increase.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(decrease.get_attribute("aria-disabled").as_deref(), Some("false"));

    one(&host, "[data-testid=font-reset]").click();
    settle().await;
    assert!(level.text_content().unwrap().ends_with("100 %"));
    for _ in 0..10 {
        decrease.click();
    }
    settle().await;
    assert!(level.text_content().unwrap().ends_with("87.5 %"));
    assert_eq!(decrease.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(root_property("--reading-scale"), "0.875");
}

#[wasm_bindgen_test]
async fn stored_settings_arrive_once_the_page_is_live() {
    use okur_web::components::reading_controls::{provide_reading, ReadingTools};
    use okur_web::reading::STORAGE_KEY;
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item(STORAGE_KEY, "v1;size=1250;spacing=compact;theme=sepia").unwrap();
    let host = mount(|| {
        provide_reading();
        view! { <ReadingTools /> }
    });
    // First drawn as the server drew it (the defaults), so hydration matches; then the reader's.
    let level = one(&host, "[data-testid=font-level]");
    assert!(level.text_content().unwrap().ends_with("100 %"));
    settle().await;
    assert!(level.text_content().unwrap().ends_with("125 %"));
    assert_eq!(root_property("--reading-scale"), "1.25");
    // A value stored before faces and widths existed keeps its settings, the new ones at their defaults.
    assert_eq!(
        storage.get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("v1;size=1250;spacing=compact;theme=sepia;face=serif;width=normal")
    );
    assert_eq!(one(&host, "[data-testid=spacing-compact]").get_attribute("aria-pressed").as_deref(), Some("true"));
    storage.remove_item(STORAGE_KEY).unwrap();
}

#[wasm_bindgen_test]
fn page_data_from_the_server_reads_back() {
    use okur_types::browse::{
        FrontPage, SearchHit, SearchPage, SectionBlock, Shelf, ShelfPage, SnippetPart, StoryLink,
    };
    use okur_types::Page;
    use okur_web::pages::PageData;
    use okur_web::transfer::decode;
    let page = Page { items: vec![card_summary()], page: 1, per_page: 10, total: 1, next: None };
    let shelf = Shelf { slug: "yasam".into(), name: "Yaşam".into(), count: 3 };
    let front = FrontPage {
        lead: Some(card_summary()),
        sections: vec![SectionBlock { section: shelf.clone(), items: vec![card_summary()] }],
        most_read: vec![StoryLink { slug: "a".into(), title: "A".into() }],
        latest: page,
    };
    // What the server writes into the page (serde; see transfer::encode), read the way hydration reads it.
    let written = serde_json::json!({ "page": "home", "ok": front, "sections": [shelf] }).to_string();
    assert_eq!(decode(&written).unwrap(), (PageData::Home(Ok(front)), vec![shelf.clone()]));
    let listing = ShelfPage { shelf: shelf.clone(), items: vec![card_summary()], next: Some("x".into()) };
    let written = serde_json::json!({ "page": "author", "ok": listing, "after": "y" }).to_string();
    assert_eq!(decode(&written).unwrap().0, PageData::Shelf(true, Some("y".into()), Ok(listing)));
    let hit = SearchHit { summary: card_summary(), snippet: vec![SnippetPart { text: "k".into(), hit: true }] };
    let results = SearchPage { query: "kış".into(), items: vec![hit], next: None };
    let written = serde_json::json!({ "page": "search", "ok": results, "query": "kış" }).to_string();
    assert_eq!(decode(&written).unwrap().0, PageData::Search("kış".into(), Ok(results)));
    let missing = r#"{"page":"article","err":{"status":404,"message":"not found"}}"#;
    assert_eq!(decode(missing).unwrap().0, PageData::Article(Err(ApiError::NotFound)));
    let failed = r#"{"page":"home","err":{"status":500,"message":"The database failed."}}"#;
    assert!(matches!(decode(failed).unwrap().0, PageData::Home(Err(ApiError::Server { status: 500, .. }))));
    assert_eq!(decode(r#"{"page":"not_found"}"#).unwrap().0, PageData::NotFound);
    assert!(decode("{not json").is_err());
    assert!(decode(r#"{"page":"home"}"#).is_err());
    assert!(decode(r#"{"page":"elsewhere"}"#).is_err());
}

#[wasm_bindgen_test]
fn controls_speak_the_pages_language() {
    use okur_web::components::reading_controls::{provide_reading, ReadingTools};
    use okur_web::i18n::Locale;
    let host = mount(|| {
        provide_context(Locale::En);
        provide_reading();
        view! { <ReadingTools /> }
    });
    let names: Vec<String> =
        all(&host, ".tools__size button").iter().map(|b| b.get_attribute("aria-label").unwrap_or_default()).collect();
    assert_eq!(names, ["A− Decrease text size", "A+ Increase text size", "↺ Reset text size"]);
    let groups: Vec<String> =
        all(&host, "[role=group]").iter().map(|g| g.get_attribute("aria-label").unwrap_or_default()).collect();
    assert_eq!(groups, ["Text size", "Line spacing", "Theme", "Typeface", "Line width"]);
    assert_eq!(one(&host, "[data-testid=font-face-legible]").text_content().as_deref(), Some("Legible"));
}

#[wasm_bindgen_test]
async fn reading_settings_choose_spacing_theme_face_and_width() {
    use okur_web::components::reading_controls::{provide_reading, ReadingTools};
    use okur_web::reading::STORAGE_KEY;
    let storage = window().local_storage().unwrap().unwrap();
    // Garbage in storage falls back to the defaults without a panic.
    storage.set_item(STORAGE_KEY, "{not: ours}").unwrap();
    let host = mount(|| {
        provide_reading();
        view! { <ReadingTools /> }
    });
    settle().await;
    let root = document().document_element().unwrap();
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("system"));
    assert_eq!(one(&host, "[data-testid=theme-system]").get_attribute("aria-pressed").as_deref(), Some("true"));

    one(&host, "[data-testid=theme-dark]").click();
    one(&host, "[data-testid=spacing-relaxed]").click();
    one(&host, "[data-testid=font-face-legible]").click();
    one(&host, "[data-testid=line-width-narrow]").click();
    settle().await;
    assert_eq!(root.get_attribute("data-face").as_deref(), Some("legible"));
    assert_eq!(root.get_attribute("data-width").as_deref(), Some("narrow"));
    assert_eq!(one(&host, "[data-testid=font-face-serif]").get_attribute("aria-pressed").as_deref(), Some("false"));
    assert_eq!(one(&host, "[data-testid=line-width-narrow]").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(root_property("--reading-leading"), "1.95");
    assert_eq!(one(&host, "[data-testid=theme-dark]").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(one(&host, "[data-testid=theme-system]").get_attribute("aria-pressed").as_deref(), Some("false"));
    assert_eq!(
        storage.get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("v1;size=1000;spacing=relaxed;theme=dark;face=legible;width=narrow")
    );
    storage.remove_item(STORAGE_KEY).unwrap();
}

/// Serializes with serde (as the server does), parses with the browser, reads with `FromJs`.
fn through_the_browser<T: serde::Serialize + okur_web::decode::FromJs>(value: &T) -> T {
    let text = serde_json::to_string(value).unwrap();
    let parsed = js_sys::JSON::parse(&text).unwrap();
    T::from_js(&parsed).unwrap_or_else(|err| panic!("{err}: {text}"))
}

#[wasm_bindgen_test]
fn decoding_matches_what_the_server_sends() {
    use okur_types::comments::{Comment, CommentPosted, CommentStatus, NewComment, NotifyReplies, Replies};
    use okur_types::{Article, ErrorBody, ErrorResponse, Page};
    let summary = ArticleSummary {
        slug: "s".into(),
        title: "Başlık \"tırnak\"".into(),
        summary: "Özet".into(),
        published_at: "2025-12-13T09:30:00Z".into(),
        updated_at: Some("2025-12-14T10:30:00Z".into()),
        author: "A".into(),
        author_slug: "a".into(),
        category: "C".into(),
        section: "c".into(),
        language: "en-GB".into(),
        comment_count: 4_000_000,
        image: Some(Image { src: "/a.svg".into(), alt: "Alt".into(), width: None, height: None }),
    };
    let article = Article {
        summary: ArticleSummary { image: None, ..summary.clone() },
        body: vec![
            Block::Heading { text: "H".into() },
            Block::Paragraph { text: "P\nQ".into(), marks: Vec::new() },
            Block::Paragraph {
                text: "P Q".into(),
                marks: vec![
                    Mark { start: 0, end: 3, kind: MarkKind::Link, href: Some("mailto:a@example.org".into()) },
                    Mark { start: 0, end: 1, kind: MarkKind::Strong, href: None },
                    Mark { start: 2, end: 3, kind: MarkKind::Em, href: None },
                ],
            },
            Block::Quote {
                text: "Q".into(),
                cite: None,
                marks: vec![Mark { start: 0, end: 1, kind: MarkKind::Em, href: None }],
            },
            Block::Quote { text: "Q".into(), cite: Some("C".into()), marks: Vec::new() },
            Block::List { ordered: true, items: vec!["a".into(), "b".into()], marks: Vec::new() },
            Block::List {
                ordered: false,
                items: vec!["a".into(), "b".into()],
                marks: vec![vec![Mark { start: 0, end: 1, kind: MarkKind::Strong, href: None }]],
            },
            Block::Image {
                src: "/i.svg".into(),
                alt: "I".into(),
                caption: Some("Cap".into()),
                width: None,
                height: None,
            },
        ],
        comments_open: false,
        picks: Vec::new(),
        corrections: Vec::new(),
    };
    assert_eq!(through_the_browser(&article), article);
    let corrected = Article {
        corrections: vec![okur_types::desk::Correction { note: "N".into(), at: "2025-12-15T08:05:00Z".into() }],
        ..article.clone()
    };
    assert_eq!(through_the_browser(&corrected), corrected);
    let page =
        Page { items: vec![summary.clone(), summary], page: 2, per_page: 10, total: 12, next: Some("a-slug".into()) };
    assert_eq!(through_the_browser(&page), page);
    let comment = Comment {
        id: 9_007_199_254,
        parent_id: Some(3),
        depth: 2,
        author_name: "Ayşe".into(),
        body: "<b>x</b>".into(),
        created_at: "2025-12-13T09:30:00Z".into(),
        more_replies: 0,
        staff: true,
        edited_at: Some("2025-12-13T10:00:00Z".into()),
        picked: true,
    };
    let with_picks = Article { picks: vec![comment.clone()], ..article.clone() };
    assert_eq!(through_the_browser(&with_picks), with_picks);
    let posted = CommentPosted {
        comment: comment.clone(),
        status: CommentStatus::Pending,
        edit_token: Some("t0k-en_".into()),
        editable_until: Some("2025-12-13T10:10:00Z".into()),
        notify_replies: Some(NotifyReplies::ConfirmationSent),
    };
    assert_eq!(through_the_browser(&posted), posted);
    for notify in [None, Some(NotifyReplies::Active), Some(NotifyReplies::AwaitingConfirmation)] {
        let posted = CommentPosted { notify_replies: notify, ..posted.clone() };
        assert_eq!(through_the_browser(&posted), posted);
    }
    let comments = Page {
        items: vec![Comment { parent_id: None, depth: 1, more_replies: 12, ..comment.clone() }, comment.clone()],
        page: 1,
        per_page: 20,
        total: 1,
        next: None,
    };
    assert_eq!(through_the_browser(&comments), comments);
    let replies = Replies { items: vec![comment.clone()], next: Some("41".into()) };
    assert_eq!(through_the_browser(&replies), replies);
    let last = Replies { items: vec![comment], next: None };
    assert_eq!(through_the_browser(&last), last);
    let fields = [("body".to_owned(), "Too short.".to_owned())].into_iter().collect();
    let error =
        ErrorResponse { error: ErrorBody { code: "invalid".into(), message: "M".into(), fields: Some(fields) } };
    assert_eq!(through_the_browser(&error), error);
    let plain = ErrorResponse { error: ErrorBody { code: "not_found".into(), message: "M".into(), fields: None } };
    assert_eq!(through_the_browser(&plain), plain);
    // Wrong shapes are errors, not panics.
    let bad = js_sys::JSON::parse(r#"{"type": "video"}"#).unwrap();
    assert!(Block::from_js(&bad).is_err());
    let bad = js_sys::JSON::parse(
        r#"{"type": "paragraph", "text": "a", "marks": [{"start": 0, "end": 1, "kind": "blink"}]}"#,
    )
    .unwrap();
    assert!(Block::from_js(&bad).is_err());
    assert!(Article::from_js(&JsValue::NULL).is_err());

    // And what the form posts is what the server reads.
    let new = NewComment {
        author_name: "Ali".into(),
        author_email: Some("a@b.co".into()),
        body: "Satır\nsatır".into(),
        parent_id: Some(12),
        notify_replies: true,
        website: None,
    };
    let sent: NewComment = serde_json::from_str(&okur_web::decode::new_comment_json(&new)).unwrap();
    assert_eq!(sent, new);
}
