//! `sagespec schema`: print the JSON Schema.

use super::EXIT_OK;

/// Prints the schema; always succeeds.
pub fn run() -> u8 {
    print!("{}", crate::schema::generate());
    EXIT_OK
}
