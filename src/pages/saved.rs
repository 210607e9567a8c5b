//! `/saved`: the stories a reader saved for later. The browser keeps them (the service worker's
//! `okur-saved` cache), so the server sends the page without them and the page's script
//! (page/saved.js) lists them, online and offline; neither hydration nor the app touches the list.

use leptos::prelude::*;

use crate::components::seo::PageMeta;
use crate::format::escape_html;
use crate::i18n::use_texts;

/// The list's element as the server sends it: the "nothing saved" line, shown until the page's
/// script finds stories, and the empty list; the words the script writes, as data.
pub fn saved_html(saved: [&str; 5]) -> String {
    let [_, _, empty, remove, at] = saved.map(escape_html);
    format!(
        "<p data-testid=\"saved-empty\">{empty}</p><ol class=\"saved__list\" data-testid=\"saved-list\" data-remove=\"{remove}\" data-at=\"{at}\"></ol>"
    )
}

/// The page: its title and what it is, and the list.
#[component]
pub fn SavedPage() -> impl IntoView {
    let t = use_texts();
    let [title, lede, ..] = t.saved;
    view! {
        <PageMeta title=title.to_owned() description=lede.to_owned() />
        <section class="saved" data-testid="saved-page">
            <h1>{title}</h1>
            <p>{lede}</p>
            <div data-page="" data-saved="" inner_html=saved_html(t.saved) />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn the_list_carries_its_words_escaped() {
        let html = saved_html(["", "", "<none>", "Kaldır", "\"at\""]);
        assert!(html.contains("<p data-testid=\"saved-empty\">&lt;none&gt;</p>"));
        assert!(html.contains("data-remove=\"Kaldır\" data-at=\"&quot;at&quot;\""));
        assert!(saved_html(Locale::En.texts().saved).contains("data-remove=\"Remove\""));
    }
}
