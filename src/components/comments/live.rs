//! Live comments: once the page is live it listens to the article's comment stream (Server-Sent
//! Events, which the browser resumes by itself with `Last-Event-ID` after a dropped
//! connection). An edited comment is shown as it now reads, where it is; a comment gone from
//! view leaves the list at once. A comment that arrives is counted at once (the heading and the article's header
//! show the new count) and waits under a "N new comments" button, so that nothing moves under
//! what the reader is reading until they ask for it.

use leptos::prelude::*;

use crate::components::comments::thread::Thread;
use crate::i18n::use_texts;

/// The "N new comments" button, in a polite live region so that a screen reader hears of new
/// comments too.
#[component]
pub fn NewComments(
    /// The section's state.
    thread: Thread,
) -> impl IntoView {
    let t = &use_texts().comments;
    // Always there, hidden while there is nothing new (a view made as they come costs the size
    // budget).
    let fresh = move || thread.fresh.with(Vec::len) as u32;
    view! {
        <div class="comments__live" role="status">
            <button
                type="button"
                class="button button--quiet"
                data-testid="comments-new"
                hidden=move || fresh() == 0
                on:click=move |_| thread.show_fresh()
            >
                {move || (t.new_comments)(fresh())}
            </button>
        </div>
    }
}

/// Opens the article's stream (called once the page is live); it is closed when the section
/// goes (another page, another language). A refused stream (too many open) leaves the page as
/// it was: live, not updated.
#[cfg(all(not(feature = "ssr"), target_arch = "wasm32"))]
pub fn listen(thread: Thread, after: Option<i64>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    use crate::decode::FromJs;

    let Ok(source) = EventSource::new(&crate::api::events_url(&thread.slug.get_value(), after)) else {
        return;
    };
    let on_comment = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let comment = event
            .data()
            .as_string()
            .and_then(|text| js_sys::JSON::parse(&text).ok())
            .map(|value| okur_types::comments::Comment::from_js(&value));
        // The server sends the shared type; anything else (a proxy's page, say) is no comment.
        if let Some(Ok(comment)) = comment {
            thread.arrived(comment);
        }
    });
    let _ = source.add_event_listener_with_callback("comment", on_comment.as_ref().unchecked_ref());
    // A comment gone from view (withdrawn, held, rejected): its id.
    let on_removed = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(id) = event.data().as_string().and_then(|id| id.parse().ok()) {
            thread.gone(id);
        }
    });
    let _ = source.add_event_listener_with_callback("removed", on_removed.as_ref().unchecked_ref());
    let open = StoredValue::new_local((source, on_comment, on_removed));
    on_cleanup(move || {
        open.try_with_value(|(source, _, _)| source.close());
    });
}

/// Outside the browser there is no stream.
#[cfg(not(all(not(feature = "ssr"), target_arch = "wasm32")))]
pub fn listen(_: Thread, _: Option<i64>) {}
