package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.mapping.MappingDiff;
import io.leadwire.mapping.MappingParser;
import io.leadwire.store.Database;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.MappingVersionRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoMappingsTest {
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null,
            2);
    private final MappingRepository repository = new MappingRepository(db.dataSource());
    private final MappingLibrary library = new MappingLibrary(repository, new MappingParser(),
            Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC));

    @AfterEach
    void close() throws Exception {
        try (var c = db.connection(); var s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        db.close();
    }

    @Test
    void shouldPublishThreeBuyersAndASecondAbcVersionWhenSeededOnAnEmptyDatabase() {
        assertThat(DemoMappings.seed(library)).containsExactly("Buyer ABC", "Nested applicant",
                "SOAP insurance buyer");

        assertThat(repository.buyers()).containsExactly("Buyer ABC", "Nested applicant", "SOAP insurance buyer");
        assertThat(repository.history("Buyer ABC")).extracting(MappingVersionRow::version).containsExactly(2, 1);
        assertThat(repository.history("Nested applicant")).hasSize(1);
        assertThat(repository.history("SOAP insurance buyer")).hasSize(1);
        assertThat(repository.latest("SOAP insurance buyer").orElseThrow().publishedBy()).isEqualTo("demo");
        MappingDiff diff = library.diff("Buyer ABC", 1, 2);
        assertThat(diff.lines()).contains("+ Email  {\"source\":\"email\",\"transforms\":[\"trim\",\"lower\"]}",
                "~ ST  transforms: (none) -> [\"trim\",\"upper\"]");
        assertThat(library.hasUnpublishedDraft("Buyer ABC")).isFalse();
    }

    @Test
    void shouldChangeNothingWhenSeededAgain() {
        DemoMappings.seed(library);
        library.publish("Nested applicant", DemoMappings.resource("nested-applicant.mapping.json"), "ana", "edit");

        assertThat(DemoMappings.seed(library)).isEmpty();

        assertThat(repository.history("Buyer ABC")).hasSize(2);
        assertThat(repository.history("Nested applicant")).hasSize(2);
        assertThat(repository.history("SOAP insurance buyer")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"buyer-abc.mapping.json", "nested-applicant.mapping.json", "soap-buyer.mapping.json"})
    void shouldShipTheDocsExampleUnchangedWhenBuildingTheDemo(String name) throws IOException {
        assertThat(DemoMappings.resource(name))
                .isEqualTo(Files.readString(Path.of("docs/examples", name), StandardCharsets.UTF_8));
    }
}
