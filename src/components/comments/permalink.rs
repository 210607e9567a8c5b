//! A link to every comment: each has the anchor `#comment-{id}` (server-rendered too) and a
//! "link" action that copies the comment's address, `?comment={id}#comment-{id}`, which the
//! server renders with the page of threads (and of replies, deep in a long thread) that holds
//! the comment. A bare `#comment-{id}` (WordPress's form) naming a comment not on the page
//! loads that address. The comment is scrolled to and highlighted.
//!
//! Why the server finds the page, not the app: the link then works as HTML (before the app is
//! live, without it, for previews), and the app carries no code for it (the size budget).

use leptos::prelude::*;

use crate::i18n::use_texts;

/// The comment a URL fragment names: `#comment-42` → 42.
pub fn comment_in_hash(hash: &str) -> Option<i64> {
    let id = hash.strip_prefix('#').unwrap_or(hash).strip_prefix("comment-")?;
    id.bytes().all(|b| b.is_ascii_digit()).then(|| id.parse().ok()).flatten().filter(|id| *id > 0)
}

/// The comment the window's address names, if any.
pub fn comment_in_address() -> Option<i64> {
    comment_in_hash(&window().location().hash().ok()?)
}

/// The address of a comment: the article with `?comment={id}`, which the server renders with
/// the page of threads (and of replies) that holds the comment, and its anchor.
pub fn address_of(origin: &str, path: &str, id: i64) -> String {
    format!("{origin}{path}?comment={id}#comment-{id}")
}

/// Loads the page that holds a comment not on this one, as the server renders it. Not when
/// this address asked for it already: the comment is not shown (held, removed), and the page
/// stays as it is.
pub fn open_page_of(id: i64) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let asked = crate::router::query_value(&location.search().unwrap_or_default(), "comment");
    if asked.and_then(|asked| asked.parse::<i64>().ok()) != Some(id) {
        let _ = location.replace(&address_of("", &path, id));
    }
}

/// Once the list has drawn it, highlights a comment (only one at a time), scrolls to it and
/// gives it focus, so that a keyboard or screen reader user starts there too. Done on the
/// element rather than through a signal of every comment: that costs the size budget far less.
pub fn reveal(id: i64) {
    request_animation_frame(move || {
        let Some(element) = mark(id) else { return };
        element.scroll_into_view();
        if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
            let _ = element.focus();
        }
    });
}

/// Moves the highlight to a comment; its element, if it is on the page.
fn mark(id: i64) -> Option<web_sys::Element> {
    let doc = document();
    // There is at most one: this is the only place that marks.
    if let Ok(Some(old)) = doc.query_selector("[data-highlighted]") {
        let _ = old.remove_attribute("data-highlighted");
        let _ = old.remove_attribute("tabindex");
    }
    let element = doc.get_element_by_id(&format!("comment-{id}"))?;
    let _ = element.set_attribute("data-highlighted", "");
    let _ = element.set_attribute("tabindex", "-1");
    Some(element)
}

/// Says whether a comment's link was copied (one polite live region for the whole list).
#[component]
pub fn LinkNotice(
    /// Whether the last link went into the clipboard; none before any.
    copied: RwSignal<Option<bool>>,
) -> impl IntoView {
    let t = &use_texts().comments;
    view! {
        <p class="comments__note" role="status" data-testid="comment-link-notice">
            {move || copied.get().map(|done| if done { t.link_copied } else { t.link_not_copied })}
        </p>
    }
}

/// A click in the comment list on a comment's "link" (a plain `#comment-{id}` anchor, which
/// works before the page is live too): the comment's whole address goes into the address bar
/// (without a jump: it is on screen) and the clipboard, and the comment is highlighted. The
/// clipboard may be missing (an insecure origin) or refuse: the address bar still has the
/// link, and the notice says so.
pub fn copy_on_click(event: &web_sys::MouseEvent, copied: RwSignal<Option<bool>>) {
    let link = event
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .and_then(|t| t.closest(".comment__link").ok().flatten());
    let Some(id) = link.and_then(|link| link.get_attribute("href")).and_then(|href| comment_in_hash(&href)) else {
        return;
    };
    event.prevent_default();
    let location = window().location();
    let url = address_of(&location.origin().unwrap_or_default(), &location.pathname().unwrap_or_default(), id);
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    mark(id);
    let clipboard = js_sys::Reflect::get(&window().navigator(), &"clipboard".into()).ok().filter(|c| c.is_object());
    let Some(clipboard) = clipboard else {
        copied.set(Some(false));
        return;
    };
    let promise = wasm_bindgen::JsCast::unchecked_into::<web_sys::Clipboard>(clipboard).write_text(&url);
    leptos::task::spawn_local(async move {
        let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        copied.try_set(Some(done));
    });
}

#[cfg(test)]
mod tests {
    use super::{address_of, comment_in_hash};

    #[test]
    fn fragments_that_name_comments() {
        assert_eq!(comment_in_hash("#comment-42"), Some(42));
        assert_eq!(comment_in_hash("comment-7"), Some(7));
        assert_eq!(comment_in_hash("#comment-"), None);
        assert_eq!(comment_in_hash("#comment-+4"), None);
        assert_eq!(comment_in_hash("#comment-0"), None);
        assert_eq!(comment_in_hash("#comment-4x"), None);
        assert_eq!(comment_in_hash("#comment-99999999999999999999"), None);
        assert_eq!(comment_in_hash("#comments"), None);
        assert_eq!(comment_in_hash(""), None);
    }

    #[test]
    fn addresses_carry_the_query_the_server_reads() {
        assert_eq!(
            address_of("https://o.example", "/articles/a", 42),
            "https://o.example/articles/a?comment=42#comment-42"
        );
        let (_, query) = crate::router::split_address(&address_of("", "/articles/a", 42));
        assert_eq!(crate::router::query_value(&query, "comment").as_deref(), Some("42"));
    }
}
