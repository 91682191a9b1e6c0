package io.leadwire.store;

import static io.leadwire.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MappingRepositoryTest extends StoreTestBase {
    private static final String DOC1 = "{\"format\":\"json\",\"fields\":[]}";
    private static final String DOC2 = "{\"format\":\"form\",\"fields\":[]}";

    private StoreFixture store;
    private MappingRepository mappings;

    @BeforeEach
    void open() {
        store = fixture();
        mappings = new MappingRepository(store.db.dataSource());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldNumberVersionsFromOneUpWhenPublishedRepeatedly() {
        MappingVersionRow v1 = mappings.publish("ABC", DOC1, "ana", "first", T0);
        MappingVersionRow v2 = mappings.publish("ABC", DOC2, "bob", null, T0.plusSeconds(60));
        MappingVersionRow other = mappings.publish("XYZ", DOC2, "ana", "", T0);

        assertThat(v1).isEqualTo(new MappingVersionRow("ABC", 1, DOC1, T0, "ana", "first"));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.note()).isEmpty();
        assertThat(other.version()).isEqualTo(1);
        assertThat(mappings.latest("ABC")).contains(v2);
        assertThat(mappings.version("ABC", 1)).contains(v1);
        assertThat(mappings.version("ABC", 3)).isEmpty();
        assertThat(mappings.draft("ABC")).contains(DOC2);
    }

    @Test
    void shouldListHistoryNewestFirstWhenSeveralVersionsExist() {
        mappings.publish("ABC", DOC1, "ana", "one", T0);
        mappings.publish("ABC", DOC2, "ana", "two", T0.plusSeconds(1));
        mappings.publish("ABC", DOC1, "ana", "three", T0.plusSeconds(2));

        assertThat(mappings.history("ABC")).extracting(MappingVersionRow::version).containsExactly(3, 2, 1);
        assertThat(mappings.history("ABC")).extracting(MappingVersionRow::note).containsExactly("three", "two", "one");
        assertThat(mappings.history("nobody")).isEmpty();
        assertThat(mappings.latest("nobody")).isEmpty();
    }

    @Test
    void shouldLeavePublishedVersionsUnchangedWhenTheDraftIsSavedAndRepublished() {
        MappingVersionRow v1 = mappings.publish("ABC", DOC1, "ana", "first", T0);
        mappings.saveDraft("ABC", DOC2, T0.plusSeconds(5));

        assertThat(mappings.draft("ABC")).contains(DOC2);
        assertThat(mappings.version("ABC", 1)).contains(v1);

        mappings.publish("ABC", DOC2, "bob", "second", T0.plusSeconds(9));
        assertThat(mappings.version("ABC", 1)).contains(v1);
    }

    @Test
    void shouldRefuseASecondRowWithTheSameNumberWhenInsertedDirectly() throws SQLException {
        mappings.publish("ABC", DOC1, "ana", "first", T0);
        try (var c = store.db.connection(); var ps = c.prepareStatement("INSERT INTO mapping_version "
                + "(buyer, version, document_json, published_at, published_by, note) VALUES (?, 1, ?, ?, 'x', '')")) {
            ps.setString(1, "ABC");
            ps.setString(2, DOC2);
            ps.setObject(3, Jdbc.ts(T0));
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                    .matches(e -> Jdbc.isUniqueViolation((SQLException) e), "is a unique violation");
        }
        assertThat(mappings.version("ABC", 1)).map(MappingVersionRow::documentJson).contains(DOC1);
    }

    @Test
    void shouldPublishACopyAsANewVersionWhenRolledBack() {
        mappings.publish("ABC", DOC1, "ana", "first", T0);
        mappings.publish("ABC", DOC2, "ana", "second", T0.plusSeconds(1));

        MappingVersionRow v3 = mappings.rollback("ABC", 1, "bob", T0.plusSeconds(2));

        assertThat(v3).isEqualTo(new MappingVersionRow("ABC", 3, DOC1, T0.plusSeconds(2), "bob", "rollback to v1"));
        assertThat(mappings.draft("ABC")).contains(DOC1);
        assertThat(mappings.history("ABC")).hasSize(3);
        assertThat(mappings.version("ABC", 2)).map(MappingVersionRow::documentJson).contains(DOC2);
    }

    @Test
    void shouldRefuseRollbackWhenTheVersionDoesNotExist() {
        mappings.publish("ABC", DOC1, "ana", "first", T0);

        assertThatThrownBy(() -> mappings.rollback("ABC", 7, "bob", T0))
                .isInstanceOf(MappingRepository.UnknownVersionException.class)
                .hasMessage("buyer 'ABC' has no version 7");
        assertThat(mappings.history("ABC")).hasSize(1);
    }

    @Test
    void shouldListBuyersWithADraftOrAVersionSortedWhenAsked() {
        mappings.saveDraft("Zeta", DOC1, T0);
        mappings.publish("Alpha", DOC1, "ana", "", T0);
        mappings.saveDraft("Mid", DOC2, T0);

        assertThat(mappings.buyers()).containsExactly("Alpha", "Mid", "Zeta");
        assertThat(mappings.draft("Zeta")).contains(DOC1);
        assertThat(mappings.draft("nobody")).isEmpty();
        assertThat(mappings.latest("Zeta")).isEmpty();
    }

    @Test
    void shouldRefuseABlankBuyerNameWhenPublishing() {
        assertThatThrownBy(() -> mappings.publish(" ", DOC1, "ana", "", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buyer name");
        assertThat(mappings.buyers()).isEmpty();
    }

    @Test
    void shouldGiveDistinctConsecutiveNumbersWhenTwoProcessesPublishAtOnce() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        int perThread = 20;
        try (Database first = Database.open(url, null, null, 2); Database second = Database.open(url, null, null, 2)) {
            List<MappingRepository> repos = List.of(new MappingRepository(first.dataSource()),
                    new MappingRepository(second.dataSource()));
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<Integer>>> futures = new ArrayList<>();
                for (MappingRepository repo : repos) {
                    Callable<List<Integer>> publisher = () -> {
                        start.await(10, TimeUnit.SECONDS);
                        List<Integer> got = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            got.add(repo.publish("Race", DOC1, Thread.currentThread().getName(), "", T0).version());
                        }
                        return got;
                    };
                    futures.add(pool.submit(publisher));
                }
                List<Integer> all = new ArrayList<>();
                for (Future<List<Integer>> f : futures) {
                    all.addAll(f.get(60, TimeUnit.SECONDS));
                }
                List<Integer> expected = new ArrayList<>();
                for (int v = 1; v <= 2 * perThread; v++) {
                    expected.add(v);
                }
                assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(repos.get(0).history("Race")).hasSize(2 * perThread);
            } finally {
                pool.shutdownNow();
            }
            try (var c = first.connection(); var s = c.createStatement()) {
                s.execute("DROP ALL OBJECTS");
            }
        }
    }
}
