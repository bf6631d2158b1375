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
