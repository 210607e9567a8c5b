//! Comments: the API types and the rules a comment must meet. Both sides run the same rules:
//! the form as the reader types, the server as the authority.

use serde::{Deserialize, Serialize};

use crate::text;

/// Longest name, in characters after trimming.
pub const NAME_MAX: usize = 80;
/// Shortest comment text, in characters after trimming.
pub const BODY_MIN: usize = 2;
/// Longest comment text, in characters after trimming.
pub const BODY_MAX: usize = 5000;
/// Longest email address.
pub const EMAIL_MAX: usize = 254;
/// How deep replies nest: a top-level comment is depth 1.
pub const MAX_DEPTH: u8 = 3;
/// Threads on one page of the section.
pub const COMMENTS_PER_PAGE: u32 = 20;
/// The most threads one page may ask for (`per_page`).
pub const COMMENTS_PER_PAGE_MAX: u32 = 50;
/// Replies shown with their thread on a page of threads; the rest come on request.
pub const REPLIES_INLINE: u32 = 5;
/// The most replies one request for more replies returns.
pub const REPLIES_PER_PAGE_MAX: u32 = 50;
/// The most comments any one answer holds: a full page of threads, each with its inline
/// replies. With [`BODY_MAX`] and [`NAME_MAX`] this bounds an answer's size (see the README).
pub const ANSWER_MAX_COMMENTS: u32 = COMMENTS_PER_PAGE_MAX * (1 + REPLIES_INLINE);

pub use crate::Comment;

/// More replies of one thread, in display order, after the one the request named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Replies {
    /// The replies, depth first, oldest first.
    pub items: Vec<Comment>,
    /// The cursor of the replies after these (give it as `after`), when there are more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Where a comment is shown: what a comment link (`#comment-ID`) needs to load the page that
/// holds it, however far down a long list or thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentPlace {
    /// The top-level comment of its thread (itself, for a top-level comment).
    pub root: i64,
    /// The cursor (`after`) of the page of threads, oldest first, that starts with that thread;
    /// none when it is the first thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// For a reply past those a thread shows inline: the cursor (`after`) of the replies page
    /// that starts with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replies_after: Option<i64>,
}

/// What a reader posts. Unknown fields are ignored; id, date and status are the server's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewComment {
    /// The name to show. (Missing reads as empty, so that every broken rule is reported at once.)
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1, max_length = 80, example = "Ayşe"))]
    pub author_name: String,
    /// An address for the editors, never shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 254, example = "ayse@example.com"))]
    pub author_email: Option<String>,
    /// The text.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, min_length = 2, max_length = 5000, example = "Finalde başarılar!")
    )]
    pub body: String,
    /// The comment this answers.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_number")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub parent_id: Option<i64>,
    /// Email the author when someone replies (needs `author_email`, and a site that sends
    /// email). The first time, the address gets a confirmation email and nothing else until
    /// its link is opened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notify_replies: bool,
    /// A field the form hides from people; whatever fills it is a bot. Not in the API's
    /// contract: a trap written down is no trap, and no client of the API has cause to fill it
    /// (a post that does is answered as if stored, so its id leads nowhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub website: Option<String>,
}

/// Reads an id written as a whole number, `12` or `12.0` alike: JSON Schema's integers are
/// both, so a client may send either.
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Whole(i64),
        Float(f64),
    }
    // i64::MAX as f64 rounds up to 2^63, which no i64 holds: the bound is exclusive.
    match Option::<Number>::deserialize(d)? {
        None => Ok(None),
        Some(Number::Whole(n)) => Ok(Some(n)),
        Some(Number::Float(f)) if f.fract() == 0.0 && f >= -(2f64.powi(63)) && f < 2f64.powi(63) => Ok(Some(f as i64)),
        Some(Number::Float(f)) => Err(serde::de::Error::custom(format!("expected a whole number, not {f}"))),
    }
}

/// Why a reader reports a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    /// Advertising, links for money, the same text again and again.
    Spam,
    /// Insults, threats, hate.
    Abuse,
    /// Nothing to do with the story.
    OffTopic,
    /// Something else (the note says what).
    Other,
}

impl ReportReason {
    /// Every reason, in the order the form offers them.
    pub const ALL: [ReportReason; 4] =
        [ReportReason::Spam, ReportReason::Abuse, ReportReason::OffTopic, ReportReason::Other];

    /// The reason's name, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Abuse => "abuse",
            ReportReason::OffTopic => "off_topic",
            ReportReason::Other => "other",
        }
    }
}

/// The longest note a report may carry, in characters.
pub const REPORT_NOTE_MAX: usize = 500;

