//! `sagespec lsp`: a language server over stdio, built on `lsp-server` (the transport and
//! JSON-RPC) and `lsp-types` (the protocol's types). Every finding the CLI reports reaches
//! the editor as the user types.
//!
//! - [`server`] runs the loop and announces the capabilities;
//! - [`documents`] keeps the open documents' text; [`analysis`] checks one as `validate`
//!   would (only sagespec manifests; any other file gets no diagnostics);
//! - [`workspace`] holds what reaches every manifest: the Defaults environment the client
//!   selects, and which files are Defaults files (a change re-checks every manifest);
//! - [`publish`] gathers each file's diagnostics: its own, and those the checks of open
//!   manifests put in it (a Defaults file);
//! - [`position`] converts byte offsets to LSP's UTF-16 positions and back;
//! - [`diagnostics`], [`hover`], [`completion`] (with [`cursor`] and [`schema`]),
//!   [`actions`] (the fixes of [`crate::fix`]) and [`definition`] each answer one request.

pub mod actions;
pub mod analysis;
pub mod completion;
pub mod cursor;
pub mod definition;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod position;
pub mod publish;
pub mod schema;
pub mod server;
pub mod workspace;

pub use server::{ServeError, capabilities, serve};

/// Serves the client on stdin and stdout until it shuts the server down.
pub fn serve_stdio() -> Result<(), ServeError> {
    let (connection, threads) = lsp_server::Connection::stdio();
    serve(&connection)?;
    drop(connection);
    threads.join()?;
    Ok(())
}
