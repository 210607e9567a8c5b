//! The comment rules JSON Schema can state, written into the OpenAPI document as patterns,
//! built from the very character tables the rules run on (`okur_types::text`), so that the
//! contract is as strict as the server and no stricter: a name or text the document allows is
//! accepted unless a rule no schema can state refuses it (a look-alike name, piled-up marks,
//! an internationalised domain IDNA refuses).

use okur_types::text::{COMBINING, DEFAULT_IGNORABLE};
use serde_json::{json, Value};

/// A set of code points, as sorted, disjoint, inclusive ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Set(Vec<(u32, u32)>);

impl Set {
    fn of(ranges: &[(u32, u32)]) -> Self {
        let mut all: Vec<(u32, u32)> = ranges.to_vec();
        all.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::new();
        for (from, to) in all {
            match merged.last_mut() {
                Some(last) if from <= last.1 + 1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        Set(merged)
    }

    fn chars(ranges: &[(char, char)]) -> Self {
        Set::of(&ranges.iter().map(|&(a, b)| (u32::from(a), u32::from(b))).collect::<Vec<_>>())
    }

    fn union(&self, other: &Set) -> Set {
        Set::of(&[self.0.as_slice(), other.0.as_slice()].concat())
    }

    fn minus(&self, other: &Set) -> Set {
        let mut out = Vec::new();
        for &(mut from, to) in &self.0 {
            for &(a, b) in &other.0 {
                if b < from || a > to {
                    continue;
                }
                if a > from {
                    out.push((from, a - 1));
                }
                from = b.saturating_add(1);
                if from > to {
                    break;
                }
            }
            if from <= to {
                out.push((from, to));
            }
        }
        Set(out)
    }
}

/// How a pattern is written: for the document (ECMA-262, Python and Rust alike: `\uXXXX` in the
/// Basic Multilingual Plane, the character itself beyond it; no surrogate escapes, which most
/// validators refuse), or for Rust's `regex` crate (in the tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The OpenAPI document.
    Document,
    /// Rust's `regex` crate.
    Rust,
}

/// One code point in a character class.
fn point(c: u32, dialect: Dialect) -> String {
    match (c, dialect) {
        (0..=0xFFFF, _) => format!("\\u{c:04X}"),
        (_, Dialect::Document) => char::from_u32(c).map(String::from).unwrap_or_default(),
        (_, Dialect::Rust) => format!("\\x{{{c:X}}}"),
    }
}

/// The class of the characters in `set` (`[…]`), or of those not in it (`[^…]`).
fn class(set: &Set, negated: bool, dialect: Dialect) -> String {
    let body: String = set
        .0
        .iter()
        .map(|&(a, b)| if a == b { point(a, dialect) } else { format!("{}-{}", point(a, dialect), point(b, dialect)) })
        .collect();
    format!("[{}{body}]", if negated { "^" } else { "" })
}

/// The character sets the rules are made of.
struct Sets {
    /// Unicode White_Space (what `char::is_whitespace` and `str::trim` take).
    space: Set,
    /// `okur_types::text::is_control`.
    control: Set,
    /// `okur_types::text::is_bidi_control`.
    bidi: Set,
    /// `okur_types::text::is_invisible`.
    invisible: Set,
    /// What the rules trim from both ends: blank space and invisible characters, direction
    /// controls excepted.
    trimmed: Set,
    /// What `okur_types::text::is_blank` counts as nothing, besides what is trimmed.
    blank: Set,
}

impl Sets {
    fn new() -> Self {
        let space = Set::of(&[
            (0x09, 0x0D),
            (0x20, 0x20),
            (0x85, 0x85),
            (0xA0, 0xA0),
            (0x1680, 0x1680),
            (0x2000, 0x200A),
            (0x2028, 0x2029),
            (0x202F, 0x202F),
            (0x205F, 0x205F),
            (0x3000, 0x3000),
        ]);
        let control = Set::of(&[(0x00, 0x1F), (0x7F, 0x9F), (0x2028, 0x2029), (0xFFF9, 0xFFFB)]);
        let bidi = Set::of(&[(0x202A, 0x202E), (0x2066, 0x2069)]);
        let invisible = Set::chars(DEFAULT_IGNORABLE);
        let trimmed = space.union(&invisible.minus(&bidi));
        let blank = Set::chars(COMBINING).union(&Set::of(&[(0x2800, 0x2800)]));
        Sets { space, control, bidi, invisible, trimmed, blank }
    }

