//! Errors from AWS read as one line: `stop`, `status` and `logs` against a server on
//! 127.0.0.1 that answers HTTP 500 with an HTML page (as a proxy or load balancer in
//! front of the endpoint would) each print one `error:` line naming the operation, the
//! status and a summary of the page, and never the SDK's `Debug` dump of the response.

mod support;

use support::{Canned, Sagespec, describe};

const PAGE: &str = "<html><head><title>500 Internal Server Error</title></head>\n<body><h1>Internal Server Error</h1>\
                    <p>nginx could not reach the upstream.</p></body></html>\n";

/// Text that only the SDK's `Debug` output contains.
const DEBUG_TEXT: &[&str] = &["Response {", "SdkError", "ResponseError", "SdkBody", "StatusCode(", "Extensions {"];

fn run_against_500(args: &[&str]) -> (String, std::process::Output) {
    let server = Canned::start(500, "Internal Server Error", "text/html", PAGE);
    // One attempt: the retries would only repeat the same answer, after a back-off.
    let output = Sagespec::new(&server.url()).env("AWS_MAX_ATTEMPTS", "1").run(args);
    assert!(server.requests() >= 1, "the server was never asked: {}", describe(&output));
    (String::from_utf8_lossy(&output.stderr).into_owned(), output)
}

fn assert_one_clear_line(stderr: &str, output: &std::process::Output, operation: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", describe(output));
    let line = lines[0];
    assert!(line.starts_with("error: job-1: "), "{line}");
    for part in [
        operation,
        "HTTP 500",
        "not an AWS error",
        "text/html",
        "500 Internal Server Error Internal Server Error nginx could not reach the upstream.",
    ] {
        assert!(line.contains(part), "{part:?} missing from {line:?}");
    }
    for debug in DEBUG_TEXT {
        assert!(!line.contains(debug), "{debug:?} (Debug output) in {line:?}");
    }
    assert_eq!(output.status.code(), Some(1), "{}", describe(output));
}

#[test]
fn stop_against_a_500_html_page_prints_one_line() {
    // A bare name is looked up first (a training job, else a tuning job) to pick the stop
    // call, so the first failing call is the lookup.
    let (stderr, output) = run_against_500(&["stop", "job-1"]);
    assert_one_clear_line(&stderr, &output, "SageMaker DescribeTrainingJob");
}

#[test]
fn status_against_a_500_html_page_prints_one_line() {
    let (stderr, output) = run_against_500(&["status", "job-1"]);
    assert_one_clear_line(&stderr, &output, "SageMaker DescribeTrainingJob");
}

#[test]
fn logs_against_a_500_html_page_prints_one_line() {
    let (stderr, output) = run_against_500(&["logs", "job-1"]);
    assert_one_clear_line(&stderr, &output, "CloudWatch Logs FilterLogEvents");
}
