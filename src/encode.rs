//! Python `json.dumps`-compatible encoding of hyperparameter values (facts §3.1).
//!
//! The SageMaker Python SDK sends every framework-estimator hyperparameter as
//! `json.dumps(value)` with Python's default settings, and the job's name hash and the
//! service's 2500-character value limit both see those exact bytes. [`python_json`]
//! reproduces them:
//!
//! - separators `", "` and `": "`, keys in the order given;
//! - `ensure_ascii`: every character outside `' '..='~'` as `\uXXXX` (lowercase hex,
//!   characters beyond the BMP as a UTF-16 surrogate pair), with the short escapes
//!   `\" \\ \n \r \t \b \f`;
//! - integers as digits, floats as Python's `repr(float)` ([`python_float`]).
//!
//! ```
//! use sagespec::encode::python_json;
//! let value = serde_json::json!({"lr": 1e-05, "layers": [64, 32], "name": "café"});
//! assert_eq!(python_json(&value), r#"{"lr": 1e-05, "layers": [64, 32], "name": "caf\u00e9"}"#);
//! ```

use serde_json::{Number, Value as Json};

/// Python's `repr(float)` switches to exponent form when the decimal exponent is below
/// this (CPython `Python/pystrtod.c`, `format_float_short`, mode `'r'`).
const MIN_POSITIONAL_EXPONENT: i32 = -4;
/// …or at least this.
const MAX_POSITIONAL_EXPONENT: i32 = 16;

/// The text Python's `json.dumps(value)` produces for `value`, byte for byte.
pub fn python_json(value: &Json) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

/// Python's `repr(x)` for a float, as `json.dumps` writes it: the shortest digits that
/// read back as `x`, positional for decimal exponents -4..=15 (always with a fraction,
/// `100.0`), else `d.ddde±XX`; `NaN`, `Infinity` and `-Infinity` as Python spells them.
pub fn python_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    // Rust's `{:e}` gives the shortest round-trip digits, e.g. `-1.5e-7`, `0e0`.
    let scientific = format!("{x:e}");
    let scientific = break_tie_to_even(x, &scientific).unwrap_or(scientific);
    reshape(&scientific).unwrap_or(scientific)
}

/// Enough fraction digits for the exact decimal value of any `f64` (at most 767
/// significant digits, for the smallest subnormals).
const EXACT_DIGITS: usize = 800;

/// Python's shortest repr (David Gay's `dtoa` mode 0) breaks an exact tie between two
/// equally short, equally close digit strings towards an even last digit; Rust's `{:e}`
/// rounds such a tie up (`1658206780088562.25` is `…562.2` in Python, `…562.3` in
/// Rust). Returns the `{:e}`-style text Python would pick, when that differs.
fn break_tie_to_even(x: f64, shortest: &str) -> Option<String> {
    let (mantissa, exponent) = shortest.split_once('e')?;
    let (sign, mantissa) = mantissa.strip_prefix('-').map_or(("", mantissa), |rest| ("-", rest));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exact = format!("{:.*e}", EXACT_DIGITS, x.abs());
    let (exact_mantissa, exact_exponent) = exact.split_once('e')?;
    let exact_digits: String = exact_mantissa.chars().filter(char::is_ascii_digit).collect();
    let exact_digits = exact_digits.trim_end_matches('0');
    // A tie: the exact value is the short candidate plus exactly half a last-digit unit.
    let lower = exact_digits.strip_suffix('5')?;
    if exact_exponent != exponent || lower.len() != digits.len() {
        return None;
    }
    let upper = increment(lower)?;
    let even = [lower.to_owned(), upper]
        .into_iter()
        .find(|candidate| candidate.bytes().last().is_some_and(|d| (d - b'0').is_multiple_of(2)))?;
    if even == digits {
        return None;
    }
    let (first, rest) = even.split_at_checked(1)?;
    let point = if rest.is_empty() { "" } else { "." };
    let text = format!("{sign}{first}{point}{rest}e{exponent}");
    // It must read back as `x` exactly, bit for bit.
    (text.parse::<f64>().ok()?.to_bits() == x.to_bits()).then_some(text)
}

