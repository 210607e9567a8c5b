//! The audit trail: who decided what, on which comment or story, and when, newest first (the
//! same lines `okur comments list` prints).

use leptos::either::Either;
use leptos::prelude::*;
use okur_types::moderation::Decision;

use crate::api;
use crate::state::use_shared;
use crate::texts::{short_time, Texts};

/// What a line was about: a comment (and its story), or a story.
pub fn subject(decision: &Decision, t: &Texts) -> String {
    match (decision.comment_id, &decision.article) {
        (Some(id), Some(slug)) => format!("{} ({slug})", (t.comment_no)(id)),
        (Some(id), None) => (t.comment_no)(id),
        (None, Some(slug)) => slug.clone(),
        (None, None) => String::new(),
    }
}

/// The latest decisions as a table.
#[component]
pub fn AuditTrail() -> impl IntoView {
    let shared = use_shared();
    let lines = LocalResource::new(api::log);
    shared.watch_session(lines);
    view! {
        <section aria-labelledby="log-heading">
            <h2 id="log-heading">{move || shared.texts().log}</h2>
            <Transition fallback=move || view! { <p>{shared.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match lines.await {
                        Ok(lines) if lines.is_empty() => {
                            Either::Left(view! { <p>{shared.texts().none_logged}</p> }.into_any())
                        }
                        Ok(lines) => Either::Right(view! { <Lines lines /> }),
                        Err(_) => Either::Left(view! { <p role="alert">{shared.texts().failed}</p> }.into_any()),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The table.
#[component]
fn Lines(
    /// The decisions, newest first.
    lines: Vec<Decision>,
) -> impl IntoView {
    let shared = use_shared();
    view! {
        <table class="log" data-testid="audit-trail">
            <thead>
                <tr>
                    <th scope="col">{move || shared.texts().when}</th>
                    <th scope="col">{move || shared.texts().who}</th>
                    <th scope="col">{move || shared.texts().what}</th>
                    <th scope="col">{move || shared.texts().on}</th>
                </tr>
            </thead>
            <tbody>
                {lines
                    .into_iter()
                    .map(|line| {
                        let action = line.action;
                        let on = subject(&line, shared.texts());
                        view! {
                            <tr data-testid="audit-line">
                                <td><time datetime=line.at.clone()>{short_time(&line.at)}</time></td>
                                <td>{line.moderator}</td>
                                <td>{move || (shared.texts().action)(action)}</td>
                                <td>{on}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use okur_types::moderation::Action;

    #[test]
    fn lines_name_their_subject() {
        let line = |comment_id, article: Option<&str>| Decision {
            moderator: "ayse".into(),
            action: Action::Approve,
            comment_id,
            article: article.map(str::to_owned),
            at: "2025-12-13T09:30:00Z".into(),
        };
        let t = crate::texts::texts(okur_web::i18n::Locale::En);
        assert_eq!(subject(&line(Some(4), Some("liman")), t), "Comment 4 (liman)");
        assert_eq!(subject(&line(None, Some("liman")), t), "liman");
        assert_eq!(subject(&line(Some(4), None), t), "Comment 4");
    }
}
