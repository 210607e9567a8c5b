//! Presentation logic: pure, and tested natively, except where the browser's Intl formats.

use crate::i18n::Locale;

/// Articles on one page of the front page.
pub const FRONT_PAGE_SIZE: u32 = 10;

/// Reads the `page` query value: a whole number from 1, anything else means the first page.
pub fn parse_page(value: Option<&str>) -> u32 {
    value.and_then(|v| v.trim().parse::<u32>().ok()).filter(|&p| p >= 1).unwrap_or(1)
}

/// The neighbours of a page: the previous page if any, the next if any.
pub fn neighbours(page: u32, page_count: u32) -> (Option<u32>, Option<u32>) {
    let prev = (page > 1).then(|| page.saturating_sub(1).min(page_count.max(1)));
    let next = (page < page_count).then(|| page + 1);
    (prev, next)
}

/// The front-page link of a page number (page 1 is the plain front page).
pub fn page_href(page: u32) -> String {
    if page <= 1 {
        "/".to_owned()
    } else {
        format!("/?page={page}")
    }
}

/// The calendar date of an RFC 3339 timestamp (as stored, UTC): (year, month 1–12, day).
fn ymd(timestamp: &str) -> Option<(&str, usize, &str)> {
    let date = timestamp.get(..10)?;
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let month_number = month.parse::<usize>().ok().filter(|m| (1..=12).contains(m))?;
    (digits(year, 4) && digits(month, 2) && digits(day, 2)).then_some((year, month_number, day))
}

/// English month names, for the fallback.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The stored (UTC) date written the locale's way, for when the browser's Intl cannot help:
/// tr "13.12.2025", en "December 13, 2025".
pub fn date_from_rfc3339(timestamp: &str, locale: Locale) -> Option<String> {
    let (year, month, day) = ymd(timestamp)?;
    Some(match locale {
        Locale::Tr => format!("{day}.{month:02}.{year}"),
        Locale::En => format!("{} {}, {year}", MONTHS[month - 1], day.trim_start_matches('0')),
    })
}

/// For a moment `seconds_ago` in the past: the value and unit Intl.RelativeTimeFormat says it
/// in ("3 minutes ago" is (-3, "minute")), or none when it is a week or more ago, or ahead.
pub fn relative_parts(seconds_ago: f64) -> Option<(f64, &'static str)> {
    if !(0.0..7.0 * 86_400.0).contains(&seconds_ago) {
        return None;
    }
    let (size, unit) = match seconds_ago {
        s if s < 60.0 => (1.0, "second"),
        s if s < 3_600.0 => (60.0, "minute"),
        s if s < 86_400.0 => (3_600.0, "hour"),
        _ => (86_400.0, "day"),
    };
    Some((-(seconds_ago / size).floor(), unit))
}

/// Text made safe for HTML text and quoted attributes: `&`, `<`, `>`, `"` and `'` escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Appends one character as [`escape_html`] writes it.
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

/// Minutes of reading at a steady 200 words a minute, at least one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

/// A date as readers see it, in their time zone through the browser's Intl (no date library in
/// the wasm): tr "13.12.2025", en "December 13, 2025"; the stored UTC date when Intl cannot.
pub fn display_date(timestamp: &str, locale: Locale) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(local) = intl::date(timestamp, locale, false) {
        return local;
    }
    date_from_rfc3339(timestamp, locale).unwrap_or_else(|| timestamp.to_owned())
}

/// Date and time, for a comment's tooltip: "13.12.2025 14:05" / "December 13, 2025 at 2:05 PM".
pub fn display_date_time(timestamp: &str, locale: Locale) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(local) = intl::date(timestamp, locale, true) {
        return local;
    }
    display_date(timestamp, locale)
}

/// A recent moment as "3 dakika önce" / "3 minutes ago" (Intl.RelativeTimeFormat); older
/// ones as their date.
pub fn display_recent(timestamp: &str, locale: Locale) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(relative) = intl::relative(timestamp, locale) {
        return relative;
    }
    display_date(timestamp, locale)
}

/// The browser's Intl, through js-sys.
#[cfg(target_arch = "wasm32")]
mod intl {
    use super::{relative_parts, Locale};
    use wasm_bindgen::JsValue;

