//! The pages the links in emails open: a confirmation (a GET confirms, as the email says), and
//! a stop whose page asks first (link scanners follow GETs; the button POSTs). A mail client's
//! one-click unsubscribe (RFC 8058) POSTs to the same address directly. The token is the only
//! credential: these pages are never cached, and never send it on as a referrer.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use okur_web::format::escape_html as e;
use okur_web::i18n::Locale;

use crate::auth::token_hash;
use crate::http::error::AppError;
use crate::http::extract::Params;
use crate::http::state::AppState;
use crate::store::{TokenPurpose, TokenUse};

/// What a page says: its heading, its text, and a button when it asks first.
struct Said {
    heading: &'static str,
    text: String,
    button: Option<&'static str>,
}

/// What a link's page says, in its language.
fn said(found: Option<&TokenUse>, done: bool) -> (Locale, Said) {
    let Some(found) = found else {
        let text =
            "Bu bağlantı geçerli değil ya da artık kullanılmıyor. / This link is not valid, or no longer in use.";
        return (Locale::Tr, Said { heading: "Bağlantı geçersiz / Link not valid", text: text.into(), button: None });
    };
    let tr = found.locale == Locale::Tr;
    let title = found.article.as_ref().map(|(_, title)| title.as_str()).unwrap_or_default();
    // A confirmation without an article is a moderator's, for held comments.
    let moderator = found.article.is_none();
    let said = match (found.purpose, done, tr) {
        (TokenPurpose::Confirm, _, true) => Said {
            heading: "E-posta adresiniz onaylandı",
            text: if moderator {
                "Onay bekleyen yorumlar birkaç dakikada bir, tek e-postada size gelecek. Her e-postadaki bağlantıyla bunu istediğiniz an durdurabilirsiniz."
            } else {
                "Yorumunuza yanıt geldiğinde size e-posta göndereceğiz. Her e-postadaki bağlantıyla bunu istediğiniz an durdurabilirsiniz."
            }
            .into(),
            button: None,
        },
        (TokenPurpose::Confirm, _, false) => Said {
            heading: "Your email address is confirmed",
            text: if moderator {
                "Comments awaiting approval will come every few minutes, in one email. Every email has a link to stop this at any time."
            } else {
                "We will email you when someone replies to your comment. Every email has a link to stop this at any time."
            }
            .into(),
            button: None,
        },
        (TokenPurpose::StopReplies, false, true) => Said {
            heading: "Yanıt e-postalarını durdurun",
            text: format!("\"{title}\" haberindeki yorumunuzun yanıtları artık e-postayla gelmesin mi?"),
            button: Some("Durdur"),
        },
        (TokenPurpose::StopReplies, false, false) => Said {
            heading: "Stop reply emails",
            text: format!("Stop emails of replies to your comment on \"{title}\"?"),
            button: Some("Stop"),
        },
        (TokenPurpose::StopReplies, true, true) => Said {
            heading: "Durduruldu",
            text: format!("\"{title}\" haberindeki yorumunuzun yanıtları artık e-postayla gelmeyecek."),
            button: None,
        },
        (TokenPurpose::StopReplies, true, false) => Said {
            heading: "Stopped",
            text: format!("Replies to your comment on \"{title}\" will no longer be emailed."),
            button: None,
        },
        (_, false, true) => Said {
            heading: "Bütün e-postaları durdurun",
            text: "Bu siteden bu adrese artık hiç e-posta gönderilmesin mi?".into(),
            button: Some("Hepsini durdur"),
        },
        (_, false, false) => Said {
            heading: "Stop every email",
            text: "Stop every email from this site to this address?".into(),
            button: Some("Stop them all"),
        },
        (_, true, true) => Said {
            heading: "Durduruldu",
            text: "Bu siteden bu adrese artık e-posta gönderilmeyecek. Bir yorumda yeniden isterseniz önce onay e-postası gelir.".into(),
            button: None,
        },
        (_, true, false) => Said {
            heading: "Stopped",
            text: "This site will send no more email to this address. Asking again with a comment sends a confirmation first.".into(),
            button: None,
        },
    };
    (found.locale, said)
}

/// The page: the site's style sheet, no script, a way back to the site or the article.
async fn page(state: &AppState, status: StatusCode, found: Option<&TokenUse>, done: bool) -> Response {
    let (locale, said) = said(found, done);
    let style = state.templates.get(&state.dist).await;
    let style = style.as_ref().and_then(|t| t.style_link()).unwrap_or_default();
    let form = said
        .button
        .map(|button| format!(r#"<form method="post"><button type="submit" class="button" data-testid="mail-stop">{}</button></form>"#, e(button)))
        .unwrap_or_default();
    let back = match found.and_then(|f| f.article.as_ref()) {
        Some((slug, title)) => format!(r#"<a href="/articles/{}">{}</a>"#, e(slug), e(title)),
        None => r#"<a href="/">okur</a>"#.to_owned(),
    };
    let html = format!(
        r#"<!doctype html><html lang="{lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">{style}<title>{heading} — okur</title><main class="page mail-page" id="main"><h1 data-testid="mail-heading">{heading}</h1><p data-testid="mail-text">{text}</p>{form}<p>{back}</p></main></html>"#,
        lang = locale.code(),
        heading = e(said.heading),
        text = e(&said.text),
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        html,
    )
        .into_response()
}

/// The status of a link's page: 404 when the token is unknown.
fn status_of(found: Option<&TokenUse>) -> StatusCode {
    if found.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    }
}

/// `GET /mail/confirm/{token}`: confirms the address and says so.
pub async fn confirm(State(state): State<AppState>, Params(token): Params<String>) -> Result<Response, AppError> {
    let found = state.store.confirm_address(&token_hash(&token)).await?;
    Ok(page(&state, status_of(found.as_ref()), found.as_ref(), true).await)
}

/// `GET /mail/stop/{token}`: says what the link stops, with the button that does it.
pub async fn stop_page(State(state): State<AppState>, Params(token): Params<String>) -> Result<Response, AppError> {
    let found = state.store.mail_token(&token_hash(&token)).await?;
    Ok(page(&state, status_of(found.as_ref()), found.as_ref(), false).await)
}

/// `POST /mail/stop/{token}`: stops (the page's button, or a mail client's one-click
/// unsubscribe, whatever its body) and says so.
pub async fn stop(State(state): State<AppState>, Params(token): Params<String>) -> Result<Response, AppError> {
    let found = state.store.stop_mail(&token_hash(&token)).await?;
    Ok(page(&state, status_of(found.as_ref()), found.as_ref(), true).await)
}
