package io.leadwire.delivery.auth;

import io.leadwire.delivery.ErrorClass;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.UnaryOperator;
import okhttp3.Credentials;
import okhttp3.Request;

/** A fixed {@code Authorization} header: HTTP Basic (RFC 7617) or a static bearer token (RFC 6750). */
final class HeaderAuth implements BuyerAuth {
    private static final String AUTHORIZATION = "Authorization";

    private final String value;

    private HeaderAuth(String value) {
        this.value = value;
    }

    static void validateBasic(SchemeFields f) {
        f.require("username");
        f.require("password");
        f.plainOrSecret("username");
        f.nonEmpty("username");
        f.secret("password");
        if (!f.isSecret("username") && f.get("username").indexOf(':') >= 0) {
            throw f.refuse("username", "must not contain ':' (HTTP Basic separates user and password with it)");
        }
    }

    static BuyerAuth basic(SchemeFields f, UnaryOperator<String> secrets) throws AuthException {
        String username = f.resolve("username", secrets);
        if (username.indexOf(':') >= 0) {
            throw new AuthException(ErrorClass.CONFIGURATION,
                    "the secret used as \"username\" of basic auth contains ':', which HTTP Basic cannot carry");
        }
        return new HeaderAuth(Credentials.basic(username, f.resolve("password", secrets), StandardCharsets.UTF_8));
    }

    static BuyerAuth bearer(SchemeFields f, UnaryOperator<String> secrets) throws AuthException {
        return new HeaderAuth("Bearer " + f.headerSafe("token", f.resolve("token", secrets)));
    }

    @Override
    public Request authorize(Request request) {
        return request.newBuilder().header(AUTHORIZATION, value).build();
    }

    @Override
    public Set<String> sensitiveHeaders() {
        return Set.of(AUTHORIZATION);
    }
}
