//! Rules that keep credentials out of job definitions: anyone who can describe a training
//! job can read its environment and hyperparameters.

use super::Rule;

/// The secrets rules, in the order they run.
pub const RULES: &[Rule] = &[];