    /// What may stand at either end once the text is trimmed: nothing trimmed, no control or
    /// direction control.
    fn not_edge(&self) -> Set {
        self.control.union(&self.bidi).union(&self.trimmed)
    }

    /// What makes a text not blank: an edge character that is not blank either.
    fn not_visible(&self) -> Set {
        self.not_edge().union(&self.blank)
    }
}

/// The pattern of a name (`okur_types::comments::check_name`): trimmed, something visible, no
/// control, direction control or invisible character within.
pub fn name_pattern(dialect: Dialect) -> String {
    let s = Sets::new();
    let trimmed = class(&s.trimmed, false, dialect);
    let inner = class(&s.control.union(&s.bidi).union(&s.invisible), true, dialect);
    let edge = class(&s.not_edge(), true, dialect);
    let visible = class(&s.not_visible(), true, dialect);
    format!("^{trimmed}*(?:{edge}{inner}*)?{visible}(?:{inner}*{edge})?{trimmed}*$")
}

/// The pattern of a text (`okur_types::comments::check_body`): trimmed, at least two visible
/// characters and one that is not blank, line breaks (`\n`, `\r\n`) but no other control, no
/// direction control.
pub fn body_pattern(dialect: Dialect) -> String {
    let s = Sets::new();
    let newline = Set::of(&[(0x0A, 0x0A)]);
    let trimmed = class(&s.trimmed, false, dialect);
    let unit = format!("(?:{}|\\r\\n)", class(&s.control.minus(&newline).union(&s.bidi), true, dialect));
    let edge = class(&s.not_edge(), true, dialect);
    let visible = class(&s.not_visible(), true, dialect);
    format!("^{trimmed}*(?:{visible}{unit}*{edge}|{edge}{unit}*{visible}(?:{unit}*{edge})?){trimmed}*$")
}

/// The pattern of an email (`okur_types::comments::check_email` with the server's IDNA check),
/// for the ASCII addresses nearly everyone has: blank for none, else a local part of up to
/// three dot-separated atoms, `@`, one to three labels (letters, digits and inner hyphens, never
/// `--` in their third and fourth place, which IDNA keeps for `xn--`) and a top-level domain of
/// letters; within the 254 characters. Addresses beyond it (internationalised domains, longer
/// local parts) are accepted too, beyond what the document states.
pub fn email_pattern(dialect: Dialect) -> String {
    let s = Sets::new();
    let space = class(&s.space, false, dialect);
    let atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,20}";
    let (c, h) = ("[A-Za-z0-9]", "[A-Za-z0-9-]");
    let label = format!("(?:{c}(?:{h}?{c})?|{c}{h}{h}{c}|{c}{h}(?:{c}{h}|-{c}){h}{{0,35}}{c})");
    format!("^{space}*(?:(?:{atom}\\.){{0,2}}{atom}@(?:{label}\\.){{1,3}}[A-Za-z]{{2,63}})?{space}*$")
}

/// Writes the bounds into the document's `NewComment` schema.
pub fn state(document: &mut Value) {
    let Some(properties) = document.pointer_mut("/components/schemas/NewComment/properties") else {
        return;
    };
    for (field, pattern) in [
        ("author_name", name_pattern(Dialect::Document)),
        ("body", body_pattern(Dialect::Document)),
        ("author_email", email_pattern(Dialect::Document)),
    ] {
        if let Some(schema) = properties.get_mut(field).and_then(Value::as_object_mut) {
            schema.insert("pattern".to_owned(), json!(pattern));
        }
    }
}

#[cfg(test)]
mod tests {
    use okur_types::comments::{check_body, check_email, check_name};
    use okur_types::text::has_stacked_marks;
    use proptest::prelude::*;
    use regex::Regex;

    use super::*;

