//! What a page tells search engines and link previews: title, description, canonical link,
//! Open Graph and Twitter card meta, and for articles JSON-LD `NewsArticle` (the last three in
//! the server's pages only: see [`PageMeta`]).
//!
//! Why not leptos_meta: its tag components cost 11 KB of brotli'd wasm when measured (docs/architecture.md) that the size
//! budget does not have, and it writes the server's `<title>` unescaped. Each page describes
//! its head once with [`PageMeta`]; the server writes it into `<head>`, the browser swaps it on
//! client-side navigation.

use leptos::prelude::*;
use okur_types::ArticleSummary;

#[cfg(feature = "ssr")]
use crate::i18n::{use_locale, Locale};

/// The site's public address (`https://example.com`), as the server knows it: its configured
/// public URL, else the address the request came to. Provided as context to server renders.
#[derive(Debug, Clone)]
pub struct SiteOrigin(pub String);

/// The site's public address (canonical and preview links are absolute with it, relative
/// without): the server's [`SiteOrigin`]; in the browser the one the server wrote into the
/// first page's canonical link, so hydration and later pages keep the server's choice.
fn origin() -> String {
    #[cfg(feature = "ssr")]
    return use_context::<SiteOrigin>().map(|o| o.0).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    document()
        .query_selector("link[rel=canonical]")
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href"))
        .map(|href| crate::uri::origin_of(&href).to_owned())
        .unwrap_or_default()
}

/// An address on this site, absolute (`/media/a.svg` → `https://…/media/a.svg`).
fn absolute(origin: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        format!("{origin}{path}")
    }
}

/// The Open Graph locale.
#[cfg(feature = "ssr")]
fn og_locale(locale: Locale) -> &'static str {
    match locale {
        Locale::Tr => "tr_TR",
        Locale::En => "en_US",
    }
}

/// One tag of a page's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadTag {
    /// `<meta {attr}="{key}" content="{content}">`, `attr` being `name` or `property`.
    Meta {
        /// `name` or `property`.
        attr: &'static str,
        /// E.g. `description`, `og:title`.
        key: &'static str,
        /// The value.
        content: String,
    },
    /// `<link rel="canonical" href="…">`.
    Canonical(String),
    /// `<script type="application/ld+json">…</script>`, already safe to put there.
    JsonLd(String),
    /// `<link rel="alternate" type="application/atom+xml">`: a feed's address and title.
    Feed(String, String),
}

/// The attribute that marks the head tags a page set (the next page replaces them).
pub const HEAD_MARK: &str = "data-page-head";

/// Everything a page says in the head: its title (without the site's name) and its tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageHead {
    /// The page's title; the document's is "{title} — okur".
    pub title: String,
    /// The tags, in order.
    pub tags: Vec<HeadTag>,
}

impl PageHead {
    /// The document's title.
    pub fn full_title(&self) -> String {
        format!("{} — okur", self.title)
    }

