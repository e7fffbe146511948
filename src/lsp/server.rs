//! The server loop: the capabilities sagespec announces, then each message from the
//! client in turn. Notifications update the open documents; changed documents are checked
//! once per burst of messages (every message already waiting is read first), and before
//! any request about them is answered, so answers always see the latest text and a fast
//! typist does not queue one check per keystroke.

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, Completion, GotoDefinition, HoverRequest, Request as _};
use lsp_types::{
    CodeActionParams, CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, GotoDefinitionParams,
    HoverParams, HoverProviderCapability, OneOf, PositionEncodingKind, PublishDiagnosticsParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde_json::Value as Json;

use super::analysis::analyze;
use super::documents::{Documents, OpenDocument};
use super::position::LineIndex;
use super::{actions, completion, definition, diagnostics, hover};
use crate::source::Format;

/// Why the server stopped other than by the client's `shutdown` and `exit`.
pub type ServeError = Box<dyn std::error::Error + Send + Sync>;

/// What sagespec's server can do.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::INCREMENTAL)),
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
    connection.initialize(serde_json::to_value(capabilities())?)?;
    let mut server = Server::default();
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

/// The open documents, and which of them changed since last checked.
#[derive(Default)]
struct Server {
    documents: Documents,
    changed: Vec<Uri>,
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
                    self.documents.close(&params.text_document.uri);
                    self.changed.retain(|uri| *uri != params.text_document.uri);
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

    /// Checks every changed document and publishes its diagnostics (none for a file that
    /// is not a sagespec manifest).
    fn check_changed(&mut self, connection: &Connection) -> Result<(), ServeError> {
        for uri in std::mem::take(&mut self.changed) {
            let Some(document) = self.documents.get_mut(&uri) else {
                continue;
            };
            let Some(path) = &document.path else {
                continue;
            };
            document.analysis = analyze(path, document.text.clone());
            let index = LineIndex::new(&document.text);
            let diagnostics = document
                .analysis
                .iter()
                .flat_map(|analysis| &analysis.report.findings)
                .map(|resolved| diagnostics::diagnostic(&uri, &index, resolved))
                .collect();
            let params = PublishDiagnosticsParams { uri, diagnostics, version: Some(document.version) };
            connection.sender.send(Notification::new(PublishDiagnostics::METHOD.to_owned(), params).into())?;
        }
        Ok(())
    }

    fn respond(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => self.answer(request, |params: HoverParams, document| {
                let analysis = document.analysis.as_ref()?;
                hover::hover(&document.text, analysis, params.text_document_position_params.position)
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
