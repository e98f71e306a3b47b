"""Runs an ACM Private CA scenario with boto3 for PcaBoto3Test.

Reads {"endpoint", "region", "admin": {"access_key", "secret_key"}, "workdir", "phase"} as JSON on stdin.
Phase "issue" builds root -> subordinate (PathLen0) -> leaf (server auth, CSR from workdir/leaf.csr) and a
client-auth leaf, writing root.pem, sub.pem, leaf.pem, client.pem to workdir; phase "revoke" revokes the leaf;
phase "ml_dsa" builds an ML_DSA_65 root and issues the leaf CSR from it, writing mldsa-root.pem and mldsa-leaf.pem;
phase "sm2" builds an SM2 root (SM3WITHSM2) and issues workdir/sm2-leaf.csr from it, writing sm2-root.csr, sm2-root.pem and
sm2-leaf.pem, and revokes a second leaf (workdir/sm2-leaf.csr again), writing sm2-revoked.pem.
Prints one JSON object of named outcomes; errors are {"error": code, "status": status, "message": text}.
"""
import json
import sys

import boto3
import botocore.config
import botocore.exceptions

TEMPLATE = "arn:aws:acm-pca:::template/"


def error_of(call):
    try:
        call()
        return {"error": None}
    except botocore.exceptions.ClientError as e:
        return {"error": e.response.get("Error", {}).get("Code"),
                "message": e.response.get("Error", {}).get("Message"),
                "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")}


def client(plan):
    config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=60)
    session = boto3.session.Session(aws_access_key_id=plan["admin"]["access_key"],
                                    aws_secret_access_key=plan["admin"]["secret_key"], region_name=plan["region"])
    return session.client("acm-pca", endpoint_url=plan["endpoint"], config=config)


def revocation():
    return {"CrlConfiguration": {"Enabled": True, "ExpirationInDays": 7, "S3BucketName": "crl-bucket"},
            "OcspConfiguration": {"Enabled": True}}


