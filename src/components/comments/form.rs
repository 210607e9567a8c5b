//! The "Bir Yorum Yazın" form: fields checked as the reader types with the shared rules, a
//! draft kept in localStorage until the server accepts it, one post per press.
//!
//! The form is HTML text ([`form_html`]) with one handler per kind of event and one Effect that
//! writes the state onto it, as the reading controls are: as views, its fields and their
//! reactive attributes cost 24.9 KB br of wasm, a sixth of the article view; as text, 7.5 KB
//! less (docs/architecture.md, Size).

use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use okur_types::comments::{CommentPosted, CommentStatus};

use crate::api::{self, ApiError};
use crate::components::comments::thread::Thread;
use crate::form_logic::{counter, draft_key, field_messages, Draft, COMMENTER_KEY};
use crate::format::escape_html;
use crate::i18n::{use_texts, CommentTexts};
use crate::storage::local_storage as storage;

/// The fields' `name`s, in [`Draft::field`]'s order (the API's names).
const FIELDS: [&str; 3] = ["author_name", "author_email", "body"];
/// The fields' test ids and element ids (`comment-…`), in the same order.
const IDS: [&str; 3] = ["name", "email", "text"];

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

/// The form's inside as the server sends it: read-only until the app is live (never, with
/// JavaScript off), and saying so; the reply target hidden; every message empty. Field ids are
/// fixed (one form per page). Every text is escaped.
pub fn form_html(t: &CommentTexts) -> String {
    let e = escape_html;
    let field = |id: &str, label: &str, control: String, hint: &str| {
        format!(
            "<div class=\"field\"><label for=\"comment-{id}\">{}</label>{control}{hint}<p class=\"field__error\" id=\"comment-{id}-error\" data-testid=\"comment-{id}-error\"></p></div>",
            e(label)
        )
    };
    let common = |id: &str, name: &str, described: &str| {
        format!("id=\"comment-{id}\" name=\"{name}\" data-testid=\"comment-{id}\" readonly aria-invalid=\"false\" aria-describedby=\"{described}comment-{id}-error\"")
    };
    [
        format!("<h3 id=\"comment-form-heading\">{}</h3>", e(t.write)),
        format!("<p class=\"comment-form__offline\" data-testid=\"comment-needs-js\">{}</p>", e(t.needs_js)),
        format!(
            "<p class=\"comment-form__reply\" data-testid=\"comment-reply-target\" hidden>{} <strong></strong> <button type=\"button\" class=\"link-button\" data-act=\"cancel-reply\">{}</button></p>",
            e(t.replying_to),
            e(t.cancel_reply)
        ),
        field("name", t.name, format!("<input {} autocomplete=\"name\" maxlength=\"200\">", common("name", FIELDS[0], "")), ""),
        field(
            "email",
            t.email,
            format!("<input {} type=\"email\" autocomplete=\"email\">", common("email", FIELDS[1], "comment-email-hint ")),
            &format!("<p class=\"field__hint\" id=\"comment-email-hint\">{}</p>", e(t.email_note)),
        ),
        field(
            "text",
            t.text,
            format!("<textarea {} rows=\"5\"></textarea>", common("text", FIELDS[2], "comment-text-counter ")),
            &format!("<p class=\"field__hint\" id=\"comment-text-counter\" data-testid=\"comment-counter\">{}</p>", counter("")),
        ),
        // For bots only: people never see or reach this field.
        format!(
            "<div class=\"hp\" aria-hidden=\"true\"><label>{} <input name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></label></div>",
            e(t.website)
        ),
        format!(
            "<label class=\"check\"><input type=\"checkbox\" name=\"remember\" data-testid=\"comment-remember\" disabled> {}</label>",
            e(t.remember)
        ),
        "<p class=\"comment-form__error\" role=\"alert\" data-testid=\"comment-error\"></p>".to_owned(),
        "<p class=\"comment-form__notice\" role=\"status\" data-testid=\"comment-notice\"></p>".to_owned(),
        format!("<button type=\"submit\" class=\"button\" data-testid=\"comment-submit\" disabled>{}</button>", e(t.submit)),
    ]
    .concat()
}

/// What the form shows, gathered by the Effect that writes it onto the markup.
struct State {
    live: bool,
    pending: bool,
    draft: Draft,
    /// Each field's message, once the reader typed there or tried to send.
    messages: [Option<String>; 3],
    /// The name of the comment being answered.
    reply: Option<String>,
    error: Option<String>,
    notice: Option<&'static str>,
}

