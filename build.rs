//! Links the `sagespec` binary as a position-dependent executable on Linux.
//!
//! A position-independent executable is relocated by the dynamic loader at every start.
//! With the AWS SDK linked in, that is about 65,000 relocations written into 1.7 MB of
//! read-only-after-relocation data: over 400 copy-on-write page faults, about 1.3 ms of a
//! 3 ms start-up on the benchmark machine, for every `sagespec validate` an editor or a
//! pre-commit hook runs. Linked without PIE, those pages stay shared and clean and the
//! start-up takes 1.7 ms (BENCHMARKS.md). The trade: the binary's own code and data load
//! at a fixed address (shared libraries, heap and stack are still randomised), as Go links
//! its executables by default. Only the `sagespec` binary is affected, not the library or
//! the test and benchmark executables.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
