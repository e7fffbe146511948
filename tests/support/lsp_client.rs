//! A minimal LSP client for tests and benches: runs `sagespec lsp` as a child process and
//! talks to it over its stdin and stdout, framed by `lsp-server`'s own reader and writer.
//! Every wait is bounded, so a server that never answers fails the test instead of hanging.

#![allow(dead_code)]

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value as Json, json};

/// How long any one answer may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A running server and what it has sent that nobody read yet.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Message>,
    /// Notifications received while waiting for something else.
    pub notifications: Vec<Notification>,
    /// Requests from the server (each answered with `null`).
    pub requests: Vec<Request>,
    next_id: i32,
}

impl Client {
    /// Starts `sagespec lsp` (the binary at `program`) and initializes it.
    pub fn start(program: &str) -> (Self, Json) {
        Self::start_with(program, json!({ "capabilities": {}, "processId": null }), &[])
    }

    /// Starts `sagespec lsp` with the variables `environment` set (and `SAGESPEC_ENV`
    /// unset unless among them), and initializes it with `initialize` as its params.
    pub fn start_with(program: &str, initialize: Json, environment: &[(&str, &str)]) -> (Self, Json) {
        let mut child = Command::new(program)
            .arg("lsp")
            .env_remove("SAGESPEC_ENV")
            .envs(environment.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("sagespec lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Ok(Some(message)) = Message::read(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Self { child, stdin, incoming, notifications: Vec::new(), requests: Vec::new(), next_id: 0 };
        let capabilities = client.request("initialize", initialize);
        client.notify("initialized", json!({}));
        (client, capabilities)
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Json) {
        self.send(&Notification::new(method.to_owned(), params).into());
    }

    /// Sends a request and waits for its result (panics on an error response).
    pub fn request(&mut self, method: &str, params: Json) -> Json {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(&Request::new(id.clone(), method.to_owned(), params).into());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.next(deadline) {
                Message::Response(response) if response.id == id => match response.response_result {
                    Ok(result) => return result,
                    Err(error) => panic!("{method}: {} ({})", error.message, error.code),
                },
                Message::Notification(notification) => self.notifications.push(notification),
                Message::Request(request) => self.answer(request),
                Message::Response(_) => {}
            }
        }
    }

    /// Waits for the diagnostics of `uri` at `version`, and returns them.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Json> {
        let matches = |n: &Notification| {
            n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == uri
                && n.params["version"].as_i64() == Some(version)
        };
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(at) = self.notifications.iter().position(matches) {
                let found = self.notifications.remove(at);
                self.notifications.retain(|n| n.method != "textDocument/publishDiagnostics" || n.params["uri"] != uri);
                return found.params["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            self.receive(deadline);
        }
    }

    /// Waits for the next diagnostics published for `uri`, whatever their version, and
    /// returns the whole notification's params.
    pub fn next_published(&mut self, uri: &str) -> Json {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let published = |n: &Notification| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri;
            if let Some(at) = self.notifications.iter().position(published) {
                return self.notifications.remove(at).params;
            }
            self.receive(deadline);
        }
    }

    /// Reads one message that is not a response: a notification is kept, a request
    /// answered.
    fn receive(&mut self, deadline: Instant) {
        match self.next(deadline) {
            Message::Notification(notification) => self.notifications.push(notification),
            Message::Request(request) => self.answer(request),
            response @ Message::Response(_) => panic!("unexpected {response:?}"),
        }
    }

    /// Answers a request from the server with `null`, and keeps it.
    fn answer(&mut self, request: Request) {
        self.send(&lsp_server::Response::new_ok(request.id.clone(), Json::Null).into());
        self.requests.push(request);
    }

    /// Shuts the server down and waits for it to exit; returns its exit code.
    pub fn shutdown(mut self) -> Option<i32> {
        let answer = self.request("shutdown", Json::Null);
        assert_eq!(answer, Json::Null);
        self.notify("exit", Json::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The server's process id (for reading its memory).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn send(&mut self, message: &Message) {
        message.write(&mut self.stdin).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn next(&mut self, deadline: Instant) -> Message {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("no answer from the server in {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `file:` URI of a path.
pub fn uri(path: &std::path::Path) -> String {
    url::Url::from_file_path(path).expect("absolute path").to_string()
}
