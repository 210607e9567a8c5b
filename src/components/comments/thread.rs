//! The state a comment section's parts share, and the pure rules of where comments go.

use leptos::prelude::*;
use okur_types::comments::{Comment, CommentOrder};

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

/// Where a new comment goes: after its parent's last reply, or at the end (oldest first) or
/// the top (newest first).
pub fn insert_position(items: &[Comment], comment: &Comment, order: CommentOrder) -> usize {
    match comment.parent_id.and_then(|p| items.iter().position(|c| c.id == p)) {
        Some(parent) => {
            let depth = items[parent].depth;
            parent + 1 + items[parent + 1..].iter().take_while(|c| c.depth > depth).count()
        }
        None if order == CommentOrder::Desc => 0,
        None => items.len(),
    }
}

/// Adds a loaded page to the list, skipping the reader's own comments, shown already. Pages
/// from the server never overlap otherwise, so this is linear in the page.
pub(crate) fn merge(items: &mut Vec<Comment>, page: Vec<Comment>, posted: &[i64]) {
    items.extend(page.into_iter().filter(|c| !posted.contains(&c.id)));
}

/// Puts a thread's further replies after the replies it shows, skipping the reader's own
/// (shown already), and records how many are still left: none when the server has no more,
/// else the count less these (at least one: replies may have come since).
pub fn add_replies(items: &mut Vec<Comment>, root: i64, replies: Vec<Comment>, more: bool, posted: &[i64]) {
    let Some(at) = items.iter().position(|c| c.id == root) else {
        return;
    };
    let left = items[at].more_replies.saturating_sub(replies.len() as u32);
    items[at].more_replies = if more { left.max(1) } else { 0 };
    let end = at + 1 + items[at + 1..].iter().take_while(|c| c.depth > 1).count();
    items.splice(end..end, replies.into_iter().filter(|c| !posted.contains(&c.id)));
}

/// A thread's "more replies" button: `count` more replies of the thread under `root`, loaded
/// after reply `after` (the button sits under that reply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoreReplies {
    /// The thread's top-level comment.
    pub root: i64,
    /// The last reply shown in the server's order.
    pub after: i64,
    /// How many are left.
    pub count: u32,
}

/// The "more replies" buttons of the threads shown, in one pass over the list.
pub fn more_replies(items: &[Comment], posted: &[i64]) -> Vec<MoreReplies> {
    let mut buttons = Vec::new();
    let mut open: Option<MoreReplies> = None;
    for comment in items {
        if comment.depth <= 1 {
            buttons.extend(open.take().filter(|m| m.count > 0));
            open = Some(MoreReplies { root: comment.id, after: comment.id, count: comment.more_replies });
        } else if let Some(thread) = open.as_mut().filter(|_| !posted.contains(&comment.id)) {
            thread.after = comment.id;
        }
    }
    buttons.extend(open.filter(|m| m.count > 0));
    buttons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64, parent_id: Option<i64>, depth: u8) -> Comment {
        Comment {
            id,
            parent_id,
            depth,
            author_name: "A".into(),
            body: "B".into(),
            created_at: String::new(),
            more_replies: 0,
        }
    }

    #[test]
    fn new_comments_go_under_their_parent_or_at_the_open_end() {
        let items = vec![comment(1, None, 1), comment(2, Some(1), 2), comment(3, Some(2), 3), comment(4, None, 1)];
        assert_eq!(insert_position(&items, &comment(9, Some(1), 2), CommentOrder::Asc), 3);
        assert_eq!(insert_position(&items, &comment(9, Some(2), 3), CommentOrder::Asc), 3);
        assert_eq!(insert_position(&items, &comment(9, Some(4), 2), CommentOrder::Desc), 4);
        assert_eq!(insert_position(&items, &comment(9, None, 1), CommentOrder::Asc), 4);
        assert_eq!(insert_position(&items, &comment(9, None, 1), CommentOrder::Desc), 0);
        // A parent not shown (on a page not loaded): the end.
        assert_eq!(insert_position(&items, &comment(9, Some(77), 2), CommentOrder::Asc), 4);
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
    fn merging_skips_what_is_shown() {
        let mut items = vec![comment(1, None, 1), comment(5, None, 1)];
        merge(&mut items, vec![comment(5, None, 1), comment(6, None, 1)], &[5]);
        assert_eq!(items.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 5, 6]);
    }

    #[test]
    fn threads_with_more_replies_end_with_a_button() {
        let mut root = comment(1, None, 1);
        root.more_replies = 7;
        let items =
            vec![root, comment(2, Some(1), 2), comment(3, Some(2), 3), comment(9, Some(1), 2), comment(4, None, 1)];
        assert_eq!(
            more_replies(&items, &[9]),
            [MoreReplies { root: 1, after: 3, count: 7 }],
            "under the last reply from the server: the reader's own is no cursor"
        );
        assert_eq!(more_replies(&items[..1], &[]), [MoreReplies { root: 1, after: 1, count: 7 }]);
    }

    #[test]
    fn further_replies_go_after_the_thread() {
        let mut items = vec![comment(1, None, 1), comment(2, Some(1), 2), comment(4, None, 1)];
        items[0].more_replies = 3;
        add_replies(
            &mut items,
            1,
            vec![comment(2, Some(1), 2), comment(5, Some(2), 3), comment(6, Some(1), 2)],
            true,
            &[2],
        );
        assert_eq!(items.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 2, 5, 6, 4]);
        assert_eq!(items[0].more_replies, 1, "three more asked for, three came, and the server has more");
        add_replies(&mut items, 1, vec![comment(7, Some(1), 2)], false, &[]);
        assert_eq!(items.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 2, 5, 6, 7, 4]);
        assert_eq!(items[0].more_replies, 0, "the server has no more");
    }
}
