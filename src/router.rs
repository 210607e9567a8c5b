//! Which page an address shows, and client-side navigation between them.
//!
//! Why not leptos_router: okur has a handful of routes and plain links, and leptos_router (its matcher,
//! its type-erased route views and its own link handling) cost more than 20 KB of brotli'd wasm,
//! which the size budget does not have. What is kept is what a reader notices: links within the
//! site change the page without a reload, Back and Forward work, new pages start at the top, and
//! every address is also a real page the server renders.

use leptos::prelude::*;

/// A page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: the front page (`?page=N` pages through it).
    Home,
    /// `/articles/{slug}`: one article.
    Article(String),
    /// `/sections/{slug}`: a section's stories.
    Section(String),
    /// `/authors/{slug}`: an author's stories.
    Author(String),
    /// `/search?q=…`: search results.
    Search,
    /// `/saved`: the stories this reader saved for later (listed by the page's script from the
    /// browser's own keeping).
    Saved,
    /// Anything else.
    NotFound,
}

/// The page for a path (without its query).
pub fn route(path: &str) -> Route {
    match path {
        "/" => return Route::Home,
        "/search" => return Route::Search,
        "/saved" => return Route::Saved,
        _ => {}
    }
    let (kind, slug) = path.trim_start_matches('/').split_once('/').unwrap_or_default();
    if slug.is_empty() || slug.contains('/') {
        return Route::NotFound;
    }
    let slug = crate::uri::decode(slug);
    match kind {
        "articles" => Route::Article(slug),
        "sections" => Route::Section(slug),
        "authors" => Route::Author(slug),
        _ => Route::NotFound,
    }
}

/// A query value (`page` in `?page=2&x=y`), percent-decoded.
pub fn query_value(query: &str, name: &str) -> Option<String> {
    query.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| crate::uri::decode(&value.replace('+', " ")))
    })
}

/// Splits `/path?query#hash` into its path and query (without `?`).
pub fn split_address(address: &str) -> (String, String) {
    let address = address.split('#').next().unwrap_or_default();
    match address.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (address.to_owned(), String::new()),
    }
}

/// Whether a same-origin path is one of the app's pages rather than a file or the API (those
/// are left to the browser).
pub fn is_page_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !path.starts_with("/api/") && !last.contains('.')
}

/// The current address, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Location {
    /// The path, e.g. `/articles/x`.
    pub path: RwSignal<String>,
    /// The query without `?`, e.g. `page=2`.
    pub query: RwSignal<String>,
}

/// The state of moving between pages, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Navigation {
    /// True while the next page's data (or a retry) is loading.
    pub loading: RwSignal<bool>,
    /// Loads the current address again (the error page's "try again").
    pub reload: Callback<()>,
    /// Loads the current page again and shows it in another language (so that what changed
    /// since it was loaded, such as a comment just posted, is in it).
    pub switch_language: Callback<crate::i18n::Locale>,
}

/// The address a server render is for (path and query), provided as context by the server.
#[derive(Debug, Clone)]
pub struct RequestAddress(pub String);

/// The current location from context.
pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// Provides the location: on the server the request's, in the browser the window's, kept up to
/// date by link clicks and Back/Forward. (The app scrolls a new page to the top once it is in.)
pub fn provide_location() -> Location {
    #[cfg(feature = "ssr")]
    let (path, query) = split_address(&use_context::<RequestAddress>().map(|a| a.0).unwrap_or_else(|| "/".into()));
    #[cfg(not(feature = "ssr"))]
    let (path, query) = browser::current();
    let location = Location { path: RwSignal::new(path), query: RwSignal::new(query) };
    #[cfg(not(feature = "ssr"))]
    browser::listen(location);
    provide_context(location);
    location
}

/// The browser's side: reading the window's address, following links, Back and Forward.
#[cfg(not(feature = "ssr"))]
mod browser {
    use leptos::ev;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use web_sys::{HtmlAnchorElement, MouseEvent};

    use super::{is_page_path, split_address, Location};

    /// The window's path and query.
    pub fn current() -> (String, String) {
        let location = window().location();
        let path = location.pathname().unwrap_or_else(|_| "/".into());
        let query = location.search().unwrap_or_default();
        (path, query.trim_start_matches('?').to_owned())
    }

