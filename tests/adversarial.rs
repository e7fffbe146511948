//! Hostile and odd inputs, through the real binary.
//!
//! Every case writes one file into a temporary folder, runs `sagespec --format json
//! validate` on it under GNU time (`/usr/bin/time`, Debian package `time`) and asserts:
//! the exit status (1 with errors, 0 where the input is valid), the finding's code (and,
//! where it matters, its line and column), no panic, a wall time under 1 s (a robustness
//! bound against hangs and blow-ups, not a benchmark) and a peak resident set under
//! 100 MB. A case still running after 10 s is killed and fails as a hang.
//!
//! Cases: truncated text, seeded random bytes and random YAML-ish text (as `.yaml` and
//! `.toml`), invalid UTF-8, a byte-order mark, CRLF line ends, tabs (as YAML indentation:
//! an error; inside values: fine), an alias bomb, 10,000-deep nesting (YAML flow and
//! block, TOML arrays and inline tables), too many values, a file over 1 MiB, very long
//! lines, several YAML documents, YAML tags, merge keys, NUL bytes, duplicate keys, an
//! empty file, and files that are a scalar or a list.
//!
//! Every case runs the real binary and measures its wall time and peak memory;
//! `cargo test --test adversarial -- --nocapture` prints them.

use std::fmt::Write as _;

use serde_json::Value;

mod support;

use support::manifests::{CLEAN_TOML, CLEAN_YAML};
use support::run::{Run, case_dir, measured};

const SYNTAX: &str = "sagespec::source::syntax";
const LIMIT: &str = "sagespec::source::limit-exceeded";
const TOO_LARGE: &str = "sagespec::source::too-large";
const MULTIPLE_DOCUMENTS: &str = "sagespec::source::multiple-documents";
const DUPLICATE_KEY: &str = "sagespec::source::duplicate-key";
const UNKNOWN_KEY: &str = "sagespec::schema::unknown-key";
const INVALID_TYPE: &str = "sagespec::schema::invalid-type";

/// Writes `bytes` to a file called `name` (next to a `src/train.py`) and validates it as JSON.
fn validate(name: &str, bytes: &[u8]) -> Run {
    validate_as(name, bytes, "json")
}

/// Validates `bytes` as the file `name` with `--format format`, within the time and memory
/// bounds; a hostile text must still exit 0 or 1, never 2.
fn validate_as(name: &str, bytes: &[u8], format: &str) -> Run {
    let dir = case_dir();
    std::fs::write(dir.path().join(name), bytes).expect("write the case");
    let mut run = measured(name, dir.path(), &["--format", format, "validate", name]);
    run.input = bytes.to_vec();
    println!("{name:<36} {:>7} bytes", bytes.len());
    assert!(run.code == 0 || run.code == 1, "{name}: exit status {} (stderr: {})", run.code, run.stderr);
    run
}

/// Exit 1 with a finding of `code`.
fn assert_rejected(run: &Run, code: &str) {
    assert_eq!(run.code, 1, "{}: expected exit 1:\n{}", run.name, run.stdout);
    let _ = run.finding(code);
}

fn assert_clean(run: &Run) {
    assert_eq!(run.code, 0, "{}: expected exit 0:\n{}", run.name, run.stdout);
    assert!(!run.has_error(), "{}: {}", run.name, run.stdout);
}

/// xorshift64*: a small, seeded generator, so every run sees the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next().to_le_bytes()[3]).collect()
    }

    fn pick(&mut self, alphabet: &[u8], n: usize) -> Vec<u8> {
        (0..n).map(|_| alphabet[usize::try_from(self.next() % alphabet.len() as u64).expect("fits")]).collect()
    }
}

/// `clean` with `from` replaced by `to` (which must occur once).
fn edit(clean: &str, from: &str, to: &str) -> String {
    assert_eq!(clean.matches(from).count(), 1, "`{from}` occurs once");
    clean.replacen(from, to, 1)
}

// ── truncated and random input ────────────────────────────────────────────────────────

#[test]
fn a_manifest_cut_mid_line_is_a_syntax_error() {
    let yaml = &CLEAN_YAML[..CLEAN_YAML.find("instance_type").expect("key") + "instance".len()];
    assert_rejected(&validate("cut.yaml", yaml.as_bytes()), SYNTAX);
    let toml = &CLEAN_TOML[..CLEAN_TOML.find("ml.p4d").expect("value") + 3];
    let run = validate("cut.toml", toml.as_bytes());
    assert_rejected(&run, SYNTAX);
    assert_eq!(run.position(SYNTAX).0, 11, "the cut is on line 11:\n{}", run.stdout);
}

