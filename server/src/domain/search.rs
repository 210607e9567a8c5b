//! Search as both stores run it: words folded so that Turkish's four i's are one letter and
//! accents do not matter (`İstanbul`, `ISTANBUL`, `istanbul`; `cagla`, `Çağla`), stemmed by the
//! Snowball stemmer of the article's language (the algorithms PostgreSQL's `turkish` and
//! `english` configurations run), made here in Rust so that SQLite (FTS5) and PostgreSQL
//! (`tsvector`, the `simple` configuration) index and match exactly the same terms.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

use super::text::fold;

/// Longest query, in characters.
pub const QUERY_MAX_CHARS: usize = 200;
/// Most words in a query.
pub const QUERY_MAX_TERMS: usize = 10;
/// Longest indexed word, in bytes: longer runs (a pasted hash, a URL) are not words anyone types.
const WORD_MAX: usize = 64;

/// A word as search compares it: [`fold`] (NFKC, case folding, the i's as one), then without
/// accents or other marks (`çağla` → `cagla`), letters and digits only (NFKC may split a
/// character into a run with punctuation: `½` is `1⁄2`).
pub fn fold_word(word: &str) -> String {
    fold(word).nfd().filter(|&c| c.is_alphanumeric() && !okur_types::text::is_mark(c)).collect()
}

/// The words of a text: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && w.len() <= WORD_MAX)
}

/// The stemmer for a language tag (`tr`, `en-GB`), when there is one.
fn stemmer(language: &str) -> Option<Stemmer> {
    match language.split('-').next().unwrap_or_default() {
        "tr" => Some(Stemmer::create(Algorithm::Turkish)),
        "en" => Some(Stemmer::create(Algorithm::English)),
        _ => None,
    }
}

/// A word in lower case as its language writes it: in Turkish `I` is `ı` and `İ` is `i`.
fn lower(word: &str, turkish: bool) -> String {
    if turkish {
        word.chars()
            .flat_map(|c| match c {
                'I' => vec!['ı'],
                'İ' => vec!['i'],
                c => c.to_lowercase().collect(),
            })
            .collect()
    } else {
        word.to_lowercase()
    }
}

/// The terms a word is found by: the folded word and, when its language's stemmer shortens
/// it, the folded stem too (`haberleri` → `haberleri`, `haber`). A stem shorter than
/// [`stem_min`] is left out: Turkish's stemmer takes `kıyı` to `kı`, which would find every `ki`.
fn word_terms(word: &str, language: &str, stemmer: Option<&Stemmer>) -> Vec<String> {
    let folded = fold_word(word);
    let mut terms = vec![folded];
    if let Some(stemmer) = stemmer {
        let turkish = language.starts_with("tr");
        let stem = fold_word(&stemmer.stem(&lower(word, turkish)));
        if stem.chars().count() >= stem_min(turkish) && !terms.contains(&stem) {
            terms.push(stem);
        }
    }
    terms
}

/// The shortest stem used: Turkish roots of three letters or fewer are too often other words.
fn stem_min(turkish: bool) -> usize {
    if turkish {
        4
    } else {
        3
    }
}

/// A text as the index holds it: every word's terms, separated by spaces.
pub fn index_text(text: &str, language: &str) -> String {
    let stemmer = stemmer(language);
    // A word's terms are worked out once per text (where they sit in `out`), then copied.
    let mut done: HashMap<&str, std::ops::Range<usize>> = HashMap::new();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for word in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        if let Some(range) = done.get(word) {
            out.extend_from_within(range.clone());
            continue;
        }
        let start = out.len();
        for (i, term) in word_terms(word, language, stemmer.as_ref()).iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(term);
        }
        done.insert(word, start..out.len());
    }
    out
}

/// The words of an article's body a search looks at: headings, paragraphs, quotes and their
/// sources, list items, image captions and alternatives.
pub fn body_text(body: &[okur_types::Block]) -> String {
    use okur_types::Block;
    let mut text = String::new();
    let mut add = |part: &str| {
        text.push_str(part);
        text.push('\n');
    };
    for block in body {
        match block {
            Block::Heading { text } | Block::Paragraph { text, .. } => add(text),
            Block::Quote { text, cite, .. } => {
                add(text);
                cite.as_deref().map(&mut add);
            }
            Block::List { items, .. } => items.iter().for_each(|item| add(item)),
            Block::Image { alt, caption, .. } => {
                add(alt);
                caption.as_deref().map(&mut add);
            }
        }
    }
    text
}

