//! Defaults benchmark (issue 14): bulk validation of the same manifests written out flat
//! and under three `kind: Defaults` layers, in one process.
//!
//! ```text
//! python3 bench/gen_layered.py 10000 /tmp/sagespec-bench/defaults-10000
//! cargo bench --bench defaults -- /tmp/sagespec-bench/defaults-10000 [RUNS]
//! ```
//!
//! (`bench/run defaults` does both, and times the whole `sagespec validate` of each tree
//! with hyperfine.) The issue's target: the layered tree validates within 10 % of the flat
//! one.
//!
//! First, the two trees are checked to describe the same jobs: for a sample of pairs
//! ([`SAMPLE`] manifests spread over the trees), `sagespec compile` of the layered manifest
//! must print exactly the bytes of its flat twin's. Then each measure runs `RUNS` times
//! (default 10), flat and layered interleaved so both see the same machine, and the median
//! is reported with manifests per second and the ratio layered ÷ flat:
//!
//! - `validate_paths`: discover, read, merge with the Defaults, check, keeping the typed
//!   manifests (what `compile`, `plan` and `apply` start from);
//! - `validate_paths_streaming`: the same keeping nothing, as `sagespec validate` does.
//!
//! The Defaults chains are cached for the process ([`discover::forget`] empties the cache):
//! it is emptied before every run, so each run reads and merges every Defaults file once,
//! as one CLI run does.

/// The allocator the `sagespec` binary uses (see `src/main.rs`), so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sagespec::defaults::{FILE_NAMES, discover};
use sagespec::ops::validate::{Validated, validate_paths, validate_paths_streaming};
use sagespec::source::Format;

/// How many pairs are compiled to check that the trees describe the same jobs.
const SAMPLE: usize = 50;

/// The account id the sample is compiled for (`compile` needs one without `output_path`).
const ACCOUNT_ID: &str = "123456789012";

fn main() {
    // `cargo test --all-targets` runs benches without `--bench`: there is nothing to measure
    // then, and no generated trees to read.
    if !std::env::args().any(|a| a == "--bench") {
        println!("defaults: a benchmark; run it with `cargo bench --bench defaults -- DIR` (see BENCHMARKS.md)");
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench defaults -- DIR [RUNS]   (make DIR with bench/gen_layered.py)");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(10);
    let flat = dir.join("flat");
    let layered = dir.join("layered");

    let pairs = pairs(&flat, &layered);
    let n = pairs.len();
    let defaults = files_under(&layered).into_iter().filter(|path| is_defaults_file(path)).count();
    let toml = pairs.iter().filter(|(f, _)| Format::from_path(f) == Some(Format::Toml)).count();
    let bytes = |pick: fn(&(PathBuf, PathBuf)) -> &PathBuf| -> u64 {
        pairs.iter().filter_map(|pair| std::fs::metadata(pick(pair)).ok()).map(|m| m.len()).sum()
    };
    println!(
        "{n} manifests ({} YAML, {toml} TOML) in {}: flat {:.0} bytes on average; layered {:.0}, under {defaults} Defaults files; {runs} runs, median; {} threads",
        n - toml,
        dir.display(),
        bytes(|(f, _)| f) as f64 / n as f64,
        bytes(|(_, l)| l) as f64 / n as f64,
        rayon::current_num_threads(),
    );
    same_requests(&pairs);

    let trees = [("flat", &flat), ("layered", &layered)];
    // A first run of each, unmeasured: the files in the page cache, the lazy statics built.
    for (name, tree) in trees {
        let validated = fresh_run(|| validate_paths(std::slice::from_ref(tree)));
        assert!(!validated.has_errors, "the {name} tree has errors: run `sagespec validate {}`", tree.display());
        assert_eq!(validated.manifests.len(), n, "every {name} manifest validates");
    }
    let mut kept = [Vec::new(), Vec::new()];
    let mut streamed = [Vec::new(), Vec::new()];
    for _ in 0..runs.max(1) {
        for (times, (_, tree)) in kept.iter_mut().zip(trees) {
            times.push(timed(|| fresh_run(|| validate_paths(std::slice::from_ref(tree)))));
        }
        for (times, (_, tree)) in streamed.iter_mut().zip(trees) {
            times.push(timed(|| fresh_run(|| validate_paths_streaming(std::slice::from_ref(tree), drop))));
        }
    }

    println!();
    println!("| measure | tree | median | manifests/s | layered ÷ flat |");
    println!("|---|---|---:|---:|---:|");
    for (measure, times) in [
        ("`validate_paths` (keeps the manifests)", &mut kept),
        ("`validate_paths_streaming` (as `sagespec validate`)", &mut streamed),
    ] {
        let [flat_time, layered_time] = times.each_mut().map(|times| median(times));
        for (tree, time) in [("flat", flat_time), ("layered", layered_time)] {
            println!(
                "| {measure} | {tree} | {:.1} ms | {:.0} | {:.3} |",
                time.as_secs_f64() * 1e3,
                n as f64 / time.as_secs_f64(),
                time.as_secs_f64() / flat_time.as_secs_f64(),
            );
        }
    }
}

/// Runs one bulk validation as a fresh CLI run would: no Defaults chain cached.
fn fresh_run(validate: impl FnOnce() -> Result<Validated, sagespec::discover::DiscoverError>) -> Validated {
    discover::forget();
    validate().expect("the tree is readable")
}

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    std::hint::black_box(f());
    start.elapsed()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Every manifest of the layered tree with its flat twin (the same file name), by name.
fn pairs(flat: &Path, layered: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut pairs: Vec<(PathBuf, PathBuf)> = files_under(layered)
        .into_iter()
        .filter(|path| !is_defaults_file(path) && Format::from_path(path).is_some())
        .map(|path| (flat.join(path.file_name().expect("a file")), path))
        .collect();
    pairs.sort();
    let flat_count = files_under(flat).len();
    assert!(!pairs.is_empty(), "no manifests under {}: make them with bench/gen_layered.py", layered.display());
    assert_eq!(pairs.len(), flat_count, "the flat and layered trees hold as many manifests");
    assert!(pairs.iter().all(|(f, _)| f.is_file()), "every layered manifest has a flat twin");
    pairs
}

fn is_defaults_file(path: &Path) -> bool {
    path.file_name().and_then(|name| name.to_str()).is_some_and(|name| FILE_NAMES.contains(&name))
}

/// The files under `dir`, at any depth.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the folder is readable") {
            let path = entry.expect("the folder is readable").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// Checks that `sagespec compile` prints the same request for [`SAMPLE`] layered
/// manifests, spread over the trees, as for their flat twins.
fn same_requests(pairs: &[(PathBuf, PathBuf)]) {
    let step = pairs.len().div_ceil(SAMPLE).max(1);
    let sample: Vec<_> = pairs.iter().step_by(step).collect();
    for (flat, layered) in &sample {
        let [flat_request, layered_request] = [flat, layered].map(|path| compile(path));
        assert!(
            flat_request == layered_request,
            "{} and {} compile to different requests",
            flat.display(),
            layered.display()
        );
    }
    println!("`sagespec compile` prints the same request for {} layered manifests and their flat twins", sample.len());
}

/// What `sagespec compile PATH` prints; panics when it fails.
fn compile(path: &Path) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_sagespec"))
        .arg("compile")
        .arg(path)
        .args(["--account-id", ACCOUNT_ID])
        .output()
        .expect("sagespec runs");
    assert!(
        output.status.success(),
        "sagespec compile {} failed:\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}
