package io.citadel.identity;

import io.citadel.core.json.StoredJson;
import io.citadel.storage.Entry;
import io.citadel.storage.KeyRules;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** Reads of IAM entities inside a transaction, failing with AWS's NoSuchEntity wording, and List* paging. */
final class IamStore {

    static final int DEFAULT_MAX_ITEMS = 100;

    private IamStore() {
    }

    static Optional<User> user(Transaction tx, String accountId, String userName) {
        return tx.get(IdentityKeys.user(accountId, userName)).map(b -> StoredJson.read(b, User.class));
    }

    static User requireUser(Transaction tx, String accountId, String userName) {
        Names.require("userName", userName, 128);
        return user(tx, accountId, userName).orElseThrow(() ->
                IdentityErrors.noSuchEntity("The user with name " + userName + " cannot be found."));
    }

    static Optional<Group> group(Transaction tx, String accountId, String groupName) {
        return tx.get(IdentityKeys.group(accountId, groupName)).map(b -> StoredJson.read(b, Group.class));
    }

    static Group requireGroup(Transaction tx, String accountId, String groupName) {
        Names.require("groupName", groupName, 128);
        return group(tx, accountId, groupName).orElseThrow(() ->
                IdentityErrors.noSuchEntity("The group with name " + groupName + " cannot be found."));
    }

    static Optional<Role> role(Transaction tx, String accountId, String roleName) {
        return tx.get(IdentityKeys.role(accountId, roleName)).map(b -> StoredJson.read(b, Role.class));
    }

    static Role requireRole(Transaction tx, String accountId, String roleName) {
        Names.require("roleName", roleName, 64);
        return role(tx, accountId, roleName).orElseThrow(() ->
                IdentityErrors.noSuchEntity("The role with name " + roleName + " cannot be found."));
    }

    /** The canonical (stored) name of a user, group or role, or NoSuchEntity. */
    static String requireEntity(Transaction tx, String accountId, EntityKind kind, String name) {
        return switch (kind) {
            case USER -> requireUser(tx, accountId, name).name();
            case GROUP -> requireGroup(tx, accountId, name).name();
            case ROLE -> requireRole(tx, accountId, name).name();
        };
    }

    static boolean any(Transaction tx, String prefix) {
        return !tx.scan(prefix, null, 1).entries().isEmpty();
    }


    static int maxItems(Integer maxItems) {
        if (maxItems == null) {
            return DEFAULT_MAX_ITEMS;
        }
        if (maxItems < 1 || maxItems > 1000) {
            throw Names.rangeError("maxItems", maxItems, 1, 1000);
        }
        return maxItems;
    }

    /**
     * One page of the entries under {@code prefix} that pass {@code filter}, in key order. The
     * marker is the key suffix of the last item returned, so it stays valid when entries change.
     */
    static <T> Page<T> page(Transaction tx, String prefix, String marker, Integer maxItems,
                            Function<Entry, T> decode, Predicate<T> filter) {
        int max = maxItems(maxItems);
        if (marker != null && (marker.isEmpty() || marker.length() > 320)) {
            throw IdentityErrors.validation("1 validation error detected: Value at 'marker' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 320");
        }
        List<T> items = new ArrayList<>();
        String lastKey = null;
        String after = marker == null ? null : prefix + marker;
        ScanPage scan;
        do {
            scan = tx.scan(prefix, after, KeyRules.MAX_SCAN_LIMIT);
            for (Entry entry : scan.entries()) {
                T item = decode.apply(entry);
                if (!filter.test(item)) {
                    continue;
                }
                if (items.size() == max) {
                    return new Page<>(items, true, lastKey.substring(prefix.length()));
                }
                items.add(item);
                lastKey = entry.key();
            }
            after = scan.lastKey().orElse(null);
        } while (scan.hasMore());
        return new Page<>(items, false, null);
    }

    static <T> Page<T> page(Transaction tx, String prefix, String marker, Integer maxItems, Function<Entry, T> decode) {
        return page(tx, prefix, marker, maxItems, decode, t -> true);
    }

    /** Pages an in-memory list whose items are identified by {@code id} (sorted ascending by it). */
    static <T> Page<T> page(List<T> sorted, Function<T, String> id, String marker, Integer maxItems) {
        int max = maxItems(maxItems);
        int start = 0;
        if (marker != null) {
            while (start < sorted.size() && KeyRules.compare(id.apply(sorted.get(start)), marker) <= 0) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + max);
        List<T> items = sorted.subList(start, end);
        boolean truncated = end < sorted.size();
        return new Page<>(items, truncated, truncated ? id.apply(items.getLast()) : null);
    }
}
