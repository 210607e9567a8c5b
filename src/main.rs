//! Hydrates the page the server rendered; from then on the app runs in the browser.

fn main() {
    // Only the browser build (feature `hydrate`, as Trunk builds it) has anything to do.
    #[cfg(feature = "hydrate")]
    leptos::mount::hydrate_body(okur_web::App);
}
