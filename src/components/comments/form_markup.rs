//! The comment form's markup: the HTML text the server sends ([`form_html`]) and the one
//! function that writes the form's state onto it in the browser ([`show`]), touching only what
//! differs. Why text and not views: see [`super::form`].

use leptos::wasm_bindgen::JsValue;

use crate::form_logic::{counter, Draft};
use crate::format::escape_html;
use crate::i18n::CommentTexts;

/// The fields' `name`s, in [`Draft::field`]'s order (the API's names).
pub const FIELDS: [&str; 3] = ["author_name", "author_email", "body"];
/// The fields' test ids and element ids (`comment-…`), in the same order.
const IDS: [&str; 3] = ["name", "email", "text"];

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
        format!(
            "<p class=\"comment-form__reply\" data-testid=\"comment-edit-target\" hidden>{} <button type=\"button\" class=\"link-button\" data-act=\"cancel-edit\">{}</button></p>",
            e(t.editing),
            e(t.cancel_reply)
        ),
        field("name", t.name, format!("<input {} autocomplete=\"name\" maxlength=\"200\">", common("name", FIELDS[0], "")), ""),
        field(
            "email",
            t.email,
            format!("<input {} type=\"email\" autocomplete=\"email\">", common("email", FIELDS[1], "comment-email-hint ")),
            &format!("<p class=\"field__hint\" id=\"comment-email-hint\">{}</p>", e(t.email_note)),
        ),
        // Shown only where the site sends email (`<html data-mail>`, the style sheet's rule).
        format!(
            "<label class=\"check notify\"><input type=\"checkbox\" name=\"notify_replies\" data-testid=\"comment-notify\" disabled> {}</label>",
            e(t.notify)
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
pub struct State {
    /// Whether the app is live (else the form is read-only).
    pub live: bool,
    /// While a post or change is on its way.
    pub pending: bool,
    /// What the reader typed.
    pub draft: Draft,
    /// Each field's message, once the reader typed there or tried to send.
    pub messages: [Option<String>; 3],
    /// The name of the comment being answered.
    pub reply: Option<String>,
    /// Whether the reader edits their own comment.
    pub editing: bool,
    /// Why the last send failed.
    pub error: Option<String>,
    /// What the last send did.
    pub notice: Option<&'static str>,
}

/// A DOM property (`value`, `checked`), read the same way from every kind of field.
pub fn property(element: &web_sys::Element, name: &str) -> JsValue {
    js_sys::Reflect::get(element, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Writes the state onto the form's markup, touching only what differs: a field the reader is
/// typing in keeps its caret, and a message is not announced again.
pub fn show(form: &web_sys::Element, state: &State, t: &CommentTexts) {
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
    for (id, on, usable) in
        [("remember", state.draft.remember, true), ("notify", state.draft.notify, !state.draft.email.trim().is_empty())]
    {
        if let Some(check) = find(id) {
            flag(&check, "disabled", !state.live || !usable);
            if state.live {
                set(&check, "checked", JsValue::from_bool(on));
            }
        }
    }
    if let Some(needs_js) = find("needs-js") {
        flag(&needs_js, "hidden", state.live);
    }
    if let Some(editing) = find("edit-target") {
        flag(&editing, "hidden", !state.editing);
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
    text(
        "submit",
        if state.pending {
            t.sending
        } else if state.editing {
            t.save_edit
        } else {
            t.submit
        },
    );
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
                "comment-notify",
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
            assert_eq!(
                values(&html, "name"),
                ["author_name", "author_email", "notify_replies", "body", "website", "remember"]
            );
            // As sent: nothing can be typed or sent until the app is live, and it says why.
            assert_eq!(html.matches(" readonly ").count(), 3);
            assert!(html.contains("data-testid=\"comment-remember\" disabled"));
            assert!(html.contains("class=\"check notify\"><input type=\"checkbox\" name=\"notify_replies\" data-testid=\"comment-notify\" disabled>"));
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
