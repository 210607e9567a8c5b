//! A story's revisions: who made each and when, the difference of one from the one before
//! (lines added and removed, said as such to screen readers too), and going back to one, which
//! is itself a new revision.

use leptos::prelude::*;
use okur_types::desk::{DiffChange, RevisionDetail};

use super::api::{self, DeskError};
use super::state::Editing;
use super::texts::desk_texts;
use crate::state::{use_shared, Status};

/// The revisions, loaded when asked for.
#[component]
pub fn History() -> impl IntoView {
    let shared = use_shared();
    let state = expect_context::<Editing>();
    let status_line = expect_context::<Status>();
    let t = move || desk_texts(shared.lang.get());
    let asked = RwSignal::new(0u32);
    let revisions = LocalResource::new(move || {
        let n = asked.get();
        let slug = state.slug.get();
        async move {
            if n == 0 {
                return Ok(Vec::new());
            }
            api::revisions(&slug).await
        }
    });
    let detail = RwSignal::new(None::<RevisionDetail>);
    let show = move |number: i64| {
        let slug = state.slug.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::revision(&slug, number).await {
                detail.set(Some(found));
            }
        });
    };
    let restore = move |number: i64| {
        let (csrf, slug, version) = (shared.csrf(), state.slug.get_untracked(), state.version.get_untracked());
        leptos::task::spawn_local(async move {
            let said = match api::restore(&csrf, &slug, version, number).await {
                Ok(story) => {
                    state.take(&story);
                    detail.set(None);
                    asked.update(|n| *n += 1);
                    (desk_texts(shared.lang.get_untracked()).action)(okur_types::desk::RevisionAction::Restored)
                        .to_owned()
                }
                Err(DeskError::SignIn) => {
                    shared.signed_out();
                    String::new()
                }
                Err(_) => desk_texts(shared.lang.get_untracked()).failed.to_owned(),
            };
            status_line.0.set(said);
        });
    };
    view! {
        <section class="history" aria-labelledby="history-heading" data-testid="history">
            <h3 id="history-heading">
                <button type="button" class="link-button" data-testid="show-history" aria-expanded=move || (asked.get() > 0).to_string()
                    on:click=move |_| asked.update(|n| *n += 1)>
                    {move || t().history[0]}
                </button>
            </h3>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = revisions.await.unwrap_or_default();
                    view! {
                        <ol class="revisions">
                            {list.into_iter().map(|revision| {
                                let number = revision.number;
                                view! {
                                    <li data-testid="revision" data-number=number.to_string()>
                                        {format!("{number}. ")}
                                        {move || (t().action)(revision.action)} " — " {revision.staff.clone()} ", "
                                        {crate::texts::short_time(&revision.at)}
                                        {revision.note.clone().map(|note| view! { " — " <em>{note}</em> })}
                                        " "
                                        <button type="button" class="tool" data-testid="show-diff" on:click=move |_| show(number)>{move || t().history[1]}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }
                })}
            </Transition>
            {move || detail.get().map(|found| {
                let number = found.revision.number;
                view! {
                    <section class="diff" aria-label=move || t().history[3] data-testid="diff">
                        <h4>{format!("{number}: ")} {move || (t().action)(found.revision.action)}</h4>
                        <div class="diff__lines">
                            {found.diff.into_iter().map(|line| {
                                let said = move || (t().change)(line.change);
                                match line.change {
                                    DiffChange::Insert => view! { <p><ins><span class="visually-hidden">{said}</span>{line.text}</ins></p> }.into_any(),
                                    DiffChange::Delete => view! { <p><del><span class="visually-hidden">{said}</span>{line.text}</del></p> }.into_any(),
                                    DiffChange::Equal => view! { <p>{line.text}</p> }.into_any(),
                                }
                            }).collect_view()}
                        </div>
                        <button type="button" class="button button--quiet" data-testid="restore" on:click=move |_| restore(number)>{move || t().history[2]}</button>
                    </section>
                }
            })}
        </section>
    }
}
