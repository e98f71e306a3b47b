"""Runs a Secrets Manager scenario with boto3 for SecretsBoto3Test.

Reads {"endpoint", "region", "admin": {"access_key", "secret_key"}} as JSON on stdin and prints one
JSON object of named outcomes; errors are reported as {"error": code, "status": status, "message": text}.
"""
import json
import sys

import boto3
import botocore.config
import botocore.exceptions


def error_of(call):
    try:
        call()
        return {"error": None}
    except botocore.exceptions.ClientError as e:
        return {"error": e.response.get("Error", {}).get("Code"),
                "message": e.response.get("Error", {}).get("Message"),
                "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")}


def main():
    plan = json.load(sys.stdin)
    config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30)
    session = boto3.session.Session(aws_access_key_id=plan["admin"]["access_key"],
                                    aws_secret_access_key=plan["admin"]["secret_key"], region_name=plan["region"])
    sm = session.client("secretsmanager", endpoint_url=plan["endpoint"], config=config)
    out = {}
    created = sm.create_secret(Name="boto/app", SecretString='{"user":"u","password":"p1"}')
    out["arn"] = created["ARN"]
    out["value"] = sm.get_secret_value(SecretId="boto/app")["SecretString"]
    v2 = sm.put_secret_value(SecretId="boto/app", SecretString='{"user":"u","password":"p2"}')["VersionId"]
    out["stages"] = sm.describe_secret(SecretId="boto/app")["VersionIdsToStages"][v2]
    out["previous"] = sm.get_secret_value(SecretId="boto/app", VersionStage="AWSPREVIOUS")["SecretString"]
    out["by_partial_arn"] = sm.get_secret_value(SecretId=created["ARN"][:-7])["Name"]
    for i in range(5):
        sm.create_secret(Name="boto/page/s%d" % i, SecretString=str(i))
    names = []
    for page in sm.get_paginator("list_secrets").paginate(Filters=[{"Key": "name", "Values": ["boto/page/"]}],
                                                         PaginationConfig={"PageSize": 2}):
        names.extend(s["Name"] for s in page["SecretList"])
    out["paged_names"] = names
    out["versions"] = len(sm.list_secret_version_ids(SecretId="boto/app", IncludeDeprecated=True)["Versions"])
    out["password"] = sm.get_random_password(PasswordLength=20, ExcludeNumbers=True, ExcludePunctuation=True)["RandomPassword"]
    batch = sm.batch_get_secret_value(SecretIdList=["boto/page/s1", "boto/page/s2"])
    out["batch"] = sorted(v["SecretString"] for v in batch["SecretValues"])
    sm.tag_resource(SecretId="boto/app", Tags=[{"Key": "k", "Value": "v"}])
    out["tags"] = sm.describe_secret(SecretId="boto/app")["Tags"]
    sm.delete_secret(SecretId="boto/page/s0", RecoveryWindowInDays=7)
    out["deleted_has_date"] = "DeletedDate" in sm.describe_secret(SecretId="boto/page/s0")
    out["errors"] = {
        "exists": error_of(lambda: sm.create_secret(Name="boto/app", SecretString="x")),
        "not_found": error_of(lambda: sm.get_secret_value(SecretId="boto/none")),
        "deleted": error_of(lambda: sm.get_secret_value(SecretId="boto/page/s0")),
        "window": error_of(lambda: sm.delete_secret(SecretId="boto/app", RecoveryWindowInDays=31)),
        "token": error_of(lambda: [sm.put_secret_value(SecretId="boto/app", SecretString="a", ClientRequestToken="t" * 32),
                                   sm.put_secret_value(SecretId="boto/app", SecretString="b", ClientRequestToken="t" * 32)]),
        "stage": error_of(lambda: sm.update_secret_version_stage(SecretId="boto/app", VersionStage="AWSCURRENT",
                                                                 MoveToVersionId=created["VersionId"])),
        "public": error_of(lambda: sm.put_resource_policy(SecretId="boto/app", BlockPublicPolicy=True, ResourcePolicy=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:*",
                                                      "Resource": "*"}]}))),
        "malformed": error_of(lambda: sm.put_resource_policy(SecretId="boto/app", ResourcePolicy="{nope")),
        "rotate": error_of(lambda: sm.rotate_secret(SecretId="boto/app",
                                                    RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:x")),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
