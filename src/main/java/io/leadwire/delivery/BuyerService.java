package io.leadwire.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.mapping.HttpRequestSpec;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingParseException;
import io.leadwire.mapping.MappingParser;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.BuyerRow;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.MappingVersionRow;
import io.leadwire.store.SecretBox;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Buyers as operators manage them: import and export of buyer files, secrets, switching on and
 * off, the manual breaker. Used by the command line and the console alike; every change is
 * picked up by the running engines through {@link BuyerRepository#changeStamp()}.
 */
public final class BuyerService {
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final BuyerRepository buyers;
    private final MappingRepository mappings;
    private final SecretBox secrets;
    private final ObjectMapper json;
    private final Clock clock;

    public BuyerService(BuyerRepository buyers, MappingRepository mappings, SecretBox secrets, ObjectMapper json,
                        Clock clock) {
        this.buyers = buyers;
        this.mappings = mappings;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
    }

    /**
     * What an import did.
     *
     * @param published      the mapping version published by this import, or null when the mapping was
     *                       unchanged
     * @param missingSecrets secrets the buyer uses that are not stored yet (deliveries wait for them)
     */
    public record ImportResult(BuyerRow buyer, MappingVersionRow published, Set<String> missingSecrets) {
    }

    /**
     * Stores a buyer file: the delivery settings, and the mapping as a new published version when
     * it differs from the latest one (so the buyer receives exactly what was imported).
     *
     * @throws InvalidBuyerException listing every problem; nothing is stored then
     */
    public ImportResult importFile(String text, Path folder, String operator) {
        BuyerFile file = BuyerFile.parse(text, folder, json);
        if (file.definition().mappingVersion() != null) {
            int pinned = file.definition().mappingVersion();
            boolean exists = mappings.version(file.name(), pinned).isPresent();
            boolean publishesIt = mappings.latest(file.name()).map(MappingVersionRow::version).orElse(0) + 1 == pinned;
            if (!exists && !publishesIt) {
                throw new InvalidBuyerException(List.of("buyer.mappingVersion: " + file.name() + " has no published "
                        + "mapping version " + pinned));
            }
        }
        BuyerRow row = buyers.save(file.name(), file.definition().toJson(json).toString(), file.definition().enabled(),
                operator, clock.instant());
        MappingVersionRow published = null;
        Optional<MappingVersionRow> latest = mappings.latest(file.name());
        if (latest.isEmpty() || !sameDocument(latest.get().documentJson(), file.mappingDocument())) {
            published = mappings.publish(file.name(), file.mappingDocument(), operator, "buyer import", clock.instant());
        }
        return new ImportResult(row, published, missingSecrets(row.id(), file.definition(), file.mapping()));
    }

    private boolean sameDocument(String a, String b) {
        try {
            return json.readTree(a).equals(json.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * The buyer file of {@code name}: the mapping version its deliveries use (pinned, else the
     * latest published) with the delivery settings. Secrets stay placeholders.
     */
    public String exportFile(String name) {
        BuyerRow row = require(name);
        BuyerDefinition def = definition(row);
        MappingVersionRow version = (def.mappingVersion() == null ? mappings.latest(name)
                : mappings.version(name, def.mappingVersion()))
                .orElseThrow(() -> new IllegalArgumentException(name + " has no published mapping to export"));
        return BuyerFile.compose(version.documentJson(), def, json);
    }

    /**
     * Replaces the delivery settings of the buyer {@code name}, or creates the buyer, leaving its
     * mapping as it is: the console's edit form and "create from mapping" save through here, the
     * way {@link #importFile} saves a whole file.
     *
     * @throws IllegalArgumentException when no mapping is published under {@code name}, or the
     *                                  pinned mapping version is not published
     */
    public BuyerRow saveDefinition(String name, BuyerDefinition definition, String operator) {
        if (mappings.latest(name).isEmpty()) {
            throw new IllegalArgumentException("no mapping is published as '" + name + "': publish it on the Mappings "
                    + "screen or import a buyer file first");
        }
        if (definition.mappingVersion() != null && mappings.version(name, definition.mappingVersion()).isEmpty()) {
            throw new IllegalArgumentException(name + " has no published mapping version "
                    + definition.mappingVersion() + ": pin a published version or \"latest\"");
        }
        return buyers.save(name, definition.toJson(json).toString(), definition.enabled(), operator, clock.instant());
    }

    /**
     * Makes a buyer of a published mapping with the default delivery settings, switched off so it
     * receives nothing before an operator has looked at its price, caps and endpoints.
     *
     * @param productionUrl the production endpoint, or blank for the mapping's {@code request.url}
     * @throws IllegalArgumentException when the buyer exists, the mapping is not published or
     *                                  there is no usable endpoint
     */
    public BuyerRow createFromMapping(String name, String productionUrl, String operator) {
        if (buyers.findByName(name).isPresent()) {
            throw new IllegalArgumentException("there is already a buyer named '" + name + "'; select it to edit it");
        }
        MappingVersionRow latest = mappings.latest(name).orElseThrow(() -> new IllegalArgumentException(
                "no mapping is published as '" + name + "': publish it on the Mappings screen first"));
        String requestUrl = null;
        try {
            Mapping mapping = new MappingParser(json).parse(latest.documentJson());
            requestUrl = mapping.request() == null ? null : mapping.request().url();
        } catch (MappingParseException e) {
            throw new IllegalArgumentException("the published mapping of '" + name + "' does not compile: "
                    + String.join("; ", e.problems()));
        }
        com.fasterxml.jackson.databind.node.ObjectNode block = json.createObjectNode();
        if (productionUrl != null && !productionUrl.isBlank()) {
            block.putObject("endpoints").put("production", productionUrl.trim());
        } else if (requestUrl == null) {
            throw new IllegalArgumentException("the mapping of '" + name + "' names no request URL: enter the "
                    + "buyer's production endpoint");
        }
        block.put("enabled", false);
        BuyerDefinition definition = BuyerDefinition.parse(block, requestUrl);
        return buyers.save(name, definition.toJson(json).toString(), false, operator, clock.instant());
    }

    /** Every buyer, by name. */
    public List<BuyerRow> list() {
        return buyers.all();
    }

    public Optional<BuyerRow> find(String name) {
        return buyers.findByName(name);
    }

    /** The stored settings of a buyer. */
    public BuyerDefinition definition(BuyerRow row) {
        try {
            return BuyerDefinition.parse(json.readTree(row.configJson()), null);
        } catch (JsonProcessingException e) {
            throw new InvalidBuyerException(List.of("the stored settings of " + row.name() + " are not JSON"));
        }
    }

    /** Seals and stores one secret of the buyer. */
    public void setSecret(String name, String secretName, String value) {
        if (!SECRET_NAME.matcher(secretName).matches()) {
            throw new IllegalArgumentException("a secret name has letters, digits, '_', '.', '-' (1 to 100)");
        }
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the secret " + secretName + " is empty");
        }
        buyers.putSecret(require(name).id(), secretName, secrets.seal(value), clock.instant());
    }

    public boolean removeSecret(String name, String secretName) {
        return buyers.removeSecret(require(name).id(), secretName, clock.instant());
    }

    /** The names of the buyer's stored secrets (never their values). */
    public Set<String> secretNames(String name) {
        return buyers.sealedSecrets(require(name).id()).keySet();
    }

    /** The buyer's secrets in clear, for sending only. */
    Map<String, String> openSecrets(String buyerId) {
        Map<String, String> sealed = buyers.sealedSecrets(buyerId);
        Map<String, String> out = new java.util.HashMap<>();
        sealed.forEach((k, v) -> out.put(k, secrets.open(v)));
        return out;
    }

    /** Secrets the buyer's settings and mapping name that are not stored. */
    public Set<String> missingSecrets(String name) {
        BuyerRow row = require(name);
        BuyerDefinition def = definition(row);
        Mapping mapping = latestMapping(name, def).orElse(null);
        return missingSecrets(row.id(), def, mapping);
    }

    /** Every secret the buyer's settings and mapping name, stored or not. */
    public Set<String> neededSecrets(String name) {
        BuyerDefinition def = definition(require(name));
        return neededSecrets(def, latestMapping(name, def).orElse(null));
    }

    private Set<String> missingSecrets(String buyerId, BuyerDefinition def, Mapping mapping) {
        Set<String> needed = neededSecrets(def, mapping);
        needed.removeAll(buyers.sealedSecrets(buyerId).keySet());
        return needed;
    }

    private static Set<String> neededSecrets(BuyerDefinition def, Mapping mapping) {
        Set<String> needed = new LinkedHashSet<>(def.secretNames());
        if (mapping != null && mapping.request() != null) {
            needed.addAll(mapping.request().secretNames());
        }
        needed.addAll(new HttpRequestSpec("POST", def.productionUrl(), Map.of()).secretNames());
        return needed;
    }

    private Optional<Mapping> latestMapping(String name, BuyerDefinition def) {
        Optional<MappingVersionRow> row = def.mappingVersion() == null ? mappings.latest(name)
                : mappings.version(name, def.mappingVersion());
        if (row.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MappingParser(json).parse(row.get().documentJson()));
        } catch (MappingParseException e) {
            return Optional.empty();
        }
    }

    /** Switches a buyer on or off. */
    public void setEnabled(String name, boolean enabled, String operator) {
        BuyerRow row = require(name);
        BuyerDefinition def = definition(row).withEnabled(enabled);
        buyers.save(name, def.toJson(json).toString(), enabled, operator, clock.instant());
    }

    /** Forces the buyer's breaker open or closed for every engine, or (null) hands it back to automatic. */
    public void setBreakerOverride(String name, BreakerOverride override, String operator) {
        buyers.setBreakerOverride(require(name).id(), override == null ? null : override.wireName(), operator,
                clock.instant());
    }

    /** An operator's manual breaker state. */
    public enum BreakerOverride {
        FORCED_OPEN, FORCED_CLOSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<BreakerOverride> of(String wire) {
            for (BreakerOverride o : values()) {
                if (o.wireName().equals(wire)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    private BuyerRow require(String name) {
        return buyers.findByName(name).orElseThrow(() -> new IllegalArgumentException("no buyer named '" + name
                + "' (leadwire buyer list shows them)"));
    }

    /** Buyers whose settings or mapping cannot be used, with why: for the console and health. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (BuyerRow row : buyers.all()) {
            try {
                // One read of each buyer's settings and mapping serves both checks: the Buyers
                // screen asks for this every couple of seconds.
                BuyerDefinition def = definition(row);
                Optional<Mapping> mapping = latestMapping(row.name(), def);
                if (mapping.isEmpty()) {
                    out.add(row.name() + ": no published mapping that compiles");
                }
                Set<String> missing = missingSecrets(row.id(), def, mapping.orElse(null));
                if (!missing.isEmpty()) {
                    out.add(row.name() + ": secrets not stored: " + String.join(", ", missing));
                }
            } catch (InvalidBuyerException e) {
                out.add(row.name() + ": " + e.getMessage());
            }
        }
        return out;
    }
}