    /// Characters each rule has an opinion on, and ordinary ones.
    const ALPHABET: &[char] = &[
        'a',
        'Z',
        'ş',
        'İ',
        '7',
        '.',
        '-',
        '@',
        '_',
        ' ',
        '\u{A0}',
        '\u{3000}',
        '\t',
        '\n',
        '\r',
        '\u{0}',
        '\u{1B}',
        '\u{85}',
        '\u{9B}',
        '\u{2028}',
        '\u{FFF9}',
        '\u{200B}',
        '\u{200D}',
        '\u{200E}',
        '\u{00AD}',
        '\u{3164}',
        '\u{FE0F}',
        '\u{E0041}',
        '\u{202E}',
        '\u{2066}',
        '\u{2069}',
        '\u{0301}',
        '\u{0E49}',
        '\u{0903}',
        '\u{2800}',
        '\u{1F600}',
        'x',
        'n',
    ];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(ALPHABET), 0..14).prop_map(|cs| cs.into_iter().collect())
    }

    fn matches(pattern: &str, text: &str) -> bool {
        Regex::new(pattern).unwrap().is_match(text)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn the_name_pattern_is_the_name_rule(name in text()) {
            prop_assume!(!has_stacked_marks(&name));
            prop_assert_eq!(matches(&name_pattern(Dialect::Rust), &name), check_name(&name).is_ok(), "{:?}", name);
        }

        #[test]
        fn the_body_pattern_is_the_text_rule(body in text()) {
            prop_assume!(!has_stacked_marks(&body));
            prop_assert_eq!(matches(&body_pattern(Dialect::Rust), &body), check_body(&body).is_ok(), "{:?}", body);
        }

        #[test]
        fn an_email_the_pattern_allows_is_accepted(
            email in "[ ]?([a-z0-9!#%'+=?^_{}~-]{1,20}\\.){0,2}[a-z0-9+_-]{1,20}@([a-z0-9-]{1,40}\\.){1,3}[a-z]{2,8}[ ]?",
        ) {
            if matches(&email_pattern(Dialect::Rust), &email) {
                let checked = check_email(&email);
                prop_assert!(checked.is_ok(), "{:?}", email);
                prop_assert!(crate::domain::text::email_domain_ok(email.trim()), "{:?}", email);
            }
        }
    }

    #[test]
    fn the_patterns_refuse_what_the_rules_refuse() {
        let (name, body, email) =
            (name_pattern(Dialect::Rust), body_pattern(Dialect::Rust), email_pattern(Dialect::Rust));
        for (pattern, good, bad) in [
            (
                &name,
                &["Ayşe", " Ali ", "\u{200B}Can", "Nguyễn Văn"][..],
                &["", " ", "\u{202E}nimdA", "A\u{200B}li", "\u{0301}\u{0301}", "a\tb"][..],
            ),
            (
                &body,
                &["iyi", "a\r\nb", "👍🏽 tamam", "çok\n\niyi"][..],
                &["a", "a\u{200B}", "  ", "x\ry", "bir\u{7}iki", "\u{2800}\u{2800}"][..],
            ),
            (
                &email,
                &["", " ", "ayse@example.com", "a.b+c@posta.ornek.com.tr"][..],
                &["a@b", "a@-b.co", "a b@c.co", "a@xn--a.com", "a@ab--c.com", "a@b.c0"][..],
            ),
        ] {
            for text in good {
                assert!(matches(pattern, text), "{pattern}: {text:?}");
            }
            for text in bad {
                assert!(!matches(pattern, text), "{pattern}: {text:?}");
            }
        }
        assert!(
            check_email("a@ab--c.com").is_ok() && !crate::domain::text::email_domain_ok("a@ab--c.com"),
            "IDNA's rule"
        );
    }

    #[test]
    fn the_document_states_the_patterns() {
        let document = crate::http::api::openapi();
        let fields = &document["components"]["schemas"]["NewComment"]["properties"];
        for field in ["author_name", "body", "author_email"] {
            // Validators in Rust (jsonschema-rs, which schemathesis uses) read it as a regex.
            let pattern = fields[field]["pattern"].as_str().unwrap();
            assert!(Regex::new(pattern).is_ok(), "{field}: not a regex");
        }
        assert!(matches(fields["body"]["pattern"].as_str().unwrap(), "iyi 👍🏽"));
        assert!(!matches(fields["body"]["pattern"].as_str().unwrap(), "ab\u{1C}cd"));
        assert_eq!(fields["parent_id"]["minimum"], 1);
    }
}
