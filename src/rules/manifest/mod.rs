//! Rules on the manifest itself: keys that are required together or instead of each other, and YAML typing traps.

use super::Rule;

/// The manifest rules, in the order they run.
pub const RULES: &[Rule] = &[];
