//! What a page tells search engines and link previews: title, description, canonical link,
//! Open Graph and Twitter card meta, and for articles JSON-LD `NewsArticle`.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Script, Title};
use okur_types::ArticleSummary;

use crate::i18n::{use_locale, Locale};

/// The site's public address (`https://example.com`), as the server knows it: its configured
/// public URL, else the address the request came to. Provided as context to server renders.
#[derive(Debug, Clone)]
pub struct SiteOrigin(pub String);

/// The site's address (canonical and preview links are absolute): the server's [`SiteOrigin`],
/// or in the browser the address the reader reached.
fn origin() -> String {
    #[cfg(feature = "ssr")]
    return use_context::<SiteOrigin>().map(|o| o.0).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    window().location().origin().unwrap_or_default()
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
fn og_locale(locale: Locale) -> &'static str {
    match locale {
        Locale::Tr => "tr_TR",
        Locale::En => "en_US",
    }
}

/// Title, description, canonical URL, Open Graph and Twitter card of a page.
#[component]
pub fn PageMeta(
    /// The page title (the app adds " — okur").
    title: String,
    /// One or two sentences.
    description: String,
    /// The page's path, e.g. `/articles/x`.
    path: String,
    /// `website` or `article`.
    kind: &'static str,
    /// The preview image, site-relative or absolute.
    #[prop(default = None)]
    image: Option<String>,
) -> impl IntoView {
    let origin = origin();
    let url = absolute(&origin, &path);
    let image = image.map(|src| absolute(&origin, &src));
    let card = if image.is_some() { "summary_large_image" } else { "summary" };
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=url.clone() />
        <Meta property="og:site_name" content="okur" />
        <Meta property="og:type" content=kind />
        <Meta property="og:title" content=title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta property="og:url" content=url />
        <Meta property="og:locale" content=og_locale(use_locale()) />
        <Meta name="twitter:card" content=card />
        <Meta name="twitter:title" content=title />
        <Meta name="twitter:description" content=description />
        {image.map(|image| view! {
            <Meta property="og:image" content=image.clone() />
            <Meta name="twitter:image" content=image />
        })}
    }
}

/// The JSON-LD `NewsArticle` of an article, built with the browser's JSON (no serde in the wasm).
#[component]
pub fn NewsArticleData(
    /// The article.
    article: ArticleSummary,
) -> impl IntoView {
    let origin = origin();
    let data = json_ld(&origin, &article);
    view! { <Script type_="application/ld+json">{data}</Script> }
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
        "author": { "@type": "Person", "name": a.author },
        "publisher": { "@type": "Organization", "name": "okur" },
    });
    if let Some(image) = &a.image {
        data["image"] = absolute(origin, &image.src).into();
    }
    data.to_string().replace('<', "\\u003c").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
}

/// The JSON text, built with the browser's JSON (no serde in the wasm); `<` is escaped so the
/// text can never close its script element.
#[cfg(not(feature = "ssr"))]
fn json_ld(origin: &str, a: &ArticleSummary) -> String {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsValue;
    let object = |pairs: &[(&str, JsValue)]| {
        let o = Object::new();
        for (key, value) in pairs {
            let _ = Reflect::set(&o, &JsValue::from_str(key), value);
        }
        JsValue::from(o)
    };
    let text = |s: &str| JsValue::from_str(s);
    let url = absolute(origin, &format!("/articles/{}", a.slug));
    let mut pairs = vec![
        ("@context", text("https://schema.org")),
        ("@type", text("NewsArticle")),
        ("headline", text(&a.title)),
        ("description", text(&a.summary)),
        ("datePublished", text(&a.published_at)),
        ("inLanguage", text(&a.language)),
        ("articleSection", text(&a.category)),
        ("mainEntityOfPage", text(&url)),
        ("author", object(&[("@type", text("Person")), ("name", text(&a.author))])),
        ("publisher", object(&[("@type", text("Organization")), ("name", text("okur"))])),
    ];
    if let Some(image) = &a.image {
        pairs.push(("image", text(&absolute(origin, &image.src))));
    }
    js_sys::JSON::stringify(&object(&pairs))
        .map(String::from)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}
