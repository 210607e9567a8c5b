//! A block's text as the editor types it: plain words, with `*emphasis*`, `**strong**` and
//! `[words](https://…)` around them, a backslash before a sign meant as itself (`\*`). The
//! story keeps text and marks apart (okur_types::Mark); this is the way between the two, both
//! ways, so that an editor edits in a plain text field (the most accessible there is) and the
//! toolbar's buttons and shortcuts only wrap the selection in these signs.
//!
//! Reading never fails: a sign without its pair is a sign in the text, so nothing typed is lost.

use okur_types::{Mark, MarkKind};

/// One piece of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A character of the text.
    Char(char),
    /// `**`.
    Strong,
    /// `*`.
    Em,
    /// `[`.
    Open,
    /// `](target)`.
    Close(String),
}

impl Token {
    /// How the token reads as text when it has no pair.
    fn literal(&self) -> String {
        match self {
            Token::Char(c) => c.to_string(),
            Token::Strong => "**".into(),
            Token::Em => "*".into(),
            Token::Open => "[".into(),
            Token::Close(href) => format!("]({href})"),
        }
    }
}

/// The source cut into tokens.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                out.push(Token::Char(chars[i + 1]));
                i += 2;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                out.push(Token::Strong);
                i += 2;
            }
            '*' => {
                out.push(Token::Em);
                i += 1;
            }
            '[' => {
                out.push(Token::Open);
                i += 1;
            }
            ']' if chars.get(i + 1) == Some(&'(') => {
                // The target runs to its closing parenthesis, counting pairs inside it.
                let mut depth = 0;
                let mut j = i + 2;
                let mut end = None;
                while j < chars.len() {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' if depth == 0 => {
                            end = Some(j);
                            break;
                        }
                        ')' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                match end {
                    Some(end) => {
                        out.push(Token::Close(chars[i + 2..end].iter().collect()));
                        i = end + 1;
                    }
                    None => {
                        out.push(Token::Char(']'));
                        i += 1;
                    }
                }
            }
            c => {
                out.push(Token::Char(c));
                i += 1;
            }
        }
    }
    out
}

/// The text and its marks, from what the editor typed.
pub fn parse(source: &str) -> (String, Vec<Mark>) {
    let tokens = tokens(source);
    // Pair the signs: a closer takes the nearest opener of its kind, and any opener above it
    // (crossing it) stays a sign in the text.
    let mut pair: Vec<Option<usize>> = vec![None; tokens.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let opener = |t: &Token| {
            matches!(
                (token, t),
                (Token::Strong, Token::Strong) | (Token::Em, Token::Em) | (Token::Close(_), Token::Open)
            )
        };
        match token {
            Token::Char(_) => {}
            Token::Open => open.push(i),
            Token::Strong | Token::Em | Token::Close(_) => match open.iter().rposition(|&o| opener(&tokens[o])) {
                Some(at) => {
                    let start = open[at];
                    open.truncate(at);
                    pair[start] = Some(i);
                    pair[i] = Some(start);
                }
                None if !matches!(token, Token::Close(_)) => open.push(i),
                None => {}
            },
        }
    }
    let mut text = String::new();
    let mut count = 0u32;
    let mut starts = vec![0u32; tokens.len()];
    let mut marks = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match (token, pair[i]) {
            (Token::Char(c), _) => {
                text.push(*c);
                count += 1;
            }
            (_, Some(other)) if other > i => starts[i] = count,
            (_, Some(other)) => {
                let (kind, href) = match token {
                    Token::Strong => (MarkKind::Strong, None),
                    Token::Em => (MarkKind::Em, None),
                    Token::Close(href) => (MarkKind::Link, Some(href.trim().to_owned())),
                    _ => unreachable!("an opener closes nothing"),
                };
                if count > starts[other] {
                    marks.push(Mark { start: starts[other], end: count, kind, href });
                }
            }
            (_, None) => {
                let literal = token.literal();
                count += literal.chars().count() as u32;
                text.push_str(&literal);
            }
        }
    }
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.kind.cmp(&b.kind)));
    (text, marks)
}

