//! Every input in `fuzz/corpus/` (the seeds, and every input a fuzzer found that broke a
//! property, kept as a regression case) run through its target's properties
//! (`ocw::fuzzing`) on a plain `cargo test`: the fuzzers need cargo-fuzz, these do not.

use std::path::Path;

#[test]
fn every_corpus_input_keeps_its_properties() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    let mut ran = 0;
    for (name, target) in ocw::fuzzing::TARGETS {
        assert!(
            root.join("fuzz_targets")
                .join(format!("{name}.rs"))
                .is_file(),
            "fuzz/fuzz_targets/{name}.rs is missing"
        );
        let dir = root.join("corpus").join(name);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("fuzz/corpus/{name}: {e} (every target has seeds)"));
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            ran += 1;
            if std::panic::catch_unwind(|| target(&data)).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(ran >= ocw::fuzzing::TARGETS.len(), "only {ran} inputs");
    assert!(failures.is_empty(), "properties broken by: {failures:#?}");
}

#[test]
fn every_target_survives_deep_nesting_on_a_small_stack() {
    // Fuzzers rarely build 100,000 levels of nesting, and they run on an 8 MB main thread; ocw
    // also parses on 2 MB threads (Tokio workers). Every parser must refuse such depth with an
    // error, in a debug build too, never overflow the stack.
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            for depth in [100, 1_000, 100_000] {
                let shapes = [
                    format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
                    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth)),
                    format!("{}1", "- ".repeat(depth)),
                ];
                for shape in &shapes {
                    let wrapped = format!(r#"{{"x": {shape}}}"#);
                    for input in [shape.as_str(), wrapped.as_str()] {
                        for (_, target) in ocw::fuzzing::TARGETS {
                            target(input.as_bytes());
                        }
                        // set_path splits at NUL: an argument, then the document to edit.
                        ocw::fuzzing::set_path(format!("a.b=1\0{input}").as_bytes());
                    }
                }
            }
        })
        .unwrap();
    assert!(worker.join().is_ok(), "a parser panicked on deep nesting");
}
