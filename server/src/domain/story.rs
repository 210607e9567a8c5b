//! A story at the desk: the rules of `okur import` applied to what an editor sends, field by
//! field (so that the desk shows each message at its field), where the story then stands on the
//! site, and a readable line difference between two of its revisions.

use std::collections::BTreeMap;

use okur_types::desk::{DeskArticle, DiffChange, DiffLine, StoryStatus};
use okur_types::Block;

use crate::domain::article::{
    check_slug, clean_block, clean_image, clean_language, clean_line, BodySize, NewArticle, AUTHOR, CATEGORY, SUMMARY,
    TITLE,
};
use crate::domain::stamp::{normalize_timestamp, Stamp};

/// Where a story that is not on the site keeps its publication time: the end of time, which
/// every reader's query (`published_at <= now`) leaves out, as it leaves out a scheduled story
/// until its time.
pub const HIDDEN_AT: &str = "9999-12-31T23:59:59Z";

/// Longest correction note, in characters.
const CORRECTION_MAX: usize = 500;

/// Messages by field (`title`, `body[3]`, …), as the API's `fields` carries them.
pub type FieldErrors = BTreeMap<String, String>;

/// A story checked: the article row to write, and when a story not on the site is meant to
/// come out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The article as written (`published_at` [`HIDDEN_AT`] for a draft).
    pub article: NewArticle,
    /// Where it stands.
    pub status: StoryStatus,
    /// For a draft, the publication time it was given (or had on the site), if any.
    pub planned_at: Option<String>,
    /// The correction note, trimmed.
    pub correction: Option<String>,
}

/// Where a story whose row says `published_at` stands at `now`.
pub fn status_of(published_at: &str, now: &str) -> StoryStatus {
    if published_at == HIDDEN_AT {
        StoryStatus::Draft
    } else if published_at > now {
        StoryStatus::Scheduled
    } else {
        StoryStatus::Published
    }
}

