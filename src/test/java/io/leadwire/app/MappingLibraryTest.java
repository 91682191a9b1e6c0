package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.MappingParser;
import io.leadwire.store.Database;
import io.leadwire.store.MappingRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MappingLibraryTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final String VALID = "{\"format\":\"json\",\"fields\":[{\"target\":\"a\",\"source\":\"x\"}]}";
    private static final String INVALID = "{\"format\":\"json\",\"fields\":[{\"target\":\"a\"}]}";

    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null,
            2);
    private final MappingRepository repository = new MappingRepository(db.dataSource());
    private final MappingLibrary library = new MappingLibrary(repository, new MappingParser(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() throws Exception {
        try (var c = db.connection(); var s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        db.close();
    }

    @Test
    void shouldStoreNothingWhenTheDocumentDoesNotCompile() {
        assertThatThrownBy(() -> library.publish("B", INVALID, "ana", ""))
                .isInstanceOf(MappingLibrary.InvalidMappingException.class)
                .satisfies(e -> assertThat(((MappingLibrary.InvalidMappingException) e).problems())
                        .containsExactly("fields[0] (target 'a'): needs exactly one of \"source\", \"const\" or "
                                + "\"concat\""));
        assertThatThrownBy(() -> library.saveDraft("B", INVALID))
                .isInstanceOf(MappingLibrary.InvalidMappingException.class);

        assertThat(library.buyers()).isEmpty();
    }

    @Test
    void shouldRefuseToRollBackWhenTheOldVersionNoLongerCompiles() {
        repository.publish("B", INVALID, "legacy", "", NOW);
        library.publish("B", VALID, "ana", "fixed");

        assertThatThrownBy(() -> library.rollback("B", 1, "ana"))
                .isInstanceOf(MappingLibrary.InvalidMappingException.class);
        assertThat(repository.history("B")).hasSize(2);
    }

    @Test
    void shouldExportTheDraftAndStampTheClockWhenPublished() {
        assertThat(library.publish("B", VALID, "ana", null).publishedAt()).isEqualTo(NOW);
        library.saveDraft("B", VALID.replace("\"x\"", "\"y\""));

        assertThat(library.document("B", Optional.empty())).contains("\"y\"");
        assertThat(library.document("B", Optional.of(1))).isEqualTo(VALID);
        assertThat(library.hasUnpublishedDraft("B")).isTrue();
        assertThat(library.diffToDraft("B", 1).lines()).containsExactly("~ a  source: \"x\" -> \"y\"");
    }

    @Test
    void shouldNameTheBuyerAfterTheDocumentOrElseTheFileWhenNoneIsGiven() {
        assertThat(MappingLibrary.buyerNameOf("{\"name\": \" Buyer ABC \"}", "abc.mapping.json"))
                .isEqualTo("Buyer ABC");
        assertThat(MappingLibrary.buyerNameOf(VALID, "acme.mapping.json")).isEqualTo("acme");
        assertThat(MappingLibrary.buyerNameOf("not json", "acme.json")).isEqualTo("acme");
        assertThat(MappingLibrary.buyerNameOf(VALID, "acme")).isEqualTo("acme");
    }
}
