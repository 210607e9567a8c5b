//! Prints a crate's module graph: `cargo run -p okur-checks --example edges -- server/src`.
fn main() {
    let src = std::env::args().nth(1).unwrap_or_else(|| "src".into());
    let graph = okur_checks::graph(std::path::Path::new(&src)).unwrap_or_else(|err| panic!("{err}"));
    for (module, uses) in &graph.uses {
        let names: Vec<String> = uses.iter().map(okur_checks::name).collect();
        println!("{} -> {}", okur_checks::name(module), names.join(", "));
    }
}
