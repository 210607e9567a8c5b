//! Links and emphasis inside a block's text ([`Mark`]): the rules every mark passes, however
//! the article gets in, and [`Marked`], the text-with-marks the imports build as they read
//! inline markup.

use okur_types::text::is_link_target;
use okur_types::{Mark, MarkKind};

/// Most marks in one block's text (or one list item's).
pub const MARKS_MAX: usize = 1_000;
/// Longest link target, in bytes.
pub const HREF_MAX: usize = 2_000;

/// Checks a link target and writes its scheme in lowercase (`HTTPS://` is `https://`): an
/// `https://`, `http://` or `mailto:` address, or a path on this site.
pub fn clean_href(value: &str) -> Result<String, String> {
    let value = value.trim();
    let value = match value.split_once(':') {
        Some((scheme, rest)) if ["https", "http", "mailto"].iter().any(|s| scheme.eq_ignore_ascii_case(s)) => {
            format!("{}:{rest}", scheme.to_ascii_lowercase())
        }
        _ => value.to_owned(),
    };
    if value.len() <= HREF_MAX && is_link_target(&value) {
        Ok(value)
    } else {
        Err(format!(
            "link target {value:?} must be an https://, http:// or mailto: address or a path on this site (/…), \
             with no spaces or backslashes (at most {HREF_MAX} characters)"
        ))
    }
}

/// Checks the marks of a text of `len` characters and puts them in the order the components
/// read them: by start, the longer first, a link outside emphasis over the same words. Each
/// mark covers at least one character within the text; a link has a target and nothing else
/// has; marks nest or stand apart, never cross; no link inside a link, no mark inside one of its
/// own kind.
pub fn check_marks(field: &str, len: usize, mut marks: Vec<Mark>) -> Result<Vec<Mark>, String> {
    if marks.len() > MARKS_MAX {
        return Err(format!("the {field} has more than {MARKS_MAX} marks"));
    }
    let name = |m: &Mark| format!("the {field}'s {} mark at {}–{}", kind_name(m.kind), m.start, m.end);
    for mark in &mut marks {
        if mark.start >= mark.end {
            return Err(format!("{} must cover at least one character (start before end)", name(mark)));
        }
        if mark.end as usize > len {
            return Err(format!("{} goes past the end of its text ({len} characters)", name(mark)));
        }
        mark.href = match (mark.kind, mark.href.take()) {
            (MarkKind::Link, Some(href)) => Some(clean_href(&href)?),
            (MarkKind::Link, None) => return Err(format!("{} needs an href", name(mark))),
            (_, Some(_)) => return Err(format!("{} cannot have an href: only a link has one", name(mark))),
            (_, None) => None,
        };
    }
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.kind.cmp(&b.kind)));
    let mut open: Vec<&Mark> = Vec::new();
    for mark in &marks {
        while open.last().is_some_and(|o| o.end <= mark.start) {
            open.pop();
        }
        if let Some(outer) = open.last().filter(|o| mark.end > o.end) {
            return Err(format!("{} crosses {}: marks nest or stand apart", name(mark), name(outer)));
        }
        if let Some(outer) = open.iter().find(|o| o.kind == mark.kind) {
            return Err(format!("{} is inside {}, of the same kind", name(mark), name(outer)));
        }
        open.push(mark);
    }
    Ok(marks)
}

/// A kind as the API writes it.
fn kind_name(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Link => "link",
        MarkKind::Strong => "strong",
        MarkKind::Em => "em",
    }
}

