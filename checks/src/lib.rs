//! The modules of a crate as a graph of its files, and the cycles in it.
//!
//! Each `.rs` file is one module (`lib.rs` the root, `a/mod.rs` and `a.rs` module `a`, `a/b.rs`
//! module `a::b`). A file depends on another when it names a path into it: `use` trees, paths
//! in code and types, and paths written inside macro calls (scanned as tokens), whether they
//! start with `crate`, `super`, `self` or the name of a module the file declares. Test code
//! (`#[cfg(test)]` items) and `macro_rules!` templates are left out. A group of files that
//! reach each other, directly or round a circle, is a cycle: a reader cannot enter one of them
//! without the others.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// A module path, from the crate root (`[]` is the root).
pub type Module = Vec<String>;

/// What could not be read.
#[derive(Debug)]
pub enum CheckError {
    /// A file or folder could not be read.
    Io(PathBuf, std::io::Error),
    /// A file is not Rust that `syn` parses.
    Parse(PathBuf, syn::Error),
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckError::Io(path, err) => write!(f, "{}: {err}", path.display()),
            CheckError::Parse(path, err) => write!(f, "{}: {err}", path.display()),
        }
    }
}

/// The files of a crate's source folder and which of them each one uses.
#[derive(Debug, Default)]
pub struct Graph {
    /// Module → the modules (files) it uses.
    pub uses: BTreeMap<Module, BTreeSet<Module>>,
}

/// The module a file is, relative to the crate's source folder; none for a binary's `main.rs`
/// beside a `lib.rs` (a crate of its own, which sees the library from outside).
fn module_of(relative: &Path, has_lib: bool) -> Option<Module> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?;
    match stem {
        "lib" if parts.is_empty() => {}
        "main" if parts.is_empty() && has_lib => return None,
        "main" if parts.is_empty() => {}
        "mod" => {}
        other => parts.push(other.to_owned()),
    }
    Some(parts)
}

/// Every `.rs` file under a folder.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), CheckError> {
    let entries = std::fs::read_dir(dir).map_err(|e| CheckError::Io(dir.to_owned(), e))?;
    for entry in entries {
        let path = entry.map_err(|e| CheckError::Io(dir.to_owned(), e))?.path();
        if path.is_dir() {
            rust_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    Ok(())
}

/// Reads a crate's source folder into its graph.
pub fn graph(src: &Path) -> Result<Graph, CheckError> {
    let mut files = Vec::new();
    rust_files(src, &mut files)?;
    let has_lib = src.join("lib.rs").exists();
    let mut modules = BTreeMap::new();
    for path in files {
        let relative = path.strip_prefix(src).unwrap_or(&path).to_owned();
        if let Some(module) = module_of(&relative, has_lib) {
            modules.insert(module, path);
        }
    }
    let known: BTreeSet<Module> = modules.keys().cloned().collect();
    let mut graph = Graph::default();
    for (module, path) in &modules {
        let text = std::fs::read_to_string(path).map_err(|e| CheckError::Io(path.clone(), e))?;
        let file = syn::parse_file(&text).map_err(|e| CheckError::Parse(path.clone(), e))?;
        let mut names = Names { module: module.clone(), children: Vec::new(), paths: Vec::new() };
        names.children = declared_modules(&file.items);
        names.visit_file(&file);
        let uses =
            names.paths.iter().filter_map(|path| file_of(path, &known)).filter(|target| target != module).collect();
        graph.uses.insert(module.clone(), uses);
    }
    Ok(graph)
}

/// The modules a list of items declares (`mod x;` or `mod x { … }`), test modules left out.
fn declared_modules(items: &[syn::Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if !is_test(&m.attrs) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The longest prefix of a path that is a file's module.
fn file_of(path: &[String], known: &BTreeSet<Module>) -> Option<Module> {
    (0..=path.len()).rev().map(|n| path[..n].to_vec()).find(|prefix| known.contains(prefix))
}

/// Whether attributes mark test-only code.
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let path = attr.path();
        if path.is_ident("test") {
            return true;
        }
        path.is_ident("cfg") && attr.meta.require_list().is_ok_and(|list| list.tokens.to_string().trim() == "test")
    })
}