#[test]
fn a_yaml_manifest_cut_mid_line_is_reported_on_the_cut_line() {
    let yaml = &CLEAN_YAML[..CLEAN_YAML.find("instance_type").expect("key") + "instance".len()];
    let run = validate("cut.yaml", yaml.as_bytes());
    assert_eq!(run.position(SYNTAX).0, 11, "{}", run.stdout);
}

#[test]
fn random_bytes_are_rejected() {
    for seed in [1_u64, 2, 3, 0x5eed] {
        let bytes = Rng(seed).bytes(4096);
        for ext in ["yaml", "toml"] {
            let run = validate(&format!("random-{seed}.{ext}"), &bytes);
            assert_rejected(&run, SYNTAX);
            assert!(run.finding(SYNTAX)["message"].as_str().is_some_and(|m| m.contains("UTF-8")), "{}", run.stdout);
        }
    }
}

#[test]
fn random_yaml_like_text_is_rejected() {
    let alphabet = b"abcz09 :,-#&*!|>'\"%@?[]{}\n\n\t\\~=.";
    for seed in [7_u64, 8, 9, 10, 11, 12] {
        let text = Rng(seed).pick(alphabet, 4096);
        for ext in ["yaml", "toml"] {
            let run = validate(&format!("noise-{seed}.{ext}"), &text);
            assert_eq!(run.code, 1, "{}: {}", run.name, run.stdout);
            assert!(run.has_error(), "{}: {}", run.name, run.stdout);
        }
    }
}

// ── encodings and line ends ───────────────────────────────────────────────────────────

/// A 0xFF byte (never valid UTF-8) in `kind: Training|Job`: line 2, column 15, byte 38.
fn with_invalid_utf8() -> Vec<u8> {
    let mut bytes = CLEAN_YAML.as_bytes().to_vec();
    bytes.insert(CLEAN_YAML.find("TrainingJob").expect("kind") + "Training".len(), 0xff);
    bytes
}

#[test]
fn invalid_utf8_is_rejected() {
    let run = validate("latin1.yaml", &with_invalid_utf8());
    assert_rejected(&run, SYNTAX);
    assert!(run.finding(SYNTAX)["message"].as_str().is_some_and(|m| m.contains("UTF-8")), "{}", run.stdout);
}

#[test]
fn invalid_utf8_is_reported_at_the_bad_byte() {
    let run = validate("latin1.yaml", &with_invalid_utf8());
    let d = run.finding(SYNTAX);
    assert_eq!((run.position(SYNTAX), &d["offset"]), ((2, 15), &Value::from(38)), "{}", run.stdout);
}

#[test]
fn a_byte_order_mark_is_skipped_and_positions_still_count_it() {
    assert_clean(&validate("bom.yaml", format!("\u{feff}{CLEAN_YAML}").as_bytes()));
    assert_clean(&validate("bom.toml", format!("\u{feff}{CLEAN_TOML}").as_bytes()));

    let yaml = format!("\u{feff}{CLEAN_YAML}colour: red\n");
    let run = validate("bom-error.yaml", yaml.as_bytes());
    assert_rejected(&run, UNKNOWN_KEY);
    assert_eq!(run.position(UNKNOWN_KEY), (18, 1));
    assert_eq!(run.pointed_text(UNKNOWN_KEY), "colour");

    let toml = edit(&format!("\u{feff}{CLEAN_TOML}"), "inputs =", "colour = 1\ninputs =");
    let run = validate("bom-error.toml", toml.as_bytes());
    assert_rejected(&run, UNKNOWN_KEY);
    assert_eq!(run.position(UNKNOWN_KEY), (13, 1));
    assert_eq!(run.pointed_text(UNKNOWN_KEY), "colour");
}

#[test]
fn a_byte_order_mark_does_not_shift_columns_on_the_first_line() {
    // Editors do not show the mark: `apiVersio` starts in column 1.
    let yaml = format!("\u{feff}{}", edit(CLEAN_YAML, "apiVersion:", "apiVersio:"));
    let run = validate("bom-first-line.yaml", yaml.as_bytes());
    assert_rejected(&run, UNKNOWN_KEY);
    assert_eq!(run.pointed_text(UNKNOWN_KEY), "apiVersio");
    assert_eq!(run.position(UNKNOWN_KEY), (1, 1), "{}", run.stdout);
}

