//! `cargo run --profile server -p okur --example media_bench -- PHOTO OUT_DIR`: prepares one
//! upload as the desk would (every variant) and prints how long it took and what it made, as
//! JSON; the variants are written to OUT_DIR for the image bench (e2e/bench/media.py) to weigh
//! and compare.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(photo), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: media_bench PHOTO OUT_DIR");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&photo).expect("the photograph");
    let started = Instant::now();
    let prepared = okur::media::process::prepare(&bytes).expect("a photograph okur takes");
    let took = started.elapsed();
    std::fs::create_dir_all(&out).expect("the output folder");
    let mut made = Vec::new();
    for v in &prepared.variants {
        let name = format!("{}-{}.{}", v.width, v.height, v.format.ext());
        std::fs::write(std::path::Path::new(&out).join(&name), &v.bytes).expect("a variant written");
        made.push(format!("{{\"name\":\"{name}\",\"width\":{},\"bytes\":{}}}", v.width, v.bytes.len()));
    }
    println!(
        "{{\"ms\":{},\"width\":{},\"height\":{},\"variants\":[{}]}}",
        took.as_millis(),
        prepared.width,
        prepared.height,
        made.join(",")
    );
}
