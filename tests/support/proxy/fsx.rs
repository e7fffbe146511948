//! What the proxy adds to moto's FSx answers: moto 5.2.5's DescribeFileSystems leaves out
//! two members the FSx API reference documents for every file system, `Lifecycle` and
//! `VpcId`. The proxy fills them in as FSx does: a file system moto holds has been
//! created, so it is `AVAILABLE`; its `VpcId` is the VPC of its first subnet (`SubnetIds`),
//! which the proxy asks moto's EC2 (DescribeSubnets). Members moto does answer are left as
//! they are (`LustreConfiguration` is echoed from the create request, `MountName`
//! included).

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{Request, answer, status_of};

const DESCRIBE: &str = "AWSSimbaAPIService_v20180301.DescribeFileSystems";
const JSON: &str = "application/x-amz-json-1.1";

/// `response` to `request`, completed when it is a DescribeFileSystems answer.
pub async fn complete(request: &Request, response: Vec<u8>, upstream: u16) -> std::io::Result<Vec<u8>> {
    if request.target.as_deref() != Some(DESCRIBE) || status_of(&response) != 200 {
        return Ok(response);
    }
    let Some(at) = response.windows(4).position(|w| w == b"\r\n\r\n") else { return Ok(response) };
    let Ok(mut body) = serde_json::from_slice::<Value>(&response[at + 4..]) else { return Ok(response) };
    let region = region_of(request);
    for system in body["FileSystems"].as_array_mut().into_iter().flatten() {
        if system.get("Lifecycle").is_none() {
            system["Lifecycle"] = json!("AVAILABLE");
        }
        if system.get("VpcId").is_none()
            && let Some(subnet) = system["SubnetIds"][0].as_str()
            && let Some(vpc) = subnet_vpc(upstream, &region, subnet).await?
        {
            system["VpcId"] = json!(vpc);
        }
    }
    Ok(answer(200, "OK", JSON, &body.to_string(), false))
}

/// The region of the request's credential scope (`Credential=<key>/<date>/<region>/…`).
fn region_of(request: &Request) -> String {
    let head = String::from_utf8_lossy(&request.head);
    head.split("Credential=").nth(1).and_then(|scope| scope.split('/').nth(2)).unwrap_or("us-west-2").to_owned()
}

/// moto's EC2 DescribeSubnets on one subnet: its `vpcId`.
async fn subnet_vpc(upstream: u16, region: &str, subnet: &str) -> std::io::Result<Option<String>> {
    let body = format!("Action=DescribeSubnets&Version=2016-11-15&SubnetId.1={subnet}");
    let mut server = TcpStream::connect(("127.0.0.1", upstream)).await?;
    let head = format!(
        "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/{region}/ec2/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    server.write_all(head.as_bytes()).await?;
    server.write_all(body.as_bytes()).await?;
    let mut response = Vec::new();
    server.read_to_end(&mut response).await?;
    let text = String::from_utf8_lossy(&response);
    Ok(text.split("<vpcId>").nth(1).and_then(|rest| rest.split("</vpcId>").next()).map(ToOwned::to_owned))
}