#[test]
fn crlf_line_ends_read_fine_with_correct_positions() {
    assert_clean(&validate("crlf.yaml", CLEAN_YAML.replace('\n', "\r\n").as_bytes()));
    assert_clean(&validate("crlf.toml", CLEAN_TOML.replace('\n', "\r\n").as_bytes()));

    let yaml = format!("{CLEAN_YAML}colour: red\nenvironment: {{A: \"é\", B: [1]}}\n").replace('\n', "\r\n");
    let run = validate("crlf-error.yaml", yaml.as_bytes());
    assert_rejected(&run, UNKNOWN_KEY);
    assert_eq!(run.position(UNKNOWN_KEY), (18, 1));
    assert_eq!(run.pointed_text(UNKNOWN_KEY), "colour");
    let d =
        run.diagnostics().into_iter().find(|d| d["pointer"] == "/environment/B").expect("a finding at /environment/B");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(19), Some(26)), "{d}");

    let toml = edit(CLEAN_TOML, "inputs =", "colour = 1\ninputs =").replace('\n', "\r\n");
    let run = validate("crlf-error.toml", toml.as_bytes());
    assert_rejected(&run, UNKNOWN_KEY);
    assert_eq!(run.position(UNKNOWN_KEY), (13, 1));
    assert_eq!(run.pointed_text(UNKNOWN_KEY), "colour");
}

// ── tabs ──────────────────────────────────────────────────────────────────────────────

fn tab_indented() -> String {
    edit(CLEAN_YAML, "  smdistributed:", "\tsmdistributed:")
}

#[test]
fn tabs_as_yaml_indentation_are_a_syntax_error() {
    let run = validate("tabs.yaml", tab_indented().as_bytes());
    assert_rejected(&run, SYNTAX);
    assert!(run.finding(SYNTAX)["message"].as_str().is_some_and(|m| m.contains("tab")), "{}", run.stdout);
}

#[test]
fn tabs_as_yaml_indentation_are_reported_on_their_line() {
    let run = validate("tabs.yaml", tab_indented().as_bytes());
    assert_eq!(run.position(SYNTAX).0, 14, "{}", run.stdout);
}

#[test]
fn tabs_inside_values_are_fine() {
    let yaml = edit(CLEAN_YAML, "job_name: clean", "job_name:\tclean\t\nhyperparameters: {note: \"a\tb\"}");
    assert_clean(&validate("tab-values.yaml", yaml.as_bytes()));
    let toml =
        edit(CLEAN_TOML, "job_name = \"clean\"", "job_name =\t\"clean\"\t\nhyperparameters = { note = \"a\tb\" }");
    assert_clean(&validate("tab-values.toml", toml.as_bytes()));
}

// ── alias bombs, nesting and size ─────────────────────────────────────────────────────

/// "Billion laughs": 9 levels, each 10 aliases of the one before (10^9 strings).
fn alias_bomb() -> String {
    let mut text =
        format!("{CLEAN_YAML}hyperparameters:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=9 {
        let aliases = vec![format!("*l{}", level - 1); 10].join(", ");
        let _ = writeln!(text, "  l{level}: &l{level} [{aliases}]");
    }
    text
}

#[test]
fn an_alias_bomb_is_reported_as_a_limit() {
    let run = validate("bomb.yaml", alias_bomb().as_bytes());
    assert_rejected(&run, LIMIT);
    assert!(run.position(LIMIT).0 >= 19, "the bomb goes off on its own lines: {}", run.stdout);
}

fn deep_yaml_flow() -> String {
    format!("{CLEAN_YAML}hyperparameters:\n  x: {}{}\n", "[".repeat(10_000), "]".repeat(10_000))
}

fn deep_yaml_block() -> String {
    format!("{CLEAN_YAML}hyperparameters:\n  x:\n    {}1\n", "- ".repeat(10_000))
}

