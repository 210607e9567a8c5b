//! The comment form's logic, free of the browser: the draft and its stored form, the rules
//! (the shared ones from okur-types) with Turkish messages, and the counter.

use crate::i18n::CommentTexts;
use crate::uri;
use okur_types::comments::{check_body, check_email, check_name, FieldError, NewComment, BODY_MAX};

/// What a reader has typed so far, kept until the server accepts it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The name field.
    pub name: String,
    /// The email field.
    pub email: String,
    /// The comment text.
    pub text: String,
    /// The comment being answered, if any.
    pub parent_id: Option<i64>,
    /// Whether name and email are kept after posting.
    pub remember: bool,
    /// Whether replies are to be emailed (with an address only).
    pub notify: bool,
    /// The reader's own comment this draft edits, if any (then it is sent as an edit).
    pub edit: Option<i64>,
}

/// The localStorage key of an article's draft.
pub fn draft_key(slug: &str) -> String {
    format!("okur.draft.{slug}")
}

/// The localStorage key of the remembered name and email.
pub const COMMENTER_KEY: &str = "okur.commenter";

impl Draft {
    /// The stored form: `v1;name=…;email=…;text=…;parent=…;remember=1`, values percent-encoded.
    pub fn to_stored(&self) -> String {
        let enc = uri::encode;
        let mut out = format!("v1;name={};email={};text={}", enc(&self.name), enc(&self.email), enc(&self.text));
        if let Some(parent) = self.parent_id {
            out.push_str(&format!(";parent={parent}"));
        }
        if self.remember {
            out.push_str(";remember=1");
        }
        if self.notify {
            out.push_str(";notify=1");
        }
        if let Some(edit) = self.edit {
            out.push_str(&format!(";edit={edit}"));
        }
        out
    }

    /// Reads a stored draft; anything unreadable is left empty.
    pub fn from_stored(stored: &str) -> Self {
        let mut draft = Draft::default();
        let mut fields = stored.split(';');
        if fields.next() != Some("v1") {
            return draft;
        }
        let dec = |s: &str| uri::decode_strict(s).unwrap_or_default();
        for field in fields {
            match field.split_once('=') {
                Some(("name", v)) => draft.name = dec(v),
                Some(("email", v)) => draft.email = dec(v),
                Some(("text", v)) => draft.text = dec(v),
                Some(("parent", v)) => draft.parent_id = v.parse().ok().filter(|id| *id > 0),
                Some(("remember", v)) => draft.remember = v == "1",
                Some(("notify", v)) => draft.notify = v == "1",
                Some(("edit", v)) => draft.edit = v.parse().ok().filter(|id| *id > 0),
                _ => {}
            }
        }
        draft
    }

    /// A field's text by its place in the form: name, email, text.
    pub fn field(&self, index: usize) -> &str {
        match index {
            0 => &self.name,
            1 => &self.email,
            _ => &self.text,
        }
    }

    /// The same field, to change.
    pub fn field_mut(&mut self, index: usize) -> &mut String {
        match index {
            0 => &mut self.name,
            1 => &mut self.email,
            _ => &mut self.text,
        }
    }

    /// Whether there is nothing worth keeping.
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.email.is_empty() && self.text.is_empty() && self.parent_id.is_none()
    }

    /// The draft that edits one's own comment: its name and text, the address as typed here.
    pub fn editing(&self, id: i64, name: &str, text: &str) -> Draft {
        Draft { name: name.into(), text: text.into(), parent_id: None, edit: Some(id), ..self.clone() }
    }

    /// What the draft becomes once the server took it: text and reply target go; name and
    /// email stay only when the reader asked to be remembered.
    pub fn after_posting(&self) -> Draft {
        if self.remember {
            Draft {
                name: self.name.clone(),
                email: self.email.clone(),
                remember: true,
                notify: self.notify,
                ..Draft::default()
            }
        } else {
            Draft::default()
        }
    }

    /// The request to send, with the honeypot's content (empty for people).
    pub fn to_request(&self, honeypot: &str, normalize: impl Fn(&str) -> String) -> NewComment {
        NewComment {
            author_name: normalize(&self.name),
            author_email: Some(normalize(&self.email)).filter(|e| !e.trim().is_empty()),
            body: normalize(&self.text),
            parent_id: self.parent_id,
            notify_replies: self.notify && !self.email.trim().is_empty(),
            website: Some(honeypot.to_owned()).filter(|h| !h.is_empty()),
        }
    }
}

