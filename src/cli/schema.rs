//! `sagespec schema`: print the JSON Schema, byte for byte as committed.

use super::EXIT_OK;

/// Prints the schema; always succeeds.
pub fn run() -> u8 {
    print!("{}", crate::schema::COMMITTED);
    EXIT_OK
}
