//! The format-independent document model: a tree of [`Node`]s with byte spans, and the
//! lookup from RFC 6901 JSON pointers back to those spans.

use serde_json::{Map, Number, Value as Json};

/// A byte range in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte offset of the first byte.
    pub offset: usize,
    /// Length in bytes (may be 0 for a position).
    pub len: usize,
}

impl Span {
    /// A span from `offset` covering `len` bytes.
    pub const fn new(offset: usize, len: usize) -> Self {
        Self { offset, len }
    }

    /// One past the last byte.
    pub const fn end(self) -> usize {
        self.offset + self.len
    }
}

/// The manifest syntax a document was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `*.yaml`, `*.yml`
    Yaml,
    /// `*.toml`
    Toml,
}

impl Format {
    /// The format for a file name, by extension.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()? {
            "yaml" | "yml" => Some(Self::Yaml),
            "toml" => Some(Self::Toml),
            _ => None,
        }
    }
}

/// A value as written, with no spans of its own; spans live on [`Node`] and [`Entry`].
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// YAML `null`/`~`/empty (TOML has none).
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// A larger integer, as its decimal digits (`-` first when negative; no leading
    /// zeros), kept exact ([`super::integer`]).
    BigInt(String),
    /// Any other number.
    Float(f64),
    /// A string (TOML dates are kept as their text).
    String(String),
    /// A sequence / array.
    Seq(Vec<Node>),
    /// A mapping / table, in source order.
    Map(Vec<Entry>),
}

/// One value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value is written (for a mapping: where its first key starts).
    pub span: Span,
    /// Whether the value is a YAML plain scalar: written without quotes, block indicator
    /// or tag, so YAML's core schema chose its type from its text. Never set in TOML.
    pub plain: bool,
}

/// One `key: value` pair of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key, as a string.
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// Whether the key is a YAML plain scalar (see [`Node::plain`]).
    pub key_plain: bool,
    /// The value.
    pub value: Node,
}

impl Node {
    /// A node that is not a YAML plain scalar.
    pub const fn new(value: Value, span: Span) -> Self {
        Self { value, span, plain: false }
    }

    /// The entry for `key`, if this node is a mapping that has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// Moves every span `by` bytes later (after a skipped byte-order mark).
    pub fn shift(&mut self, by: usize) {
        if by == 0 {
            return;
        }
        self.span.offset += by;
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.shift(by)),
            Value::Map(entries) => entries.iter_mut().for_each(|e| {
                e.key_span.offset += by;
                e.value.shift(by);
            }),
            _ => {}
        }
    }

    /// This value as JSON, the form the schema validator and the typed manifest read.
    pub fn to_json(&self) -> Json {
        match &self.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::Number((*i).into()),
            // Digits always parse as a number; serde_json keeps them all (`arbitrary_precision`).
            Value::BigInt(digits) => digits.parse::<Number>().map_or(Json::Null, Json::Number),
            Value::Float(f) => Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::String(s) => Json::String(s.clone()),
            Value::Seq(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                Json::Object(entries.iter().map(|e| (e.key.clone(), e.value.to_json())).collect::<Map<_, _>>())
            }
        }
    }
}

/// Where a pointer lands: the key that names it (absent for the root and for sequence
/// items) and the value itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located {
    /// The key's span, when the value sits in a mapping.
    pub key: Option<Span>,
    /// The value's span.
    pub value: Span,
}

/// A parsed manifest: its root node and its syntax.
#[derive(Clone, Debug)]
pub struct Document {
    /// The syntax it was read from.
    pub format: Format,
    /// The root value (a mapping for any valid manifest).
    pub root: Node,
}

impl Document {
    /// Wraps a root node.
    pub const fn new(format: Format, root: Node) -> Self {
        Self { format, root }
    }

    /// The whole document as JSON.
    pub fn to_json(&self) -> Json {
        self.root.to_json()
    }

    /// The node at an RFC 6901 pointer, if the document has it.
    pub fn node(&self, pointer: &str) -> Option<&Node> {
        self.walk(pointer).map(|(node, _)| node)
    }

    /// Where the value at `pointer` is written. A pointer that runs past the document
    /// resolves to its deepest existing ancestor, so every finding gets a position.
    pub fn locate(&self, pointer: &str) -> Located {
        let mut located = Located { key: None, value: self.root.span };
        let mut node = &self.root;
        for token in tokens(pointer) {
            let Some((child, key)) = step(node, &token) else {
                break;
            };
            node = child;
            located = Located { key, value: child.span };
        }
        located
    }

    fn walk(&self, pointer: &str) -> Option<(&Node, Option<Span>)> {
        let mut node = &self.root;
        let mut key = None;
        for token in tokens(pointer) {
            (node, key) = step(node, &token)?;
        }
        Some((node, key))
    }
}

/// One pointer step: the child named by `token`, and its key's span in a mapping.
fn step<'a>(node: &'a Node, token: &str) -> Option<(&'a Node, Option<Span>)> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|e| e.key == token).map(|e| (&e.value, Some(e.key_span))),
        Value::Seq(items) => items.get(token.parse::<usize>().ok()?).map(|n| (n, None)),
        _ => None,
    }
}

/// Splits an RFC 6901 pointer into unescaped reference tokens.
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// Appends one reference token to a pointer, escaping it.
pub fn push_token(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}
