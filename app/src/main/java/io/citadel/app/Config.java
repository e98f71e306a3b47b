package io.citadel.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The resolved configuration: for each {@link Setting}, the flag's value, else the environment's,
 * else the configuration file's, else the default.
 */
public final class Config {

    private final Map<Setting, String> values;

    private Config(Map<Setting, String> values) {
        this.values = values;
    }

    /**
     * Resolves every setting.
     *
     * @param flags values given on the command line
     * @param env   the process environment
     */
    public static Config resolve(Map<Setting, String> flags, Map<String, String> env) {
        String configFile = first(flags.get(Setting.CONFIG), env.get(Setting.CONFIG.envVar()));
        Properties file = new Properties();
        if (configFile != null) {
            try (Reader reader = Files.newBufferedReader(Path.of(configFile), StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + configFile + ": " + e.getMessage());
            }
            for (String key : file.stringPropertyNames()) {
                if (java.util.Arrays.stream(Setting.values()).noneMatch(s -> s.fileKey().equals(key))) {
                    throw new ConfigException("unknown setting '" + key + "' in " + configFile);
                }
            }
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String value = first(flags.get(s), env.get(s.envVar()), file.getProperty(s.fileKey()), s.defaultValue());
            if (value != null) {
                values.put(s, value);
            }
        }
        return new Config(values);
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    public String get(Setting setting) {
        return values.get(setting);
    }

    public String require(Setting setting) {
        String value = values.get(setting);
        if (value == null || value.isBlank()) {
            throw new ConfigException(setting.fileKey() + " is required (flag " + setting.flag() + ", environment "
                    + setting.envVar() + ")");
        }
        return value;
    }

    public int integer(Setting setting, int min, int max) {
        String raw = require(setting);
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw new ConfigException(setting.fileKey() + ": " + value + " (expected: " + min + ".." + max + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(setting.fileKey() + ": " + raw + " (expected: an integer " + min + ".." + max + ")");
        }
    }

    public Path dataDir() {
        return Path.of(require(Setting.DATA_DIR));
    }

    public Path path(Setting setting) {
        String value = get(setting);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** A configuration problem the operator must fix; the message says which setting and why. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