/// Checks a story as an editor sent it. A draft may leave its title, summary, byline and
/// section empty (it is not on the site); everything it does say follows the rules, and a
/// scheduled or published story follows them all. `was_out` is when the story first came out
/// (its row's time when it is or was on the site), kept by a published story given no time.
pub fn check_story(input: &DeskArticle, was_out: Option<&str>, now: Stamp) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let draft = input.status == StoryStatus::Draft;
    let mut line = |(name, max): (&str, usize), value: &str| {
        if draft && value.trim().is_empty() {
            return String::new();
        }
        clean_line(name, value, max).unwrap_or_else(|err| {
            errors.insert(name.to_owned(), err);
            String::new()
        })
    };
    let title = line(TITLE, &input.title);
    let summary = line(SUMMARY, &input.summary);
    let author = line(AUTHOR, &input.author);
    let category = line(CATEGORY, &input.category);
    if let Err(err) = check_slug(&input.slug) {
        errors.insert("slug".into(), err);
    }
    let language = match input.language.as_deref().map(clean_language).transpose() {
        Ok(language) => language,
        Err(err) => {
            errors.insert("language".into(), err);
            None
        }
    };
    let image = match &input.image {
        Some(image) => clean_image(image).map_err(|err| errors.insert("image".into(), err)).ok(),
        None => None,
    };
    let body = check_body(&input.body, &mut errors);
    let now_text = now.to_string();
    let given = match input.published_at.as_deref().map(normalize_timestamp).transpose() {
        Ok(given) => given,
        Err(err) => {
            errors.insert("published_at".into(), err);
            None
        }
    };
    let was_out = was_out.filter(|at| *at != HIDDEN_AT && *at <= now_text.as_str());
    let (published_at, planned_at) = match input.status {
        StoryStatus::Draft => (HIDDEN_AT.to_owned(), given.or_else(|| was_out.map(str::to_owned))),
        StoryStatus::Scheduled => match given {
            Some(at) if at > now_text => (at, None),
            Some(_) => {
                errors.insert("published_at".into(), "a scheduled story needs a time to come".into());
                (now_text.clone(), None)
            }
            None if !errors.contains_key("published_at") => {
                errors.insert("published_at".into(), "a scheduled story needs a time to come out".into());
                (now_text.clone(), None)
            }
            None => (now_text.clone(), None),
        },
        StoryStatus::Published => match given {
            Some(at) if at > now_text => {
                errors.insert(
                    "published_at".into(),
                    "a time to come is a schedule: choose scheduled, or leave the time out".into(),
                );
                (now_text.clone(), None)
            }
            Some(at) => (at, None),
            None => (was_out.map_or_else(|| now_text.clone(), str::to_owned), None),
        },
    };
    let correction = match input.correction.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(note) => match clean_line("correction", note, CORRECTION_MAX) {
            Ok(note) => Some(note),
            Err(err) => {
                errors.insert("correction".into(), err);
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let article = NewArticle {
        slug: input.slug.clone(),
        title,
        summary,
        published_at,
        updated_at: None,
        author,
        category,
        language,
        image,
        body,
        comments_open: input.comments_open,
    };
    Ok(Checked { article, status: input.status, planned_at, correction })
}

/// The body's blocks checked one by one (`body[i]`), and its size as a whole (`body`).
fn check_body(blocks: &[Block], errors: &mut FieldErrors) -> Vec<Block> {
    let mut size = BodySize::default();
    let mut body = Vec::with_capacity(blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        match clean_block(block.clone()) {
            Ok(block) => match size.add(block) {
                Ok(block) => body.push(block),
                Err(err) => {
                    errors.insert("body".into(), err);
                    break;
                }
            },
            Err(err) => {
                errors.insert(format!("body[{i}]"), err);
            }
        }
    }
    body
}

/// A story as it was saved, for the desk: the row's article, where it stands and when a draft
/// is meant to come out.
pub fn desk_article(article: &NewArticle, status: StoryStatus, planned_at: Option<&str>) -> DeskArticle {
    let published_at = match status {
        StoryStatus::Draft => planned_at.map(str::to_owned),
        _ => Some(article.published_at.clone()),
    };
    DeskArticle {
        slug: article.slug.clone(),
        title: article.title.clone(),
        summary: article.summary.clone(),
        published_at,
        author: article.author.clone(),
        category: article.category.clone(),
        language: article.language.clone(),
        image: article.image.clone(),
        body: article.body.clone(),
        comments_open: article.comments_open,
        status,
        correction: None,
    }
}

/// A story as lines a person reads: its fields, then its body block by block.
fn lines(article: &DeskArticle) -> Vec<String> {
    let mut out = vec![
        format!("Adres: /articles/{}", article.slug),
        format!("Durum: {}", article.status.as_str()),
        format!("Başlık: {}", article.title),
        format!("Özet: {}", article.summary),
        format!("Yazar: {}", article.author),
        format!("Bölüm: {}", article.category),
    ];
    if let Some(at) = &article.published_at {
        out.push(format!("Yayın: {at}"));
    }
    if let Some(image) = &article.image {
        out.push(format!("Görsel: {} ({})", image.src, image.alt));
    }
    for block in &article.body {
        match block {
            Block::Heading { text } => out.push(format!("## {text}")),
            Block::Paragraph { text, .. } => out.extend(text.split('\n').map(str::to_owned)),
            Block::Quote { text, cite, .. } => {
                out.extend(text.split('\n').map(|l| format!("> {l}")));
                out.extend(cite.iter().map(|c| format!("> — {c}")));
            }
            Block::List { ordered, items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    out.push(if *ordered { format!("{}. {item}", i + 1) } else { format!("- {item}") });
                }
            }
            Block::Image { src, alt, caption, .. } => {
                out.push(format!("![{alt}]({src}){}", caption.as_deref().map(|c| format!(" {c}")).unwrap_or_default()))
            }
        }
    }
    out
}

