//! A story as the editor edits it ([`Draft`]): every field as the text in its input, each block
//! with a number of its own (so that moving or removing one keeps the others' inputs and caret),
//! its words with their signs for links and emphasis ([`super::inline`]). The way to and from the
//! desk's JSON, and where a server's message about a field belongs.

use okur_types::desk::{DeskArticle, StoryStatus};
use okur_types::{Block, Image, Mark};
use serde::{Deserialize, Serialize};

use super::inline::{parse, source};

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// A section heading.
    Heading,
    /// Running text.
    Paragraph,
    /// A quotation and its source.
    Quote,
    /// A list, an item a line.
    List,
    /// An image with its text alternative and caption.
    Image,
}

impl Kind {
    /// Every kind, in the order the editor offers them.
    pub const ALL: [Kind; 5] = [Kind::Paragraph, Kind::Heading, Kind::Quote, Kind::List, Kind::Image];
}

/// One block as edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditBlock {
    /// Its number in this editor, never reused.
    pub id: u32,
    /// What it is.
    pub kind: Kind,
    /// The words with their signs (a list: an item a line).
    pub text: String,
    /// A quote's source.
    pub cite: String,
    /// A numbered list.
    pub ordered: bool,
    /// An image's address, text alternative and caption.
    pub src: String,
    /// See `src`.
    pub alt: String,
    /// See `src`.
    pub caption: String,
}

impl EditBlock {
    /// An empty block of this kind.
    pub fn new(id: u32, kind: Kind) -> Self {
        EditBlock {
            id,
            kind,
            text: String::new(),
            cite: String::new(),
            ordered: false,
            src: String::new(),
            alt: String::new(),
            caption: String::new(),
        }
    }
}

/// A story as edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// See [`DeskArticle`].
    pub slug: String,
    /// See [`DeskArticle`].
    pub title: String,
    /// See [`DeskArticle`].
    pub summary: String,
    /// See [`DeskArticle`].
    pub author: String,
    /// See [`DeskArticle`].
    pub category: String,
    /// See [`DeskArticle`] (empty: the site's).
    pub language: String,
    /// The lead image's address and text alternative (empty: none).
    pub image_src: String,
    /// See `image_src`.
    pub image_alt: String,
    /// See [`DeskArticle`].
    pub comments_open: bool,
    /// Where the story stands now (the buttons say where it goes).
    pub status: StoryStatus,
    /// When it is or is meant to be out (RFC 3339), if it says.
    pub published_at: String,
    /// A correction to go with the next update of a published story.
    pub correction: String,
    /// The body.
    pub blocks: Vec<EditBlock>,
    /// The next block's number.
    pub next_id: u32,
}

impl Draft {
    /// A story from the desk, as edited.
    pub fn from_article(article: &DeskArticle) -> Self {
        let mut next_id = 0;
        let mut id = || {
            next_id += 1;
            next_id
        };
        let blocks = article
            .body
            .iter()
            .map(|block| {
                let mut edit = EditBlock::new(id(), Kind::Paragraph);
                match block {
                    Block::Heading { text } => {
                        edit.kind = Kind::Heading;
                        edit.text = source(text, &[]);
                    }
                    Block::Paragraph { text, marks } => edit.text = source(text, marks),
                    Block::Quote { text, cite, marks } => {
                        edit.kind = Kind::Quote;
                        edit.text = source(text, marks);
                        edit.cite = cite.clone().unwrap_or_default();
                    }
                    Block::List { ordered, items, marks } => {
                        edit.kind = Kind::List;
                        edit.ordered = *ordered;
                        let lines: Vec<String> = items
                            .iter()
                            .enumerate()
                            .map(|(i, item)| source(item, marks.get(i).map_or(&[], Vec::as_slice)))
                            .collect();
                        edit.text = lines.join("\n");
                    }
                    Block::Image { src, alt, caption, .. } => {
                        edit.kind = Kind::Image;
                        edit.src = src.clone();
                        edit.alt = alt.clone();
                        edit.caption = caption.clone().unwrap_or_default();
                    }
                }
                edit
            })
            .collect();
        Draft {
            slug: article.slug.clone(),
            title: article.title.clone(),
            summary: article.summary.clone(),
            author: article.author.clone(),
            category: article.category.clone(),
            language: article.language.clone().unwrap_or_default(),
            image_src: article.image.as_ref().map(|i| i.src.clone()).unwrap_or_default(),
            image_alt: article.image.as_ref().map(|i| i.alt.clone()).unwrap_or_default(),
            comments_open: article.comments_open,
            status: article.status,
            published_at: article.published_at.clone().unwrap_or_default(),
            correction: String::new(),
            blocks,
            next_id: next_id + 1,
        }
    }

