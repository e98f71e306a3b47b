package io.citadel.parameters;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One ParameterStringFilter (Key, Option, Values), checked against the keys and options AWS allows for
 * the operation it came with: GetParametersByPath takes Type, KeyId and Label; DescribeParameters
 * takes Name, Type, KeyId, Path, Tier, DataType and tag:key.
 */
public record ParameterFilter(String key, String option, List<String> values) {

    static final Set<String> BY_PATH_KEYS = Set.of("Type", "KeyId", "Label");
    static final Set<String> DESCRIBE_KEYS = Set.of("Name", "Type", "KeyId", "Path", "Tier", "DataType");

    public ParameterFilter {
        values = values == null ? List.of() : List.copyOf(values);
    }

    static ParameterFilter checkedForPath(ParameterFilter f) {
        if (!BY_PATH_KEYS.contains(f.key())) {
            throw ParameterErrors.error(ParameterErrors.INVALID_FILTER_KEY, "The following filter key is not valid: " + f.key()
                    + ". Valid filter keys include: [Type, KeyId, Label].");
        }
        return checkOption(f);
    }

    static ParameterFilter checkedForDescribe(ParameterFilter f) {
        if (!DESCRIBE_KEYS.contains(f.key()) && !(f.key().startsWith("tag:") && f.key().length() > 4)) {
            throw ParameterErrors.error(ParameterErrors.INVALID_FILTER_KEY, "The following filter key is not valid: " + f.key()
                    + ". Valid filter keys include: [Path, Name, Type, KeyId, Tier, DataType, tag:<key>].");
        }
        return checkOption(f);
    }

    private static ParameterFilter checkOption(ParameterFilter f) {
        String option = f.option() == null ? defaultOption(f.key()) : f.option();
        Set<String> allowed = switch (f.key()) {
            case "Name" -> Set.of("Equals", "BeginsWith", "Contains");
            case "Path" -> Set.of("OneLevel", "Recursive");
            case "KeyId" -> Set.of("Equals", "BeginsWith");
            default -> Set.of("Equals");
        };
        if (!allowed.contains(option)) {
            throw ParameterErrors.error(ParameterErrors.INVALID_FILTER_OPTION, "The following filter option is not valid: " + option
                    + ". Valid options include: " + allowed.stream().sorted().toList() + ".");
        }
        if (f.values().isEmpty() && !f.key().startsWith("tag:")) {
            throw ParameterErrors.error(ParameterErrors.INVALID_FILTER_VALUE, "The following filter values are missing : null for filter key "
                    + f.key() + ".");
        }
        if (f.key().equals("Type")) {
            for (String v : f.values()) {
                if (!Set.of("String", "StringList", "SecureString").contains(v)) {
                    throw ParameterErrors.error(ParameterErrors.INVALID_FILTER_VALUE, "The following filter value is not valid: " + v
                            + ". Valid values include: [String, StringList, SecureString].");
                }
            }
        }
        if (f.key().equals("Tier")) {
            for (String v : f.values()) {
                if (!Set.of("Standard", "Advanced").contains(v)) {
                    throw ParameterErrors.error(ParameterErrors.INVALID_FILTER_VALUE, "The following filter value is not valid: " + v
                            + ". Valid values include: [Standard, Advanced].");
                }
            }
        }
        if (f.key().equals("Path")) {
            f.values().forEach(ParameterNames::checkPath);
        }
        return new ParameterFilter(f.key(), option, f.values());
    }

    private static String defaultOption(String key) {
        return switch (key) {
            case "Path" -> "OneLevel";
            default -> "Equals";
        };
    }

    /** Whether a parameter's head passes this filter (Label and Path are handled by the queries themselves). */
    boolean matches(StoredParameter p) {
        return switch (key) {
            case "Name" -> values.stream().anyMatch(v -> switch (option) {
                case "BeginsWith" -> p.name().startsWith(v);
                case "Contains" -> p.name().toLowerCase(Locale.ROOT).contains(v.toLowerCase(Locale.ROOT));
                default -> p.name().equals(v);
            });
            case "Type" -> values.contains(p.type().wire());
            case "KeyId" -> p.keyId() != null && values.stream().anyMatch(v -> option.equals("BeginsWith")
                    ? p.keyId().startsWith(v) : p.keyId().equals(v));
            case "Tier" -> values.contains(p.tier().wire());
            case "DataType" -> values.contains(p.dataType());
            case "Label", "Path" -> true;
            default -> {
                String tagKey = key.substring(4);
                yield p.tags().containsKey(tagKey) && (values.isEmpty() || values.contains(p.tags().get(tagKey)));
            }
        };
    }
}
