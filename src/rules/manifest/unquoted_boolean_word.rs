//! `sagespec::manifest::unquoted-boolean-word`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::source::document::push_token;
use crate::source::{Node, Value};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::manifest::unquoted-boolean-word",
    summary: "an unquoted `yes`, `no`, `on`, `off`, `y` or `n`, a boolean to YAML 1.1 readers",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "a YAML value or key written as a bare `yes`, `no`, `on`, `off`, `y` or `n` (in any spelling YAML 1.1 \
               accepts: `NO`, `Yes`, `ON`, …).",
        why: "sagespec reads YAML 1.2, as yaml-language-server does, so these words are strings: `country: NO` is the \
              text \"NO\". YAML 1.1 readers (PyYAML among them) read the same words as booleans, so the file means one \
              thing to sagespec and the editor and another to a script that loads it with an older library; and as \
              keys, `y:` and `on:` are both `true` there, one silently replacing the other. Quoting the word, or \
              writing `true`/`false`, means the same everywhere. TOML has no unquoted words, so TOML manifests never \
              raise this.",
        example: r#"```yaml
environment:
  COUNTRY: NO           # warning: write COUNTRY: "NO" (or false, if a boolean is meant)
```"#,
    },
    check,
};

/// The words YAML 1.1 reads as booleans and YAML 1.2's core schema reads as strings, with
/// the boolean YAML 1.1 gives them (YAML 1.1 bool type, <https://yaml.org/type/bool.html>;
/// its `true`/`false` spellings are booleans in both and are not listed).
const YAML11_BOOLEAN_WORDS: &[(&str, bool)] = &[
    ("y", true),
    ("Y", true),
    ("yes", true),
    ("Yes", true),
    ("YES", true),
    ("on", true),
    ("On", true),
    ("ON", true),
    ("n", false),
    ("N", false),
    ("no", false),
    ("No", false),
    ("NO", false),
    ("off", false),
    ("Off", false),
    ("OFF", false),
];

/// The boolean YAML 1.1 reads `word` as, if it is one of [`YAML11_BOOLEAN_WORDS`].
fn yaml11_boolean(word: &str) -> Option<bool> {
    YAML11_BOOLEAN_WORDS.iter().find(|(w, _)| *w == word).map(|(_, b)| *b)
}

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    walk(&cx.document.root, "", None, out);
}

/// Visits `node` (at `pointer`, named by `key` in its mapping) and everything under it.
fn walk(node: &Node, pointer: &str, key: Option<&str>, out: &mut Vec<Finding>) {
    match &node.value {
        Value::String(word) if node.plain => {
            if let Some(boolean) = yaml11_boolean(word) {
                let (message, quoted) = match key {
                    Some(key) => (format!("`{key}: {word}` is the string \"{word}\""), format!("{key}: \"{word}\"")),
                    None => (format!("`{word}` is the string \"{word}\""), format!("\"{word}\"")),
                };
                out.push(
                    Finding::warning(
                        RULE.code,
                        format!("{message}; YAML 1.1 readers take it as the boolean {boolean}"),
                    )
                    .at(pointer)
                    .with_label(format!("the string \"{word}\""))
                    .with_help(format!(
                        "quote it (`{quoted}`) if you mean the text, or write `{boolean}` if you mean the boolean"
                    )),
                );
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &push_token(pointer, &i.to_string()), None, out);
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                let child = push_token(pointer, &entry.key);
                if entry.key_plain
                    && let Some(boolean) = yaml11_boolean(&entry.key)
                {
                    let key = &entry.key;
                    out.push(
                        Finding::warning(
                            RULE.code,
                            format!("the key `{key}` is the string \"{key}\"; YAML 1.1 readers take it as the boolean {boolean}"),
                        )
                        .at_key(child.as_str())
                        .with_label(format!("the key \"{key}\""))
                        .with_help(format!("quote it: `\"{key}\":`")),
                    );
                }
                walk(&entry.value, &child, Some(&entry.key), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{run, run_as};
    use crate::source::Format;

    #[test]
    fn warns_at_an_unquoted_word_and_names_its_key() {
        let found = run(&RULE, "environment:\n  COUNTRY: NO\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/environment/COUNTRY");
        assert!(!found[0].is_error());
        assert_eq!(
            found[0].message,
            "`COUNTRY: NO` is the string \"NO\"; YAML 1.1 readers take it as the boolean false"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("quote it (`COUNTRY: \"NO\"`) if you mean the text, or write `false` if you mean the boolean")
        );
    }

    #[test]
    fn every_spelling_yaml_11_accepts_is_caught_in_lists_too() {
        let words: Vec<&str> = YAML11_BOOLEAN_WORDS.iter().map(|(w, _)| *w).collect();
        let found = run(&RULE, &format!("tags: [{}]\n", words.join(", ")));
        assert_eq!(found.len(), words.len());
        assert_eq!(found[0].pointer, "/tags/0");
        assert_eq!(found[0].message, "`y` is the string \"y\"; YAML 1.1 readers take it as the boolean true");
    }

    #[test]
    fn warns_at_an_unquoted_key() {
        let found = run(&RULE, "hyperparameters:\n  on: 1\n  \"off\": 2\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/hyperparameters/on");
        assert_eq!(found[0].target, crate::diagnostic::Target::Key);
        assert_eq!(found[0].help.as_deref(), Some("quote it: `\"on\":`"));
    }

    #[test]
    fn the_warning_never_hides_the_schema_error_at_the_same_value() {
        let text = "enable_network_isolation: on\n";
        assert_eq!(run(&RULE, text).len(), 1);
        let schema = crate::rules::testing::findings_with_code(text, "sagespec::schema::invalid-type", None);
        assert_eq!(schema.len(), 1, "{schema:?}");
        assert_eq!(schema[0].pointer, "/enable_network_isolation");
    }

    #[test]
    fn accepts_quoted_words_booleans_other_spellings_and_toml() {
        let text = "a: \"no\"\nb: 'yes'\nc: true\nd: False\ne: !!str on\nf: |-\n  off\ng: yEs\nh: nope\n";
        assert!(run(&RULE, text).is_empty(), "{:?}", run(&RULE, text));
        assert!(run_as(&RULE, "a = \"NO\"\nb = true\n", Format::Toml).is_empty());
    }
}
