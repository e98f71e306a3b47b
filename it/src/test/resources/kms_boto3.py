"""Runs a KMS scenario with boto3 for the Java end-to-end tests, checking KMS's answers with `cryptography`.

Reads {"endpoint", "region", "admin": {"access_key", "secret_key"}, "user": {...}} as JSON on stdin
("user" has no KMS permission) and prints one JSON object of named outcomes; the Java test asserts
on them. Independent checks happen here: signatures are verified with the DER public key from
get_public_key, the ECDH secret is recomputed locally, HMACs of imported material are recomputed
with hmac. Errors are reported by the code botocore parsed, as {"error": code, "status": status}.
"""
import hashlib
import hmac
import json
import os
import sys

import boto3
import botocore.config
import botocore.exceptions
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding


def client(plan, who):
    config = botocore.config.Config(
        retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30)
    session = boto3.session.Session(
        aws_access_key_id=plan[who]["access_key"],
        aws_secret_access_key=plan[who]["secret_key"],
        region_name=plan["region"],
    )
    return session.client("kms", endpoint_url=plan["endpoint"], config=config)


def error_of(call):
    """The error code and HTTP status botocore reports for a call that must fail."""
    try:
        call()
        return {"error": None}
    except botocore.exceptions.ClientError as e:
        return {
            "error": e.response.get("Error", {}).get("Code"),
            "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            "message": e.response.get("Error", {}).get("Message"),
        }


def verifies(public_key, signature, message, *args):
    try:
        public_key.verify(signature, message, *args)
        return True
    except InvalidSignature:
        return False


def symmetric(kms, out):
    key = kms.create_key(Description="boto3 symmetric")["KeyMetadata"]
    out["symmetric"] = {k: key[k] for k in ("KeyId", "Arn", "KeySpec", "KeyUsage", "KeyState", "Origin", "KeyManager")}
    context = {"app": "boto3", "purpose": "e2e"}
    encrypted = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"hello from boto3", EncryptionContext=context)
    decrypted = kms.decrypt(CiphertextBlob=encrypted["CiphertextBlob"], EncryptionContext=context)
    out["encrypt"] = {"KeyId": encrypted["KeyId"], "EncryptionAlgorithm": encrypted["EncryptionAlgorithm"],
                      "ciphertext_holds_plaintext": b"hello from boto3" in encrypted["CiphertextBlob"]}
    out["decrypt"] = {"KeyId": decrypted["KeyId"], "Plaintext": decrypted["Plaintext"].decode("utf-8")}
    out["decrypt_wrong_context"] = error_of(lambda: kms.decrypt(
        CiphertextBlob=encrypted["CiphertextBlob"], EncryptionContext={"app": "boto3"}))
    data_key = kms.generate_data_key(KeyId=key["Arn"], KeySpec="AES_256")
    again = kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"])["Plaintext"]
    out["data_key"] = {"length": len(data_key["Plaintext"]), "decrypts_to_same": again == data_key["Plaintext"]}
    kms.create_alias(AliasName="alias/boto3", TargetKeyId=key["KeyId"])
    aliases = kms.list_aliases(KeyId=key["KeyId"])["Aliases"]
    out["aliases"] = [a["AliasName"] for a in aliases]
    out["encrypt_via_alias"] = kms.encrypt(KeyId="alias/boto3", Plaintext=b"x")["KeyId"]
    return key


