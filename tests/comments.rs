//! The comment form in a real browser (`cargo test -p okur-web --target
//! wasm32-unknown-unknown --features hydrate --test comments`): rules as the reader types, the counter, the draft kept
//! in localStorage, and the honeypot. Posting itself is covered end to end by Playwright.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use okur_web::components::comments::form::CommentForm;
use okur_web::components::comments::thread::Thread;
use okur_web::form_logic::{draft_key, Draft};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

const SLUG: &str = "form-test";

/// Mounts the form for `SLUG` into a fresh element and returns that element, as first drawn
/// (before its effects run: as the server sent it).
fn mount_form_as_drawn() -> HtmlElement {
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), || {
        let thread = Thread::new(SLUG.to_owned(), Vec::new(), RwSignal::new(0));
        view! { <CommentForm thread /> }
    })
    .forget();
    host
}

/// Mounts the form for `SLUG` and returns its element once the form is live.
async fn mount_form() -> HtmlElement {
    let host = mount_form_as_drawn();
    settle().await;
    host
}

/// The element under `host` with this test id.
fn by_id(host: &HtmlElement, testid: &str) -> HtmlElement {
    host.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {testid}"))
        .unchecked_into()
}

/// Types a value into an input or textarea the way the browser reports it.
fn type_into(field: &HtmlElement, value: &str) {
    js_sys::Reflect::set(field, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    field.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

/// Lets effects run.
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn the_form_is_read_only_until_the_page_is_live() {
    storage().clear().unwrap();
    let host = mount_form_as_drawn();
    // As the server sends it (and as it stays with JavaScript off): read-only, and it says why.
    assert!(by_id(&host, "comment-text").has_attribute("readonly"));
    assert!(by_id(&host, "comment-submit").has_attribute("disabled"));
    assert!(by_id(&host, "comment-remember").has_attribute("disabled"));
    assert!(by_id(&host, "comment-needs-js").text_content().unwrap().contains("JavaScript"));
    settle().await;
    assert!(!by_id(&host, "comment-text").has_attribute("readonly"));
    assert!(!by_id(&host, "comment-name").has_attribute("readonly"));
    assert!(!by_id(&host, "comment-submit").has_attribute("disabled"));
    assert!(!by_id(&host, "comment-remember").has_attribute("disabled"));
    assert!(by_id(&host, "comment-needs-js").has_attribute("hidden"));
}

#[wasm_bindgen_test]
async fn rules_show_at_the_fields_as_the_reader_types() {
    storage().clear().unwrap();
    let host = mount_form().await;
    let text = by_id(&host, "comment-text");
    assert_eq!(by_id(&host, "comment-counter").text_content().unwrap(), "0 / 5000");
    // Nothing is flagged before the reader types.
    assert_eq!(by_id(&host, "comment-text-error").text_content().unwrap(), "");
    type_into(&text, "x");
    settle().await;
    assert_eq!(by_id(&host, "comment-text-error").text_content().unwrap(), "En az 2 karakter yazın.");
    assert_eq!(text.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(by_id(&host, "comment-counter").text_content().unwrap(), "1 / 5000");
    type_into(&text, "Merhaba dünya");
    settle().await;
    assert_eq!(by_id(&host, "comment-text-error").text_content().unwrap(), "");
    assert_eq!(by_id(&host, "comment-counter").text_content().unwrap(), "13 / 5000");
    type_into(&by_id(&host, "comment-email"), "not-an-address");
    settle().await;
    assert!(by_id(&host, "comment-email-error").text_content().unwrap().contains("e-posta"));

    // Sending with an empty name is stopped here, with the message at the field.
    by_id(&host, "comment-submit").click();
    settle().await;
    assert_eq!(by_id(&host, "comment-name-error").text_content().unwrap(), "Bu alan gerekli.");
    assert!(by_id(&host, "comment-error").text_content().unwrap().contains("Gönderilmedi"));
    assert!(by_id(&host, "comment-submit").get_attribute("disabled").is_none(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn the_draft_is_kept_as_the_reader_types_and_comes_back() {
    storage().clear().unwrap();
    let host = mount_form().await;
    type_into(&by_id(&host, "comment-name"), "Ayşe");
    type_into(&by_id(&host, "comment-text"), "Yarım kalan\nyorum");
    settle().await;
    let stored = storage().get_item(&draft_key(SLUG)).unwrap().expect("draft saved");
    let draft = Draft::from_stored(&stored);
    assert_eq!((draft.name.as_str(), draft.text.as_str()), ("Ayşe", "Yarım kalan\nyorum"));

    // A new page (here: a second form) starts from the draft.
    let again = mount_form().await;
    settle().await;
    let text: web_sys::HtmlTextAreaElement = by_id(&again, "comment-text").unchecked_into();
    assert_eq!(text.value(), "Yarım kalan\nyorum");
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn the_honeypot_is_out_of_reach() {
    let host = mount_form().await;
    let trap: HtmlElement = host.query_selector("input[name=website]").unwrap().unwrap().unchecked_into();
    assert_eq!(trap.get_attribute("tabindex").as_deref(), Some("-1"));
    let wrapper = trap.closest(".hp").unwrap().unwrap();
    assert_eq!(wrapper.get_attribute("aria-hidden").as_deref(), Some("true"));
}

/// A published comment as the stream sends it.
fn live_comment(id: i64, body: &str) -> okur_types::comments::Comment {
    okur_types::comments::Comment {
        id,
        parent_id: None,
        depth: 1,
        author_name: "Canlı".into(),
        body: body.into(),
        created_at: "2025-12-13T09:30:00Z".into(),
        more_replies: 0,
        staff: false,
        edited_at: None,
        picked: false,
    }
}

#[wasm_bindgen_test]
async fn live_comments_wait_under_a_button_in_a_live_region() {
    use okur_web::components::comments::live::NewComments;
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let count = RwSignal::new(4);
    let thread = Thread::new(SLUG.to_owned(), vec![live_comment(1, "Önceki")], count);
    leptos::mount::mount_to(host.clone(), move || view! { <NewComments thread /> }).forget();
    settle().await;
    let region = host.query_selector("[role=status]").unwrap().expect("a live region, there before anything comes");
    let button = || by_id(&host, "comments-new");
    assert!(button().has_attribute("hidden"), "hidden while there is nothing new");

    thread.arrived(live_comment(2, "Yeni"));
    thread.arrived(live_comment(3, "Daha yeni"));
    thread.arrived(live_comment(2, "Yeni"));
    settle().await;
    assert_eq!(button().text_content().unwrap(), "2 yeni yorum");
    assert!(!button().has_attribute("hidden"));
    assert!(region.contains(Some(&button())));
    assert_eq!(count.get_untracked(), 6, "counted as they come");
    assert_eq!(thread.items.with_untracked(Vec::len), 1, "nothing moves until asked");

    button().click();
    settle().await;
    assert_eq!(thread.items.with_untracked(|i| i.iter().map(|c| c.id).collect::<Vec<_>>()), [1, 2, 3]);
    assert!(button().has_attribute("hidden"));
    assert_eq!(count.get_untracked(), 6);
}
