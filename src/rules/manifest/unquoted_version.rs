//! `sagespec::manifest::unquoted-version`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::encode::python_float;
use crate::fix::repairs;
use crate::source::{Format, Value};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::manifest::unquoted-version",
    summary: "a version key is written as a number, not a string",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a version key (`framework_version`, `py_version`) written as a bare number.",
        why: "YAML and TOML read `1.10` as the number 1.1, so the version the job would get is not the one written \
              (`1.10` → `1.1`, `2.0` → `2.0` as a float, never the string the image tables and the SDK's version \
              lists match exactly). This refines the schema's \"expected a string\" at the same pointer with the \
              exact fix.",
        example: r#"```yaml
framework_version: 1.10     # error: write framework_version: "1.10"
```"#,
    },
    check,
};

/// A key whose value is a version string, and how to write a number as that string.
struct VersionKey {
    key: &'static str,
    /// The string form of the number as written (e.g. `1.10` → `1.10`, `3.10` → `py310`).
    as_string: fn(&str) -> String,
}

/// The version keys (manifest.md §1, Image). `py_version` values look like `py310`.
const VERSION_KEYS: &[VersionKey] = &[
    VersionKey { key: "framework_version", as_string: str::to_owned },
    VersionKey { key: "py_version", as_string: |written| format!("py{}", written.replace('.', "")) },
];

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for version in VERSION_KEYS {
        let Some(entry) = cx.document.root.entry(version.key) else {
            continue;
        };
        let (read_as, number) = match &entry.value.value {
            Value::Int(i) => (i.to_string(), *i as f64),
            Value::BigInt(digits) => (digits.clone(), digits.parse().unwrap_or(f64::NAN)),
            Value::Float(f) => (python_float(*f), *f),
            _ => continue,
        };
        let span = entry.value.span;
        // The text as written, when this manifest's text holds it there (an inherited
        // value was written in a Defaults file: its number is all there is to quote).
        let written = cx
            .source
            .get(span.offset..span.end())
            .map(str::trim)
            .filter(|text| text.parse::<f64>().is_ok_and(|parsed| parsed.to_bits() == number.to_bits()))
            .unwrap_or(read_as.as_str());
        let fixed = (version.as_string)(written);
        let key = version.key;
        let message = if written == read_as {
            format!("`{key}` is the number {read_as}, not a version string")
        } else {
            format!("`{key}: {written}` is read as the number {read_as}, not the version \"{written}\"")
        };
        let quoted = match cx.document.format {
            Format::Yaml => format!("{key}: \"{fixed}\""),
            Format::Toml => format!("{key} = \"{fixed}\""),
        };
        let pointer = format!("/{key}");
        let fix = repairs::quote_version(cx.document, &pointer, &fixed);
        out.push(
            Finding::error(RULE.code, message)
                .with_fix(fix)
                .at(pointer)
                .with_label(format!("the number {read_as}"))
                .with_help(format!("quote it: `{quoted}`")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{run, run_as};

    #[test]
    fn shows_the_text_written_and_the_quoted_form() {
        let found = run(&RULE, "framework_version: 1.10\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/framework_version");
        assert_eq!(found[0].message, "`framework_version: 1.10` is read as the number 1.1, not the version \"1.10\"");
        assert_eq!(found[0].help.as_deref(), Some("quote it: `framework_version: \"1.10\"`"));
    }

    #[test]
    fn toml_gets_toml_syntax() {
        let found = run_as(&RULE, "framework_version = 2.0\n", Format::Toml);
        assert_eq!(found[0].message, "`framework_version` is the number 2.0, not a version string");
        assert_eq!(found[0].help.as_deref(), Some("quote it: `framework_version = \"2.0\"`"));
    }

    #[test]
    fn py_version_suggests_the_py_form() {
        let found = run(&RULE, "py_version: 3.10\n");
        assert_eq!(found[0].help.as_deref(), Some("quote it: `py_version: \"py310\"`"));
        let found = run(&RULE, "py_version: 3\n");
        assert_eq!(found[0].message, "`py_version` is the number 3, not a version string");
    }

    #[test]
    fn accepts_strings_including_unquoted_yaml_versions() {
        assert!(run(&RULE, "framework_version: \"1.10\"\npy_version: py310\n").is_empty());
        assert!(run(&RULE, "framework_version: 2.2.0\n").is_empty());
    }
}
