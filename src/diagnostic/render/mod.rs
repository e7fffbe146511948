//! Renderers: sibling views of the same [`FileReport`]s. None of them decides anything.

mod github;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use human::{HumanOptions, human};
pub use json::json;
pub use sarif::sarif;

use super::FileReport;

/// The output formats of `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// miette's graphical report, with the source snippet.
    Human,
    /// One JSON document (the shape in `design/manifest.md`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// `init` only: write the starter manifest as YAML.
    Yaml,
    /// `init` only: write the starter manifest as TOML.
    Toml,
}

impl OutputFormat {
    /// Whether this is a format for findings (not a manifest syntax for `init`).
    pub const fn is_findings_format(self) -> bool {
        !matches!(self, Self::Yaml | Self::Toml)
    }
}

/// Renders `reports` in `format`.
pub fn render(format: OutputFormat, reports: &[FileReport], human_options: &HumanOptions) -> String {
    match format {
        // `yaml`/`toml` name a manifest syntax; the CLI refuses them for findings.
        OutputFormat::Human | OutputFormat::Yaml | OutputFormat::Toml => human(reports, human_options),
        OutputFormat::Json => json(reports),
        OutputFormat::Sarif => sarif(reports),
        OutputFormat::Github => github(reports),
    }
}
