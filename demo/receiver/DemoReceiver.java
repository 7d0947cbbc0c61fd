package receiver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The demo hook receiver: logs every request Keycloak Hooks sends it, verifies its three signatures the way a
 * receiver does (see docs/receivers.md; written with plain javax.crypto), and answers: 204 to webhooks; to
 * {@code /jwt-claims} (the demo realm's JWT prehook) {@link #JWT_CLAIMS_ANSWER}, a demo claim for the token; to
 * {@code /pre-sign-up} a denial for emails at {@link #BLOCKED_DOMAIN}, else an allow; to {@code /pre-sign-in} an
 * allow. Run it with {@code java demo/receiver/DemoReceiver.java} (JDK 21+, no build needed).
 * Environment: RECEIVER_HOST (default 127.0.0.1), RECEIVER_PORT (default 8090), HOOKS_DEMO_SECRET (the
 * secret of the demo realm's hooks; without it, signatures are reported as not checked).
 */
public class DemoReceiver {

    static final int MAX_BODY = 64 * 1024;
    /** The demo realm's JWT prehook calls this path; every other path gets 204. */
    public static final String JWT_CLAIMS_PATH = "/jwt-claims";
    /** The custom claims the demo adds to tokens (docs/jwt-claims.md, {@code customClaims} dialect). */
    public static final String JWT_CLAIMS_ANSWER =
            "{\"customClaims\": {\"demo_plan\": \"pro\", \"demo_greeting\": \"Hello from the demo receiver\"}}";
    /** The demo realm's pre-sign-up prehook: sign-ups with an email at {@link #BLOCKED_DOMAIN} are denied. */
    public static final String PRE_SIGN_UP_PATH = "/pre-sign-up";
    public static final String BLOCKED_DOMAIN = "blocked.example";
    public static final String SIGN_UP_DENIAL = "{\"allow\": false, \"message\": \"Sign-ups from " + BLOCKED_DOMAIN
            + " are not accepted in this demo.\", \"fieldErrors\": {\"email\": \"Please use another email domain.\"}}";
    /** The demo realm's pre-sign-in prehook: every sign-in is allowed (and logged here). */
    public static final String PRE_SIGN_IN_PATH = "/pre-sign-in";
    static final long TOLERANCE_SECONDS = 300;

    public static void main(String[] args) throws IOException {
        String host = env("RECEIVER_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("RECEIVER_PORT", "8090"));
        String secret = env("HOOKS_DEMO_SECRET", null);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 50);
        server.createContext("/", exchange -> handle(exchange, secret));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        log("demo receiver listening on http://" + host + ":" + port + "/"
                + (secret == null ? " (HOOKS_DEMO_SECRET not set: signatures not checked)" : ""));
    }

    public static void handle(HttpExchange exchange, String secret) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            StringBuilder line = new StringBuilder()
                    .append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI())
                    .append(" from ").append(exchange.getRemoteAddress().getAddress().getHostAddress());
            headers.forEach((name, value) -> line.append("\n  ").append(name).append(": ").append(value));
            line.append("\n  body (").append(body.length).append(" bytes): ").append(new String(body, StandardCharsets.UTF_8));
            if (secret != null) {
                Verification verification = verify(headers::get, body, secret, Instant.now());
                line.append("\n  signatures: ").append(verification.summary());
            }
            log(line.toString());
            String answer = answer(exchange.getRequestURI().getPath(), new String(body, StandardCharsets.UTF_8));
            if (answer == null) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    /** The demo's decisions: a JSON answer for the prehook paths, null (204) for webhooks. */
    static String answer(String path, String body) {
        if (path.endsWith(JWT_CLAIMS_PATH)) {
            return JWT_CLAIMS_ANSWER;
        }
        if (path.endsWith(PRE_SIGN_UP_PATH)) {
            String email = text(body, "email");
            boolean blocked = email != null && email.toLowerCase(java.util.Locale.ROOT).endsWith("@" + BLOCKED_DOMAIN);
            return blocked ? SIGN_UP_DENIAL : "{\"allow\": true}";
        }
        if (path.endsWith(PRE_SIGN_IN_PATH)) {
            return "{\"allow\": true}";
        }
        return null;
    }

    /** The outcome of checking the three signatures of one request. */
    public record Verification(boolean standardWebhooks, boolean hookSignature, boolean jwt, String jwtClaims,
            List<String> problems) {
        public boolean all() {
            return standardWebhooks && hookSignature && jwt;
        }

        String summary() {
            return (all() ? "all 3 verified" : "FAILED " + problems)
                    + " (webhook-signature " + ok(standardWebhooks) + ", x-hook-signature " + ok(hookSignature)
                    + ", x-webhook-secret " + ok(jwt) + ")";
        }

        private static String ok(boolean verified) {
            return verified ? "ok" : "bad";
        }
    }

    /** Verifies webhook-signature (Standard Webhooks), x-hook-signature and the x-webhook-secret JWT. */
    public static Verification verify(Function<String, String> header, byte[] body, String secret, Instant now) {
        List<String> problems = new ArrayList<>();
        boolean standard = verifyStandardWebhooks(header, body, secret, now, problems);
        boolean hookSignature = verifyHookSignature(header.apply("x-hook-signature"), body, secret, problems);
        String[] claims = new String[1];
        boolean jwt = verifyJwt(header.apply("x-webhook-secret"), header.apply("webhook-id"), body, secret, now, claims, problems);
        return new Verification(standard, hookSignature, jwt, claims[0], List.copyOf(problems));
    }

    static boolean verifyStandardWebhooks(Function<String, String> header, byte[] body, String secret, Instant now,
            List<String> problems) {
        String id = header.apply("webhook-id");
        String timestamp = header.apply("webhook-timestamp");
        String signatures = header.apply("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            problems.add("Standard Webhooks headers missing");
            return false;
        }
        if (Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
            problems.add("webhook-timestamp too far from now (replay?)");
            return false;
        }
        byte[] key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(StandardCharsets.UTF_8);
        byte[] signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        byte[] expected = ("v1," + Base64.getEncoder().encodeToString(hmac(key, signed))).getBytes(StandardCharsets.UTF_8);
        for (String candidate : signatures.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        problems.add("webhook-signature does not match");
        return false;
    }

    static boolean verifyHookSignature(String signature, byte[] body, String secret, List<String> problems) {
        String expected = "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
        if (signature != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        problems.add("x-hook-signature does not match");
        return false;
    }

    static boolean verifyJwt(String jwt, String messageId, byte[] body, String secret, Instant now, String[] claimsOut,
            List<String> problems) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        if (parts.length != 3) {
            problems.add("x-webhook-secret is not a compact JWT");
            return false;
        }
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        byte[] expected = hmac(secret.getBytes(StandardCharsets.UTF_8), (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!header.replace(" ", "").contains("\"alg\":\"HS256\"")
                || !MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
            problems.add("x-webhook-secret JWT signature does not verify");
            return false;
        }
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        claimsOut[0] = claims;
        long exp = number(claims, "exp");
        String bodyHash = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body));
        if (exp < now.getEpochSecond()) {
            problems.add("x-webhook-secret JWT expired");
            return false;
        }
        if (!bodyHash.equals(text(claims, "body_sha256")) || (messageId != null && !messageId.equals(text(claims, "jti")))) {
            problems.add("x-webhook-secret JWT does not match this body or message id");
            return false;
        }
        return true;
    }

    static String text(String json, String claim) {
        Matcher m = Pattern.compile("\"" + claim + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static long number(String json, String claim) {
        Matcher m = Pattern.compile("\"" + claim + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("request body over " + MAX_BODY + " bytes");
        }
        return body;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static void log(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }
}
