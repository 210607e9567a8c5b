//! Browsing the site: sections and authors with their stories, search results with their
//! snippets, the front page in one answer, and the short lists at the end of an article.

use serde::{Deserialize, Serialize};

use crate::{ArticleSummary, Page};

/// A section or an author: what its page is called and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shelf {
    /// The URL name: the page is `/sections/{slug}` or `/authors/{slug}`.
    pub slug: String,
    /// The name, as its newest story writes it (e.g. "Gündem", "Çağla Yıldız").
    pub name: String,
    /// How many stories are published in it.
    pub count: u64,
}

/// A page of a section's or an author's stories, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShelfPage {
    /// Whose stories these are.
    pub shelf: Shelf,
    /// The stories on this page.
    pub items: Vec<ArticleSummary>,
    /// When more follow: the cursor to ask for them with (`after=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A part of a search result's snippet: text, and whether it is a word the search looked for.
/// Plain text, like every text of the API: the page draws a highlight as an element around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// Whether it matched the query.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hit: bool,
}

/// One search result: the story and a few words of it around what matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// The story.
    #[serde(flatten)]
    pub summary: ArticleSummary,
    /// A short passage around the first match (at most about 30 words), in parts.
    pub snippet: Vec<SnippetPart>,
}

/// A page of search results, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchPage {
    /// What was searched for, as given.
    pub query: String,
    /// The results on this page.
    pub items: Vec<SearchHit>,
    /// When more follow: the cursor to ask for them with (`after=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A story in a short list of links (related stories, most read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoryLink {
    /// The story's URL name.
    pub slug: String,
    /// Its headline.
    pub title: String,
}

impl From<ArticleSummary> for StoryLink {
    fn from(summary: ArticleSummary) -> Self {
        StoryLink { slug: summary.slug, title: summary.title }
    }
}

/// A section's block on the front page: its newest stories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionBlock {
    /// The section.
    pub section: Shelf,
    /// Its newest stories (up to four, the lead story left out).
    pub items: Vec<ArticleSummary>,
}

/// The front page in one answer: the lead story, a block per section, the most read, then
/// every story by date, paged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrontPage {
    /// The lead story: the one an editor pinned, else the newest (on the first page only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<ArticleSummary>,
    /// A block per section, in the site's order of sections (on the first page only).
    pub sections: Vec<SectionBlock>,
    /// The most read stories of the last 24 hours (on the first page only).
    pub most_read: Vec<StoryLink>,
    /// Every story, newest first, by page.
    pub latest: Page<ArticleSummary>,
}
