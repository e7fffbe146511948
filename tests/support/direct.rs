//! Calls straight to moto (not through sagespec or the proxy), for a test to set the
//! scene and to check what moto holds: raw HTTP/1.1, SageMaker awsJson1.1 calls and S3
//! objects. moto does not check signatures; the credential scope names the region.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

/// One HTTP/1.1 request to 127.0.0.1:`port` (moto does not check signatures; the
/// credential scope names the region); the status and the body.
pub fn http(port: u16, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    let _ = write!(head, "Content-Length: {}\r\n\r\n", body.len());
    stream.write_all(head.as_bytes()).expect("write head");
    stream.write_all(body).expect("write body");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let split = find(&response, b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    assert!(!head.to_ascii_lowercase().contains("transfer-encoding: chunked"), "chunked answer: {head}");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
    (status, response[split + 4..].to_vec())
}

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An unsigned `Authorization` header naming `region` and `service`.
pub fn authorization(region: &str, service: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential=testing/20240101/{region}/{service}/aws4_request, SignedHeaders=host, Signature=0"
    )
}

/// An awsJson1.1 SageMaker call straight to moto.
pub fn sagemaker(port: u16, region: &str, operation: &str, body: &Value) -> Value {
    let headers = [
        ("X-Amz-Target", format!("SageMaker.{operation}")),
        ("Content-Type", "application/x-amz-json-1.1".to_owned()),
        ("Authorization", authorization(region, "sagemaker")),
    ];
    let (status, answer) = http(port, "POST", "/", &headers, body.to_string().as_bytes());
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert_eq!(status, 200, "{operation}: {answer}");
    serde_json::from_str(&answer).expect("JSON answer")
}

/// Creates the bucket (if needed) and puts `bytes` at `s3://bucket/key` in moto.
pub fn put_object(port: u16, region: &str, bucket: &str, key: &str, bytes: &[u8]) {
    let auth = [("Authorization", authorization(region, "s3"))];
    let location = if region == "us-east-1" {
        String::new()
    } else {
        format!(
            "<CreateBucketConfiguration><LocationConstraint>{region}</LocationConstraint></CreateBucketConfiguration>"
        )
    };
    let (status, answer) = http(port, "PUT", &format!("/{bucket}"), &auth, location.as_bytes());
    let answer = String::from_utf8_lossy(&answer);
    assert!(status == 200 || answer.contains("BucketAlreadyOwnedByYou"), "CreateBucket {bucket}: {status} {answer}");
    let (status, answer) = http(port, "PUT", &format!("/{bucket}/{key}"), &auth, bytes);
    assert_eq!(status, 200, "PutObject {bucket}/{key}: {}", String::from_utf8_lossy(&answer));
}

/// An awsJson1.1 SageMaker call straight to moto, whatever its answer: the status and
/// the JSON body.
pub fn sagemaker_answer(port: u16, region: &str, operation: &str, body: &Value) -> (u16, Value) {
    let headers = [
        ("X-Amz-Target", format!("SageMaker.{operation}")),
        ("Content-Type", "application/x-amz-json-1.1".to_owned()),
        ("Authorization", authorization(region, "sagemaker")),
    ];
    let (status, answer) = http(port, "POST", "/", &headers, body.to_string().as_bytes());
    (status, serde_json::from_slice(&answer).unwrap_or(Value::Null))
}
