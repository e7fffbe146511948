#!/usr/bin/env python3
"""Baseline for the plan benchmark: the same DescribeTrainingJob calls `sagespec plan`
makes, one after another, with boto3 (what a shell loop over `aws sagemaker
describe-training-job` or a naive script does).

    bench/.venv/bin/python bench/plan_sequential.py ENDPOINT_URL NAMES_FILE

NAMES_FILE holds one job name a line (bench/plan_bench writes it from `sagespec plan
--format json`). Talks only to ENDPOINT_URL (moto on 127.0.0.1), with dummy credentials.
"""

import sys

import boto3


def main():
    endpoint, names_file = sys.argv[1], sys.argv[2]
    client = boto3.client(
        "sagemaker",
        region_name="us-west-2",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    found = 0
    for name in open(names_file, encoding="utf-8").read().split():
        try:
            client.describe_training_job(TrainingJobName=name)
            found += 1
        except client.exceptions.ClientError:
            pass
    print(f"{found} found", file=sys.stderr)


if __name__ == "__main__":
    main()
