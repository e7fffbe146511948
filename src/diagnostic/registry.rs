//! Every code sagespec can emit, with its docs, in one registry.
//!
//! A code is documented where it is defined: a rule in its `RULE` const
//! ([`crate::rules::Rule`]), a source or schema code beside its constant in [`codes`].
//! [`all`] lists them in a stable order (source, schema, references, the rules in the
//! order they run, then each kind's own checks and rules), and everything that shows a code's docs reads it: `sagespec rules`,
//! `sagespec explain`, SARIF's `rules[]`, and `docs/rules.md` ([`markdown_page`]).
//!
//! To add a list of codes (a new kind's rules), add one line to `LISTS`.
//! `tests/rule_docs.rs` proves that every code the code base can emit is listed here.

use std::fmt::Write as _;

use super::{Severity, codes};
use crate::rules::tuning::TuningRule;
use crate::rules::{self, Rule};

/// Where a code's docs are published (`docs/rules.md`, one section per code).
const DOCS_URL: &str = "https://github.com/sagespec/sagespec/blob/main/docs/rules.md";

/// A code's documentation, in GitHub-flavoured Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Docs {
    /// What the code reports, more fully than its summary (read after "What:").
    pub what: &'static str,
    /// Why it matters: what SageMaker, the SDK or the job would do, and the source.
    pub why: &'static str,
    /// A fenced snippet that raises the code, the fix in a comment (sometimes a line of
    /// prose after the fence).
    pub example: &'static str,
}

/// One code as the registry lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeDocs {
    /// Stable code, `sagespec::<area>::<what-is-wrong>`.
    pub code: &'static str,
    /// One line: what the code reports.
    pub summary: &'static str,
    /// The severity of its findings.
    pub severity: Severity,
    /// What, why, and an example.
    pub docs: Docs,
}

/// One list of codes.
enum List {
    /// Codes raised outside the rules, each documented beside its constant.
    Codes(&'static [CodeDocs]),
    /// Rule areas, in the order they run; each rule documents itself.
    Rules(&'static [&'static [Rule]]),
    /// The TuningJob's rules, in the order they run; each documents itself.
    TuningRules(&'static [TuningRule]),
}

/// Every list, in the order [`all`] gives them.
const LISTS: &[List] = &[
    List::Codes(codes::SOURCE),
    List::Codes(codes::SCHEMA),
    List::Codes(codes::REFERENCE),
    // TrainingJob's rules.
    List::Rules(rules::AREAS),
    // TuningJob's checks.
    List::Codes(codes::TUNING),
    List::TuningRules(rules::tuning::RULES),
    // Model's and Endpoint's checks.
    List::Codes(codes::DEPLOY),
    // Layering and policy (`kind: Defaults`).
    List::Codes(crate::defaults::codes::DEFAULTS),
    // The account checks of `validate --online` and `plan`.
    List::Codes(crate::account::codes::ACCOUNT),
];

/// Every code, in a stable order: source, schema, references, the rules in the order they
/// run, then each kind's own checks.
pub fn all() -> impl Iterator<Item = CodeDocs> {
    LISTS.iter().flat_map(|list| {
        let (documented, areas, tuning): (&'static [CodeDocs], &'static [&'static [Rule]], &'static [TuningRule]) =
            match list {
                List::Codes(documented) => (documented, &[], &[]),
                List::Rules(areas) => (&[], areas, &[]),
                List::TuningRules(tuning) => (&[], &[], tuning),
            };
        documented
            .iter()
            .copied()
            .chain(areas.iter().flat_map(|area| area.iter()).map(Rule::documented))
            .chain(tuning.iter().map(TuningRule::documented))
    })
}

/// The code spelled exactly `code`.
pub fn get(code: &str) -> Option<CodeDocs> {
    all().find(|entry| entry.code == code)
}

/// Why [`find`] found no single code.
#[derive(Debug, PartialEq, Eq)]
pub enum NotFound {
    /// Several codes end in the short form given.
    Ambiguous(Vec<&'static str>),
    /// No code matches; the closest one, if it is close enough to be a typo.
    Unknown(Option<&'static str>),
}

/// The code `query` names: the whole code (`sagespec::manifest::missing-job-name`), the
/// code without its `sagespec::` prefix (`manifest::missing-job-name`), or its last part
/// alone (`missing-job-name`) when only one code ends in it.
pub fn find(query: &str) -> Result<CodeDocs, NotFound> {
    let query = query.trim();
    if let Some(entry) = get(query) {
        return Ok(entry);
    }
    let matches: Vec<CodeDocs> =
        all().filter(|entry| short_forms(entry.code).iter().any(|form| form.eq_ignore_ascii_case(query))).collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(NotFound::Unknown(closest(query))),
        many => Err(NotFound::Ambiguous(many.iter().map(|entry| entry.code).collect())),
    }
}

/// `manifest::missing-job-name` and `missing-job-name`, for `sagespec::manifest::missing-job-name`.
fn short_forms(code: &str) -> [&str; 2] {
    let without_prefix = code.strip_prefix("sagespec::").unwrap_or(code);
    let name = code.rsplit("::").next().unwrap_or(code);
    [without_prefix, name]
}

/// The code closest to a misspelled `query`, compared in the form the query is written in.
fn closest(query: &str) -> Option<&'static str> {
    let query = query.to_ascii_lowercase();
    let form = |code: &'static str| -> &'static str {
        let [without_prefix, name] = short_forms(code);
        if query.starts_with("sagespec::") {
            code
        } else if query.contains("::") {
            without_prefix
        } else {
            name
        }
    };
    all()
        .map(|entry| (strsim::jaro_winkler(&query, form(entry.code)), entry.code))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, code)| code)
}