/// The localStorage key of the comments this browser posted on an article and may still change.
pub fn own_key(slug: &str) -> String {
    format!("okur.posted.{slug}")
}

/// A comment this browser posted and may still edit or withdraw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Own {
    /// The comment.
    pub id: i64,
    /// Its edit token (`X-Edit-Token`).
    pub token: String,
    /// Until when, in milliseconds of this browser's clock: the server's window, counted from
    /// when the answer came (the two clocks need not agree). Whole milliseconds: writing and
    /// reading a float would bring float formatting and parsing into the wasm (about 26 KB br).
    pub until: i64,
}

impl Own {
    /// The stored form of a list: `id:token:until` entries joined by `;` (a token is base64url).
    pub fn to_stored(list: &[Own]) -> String {
        list.iter().map(|o| format!("{}:{}:{}", o.id, o.token, o.until)).collect::<Vec<_>>().join(";")
    }

    /// Reads a stored list, leaving out what is unreadable or over by `now`.
    pub fn from_stored(stored: &str, now: i64) -> Vec<Own> {
        let entry = |e: &str| {
            let mut parts = e.split(':');
            let id = parts.next()?.parse().ok()?;
            let token = parts.next().filter(|t| !t.is_empty())?.to_owned();
            let until = parts.next()?.parse::<i64>().ok().filter(|u| *u > now)?;
            Some(Own { id, token, until })
        };
        stored.split(';').filter_map(entry).collect()
    }
}

/// A rule broken, as the form says it.
pub fn message(error: FieldError, t: &CommentTexts) -> String {
    match error {
        FieldError::Required => t.required.to_owned(),
        FieldError::TooShort(min) => (t.too_short)(min),
        FieldError::TooLong(max) => (t.too_long)(max),
        FieldError::ControlCharacters => t.control.to_owned(),
        FieldError::Invisible => t.invisible.to_owned(),
        FieldError::InvalidEmail => t.bad_email.to_owned(),
        FieldError::StackedMarks(max) => (t.stacked_marks)(max),
    }
}

/// Messages for each field of a draft (after `normalize`, as the server will see it):
/// (name, email, text); `None` where the field is fine.
pub fn field_messages(draft: &Draft, normalize: impl Fn(&str) -> String, t: &CommentTexts) -> [Option<String>; 3] {
    [
        check_name(&normalize(&draft.name)).err().map(|e| message(e, t)),
        check_email(&normalize(&draft.email)).err().map(|e| message(e, t)),
        check_body(&normalize(&draft.text)).err().map(|e| message(e, t)),
    ]
}

