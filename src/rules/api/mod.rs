//! Rules from the CreateTrainingJob API model that the schema cannot express (facts §1): counts that include reserved keys, lengths after encoding, tag character classes.

use super::Rule;

/// The api rules, in the order they run.
pub const RULES: &[Rule] = &[];
