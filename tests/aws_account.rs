//! The account checks (`validate --online`, `plan`) against moto: each kind of problem is
//! found at the manifest's value, a manifest whose resources all exist passes, and each
//! resource is looked up once per run, counted through the test proxy.
//!
//! The account is set up with the AWS SDK straight against moto (not through the proxy, so
//! only sagespec's own calls are counted). moto 5.2.5 leaves `Lifecycle` and `VpcId` out
//! of FSx DescribeFileSystems; the proxy fills them in (`tests/support/proxy/fsx.rs`).

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use aws_sdk_s3::config::{Credentials, Region, SharedCredentialsProvider};
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use serde_json::Value;
use support::{Moto, Proxy, Sagespec, arg, describe};

const REGION: &str = "us-west-2";
const ACCOUNT: &str = "123456789012";
const TRUST_SAGEMAKER: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const TRUST_EC2: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn config(moto: &Moto, region: &str) -> aws_config::SdkConfig {
    aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(moto.url())
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "testing", "testing", None, None, "tests",
        )))
        .build()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

/// What the clean manifest names, created in moto.
struct Account {
    vpc_subnet: String,
    vpc_group: String,
    other_vpc_subnet: String,
    file_system: String,
    key_arn: String,
    disabled_key_arn: String,
}

/// Buckets (`data` with objects under `train/`, `empty`, `elsewhere` in eu-west-1,
/// `out`), two VPCs with a subnet each and a security group in the first, an FSx for
/// Lustre file system in the first VPC (mount name `abcdefgh`), the roles `Trusted` and
/// `Ec2Only`, an enabled and a disabled KMS key, and the image `trainer:v1`.
fn set_up(moto: &Moto) -> Account {
    runtime().block_on(async {
        let regional = config(moto, REGION);
        let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&regional).force_path_style(true).build());
        for bucket in ["data", "empty", "out"] {
            create_bucket(&s3, bucket, REGION).await;
        }
        let europe = config(moto, "eu-west-1");
        let s3_europe =
            aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&europe).force_path_style(true).build());
        create_bucket(&s3_europe, "elsewhere", "eu-west-1").await;
        for (bucket, key) in [("data", "train/part-0"), ("elsewhere", "train/part-0")] {
            let client = if bucket == "elsewhere" { &s3_europe } else { &s3 };
            client.put_object().bucket(bucket).key(key).body(b"x".to_vec().into()).send().await.expect("put object");
        }

        let ec2 = aws_sdk_ec2::Client::new(&regional);
        let mut subnets = Vec::new();
        for cidr in ["10.1.0.0/16", "10.2.0.0/16"] {
            let vpc = ec2.create_vpc().cidr_block(cidr).send().await.expect("vpc");
            let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).expect("vpc id").to_owned();
            let subnet_cidr = cidr.replace(".0.0/16", ".1.0/24");
            let subnet = ec2.create_subnet().vpc_id(&vpc_id).cidr_block(subnet_cidr).send().await.expect("subnet");
            subnets.push((vpc_id, subnet.subnet().and_then(|s| s.subnet_id()).expect("subnet id").to_owned()));
        }
        let group = ec2
            .create_security_group()
            .group_name("training")
            .description("training")
            .vpc_id(&subnets[0].0)
            .send()
            .await
            .expect("security group");

        let iam = aws_sdk_iam::Client::new(&regional);
        for (name, trust) in [("Trusted", TRUST_SAGEMAKER), ("Ec2Only", TRUST_EC2)] {
            iam.create_role().role_name(name).assume_role_policy_document(trust).send().await.expect("role");
        }

        let kms = aws_sdk_kms::Client::new(&regional);
        let mut keys = Vec::new();
        for _ in 0..2 {
            let key = kms.create_key().send().await.expect("key");
            let metadata = key.key_metadata().expect("key metadata");
            keys.push((metadata.key_id().to_owned(), metadata.arn().unwrap_or_default().to_owned()));
        }
        // By id: moto's DisableKey does not resolve an ARN.
        kms.disable_key().key_id(&keys[1].0).send().await.expect("disable key");

        let ecr = aws_sdk_ecr::Client::new(&regional);
        ecr.create_repository().repository_name("trainer").send().await.expect("repository");
        let manifest = r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":[]}"#;
        ecr.put_image().repository_name("trainer").image_manifest(manifest).image_tag("v1").send().await.expect("image");

        // Through moto's JSON API directly: the SDK's CreateFileSystem cannot send
        // `MountName`, which FSx itself chooses and moto echoes from the request.
        let created = json_post(
            moto,
            "fsx",
            "AWSSimbaAPIService_v20180301.CreateFileSystem",
            &serde_json::json!({
                "FileSystemType": "LUSTRE",
                "StorageCapacity": 1200,
                "SubnetIds": [subnets[0].1],
                "LustreConfiguration": {"DeploymentType": "SCRATCH_2", "MountName": "abcdefgh"},
            }),
        );
        let file_system = created["FileSystem"]["FileSystemId"].as_str().expect("file system id").to_owned();

        Account {
            vpc_subnet: subnets[0].1.clone(),
            vpc_group: group.group_id().expect("group id").to_owned(),
            other_vpc_subnet: subnets[1].1.clone(),
            file_system,
            key_arn: keys[0].1.clone(),
            disabled_key_arn: keys[1].1.clone(),
        }
    })
}