impl CodeDocs {
    /// The fragment of the code's section in `docs/rules.md`: the slug GitHub gives its
    /// heading (lower case; characters other than letters, digits, `-` and `_` dropped).
    pub fn anchor(&self) -> String {
        self.code
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect()
    }

    /// The address of the code's docs.
    pub fn help_uri(&self) -> String {
        format!("{DOCS_URL}#{}", self.anchor())
    }

    /// "An error" or "A warning".
    fn severity_phrase(&self) -> &'static str {
        match self.severity {
            Severity::Error => "An error",
            Severity::Warning => "A warning",
        }
    }

    /// The docs without a heading: severity and summary, then what, why and the example.
    pub fn markdown_body(&self) -> String {
        let Docs { what, why, example } = self.docs;
        format!(
            "{}: {}.\n\n**What:** {what}\n\n**Why:** {why}\n\n**Example:**\n{example}\n",
            self.severity_phrase(),
            self.summary
        )
    }

    /// The code's section: a heading of `level` naming the code, then [`Self::markdown_body`].
    pub fn markdown(&self, level: usize) -> String {
        format!("{} {}\n\n{}", "#".repeat(level), self.code, self.markdown_body())
    }
}

/// `docs/rules.md`: an index of every code, then one section per code.
pub fn markdown_page() -> String {
    let mut page = String::from(
        "# Rules\n\n\
         <!-- Generated from the code registry (src/diagnostic/registry.rs); do not edit. \
         Refresh with `SAGESPEC_UPDATE_RULE_DOCS=1 cargo test --test rule_docs`. -->\n\n\
         Every finding sagespec reports has a stable code. This page documents each one: what it \
         reports, why it matters, and an example. `sagespec rules` lists the codes (`--format json` \
         prints this page as data) and `sagespec explain CODE` prints one section.\n\n\
         | code | severity | reports |\n|---|---|---|\n",
    );
    for entry in all() {
        let _ = writeln!(
            page,
            "| [`{}`](#{}) | {} | {} |",
            entry.code,
            entry.anchor(),
            severity(entry.severity),
            entry.summary
        );
    }
    for entry in all() {
        page.push('\n');
        page.push_str(&entry.markdown(2));
    }
    page
}