/// Moves marks made on `old` onto `new`: `old` with characters left out (blank space trimmed or
/// collapsed, a text clipped) or blank space changed (a line break made a space). A mark keeps
/// the characters that stayed; one whose characters all went is dropped.
pub fn realign(old: &str, new: &str, marks: Vec<Mark>) -> Vec<Mark> {
    if marks.is_empty() {
        return marks;
    }
    // at[i]: how many of old's first i characters stayed, which is where old's character i went.
    let mut at = Vec::with_capacity(old.len() + 1);
    let mut kept = new.chars().peekable();
    let mut count = 0u32;
    for c in old.chars() {
        at.push(count);
        if kept.next_if(|&n| n == c || (n.is_whitespace() && c.is_whitespace())).is_some() {
            count += 1;
        }
    }
    at.push(count);
    let moved = |i: u32| at.get(i as usize).copied().unwrap_or(count);
    marks
        .into_iter()
        .filter_map(|m| {
            let (start, end) = (moved(m.start), moved(m.end));
            (start < end).then_some(Mark { start, end, ..m })
        })
        .collect()
}

/// A text with its marks, as an import reads inline markup: words are pushed, an element's mark
/// opened at its start and closed at its end.
#[derive(Debug, Default)]
pub struct Marked {
    /// The words so far.
    pub text: String,
    /// The marks closed so far.
    pub marks: Vec<Mark>,
    /// The characters in `text`.
    chars: u32,
    /// One entry per open element: its mark, or none when it marks nothing new (an `<em>`
    /// inside an `<em>`, a link inside a link, a link whose target is refused).
    open: Vec<Option<Mark>>,
}

impl Marked {
    /// Adds words.
    pub fn push_str(&mut self, words: &str) {
        self.text.push_str(words);
        self.chars += u32::try_from(words.chars().count()).unwrap_or(u32::MAX);
    }

    /// Adds one character.
    pub fn push(&mut self, c: char) {
        self.text.push(c);
        self.chars += 1;
    }

    /// Opens an element's mark (`None`: an element that marks nothing, closed all the same).
    /// Returns whether it marks: not when a mark of its kind is already open.
    pub fn open(&mut self, kind: Option<MarkKind>, href: Option<String>) -> bool {
        let kind = kind.filter(|k| !self.open.iter().flatten().any(|m| m.kind == *k));
        let opened = kind.is_some();
        self.open.push(kind.map(|kind| Mark { start: self.chars, end: self.chars, kind, href }));
        opened
    }

    /// Closes the innermost open element; its mark is kept when it covers something.
    pub fn close(&mut self) {
        if let Some(Some(mut mark)) = self.open.pop() {
            mark.end = self.chars;
            if mark.end > mark.start {
                self.marks.push(mark);
            }
        }
    }

    /// Whether no words were pushed yet.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The text made tidy by `tidy` (blank space, clipping), the marks moved along with it.
    pub fn finish(self, tidy: impl FnOnce(&str) -> String) -> (String, Vec<Mark>) {
        let text = tidy(&self.text);
        let marks = realign(&self.text, &text, self.marks);
        (text, marks)
    }

    /// Adds a finished text and its marks after what is here.
    pub fn append(&mut self, (text, marks): (String, Vec<Mark>)) {
        let shift = self.chars;
        self.marks.extend(marks.into_iter().map(|m| Mark { start: m.start + shift, end: m.end + shift, ..m }));
        self.push_str(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: u32, end: u32, kind: MarkKind, href: Option<&str>) -> Mark {
        Mark { start, end, kind, href: href.map(Into::into) }
    }

    #[test]
    fn link_targets_are_checked_and_their_scheme_lowercased() {
        assert_eq!(clean_href(" HTTPS://example.org/A ").unwrap(), "https://example.org/A");
        assert_eq!(clean_href("MailTo:a@example.org").unwrap(), "mailto:a@example.org");
        assert_eq!(clean_href("/articles/x").unwrap(), "/articles/x");
        for bad in ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.example", "x.html", ""] {
            assert!(clean_href(bad).is_err(), "{bad}");
        }
        assert!(clean_href(&format!("https://example.org/{}", "a".repeat(HREF_MAX))).is_err());
    }

