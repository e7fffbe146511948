//! Integers as written, of any size: both readers turn an integer's digits into a
//! [`Value`] here.
//!
//! One that fits `i64` is a [`Value::Int`]; a larger one is a [`Value::BigInt`] holding its
//! exact decimal digits, because Python has no integer limit and the SageMaker Python SDK
//! sends a hyperparameter such as `2**63` or `10**30` as `json.dumps` writes it: all its
//! digits (`9223372036854775808`), never a float (`9.223372036854776e+18`). The JSON the
//! schema and the typed manifest read keeps those digits (serde_json's
//! `arbitrary_precision`), so they reach the request unchanged.

use std::fmt::Write as _;

use super::Value;

/// The integer `digits` (in `radix`, at least one digit, no sign, no separators) denote,
/// negated when `negative`. `None` when a character is not a digit of `radix`.
pub fn integer(negative: bool, digits: &str, radix: u32) -> Option<Value> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let parsed =
        if negative { i64::from_str_radix(&format!("-{digits}"), radix) } else { i64::from_str_radix(digits, radix) };
    if let Ok(v) = parsed {
        return Some(Value::Int(v));
    }
    let magnitude = decimal_digits(digits, radix);
    Some(Value::BigInt(if negative { format!("-{magnitude}") } else { magnitude }))
}

/// The decimal digits of the non-negative integer written as `digits` in `radix`, without
/// leading zeros (`"0"` for zero). `digits` holds only digits of `radix`.
fn decimal_digits(digits: &str, radix: u32) -> String {
    // Little-endian base-10^9 limbs, multiplied by `radix` and added to, digit by digit.
    const LIMB: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![0];
    for d in digits.chars().filter_map(|c| c.to_digit(radix)) {
        let mut carry = u64::from(d);
        for limb in &mut limbs {
            let v = *limb * u64::from(radix) + carry;
            *limb = v % LIMB;
            carry = v / LIMB;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut out = limbs.last().map(ToString::to_string).unwrap_or_default();
    for limb in limbs.iter().rev().skip(1) {
        // Writing to a String cannot fail.
        let _ = write!(out, "{limb:09}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unnecessary_wraps, reason = "compared with `integer`'s result")]
    fn big(text: &str) -> Option<Value> {
        Some(Value::BigInt(text.to_owned()))
    }

    #[test]
    fn integers_that_fit_i64_stay_int() {
        assert_eq!(integer(false, "9223372036854775807", 10), Some(Value::Int(i64::MAX)));
        assert_eq!(integer(true, "9223372036854775808", 10), Some(Value::Int(i64::MIN)));
        assert_eq!(integer(false, "017", 10), Some(Value::Int(17)));
        assert_eq!(integer(false, "ff", 16), Some(Value::Int(255)));
    }

    #[test]
    fn larger_ones_keep_every_digit() {
        // Python: str(2**63), str(-(2**63) - 1), str(10**30), int("000" + str(2**64)).
        assert_eq!(integer(false, "9223372036854775808", 10), big("9223372036854775808"));
        assert_eq!(integer(true, "9223372036854775809", 10), big("-9223372036854775809"));
        assert_eq!(integer(false, "1000000000000000000000000000000", 10), big("1000000000000000000000000000000"));
        assert_eq!(integer(false, "00018446744073709551616", 10), big("18446744073709551616"));
    }

    #[test]
    fn other_radixes_become_decimal() {
        // Python: int("10000000000000000", 16) == 2**64; int("1" + "0" * 64, 2) == 2**64;
        // int("7" * 30, 8) == 8**30 - 1.
        assert_eq!(integer(false, "10000000000000000", 16), big("18446744073709551616"));
        assert_eq!(integer(false, &format!("1{}", "0".repeat(64)), 2), big("18446744073709551616"));
        assert_eq!(integer(false, &"7".repeat(30), 8), big("1237940039285380274899124223"));
    }

    #[test]
    fn non_digits_are_not_integers() {
        assert_eq!(integer(false, "", 10), None);
        assert_eq!(integer(false, "12a", 10), None);
        assert_eq!(integer(false, "8", 8), None);
    }
}
