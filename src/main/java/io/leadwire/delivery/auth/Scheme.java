package io.leadwire.delivery.auth;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/** The {@code "type"}s of an {@code auth} block: their keys, checks, description and runtime. */
enum Scheme {
    NONE("none", List.of()) {
        @Override
        void validate(SchemeFields f) {
            // nothing to check: "type" is the only key
        }

        @Override
        String describe(SchemeFields f) {
            return "No authentication";
        }

        @Override
        BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, OkHttpClient base, Clock clock) {
            return request -> request;
        }
    },
    API_KEY("api_key", List.of("in", "name", "value")) {
        @Override
        void validate(SchemeFields f) {
            ApiKeyAuth.validate(f);
        }

        @Override
        String describe(SchemeFields f) {
            return ApiKeyAuth.describe(f);
        }

        @Override
        BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, OkHttpClient base, Clock clock)
                throws AuthException {
            return ApiKeyAuth.create(f, secrets);
        }
    },
    BASIC("basic", List.of("username", "password")) {
        @Override
        void validate(SchemeFields f) {
            HeaderAuth.validateBasic(f);
        }

        @Override
        String describe(SchemeFields f) {
            return "HTTP Basic as " + f.shown("username") + " (password " + BuyerAuth.MASK + ")";
        }

        @Override
        BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, OkHttpClient base, Clock clock)
                throws AuthException {
            return HeaderAuth.basic(f, secrets);
        }
    },
    BEARER("bearer", List.of("token")) {
        @Override
        void validate(SchemeFields f) {
            f.require("token");
            f.secret("token");
        }

        @Override
        String describe(SchemeFields f) {
            return "Bearer token " + BuyerAuth.MASK;
        }

        @Override
        BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, OkHttpClient base, Clock clock)
                throws AuthException {
            return HeaderAuth.bearer(f, secrets);
        }
    },
    OAUTH2("oauth2", List.of("tokenUrl", "clientId", "clientSecret", "scope", "audience", "clientAuth")) {
        @Override
        void validate(SchemeFields f) {
            OAuth2Auth.validate(f);
        }

        @Override
        String describe(SchemeFields f) {
            return OAuth2Auth.describe(f);
        }

        @Override
        BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, OkHttpClient base, Clock clock)
                throws AuthException {
            return OAuth2Auth.create(f, secrets, base, clock);
        }
    },
    HMAC("hmac", List.of("secret", "signatureHeader", "timestampHeader", "prefix", "encoding", "signed")) {
        @Override
        void validate(SchemeFields f) {
            HmacAuth.validate(f);
        }

        @Override
        String describe(SchemeFields f) {
            return HmacAuth.describe(f);
        }

        @Override
        BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, OkHttpClient base, Clock clock)
                throws AuthException {
            return HmacAuth.create(f, secrets, clock);
        }
    },
    MTLS("mtls", List.of("keystore", "keystorePassword", "truststore", "truststorePassword")) {
        @Override
        void validate(SchemeFields f) {
            MtlsAuth.validate(f);
        }

        @Override
        String describe(SchemeFields f) {
            return MtlsAuth.describe(f);
        }

        @Override
        BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, OkHttpClient base, Clock clock)
                throws AuthException {
            return MtlsAuth.create(f, secrets);
        }
    };

    private final String wireName;
    private final List<String> keys;

    Scheme(String wireName, List<String> keys) {
        this.wireName = wireName;
        this.keys = keys;
    }

    String wireName() {
        return wireName;
    }

    /** The keys besides {@code "type"}, in the order the docs list them. */
    List<String> keys() {
        return keys;
    }

    abstract void validate(SchemeFields f);

    abstract String describe(SchemeFields f);

    abstract BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets, OkHttpClient base, Clock clock)
            throws AuthException;

    static Scheme of(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst().orElse(null);
    }

    static String listed() {
        return Arrays.stream(values()).map(Scheme::wireName).collect(Collectors.joining(", "));
    }
}
