//! Job identity (`design/manifest.md` §3): a manifest with `name` compiles to a job named
//! `<name>-<12 lowercase hex>`, the hex being the start of a sha256 over everything that
//! defines the job.
//!
//! The name appears inside the request too (`TrainingJobName`, the `sagemaker_job_name`
//! hyperparameter, TensorFlow's default `model_dir`), so the hash cannot cover the final
//! request. It covers a name-independent form instead:
//!
//! 1. lower the job as if it were named exactly `name` (the *provisional* request);
//! 2. drop `TrainingJobName` and write the rest as canonical JSON: object keys sorted by
//!    code point, no whitespace, arrays in order, strings and numbers as `serde_json`
//!    writes them;
//! 3. sha256 of `sagespec/job-identity/v1\n`, that text, `\n`, and the code tarball's
//!    sha256 in hex (or `-` when `source_dir` is an S3 URI, which is in the request).
//!
//! The code's hash is in the request already (the content-addressed key in
//! `sagemaker_submit_directory` or the code channel); step 3 names it explicitly so the
//! identity never depends on the key layout. Same manifest and code give the same name on
//! any machine (nothing machine-specific enters: paths, times and owners are not in the
//! tarball); any change to the request or the code gives a new one. With `job_name` the
//! name is used verbatim and the same hash is still computed ([`content_hash`]), for
//! `plan` to compare.
//!
//! This replaces the SDK's `<base>-<UTC timestamp>` names on purpose: a timestamp makes
//! every run a new job, so `apply` could never tell that a job already exists.

use serde_json::Value as Json;
use sha2::{Digest, Sha256};

/// Domain string hashed first; bump the version if the hashed form ever changes.
pub const IDENTITY_DOMAIN: &str = "sagespec/job-identity/v1";
/// Hex digits of the hash appended to `name`.
pub const NAME_HASH_LEN: usize = 12;
/// Stand-in for the code hash when the code is an S3 URI given by the user.
const NO_PACKAGE: &str = "-";
/// The request member that holds the job name.
const NAME_MEMBER: &str = "TrainingJobName";

/// Full sha256 (hex) of a provisional request (as JSON) and the code tarball's hash.
pub fn content_hash(provisional_request: &Json, code_sha256: Option<&str>) -> String {
    content_hash_named(provisional_request, NAME_MEMBER, code_sha256)
}

/// [`content_hash`] of a request whose own name is the top-level member `name_member`
/// (`HyperParameterTuningJobName` for a tuning job), which the hash leaves out.
pub fn content_hash_named(provisional_request: &Json, name_member: &str, code_sha256: Option<&str>) -> String {
    let mut request = provisional_request.clone();
    if let Json::Object(map) = &mut request {
        map.shift_remove(name_member);
    }
    let mut hasher = Sha256::new();
    hasher.update(IDENTITY_DOMAIN.as_bytes());
    hasher.update(b"\n");
    hasher.update(canonical_json(&request).as_bytes());
    hasher.update(b"\n");
    hasher.update(code_sha256.unwrap_or(NO_PACKAGE).as_bytes());
    hex::encode(hasher.finalize())
}

/// `<base>-<first 12 hex digits of hash>`.
pub fn hashed_name(base: &str, content_hash: &str) -> String {
    let short = content_hash.get(..NAME_HASH_LEN).unwrap_or(content_hash);
    format!("{base}-{short}")
}

/// JSON with object keys sorted (by code point) at every level and no whitespace.
pub fn canonical_json(value: &Json) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Json, out: &mut String) {
    match value {
        Json::Object(map) => {
            let mut entries: Vec<(&String, &Json)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Json::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_form_sorts_keys_at_every_level() {
        let value = json!({"b": [{"y": 1, "x": "é"}], "a": null});
        assert_eq!(canonical_json(&value), r#"{"a":null,"b":[{"x":"é","y":1}]}"#);
    }

    #[test]
    fn the_name_member_and_key_order_do_not_change_the_hash_but_values_do() {
        let one = json!({"TrainingJobName": "a", "RoleArn": "r", "X": {"p": 1, "q": 2}});
        let two = json!({"X": {"q": 2, "p": 1}, "RoleArn": "r", "TrainingJobName": "b"});
        assert_eq!(content_hash(&one, Some("c")), content_hash(&two, Some("c")));
        assert_ne!(content_hash(&one, Some("c")), content_hash(&one, Some("d")));
        assert_ne!(content_hash(&one, None), content_hash(&json!({"RoleArn": "s"}), None));
    }

    #[test]
    fn names_take_twelve_hex_digits() {
        assert_eq!(hashed_name("bert", "0123456789abcdef"), "bert-0123456789ab");
    }
}