    #[test]
    fn marks_are_ordered_and_nested() {
        let marks = vec![
            mark(4, 7, MarkKind::Em, None),
            mark(0, 3, MarkKind::Strong, None),
            mark(4, 7, MarkKind::Link, Some("https://example.org")),
            mark(4, 12, MarkKind::Strong, None),
        ];
        let ordered = check_marks("paragraph", 12, marks).unwrap();
        let spans: Vec<_> = ordered.iter().map(|m| (m.start, m.end, m.kind)).collect();
        assert_eq!(
            spans,
            [(0, 3, MarkKind::Strong), (4, 12, MarkKind::Strong), (4, 7, MarkKind::Link), (4, 7, MarkKind::Em)]
        );
    }

    #[test]
    fn broken_and_hostile_marks_are_refused_with_a_reason() {
        let link = |href| mark(0, 2, MarkKind::Link, Some(href));
        let cases = [
            (vec![mark(2, 2, MarkKind::Em, None)], "at least one character"),
            (vec![mark(3, 2, MarkKind::Em, None)], "at least one character"),
            (vec![mark(0, 6, MarkKind::Em, None)], "past the end"),
            (vec![mark(0, 2, MarkKind::Link, None)], "needs an href"),
            (vec![mark(0, 2, MarkKind::Em, Some("/a"))], "only a link"),
            (vec![link("javascript:alert(1)")], "link target"),
            (vec![link("data:text/html;base64,PHNjcmlwdD4=")], "link target"),
            (vec![link("vbscript:x")], "link target"),
            (vec![mark(0, 3, MarkKind::Em, None), mark(2, 5, MarkKind::Strong, None)], "crosses"),
            (vec![mark(0, 5, MarkKind::Link, Some("/a")), link("/b")], "same kind"),
            (vec![mark(0, 5, MarkKind::Em, None), mark(1, 2, MarkKind::Em, None)], "same kind"),
        ];
        for (marks, reason) in cases {
            let err = check_marks("paragraph", 5, marks.clone()).unwrap_err();
            assert!(err.contains(reason), "{marks:?}: {err}");
        }
        let many = (0..=MARKS_MAX as u32).map(|i| mark(i, i + 1, MarkKind::Em, None)).collect();
        assert!(check_marks("paragraph", MARKS_MAX + 1, many).unwrap_err().contains("more than"));
    }

    #[test]
    fn marks_follow_their_words_when_blank_space_changes() {
        // "  Bir <em>iki</em>\n  üç " trimmed and its line joined: "Bir iki üç".
        let old = "  Bir iki\n  üç ";
        let marks =
            vec![mark(6, 9, MarkKind::Em, None), mark(12, 14, MarkKind::Strong, None), mark(0, 2, MarkKind::Em, None)];
        let moved = realign(old, "Bir iki üç", marks);
        assert_eq!(moved, [mark(4, 7, MarkKind::Em, None), mark(8, 10, MarkKind::Strong, None)]);
        // Clipped: a mark past the cut keeps what stayed.
        assert_eq!(
            realign("bir iki üç dört", "bir iki…", vec![mark(4, 10, MarkKind::Em, None)]),
            [mark(4, 7, MarkKind::Em, None)]
        );
    }

    #[test]
    fn marked_text_is_built_as_markup_is_read() {
        let mut m = Marked::default();
        m.push_str("Çok ");
        assert!(m.open(Some(MarkKind::Link), Some("/a".into())));
        assert!(m.open(Some(MarkKind::Em), None));
        assert!(!m.open(Some(MarkKind::Em), None), "an em inside an em marks nothing new");
        m.push_str("güzel");
        m.close();
        m.close();
        m.open(None, None);
        m.push(' ');
        m.close();
        m.close();
        m.open(Some(MarkKind::Strong), None);
        m.close();
        let (text, marks) = m.finish(|t| t.trim().to_owned());
        assert_eq!(text, "Çok güzel");
        assert_eq!(marks, [mark(4, 9, MarkKind::Em, None), mark(4, 9, MarkKind::Link, Some("/a"))]);
        let mut joined = Marked::default();
        joined.push_str("Önce");
        joined.push('\n');
        joined.append((text, marks));
        assert_eq!(joined.text, "Önce\nÇok güzel");
        assert_eq!(joined.marks[0], mark(9, 14, MarkKind::Em, None));
    }
}
