//! `sagespec lsp`: run the language server ([`crate::lsp`]) on stdin and stdout.

use super::{EXIT_OK, EXIT_USAGE};

/// Arguments of `lsp`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Talk over stdin and stdout (the only transport, and the default; accepted because
    /// editor clients commonly pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Serves until the client shuts the server down; 2 when the connection failed.
pub fn run(_args: &Args) -> u8 {
    match crate::lsp::serve_stdio() {
        Ok(()) => EXIT_OK,
        Err(error) => {
            eprintln!("error: sagespec lsp: {error}");
            EXIT_USAGE
        }
    }
}
