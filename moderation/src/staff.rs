//! The admin's accounts view, the browser's `okur staff`: every account with its role and open
//! sessions, a role changed with its select (at once), an account removed, a new one added.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use okur_types::moderation::{Role, StaffChange, StaffMember};

use crate::api;
use crate::state::{use_shared, Status};

/// The accounts view.
#[component]
pub fn StaffView() -> impl IntoView {
    let shared = use_shared();
    let status = expect_context::<Status>();
    let reload = RwSignal::new(0u32);
    let staff = LocalResource::new(move || {
        reload.track();
        api::staff()
    });
    shared.watch_session(staff);
    let heading = NodeRef::<leptos::html::H2>::new();
    let busy = RwSignal::new(false);
    // One way to carry out every change: say how it went, load the list again.
    let act = Callback::new(move |(change, done): (api::StaffAction, &'static str)| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let said = api::change_staff(&shared.csrf(), change).await.map(|_| done.to_owned());
            status.report(shared, said, reload, heading);
            busy.set(false);
        });
    });
    view! {
        <section aria-labelledby="staff-heading">
            <h2 id="staff-heading" tabindex="-1" node_ref=heading>{move || shared.texts().staff}</h2>
            <Transition fallback=move || view! { <p>{shared.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match staff.await {
                        Ok(list) if list.is_empty() => EitherOf3::A(view! { <p>"—"</p> }),
                        Ok(list) => EitherOf3::B(view! { <Accounts list busy act /> }),
                        Err(_) => EitherOf3::C(view! { <p role="alert">{shared.texts().failed}</p> }),
                    }
                })}
            </Transition>
            <NewAccount busy act />
        </section>
    }
}

/// A role's words.
fn role_name(role: Role) -> &'static str {
    let t = use_shared().texts();
    match role {
        Role::Editor => t.role_editor,
        Role::Moderator => t.role_moderator,
        Role::Admin => t.role_admin,
    }
}

/// The role select's options.
fn options(current: Role) -> impl IntoView {
    Role::ALL
        .into_iter()
        .map(|role| view! { <option value=role.as_str() selected=role == current>{role_name(role)}</option> })
        .collect_view()
}

/// The accounts' table.
#[component]
fn Accounts(
    /// The accounts.
    list: Vec<StaffMember>,
    /// Whether a change is under way.
    busy: RwSignal<bool>,
    /// Carries out a change.
    act: Callback<(api::StaffAction, &'static str)>,
) -> impl IntoView {
    let shared = use_shared();
    let t = move || shared.texts();
    let me = shared.session.get_untracked().map(|s| s.name).unwrap_or_default();
    view! {
        <table class="log" data-testid="staff">
            <thead>
                <tr>
                    <th scope="col">{move || t().user}</th>
                    <th scope="col">{move || t().role}</th>
                    <th scope="col">{move || t().sessions}</th>
                    <th scope="col"><span class="visually-hidden">{move || t().remove}</span></th>
                </tr>
            </thead>
            <tbody>
                <For each=move || list.clone() key=|m| (m.name.clone(), m.role, m.sessions) let:member>
                    {
                        let StaffMember { name, role, sessions, .. } = member;
                        let mine = name == me;
                        let (for_role, for_remove, label) = (name.clone(), name.clone(), name.clone());
                        let select_id = format!("role-{name}");
                        view! {
                            <tr data-testid="staff-member" data-name=name.clone()>
                                <th scope="row">{name.clone()}</th>
                                <td>
                                    <label class="visually-hidden" for=select_id.clone()>
                                        {move || format!("{}: {label}", t().role)}
                                    </label>
                                    <select
                                        id=select_id
                                        data-testid="staff-role"
                                        disabled=move || busy.get() || mine
                                        on:change=move |event| {
                                            if let Some(role) = Role::parse(&event_target_value(&event)) {
                                                let change = StaffChange { role: Some(role), ..StaffChange::default() };
                                                act.run((api::StaffAction::Change(for_role.clone(), change), t().role_saved));
                                            }
                                        }
                                    >
                                        {options(role)}
                                    </select>
                                </td>
                                <td>{sessions}</td>
                                <td>
                                    <button
                                        type="button"
                                        class="button button--quiet"
                                        data-testid="staff-remove"
                                        aria-label=move || format!("{}: {}", t().remove, for_remove)
                                        disabled=move || busy.get() || mine
                                        on:click={
                                            let name = name.clone();
                                            move |_| act.run((api::StaffAction::Remove(name.clone()), t().removed))
                                        }
                                    >
                                        {move || t().remove}
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

/// The form that adds an account.
#[component]
fn NewAccount(
    /// Whether a change is under way.
    busy: RwSignal<bool>,
    /// Carries out a change.
    act: Callback<(api::StaffAction, &'static str)>,
) -> impl IntoView {
    let shared = use_shared();
    let t = move || shared.texts();
    let (name, role, password) =
        (RwSignal::new(String::new()), RwSignal::new(Role::Editor), RwSignal::new(String::new()));
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let change = StaffChange {
            name: name.get_untracked().trim().to_owned(),
            role: Some(role.get_untracked()),
            password: Some(password.get_untracked()),
        };
        password.set(String::new());
        act.run((api::StaffAction::Add(change), t().added));
    };
    view! {
        <form class="settings" data-testid="staff-add" on:submit=add>
            <h3>{move || t().add_account}</h3>
            <label for="staff-name">{move || t().user}</label>
            <input
                id="staff-name"
                data-testid="staff-name"
                autocomplete="off"
                required
                prop:value=move || name.get()
                on:input=move |event| name.set(event_target_value(&event))
            />
            <label for="staff-new-role">{move || t().role}</label>
            <select
                id="staff-new-role"
                data-testid="staff-new-role"
                on:change=move |event| {
                    if let Some(chosen) = Role::parse(&event_target_value(&event)) {
                        role.set(chosen);
                    }
                }
            >
                {options(Role::Editor)}
            </select>
            <label for="staff-password">{move || t().password}</label>
            <input
                id="staff-password"
                data-testid="staff-password"
                type="password"
                autocomplete="new-password"
                required
                minlength="12"
                prop:value=move || password.get()
                on:input=move |event| password.set(event_target_value(&event))
            />
            <button type="submit" class="button" data-testid="staff-add-submit" disabled=move || busy.get()>
                {move || t().add_account}
            </button>
        </form>
    }
}
