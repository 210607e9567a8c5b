//! The comment section: heading with the count, the threads (oldest or newest first, 20 threads
//! a page with "load more"), each comment with a reply button, and the form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use okur_types::comments::{Comment, CommentOrder};
use okur_types::Page;

use crate::components::form::CommentForm;
use okur_web::api::{self, ApiError};
use okur_web::format::{display_date_time, display_recent};
use okur_web::i18n::{use_locale, use_texts};

/// What the section's parts share.
#[derive(Debug, Clone, Copy)]
pub struct Thread {
    /// The article's slug.
    pub slug: StoredValue<String>,
    /// The comments shown, in display order.
    pub items: RwSignal<Vec<Comment>>,
    /// Published comments on the article (the header shows it too).
    pub count: RwSignal<u32>,
    /// The list's order.
    pub order: RwSignal<CommentOrder>,
    /// The comment being answered, chosen with a reply button.
    pub reply_to: RwSignal<Option<i64>>,
}

impl Thread {
    /// Shows a comment the server just published where it belongs: under its parent's
    /// replies, or at the end (oldest first) or the top (newest first).
    pub fn insert_posted(&self, comment: Comment) {
        let order = self.order.get_untracked();
        self.items.update(|items| {
            if !items.iter().any(|c| c.id == comment.id) {
                let at = insert_position(items, &comment, order);
                items.insert(at, comment);
            }
        });
        self.count.update(|n| *n += 1);
    }
}

/// Where a new comment goes: after its parent's last reply, or at the end (oldest first) or
/// the top (newest first).
pub fn insert_position(items: &[Comment], comment: &Comment, order: CommentOrder) -> usize {
    match comment.parent_id.and_then(|p| items.iter().position(|c| c.id == p)) {
        Some(parent) => {
            let depth = items[parent].depth;
            parent + 1 + items[parent + 1..].iter().take_while(|c| c.depth > depth).count()
        }
        None if order == CommentOrder::Desc => 0,
        None => items.len(),
    }
}

/// Adds a loaded page to the list, skipping comments already shown (posted meanwhile).
fn merge(items: &mut Vec<Comment>, page: Vec<Comment>) {
    for comment in page {
        if !items.iter().any(|c| c.id == comment.id) {
            items.push(comment);
        }
    }
}

/// The section's content (the article page draws the section and its heading): order,
/// threads, "load more", and the form.
#[component]
pub fn CommentSection(
    /// The article's slug.
    slug: String,
    /// Published comments, shared with the article header.
    count: RwSignal<u32>,
    /// Whether the article takes comments.
    open: bool,
) -> impl IntoView {
    let t = &use_texts().comments;
    let retry = use_texts().retry;
    let thread = Thread {
        slug: StoredValue::new(slug),
        items: RwSignal::new(Vec::new()),
        count,
        order: RwSignal::new(CommentOrder::Asc),
        reply_to: RwSignal::new(None),
    };
    let next_page = RwSignal::new(Some(1u32));
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    // Bumped on every reload, so an answer for an older list is dropped.
    let generation = StoredValue::new(0u32);

    let load = move || {
        let Some(page) = next_page.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        failed.set(None);
        let order = thread.order.get_untracked();
        let asked_in = generation.get_value();
        spawn_local(async move {
            let result = api::comments(&thread.slug.get_value(), page, order).await;
            // The section may have been unmounted meanwhile (a new language re-renders the
            // page), or the list asked for again: then this answer has nowhere to go.
            if generation.try_get_value() != Some(asked_in) {
                return;
            }
            match result {
                Ok(Page { items, page, per_page, total }) => {
                    let more = u64::from(page) * u64::from(per_page) < total;
                    thread.items.try_update(|list| merge(list, items));
                    next_page.try_set(more.then_some(page + 1));
                }
                Err(error) => {
                    failed.try_set(Some(error));
                }
            }
            loading.try_set(false);
        });
    };
    // First load, and a fresh list whenever the order changes.
    Effect::new(move |_| {
        thread.order.track();
        generation.update_value(|g| *g += 1);
        thread.items.set(Vec::new());
        next_page.set(Some(1));
        loading.set(false);
        load();
    });

    let order_button = move |order: CommentOrder, label: &'static str, testid: &'static str| {
        view! {
            <button
                type="button"
                class="tool tool--choice"
                data-testid=testid
                aria-pressed=move || (thread.order.get() == order).to_string()
                on:click=move |_| thread.order.set(order)
            >
                {label}
            </button>
        }
    };

    view! {
        <div class="comments__order" role="group" aria-label=t.order>
                {order_button(CommentOrder::Asc, t.oldest_first, "comments-order-asc")}
                {order_button(CommentOrder::Desc, t.newest_first, "comments-order-desc")}
            </div>
            <ol class="comment-list" data-testid="comment-list" aria-busy=move || loading.get().to_string()>
                <For each=move || thread.items.get() key=|comment| comment.id let:comment>
                    <CommentItem comment thread />
                </For>
            </ol>
            {move || {
                (thread.items.with(Vec::is_empty) && !loading.get() && failed.with(Option::is_none))
                    .then(|| view! { <p class="comments__note">{t.none_yet}</p> })
            }}
            {move || failed.get().map(|_| view! {
                <p class="comments__note" role="alert" data-testid="comments-load-error">
                    {t.load_failed}
                </p>
            })}
            {move || (next_page.get().is_some() && (!thread.items.with(Vec::is_empty) || failed.with(Option::is_some))).then(|| view! {
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="comments-load-more"
                    disabled=move || loading.get()
                    on:click=move |_| load()
                >
                    {move || if loading.get() { t.loading } else if failed.with(Option::is_some) { retry } else { t.load_more }}
                </button>
            })}
            {if open {
                view! { <CommentForm thread /> }.into_any()
            } else {
                view! { <p class="comments__note" data-testid="comments-closed">{t.closed}</p> }.into_any()
            }}
    }
}

