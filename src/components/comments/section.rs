//! The comment section: heading with the count, the threads (oldest or newest first, 20 threads
//! a page with "load more"), each comment with a reply button, and the form. The first page
//! comes with the article (rendered on the server, read-only until the page is hydrated).

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use okur_types::comments::{Comment, CommentOrder};
use okur_types::Page;

use crate::api;
use crate::components::article_card::Markup;
use crate::components::comments::form::CommentForm;
use crate::components::comments::list::{picks_html, CommentList};
use crate::components::comments::live::{self, NewComments};
use crate::components::comments::permalink::{self, LinkNotice};
use crate::components::comments::thread::Thread;
use crate::i18n::use_texts;
use okur_types::threads::{merge, more_replies};

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
    /// The editors' picks, shown first.
    picks: Vec<Comment>,
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
                // A view of its own only costs the size budget: the strip's text in the page's one
                // kind of text container (empty when there are no picks).
                <Markup html=picks_html(&picks, texts.comments.picks) />
                <div class="comments__order" role="group" aria-label=t.order>
                    {order_button(CommentOrder::Asc, t.oldest_first, "comments-order-asc")}
                    {order_button(CommentOrder::Desc, t.newest_first, "comments-order-desc")}
                </div>
                <NewComments thread />
                <CommentList thread more copied loading />
                <LinkNotice copied />
                // Always there, shown or hidden: a view made and unmade as they come and go costs
                // the size budget (docs/architecture.md, Size).
                <p
                    class="comments__note"
                    hidden=move || !(thread.items.with(Vec::is_empty) && !loading.get() && !failed.get())
                >
                    {t.none_yet}
                </p>
                <p class="comments__note" role="alert" data-testid="comments-load-error" hidden=move || !failed.get()>
                    {t.load_failed}
                </p>
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="comments-load-more"
                    hidden=move || !(next_page.get().is_some() && (!thread.items.with(Vec::is_empty) || failed.get()))
                    disabled=move || loading.get()
                    on:click=move |_| load()
                >
                    {move || if loading.get() { t.loading } else if failed.get() { retry } else { t.load_more }}
                </button>
                {if open {
                    Either::Left(view! { <CommentForm thread /> })
                } else {
                    Either::Right(view! { <p class="comments__note" data-testid="comments-closed">{t.closed}</p> })
                }}
            </div>
        </section>
    }
}