/// Why a query cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing to look for.
    #[error("Type a word to search for.")]
    Empty,
    /// Over [`QUERY_MAX_CHARS`].
    #[error("A search is at most {QUERY_MAX_CHARS} characters.")]
    TooLong,
    /// Over [`QUERY_MAX_TERMS`].
    #[error("A search is at most {QUERY_MAX_TERMS} words.")]
    TooManyWords,
}

/// A parsed query: every word must match (in any of its forms); a word's forms are its folded
/// self and its stems in Turkish and in English (the query's language is not known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Each word's terms, any of which matches it.
    pub words: Vec<Vec<String>>,
}

impl Query {
    /// Reads what a reader typed.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        if text.chars().count() > QUERY_MAX_CHARS {
            return Err(QueryError::TooLong);
        }
        // Every run of letters is a word here, a very long one cut to the longest the index
        // keeps (it then finds nothing, as nothing that long is indexed): an answer, not a 400.
        let typed: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                &w[..w
                    .char_indices()
                    .map(|(at, c)| at + c.len_utf8())
                    .take_while(|end| *end <= WORD_MAX)
                    .last()
                    .unwrap_or(0)]
            })
            .filter(|w| !w.is_empty())
            .collect();
        if typed.len() > QUERY_MAX_TERMS {
            return Err(QueryError::TooManyWords);
        }
        let (turkish, english) = (stemmer("tr"), stemmer("en"));
        let mut words: Vec<Vec<String>> = Vec::new();
        for word in typed {
            let mut terms = word_terms(word, "tr", turkish.as_ref());
            for term in word_terms(word, "en", english.as_ref()) {
                if !terms.contains(&term) {
                    terms.push(term);
                }
            }
            terms.retain(|t| !t.is_empty());
            if !terms.is_empty() && !words.contains(&terms) {
                words.push(terms);
            }
        }
        if words.is_empty() {
            return Err(QueryError::Empty);
        }
        Ok(Query { words })
    }

    /// A query for stories like one with this title and summary: their longer words (four
    /// letters or more, the first ten), any of which may match; none when there are none.
    pub fn similar_to(title: &str, summary: &str) -> Option<Query> {
        let mut words: Vec<Vec<String>> = Vec::new();
        for word in self::words(title).chain(self::words(summary)) {
            let folded = fold_word(word);
            if folded.chars().count() >= 4 && !words.iter().any(|w| w[0] == folded) {
                words.push(vec![folded]);
            }
            if words.len() == QUERY_MAX_TERMS {
                break;
            }
        }
        (!words.is_empty()).then_some(Query { words })
    }

    /// The query in FTS5's syntax: `("a" OR "b") AND ("c")`. Terms are letters and digits only,
    /// so quoting them makes every one a plain term, never an operator.
    pub fn fts5(&self) -> String {
        self.join(" AND ", " OR ", '"')
    }

    /// The query in PostgreSQL's `to_tsquery` syntax: `('a' | 'b') & ('c')`.
    pub fn tsquery(&self) -> String {
        self.join(" & ", " | ", '\'')
    }

    /// The query with any word enough (for related stories), in FTS5's syntax or PostgreSQL's.
    pub fn any(&self, fts5: bool) -> String {
        if fts5 {
            self.join(" OR ", " OR ", '"')
        } else {
            self.join(" | ", " | ", '\'')
        }
    }

    /// Every word's terms in parentheses, joined.
    fn join(&self, and: &str, or: &str, quote: char) -> String {
        self.words
            .iter()
            .map(|terms| {
                let any: Vec<String> = terms.iter().map(|t| format!("{quote}{t}{quote}")).collect();
                format!("({})", any.join(or))
            })
            .collect::<Vec<_>>()
            .join(and)
    }
}

/// Tells a query's words in a text in one language, remembering each word it has looked at
/// (news text repeats its words; stemming is most of the cost of a snippet).
struct Highlighter<'q, 't> {
    query: &'q Query,
    language: &'q str,
    stemmer: Option<Stemmer>,
    seen: HashMap<&'t str, bool>,
}

