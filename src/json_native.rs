//! A `serde_json::Value` for serializers other than serde_json's (YAML, TOML).
//!
//! sagespec keeps integers beyond 64 bits exact, so serde_json runs with
//! `arbitrary_precision`. Its numbers then serialize as a private one-entry map
//! (`{"$serde_json::private::Number": "1"}`) through any other serializer. [`Native`]
//! writes them as the serializer's own integers and floats instead: `i64`, `u64`, then
//! `i128` / `u128`, then `f64` for what only a float can hold.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Number, Value as Json};

/// `value`, serialized with native numbers.
#[derive(Clone, Copy, Debug)]
pub struct Native<'a>(pub &'a Json);

impl Serialize for Native<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(number) => number_native(number, serializer),
            Json::String(text) => serializer.serialize_str(text),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Native(item))?;
                }
                seq.end()
            }
            Json::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, item) in map {
                    out.serialize_entry(key, &Native(item))?;
                }
                out.end()
            }
        }
    }
}

fn number_native<S: Serializer>(number: &Number, serializer: S) -> Result<S::Ok, S::Error> {
    if let Some(n) = number.as_i64() {
        return serializer.serialize_i64(n);
    }
    if let Some(n) = number.as_u64() {
        return serializer.serialize_u64(n);
    }
    let text = number.to_string();
    if let Ok(n) = text.parse::<i128>() {
        return serializer.serialize_i128(n);
    }
    if let Ok(n) = text.parse::<u128>() {
        return serializer.serialize_u128(n);
    }
    serializer.serialize_f64(number.as_f64().unwrap_or(f64::NAN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_out_native_in_toml() {
        let value: Json =
            serde_json::from_str(r#"{"a": 1, "b": -2, "c": 0.5, "d": {"e": [18446744073709551615]}}"#).expect("json");
        let text = toml::to_string(&Native(&value)).expect("toml");
        assert!(text.contains("a = 1\n") && text.contains("b = -2\n") && text.contains("c = 0.5\n"), "{text}");
        assert!(!text.contains("serde_json"), "{text}");
    }
}
