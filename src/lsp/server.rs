//! The server loop: the capabilities sagespec announces, then each message from the
//! client in turn. Notifications update the open documents; changed documents are checked
//! once per burst of messages (every message already waiting is read first), and before
//! any request about them is answered, so answers always see the latest text and a fast
//! typist does not queue one check per keystroke.
//!
//! What reaches every manifest ([`super::workspace`]) re-checks every open document when it
//! changes: the Defaults environment the client selects, and a Defaults file saved or
//! changed on disk. After each check the diagnostics of every file whose findings changed
//! are published ([`super::publish`]), those the checks put in Defaults files included.

use std::collections::BTreeSet;
use std::mem;
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, RegisterCapability, Request as _,
};
use lsp_types::{
    CodeActionParams, CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, GotoDefinitionParams, HoverParams, HoverProviderCapability,
    OneOf, PositionEncodingKind, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value as Json;

use super::analysis::analyze;
use super::documents::{Documents, OpenDocument, file_path};
use super::publish::{self, Foreign};
use super::workspace::{self, Environment, is_defaults_file};
use super::{actions, completion, definition, hover};
use crate::source::Format;

/// Why the server stopped other than by the client's `shutdown` and `exit`.
pub type ServeError = Box<dyn std::error::Error + Send + Sync>;

/// What sagespec's server can do.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            // A saved Defaults file changes the manifests below it.
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), "=".into(), " ".into(), "\"".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Serves one client on `connection` until it shuts the server down or hangs up.
pub fn serve(connection: &Connection) -> Result<(), ServeError> {
    let initialize_params = connection.initialize(serde_json::to_value(capabilities())?)?;
    let environment = Environment::new(crate::defaults::environment(), initialize_params.get("initializationOptions"));
    crate::defaults::select_environment(environment.current().map(str::to_owned));
    let mut server = Server { environment, ..Server::default() };
    if let Some(registration) = workspace::watcher_registration(&initialize_params) {
        let id = RequestId::from(workspace::WATCH_REGISTRATION.to_owned());
        let request = Request::new(id, RegisterCapability::METHOD.to_owned(), registration);
        connection.sender.send(request.into())?;
    }
    while let Ok(first) = connection.receiver.recv() {
        let waiting: Vec<Message> = connection.receiver.try_iter().collect();
        for message in std::iter::once(first).chain(waiting) {
            match message {
                Message::Request(request) => {
                    if connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    server.check_changed(connection)?;
                    connection.sender.send(server.respond(request).into())?;
                }
                Message::Notification(notification) if notification.method == "exit" => return Ok(()),
                Message::Notification(notification) => server.notify(notification),
                Message::Response(_) => {}
            }
        }
        server.check_changed(connection)?;
    }
    Ok(())
}

/// The open documents, which of them changed since last checked, and what was published
/// for other files.
#[derive(Default)]
struct Server {
    documents: Documents,
    changed: Vec<Uri>,
    /// Documents closed since the last check, to publish again without their own findings.
    closed: Vec<(Uri, PathBuf)>,
    /// The diagnostics last published from the checks of open manifests into other files.
    foreign: Foreign,
    /// The Defaults environment manifests are checked for.
    environment: Environment,
}

