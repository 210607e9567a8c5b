//! Names that would pass for someone else's: a reader's name whose look (Unicode TS #39's
//! confusable skeleton) is the site's, an author's or a staff member's, or that carries the
//! word of the staff badge. `Ηaber` with a Greek Eta, `еditor` with a Cyrillic е and the
//! author's own name spelt exactly all look the same on the page, so they are refused alike.

use std::collections::HashSet;

use unicode_security::confusable_detection::skeleton;

/// The site's name, as the masthead shows it.
pub const SITE_NAME: &str = "okur";

/// The words of the badge staff comments carry (Turkish and English): a reader's name may not
/// hold them, whatever the case or the letters they are spelt with.
const BADGE_WORDS: [&str; 2] = ["moderatör", "moderator"];

/// How a name looks: its skeleton, blank runs one space, the ends trimmed.
pub fn look(name: &str) -> String {
    let shape: String = skeleton(name).collect();
    shape.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The looks of the names readers may not take.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    looks: HashSet<String>,
    badge: Vec<String>,
}

impl Protected {
    /// The site's name and these (authors, staff).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let looks = std::iter::once(SITE_NAME).chain(names).map(look).filter(|l| !l.is_empty()).collect();
        Protected { looks, badge: BADGE_WORDS.iter().map(|w| look(w)).collect() }
    }

    /// Whether a reader's name would pass for a protected one or claim the badge.
    pub fn taken_by(&self, name: &str) -> bool {
        if self.looks.contains(&look(name)) {
            return true;
        }
        // Case aside for the badge: "(MODERATÖR)" claims it as well. Lowercasing first lets
        // the skeleton map look-alike capitals too.
        let lower = look(&name.to_lowercase());
        self.badge.iter().any(|word| lower.contains(word.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_of_protected_names_are_taken() {
        let protected = Protected::new(["Haber Merkezi", "editor", "Zeynep Öztürk"]);
        for taken in [
            "\u{0397}aber Merkezi",          // Greek capital Eta
            "Haber  Merkezi ",               // spacing
            "\u{0435}ditor",                 // Cyrillic е
            "Zeynep Öztürk",                 // the author's name, spelt exactly
            "Zeynep O\u{0308}ztu\u{0308}rk", // the same, decomposed
            "okur",                          // the site
            "\u{043E}kur",                   // the site, with a Cyrillic о
            "ali (Moderatör)",
            "Ali (MODERATÖR)",
            "Ayşe (m\u{043E}derator)",
        ] {
            assert!(protected.taken_by(taken), "{taken:?}");
        }
        for free in ["Okur", "Haber Merkezi Ankara", "editör", "Zeynep", "Ayşe", "Mert Aydın", "Moda"] {
            assert!(!protected.taken_by(free), "{free:?}");
        }
    }
}