/// The paths a file names, resolved to absolute module paths as it goes.
struct Names {
    /// The module being read (an inline module extends it while its items are read).
    module: Module,
    /// The modules the current module declares.
    children: Vec<String>,
    /// What was found.
    paths: Vec<Module>,
}

impl Names {
    /// A path as written (its segments' names) from the current module, if it leads inside
    /// the crate.
    fn resolve(&self, segments: &[String]) -> Option<Module> {
        let first = segments.first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => self.module.clone(),
            "super" => {
                let mut base = self.module.clone();
                base.pop()?;
                base
            }
            child if self.children.iter().any(|c| c == child) => {
                let mut base = self.module.clone();
                base.push(child.to_owned());
                return Some([base, segments[1..].to_vec()].concat());
            }
            _ => return None,
        };
        let mut rest = &segments[1..];
        while rest.first().is_some_and(|s| s == "super") {
            base.pop()?;
            rest = &rest[1..];
        }
        Some([base, rest.to_vec()].concat())
    }

    /// Records a path written as segments.
    fn found(&mut self, segments: Vec<String>) {
        if let Some(path) = self.resolve(&segments) {
            self.paths.push(path);
        }
    }

    /// Every path of a `use` tree.
    fn use_tree(&mut self, prefix: Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => self.use_tree([prefix, vec![p.ident.to_string()]].concat(), &p.tree),
            syn::UseTree::Name(n) => self.found([prefix, vec![n.ident.to_string()]].concat()),
            syn::UseTree::Rename(r) => self.found([prefix, vec![r.ident.to_string()]].concat()),
            syn::UseTree::Glob(_) => self.found(prefix),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(prefix.clone(), t)),
        }
    }

    /// Paths written inside a macro call, found in its tokens: `a::b::c` chains.
    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(group) => self.tokens(group.stream()),
                TokenTree::Ident(ident) => {
                    let mut segments = vec![ident.to_string()];
                    let mut j = i + 1;
                    while let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)), Some(TokenTree::Ident(next))) =
                        (trees.get(j), trees.get(j + 1), trees.get(j + 2))
                    {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        segments.push(next.to_string());
                        j += 3;
                    }
                    let preceded_by_colons = i >= 2
                        && matches!((&trees[i - 2], &trees[i - 1]), (TokenTree::Punct(a), TokenTree::Punct(b)) if a.as_char() == ':' && b.as_char() == ':');
                    if !preceded_by_colons && segments.len() > 1 {
                        self.found(segments);
                    }
                    i = j.max(i + 1);
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Macro(m) => &m.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if is_test(attrs) {
            return;
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let Some((_, items)) = &m.content else { return };
        // An inline module: its paths are read from inside it.
        let outer = (self.module.clone(), std::mem::take(&mut self.children));
        self.module.push(m.ident.to_string());
        self.children = declared_modules(items);
        items.iter().for_each(|item| self.visit_item(item));
        (self.module, self.children) = outer;
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(Vec::new(), &u.tree);
    }

    fn visit_item_macro(&mut self, m: &'ast syn::ItemMacro) {
        // A macro_rules! body is a template: what it names, its callers name.
        if !m.mac.path.is_ident("macro_rules") {
            self.tokens(m.mac.tokens.clone());
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.found(m.path.segments.iter().map(|s| s.ident.to_string()).collect());
        self.tokens(m.tokens.clone());
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.found(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    // `pub(crate)`, `pub(super)`: who may see an item, not what it uses.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test(&f.attrs) {
            syn::visit::visit_impl_item_fn(self, f);
        }
    }
}

/// The groups of two or more modules that reach each other (Tarjan's strongly connected
/// components), each sorted, in order.
pub fn cycles(graph: &Graph) -> Vec<Vec<Module>> {
    struct Walk<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g Module, usize>,
        low: BTreeMap<&'g Module, usize>,
        stack: Vec<&'g Module>,
        found: Vec<Vec<Module>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, v: &'g Module) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.graph.uses.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    group.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut walk = Walk { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    for v in graph.uses.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.found.sort();
    walk.found
}

/// A module's name as people write it (`crate` for the root).
pub fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}
