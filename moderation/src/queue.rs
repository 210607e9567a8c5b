//! A queue of comments: the held ones (oldest first), the recent published ones (newest
//! first) or the reported ones (the most reported first, with their reasons and notes), across
//! all stories. A shown comment can be made an editor's pick, or unpicked. Each comment shows its story (linked), the comment it answers,
//! its author with email and time, and its text, with its decisions; a checkbox per comment
//! and "select all" take several at once. Every control is a native button, checkbox or link,
//! so the page works from the keyboard alone; after a decision focus goes to the list's
//! heading and the status line says what was done.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use okur_types::moderation::{Action, Queue, QueuedComment, Status as CommentStatus};

use crate::api::{self, ApiError};
use crate::state::{use_shared, Status};
use crate::texts::short_time;

/// Adds a comment to the selection, or takes it out.
pub fn toggle(selected: &mut Vec<i64>, id: i64) {
    match selected.iter().position(|s| *s == id) {
        Some(at) => {
            selected.remove(at);
        }
        None => selected.push(id),
    }
}

/// Whether every comment shown is selected (and some are shown).
pub fn all_selected(selected: &[i64], shown: &[i64]) -> bool {
    !shown.is_empty() && shown.iter().all(|id| selected.contains(id))
}

/// The decisions a queue offers: a held comment can be approved; a published one only hidden;
/// a reported one kept (approved: its reports are answered) or hidden.
pub fn actions(queue: Queue) -> &'static [Action] {
    match queue {
        Queue::Held | Queue::Reported => &[Action::Approve, Action::Reject, Action::Delete],
        Queue::Recent => &[Action::Reject, Action::Delete],
    }
}

/// The address of a comment's story: at the comment once it is shown there.
pub fn story_link(item: &QueuedComment) -> String {
    let slug = okur_web::uri::encode_component(&item.slug);
    match item.status {
        CommentStatus::Published => format!("/articles/{slug}?comment={id}#comment-{id}", id = item.comment.id),
        _ => format!("/articles/{slug}"),
    }
}

/// What the parts of a queue share: its kind, the selection, and its two kinds of change.
#[derive(Debug, Clone, Copy)]
struct Controls {
    queue: Queue,
    selected: RwSignal<Vec<i64>>,
    busy: RwSignal<bool>,
    decide: Callback<(Action, Vec<i64>)>,
    open_story: Callback<(String, String, bool)>,
}

