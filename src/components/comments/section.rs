//! The comment section: heading with the count, the threads (oldest or newest first, 20 threads
//! a page with "load more"), each comment with a reply button, and the form. The first page
//! comes with the article (rendered on the server, read-only until the page is hydrated).

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use okur_types::comments::{Comment, CommentOrder};
use okur_types::Page;

use crate::api;
use crate::components::comments::form::CommentForm;
use crate::components::comments::live::{self, NewComments};
use crate::components::comments::permalink::{self, LinkNotice};
use crate::components::comments::thread::Thread;
use crate::components::when::When;
use crate::i18n::{use_locale, use_texts};
use okur_types::threads::{add_replies, merge, more_replies, MoreReplies};

/// The section: `id="comments"`, the heading with the count, order, threads, "load more",
/// and the form.
#[component]
pub fn CommentSection(
    /// The article's slug.
    slug: String,
    /// Published comments, shared with the article header.
    count: RwSignal<u32>,
    /// Whether the article takes comments.
    open: bool,
    /// The first page of threads, oldest first, loaded with the article; none when it failed.
    first: Option<Page<Comment>>,
    /// Where the live stream starts: after this publication number (the server's pages), else
    /// at the newest when it opens.
    live_after: Option<i64>,
) -> impl IntoView {
    let t = &use_texts().comments;
    let texts = use_texts();
    let retry = texts.retry;
    let failed = RwSignal::new(first.is_none());
    // What "load more" asks for next: the threads after a cursor, the first page again (after
    // a failure), or nothing (all are shown).
    let (items, next) = match first {
        Some(page) => (page.items, page.next.map(Some)),
        None => (Vec::new(), Some(None)),
    };
    let thread = Thread::new(slug, items, count);
    let copied = RwSignal::new(None);
    let more = Memo::new(move |_| thread.items.with(|items| thread.posted.with_value(|p| more_replies(items, p))));
    let next_page = RwSignal::new(next);
    let loading = RwSignal::new(false);
    // Bumped on every reload, so an answer for an older list is dropped.
    let generation = StoredValue::new(0u32);

    let load = move || {
        let Some(after) = next_page.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        failed.set(false);
        let order = thread.order.get_untracked();
        let asked_in = generation.get_value();
        spawn_local(async move {
            let result = api::comments(&thread.slug.get_value(), after, order).await;
            // The section may have been unmounted meanwhile (a new language re-renders the
            // page), or the list asked for again: then this answer has nowhere to go.
            if generation.try_get_value() != Some(asked_in) {
                return;
            }
            match result {
                Ok(page) => {
                    next_page.try_set(page.next.clone().map(Some));
                    thread.items.try_update(|list| thread.posted.with_value(|posted| merge(list, page.items, posted)));
                }
                Err(error) => {
                    leptos::logging::warn!("comments not loaded: {error}");
                    failed.try_set(true);
                }
            }
            loading.try_set(false);
        });
    };
    // A fresh list whenever the order changes (the first, oldest-first page came with the page).
    Effect::watch(
        move || thread.order.get(),
        move |_, _, _| {
            generation.update_value(|g| *g += 1);
            thread.items.set(Vec::new());
            next_page.set(Some(None));
            loading.set(false);
            load();
        },
        false,
    );

    // A comment the address names (`#comment-{id}`, as the page opens or is moved to): shown
    // at once when it is here; else the server renders the page that holds it.
    let follow = move || {
        let Some(id) = permalink::comment_in_address() else {
            return;
        };
        if thread.items.with_untracked(|items| items.iter().any(|c| c.id == id)) {
            permalink::reveal(id);
        } else {
            permalink::open_page_of(id);
        }
    };
    // Once the page is live (effects run only in the browser): the live stream, and the comment
    // the address names. One effect for both: each costs the size budget.
    Effect::new(move |_| {
        live::listen(thread, live_after);
        follow();
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
        <section id="comments" class="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading" data-testid="comments-heading">{move || (texts.comments_heading)(count.get())}</h2>
            <div class="comments__body">
                <div class="comments__order" role="group" aria-label=t.order>
                    {order_button(CommentOrder::Asc, t.oldest_first, "comments-order-asc")}
                    {order_button(CommentOrder::Desc, t.newest_first, "comments-order-desc")}
                </div>
                <NewComments thread />
                <ol
                    class="comment-list"
                    data-testid="comment-list"
                    aria-busy=move || loading.get().to_string()
                    on:click=move |event| permalink::copy_on_click(&event, copied)
                >
                    <For each=move || thread.items.get() key=|comment| comment.id let:comment>
                        <CommentItem comment thread more />
                    </For>
                </ol>
                <LinkNotice copied />
                {move || {
                    (thread.items.with(Vec::is_empty) && !loading.get() && !failed.get())
                        .then(|| view! { <p class="comments__note">{t.none_yet}</p> })
                }}
                {move || failed.get().then(|| view! {
                    <p class="comments__note" role="alert" data-testid="comments-load-error">
                        {t.load_failed}
                    </p>
                })}
                {move || (next_page.get().is_some() && (!thread.items.with(Vec::is_empty) || failed.get())).then(|| view! {
                    <button
                        type="button"
                        class="button button--quiet"
                        data-testid="comments-load-more"
                        disabled=move || loading.get()
                        on:click=move |_| load()
                    >
                        {move || if loading.get() { t.loading } else if failed.get() { retry } else { t.load_more }}
                    </button>
                })}
                {if open {
                    Either::Left(view! { <CommentForm thread /> })
                } else {
                    Either::Right(view! { <p class="comments__note" data-testid="comments-closed">{t.closed}</p> })
                }}
            </div>
        </section>
    }
}

/// The button under a thread's last shown reply that brings the next replies of the thread.
#[component]
fn MoreRepliesButton(
    /// The thread's top-level comment.
    root: i64,
    /// The last reply shown, in the server's order.
    after: i64,
    /// How many replies are left.
    count: u32,
    /// The section it is in.
    thread: Thread,
) -> impl IntoView {
    let texts = use_texts();
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let load = move |_| {
        loading.set(true);
        failed.set(false);
        spawn_local(async move {
            match api::replies(&thread.slug.get_value(), root, after).await {
                Ok(more) => {
                    thread.items.try_update(|items| {
                        thread
                            .posted
                            .with_value(|posted| add_replies(items, root, more.items, more.next.is_some(), posted))
                    });
                }
                Err(error) => {
                    leptos::logging::warn!("replies not loaded: {error}");
                    failed.try_set(true);
                }
            }
            loading.try_set(false);
        });
    };
    view! {
        <p>
            <button
                type="button"
                class="link-button"
                data-testid="comment-more-replies"
                disabled=move || loading.get()
                on:click=load
            >
                {move || if failed.get() { texts.retry.to_owned() } else { (texts.comments.more_replies)(count) }}
            </button>
        </p>
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
    /// The threads' "more replies" buttons; this comment shows the one that follows it.
    more: Memo<Vec<MoreReplies>>,
) -> impl IntoView {
    let Comment { id, depth, author_name, body, created_at, staff, .. } = comment;
    let button = move || {
        more.with(|buttons| buttons.iter().find(|b| b.after == id).copied())
            .map(|MoreReplies { root, after, count }| view! { <MoreRepliesButton root after count thread /> })
    };
    let locale = use_locale();
    let t = &locale.texts().comments;
    view! {
        // The staff badge is drawn by the style sheet (its words in both languages there), so
        // that the page's code carries one attribute for it.
        <li class="comment" data-depth=depth.to_string() data-staff=staff.then_some("") data-testid="comment" id=format!("comment-{id}")>
            <p class="comment__meta">
                <span class="comment__author" data-testid="comment-author">{author_name}</span>
                " " {t.says} " "
                <When timestamp=created_at relative=true class="comment__date" />
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
            <a class="link-button comment__link" href=format!("#comment-{id}") data-testid="comment-link">{t.link}</a>
            {button}
        </li>
    }
}