    /// The story as the desk takes it, to go where `status` says.
    pub fn to_article(&self, status: StoryStatus) -> DeskArticle {
        let optional = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        let body = self
            .blocks
            .iter()
            .map(|block| match block.kind {
                Kind::Heading => Block::Heading { text: parse(&block.text).0 },
                Kind::Paragraph => {
                    let (text, marks) = parse(&block.text);
                    Block::Paragraph { text, marks }
                }
                Kind::Quote => {
                    let (text, marks) = parse(&block.text);
                    Block::Quote { text, marks, cite: optional(&block.cite) }
                }
                Kind::List => {
                    let (items, mut marks): (Vec<String>, Vec<Vec<Mark>>) =
                        block.text.lines().filter(|line| !line.trim().is_empty()).map(parse).unzip();
                    while marks.last().is_some_and(Vec::is_empty) {
                        marks.pop();
                    }
                    Block::List { ordered: block.ordered, items, marks }
                }
                Kind::Image => Block::Image {
                    src: block.src.clone(),
                    alt: block.alt.clone(),
                    caption: optional(&block.caption),
                    width: None,
                    height: None,
                },
            })
            .collect();
        let image =
            optional(&self.image_src).map(|src| Image { src, alt: self.image_alt.clone(), width: None, height: None });
        DeskArticle {
            slug: self.slug.trim().to_owned(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            published_at: optional(&self.published_at),
            author: self.author.clone(),
            category: self.category.clone(),
            language: optional(&self.language),
            image,
            body,
            comments_open: self.comments_open,
            status,
            correction: optional(&self.correction),
        }
    }

    /// A block added at the end; its number.
    pub fn add(&mut self, kind: Kind) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        self.blocks.push(EditBlock::new(id, kind));
        id
    }

    /// Moves block `id` one place up (`-1`) or down (`1`).
    pub fn shift(&mut self, id: u32, by: i32) {
        let Some(at) = self.blocks.iter().position(|b| b.id == id) else { return };
        let to = at as i32 + by;
        if to >= 0 && (to as usize) < self.blocks.len() {
            self.blocks.swap(at, to as usize);
        }
    }

    /// The block with this number, to change.
    pub fn block(&mut self, id: u32) -> Option<&mut EditBlock> {
        self.blocks.iter_mut().find(|b| b.id == id)
    }
}

/// Where a server's message about a field belongs: a field's name, or a block's number for
/// `body[i]` (the i-th block).
pub fn block_of(field: &str, draft: &Draft) -> Option<u32> {
    let index: usize = field.strip_prefix("body[")?.strip_suffix(']')?.parse().ok()?;
    draft.blocks.get(index).map(|b| b.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use okur_types::MarkKind;

    fn story() -> DeskArticle {
        DeskArticle {
            slug: "kiyi".into(),
            title: "Kıyı".into(),
            summary: "Özet.".into(),
            published_at: Some("2025-12-13T07:30:00Z".into()),
            author: "Elif".into(),
            category: "Gündem".into(),
            language: None,
            image: Some(Image { src: "/media/a.svg".into(), alt: "Liman".into(), width: None, height: None }),
            body: vec![
                Block::Heading { text: "Başlık".into() },
                Block::Paragraph {
                    text: "Bir bağlantı.".into(),
                    marks: vec![Mark { start: 4, end: 12, kind: MarkKind::Link, href: Some("/a".into()) }],
                },
                Block::Quote { text: "Söz".into(), cite: Some("Kaynak".into()), marks: vec![] },
                Block::List {
                    ordered: true,
                    items: vec!["bir".into(), "iki".into()],
                    marks: vec![vec![Mark { start: 0, end: 3, kind: MarkKind::Strong, href: None }]],
                },
                Block::Image { src: "/media/b.svg".into(), alt: "B".into(), caption: None, width: None, height: None },
            ],
            comments_open: true,
            status: StoryStatus::Published,
            correction: None,
        }
    }

    #[test]
    fn a_story_edited_and_sent_back_is_the_same_story() {
        let draft = Draft::from_article(&story());
        assert_eq!(draft.blocks[1].text, "Bir [bağlantı](/a).");
        assert_eq!(draft.blocks[3].text, "**bir**\niki");
        assert_eq!(draft.to_article(StoryStatus::Published), story());
    }

    #[test]
    fn blocks_move_and_keep_their_numbers() {
        let mut draft = Draft::from_article(&story());
        let added = draft.add(Kind::Quote);
        assert_eq!(draft.blocks.last().unwrap().id, added);
        draft.shift(added, -1);
        assert_eq!(draft.blocks[4].id, added);
        draft.shift(draft.blocks[0].id, -1);
        assert_eq!(draft.blocks[0].kind, Kind::Heading, "the first stays first");
        assert_eq!(block_of("body[1]", &draft), Some(draft.blocks[1].id));
        assert_eq!(block_of("title", &draft), None);
        assert_eq!(block_of("body[99]", &draft), None);
    }
}