/// One queue, loaded from the server and loaded again after every decision.
#[component]
pub fn QueueView(
    /// Which queue.
    queue: Queue,
) -> impl IntoView {
    let shared = use_shared();
    let status = expect_context::<Status>();
    let reload = RwSignal::new(0u32);
    let items = LocalResource::new(move || {
        reload.track();
        api::queue(queue)
    });
    let heading = NodeRef::<leptos::html::H2>::new();
    let selected = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    // A decision or a story opened/closed: said, and the list loaded again without a selection.
    let after = move |said: Result<String, ApiError>| {
        if said.is_ok() {
            selected.set(Vec::new());
        }
        status.report(shared, said, reload, heading);
        busy.set(false);
    };
    let decide = Callback::new(move |(action, ids): (Action, Vec<i64>)| {
        if ids.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let said = api::decide(&shared.csrf(), action, ids).await.map(|done| {
                let t = shared.texts();
                let mut text = (t.done)(action, done.done.len());
                if !done.missing.is_empty() {
                    text = format!("{text} {}", (t.missing)(done.missing.len()));
                }
                text
            });
            after(said);
        });
    });
    let open_story = Callback::new(move |(slug, title, open): (String, String, bool)| {
        busy.set(true);
        leptos::task::spawn_local(async move { after(shared.open_story(slug, title, open).await) });
    });
    shared.watch_session(items);
    let controls = Controls { queue, selected, busy, decide, open_story };
    let title = move || {
        let t = shared.texts();
        match queue {
            Queue::Held => t.held,
            Queue::Recent => t.recent,
            Queue::Reported => t.reported,
        }
    };
    view! {
        <section class="queue" aria-labelledby="queue-heading">
            <h2 id="queue-heading" tabindex="-1" node_ref=heading>{title}</h2>
            <Transition fallback=move || view! { <p>{shared.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok(list) if list.is_empty() => {
                            let t = shared.texts();
                            let none = match queue {
                                Queue::Held => t.none_held,
                                Queue::Recent => t.none_recent,
                                Queue::Reported => t.none_reported,
                            };
                            EitherOf3::A(view! { <p data-testid="queue-empty">{none}</p> })
                        }
                        Ok(list) => EitherOf3::B(view! { <QueueList list controls /> }),
                        Err(_) => EitherOf3::C(view! { <p role="alert">{shared.texts().failed}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The selection bar and the comments.
#[component]
fn QueueList(
    /// The comments.
    list: Vec<QueuedComment>,
    /// The queue's state.
    controls: Controls,
) -> impl IntoView {
    let shared = use_shared();
    let shown: Vec<i64> = list.iter().map(|q| q.comment.id).collect();
    let shown = StoredValue::new(shown);
    let all = move || controls.selected.with(|s| shown.with_value(|shown| all_selected(s, shown)));
    let buttons = actions(controls.queue)
        .iter()
        .map(|&action| {
            let label = move || action_label(action, shared.texts());
            view! {
                <button
                    type="button"
                    class="button"
                    data-testid=format!("batch-{}", action.as_str())
                    disabled=move || controls.busy.get() || controls.selected.with(Vec::is_empty)
                    on:click=move |_| controls.decide.run((action, controls.selected.get_untracked()))
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="batch" role="group" aria-labelledby="batch-count">
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="select-all"
                    prop:checked=all
                    on:change=move |_| {
                        let every = !all();
                        controls.selected.set(if every { shown.get_value() } else { Vec::new() });
                    }
                />
                {move || shared.texts().select_all}
            </label>
            <span id="batch-count" data-testid="selected-count">
                {move || (shared.texts().selected)(controls.selected.with(Vec::len))}
            </span>
            {buttons}
        </div>
        <ul class="queue-list" data-testid="queue">
            <For each=move || list.clone() key=|item| item.comment.id let:item>
                <QueueItem item controls />
            </For>
        </ul>
    }
}

/// A decision's button label.
fn action_label(action: Action, t: &crate::texts::Texts) -> &'static str {
    match action {
        Action::Approve => t.approve,
        Action::Reject => t.reject,
        Action::Delete => t.delete,
        Action::Open => t.open,
        Action::Close => t.close,
        Action::Pick => t.pick,
        Action::Unpick => t.unpick,
    }
}

/// One comment with its story, context and decisions.
#[component]
fn QueueItem(
    /// The comment.
    item: QueuedComment,
    /// The queue's state.
    controls: Controls,
) -> impl IntoView {
    let shared = use_shared();
    let id = item.comment.id;
    let meta_id = format!("queued-{id}");
    let link = story_link(&item);
    let QueuedComment { comment, status, author_email, slug, title, comments_open, parent, versions, reports } = item;
    // A shown comment can be picked, a picked one unpicked.
    let pick =
        (status == CommentStatus::Published).then_some(if comment.picked { Action::Unpick } else { Action::Pick });
    let picked = comment.picked;
    let author = comment.author_name.clone();
    let checked = move || controls.selected.with(|s| s.contains(&id));
    let described = meta_id.clone();
    let button = move |action: Action| {
        view! {
            <button
                type="button"
                class="button button--quiet"
                data-testid=action.as_str()
                aria-describedby=described.clone()
                disabled=move || controls.busy.get()
                on:click=move |_| controls.decide.run((action, vec![id]))
            >
                {move || action_label(action, shared.texts())}
            </button>
        }
    };
    let decisions = actions(controls.queue).iter().map(|&action| button(action)).collect_view();
    let pick = pick.map(button);
    let story_title = title.clone();
    view! {
        <li class="queue-item" data-testid="queue-item" data-id=id.to_string()>
            <p class="queue-item__story">
                <a href=link data-testid="queue-story">{title}</a>
                " · " {move || (shared.texts().status)(status)}
                {(!comments_open).then(|| view! { " · " {move || shared.texts().closed_note} })}
            </p>
            {parent.map(|parent| view! {
                <p class="queue-item__parent">
                    {move || shared.texts().in_reply_to} " " <strong>{parent.author_name}</strong> ": " {parent.excerpt}
                </p>
            })}
            <p class="queue-item__meta" id=meta_id.clone()>
                <strong data-testid="queue-author">{comment.author_name}</strong>
                " · "
                {match author_email {
                    Some(email) => Either::Left(view! { <a href=format!("mailto:{email}")>{email.clone()}</a> }),
                    None => Either::Right(view! { <span>{move || shared.texts().no_email}</span> }),
                }}
                " · "
                <time datetime=comment.created_at.clone()>{short_time(&comment.created_at)}</time>
                {comment.edited_at.map(|at| view! {
                    " · " {move || shared.texts().edited} " "
                    <time datetime=at.clone() data-testid="queue-edited">{short_time(&at)}</time>
                })}
            </p>
            {picked.then(|| view! { <p class="queue-item__picked" data-testid="queue-picked">{move || shared.texts().picked}</p> })}
            <p class="queue-item__body" data-testid="queue-body">{comment.body}</p>
            // What readers said, never shown to them: by reason, with the notes.
            {(!reports.is_empty()).then(|| view! {
                <ul class="queue-item__reports" data-testid="queue-reports">
                    {reports.into_iter().map(|r| view! {
                        <li data-testid="queue-report">
                            {move || (shared.texts().reason)(r.reason, r.count)}
                            {r.notes.into_iter().map(|note| view! { <q class="queue-item__note">{note}</q> }).collect_view()}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            // Every earlier text: a report or a decision may be about one of them.
            {(!versions.is_empty()).then(|| {
                let count = versions.len();
                view! {
                    <details class="queue-item__versions" data-testid="queue-versions">
                        <summary>{move || (shared.texts().versions)(count)}</summary>
                        <ol>
                            {versions.into_iter().map(|v| view! {
                                <li data-testid="queue-version">
                                    <strong>{v.author_name}</strong> " · "
                                    <time datetime=v.written_at.clone()>{short_time(&v.written_at)}</time>
                                    <p class="queue-item__body">{v.body}</p>
                                </li>
                            }).collect_view()}
                        </ol>
                    </details>
                }
            })}
            <div class="queue-item__actions">
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="queue-select"
                        prop:checked=checked
                        on:change=move |_| controls.selected.update(|s| toggle(s, id))
                    />
                    <span class="visually-hidden">{move || (shared.texts().select)(&author)}</span>
                </label>
                {decisions}
                {pick}
                <button
                    type="button"
                    class="button button--quiet"
                    data-testid="story-toggle"
                    disabled=move || controls.busy.get()
                    on:click=move |_| controls.open_story.run((slug.clone(), story_title.clone(), !comments_open))
                >
                    {move || if comments_open { shared.texts().close } else { shared.texts().open }}
                </button>
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections() {
        let mut selected = vec![];
        toggle(&mut selected, 3);
        toggle(&mut selected, 5);
        assert_eq!(selected, [3, 5]);
        toggle(&mut selected, 3);
        assert_eq!(selected, [5]);
        assert!(!all_selected(&selected, &[5, 6]));
        assert!(all_selected(&[6, 5], &[5, 6]));
        assert!(!all_selected(&[], &[]), "nothing shown is not all selected");
    }

    #[test]
    fn held_comments_can_be_approved_published_ones_only_hidden() {
        assert!(actions(Queue::Held).contains(&Action::Approve));
        assert!(!actions(Queue::Recent).contains(&Action::Approve));
    }
}
