package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.store.SettingsRepository.SettingChange;
import io.leadwire.store.SettingsRepository.StaleSettingException;
import io.leadwire.store.SettingsRepository.StoredSetting;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingsRepositoryTest extends StoreTestBase {
    private static final Instant T1 = Instant.parse("2026-11-25T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-25T10:30:00Z");

    private final StoreFixture store = fixture();
    private final SettingsRepository settings = new SettingsRepository(store.db.dataSource());

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void shouldFindNothingWhenNoDocumentWasSaved() {
        assertThat(settings.find("quality")).isEmpty();
        assertThat(settings.versions()).isEmpty();
        assertThat(settings.history("quality", 10)).isEmpty();
    }

    @Test
    void shouldKeepWhoChangedWhatAndWhenWhenADocumentIsSavedTwice() {
        settings.save("quality", "{\"v\":1}", 0, "alice", T1);
        StoredSetting second = settings.save("quality", "{\"v\":2}", 1, "bob", T2);

        assertThat(second.version()).isEqualTo(2);
        assertThat(settings.find("quality")).contains(new StoredSetting("quality", "{\"v\":2}", 2, T2, "bob"));
        assertThat(settings.versions()).containsEntry("quality", 2L);
        List<SettingChange> history = settings.history("quality", 10);
        assertThat(history).containsExactly(
                new SettingChange("quality", 2, "{\"v\":1}", "{\"v\":2}", T2, "bob"),
                new SettingChange("quality", 1, null, "{\"v\":1}", T1, "alice"));
        assertThat(settings.history("quality", 1)).hasSize(1);
    }

    @Test
    void shouldRefuseASaveWhenSomeoneElseSavedSinceTheEditorLoaded() {
        settings.save("quality", "{\"v\":1}", 0, "alice", T1);
        settings.save("quality", "{\"v\":2}", 1, "bob", T2);

        assertThatThrownBy(() -> settings.save("quality", "{\"v\":\"carol\"}", 1, "carol", T2))
                .isInstanceOfSatisfying(StaleSettingException.class, e -> {
                    assertThat(e.current().updatedBy()).isEqualTo("bob");
                    assertThat(e.current().version()).isEqualTo(2);
                })
                .hasMessageContaining("changed by bob");
        assertThatThrownBy(() -> settings.save("dedupe", "{}", 3, "carol", T2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing was saved yet");
        assertThat(settings.find("quality").orElseThrow().json()).isEqualTo("{\"v\":2}");
        assertThat(settings.history("quality", 10)).hasSize(2);
    }

    @Test
    void shouldKeepSectionsApartWhenSeveralAreSaved() {
        settings.save("quality", "{\"q\":1}", 0, "alice", T1);
        settings.save("geoip", "{\"path\":\"/srv/geo.mmdb\"}", 0, "alice", T1);

        assertThat(settings.versions()).containsOnlyKeys("quality", "geoip");
        assertThat(settings.find("geoip").orElseThrow().json()).contains("geo.mmdb");
        assertThat(settings.history("quality", 10)).extracting(SettingChange::name).containsOnly("quality");
    }

    @Test
    void shouldRecordUnknownWhenTheOperatorIsBlank() {
        assertThat(settings.save("quality", "{}", 0, " ", T1).updatedBy()).isEqualTo("unknown");
    }
}
