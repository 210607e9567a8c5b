//! The JSON API under `/api`: each resource's routes from its own module, the documented ones
//! with their OpenAPI description (from the handlers' own annotations: a route and its
//! documentation cannot part).

pub mod articles;
pub mod bounds;
pub mod browse;
pub mod comments;
pub mod desk;
pub mod edits;
pub mod images;
pub mod live;
pub mod moderation;
pub mod posting;
pub mod reports;
pub mod site;
pub mod staff;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn, map_response, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::http::cache::Caching;
use crate::http::error::AppError;
use crate::http::state::AppState;

/// The documented routes: the site, the articles and the comments.
fn documented(caching: &Caching) -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(site::routes())
        .merge(articles::routes(caching))
        .merge(browse::routes(caching))
        .merge(comments::routes(caching))
        .merge(desk::routes().layer(DefaultBodyLimit::max(desk::BODY_LIMIT)).layer(map_response(never_kept)))
        .merge(images::routes().layer(map_response(never_kept)))
}

/// Everything under `/api`, with its JSON 404 and 405.
pub fn routes(caching: &Caching) -> Router<AppState> {
    let (api, _) = documented(caching).split_for_parts();
    api.merge(live::routes())
        .nest("/moderation", moderation::routes().layer(map_response(never_kept)))
        .nest("/staff", staff::routes().layer(map_response(never_kept)))
        .layer(DefaultBodyLimit::max(posting::BODY_LIMIT))
        .route("/openapi.json", get(openapi_json))
        .fallback(|| async { AppError::NotFound("There is no such API endpoint.".into()) })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(from_fn(how_to_keep))
}

/// The staff's answers (moderation, accounts, the desk) are theirs alone: no browser or proxy keeps them.
async fn never_kept(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Every JSON answer says how it may be kept, unless its handler said: a read may be kept but
/// is asked about again each time (its ETag makes that a 304), anything else is not kept.
async fn how_to_keep(request: Request, next: Next) -> Response {
    let read = matches!(*request.method(), Method::GET | Method::HEAD);
    let mut response = next.run(request).await;
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        let kept = read && matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED);
        let value = if kept { "no-cache" } else { "no-store" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// The document's title and description; the operations come from [`documented`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "okur API",
        description = "okur's JSON API v1: articles, and the comments readers write under them. \
                       Every error is `{\"error\": {\"code\", \"message\", \"fields\"?}}`.",
        license(name = "MIT"),
    ),
    components(schemas(okur_types::comments::CommentOrder)),
    modifiers(&BearerToken),
    tags(
        (name = "site", description = "The server itself."),
        (name = "articles", description = "Published articles."),
        (name = "browse", description = "Sections, authors, search, the front page and the stories an article ends with."),
        (name = "comments", description = "Readers' comments, in threads."),
        (name = "desk", description = "The newsroom's stories in every state, for editors and admins: a signed-in \
            session, or a publishing tool's token (`okur staff token NAME`) as `Authorization: Bearer`."),
    ),
)]
struct ApiDoc;

/// The desk's security scheme: a staff account's token, `Authorization: Bearer okur_…`.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The OpenAPI 3.1 document of the JSON API, its paths as the server answers them (`/api/…`).
pub fn openapi() -> serde_json::Value {
    let (_, mut doc) = documented(&Caching::off()).split_for_parts();
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths.into_iter().map(|(path, item)| (format!("/api{path}"), item)).collect();
    let mut json = serde_json::to_value(&doc).unwrap_or_default();
    camel_case_links(&mut json);
    bounds::state(&mut json);
    json
}

/// utoipa 5.5 writes a link's fields in snake case (`operation_id`); OpenAPI spells them
/// `operationId`, `operationRef` and `requestBody`, and tools ignore the others.
fn camel_case_links(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::Object(links)) = object.get_mut("links") {
                for link in links.values_mut().filter_map(serde_json::Value::as_object_mut) {
                    for (from, to) in [
                        ("operation_id", "operationId"),
                        ("operation_ref", "operationRef"),
                        ("request_body", "requestBody"),
                    ] {
                        if let Some(field) = link.remove(from) {
                            link.insert(to.to_owned(), field);
                        }
                    }
                }
            }
            object.values_mut().for_each(camel_case_links);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(camel_case_links),
        _ => {}
    }
}

/// `GET /api/openapi.json`: the document, built once.
async fn openapi_json() -> Response {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let json = DOCUMENT.get_or_init(|| openapi().to_string());
    ([(header::CONTENT_TYPE, "application/json")], json.as_str()).into_response()
}
