//! The reading controls: text size (A− / A+ / reset), line spacing and theme. The settings
//! live in one signal shared through context, are applied to the page's root element, and are
//! kept in localStorage by an Effect (in memory only when storage is unavailable).

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use crate::i18n::use_texts;
use crate::reading::{LineSpacing, ReadingSettings, Theme, STORAGE_KEY};
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

/// Writes the settings onto `<html>`: the CSS variables the article text uses and the theme.
pub fn apply_settings(settings: ReadingSettings) {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = root.set_attribute("data-theme", settings.theme.key());
    let _ = root.set_attribute("data-spacing", settings.spacing.key());
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

/// The text-size buttons: what each does, and whether it can act on these settings.
type SizeAction = (fn(ReadingSettings) -> ReadingSettings, fn(ReadingSettings) -> bool);

/// A− and A+ with the current level, and a reset. Buttons at the end of their range are
/// `aria-disabled` rather than `disabled`, so keyboard focus is not thrown away, and ignore presses.
#[component]
pub fn TextSizeControls() -> impl IntoView {
    let Reading(settings) = expect_context::<Reading>();
    let button = move |label: &'static str, name: &'static str, testid: &'static str, (change, can): SizeAction| {
        view! {
            <button
                type="button"
                class="tool"
                // The visible "A+" starts the accessible name (WCAG 2.5.3, label in name).
                aria-label=format!("{label} {name}")
                title=name
                data-testid=testid
                aria-disabled=move || (!can(settings.get())).to_string()
                on:click=move |_| settings.update(|s| {
                    if can(*s) {
                        *s = change(*s);
                    }
                })
            >
                {label}
            </button>
        }
    };
    let t = use_texts();
    view! {
        <div class="tools__size" role="group" aria-label=t.text_size>
            {button("A−", t.decrease_text, "font-decrease", (ReadingSettings::decreased, ReadingSettings::can_decrease))}
            <output class="tools__level" data-testid="font-level" aria-live="polite">
                <span class="visually-hidden">{t.text_size} " "</span>
                {move || settings.get().percent_label()}
            </output>
            {button("A+", t.increase_text, "font-increase", (ReadingSettings::increased, ReadingSettings::can_increase))}
            {button("↺", t.reset_text, "font-reset", (ReadingSettings::reset_size, |s| s.step() != crate::reading::DEFAULT_STEP))}
        </div>
    }
}

/// Line spacing and theme, each a row of toggle buttons (`aria-pressed`).
#[component]
pub fn ReadingSettingsGroup() -> impl IntoView {
    let Reading(settings) = expect_context::<Reading>();
    // (group label, [(test id, visible name, is it chosen, choose it)])
    type Choice = (&'static str, &'static str, fn(&ReadingSettings) -> bool, fn(&mut ReadingSettings));
    let group = move |label: &'static str, choices: Vec<Choice>| {
        view! {
            <div class="tools__choice" role="group" aria-label=label>
                <span class="tools__caption" aria-hidden="true">{label}</span>
                {choices
                    .into_iter()
                    .map(|(testid, name, chosen, choose)| {
                        view! {
                            <button
                                type="button"
                                class="tool tool--choice"
                                data-testid=testid
                                aria-pressed=move || settings.with(chosen).to_string()
                                on:click=move |_| settings.update(choose)
                            >
                                {name}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
    };
    let t = use_texts();
    let [compact, normal, relaxed] = t.spacing_names;
    let [system, light, dark, sepia] = t.theme_names;
    view! {
        <div class="tools__settings" data-testid="reading-settings">
            {group(t.line_spacing, vec![
                ("spacing-compact", compact, |s| s.spacing == LineSpacing::Compact, |s| s.spacing = LineSpacing::Compact),
                ("spacing-normal", normal, |s| s.spacing == LineSpacing::Normal, |s| s.spacing = LineSpacing::Normal),
                ("spacing-relaxed", relaxed, |s| s.spacing == LineSpacing::Relaxed, |s| s.spacing = LineSpacing::Relaxed),
            ])}
            {group(t.theme, vec![
                ("theme-system", system, |s| s.theme == Theme::System, |s| s.theme = Theme::System),
                ("theme-light", light, |s| s.theme == Theme::Light, |s| s.theme = Theme::Light),
                ("theme-dark", dark, |s| s.theme == Theme::Dark, |s| s.theme = Theme::Dark),
                ("theme-sepia", sepia, |s| s.theme == Theme::Sepia, |s| s.theme = Theme::Sepia),
            ])}
        </div>
    }
}
