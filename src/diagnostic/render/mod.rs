//! Renderers: sibling views of the same [`FileReport`]s. None of them decides anything.

mod github;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use human::{HumanOptions, Tally, human};
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
    let mut renderer = Renderer::new(format, *human_options);
    let mut out: String = reports.iter().map(|report| renderer.add(report)).collect();
    out.push_str(&renderer.finish());
    out
}

/// Renders reports one at a time, as they are checked. The human and GitHub formats print
/// per finding, so [`Renderer::add`] returns a file's text to print at once; JSON and
/// SARIF are single documents, so their files with findings are kept until
/// [`Renderer::finish`]. Either way the text adds up to [`render`]'s.
pub struct Renderer {
    format: OutputFormat,
    human_options: HumanOptions,
    handler: miette::GraphicalReportHandler,
    tally: Tally,
    kept: Vec<FileReport>,
}

impl Renderer {
    /// A renderer for `format`.
    pub fn new(format: OutputFormat, human_options: HumanOptions) -> Self {
        Self {
            format,
            human_options,
            handler: human::handler(&human_options),
            tally: Tally::default(),
            kept: Vec::new(),
        }
    }

    /// Takes one file's report; returns the text to print for it now (maybe none).
    pub fn add(&mut self, report: &FileReport) -> String {
        self.tally.add(report);
        match self.format {
            OutputFormat::Human => human::findings(report, &self.handler),
            OutputFormat::Github => github(std::slice::from_ref(report)),
            OutputFormat::Json | OutputFormat::Sarif => {
                // A file without findings adds nothing to either document.
                if !report.findings.is_empty() {
                    self.kept.push(report.clone());
                }
                String::new()
            }
        }
    }

    /// The text that ends the output: the summary line, or the whole document.
    pub fn finish(self) -> String {
        match self.format {
            OutputFormat::Human if !self.human_options.quiet => {
                format!("{}\n", human::summary(&self.tally))
            }
            OutputFormat::Human | OutputFormat::Github => String::new(),
            OutputFormat::Json => json(&self.kept),
            OutputFormat::Sarif => sarif(&self.kept),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Finding;

    fn reports() -> Vec<FileReport> {
        let text: Arc<str> = Arc::from("a: 1\nb: 2\n");
        let error = Finding::error("sagespec::test::e", "bad").at_span(crate::source::Span::new(0, 1));
        let warning =
            Finding::warning("sagespec::test::w", "odd").with_help("look").at_span(crate::source::Span::new(5, 1));
        vec![
            FileReport::new("a.yaml", Arc::clone(&text), None, vec![error]),
            FileReport::new("clean.yaml", Arc::from(""), None, vec![]),
            FileReport::new("b.toml", text, None, vec![warning]),
        ]
    }

    #[test]
    fn one_report_at_a_time_adds_up_to_each_format_over_all_reports() {
        let reports = reports();
        let options = HumanOptions::plain(80);
        let expected = [
            (OutputFormat::Human, human(&reports, &options)),
            (OutputFormat::Github, github(&reports)),
            (OutputFormat::Json, json(&reports)),
            (OutputFormat::Sarif, sarif(&reports)),
        ];
        for (format, whole) in expected {
            let mut renderer = Renderer::new(format, options);
            let mut streamed: String = reports.iter().map(|report| renderer.add(report)).collect();
            streamed.push_str(&renderer.finish());
            assert_eq!(streamed, whole, "{format:?}");
        }
    }

    #[test]
    fn human_text_comes_per_file_and_the_summary_last() {
        let reports = reports();
        let mut renderer = Renderer::new(OutputFormat::Human, HumanOptions::plain(80));
        assert!(renderer.add(&reports[0]).contains("bad"));
        assert_eq!(renderer.add(&reports[1]), "");
        assert!(renderer.add(&reports[2]).contains("odd"));
        assert_eq!(renderer.finish(), "1 error and 1 warning in 2 of 3 files\n");
    }
}