async fn create_bucket(s3: &aws_sdk_s3::Client, bucket: &str, region: &str) {
    s3.create_bucket()
        .bucket(bucket)
        .create_bucket_configuration(
            CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::from(region)).build(),
        )
        .send()
        .await
        .expect("create bucket");
}

/// An unsigned awsJson1.1 POST to moto for `service` (moto reads the service from the
/// credential scope and checks no signature): the answer's JSON.
fn json_post(moto: &Moto, service: &str, target: &str, body: &Value) -> Value {
    let body = body.to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", moto.port)).expect("connect moto");
    write!(
        stream,
        "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.1\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/{REGION}/{service}/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (_, body) = response.split_once("\r\n\r\n").expect("an HTTP answer");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{target} answered no JSON ({e}): {body}"))
}

/// The manifest every case edits: everything it names exists in `account`.
fn clean(account: &Account) -> String {
    format!(
        "apiVersion: sagespec/v1\nkind: TrainingJob\njob_name: checked\nregion: {REGION}\nframework: pytorch\n\
         framework_version: \"2.2.0\"\npy_version: py310\nentry_point: train.py\nsource_dir: code\n\
         role: arn:aws:iam::{ACCOUNT}:role/Trusted\n\
         image_uri: {ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/trainer:v1\n\
         instance_type: ml.m5.xlarge\ninstance_count: 1\n\
         inputs:\n  train: s3://data/train/\n  \
         lustre: {{file_system_id: {fs}, file_system_type: FSxLustre, directory_path: /abcdefgh/train}}\n\
         output_path: s3://out/models/\n\
         subnets: [{subnet}]\nsecurity_group_ids: [{group}]\n\
         volume_kms_key: {key}\n",
        fs = account.file_system,
        subnet = account.vpc_subnet,
        group = account.vpc_group,
        key = account.key_arn,
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let code = dir.join("code");
    std::fs::create_dir_all(&code).expect("code dir");
    std::fs::write(code.join("train.py"), "print('training')\n").expect("train.py");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("manifest");
    path
}

/// A finding as the tests see it: its code, its severity, and the text it points at.
type Seen = (String, String, String);

/// `validate --online --format json` on `path`: its findings as `(code, severity, the text
/// pointed at)`, and the exit status.
fn validate_online(proxy: &Proxy, path: &Path) -> (Vec<Seen>, Option<i32>) {
    let output = Sagespec::new(&proxy.url()).run(&["validate", "--online", "--format", "json", arg(path)]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", describe(&output)));
    let text = std::fs::read(path).expect("read manifest");
    let findings = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            let offset = usize::try_from(d["offset"].as_u64().expect("offset")).expect("fits");
            let length = usize::try_from(d["length"].as_u64().expect("length")).expect("fits");
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["severity"].as_str().unwrap_or_default().to_owned(),
                String::from_utf8_lossy(&text[offset..offset + length]).into_owned(),
            )
        })
        .collect();
    (findings, output.status.code())
}

fn finding(code: &str, severity: &str, pointed: &str) -> Seen {
    (format!("sagespec::account::{code}"), severity.to_owned(), pointed.to_owned())
}

