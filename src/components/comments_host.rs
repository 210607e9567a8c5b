//! Where the comment section goes. The section is its own wasm module (crate okur-comments),
//! loaded once the article is on screen so that it is not part of the first view's download;
//! this component draws the section's frame and heading, loads the module and mounts it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::{self, prelude::*, JsCast};

use crate::i18n::use_locale;

/// The event the comment module sends on `window` when the published count changes; its
/// `detail` is the new count.
pub const COUNT_EVENT: &str = "okur:comment-count";

#[wasm_bindgen(inline_js = r#"
const mounted = new WeakMap();
export async function load_comments(root, slug, count, open, locale) {
  const meta = document.querySelector('meta[name="okur-comments"]');
  if (!meta) throw new Error("this build has no comment module");
  const module = await import(meta.content);
  await module.default({ module_or_path: meta.dataset.wasm });
  if (!root.isConnected || mounted.has(root)) return;
  mounted.set(root, module.mount_comments(root, slug, count, open, locale));
}
export function unload_comments(root) {
  const app = mounted.get(root);
  if (app) { mounted.delete(root); app.unmount(); app.free(); }
}
"#)]
extern "C" {
    /// Imports the comment module (once) and mounts the section into `root`.
    #[wasm_bindgen(catch)]
    async fn load_comments(
        root: &web_sys::HtmlElement,
        slug: &str,
        count: u32,
        open: bool,
        locale: &str,
    ) -> Result<JsValue, JsValue>;

    /// Unmounts the section mounted into `root`, if any.
    fn unload_comments(root: &web_sys::HtmlElement);
}

/// The comment section's frame: `id="comments"`, the heading with the count, and the module
/// mounted inside (or a message with a retry if it cannot be loaded).
#[component]
pub fn CommentsHost(
    /// The article's slug.
    slug: String,
    /// Published comments; the header shows it too.
    count: RwSignal<u32>,
    /// Whether the article takes comments.
    open: bool,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let root = NodeRef::<leptos::html::Div>::new();
    let failed = RwSignal::new(false);
    let attempt = RwSignal::new(0u32);
    let slug = StoredValue::new(slug);
    Effect::new(move |_| {
        attempt.track();
        let Some(element) = root.get() else { return };
        failed.set(false);
        spawn_local(async move {
            let element: web_sys::HtmlElement = element.unchecked_into();
            if let Err(err) =
                load_comments(&element, &slug.get_value(), count.get_untracked(), open, locale.code()).await
            {
                leptos::logging::warn!("comment section not loaded: {err:?}");
                // The page may have moved on meanwhile; then there is nothing to tell.
                failed.try_set(true);
            }
        });
    });
    let listener = window_event_listener_untyped(COUNT_EVENT, move |event| {
        let detail = event.dyn_ref::<web_sys::CustomEvent>().and_then(|e| e.detail().as_f64());
        if let Some(n) = detail {
            count.set(n as u32);
        }
    });
    on_cleanup(move || {
        listener.remove();
        if let Some(element) = root.get_untracked() {
            unload_comments(&element.unchecked_into());
        }
    });
    view! {
        <section id="comments" class="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading" data-testid="comments-heading">{move || (t.comments_heading)(count.get())}</h2>
            <div class="comments__body" node_ref=root>
                <p class="comments__note">{t.comments_loading}</p>
            </div>
            {move || failed.get().then(|| view! {
                <p class="comments__note" role="alert" data-testid="comments-unavailable">
                    {t.comments_unavailable} " "
                    <button type="button" class="link-button" on:click=move |_| attempt.update(|n| *n += 1)>
                        {t.retry}
                    </button>
                </p>
            })}
        </section>
    }
}
