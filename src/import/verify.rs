//! An imported manifest, proven: written as YAML, read back and checked by the same code
//! as `sagespec validate`, compiled by the same code as `sagespec compile`, and compared
//! with the job's request ([`settle`]). Then each key of [`super::fields::DEFAULTED`] is
//! left out when the request stays the same without it.
//!
//! Requests are compared as the conformance suite compares them
//! (`tests/conformance/README.md`): maps as maps (DescribeTrainingJob's maps have no
//! order), `DebugHookConfig.CollectionConfigurations` as a set (the SDK builds it from
//! one).

use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use crate::check::check_text;
use crate::diagnostic::Severity;
use crate::facts::channels::CODE_CHANNEL;
use crate::kinds::training_job::{CompileOptions, compile};
use crate::source::Format;
use crate::spec::Manifest;

use super::fields::DEFAULTED;
use super::{ImportError, remove};

/// A manifest that compiles to the job's request.
#[derive(Clone, Debug, PartialEq)]
pub struct Settled {
    /// The manifest.
    pub manifest: Map<String, Json>,
    /// As YAML.
    pub yaml: String,
    /// The request it compiles to.
    pub request: Json,
    /// Error findings of `validate` (`code: message`).
    pub findings: Vec<String>,
}

/// A compiled manifest text.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledText {
    /// The request.
    pub request: Json,
    /// Error findings of `validate` (`code: message`).
    pub findings: Vec<String>,
}

/// Verifies `manifest` against `target` (the job's request), then trims it.
pub fn settle(manifest: Map<String, Json>, target: &Json, header: &str) -> Result<Settled, ImportError> {
    // The S3 `source_dir` resolves against nothing local.
    let base_dir = Path::new(".");
    let yaml = emit(&manifest, header)?;
    let compiled = compile_text(&yaml, base_dir)?;
    let mismatches = differences(target, &compiled.request);
    if !mismatches.is_empty() {
        return Err(ImportError::Mismatch(mismatches));
    }
    let mut settled = Settled { manifest, yaml, request: compiled.request, findings: compiled.findings };
    for pointer in DEFAULTED {
        let mut trimmed = Json::Object(settled.manifest.clone());
        if trimmed.pointer(pointer).is_none() {
            continue;
        }
        remove(&mut trimmed, pointer);
        drop_empty_parent(&mut trimmed, pointer);
        let Json::Object(trimmed) = trimmed else { continue };
        let Ok(yaml) = emit(&trimmed, header) else { continue };
        let Ok(compiled) = compile_text(&yaml, base_dir) else { continue };
        if differences(target, &compiled.request).is_empty() && compiled.findings.len() <= settled.findings.len() {
            settled = Settled { manifest: trimmed, yaml, request: compiled.request, findings: compiled.findings };
        }
    }
    Ok(settled)
}

/// Removes the mapping holding `pointer` when removing it left the mapping empty.
fn drop_empty_parent(value: &mut Json, pointer: &str) {
    if let Some((parent, _)) = pointer.rsplit_once('/')
        && !parent.is_empty()
        && value.pointer(parent).and_then(Json::as_object).is_some_and(Map::is_empty)
    {
        remove(value, parent);
    }
}

/// The manifest as YAML (serde-saphyr, which quotes every string YAML would read as
/// another type, e.g. `"1.10"`, `"yes"`), after `header`. Long strings (S3 URIs) stay on
/// one line, and strings with line breaks are quoted, rather than written as block
/// scalars.
pub fn emit(manifest: &Map<String, Json>, header: &str) -> Result<String, ImportError> {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.prefer_block_scalars = false;
    let manifest = Json::Object(manifest.clone());
    let body = serde_saphyr::to_string_with_options(&crate::json_native::Native(&manifest), options)
        .map_err(|error| ImportError::Compile(format!("cannot write YAML: {error}")))?;
    Ok(format!("{header}{body}"))
}