/// A reader's report of a comment: never shown publicly, read by moderators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReport {
    /// Why.
    pub reason: ReportReason,
    /// What the reader adds, for moderators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: Option<String>,
}

/// The answer to a report: received (whatever it did, which only moderators see).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportReceived {
    /// Always true.
    pub received: bool,
}

/// Whether a posted comment is visible yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    /// Visible to everyone (HTTP 201).
    Published,
    /// Held for moderation (HTTP 202).
    Pending,
}

/// An article and the first page of its comment threads (none when those could not be loaded):
/// what an article page is drawn from, and what a server-rendered one carries for hydration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleWithComments {
    /// The article.
    pub article: crate::Article,
    /// Its first page of threads, oldest first.
    pub comments: Option<crate::Page<Comment>>,
    /// The newest publication number of its comments when the page was rendered (the server's
    /// pages only): the live stream starts after it, so nothing published in between is missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_after: Option<i64>,
    /// The stories it ends with: of its section and alike.
    #[serde(default)]
    pub related: Vec<crate::browse::StoryLink>,
    /// The most read stories of the last 24 hours.
    #[serde(default)]
    pub most_read: Vec<crate::browse::StoryLink>,
}

/// The answer to a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentPosted {
    /// The comment as stored.
    pub comment: Comment,
    /// Published or pending.
    pub status: CommentStatus,
    /// The secret that lets its author edit or withdraw it (`X-Edit-Token`) until
    /// `editable_until`; given once, with the post, and kept by the server only as a hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_token: Option<String>,
    /// Until when (RFC 3339, UTC, the server's clock) it may be edited or withdrawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editable_until: Option<String>,
    /// Where reply emails stand, when they were asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_replies: Option<NotifyReplies>,
}

/// Where a commenter's reply emails stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotifyReplies {
    /// The address is confirmed: replies will be emailed.
    Active,
    /// A confirmation email is on its way; replies are emailed once its link is opened.
    ConfirmationSent,
    /// A confirmation went out within the last day (at most one a day); its link still works.
    AwaitingConfirmation,
}

/// Which way the list runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CommentOrder {
    /// Oldest first (the default).
    #[default]
    Asc,
    /// Newest first.
    Desc,
}

/// A broken rule of one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// Nothing was given.
    Required,
    /// Fewer characters than the minimum.
    TooShort(usize),
    /// More characters than the maximum.
    TooLong(usize),
    /// Control characters (NUL and the like) are not text.
    ControlCharacters,
    /// Invisible or direction-changing characters, which can disguise a name or a text.
    Invisible,
    /// Not an email address.
    InvalidEmail,
    /// A character carries more combining marks than [`text::MARKS_MAX`]: they would draw
    /// over the lines around it.
    StackedMarks(usize),
}

impl FieldError {
    /// The English message the API sends in `fields`.
    pub fn message(self) -> String {
        match self {
            FieldError::Required => "This field is required.".to_owned(),
            FieldError::TooShort(min) => format!("Write at least {min} characters."),
            FieldError::TooLong(max) => format!("Write at most {max} characters."),
            FieldError::ControlCharacters => "Remove the control characters.".to_owned(),
            FieldError::Invisible => "Remove the invisible or direction-changing characters.".to_owned(),
            FieldError::InvalidEmail => "Enter a valid email address, or leave it empty.".to_owned(),
            FieldError::StackedMarks(max) => format!("Put at most {max} accents or marks on one letter."),
        }
    }
}

/// A comment that met every rule: trimmed, line breaks as `\n`, email empty → none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedComment {
    /// The trimmed name.
    pub author_name: String,
    /// The trimmed address, if any.
    pub author_email: Option<String>,
    /// The trimmed text.
    pub body: String,
}

/// The broken rules, by field name (`author_name`, `author_email`, `body`).
pub type FieldErrors = Vec<(&'static str, FieldError)>;

/// Characters, not bytes: what the maximum counts (so a text's size stays bounded). The maximum
/// counts the text as sent, before trimming, as the API document's `maxLength` does.
fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Trims blank space, invisible characters included, from both ends; direction controls stay,
/// to be refused.
fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || (text::is_invisible(c) && !text::is_bidi_control(c)))
}

/// Checks a name: something visible (a letter, not marks alone), no controls, nothing
/// invisible or direction-changing, no pile of marks.
pub fn check_name(name: &str) -> Result<String, FieldError> {
    let sent = chars(name);
    let name = trim(name);
    if text::is_blank(name) {
        Err(FieldError::Required)
    } else if sent > NAME_MAX {
        Err(FieldError::TooLong(NAME_MAX))
    } else if name.chars().any(text::is_control) {
        Err(FieldError::ControlCharacters)
    } else if name.chars().any(text::is_invisible) {
        Err(FieldError::Invisible)
    } else if text::has_stacked_marks(name) {
        Err(FieldError::StackedMarks(text::MARKS_MAX))
    } else {
        Ok(name.to_owned())
    }
}

