//! Rules on local code: `source_dir`, `entry_point` and `dependencies` (facts §3.3).

use super::Rule;

/// The code rules, in the order they run.
pub const RULES: &[Rule] = &[];
