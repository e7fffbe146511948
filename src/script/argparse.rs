//! What argparse does with an option on the command line, for a parser whose options are
//! known (CPython's `argparse.ArgumentParser._parse_optional` and `_get_option_tuples`):
//! an exact option string is taken; otherwise, unless `allow_abbrev=False`, a unique
//! prefix of one long option is taken as that option, and a prefix of several is an
//! "ambiguous option" error; anything else is an "unrecognized arguments" error once
//! `parse_args()` returns.

use super::python::ArgParser;

/// How a parser takes one `--name` option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Taken<'a> {
    /// Declared as written.
    Declared,
    /// Taken as the one long option it abbreviates.
    Abbreviates(&'a str),
    /// A prefix of several long options: argparse exits with "ambiguous option".
    Ambiguous(Vec<&'a str>),
    /// Not declared: `parse_args()` exits with "unrecognized arguments".
    Unrecognised,
}

impl ArgParser {
    /// How the parser takes `option` (`--epochs`).
    pub fn takes(&self, option: &str) -> Taken<'_> {
        if self.options.iter().any(|o| o == option) {
            return Taken::Declared;
        }
        // `--name=value` is split at `=`, but SageMaker passes `--name value`: a name with
        // `=` is not abbreviation material.
        if !self.allow_abbrev || !option.starts_with("--") || option.contains('=') {
            return Taken::Unrecognised;
        }
        let mut matches: Vec<&str> =
            self.options.iter().filter(|o| o.starts_with("--") && o.starts_with(option)).map(String::as_str).collect();
        matches.dedup();
        match matches.as_slice() {
            [] => Taken::Unrecognised,
            [one] => Taken::Abbreviates(one),
            _ => Taken::Ambiguous(matches),
        }
    }

    /// Its long options without the leading dashes, for "did you mean".
    pub fn long_names(&self) -> impl Iterator<Item = &str> {
        self.options.iter().filter_map(|o| o.strip_prefix("--"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parser(options: &[&str], allow_abbrev: bool) -> ArgParser {
        ArgParser {
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            allow_abbrev,
            known: true,
            strict_parses: Vec::new(),
        }
    }

    #[test]
    fn exact_abbreviated_ambiguous_and_unrecognised_options() {
        let p = parser(&["--epochs", "-e", "--learning_rate", "--learning_decay", "--lr"], true);
        assert_eq!(p.takes("--epochs"), Taken::Declared);
        assert_eq!(p.takes("--lr"), Taken::Declared);
        assert_eq!(p.takes("--ep"), Taken::Abbreviates("--epochs"));
        assert_eq!(p.takes("--learning"), Taken::Ambiguous(vec!["--learning_rate", "--learning_decay"]));
        assert_eq!(p.takes("--batch_size"), Taken::Unrecognised);
        assert_eq!(p.takes("--learning-rate"), Taken::Unrecognised);
        let strict = parser(&["--epochs"], false);
        assert_eq!(strict.takes("--ep"), Taken::Unrecognised);
    }
}
