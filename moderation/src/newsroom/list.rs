//! The desk's list: every story, the last changed first, filtered by state, section, author and
//! words; each opens in the editor, and a new one starts as a draft with an address of its own.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use okur_types::desk::{DeskArticle, DeskItem, StoryStatus};
use okur_web::uri::encode_component;

use super::api::{self, DeskError};
use super::texts::desk_texts;
use crate::state::{use_shared, Status};

/// The query string of the list's filter.
fn query(status: &str, section: &str, author: &str, words: &str) -> String {
    [("status", status), ("section", section), ("author", author), ("q", words)]
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(name, value)| format!("{name}={}", encode_component(value.trim())))
        .collect::<Vec<_>>()
        .join("&")
}

/// A new draft's address: `taslak-` and eight random letters and digits, until the editor names it.
fn new_slug() -> String {
    let letters: String = (0..8)
        .map(|_| {
            let n = (js_sys::Math::random() * 36.0) as u32;
            char::from_digit(n.min(35), 36).unwrap_or('0')
        })
        .collect();
    format!("taslak-{letters}")
}

/// The list with its filter and the new-story button.
#[component]
pub fn StoriesDesk(
    /// The story the editor opens (set here).
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let shared = use_shared();
    let status_line = expect_context::<Status>();
    let t = move || desk_texts(shared.lang.get());
    let (state, section, author, words) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let applied = RwSignal::new(String::new());
    let stories = LocalResource::new(move || {
        let query = applied.get();
        async move { api::list(&query).await }
    });
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(query(&state.get(), &section.get(), &author.get(), &words.get()));
    };
    let create = move |_| {
        let csrf = shared.csrf();
        let draft = DeskArticle {
            slug: new_slug(),
            title: String::new(),
            summary: String::new(),
            published_at: None,
            author: shared.session.get_untracked().map(|s| s.name).unwrap_or_default(),
            category: String::new(),
            language: None,
            image: None,
            body: Vec::new(),
            comments_open: true,
            status: StoryStatus::Draft,
            correction: None,
        };
        leptos::task::spawn_local(async move {
            match api::create(&csrf, &draft).await {
                Ok(story) => editing.set(Some(story.article.slug)),
                Err(DeskError::SignIn) => shared.signed_out(),
                Err(_) => status_line.0.set(desk_texts(shared.lang.get_untracked()).failed.to_owned()),
            }
        });
    };
    view! {
        <section aria-labelledby="newsroom-heading" data-testid="newsroom">
            <h2 id="newsroom-heading">{move || t().stories}</h2>
            <p>
                <button type="button" class="button" data-testid="new-story" on:click=create>{move || t().new_story}</button>
            </p>
            <form class="desk-filter" role="search" on:submit=filter>
                <label>
                    {move || t().filter[0]} " "
                    <select data-testid="filter-status" on:change=move |ev| state.set(event_target_value(&ev))>
                        <option value="">{move || t().filter[1]}</option>
                        {[StoryStatus::Draft, StoryStatus::Scheduled, StoryStatus::Published]
                            .map(|s| view! { <option value=s.as_str()>{move || (t().status)(s)}</option> })}
                    </select>
                </label>
                <label>{move || t().filter[2]} " " <input type="text" data-testid="filter-section" on:input=move |ev| section.set(event_target_value(&ev)) /></label>
                <label>{move || t().filter[3]} " " <input type="text" data-testid="filter-author" on:input=move |ev| author.set(event_target_value(&ev)) /></label>
                <label>{move || t().filter[4]} " " <input type="search" data-testid="filter-words" on:input=move |ev| words.set(event_target_value(&ev)) /></label>
                <button type="submit" class="button button--quiet" data-testid="filter-apply">{move || t().filter[5]}</button>
            </form>
            <Transition fallback=move || view! { <p>{shared.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match stories.await {
                        Ok(list) if list.items.is_empty() => EitherOf3::A(view! { <p data-testid="no-stories">{t().none}</p> }),
                        Ok(list) => EitherOf3::B(view! { <Table items=list.items editing /> }),
                        Err(DeskError::SignIn) => {
                            shared.signed_out();
                            EitherOf3::C(view! { <p role="alert">{t().failed}</p> })
                        }
                        Err(_) => EitherOf3::C(view! { <p role="alert">{t().failed}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The stories as a table.
#[component]
fn Table(
    /// The stories.
    items: Vec<DeskItem>,
    /// The story the editor opens.
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let shared = use_shared();
    let t = move || desk_texts(shared.lang.get());
    view! {
        <table class="log" data-testid="desk-stories">
            <thead>
                <tr>
                    <th scope="col">{move || shared.texts().story}</th>
                    <th scope="col">{move || t().filter[0]}</th>
                    <th scope="col">{move || shared.texts().published}</th>
                    <th scope="col">{move || t().filter[2]}</th>
                    <th scope="col">{move || t().filter[3]}</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|item| {
                        let DeskItem { slug, title, status, published_at, category, author, changed_at, changed_by, working, .. } = item;
                        let shown = if title.is_empty() { None } else { Some(title) };
                        let open = slug.clone();
                        view! {
                            <tr data-testid="desk-story" data-slug=slug.clone() data-status=status.as_str()>
                                <th scope="row">
                                    <button type="button" class="link-button" data-testid="open-story" on:click=move |_| editing.set(Some(open.clone()))>
                                        {shown.clone().unwrap_or_else(|| t().untitled.to_owned())}
                                    </button>
                                    {working.then(|| view! { " " <small>"(" {move || t().working} ")"</small> })}
                                    <br />
                                    <small>{(t().changed)(&changed_by, &crate::texts::short_time(&changed_at))}</small>
                                </th>
                                <td>{move || (t().status)(status)}</td>
                                <td>{published_at.as_deref().map(crate::texts::short_time).unwrap_or_default()}</td>
                                <td>{category}</td>
                                <td>{author}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
