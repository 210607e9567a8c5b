//! `GET /desk/preview/{slug}`: a story as readers would see it, before it is out: the reader's
//! own page, rendered by the same components from the editor's working copy (or the story as
//! saved), for the desk to show in a frame at a phone's and a desktop's width. For editors and
//! admins only; never cached, never indexed, framed by the site's own pages alone.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use okur_types::desk::DeskArticle;
use okur_types::{Article, ArticleSummary};

use crate::domain::article::shelf_slugs;
use crate::domain::stamp::Stamp;
use crate::domain::story::{desk_article, HIDDEN_AT};
use crate::http::error::AppError;
use crate::http::extract::{desk_staff, request_locale, Params};
use crate::http::pages::render::{page_response, render, PageRequest};
use crate::http::state::AppState;

/// The preview page.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(slug): Params<String>,
) -> Result<Response, AppError> {
    desk_staff(&state, &headers, false).await?;
    let row = state
        .store
        .desk_story(&slug)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no story {slug:?}.")))?;
    let story = row
        .working
        .as_deref()
        .and_then(|json| serde_json::from_str::<DeskArticle>(json).ok())
        .unwrap_or_else(|| desk_article(&row.article, row.status, row.planned_at.as_deref()));
    let mut article = as_article(story, &slug, state.locale.code(), row.corrections);
    // An upload's room on the page, as saving will write it in (a name that is no upload shows
    // as the reader would see it: broken, and the save will say so).
    state.store.size_images(article.summary.image.as_mut(), &mut article.body).await?;
    let Some(template) = state.templates.get(&state.dist).await else {
        return Ok((StatusCode::SERVICE_UNAVAILABLE, "The front end is not built yet: run `make run`.").into_response());
    };
    let sections = state.sections.list(&state.store, &state.generations).await.unwrap_or_default();
    let request = PageRequest {
        path_and_query: format!("/articles/{slug}"),
        locale: request_locale(&headers, state.locale),
        origin: state.site_url().unwrap_or_default().to_owned(),
        mail: state.mail,
    };
    let page = render(state.store.clone(), sections, &template, request, Some(article)).await;
    // Only the site's own pages (the desk) may frame it.
    let csp = template.csp.to_str().unwrap_or_default().replace("frame-ancestors 'none'", "frame-ancestors 'self'");
    let csp = HeaderValue::from_str(&csp).unwrap_or_else(|_| template.csp.clone());
    let mut response = page_response(page, &HeaderMap::new(), &HeaderValue::from_static("no-store"), &csp);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}

/// A story as the reader's components take it: not yet out, it is shown as if out now; it
/// keeps the name it has on the site (a rename is not made until saved).
fn as_article(
    story: DeskArticle,
    slug: &str,
    site_language: &str,
    corrections: Vec<okur_types::Correction>,
) -> Article {
    let published_at = story
        .published_at
        .filter(|at| at != HIDDEN_AT && crate::domain::stamp::normalize_timestamp(at).is_ok())
        .unwrap_or_else(|| Stamp::now().to_string());
    let (section, author_slug) = shelf_slugs(&story.category, &story.author);
    Article {
        summary: ArticleSummary {
            slug: slug.to_owned(),
            section,
            author_slug,
            title: story.title,
            summary: story.summary,
            published_at,
            updated_at: None,
            author: story.author,
            category: story.category,
            language: story.language.unwrap_or_else(|| site_language.to_owned()),
            comment_count: 0,
            image: story.image,
        },
        body: story.body,
        comments_open: story.comments_open,
        picks: Vec::new(),
        corrections,
    }
}
