//! Which characters a reader can see: the character classes the comment rules are built on,
//! run alike by the form (in the browser) and by the server (which also knows every combining
//! mark: feature `marks`).

/// Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt, Unicode 16): the
/// characters a renderer draws as nothing. Written out here because the property crates bring
/// tables for every property into the wasm, and this is the only one the rules need.
pub const DEFAULT_IGNORABLE: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{034F}', '\u{034F}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180F}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{206F}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{FFF0}', '\u{FFF8}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0000}', '\u{E0FFF}'),
];

/// Whether a character is drawn as nothing (zero-width spaces and joiners, fillers, variation
/// selectors, tags, direction marks).
pub fn is_invisible(c: char) -> bool {
    DEFAULT_IGNORABLE.iter().any(|&(from, to)| (from..=to).contains(&c))
}

/// Whether a character reorders the text around it (embeddings, overrides, isolates): a name
/// `\u{202E}nimdA` would read as "Admin".
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that are neither text nor layout: C0 and C1 controls, the line and paragraph
/// separators, and the interlinear annotation marks.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFF9}'..='\u{FFFB}')
}

/// The most combining marks (accents, vowel signs, tone marks) one character may carry: enough
/// for every script's real text (Vietnamese stacks two, pointed Hebrew and Tibetan up to five),
/// far below Unicode's stream-safe limit of 30, which still lets a "Zalgo" text draw over the
/// lines above it.
pub const MARKS_MAX: usize = 6;

/// The combining blocks mark floods are made of (Latin, Greek and Cyrillic accents, the
/// extended and supplementary diacritics, those for symbols, half marks; Hebrew points and
/// Thai vowel and tone marks). Marks of these alone are blank, on both sides; the browser's
/// form counts stacked marks in these too, as Unicode's whole Mark category would bring its
/// tables into the wasm (the server counts the whole category).
pub const COMBINING: &[(char, char)] = &[
    ('\u{0300}', '\u{036F}'),
    ('\u{0483}', '\u{0489}'),
    ('\u{0591}', '\u{05C7}'),
    ('\u{0E31}', '\u{0E31}'),
    ('\u{0E34}', '\u{0E3A}'),
    ('\u{0E47}', '\u{0E4E}'),
    ('\u{1AB0}', '\u{1AFF}'),
    ('\u{1DC0}', '\u{1DFF}'),
    ('\u{20D0}', '\u{20FF}'),
    ('\u{FE20}', '\u{FE2F}'),
];

/// Whether a character is a mark of the common combining blocks ([`COMBINING`]).
pub fn is_common_mark(c: char) -> bool {
    COMBINING.iter().any(|&(from, to)| (from..=to).contains(&c))
}

/// Whether a character is a combining mark, drawn on the character before it.
pub fn is_mark(c: char) -> bool {
    #[cfg(feature = "marks")]
    {
        unicode_normalization::char::is_combining_mark(c)
    }
    #[cfg(not(feature = "marks"))]
    {
        is_common_mark(c)
    }
}

/// Whether some character carries more than [`MARKS_MAX`] marks (a run of marks counts from
/// the character they stand on; invisible characters between them do not break the run).
pub fn has_stacked_marks(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if is_mark(c) {
            run += 1;
            if run > MARKS_MAX {
                return true;
            }
        } else if !is_invisible(c) {
            run = 0;
        }
    }
    false
}

/// Characters a reader sees: what lengths are counted in.
pub fn visible_len(text: &str) -> usize {
    text.chars().filter(|&c| !is_invisible(c)).count()
}

/// Whether a text shows nothing but blank space (accents alone stand on nothing: no letter).
/// The same on both sides, whatever marks each knows.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c) || is_common_mark(c) || c == '\u{2800}')
}

/// Text safe to print on a terminal: controls, direction controls and invisible characters
/// become `\u{…}` escapes, so a comment can neither move the cursor nor hide.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_control(c) || is_invisible(c) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a link may lead there: an `https://`, `http://` or `mailto:` address, or a path on
/// this site (`/…`, not `//host` nor `/\\host`, which browsers read as another host); no blank
/// space, controls or backslashes. Everything else (`javascript:`, `data:`, `vbscript:`, a
/// scheme in capitals, a relative `page.html`) is refused. The server checks every mark with it
/// and the components again before they write a link.
pub fn is_link_target(href: &str) -> bool {
    let scheme = ["https://", "http://", "mailto:"].iter().any(|s| href.len() > s.len() && href.starts_with(s));
    let path = href.starts_with('/') && !href.starts_with("//");
    (scheme || path) && !href.chars().any(|c| c.is_whitespace() || c == '\\' || is_control(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_and_own_paths_are_link_targets() {
        for good in ["https://example.org/a?b=c#d", "http://example.org", "mailto:ayse@example.org", "/articles/x", "/"]
        {
            assert!(is_link_target(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "//evil.example/x",
            "/\\evil.example/x",
            "https://ok.example\\@evil.example",
            "https://",
            "mailto:",
            "page.html",
            "#top",
            " https://example.org",
            "https://exa mple.org",
            "https://example.org/\u{0}",
            "HTTPS://example.org",
            "",
        ] {
            assert!(!is_link_target(bad), "{bad}");
        }
    }

    #[test]
    fn invisible_characters_are_known() {
        for c in ['\u{200B}', '\u{200D}', '\u{3164}', '\u{FEFF}', '\u{2066}', '\u{E0041}', '\u{115F}', '\u{00AD}'] {
            assert!(is_invisible(c), "U+{:04X}", u32::from(c));
        }
        for c in ['a', 'ş', ' ', 'İ', '😀', '\u{0301}'] {
            assert!(!is_invisible(c), "U+{:04X}", u32::from(c));
        }
        assert_eq!(visible_len("a\u{200B}b\u{200B}"), 2);
        assert!(is_blank(" \u{200B}\u{3164}\n\u{2800}"));
        assert!(!is_blank(" x "));
    }

    #[test]
    fn marks_stack_only_a_few_deep() {
        assert!(is_mark('\u{0301}') && is_mark('\u{0E49}') && !is_mark('a') && !is_mark('ş'));
        assert!(!has_stacked_marks("Vie\u{0323}\u{0302}t Nam, Ayşe, ğ"));
        assert!(!has_stacked_marks(&format!("a{}", "\u{0301}".repeat(MARKS_MAX))));
        assert!(has_stacked_marks(&format!("a{}", "\u{0301}".repeat(MARKS_MAX + 1))));
        assert!(has_stacked_marks(&format!("a{}", "\u{0301}\u{200B}".repeat(MARKS_MAX + 1))), "joiners between");
        assert!(!has_stacked_marks(&"a\u{0301}\u{0301}".repeat(100)), "each letter its own run");
        assert!(is_blank(&"\u{0301}".repeat(20)), "marks on nothing");
    }

    #[test]
    fn direction_controls() {
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            assert!(is_bidi_control(c));
        }
        assert!(!is_bidi_control('\u{200E}'), "a mark, not an embedding");
    }

    #[test]
    fn terminals_see_escapes() {
        assert_eq!(terminal_safe("a\u{1B}[2Jb"), "a\\u{001B}[2Jb");
        assert_eq!(terminal_safe("x\u{9B}y\u{202E}z"), "x\\u{009B}y\\u{202E}z");
        assert_eq!(terminal_safe("Ayşe dedi ki"), "Ayşe dedi ki");
    }
}
