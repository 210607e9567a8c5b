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
use crate::components::comments::form::focus_text;
use crate::components::comments::permalink;
use crate::components::comments::thread::{Change, Thread};
use crate::components::when::localize_times;
use crate::format::{date_from_rfc3339, escape_html};
use crate::i18n::{use_locale, Locale};

/// A comment's `<li>`: "<name> dedi ki:", when (the stored date; relative once live) and when
/// edited, the text with its line breaks, reply and link (and edit and delete on the reader's
/// `own` comment while they may), and the thread's "more replies" button when `more` follows
/// this comment. The staff badge is the style sheet's (`data-staff`).
pub fn comment_html(out: &mut String, comment: &Comment, more: Option<MoreReplies>, own: bool, locale: Locale) {
    let t = &locale.texts().comments;
    let e = escape_html;
    let Comment { id, depth, author_name, body, created_at, staff, edited_at, .. } = comment;
    let time = |at: &String| {
        let stored = e(&date_from_rfc3339(at, locale).unwrap_or_else(|| at.clone()));
        format!("<time datetime=\"{}\" class=\"comment__date\" title=\"{stored}\" data-relative>{stored}</time>", e(at))
    };
    let edited = edited_at.as_ref().map_or(String::new(), |at| {
        format!(" <span class=\"comment__edited\" data-testid=\"comment-edited\">· {} {}</span>", e(t.edited), time(at))
    });
    let staff = if *staff { " data-staff" } else { "" };
    let picked = if comment.picked { " data-picked" } else { "" };
    out.push_str(&format!(
        "<li class=\"comment\" data-depth=\"{depth}\"{staff}{picked} data-testid=\"comment\" id=\"comment-{id}\" data-more=\"{}\">\
         <p class=\"comment__meta\"><span class=\"comment__author\" data-testid=\"comment-author\">{}</span> {} {}{edited}</p>\
         <p class=\"comment__body\" data-testid=\"comment-body\">{}</p>\
         <button type=\"button\" class=\"link-button\" data-testid=\"comment-reply\" data-reply=\"{id}\">{}</button>\
         <a class=\"link-button comment__link\" href=\"#comment-{id}\" data-testid=\"comment-link\">{}</a>\
         <button type=\"button\" class=\"link-button\" data-testid=\"comment-report\" data-report=\"{id}\" data-page>{}</button>",
        key(comment, more, own),
        e(author_name),
        e(t.says),
        time(created_at),
        e(body),
        e(t.reply),
        e(t.link),
        e(t.report),
    ));
    if own {
        out.push_str(&format!(
            "<button type=\"button\" class=\"link-button\" data-testid=\"comment-edit\" data-edit=\"{id}\">{}</button>\
             <button type=\"button\" class=\"link-button\" data-testid=\"comment-withdraw\" data-withdraw=\"{id}\">{}</button>",
            e(t.edit),
            e(t.withdraw)
        ));
    }
    if let Some(MoreReplies { root, after, count }) = more {
        out.push_str(&format!(
            "<p><button type=\"button\" class=\"link-button\" data-testid=\"comment-more-replies\" data-root=\"{root}\" data-after=\"{after}\">{}</button></p>",
            e(&(t.more_replies)(count))
        ));
    }
    out.push_str("</li>");
}

/// What a comment's element shows besides what never changes, as it notes it (`data-more`):
/// its "more replies" button, its last edit and whether it offers the reader's own actions.
/// A changed key redraws the comment.
fn key(comment: &Comment, more: Option<MoreReplies>, own: bool) -> String {
    let more = more.map(|m| format!("{}:{}:{}", m.root, m.after, m.count)).unwrap_or_default();
    let edited = comment.edited_at.as_deref().unwrap_or_default();
    format!("{more}|{edited}|{}{}", u8::from(own), u8::from(comment.picked))
}

/// The comments in order, each with the "more replies" button that follows it.
fn with_buttons<'a>(
    items: &'a [Comment],
    more: &'a [MoreReplies],
) -> impl Iterator<Item = (&'a Comment, Option<MoreReplies>)> {
    items.iter().map(move |c| (c, more.iter().find(|m| m.after == c.id).copied()))
}

