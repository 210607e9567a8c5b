//! The "Bir Yorum Yazın" form: fields checked as the reader types with the shared rules, a
//! draft kept in localStorage until the server accepts it, one post per press.

use leptos::prelude::*;
use okur_types::comments::{CommentPosted, CommentStatus};

use crate::api::{self, ApiError};
use crate::components::comments::thread::Thread;
use crate::form_logic::{counter, draft_key, field_messages, Draft, COMMENTER_KEY};
use crate::i18n::{use_texts, CommentTexts};
use crate::storage::local_storage as storage;

/// NFC, as the server stores text: the browser's `String.prototype.normalize`.
fn nfc(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(text).normalize("NFC"))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.to_owned()
    }
}

/// The draft for this article, with a remembered name and email filled in.
fn load_draft(key: &str) -> Draft {
    let read = |k: &str| storage().and_then(|s| s.get_item(k).ok().flatten()).map(|t| Draft::from_stored(&t));
    let mut draft = read(key).unwrap_or_default();
    if draft.name.is_empty() && draft.email.is_empty() {
        if let Some(known) = read(COMMENTER_KEY) {
            draft.name = known.name;
            draft.email = known.email;
            draft.remember = known.remember;
        }
    }
    draft
}

/// What went wrong with a post, for the reader.
fn post_error(error: &ApiError, t: &CommentTexts) -> String {
    match error {
        ApiError::Network(_) => t.network.into(),
        ApiError::NotFound => t.parent_gone.into(),
        ApiError::Server { code, retry_after, .. } => match code.as_str() {
            "invalid" => t.invalid.into(),
            "duplicate" => t.duplicate.into(),
            "comments_closed" => t.closed_now.into(),
            "rate_limited" => (t.rate_limited)(retry_after.unwrap_or(60)),
            _ => t.failed.into(),
        },
        ApiError::Decode(_) => t.failed.into(),
    }
}

