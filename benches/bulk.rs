//! Bulk benchmark: many manifests through validate and compile in one process, against
//! the parse-only floor (serde-saphyr / toml parsing the same bytes).
//!
//! ```text
//! python3 bench/gen.py 10000 /tmp/sagespec-bench/10000
//! cargo bench --bench bulk -- /tmp/sagespec-bench/10000/manifests [RUNS]
//! ```
//!
//! (`bench/run` does both.) Every stage runs `RUNS` times (default 5) and the median is
//! reported, as wall-clock time and manifests per second, and as a ratio to the parallel
//! parse-only floor. Stages:
//!
//! - `read`: reading every file into memory (not part of the other stages' times);
//! - `floor`: `serde_saphyr::from_str::<serde_json::Value>` / `toml::from_str::<toml::Table>`
//!   on the bytes — the least any YAML/TOML tool must do (1 thread and all threads);
//! - `spanned parse`: sagespec's own parser (`source::parse`), which keeps every span;
//! - `validate`: `check::check_text` (parse, schema, rules) on the in-memory texts;
//! - `validate_paths`: the whole of `sagespec validate DIR` minus rendering (discover, read,
//!   check, in parallel);
//! - `compile`: a `lower::Compiler` over every manifest that validated (pack each code
//!   folder once, resolve, lower, capture the SDK body), on all threads (as the CLI) and
//!   on one.

/// The allocator the `sagespec` binary uses (see `src/main.rs`), so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sagespec::check::check_text;
use sagespec::kinds::CompileContext;
use sagespec::kinds::training_job::compile_with;
use sagespec::ops::compile::{Settings, compile_each};
use sagespec::ops::validate::validate_paths;
use sagespec::package::PackCache;
use sagespec::source::{self, Format};
use sagespec::spec::Manifest;

struct Input {
    path: PathBuf,
    text: Arc<str>,
    format: Format,
}

fn main() {
    // `cargo test --all-targets` runs benches without `--bench`: there is nothing to measure
    // then, and no folder of generated manifests to read.
    if !std::env::args().any(|a| a == "--bench") {
        println!("bulk: a benchmark; run it with `cargo bench --bench bulk -- DIR` (see BENCHMARKS.md)");
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench bulk -- DIR [RUNS]   (make DIR with bench/gen.py)");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let threads = rayon::current_num_threads();

    let (read_time, inputs) = median_of(runs, || read_all(&dir));
    let n = inputs.len();
    let bytes: usize = inputs.iter().map(|i| i.text.len()).sum();
    let toml = inputs.iter().filter(|i| i.format == Format::Toml).count();
    println!(
        "{n} manifests ({} YAML, {toml} TOML, {:.0} bytes on average) in {}; {runs} runs, median; {threads} threads",
        n - toml,
        bytes as f64 / n as f64,
        dir.display()
    );

    let (floor_1, ()) = median_of(runs, || inputs.iter().for_each(floor_parse));
    let (floor, ()) = median_of(runs, || inputs.par_iter().for_each(floor_parse));
    let (spanned, ()) = median_of(runs, || {
        inputs.par_iter().for_each(|i| {
            source::parse(&i.text, i.format).ok();
        });
    });
    let (validate, manifests) = median_of(runs, || {
        inputs
            .par_iter()
            .filter_map(|i| {
                let checked = check_text(&i.path.to_string_lossy(), Arc::clone(&i.text), i.format, i.path.parent());
                assert!(!checked.has_errors(), "{} does not validate: {:?}", i.path.display(), checked.report);
                checked.manifest_as::<Manifest>().cloned().map(|m| (i.path.clone(), m))
            })
            .collect::<Vec<_>>()
    });
    let (validate_paths_time, validated) =
        median_of(runs, || validate_paths(std::slice::from_ref(&dir)).expect("the folder is readable"));
    assert_eq!(validated.manifests.len(), n, "every generated manifest validates");

    // As one `sagespec compile` invocation does (`ops::compile::compile_each`): each code
    // folder is packed once per run, not once per benchmark.
    let settings = Settings { region: None, account_id: Some("123456789012".into()) };
    let (compile_all, ()) = median_of(runs, || {
        compile_each(&validated.manifests, &settings, None, |_, outcome| {
            std::hint::black_box(outcome.expect("compiles"));
        });
    });
    let (compile_1, ()) = median_of(runs, || {
        let packs = PackCache::default();
        for (path, manifest) in &manifests {
            let base_dir = path.parent().unwrap_or(Path::new("."));
            let context = CompileContext {
                base_dir,
                region: None,
                account_id: Some("123456789012"),
                packs: &packs,
                references: &[],
            };
            std::hint::black_box(compile_with(manifest, &context).expect("compiles"));
        }
    });

    println!();
    println!("| stage | median | manifests/s | × floor (all threads) |");
    println!("|---|---:|---:|---:|");
    let row = |name: &str, time: Duration| {
        println!(
            "| {name} | {:.1} ms | {:.0} | {:.2} |",
            time.as_secs_f64() * 1e3,
            n as f64 / time.as_secs_f64(),
            time.as_secs_f64() / floor.as_secs_f64()
        );
    };
    row("read files (I/O only)", read_time);
    row("floor: serde-saphyr/toml parse, 1 thread", floor_1);
    row(&format!("floor: serde-saphyr/toml parse, {threads} threads"), floor);
    row("sagespec spanned parse", spanned);
    row("validate (check_text, in memory)", validate);
    row("validate_paths (discover + read + check)", validate_paths_time);
    row(&format!("compile, {threads} threads (as the CLI)"), compile_all);
    row("compile, 1 thread", compile_1);
    row(&format!("validate_paths + compile, {threads} threads"), validate_paths_time + compile_all);
}

fn read_all(dir: &Path) -> Vec<Input> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| Format::from_path(p).is_some())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("the file is UTF-8");
            let format = Format::from_path(&path).unwrap_or(Format::Yaml);
            Input { path, text: Arc::from(text), format }
        })
        .collect()
}

/// The floor: the format's parser alone, into a plain value tree.
fn floor_parse(input: &Input) {
    match input.format {
        Format::Yaml => {
            let value: serde_json::Value = serde_saphyr::from_str(&input.text).expect("YAML parses");
            std::hint::black_box(value);
        }
        Format::Toml => {
            let value: toml::Table = toml::from_str(&input.text).expect("TOML parses");
            std::hint::black_box(value);
        }
    }
}

/// Runs `f` `runs` times; the median time and the last result.
fn median_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let value = f();
        times.push(start.elapsed());
        last = Some(std::hint::black_box(value));
    }
    times.sort();
    (times[times.len() / 2], last.expect("at least one run"))
}
