//! Putting each finding where its value was written (`design/manifest.md` §4).
//!
//! The kind's checks and the policy run on the merged document and address findings by
//! JSON pointer; [`super::Origins`] says which file wrote each pointer's value:
//!
//! - the manifest: the finding stays; a label at an inherited value becomes a label in
//!   the Defaults file that wrote it;
//! - a Defaults file, and a label of the finding is at one of the manifest's own values:
//!   the value is fine alone but wrong once merged (a default `instance_type` in a manifest
//!   with `instance_groups`). The finding moves to the manifest's value, with a related
//!   label at the default and a help that says how to drop it;
//! - a Defaults file otherwise: the finding goes to that file's line, in a report of that
//!   file, and names the manifest it reached.
//!
//! Related labels and reports name files relative to the manifest's folder, as every
//! finding in another file does ([`crate::kinds::Checked::elsewhere`]). A fix is kept only
//! on a finding that stays in the manifest: its edits are the manifest's.

use std::path::Path;
use std::sync::Arc;

use super::merge::top_key;
use super::{Layered, Origin};
use crate::diagnostic::report::span_of;
use crate::diagnostic::{FileReport, Finding, Label, Related};

/// Where the findings of one merged manifest go.
#[derive(Debug, Default)]
pub struct Relocated {
    /// The findings that stay in the manifest.
    pub manifest: Vec<Finding>,
    /// One report per Defaults file that findings moved to, relative to the manifest's folder.
    pub layers: Vec<FileReport>,
}

/// Sorts `findings` of the manifest shown as `manifest` (its file name `file_name`, its
/// text `text`, in `folder`) by where their values were written.
pub fn relocate(
    findings: Vec<Finding>,
    layered: &Layered,
    folder: &Path,
    (manifest, file_name, text): (&str, &str, &Arc<str>),
) -> Relocated {
    let mut relocated = Relocated::default();
    let mut by_layer: Vec<Vec<Finding>> = vec![Vec::new(); layered.chain.layers.len()];
    let place = Place { layered, folder, manifest, file_name, text };
    for mut finding in findings {
        let origin = if finding.span.is_some() { Origin::Manifest } else { layered.origins.of(&finding.pointer) };
        let Origin::Layer(index) = origin else {
            finding.labels = place.labels_outside(finding.labels, Origin::Manifest, &mut finding.related);
            relocated.manifest.push(finding);
            continue;
        };
        let at_manifest = finding
            .labels
            .iter()
            .position(|label| !label.pointer.is_empty() && layered.origins.of(&label.pointer) == Origin::Manifest);
        match at_manifest {
            Some(label) => relocated.manifest.push(place.at_manifest(finding, label, index)),
            None => by_layer[index].push(place.in_layer(finding, index, manifest)),
        }
    }
    for (index, findings) in by_layer.into_iter().enumerate().filter(|(_, findings)| !findings.is_empty()) {
        let layer = &layered.chain.layers[index];
        relocated.layers.push(FileReport::new(
            layer.display_from(folder),
            Arc::clone(&layer.text),
            Some(&layered.document),
            findings,
        ));
    }
    relocated
}

/// What placing a finding needs to know.
struct Place<'a> {
    layered: &'a Layered,
    folder: &'a Path,
    manifest: &'a str,
    file_name: &'a str,
    text: &'a Arc<str>,
}

impl Place<'_> {
    /// A label beside the value at `pointer`, in the file that wrote it.
    fn related(&self, pointer: &str, target: crate::diagnostic::Target, text: String) -> Related {
        let span = span_of(&self.layered.document, pointer, target);
        match self.layered.origins.of(pointer) {
            Origin::Manifest => Related { path: self.file_name.to_owned(), source: Arc::clone(self.text), span, text },
            Origin::Layer(index) => {
                let layer = &self.layered.chain.layers[index];
                Related { path: layer.display_from(self.folder), source: Arc::clone(&layer.text), span, text }
            }
        }
    }

    /// `labels` of a finding reported in the file `home`: those at values written elsewhere
    /// become related labels in their own files.
    fn labels_outside(&self, labels: Vec<Label>, home: Origin, related: &mut Vec<Related>) -> Vec<Label> {
        let (kept, elsewhere): (Vec<Label>, Vec<Label>) =
            labels.into_iter().partition(|label| self.layered.origins.of(&label.pointer) == home);
        related.extend(elsewhere.into_iter().map(|label| self.related(&label.pointer, label.target, label.text)));
        kept
    }

    /// A finding about an inherited value that clashes with the manifest's own value at
    /// its label `label`: reported there, with a related label at the default.
    fn at_manifest(&self, mut finding: Finding, label: usize, index: usize) -> Finding {
        let own = finding.labels.remove(label);
        let shown = self.layered.shown(index, self.manifest);
        let key = top_key(&finding.pointer).unwrap_or_default();
        let inherited = self.related(
            &finding.pointer,
            finding.target,
            format!("{}: inherited from here", finding.label.take().unwrap_or_else(|| "this default".to_owned())),
        );
        finding.related.push(inherited);
        finding.message = format!("{} (`{key}` is inherited from {shown})", finding.message);
        let drop = format!("write `{key}: null` in this manifest to drop the inherited value");
        finding.help = Some(match finding.help.take() {
            Some(help) => format!("{help}; or {drop}"),
            None => drop,
        });
        finding.pointer = own.pointer;
        finding.target = own.target;
        finding.label = Some(own.text);
        finding.fix = None;
        finding.labels =
            self.labels_outside(std::mem::take(&mut finding.labels), Origin::Manifest, &mut finding.related);
        finding
    }

    /// A finding about a value of the Defaults file at `index`, placed at its line there
    /// and naming the manifest `manifest` it reached.
    fn in_layer(&self, mut finding: Finding, index: usize, manifest: &str) -> Finding {
        finding.span = Some(span_of(&self.layered.document, &finding.pointer, finding.target));
        finding.inherited_by.push(manifest.to_owned());
        finding.fix = None;
        finding.labels =
            self.labels_outside(std::mem::take(&mut finding.labels), Origin::Layer(index), &mut finding.related);
        finding
    }
}
