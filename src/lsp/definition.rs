//! Go to definition on a reference to another manifest (`training_job: train.yaml`,
//! `model: model.toml`): the keys each kind declares ([`crate::kinds::ReferenceKey`]),
//! resolved against the manifest's folder as `validate` resolves them.

use std::path::Path;

use lsp_types::{GotoDefinitionResponse, Location, Position, Range};

use super::analysis::Analysis;
use super::documents::file_uri;
use super::position::LineIndex;
use crate::ops::graph;

/// The manifest the reference at `position` names, when it exists.
pub fn definition(path: &Path, text: &str, analysis: &Analysis, position: Position) -> Option<GotoDefinitionResponse> {
    let offset = LineIndex::new(text).offset(position);
    let (document, kind) = (analysis.document()?, analysis.kind?);
    let target =
        kind.references().iter().flat_map(|key| graph::entries(key, document)).find_map(|(pointer, target)| {
            let span = document.node(&pointer)?.span;
            (span.offset <= offset && offset <= span.end()).then_some(target)
        })?;
    let target = crate::discover::base_dir(path).join(target);
    if !target.is_file() {
        return None;
    }
    let uri = file_uri(&std::fs::canonicalize(&target).unwrap_or(target))?;
    Some(GotoDefinitionResponse::Scalar(Location { uri, range: Range::default() }))
}
