package io.leadwire.delivery.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.leadwire.delivery.ErrorClass;
import java.time.Clock;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Reading, checking, writing back and describing {@code auth} blocks; no network. */
class AuthConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AuthConfig parse(String json) throws Exception {
        return AuthConfig.parse(JSON.readTree(json));
    }

    private static String refusal(String json) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> parse(json));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        return thrown.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"none\"}",
        "{\"type\":\"api_key\",\"in\":\"header\",\"name\":\"X-API-Key\",\"value\":\"${secret:ABC_KEY}\"}",
        "{\"type\":\"api_key\",\"in\":\"query\",\"name\":\"api_key\",\"value\":\"${secret:ABC_KEY}\"}",
        "{\"name\":\"X-Key\",\"value\":\"${secret:ABC_KEY}\",\"type\":\"api_key\"}",
        "{\"type\":\"basic\",\"username\":\"acme\",\"password\":\"${secret:ABC_PASS}\"}",
        "{\"type\":\"basic\",\"username\":\"${secret:ABC_USER}\",\"password\":\"${secret:ABC_PASS}\"}",
        "{\"type\":\"bearer\",\"token\":\"${secret:ABC_TOKEN}\"}",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"https://auth.buyer.example/oauth/token\",\"clientId\":\"leadwire\","
                + "\"clientSecret\":\"${secret:ABC_CLIENT_SECRET}\",\"scope\":\"leads:write\","
                + "\"audience\":\"https://api.buyer.example\",\"clientAuth\":\"body\"}",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"http://127.0.0.1:8081/token\",\"clientId\":\"${secret:ABC_ID}\","
                + "\"clientSecret\":\"${secret:ABC_CLIENT_SECRET}\"}",
        "{\"type\":\"hmac\",\"secret\":\"${secret:ABC_HMAC}\"}",
        "{\"type\":\"hmac\",\"secret\":\"${secret:ABC_HMAC}\",\"signatureHeader\":\"X-Hub-Signature-256\","
                + "\"timestampHeader\":\"X-Hub-Time\",\"prefix\":\"sha256=\",\"encoding\":\"base64\","
                + "\"signed\":\"method.path.timestamp.body\"}",
        "{\"type\":\"hmac\",\"secret\":\"${secret:ABC_HMAC}\",\"prefix\":\"\",\"signed\":\"body\"}",
        "{\"type\":\"mtls\",\"keystore\":\"/etc/leadwire/abc.p12\",\"keystorePassword\":\"${secret:ABC_P12}\"}",
        "{\"type\":\"mtls\",\"keystore\":\"/etc/leadwire/abc.p12\",\"keystorePassword\":\"${secret:ABC_P12}\","
                + "\"truststore\":\"/etc/leadwire/ca.p12\",\"truststorePassword\":\"${secret:ABC_CA}\"}"
    })
    void shouldWriteBackExactlyWhatWasReadWhenTheBlockIsValid(String json) throws Exception {
        AuthConfig config = parse(json);

        assertThat(JSON.writeValueAsString(config.toJson(JSON))).isEqualTo(JSON.writeValueAsString(JSON.readTree(json)));
        assertThat(parse(JSON.writeValueAsString(config.toJson(JSON)))).isEqualTo(config);
    }

    @Test
    void shouldMeanNoAuthenticationWhenTheBlockIsAbsent() throws Exception {
        assertThat(AuthConfig.parse(null)).isSameAs(AuthConfig.NONE);
        assertThat(AuthConfig.parse(MissingNode.getInstance())).isSameAs(AuthConfig.NONE);
        assertThat(AuthConfig.parse(NullNode.getInstance())).isSameAs(AuthConfig.NONE);
        assertThat(AuthConfig.NONE.type()).isEqualTo("none");
        assertThat(AuthConfig.NONE.secretNames()).isEmpty();
        assertThat(AuthConfig.NONE.describe()).isEqualTo("No authentication");
        assertThat(AuthConfig.NONE.toJson(JSON).toString()).isEqualTo("{\"type\":\"none\"}");
        assertThat(parse("{\"type\":\"none\"}")).isEqualTo(AuthConfig.NONE);
    }

    @Test
    void shouldListTheSecretsInOrderOfUseWhenPlaceholdersAreUsed() throws Exception {
        assertThat(parse("{\"type\":\"basic\",\"username\":\"${secret:U}\",\"password\":\"${secret:P}\"}")
                .secretNames()).containsExactly("U", "P");
        assertThat(parse("{\"type\":\"basic\",\"username\":\"acme\",\"password\":\"${secret:P}\"}").secretNames())
                .containsExactly("P");
        assertThat(parse("{\"type\":\"mtls\",\"keystore\":\"/k.p12\",\"keystorePassword\":\"${secret:K}\","
                + "\"truststore\":\"/t.p12\",\"truststorePassword\":\"${secret:K}\"}").secretNames())
                .containsExactly("K");
    }

    @Test
    void shouldDescribeEverySchemeWithoutItsSecretsWhenShownOnTheConsole() throws Exception {
        assertThat(parse("{\"type\":\"oauth2\",\"tokenUrl\":\"https://auth.buyer.example/token\",\"clientId\":\"abc\","
                + "\"clientSecret\":\"${secret:S}\",\"scope\":\"leads:write\"}").describe())
                .isEqualTo("OAuth 2.0 client credentials at https://auth.buyer.example/token "
                        + "(client id abc, secret ••••, scope leads:write)");
        assertThat(parse("{\"type\":\"api_key\",\"in\":\"query\",\"name\":\"key\",\"value\":\"${secret:K}\"}")
                .describe()).isEqualTo("API key in query parameter key (••••)");
        assertThat(parse("{\"type\":\"api_key\",\"name\":\"X-API-Key\",\"value\":\"${secret:K}\"}").describe())
                .isEqualTo("API key in header X-API-Key (••••)");
        assertThat(parse("{\"type\":\"basic\",\"username\":\"acme\",\"password\":\"${secret:P}\"}").describe())
                .isEqualTo("HTTP Basic as acme (password ••••)");
        assertThat(parse("{\"type\":\"basic\",\"username\":\"${secret:U}\",\"password\":\"${secret:P}\"}")
                .describe()).isEqualTo("HTTP Basic as •••• (password ••••)");
        assertThat(parse("{\"type\":\"bearer\",\"token\":\"${secret:T}\"}").describe())
                .isEqualTo("Bearer token ••••");
        assertThat(parse("{\"type\":\"hmac\",\"secret\":\"${secret:H}\"}").describe())
                .isEqualTo("HMAC-SHA256 signature of timestamp.body in X-Signature (hex, secret ••••)");
        assertThat(parse("{\"type\":\"mtls\",\"keystore\":\"/k.p12\",\"keystorePassword\":\"${secret:K}\"}")
                .describe()).isEqualTo("Client certificate from /k.p12 (password ••••), trusting the system CAs");
        assertThat(parse("{\"type\":\"mtls\",\"keystore\":\"/k.p12\",\"keystorePassword\":\"${secret:K}\","
                + "\"truststore\":\"/t.p12\"}").toString())
                .isEqualTo("Client certificate from /k.p12 (password ••••), trusting the CAs in /t.p12");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"api_key\",\"name\":\"X-API-Key\",\"value\":\"hunter2-key\"}|\"value\"",
        "{\"type\":\"basic\",\"username\":\"acme\",\"password\":\"hunter2-key\"}|\"password\"",
        "{\"type\":\"bearer\",\"token\":\"hunter2-key\"}|\"token\"",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"https://a.example/t\",\"clientId\":\"c\",\"clientSecret\":\"hunter2-key\"}"
                + "|\"clientSecret\"",
        "{\"type\":\"hmac\",\"secret\":\"hunter2-key\"}|\"secret\"",
        "{\"type\":\"mtls\",\"keystore\":\"/k.p12\",\"keystorePassword\":\"hunter2-key\"}|\"keystorePassword\"",
        "{\"type\":\"mtls\",\"keystore\":\"/k.p12\",\"keystorePassword\":\"${secret:K}\",\"truststore\":\"/t.p12\","
                + "\"truststorePassword\":\"hunter2-key\"}|\"truststorePassword\""
    })
    void shouldRefuseASecretInClearTextWithoutRepeatingItWhenNoPlaceholderIsUsed(String row) {
        String[] parts = row.split("\\|");
        String message = refusal(parts[0]);

        assertThat(message).contains(parts[1]).contains("${secret:").contains("clear text")
                .doesNotContain("hunter2");
    }

    @Test
    void shouldRefuseAPlaceholderMixedWithTextWhenASecretIsExpected() {
        assertThat(refusal("{\"type\":\"bearer\",\"token\":\"tok-${secret:T}\"}"))
                .contains("\"token\"").contains("exactly one ${secret:NAME} placeholder");
        assertThat(refusal("{\"type\":\"bearer\",\"token\":\"${secret:bad name}\"}"))
                .contains("\"token\"").contains("exactly one");
    }

    @Test
    void shouldRefuseAPlaceholderWhenTheValueIsNotASecret() {
        assertThat(refusal("{\"type\":\"api_key\",\"name\":\"${secret:N}\",\"value\":\"${secret:K}\"}"))
                .contains("\"name\"");
        assertThat(refusal("{\"type\":\"oauth2\",\"tokenUrl\":\"https://a.example/t\",\"clientId\":\"c\","
                + "\"clientSecret\":\"${secret:S}\",\"scope\":\"${secret:SCOPE}\"}")).contains("\"scope\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"none\",\"token\":\"${secret:T}\"}|\"token\"",
        "{\"type\":\"bearer\",\"token\":\"${secret:T}\",\"tokn\":\"x\"}|\"tokn\"",
        "{\"type\":\"api_key\",\"name\":\"X-Key\",\"value\":\"${secret:K}\",\"header\":\"X\"}|\"header\"",
        "{\"type\":\"basic\",\"username\":\"a\",\"password\":\"${secret:P}\",\"realm\":\"r\"}|\"realm\"",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"https://a.example/t\",\"clientId\":\"c\",\"clientSecret\":\"${secret:S}\","
                + "\"grant_type\":\"password\"}|\"grant_type\"",
        "{\"type\":\"hmac\",\"secret\":\"${secret:H}\",\"algorithm\":\"sha1\"}|\"algorithm\"",
        "{\"type\":\"mtls\",\"keystore\":\"/k.p12\",\"keystorePassword\":\"${secret:K}\",\"keyPassword\":\"x\"}"
                + "|\"keyPassword\""
    })
    void shouldRefuseAnUnknownKeyNamingItWhenTheBlockHasATypo(String row) {
        String[] parts = row.split("\\|");

        assertThat(refusal(parts[0])).startsWith("unknown key " + parts[1]).contains("(expected ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}|\"type\"",
        "{\"type\":\"api_key\",\"value\":\"${secret:K}\"}|\"name\"",
        "{\"type\":\"api_key\",\"name\":\"X-Key\"}|\"value\"",
        "{\"type\":\"basic\",\"password\":\"${secret:P}\"}|\"username\"",
        "{\"type\":\"basic\",\"username\":\"a\"}|\"password\"",
        "{\"type\":\"bearer\"}|\"token\"",
        "{\"type\":\"oauth2\",\"clientId\":\"c\",\"clientSecret\":\"${secret:S}\"}|\"tokenUrl\"",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"https://a.example/t\",\"clientSecret\":\"${secret:S}\"}|\"clientId\"",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"https://a.example/t\",\"clientId\":\"c\"}|\"clientSecret\"",
        "{\"type\":\"hmac\"}|\"secret\"",
        "{\"type\":\"mtls\",\"keystorePassword\":\"${secret:K}\"}|\"keystore\"",
        "{\"type\":\"mtls\",\"keystore\":\"/k.p12\"}|\"keystorePassword\""
    })
    void shouldNameTheMissingKeyWhenARequiredOneIsAbsent(String row) {
        String[] parts = row.split("\\|");

        assertThat(refusal(parts[0])).startsWith(parts[1]).contains("required");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]|\"auth\"",
        "{\"type\":\"kerberos\"}|\"type\"",
        "{\"type\":\"bearer\",\"token\":42}|\"token\"",
        "{\"type\":\"api_key\",\"in\":\"cookie\",\"name\":\"k\",\"value\":\"${secret:K}\"}|\"in\"",
        "{\"type\":\"api_key\",\"name\":\"X Key\",\"value\":\"${secret:K}\"}|\"name\"",
        "{\"type\":\"api_key\",\"name\":\"Content-Type\",\"value\":\"${secret:K}\"}|\"name\"",
        "{\"type\":\"basic\",\"username\":\"a:b\",\"password\":\"${secret:P}\"}|\"username\"",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"auth.example/token\",\"clientId\":\"c\",\"clientSecret\":\"${secret:S}\"}"
                + "|\"tokenUrl\"",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"http://auth.example/token\",\"clientId\":\"c\","
                + "\"clientSecret\":\"${secret:S}\"}|\"tokenUrl\"",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"https://a.example/t\",\"clientId\":\"c\",\"clientSecret\":\"${secret:S}\","
                + "\"clientAuth\":\"jwt\"}|\"clientAuth\"",
        "{\"type\":\"oauth2\",\"tokenUrl\":\"https://a.example/t\",\"clientId\":\" \",\"clientSecret\":\"${secret:S}\"}"
                + "|\"clientId\"",
        "{\"type\":\"hmac\",\"secret\":\"${secret:H}\",\"encoding\":\"base32\"}|\"encoding\"",
        "{\"type\":\"hmac\",\"secret\":\"${secret:H}\",\"signed\":\"body.timestamp\"}|\"signed\"",
        "{\"type\":\"hmac\",\"secret\":\"${secret:H}\",\"signed\":\"body\",\"timestampHeader\":\"X-T\"}"
                + "|\"timestampHeader\"",
        "{\"type\":\"hmac\",\"secret\":\"${secret:H}\",\"timestampHeader\":\"x-signature\"}|\"timestampHeader\"",
        "{\"type\":\"mtls\",\"keystore\":\"client.p12\",\"keystorePassword\":\"${secret:K}\"}|\"keystore\"",
        "{\"type\":\"mtls\",\"keystore\":\"/k.p12\",\"keystorePassword\":\"${secret:K}\","
                + "\"truststorePassword\":\"${secret:T}\"}|\"truststorePassword\""
    })
    void shouldNameTheKeyAtFaultWhenAValueIsUnusable(String row) {
        String[] parts = row.split("\\|");

        assertThat(refusal(parts[0])).startsWith(parts[1]);
    }

    @Test
    void shouldNameTheMissingSecretWhenTheStoreHasNoValue() throws Exception {
        AuthConfig config = parse("{\"type\":\"basic\",\"username\":\"acme\",\"password\":\"${secret:ABC_PASS}\"}");
        Map<String, String> store = Map.of("OTHER", "x");

        assertThatThrownBy(() -> config.create(store::get, new OkHttpClient(), Clock.systemUTC()))
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CONFIGURATION))
                .hasMessageContaining("ABC_PASS").hasMessageContaining("\"password\"");
        assertThatThrownBy(() -> config.create(name -> "", new OkHttpClient(), Clock.systemUTC()))
                .isInstanceOf(AuthException.class).hasMessageContaining("ABC_PASS");
    }

    @Test
    void shouldRefuseASecretThatCannotBeAHeaderWithoutRepeatingItWhenCreated() throws Exception {
        AuthConfig config = parse("{\"type\":\"bearer\",\"token\":\"${secret:T}\"}");

        assertThatThrownBy(() -> config.create(name -> "abc\r\nX-Evil: 1", new OkHttpClient(), Clock.systemUTC()))
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CONFIGURATION))
                .hasMessageContaining("\"token\"").hasMessageNotContaining("Evil");
    }
}