impl Server {
    fn notify(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) = serde_json::from_value::<DidOpenTextDocumentParams>(notification.params) {
                    let document = params.text_document;
                    self.documents.open(document.uri.clone(), document.text, document.version);
                    self.mark_changed(document.uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) = serde_json::from_value::<DidChangeTextDocumentParams>(notification.params) {
                    let document = params.text_document;
                    self.documents.change(&document.uri, document.version, params.content_changes);
                    self.mark_changed(document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) = serde_json::from_value::<DidCloseTextDocumentParams>(notification.params) {
                    let uri = params.text_document.uri;
                    if let Some(path) = self.documents.get(&uri).and_then(|document| document.path.clone()) {
                        self.closed.push((uri.clone(), path));
                    }
                    self.documents.close(&uri);
                    self.changed.retain(|changed| *changed != uri);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(params) = serde_json::from_value::<DidSaveTextDocumentParams>(notification.params) {
                    let saved = file_path(&params.text_document.uri);
                    if saved.as_deref().is_some_and(is_defaults_file) {
                        self.defaults_changed();
                    }
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(params) = serde_json::from_value::<DidChangeWatchedFilesParams>(notification.params) {
                    let mut paths = params.changes.iter().filter_map(|event| file_path(&event.uri));
                    if paths.any(|path| is_defaults_file(&path)) {
                        self.defaults_changed();
                    }
                }
            }
            DidChangeConfiguration::METHOD => {
                if let Ok(params) = serde_json::from_value::<DidChangeConfigurationParams>(notification.params)
                    && self.environment.apply(&params.settings)
                {
                    crate::defaults::select_environment(self.environment.current().map(str::to_owned));
                    self.recheck_all();
                }
            }
            _ => {}
        }
    }

    fn mark_changed(&mut self, uri: Uri) {
        if !self.changed.contains(&uri) {
            self.changed.push(uri);
        }
    }

    /// A Defaults file changed on disk: forget those read, and check every manifest again.
    fn defaults_changed(&mut self) {
        crate::defaults::discover::forget();
        self.recheck_all();
    }

    fn recheck_all(&mut self) {
        let open: Vec<Uri> = self.documents.iter().map(|(uri, _)| uri.clone()).collect();
        for uri in open {
            self.mark_changed(uri);
        }
    }

    /// Checks every changed document, then publishes the diagnostics of each (none for a
    /// file that is not a sagespec manifest), of each closed one, and of every other file
    /// whose findings from the open manifests' checks changed.
    fn check_changed(&mut self, connection: &Connection) -> Result<(), ServeError> {
        if self.changed.is_empty() && self.closed.is_empty() {
            return Ok(());
        }
        let mut targets: Vec<(Uri, PathBuf)> = mem::take(&mut self.closed);
        for uri in mem::take(&mut self.changed) {
            let Some(document) = self.documents.get_mut(&uri) else {
                continue;
            };
            let Some(path) = document.path.clone() else {
                continue;
            };
            document.analysis = analyze(&path, document.text.clone());
            targets.push((uri, path));
        }
        let foreign = publish::foreign(&self.documents);
        let differs = |path: &PathBuf| foreign.get(path) != self.foreign.get(path);
        let moved: Vec<PathBuf> =
            foreign.keys().chain(self.foreign.keys()).filter(|path| differs(path)).cloned().collect();
        for path in moved {
            if let Some(uri) = publish::uri_of(&self.documents, &path) {
                targets.push((uri, path));
            }
        }
        let mut published: BTreeSet<PathBuf> = BTreeSet::new();
        for (uri, path) in targets {
            if published.insert(path.clone()) {
                let params = publish::publication(&self.documents, &foreign, uri, &path);
                connection.sender.send(Notification::new(PublishDiagnostics::METHOD.to_owned(), params).into())?;
            }
        }
        self.foreign = foreign;
        Ok(())
    }

    fn respond(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => self.answer(request, |params: HoverParams, document| {
                let analysis = document.analysis.as_ref()?;
                let foreign = document.path.as_ref().and_then(|path| self.foreign.get(path));
                let position = params.text_document_position_params.position;
                hover::hover(&document.text, analysis, foreign.map_or(&[], Vec::as_slice), position)
            }),
            Completion::METHOD => self.answer(request, |params: CompletionParams, document| {
                let at = params.text_document_position;
                let analysis = document.analysis.as_ref()?;
                let format = Format::from_path(document.path.as_deref()?)?;
                Some(CompletionResponse::Array(completion::complete(&document.text, format, analysis, at.position)))
            }),
            CodeActionRequest::METHOD => self.answer(request, |params: CodeActionParams, document| {
                let analysis = document.analysis.as_ref()?;
                Some(actions::code_actions(&params.text_document.uri, &document.text, analysis, params.range))
            }),
            GotoDefinition::METHOD => self.answer(request, |params: GotoDefinitionParams, document| {
                let at = params.text_document_position_params;
                let analysis = document.analysis.as_ref()?;
                definition::definition(document.path.as_deref()?, &document.text, analysis, at.position)
            }),
            _ => Err((ErrorCode::MethodNotFound, format!("sagespec does not handle {}", request.method))),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    /// Reads a request's params of type `P`, finds its document, and answers with `answer`
    /// (`null` when it has nothing to say, or the document is not open).
    fn answer<P, R>(
        &self,
        request: Request,
        answer: impl FnOnce(P, &OpenDocument) -> Option<R>,
    ) -> Result<Json, (ErrorCode, String)>
    where
        P: serde::de::DeserializeOwned,
        R: serde::Serialize,
    {
        let params: Json = request.params;
        let uri: Option<Uri> = text_document_uri(&params);
        let params: P = serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
        let answered = uri.and_then(|uri| self.documents.get(&uri)).and_then(|document| answer(params, document));
        serde_json::to_value(answered).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }
}

/// The `textDocument.uri` every document request carries.
fn text_document_uri(params: &Json) -> Option<Uri> {
    params.pointer("/textDocument/uri")?.as_str()?.parse().ok()
}
