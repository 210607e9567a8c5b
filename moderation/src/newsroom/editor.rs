//! The editor: a story's fields and blocks as plain text fields (links and emphasis as signs
//! the toolbar and Ctrl+B, Ctrl+I, Ctrl+K put around a selection), kept in this browser as it
//! is typed and on the server every few seconds (the working copy, never shown to readers), and
//! saved, published, scheduled or taken off by its buttons. A save on a version someone else
//! changed meanwhile shows both texts and loses neither; a field the server refuses shows its
//! message at the field.

use std::collections::BTreeMap;
use std::time::Duration;

use leptos::either::Either;
use leptos::prelude::*;
use okur_types::desk::{DeskStory, StoryStatus};

use super::api::{self, DeskError};
use super::history::History;
use super::model::{Draft, Kind};
use super::state::Editing;
use super::texts::{desk_texts, KeptAt};
use crate::newsroom::blocks::BlockEditor;
use crate::state::{use_shared, Status};

/// How often the working copy goes to the server when it changed.
const KEEP_EVERY: Duration = Duration::from_secs(3);

/// What this browser keeps of a story being edited.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Kept {
    /// The version the text was made on.
    version: i64,
    /// The text.
    draft: Draft,
}

/// The key a story's text is kept under in this browser.
fn key(slug: &str) -> String {
    format!("okur-desk:{slug}")
}

/// The text this browser kept of a story, if any.
fn load_local(slug: &str) -> Option<Kept> {
    let storage = window().local_storage().ok().flatten()?;
    serde_json::from_str(&storage.get_item(&key(slug)).ok().flatten()?).ok()
}

/// Keeps the text in this browser (a full or forbidden storage costs only this copy).
fn store_local(slug: &str, version: i64, draft: &Draft) {
    if let (Some(storage), Ok(json)) =
        (window().local_storage().ok().flatten(), serde_json::to_string(&Kept { version, draft: draft.clone() }))
    {
        let _ = storage.set_item(&key(slug), &json);
    }
}

/// The time now, as the status line says it.
fn now() -> String {
    let date = js_sys::Date::new_0();
    format!("{:02}:{:02}:{:02}", date.get_hours(), date.get_minutes(), date.get_seconds())
}

/// A story loaded into the editor.
#[component]
pub fn StoryEditor(
    /// The story's name on the server.
    slug: String,
    /// The story being edited (none: back to the list).
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let shared = use_shared();
    let story = LocalResource::new(move || {
        let slug = slug.clone();
        async move { api::story(&slug).await }
    });
    view! {
        <Transition fallback=move || view! { <p>{shared.texts().loading}</p> }>
            {move || Suspend::new(async move {
                match story.await {
                    Ok(story) => Either::Left(view! { <Editor story editing /> }),
                    Err(err) => {
                        if err == DeskError::SignIn {
                            shared.signed_out();
                        }
                        Either::Right(view! { <p role="alert">{desk_texts(shared.lang.get_untracked()).failed}</p> })
                    }
                }
            })}
        </Transition>
    }
}

