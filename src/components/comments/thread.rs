//! The state a comment section's parts share (the rules of where comments go are
//! [`okur_types::threads`]'s, shared with the server).

use leptos::prelude::*;
use okur_types::comments::{Comment, CommentOrder};
use okur_types::threads::insert_position;

use crate::form_logic::{own_key, Own};

/// What the reader asked to do with their own comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Edit it in the form.
    Edit(i64),
    /// Take it back.
    Withdraw(i64),
}

/// What the section's parts share.
#[derive(Debug, Clone, Copy)]
pub struct Thread {
    /// The article's slug.
    pub slug: StoredValue<String>,
    /// The comments shown, in display order.
    pub items: RwSignal<Vec<Comment>>,
    /// Published comments on the article (the header shows it too).
    pub count: RwSignal<u32>,
    /// The list's order.
    pub order: RwSignal<CommentOrder>,
    /// The comment being answered, chosen with a reply button.
    pub reply_to: RwSignal<Option<i64>>,
    /// Comments shown out of the server's order (this reader's own, and those that arrived
    /// live): never a cursor for more replies, and skipped when a loaded page has them too.
    pub posted: StoredValue<Vec<i64>>,
    /// Comments published since the page loaded, counted but not shown until the reader asks
    /// (so that nothing moves under what they read), in publication order.
    pub fresh: RwSignal<Vec<Comment>>,
    /// The reader's own comments they may still change (loaded once the page is live; changed
    /// only by [`Thread::set_mine`], which keeps them).
    pub mine: RwSignal<Vec<Own>>,
    /// What carries out a change of their own comment the reader asked for (the form's).
    pub on_change: StoredValue<Option<Callback<Change>>>,
    /// Comments gone from view since the page loaded: uncounted once, whoever tells first (the
    /// answer to the reader's own change, or the live stream).
    gone: StoredValue<Vec<i64>>,
}

impl Thread {
    /// A section's state: these threads shown, oldest first.
    pub fn new(slug: String, items: Vec<Comment>, count: RwSignal<u32>) -> Self {
        Thread {
            slug: StoredValue::new(slug),
            items: RwSignal::new(items),
            count,
            order: RwSignal::new(CommentOrder::Asc),
            reply_to: RwSignal::new(None),
            posted: StoredValue::new(Vec::new()),
            fresh: RwSignal::new(Vec::new()),
            mine: RwSignal::new(Vec::new()),
            on_change: StoredValue::new(None),
            gone: StoredValue::new(Vec::new()),
        }
    }

    /// Shows a comment the server just published to this reader where it belongs (see
    /// [`insert_position`]); counted unless it was counted already as it arrived live.
    pub fn insert_posted(&self, comment: Comment) {
        let id = comment.id;
        let was_fresh = self.fresh.try_update(|fresh| take(fresh, id).is_some()).unwrap_or(false);
        if self.show(comment) && !was_fresh {
            self.count.update(|n| *n += 1);
        }
    }

    /// A comment published since the page loaded (from the live stream): counted at once, kept
    /// for the "new comments" button unless it is shown already; an edited one that is here
    /// already is shown as it now reads, where it is.
    pub fn arrived(&self, comment: Comment) {
        self.gone.update_value(|gone| gone.retain(|id| *id != comment.id));
        let replace = |list: &mut Vec<Comment>| match list.iter_mut().find(|c| c.id == comment.id) {
            Some(c) if *c != comment => {
                *c = Comment { more_replies: c.more_replies, ..comment.clone() };
                true
            }
            found => found.is_some(),
        };
        let shown = self.items.try_update(replace).unwrap_or(false);
        let known = self.fresh.try_update(replace).unwrap_or(false);
        if !shown && !known {
            self.fresh.update(|fresh| fresh.push(comment));
            self.count.update(|n| *n += 1);
        }
    }

    /// A comment gone from view (withdrawn, held, rejected): it leaves the list with the
    /// replies under it, and is uncounted once.
    pub fn gone(&self, id: i64) {
        if self.gone.with_value(|gone| gone.contains(&id)) {
            return;
        }
        self.gone.update_value(|gone| gone.push(id));
        self.fresh.update(|fresh| fresh.retain(|c| c.id != id));
        self.items.update(|items| {
            if let Some(at) = items.iter().position(|c| c.id == id) {
                // Depth first: its replies are the deeper ones right after it.
                let depth = items[at].depth;
                let end = items[at + 1..].iter().position(|c| c.depth <= depth).map_or(items.len(), |n| at + 1 + n);
                items.drain(at..end);
            }
        });
        self.count.update(|n| *n = n.saturating_sub(1));
        self.set_mine(|mine| mine.retain(|o| o.id != id));
    }

    /// Changes the reader's own comments, keeps them in localStorage (`okur.posted.{slug}`) and
    /// lets each go when its window closes: by a timer, so that its actions leave the page
    /// then. (Not an Effect: each costs the size budget.)
    pub fn set_mine(&self, change: impl FnOnce(&mut Vec<Own>)) {
        self.mine.update(change);
        self.keep_mine();
    }

