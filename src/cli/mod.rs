//! The command line: clap types, one file per subcommand, and the exit-code mapping.
//! Subcommands are thin wrappers over library calls.

mod rules;
mod schema;
mod validate;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostic::render::{HumanOptions, OutputFormat};

/// Exit status: no errors.
pub const EXIT_OK: u8 = 0;
/// Exit status: findings with errors (or, for commands that act, a failure).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage or I/O failure.
pub const EXIT_USAGE: u8 = 2;

/// A compiler for declarative Amazon SageMaker training jobs.
#[derive(Debug, Parser)]
#[command(name = "sagespec", version, about, long_about = None)]
pub struct Cli {
    /// How findings are printed.
    #[arg(long, global = true, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// AWS region (else the manifest's `region`, else the AWS config chain).
    #[arg(long, global = true, env = "SAGESPEC_REGION")]
    pub region: Option<String>,
    /// AWS shared-config profile.
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Endpoint URL for every AWS service (the SDK's `AWS_ENDPOINT_URL*` variables work too).
    #[arg(long, global = true)]
    pub endpoint_url: Option<String>,
    /// Print only errors and warnings, no summary.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Never use colour (`NO_COLOR` is honoured too).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse, check the schema and every rule, and report all findings.
    Validate(validate::Args),
    /// Print the JSON Schema (the same bytes as `schema/sagespec.schema.json`).
    Schema,
    /// List every rule with its code and what it reports.
    Rules,
}

impl Cli {
    /// How the human format should look on this terminal.
    pub fn human_options(&self) -> HumanOptions {
        let color = !self.no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stdout().is_terminal();
        HumanOptions { color, width: None }
    }
}

/// Parses the arguments, runs the command, and returns its exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Validate(args) => validate::run(&cli, args),
        Command::Schema => schema::run(),
        Command::Rules => rules::run(&cli),
    };
    ExitCode::from(code)
}