/// The two deep YAML cases, with the line their nesting starts on.
fn deep_yaml() -> [(&'static str, String, u64); 2] {
    [("deep-flow.yaml", deep_yaml_flow(), 19), ("deep-block.yaml", deep_yaml_block(), 20)]
}

#[test]
fn ten_thousand_levels_of_yaml_nesting_are_reported_as_a_limit() {
    for (name, text, _) in deep_yaml() {
        assert_rejected(&validate(name, text.as_bytes()), LIMIT);
    }
}

#[test]
fn ten_thousand_levels_of_yaml_nesting_are_reported_where_they_start() {
    for (name, text, line) in deep_yaml() {
        let run = validate(name, text.as_bytes());
        assert_eq!(run.position(LIMIT).0, line, "{name}: {}", run.stdout);
    }
}

#[test]
fn ten_thousand_levels_of_toml_nesting_are_reported_as_a_limit() {
    let arrays = edit(
        CLEAN_TOML,
        "inputs =",
        &format!("hyperparameters = {{ x = {}{} }}\ninputs =", "[".repeat(10_000), "]".repeat(10_000)),
    );
    let run = validate("deep-arrays.toml", arrays.as_bytes());
    assert_rejected(&run, LIMIT);
    assert_eq!(run.position(LIMIT).0, 13);
    let tables = edit(
        CLEAN_TOML,
        "inputs =",
        &format!("hyperparameters = {}1{}\ninputs =", "{ a = ".repeat(10_000), " }".repeat(10_000)),
    );
    let run = validate("deep-tables.toml", tables.as_bytes());
    assert_rejected(&run, LIMIT);
    assert_eq!(run.position(LIMIT).0, 13);
}

fn many_values() -> String {
    format!("{CLEAN_YAML}hyperparameters:\n  x: [{}0]\n", "0,".repeat(300_000))
}

#[test]
fn three_hundred_thousand_values_are_reported_as_a_limit_within_a_second() {
    assert_rejected(&validate("many.yaml", many_values().as_bytes()), LIMIT);
}

#[test]
fn a_file_over_1_mib_is_rejected_before_parsing() {
    let mut text = CLEAN_YAML.to_owned();
    text.push('#');
    text.push_str(&"x".repeat(1024 * 1024 - text.len()));
    text.push('\n');
    assert_eq!(text.len(), 1024 * 1024 + 1);
    let run = validate("big.yaml", text.as_bytes());
    assert_rejected(&run, TOO_LARGE);
    let toml = format!("{CLEAN_TOML}#{}\n", "x".repeat(2 * 1024 * 1024));
    assert_rejected(&validate("big.toml", toml.as_bytes()), TOO_LARGE);
}

#[test]
fn a_file_of_exactly_1_mib_is_read() {
    let mut text = CLEAN_YAML.to_owned();
    text.push('#');
    text.push_str(&"x".repeat(1024 * 1024 - text.len() - 1));
    text.push('\n');
    assert_eq!(text.len(), 1024 * 1024);
    assert_clean(&validate("limit.yaml", text.as_bytes()));
}

#[test]
fn very_long_lines_are_handled() {
    let comment = format!("{CLEAN_YAML}# {}\n", "y".repeat(500_000));
    assert_clean(&validate("long-comment.yaml", comment.as_bytes()));

    let name = edit(CLEAN_YAML, "job_name: clean", &format!("job_name: {}", "x".repeat(500_000)));
    for format in ["json", "human"] {
        let run = validate_as("long-value.yaml", name.as_bytes(), format);
        assert_eq!(run.code, 1, "{format}: {}", &run.stdout[..run.stdout.len().min(2000)]);
        if format == "json" {
            let d =
                run.diagnostics().into_iter().find(|d| d["pointer"] == "/job_name").expect("a finding at /job_name");
            assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(3), Some(11)), "{d}");
        }
    }
    let toml = edit(CLEAN_TOML, "job_name = \"clean\"", &format!("job_name = \"{}\"", "x".repeat(500_000)));
    let run = validate("long-value.toml", toml.as_bytes());
    assert_eq!(run.code, 1);
    assert!(run.diagnostics().iter().any(|d| d["pointer"] == "/job_name"), "{}", run.stdout);
}

// ── YAML features ─────────────────────────────────────────────────────────────────────

