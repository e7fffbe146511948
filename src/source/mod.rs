//! Reading manifests: text in, a [`Document`] out, every value carrying its byte span.
//!
//! YAML goes through serde-saphyr (budgets, alias limits, duplicate keys) and TOML through
//! toml's spanned `DeTable`; both produce the same [`Node`] tree, so everything downstream
//! is format-blind. A [`Document`] answers "where is the value at this JSON pointer" for the
//! reporters. To support a new format, add a sibling module that builds a [`Node`].

pub mod document;
mod limits;
mod toml_reader;
mod yaml_reader;

pub use document::{Document, Entry, Format, Located, Node, Span, Value};
pub use limits::{Limits, too_large};

use crate::diagnostic::Finding;

const BOM: &str = "\u{feff}";

/// Parses manifest text. A leading byte-order mark is skipped (spans still count it).
///
/// Every failure (bad syntax, duplicate keys, limits, several YAML documents) comes back as
/// a [`Finding`] with a span, never as a panic.
pub fn parse(text: &str, format: Format) -> Result<Document, Finding> {
    let limits = Limits::default();
    if text.len() > limits.max_file_bytes {
        return Err(too_large(text.len(), &limits));
    }
    let (body, shift) = match text.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (text, 0),
    };
    let parsed = match format {
        Format::Yaml => yaml_reader::read(body, &limits),
        Format::Toml => toml_reader::read(body, &limits),
    };
    match parsed {
        Ok(mut root) => {
            root.shift(shift);
            Ok(Document::new(format, root))
        }
        Err(mut finding) => {
            finding.span = finding.span.map(|s| Span::new(s.offset + shift, s.len));
            Err(finding)
        }
    }
}
