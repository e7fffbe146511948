//! The `sagespec` binary run under GNU time (`/usr/bin/time`, Debian package `time`):
//! wall time, peak resident set, and a kill after [`HANG`] — the runner of the
//! robustness tests (`tests/adversarial*.rs`).
//!
//! [`measured`] asserts what every robustness case must satisfy: no panic, no death by
//! signal, an exit status of 0, 1 or 2, a wall time under [`MAX_WALL`] (a bound against
//! hangs and blow-ups, not a benchmark) and a peak resident set under [`MAX_RSS_KIB`].
//! Each run prints its measurements (`cargo test --test … -- --nocapture` shows them).

use std::io::Read as _;
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The bound every case must finish within.
pub const MAX_WALL: Duration = Duration::from_secs(1);
/// The bound on peak resident memory, in KiB (100 MB).
pub const MAX_RSS_KIB: u64 = 100 * 1000 * 1000 / 1024;
/// After this long a case is a hang: it is killed and the test fails.
pub const HANG: Duration = Duration::from_secs(10);
const GNU_TIME: &str = "/usr/bin/time";

/// What one run of the binary produced.
pub struct Run {
    /// The case's name, for messages.
    pub name: String,
    /// The manifest's bytes, when the case wrote one (for [`Run::pointed_text`]).
    pub input: Vec<u8>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub wall: Duration,
    pub max_rss_kib: u64,
}

impl Run {
    /// stdout as JSON (`--format json`), or a panic showing it.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{}: stdout is not JSON ({e}):\n{}", self.name, self.stdout))
    }

    /// The report's findings.
    pub fn diagnostics(&self) -> Vec<Value> {
        self.json()["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// The findings' codes.
    pub fn codes(&self) -> Vec<String> {
        self.diagnostics().iter().filter_map(|d| d["code"].as_str().map(str::to_owned)).collect()
    }

    /// The first finding with `code`, or a panic listing them all.
    pub fn finding(&self, code: &str) -> Value {
        self.diagnostics()
            .into_iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{}: no {code} finding in\n{}", self.name, self.stdout))
    }

    /// `(line, column)` of the first finding with `code`.
    pub fn position(&self, code: &str) -> (u64, u64) {
        let d = self.finding(code);
        (d["line"].as_u64().expect("line"), d["column"].as_u64().expect("column"))
    }

    /// The bytes of [`Run::input`] the first finding with `code` points at.
    pub fn pointed_text(&self, code: &str) -> String {
        let d = self.finding(code);
        let offset = usize::try_from(d["offset"].as_u64().expect("offset")).expect("fits");
        let length = usize::try_from(d["length"].as_u64().expect("length")).expect("fits");
        String::from_utf8_lossy(&self.input[offset..offset + length]).into_owned()
    }

    /// Whether any finding is an error.
    pub fn has_error(&self) -> bool {
        self.diagnostics().iter().any(|d| d["severity"] == "error")
    }

    /// Exit 1 with a finding of `code`.
    pub fn assert_finding(&self, code: &str) {
        assert_eq!(self.code, 1, "{}: expected exit 1:\n{}\n{}", self.name, self.stdout, self.stderr);
        assert!(self.codes().iter().any(|c| c == code), "{}: no {code} finding in\n{}", self.name, self.stdout);
    }

    /// Exit `code` with `text` on stderr.
    pub fn assert_error(&self, code: i32, text: &str) {
        assert_eq!(self.code, code, "{}: expected exit {code}:\n{}\n{}", self.name, self.stdout, self.stderr);
        assert!(self.stderr.contains(text), "{}: stderr lacks {text:?}:\n{}", self.name, self.stderr);
    }
}

/// Runs `sagespec ARGS` in `dir` under GNU time, without `SAGESPEC_REGION` or
/// `SAGESPEC_ACCOUNT_ID` from the caller, and asserts the bounds (see the module docs).
pub fn measured(name: &str, dir: &Path, args: &[&str]) -> Run {
    assert!(Path::new(GNU_TIME).exists(), "{GNU_TIME} is needed to measure peak memory: apt-get install time");
    let usage = tempfile::NamedTempFile::new().expect("usage file");
    let start = Instant::now();
    let mut child = Command::new(GNU_TIME)
        .arg("--format=%M")
        .arg("--output")
        .arg(usage.path())
        .arg(env!("CARGO_BIN_EXE_sagespec"))
        .args(args)
        .current_dir(dir)
        .env_remove("SAGESPEC_REGION")
        .env_remove("SAGESPEC_ACCOUNT_ID")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("sagespec starts");
    // Drain the pipes on threads, so a large report cannot block the child.
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out_pipe.read_to_string(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err_pipe.read_to_string(&mut text);
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for sagespec") {
            break status;
        }
        if start.elapsed() > HANG {
            // Kill the whole group: GNU time and sagespec under it.
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
            let _ = child.wait();
            panic!("{name}: still running after {HANG:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = start.elapsed();
    let stdout = out_reader.join().expect("stdout reader");
    let stderr = err_reader.join().expect("stderr reader");
    let usage_text = std::fs::read_to_string(usage.path()).unwrap_or_default();
    let max_rss_kib = usage_text
        .lines()
        .filter_map(|l| l.trim().parse::<u64>().ok())
        .next_back()
        .unwrap_or_else(|| panic!("{name}: GNU time reported no peak memory: {usage_text:?}"));
    let code = status.code().expect("GNU time exits normally");
    let run = Run { name: name.to_owned(), input: Vec::new(), code, stdout, stderr, wall, max_rss_kib };
    println!(
        "{name:<36} exit {}  {:>4} ms  {:>6.1} MB peak",
        run.code,
        run.wall.as_millis(),
        run.max_rss_kib as f64 * 1024.0 / 1e6
    );
    assert!(!run.stderr.contains("panicked"), "{name}: sagespec panicked:\n{}", run.stderr);
    assert!(
        run.stderr.lines().all(|l| !l.starts_with("Command terminated by signal")),
        "{name}: sagespec was killed by a signal:\n{}",
        run.stderr
    );
    assert!((0..=2).contains(&run.code), "{name}: exit status {} (stderr: {})", run.code, run.stderr);
    assert!(run.wall < MAX_WALL, "{name}: took {:?}, over {MAX_WALL:?}", run.wall);
    assert!(run.max_rss_kib < MAX_RSS_KIB, "{name}: peak memory {} KiB, over 100 MB", run.max_rss_kib);
    run
}

/// A temporary case folder with `src/train.py` (the clean manifests' `source_dir`).
pub fn case_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("src")).expect("src folder");
    std::fs::write(dir.path().join("src/train.py"), "print('hi')\n").expect("train.py");
    dir
}
