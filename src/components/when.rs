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
    /// Write the time of day too (hours and minutes).
    #[prop(default = false)]
    with_time: bool,
    /// The element's class.
    #[prop(optional)]
    class: Option<&'static str>,
    /// The element's test hook.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let locale = use_locale();
    let mut stored = date_from_rfc3339(&timestamp, locale).unwrap_or_else(|| timestamp.clone());
    if let Some(time) = timestamp.get(11..16).filter(|_| with_time) {
        stored = format!("{stored} {time}");
    }
    let text = RwSignal::new(stored.clone());
    let title = RwSignal::new(relative.then(|| stored.clone()));
    let moment = timestamp.clone();
    Effect::new(move |_| {
        if relative {
            text.set(display_recent(&moment, locale));
            title.set(Some(display_date_time(&moment, locale)));
        } else if with_time {
            text.set(display_date_time(&moment, locale));
        } else {
            text.set(display_date(&moment, locale));
        }
    });
    view! { <time datetime=timestamp class=class data-testid=testid title=move || title.get()>{move || text.get()}</time> }
}
