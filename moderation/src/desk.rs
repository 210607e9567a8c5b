//! The desk a signed-in staff member works at: who is signed in, sign-out, the language, the
//! views their role allows (an editor's stories; a moderator's held, recent and reported
//! comments, stories to open or close, the audit trail and settings; an admin's accounts too),
//! and a status line that says what each action did.

use leptos::either::EitherOf6;
use leptos::prelude::*;
use okur_types::moderation::Queue;

use crate::api;
use crate::log::AuditTrail;
use crate::newsroom::Newsroom;
use crate::queue::QueueView;
use crate::settings::SettingsView;
use crate::staff::StaffView;
use crate::state::{use_shared, Status};
use crate::stories::StoryList;
use crate::switch::LanguageSwitch;

/// What the desk shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// A queue of comments.
    Comments(Queue),
    /// The stories, to open or close to comments.
    Stories,
    /// The audit trail.
    Log,
    /// The moderator's own settings.
    Settings,
    /// The staff accounts (admins).
    Staff,
    /// The newsroom: stories in every state, and the editor (editors and admins).
    Newsroom,
}

/// The signed-in page.
#[component]
pub fn Desk() -> impl IntoView {
    let shared = use_shared();
    // What the account's role allows: the comment views, and the accounts for an admin.
    let role = shared.session.get_untracked().map(|s| s.role).unwrap_or_default();
    // At `/desk` the newsroom comes first; at `/moderation` the held comments.
    let at_desk = window().location().pathname().is_ok_and(|path| path.starts_with("/desk"));
    let first = match role {
        role if role.edits() && (at_desk || !role.moderates()) => View::Newsroom,
        _ => View::Comments(Queue::Held),
    };
    let view = RwSignal::new(first);
    let status = Status(RwSignal::new(String::new()));
    provide_context(status);
    let name = move || shared.session.get().map(|s| s.name).unwrap_or_default();
    let sign_out = move |_| {
        let csrf = shared.csrf();
        leptos::task::spawn_local(async move {
            // Signed out either way: a session the server lost already is no session.
            let _ = api::logout(&csrf).await;
            shared.notice.set(None);
            shared.session.set(None);
        });
    };
    let tab = move |target: View, testid: &'static str| {
        let label = move || {
            let t = shared.texts();
            match target {
                View::Comments(Queue::Held) => t.held,
                View::Comments(Queue::Recent) => t.recent,
                View::Comments(Queue::Reported) => t.reported,
                View::Stories => t.stories,
                View::Log => t.log,
                View::Settings => t.settings,
                View::Staff => t.staff,
                View::Newsroom => crate::newsroom::texts::desk_texts(shared.lang.get()).stories,
            }
        };
        view! {
            <button
                type="button"
                class="tool"
                data-testid=testid
                aria-pressed=move || (view.get() == target).to_string()
                on:click=move |_| {
                    status.0.set(String::new());
                    view.set(target);
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <header class="desk-header">
            <h1>{move || shared.texts().title}</h1>
            <p>
                {move || shared.texts().signed_in_as} " "
                <strong data-testid="moderator-name">{name}</strong> " "
                <button type="button" class="button button--quiet" data-testid="logout" on:click=sign_out>
                    {move || shared.texts().sign_out}
                </button>
            </p>
            <LanguageSwitch />
        </header>
        <nav class="switch" aria-label=move || shared.texts().views>
            {role.edits().then(|| tab(View::Newsroom, "view-newsroom"))}
            {role.moderates().then(|| view! {
                {tab(View::Comments(Queue::Held), "view-held")}
                {tab(View::Comments(Queue::Recent), "view-recent")}
                {tab(View::Comments(Queue::Reported), "view-reported")}
                {tab(View::Stories, "view-stories")}
                {tab(View::Log, "view-log")}
                {tab(View::Settings, "view-settings")}
            })}
            {role.manages_staff().then(|| tab(View::Staff, "view-staff"))}
        </nav>
        <p class="desk-status" role="status" data-testid="moderation-status">{move || status.0.get()}</p>
        {move || match view.get() {
            View::Comments(queue) => EitherOf6::A(view! { <QueueView queue /> }),
            View::Stories => EitherOf6::B(view! { <StoryList /> }),
            View::Log => EitherOf6::C(view! { <AuditTrail /> }),
            View::Settings => EitherOf6::D(view! { <SettingsView /> }),
            View::Staff => EitherOf6::E(view! { <StaffView /> }),
            View::Newsroom => EitherOf6::F(view! { <Newsroom /> }),
        }}
    }
}