#[test]
fn several_yaml_documents_are_one_job_per_file() {
    let run = validate("two.yaml", format!("{CLEAN_YAML}---\n{CLEAN_YAML}").as_bytes());
    assert_rejected(&run, MULTIPLE_DOCUMENTS);
    let line = run.position(MULTIPLE_DOCUMENTS).0;
    assert!(line == 18 || line == 19, "the second document starts on line 18: {}", run.stdout);
    let message = run.finding(MULTIPLE_DOCUMENTS)["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.contains("more than one"), "{message}");

    // Explicit markers around one document are fine.
    assert_clean(&validate("markers.yaml", format!("---\n{CLEAN_YAML}...\n").as_bytes()));
}

#[test]
fn standard_yaml_tags_are_honoured() {
    let yaml = edit(CLEAN_YAML, "framework_version: 2.2.0", "framework_version: !!str 2.2.0");
    assert_clean(&validate("str-tag.yaml", yaml.as_bytes()));
}

fn python_tag() -> String {
    format!("{CLEAN_YAML}hyperparameters: !!python/object:__main__.Exploit {{epochs: 1}}\n")
}

#[test]
fn a_python_object_tag_is_read_without_harm() {
    // Nothing is ever constructed from a tag; the run is bounded like every other.
    let run = validate("python-tag.yaml", python_tag().as_bytes());
    assert!(run.code == 0 || run.code == 1);
}

#[test]
fn a_python_object_tag_is_rejected_at_the_tag() {
    let text = python_tag();
    let run = validate("python-tag.yaml", text.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stdout);
    let tag = run
        .diagnostics()
        .iter()
        .find(|d| d["code"] == "sagespec::source::unsupported-tag" && d["severity"] == "error")
        .cloned()
        .unwrap_or_else(|| panic!("no unsupported-tag error: {}", run.stdout));
    let offset = usize::try_from(tag["offset"].as_u64().expect("offset")).expect("offset fits");
    assert!(text[offset..].starts_with("!!python/object"), "{}", run.stdout);
}

#[test]
fn merge_keys_are_expanded() {
    let top = edit(CLEAN_YAML, "instance_type: ml.p4d.24xlarge", "<<: {instance_type: ml.p4d.24xlarge}");
    assert_clean(&validate("merge.yaml", top.as_bytes()));
    let nested = format!("{CLEAN_YAML}tags: &tags {{team: ml}}\nenvironment:\n  <<: *tags\n  STAGE: prod\n");
    assert_clean(&validate("merge-alias.yaml", nested.as_bytes()));
    // A merged key is checked like any other.
    let wrong = format!("{CLEAN_YAML}tensorboard_output_config:\n  <<: {{colour: red}}\n");
    assert_rejected(&validate("merge-unknown.yaml", wrong.as_bytes()), UNKNOWN_KEY);
}

#[test]
fn a_repeated_key_is_reported_where_it_repeats() {
    let run = validate("dup.yaml", format!("{CLEAN_YAML}kind: TrainingJob\n").as_bytes());
    assert_rejected(&run, DUPLICATE_KEY);
    assert_eq!(run.position(DUPLICATE_KEY).0, 18, "{}", run.stdout);
    let run = validate("dup.toml", edit(CLEAN_TOML, "inputs =", "kind = \"TrainingJob\"\ninputs =").as_bytes());
    assert_rejected(&run, DUPLICATE_KEY);
    assert_eq!(run.position(DUPLICATE_KEY).0, 13, "{}", run.stdout);
}

fn with_nul() -> String {
    edit(CLEAN_YAML, "kind: TrainingJob", "ki\u{0}nd: TrainingJob")
}

#[test]
fn nul_bytes_are_a_syntax_error() {
    assert_rejected(&validate("nul.yaml", with_nul().as_bytes()), SYNTAX);
    let toml = edit(CLEAN_TOML, "kind = \"TrainingJob\"", "kind = \"Training\u{0}Job\"");
    let run = validate("nul.toml", toml.as_bytes());
    assert_rejected(&run, SYNTAX);
    assert_eq!(run.position(SYNTAX).0, 2, "{}", run.stdout);
}

#[test]
fn nul_bytes_in_yaml_are_reported_where_they_are() {
    let run = validate("nul.yaml", with_nul().as_bytes());
    assert_eq!(run.position(SYNTAX), (2, 3), "{}", run.stdout);
}

// ── not a mapping ─────────────────────────────────────────────────────────────────────

#[test]
fn an_empty_yaml_file_is_rejected() {
    for (name, text) in [("empty.yaml", ""), ("comment.yaml", "# nothing yet\n"), ("blank.yaml", "\n\n  \n")] {
        let run = validate(name, text.as_bytes());
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        assert!(run.has_error(), "{name}");
    }
}

#[test]
fn an_empty_toml_file_or_mapping_is_rejected() {
    for (name, text) in [("empty.toml", ""), ("comment.toml", "# nothing yet\n"), ("braces.yaml", "{}\n")] {
        let run = validate(name, text.as_bytes());
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        assert!(run.has_error(), "{name}");
    }
}

#[test]
fn a_scalar_or_a_list_is_not_a_manifest() {
    for (name, text) in [
        ("scalar.yaml", "hello\n"),
        ("number.yaml", "42\n"),
        ("list.yaml", "- a\n- b\n"),
        ("flow-list.yaml", "[1, 2]\n"),
    ] {
        let run = validate(name, text.as_bytes());
        assert_rejected(&run, INVALID_TYPE);
        assert_eq!(run.finding(INVALID_TYPE)["pointer"], "", "{name}: {}", run.stdout);
    }
}