def issue_and_get(pca, ca, csr, template, validity, signing):
    arn = pca.issue_certificate(CertificateAuthorityArn=ca, Csr=csr, SigningAlgorithm=signing, TemplateArn=TEMPLATE + template,
                                Validity=validity)["CertificateArn"]
    pca.get_waiter("certificate_issued").wait(CertificateAuthorityArn=ca, CertificateArn=arn,
                                              WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    return arn, pca.get_certificate(CertificateAuthorityArn=ca, CertificateArn=arn)


def phase_issue(pca, plan, out):
    workdir = plan["workdir"]
    root = pca.create_certificate_authority(
        CertificateAuthorityConfiguration={"KeyAlgorithm": "EC_prime256v1", "SigningAlgorithm": "SHA256WITHECDSA",
                                           "Subject": {"Country": "US", "Organization": "Citadel", "CommonName": "Boto Root"}},
        RevocationConfiguration=revocation(), CertificateAuthorityType="ROOT", IdempotencyToken="boto-root",
        Tags=[{"Key": "team", "Value": "pki"}])["CertificateAuthorityArn"]
    again = pca.create_certificate_authority(
        CertificateAuthorityConfiguration={"KeyAlgorithm": "EC_prime256v1", "SigningAlgorithm": "SHA256WITHECDSA",
                                           "Subject": {"Country": "US", "Organization": "Citadel", "CommonName": "Boto Root"}},
        RevocationConfiguration=revocation(), CertificateAuthorityType="ROOT", IdempotencyToken="boto-root")["CertificateAuthorityArn"]
    out["idempotent"] = root == again
    out["root_arn"] = root
    out["pending"] = pca.describe_certificate_authority(CertificateAuthorityArn=root)["CertificateAuthority"]["Status"]
    csr = pca.get_certificate_authority_csr(CertificateAuthorityArn=root)["Csr"]
    _, root_cert = issue_and_get(pca, root, csr.encode(), "RootCACertificate/V1", {"Value": 10, "Type": "YEARS"}, "SHA256WITHECDSA")
    pca.import_certificate_authority_certificate(CertificateAuthorityArn=root, Certificate=root_cert["Certificate"].encode())
    described = pca.describe_certificate_authority(CertificateAuthorityArn=root)["CertificateAuthority"]
    out["root_status"] = described["Status"]
    out["root_subject_cn"] = described["CertificateAuthorityConfiguration"]["Subject"]["CommonName"]
    out["root_has_not_after"] = "NotAfter" in described
    root_pem = pca.get_certificate_authority_certificate(CertificateAuthorityArn=root)["Certificate"]

    sub = pca.create_certificate_authority(
        CertificateAuthorityConfiguration={"KeyAlgorithm": "RSA_2048", "SigningAlgorithm": "SHA256WITHRSA",
                                           "Subject": {"Organization": "Citadel", "CommonName": "Boto Issuing CA"}},
        RevocationConfiguration=revocation(), CertificateAuthorityType="SUBORDINATE")["CertificateAuthorityArn"]
    out["sub_arn"] = sub
    sub_csr = pca.get_certificate_authority_csr(CertificateAuthorityArn=sub)["Csr"]
    _, sub_cert = issue_and_get(pca, root, sub_csr.encode(), "SubordinateCACertificate_PathLen0/V1", {"Value": 5, "Type": "YEARS"},
                                "SHA256WITHECDSA")
    pca.import_certificate_authority_certificate(CertificateAuthorityArn=sub, Certificate=sub_cert["Certificate"].encode(),
                                                 CertificateChain=sub_cert["CertificateChain"].encode())
    out["sub_status"] = pca.describe_certificate_authority(CertificateAuthorityArn=sub)["CertificateAuthority"]["Status"]
    sub_ca = pca.get_certificate_authority_certificate(CertificateAuthorityArn=sub)
    out["sub_chain_is_root"] = sub_ca["CertificateChain"].strip() == root_pem.strip()

    with open(workdir + "/leaf.csr", "rb") as f:
        leaf_csr = f.read()
    leaf_arn, leaf = issue_and_get(pca, sub, leaf_csr, "EndEntityServerAuthCertificate/V1", {"Value": 30, "Type": "DAYS"}, "SHA256WITHRSA")
    _, client_cert = issue_and_get(pca, sub, leaf_csr, "EndEntityClientAuthCertificate/V1", {"Value": 30, "Type": "DAYS"}, "SHA256WITHRSA")
    out["leaf_arn"] = leaf_arn
    out["leaf_chain_count"] = leaf["CertificateChain"].count("BEGIN CERTIFICATE")
    for name, pem in (("root.pem", root_pem), ("sub.pem", sub_ca["Certificate"]), ("leaf.pem", leaf["Certificate"]),
                      ("client.pem", client_cert["Certificate"])):
        with open(workdir + "/" + name, "w") as f:
            f.write(pem)

    pages = pca.get_paginator("list_certificate_authorities").paginate(PaginationConfig={"PageSize": 1})
    out["listed"] = sorted(ca["Arn"] for page in pages for ca in page["CertificateAuthorities"])
    out["tags"] = pca.list_tags(CertificateAuthorityArn=root)["Tags"]
    pca.tag_certificate_authority(CertificateAuthorityArn=root, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    tag_pages = pca.get_paginator("list_tags").paginate(CertificateAuthorityArn=root, PaginationConfig={"PageSize": 1})
    out["paged_tags"] = [t["Key"] for page in tag_pages for t in page["Tags"]]
    pca.create_permission(CertificateAuthorityArn=sub, Principal="acm.amazonaws.com",
                          Actions=["IssueCertificate", "GetCertificate", "ListPermissions"])
    out["permissions"] = [p["Principal"] for p in pca.list_permissions(CertificateAuthorityArn=sub)["Permissions"]]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Sid": "x", "Effect": "Allow", "Principal": {"AWS": "111122223333"},
                                                                 "Action": ["acm-pca:IssueCertificate"], "Resource": sub}]})
    pca.put_policy(ResourceArn=sub, Policy=policy)
    out["policy_round_trip"] = json.loads(pca.get_policy(ResourceArn=sub)["Policy"]) == json.loads(policy)
    report = pca.create_certificate_authority_audit_report(CertificateAuthorityArn=sub, S3BucketName="audit-bucket",
                                                           AuditReportResponseFormat="JSON")
    out["report_key"] = report["S3Key"]
    out["report_status"] = pca.describe_certificate_authority_audit_report(
        CertificateAuthorityArn=sub, AuditReportId=report["AuditReportId"])["AuditReportStatus"]

    missing = root.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    errors = {
        "bad_csr": error_of(lambda: pca.issue_certificate(CertificateAuthorityArn=sub, Csr=b"junk", SigningAlgorithm="SHA256WITHRSA",
                                                          Validity={"Value": 1, "Type": "DAYS"})),
        "not_found": error_of(lambda: pca.describe_certificate_authority(CertificateAuthorityArn=missing)),
        "bad_arn": error_of(lambda: pca.describe_certificate_authority(
            CertificateAuthorityArn="arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/nope")),
        "delete_active": error_of(lambda: pca.delete_certificate_authority(CertificateAuthorityArn=root)),
        "too_long": error_of(lambda: pca.issue_certificate(CertificateAuthorityArn=sub, Csr=leaf_csr, SigningAlgorithm="SHA256WITHRSA",
                                                           Validity={"Value": 50, "Type": "YEARS"})),
        "bad_template": error_of(lambda: pca.issue_certificate(CertificateAuthorityArn=sub, Csr=leaf_csr, SigningAlgorithm="SHA256WITHRSA",
                                                               TemplateArn=TEMPLATE + "NoSuchTemplate/V1",
                                                               Validity={"Value": 1, "Type": "DAYS"})),
        "wrong_signing": error_of(lambda: pca.issue_certificate(CertificateAuthorityArn=sub, Csr=leaf_csr, SigningAlgorithm="SHA256WITHECDSA",
                                                                Validity={"Value": 1, "Type": "DAYS"})),
        "no_policy": error_of(lambda: pca.get_policy(ResourceArn=root)),
        "import_again_mismatch": error_of(lambda: pca.import_certificate_authority_certificate(
            CertificateAuthorityArn=sub, Certificate=root_pem.encode())),
        "bad_status": error_of(lambda: pca.update_certificate_authority(CertificateAuthorityArn=root, Status="EXPIRED")),
    }
    out["errors"] = errors