/// The form. Field ids are fixed (one form per page).
#[component]
pub fn CommentForm(
    /// The section it posts into.
    thread: Thread,
) -> impl IntoView {
    let t = &use_texts().comments;
    let key = draft_key(&thread.slug.get_value());
    // Empty as the server rendered it; the stored draft is filled in once the page is live.
    let draft = RwSignal::new(Draft::default());
    let live = RwSignal::new(false);
    // Which fields show their messages: after the reader typed there, or tried to send.
    let touched = RwSignal::new([false; 3]);
    let server_fields = RwSignal::new([None::<String>, None, None]);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<&'static str>);
    let honeypot = NodeRef::<leptos::html::Input>::new();

    // Every change is saved, so a reload or a failed post loses nothing.
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            let stored = load_draft(&key);
            thread.reply_to.set(stored.parent_id);
            draft.set(stored);
            live.set(true);
        }
        let current = draft.get();
        if let Some(storage) = storage() {
            let _ = if current.text.is_empty() && current.parent_id.is_none() {
                storage.remove_item(&key)
            } else {
                storage.set_item(&key, &current.to_stored())
            };
        }
    });
    // The reply buttons set the target; the draft keeps it.
    Effect::new(move |_| {
        let target = thread.reply_to.get();
        draft.update(|d| d.parent_id = target);
    });

    let messages = Memo::new(move |_| draft.with(|d| field_messages(d, nfc, t)));
    let shown = move |i: usize| {
        if touched.get()[i] {
            messages.get()[i].clone().or_else(|| server_fields.get()[i].clone())
        } else {
            None
        }
    };

    let post = Action::new_local(move |request: &okur_types::comments::NewComment| {
        let request = request.clone();
        async move { api::post_comment(&thread.slug.get_value(), &request).await }
    });
    let pending = post.pending();
    Effect::new(move |_| {
        let Some(result) = post.value().get() else {
            return;
        };
        match result {
            Ok(CommentPosted { comment, status }) => {
                error.set(None);
                server_fields.set([None, None, None]);
                touched.set([false; 3]);
                let posted = draft.get_untracked();
                if let Some(storage) = storage() {
                    let _ = if posted.remember {
                        storage.set_item(COMMENTER_KEY, &posted.after_posting().to_stored())
                    } else {
                        storage.remove_item(COMMENTER_KEY)
                    };
                }
                draft.set(posted.after_posting());
                thread.reply_to.set(None);
                if status == CommentStatus::Published {
                    notice.set(Some(t.published));
                    thread.insert_posted(comment);
                } else {
                    notice.set(Some(t.held));
                }
            }
            Err(failure) => {
                notice.set(None);
                if let ApiError::Server { fields, .. } = &failure {
                    let field = |name: &str| fields.iter().find(|(field, _)| field == name).map(|(_, m)| m.clone());
                    server_fields.set([field("author_name"), field("author_email"), field("body")]);
                }
                error.set(Some(post_error(&failure, t)));
            }
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        touched.set([true; 3]);
        server_fields.set([None, None, None]);
        if messages.get_untracked().iter().any(Option::is_some) {
            error.set(Some(t.fix_fields.into()));
            return;
        }
        let trap = honeypot.get_untracked().map(|input| input.value()).unwrap_or_default();
        post.dispatch_local(draft.get_untracked().to_request(&trap, nfc));
    };

    let reply_name = move || {
        let id = draft.with(|d| d.parent_id)?;
        Some(
            thread
                .items
                .with(|items| items.iter().find(|c| c.id == id).map(|c| c.author_name.clone()))
                .unwrap_or_default(),
        )
    };

    view! {
        <form class="comment-form" data-testid="comment-form" novalidate on:submit=submit aria-labelledby="comment-form-heading">
            <h3 id="comment-form-heading">{t.write}</h3>
            // Until the app is live (never, with JavaScript off) the form cannot post: say so.
            {move || (!live.get()).then(|| view! {
                <p class="comment-form__offline" data-testid="comment-needs-js">{t.needs_js}</p>
            })}
            {move || reply_name().map(|name| view! {
                <p class="comment-form__reply" data-testid="comment-reply-target">
                    {t.replying_to} " " <strong>{name}</strong> " "
                    <button type="button" class="link-button" on:click=move |_| thread.reply_to.set(None)>{t.cancel_reply}</button>
                </p>
            })}
            <div class="field">
                <label for="comment-name">{t.name}</label>
                <input
                    id="comment-name"
                    name="author_name"
                    data-testid="comment-name"
                    readonly=move || !live.get()
                    autocomplete="name"
                    maxlength="200"
                    prop:value=move || draft.with(|d| d.name.clone())
                    on:input:target=move |ev| {
                        draft.update(|d| d.name = ev.target().value());
                        touched.update(|t| t[0] = true);
                    }
                    aria-invalid=move || shown(0).is_some().to_string()
                    aria-describedby="comment-name-error"
                />
                <p class="field__error" id="comment-name-error" data-testid="comment-name-error">{move || shown(0)}</p>
            </div>
            <div class="field">
                <label for="comment-email">{t.email}</label>
                <input
                    id="comment-email"
                    name="author_email"
                    type="email"
                    data-testid="comment-email"
                    readonly=move || !live.get()
                    autocomplete="email"
                    prop:value=move || draft.with(|d| d.email.clone())
                    on:input:target=move |ev| {
                        draft.update(|d| d.email = ev.target().value());
                        touched.update(|t| t[1] = true);
                    }
                    aria-invalid=move || shown(1).is_some().to_string()
                    aria-describedby="comment-email-hint comment-email-error"
                />
                <p class="field__hint" id="comment-email-hint">{t.email_note}</p>
                <p class="field__error" id="comment-email-error" data-testid="comment-email-error">{move || shown(1)}</p>
            </div>
            <div class="field">
                <label for="comment-text">{t.text}</label>
                <textarea
                    id="comment-text"
                    name="body"
                    rows="5"
                    data-testid="comment-text"
                    readonly=move || !live.get()
                    prop:value=move || draft.with(|d| d.text.clone())
                    on:input:target=move |ev| {
                        draft.update(|d| d.text = ev.target().value());
                        touched.update(|t| t[2] = true);
                    }
                    aria-invalid=move || shown(2).is_some().to_string()
                    aria-describedby="comment-text-counter comment-text-error"
                ></textarea>
                <p class="field__hint" id="comment-text-counter" data-testid="comment-counter">
                    {move || draft.with(|d| counter(&d.text))}
                </p>
                <p class="field__error" id="comment-text-error" data-testid="comment-text-error">{move || shown(2)}</p>
            </div>
            // For bots only: people never see or reach this field.
            <div class="hp" aria-hidden="true">
                <label>{t.website} <input name="website" tabindex="-1" autocomplete="off" node_ref=honeypot /></label>
            </div>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="comment-remember"
                    disabled=move || !live.get()
                    prop:checked=move || draft.with(|d| d.remember)
                    on:change:target=move |ev| draft.update(|d| d.remember = ev.target().checked())
                />
                " " {t.remember}
            </label>
            <p class="comment-form__error" role="alert" data-testid="comment-error">{move || error.get()}</p>
            <p class="comment-form__notice" role="status" data-testid="comment-notice">{move || notice.get()}</p>
            <button type="submit" class="button" data-testid="comment-submit" disabled=move || pending.get() || !live.get()>
                {move || if pending.get() { t.sending } else { t.submit }}
            </button>
        </form>
    }
}
