//! The command line: clap types, one file per subcommand, and the exit-code mapping.
//! Subcommands are thin wrappers over library calls.
//!
//! Logging: `RUST_LOG` (e.g. `RUST_LOG=debug`, `RUST_LOG=aws_smithy_runtime=trace`) turns
//! on `tracing` output, on stderr; nothing is logged without it.

mod apply;
mod compile;
mod completions;
mod destroy;
mod explain;
mod fix;
mod import;
mod init;
mod logs;
mod lsp;
mod plan;
mod rules;
mod schema;
mod shared;
mod status;
mod stop;
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
    /// The environment of the Defaults files (`environments.NAME` of each
    /// `sagespec.defaults.yaml`), laid over their `defaults`.
    #[arg(long, global = true, env = "SAGESPEC_ENV", value_name = "NAME")]
    pub env: Option<String>,
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
    /// Validate, then print each manifest's CreateTrainingJob request in AWS JSON (one
    /// object; a JSON array for several manifests; `--out DIR` writes `<job name>.json`).
    Compile(compile::Args),
    /// Print the JSON Schema (the same bytes as `schema/sagespec.schema.json`), or with
    /// `--write` refresh the local copy that `init` wrote.
    Schema(schema::Args),
    /// List every code sagespec reports, with its severity and summary (`--format json`:
    /// with its docs).
    Rules,
    /// Print a code's docs: what it reports, why, and an example.
    Explain(explain::Args),
    /// Apply the safe repairs the findings carry, in place (`--diff`: print them); exits 1
    /// when findings without a fix remain.
    Fix(fix::Args),
    /// Write a commented starter manifest that validates clean.
    Init(init::Args),
    /// Print shell completions.
    Completions(completions::Args),
    /// Run the language server on stdin and stdout (diagnostics, hover, completion, quick
    /// fixes, go to definition), for editors.
    Lsp(lsp::Args),
    /// Compare each manifest's jobs and deployments with SageMaker: create, update (with
    /// the fields that change), up to date, or delete.
    Plan(plan::Args),
    /// Upload code, create the missing jobs (`--wait` follows them to the end), then
    /// deploy models and endpoints.
    Apply(apply::Args),
    /// Delete the endpoints, endpoint configurations and models the manifests created
    /// (asks first; `--yes` skips the question).
    Destroy(destroy::Args),
    /// Show the status of jobs (by name, or of the manifests in PATHs).
    Status(status::Args),
    /// Stop training jobs.
    Stop(stop::Args),
    /// Print a job's CloudWatch logs, from every host.
    Logs(logs::Args),
    /// Write a manifest for each existing training job (it compiles back to the job's
    /// request); `--code` downloads the job's code too.
    #[command(long_about = import::LONG_ABOUT)]
    Import(import::Args),
}

impl Cli {
    /// How the human format should look on this terminal.
    pub fn human_options(&self) -> HumanOptions {
        let color = !self.no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stdout().is_terminal();
        HumanOptions { color, width: None, quiet: self.quiet }
    }
}

/// Adds a tip to clap's error for `--format yaml|toml`, which once picked the syntax
/// `init` writes: that is `init --syntax` now, and `--format` is only for findings.
fn with_syntax_tip(mut error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let names_format =
        matches!(error.get(ContextKind::InvalidArg), Some(ContextValue::String(arg)) if arg.starts_with("--format"));
    let is_syntax = matches!(
        error.get(ContextKind::InvalidValue),
        Some(ContextValue::String(value)) if ["yaml", "yml", "toml"].contains(&value.as_str())
    );
    if error.kind() == ErrorKind::InvalidValue && names_format && is_syntax {
        error.insert(
            ContextKind::Suggested,
            ContextValue::StyledStrs(vec![
                "--format is how findings print; `sagespec init` takes the manifest syntax as --syntax yaml|toml"
                    .into(),
            ]),
        );
    }
    error
}

/// Sends `tracing` events (sagespec's and the AWS SDK's) to stderr, filtered by `RUST_LOG`;
/// without `RUST_LOG`, nothing is logged.
fn init_logging() {
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_default_env() {
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(false).init();
    }
}

/// Parses the arguments, runs the command, and returns its exit status.
pub fn main() -> ExitCode {
    init_logging();
    let cli = Cli::try_parse().unwrap_or_else(|error| with_syntax_tip(error).exit());
    tracing::debug!(command = ?cli.command, "starting");
    crate::defaults::select_environment(cli.env.clone());
    let code = match &cli.command {
        Command::Validate(args) => validate::run(&cli, args),
        Command::Compile(args) => compile::run(&cli, args),
        Command::Schema(args) => schema::run(args),
        Command::Rules => rules::run(&cli),
        Command::Explain(args) => explain::run(&cli, args),
        Command::Fix(args) => fix::run(&cli, args),
        Command::Init(args) => init::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Plan(args) => plan::run(&cli, args),
        Command::Apply(args) => apply::run(&cli, args),
        Command::Destroy(args) => destroy::run(&cli, args),
        Command::Status(args) => status::run(&cli, args),
        Command::Stop(args) => stop::run(&cli, args),
        Command::Logs(args) => logs::run(&cli, args),
        Command::Lsp(args) => lsp::run(args),
        Command::Import(args) => import::run(&cli, args),
    };
    ExitCode::from(code)
}
