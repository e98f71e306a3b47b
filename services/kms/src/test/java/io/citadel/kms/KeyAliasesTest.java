package io.citadel.kms;

import static io.citadel.kms.KmsHarness.REGION;
import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyAliasesTest {

    private final KmsHarness h = new KmsHarness();
    private final KeyAliases aliases = h.kms.aliases();
    private final KmsKey key = h.symmetricKey();

    @AfterEach
    void close() {
        h.close();
    }

    private String aliasArn(String name) {
        return "arn:aws:kms:" + REGION + ":" + h.accountA + ":" + name;
    }

    @Test
    void aliasNames_followAwsRules() {
        for (String good : List.of("alias/a", "alias/my-key_1", "alias/team/app/key", "alias/" + "x".repeat(250))) {
            aliases.createAlias(h.a(), good, key.keyId());
        }
        for (String bad : List.of("my-key", "alias/", "alias/has space", "alias/ü", "alias/a.b", "ALIAS/x",
                "alias/" + "x".repeat(251), "alias/aws/ssm", "alias/aws/mine")) {
            assertThat(code(() -> aliases.createAlias(h.a(), bad, key.keyId()))).as(bad).isEqualTo("InvalidAliasNameException");
        }
        assertThat(aliases.listAliases(h.a(), null, null, null).aliases()).hasSize(4);
    }

    @Test
    void createAlias_twice_isAlreadyExists_evenForAnotherKey() {
        aliases.createAlias(h.a(), "alias/once", key.keyId());
        KmsKey other = h.symmetricKey();
        assertThat(code(() -> aliases.createAlias(h.a(), "alias/once", other.keyId()))).isEqualTo("AlreadyExistsException");
        assertThat(aliases.listAliases(h.a(), null, null, null).aliases()).singleElement()
                .satisfies(a -> assertThat(a.targetKeyId()).isEqualTo(key.keyId()));
    }

    @Test
    void theSameAliasName_inAnotherAccountOrRegion_isAnotherAlias() {
        aliases.createAlias(h.a(), "alias/shared-name", key.keyId());
        KmsKey bKey = h.createKey(h.b(), KmsHarness.input(null, null));
        aliases.createAlias(h.b(), "alias/shared-name", bKey.keyId());
        KmsKey westKey = h.createKey(h.ctx(h.rootA, KmsHarness.WEST), KmsHarness.input(null, null));
        aliases.createAlias(h.ctx(h.rootA, KmsHarness.WEST), "alias/shared-name", westKey.keyId());

        assertThat(h.kms.cryptography().encrypt(h.b(), Call.DIRECT, "alias/shared-name", utf8("x"), null, null, false).keyArn())
                .isEqualTo(bKey.arn());
        assertThat(h.kms.cryptography().encrypt(h.a(), Call.DIRECT, "alias/shared-name", utf8("x"), null, null, false).keyArn())
                .isEqualTo(key.arn());
    }

    @Test
    void aliasNameAndAliasArn_areAcceptedAsKeyIdForEncrypt() {
        aliases.createAlias(h.a(), "alias/app", key.keyId());
        for (String keyId : List.of("alias/app", aliasArn("alias/app"))) {
            KeyCryptography.Encrypted e = h.kms.cryptography().encrypt(h.a(), Call.DIRECT, keyId, utf8("via alias"), null, null, false);
            assertThat(e.keyArn()).as(keyId).isEqualTo(key.arn());
            assertThat(h.decrypt(h.a(), e.ciphertext(), null)).isEqualTo(utf8("via alias"));
        }
        assertThat(h.describe(h.a(), "alias/app").keyId()).isEqualTo(key.keyId());
        assertThat(code(() -> h.encrypt(h.a(), "alias/missing", utf8("x"), null))).isEqualTo("NotFoundException");
        assertThat(code(() -> h.encrypt(h.a(), "arn:aws:kms:us-west-2:" + h.accountA + ":alias/app", utf8("x"), null)))
                .isEqualTo("NotFoundException");
    }

    @Test
    void keyIds_naming_malformedOrOverlongAliases_areNotFound_notInternalErrors() {
        for (String keyId : List.of("alias/" + "x".repeat(2000), "alias/nul\u0000", "alias/\ud800", "alias/",
                aliasArn("alias/" + "y".repeat(1500)))) {
            assertThat(code(() -> h.encrypt(h.a(), keyId, utf8("x"), null))).as(keyId.substring(0, Math.min(20, keyId.length())))
                    .isEqualTo("NotFoundException");
        }
    }

    @Test
    void createAlias_targetsAKeyIdOrArn_notAnotherAlias() {
        aliases.createAlias(h.a(), "alias/first", key.arn());
        assertThat(code(() -> aliases.createAlias(h.a(), "alias/second", "alias/first"))).isEqualTo("NotFoundException");
        assertThat(code(() -> aliases.createAlias(h.a(), "alias/third", "11111111-2222-3333-4444-555555555555")))
                .isEqualTo("NotFoundException");
    }

    @Test
    void createAlias_forAKeyPendingDeletion_isInvalidState() {
        h.kms.deletion().scheduleKeyDeletion(h.a(), key.keyId(), 7, false);
        assertThat(code(() -> aliases.createAlias(h.a(), "alias/late", key.keyId()))).isEqualTo("KMSInvalidStateException");
    }

    @Test
    void updateAlias_pointsItAtAnotherKey_whileOldCiphertextsStillDecrypt() {
        KmsKey next = h.symmetricKey();
        aliases.createAlias(h.a(), "alias/current", key.keyId());
        byte[] old = h.encrypt(h.a(), "alias/current", utf8("old"), null);
        h.clock.advance(Duration.ofMinutes(5));

        aliases.updateAlias(h.a(), "alias/current", next.keyId());

        assertThat(h.kms.cryptography().encrypt(h.a(), Call.DIRECT, "alias/current", utf8("new"), null, null, false).keyArn())
                .isEqualTo(next.arn());
        assertThat(h.decrypt(h.a(), old, null)).isEqualTo(utf8("old"));
        KeyAliases.AliasEntry entry = aliases.listAliases(h.a(), null, null, null).aliases().getFirst();
        assertThat(entry.targetKeyId()).isEqualTo(next.keyId());
        assertThat(entry.creationDate()).isEqualTo(KmsHarness.START);
        assertThat(entry.lastUpdatedDate()).isEqualTo(KmsHarness.START.plus(Duration.ofMinutes(5)));
        assertThat(aliases.listAliases(h.a(), key.keyId(), null, null).aliases()).isEmpty();
    }

    @Test
    void updateAlias_toAKeyOfAnotherTypeOrUsage_isRefused_andMissingAliasIsNotFound() {
        aliases.createAlias(h.a(), "alias/sym", key.keyId());
        KmsKey signing = h.key("ECC_NIST_P256", "SIGN_VERIFY");
        assertThat(code(() -> aliases.updateAlias(h.a(), "alias/sym", signing.keyId()))).isEqualTo("ValidationException");
        assertThat(code(() -> aliases.updateAlias(h.a(), "alias/none", key.keyId()))).isEqualTo("NotFoundException");
        assertThat(h.describe(h.a(), "alias/sym").keyId()).isEqualTo(key.keyId());
    }

    @Test
    void deleteAlias_removesIt_butNotTheKey() {
        aliases.createAlias(h.a(), "alias/temp", key.keyId());
        aliases.deleteAlias(h.a(), "alias/temp");

        assertThat(code(() -> h.encrypt(h.a(), "alias/temp", utf8("x"), null))).isEqualTo("NotFoundException");
        assertThat(code(() -> aliases.deleteAlias(h.a(), "alias/temp"))).isEqualTo("NotFoundException");
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.ENABLED);
        aliases.createAlias(h.a(), "alias/temp", key.keyId());
    }

    @Test
    void listAliases_pagesThroughEveryAlias_inNameOrder() {
        KmsKey other = h.symmetricKey();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String name = String.format("alias/k-%02d", i);
            aliases.createAlias(h.a(), name, (i % 5 == 0 ? other : key).keyId());
            expected.add(name);
        }

        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            KeyAliases.AliasPage page = aliases.listAliases(h.a(), null, 10, marker);
            assertThat(page.aliases()).hasSizeLessThanOrEqualTo(10);
            page.aliases().forEach(a -> {
                seen.add(a.aliasName());
                assertThat(a.aliasArn()).isEqualTo(aliasArn(a.aliasName()));
            });
            marker = page.nextMarker();
            pages++;
        } while (marker != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(code(() -> aliases.listAliases(h.a(), null, 10, "garbage!"))).isEqualTo("InvalidMarkerException");
    }

    @Test
    void listAliases_withKeyId_listsOnlyThatKeysAliases_andPages() {
        KmsKey other = h.symmetricKey();
        for (int i = 0; i < 12; i++) {
            aliases.createAlias(h.a(), String.format("alias/n-%02d", i), (i % 3 == 0 ? other : key).keyId());
        }

        KeyAliases.AliasPage first = aliases.listAliases(h.a(), other.arn(), 2, null);
        KeyAliases.AliasPage second = aliases.listAliases(h.a(), other.keyId(), 2, first.nextMarker());

        assertThat(first.aliases()).extracting(KeyAliases.AliasEntry::aliasName).containsExactly("alias/n-00", "alias/n-03");
        assertThat(second.aliases()).extracting(KeyAliases.AliasEntry::aliasName).containsExactly("alias/n-06", "alias/n-09");
        assertThat(second.nextMarker()).isNull();
        assertThat(aliases.listAliases(h.a(), key.keyId(), null, null).aliases()).hasSize(8);
    }
}
