package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @Test
    void shouldMigrateOnceAndStayHealthyWhenOpenedAgain() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Database first = Database.open(url, null, null, 2)) {
            new VendorRepository(first.dataSource()).create("Acme", List.of(), "h", "lw_h", StoreFixture.T0);
            try (Database second = Database.open(url, null, null, 2)) {
                assertThat(second.isHealthy()).isTrue();
                assertThat(new VendorRepository(second.dataSource()).findAll()).hasSize(1);
            }
        }
    }

    @Test
    void shouldOpenAndMigrateWhenThePoolHasOneConnection() {
        // Admin commands ask for small pools; Flyway holds two connections while it migrates.
        try (Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID(), null, null, 1)) {
            assertThat(db.isHealthy()).isTrue();
        }
    }

    @Test
    void shouldReportUnhealthyWhenClosed() {
        Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID(), null, null, 1);
        db.close();
        assertThat(db.isHealthy()).isFalse();
    }

    @Test
    void shouldHidePasswordsWhenShowingTheUrl() {
        assertThat(Database.redactUrl("jdbc:postgresql://db/leadwire?user=lw&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/leadwire?user=lw&password=***&ssl=true");
        assertThat(Database.redactUrl("jdbc:h2:tcp://h/x;PASSWORD=s3cret;TRACE_LEVEL=0"))
                .isEqualTo("jdbc:h2:tcp://h/x;PASSWORD=***;TRACE_LEVEL=0");
    }

    @Test
    void shouldPutTheEmbeddedDatabaseInTheDataDirWithDurableCommits(@TempDir Path dir) {
        String url = Database.embeddedUrl(dir);
        assertThat(url).startsWith("jdbc:h2:file:" + dir.toAbsolutePath().resolve("db").resolve("leadwire"))
                .contains("WRITE_DELAY=0", "AUTO_SERVER=TRUE");
        try (Database db = Database.open(url, null, null, 1)) {
            assertThat(db.displayUrl()).isEqualTo(url);
        }
    }
}
