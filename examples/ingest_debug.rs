//! Print what the converter makes of a raw text: `cargo run --example ingest_debug FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let bytes = std::fs::read(&path).expect("read");
    let vocab = bantin::ingest::Vocabulary::builtin();
    match bantin::ingest::convert(&path, std::path::Path::new(&path), &bytes, &vocab) {
        Ok(c) => {
            for (name, text) in bantin::ingest::store::planned_files(&c).expect("plan") {
                println!("==== {name}\n{text}");
            }
            for w in &c.warnings {
                println!("warning: {w}");
            }
        }
        Err(e) => println!("error: {e}"),
    }
}
