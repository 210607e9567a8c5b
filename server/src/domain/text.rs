//! The server's half of the text rules: the checks that need Unicode's big tables (NFKC, case
//! folding, IDNA), which the browser's form is spared. The rules both sides run live in
//! `okur_types::comments` and `okur_types::text`.

use caseless::Caseless;
use okur_types::text::is_invisible;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// Text as a comparison sees it: NFKC (full-width letters become ASCII, ligatures split),
/// case-folded, invisible characters dropped, every run of blank space one space. Turkish's four
/// i's fold to one: default folding takes `I` to `i` and `İ` to `i` plus a combining dot, so
/// `ı` becomes `i` and the dot goes, or "ISTANBUL" and "ıstanbul" would differ.
pub fn fold(text: &str) -> String {
    let folded: String = text
        .nfkc()
        .default_case_fold()
        .nfkc()
        .filter(|&c| !is_invisible(c) && c != '\u{0307}')
        .map(|c| if c == 'ı' { 'i' } else { c })
        .collect();
    one_line(&folded)
}

/// The key two posts share when they are the same comment however they were typed: a hash of
/// the folded name and text (hashed to keep the index small).
pub fn duplicate_key(name: &str, body: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(fold(name).as_bytes());
    hash.update([0]);
    hash.update(fold(body).as_bytes());
    hex(&hash.finalize())
}

/// Bytes as lowercase hex digits, two a byte (a digest as a name or a key).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Top-level domains spammers use most, caught even without a path after them.
const COMMON_TLDS: &[&str] = &[
    "com", "net", "org", "info", "biz", "io", "co", "me", "tv", "ly", "gl", "ru", "cn", "de", "uk", "us", "xyz", "top",
    "site", "online", "shop", "store", "club", "app", "dev", "link", "click", "live", "win", "bet", "casino", "tr",
    "eu", "fr", "nl", "pl", "in", "br", "su", "to", "cc", "ws", "pw", "vip", "icu", "buzz", "today", "news",
];

/// Whether a text holds a link, for `--moderation links`: a scheme, `www.`, or a bare domain
/// (`spam.example/buy`, `ucuz.shop`), in whatever width or case it is typed.
pub fn contains_link(text: &str) -> bool {
    // Ideographic full stops act as dots in browsers' address bars.
    let text: String = fold(text).chars().map(|c| if matches!(c, '。' | '｡') { '.' } else { c }).collect();
    if text.contains("http://") || text.contains("https://") || text.contains("www.") || text.contains("://") {
        return true;
    }
    let words = text.split(|c: char| c.is_whitespace() || "\"'()[]<>,;!?«»“”".contains(c));
    words.into_iter().any(looks_like_domain)
}

/// Whether a word is `label.label…tld[/…]` with letters in its last label: a path, a port or a
/// well-known top-level domain makes it a link (a plain `a.b` between sentences does not).
fn looks_like_domain(word: &str) -> bool {
    let (host, rest) = match word.find(['/', ':']) {
        Some(at) => (&word[..at], Some(&word[at..])),
        None => (word.trim_end_matches('.'), None),
    };
    let labels: Vec<&str> = host.split('.').collect();
    let Some(tld) = labels.last() else {
        return false;
    };
    let labels_ok =
        labels.len() >= 2 && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    let tld_ok = (2..=24).contains(&tld.chars().count()) && tld.chars().all(char::is_alphabetic);
    labels_ok && tld_ok && (rest.is_some_and(|r| r.len() > 1) || COMMON_TLDS.contains(tld))
}

/// Whether an email's domain (already past the shared syntax check) is a valid IDNA name.
pub fn email_domain_ok(email: &str) -> bool {
    let Some((_, domain)) = email.rsplit_once('@') else {
        return false;
    };
    // IDNA2008 admits letters, digits and marks (UTS 46 alone would let `☃.com` through).
    let letters = domain
        .chars()
        .all(|c| c.is_ascii() || c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c));
    letters && idna::domain_to_ascii_strict(domain).is_ok_and(|ascii| ascii.len() <= 253)
}

