//! The reading controls: text size (A− / A+ / reset), line spacing, theme, face and line width.
//! The settings live in one signal shared through context, are applied to the page's root
//! element, and are kept in localStorage by an Effect (in memory only when storage is
//! unavailable). The controls are HTML text driven by one handler ([`tools_html`] says why).

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use crate::format::escape_html;
use crate::i18n::{use_texts, Texts};
use crate::reading::{ReadingSettings, STORAGE_KEY};
use crate::storage::local_storage as storage;

/// The reader's settings, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Reading(pub RwSignal<ReadingSettings>);

/// The stored settings, or the defaults.
pub fn load_settings() -> ReadingSettings {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|text| ReadingSettings::from_stored(&text))
        .unwrap_or_default()
}

/// Writes the settings onto `<html>`: the CSS variables the article text uses, and the theme,
/// face and width the style sheet reads from attributes.
pub fn apply_settings(settings: ReadingSettings) {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = root.set_attribute("data-theme", settings.theme.key());
    let _ = root.set_attribute("data-spacing", settings.spacing.key());
    let _ = root.set_attribute("data-face", settings.face.key());
    let _ = root.set_attribute("data-width", settings.width.key());
    if let Some(root) = root.dyn_ref::<web_sys::HtmlElement>() {
        let style = root.style();
        let _ = style.set_property("--reading-scale", &settings.css_scale());
        let _ = style.set_property("--reading-leading", settings.spacing.line_height());
    }
}

/// Provides the settings as context and keeps page and storage in step with every change.
/// The page starts from the defaults, as the server rendered it (index.html's inline script
/// has already applied the stored settings to `<html>` before the first paint); the stored
/// ones replace them once the page is live, so hydration sees what the server sent.
pub fn provide_reading() -> Reading {
    let settings = RwSignal::new(ReadingSettings::default());
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            settings.set(load_settings());
        }
        let current = settings.get();
        apply_settings(current);
        // A full or forbidden storage only costs persistence: the page keeps working.
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORAGE_KEY, &current.to_stored());
        }
    });
    let reading = Reading(settings);
    provide_context(reading);
    reading
}

/// The controls and their actions: (test id, action, visible text, accessible name); the size
/// buttons' name starts with their visible text (WCAG 2.5.3, label in name).
type Control = (&'static str, &'static str, &'static str, &'static str);

/// The tools as HTML text, in the state of `settings`: A−, the level, A+ and reset
/// (`aria-disabled` at the ends, so keyboard focus is not thrown away), then line spacing,
/// theme, face and line width, each a group of toggle buttons (`aria-pressed`). Every button
/// names its action (`data-act`, as in [`ReadingSettings::act`]).
///
/// Why text and not a view per button: a view costs wasm for every way it is built, and as
/// views the controls did not leave room for the face and width groups; as text, with one click
/// handler and one Effect for all, the wasm is 0.4 KB smaller with both groups added
/// (docs/architecture.md, Reading controls). Every value is escaped.
pub fn tools_html(t: &Texts, settings: ReadingSettings) -> String {
    let button = |out: &mut String, (testid, action, label, name): Control, class: &str| {
        let (state, value) = control_state(settings, action);
        out.push_str(&format!(
            "<button type=\"button\" class=\"{class}\" data-testid=\"{testid}\" data-act=\"{action}\" {state}=\"{value}\""
        ));
        if !name.is_empty() {
            out.push_str(&format!(
                " aria-label=\"{} {}\" title=\"{}\"",
                escape_html(label),
                escape_html(name),
                escape_html(name)
            ));
        }
        out.push('>');
        out.push_str(&escape_html(label));
        out.push_str("</button>");
    };
    let mut out = format!("<div class=\"tools__size\" role=\"group\" aria-label=\"{}\">", escape_html(t.text_size));
    button(&mut out, ("font-decrease", "size=down", "A−", t.decrease_text), "tool");
    out.push_str(&format!(
        "<output class=\"tools__level\" data-testid=\"font-level\" aria-live=\"polite\"><span class=\"visually-hidden\">{} </span>{}</output>",
        escape_html(t.text_size),
        settings.percent_label()
    ));
    button(&mut out, ("font-increase", "size=up", "A+", t.increase_text), "tool");
    button(&mut out, ("font-reset", "size=reset", "↺", t.reset_text), "tool");
    out.push_str("</div><div class=\"tools__settings\" data-testid=\"reading-settings\">");
    let [compact, normal, relaxed] = t.spacing_names;
    let [system, light, dark, sepia] = t.theme_names;
    let [serif, sans, legible] = t.face_names;
    let [narrow, normal_width, wide] = t.width_names;
    let groups: [(&str, &[Control]); 4] = [
        (
            t.line_spacing,
            &[
                ("spacing-compact", "spacing=compact", compact, ""),
                ("spacing-normal", "spacing=normal", normal, ""),
                ("spacing-relaxed", "spacing=relaxed", relaxed, ""),
            ],
        ),
        (
            t.theme,
            &[
                ("theme-system", "theme=system", system, ""),
                ("theme-light", "theme=light", light, ""),
                ("theme-dark", "theme=dark", dark, ""),
                ("theme-sepia", "theme=sepia", sepia, ""),
            ],
        ),
        (
            t.face,
            &[
                ("font-face-serif", "face=serif", serif, ""),
                ("font-face-sans", "face=sans", sans, ""),
                ("font-face-legible", "face=legible", legible, ""),
            ],
        ),
        (
            t.line_width,
            &[
                ("line-width-narrow", "width=narrow", narrow, ""),
                ("line-width-normal", "width=normal", normal_width, ""),
                ("line-width-wide", "width=wide", wide, ""),
            ],
        ),
    ];
    for (label, controls) in groups {
        let label = escape_html(label);
        out.push_str(&format!(
            "<div class=\"tools__choice\" role=\"group\" aria-label=\"{label}\"><span class=\"tools__caption\" aria-hidden=\"true\">{label}</span>"
        ));
        for &control in controls {
            button(&mut out, control, "tool tool--choice");
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    out
}

/// The reading tools of an article: [`tools_html`] in the server's (default) state, then kept
/// in step with the settings by one Effect; one click handler acts for every button.
#[component]
pub fn ReadingTools() -> impl IntoView {
    let Reading(settings) = expect_context::<Reading>();
    let tools = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let current = settings.get();
        if let Some(tools) = tools.get() {
            show(&tools, current);
        }
    });
    let press = move |event: web_sys::MouseEvent| {
        let button = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-act]").ok().flatten());
        if let Some(action) = button.and_then(|b| b.get_attribute("data-act")) {
            settings.update(|s| {
                if let Some(next) = s.act(&action) {
                    *s = next;
                }
            });
        }
    };
    let html = tools_html(use_texts(), ReadingSettings::default());
    view! { <div class="article__tools" data-testid="article-tools" node_ref=tools on:click=press inner_html=html /> }
}