    /// [`Thread::set_mine`]'s keeping and timer.
    fn keep_mine(&self) {
        #[cfg(target_arch = "wasm32")]
        {
            let thread = *self;
            let mine = self.mine.get_untracked();
            if let Some(storage) = crate::storage::local_storage() {
                let key = own_key(&self.slug.get_value());
                let _ = if mine.is_empty() {
                    storage.remove_item(&key)
                } else {
                    storage.set_item(&key, &Own::to_stored(&mine))
                };
            }
            if let Some(next) = mine.iter().map(|o| o.until).min() {
                let wait = std::time::Duration::from_millis((next - now_ms()).max(0) as u64 + 50);
                set_timeout(
                    move || {
                        thread.mine.try_update(|mine| mine.retain(|o| o.until > now_ms()));
                        thread.keep_mine();
                    },
                    wait,
                );
            }
        }
    }

    /// The reader's own comments as this browser kept them, those still open.
    pub fn load_mine(&self) {
        let key = own_key(&self.slug.get_value());
        let stored = crate::storage::local_storage().and_then(|s| s.get_item(&key).ok().flatten()).unwrap_or_default();
        self.set_mine(|mine| *mine = Own::from_stored(&stored, now_ms()));
    }

    /// Shows the comments that arrived live, each where it belongs.
    pub fn show_fresh(&self) {
        for comment in self.fresh.try_update(std::mem::take).unwrap_or_default() {
            self.show(comment);
        }
    }

    /// Puts a comment into the list unless it is there; whether it was new.
    fn show(&self, comment: Comment) -> bool {
        let order = self.order.get_untracked();
        self.items
            .try_update(|items| {
                let new = !items.iter().any(|c| c.id == comment.id);
                if new {
                    let at = insert_position(items, &comment, order);
                    self.posted.update_value(|posted| posted.push(comment.id));
                    items.insert(at, comment);
                }
                new
            })
            .unwrap_or(false)
    }
}

/// Milliseconds of this browser's clock (none outside the browser, where nothing is kept).
pub fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Date::now() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    0
}

/// Takes the comment with this id out of a list.
fn take(list: &mut Vec<Comment>, id: i64) -> Option<Comment> {
    let at = list.iter().position(|c| c.id == id)?;
    Some(list.remove(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use okur_types::threads::merge;

    fn comment(id: i64, parent_id: Option<i64>, depth: u8) -> Comment {
        Comment {
            id,
            parent_id,
            depth,
            author_name: "A".into(),
            body: "B".into(),
            created_at: String::new(),
            more_replies: 0,
            staff: false,
            edited_at: None,
            picked: false,
        }
    }

    #[test]
    fn live_comments_are_counted_once_and_shown_when_asked() {
        Owner::new().with(|| {
            let count = RwSignal::new(1);
            let thread = Thread::new("a".into(), vec![comment(1, None, 1)], count);
            let ids = || thread.items.with_untracked(|items| items.iter().map(|c| c.id).collect::<Vec<_>>());
            thread.arrived(comment(2, None, 1));
            thread.arrived(comment(2, None, 1));
            thread.arrived(comment(1, None, 1));
            assert_eq!(count.get_untracked(), 2, "a repeat and a shown comment count nothing");
            assert_eq!(ids(), [1], "nothing moves until the reader asks");
            // The reader's own comment, which the stream brought before the post's answer.
            thread.arrived(comment(3, Some(1), 2));
            thread.insert_posted(comment(3, Some(1), 2));
            assert_eq!(count.get_untracked(), 3);
            assert_eq!(ids(), [1, 3]);
            assert_eq!(thread.fresh.with_untracked(|f| f.iter().map(|c| c.id).collect::<Vec<_>>()), [2]);
            thread.show_fresh();
            assert_eq!(ids(), [1, 3, 2]);
            assert!(thread.fresh.with_untracked(Vec::is_empty));
            thread.insert_posted(comment(4, None, 1));
            assert_eq!(count.get_untracked(), 4);
            // Shown out of the server's order: a later page with them skips them.
            let mut items = ids().into_iter().map(|id| comment(id, None, 1)).collect::<Vec<_>>();
            thread
                .posted
                .with_value(|posted| merge(&mut items, vec![comment(2, None, 1), comment(9, None, 1)], posted));
            assert_eq!(items.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 3, 2, 4, 9]);
        });
    }

    #[test]
    fn edits_replace_in_place_and_removals_take_replies_and_count_once() {
        Owner::new().with(|| {
            let count = RwSignal::new(4);
            let items = vec![comment(1, None, 1), comment(2, Some(1), 2), comment(3, Some(2), 3), comment(4, None, 1)];
            let thread = Thread::new("a".into(), items, count);
            let ids = || thread.items.with_untracked(|items| items.iter().map(|c| c.id).collect::<Vec<_>>());
            thread.arrived(Comment { body: "Yeni".into(), edited_at: Some("t".into()), ..comment(2, Some(1), 2) });
            assert_eq!(ids(), [1, 2, 3, 4], "an edit moves nothing");
            assert_eq!(thread.items.with_untracked(|i| i[1].body.clone()), "Yeni");
            assert_eq!(count.get_untracked(), 4, "and counts nothing");
            thread.gone(2);
            thread.gone(2);
            assert_eq!(ids(), [1, 4], "its replies go with it");
            assert_eq!(count.get_untracked(), 3, "once, whoever tells first");
            thread.arrived(comment(5, None, 1));
            thread.gone(5);
            assert!(thread.fresh.with_untracked(Vec::is_empty));
            assert_eq!(count.get_untracked(), 3);
        });
    }
}