    /// Follows clicks on links to the site's pages without a reload, and Back/Forward.
    pub fn listen(location: Location) {
        // Chromium also fires popstate for a jump to an anchor on the same page: only a real
        // change of address is a new page.
        let sync = move || {
            let (path, query) = current();
            if path != location.path.get_untracked() {
                location.path.set(path);
            }
            if query != location.query.get_untracked() {
                location.query.set(query);
            }
        };
        let _ = window_event_listener(ev::popstate, move |_| sync());
        let _ = window_event_listener(ev::click, move |event: MouseEvent| {
            let Some(anchor) = link_to_follow(&event) else { return };
            let target = format!("{}{}{}", anchor.pathname(), anchor.search(), anchor.hash());
            let (path, query) = split_address(&target);
            // Only the hash differs: the browser scrolls to it on the same page.
            if path == location.path.get_untracked()
                && query == location.query.get_untracked()
                && !anchor.hash().is_empty()
            {
                return;
            }
            event.prevent_default();
            go(location, &target);
        });
        // The search form: its words become the search page's address, shown in the app.
        let _ = window_event_listener(ev::submit, move |event: web_sys::SubmitEvent| {
            let form = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let Some(field) = form.and_then(|f| f.query_selector("[role=search] [name=q]").ok().flatten()) else {
                return;
            };
            let Ok(field) = field.dyn_into::<web_sys::HtmlInputElement>() else { return };
            event.prevent_default();
            go(location, &format!("/search?q={}", crate::uri::encode_component(&field.value())));
        });
    }

    /// Moves to a page of the site: a new history entry, and the address the app shows.
    fn go(location: Location, target: &str) {
        if window()
            .history()
            .and_then(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(target)))
            .is_err()
        {
            // The history refused (a sandbox): load the page the ordinary way.
            let _ = window().location().set_href(target);
            return;
        }
        let (path, query) = split_address(target);
        location.path.set(path);
        location.query.set(query);
    }

    /// The same-origin page link a plain left click landed on, if the app should follow it.
    fn link_to_follow(event: &MouseEvent) -> Option<HtmlAnchorElement> {
        if event.default_prevented()
            || event.button() != 0
            || event.meta_key()
            || event.ctrl_key()
            || event.shift_key()
            || event.alt_key()
        {
            return None;
        }
        let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
        let anchor = target.closest("a[href]").ok()??.dyn_into::<HtmlAnchorElement>().ok()?;
        let foreign = anchor.origin() != window().location().origin().ok()?;
        let elsewhere = !anchor.target().is_empty() && anchor.target() != "_self";
        (!foreign && !elsewhere && !anchor.has_attribute("download") && is_page_path(&anchor.pathname()))
            .then_some(anchor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_pages() {
        assert_eq!(route("/"), Route::Home);
        assert_eq!(route("/articles/kis-2025"), Route::Article("kis-2025".into()));
        assert_eq!(route("/articles/%C4%9F%20x"), Route::Article("ğ x".into()));
        assert_eq!(route("/articles/"), Route::NotFound);
        assert_eq!(route("/sections/gundem"), Route::Section("gundem".into()));
        assert_eq!(route("/authors/cagla-yildiz"), Route::Author("cagla-yildiz".into()));
        assert_eq!(route("/search"), Route::Search);
        assert_eq!(route("/search/x"), Route::NotFound);
        assert_eq!(route("/sections/"), Route::NotFound);
        assert_eq!(route("/other/x"), Route::NotFound);
        assert_eq!(route("/articles/a/b"), Route::NotFound);
        assert_eq!(route("/index.html"), Route::NotFound);
        assert_eq!(route("/nothing"), Route::NotFound);
    }

    #[test]
    fn queries_and_addresses_are_read() {
        assert_eq!(query_value("page=2&x=y", "page").as_deref(), Some("2"));
        assert_eq!(query_value("?x=a+b%21&page=3", "x").as_deref(), Some("a b!"));
        assert_eq!(query_value("pager=2", "page"), None);
        assert_eq!(query_value("", "page"), None);
        assert_eq!(split_address("/?page=2#top"), ("/".into(), "page=2".into()));
        assert_eq!(split_address("/articles/x"), ("/articles/x".into(), String::new()));
    }

    #[test]
    fn files_and_the_api_are_not_pages() {
        assert!(is_page_path("/articles/x"));
        assert!(is_page_path("/"));
        assert!(!is_page_path("/media/a.svg"));
        assert!(!is_page_path("/sitemap.xml"));
        assert!(!is_page_path("/api/articles"));
    }
}
