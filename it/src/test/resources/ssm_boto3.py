"""Runs a Parameter Store scenario with boto3 for SsmBoto3Test.

Reads {"endpoint", "region", "admin": {"access_key", "secret_key"}} as JSON on stdin and prints one
JSON object of named outcomes; errors are reported as {"error": code, "status": status}.
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
                "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")}


def main():
    plan = json.load(sys.stdin)
    config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30)
    session = boto3.session.Session(aws_access_key_id=plan["admin"]["access_key"],
                                    aws_secret_access_key=plan["admin"]["secret_key"], region_name=plan["region"])
    ssm = session.client("ssm", endpoint_url=plan["endpoint"], config=config)
    out = {}
    out["put_version"] = ssm.put_parameter(Name="/boto/one", Value="one", Type="String")["Version"]
    out["overwrite_version"] = ssm.put_parameter(Name="/boto/one", Value="uno", Overwrite=True)["Version"]
    ssm.put_parameter(Name="/boto/secret", Value="boto-secret", Type="SecureString")
    out["secure_decrypted"] = ssm.get_parameter(Name="/boto/secret", WithDecryption=True)["Parameter"]["Value"]
    out["secure_encrypted_differs"] = ssm.get_parameter(Name="/boto/secret")["Parameter"]["Value"] != "boto-secret"
    ssm.put_parameter(Name="/boto/list", Value="a,b,c", Type="StringList")
    out["string_list"] = ssm.get_parameter(Name="/boto/list")["Parameter"]["Value"]
    for i in range(4):
        ssm.put_parameter(Name="/boto/deep/p%d" % i, Value=str(i), Type="String")
    names = []
    for page in ssm.get_paginator("get_parameters_by_path").paginate(Path="/boto", Recursive=True,
                                                                     PaginationConfig={"PageSize": 2}):
        names.extend(p["Name"] for p in page["Parameters"])
    out["paged_names"] = names
    labelled = ssm.label_parameter_version(Name="/boto/one", ParameterVersion=1, Labels=["first", "aws-reserved"])
    out["invalid_labels"] = labelled["InvalidLabels"]
    out["label_value"] = ssm.get_parameter(Name="/boto/one:first")["Parameter"]["Value"]
    out["errors"] = {
        "already_exists": error_of(lambda: ssm.put_parameter(Name="/boto/one", Value="x", Type="String")),
        "not_found": error_of(lambda: ssm.get_parameter(Name="/boto/none")),
        "version_not_found": error_of(lambda: ssm.get_parameter(Name="/boto/one:42")),
        "hierarchy": error_of(lambda: ssm.put_parameter(Name="/l" * 16, Value="x", Type="String")),
        "pattern": error_of(lambda: ssm.put_parameter(Name="/boto/pat", Value="abc", Type="String", AllowedPattern="^[0-9]+$")),
        "invalid_key": error_of(lambda: ssm.put_parameter(Name="/boto/k", Value="x", Type="SecureString", KeyId="alias/missing")),
        "type_change": error_of(lambda: ssm.put_parameter(Name="/boto/one", Value="x", Type="SecureString", Overwrite=True)),
        "unsupported": error_of(lambda: ssm.list_documents()),
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
