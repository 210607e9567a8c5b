//! The modules of every crate of the workspace form a tree: no file reaches back to a file
//! that reaches it (`make lint` runs this). And the checker itself finds what it must.

use std::path::Path;

use okur_checks::{cycles, graph, name};

/// Every crate's source folder, from the workspace's root.
const CRATES: [&str; 5] = ["src", "server/src", "types/src", "moderation/src", "checks/src"];

#[test]
fn every_crate_is_a_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    for krate in CRATES {
        let graph = graph(&root.join(krate)).unwrap_or_else(|err| panic!("{err}"));
        assert!(graph.uses.len() > 1 || krate == "checks/src", "{krate}: no modules read");
        for cycle in cycles(&graph) {
            found.push(format!("{krate}: {}", cycle.iter().map(name).collect::<Vec<_>>().join(" ↔ ")));
        }
    }
    assert!(found.is_empty(), "module cycles (each group's files reach each other):\n{}", found.join("\n"));
}

/// A crate of these files, in a temporary folder.
fn crate_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The cycles of a crate of these files, as names.
fn cycles_of(files: &[(&str, &str)]) -> Vec<Vec<String>> {
    let dir = crate_of(files);
    cycles(&graph(dir.path()).unwrap()).iter().map(|c| c.iter().map(name).collect()).collect()
}

#[test]
fn two_files_that_use_each_other_are_a_cycle() {
    let found = cycles_of(&[
        ("lib.rs", "mod a;\nmod b;\n"),
        ("a.rs", "use crate::b::B;\npub struct A;\n"),
        ("b.rs", "pub struct B;\nfn f() -> crate::a::A { crate::a::A }\n"),
    ]);
    assert_eq!(found, [vec!["a".to_owned(), "b".to_owned()]]);
}

#[test]
fn a_circle_through_a_parent_and_macros_counts() {
    let found = cycles_of(&[
        ("lib.rs", "pub mod http;\n"),
        ("http/mod.rs", "pub mod api;\npub struct State;\npub fn app() { api::routes(); }\n"),
        ("http/api.rs", "pub fn routes() { let _ = format!(\"{:?}\", super::State); }\n"),
        ("other.rs", "fn not_a_module_of_the_crate() {}\n"),
    ]);
    assert_eq!(found, [vec!["http".to_owned(), "http::api".to_owned()]]);
}

#[test]
fn a_tree_and_test_code_are_no_cycle() {
    let found = cycles_of(&[
        ("lib.rs", "pub mod domain;\npub mod store;\n"),
        ("domain.rs", "pub struct Rule;\n#[cfg(test)]\nmod tests { use crate::store::Store; }\n"),
        ("store/mod.rs", "mod rows;\nuse crate::domain::Rule;\npub use self::rows::Row;\npub struct Store;\n"),
        ("store/rows.rs", "pub struct Row(crate::domain::Rule);\nmacro_rules! m { () => { super::Store } }\n"),
    ]);
    assert!(found.is_empty(), "{found:?}");
}

/// The server's rooms, lowest first: each may use only the rooms before it (and itself).
const SERVER_ROOMS: [&str; 8] = ["domain", "auth", "store", "import", "serve", "http", "jobs", "cli"];

#[test]
fn the_servers_rooms_depend_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
    let graph = graph(&root).unwrap_or_else(|err| panic!("{err}"));
    let rank =
        |module: &okur_checks::Module| module.first().and_then(|room| SERVER_ROOMS.iter().position(|r| r == room));
    let mut upward = Vec::new();
    for (from, uses) in &graph.uses {
        for to in uses {
            if let (Some(a), Some(b)) = (rank(from), rank(to)) {
                if b > a {
                    upward.push(format!("{} uses {}", name(from), name(to)));
                }
            }
        }
    }
    assert!(upward.is_empty(), "uses against the rooms' order {SERVER_ROOMS:?}:\n{}", upward.join("\n"));
    for room in SERVER_ROOMS {
        assert!(graph.uses.keys().any(|m| m.first().is_some_and(|r| r == room)), "no room {room}");
    }
}
