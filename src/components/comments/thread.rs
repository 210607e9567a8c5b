//! The state a comment section's parts share (the rules of where comments go are
//! [`okur_types::threads`]'s, shared with the server).

use leptos::prelude::*;
use okur_types::comments::{Comment, CommentOrder};
use okur_types::threads::insert_position;

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
    /// for the "new comments" button unless it is shown already.
    pub fn arrived(&self, comment: Comment) {
        let shown = self.items.with_untracked(|items| items.iter().any(|c| c.id == comment.id));
        let known = self.fresh.with_untracked(|fresh| fresh.iter().any(|c| c.id == comment.id));
        if !shown && !known {
            self.fresh.update(|fresh| fresh.push(comment));
            self.count.update(|n| *n += 1);
        }
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
}