impl<'q, 't> Highlighter<'q, 't> {
    /// A highlighter of `query`'s words for text in `language`.
    fn new(query: &'q Query, language: &'q str) -> Self {
        Highlighter { query, language, stemmer: stemmer(language), seen: HashMap::new() }
    }

    /// Whether `word` is one of the query's words, in any of its forms.
    fn matches(&mut self, word: &'t str) -> bool {
        if let Some(&hit) = self.seen.get(word) {
            return hit;
        }
        let terms = word_terms(word, self.language, self.stemmer.as_ref());
        let hit = self.query.words.iter().flatten().any(|t| terms.contains(t));
        self.seen.insert(word, hit);
        hit
    }
}

/// How many words a snippet shows.
const SNIPPET_WORDS: usize = 30;

/// A few words of the first of `texts` that holds a word the query looks for, around it, as
/// parts (text, matched); the first text's opening words when none does. Text stays text: the
/// caller draws a highlight around a matched part.
pub fn snippet(query: &Query, texts: &[&str], language: &str) -> Vec<(String, bool)> {
    let mut highlighter = Highlighter::new(query, language);
    for text in texts {
        let tokens = tokens(text);
        if let Some(first) = tokens.iter().position(|(t, word)| *word && highlighter.matches(t)) {
            return window(&tokens, first, |t| highlighter.matches(t));
        }
    }
    let tokens = tokens(texts.first().copied().unwrap_or_default());
    window(&tokens, 0, |_| false)
}

/// A text as runs of word characters and runs of others, in order.
fn tokens(text: &str) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut start = 0;
    let mut word = None;
    for (at, c) in text.char_indices() {
        let is_word = c.is_alphanumeric();
        if word.is_some_and(|w| w != is_word) {
            out.push((&text[start..at], word.unwrap_or(false)));
            start = at;
        }
        word = Some(is_word);
    }
    if let Some(w) = word {
        out.push((&text[start..], w));
    }
    out
}

