//! Mounts the moderation page.

fn main() {
    leptos::mount::mount_to_body(okur_moderation::App);
}
