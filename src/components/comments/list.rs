//! The threads as HTML text: one function writes a comment's markup for the server's page and
//! the browser's list alike ([`comment_html`]); the list keeps its elements in step with the
//! thread's comments by inserting and removing them one by one (what is on screen, and the
//! focus, stay), and one click handler acts for every reply, link and "more replies" button.
//!
//! Why text and not a view per comment: the list as views (`<For>`, a component per comment and
//! per "more replies" button) cost 9.4 KB br of wasm, and issue 23 adds to every comment
//! (docs/architecture.md, Size). Every value goes through [`escape_html`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use okur_types::comments::Comment;
use okur_types::threads::{add_replies, MoreReplies};

use crate::api;
use crate::components::comments::permalink;
use crate::components::comments::thread::Thread;
use crate::components::when::localize_times;
use crate::format::{date_from_rfc3339, escape_html};
use crate::i18n::{use_locale, Locale};

/// A comment's `<li>`: "<name> dedi ki:", when (the stored date; relative once live), the text
/// with its line breaks, reply and link, and the thread's "more replies" button when `more`
/// follows this comment. The staff badge is the style sheet's (`data-staff`).
pub fn comment_html(out: &mut String, comment: &Comment, more: Option<MoreReplies>, locale: Locale) {
    let t = &locale.texts().comments;
    let e = escape_html;
    let Comment { id, depth, author_name, body, created_at, staff, .. } = comment;
    let stored = e(&date_from_rfc3339(created_at, locale).unwrap_or_else(|| created_at.clone()));
    let staff = if *staff { " data-staff" } else { "" };
    out.push_str(&format!(
        "<li class=\"comment\" data-depth=\"{depth}\"{staff} data-testid=\"comment\" id=\"comment-{id}\" data-more=\"{}\">\
         <p class=\"comment__meta\"><span class=\"comment__author\" data-testid=\"comment-author\">{}</span> {} \
         <time datetime=\"{}\" class=\"comment__date\" title=\"{stored}\" data-relative>{stored}</time></p>\
         <p class=\"comment__body\" data-testid=\"comment-body\">{}</p>\
         <button type=\"button\" class=\"link-button\" data-testid=\"comment-reply\" data-reply=\"{id}\">{}</button>\
         <a class=\"link-button comment__link\" href=\"#comment-{id}\" data-testid=\"comment-link\">{}</a>",
        more_key(more),
        e(author_name),
        e(t.says),
        e(created_at),
        e(body),
        e(t.reply),
        e(t.link),
    ));
    if let Some(MoreReplies { root, after, count }) = more {
        out.push_str(&format!(
            "<p><button type=\"button\" class=\"link-button\" data-testid=\"comment-more-replies\" data-root=\"{root}\" data-after=\"{after}\">{}</button></p>",
            e(&(t.more_replies)(count))
        ));
    }
    out.push_str("</li>");
}

/// What a comment's "more replies" button is, as its element notes it (`data-more`): a changed
/// button redraws the comment.
fn more_key(more: Option<MoreReplies>) -> String {
    more.map(|m| format!("{}:{}:{}", m.root, m.after, m.count)).unwrap_or_default()
}

/// The comments in order, each with the "more replies" button that follows it.
fn with_buttons<'a>(
    items: &'a [Comment],
    more: &'a [MoreReplies],
) -> impl Iterator<Item = (&'a Comment, Option<MoreReplies>)> {
    items.iter().map(move |c| (c, more.iter().find(|m| m.after == c.id).copied()))
}

/// The whole list as text (the server's page, and the list as hydration finds it).
pub fn list_html(items: &[Comment], more: &[MoreReplies], locale: Locale) -> String {
    let mut out = String::new();
    for (comment, button) in with_buttons(items, more) {
        comment_html(&mut out, comment, button, locale);
    }
    out
}

/// The list of threads: [`list_html`] as the server sent it, then kept in step with the
/// thread's comments by one Effect; one click handler for reply, link and "more replies".
#[component]
pub fn CommentList(
    /// The section's state.
    thread: Thread,
    /// The threads' "more replies" buttons.
    more: Memo<Vec<MoreReplies>>,
    /// Whether the last link went into the clipboard (the section's notice).
    copied: RwSignal<Option<bool>>,
    /// While a page of threads loads.
    loading: RwSignal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let list = NodeRef::<leptos::html::Ol>::new();
    let html = thread.items.with_untracked(|items| list_html(items, &more.get_untracked(), locale));
    Effect::new(move |_| {
        let buttons = more.get();
        thread.items.with(|items| {
            if let Some(list) = list.get() {
                reconcile(&list, items, &buttons, locale);
            }
        });
    });
    let click = move |event: web_sys::MouseEvent| {
        permalink::copy_on_click(&event, copied);
        let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if let Some(id) = target.get_attribute("data-reply").and_then(|id| id.parse().ok()) {
            thread.reply_to.set(Some(id));
            if let Some(text) = document().get_element_by_id("comment-text") {
                if let Ok(text) = text.dyn_into::<web_sys::HtmlElement>() {
                    let _ = text.focus();
                }
            }
        }
        let number = |name: &str| target.get_attribute(name).and_then(|v| v.parse::<i64>().ok());
        if let (Some(root), Some(after)) = (number("data-root"), number("data-after")) {
            load_replies(thread, target, root, after, locale.texts().retry);
        }
    };
    view! {
        <ol
            class="comment-list"
            data-testid="comment-list"
            aria-busy=move || loading.get().to_string()
            node_ref=list
            on:click=click
            inner_html=html
        />
    }
}