/// The decimal digit string one unit larger, when it keeps its length.
fn increment(digits: &str) -> Option<String> {
    let mut bytes = digits.as_bytes().to_vec();
    for byte in bytes.iter_mut().rev() {
        if *byte == b'9' {
            *byte = b'0';
        } else {
            *byte += 1;
            return String::from_utf8(bytes).ok();
        }
    }
    None
}

/// Rewrites Rust's `{:e}` text (`[-]d[.ddd]e[-]N`) in Python's `repr` layout.
fn reshape(scientific: &str) -> Option<String> {
    let (mantissa, exponent) = scientific.split_once('e')?;
    let exponent: i32 = exponent.parse().ok()?;
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let (first, rest) = digits.split_at_checked(1)?;
    let mut out = String::from(sign);
    if (MIN_POSITIONAL_EXPONENT..MAX_POSITIONAL_EXPONENT).contains(&exponent) {
        // Digits d1 d2 … with the decimal point after `point` of them.
        let point = exponent + 1;
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
            out.push_str(&digits);
        } else if point as usize >= digits.len() {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
            out.push_str(".0");
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            out.push_str(whole);
            out.push('.');
            out.push_str(fraction);
        }
    } else {
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        let magnitude = exponent.unsigned_abs();
        if magnitude < 10 {
            out.push('0');
        }
        out.push_str(&magnitude.to_string());
    }
    Some(out)
}

fn write_value(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Number(number) => out.push_str(&number_text(number)),
        Json::String(text) => write_string(text, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Json::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(key, out);
                out.push_str(": ");
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

/// Integers as digits, whatever their size (Python ints are unbounded, and serde_json
/// keeps an integer's digits with `arbitrary_precision`), everything else as a Python
/// float.
fn number_text(number: &Number) -> String {
    if let Some(i) = number.as_i64() {
        return i.to_string();
    }
    if let Some(u) = number.as_u64() {
        return u.to_string();
    }
    let text = number.to_string();
    let digits = text.strip_prefix('-').unwrap_or(&text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text;
    }
    number.as_f64().map_or(text, python_float)
}

/// A JSON string with `ensure_ascii=True` escaping (CPython `Lib/json/encoder.py`,
/// `py_encode_basestring_ascii`).
fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    push_unicode_escape(*unit, out);
                }
            }
        }
    }
    out.push('"');
}