/// `error` or `warning`, as the JSON output spells it.
pub const fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_namespaced() {
        let mut codes: Vec<&str> = all().map(|entry| entry.code).collect();
        let malformed: Vec<&&str> = codes
            .iter()
            .filter(|code| {
                let parts: Vec<&str> = code.split("::").collect();
                parts.len() != 3
                    || parts[0] != "sagespec"
                    || parts[1..].iter().any(|part| {
                        part.is_empty()
                            || !part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    })
            })
            .collect();
        assert!(malformed.is_empty(), "not sagespec::<area>::<name>: {malformed:?}");
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "duplicate codes");
    }

    #[test]
    fn lists_source_schema_references_rules_then_each_kinds_checks() {
        let listed: Vec<&str> = all().map(|entry| entry.code).collect();
        let rules: Vec<&str> = rules::all().map(|rule| rule.code).collect();
        assert_eq!(listed.first(), Some(&codes::SOURCE_UNREADABLE));
        assert!(listed[..codes::SOURCE.len()].iter().all(|code| code.starts_with("sagespec::source::")));
        let tuning_rules: Vec<&str> = rules::tuning::RULES.iter().map(|rule| rule.code).collect();
        // Layering and policy, then the account checks, close the list.
        let account = crate::defaults::codes::DEFAULTS.len() + crate::account::codes::ACCOUNT.len();
        let after_rules = listed.len() - codes::TUNING.len() - tuning_rules.len() - codes::DEPLOY.len() - account;
        assert_eq!(listed[after_rules - rules.len()..after_rules], rules[..]);
        let deploy_from = listed.len() - codes::DEPLOY.len() - account;
        assert_eq!(listed[deploy_from - tuning_rules.len()..deploy_from], tuning_rules[..]);
        assert!(tuning_rules.iter().all(|code| code.starts_with("sagespec::tuning::")));
        let references = codes::SOURCE.len() + codes::SCHEMA.len();
        assert!(
            listed[references..references + codes::REFERENCE.len()]
                .iter()
                .all(|code| code.starts_with("sagespec::reference::"))
        );
        assert_eq!(
            listed.len(),
            codes::SOURCE.len()
                + codes::SCHEMA.len()
                + codes::REFERENCE.len()
                + rules.len()
                + codes::TUNING.len()
                + tuning_rules.len()
                + codes::DEPLOY.len()
                + account
        );
    }

    #[test]
    fn every_code_is_documented() {
        let problems: Vec<String> = all()
            .flat_map(|entry| {
                let Docs { what, why, example } = entry.docs;
                let mut problems = Vec::new();
                for (part, text) in [("summary", entry.summary), ("what", what), ("why", why), ("example", example)] {
                    if text.trim().is_empty() {
                        problems.push(format!("{}: empty {part}", entry.code));
                    }
                }
                if entry.summary.ends_with('.') {
                    problems.push(format!("{}: a summary is a phrase without a full stop", entry.code));
                }
                let fences = example.lines().filter(|line| line.starts_with("```")).count();
                if !example.starts_with("```") || fences != 2 {
                    problems.push(format!("{}: the example is not one fenced snippet", entry.code));
                }
                problems
            })
            .collect();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn finds_a_code_by_its_whole_or_short_form() {
        let code = "sagespec::manifest::missing-job-name";
        for query in [code, "manifest::missing-job-name", "missing-job-name", " Missing-Job-Name "] {
            assert_eq!(find(query).map(|entry| entry.code), Ok(code), "{query}");
        }
    }

    #[test]
    fn suggests_the_closest_code_for_a_typo() {
        assert_eq!(find("missing-job-nam"), Err(NotFound::Unknown(Some("sagespec::manifest::missing-job-name"))));
        assert_eq!(
            // Upper case, so `tests/rule_docs.rs` does not take the typo for a code.
            find("sagespec::schema::Unknown-Keys"),
            Err(NotFound::Unknown(Some("sagespec::schema::unknown-key")))
        );
        assert_eq!(
            find("manifest::misssing-instance-type"),
            Err(NotFound::Unknown(Some("sagespec::manifest::missing-instance-type")))
        );
        assert_eq!(find("zzz"), Err(NotFound::Unknown(None)));
    }

    #[test]
    fn anchors_are_github_heading_slugs() {
        let entry = get("sagespec::manifest::missing-job-name").expect("registered");
        assert_eq!(entry.anchor(), "sagespecmanifestmissing-job-name");
        assert_eq!(
            entry.help_uri(),
            "https://github.com/sagespec/sagespec/blob/main/docs/rules.md#sagespecmanifestmissing-job-name"
        );
    }

    #[test]
    fn a_section_has_a_heading_the_summary_and_the_three_parts() {
        let entry = get("sagespec::service::warm-pool-with-spot").expect("registered");
        let section = entry.markdown(1);
        assert!(section.starts_with("# sagespec::service::warm-pool-with-spot\n\nA warning: a warm pool"), "{section}");
        let at = |part: &str| section.find(part).unwrap_or_else(|| panic!("no {part} in {section}"));
        assert!(at("**What:**") < at("**Why:**") && at("**Why:**") < at("**Example:**\n```yaml"));
    }
}