/// The form. Its markup is [`form_html`]; what changes is written by [`show`].
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
    let form = NodeRef::<leptos::html::Form>::new();

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
                    server_fields.set(FIELDS.map(field));
                }
                error.set(Some(post_error(&failure, t)));
            }
        }
    });

    Effect::new(move |_| {
        let touched = touched.get();
        let from_server = server_fields.get();
        let rules = messages.get();
        let messages =
            std::array::from_fn(|i| touched[i].then(|| rules[i].clone().or_else(|| from_server[i].clone())).flatten());
        let draft = draft.get();
        let reply = draft.parent_id.map(|id| {
            thread
                .items
                .with(|items| items.iter().find(|c| c.id == id).map(|c| c.author_name.clone()))
                .unwrap_or_default()
        });
        let state = State {
            live: live.get(),
            pending: pending.get(),
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
        if name == "remember" {
            let checked = property(&field, "checked").as_bool().unwrap_or(false);
            draft.update(|d| d.remember = checked);
        } else if let Some(i) = FIELDS.iter().position(|f| *f == name) {
            let value = property(&field, "value").as_string().unwrap_or_default();
            draft.update(|d| *d.field_mut(i) = value);
            touched.update(|t| t[i] = true);
        }
    };
    let click = move |event: web_sys::MouseEvent| {
        let cancel = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-act=cancel-reply]").ok().flatten());
        if cancel.is_some() {
            thread.reply_to.set(None);
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
        post.dispatch_local(draft.get_untracked().to_request(&trap, nfc));
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

/// A DOM property (`value`, `checked`), read the same way from every kind of field.
fn property(element: &web_sys::Element, name: &str) -> JsValue {
    js_sys::Reflect::get(element, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Writes the state onto the form's markup, touching only what differs: a field the reader is
/// typing in keeps its caret, and a message is not announced again.
fn show(form: &web_sys::Element, state: &State, t: &CommentTexts) {
    let find = |testid: &str| form.query_selector(&format!("[data-testid=comment-{testid}]")).ok().flatten();
    let text = |testid: &str, value: &str| {
        if let Some(element) = find(testid) {
            if element.text_content().as_deref() != Some(value) {
                element.set_text_content(Some(value));
            }
        }
    };
    let flag = |element: &web_sys::Element, name: &str, on: bool| {
        let _ = if on { element.set_attribute(name, "") } else { element.remove_attribute(name) };
    };
    let set = |element: &web_sys::Element, name: &str, value: JsValue| {
        if property(element, name) != value {
            let _ = js_sys::Reflect::set(element, &JsValue::from_str(name), &value);
        }
    };
    for (i, id) in IDS.iter().enumerate() {
        let Some(field) = find(id) else { continue };
        flag(&field, "readonly", !state.live);
        if state.live {
            set(&field, "value", JsValue::from_str(state.draft.field(i)));
        }
        let message = state.messages[i].as_deref();
        let _ = field.set_attribute("aria-invalid", if message.is_some() { "true" } else { "false" });
        text(&format!("{id}-error"), message.unwrap_or_default());
    }
    if let Some(remember) = find("remember") {
        flag(&remember, "disabled", !state.live);
        if state.live {
            set(&remember, "checked", JsValue::from_bool(state.draft.remember));
        }
    }
    if let Some(needs_js) = find("needs-js") {
        flag(&needs_js, "hidden", state.live);
    }
    if let Some(reply) = find("reply-target") {
        flag(&reply, "hidden", state.reply.is_none());
        if let Some(name) = reply.query_selector("strong").ok().flatten() {
            name.set_text_content(state.reply.as_deref());
        }
    }
    text("counter", &counter(&state.draft.text));
    text("error", state.error.as_deref().unwrap_or_default());
    text("notice", state.notice.unwrap_or_default());
    if let Some(submit) = find("submit") {
        flag(&submit, "disabled", state.pending || !state.live);
    }
    text("submit", if state.pending { t.sending } else { t.submit });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    /// Every value of `attribute="…"` in the markup.
    fn values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
        html.split(&format!(" {attribute}=\"")).skip(1).filter_map(|rest| rest.split('"').next()).collect()
    }

    #[test]
    fn the_markup_has_every_hook_and_a_label_for_every_field() {
        for locale in [Locale::Tr, Locale::En] {
            let html = form_html(&locale.texts().comments);
            let testids = values(&html, "data-testid");
            for hook in [
                "comment-needs-js",
                "comment-reply-target",
                "comment-name",
                "comment-name-error",
                "comment-email",
                "comment-email-error",
                "comment-text",
                "comment-counter",
                "comment-text-error",
                "comment-remember",
                "comment-error",
                "comment-notice",
                "comment-submit",
            ] {
                assert_eq!(testids.iter().filter(|t| **t == hook).count(), 1, "{hook}");
            }
            let ids = values(&html, "id");
            for target in values(&html, "for").into_iter().chain(values(&html, "aria-describedby").join(" ").split(' '))
            {
                assert!(ids.contains(&target), "{target} names no element");
            }
            // Each field's name is the API's, the one the input handler reads.
            assert_eq!(values(&html, "name"), ["author_name", "author_email", "body", "website", "remember"]);
            // As sent: nothing can be typed or sent until the app is live, and it says why.
            assert_eq!(html.matches(" readonly ").count(), 3);
            assert!(html.contains("data-testid=\"comment-remember\" disabled"));
            assert!(html.contains("data-testid=\"comment-submit\" disabled"));
            assert!(html.contains("data-testid=\"comment-reply-target\" hidden"));
            assert!(html.contains(">0 / 5000</p>"));
        }
    }

    #[test]
    fn every_text_is_escaped() {
        let mut t = Locale::En.texts().comments.clone();
        t.write = "<b>&\"";
        let html = form_html(&t);
        assert!(html.contains("<h3 id=\"comment-form-heading\">&lt;b&gt;&amp;&quot;</h3>"));
        assert!(!html.contains("<b>"));
    }
}
