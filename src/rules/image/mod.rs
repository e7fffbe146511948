//! Rules on the training image: framework and Python versions, regions, instance families (facts §2.5, §4).

use super::Rule;

/// The image rules, in the order they run.
pub const RULES: &[Rule] = &[];