/// A URL name made of a text: letters made ASCII (`Gündem` → `gundem`, `Kıyı İşleri` →
/// `kiyi-isleri`), every other run one hyphen, at most 100 characters cut at a word; none when
/// nothing of it is a letter or digit.
pub fn slugify(text: &str) -> Option<String> {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut slug = String::new();
    for part in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        if slug.len() + part.len() + 1 > 100 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    (!slug.is_empty()).then_some(slug)
}

/// Text on one line: every run of blank space (line breaks included) one space, none at the ends.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, cut at a word with an ellipsis when longer.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = cut.rfind(' ').filter(|at| *at > cut.len() / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_match_however_typed() {
        let key = duplicate_key("Ayşe", "Çok güzel bir yazı");
        assert_eq!(key, duplicate_key("AYŞE", "Çok  güzel\nbir yazı "));
        assert_eq!(key, duplicate_key("Ａｙşe", "çok güzel bir\u{200B} yazı"));
        assert_ne!(key, duplicate_key("Ayşe", "Çok güzel bir yazı!"));
        assert_ne!(duplicate_key("a", "bc"), duplicate_key("ab", "c"), "name and text stay apart");
        assert_eq!(duplicate_key("Işık", "İSTANBUL"), duplicate_key("ışık", "istanbul"), "Turkish i's");
    }

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slugify("Gündem").as_deref(), Some("gundem"));
        assert_eq!(slugify("  Kıyı & İŞLERİ ").as_deref(), Some("kiyi-isleri"));
        assert_eq!(slugify("Çağla Yıldız").as_deref(), Some("cagla-yildiz"));
        assert_eq!(slugify("★ — ★"), None);
        assert!(slugify(&"uzun ".repeat(40)).is_some_and(|s| s.len() <= 100 && !s.ends_with('-')));
    }

    #[test]
    fn links_in_every_disguise() {
        for link in [
            "bakın HTTPS://örnek.com",
            "www.example.org",
            "ｈｔｔｐｓ：／／spam.example",
            "spam.example/buy",
            "ucuz ilaç: ucuz.shop",
            "ＷＷＷ．ｅｘａｍｐｌｅ．ｃｏｍ",
            "site.com.",
            "gel spam。com",
            "spam.example:8080/x",
            "ftp://files.example",
        ] {
            assert!(contains_link(link), "{link}");
        }
        for text in ["düz metin", "Saat 3.15'te geldi.", "Bitti.Sonra gittik", "örn. bu", "e.g. this", "1.5 milyon"] {
            assert!(!contains_link(text), "{text}");
        }
    }

    #[test]
    fn idna_domains() {
        assert!(email_domain_ok("ayse@örnek.com.tr"));
        assert!(email_domain_ok("a@example.com"));
        assert!(!email_domain_ok("a@xn--a.com"), "a broken punycode label");
        assert!(!email_domain_ok("a@örnek☃.com"), "a symbol");
    }

    proptest::proptest! {
        /// Folding is a normal form: folding again changes nothing.
        #[test]
        fn folding_is_idempotent(text in "\\PC{0,40}") {
            let once = fold(&text);
            proptest::prop_assert_eq!(fold(&once), once);
        }

        /// A comment and its shouting, spaced-out copy share a key.
        #[test]
        fn case_and_spacing_do_not_hide_a_duplicate(name in "[a-zçğışöü]{1,10}", words in proptest::collection::vec("[a-zçğışöü]{1,8}", 1..6)) {
            let body = words.join(" ");
            let loud = words.iter().map(|w| w.to_uppercase()).collect::<Vec<_>>().join("  \n ");
            proptest::prop_assert_eq!(duplicate_key(&name, &body), duplicate_key(&name.to_uppercase(), &loud));
        }

        /// What the shared rules accept, the server's checks handle without surprise: a key and
        /// a link verdict for any accepted comment.
        #[test]
        fn accepted_comments_have_keys(name in "\\PC{1,30}", body in "\\PC{2,60}") {
            if let Ok(checked) = okur_types::comments::check_comment(&name, "", &body) {
                proptest::prop_assert_eq!(duplicate_key(&checked.author_name, &checked.body).len(), 64);
                let _ = contains_link(&checked.body);
            }
        }
    }
}
