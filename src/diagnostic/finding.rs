//! The one finding type every check produces and every renderer consumes.

use std::borrow::Cow;

use crate::source::Span;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks compile, plan and apply; `validate` exits 1.
    Error,
    /// Reported, but does not block.
    Warning,
}

/// Which part of the addressed entry a finding points at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Target {
    /// The value (the default).
    #[default]
    Value,
    /// The key that names the value (unknown keys, missing keys under a present key).
    Key,
}

/// A secondary label: another place that explains the finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// JSON pointer of the labelled value.
    pub pointer: String,
    /// Key or value.
    pub target: Target,
    /// The text shown beside it.
    pub text: String,
}

/// One problem found in one manifest, addressed by JSON pointer (or, before a document
/// exists, by an explicit span).
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Stable code, `sagespec::<area>::<what-is-wrong>`.
    pub code: Cow<'static, str>,
    /// Error or warning.
    pub severity: Severity,
    /// One sentence, in the user's words.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// RFC 6901 pointer of the offending value (`""` for the document).
    pub pointer: String,
    /// Whether to point at the key or the value at `pointer`.
    pub target: Target,
    /// Text of the primary label.
    pub label: Option<String>,
    /// Other places worth showing.
    pub labels: Vec<Label>,
    /// An explicit position, for findings raised before a document exists (syntax errors).
    pub span: Option<Span>,
}

impl Finding {
    /// A new error at the document root; chain `at`, `with_help`, … to refine it.
    pub fn error(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code.into(), message.into())
    }

    /// A new warning at the document root.
    pub fn warning(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code.into(), message.into())
    }

    fn new(severity: Severity, code: Cow<'static, str>, message: String) -> Self {
        Self {
            code,
            severity,
            message,
            help: None,
            pointer: String::new(),
            target: Target::Value,
            label: None,
            labels: Vec::new(),
            span: None,
        }
    }

    /// Points the finding at the value at `pointer`.
    #[must_use]
    pub fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self.target = Target::Value;
        self
    }

    /// Points the finding at the key that names the value at `pointer`.
    #[must_use]
    pub fn at_key(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self.target = Target::Key;
        self
    }

    /// Pins the finding to an explicit span (syntax errors, limits).
    #[must_use]
    pub fn at_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the primary label's text.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary label at another value.
    #[must_use]
    pub fn also(mut self, pointer: impl Into<String>, text: impl Into<String>) -> Self {
        self.labels.push(Label { pointer: pointer.into(), target: Target::Value, text: text.into() });
        self
    }

    /// Whether this finding blocks compilation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
