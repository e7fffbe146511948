//! Rules from the CreateTrainingJob API model that the schema cannot express (facts §1):
//! counts that include the keys and channels the SDK adds, lengths after the SDK's
//! encoding, and the tag pattern's Unicode classes.
//!
//! The limits live in [`crate::facts::api_limits`]; what the SDK adds lives in
//! [`crate::facts::reserved_hyperparameters`] and [`crate::facts::channels`]. `environment` needs no rule: the schema
//! covers its count, key pattern and sizes, and the SDK adds no variables (facts §3.4).

use super::Rule;

pub mod duplicate_channel;
pub mod hyperparameter_too_long;
pub mod invalid_tag_characters;
pub mod reserved_tag_prefix;
pub mod too_many_channels;
pub mod too_many_hyperparameters;

/// The api rules, in the order they run.
pub const RULES: &[Rule] = &[
    too_many_hyperparameters::RULE,
    hyperparameter_too_long::RULE,
    too_many_channels::RULE,
    duplicate_channel::RULE,
    invalid_tag_characters::RULE,
    reserved_tag_prefix::RULE,
];
