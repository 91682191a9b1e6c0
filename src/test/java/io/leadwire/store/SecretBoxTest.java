package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackASecretWhenOpenedWithTheSameKeyFile() throws Exception {
        Path keyFile = dir.resolve("secrets.key");
        String sealed = SecretBox.forKeyFile(keyFile).seal("tok-ÄÖ-123");

        assertThat(sealed).startsWith("v1:").doesNotContain("tok");
        assertThat(SecretBox.forKeyFile(keyFile).open(sealed)).isEqualTo("tok-ÄÖ-123");
    }

    @Test
    void shouldSealTheSameSecretDifferentlyEachTimeWhenSealedTwice() throws Exception {
        SecretBox box = SecretBox.forKeyFile(dir.resolve("secrets.key"));

        assertThat(box.seal("same")).isNotEqualTo(box.seal("same"));
    }

    @Test
    void shouldKeepTheKeyFileOwnerOnlyWhenItIsCreated() throws Exception {
        Path keyFile = dir.resolve("secrets.key");
        SecretBox.forKeyFile(keyFile);

        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(keyFile))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        assertThat(Files.readString(keyFile).strip()).hasSize(44);
    }

    @Test
    void shouldRefuseToOpenWhenTheSecretWasSealedWithAnotherKeyOrAltered() throws Exception {
        String sealed = SecretBox.forKeyFile(dir.resolve("a.key")).seal("secret");
        SecretBox other = SecretBox.forKeyFile(dir.resolve("b.key"));

        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set it again");
        String altered = sealed.substring(0, sealed.length() - 3) + (sealed.endsWith("AAA") ? "BBB" : "AAA");
        assertThatThrownBy(() -> SecretBox.forKeyFile(dir.resolve("a.key")).open(altered))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.open("plain")).isInstanceOf(IllegalArgumentException.class);
    }
}