/// The counter under the text: characters after trimming, of the maximum.
pub fn counter(text: &str) -> String {
    format!("{} / {BODY_MAX}", text.replace("\r\n", "\n").trim().chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, TR};

    /// Until the app is live, the loader (`e2e/scripts/post-build.mjs`) shows and keeps the
    /// draft itself: under the same keys, in the same stored form.
    #[test]
    fn the_loader_keeps_drafts_as_the_app_does() {
        let loader = include_str!("../e2e/scripts/post-build.mjs");
        assert!(loader.contains(&format!("const key = '{}' + location.pathname", draft_key(""))));
        assert!(loader.contains(&format!("localStorage.getItem('{COMMENTER_KEY}')")));
        let draft = Draft {
            name: "a".into(),
            email: "b".into(),
            text: "c".into(),
            parent_id: Some(7),
            remember: true,
            notify: false,
            edit: None,
        };
        assert_eq!(draft.to_stored(), "v1;name=a;email=b;text=c;parent=7;remember=1");
        for part in [
            "'v1;name='",
            "';email='",
            "';text='",
            "';parent='",
            "';remember=1'",
            "';notify=1'",
            "';edit='",
            "startsWith('v1;')",
        ] {
            assert!(loader.contains(part), "the loader's stored form lacks {part}");
        }
    }

    fn same(s: &str) -> String {
        s.to_owned()
    }

    #[test]
    fn drafts_round_trip_through_storage() {
        let draft = Draft {
            name: "Ayşe; =%".into(),
            email: "a@b.co".into(),
            text: "İki\nsatır; 100% = tam".into(),
            parent_id: Some(42),
            remember: true,
            notify: true,
            edit: None,
        };
        assert_eq!(Draft::from_stored(&draft.to_stored()), draft);
        let editing = draft.editing(9, "Ali", "Yeni metin");
        assert_eq!((editing.parent_id, editing.edit, editing.email.as_str()), (None, Some(9), "a@b.co"));
        assert_eq!(Draft::from_stored(&editing.to_stored()), editing);
        assert_eq!(Draft::from_stored(&Draft::default().to_stored()), Draft::default());
    }

    #[test]
    fn garbage_in_storage_gives_an_empty_draft() {
        for garbage in ["", "null", "{\"text\":1}", "v2;text=a", "v1;text=%FF%FE;parent=-3;remember=yes"] {
            let draft = Draft::from_stored(garbage);
            assert!(draft.text.is_empty() && draft.parent_id.is_none() && !draft.remember, "{garbage}");
        }
    }

    #[test]
    fn posting_keeps_name_and_email_only_when_remembered() {
        let draft = Draft {
            name: "Ali".into(),
            email: "a@b.co".into(),
            text: "Metin".into(),
            parent_id: Some(1),
            remember: false,
            notify: true,
            edit: Some(3),
        };
        assert!(draft.after_posting().is_empty());
        let kept = Draft { remember: true, ..draft }.after_posting();
        assert_eq!(
            (kept.name.as_str(), kept.email.as_str(), kept.text.as_str(), kept.parent_id, kept.notify),
            ("Ali", "a@b.co", "", None, true)
        );
    }

    #[test]
    fn the_request_carries_the_draft_and_the_honeypot() {
        let draft = Draft {
            name: "Ali".into(),
            email: " ".into(),
            text: "Metin".into(),
            parent_id: Some(7),
            ..Draft::default()
        };
        let request = draft.to_request("", same);
        assert_eq!((request.author_email, request.parent_id, request.website), (None, Some(7), None));
        assert_eq!(draft.to_request("http://x", same).website.as_deref(), Some("http://x"));
        // Reply emails are asked for only with an address.
        assert!(!Draft { notify: true, ..draft.clone() }.to_request("", same).notify_replies);
        let with_email = Draft { notify: true, email: "a@b.co".into(), ..draft };
        assert!(with_email.to_request("", same).notify_replies);
    }

    #[test]
    fn fields_are_checked_with_the_shared_rules() {
        let draft = Draft { name: " ".into(), email: "nope".into(), text: "x".into(), ..Draft::default() };
        let [name, email, text] = field_messages(&draft, same, &TR.comments);
        assert_eq!(name.as_deref(), Some("Bu alan gerekli."));
        assert!(email.unwrap().contains("e-posta"));
        assert_eq!(text.as_deref(), Some("En az 2 karakter yazın."));
        let fine = Draft { name: "Ali".into(), text: "Merhaba".into(), ..Draft::default() };
        assert_eq!(field_messages(&fine, same, &TR.comments), [None, None, None]);
        let [_, _, english] = field_messages(&Draft { text: "x".into(), ..fine }, same, &EN.comments);
        assert_eq!(english.as_deref(), Some("Write at least 2 characters."));
    }

    #[test]
    fn own_comments_are_kept_until_their_window_closes() {
        let list =
            vec![Own { id: 4, token: "a-b_c".into(), until: 2000 }, Own { id: 7, token: "d".into(), until: 500 }];
        let stored = Own::to_stored(&list);
        assert_eq!(stored, "4:a-b_c:2000;7:d:500");
        assert_eq!(Own::from_stored(&stored, 100), list);
        assert_eq!(Own::from_stored(&stored, 1000), list[..1], "the closed one is left out");
        for garbage in ["", "x", "4:", "4::2000", "a:b:2000", "4:t:soon", "4:t:2000.5"] {
            assert!(Own::from_stored(garbage, 0).is_empty(), "{garbage}");
        }
    }

    #[test]
    fn the_counter_counts_characters_after_trimming() {
        assert_eq!(counter("  ğüş \r\n"), "3 / 5000");
        assert_eq!(counter(""), "0 / 5000");
    }
}
