//! `kind: Probe`, a kind that exists only in tests: it proves a kind plugs in through the
//! [`Registry`](super::Registry) alone (`Registry::with(&[&Probe])`), and its `after` key
//! references another Probe manifest, so the reference graph can be tested before the
//! real referencing kinds land.

use serde::Deserialize;
use serde_json::json;

use super::{CheckInput, Checked, CompileContext, CompileError, Compiled, Kind, ReferenceKey, Request, Typed};
use crate::diagnostic::{Finding, codes};

/// The test kind.
#[derive(Clone, Copy, Debug)]
pub struct Probe;

/// A Probe manifest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeManifest {
    #[serde(rename = "apiVersion")]
    _api_version: String,
    #[serde(rename = "kind")]
    _kind: String,
    /// Its name.
    pub name: String,
    /// Another Probe manifest it comes after.
    pub after: Option<String>,
}

impl Kind for Probe {
    fn name(&self) -> &'static str {
        "Probe"
    }

    fn references(&self) -> &'static [ReferenceKey] {
        &[ReferenceKey { pointer: "/after", kinds: &["Probe"] }]
    }

    fn check(&self, input: CheckInput<'_>) -> Checked {
        match ProbeManifest::deserialize(&input.json) {
            Ok(manifest) => {
                Checked { findings: Vec::new(), manifest: Some(Typed::new(manifest)), ..Checked::default() }
            }
            Err(error) => Checked {
                findings: vec![Finding::error(codes::SCHEMA_INVALID_TYPE, error.to_string()).at("")],
                manifest: None,
                ..Checked::default()
            },
        }
    }

    fn compile(&self, manifest: &Typed, _: &CompileContext<'_>) -> Result<Compiled, CompileError> {
        let manifest =
            manifest.downcast::<ProbeManifest>().ok_or_else(|| CompileError::Invalid("not a probe".into()))?;
        Ok(Compiled {
            name: manifest.name.clone(),
            requests: vec![Request {
                operation: "Probe",
                body: json!({"Name": manifest.name, "After": manifest.after}),
            }],
            jobs: Vec::new(),
            deployments: Vec::new(),
        })
    }
}
