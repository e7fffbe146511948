//! How a plain YAML scalar becomes a value: YAML 1.2's core schema, the schema
//! yaml-language-server (the editor) reads manifests with.
//!
//! Source: YAML 1.2.2, §10.3.2 "Tag Resolution" of the core schema
//! (<https://yaml.org/spec/1.2.2/#1032-tag-resolution>). A plain scalar (no quotes, no
//! block indicator, no tag) is matched against [`CORE_SCHEMA`] in order; the first row
//! whose pattern matches the whole text gives its type, and text no row matches is a
//! string. So `yes`, `no`, `on`, `off`, `y` and `n` are strings (they were booleans only
//! in YAML 1.1), `017` is the integer 17 (YAML 1.1's octal and serde-saphyr's float are
//! both gone), and `1_000` or `0b101` are strings.
//!
//! Quoted, block and explicitly tagged scalars never come here: quotes and block
//! indicators always mean a string, and a tag (`!!str 017`) names its type itself.
//!
//! Two sagespec choices sit on top of the table:
//! - an integer beyond `i64` keeps all its digits ([`super::integer`]), as a Python
//!   integer would;
//! - `.inf` and `.nan` never get this far: the reader rejects non-finite floats, because
//!   JSON (and so the schema and the API) has no infinity or NaN.

use super::Value;
use super::integer::integer;

/// One row of the core schema's resolution table.
#[derive(Clone, Copy, Debug)]
pub struct Resolution {
    /// The YAML tag the row resolves to (`null`, `bool`, `int`, `float`).
    pub tag: &'static str,
    /// The spec's regular expression, matched against the whole scalar.
    pub pattern: &'static str,
    /// Reads the text when it matches `pattern` (and only then).
    read: fn(&str) -> Option<Value>,
}

/// The core schema, in the spec's order (YAML 1.2.2 §10.3.2). A test checks each row's
/// reader against its pattern, compiled as a regular expression.
pub const CORE_SCHEMA: &[Resolution] = &[
    Resolution { tag: "null", pattern: r"null|Null|NULL|~|", read: null },
    Resolution { tag: "bool", pattern: r"true|True|TRUE|false|False|FALSE", read: boolean },
    Resolution { tag: "int", pattern: r"[-+]?[0-9]+", read: decimal },
    Resolution { tag: "int", pattern: r"0o[0-7]+", read: octal },
    Resolution { tag: "int", pattern: r"0x[0-9a-fA-F]+", read: hexadecimal },
    Resolution { tag: "float", pattern: r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", read: float },
    Resolution { tag: "float", pattern: r"[-+]?\.(inf|Inf|INF)", read: infinity },
    Resolution { tag: "float", pattern: r"\.nan|\.NaN|\.NAN", read: nan },
];

/// The value a plain scalar's text denotes, or `None` when it is a string.
pub fn resolve(text: &str) -> Option<Value> {
    CORE_SCHEMA.iter().find_map(|row| (row.read)(text))
}

/// The core schema's tag for a plain scalar's text (`str` when no row matches).
pub fn tag_of(text: &str) -> &'static str {
    CORE_SCHEMA.iter().find(|row| (row.read)(text).is_some()).map_or("str", |row| row.tag)
}

fn null(text: &str) -> Option<Value> {
    matches!(text, "null" | "Null" | "NULL" | "~" | "").then_some(Value::Null)
}

