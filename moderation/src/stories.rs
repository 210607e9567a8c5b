//! The stories, newest first (scheduled ones too), each with when it is published, how many of
//! its comments wait, and whether it takes comments, with the button that opens or closes it:
//! so a story with nothing in the queue can be closed too (a breaking story, say).

use leptos::either::EitherOf3;
use leptos::prelude::*;
use okur_types::moderation::Story;

use crate::api;
use crate::state::{use_shared, Status};
use crate::texts::short_time;

/// The table of stories, loaded again after each change.
#[component]
pub fn StoryList() -> impl IntoView {
    let shared = use_shared();
    let status = expect_context::<Status>();
    let reload = RwSignal::new(0u32);
    let stories = LocalResource::new(move || {
        reload.track();
        api::stories()
    });
    let busy = RwSignal::new(false);
    let heading = NodeRef::<leptos::html::H2>::new();
    let toggle = Callback::new(move |(slug, title, open): (String, String, bool)| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            status.report(shared, shared.open_story(slug, title, open).await, reload, heading);
            busy.set(false);
        });
    });
    shared.watch_session(stories);
    view! {
        <section aria-labelledby="stories-heading">
            <h2 id="stories-heading" tabindex="-1" node_ref=heading>{move || shared.texts().stories}</h2>
            <Transition fallback=move || view! { <p>{shared.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match stories.await {
                        Ok(list) if list.is_empty() => EitherOf3::A(view! { <p>"—"</p> }),
                        Ok(list) => EitherOf3::B(view! { <Table list busy toggle /> }),
                        Err(_) => EitherOf3::C(view! { <p role="alert">{shared.texts().failed}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The table itself.
#[component]
fn Table(
    /// The stories.
    list: Vec<Story>,
    /// Whether a change is under way.
    busy: RwSignal<bool>,
    /// Opens (true) or closes a story: slug, title, open.
    toggle: Callback<(String, String, bool)>,
) -> impl IntoView {
    let shared = use_shared();
    let t = move || shared.texts();
    view! {
        <table class="log" data-testid="stories">
            <thead>
                <tr>
                    <th scope="col">{move || t().story}</th>
                    <th scope="col">{move || t().published}</th>
                    <th scope="col">{move || t().held_count}</th>
                    <th scope="col">{move || t().comments}</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || list.clone() key=|story| (story.slug.clone(), story.comments_open) let:story>
                    {
                        let Story { slug, title, published_at, comments_open, held } = story;
                        let href = format!("/articles/{}", okur_web::uri::encode_component(&slug));
                        let label = title.clone();
                        let row_slug = slug.clone();
                        view! {
                            <tr data-testid="story" data-slug=row_slug>
                                <th scope="row"><a href=href>{title.clone()}</a></th>
                                <td><time datetime=published_at.clone()>{short_time(&published_at)}</time></td>
                                <td data-testid="story-held">{held}</td>
                                <td>
                                    <span data-testid="story-state">
                                        {move || if comments_open { t().open_state } else { t().closed_state }}
                                    </span>
                                    " "
                                    <button
                                        type="button"
                                        class="button button--quiet"
                                        data-testid="story-toggle"
                                        aria-label=move || {
                                            let verb = if comments_open { t().close_short } else { t().open_short };
                                            format!("{verb}: {label}")
                                        }
                                        disabled=move || busy.get()
                                        on:click=move |_| toggle.run((slug.clone(), title.clone(), !comments_open))
                                    >
                                        {move || if comments_open { t().close_short } else { t().open_short }}
                                    </button>
                                </td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}
