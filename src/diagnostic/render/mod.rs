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
}

/// Renders `reports` in `format`.
pub fn render(format: OutputFormat, reports: &[FileReport], human_options: &HumanOptions) -> String {
    match format {
        OutputFormat::Human => human(reports, human_options),
        OutputFormat::Json => json(reports),
        OutputFormat::Sarif => sarif(reports),
        OutputFormat::Github => github(reports),
    }
}