/// [`SNIPPET_WORDS`] words from a few before the first hit, with an ellipsis where cut; `hit`
/// tells the words to mark (asked only of the words shown).
fn window<'t>(tokens: &[(&'t str, bool)], first: usize, mut hit: impl FnMut(&'t str) -> bool) -> Vec<(String, bool)> {
    let words_before = tokens[..first].iter().filter(|(_, w)| *w).count();
    let skip_words = words_before.saturating_sub(8);
    let (mut seen, mut from) = (0, 0);
    for (i, (_, word)) in tokens.iter().enumerate() {
        if seen == skip_words {
            from = i;
            break;
        }
        seen += usize::from(*word);
    }
    let mut parts: Vec<(String, bool)> = Vec::new();
    if from > 0 {
        parts.push(("…".to_owned(), false));
    }
    let mut words = 0;
    let mut to = tokens.len();
    for (i, &(text, word)) in tokens.iter().enumerate().skip(from) {
        if word {
            if words == SNIPPET_WORDS {
                to = i;
                break;
            }
            words += 1;
        }
        let marked = word && hit(text);
        let text = if i == from { text.trim_start() } else { text };
        match parts.last_mut() {
            Some((last, false)) if !marked => last.push_str(text),
            _ => parts.push((text.to_owned(), marked)),
        }
    }
    if to < tokens.len() {
        match parts.last_mut() {
            Some((last, false)) => {
                let kept = last.trim_end().len();
                last.truncate(kept);
                last.push_str(" …");
            }
            _ => parts.push((" …".to_owned(), false)),
        }
    }
    parts.retain(|(text, _)| !text.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(query: &str, text: &str, language: &str) -> bool {
        let query = Query::parse(query).unwrap();
        let index: Vec<String> = index_text(text, language).split(' ').map(str::to_owned).collect();
        query.words.iter().all(|terms| terms.iter().any(|t| index.contains(t)))
    }

    #[test]
    fn turkish_i_s_are_one_letter() {
        for query in ["İstanbul", "istanbul", "ISTANBUL", "Istanbul"] {
            assert!(found(query, "İstanbul'da yağmur", "tr"), "{query}");
            assert!(found(query, "ISTANBUL", "en"), "{query}");
        }
        assert!(found("ılık", "ILIK bir rüzgâr", "tr"));
        assert!(found("ILIK", "ılık bir rüzgâr", "tr"));
    }

    #[test]
    fn accents_do_not_matter() {
        assert!(found("cagla", "Çağla Yıldız yazdı", "tr"));
        assert!(found("sisli", "Şişli'de trafik", "tr"));
        assert!(found("ŞİŞLİ", "sisli", "tr"));
        assert!(found("ruzgar", "rüzgâr", "tr"));
        assert!(found("cafe", "Café", "en"));
    }

    #[test]
    fn a_repeated_word_is_indexed_each_time() {
        let once = index_text("haberleri", "tr");
        assert_eq!(index_text("haberleri, haberleri haberleri", "tr"), [once.as_str(); 3].join(" "));
        assert_eq!(index_text("", "tr"), "");
    }

    #[test]
    fn stems_find_other_forms() {
        assert!(found("haber", "Günün haberleri", "tr"));
        assert!(found("haberler", "Bir haber daha", "tr"));
        assert!(found("running", "She runs the harbour", "en"));
        assert!(!found("liman", "Günün haberleri", "tr"));
    }

    #[test]
    fn queries_are_bounded_and_quoted() {
        assert_eq!(Query::parse("  ,;  "), Err(QueryError::Empty));
        assert_eq!(Query::parse(&"a".repeat(201)), Err(QueryError::TooLong));
        assert_eq!(Query::parse("a b c d e f g h i j k"), Err(QueryError::TooManyWords));
        assert!(Query::parse("a b c d e f g h i j").is_ok());
        let long = Query::parse(&"0".repeat(200)).unwrap();
        assert_eq!(long.words, vec![vec!["0".repeat(64)]], "a word longer than any indexed one finds nothing");
        assert!(Query::parse(&"ş".repeat(100)).is_ok(), "cut at a character");
        let q = Query::parse("\"kıyı\" OR NEAR(x) *").unwrap();
        assert_eq!(q.fts5(), "(\"kiyi\") AND (\"or\") AND (\"near\") AND (\"x\")");
        assert_eq!(Query::parse("liman").unwrap().tsquery(), "('liman' | 'lima')", "the English stem too");
        assert_eq!(Query::parse("sözleri sözleri").unwrap().words.len(), 1, "a word twice is one word");
    }

    #[test]
    fn highlights_know_the_forms() {
        let q = Query::parse("cagla haber").unwrap();
        let mut highlighter = Highlighter::new(&q, "tr");
        assert!(highlighter.matches("Çağla"));
        assert!(highlighter.matches("haberleri"));
        assert!(!highlighter.matches("liman"));
    }

    #[test]
    fn snippets_mark_the_words_and_stay_short() {
        let q = Query::parse("cagla").unwrap();
        let long = format!("{} Çağla Yıldız <b>yazdı</b> & {}", "önce ".repeat(20), "sonra ".repeat(40));
        let parts = snippet(&q, &["Özet burada.", &long], "tr");
        assert_eq!(parts.iter().filter(|(_, hit)| *hit).map(|(t, _)| t.as_str()).collect::<Vec<_>>(), ["Çağla"]);
        assert!(parts.first().is_some_and(|(t, _)| t.starts_with("…önce")), "{parts:?}");
        assert!(parts.last().is_some_and(|(t, _)| t.ends_with(" …")), "{parts:?}");
        let text: String = parts.iter().map(|(t, _)| t.as_str()).collect();
        assert!(text.contains("<b>yazdı</b> &"), "text stays text, for the page to escape: {text}");
        assert!(text.split_whitespace().count() <= 34, "{text}");
        let none = snippet(&Query::parse("liman").unwrap(), &["Kısa özet.", "Metin."], "tr");
        assert_eq!(none, vec![("Kısa özet.".to_owned(), false)]);
    }

    proptest::proptest! {
        /// Any text indexes and any typed query parses or is refused, without a panic; a
        /// parsed query's syntax has only its quoted terms and the operators.
        #[test]
        fn anything_goes_in(text in "\\PC{0,80}") {
            let _ = index_text(&text, "tr");
            if let Ok(q) = Query::parse(&text) {
                for terms in &q.words {
                    for t in terms {
                        proptest::prop_assert!(t.chars().all(char::is_alphanumeric), "{t:?}");
                    }
                }
            }
        }
    }
}
