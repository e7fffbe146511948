//! `kind: Defaults`: the settings and policy a folder's manifests share
//! (`design/manifest.md` §4). A Defaults file declares no resource: `validate` checks it
//! against its schema ([`crate::schema::defaults`]), and `crate::defaults` lays it under
//! the manifests it reaches. Its own `null`s are values (they remove what an outer file
//! set), so none of them is an error.

use super::{CheckInput, Checked, CompileContext, CompileError, Compiled, Kind, Typed};
use crate::check::{strip_nulls, typed};
use crate::spec::defaults::DefaultsFile;

/// The `Defaults` kind.
#[derive(Clone, Copy, Debug)]
pub struct Defaults;

impl Kind for Defaults {
    fn name(&self) -> &'static str {
        "Defaults"
    }

    fn declares_resources(&self) -> bool {
        false
    }

    fn schema(&self) -> Option<crate::schema::Published> {
        Some(crate::schema::defaults::PUBLISHED)
    }

    fn check(&self, input: CheckInput<'_>) -> Checked {
        let mut json = input.json;
        strip_nulls(&mut json, &[]);
        let findings = crate::schema::defaults::check(input.document, &json);
        let manifest: Option<DefaultsFile> = typed(json, &findings);
        Checked { findings, manifest: manifest.map(Typed::new), ..Checked::default() }
    }

    fn compile(&self, _: &Typed, _: &CompileContext<'_>) -> Result<Compiled, CompileError> {
        Err(CompileError::Invalid("a Defaults file declares no resource; compile the manifests it reaches".into()))
    }
}