/// The lines of `after` against those of `before` (everything inserted when there is none).
pub fn diff(before: Option<&DeskArticle>, after: &DeskArticle) -> Vec<DiffLine> {
    let old = before.map(lines).unwrap_or_default();
    let new = lines(after);
    let old: Vec<&str> = old.iter().map(String::as_str).collect();
    let new: Vec<&str> = new.iter().map(String::as_str).collect();
    similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new)
        .iter()
        .flat_map(|op| op.iter_changes(&old, &new))
        .map(|change| DiffLine {
            change: match change.tag() {
                similar::ChangeTag::Equal => DiffChange::Equal,
                similar::ChangeTag::Insert => DiffChange::Insert,
                similar::ChangeTag::Delete => DiffChange::Delete,
            },
            text: change.value().to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use okur_types::{Mark, MarkKind};

    fn story(status: StoryStatus) -> DeskArticle {
        DeskArticle {
            slug: "kiyi".into(),
            title: " Kıyı ".into(),
            summary: "Özet.".into(),
            published_at: None,
            author: "Ayşe".into(),
            category: "Gündem".into(),
            language: None,
            image: None,
            body: vec![Block::Paragraph { text: "Bir.".into(), marks: Vec::new() }],
            comments_open: true,
            status,
            correction: None,
        }
    }

    fn now() -> Stamp {
        Stamp::parse("2025-12-13T10:00:00Z").unwrap()
    }

    #[test]
    fn each_status_lands_at_its_time() {
        let published = check_story(&story(StoryStatus::Published), None, now()).unwrap();
        assert_eq!(
            (published.article.published_at.as_str(), published.article.title.as_str()),
            ("2025-12-13T10:00:00Z", "Kıyı")
        );
        let kept = check_story(&story(StoryStatus::Published), Some("2025-12-01T08:00:00Z"), now()).unwrap();
        assert_eq!(kept.article.published_at, "2025-12-01T08:00:00Z", "an update keeps when it first came out");
        let mut later = story(StoryStatus::Scheduled);
        later.published_at = Some("2025-12-14T09:00:00+03:00".into());
        assert_eq!(check_story(&later, None, now()).unwrap().article.published_at, "2025-12-14T06:00:00Z");
        let draft = check_story(&later_as_draft(later), Some("2025-12-01T08:00:00Z"), now()).unwrap();
        assert_eq!(draft.article.published_at, HIDDEN_AT);
        assert_eq!(draft.planned_at.as_deref(), Some("2025-12-14T06:00:00Z"));
        assert_eq!(status_of(HIDDEN_AT, "2025-12-13T10:00:00Z"), StoryStatus::Draft);
        assert_eq!(status_of("2025-12-14T06:00:00Z", "2025-12-13T10:00:00Z"), StoryStatus::Scheduled);
        assert_eq!(status_of("2025-12-01T08:00:00Z", "2025-12-13T10:00:00Z"), StoryStatus::Published);
    }

    fn later_as_draft(mut story: DeskArticle) -> DeskArticle {
        story.status = StoryStatus::Draft;
        story
    }

    #[test]
    fn a_draft_may_be_unfinished_but_what_it_says_is_checked() {
        let mut draft = story(StoryStatus::Draft);
        draft.title = String::new();
        draft.summary = " ".into();
        draft.body = Vec::new();
        assert!(check_story(&draft, None, now()).is_ok());
        let mut published = draft.clone();
        published.status = StoryStatus::Published;
        let errors = check_story(&published, None, now()).unwrap_err();
        assert!(errors.contains_key("title") && errors.contains_key("summary"), "{errors:?}");
        draft.slug = "Büyük Harf".into();
        draft.body = vec![
            Block::Paragraph { text: "İyi.".into(), marks: Vec::new() },
            Block::Paragraph {
                text: "Kötü".into(),
                marks: vec![Mark { start: 0, end: 4, kind: MarkKind::Link, href: Some("javascript:alert(1)".into()) }],
            },
        ];
        draft.correction = Some("bir\nsatır değil".into());
        let errors = check_story(&draft, None, now()).unwrap_err();
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["body[1]", "correction", "slug"], "{errors:?}");
        assert!(errors["body[1]"].contains("link target"));
    }

    #[test]
    fn times_that_contradict_the_status_are_refused() {
        let mut scheduled = story(StoryStatus::Scheduled);
        assert!(check_story(&scheduled, None, now()).unwrap_err().contains_key("published_at"));
        scheduled.published_at = Some("2025-12-01T00:00:00Z".into());
        assert!(check_story(&scheduled, None, now()).unwrap_err().contains_key("published_at"));
        let mut published = story(StoryStatus::Published);
        published.published_at = Some("2026-01-01T00:00:00Z".into());
        assert!(check_story(&published, None, now()).unwrap_err()["published_at"].contains("schedule"));
        published.published_at = Some("dün".into());
        assert!(check_story(&published, None, now()).unwrap_err().contains_key("published_at"));
    }

    #[test]
    fn revisions_differ_line_by_line() {
        let before = story(StoryStatus::Published);
        let mut after = before.clone();
        after.title = "Kıyı yolu".into();
        after.body.push(Block::Heading { text: "Ara".into() });
        let lines = diff(Some(&before), &after);
        let changed: Vec<_> =
            lines.iter().filter(|l| l.change != DiffChange::Equal).map(|l| (l.change, l.text.as_str())).collect();
        assert_eq!(
            changed,
            [
                (DiffChange::Delete, "Başlık:  Kıyı "),
                (DiffChange::Insert, "Başlık: Kıyı yolu"),
                (DiffChange::Insert, "## Ara")
            ]
        );
        assert!(diff(None, &after).iter().all(|l| l.change == DiffChange::Insert));
    }
}
