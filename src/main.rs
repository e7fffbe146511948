//! The `sagespec` binary: everything lives in the library; see `sagespec::cli`.

/// mimalloc instead of the system allocator: checking a manifest makes many small,
/// short-lived allocations on every core, and with glibc's malloc a bulk `validate` of
/// 10,000 manifests took about 40 % longer (see BENCHMARKS.md). Built with `no_thp`: asking
/// for transparent huge pages made a one-file run zero 2 MB pages it never filled (a fifth
/// of a `compile`'s time) and raised peak memory by 15 MB, for no bulk speed-up.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sagespec::cli::main()
}
