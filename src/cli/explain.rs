//! `sagespec explain CODE`: print one code's docs, as `ruff rule` does: a heading naming
//! the code, its severity and summary, then what it reports, why, and an example (the
//! code's section of `docs/rules.md`). `--format json` prints the entry `sagespec rules
//! --format json` lists. The code may be given without `sagespec::`, or by its last part
//! alone when only one code ends in it.

use super::rules::to_json;
use super::{Cli, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::registry::{self, NotFound};
use crate::diagnostic::render::OutputFormat;

/// The arguments of `sagespec explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The code, e.g. `sagespec::manifest::missing-job-name` or `missing-job-name`.
    pub code: String,
}

/// Prints the docs; an unknown or ambiguous code is a usage error (exit 2).
pub fn run(cli: &Cli, args: &Args) -> u8 {
    match registry::find(&args.code) {
        Ok(entry) => {
            if cli.format == OutputFormat::Json {
                println!("{}", serde_json::to_string_pretty(&to_json(&entry)).unwrap_or_default());
            } else {
                print!("{}", entry.markdown(1));
            }
            EXIT_OK
        }
        Err(NotFound::Ambiguous(codes)) => {
            eprintln!("error: `{}` could be any of: {}", args.code, list(&codes));
            eprintln!("  help: give the whole code");
            EXIT_USAGE
        }
        Err(NotFound::Unknown(closest)) => {
            eprintln!("error: unknown code `{}`", args.code);
            match closest {
                Some(code) => eprintln!("  help: did you mean `{code}`?"),
                None => eprintln!("  help: `sagespec rules` lists every code"),
            }
            EXIT_USAGE
        }
    }
}

fn list(codes: &[&str]) -> String {
    codes.iter().map(|code| format!("`{code}`")).collect::<Vec<_>>().join(", ")
}