/// The state a control shows for these settings: a size button is `aria-disabled` and a choice
/// `aria-pressed` when a press would change nothing (the size at its end, the choice made).
fn control_state(settings: ReadingSettings, action: &str) -> (&'static str, &'static str) {
    let state = if action.starts_with("size=") { "aria-disabled" } else { "aria-pressed" };
    (state, if settings.act(action) == Some(settings) { "true" } else { "false" })
}

/// Writes the settings' state onto the tools: each button's pressed or disabled state, the level.
fn show(tools: &web_sys::Element, settings: ReadingSettings) {
    if let Ok(buttons) = tools.query_selector_all("[data-act]") {
        for i in 0..buttons.length() {
            let Some(button) = buttons.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
            let (state, value) = control_state(settings, &button.get_attribute("data-act").unwrap_or_default());
            let _ = button.set_attribute(state, value);
        }
    }
    if let Some(level) = tools.query_selector("[data-testid=font-level]").ok().flatten().and_then(|l| l.last_child()) {
        level.set_text_content(Some(&settings.percent_label()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    /// Every `data-act="…"` of the markup.
    fn actions(html: &str) -> Vec<&str> {
        html.split("data-act=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
    }

    #[test]
    fn every_control_names_an_action_the_settings_know() {
        for locale in [Locale::Tr, Locale::En] {
            let html = tools_html(locale.texts(), ReadingSettings::default());
            let acts = actions(&html);
            assert_eq!(acts.len(), 16, "3 size buttons and 13 choices");
            for act in acts {
                assert!(ReadingSettings::default().act(act).is_some(), "{act}");
            }
        }
    }

    #[test]
    fn the_markup_shows_the_state_it_is_given() {
        let t = Locale::En.texts();
        let html = tools_html(t, ReadingSettings::default());
        assert!(html.contains(r#"data-act="size=reset" aria-disabled="true""#));
        assert!(html.contains(r#"data-act="size=up" aria-disabled="false""#));
        assert!(html.contains(r#"data-act="face=serif" aria-pressed="true""#));
        assert!(html.contains(r#"data-act="face=legible" aria-pressed="false""#));
        assert!(html.contains(">100 %</output>"));
        let largest = ReadingSettings::with_step(6).act("width=wide").unwrap();
        let html = tools_html(t, largest);
        assert!(html.contains(r#"data-act="size=up" aria-disabled="true""#));
        assert!(html.contains(r#"data-act="width=wide" aria-pressed="true""#));
        assert!(html.contains(">200 %</output>"));
        // The accessible name starts with the visible text (WCAG 2.5.3).
        assert!(html.contains(r#"aria-label="A+ Increase text size""#));
    }
}
