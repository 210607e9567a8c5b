//! What a page shows while it waits, when it fails, and when there is nothing there.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::{set_page_status, ApiError};
use crate::i18n::use_texts;
use crate::transfer::PageData;

/// Placeholder shapes for the front page's list, the size of real cards, so nothing jumps.
#[component]
pub fn ListSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton-list" data-testid="loading" aria-busy="true" aria-live="polite">
            <span class="visually-hidden">{use_texts().loading_news}</span>
            {(0..3)
                .map(|_| {
                    view! {
                        <div class="card card--skeleton" aria-hidden="true">
                            <div class="skeleton skeleton--image"></div>
                            <div class="card__text">
                                <div class="skeleton skeleton--line skeleton--short"></div>
                                <div class="skeleton skeleton--title"></div>
                                <div class="skeleton skeleton--line"></div>
                                <div class="skeleton skeleton--line"></div>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Placeholder shapes for an article: header lines and paragraphs.
#[component]
pub fn ArticleSkeleton() -> impl IntoView {
    view! {
        <div class="article article--skeleton" data-testid="loading" aria-busy="true" aria-live="polite">
            <span class="visually-hidden">{use_texts().loading_article}</span>
            <div aria-hidden="true">
                <div class="skeleton skeleton--line skeleton--short"></div>
                <div class="skeleton skeleton--headline"></div>
                <div class="skeleton skeleton--line skeleton--short"></div>
                {(0..5).map(|_| view! { <div class="skeleton skeleton--paragraph"></div> }).collect_view()}
            </div>
        </div>
    }
}

/// A "try again" for a resource: the callback reruns its fetch, and the signal stays true
/// until the new answer (data or error) is in, so the button can wait meanwhile.
pub fn retry_for<T: serde::Serialize + crate::decode::FromJs + Send + Sync + 'static>(
    resource: Resource<Result<T, ApiError>, PageData>,
) -> (Callback<()>, Signal<bool>) {
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        resource.track();
        busy.set(false);
    });
    let retry = Callback::new(move |()| {
        busy.set(true);
        resource.refetch();
    });
    (retry, busy.into())
}

/// The message for a failed load, with a button that tries again.
#[component]
pub fn ErrorState(
    /// What went wrong.
    error: ApiError,
    /// Called when the reader presses "try again".
    on_retry: Callback<()>,
    /// True while the retry is under way; the button waits meanwhile.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let t = use_texts();
    let message = match &error {
        ApiError::Network(_) => t.network_error,
        ApiError::Server { .. } => t.server_error,
        ApiError::Decode(_) | ApiError::NotFound => t.decode_error,
    };
    leptos::logging::warn!("load failed: {error}");
    set_page_status(error.status());
    view! {
        <Title text=t.load_failed />
        <section class="status status--error" data-testid="error-state" role="alert">
            <h1 class="status__title">{t.load_failed}</h1>
            <p>{message}</p>
            <button
                type="button"
                class="button"
                data-testid="retry"
                disabled=move || busy.get()
                aria-busy=move || busy.get().to_string()
                on:click=move |_| on_retry.run(())
            >
                {move || if busy.get() { t.retrying } else { t.retry }}
            </button>
        </section>
    }
}

/// The page for an address with nothing behind it.
#[component]
pub fn NotFound() -> impl IntoView {
    set_page_status(404);
    let t = use_texts();
    view! {
        <Title text=t.not_found />
        <Meta name="description" content=t.not_found_description />
        <Meta name="robots" content="noindex" />
        <section class="status" data-testid="not-found">
            <h1 class="status__title">{t.not_found}</h1>
            <p>{t.not_found_body}</p>
            <p>
                <a href="/">{t.back_home}</a>
            </p>
        </section>
    }
}
