//! Trunk's index.html, cut where a rendered page goes into it, read once it exists.

use std::sync::{Arc, RwLock};

use axum::http::HeaderValue;

use crate::http::security::{content_security_policy, inline_script_hashes};

/// Trunk's index.html cut where a rendered page goes into it.
#[derive(Debug)]
pub struct Template {
    /// Up to the end of `<html`, where the page's `lang` goes.
    start: String,
    /// The rest of the `<html>` tag and the head up to `</head>`, where the page's tags go.
    head: String,
    /// `</head>` and the `<body>` tag.
    body_open: String,
    /// `</body>` and what follows.
    tail: String,
    /// The Content-Security-Policy of its pages: its own inline scripts allowed by their hashes.
    pub csp: HeaderValue,
}

impl Template {
    /// Cuts Trunk's output (without a `<title>` of its own: the page renders one).
    pub fn from_index(html: &str) -> Option<Template> {
        let mut html = html.to_owned();
        // A minified index.html may leave out the optional `<html>` tag.
        if !html.contains("<html") {
            let after_doctype = if html.get(..9).is_some_and(|s| s.eq_ignore_ascii_case("<!doctype")) {
                html.find('>').map_or(0, |end| end + 1)
            } else {
                0
            };
            html.insert_str(after_doctype, "<html>");
        }
        if let (Some(start), Some(end)) = (html.find("<title>"), html.find("</title>")) {
            html.replace_range(start..end + "</title>".len(), "");
        }
        let html_end = html.find("<html")? + "<html".len();
        let head_end = html.find("</head>")?;
        let body_start = head_end + html[head_end..].find("<body")?;
        let body_open_end = body_start + html[body_start..].find('>')? + 1;
        let body_end = html.rfind("</body>")?;
        let csp = HeaderValue::from_str(&content_security_policy(&inline_script_hashes(&html))).ok()?;
        (html_end <= head_end && body_end >= body_open_end).then(|| Template {
            start: html[..html_end].to_owned(),
            head: html[html_end..head_end].to_owned(),
            body_open: html[head_end..body_open_end].to_owned(),
            tail: html[body_end..].to_owned(),
            csp,
        })
    }

    /// The whole document of a page; `mail` marks a site that sends email (`<html data-mail>`).
    pub fn page(&self, lang: &str, mail: bool, head: &str, body: &str) -> String {
        let mail = if mail { " data-mail" } else { "" };
        format!(r#"{} lang="{lang}"{mail}{}{head}{}{body}{}"#, self.start, self.head, self.body_open, self.tail)
    }

    /// The site's style sheet link (the one Trunk wrote with its hash), for the pages that are
    /// not the app's.
    pub fn style_link(&self) -> Option<&str> {
        self.head.match_indices("<link").find_map(|(at, _)| {
            let tag = &self.head[at..at + self.head[at..].find('>')? + 1];
            (tag.contains("stylesheet") && tag.contains(".css") && !tag.contains("legible")).then_some(tag)
        })
    }
}

/// index.html, read once it exists (so a server started before the build still picks it up).
#[derive(Debug, Clone, Default)]
pub struct TemplateCache(Arc<RwLock<Option<Arc<Template>>>>);

impl TemplateCache {
    /// The template from `dist/index.html`, or none while the front end is not built.
    pub async fn get(&self, dist: &std::path::Path) -> Option<Arc<Template>> {
        if let Some(template) = self.0.read().ok()?.as_ref() {
            return Some(Arc::clone(template));
        }
        let path = dist.join("index.html");
        let html = tokio::fs::read_to_string(&path).await.ok()?;
        let Some(template) = Template::from_index(&html).map(Arc::new) else {
            tracing::error!(path = %path.display(), "index.html has no <head> and <body> to render into");
            return None;
        };
        if let Ok(mut cache) = self.0.write() {
            *cache = Some(Arc::clone(&template));
        }
        Some(template)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_takes_the_page_without_its_own_title() {
        let t = Template::from_index(
            "<!doctype html><html><head><title>okur</title><link x></head><body class=a></body></html>",
        )
        .unwrap();
        assert_eq!(
            t.page("en", false, "<title>T</title>", "<p>B</p>"),
            r#"<!doctype html><html lang="en"><head><link x><title>T</title></head><body class=a><p>B</p></body></html>"#
        );
        assert!(Template::from_index("<html>no body</html>").is_none());
        assert!(t.page("tr", true, "", "").starts_with(r#"<!doctype html><html lang="tr" data-mail>"#));
        let styled = Template::from_index(
            "<!doctype html><link id=legible rel=stylesheet href=/fonts/legible.css><link href=/main-1.css rel=stylesheet></head><body></body>",
        )
        .unwrap();
        assert_eq!(styled.style_link(), Some("<link href=/main-1.css rel=stylesheet>"));
        let minified = Template::from_index("<!doctype html><meta charset=utf-8></head><body></body>").unwrap();
        assert_eq!(
            minified.page("tr", false, "H", "B"),
            r#"<!doctype html><html lang="tr"><meta charset=utf-8>H</head><body>B</body>"#
        );
    }
}
