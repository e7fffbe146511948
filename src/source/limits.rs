//! Resource limits for reading untrusted manifests, and the findings that report them.
//!
//! Every limit is far above what a real training-job manifest needs and low enough that a
//! hostile file (an alias bomb, 10,000 levels of nesting, a 100 MB blob) fails in
//! milliseconds without large allocations.

use crate::diagnostic::{Finding, codes};

use super::Span;

/// The limits one read is held to.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest accepted file, in bytes.
    pub max_file_bytes: usize,
    /// Deepest accepted nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most values that alias expansion may add in one file.
    pub max_alias_replay_events: usize,
    /// Most values (scalars and collections) in one file.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_file_bytes: 1024 * 1024, max_depth: 32, max_alias_replay_events: 10_000, max_nodes: 10_000 }
    }
}

/// The finding for a file over [`Limits::max_file_bytes`].
pub fn too_large(len: usize, limits: &Limits) -> Finding {
    Finding::error(
        codes::SOURCE_TOO_LARGE,
        format!("file is {len} bytes; manifests are limited to {} bytes", limits.max_file_bytes),
    )
    .at_span(Span::new(0, 0))
    .with_help("a training-job manifest is a few kilobytes; check that this is the file you meant")
}

/// The finding for more values than [`Limits::max_nodes`].
pub fn too_many_values(span: Span, limits: &Limits) -> Finding {
    Finding::error(codes::SOURCE_LIMIT, format!("the file holds more than {} values", limits.max_nodes))
        .at_span(span)
        .with_help("a training-job manifest holds a few hundred values; check that this is the file you meant")
}

/// The finding for nesting deeper than [`Limits::max_depth`].
pub fn too_deep(span: Span, limits: &Limits) -> Finding {
    Finding::error(codes::SOURCE_LIMIT, format!("nesting is deeper than {} levels", limits.max_depth))
        .at_span(span)
        .with_help("no manifest key nests this deep; flatten the structure")
}
