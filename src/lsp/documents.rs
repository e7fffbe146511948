//! The open documents: each one's current text and version, as the client sent them, and
//! the analysis of that text once it has been checked. Only open documents are kept, and
//! each holds one text and one analysis, so memory follows what the editor has open, not
//! how many edits it made.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::analysis::Analysis;
use super::position::LineIndex;

/// One open document.
#[derive(Debug)]
pub struct OpenDocument {
    /// Its text as the client has it now.
    pub text: Arc<str>,
    /// The client's version of that text.
    pub version: i32,
    /// Its path, for a `file:` URI.
    pub path: Option<PathBuf>,
    /// The analysis of `text`, when it is current ([`None`] after a change, until checked).
    pub analysis: Option<Analysis>,
}

/// Every open document, by URI.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, OpenDocument>,
}

impl Documents {
    /// Opens (or reopens) a document.
    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = file_path(&uri);
        self.open.insert(uri, OpenDocument { text: Arc::from(text), version, path, analysis: None });
    }

    /// Applies the client's changes, in order (a change without a range replaces the whole
    /// text); the analysis is dropped until the new text is checked. Unknown URIs are ignored.
    pub fn change(&mut self, uri: &Uri, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let Some(document) = self.open.get_mut(uri) else {
            return;
        };
        let mut text = document.text.to_string();
        for change in changes {
            match change.range {
                Some(range) => {
                    let index = LineIndex::new(&text);
                    let (start, end) = (index.offset(range.start), index.offset(range.end));
                    let end = end.max(start);
                    text.replace_range(start..end, &change.text);
                }
                None => text = change.text,
            }
        }
        document.text = Arc::from(text);
        document.version = version;
        document.analysis = None;
    }

    /// Closes a document.
    pub fn close(&mut self, uri: &Uri) {
        self.open.remove(uri);
    }

    /// An open document.
    pub fn get(&self, uri: &Uri) -> Option<&OpenDocument> {
        self.open.get(uri)
    }

    /// An open document, to update.
    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut OpenDocument> {
        self.open.get_mut(uri)
    }

    /// The open document at `path`, with its URI.
    pub fn by_path(&self, path: &Path) -> Option<(&Uri, &OpenDocument)> {
        self.open.iter().find(|(_, document)| document.path.as_deref() == Some(path))
    }

    /// Every open document, with its URI.
    pub fn iter(&self) -> impl Iterator<Item = (&Uri, &OpenDocument)> {
        self.open.iter()
    }
}

/// The path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The `file:` URI of a path.
pub fn file_uri(path: &std::path::Path) -> Option<Uri> {
    url::Url::from_file_path(path).ok()?.as_str().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn uri() -> Uri {
        "file:///tmp/a.yaml".parse().expect("uri")
    }

    #[test]
    fn ranged_changes_apply_in_utf16_positions_in_order() {
        let mut documents = Documents::default();
        documents.open(uri(), "# é😀\nkey: a\n".to_owned(), 1);
        let at = |line, character| Position { line, character };
        let changes = vec![
            // Replace `a` (after `key: `) with `b`.
            TextDocumentContentChangeEvent {
                range: Some(Range { start: at(1, 5), end: at(1, 6) }),
                range_length: None,
                text: "b".into(),
            },
            // Insert after the emoji (two UTF-16 units).
            TextDocumentContentChangeEvent {
                range: Some(Range { start: at(0, 5), end: at(0, 5) }),
                range_length: None,
                text: "!".into(),
            },
        ];
        documents.change(&uri(), 2, changes);
        let document = documents.get(&uri()).expect("open");
        assert_eq!(&*document.text, "# é😀!\nkey: b\n");
        assert_eq!(document.version, 2);
        assert_eq!(document.path.as_deref(), Some(std::path::Path::new("/tmp/a.yaml")));
    }

    #[test]
    fn a_change_without_a_range_replaces_the_text_and_closing_forgets_it() {
        let mut documents = Documents::default();
        documents.open(uri(), "a: 1\n".to_owned(), 1);
        let whole = TextDocumentContentChangeEvent { range: None, range_length: None, text: "b: 2\n".into() };
        documents.change(&uri(), 2, vec![whole]);
        assert_eq!(&*documents.get(&uri()).expect("open").text, "b: 2\n");
        documents.close(&uri());
        assert!(documents.get(&uri()).is_none());
    }
}
