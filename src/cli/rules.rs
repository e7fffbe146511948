//! `sagespec rules`: list every code sagespec can emit (source, schema and rule codes,
//! from [`crate::diagnostic::registry`]) with its severity and summary, as a Markdown
//! table with `--format human`, or with its docs as JSON with `--format json`.

use std::fmt::Write as _;

use super::{Cli, EXIT_OK};
use crate::diagnostic::CodeDocs;
use crate::diagnostic::registry::{self, severity};
use crate::diagnostic::render::OutputFormat;

/// Prints the code list; always succeeds.
pub fn run(cli: &Cli) -> u8 {
    if cli.format == OutputFormat::Json {
        let list: Vec<serde_json::Value> = registry::all().map(|entry| to_json(&entry)).collect();
        println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
    } else {
        print!("{}", table());
    }
    EXIT_OK
}

/// The human list: a Markdown table (the README embeds it).
fn table() -> String {
    let mut text = String::from("| code | severity | reports |\n|---|---|---|\n");
    for entry in registry::all() {
        let _ = writeln!(text, "| `{}` | {} | {} |", entry.code, severity(entry.severity), entry.summary);
    }
    text
}

/// One code as data: `code`, `summary`, `severity`, and its docs (`what`, `why`,
/// `example`, as Markdown), plus the address of its section in `docs/rules.md`.
pub(super) fn to_json(entry: &CodeDocs) -> serde_json::Value {
    serde_json::json!({
        "code": entry.code,
        "summary": entry.summary,
        "severity": entry.severity,
        "what": entry.docs.what,
        "why": entry.docs.why,
        "example": entry.docs.example,
        "url": entry.help_uri(),
    })
}