/// `\uXXXX` with four lowercase hex digits.
fn push_unicode_escape(unit: u16, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((unit >> shift) & 0xf)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Expected strings were produced by CPython 3 `json.dumps(x)`; the inputs are spelled
    /// as Python prints them so the table reads against the oracle.
    #[allow(clippy::unreadable_literal, clippy::approx_constant, reason = "literals copied from Python's output")]
    const FLOATS: &[(f64, &str)] = &[
        (1e-05, "1e-05"),
        (-1e-05, "-1e-05"),
        (1e-07, "1e-07"),
        (1.5e-07, "1.5e-07"),
        (0.0001, "0.0001"),
        (0.00012345, "0.00012345"),
        (0.001, "0.001"),
        (0.1, "0.1"),
        (0.30000000000000004, "0.30000000000000004"),
        (1.0 / 3.0, "0.3333333333333333"),
        (2.5, "2.5"),
        (-2.5, "-2.5"),
        (3.14159, "3.14159"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (100.0, "100.0"),
        (123_456_789.0, "123456789.0"),
        (1e15, "1000000000000000.0"),
        (1_234_567_890_123_456.8, "1234567890123456.8"),
        (9_999_999_999_999_998.0, "9999999999999998.0"),
        (1e16, "1e+16"),
        (12_345_678_901_234_567.0, "1.2345678901234568e+16"),
        (1e21, "1e+21"),
        (1e22, "1e+22"),
        (1e100, "1e+100"),
        (5e-324, "5e-324"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"),
        (1.2345678901234567e-300, "1.2345678901234568e-300"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        // Exact ties between two shortest candidates go to the even digit, as in dtoa.
        (1_658_206_780_088_562.2, "1658206780088562.2"),
        (270_630_042_195_676.62, "270630042195676.62"),
        (-1_006_567_402_717_677.2, "-1006567402717677.2"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ];

    #[test]
    fn floats_match_python_repr() {
        let wrong: Vec<String> = FLOATS
            .iter()
            .filter(|(x, want)| python_float(*x) != *want)
            .map(|(x, want)| format!("{x:?}: got {}, want {want}", python_float(*x)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn float_numbers_in_values_use_python_repr() {
        assert_eq!(python_json(&json!(1e-05)), "1e-05");
        assert_eq!(python_json(&json!(100.0)), "100.0");
        assert_eq!(python_json(&json!([1.0e21, -0.0])), "[1e+21, -0.0]");
    }

    #[test]
    fn integers_print_as_digits() {
        assert_eq!(python_json(&json!(0)), "0");
        assert_eq!(python_json(&json!(-1)), "-1");
        assert_eq!(python_json(&json!(i64::MAX)), "9223372036854775807");
        assert_eq!(python_json(&json!(i64::MIN)), "-9223372036854775808");
        assert_eq!(python_json(&json!(u64::MAX)), "18446744073709551615");
    }

    /// CPython: `json.dumps([2**63, -(2**63) - 1, 10**30, {"k": -(10**40)}])`.
    #[test]
    fn integers_beyond_64_bits_keep_every_digit() {
        let value: Json =
            serde_json::from_str(r#"[9223372036854775808, -9223372036854775809, 1000000000000000000000000000000, {"k": -10000000000000000000000000000000000000000}]"#)
                .expect("JSON");
        assert_eq!(
            python_json(&value),
            r#"[9223372036854775808, -9223372036854775809, 1000000000000000000000000000000, {"k": -10000000000000000000000000000000000000000}]"#
        );
        // A float stays a float, however large: `json.dumps(1e30)`, `json.dumps(1.0e19)`.
        let floats: Json = serde_json::from_str("[1e30, 1.0e19]").expect("JSON");
        assert_eq!(python_json(&floats), "[1e+30, 1e+19]");
    }

    #[test]
    fn strings_are_escaped_as_ensure_ascii() {
        let cases = [
            ("say \"hi\"", r#""say \"hi\"""#),
            ("back\\slash", r#""back\\slash""#),
            ("ctl\u{0}\u{1}\u{1f}\u{7f}\u{8}\u{c}\n\r\t/", r#""ctl\u0000\u0001\u001f\u007f\b\f\n\r\t/""#),
            ("café", r#""caf\u00e9""#),
            ("😀", r#""\ud83d\ude00""#),
            ("日本", r#""\u65e5\u672c""#),
            ("\u{2028}", r#""\u2028""#),
            ("", r#""""#),
        ];
        for (text, want) in cases {
            assert_eq!(python_json(&json!(text)), want, "{text:?}");
        }
    }

    #[test]
    fn containers_use_python_separators_and_keep_key_order() {
        let value = json!({"a": [1, 2.5, "x", null, true, false, {}, []], "é": {"k": "v"}});
        assert_eq!(python_json(&value), r#"{"a": [1, 2.5, "x", null, true, false, {}, []], "\u00e9": {"k": "v"}}"#);
        assert_eq!(python_json(&json!({"z": 1, "a": 2})), r#"{"z": 1, "a": 2}"#);
        assert_eq!(python_json(&json!([[]])), "[[]]");
    }

    /// The recorded SDK request for `tests/conformance/cases/hyperparameters_types`: every
    /// user hyperparameter, read from the manifest, encodes to the value the SDK sent.
    #[test]
    fn conformance_hyperparameters_types() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases/hyperparameters_types");
        let text = std::fs::read_to_string(dir.join("manifest.yaml")).expect("case manifest");
        let expect: Json =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expect.json")).expect("case expect"))
                .expect("json");
        let document = crate::source::parse(&text, crate::source::Format::Yaml).expect("parses");
        let hyperparameters = document.to_json()["hyperparameters"].clone();
        let user = hyperparameters.as_object().expect("a map");
        assert_eq!(user.len(), 12);
        for (key, value) in user {
            assert_eq!(
                Some(python_json(value).as_str()),
                expect["request"]["HyperParameters"][key].as_str(),
                "hyperparameter {key}"
            );
        }
    }
}