def phase_revoke(pca, plan, out):
    sub, leaf_serial = plan["sub_arn"], plan["serial"]
    pca.revoke_certificate(CertificateAuthorityArn=sub, CertificateSerial=leaf_serial, RevocationReason="KEY_COMPROMISE")
    out["errors"] = {"again": error_of(lambda: pca.revoke_certificate(CertificateAuthorityArn=sub, CertificateSerial=leaf_serial,
                                                                      RevocationReason="KEY_COMPROMISE"))}
    pca.update_certificate_authority(CertificateAuthorityArn=plan["root_arn"], Status="DISABLED")
    pca.delete_certificate_authority(CertificateAuthorityArn=plan["root_arn"], PermanentDeletionTimeInDays=7)
    out["deleted"] = pca.describe_certificate_authority(CertificateAuthorityArn=plan["root_arn"])["CertificateAuthority"]["Status"]
    pca.restore_certificate_authority(CertificateAuthorityArn=plan["root_arn"])
    out["restored"] = pca.describe_certificate_authority(CertificateAuthorityArn=plan["root_arn"])["CertificateAuthority"]["Status"]


def phase_ml_dsa(pca, plan, out):
    workdir = plan["workdir"]
    root = pca.create_certificate_authority(
        CertificateAuthorityConfiguration={"KeyAlgorithm": "ML_DSA_65", "SigningAlgorithm": "ML_DSA_65",
                                           "Subject": {"Organization": "Citadel", "CommonName": "Boto ML-DSA Root"}},
        RevocationConfiguration=revocation(), CertificateAuthorityType="ROOT")["CertificateAuthorityArn"]
    csr = pca.get_certificate_authority_csr(CertificateAuthorityArn=root)["Csr"]
    _, root_cert = issue_and_get(pca, root, csr.encode(), "RootCACertificate/V1", {"Value": 10, "Type": "YEARS"}, "ML_DSA_65")
    pca.import_certificate_authority_certificate(CertificateAuthorityArn=root, Certificate=root_cert["Certificate"].encode())
    described = pca.describe_certificate_authority(CertificateAuthorityArn=root)["CertificateAuthority"]
    out["status"] = described["Status"]
    out["key_algorithm"] = described["CertificateAuthorityConfiguration"]["KeyAlgorithm"]
    out["signing_algorithm"] = described["CertificateAuthorityConfiguration"]["SigningAlgorithm"]
    with open(workdir + "/leaf.csr", "rb") as f:
        leaf_csr = f.read()
    _, leaf = issue_and_get(pca, root, leaf_csr, "EndEntityServerAuthCertificate/V1", {"Value": 30, "Type": "DAYS"}, "ML_DSA_65")
    for name, pem in (("mldsa-root.pem", root_cert["Certificate"]), ("mldsa-leaf.pem", leaf["Certificate"])):
        with open(workdir + "/" + name, "w") as f:
            f.write(pem)
    out["errors"] = {
        "other_level": error_of(lambda: pca.issue_certificate(CertificateAuthorityArn=root, Csr=leaf_csr, SigningAlgorithm="ML_DSA_44",
                                                              Validity={"Value": 1, "Type": "DAYS"})),
        "ecdsa_with_ml_dsa_key": error_of(lambda: pca.create_certificate_authority(
            CertificateAuthorityConfiguration={"KeyAlgorithm": "ML_DSA_44", "SigningAlgorithm": "SHA256WITHECDSA",
                                               "Subject": {"CommonName": "x"}}, CertificateAuthorityType="ROOT")),
    }