    /// An options object from pairs.
    fn options(pairs: &[(&str, &str)]) -> Option<js_sys::Object> {
        let object = js_sys::Object::new();
        for (key, value) in pairs {
            js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
        }
        Some(object)
    }

    /// The timestamp as a Date, if it parses.
    fn parse(timestamp: &str) -> Option<js_sys::Date> {
        let date = js_sys::Date::new(&JsValue::from_str(timestamp));
        (!date.get_time().is_nan()).then_some(date)
    }

    /// `toLocaleDateString` (or `toLocaleString` with the time) in the locale's style.
    pub fn date(timestamp: &str, locale: Locale, with_time: bool) -> Option<String> {
        let date = parse(timestamp)?;
        let mut pairs = match locale {
            Locale::Tr => vec![("day", "2-digit"), ("month", "2-digit"), ("year", "numeric")],
            Locale::En => vec![("day", "numeric"), ("month", "long"), ("year", "numeric")],
        };
        if with_time {
            pairs.extend([("hour", "2-digit"), ("minute", "2-digit")]);
            return Some(String::from(date.to_locale_string(locale.intl_tag(), &options(&pairs)?.into())));
        }
        Some(String::from(date.to_locale_date_string(locale.intl_tag(), &options(&pairs)?.into())))
    }

    /// "3 minutes ago", when the moment is less than a week old.
    pub fn relative(timestamp: &str, locale: Locale) -> Option<String> {
        let then = parse(timestamp)?.get_time();
        let (value, unit) = relative_parts((js_sys::Date::now() - then) / 1000.0)?;
        let locales = js_sys::Array::of1(&JsValue::from_str(locale.intl_tag()));
        let format = js_sys::Intl::RelativeTimeFormat::new(&locales, &options(&[("numeric", "auto")])?);
        Some(String::from(format.format(value, unit)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_query_falls_back_to_the_first_page() {
        assert_eq!(parse_page(None), 1);
        assert_eq!(parse_page(Some("3")), 3);
        for bad in ["0", "-1", "abc", "", "1.5", "99999999999"] {
            assert_eq!(parse_page(Some(bad)), 1, "{bad}");
        }
    }

    #[test]
    fn neighbours_stop_at_the_ends() {
        assert_eq!(neighbours(1, 1), (None, None));
        assert_eq!(neighbours(1, 3), (None, Some(2)));
        assert_eq!(neighbours(2, 3), (Some(1), Some(3)));
        assert_eq!(neighbours(3, 3), (Some(2), None));
        // Past the end: a way back to the last real page, none further.
        assert_eq!(neighbours(9, 3), (Some(3), None));
    }

    #[test]
    fn page_links() {
        assert_eq!(page_href(1), "/");
        assert_eq!(page_href(4), "/?page=4");
    }

    #[test]
    fn dates_fall_back_to_the_locales_style() {
        assert_eq!(date_from_rfc3339("2025-12-13T07:30:00Z", Locale::Tr).as_deref(), Some("13.12.2025"));
        assert_eq!(date_from_rfc3339("2025-12-03T07:30:00Z", Locale::En).as_deref(), Some("December 3, 2025"));
        assert_eq!(date_from_rfc3339("2025-13-03", Locale::En), None);
        assert_eq!(date_from_rfc3339("2025-1-3", Locale::Tr), None);
        assert_eq!(date_from_rfc3339("yesterday", Locale::Tr), None);
        assert_eq!(date_from_rfc3339("ğğğğğğğğğğ", Locale::Tr), None);
    }

    #[test]
    fn recent_moments_get_a_unit() {
        assert_eq!(relative_parts(5.0), Some((-5.0, "second")));
        assert_eq!(relative_parts(180.0), Some((-3.0, "minute")));
        assert_eq!(relative_parts(7_200.0), Some((-2.0, "hour")));
        assert_eq!(relative_parts(3.0 * 86_400.0), Some((-3.0, "day")));
        assert_eq!(relative_parts(8.0 * 86_400.0), None);
        assert_eq!(relative_parts(-10.0), None);
    }

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(200), 1);
        assert_eq!(reading_minutes(201), 2);
    }
}
