package io.citadel.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.Principal;
import io.citadel.core.ServiceException;
import io.citadel.identity.api.AccessKeyCredentials;
import io.citadel.protocol.sigv4.SigningCredential;
import io.citadel.storage.InMemoryStorage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdentityServiceTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final InMemoryStorage storage = new InMemoryStorage();
    private final IdentityService identity = new IdentityService(storage, clock, new SecureRandom());

    @Test
    void createAccount_issuesTwelveDigitIds() {
        Account a = identity.createAccount("a");
        Account b = identity.createAccount("b");
        assertThat(a.id()).matches("[1-9][0-9]{11}");
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(identity.accounts()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void bootstrap_createsOneAccountAndKey_onlyOnAnEmptyStore() {
        AccessKey key = identity.bootstrap("admin", null, null).orElseThrow();
        assertThat(identity.accounts()).extracting(Account::id).containsExactly(key.accountId());
        assertThat(identity.bootstrap("admin", null, null)).isEmpty();
        assertThat(identity.accounts()).hasSize(1);
    }

    @Test
    void bootstrap_withAMalformedFixedKey_leavesNoAccountBehind() {
        assertThatThrownBy(() -> identity.bootstrap("admin", "AKIA-not-valid", "x".repeat(40)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessKeyId");
        assertThat(identity.accounts()).isEmpty();
        AccessKey key = identity.bootstrap("admin", "AKIAAAAAAAAAAAAAAAAA", "s".repeat(40)).orElseThrow();
        assertThat(key.accessKeyId()).isEqualTo("AKIAAAAAAAAAAAAAAAAA");
    }

    @Test
    void rootKey_hasAwsShapedIdsAndRootPrincipal() {
        Account account = identity.createAccount("a");
        AccessKey key = identity.createAccessKey(account.id(), null);
        assertThat(key.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(key.secretAccessKey()).matches("[A-Za-z0-9+/]{40}");
        Principal p = identity.principalOf(key);
        assertThat(p.arn()).isEqualTo("arn:aws:iam::" + account.id() + ":root");
        assertThat(p.userId()).isEqualTo(account.id());
        assertThat(key.toString()).doesNotContain(key.secretAccessKey());
    }

    @Test
    void userKey_principalCarriesPathAndAidaUserId() {
        Account account = identity.createAccount("a");
        User user = identity.createUser(account.id(), "alice", "/team/");
        AccessKey key = identity.createAccessKey(account.id(), "ALICE");
        Principal p = identity.principalOf(key);
        assertThat(p.arn()).isEqualTo("arn:aws:iam::" + account.id() + ":user/team/alice");
        assertThat(p.userId()).isEqualTo(user.userId()).matches("AIDA[A-Z2-7]{17}");
        assertThat(key.userName()).isEqualTo("alice");
    }

    @Test
    void userNames_areUniqueIgnoringCase() {
        Account account = identity.createAccount("a");
        identity.createUser(account.id(), "alice", "/");
        assertThatThrownBy(() -> identity.createUser(account.id(), "Alice", "/"))
                .isInstanceOf(ServiceException.class)
                .hasMessage("User with name Alice already exists.")
                .extracting(e -> ((ServiceException) e).errorCode()).isEqualTo(IdentityErrors.ENTITY_ALREADY_EXISTS);
    }

    @Test
    void invalidNamesAndPaths_areValidationErrors() {
        Account account = identity.createAccount("a");
        assertThatThrownBy(() -> identity.createUser(account.id(), "bad name", "/"))
                .hasMessageContaining("Value 'bad name' at 'userName' failed to satisfy constraint")
                .extracting(e -> ((ServiceException) e).errorCode().code()).isEqualTo("ValidationError");
        assertThatThrownBy(() -> identity.createUser(account.id(), "ok", "no-slash"))
                .hasMessageContaining("Value 'no-slash' at 'path'");
    }

    @Test
    void atMostTwoKeysPerPrincipal() {
        Account account = identity.createAccount("a");
        identity.createAccessKey(account.id(), null);
        identity.createAccessKey(account.id(), null);
        assertThatThrownBy(() -> identity.createAccessKey(account.id(), null))
                .hasMessage("Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(identity.accessKeys(account.id(), null)).hasSize(2);
    }

    @Test
    void keysForUnknownAccountOrUser_areNoSuchEntity() {
        assertThatThrownBy(() -> identity.createAccessKey("123456789012", null)).hasMessageContaining("cannot be found");
        Account account = identity.createAccount("a");
        assertThatThrownBy(() -> identity.createAccessKey(account.id(), "ghost")).hasMessageContaining("ghost cannot be found");
    }

    @Test
    void deactivatedKey_resolvesInactiveAtOnceHere_andWithinTheTtlElsewhere() {
        Account account = identity.createAccount("a");
        AccessKey key = identity.createAccessKey(account.id(), null);
        AccessKeyCredentials credentials = new AccessKeyCredentials(identity, clock);
        SigningCredential before = credentials.resolve(key.accessKeyId()).orElseThrow();
        assertThat(before.active()).isTrue();
        assertThat(before.secretAccessKey()).isEqualTo(key.secretAccessKey());

        identity.setAccessKeyStatus(account.id(), key.accessKeyId(), AccessKey.Status.Inactive);
        assertThat(credentials.resolve(key.accessKeyId()).orElseThrow().active()).as("this node").isFalse();

        // Another node shares the storage but not this node's change notifications.
        IdentityService otherNode = new IdentityService(storage, clock, new SecureRandom());
        AccessKeyCredentials elsewhere = new AccessKeyCredentials(otherNode, clock);
        assertThat(elsewhere.resolve(key.accessKeyId()).orElseThrow().active()).isFalse();
        identity.setAccessKeyStatus(account.id(), key.accessKeyId(), AccessKey.Status.Active);
        assertThat(elsewhere.resolve(key.accessKeyId()).orElseThrow().active()).as("cached elsewhere").isFalse();
        now.set(now.get().plus(Duration.ofSeconds(3)));
        assertThat(elsewhere.resolve(key.accessKeyId()).orElseThrow().active()).isTrue();
    }

    @Test
    void setStatus_ofAnotherAccountsKey_isNoSuchEntity() {
        Account a = identity.createAccount("a");
        Account b = identity.createAccount("b");
        AccessKey key = identity.createAccessKey(a.id(), null);
        assertThatThrownBy(() -> identity.setAccessKeyStatus(b.id(), key.accessKeyId(), AccessKey.Status.Inactive))
                .hasMessageContaining("cannot be found");
    }

    @Test
    void unknownOrMalformedKeyIds_resolveEmpty() {
        AccessKeyCredentials credentials = new AccessKeyCredentials(identity, clock);
        assertThat(credentials.resolve("AKIAAAAAAAAAAAAAAAAA")).isEmpty();
        assertThat(credentials.resolve("../../etc/passwd")).isEmpty();
        assertThat(credentials.resolve("")).isEmpty();
    }
}
