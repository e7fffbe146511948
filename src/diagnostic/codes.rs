//! Codes of the findings raised while reading and schema-checking a manifest. Rule codes
//! live beside their rules (`crate::rules`). Codes are stable: once published, a code
//! keeps its meaning.

/// The file could not be read (I/O, not UTF-8).
pub const SOURCE_UNREADABLE: &str = "sagespec::source::unreadable";
/// The text is not valid YAML or TOML.
pub const SOURCE_SYNTAX: &str = "sagespec::source::syntax";
/// A mapping repeats a key.
pub const SOURCE_DUPLICATE_KEY: &str = "sagespec::source::duplicate-key";
/// The file is larger than the size limit.
pub const SOURCE_TOO_LARGE: &str = "sagespec::source::too-large";
/// Nesting, node count or alias expansion went over a limit.
pub const SOURCE_LIMIT: &str = "sagespec::source::limit-exceeded";
/// A YAML tag other than the standard ones (`!!python/object`, …).
pub const SOURCE_UNSUPPORTED_TAG: &str = "sagespec::source::unsupported-tag";
/// A YAML file holds more than one document.
pub const SOURCE_MULTIPLE_DOCUMENTS: &str = "sagespec::source::multiple-documents";

/// A key the manifest format does not have.
pub const SCHEMA_UNKNOWN_KEY: &str = "sagespec::schema::unknown-key";
/// A required key is missing.
pub const SCHEMA_MISSING_KEY: &str = "sagespec::schema::missing-key";
/// A value has the wrong type.
pub const SCHEMA_INVALID_TYPE: &str = "sagespec::schema::invalid-type";
/// A value is not one of the allowed values.
pub const SCHEMA_INVALID_VALUE: &str = "sagespec::schema::invalid-value";
/// A string does not match the API's pattern.
pub const SCHEMA_INVALID_FORMAT: &str = "sagespec::schema::invalid-format";
/// A number is outside the API's range.
pub const SCHEMA_OUT_OF_RANGE: &str = "sagespec::schema::out-of-range";
/// A string, list or map is too long or too short.
pub const SCHEMA_INVALID_LENGTH: &str = "sagespec::schema::invalid-length";

/// A manifest names another manifest file that does not exist.
pub const REFERENCE_MISSING_FILE: &str = "sagespec::reference::missing-file";
/// A manifest names a file that is not a manifest of a kind the key accepts.
pub const REFERENCE_WRONG_KIND: &str = "sagespec::reference::wrong-kind";
/// Manifests name each other in a cycle.
pub const REFERENCE_CYCLE: &str = "sagespec::reference::cycle";
/// A manifest names a manifest that has errors of its own.
pub const REFERENCE_INVALID_TARGET: &str = "sagespec::reference::invalid-target";
