//! Mounts the app over the boot placeholder of index.html.

use leptos::wasm_bindgen::JsCast;

fn main() {
    let root = leptos::prelude::document()
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        .expect("index.html has a <div id=\"app\">");
    // The placeholder drawn by index.html (same header, a loading skeleton) is swapped for the
    // live app in one step, so the first paint never flashes blank.
    root.set_inner_html("");
    leptos::mount::mount_to(root, okur_web::App).forget();
}
