//! `sagespec rules`: list every rule's code and summary (as a Markdown table with
//! `--format human`, as JSON with `--format json`).

use super::{Cli, EXIT_OK};
use crate::diagnostic::render::OutputFormat;

/// Prints the rule list; always succeeds.
pub fn run(cli: &Cli) -> u8 {
    let rules: Vec<_> = crate::rules::all().collect();
    if cli.format == OutputFormat::Json {
        let list: Vec<serde_json::Value> =
            rules.iter().map(|r| serde_json::json!({"code": r.code, "summary": r.summary})).collect();
        println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
    } else {
        println!("| code | reports |\n|---|---|");
        for rule in rules {
            println!("| `{}` | {} |", rule.code, rule.summary);
        }
    }
    EXIT_OK
}
