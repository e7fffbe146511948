//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! Escaping follows the runner's rules: in the message `%`, CR and LF are percent-encoded;
//! in properties `:` and `,` are as well.

use std::fmt::Write as _;

use crate::diagnostic::{FileReport, Severity};

/// One `::error …::message` or `::warning …::message` line per finding.
pub fn github(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for resolved in &report.findings {
            let finding = &resolved.finding;
            let command = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = finding.text().into_owned();
            if let Some(help) = &finding.help {
                let _ = write!(message, "\nhelp: {help}");
            }
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},title={}::{}",
                property(&report.path),
                resolved.line,
                resolved.column,
                property(&finding.code),
                data(&message),
            );
        }
    }
    out
}

fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_the_runner_rules() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("sagespec::a,b"), "sagespec%3A%3Aa%2Cb");
    }
}
