package io.citadel.parameters;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * AWS's public parameters that Citadel serves, readable by every account: the global-infrastructure
 * region catalogue ({@code /aws/service/global-infrastructure/regions/<region>[/longName|/domain|
 * /partition|/geolocationCountry|/geolocationRegion]}). Their ARN has no account, as in AWS.
 */
final class PublicParameters {

    static final String PREFIX = "/aws/service/";
    private static final Instant PUBLISHED = Instant.parse("2025-01-01T00:00:00Z");
    private static final List<String[]> REGIONS = List.of(
            new String[] {"us-east-1", "US East (N. Virginia)", "US", "US-VA"},
            new String[] {"us-east-2", "US East (Ohio)", "US", "US-OH"},
            new String[] {"us-west-1", "US West (N. California)", "US", "US-CA"},
            new String[] {"us-west-2", "US West (Oregon)", "US", "US-OR"},
            new String[] {"ca-central-1", "Canada (Central)", "CA", "CA-QC"},
            new String[] {"eu-west-1", "Europe (Ireland)", "IE", "IE-D"},
            new String[] {"eu-west-2", "Europe (London)", "GB", "GB-ENG"},
            new String[] {"eu-central-1", "Europe (Frankfurt)", "DE", "DE-HE"},
            new String[] {"eu-north-1", "Europe (Stockholm)", "SE", "SE-AB"},
            new String[] {"ap-northeast-1", "Asia Pacific (Tokyo)", "JP", "JP-13"},
            new String[] {"ap-southeast-1", "Asia Pacific (Singapore)", "SG", "SG-01"},
            new String[] {"ap-southeast-2", "Asia Pacific (Sydney)", "AU", "AU-NSW"},
            new String[] {"ap-south-1", "Asia Pacific (Mumbai)", "IN", "IN-MH"},
            new String[] {"sa-east-1", "South America (Sao Paulo)", "BR", "BR-SP"});
    private static final TreeMap<String, String> VALUES = catalogue();

    private PublicParameters() {
    }

    private static TreeMap<String, String> catalogue() {
        TreeMap<String, String> out = new TreeMap<>();
        String base = "/aws/service/global-infrastructure/regions/";
        for (String[] r : REGIONS) {
            out.put(base + r[0], r[0]);
            out.put(base + r[0] + "/longName", r[1]);
            out.put(base + r[0] + "/domain", "amazonaws.com");
            out.put(base + r[0] + "/partition", "aws");
            out.put(base + r[0] + "/geolocationCountry", r[2]);
            out.put(base + r[0] + "/geolocationRegion", r[3]);
        }
        return out;
    }

    static boolean isPublic(String name) {
        return name.startsWith(PREFIX);
    }

    static String arn(String region, String name) {
        return "arn:aws:ssm:" + region + "::parameter" + name;
    }

    static Optional<ParameterVersion> get(String name) {
        return Optional.ofNullable(VALUES.get(name)).map(v -> version(name, v));
    }

    /** The public parameters under {@code path} (one level or all below), in name order. */
    static List<ParameterVersion> under(String path, boolean recursive) {
        String prefix = path.endsWith("/") ? path : path + "/";
        return VALUES.subMap(prefix, prefix + Character.MAX_VALUE).entrySet().stream()
                .filter(e -> recursive || e.getKey().indexOf('/', prefix.length()) < 0)
                .map(e -> version(e.getKey(), e.getValue())).toList();
    }

    private static ParameterVersion version(String name, String value) {
        return new ParameterVersion(name, 1, ParameterType.STRING, ParameterTier.STANDARD, null, value, null, PUBLISHED, null, null,
                null, "text", List.of(), List.of());
    }
}
