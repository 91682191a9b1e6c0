package io.leadwire.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults for every flag from a config file and the environment, for servers run by systemd
 * or containers. Precedence: the command line, then {@code LEADWIRE_<FLAG>} in the environment
 * ({@code --data-dir} → {@code LEADWIRE_DATA_DIR}), then the config file (a properties file whose
 * keys are the flags without dashes: {@code port=8470}, {@code data-dir=/var/lib/leadwire}), then
 * the built-in default. The file comes from {@code --config FILE} or {@code LEADWIRE_CONFIG}.
 * A key in the file that no command knows is an error, so a typo never silently does nothing.
 * Secrets stay out of the file: they come from environment variables only (see README).
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
    static final String CONFIG_ENV = "LEADWIRE_CONFIG";
    static final String LOG_FORMAT_KEY = "log-format";
    private static final String VERSION_KEY = "version";

    private final Path file;
    private final Properties properties;
    private final Map<String, String> env;

    private ConfigDefaults(Path file, Properties properties, Map<String, String> env) {
        this.file = file;
        this.properties = properties;
        this.env = env;
    }

    /**
     * Reads the config file named by {@code --config} in {@code args} or by {@code LEADWIRE_CONFIG};
     * none named means defaults from the environment only.
     *
     * @throws IllegalArgumentException when the named file cannot be read
     */
    static ConfigDefaults load(String[] args, Map<String, String> env) {
        Path file = configPath(args, env);
        Properties p = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the config file " + file + ": " + e.getMessage());
            }
        }
        return new ConfigDefaults(file, p, env);
    }

    static Path configPath(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String fromEnv = env.get(CONFIG_ENV);
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !isSetting(option)) {
            return null;
        }
        return lookup(key(option));
    }

    /** The value of a setting from the environment or the file, or null. */
    String lookup(String key) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String fromFile = properties.getProperty(key);
        return fromFile == null ? null : fromFile.trim();
    }

    /**
     * The log format the command line, the environment or the file asks for: {@code text} or
     * {@code json}. Needed before the command line is parsed, because logging starts then.
     *
     * @throws IllegalArgumentException for any other value
     */
    String logFormat(String[] args) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--" + LOG_FORMAT_KEY) && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--" + LOG_FORMAT_KEY + "=")) {
                value = args[i].substring(LOG_FORMAT_KEY.length() + 3);
            }
        }
        if (value == null) {
            value = lookup(LOG_FORMAT_KEY);
        }
        if (value == null) {
            return "text";
        }
        if (!value.equals("text") && !value.equals("json")) {
            throw new IllegalArgumentException("log-format must be text or json, not '" + value + "'");
        }
        return value;
    }

    /**
     * Checks that every key of the config file is a flag of some command.
     *
     * @throws IllegalArgumentException naming the unknown keys and the file
     */
    void checkKeys(CommandLine root) {
        Set<String> known = new HashSet<>();
        collect(root, known);
        List<String> unknown = new ArrayList<>();
        for (String k : new TreeSet<>(properties.stringPropertyNames())) {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the config file " + file + " has settings no command knows: "
                    + String.join(", ", unknown) + " (keys are flags without the dashes, e.g. data-dir=...)");
        }
    }

    private static void collect(CommandLine cmd, Set<String> known) {
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            if (isSetting(o)) {
                known.add(key(o));
            }
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            collect(sub, known);
        }
    }

    /**
     * Whether an option takes a default from the environment and the file. {@code --help} and
     * {@code --version} are requests, not settings: a {@code LEADWIRE_VERSION} that deployment
     * tools export (often the installed version) must not become a value for them. The key
     * {@code version} is left out altogether, because {@code mapping export --version N}, the
     * one option that shares it, picks what a single run exports; a default for it from the
     * environment would silently export another version than the draft. In the file, such keys
     * are refused as unknown like any typo.
     */
    static boolean isSetting(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp() && !key(option).equals(VERSION_KEY);
    }

    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    static String envName(String key) {
        return "LEADWIRE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