    /// The head as HTML for the server's page, every value escaped for its place.
    pub fn to_html(&self) -> String {
        use crate::format::escape_html;
        let mut html = format!("<title>{}</title>", escape_html(&self.full_title()));
        for tag in &self.tags {
            match tag {
                HeadTag::Meta { attr, key, content } => {
                    html.push_str(&format!(r#"<meta {attr}="{key}" content="{}" {HEAD_MARK}>"#, escape_html(content)))
                }
                HeadTag::Canonical(href) => {
                    html.push_str(&format!(r#"<link rel="canonical" href="{}" {HEAD_MARK}>"#, escape_html(href)))
                }
                HeadTag::JsonLd(json) => {
                    html.push_str(&format!(r#"<script type="application/ld+json" {HEAD_MARK}>{json}</script>"#))
                }
                HeadTag::Feed(href, title) => html.push_str(&format!(
                    r#"<link rel="alternate" type="application/atom+xml" href="{}" title="{}" {HEAD_MARK}>"#,
                    escape_html(href),
                    escape_html(title)
                )),
            }
        }
        html
    }
}

/// Where a server render collects the page's head (the server puts it into `<head>`).
#[derive(Debug, Clone, Default)]
pub struct ServerHead(pub std::sync::Arc<std::sync::Mutex<PageHead>>);

/// Makes `head` the document's: on the server it goes to the [`ServerHead`]; in the browser it
/// replaces the head tags of the page before (and is the same as the server's on hydration).
fn apply(head: PageHead) {
    #[cfg(feature = "ssr")]
    if let Some(ServerHead(cell)) = use_context::<ServerHead>() {
        if let Ok(mut current) = cell.lock() {
            *current = head;
        }
    }
    #[cfg(all(not(feature = "ssr"), target_arch = "wasm32"))]
    browser::apply(&head);
    #[cfg(all(not(feature = "ssr"), not(target_arch = "wasm32")))]
    let _ = head;
}

/// The browser's half: the tags of the page shown are marked, and replaced on the next page.
#[cfg(all(not(feature = "ssr"), target_arch = "wasm32"))]
mod browser {
    use leptos::prelude::document;

    use super::{HeadTag, PageHead, HEAD_MARK as MARK};

    /// Whether a page was shown yet: the first is the server's, hydrated, whose head (with its
    /// preview tags, which the browser does not write) is already right.
    static SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

    /// Replaces the marked tags (the server marks its own the same way) and the title.
    pub fn apply(head: &PageHead) {
        if !SHOWN.swap(true, std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let doc = document();
        doc.set_title(&head.full_title());
        let Some(parent) = doc.head() else { return };
        if let Ok(old) = parent.query_selector_all(&format!("[{MARK}]")) {
            for i in 0..old.length() {
                if let Some(node) = old.item(i) {
                    let _ = parent.remove_child(&node);
                }
            }
        }
        for tag in &head.tags {
            let (name, attrs, text): (&str, Vec<(&str, &str)>, Option<&str>) = match tag {
                HeadTag::Meta { attr, key, content } => ("meta", vec![(attr, key), ("content", content)], None),
                HeadTag::Canonical(href) => ("link", vec![("rel", "canonical"), ("href", href)], None),
                HeadTag::JsonLd(json) => ("script", vec![("type", "application/ld+json")], Some(json)),
                // Written by the server only (as Open Graph is): nothing to draw here.
                HeadTag::Feed(..) => continue,
            };
            let Ok(element) = doc.create_element(name) else { continue };
            for (attr, value) in attrs {
                let _ = element.set_attribute(attr, value);
            }
            let _ = element.set_attribute(MARK, "");
            element.set_text_content(text);
            let _ = parent.append_child(&element);
        }
    }
}

/// The head of a page: title, description, canonical URL, Open Graph and Twitter card, and
/// for articles JSON-LD `NewsArticle`. Renders nothing in the body.
#[component]
pub fn PageMeta(
    /// The page title (the app adds " — okur").
    title: String,
    /// One or two sentences.
    description: String,
    /// The page's path, e.g. `/articles/x`; none for pages that are not to be indexed.
    #[prop(default = None)]
    path: Option<String>,
    /// `website` or `article`.
    #[prop(default = "website")]
    kind: &'static str,
    /// The preview image, site-relative or absolute.
    #[prop(default = None)]
    image: Option<String>,
    /// What the page is about, for its JSON-LD and its feed.
    #[prop(default = None)]
    about: Option<Subject>,
) -> impl IntoView {
    let origin = origin();
    let url = path.map(|path| absolute(&origin, &path));
    let mut tags = vec![meta("name", "description", &description)];
    match &url {
        Some(url) => tags.push(HeadTag::Canonical(url.clone())),
        None => tags.push(meta("name", "robots", "noindex")),
    }
    #[cfg(feature = "ssr")]
    share_tags(&mut tags, &origin, &title, &description, url, kind, image, about);
    #[cfg(not(feature = "ssr"))]
    let _ = (kind, image, about);
    apply(PageHead { title, tags });
}

/// The picture a link preview shows for an image: an upload's 1200-wide JPEG (or its widest,
/// when the photograph is narrower), else the image itself.
#[cfg(feature = "ssr")]
fn preview(src: &str) -> String {
    use okur_types::media::{file, preview_width, upload_of};
    match upload_of(src) {
        Some((hash, largest)) => file(hash, preview_width(largest), "jpg"),
        None => src.to_owned(),
    }
}

/// A `<meta>` tag.
fn meta(attr: &'static str, key: &'static str, content: &str) -> HeadTag {
    HeadTag::Meta { attr, key, content: content.to_owned() }
}

/// Open Graph, Twitter card and JSON-LD: only in the server's pages. Link previews and search
/// engines read a page as the server sends it, never after a move within the app, so the
/// browser leaves them out (their code would cost the size budget about 1.5 KB); it removes
/// the previous page's, so none is stale.
#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
fn share_tags(
    tags: &mut Vec<HeadTag>,
    origin: &str,
    title: &str,
    description: &str,
    url: Option<String>,
    kind: &'static str,
    image: Option<String>,
    about: Option<Subject>,
) {
    tags.extend([
        meta("property", "og:site_name", "okur"),
        meta("property", "og:type", kind),
        meta("property", "og:title", title),
        meta("property", "og:description", description),
    ]);
    // Open Graph wants absolute addresses: without a known public address (a server run
    // without --public-url) previews go without them rather than trust the Host header.
    let absolute_only = |url: &String| url.starts_with("http://") || url.starts_with("https://");
    if let Some(url) = url.as_ref().filter(|u| absolute_only(u)) {
        tags.push(meta("property", "og:url", url));
    }
    tags.push(meta("property", "og:locale", og_locale(use_locale())));
    let image = image.map(|src| absolute(origin, &preview(&src))).filter(absolute_only);
    let card = if image.is_some() { "summary_large_image" } else { "summary" };
    tags.extend([
        meta("name", "twitter:card", card),
        meta("name", "twitter:title", title),
        meta("name", "twitter:description", description),
    ]);
    if let Some(image) = &image {
        tags.extend([meta("property", "og:image", image), meta("name", "twitter:image", image)]);
    }
    // Feeds exist only with the public address (their links are absolute).
    let feed =
        |path: String, title: String| (!origin.is_empty()).then(|| HeadTag::Feed(absolute(origin, &path), title));
    tags.extend(feed("/feed.xml".to_owned(), "okur".to_owned()));
    let site = absolute(origin, "/");
    match &about {
        Some(Subject::Article(article)) => {
            tags.push(HeadTag::JsonLd(json_ld(origin, article)));
            let section = absolute(origin, &format!("/sections/{}", article.section));
            let url = absolute(origin, &format!("/articles/{}", article.slug));
            let trail =
                [("okur", site.as_str()), (article.category.as_str(), &section), (article.title.as_str(), &url)];
            tags.push(HeadTag::JsonLd(breadcrumbs(&trail)));
            let comments = format!("/articles/{}/comments.xml", article.slug);
            tags.extend(feed(comments, format!("{} — {}", article.title, use_locale().texts().comments_feed)));
        }
        Some(Subject::Section { slug, name }) => {
            let url = absolute(origin, &format!("/sections/{slug}"));
            let page = serde_json::json!({
                "@context": "https://schema.org", "@type": "CollectionPage", "name": name, "url": url,
                "description": description, "isPartOf": { "@type": "WebSite", "name": "okur", "url": site },
            });
            tags.push(HeadTag::JsonLd(script_json(&page)));
            tags.push(HeadTag::JsonLd(breadcrumbs(&[("okur", site.as_str()), (name.as_str(), &url)])));
            tags.extend(feed(format!("/sections/{slug}/feed.xml"), format!("okur — {name}")));
        }
        Some(Subject::Author { slug, name }) => {
            let url = absolute(origin, &format!("/authors/{slug}"));
            let person = serde_json::json!({
                "@context": "https://schema.org", "@type": "Person", "name": name, "url": url,
                "worksFor": { "@type": "NewsMediaOrganization", "name": "okur", "url": site },
            });
            tags.push(HeadTag::JsonLd(script_json(&person)));
            tags.extend(feed(format!("/authors/{slug}/feed.xml"), format!("okur — {name}")));
        }
        Some(Subject::Search) => {
            let page =
                serde_json::json!({ "@context": "https://schema.org", "@type": "SearchResultsPage", "name": title });
            tags.push(HeadTag::JsonLd(script_json(&page)));
        }
        None => {
            // The front page and the rest: the site, with its search.
            let site_ld = serde_json::json!({
                "@context": "https://schema.org", "@type": "WebSite", "name": "okur", "url": site,
                "potentialAction": { "@type": "SearchAction", "target": absolute(origin, "/search?q={q}"),
                                     "query-input": "required name=q" },
            });
            tags.push(HeadTag::JsonLd(script_json(&site_ld)));
        }
    }
}

/// What a page is about: what its JSON-LD describes and which feed it links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// An article.
    Article(Box<ArticleSummary>),
    /// A section's page.
    Section {
        /// Its URL name.
        slug: String,
        /// Its name.
        name: String,
    },
    /// An author's page.
    Author {
        /// Their URL name.
        slug: String,
        /// Their name.
        name: String,
    },
    /// Search results.
    Search,
}

/// A `BreadcrumbList` of (name, address) steps.
#[cfg(feature = "ssr")]
fn breadcrumbs(trail: &[(&str, &str)]) -> String {
    let items: Vec<serde_json::Value> = trail
        .iter()
        .enumerate()
        .map(
            |(i, (name, url))| serde_json::json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url }),
        )
        .collect();
    script_json(
        &serde_json::json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items }),
    )
}

/// JSON for a script element: `<` escaped so the text can never close it, and the line
/// separators so it stays valid JavaScript too.
#[cfg(feature = "ssr")]
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
}

/// The JSON text, written with serde on the server. `<` is escaped so the text can never close
/// its script element, and the line separators so it stays valid JavaScript too.
#[cfg(feature = "ssr")]
fn json_ld(origin: &str, a: &ArticleSummary) -> String {
    let url = absolute(origin, &format!("/articles/{}", a.slug));
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.summary,
        "datePublished": a.published_at,
        "inLanguage": a.language,
        "articleSection": a.category,
        "mainEntityOfPage": url,
        "author": { "@type": "Person", "name": a.author, "url": absolute(origin, &format!("/authors/{}", a.author_slug)) },
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": "okur",
            "url": absolute(origin, "/"),
            "logo": { "@type": "ImageObject", "url": absolute(origin, "/media/okur-logo.svg"), "width": 240, "height": 60 },
        },
    });
    if let Some(modified) = &a.updated_at {
        data["dateModified"] = modified.clone().into();
    }
    if let Some(image) = &a.image {
        data["image"] = absolute(origin, &preview(&image.src)).into();
    }
    script_json(&data)
}
