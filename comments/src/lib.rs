//! okur's comment section, built as its own wasm module. The article page loads it once the
//! article is on screen, so its code is not part of the first view's download (see the size
//! budget in the README), and mounts it with [`mount_comments`].

pub mod components;
pub mod form_logic;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use components::section::CommentSection;
use okur_web::components::comments_host::COUNT_EVENT;

/// A mounted comment section; `unmount` removes it and frees its state.
#[wasm_bindgen]
pub struct CommentsApp {
    handle: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

#[wasm_bindgen]
impl CommentsApp {
    /// Removes the section from the page.
    pub fn unmount(&mut self) {
        self.handle.take();
    }
}

/// Tells the page the published count changed.
fn announce_count(count: u32) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from(count));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(COUNT_EVENT, &init) {
        let _ = window().dispatch_event(&event);
    }
}

/// Renders the comment section of article `slug` into `host` (replacing what is there), in
/// the page's language (`tr` or `en`).
#[wasm_bindgen]
pub fn mount_comments(host: web_sys::HtmlElement, slug: String, count: u32, open: bool, locale: String) -> CommentsApp {
    let locale = okur_web::i18n::Locale::from_code(&locale).unwrap_or_default();
    host.set_inner_html("");
    let handle = leptos::mount::mount_to(host, move || {
        provide_context(locale);
        let count = RwSignal::new(count);
        Effect::new(move |previous: Option<u32>| {
            let now = count.get();
            if previous.is_some_and(|p| p != now) {
                announce_count(now);
            }
            now
        });
        view! { <CommentSection slug count open /> }.into_any()
    });
    CommentsApp { handle: Some(handle) }
}