/// One comment: "<name> dedi ki:", when (relative while recent, the exact time as its title),
/// the text with its line breaks, and a reply button.
#[component]
fn CommentItem(
    /// The comment.
    comment: Comment,
    /// The section it is in.
    thread: Thread,
) -> impl IntoView {
    let Comment { id, depth, author_name, body, created_at, .. } = comment;
    let locale = use_locale();
    let t = &locale.texts().comments;
    let when = display_recent(&created_at, locale);
    let exact = display_date_time(&created_at, locale);
    view! {
        <li class="comment" data-depth=depth.to_string() data-testid="comment" id=format!("comment-{id}")>
            <p class="comment__meta">
                <span class="comment__author" data-testid="comment-author">{author_name}</span>
                " " {t.says} " "
                <time datetime=created_at class="comment__date" title=exact>{when}</time>
            </p>
            <p class="comment__body" data-testid="comment-body">{body}</p>
            <button
                type="button"
                class="link-button"
                data-testid="comment-reply"
                on:click=move |_| {
                    thread.reply_to.set(Some(id));
                    if let Some(text) = document().get_element_by_id("comment-text") {
                        if let Ok(text) = leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(text) {
                            let _ = text.focus();
                        }
                    }
                }
            >
                {t.reply}
            </button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64, parent_id: Option<i64>, depth: u8) -> Comment {
        Comment { id, parent_id, depth, author_name: "A".into(), body: "B".into(), created_at: String::new() }
    }

    #[test]
    fn new_comments_go_under_their_parent_or_at_the_open_end() {
        let items = vec![comment(1, None, 1), comment(2, Some(1), 2), comment(3, Some(2), 3), comment(4, None, 1)];
        assert_eq!(insert_position(&items, &comment(9, Some(1), 2), CommentOrder::Asc), 3);
        assert_eq!(insert_position(&items, &comment(9, Some(2), 3), CommentOrder::Asc), 3);
        assert_eq!(insert_position(&items, &comment(9, Some(4), 2), CommentOrder::Desc), 4);
        assert_eq!(insert_position(&items, &comment(9, None, 1), CommentOrder::Asc), 4);
        assert_eq!(insert_position(&items, &comment(9, None, 1), CommentOrder::Desc), 0);
        // A parent not shown (on a page not loaded): the end.
        assert_eq!(insert_position(&items, &comment(9, Some(77), 2), CommentOrder::Asc), 4);
    }

    #[test]
    fn merging_skips_what_is_shown() {
        let mut items = vec![comment(1, None, 1), comment(5, None, 1)];
        merge(&mut items, vec![comment(5, None, 1), comment(6, None, 1)]);
        assert_eq!(items.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 5, 6]);
    }
}