def signatures(kms, out):
    message = b"signed by KMS, checked by cryptography"
    ecc = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    ecc_public = serialization.load_der_public_key(kms.get_public_key(KeyId=ecc)["PublicKey"])
    ecc_signature = kms.sign(KeyId=ecc, Message=message, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    out["ecdsa"] = {
        "curve": ecc_public.curve.name,
        "verified": verifies(ecc_public, ecc_signature, message, ec.ECDSA(hashes.SHA256())),
        "tampered_verified": verifies(ecc_public, ecc_signature, message + b"!", ec.ECDSA(hashes.SHA256())),
        "kms_verify": kms.verify(KeyId=ecc, Message=message, Signature=ecc_signature,
                                 SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"],
        "kms_verify_tampered": error_of(lambda: kms.verify(KeyId=ecc, Message=message + b"!", Signature=ecc_signature,
                                                           SigningAlgorithm="ECDSA_SHA_256")),
    }
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    rsa_info = kms.get_public_key(KeyId=rsa)
    rsa_public = serialization.load_der_public_key(rsa_info["PublicKey"])
    rsa_signature = kms.sign(KeyId=rsa, Message=message, SigningAlgorithm="RSASSA_PSS_SHA_256")["Signature"]
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    out["rsa_pss"] = {
        "key_size": rsa_public.key_size,
        "signing_algorithms": rsa_info["SigningAlgorithms"],
        "verified": verifies(rsa_public, rsa_signature, message, pss, hashes.SHA256()),
        "tampered_verified": verifies(rsa_public, rsa_signature, b"other", pss, hashes.SHA256()),
    }


def macs(kms, out):
    key = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    mac = kms.generate_mac(KeyId=key, Message=b"mac me", MacAlgorithm="HMAC_SHA_256")["Mac"]
    tampered = bytes([mac[0] ^ 1]) + mac[1:]
    out["mac"] = {
        "length": len(mac),
        "verify": kms.verify_mac(KeyId=key, Message=b"mac me", Mac=mac, MacAlgorithm="HMAC_SHA_256")["MacValid"],
        "verify_tampered": error_of(lambda: kms.verify_mac(KeyId=key, Message=b"mac me", Mac=tampered,
                                                           MacAlgorithm="HMAC_SHA_256")),
    }
    imported = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC", Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    material = os.urandom(32)
    parameters = kms.get_parameters_for_import(KeyId=imported, WrappingAlgorithm="RSAES_OAEP_SHA_256",
                                               WrappingKeySpec="RSA_2048")
    wrapping_key = serialization.load_der_public_key(parameters["PublicKey"])
    wrapped = wrapping_key.encrypt(material, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    kms.import_key_material(KeyId=imported, ImportToken=parameters["ImportToken"], EncryptedKeyMaterial=wrapped,
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    kms_mac = kms.generate_mac(KeyId=imported, Message=b"mac me", MacAlgorithm="HMAC_SHA_256")["Mac"]
    out["imported_mac_matches_hmac"] = kms_mac == hmac.new(material, b"mac me", hashlib.sha256).digest()


def key_agreement(kms, out):
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]["KeyId"]
    kms_public = serialization.load_der_public_key(kms.get_public_key(KeyId=key)["PublicKey"])
    local = ec.generate_private_key(ec.SECP256R1())
    local_der = local.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    derived = kms.derive_shared_secret(KeyId=key, KeyAgreementAlgorithm="ECDH", PublicKey=local_der)
    expected = local.exchange(ec.ECDH(), kms_public)
    out["ecdh"] = {"length": len(derived["SharedSecret"]), "matches": derived["SharedSecret"] == expected,
                   "KeyAgreementAlgorithm": derived["KeyAgreementAlgorithm"]}


def errors(kms, user, key, out):
    found = {}
    found["not_found"] = error_of(lambda: kms.describe_key(KeyId="11111111-2222-3333-4444-555555555555"))
    found["invalid_ciphertext"] = error_of(lambda: kms.decrypt(CiphertextBlob=b"\x00" * 80))
    found["validation"] = error_of(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x" * 4097))
    found["invalid_key_usage"] = error_of(lambda: kms.sign(KeyId=key["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256"))
    disabled = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=disabled)
    found["disabled"] = error_of(lambda: kms.encrypt(KeyId=disabled, Plaintext=b"x"))
    pending = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=pending, PendingWindowInDays=7)
    found["invalid_state"] = error_of(lambda: kms.encrypt(KeyId=pending, Plaintext=b"x"))
    found["already_exists"] = error_of(lambda: kms.create_alias(AliasName="alias/boto3", TargetKeyId=key["KeyId"]))
    found["access_denied"] = error_of(lambda: user.encrypt(KeyId=key["KeyId"], Plaintext=b"x"))
    out["errors"] = found


def main():
    plan = json.load(sys.stdin)
    kms = client(plan, "admin")
    out = {}
    key = symmetric(kms, out)
    signatures(kms, out)
    macs(kms, out)
    key_agreement(kms, out)
    errors(kms, client(plan, "user"), key, out)
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