/// Checks and compiles manifest text as `sagespec compile` would, with local paths
/// relative to `base_dir`.
pub fn compile_text(text: &str, base_dir: &Path) -> Result<CompiledText, ImportError> {
    let checked = check_text("imported.yaml", Arc::from(text), Format::Yaml, Some(base_dir));
    let findings: Vec<String> = checked
        .report
        .findings
        .iter()
        .filter(|f| f.finding.severity == Severity::Error)
        .map(|f| format!("{}: {}", f.finding.code, f.finding.message))
        .collect();
    let manifest = checked.manifest_as::<Manifest>().ok_or_else(|| {
        ImportError::Compile(if findings.is_empty() {
            "not a TrainingJob manifest".into()
        } else {
            findings.join("; ")
        })
    })?;
    let compiled = compile(manifest, base_dir, &CompileOptions::default())
        .map_err(|error| ImportError::Compile(error.to_string()))?;
    Ok(CompiledText { request: compiled.request, findings })
}

/// Where `actual` differs from `expected`, as `Field: expected X, got Y` lines.
pub fn differences(expected: &Json, actual: &Json) -> Vec<String> {
    let mut out = Vec::new();
    walk(&comparable(expected), &comparable(actual), "", &mut out);
    out
}

/// `request` with its content-addressed fields (the code tarball's URI in
/// `sagemaker_submit_directory`, and the `code` channel's `S3Uri` under network isolation)
/// replaced by one placeholder each, when they name an `s3://…tar.gz`: the fields that may
/// differ once `source_dir` is local and the code is packed again.
pub fn without_code_key(request: &Json) -> Json {
    const PLACEHOLDER: &str = "<content-addressed code tarball>";
    let tarball = |uri: &str| uri.starts_with("s3://") && uri.ends_with(".tar.gz");
    let mut request = request.clone();
    if let Some(submit) = request.pointer_mut("/HyperParameters/sagemaker_submit_directory") {
        let decoded: Option<String> = submit.as_str().and_then(|s| serde_json::from_str(s).ok());
        if decoded.as_deref().is_some_and(tarball) {
            *submit = Json::String(PLACEHOLDER.into());
        }
    }
    let isolated = request.get("EnableNetworkIsolation") == Some(&Json::Bool(true));
    for channel in request.get_mut("InputDataConfig").and_then(Json::as_array_mut).into_iter().flatten() {
        if isolated
            && channel.get("ChannelName").and_then(Json::as_str) == Some(CODE_CHANNEL)
            && let Some(uri) = channel.pointer_mut("/DataSource/S3DataSource/S3Uri")
            && uri.as_str().is_some_and(tarball)
        {
            *uri = Json::String(PLACEHOLDER.into());
        }
    }
    request
}

fn comparable(request: &Json) -> Json {
    let mut request = request.clone();
    if let Some(Json::Array(collections)) = request.pointer_mut("/DebugHookConfig/CollectionConfigurations") {
        collections.sort_by_key(ToString::to_string);
    }
    request
}

fn walk(expected: &Json, actual: &Json, pointer: &str, out: &mut Vec<String>) {
    let field = || super::fields::field_name(pointer);
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            for (key, value) in e {
                let here = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                match a.get(key) {
                    Some(other) => walk(value, other, &here, out),
                    None => out.push(format!("{}: {value} is not sent", super::fields::field_name(&here))),
                }
            }
            for (key, value) in a.iter().filter(|(k, _)| !e.contains_key(*k)) {
                let here = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(format!("{}: {value} is sent, and the job has none", super::fields::field_name(&here)));
            }
        }
        (Json::Array(e), Json::Array(a)) if e.len() == a.len() => {
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                walk(x, y, &format!("{pointer}/{i}"), out);
            }
        }
        _ if expected == actual => {}
        _ => out.push(format!("{}: the job has {expected}, the manifest gives {actual}", field())),
    }
}