/// The editors' picks, a strip above the threads: each its author and the start of its text,
/// a link to it in its thread (`#comment-{id}`, which the section follows); nothing when there
/// are none. The mark is the style sheet's, as on the comment.
pub fn picks_html(picks: &[Comment], heading: &str) -> String {
    if picks.is_empty() {
        return String::new();
    }
    let e = escape_html;
    let mut out = format!(
        "<aside class=\"comment-picks\" data-testid=\"comment-picks\" aria-labelledby=\"comment-picks-h\"><h3 id=\"comment-picks-h\">{}</h3><ol>",
        e(heading)
    );
    for Comment { id, author_name, body, .. } in picks {
        let mut start: String = body.chars().take(160).collect();
        if start.len() < body.len() {
            start.push('…');
        }
        out.push_str(&format!(
            "<li><a href=\"#comment-{id}\" data-testid=\"comment-pick\"><strong>{}</strong></a> {}</li>",
            e(author_name),
            e(&start)
        ));
    }
    out + "</ol></aside>"
}

/// The whole list as text (the server's page, and the list as hydration finds it).
pub fn list_html(items: &[Comment], more: &[MoreReplies], locale: Locale) -> String {
    let mut out = String::new();
    for (comment, button) in with_buttons(items, more) {
        comment_html(&mut out, comment, button, false, locale);
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
        let mine: Vec<i64> = thread.mine.with(|mine| mine.iter().map(|o| o.id).collect());
        thread.items.with(|items| {
            if let Some(list) = list.get() {
                reconcile(&list, items, &buttons, &mine, locale);
            }
        });
    });
    let click = move |event: web_sys::MouseEvent| {
        permalink::copy_on_click(&event, copied);
        let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if let Some(id) = target.get_attribute("data-reply").and_then(|id| id.parse().ok()) {
            thread.reply_to.set(Some(id));
            focus_text();
        }
        let number = |name: &str| target.get_attribute(name).and_then(|v| v.parse::<i64>().ok());
        let change = number("data-edit").map(Change::Edit).or(number("data-withdraw").map(Change::Withdraw));
        if let (Some(change), Some(act)) = (change, thread.on_change.get_value()) {
            act.run(change);
        }
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
/// key changed leaves, a new comment's element is written where it goes; the others stay as
/// they are. Then writes the comments' dates the reader's way.
fn reconcile(list: &web_sys::Element, items: &[Comment], more: &[MoreReplies], mine: &[i64], locale: Locale) {
    let wanted: std::collections::HashSet<String> = items.iter().map(|c| format!("comment-{}", c.id)).collect();
    let mut child = list.first_element_child();
    'comments: for (comment, button) in with_buttons(items, more) {
        let id = format!("comment-{}", comment.id);
        let own = mine.contains(&comment.id);
        let key = key(comment, button, own);
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
        comment_html(&mut html, comment, button, own, locale);
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
            edited_at: (id == 2).then(|| "2025-12-13T10:00:00Z".into()),
            picked: id == 1,
        }
    }

    #[test]
    fn a_comment_is_written_with_its_hooks_and_escaped() {
        let items = [comment(1, "<Ali>", "a & \"b\"\n<script>"), comment(2, "Editör", "ok")];
        let more = [MoreReplies { root: 1, after: 1, count: 3 }];
        let html = list_html(&items, &more, Locale::Tr);
        assert_eq!(html.matches("data-testid=\"comment\"").count(), 2);
        assert!(html.contains("data-picked data-testid=\"comment\" id=\"comment-1\" data-more=\"1:1:3||01\""));
        assert_eq!(html.matches(" data-picked").count(), 1);
        assert!(html.contains("data-report=\"2\" data-page>Bildir</button>"));
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
        // Edited: said, with the time; the reader's own actions only on their own comment.
        assert_eq!(
            html.matches("data-testid=\"comment-edited\">· düzenlendi <time datetime=\"2025-12-13T10:00:00Z\"").count(),
            1
        );
        assert!(!html.contains("data-edit="));
        let mut own = String::new();
        comment_html(&mut own, &items[0], None, true, Locale::En);
        assert!(own.contains("data-edit=\"1\">Edit</button>") && own.contains("data-withdraw=\"1\">Delete</button>"));
        assert!(own.contains("data-more=\"||11\""));
        let strip = picks_html(&[comment(1, "<Ali>", &"ç".repeat(200))], "Editörün seçimleri");
        assert!(strip.starts_with("<aside class=\"comment-picks\" data-testid=\"comment-picks\""));
        assert!(strip.contains("href=\"#comment-1\" data-testid=\"comment-pick\"><strong>&lt;Ali&gt;</strong></a>"));
        assert!(strip.contains(&format!("{}…</li>", "ç".repeat(160))));
    }
}
