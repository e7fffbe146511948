//! Criterion micro-benchmarks of one manifest through each stage of the pipeline, to see
//! where the time of `validate` and `compile` goes.
//!
//! ```text
//! cargo bench --bench pipeline
//! ```
//!
//! The manifest is the conformance case `ddp_plus_mpi` (smdistributed dataparallel with
//! mpi, local code), the same one the whole-process comparison in `bench/run` uses.
//! Stages: the parse-only floor (serde-saphyr into a plain value), sagespec's spanned
//! parser, the whole check (parse + schema + rules), building the JSON Schema validator
//! (paid once per process), the whole compile, and — inside compile — capturing the AWS
//! SDK's serialized body (`lower::wire::capture_body`).

// `criterion_group!` generates an undocumented `pub fn benches`.
#![allow(missing_docs)]

/// The allocator the `sagespec` binary uses (see `src/main.rs`), so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use sagespec::check::check_text;
use sagespec::kinds::CompileContext;
use sagespec::kinds::training_job::{CompileOptions, compile, compile_with};
use sagespec::lower::wire;
use sagespec::package::PackCache;
use sagespec::source::{self, Format};
use sagespec::spec::Manifest;

const CASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/conformance/cases/ddp_plus_mpi");

fn pipeline(c: &mut Criterion) {
    let dir = Path::new(CASE);
    let text: Arc<str> = Arc::from(std::fs::read_to_string(dir.join("manifest.yaml")).expect("the case exists"));
    let options = CompileOptions { region: None, account_id: Some("123456789012".into()) };
    let checked = check_text("manifest.yaml", Arc::clone(&text), Format::Yaml, Some(dir));
    let manifest = checked.manifest_as::<Manifest>().expect("the case validates").clone();
    let compiled = compile(&manifest, dir, &options).expect("the case compiles");

    c.bench_function("floor: serde-saphyr parse", |b| {
        b.iter(|| black_box(serde_saphyr::from_str::<serde_json::Value>(black_box(&text)).expect("parses")));
    });
    c.bench_function("spanned parse (source::parse)", |b| {
        b.iter(|| black_box(source::parse(black_box(&text), Format::Yaml).expect("parses")));
    });
    c.bench_function("validate (check_text)", |b| {
        b.iter(|| black_box(check_text("manifest.yaml", Arc::clone(&text), Format::Yaml, Some(dir))));
    });
    c.bench_function("JSON Schema validator built at run time (checks use the one compiled at build time)", |b| {
        b.iter(|| black_box(sagespec::schema::build_validator()));
    });
    c.bench_function("compile (kinds::training_job::compile)", |b| {
        b.iter(|| black_box(compile(&manifest, dir, &options).expect("compiles")));
    });
    let packs = PackCache::default();
    let warm = CompileContext {
        base_dir: dir,
        region: None,
        account_id: Some("123456789012"),
        packs: &packs,
        references: &[],
    };
    c.bench_function("compile, code already packed (one PackCache)", |b| {
        b.iter(|| black_box(compile_with(&manifest, &warm).expect("compiles")));
    });
    c.bench_function("compile: SDK body capture (wire::capture_body)", |b| {
        b.iter(|| black_box(wire::capture_body(compiled.input.clone(), "us-west-2").expect("captured")));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = pipeline
}
criterion_main!(benches);
