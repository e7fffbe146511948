//! Shared settings for many manifests (`design/manifest.md` §4): `kind: Defaults` files,
//! `--env` environments, and enforced policy.
//!
//! ```text
//! manifest folder ──discover──▶ Chain (its Defaults files, outermost first; read once per folder)
//!                 ──merge─────▶ the manifest over the chain's settings, each value keeping its Origin
//!                 ──check─────▶ the kind's schema and rules, then policy, on the merged document
//!                 ──relocate──▶ a finding about an inherited value goes to the line of the
//!                               Defaults file that wrote it, naming the manifest it reached
//! ```
//!
//! - [`discover`] finds a folder's layers (`sagespec.defaults.{yaml,yml,toml}` up to a
//!   `root: true` file or the repository root) and caches them per folder for the run.
//! - [`merge`] lays the settings over one another and the manifest over them: mappings
//!   merge key by key, scalars and lists replace, `null` removes; [`Origins`] remembers
//!   which file wrote each value.
//! - [`relocate`] moves findings to where their values were written.
//! - [`policy`] checks the merged manifest against every layer's `policy:`.
//! - [`show`] prints a merged manifest with the file and line of each value
//!   (`compile --show-origin`).
//!
//! The Defaults file itself is a kind ([`crate::kinds::defaults`]), with its types in
//! [`crate::spec::defaults`] and its schema in [`crate::schema::defaults`]. The check of a
//! manifest ([`crate::check`]) asks [`layer`] for its merged document and [`Layered::place`]
//! where its findings go; the kinds never see a Defaults file.

pub mod codes;
pub mod discover;
pub mod merge;
pub mod policy;
pub mod relocate;
pub mod show;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

pub use discover::{Chain, Layer};
pub use merge::{Origin, Origins};

use crate::diagnostic::{FileReport, Finding};
use crate::kinds::Kind;
use crate::source::Document;

/// The file names a Defaults file may have, in the order they are looked for.
pub const FILE_NAMES: &[&str] = &["sagespec.defaults.yaml", "sagespec.defaults.yml", "sagespec.defaults.toml"];

/// The environment of this run (`--env`, `SAGESPEC_ENV`, or the language server's
/// setting): one per process, as the AWS region of a CLI run is.
static ENVIRONMENT: RwLock<Option<String>> = RwLock::new(None);

/// Selects the environment every manifest of the run is merged for, and forgets the
/// layers read for another one.
pub fn select_environment(name: Option<String>) {
    if let Ok(mut selected) = ENVIRONMENT.write() {
        *selected = name.filter(|name| !name.is_empty());
    }
    discover::forget();
}

/// The environment selected for this run, if any.
pub fn environment() -> Option<String> {
    ENVIRONMENT.read().ok().and_then(|selected| selected.clone())
}

/// A manifest merged with its Defaults.
#[derive(Debug)]
pub struct Layered {
    /// The merged document: the manifest's values and the inherited ones, each node with
    /// the span of the file that wrote it.
    pub document: Document,
    /// Which file wrote each value.
    pub origins: Origins,
    /// The layers, outermost first.
    pub chain: Arc<Chain>,
    /// The manifest's folder, absolute.
    pub folder: PathBuf,
    /// The top-level keys of the manifest's kind.
    pub keys: &'static HashSet<String>,
    /// What is wrong with the layering itself (an unknown environment), at the manifest.
    pub findings: Vec<Finding>,
    /// The reports of layers with errors, for the manifest's related reports.
    pub broken_layers: Vec<FileReport>,
}

/// The manifest `document` (in `folder`) merged with the Defaults that reach it, for
/// `kind`; `None` when none do and no environment is selected (the document is checked as
/// written).
pub fn layer(document: &Document, folder: &Path, kind: &dyn Kind) -> Option<Layered> {
    if !kind.declares_resources() {
        return None;
    }
    let environment = environment();
    let folder = discover::absolute(folder);
    let chain = discover::chain(&folder);
    if chain.layers.is_empty() && environment.is_none() {
        return None;
    }
    let keys = merge::kind_keys(kind)?;
    let mut findings = Vec::new();
    if let Some(name) = &environment
        && !chain.defines_environment(name)
    {
        findings.push(unknown_environment(name, &chain));
    }
    let broken_layers: Vec<FileReport> = chain
        .broken()
        .map(|layer| {
            let mut report = layer.report.clone();
            report.path = layer.display_from(&folder);
            report
        })
        .collect();
    let (document, origins) = merge::overlay_manifest(&chain, keys, document);
    Some(Layered { document, origins, chain, folder, keys, findings, broken_layers })
}

impl Layered {
    /// Where the findings of the kind's check go, with the layering's own findings and the
    /// policy's added: the manifest's findings, and a report per Defaults file they moved
    /// to (the broken layers' own reports last). `manifest` is the manifest as shown, its
    /// file name and its text.
    pub fn place(
        &self,
        kind: &dyn Kind,
        mut findings: Vec<Finding>,
        manifest: (&str, &str, &Arc<str>),
    ) -> relocate::Relocated {
        findings.extend(self.findings.iter().cloned());
        let broken = self.chain.layers.iter().enumerate().filter(|(_, layer)| layer.is_broken());
        findings.extend(broken.map(|(index, _)| broken_layer(&self.shown(index, manifest.0))));
        findings.extend(policy::check(kind, self, manifest.0));
        let mut relocated = self.relocate(findings, manifest);
        relocated.layers.extend(self.broken_layers.iter().cloned());
        relocated
    }

    /// Where `findings` go (see [`relocate`]), with nothing added: for findings raised
    /// after the check (the account checks').
    pub fn relocate(&self, findings: Vec<Finding>, manifest: (&str, &str, &Arc<str>)) -> relocate::Relocated {
        relocate::relocate(findings, self, &self.folder, manifest)
    }

    /// The path of the layer at `index` as the user sees it: beside `manifest`, the
    /// manifest as shown (`specs/team/a.yaml` → `specs/sagespec.defaults.yaml`).
    pub fn shown(&self, index: usize, manifest: &str) -> String {
        let folder = Path::new(manifest).parent().unwrap_or(Path::new(""));
        crate::check::normalize(&folder.join(self.chain.layers[index].display_from(&self.folder)))
    }
}

/// The finding for `--env name` when no layer of `chain` defines it.
fn unknown_environment(name: &str, chain: &Chain) -> Finding {
    let known = chain.environment_names();
    let help = if known.is_empty() {
        "no Defaults file that reaches this manifest has `environments:`; drop --env (and SAGESPEC_ENV)".to_owned()
    } else {
        let listed = known.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        match crate::schema::did_you_mean(name, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? the environments here are {listed}"),
            None => format!("the environments here are {listed}"),
        }
    };
    Finding::error(
        codes::UNKNOWN_ENVIRONMENT,
        format!("no Defaults file reaching this manifest defines the environment `{name}`"),
    )
    .at("")
    .with_label("merged for an unknown environment")
    .with_help(help)
}

/// The finding at a manifest reached by the Defaults file `shown`, which has errors.
fn broken_layer(shown: &str) -> Finding {
    Finding::error(
        codes::INVALID_DEFAULTS_FILE,
        format!("the Defaults file {shown} has errors, so none of its settings apply"),
    )
    .at("")
    .with_label("inherits from a Defaults file with errors")
    .with_help(format!("fix {shown} (its findings follow), then check this manifest again"))
}