def phase_sm2(pca, plan, out):
    workdir = plan["workdir"]
    root = pca.create_certificate_authority(
        CertificateAuthorityConfiguration={"KeyAlgorithm": "SM2", "SigningAlgorithm": "SM3WITHSM2",
                                           "Subject": {"Country": "CN", "Organization": "Citadel", "CommonName": "Boto SM2 Root"}},
        RevocationConfiguration=revocation(), CertificateAuthorityType="ROOT")["CertificateAuthorityArn"]
    out["root_arn"] = root
    csr = pca.get_certificate_authority_csr(CertificateAuthorityArn=root)["Csr"]
    _, root_cert = issue_and_get(pca, root, csr.encode(), "RootCACertificate/V1", {"Value": 10, "Type": "YEARS"}, "SM3WITHSM2")
    pca.import_certificate_authority_certificate(CertificateAuthorityArn=root, Certificate=root_cert["Certificate"].encode())
    described = pca.describe_certificate_authority(CertificateAuthorityArn=root)["CertificateAuthority"]
    out["status"] = described["Status"]
    out["key_algorithm"] = described["CertificateAuthorityConfiguration"]["KeyAlgorithm"]
    out["signing_algorithm"] = described["CertificateAuthorityConfiguration"]["SigningAlgorithm"]
    with open(workdir + "/sm2-leaf.csr", "rb") as f:
        leaf_csr = f.read()
    _, leaf = issue_and_get(pca, root, leaf_csr, "EndEntityServerAuthCertificate/V1", {"Value": 30, "Type": "DAYS"}, "SM3WITHSM2")
    revoked_arn, revoked = issue_and_get(pca, root, leaf_csr, "EndEntityCertificate/V1", {"Value": 30, "Type": "DAYS"}, "SM3WITHSM2")
    pca.revoke_certificate(CertificateAuthorityArn=root, CertificateSerial=revoked_arn.rsplit("/", 1)[1], RevocationReason="SUPERSEDED")
    for name, text in (("sm2-root.csr", csr), ("sm2-root.pem", root_cert["Certificate"]), ("sm2-leaf.pem", leaf["Certificate"]),
                       ("sm2-revoked.pem", revoked["Certificate"])):
        with open(workdir + "/" + name, "w") as f:
            f.write(text)
    with open(workdir + "/sm2-empty-id.csr", "rb") as f:
        empty_id_csr = f.read()
    out["errors"] = {
        "ecdsa_with_sm2_key": error_of(lambda: pca.create_certificate_authority(
            CertificateAuthorityConfiguration={"KeyAlgorithm": "SM2", "SigningAlgorithm": "SHA256WITHECDSA",
                                               "Subject": {"CommonName": "x"}}, CertificateAuthorityType="ROOT")),
        "sm2_signing_with_ec_key": error_of(lambda: pca.create_certificate_authority(
            CertificateAuthorityConfiguration={"KeyAlgorithm": "EC_prime256v1", "SigningAlgorithm": "SM3WITHSM2",
                                               "Subject": {"CommonName": "x"}}, CertificateAuthorityType="SUBORDINATE")),
        "kms_held_sm2": error_of(lambda: pca.create_certificate_authority(
            CertificateAuthorityConfiguration={"KeyAlgorithm": "SM2", "SigningAlgorithm": "SM3WITHSM2",
                                               "Subject": {"CommonName": "x"}}, CertificateAuthorityType="ROOT",
            Tags=[{"Key": "citadel:kms-key-id", "Value": "alias/sm2"}])),
        "other_signing": error_of(lambda: pca.issue_certificate(CertificateAuthorityArn=root, Csr=leaf_csr, SigningAlgorithm="SHA256WITHECDSA",
                                                                Validity={"Value": 1, "Type": "DAYS"})),
        "empty_user_id_csr": error_of(lambda: pca.issue_certificate(CertificateAuthorityArn=root, Csr=empty_id_csr,
                                                                    SigningAlgorithm="SM3WITHSM2", Validity={"Value": 1, "Type": "DAYS"})),
    }


def main():
    plan = json.load(sys.stdin)
    pca = client(plan)
    out = {}
    if plan["phase"] == "issue":
        phase_issue(pca, plan, out)
    elif plan["phase"] == "ml_dsa":
        phase_ml_dsa(pca, plan, out)
    elif plan["phase"] == "sm2":
        phase_sm2(pca, plan, out)
    else:
        phase_revoke(pca, plan, out)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