/// What the editor types for a text and its marks (the story's, as the server keeps them).
pub fn source(text: &str, marks: &[Mark]) -> String {
    let mut marks: Vec<&Mark> = marks.iter().collect();
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.kind.cmp(&b.kind)));
    let mut out = String::new();
    let mut open: Vec<&Mark> = Vec::new();
    let mut next = marks.into_iter().peekable();
    let chars: Vec<char> = text.chars().collect();
    for i in 0..=chars.len() as u32 {
        while let Some(mark) = open.last().filter(|m| m.end <= i) {
            out.push_str(&closer(mark));
            open.pop();
        }
        while let Some(mark) = next.next_if(|m| m.start <= i) {
            if mark.end > i && open.last().is_none_or(|o| mark.end <= o.end) {
                out.push_str(opener(mark.kind));
                open.push(mark);
            }
        }
        if let Some(&c) = chars.get(i as usize) {
            if matches!(c, '*' | '[' | ']' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    for mark in open.into_iter().rev() {
        out.push_str(&closer(mark));
    }
    out
}

/// A mark's opening signs.
fn opener(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Link => "[",
        MarkKind::Strong => "**",
        MarkKind::Em => "*",
    }
}

/// A mark's closing signs.
fn closer(mark: &Mark) -> String {
    match mark.kind {
        MarkKind::Link => format!("]({})", mark.href.as_deref().unwrap_or_default()),
        MarkKind::Strong => "**".into(),
        MarkKind::Em => "*".into(),
    }
}

/// The signs that wrap a selection for a toolbar button or shortcut: (before, after).
pub fn wrapping(kind: MarkKind, href: &str) -> (String, String) {
    match kind {
        MarkKind::Link => ("[".into(), format!("]({href})")),
        other => (opener(other).into(), opener(other).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: u32, end: u32, kind: MarkKind, href: Option<&str>) -> Mark {
        Mark { start, end, kind, href: href.map(Into::into) }
    }

    #[test]
    fn signs_become_marks() {
        let (text, marks) = parse("Bkz. [**liman** raporu](https://example.org/a_(b)) ve *eski* haber.");
        assert_eq!(text, "Bkz. liman raporu ve eski haber.");
        assert_eq!(
            marks,
            [
                mark(5, 17, MarkKind::Link, Some("https://example.org/a_(b)")),
                mark(5, 10, MarkKind::Strong, None),
                mark(21, 25, MarkKind::Em, None),
            ]
        );
    }

    #[test]
    fn a_sign_without_its_pair_stays_text() {
        for source in ["2 * 3 = 6", "**yarım", "[köşeli] ayraç", "a ](b", "*a **b* c**"] {
            let (text, marks) = parse(source);
            assert!(!text.is_empty(), "{source}");
            // Whatever was typed comes back when written again: nothing is lost.
            assert_eq!(parse(&self::source(&text, &marks)), (text.clone(), marks.clone()), "{source}");
        }
        assert_eq!(parse("2 * 3 = 6"), ("2 * 3 = 6".into(), vec![]));
        assert_eq!(parse("[köşeli] ayraç").0, "[köşeli] ayraç");
        let (text, marks) = parse("*a **b* c**");
        assert_eq!(text, "a **b c**");
        assert_eq!(marks, [mark(0, 5, MarkKind::Em, None)], "the crossing ** stays text");
    }

    #[test]
    fn a_story_reads_back_as_it_was_written() {
        let marks = vec![
            mark(0, 3, MarkKind::Strong, None),
            mark(4, 11, MarkKind::Link, Some("/articles/x")),
            mark(4, 6, MarkKind::Em, None),
        ];
        assert_eq!(source("Çok iyi bağ 2*3", &marks), "**Çok** [*iy*i bağ](/articles/x) 2\\*3");
        // Signs in the text itself, marks across them: back as they were.
        let text = "Çok *önemli* [bağ] ve \\ son";
        let marks = vec![
            mark(0, 3, MarkKind::Strong, None),
            mark(4, 17, MarkKind::Link, Some("/articles/x")),
            mark(4, 12, MarkKind::Em, None),
        ];
        assert_eq!(parse(&source(text, &marks)), (text.to_owned(), marks));
        assert_eq!(wrapping(MarkKind::Link, "https://a.example"), ("[".into(), "](https://a.example)".into()));
    }
}
