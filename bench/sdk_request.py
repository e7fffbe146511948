#!/usr/bin/env python3
"""Baseline: the SageMaker Python SDK v2 building the CreateTrainingJob request for the
benchmark's manifest (tests/conformance/cases/ddp_plus_mpi), without AWS.

    bench/.venv/bin/python bench/sdk_request.py [--check EXPECT_JSON]

This is the estimator call the manifest stands for. AWS is replaced by moto in-process
(`mock_aws`: no network; the code tarball is "uploaded" to moto's in-memory S3), exactly as
the conformance cases were recorded. The SageMaker client's `create_training_job` is
replaced by a function that captures its arguments and stops, so the request is built by
the SDK's own `_get_train_request` but never sent. Prints the request as JSON.

With --check, also asserts the request equals the recorded one (minus the code key, which
sagespec chooses differently, see tests/conformance/README.md).
"""

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-west-2")
# The SDK must not look for ~/.sagemaker config or phone home.
os.environ.setdefault("SAGEMAKER_SKIP_CONFIG", "1")
os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

CASE = Path(__file__).resolve().parent.parent / "tests/conformance/cases/ddp_plus_mpi"


class Captured(Exception):
    """Stops the call once the request is built."""


def build_request():
    from sagemaker.pytorch import PyTorch
    from sagemaker.session import Session

    with mock_aws():
        boto_session = boto3.Session(region_name="us-west-2")
        session = Session(boto_session=boto_session, default_bucket=None)
        captured = {}

        def capture(**request):
            captured.update(request)
            raise Captured

        session.sagemaker_client.create_training_job = capture
        estimator = PyTorch(
            entry_point="train.py",
            source_dir=str(CASE / "src"),
            role="arn:aws:iam::123456789012:role/SageMakerRole",
            framework_version="2.2.0",
            py_version="py310",
            instance_type="ml.p4d.24xlarge",
            instance_count=2,
            distribution={
                "smdistributed": {"dataparallel": {"enabled": True}},
                "mpi": {"enabled": True, "processes_per_host": 8},
            },
            sagemaker_session=session,
        )
        try:
            estimator.fit("s3://oracle-data/train", wait=False, logs=False, job_name="oracle-ddp-plus-mpi")
        except Captured:
            pass
        return captured


def main():
    # The SDK prints its config notices on stdout; keep stdout for the request.
    stdout, sys.stdout = sys.stdout, sys.stderr
    try:
        request = build_request()
    finally:
        sys.stdout = stdout
    if "--check" in sys.argv:
        expected = json.loads(Path(sys.argv[sys.argv.index("--check") + 1]).read_text())["request"]
        for side in (request, expected):
            side["HyperParameters"].pop("sagemaker_submit_directory", None)
        if request != expected:
            print(json.dumps(request, indent=2), file=sys.stderr)
            sys.exit("the SDK's request differs from the recorded one")
    json.dump(request, sys.stdout, indent=2, default=str)
    print()


if __name__ == "__main__":
    main()