/// Checks the text: line breaks are kept (and `\r\n` becomes `\n`), other controls and
/// direction controls refused; joiners and the like may stay (emoji need them) but do not count
/// towards the minimum.
pub fn check_body(body: &str) -> Result<String, FieldError> {
    let sent = chars(body);
    let body = body.replace("\r\n", "\n");
    let body = trim(&body);
    if text::is_blank(body) {
        Err(FieldError::Required)
    } else if text::visible_len(body) < BODY_MIN {
        Err(FieldError::TooShort(BODY_MIN))
    } else if sent > BODY_MAX {
        Err(FieldError::TooLong(BODY_MAX))
    } else if body.chars().any(|c| text::is_control(c) && c != '\n') {
        Err(FieldError::ControlCharacters)
    } else if body.chars().any(text::is_bidi_control) {
        Err(FieldError::Invisible)
    } else if text::has_stacked_marks(body) {
        Err(FieldError::StackedMarks(text::MARKS_MAX))
    } else {
        Ok(body.to_owned())
    }
}

/// A character an internationalised domain may hold as far as the form can tell: non-ASCII and
/// neither a control, blank nor invisible (Unicode's letter tables would cost the wasm kilobytes;
/// the server checks such a domain against IDNA).
fn non_ascii_letter_like(c: char) -> bool {
    !c.is_ascii() && !text::is_control(c) && !text::is_invisible(c) && !c.is_whitespace()
}

/// Checks an optional email: empty means none; otherwise `local@domain.tld`, at most 254, the
/// local part ASCII and the domain ASCII or letters and digits of any script (the server also
/// checks such a domain against IDNA).
pub fn check_email(email: &str) -> Result<Option<String>, FieldError> {
    let sent = chars(email);
    let email = email.trim();
    if email.is_empty() {
        return Ok(None);
    }
    if email.len() > EMAIL_MAX || sent > EMAIL_MAX {
        return Err(FieldError::TooLong(EMAIL_MAX));
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(FieldError::InvalidEmail);
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || non_ascii_letter_like(c))
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
    if local_ok && domain_ok {
        Ok(Some(email.to_owned()))
    } else {
        Err(FieldError::InvalidEmail)
    }
}

