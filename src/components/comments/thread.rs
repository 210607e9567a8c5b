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
}

impl Thread {
    /// Shows a comment the server just published where it belongs: under its parent's
    /// replies, or at the end (oldest first) or the top (newest first).
    pub fn insert_posted(&self, comment: Comment) {
        let order = self.order.get_untracked();
        self.items.update(|items| {
            if !items.iter().any(|c| c.id == comment.id) {
                let at = insert_position(items, &comment, order);
                items.insert(at, comment);
            }
        });
        self.count.update(|n| *n += 1);
    }
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

/// Adds a loaded page to the list, skipping comments already shown (posted meanwhile).
pub(crate) fn merge(items: &mut Vec<Comment>, page: Vec<Comment>) {
    for comment in page {
        if !items.iter().any(|c| c.id == comment.id) {
            items.push(comment);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64, parent_id: Option<i64>, depth: u8) -> Comment {
        Comment { id, parent_id, depth, author_name: "A".into(), body: "B".into(), created_at: String::new() }
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
        merge(&mut items, vec![comment(5, None, 1), comment(6, None, 1)]);
        assert_eq!(items.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 5, 6]);
    }
}
