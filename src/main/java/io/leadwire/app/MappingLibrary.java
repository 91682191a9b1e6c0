package io.leadwire.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingDiff;
import io.leadwire.mapping.MappingParseException;
import io.leadwire.mapping.MappingParser;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.MappingVersionRow;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Buyer mappings as an operator works with them: documents are checked with {@link MappingParser}
 * before they are stored as a draft or published, and the versions kept by
 * {@link MappingRepository} are read back, compared and rolled back to.
 *
 * <p>It lives here, at the top, because the check needs mapping and the storage needs store, and
 * neither of those packages may use the other. Documents are kept as the exact text given, so an
 * exported file is byte for byte the imported one.
 */
public final class MappingLibrary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MappingRepository repository;
    private final MappingParser parser;
    private final Clock clock;

    public MappingLibrary(MappingRepository repository, MappingParser parser, Clock clock) {
        this.repository = repository;
        this.parser = parser;
        this.clock = clock;
    }

    /** A document that does not compile; {@link #problems()} names each rule and target at fault. */
    public static final class InvalidMappingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final transient List<String> problems;

        public InvalidMappingException(List<String> problems) {
            super("the mapping has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ": "
                    + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Compiles a document, as delivery would.
     *
     * @throws InvalidMappingException listing every problem
     */
    public Mapping validate(String documentJson) {
        try {
            return parser.parse(documentJson);
        } catch (MappingParseException e) {
            throw new InvalidMappingException(e.problems());
        }
    }

    /**
     * The buyer a document belongs to when none is named: its {@code "name"}, else the file name
     * without {@code .mapping.json} (or {@code .json}).
     */
    public static String buyerNameOf(String documentJson, String fileName) {
        try {
            JsonNode name = JSON.readTree(documentJson).path("name");
            if (name.isTextual() && !name.asText().isBlank()) {
                return name.asText().strip();
            }
        } catch (JsonProcessingException e) {
            // Not JSON: validate() says so; the file name still names the buyer.
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : List.of(".mapping.json", ".json")) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        return fileName;
    }

    /** The buyers with a draft or a published version, sorted. */
    public List<String> buyers() {
        return repository.buyers();
    }

    /** Checks the document and makes it the buyer's draft. */
    public void saveDraft(String buyer, String documentJson) {
        validate(documentJson);
        repository.saveDraft(buyer, documentJson, clock.instant());
    }

    /** Checks the document and publishes it as the buyer's next version (it becomes the draft too). */
    public MappingVersionRow publish(String buyer, String documentJson, String operator, String note) {
        validate(documentJson);
        return repository.publish(buyer, documentJson, operator, note, clock.instant());
    }

    /**
     * Publishes the buyer's draft as the next version.
     *
     * @throws IllegalArgumentException when there is no draft, or the draft is the latest version unchanged
     * @throws InvalidMappingException  when the draft does not compile
     */
    public MappingVersionRow publishDraft(String buyer, String operator, String note) {
        String draft = repository.draft(buyer).orElseThrow(() -> new IllegalArgumentException(
                "buyer '" + buyer + "' has no draft to publish; import one with: leadwire mapping import FILE"));
        Optional<MappingVersionRow> latest = repository.latest(buyer);
        if (latest.isPresent() && latest.get().documentJson().equals(draft)) {
            throw new IllegalArgumentException("nothing to publish: the draft of '" + buyer + "' is v"
                    + latest.get().version() + " unchanged");
        }
        return publish(buyer, draft, operator, note);
    }

    /**
     * Publishes a copy of an earlier version as the next one, after checking it still compiles.
     *
     * @throws MappingRepository.UnknownVersionException when there is no such version
     * @throws InvalidMappingException                   when that version no longer compiles
     */
    public MappingVersionRow rollback(String buyer, int toVersion, String operator) {
        validate(require(buyer, toVersion).documentJson());
        return repository.rollback(buyer, toVersion, operator, clock.instant());
    }

    /**
     * The document to export: the given version, or the draft (the working copy: the latest
     * version unless a newer draft was saved).
     *
     * @throws IllegalArgumentException when the buyer or the version is unknown
     */
    public String document(String buyer, Optional<Integer> version) {
        if (version.isPresent()) {
            return require(buyer, version.get()).documentJson();
        }
        return repository.draft(buyer).orElseThrow(() -> unknownBuyer(buyer));
    }

    /** The buyer's draft, if any. */
    public Optional<String> draft(String buyer) {
        return repository.draft(buyer);
    }

    /** The buyer's latest published version, if any. */
    public Optional<MappingVersionRow> latest(String buyer) {
        return repository.latest(buyer);
    }

    /**
     * The buyer's published versions, newest first.
     *
     * @throws IllegalArgumentException when the buyer has neither a draft nor a version
     */
    public List<MappingVersionRow> history(String buyer) {
        List<MappingVersionRow> versions = repository.history(buyer);
        if (versions.isEmpty() && repository.draft(buyer).isEmpty()) {
            throw unknownBuyer(buyer);
        }
        return versions;
    }

    /** True when the buyer's draft differs from its latest published version (or none is published). */
    public boolean hasUnpublishedDraft(String buyer) {
        Optional<String> draft = repository.draft(buyer);
        return draft.isPresent() && !repository.latest(buyer).map(MappingVersionRow::documentJson)
                .equals(draft);
    }

    /**
     * What changed from version {@code from} to version {@code to}.
     *
     * @throws MappingRepository.UnknownVersionException when either version does not exist
     */
    public MappingDiff diff(String buyer, int from, int to) {
        try {
            return MappingDiff.between(require(buyer, from).documentJson(), require(buyer, to).documentJson());
        } catch (MappingParseException e) {
            throw new InvalidMappingException(e.problems());
        }
    }

    /**
     * What changed from a published version to the draft.
     *
     * @throws IllegalArgumentException when the version or the draft does not exist
     */
    public MappingDiff diffToDraft(String buyer, int from) {
        try {
            return MappingDiff.between(require(buyer, from).documentJson(),
                    repository.draft(buyer).orElseThrow(() -> unknownBuyer(buyer)));
        } catch (MappingParseException e) {
            throw new InvalidMappingException(e.problems());
        }
    }

    private MappingVersionRow require(String buyer, int version) {
        return repository.version(buyer, version)
                .orElseThrow(() -> new MappingRepository.UnknownVersionException(buyer, version));
    }

    private IllegalArgumentException unknownBuyer(String buyer) {
        return new IllegalArgumentException("no mapping for buyer '" + buyer + "'; the buyers are: "
                + (repository.buyers().isEmpty() ? "(none yet)" : String.join(", ", repository.buyers())));
    }
}