#[test]
fn each_problem_is_found_at_the_value_that_names_it() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 1);
    let account = set_up(&moto);
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = clean(&account);
    let missing_fs = "fs-0123456789abcdef0";
    let cases: Vec<(&str, String, Vec<Seen>, i32)> = vec![
        (
            "bucket in another region",
            clean.replace("s3://data/train/", "s3://elsewhere/train/"),
            vec![finding("bucket-in-other-region", "error", "s3://elsewhere/train/")],
            1,
        ),
        (
            "empty input prefix",
            clean.replace("s3://data/train/", "s3://empty/train/"),
            vec![finding("empty-input-prefix", "warning", "s3://empty/train/")],
            0,
        ),
        (
            "missing FSx file system",
            clean.replace(&account.file_system, missing_fs),
            vec![finding("file-system-missing", "error", missing_fs)],
            1,
        ),
        (
            "FSx in another VPC",
            clean.replace(
                &format!("subnets: [{}]", account.vpc_subnet),
                &format!("subnets: [{}]", account.other_vpc_subnet),
            ),
            vec![
                finding("file-system-in-other-vpc", "error", &account.file_system),
                finding("network-in-several-vpcs", "error", &account.vpc_group),
            ],
            1,
        ),
        (
            "role without the SageMaker trust",
            clean.replace("role/Trusted", "role/Ec2Only"),
            vec![finding("role-not-trusted-by-sagemaker", "error", &format!("arn:aws:iam::{ACCOUNT}:role/Ec2Only"))],
            1,
        ),
        (
            "disabled KMS key",
            clean.replace(&account.key_arn, &account.disabled_key_arn),
            vec![finding("kms-key-disabled", "error", &account.disabled_key_arn)],
            1,
        ),
        (
            "missing ECR image",
            clean.replace("trainer:v1", "trainer:v2"),
            vec![finding("image-missing", "error", &format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/trainer:v2"))],
            1,
        ),
    ];
    for (i, (case, text, expected, status)) in cases.into_iter().enumerate() {
        let path = write(dir.path(), &format!("case-{i}.yaml"), &text);
        let (findings, code) = validate_online(&proxy, &path);
        assert_eq!(findings, expected, "{case}");
        assert_eq!(code, Some(status), "{case}");
    }
}

#[test]
fn a_manifest_that_passes_every_check_validates_and_plans() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 2);
    let account = set_up(&moto);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "clean.yaml", &clean(&account));
    assert_eq!(validate_online(&proxy, &path), (vec![], Some(0)));
    let plan = Sagespec::new(&proxy.url()).run(&["plan", arg(&path)]);
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
    assert!(String::from_utf8_lossy(&plan.stdout).contains("checked"), "{}", describe(&plan));
    assert!(plan.stderr.is_empty(), "{}", describe(&plan));
}

#[test]
fn plan_stops_on_an_account_error() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 3);
    let account = set_up(&moto);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "elsewhere.yaml", &clean(&account).replace("s3://data/", "s3://elsewhere/"));
    let plan = Sagespec::new(&proxy.url()).run(&["plan", arg(&path)]);
    assert_eq!(plan.status.code(), Some(1), "{}", describe(&plan));
    let stdout = String::from_utf8_lossy(&plan.stdout);
    assert!(stdout.contains("sagespec::account::bucket-in-other-region"), "{}", describe(&plan));
    assert!(stdout.contains("is in eu-west-1, but the job runs in us-west-2"), "{}", describe(&plan));
}

#[test]
fn a_thousand_manifests_sharing_three_buckets_cause_three_bucket_look_ups() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 4);
    runtime().block_on(async {
        let regional = config(&moto, REGION);
        let s3 =
            aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&regional).force_path_style(true).build());
        for bucket in ["shared-0", "shared-1", "shared-2"] {
            create_bucket(&s3, bucket, REGION).await;
            s3.put_object().bucket(bucket).key("train/x").body(b"x".to_vec().into()).send().await.expect("put");
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..1000 {
        let text = format!(
            "apiVersion: sagespec/v1\nkind: TrainingJob\njob_name: shared-{i}\nregion: {REGION}\nframework: pytorch\n\
             framework_version: \"2.2.0\"\npy_version: py310\nentry_point: train.py\nsource_dir: code\n\
             role: arn:aws:iam::111122223333:role/SageMakerRole\ninstance_type: ml.m5.xlarge\ninstance_count: 1\n\
             inputs: s3://shared-{}/train/\noutput_path: s3://shared-{}/out/\n",
            i % 3,
            (i + 1) % 3
        );
        write(dir.path(), &format!("m{i:04}.yaml"), &text);
    }
    let output = Sagespec::new(&proxy.url()).run(&["validate", "--online", arg(dir.path())]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let counts = proxy.counts();
    assert_eq!(counts.bucket_locations, 3, "{counts:?}");
    // Three buckets and three input prefixes, and STS once for the role's account (the
    // role is in another account than moto's, so it is not looked up).
    assert_eq!(counts.requests, 7, "{counts:?}");
}