/// Checks a whole comment: every field's rule, all errors at once.
pub fn check_comment(name: &str, email: &str, body: &str) -> Result<CheckedComment, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = check_name(name).map_err(|e| errors.push(("author_name", e))).ok();
    let email = check_email(email).map_err(|e| errors.push(("author_email", e))).ok();
    let body = check_body(body).map_err(|e| errors.push(("body", e))).ok();
    match (name, email, body) {
        (Some(author_name), Some(author_email), Some(body)) => Ok(CheckedComment { author_name, author_email, body }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(check_name("  Ayşe  "), Ok("Ayşe".into()));
        assert_eq!(check_name("   "), Err(FieldError::Required));
        assert_eq!(check_name(&"ş".repeat(80)).map(|n| n.chars().count()), Ok(80));
        assert_eq!(check_name(&"ş".repeat(81)), Err(FieldError::TooLong(80)));
        let padded = format!("\u{1BCA1}\u{E0059}{}", "*".repeat(79));
        assert_eq!(check_name(&padded), Err(FieldError::TooLong(80)), "the bound counts what was sent");
        assert_eq!(check_name("a\u{0}b"), Err(FieldError::ControlCharacters));
        assert_eq!(check_name("two\nlines"), Err(FieldError::ControlCharacters));
        assert_eq!(check_name(&"\u{0301}".repeat(20)), Err(FieldError::Required), "marks on nothing");
        assert_eq!(check_name("Nguyê\u{0303}n"), Ok("Nguyê\u{0303}n".into()));
        assert_eq!(check_name(&format!("Ali{}", "\u{0301}".repeat(7))), Err(FieldError::StackedMarks(6)));
    }

    #[test]
    fn bodies_keep_their_line_breaks() {
        assert_eq!(check_body(" bir\r\niki \n"), Ok("bir\niki".into()));
        assert_eq!(check_body("a"), Err(FieldError::TooShort(2)));
        assert_eq!(check_body(" \n "), Err(FieldError::Required));
        assert_eq!(check_body(&"x".repeat(5000)).map(|b| b.len()), Ok(5000));
        assert_eq!(check_body(&"x".repeat(5001)), Err(FieldError::TooLong(5000)));
        let crlf = format!("{}\r\n{}", "x".repeat(2499), "x".repeat(2500));
        assert_eq!(check_body(&crlf), Err(FieldError::TooLong(5000)), "the bound counts what was sent");
        assert_eq!(check_email(&format!(" {}@example.com ", "a".repeat(60))).map(|e| e.is_some()), Ok(true));
        let spaced = format!("{}a@example.com", " ".repeat(250));
        assert_eq!(check_email(&spaced), Err(FieldError::TooLong(254)), "the bound counts what was sent");
        assert_eq!(check_body("nul \u{0} here"), Err(FieldError::ControlCharacters));
        assert_eq!(check_body(&format!("a{}", "\u{0301}".repeat(4999))), Err(FieldError::StackedMarks(6)));
        assert_eq!(check_body(&"\u{0301}".repeat(40)), Err(FieldError::Required));
        assert_eq!(check_body("bell \u{7}"), Err(FieldError::ControlCharacters));
    }

    #[test]
    fn disguised_text_is_refused() {
        assert_eq!(check_name("\u{202E}nimdA"), Err(FieldError::Invisible));
        assert_eq!(check_name("Ad\u{200B}min"), Err(FieldError::Invisible));
        assert_eq!(check_name("\u{3164}"), Err(FieldError::Required));
        assert_eq!(check_name(" \u{200B}Ayşe\u{FEFF} "), Ok("Ayşe".into()), "invisible ends are trimmed");
        assert_eq!(check_body("\u{200B}\u{200B}"), Err(FieldError::Required));
        assert_eq!(check_body("a\u{200D}\u{200D}"), Err(FieldError::TooShort(2)), "joiners do not count");
        assert_eq!(check_body("ok \u{2067}tpecca\u{2069}"), Err(FieldError::Invisible));
        assert_eq!(check_body("line\u{2028}break"), Err(FieldError::ControlCharacters));
        assert_eq!(check_body("aile: 👨\u{200D}👩\u{200D}👧"), Ok("aile: 👨\u{200D}👩\u{200D}👧".into()));
        for bad in ["a@b\u{9B}c.com", "a@exa\u{200B}mple.com", "a\u{202E}@b.co", "a@b.c\u{7}om"] {
            assert_eq!(check_email(bad), Err(FieldError::InvalidEmail), "{bad:?}");
        }
    }

    #[test]
    fn emails() {
        for good in ["a@b.co", "ayse.demir+news@örnek.com.tr", "x_y@sub.example.org"] {
            assert!(matches!(check_email(good), Ok(Some(_))), "{good}");
        }
        assert_eq!(check_email("  "), Ok(None));
        for bad in ["a", "a@b", "@b.co", "a@.co", "a b@c.co", "a@b..co", "a@-b.co", "a@b.1", ".a@b.co", "a@@b.co"] {
            assert_eq!(check_email(bad), Err(FieldError::InvalidEmail), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(check_email(&long), Err(FieldError::TooLong(254)));
    }

    #[test]
    fn all_errors_come_back_together() {
        let errors = check_comment("", "nope", "x").unwrap_err();
        assert_eq!(
            errors,
            vec![
                ("author_name", FieldError::Required),
                ("author_email", FieldError::InvalidEmail),
                ("body", FieldError::TooShort(2))
            ]
        );
        assert!(check_comment("Ali", "", "Merhaba").is_ok());
    }

    proptest::proptest! {
        /// What the form accepts it sends cleaned; the server must accept that again, unchanged.
        #[test]
        fn accepted_comments_check_again_unchanged(
            name in "(\\PC|[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{3164}]){0,90}",
            email in "[a-z.@\u{9B}\u{200B}]{0,12}",
            body in "(\\PC|\n|\r\n|[\u{200B}-\u{200F}\u{2066}-\u{2069}]){0,60}",
        ) {
            if let Ok(checked) = check_comment(&name, &email, &body) {
                let again = check_comment(&checked.author_name, checked.author_email.as_deref().unwrap_or(""), &checked.body);
                proptest::prop_assert_eq!(again, Ok(checked));
            }
        }

        /// The verdict survives the trip from form to server as JSON.
        #[test]
        fn the_verdict_survives_json(name in ".{0,90}", body in ".{0,60}") {
            let sent = NewComment { author_name: name, body, ..NewComment::default() };
            let received: NewComment = serde_json::from_str(&serde_json::to_string(&sent).unwrap()).unwrap();
            proptest::prop_assert_eq!(
                check_comment(&sent.author_name, "", &sent.body),
                check_comment(&received.author_name, "", &received.body)
            );
        }
    }
}
