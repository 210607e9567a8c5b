//! Moments in time, written the way the server can and then the way the reader's browser can.

use leptos::prelude::*;

use crate::format::{date_from_rfc3339, display_date, display_date_time, display_recent};
use crate::i18n::use_locale;

/// A `<time>`: the server writes the stored (UTC) date, and so does the browser as it hydrates
/// (what it draws must match what the server sent); once the page is live the browser writes it
/// again in the reader's time zone through Intl, relative ("3 dakika önce") when `relative` and
/// recent, with the exact date and time as its title.
#[component]
pub fn When(
    /// The moment, RFC 3339 (as stored, UTC).
    timestamp: String,
    /// Say recent moments relatively, with the exact time as the title.
    #[prop(default = false)]
    relative: bool,

    /// The element's class.
    #[prop(optional)]
    class: Option<&'static str>,
    /// The element's test hook.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let locale = use_locale();
    let stored = date_from_rfc3339(&timestamp, locale).unwrap_or_else(|| timestamp.clone());
    let text = RwSignal::new(stored.clone());
    let title = RwSignal::new(relative.then(|| stored.clone()));
    let moment = timestamp.clone();
    Effect::new(move |_| {
        if relative {
            text.set(display_recent(&moment, locale));
            title.set(Some(display_date_time(&moment, locale)));
        } else {
            text.set(display_date(&moment, locale));
        }
    });
    view! { <time datetime=timestamp class=class data-testid=testid title=move || title.get()>{move || text.get()}</time> }
}

/// Writes the dates of the `<time datetime>` elements under `root` again, the reader's way
/// (lists written as HTML text carry the stored, UTC date): relatively while recent, with the
/// exact date and time as the title, where marked `data-relative` (as [`When`] does).
pub fn localize_times(root: &web_sys::Element, locale: crate::i18n::Locale) {
    let Ok(times) = root.query_selector_all("time[datetime]") else { return };
    for i in 0..times.length() {
        let Some(time) = times.item(i).and_then(|n| leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        else {
            continue;
        };
        if let Some(moment) = time.get_attribute("datetime") {
            if time.has_attribute("data-relative") {
                time.set_text_content(Some(&display_recent(&moment, locale)));
                let _ = time.set_attribute("title", &display_date_time(&moment, locale));
                continue;
            }
            let with_time = time.has_attribute("data-with-time");
            let shown = if with_time { display_date_time(&moment, locale) } else { display_date(&moment, locale) };
            time.set_text_content(Some(&shown));
        }
    }
}
