//! The site to browse, as the JSON API and the rendered pages both answer it: sections in the
//! operator's order, a section's or an author's stories, search results with their snippets,
//! the front page in one answer, and the short lists at the end of an article.

use std::sync::{Arc, Mutex};

use okur_types::browse::{FrontPage, SearchHit, SearchPage, SectionBlock, Shelf, ShelfPage, SnippetPart, StoryLink};
use okur_types::{ArticleSummary, Page};

use crate::domain::search::{body_text, snippet, Query, QueryError};
use crate::http::cache::generations::Generations;
use crate::store::{Position, Shelf as Kind, ShelfRow, Store, StoreError, SEARCH_DEPTH_MAX};

/// How many sections get a block on the front page.
pub const FRONT_SECTIONS: usize = 6;
/// How many stories a section's block shows.
pub const BLOCK_STORIES: u32 = 4;
/// How many related stories an article ends with.
pub const RELATED: u32 = 4;

/// Why a browse answer failed.
#[derive(Debug, thiserror::Error)]
pub enum BrowseError {
    /// The query cannot be run.
    #[error("{0}")]
    Query(#[from] QueryError),
    /// The cursor is not one this list gives.
    #[error("the cursor is not one this list gave")]
    Cursor,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The sections as last read, and the generation of the articles' content they were read at.
#[derive(Debug, Default)]
struct SectionsKept {
    at: Option<i64>,
    sections: Arc<Vec<Shelf>>,
}

/// The site's sections and how to order them, shared by every request.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    /// The operator's order (`--sections`): these first, in this order; the rest by count.
    order: Arc<Vec<String>>,
    kept: Arc<Mutex<SectionsKept>>,
}

impl Sections {
    /// Sections ordered by the operator's list of URL names.
    pub fn ordered(order: Vec<String>) -> Self {
        Sections { order: Arc::new(order), kept: Arc::default() }
    }

    /// Every section with a published story, in the site's order; read again only when an
    /// article changed (what it shows of them is the content, not the comment counts).
    pub async fn list(&self, store: &Store, generations: &Generations) -> Result<Arc<Vec<Shelf>>, StoreError> {
        let at = generations.current(store, "~content").await.ok();
        {
            let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
            if at.is_some() && kept.at == at {
                return Ok(kept.sections.clone());
            }
        }
        let rows = store.shelves(false).await?;
        let mut sections: Vec<Shelf> = rows.into_iter().map(shelf).collect();
        // Stable: the store's order (most stories first) stays among the unlisted.
        sections.sort_by_key(|s| self.order.iter().position(|o| *o == s.slug).unwrap_or(usize::MAX));
        let sections = Arc::new(sections);
        *self.kept.lock().unwrap_or_else(|p| p.into_inner()) = SectionsKept { at, sections: sections.clone() };
        Ok(sections)
    }
}

/// A store's section or author row as the API names it.
fn shelf(row: ShelfRow) -> Shelf {
    Shelf { slug: row.slug, name: row.name, count: u64::try_from(row.count).unwrap_or(0) }
}

/// A page of a section's (`authors` false) or an author's stories; none when there is no such
/// section or author.
pub async fn shelf_page(
    store: &Store,
    authors: bool,
    slug: &str,
    after: Option<&str>,
    per_page: u32,
) -> Result<Option<ShelfPage>, BrowseError> {
    let kind = if authors { Kind::Author(slug) } else { Kind::Section(slug) };
    let Some(name) = store.shelf_name(kind).await? else {
        return Ok(None);
    };
    let (items, next) = match store.shelf(kind, after, per_page).await {
        Err(StoreError::UnknownCursor(_)) => return Err(BrowseError::Cursor),
        other => other?,
    };
    let count = store.shelf_count(kind).await?;
    Ok(Some(ShelfPage { shelf: Shelf { slug: slug.to_owned(), name, count }, items, next }))
}

/// A page of search results for what a reader typed, after the cursor `after` (an offset).
pub async fn search(store: &Store, typed: &str, after: Option<&str>, per_page: u32) -> Result<SearchPage, BrowseError> {
    // Nothing to look for (no letter or digit at all) finds nothing: an empty page, as the
    // search page shows before a word is typed.
    let query = match Query::parse(typed) {
        Err(QueryError::Empty) => return Ok(SearchPage { query: typed.to_owned(), items: Vec::new(), next: None }),
        parsed => parsed?,
    };
    let offset = match after.filter(|a| !a.is_empty()) {
        None => 0,
        Some(after) => after.parse::<u32>().ok().filter(|n| *n <= SEARCH_DEPTH_MAX).ok_or(BrowseError::Cursor)?,
    };
    let (found, next) = store.search(&query, offset, per_page).await?;
    let items = found
        .into_iter()
        .map(|(summary, body)| {
            let body = body_text(&body);
            let parts = snippet(&query, &[&summary.summary, &body], &summary.language);
            let snippet = parts.into_iter().map(|(text, hit)| SnippetPart { text, hit }).collect();
            SearchHit { summary, snippet }
        })
        .collect();
    Ok(SearchPage { query: typed.to_owned(), items, next })
}

/// The most read stories of the last 24 hours, as links.
pub async fn most_read(store: &Store) -> Result<Vec<StoryLink>, StoreError> {
    Ok(store.most_read().await?.into_iter().map(StoryLink::from).collect())
}

/// The stories an article ends with, as links.
pub async fn related(store: &Store, slug: &str) -> Result<Vec<StoryLink>, StoreError> {
    Ok(store.related(slug, RELATED).await?.into_iter().map(StoryLink::from).collect())
}

/// The front page: on its first page the lead story, a block per section, the most read and
/// the newest stories not shown above them; on later pages the stories by date.
pub async fn front_page(store: &Store, sections: &[Shelf], page: u32, per_page: u32) -> Result<FrontPage, StoreError> {
    let (items, total, next) = store.list_articles(&Position::Page(page), per_page).await?;
    let latest = Page { items, page, per_page, total, next };
    if page > 1 {
        return Ok(FrontPage { lead: None, sections: Vec::new(), most_read: Vec::new(), latest });
    }
    let lead = store.lead().await?;
    let lead_slug = lead.as_ref().map(|l| l.slug.clone());
    let mut blocks = Vec::new();
    for section in sections.iter().take(FRONT_SECTIONS) {
        let (items, _) = store.shelf(Kind::Section(&section.slug), None, BLOCK_STORIES + 1).await?;
        let items: Vec<ArticleSummary> =
            items.into_iter().filter(|a| Some(&a.slug) != lead_slug.as_ref()).take(BLOCK_STORIES as usize).collect();
        if !items.is_empty() {
            blocks.push(SectionBlock { section: section.clone(), items });
        }
    }
    // "The rest": the stories by date that the lead and the blocks do not already show.
    let mut latest = latest;
    let shown: Vec<&str> = lead.iter().chain(blocks.iter().flat_map(|b| &b.items)).map(|a| a.slug.as_str()).collect();
    latest.items.retain(|a| !shown.contains(&a.slug.as_str()));
    Ok(FrontPage { lead, sections: blocks, most_read: most_read(store).await?, latest })
}
