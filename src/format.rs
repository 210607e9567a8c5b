//! Pure presentation logic, kept free of the browser so it is tested natively.

/// Articles on one page of the front page.
pub const FRONT_PAGE_SIZE: u32 = 10;

/// Reads the `page` query value: a whole number from 1, anything else means the first page.
pub fn parse_page(value: Option<&str>) -> u32 {
    value
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1)
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

/// The comment count as the header shows it ("3 Yorum"; Turkish keeps the noun singular after a number).
pub fn comment_count_label(count: u32) -> String {
    format!("{count} Yorum")
}

/// The comment section's heading, as the page we model writes it.
pub fn comments_heading(count: u32) -> String {
    format!("Ziyaretçi Yorumları - {}", comment_count_label(count))
}

/// `DD.MM.YYYY` from an RFC 3339 timestamp's date, used when the browser's Intl cannot help.
pub fn date_from_rfc3339(timestamp: &str) -> Option<String> {
    let date = timestamp.get(..10)?;
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (digits(year, 4) && digits(month, 2) && digits(day, 2)).then(|| format!("{day}.{month}.{year}"))
}

/// Minutes of reading at a steady 200 words a minute, at least one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

/// The publish date as readers see it ("13.12.2025"), in the reader's time zone through the
/// browser's Intl (no date library in the wasm), falling back to the stored UTC date.
pub fn display_date(timestamp: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(local) = intl_date(timestamp) {
        return local;
    }
    date_from_rfc3339(timestamp).unwrap_or_else(|| timestamp.to_owned())
}

/// `Date.prototype.toLocaleDateString("tr-TR", {day, month, year})`, if the timestamp parses.
#[cfg(target_arch = "wasm32")]
fn intl_date(timestamp: &str) -> Option<String> {
    use wasm_bindgen::JsValue;
    let date = js_sys::Date::new(&JsValue::from_str(timestamp));
    if date.get_time().is_nan() {
        return None;
    }
    let options = js_sys::Object::new();
    for (key, value) in [
        ("day", "2-digit"),
        ("month", "2-digit"),
        ("year", "numeric"),
    ] {
        js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
    }
    Some(String::from(date.to_locale_date_string("tr-TR", &options)))
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
    fn comment_labels() {
        assert_eq!(comment_count_label(1), "1 Yorum");
        assert_eq!(comments_heading(12), "Ziyaretçi Yorumları - 12 Yorum");
    }

    #[test]
    fn dates_fall_back_to_day_month_year() {
        assert_eq!(
            date_from_rfc3339("2025-12-13T07:30:00Z").as_deref(),
            Some("13.12.2025")
        );
        assert_eq!(date_from_rfc3339("2025-1-3"), None);
        assert_eq!(date_from_rfc3339("yesterday"), None);
        assert_eq!(date_from_rfc3339("ğğğğğğğğğğ"), None);
    }

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(200), 1);
        assert_eq!(reading_minutes(201), 2);
    }
}