/// The editor of a loaded story.
#[component]
fn Editor(story: DeskStory, editing: RwSignal<Option<String>>) -> impl IntoView {
    let shared = use_shared();
    let status_line = expect_context::<Status>();
    let t = move || desk_texts(shared.lang.get());
    let mut first = Draft::from_article(story.working.as_ref().unwrap_or(&story.article));
    let conflict = RwSignal::new(None::<DeskStory>);
    let mut restored = false;
    // A text this browser kept that the server never got comes back; made on another version,
    // it stands beside the server's.
    if let Some(kept) = load_local(&story.article.slug).filter(|kept| kept.draft != first) {
        if kept.version != story.version {
            conflict.set(Some(story.clone()));
        }
        first = kept.draft;
        restored = true;
    }
    let state = Editing {
        draft: RwSignal::new(first),
        version: RwSignal::new(story.version),
        slug: RwSignal::new(story.article.slug.clone()),
        standing: RwSignal::new(story.article.status),
        errors: RwSignal::new(BTreeMap::new()),
    };
    provide_context(state);
    let dirty = RwSignal::new(restored);
    let busy = RwSignal::new(false);
    let kept = RwSignal::new(if restored { (KeptAt::Browser, String::new()) } else { (KeptAt::Server, now()) });
    if restored {
        status_line.0.set(desk_texts(shared.lang.get_untracked()).restored_local.to_owned());
    }
    // Every change is kept in this browser at once, and marked for the server.
    Effect::new(move |before: Option<Draft>| {
        let draft = state.draft.get();
        store_local(&state.slug.get_untracked(), state.version.get(), &draft);
        if before.as_ref().is_some_and(|before| *before != draft) {
            dirty.set(true);
            kept.set((KeptAt::Browser, String::new()));
        }
        draft
    });
    // Someone changed the story since this text's version: their text beside this one.
    let stale = move || {
        let slug = state.slug.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(theirs) = api::story(&slug).await {
                conflict.set(Some(theirs));
            }
        });
    };
    // The working copy goes to the server every few seconds when it changed.
    let keep = move || {
        if !dirty.get_untracked() || busy.get_untracked() || conflict.get_untracked().is_some() {
            return;
        }
        busy.set(true);
        let (csrf, slug, version) = (shared.csrf(), state.slug.get_untracked(), state.version.get_untracked());
        let article = state.draft.get_untracked().to_article(state.standing.get_untracked());
        leptos::task::spawn_local(async move {
            match api::keep_working(&csrf, &slug, version, &article).await {
                Ok(story) => {
                    state.version.set(story.version);
                    dirty.set(state.draft.get_untracked().to_article(state.standing.get_untracked()) != article);
                    kept.set((KeptAt::Server, now()));
                }
                Err(DeskError::Stale(_)) => stale(),
                Err(DeskError::SignIn) => shared.signed_out(),
                Err(DeskError::Offline) => kept.set((KeptAt::Offline, String::new())),
                Err(_) => kept.set((KeptAt::Browser, String::new())),
            }
            busy.set(false);
        });
    };
    if let Ok(timer) = set_interval_with_handle(keep, KEEP_EVERY) {
        on_cleanup(move || timer.clear());
    }
    let save = move |target: StoryStatus| {
        busy.set(true);
        let (csrf, slug, version) = (shared.csrf(), state.slug.get_untracked(), state.version.get_untracked());
        let article = state.draft.get_untracked().to_article(target);
        leptos::task::spawn_local(async move {
            let said = match api::save(&csrf, &slug, version, &article).await {
                Ok(story) => {
                    state.take(&story);
                    if let Some(storage) = window().local_storage().ok().flatten() {
                        let _ = storage.remove_item(&key(&slug));
                    }
                    dirty.set(false);
                    kept.set((KeptAt::Server, now()));
                    (desk_texts(shared.lang.get_untracked()).saved)(story.article.status).to_owned()
                }
                Err(DeskError::Invalid(fields)) => {
                    state.errors.set(fields);
                    desk_texts(shared.lang.get_untracked()).invalid.to_owned()
                }
                Err(DeskError::Stale(_)) => {
                    stale();
                    desk_texts(shared.lang.get_untracked()).conflict_parts[0].to_owned()
                }
                Err(DeskError::SignIn) => {
                    shared.signed_out();
                    String::new()
                }
                Err(_) => desk_texts(shared.lang.get_untracked()).failed.to_owned(),
            };
            status_line.0.set(said);
            busy.set(false);
        });
    };
    let schedule_at = RwSignal::new(String::new());
    let schedule = move |_| {
        let local = schedule_at.get_untracked();
        if local.is_empty() {
            state.errors.update(|e| {
                e.insert("published_at".into(), desk_texts(shared.lang.get_untracked()).actions[4].to_owned());
            });
            return;
        }
        // The browser reads the time in the editor's own time zone.
        let at = js_sys::Date::new(&local.into());
        state.draft.update(|d| d.published_at = String::from(at.to_iso_string()));
        save(StoryStatus::Scheduled);
    };
    let fields = super::fields::Fields;
    // A keyboard user starts at the story's heading, and goes on typing in a block just added.
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            // Once it is in the document: a detached element takes no focus.
            request_animation_frame(move || {
                let _ = heading.focus();
            });
        }
    });
    let add = move |kind: Kind| {
        let mut id = 0;
        state.draft.update(|d| id = d.add(kind));
        request_animation_frame(move || {
            let first = document().query_selector(&format!("#block-{id}-text, #block-{id}-src")).ok().flatten();
            if let Some(el) =
                first.and_then(|el| leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
            {
                let _ = el.focus();
            }
        });
    };
    view! {
        <section class="story-editor" aria-labelledby="editor-heading" data-testid="story-editor">
            <p>
                <button type="button" class="link-button" data-testid="back-to-list" on:click=move |_| editing.set(None)>
                    {move || t().back}
                </button>
            </p>
            <h2 id="editor-heading" tabindex="-1" node_ref=heading>
                {move || state.draft.with(|d| if d.title.is_empty() { t().untitled.to_owned() } else { d.title.clone() })}
            </h2>
            <p class="desk-kept" role="status" data-testid="kept">
                {move || (t().status)(state.standing.get())} " · "
                {move || { let (at, when) = kept.get(); (t().kept)(at, &when) }}
            </p>
            {move || conflict.get().map(|theirs| view! { <super::conflict::Conflict theirs conflict dirty /> })}
            {fields.view()}
            <div class="blocks" data-testid="blocks">
                <For
                    each=move || state.draft.with(|d| d.blocks.iter().map(|b| (b.id, b.kind)).collect::<Vec<_>>())
                    key=|(id, kind)| (*id, *kind)
                    let:block
                >
                    <BlockEditor id=block.0 kind=block.1 />
                </For>
            </div>
            <p class="add-blocks">
                {Kind::ALL.map(|kind| view! {
                    <button type="button" class="button button--quiet" data-testid=format!("add-{kind:?}").to_lowercase()
                        on:click=move |_| add(kind)>
                        {move || (t().add)(kind)}
                    </button>
                })}
            </p>
            {move || state.errors.with(|e| e.get("body").cloned()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <div class="publish" role="group" aria-label=move || t().actions[3]>
                {move || (state.standing.get() == StoryStatus::Published).then(|| fields.correction())}
                {move || match state.standing.get() {
                    StoryStatus::Published => Either::Left(view! {
                        <button type="button" class="button" data-testid="update" disabled=move || busy.get() on:click=move |_| save(StoryStatus::Published)>{move || t().actions[2]}</button>
                        <button type="button" class="button button--quiet" data-testid="unpublish" disabled=move || busy.get() on:click=move |_| save(StoryStatus::Draft)>{move || t().actions[5]}</button>
                    }),
                    standing => Either::Right(view! {
                        <button type="button" class="button button--quiet" data-testid="save-draft" disabled=move || busy.get() on:click=move |_| save(StoryStatus::Draft)>
                            {move || if standing == StoryStatus::Scheduled { t().actions[5] } else { t().actions[0] }}
                        </button>
                        <button type="button" class="button" data-testid="publish" disabled=move || busy.get() on:click=move |_| save(StoryStatus::Published)>{move || t().actions[1]}</button>
                        <label>{move || t().actions[4]} " "
                            <input type="datetime-local" data-testid="schedule-at" on:input=move |ev| schedule_at.set(event_target_value(&ev))
                                aria-invalid=move || state.errors.with(|e| e.contains_key("published_at")).to_string()
                                aria-describedby="err-published_at" />
                        </label>
                        <button type="button" class="button button--quiet" data-testid="schedule" disabled=move || busy.get() on:click=schedule>{move || t().actions[3]}</button>
                    }),
                }}
                <p class="field-error" id="err-published_at">{move || state.errors.with(|e| e.get("published_at").cloned())}</p>
            </div>
            <super::preview::Preview />
            <History />
        </section>
    }
}