/// Brings the next replies of a thread; the button says so while it waits, and offers to try
/// again when they did not come.
fn load_replies(thread: Thread, button: web_sys::Element, root: i64, after: i64, retry: &'static str) {
    if button.has_attribute("disabled") {
        return;
    }
    let _ = button.set_attribute("disabled", "");
    spawn_local(async move {
        match api::replies(&thread.slug.get_value(), root, after).await {
            Ok(more) => {
                thread.items.try_update(|items| {
                    thread.posted.with_value(|posted| add_replies(items, root, more.items, more.next.is_some(), posted))
                });
            }
            Err(error) => {
                leptos::logging::warn!("replies not loaded: {error}");
                button.set_text_content(Some(retry));
            }
        }
        let _ = button.remove_attribute("disabled");
    });
}

/// Makes the list's elements the comments', in order: an element whose comment is gone or whose
/// button changed leaves, a new comment's element is written where it goes; the others stay as
/// they are. Then writes the comments' dates the reader's way.
fn reconcile(list: &web_sys::Element, items: &[Comment], more: &[MoreReplies], locale: Locale) {
    let wanted: std::collections::HashSet<String> = items.iter().map(|c| format!("comment-{}", c.id)).collect();
    let mut child = list.first_element_child();
    'comments: for (comment, button) in with_buttons(items, more) {
        let id = format!("comment-{}", comment.id);
        let key = more_key(button);
        while let Some(current) = child.clone() {
            let next = current.next_element_sibling();
            if current.id() == id && current.get_attribute("data-more").as_deref() == Some(key.as_str()) {
                // As it should be: kept.
                child = next;
                continue 'comments;
            }
            if current.id() == id || !wanted.contains(&current.id()) {
                // Its button changed (it is written again below), or its comment is gone.
                current.remove();
                child = next;
                continue;
            }
            // A later comment's: this one is written before it.
            break;
        }
        let mut html = String::new();
        comment_html(&mut html, comment, button, locale);
        let _ = match &child {
            Some(before) => before.insert_adjacent_html("beforebegin", &html),
            None => list.insert_adjacent_html("beforeend", &html),
        };
    }
    while let Some(current) = child {
        child = current.next_element_sibling();
        current.remove();
    }
    // Every comment's, so that "3 dakika önce" stays true as comments come.
    localize_times(list, locale);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64, name: &str, body: &str) -> Comment {
        Comment {
            id,
            parent_id: None,
            depth: 1,
            author_name: name.into(),
            body: body.into(),
            created_at: "2025-12-13T09:30:00Z".into(),
            more_replies: 0,
            staff: id == 2,
        }
    }

    #[test]
    fn a_comment_is_written_with_its_hooks_and_escaped() {
        let items = [comment(1, "<Ali>", "a & \"b\"\n<script>"), comment(2, "Editör", "ok")];
        let more = [MoreReplies { root: 1, after: 1, count: 3 }];
        let html = list_html(&items, &more, Locale::Tr);
        assert_eq!(html.matches("data-testid=\"comment\"").count(), 2);
        assert!(html.contains("id=\"comment-1\" data-more=\"1:1:3\""));
        assert!(html.contains(">&lt;Ali&gt;</span> dedi ki: <time datetime=\"2025-12-13T09:30:00Z\""));
        assert!(html.contains(">a &amp; &quot;b&quot;\n&lt;script&gt;</p>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains(">13.12.2025</time>"));
        assert!(html.contains("data-reply=\"1\">Yanıtla</button>"));
        assert!(html.contains("href=\"#comment-2\""));
        assert!(html.contains("data-root=\"1\" data-after=\"1\">"));
        assert_eq!(html.matches("comment-more-replies").count(), 1);
        assert_eq!(html.matches(" data-staff").count(), 1);
        assert!(list_html(&items, &[], Locale::En).contains("says: <time"));
    }
}
