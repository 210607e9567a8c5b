//! The "Bir Yorum Yazın" form: fields checked as the reader types with the shared rules, a
//! draft kept in localStorage until the server accepts it, one post per press.
//!
//! The form is HTML text ([`form_html`], in [`super::form_markup`]) with one handler per kind of event and one Effect that
//! writes the state onto it, as the reading controls are: as views, its fields and their
//! reactive attributes cost 24.9 KB br of wasm, a sixth of the article view; as text, 7.5 KB
//! less (docs/architecture.md, Size).

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use okur_types::comments::{CommentPosted, CommentStatus, NewComment, NotifyReplies};

use crate::api::{self, ApiError};
use crate::components::comments::form_markup::{form_html, property, show, State, FIELDS};
use crate::components::comments::thread::{now_ms, Change, Thread};
use crate::form_logic::{draft_key, field_messages, Draft, Own, COMMENTER_KEY};
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
        _ if refused_change(error) => t.edit_closed.into(),
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

/// Whether the server refused a change of one's own comment for good: its time is over, the
/// token is not its (any more), or the comment is gone.
fn refused_change(error: &ApiError) -> bool {
    matches!(error, ApiError::Server { code, .. } if code == "edit_window_closed" || code == "edit_token_invalid")
}

/// The form. Its markup is [`form_html`]; what changes is written by [`show`].
#[component]
pub fn CommentForm(
    /// The section it posts into.
    thread: Thread,
) -> impl IntoView {
    let t = &use_texts().comments;
    let key = draft_key(&thread.slug.get_value());
    // Where the draft waits while the reader edits their own comment.
    let stash = StoredValue::new(format!("{key}.stash"));
    // Empty as the server rendered it; the stored draft is filled in once the page is live.
    let draft = RwSignal::new(Draft::default());
    let live = RwSignal::new(false);
    // Which fields show their messages: after the reader typed there, or tried to send.
    let touched = RwSignal::new([false; 3]);
    let server_fields = RwSignal::new([None::<String>, None, None]);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<&'static str>);
    let form = NodeRef::<leptos::html::Form>::new();

    // Every change is saved, so a reload or a failed post loses nothing.
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            let stored = load_draft(&key);
            thread.reply_to.set(stored.parent_id);
            draft.set(stored);
            thread.load_mine();
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

    // A post, or the reader's change of their own comment (with its token): an edit when there
    // is a text, a withdrawal when there is none.
    let post = Action::new_local(move |(request, own): &(Option<NewComment>, Option<(i64, String)>)| {
        let (request, own) = (request.clone(), own.clone());
        async move {
            let slug = thread.slug.get_value();
            match (own, request) {
                (Some((id, token)), request) => {
                    api::change_comment(&slug, id, &token, request.as_ref()).await.map(|answer| (Some(id), answer))
                }
                (None, Some(request)) => api::post_comment(&slug, &request).await.map(|posted| (None, Some(posted))),
                (None, None) => Ok((None, None)),
            }
        }
    });
    let pending = post.pending();
    // Back from editing: the draft the reader had before (kept in storage meanwhile), with the
    // name and address as they are now.
    let leave_edit = move || {
        let current = draft.get_untracked();
        let kept = storage().and_then(|s| {
            let kept = s.get_item(&stash.get_value()).ok().flatten();
            let _ = s.remove_item(&stash.get_value());
            kept
        });
        let kept = kept.map(|k| Draft::from_stored(&k)).unwrap_or_default();
        draft.set(Draft {
            name: current.name,
            email: current.email,
            remember: current.remember,
            notify: current.notify,
            ..kept
        });
    };
    Effect::new(move |_| {
        let Some(result) = post.value().get() else {
            return;
        };
        match result {
            // A new comment: its token is kept for the window (the server's span, on this clock).
            Ok((None, Some(CommentPosted { comment, status, edit_token, editable_until, notify_replies }))) => {
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
                if let (Some(token), Some(until)) = (edit_token, editable_until) {
                    let span = (js_sys::Date::parse(&until) - js_sys::Date::parse(&comment.created_at)) as i64;
                    if span > 0 {
                        thread.set_mine(|mine| mine.push(Own { id: comment.id, token, until: now_ms() + span }));
                    }
                }
                let confirm = notify_replies.is_some_and(|n| n != NotifyReplies::Active);
                if status == CommentStatus::Published {
                    notice.set(Some(if confirm { t.confirm_mail } else { t.published }));
                    thread.insert_posted(comment);
                } else {
                    notice.set(Some(t.held));
                }
            }
            // An edit: shown where it is, or gone while held.
            Ok((Some(id), Some(CommentPosted { comment, status, .. }))) => {
                error.set(None);
                touched.set([false; 3]);
                if status == CommentStatus::Published {
                    thread.arrived(comment);
                    notice.set(Some(t.edit_saved));
                } else {
                    thread.gone(id);
                    notice.set(Some(t.edit_held));
                }
                leave_edit();
            }
            // A withdrawal.
            Ok((Some(id), None)) => {
                error.set(None);
                thread.gone(id);
                notice.set(Some(t.withdrawn));
                if draft.get_untracked().edit == Some(id) {
                    leave_edit();
                }
            }
            Ok((None, None)) => {}
            Err(failure) => {
                notice.set(None);
                if refused_change(&failure) {
                    // Nothing more this browser may change there: the text stays, as a new draft.
                    let id = draft.get_untracked().edit;
                    thread.set_mine(|mine| mine.retain(|o| Some(o.id) != id));
                    draft.update(|d| d.edit = None);
                }
                if let ApiError::Server { fields, .. } = &failure {
                    let field = |name: &str| fields.iter().find(|(field, _)| field == name).map(|(_, m)| m.clone());
                    server_fields.set(FIELDS.map(field));
                }
                error.set(Some(post_error(&failure, t)));
            }
        }
    });

    // Edit or withdraw, as asked from the list.
    let change = Callback::new(move |change: Change| match change {
        Change::Edit(id) => {
            let Some(comment) = thread.items.with_untracked(|items| items.iter().find(|c| c.id == id).cloned()) else {
                return;
            };
            let current = draft.get_untracked();
            if current.edit.is_none() && !current.text.is_empty() {
                if let Some(storage) = storage() {
                    let _ = storage.set_item(&stash.get_value(), &current.to_stored());
                }
            }
            thread.reply_to.set(None);
            draft.set(current.editing(id, &comment.author_name, &comment.body));
            touched.set([false; 3]);
            error.set(None);
            notice.set(None);
            focus_text();
        }
        Change::Withdraw(id) => {
            let sure = window().confirm_with_message(t.withdraw_confirm).unwrap_or(false);
            let token = thread.mine.with_untracked(|mine| mine.iter().find(|o| o.id == id).map(|o| o.token.clone()));
            if let (true, Some(token), false) = (sure, token, pending.get_untracked()) {
                post.dispatch_local((None, Some((id, token))));
            }
        }
    });
    thread.on_change.set_value(Some(change));

    Effect::new(move |_| {
        let touched = touched.get();
        let from_server = server_fields.get();
        let rules = messages.get();
        let messages =
            std::array::from_fn(|i| touched[i].then(|| rules[i].clone().or_else(|| from_server[i].clone())).flatten());
        let draft = draft.get();
        let reply = draft.parent_id.filter(|_| draft.edit.is_none()).map(|id| {
            thread
                .items
                .with(|items| items.iter().find(|c| c.id == id).map(|c| c.author_name.clone()))
                .unwrap_or_default()
        });
        let state = State {
            live: live.get(),
            pending: pending.get(),
            editing: draft.edit.is_some(),
            draft,
            messages,
            reply,
            error: error.get(),
            notice: notice.get(),
        };
        if let Some(form) = form.get() {
            show(&form, &state, t);
        }
    });

    // One handler for every field: which one is in its `name`.
    let input = move |event: web_sys::Event| {
        let Some(field) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        let name = field.get_attribute("name").unwrap_or_default();
        if name == "remember" || name == "notify_replies" {
            let checked = property(&field, "checked").as_bool().unwrap_or(false);
            draft.update(|d| *if name == "remember" { &mut d.remember } else { &mut d.notify } = checked);
        } else if let Some(i) = FIELDS.iter().position(|f| *f == name) {
            let value = property(&field, "value").as_string().unwrap_or_default();
            draft.update(|d| *d.field_mut(i) = value);
            touched.update(|t| t[i] = true);
        }
    };
    let click = move |event: web_sys::MouseEvent| {
        let act = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-act]").ok().flatten())
            .and_then(|e| e.get_attribute("data-act"));
        match act.as_deref() {
            Some("cancel-reply") => thread.reply_to.set(None),
            Some("cancel-edit") => leave_edit(),
            _ => {}
        }
    };
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
        let trap = form
            .get_untracked()
            .and_then(|f| f.query_selector("[name=website]").ok().flatten())
            .and_then(|trap| property(&trap, "value").as_string())
            .unwrap_or_default();
        let current = draft.get_untracked();
        let own = current.edit.map(|id| {
            let token = thread.mine.with_untracked(|mine| mine.iter().find(|o| o.id == id).map(|o| o.token.clone()));
            (id, token)
        });
        match own {
            Some((id, Some(token))) => {
                post.dispatch_local((Some(current.to_request(&trap, nfc)), Some((id, token))));
            }
            // Its time is over here already: the text stays, as a new draft.
            Some((_, None)) => {
                draft.update(|d| d.edit = None);
                error.set(Some(t.edit_closed.into()));
            }
            None => {
                post.dispatch_local((Some(current.to_request(&trap, nfc)), None));
            }
        }
    };

    view! {
        <form
            class="comment-form"
            data-testid="comment-form"
            novalidate
            aria-labelledby="comment-form-heading"
            node_ref=form
            on:input=input
            on:click=click
            on:submit=submit
            inner_html=form_html(t)
        />
    }
}

/// Puts the focus in the text field (after a reply or edit button).
pub fn focus_text() {
    if let Some(text) = document().get_element_by_id("comment-text") {
        if let Ok(text) = text.dyn_into::<web_sys::HtmlElement>() {
            let _ = text.focus();
        }
    }
}
