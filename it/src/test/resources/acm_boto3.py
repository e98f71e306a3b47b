"""Runs an ACM scenario with boto3 for AcmBoto3Test.

Reads {"phase", "endpoint", "region", "admin": {"access_key", "secret_key"}, ...} as JSON on stdin and prints one
JSON object of named outcomes; errors are reported as {"error": code, "status": status, "message": text}.
Phase "request" asks for a DNS-validated certificate and a private one and does the rest of the tour; phase
"issued" reads the DNS-validated certificate once the test has published its records.
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
    config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=60)
    session = boto3.session.Session(aws_access_key_id=plan["admin"]["access_key"],
                                    aws_secret_access_key=plan["admin"]["secret_key"], region_name=plan["region"])
    acm = session.client("acm", endpoint_url=plan["endpoint"], config=config)
    # botocore checks unions itself; this client sends what it is given, so the server's own check is seen
    unvalidated = session.client("acm", endpoint_url=plan["endpoint"],
                                 config=config.merge(botocore.config.Config(parameter_validation=False)))
    out = {}
    if plan["phase"] == "issued":
        arn = plan["dns_arn"]
        detail = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        out["status"] = detail["Status"]
        out["not_after_is_timestamp"] = hasattr(detail["NotAfter"], "year")
        pems = acm.get_certificate(CertificateArn=arn)
        out["certificate"] = pems["Certificate"]
        out["chain"] = pems["CertificateChain"]
        print(json.dumps(out))
        return

    dns_arn = acm.request_certificate(DomainName="boto.example", SubjectAlternativeNames=["boto.example", "www.boto.example"],
                                      ValidationMethod="DNS", IdempotencyToken="boto1")["CertificateArn"]
    out["dns_arn"] = dns_arn
    out["same_token"] = acm.request_certificate(DomainName="boto.example", ValidationMethod="DNS",
                                                IdempotencyToken="boto1")["CertificateArn"] == dns_arn
    detail = acm.describe_certificate(CertificateArn=dns_arn)["Certificate"]
    out["pending_status"] = detail["Status"]
    out["records"] = [o["ResourceRecord"] for o in detail["DomainValidationOptions"]]
    waiter_error = error_of(lambda: acm.get_certificate(CertificateArn=dns_arn))
    out["errors"] = {"in_progress": waiter_error}

    ca = plan["ca"]
    private_arn = acm.request_certificate(DomainName="svc.boto.internal", CertificateAuthorityArn=ca, KeyAlgorithm="RSA_2048",
                                          Tags=[{"Key": "owner", "Value": "boto"}])["CertificateArn"]
    out["private_status"] = acm.describe_certificate(CertificateArn=private_arn)["Certificate"]["Status"]
    exported = acm.export_certificate(CertificateArn=private_arn, Passphrase=b"boto-passphrase")
    out["exported_key"] = exported["PrivateKey"]
    out["exported_certificate"] = exported["Certificate"]
    out["exported_chain"] = exported["CertificateChain"]
    acm.add_tags_to_certificate(CertificateArn=private_arn, Tags=[{"Key": "stage", "Value": "dev"}])
    out["tags"] = sorted(t["Key"] for t in acm.list_tags_for_certificate(CertificateArn=private_arn)["Tags"])

    imported_arn = acm.import_certificate(Certificate=plan["import_cert"].encode(), PrivateKey=plan["import_key"].encode())["CertificateArn"]
    out["imported_type"] = acm.describe_certificate(CertificateArn=imported_arn)["Certificate"]["Type"]

    paginator = acm.get_paginator("list_certificates")
    listed = []
    for page in paginator.paginate(PaginationConfig={"PageSize": 1}):
        listed.extend(s["CertificateArn"] for s in page["CertificateSummaryList"])
    out["listed"] = listed
    out["issued_only"] = [s["CertificateArn"] for s in acm.list_certificates(CertificateStatuses=["ISSUED"])["CertificateSummaryList"]]

    found = acm.search_certificates(FilterStatement={"And": [
        {"Filter": {"X509AttributeFilter": {"Subject": {"CommonName": {"Value": "boto.internal", "ComparisonOperator": "CONTAINS"}}}}},
        {"Not": {"Filter": {"AcmCertificateMetadataFilter": {"Type": "IMPORTED"}}}}]}, SortBy="CREATED_AT", SortOrder="DESCENDING")
    out["searched"] = [r["CertificateArn"] for r in found["Results"]]
    if found["Results"]:
        first = found["Results"][0]
        out["searched_cn"] = first["X509Attributes"]["Subject"]["CommonName"]
        out["searched_type"] = first["CertificateMetadata"]["AcmCertificateMetadata"]["Type"]
    out["search_pending"] = [r["CertificateArn"] for r in acm.search_certificates(
        FilterStatement={"Filter": {"AcmCertificateMetadataFilter": {"Status": "PENDING_VALIDATION"}}})["Results"]]
    out["private_arn"] = private_arn

    acm.put_account_configuration(ExpiryEvents={"DaysBeforeExpiry": 20}, IdempotencyToken="boto")
    out["days_before_expiry"] = acm.get_account_configuration()["ExpiryEvents"]["DaysBeforeExpiry"]

    out["errors"].update({
        "bad_arn": error_of(lambda: acm.describe_certificate(CertificateArn="arn:aws:acm:us-east-1:%s:nope/1" % plan["account"])),
        "not_found": error_of(lambda: acm.describe_certificate(
            CertificateArn="arn:aws:acm:us-east-1:%s:certificate/00000000-0000-0000-0000-000000000000" % plan["account"])),
        "pattern": error_of(lambda: acm.get_certificate(CertificateArn="x" * 25)),
        "key_algorithm": error_of(lambda: acm.request_certificate(DomainName="k.example", KeyAlgorithm="EC_secp521r1")),
        "renew_public": error_of(lambda: acm.renew_certificate(CertificateArn=dns_arn)),
        "export_imported": error_of(lambda: acm.export_certificate(CertificateArn=imported_arn, Passphrase=b"passpass")),
        "mismatch": error_of(lambda: acm.import_certificate(Certificate=plan["import_cert"].encode(),
                                                            PrivateKey=plan["other_key"].encode())),
        "days": error_of(lambda: acm.put_account_configuration(ExpiryEvents={"DaysBeforeExpiry": 46}, IdempotencyToken="b")),
        "search_union": error_of(lambda: unvalidated.search_certificates(FilterStatement={
            "Filter": {"CertificateArn": private_arn, "AcmCertificateMetadataFilter": {"Type": "PRIVATE"}}})),
        "search_token": error_of(lambda: acm.search_certificates(NextToken="not-a-token")),
    })
    print(json.dumps(out))


if __name__ == "__main__":
    main()