fn boolean(text: &str) -> Option<Value> {
    match text {
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// `text` without one leading `+` or `-`, and whether it was `-`.
fn unsigned(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

fn is_digits(text: &str, radix: u32) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_digit(radix))
}

fn decimal(text: &str) -> Option<Value> {
    let (negative, digits) = unsigned(text);
    integer(negative, digits, 10)
}

fn octal(text: &str) -> Option<Value> {
    integer(false, text.strip_prefix("0o")?, 8)
}

fn hexadecimal(text: &str) -> Option<Value> {
    integer(false, text.strip_prefix("0x")?, 16)
}

fn float(text: &str) -> Option<Value> {
    let (_, body) = unsigned(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => is_digits(fraction, 10),
        Some((whole, fraction)) => is_digits(whole, 10) && (fraction.is_empty() || is_digits(fraction, 10)),
        None => is_digits(mantissa, 10),
    };
    let exponent_ok = exponent.is_none_or(|e| is_digits(unsigned(e).1, 10));
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    // Every text the pattern admits is in Rust's float grammar.
    text.parse().ok().map(Value::Float)
}

fn infinity(text: &str) -> Option<Value> {
    let (negative, body) = unsigned(text);
    matches!(body, ".inf" | ".Inf" | ".INF").then_some(Value::Float(if negative {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    }))
}

fn nan(text: &str) -> Option<Value> {
    matches!(text, ".nan" | ".NaN" | ".NAN").then_some(Value::Float(f64::NAN))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spellings around every row's edges, and YAML 1.1 forms the core schema drops.
    #[rustfmt::skip]
    const SAMPLES: &[&str] = &[
        "", "~", "null", "Null", "NULL", "nULL", "none", "true", "True", "TRUE", "tRUE", "false", "FALSE", "yes",
        "no", "on", "off", "y", "n", "Y", "N", "YES", "No", "0", "7", "017", "-017", "+017", "+", "-", "12a",
        "1_000", "0b101", "0o17", "0o18", "0O17", "-0o17", "0x1F", "0X1F", "0xg", "+0x1F", "0x", "0o", "1.", ".5",
        "1.5", "-1.5", "+.5", ".", "1e3", "1E+3", "1e-3", "1.e3", ".5e3", "e3", "1e", "1.5.5", "1,5", ".inf",
        "-.inf", "+.Inf", ".INF", ".iNF", "inf", "infinity", ".nan", ".NaN", ".NAN", "-.nan", "nan", "NaN",
        "99999999999999999999", "-99999999999999999999", "0xFFFFFFFFFFFFFFFFFF", "1:20", "2024-01-01", "ml.m5.xlarge",
        " 1", "1 ",
    ];

    #[test]
    fn every_reader_matches_exactly_what_its_pattern_matches() {
        for row in CORE_SCHEMA {
            let pattern = regex::Regex::new(&format!("^(?:{})$", row.pattern)).expect("the spec's pattern compiles");
            for sample in SAMPLES {
                assert_eq!(
                    (row.read)(sample).is_some(),
                    pattern.is_match(sample),
                    "{} row `{}` on {sample:?}",
                    row.tag,
                    row.pattern
                );
            }
        }
    }

    #[test]
    fn yaml_11_words_are_strings_and_leading_zeros_are_decimal() {
        for word in ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "Y", "N"] {
            assert_eq!(resolve(word), None, "{word}");
            assert_eq!(tag_of(word), "str");
        }
        assert_eq!(resolve("017"), Some(Value::Int(17)));
        assert_eq!(resolve("-017"), Some(Value::Int(-17)));
        assert_eq!(resolve("0o17"), Some(Value::Int(15)));
        assert_eq!(resolve("0x1F"), Some(Value::Int(31)));
        assert_eq!(resolve("1_000"), None);
        assert_eq!(resolve("0b101"), None);
    }

    #[test]
    fn the_first_matching_row_wins() {
        assert_eq!(resolve(""), Some(Value::Null));
        assert_eq!(resolve("TRUE"), Some(Value::Bool(true)));
        assert_eq!(resolve("7"), Some(Value::Int(7)));
        assert_eq!(tag_of("7"), "int");
        assert_eq!(resolve("7."), Some(Value::Float(7.0)));
        assert_eq!(resolve("1.e3"), Some(Value::Float(1000.0)));
        assert_eq!(resolve("-.inf"), Some(Value::Float(f64::NEG_INFINITY)));
        assert!(matches!(resolve(".NaN"), Some(Value::Float(f)) if f.is_nan()));
    }

    #[test]
    fn integers_beyond_i64_keep_their_digits() {
        assert_eq!(resolve("9223372036854775807"), Some(Value::Int(i64::MAX)));
        assert_eq!(resolve("-9223372036854775808"), Some(Value::Int(i64::MIN)));
        assert_eq!(resolve("99999999999999999999"), Some(Value::BigInt("99999999999999999999".into())));
        assert_eq!(resolve("-99999999999999999999"), Some(Value::BigInt("-99999999999999999999".into())));
        assert_eq!(resolve("0x10000000000000000"), Some(Value::BigInt("18446744073709551616".into())));
        assert_eq!(tag_of("99999999999999999999"), "int");
    }
}
