//! Language server benchmark, end to end over stdio: `sagespec lsp` as a child process,
//! driven by the test client (tests/support/lsp_client.rs) as an editor drives it.
//!
//! ```text
//! cargo bench --bench lsp                 # release build, as shipped
//! LSP_BENCH_EDITS=1000 cargo bench --bench lsp
//! ```
//!
//! - **Latency**: a 300-line manifest ([`manifest`]: environment, tags, metric definitions,
//!   hyperparameters of every type, non-ASCII comments and values, one unknown key so there
//!   is always a finding) is opened; then
//!   `LSP_BENCH_SAMPLES` (default 300) edits each change one value, and the time from
//!   writing the `didChange` to reading the `publishDiagnostics` of that version is
//!   measured. Median, 90th percentile and maximum are printed.
//! - **Memory**: `LSP_BENCH_EDITS` (default 10,000) edits, each waited for (so every one is
//!   checked, none coalesced); the server's resident memory (`VmRSS` from `/proc`) is
//!   sampled every tenth of the way. "Flat" means the last tenth grows no more than noise.

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use lsp_client::Client;
use serde_json::json;

/// The line whose value each edit changes (0-based): the first hyperparameter,
/// `  epochs_000: 1`.
const EDITED_LINE: u32 = 164;

/// A 300-line TrainingJob as a large real one looks: environment variables, tags, metric
/// definitions and hyperparameters of every type, comments with non-ASCII text.
fn manifest() -> String {
    let mut text = String::from(
        "# Entraînement distribué — « données » 😀, 300 lignes\napiVersion: sagespec/v1\nkind: TrainingJob\n\
         job_name: lsp-bench\nregion: us-west-2\nframework: pytorch\nframework_version: \"2.2.0\"\n\
         py_version: py310\nentry_point: train.py\nsource_dir: src\n\
         role: arn:aws:iam::111122223333:role/SageMakerRole\ninstance_type: ml.p4d.24xlarge\n\
         instance_count: 2\ncolour: red # unknown key: one finding on every check\n\
         distribution:\n  smdistributed:\n    dataparallel:\n      enabled: true\n# variables d'environnement\n\
         environment:\n",
    );
    for i in 0..60 {
        let _ = writeln!(text, "  VAR_{i:03}: \"valeur-{i}-é\"");
    }
    text.push_str("tags:\n");
    for i in 0..40 {
        let _ = writeln!(text, "  équipe-{i:02}: ml-platform");
    }
    text.push_str("metric_definitions:\n");
    for i in 0..20 {
        let _ = writeln!(text, "  - name: metric_{i:02}\n    regex: 'metric_{i:02}=([0-9.]+)'");
    }
    text.push_str("# hyperparamètres\nhyperparameters:\n");
    let kinds = ["epochs_{i}: 1", "lr_{i}: 0.001", "optimizer_{i}: adamw", "shuffle_{i}: true"];
    for i in 0..(300 - text.lines().count()) {
        let _ = writeln!(text, "  {}", kinds[i % kinds.len()].replace("{i}", &format!("{i:03}")));
    }
    text
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Sends edit number `version` (the value on [`EDITED_LINE`] becomes a number of varying
/// width, as when typing) and returns how long its diagnostics took.
fn edit(client: &mut Client, uri: &str, version: i64, previous_width: &mut u32) -> Duration {
    let value = (version % 100_000).to_string();
    let start = json!({ "line": EDITED_LINE, "character": 14 });
    let end = json!({ "line": EDITED_LINE, "character": 14 + *previous_width });
    *previous_width = u32::try_from(value.len()).unwrap_or(0);
    let began = Instant::now();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [
            { "range": { "start": start, "end": end }, "text": value }
        ] }),
    );
    let diagnostics = client.diagnostics(uri, version);
    let took = began.elapsed();
    assert!(diagnostics.iter().any(|d| d["code"] == "sagespec::schema::unknown-key"), "{diagnostics:?}");
    took
}

fn main() {
    // `cargo test --all-targets` runs benches without `--bench`: a quick pass then (a few
    // edits), so the suite stays fast and the bench still runs end to end.
    let measuring = std::env::args().any(|a| a == "--bench");
    let samples = env_count("LSP_BENCH_SAMPLES", if measuring { 300 } else { 5 });
    let edits = env_count("LSP_BENCH_EDITS", if measuring { 10_000 } else { 20 });
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("src")).expect("mkdir");
    std::fs::write(dir.path().join("src/train.py"), "print('hi')\n").expect("write");
    let text = manifest();
    assert_eq!(text.lines().count(), 300);
    assert_eq!(text.lines().nth(EDITED_LINE as usize), Some("  epochs_000: 1"));
    let path = dir.path().join("train.yaml");
    std::fs::write(&path, &text).expect("write");
    let uri = lsp_client::uri(&path);

    let (mut client, _) = Client::start(env!("CARGO_BIN_EXE_sagespec"));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
    );
    let opened = client.diagnostics(&uri, 1);
    println!("opened a {}-line manifest ({} bytes): {} diagnostics", text.lines().count(), text.len(), opened.len());

    let mut width = 1; // `1`
    let mut version = 1;
    let mut times: Vec<Duration> = (0..samples)
        .map(|_| {
            version += 1;
            edit(&mut client, &uri, version, &mut width)
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "latency, change → publishDiagnostics ({samples} edits): median {:.2} ms, p90 {:.2} ms, max {:.2} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.9).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );

    let pid = client.pid();
    let step = (edits / 10).max(1);
    let mut resident = vec![(0, resident_kib(pid))];
    let began = Instant::now();
    for done in 1..=edits {
        version += 1;
        edit(&mut client, &uri, version, &mut width);
        if done % step == 0 {
            resident.push((done, resident_kib(pid)));
        }
    }
    println!("memory over {edits} edits ({:.1} s), resident KiB after n edits:", began.elapsed().as_secs_f64());
    for (done, kib) in &resident {
        println!("  {done:>6}: {kib}");
    }
    if let (Some((_, first)), Some((_, last))) = (resident.get(1), resident.last()) {
        println!("growth from the first tenth to the end: {} KiB", i128::from(*last) - i128::from(*first));
    }
    assert_eq!(client.shutdown(), Some(0));
}
