package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Every paginated KMS list through the SDK's own paginators and by hand with small limits: each
 * item once, pages no larger than Limit, Truncated exactly when a NextMarker is given.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsListingJavaSdkTest {

    @TempDir
    static Path dataDir;

    private static Node node;
    private static KmsClient kms;
    private static String account;

    @BeforeAll
    static void start() {
        node = Node.start(dataDir);
        kms = KmsClients.kms(node, node.bootstrapCredentials());
        account = node.adminAccountId();
    }

    @AfterAll
    static void stop() {
        kms.close();
        node.close();
    }

    /** One page as the test reads it: its items, its NextMarker, its Truncated. */
    record Page<T>(List<T> items, String nextMarker, Boolean truncated) {
    }

    /** Walks the pages of {@code list} with {@code limit}, checking each page's shape; every item in order. */
    private static <T> List<T> walk(int limit, Function<String, Page<T>> list) {
        List<T> all = new ArrayList<>();
        String marker = null;
        for (int pages = 0; pages < 1000; pages++) {
            Page<T> page = list.apply(marker);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            assertThat(page.truncated()).as("Truncated with NextMarker %s", page.nextMarker()).isEqualTo(page.nextMarker() != null);
            all.addAll(page.items());
            marker = page.nextMarker();
            if (marker == null) {
                return all;
            }
            assertThat(page.items()).as("a truncated page has items").isNotEmpty();
        }
        throw new AssertionError("more than 1000 pages");
    }

    @Test
    void listAliases_pagesAllAliases_andFiltersByKey() {
        String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
        String other = kms.createKey(b -> { }).keyMetadata().keyId();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String name = "alias/page-" + i;
            String target = i % 2 == 0 ? keyId : other;
            kms.createAlias(b -> b.aliasName(name).targetKeyId(target));
            names.add(name);
        }

        List<String> all = walk(3, m -> {
            var r = kms.listAliases(b -> b.limit(3).marker(m));
            return new Page<>(r.aliases().stream().map(AliasListEntry::aliasName).toList(), r.nextMarker(), r.truncated());
        });
        List<String> ofKey = walk(2, m -> {
            var r = kms.listAliases(b -> b.keyId(keyId).limit(2).marker(m));
            return new Page<>(r.aliases().stream().map(AliasListEntry::aliasName).toList(), r.nextMarker(), r.truncated());
        });

        assertThat(all).doesNotHaveDuplicates().containsAll(names);
        assertThat(ofKey).containsExactlyInAnyOrder("alias/page-0", "alias/page-2", "alias/page-4", "alias/page-6");
        assertThat(kms.listAliasesPaginator(b -> b.keyId(other).limit(1)).aliases()).extracting(AliasListEntry::aliasName)
                .containsExactlyInAnyOrder("alias/page-1", "alias/page-3", "alias/page-5");
    }

    @Test
    void listGrantsAndRetirableGrants_page() {
        String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
        String root = "arn:aws:iam::" + account + ":root";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            ids.add(kms.createGrant(b -> b.keyId(keyId).granteePrincipal(root).retiringPrincipal(root).name("g" + n)
                    .operations(GrantOperation.DECRYPT)).grantId());
        }

        List<String> listed = walk(2, m -> {
            var r = kms.listGrants(b -> b.keyId(keyId).limit(2).marker(m));
            return new Page<>(r.grants().stream().map(GrantListEntry::grantId).toList(), r.nextMarker(), r.truncated());
        });
        List<String> retirable = walk(3, m -> {
            var r = kms.listRetirableGrants(b -> b.retiringPrincipal(root).limit(3).marker(m));
            return new Page<>(r.grants().stream().map(GrantListEntry::grantId).toList(), r.nextMarker(), r.truncated());
        });

        assertThat(listed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(retirable).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(kms.listGrantsPaginator(b -> b.keyId(keyId).limit(4)).grants()).hasSize(5);
        assertThat(kms.listGrants(b -> b.keyId(keyId).grantId(ids.get(3))).grants()).extracting(GrantListEntry::name)
                .containsExactly("g3");
        assertThatThrownBy(() -> kms.listGrants(b -> b.keyId(keyId).marker("99"))).isInstanceOf(InvalidMarkerException.class);
    }

    @Test
    void listResourceTags_pagesByLimit() {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tags.add(Tag.builder().tagKey("k" + i).tagValue("v" + i).build());
        }
        String keyId = kms.createKey(b -> b.tags(tags)).keyMetadata().keyId();

        List<String> keys = walk(2, m -> {
            var r = kms.listResourceTags(b -> b.keyId(keyId).limit(2).marker(m));
            return new Page<>(r.tags().stream().map(Tag::tagKey).toList(), r.nextMarker(), r.truncated());
        });

        assertThat(keys).containsExactly("k0", "k1", "k2", "k3", "k4");
        assertThat(kms.listResourceTagsPaginator(b -> b.keyId(keyId).limit(3)).tags()).extracting(Tag::tagValue)
                .containsExactly("v0", "v1", "v2", "v3", "v4");
    }

    @Test
    void listKeyRotations_pagesByLimit() {
        String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
        for (int i = 0; i < 3; i++) {
            kms.rotateKeyOnDemand(b -> b.keyId(keyId));
        }

        List<String> materials = walk(2, m -> {
            var r = kms.listKeyRotations(b -> b.keyId(keyId).limit(2).marker(m));
            return new Page<>(r.rotations().stream().map(RotationsListEntry::keyMaterialId).toList(), r.nextMarker(), r.truncated());
        });

        assertThat(materials).hasSize(3).doesNotHaveDuplicates();
        assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().currentKeyMaterialId()).isEqualTo(materials.getLast());
        assertThat(kms.listKeyRotationsPaginator(b -> b.keyId(keyId).limit(1)).rotations()).hasSize(3);
        assertThat(kms.listKeyPoliciesPaginator(b -> b.keyId(keyId)).policyNames()).containsExactly("default");
    }
}
