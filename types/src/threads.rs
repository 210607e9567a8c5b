//! Where comments go in a list of threads shown in display order (each top-level comment
//! followed by its replies, depth first): the same rules for the reader's page as it grows and
//! for the server rendering a page deep in a thread.

use crate::comments::{Comment, CommentOrder};

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
pub fn merge(items: &mut Vec<Comment>, page: Vec<Comment>, posted: &[i64]) {
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
            staff: false,
            edited_at: None,
            picked: false,
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
