//! What a page shows when it fails, and when there is nothing there.

use leptos::prelude::*;

use crate::api::{set_page_status, ApiError};
use crate::components::seo::PageMeta;
use crate::i18n::use_texts;
use crate::router::Navigation;

/// The message for a failed load, with a button that tries again.
#[component]
pub fn ErrorState(
    /// What went wrong.
    error: ApiError,
) -> impl IntoView {
    // "Try again" loads the address again; the button waits while that is under way.
    let Navigation { loading: busy, reload, .. } = expect_context::<Navigation>();
    let t = use_texts();
    let message = match &error {
        ApiError::Network(_) => t.network_error,
        ApiError::Server { code, .. } if code == "search_too_long" => t.search_too_long,
        ApiError::Server { .. } => t.server_error,
        ApiError::Decode(_) | ApiError::NotFound => t.decode_error,
    };
    // Asking again cannot mend what the address itself asks for (a 4xx but a timeout or 429).
    let retry = !matches!(error.status(), 400..=499) || matches!(error.status(), 408 | 429);
    leptos::logging::warn!("load failed: {error}");
    set_page_status(error.status());
    view! {
        <PageMeta title=t.load_failed.to_owned() description=t.site_description.to_owned() />
        <section class="status status--error" data-testid="error-state" role="alert">
            <h1 class="status__title">{t.load_failed}</h1>
            <p>{message}</p>
            <button
                hidden=!retry
                type="button"
                class="button"
                data-testid="retry"
                disabled=move || busy.get()
                aria-busy=move || busy.get().to_string()
                on:click=move |_| reload.run(())
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
        <PageMeta title=t.not_found.to_owned() description=t.not_found_description.to_owned() />
        <section class="status" data-testid="not-found">
            <h1 class="status__title">{t.not_found}</h1>
            <p>{t.not_found_body}</p>
            <p>
                <a href="/">{t.back_home}</a>
            </p>
        </section>
    }
}
