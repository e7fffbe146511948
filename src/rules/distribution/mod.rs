//! Rules on `distribution:`: the SDK's checks (facts §2.4 D1–D20, §2.9) and the ones it
//! dropped or never had.

use super::Rule;

pub mod dataparallel_not_enabled;

/// The distribution rules, in the order they run.
pub const RULES: &[Rule] = &[dataparallel_not_enabled::RULE];
